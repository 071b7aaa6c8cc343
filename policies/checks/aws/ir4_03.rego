# METADATA
# title: CloudTrail to CloudWatch Logs
# description: >-
#   At least one multi-region CloudTrail trail delivers its events to a CloudWatch Logs log
#   group: the trail names a log group (CloudWatchLogsLogGroupArn), is logging, and
#   GetTrailStatus shows a delivery to CloudWatch Logs (LatestCloudWatchLogsDeliveryTime)
#   within the day before the snapshot, so that investigators can query recent activity with
#   CloudWatch Logs Insights and metric filters can alert on it. A configured log group that
#   no longer receives events (for example because the delivery role was deleted) fails.
#   An organization trail seen from a member account (its TrailARN names another account)
#   is judged on its owner's GetTrailStatus, from the owner's snapshot in the same run, and
#   the finding names the owner: called from a member, GetTrailStatus omits the delivery
#   fields of an organization trail. When the owner is not in the run the finding is error
#   naming it (scan with --org). A trail of this account that delivers decides on its own.
#   One finding for the account.
# custom:
#   id: AWS-IR4-03
#   controls: [IR-4]
#   severity: low
#   requires: [cloudtrail.trails]
#   remediation: >-
#     Send the multi-region trail to CloudWatch Logs: CloudTrail console > Trails > <trail> >
#     CloudWatch Logs > Edit > Enabled, with a new or existing log group and an IAM role that
#     CloudTrail can assume, or aws cloudtrail update-trail --name <trail>
#     --cloud-watch-logs-log-group-arn arn:aws:logs:<region>:<account>:log-group:<group>:*
#     --cloud-watch-logs-role-arn <role-arn> (in the trail's home region). If delivery
#     stopped, aws cloudtrail get-trail-status --name <trail> shows
#     LatestCloudWatchLogsDeliveryError; fix the role's logs:CreateLogStream and
#     logs:PutLogEvents permissions. Keep the log group's retention long enough (AWS-IR7-02).
#   references:
#     - https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html
#     - https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetTrailStatus.html
#     - https://docs.aws.amazon.com/awscloudtrail/latest/userguide/creating-trail-organization.html
#     - https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.aws.ir4_03

import data.irscan.lib.aws
import data.irscan.lib.estate
import data.irscan.lib.scope
import data.irscan.lib.values

trail_data := aws.trail_data

# A delivery counts as recent when it happened in the day before the snapshot (the owner's
# snapshot, for a trail judged there).
recent_ns := (24 * 3600) * 1000000000

multi_region := [t | some t in values.list(trail_data.TrailList); t.IsMultiRegionTrail == true]

# What keeps each multi-region trail from delivering; a trail that names no log group is
# judged from DescribeTrails alone, the others from GetTrailStatus where it is complete.
judged := [{"trail": t, "source": src, "problems": problems(t, src)} |
	some t in multi_region
	src := source(t)
]

source(t) := {"kind": "describe"} if {
	not values.filled(object.get(t, "CloudWatchLogsLogGroupArn", null))
} else := aws.trail_source(t)

problems(_, src) := ["names no log group (CloudWatchLogsLogGroupArn is empty)"] if {
	src.kind == "describe"
} else := [p |
	some p in [aws.logging_problem(src.status), delivery_problem(src.status, src.now_ns)]
	p != ""
] if {
	src.kind in {"local", "owner"}
	src.status != null
} else := null

good := [j | some j in judged; j.problems == []]

good_local := [j | some j in good; j.source.kind == "local"]

good_owned := [j | some j in good; j.source.kind == "owner"]

unknown := [j | some j in judged; j.problems == null]

findings contains f if {
	count(good_local) > 0
	f := {
		"resource": scope.resource,
		"status": "pass",
		"message": sprintf("Multi-region trail(s) deliver to CloudWatch Logs: %s; at least one is required.", [concat("; ", sort([delivered_text(j) | some j in good_local]))]),
		"evidence": sort({p |
			some j in good_local
			some p in array.concat(
				[sprintf("/sections/cloudtrail.trails/data/TrailList/%d/CloudWatchLogsLogGroupArn", [i]) |
					some i, t in values.list(trail_data.TrailList)
					t.TrailARN == j.trail.TrailARN
				],
				[sprintf("/sections/cloudtrail.trails/data/TrailStatusByTrail/%d", [aws.status_index(j.trail.TrailARN)])],
			)
		}),
	}
}

findings contains f if {
	count(good_local) == 0
	count(good_owned) > 0
	j := good_owned[0]
	f := estate.follow(
		{
			"resource": scope.resource,
			"status": "pass",
			"message": sprintf("Multi-region trail %s delivers to CloudWatch Logs, as its owner's GetTrailStatus shows: %s; at least one such trail is required.", [aws.trail_label(j.trail), delivered_text(j)]),
			"evidence": trail_pointers(j.trail),
		},
		j.source.entry,
		j.trail.TrailARN,
		j.source.pointers,
	)
}

