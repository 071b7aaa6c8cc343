# METADATA
# title: CloudTrail to CloudWatch Logs
# description: >-
#   At least one multi-region CloudTrail trail delivers its events to a CloudWatch Logs log
#   group: the trail names a log group (CloudWatchLogsLogGroupArn), is logging, and
#   GetTrailStatus shows a delivery to CloudWatch Logs (LatestCloudWatchLogsDeliveryTime)
#   within the day before the snapshot, so that investigators can query recent activity with
#   CloudWatch Logs Insights and metric filters can alert on it. A configured log group that
#   no longer receives events (for example because the delivery role was deleted) fails.
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
#     - https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.aws.ir4_03

account_arn := sprintf("arn:aws:account::%s:account", [input.scope.id])

trail_data := input.sections["cloudtrail.trails"].data

# A delivery counts as recent when it happened in the day before the snapshot.
recent_ns := (24 * 3600) * 1000000000

collected_ns := time.parse_rfc3339_ns(input.collected_at)

multi_region contains i if {
	some i, t in list(trail_data.TrailList)
	t.IsMultiRegionTrail == true
}

good contains i if {
	some i in multi_region
	status_index(trail_data.TrailList[i].TrailARN)
	count(problems(trail_data.TrailList[i])) == 0
}

findings contains f if {
	count(good) > 0
	f := {
		"resource": account_arn,
		"status": "pass",
		"message": sprintf("Multi-region trail(s) deliver to CloudWatch Logs: %s; at least one is required.", [concat("; ", sort([sprintf("%s to %s, last delivery %s", [t.Name, log_group_name(t.CloudWatchLogsLogGroupArn), s.LatestCloudWatchLogsDeliveryTime]) |
			some i in good
			t := trail_data.TrailList[i]
			s := trail_data.TrailStatusByTrail[status_index(t.TrailARN)]
		]))]),
		"evidence": sort([p |
			some i in good
			some p in [
				sprintf("/sections/cloudtrail.trails/data/TrailList/%d/CloudWatchLogsLogGroupArn", [i]),
				sprintf("/sections/cloudtrail.trails/data/TrailStatusByTrail/%d", [status_index(trail_data.TrailList[i].TrailARN)]),
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
		"message": sprintf("No multi-region trail exists (%d trail(s) in total), so no trail delivers the account's events to CloudWatch Logs; expected a multi-region trail delivering to a log group (AWS-IR4-01).", [count(list(trail_data.TrailList))]),
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
		"message": sprintf("No multi-region trail delivers to CloudWatch Logs: %s; expected one with a log group that received events in the day before the snapshot.", [concat("; ", sort([sprintf("%s %s", [t.Name, concat(", ", problems(t))]) | some i in multi_region; t := trail_data.TrailList[i]]))]),
		"evidence": ["/sections/cloudtrail.trails/data"],
	}
}

findings contains f if {
	count(multi_region) > 0
	count(good) == 0
	count(unassessable) > 0
	f := {
		"resource": account_arn,
		"status": "error",
		"message": sprintf("The GetTrailStatus result of multi-region trail(s) %s is missing from the snapshot; expected it to see whether the trail delivers to CloudWatch Logs.", [concat(", ", sort(unassessable))]),
		"evidence": ["/sections/cloudtrail.trails/data/TrailStatusByTrail"],
	}
}

unassessable contains t.Name if {
	some i in multi_region
	t := trail_data.TrailList[i]
	filled(t.CloudWatchLogsLogGroupArn)
	not status_index(t.TrailARN)
}

status_index(arn) := i if {
	some i, s in list(trail_data.TrailStatusByTrail)
	s.TrailARN == arn
}

problems(t) := ["names no log group (CloudWatchLogsLogGroupArn is empty)"] if {
	not filled(object.get(t, "CloudWatchLogsLogGroupArn", null))
} else := [p |
	s := trail_data.TrailStatusByTrail[status_index(t.TrailARN)]
	some p in [logging_problem(s), delivery_problem(s)]
	p != ""
]

logging_problem(s) := "" if {
	s.IsLogging == true
} else := "is not logging (IsLogging false)"

delivery_problem(s) := "" if {
	filled(s.LatestCloudWatchLogsDeliveryTime)
	collected_ns - time.parse_rfc3339_ns(s.LatestCloudWatchLogsDeliveryTime) <= recent_ns
} else := sprintf("last delivered to CloudWatch Logs at %s, more than a day before the snapshot%s", [s.LatestCloudWatchLogsDeliveryTime, delivery_error(s)]) if {
	filled(s.LatestCloudWatchLogsDeliveryTime)
} else := sprintf("has never delivered to CloudWatch Logs (no LatestCloudWatchLogsDeliveryTime)%s", [delivery_error(s)])

delivery_error(s) := sprintf(" (LatestCloudWatchLogsDeliveryError %q)", [s.LatestCloudWatchLogsDeliveryError]) if {
	filled(s.LatestCloudWatchLogsDeliveryError)
} else := ""

# arn:aws:logs:us-east-1:123456789012:log-group:CloudTrail/Default:* → CloudTrail/Default
log_group_name(arn) := trim_suffix(parts[1], ":*") if {
	parts := split(arn, ":log-group:")
	count(parts) == 2
} else := arn

filled(s) if {
	is_string(s)
	trim_space(s) != ""
}

# Go marshals a nil slice as null: treat it as empty.
list(v) := v if is_array(v)

else := []
