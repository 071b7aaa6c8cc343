package irscan.checks.aws.ir4_03_test

import data.irscan.checks.aws.ir4_03
import data.irscan.lib.aws_test as fx

account := "arn:aws:account::123456789012:account"

trail_arn(name) := sprintf("arn:aws:cloudtrail:us-east-1:123456789012:trail/%s", [name])

log_group := "arn:aws:logs:us-east-1:123456789012:log-group:aws-cloudtrail-logs-123456789012:*"

trail(name, multi, group) := {
	"Name": name,
	"TrailARN": trail_arn(name),
	"HomeRegion": "us-east-1",
	"IsMultiRegionTrail": multi,
	"CloudWatchLogsLogGroupArn": group,
	"CloudWatchLogsRoleArn": "arn:aws:iam::123456789012:role/CloudTrailToCloudWatchLogs",
	"S3BucketName": "acme-cloudtrail-logs",
}

status(name, logging, delivered, error) := {
	"TrailARN": trail_arn(name),
	"IsLogging": logging,
	"LatestCloudWatchLogsDeliveryTime": delivered,
	"LatestCloudWatchLogsDeliveryError": error,
}

snapshot(trails, statuses) := {
	"cloud": "aws",
	"scope": {"type": "account", "id": "123456789012"},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {"cloudtrail.trails": {"status": "ok", "data": {"TrailList": trails, "TrailStatusByTrail": statuses, "EventSelectorsByTrail": []}}},
}

only(fs) := f if {
	count(fs) == 1
	some f in fs
}

test_pass_when_delivering if {
	fs := ir4_03.findings with input as snapshot([trail("management-events", true, log_group)], [status("management-events", true, "2026-11-20T08:57:12.25Z", null)])
	f := only(fs)
	f.status == "pass"
	f.resource == account
	contains(f.message, "management-events to aws-cloudtrail-logs-123456789012, last delivery 2026-11-20T08:57:12.25Z")
	f.evidence == ["/sections/cloudtrail.trails/data/TrailList/0/CloudWatchLogsLogGroupArn", "/sections/cloudtrail.trails/data/TrailStatusByTrail/0"]
}

test_fail_without_log_group if {
	fs := ir4_03.findings with input as snapshot([trail("t", true, null)], [status("t", true, null, null)])
	f := only(fs)
	f.status == "fail"
	contains(f.message, "names no log group")
}

test_fail_when_delivery_is_stale if {
	fs := ir4_03.findings with input as snapshot([trail("t", true, log_group)], [status("t", true, "2026-11-02T10:00:00Z", "AccessDeniedException")])
	f := only(fs)
	f.status == "fail"
	contains(f.message, "last delivered to CloudWatch Logs at 2026-11-02T10:00:00Z")
	contains(f.message, `LatestCloudWatchLogsDeliveryError "AccessDeniedException"`)
}

test_fail_when_never_delivered if {
	fs := ir4_03.findings with input as snapshot([trail("t", true, log_group)], [status("t", true, null, null)])
	f := only(fs)
	f.status == "fail"
	contains(f.message, "has never delivered")
}

test_fail_when_not_logging if {
	fs := ir4_03.findings with input as snapshot([trail("t", true, log_group)], [status("t", false, "2026-11-20T08:00:00Z", null)])
	f := only(fs)
	f.status == "fail"
	contains(f.message, "is not logging")
}

test_single_region_trail_does_not_count if {
	fs := ir4_03.findings with input as snapshot([trail("eu", false, log_group)], [status("eu", true, "2026-11-20T08:57:12Z", null)])
	f := only(fs)
	f.status == "fail"
	contains(f.message, "No multi-region trail exists")
}

test_fail_when_trail_list_null if {
	fs := ir4_03.findings with input as snapshot(null, null)
	f := only(fs)
	f.status == "fail"
}

test_error_when_status_missing if {
	fs := ir4_03.findings with input as snapshot([trail("t", true, log_group)], null)
	f := only(fs)
	f.status == "error"
}

test_no_finding_when_section_absent if {
	fs := ir4_03.findings with input as object.remove(snapshot([], []), ["sections"])
	count(fs) == 0
}

test_no_finding_when_data_null if {
	fs := ir4_03.findings with input as json.patch(snapshot([], []), [{"op": "replace", "path": "/sections/cloudtrail.trails/data", "value": null}])
	count(fs) == 0
}

# ---------------------------------------------------------------------------------------------
# The organization trail seen from a member: GetTrailStatus called there omits the delivery
# fields, so the trail is judged on its owner's GetTrailStatus (the owner rule).

test_member_follows_the_owners_delivery if {
	fs := ir4_03.findings with input as fx.member_snapshot with data.estate as fx.sound
	f := only(fs)
	f.status == "pass"
	contains(f.message, "org-trail (organization trail of AWS account 600000000001) delivers to CloudWatch Logs")
	contains(f.message, "last delivery 2026-11-20T08:55:00Z")
	f.owner.id == fx.mgmt
	f.owner.resource == fx.org_trail_arn
}

test_member_fails_with_the_owner if {
	stale := object.union(fx.full_status, {"LatestCloudWatchLogsDeliveryTime": "2026-11-01T08:55:00Z", "LatestCloudWatchLogsDeliveryError": "AccessDenied"})
	es := fx.estate([fx.entry(fx.mgmt_snapshot(stale, fx.all_management, 731), [])])
	fs := ir4_03.findings with input as fx.member_snapshot with data.estate as es
	f := only(fs)
	f.status == "fail"
	contains(f.message, "more than a day before the snapshot")
	f.owner.id == fx.mgmt
}

# The member's own status (no delivery fields) is never judged: without the owner, error.
test_member_error_when_owner_absent if {
	fs := ir4_03.findings with input as fx.member_snapshot with data.estate as {}
	f := only(fs)
	f.status == "error"
	contains(f.message, "is held by AWS account 600000000001, which is not in this run")
	not f.owner
}

test_member_error_when_owner_could_not_read_its_trails if {
	fs := ir4_03.findings with input as fx.member_snapshot with data.estate as fx.unread("cloudtrail.trails", "")
	f := only(fs)
	f.status == "error"
	contains(f.message, "could not show it")
}

test_member_own_trail_overrides if {
	arn := "arn:aws:cloudtrail:us-east-1:600000000005:trail/own"
	own := object.union(trail("own", true, "arn:aws:logs:us-east-1:600000000005:log-group:own:*"), {"TrailARN": arn})
	snap := json.patch(fx.member_snapshot, [{"op": "replace", "path": "/sections/cloudtrail.trails/data", "value": {
		"TrailList": [fx.org_trail, own],
		"TrailStatusByTrail": [fx.member_status, object.union(status("own", true, "2026-11-20T08:59:00Z", null), {"TrailARN": arn})],
		"EventSelectorsByTrail": [],
	}}])
	fs := ir4_03.findings with input as snap with data.estate as {}
	f := only(fs)
	f.status == "pass"
	not f.owner
}
