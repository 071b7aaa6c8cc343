# METADATA
# title: Multi-region CloudTrail
# description: >-
#   At least one multi-region CloudTrail trail is logging (GetTrailStatus IsLogging), delivers
#   its log files (no LatestDeliveryError, a LatestDeliveryTime within a day of the snapshot:
#   a trail whose deliveries fail records nothing an investigator can read) and records all
#   read and write management events with no excluded event sources (GetEventSelectors), so
#   that investigators can see every control-plane action in every region. Basic event selectors must include management events with ReadWriteType All (or
#   ReadOnly and WriteOnly together) and no ExcludeManagementEventSources; when the trail
#   uses advanced event selectors they replace the basic ones and are ORed (an event is logged
#   when any selector matches it): both readOnly values must be covered by a selector on
#   eventCategory Management with no other field (such as eventSource NotEquals) filtering
#   it; a filtered selector beside such a selector excludes nothing. A trail of another account (an
#   organization trail seen from a member account, its TrailARN naming the management
#   account) is judged on that account's GetTrailStatus and GetEventSelectors, from its
#   snapshot in the same run, and the finding names it: an organization trail applies to
#   every member, but only its owner sees it in full (GetTrailStatus called from a member
#   omits what the owner sees; DescribeTrails IncludeShadowTrails returns organization trails
#   in member accounts). When that account is not in the run the finding is error naming it
#   (scan with --org). A trail of this account that passes decides on its own. One finding
#   for the account.
# custom:
#   id: AWS-IR4-01
#   controls: [IR-4]
#   severity: high
#   requires: [cloudtrail.trails]
#   remediation: >-
#     Create (or fix) a multi-region trail that logs all management events: aws cloudtrail
#     create-trail --name management-events --s3-bucket-name <bucket> --is-multi-region-trail
#     --enable-log-file-validation, then aws cloudtrail put-event-selectors --trail-name
#     management-events --event-selectors '[{"ReadWriteType":"All","IncludeManagementEvents":true}]'
#     (remove any ExcludeManagementEventSources such as kms.amazonaws.com or
#     rdsdata.amazonaws.com; with advanced selectors keep one selector with only
#     eventCategory Equals Management) and aws cloudtrail start-logging --name
#     management-events. When LatestDeliveryError is set, fix the bucket policy (or KMS key
#     policy) that refuses CloudTrail. In an organization, an organization trail from the management
#     account covers every member account.
#   references:
#     - https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-create-and-update-a-trail.html
#     - https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html
#     - https://docs.aws.amazon.com/awscloudtrail/latest/userguide/creating-trail-organization.html
#     - https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_DescribeTrails.html
#     - https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.aws.ir4_01

import data.irscan.lib.aws
import data.irscan.lib.estate
import data.irscan.lib.scope
import data.irscan.lib.values

trail_data := aws.trail_data

# The multi-region trails (of this account, and organization trails of another).
multi_region := [t | some t in values.list(trail_data.TrailList); t.IsMultiRegionTrail == true]

# Where each multi-region trail is judged from, and what it lacks (problems null when
# its results are not in the run).
judged := [{"trail": t, "source": src, "problems": problems(src)} |
	some t in multi_region
	src := aws.trail_source(t)
]

problems(src) := [p |
	some p in array.concat([aws.logging_problem(src.status), aws.s3_delivery_problem(src.status, src.now_ns)], src.management)
	p != ""
] if {
	src.kind in {"local", "owner"}
	src.status != null
	src.management != null
} else := null

good_local := [j.trail | some j in judged; j.source.kind == "local"; j.problems == []]

good_owned := [j | some j in judged; j.source.kind == "owner"; j.problems == []]

unknown := [j | some j in judged; j.problems == null]

findings contains f if {
	count(good_local) > 0
	f := {
		"resource": scope.resource,
		"status": "pass",
		"message": sprintf("Multi-region trail(s) %s are logging all read and write management events with no excluded event sources; at least one is required.", [concat(", ", sort([t.Name | some t in good_local]))]),
		"evidence": sort([p | some t in good_local; some p in aws.local_trail_pointers(t)]),
	}
}