delivered_text(j) := sprintf("%s to %s, last delivery %s", [j.trail.Name, log_group_name(j.trail.CloudWatchLogsLogGroupArn), j.source.status.LatestCloudWatchLogsDeliveryTime])

findings contains f if {
	is_object(trail_data)
	count(multi_region) == 0
	f := {
		"resource": scope.resource,
		"status": "fail",
		"message": sprintf("No multi-region trail exists (%d trail(s) in total), so no trail delivers the account's events to CloudWatch Logs; expected a multi-region trail delivering to a log group (AWS-IR4-01).", [count(values.list(trail_data.TrailList))]),
		"evidence": ["/sections/cloudtrail.trails/data/TrailList"],
	}
}

findings contains f if {
	count(multi_region) > 0
	count(good) == 0
	count(unknown) == 0
	base := {
		"resource": scope.resource,
		"status": "fail",
		"message": sprintf("No multi-region trail delivers to CloudWatch Logs: %s; expected one with a log group that received events in the day before the snapshot.", [concat("; ", sort([sprintf("%s %s", [aws.trail_label(j.trail), concat(", ", j.problems)]) | some j in judged]))]),
		"evidence": ["/sections/cloudtrail.trails/data"],
	}
	f := follow_first_owner(base)
}

follow_first_owner(base) := estate.follow(base, j.source.entry, j.trail.TrailARN, j.source.pointers) if {
	owned := [j | some j in judged; j.source.kind == "owner"]
	count(owned) > 0
	j := owned[0]
} else := base

findings contains f if {
	count(good) == 0
	count(unknown) > 0
	f := unknown_finding(unknown[0])
}

unknown_finding(j) := {
	"resource": scope.resource,
	"status": "error",
	"message": sprintf("The GetTrailStatus result of multi-region trail(s) %s is missing from the snapshot; expected it to see whether the trail delivers to CloudWatch Logs.", [concat(", ", sort([u.trail.Name | some u in unknown; u.source.kind == "local"]))]),
	"evidence": ["/sections/cloudtrail.trails/data/TrailStatusByTrail"],
} if {
	j.source.kind == "local"
} else := estate.absent({
	"resource": scope.resource,
	"what": sprintf("The CloudWatch Logs delivery status (GetTrailStatus) of multi-region trail %s", [aws.trail_label(j.trail)]),
	"owner": aws.owner(j.source.owner),
	"how": aws.how(j.source.owner),
	"evidence": trail_pointers(j.trail),
}) if {
	j.source.kind == "absent"
} else := estate.owner_unread(
	{
		"resource": scope.resource,
		"what": sprintf("The CloudWatch Logs delivery status (GetTrailStatus) of multi-region trail %s", [aws.trail_label(j.trail)]),
		"section": "cloudtrail.trails",
		"evidence": trail_pointers(j.trail),
	},
	j.source.entry,
) if {
	j.source.kind == "owner-unread"
} else := {
	"resource": scope.resource,
	"status": "error",
	"message": sprintf("Multi-region trail %s is not among the trails of %s's snapshot (%s), or its GetTrailStatus result is missing there, so its CloudWatch Logs delivery could not be assessed.", [aws.trail_label(j.trail), aws.label(aws.trail_account(j.trail)), j.source.entry.snapshot]),
	"evidence": trail_pointers(j.trail),
}

trail_pointers(t) := [sprintf("/sections/cloudtrail.trails/data/TrailList/%d", [i]) | some i, u in values.list(trail_data.TrailList); u.TrailARN == t.TrailARN]

delivery_problem(s, now_ns) := "" if {
	values.filled(s.LatestCloudWatchLogsDeliveryTime)
	now_ns - time.parse_rfc3339_ns(s.LatestCloudWatchLogsDeliveryTime) <= recent_ns
} else := sprintf("last delivered to CloudWatch Logs at %s, more than a day before the snapshot%s", [s.LatestCloudWatchLogsDeliveryTime, delivery_error(s)]) if {
	values.filled(s.LatestCloudWatchLogsDeliveryTime)
} else := sprintf("has never delivered to CloudWatch Logs (no LatestCloudWatchLogsDeliveryTime)%s", [delivery_error(s)])

delivery_error(s) := sprintf(" (LatestCloudWatchLogsDeliveryError %q)", [s.LatestCloudWatchLogsDeliveryError]) if {
	values.filled(s.LatestCloudWatchLogsDeliveryError)
} else := ""

# arn:aws:logs:us-east-1:123456789012:log-group:CloudTrail/Default:* → CloudTrail/Default
log_group_name(arn) := trim_suffix(parts[1], ":*") if {
	parts := split(arn, ":log-group:")
	count(parts) == 2
} else := arn
