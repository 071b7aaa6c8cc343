# METADATA
# title: Multi-region CloudTrail
# description: >-
#   At least one multi-region CloudTrail trail is logging (GetTrailStatus IsLogging) and
#   records all read and write management events with no excluded event sources
#   (GetEventSelectors), so that investigators can see every control-plane action in every
#   region. Basic event selectors must include management events with ReadWriteType All (or
#   ReadOnly and WriteOnly together) and no ExcludeManagementEventSources; when the trail
#   uses advanced event selectors they replace the basic ones, and a selector on
#   eventCategory Management must cover both readOnly values with no other field (such as
#   eventSource NotEquals) filtering management events. One finding for the account.
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
#     management-events. In an organization, an organization trail from the management
#     account covers every member account.
#   references:
#     - https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-create-and-update-a-trail.html
#     - https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html
#     - https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.aws.ir4_01

account_arn := sprintf("arn:aws:account::%s:account", [input.scope.id])

trail_data := input.sections["cloudtrail.trails"].data

# Indexes of the multi-region trails in TrailList.
multi_region contains i if {
	some i, t in list(trail_data.TrailList)
	t.IsMultiRegionTrail == true
}

good contains i if {
	some i in multi_region
	assessable(trail_data.TrailList[i].TrailARN)
	count(problems(trail_data.TrailList[i])) == 0
}

findings contains f if {
	count(good) > 0
	f := {
		"resource": account_arn,
		"status": "pass",
		"message": sprintf("Multi-region trail(s) %s are logging all read and write management events with no excluded event sources; at least one is required.", [concat(", ", sort([trail_data.TrailList[i].Name | some i in good]))]),
		"evidence": sort([p |
			some i in good
			arn := trail_data.TrailList[i].TrailARN
			some p in [
				sprintf("/sections/cloudtrail.trails/data/TrailList/%d", [i]),
				sprintf("/sections/cloudtrail.trails/data/TrailStatusByTrail/%d", [status_index(arn)]),
				sprintf("/sections/cloudtrail.trails/data/EventSelectorsByTrail/%d", [selectors_index(arn)]),
			]
		]),
	}
}

findings contains f if {
	is_object(trail_data)
	count(multi_region) == 0
	f := {
		"resource": account_arn,
		"status": "fail",
		"message": sprintf("No multi-region trail exists (%s); expected a multi-region trail logging all read and write management events.", [trails_summary]),
		"evidence": ["/sections/cloudtrail.trails/data/TrailList"],
	}
}

findings contains f if {
	count(multi_region) > 0
	count(good) == 0
	count(unassessable) == 0
	f := {
		"resource": account_arn,
		"status": "fail",
		"message": sprintf("No multi-region trail logs all read and write management events: %s; expected at least one that is logging, covers read and write management events and excludes no event source.", [concat("; ", sort([sprintf("%s %s", [t.Name, concat(", ", problems(t))]) | some i in multi_region; t := trail_data.TrailList[i]]))]),
		"evidence": ["/sections/cloudtrail.trails/data"],
	}
}

# A multi-region trail whose GetTrailStatus or GetEventSelectors result is missing might be the good one.
findings contains f if {
	count(multi_region) > 0
	count(good) == 0
	count(unassessable) > 0
	f := {
		"resource": account_arn,
		"status": "error",
		"message": sprintf("The GetTrailStatus or GetEventSelectors result of multi-region trail(s) %s is missing from the snapshot; expected both to assess the trail.", [concat(", ", sort(unassessable))]),
		"evidence": ["/sections/cloudtrail.trails/data"],
	}
}

unassessable contains t.Name if {
	some i in multi_region
	t := trail_data.TrailList[i]
	not assessable(t.TrailARN)
}

assessable(arn) if {
	status_index(arn)
	selectors_index(arn)
}

status_index(arn) := i if {
	some i, s in list(trail_data.TrailStatusByTrail)
	s.TrailARN == arn
}

selectors_index(arn) := i if {
	some i, s in list(trail_data.EventSelectorsByTrail)
	s.TrailARN == arn
}

problems(t) := [p |
	some p in array.concat(
		[logging_problem(t), coverage_problem(t)],
		exclusion_problems(trail_data.EventSelectorsByTrail[selectors_index(t.TrailARN)]),
	)
	p != ""
]

logging_problem(t) := "" if {
	trail_data.TrailStatusByTrail[status_index(t.TrailARN)].IsLogging == true
} else := "is not logging (IsLogging false)"

coverage_problem(t) := "" if {
	sel := trail_data.EventSelectorsByTrail[selectors_index(t.TrailARN)]
	covers(sel, "read")
	covers(sel, "write")
} else := "does not log write management events" if {
	covers(trail_data.EventSelectorsByTrail[selectors_index(t.TrailARN)], "read")
} else := "does not log read management events" if {
	covers(trail_data.EventSelectorsByTrail[selectors_index(t.TrailARN)], "write")
} else := "does not log management events"

# Advanced event selectors, when present, replace the basic ones.
advanced(sel) if count(list(sel.AdvancedEventSelectors)) > 0

read_write_types := {"read": {"All", "ReadOnly"}, "write": {"All", "WriteOnly"}}

covers(sel, kind) if {
	not advanced(sel)
	some s in list(sel.EventSelectors)
	s.IncludeManagementEvents == true
	s.ReadWriteType in read_write_types[kind]
}

readonly_value := {"read": "true", "write": "false"}

covers(sel, kind) if {
	advanced(sel)
	some a in list(sel.AdvancedEventSelectors)
	management(a)
	readonly_allows(a, readonly_value[kind])
}

management(a) if {
	some fs in list(a.FieldSelectors)
	fs.Field == "eventCategory"
	"Management" in list(fs.Equals)
}

readonly_allows(a, _) if {
	not has_field(a, "readOnly")
}

readonly_allows(a, v) if {
	some fs in list(a.FieldSelectors)
	fs.Field == "readOnly"
	v in list(fs.Equals)
}

readonly_allows(a, v) if {
	some fs in list(a.FieldSelectors)
	fs.Field == "readOnly"
	count(list(fs.NotEquals)) > 0
	not v in list(fs.NotEquals)
}

has_field(a, field) if {
	some fs in list(a.FieldSelectors)
	fs.Field == field
}

exclusion_problems(sel) := [sprintf("excludes management events from %s (ExcludeManagementEventSources)", [concat(", ", sort(excluded))])] if {
	not advanced(sel)
	excluded := {src |
		some s in list(sel.EventSelectors)
		s.IncludeManagementEvents == true
		some src in list(s.ExcludeManagementEventSources)
	}
	count(excluded) > 0
} else := [sprintf("filters management events (%s)", [concat("; ", sort(filters))])] if {
	advanced(sel)
	filters := {sprintf("%s %s [%s]", [fs.Field, op, concat(", ", list(object.get(fs, op, [])))]) |
		some a in list(sel.AdvancedEventSelectors)
		management(a)
		some fs in list(a.FieldSelectors)
		not fs.Field in {"eventCategory", "readOnly"}
		some op in ["Equals", "NotEquals", "StartsWith", "NotStartsWith", "EndsWith", "NotEndsWith"]
		count(list(object.get(fs, op, []))) > 0
	}
	count(filters) > 0
} else := []

trails_summary := "no trail at all" if {
	count(list(trail_data.TrailList)) == 0
} else := sprintf("%d single-region trail(s): %s", [count(list(trail_data.TrailList)), concat(", ", sort([t.Name | some t in list(trail_data.TrailList)]))])

# Go marshals a nil slice as null: treat it as empty.
list(v) := v if is_array(v)

else := []