# No trail of this account passes, but another account's (an organization trail) does.
findings contains f if {
	count(good_local) == 0
	count(good_owned) > 0
	j := good_owned[0]
	f := estate.follow(
		{
			"resource": scope.resource,
			"status": "pass",
			"message": sprintf("Multi-region trail %s is logging all read and write management events with no excluded event sources, as its owner's GetTrailStatus and GetEventSelectors show; at least one such trail is required.", [aws.trail_label(j.trail)]),
			"evidence": [sprintf("/sections/cloudtrail.trails/data/TrailList/%d", [i]) | some i, t in values.list(trail_data.TrailList); t.TrailARN == j.trail.TrailARN],
		},
		j.source.entry,
		j.trail.TrailARN,
		j.source.pointers,
	)
}

findings contains f if {
	is_object(trail_data)
	count(multi_region) == 0
	f := {
		"resource": scope.resource,
		"status": "fail",
		"message": sprintf("No multi-region trail exists (%s); expected a multi-region trail logging all read and write management events.", [trails_summary]),
		"evidence": ["/sections/cloudtrail.trails/data/TrailList"],
	}
}

# Every multi-region trail was judged and none passes; a trail of another account named in
# the message was judged on its owner's evidence.
findings contains f if {
	count(multi_region) > 0
	count(good_local) + count(good_owned) == 0
	count(unknown) == 0
	base := {
		"resource": scope.resource,
		"status": "fail",
		"message": sprintf("No multi-region trail logs all read and write management events: %s; expected at least one that is logging, covers read and write management events and excludes no event source.", [concat("; ", sort([sprintf("%s %s", [aws.trail_label(j.trail), concat(", ", j.problems)]) | some j in judged]))]),
		"evidence": ["/sections/cloudtrail.trails/data"],
	}
	f := follow_first_owner(base)
}

follow_first_owner(base) := estate.follow(base, j.source.entry, j.trail.TrailARN, j.source.pointers) if {
	owned := [j | some j in judged; j.source.kind == "owner"]
	count(owned) > 0
	j := owned[0]
} else := base

# A multi-region trail whose results are missing, or held by an account that is not in the
# run, might be the good one: error, naming what is missing.
findings contains f if {
	count(good_local) + count(good_owned) == 0
	count(unknown) > 0
	f := unknown_finding(unknown[0])
}

unknown_finding(j) := {
	"resource": scope.resource,
	"status": "error",
	"message": sprintf("The GetTrailStatus or GetEventSelectors result of multi-region trail(s) %s is missing from the snapshot; expected both to assess the trail.", [concat(", ", sort([u.trail.Name | some u in unknown; u.source.kind == "local"]))]),
	"evidence": ["/sections/cloudtrail.trails/data"],
} if {
	j.source.kind == "local"
} else := estate.absent({
	"resource": scope.resource,
	"what": sprintf("The logging status (GetTrailStatus and GetEventSelectors) of multi-region trail %s", [aws.trail_label(j.trail)]),
	"owner": aws.owner(j.source.owner),
	"how": aws.how(j.source.owner),
	"evidence": trail_pointers(j.trail),
}) if {
	j.source.kind == "absent"
} else := estate.owner_unread(
	{
		"resource": scope.resource,
		"what": sprintf("The logging status (GetTrailStatus and GetEventSelectors) of multi-region trail %s", [aws.trail_label(j.trail)]),
		"section": "cloudtrail.trails",
		"evidence": trail_pointers(j.trail),
	},
	j.source.entry,
) if {
	j.source.kind == "owner-unread"
} else := {
	"resource": scope.resource,
	"status": "error",
	"message": sprintf("Multi-region trail %s is not among the trails of %s's snapshot (%s), or its GetTrailStatus or GetEventSelectors result is missing there, so whether it logs every management event could not be assessed.", [aws.trail_label(j.trail), aws.label(aws.trail_account(j.trail)), j.source.entry.snapshot]),
	"evidence": trail_pointers(j.trail),
}

trail_pointers(t) := [sprintf("/sections/cloudtrail.trails/data/TrailList/%d", [i]) | some i, u in values.list(trail_data.TrailList); u.TrailARN == t.TrailARN]

trails_summary := "no trail at all" if {
	count(values.list(trail_data.TrailList)) == 0
} else := sprintf("%d single-region trail(s): %s", [count(values.list(trail_data.TrailList)), concat(", ", sort([t.Name | some t in values.list(trail_data.TrailList)]))])
