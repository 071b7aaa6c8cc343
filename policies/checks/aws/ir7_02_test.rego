package irscan.checks.aws.ir7_02_test

import data.irscan.checks.aws.ir7_02
import data.irscan.lib.aws_test as fx

group_arn := "arn:aws:logs:us-east-1:123456789012:log-group:aws-cloudtrail-logs-123456789012"

trail(name, group) := {
	"Name": name,
	"TrailARN": sprintf("arn:aws:cloudtrail:us-east-1:123456789012:trail/%s", [name]),
	"HomeRegion": "us-east-1",
	"IsMultiRegionTrail": true,
	"CloudWatchLogsLogGroupArn": group,
	"S3BucketName": "acme-trail",
}

log_group(name, retention) := {
	"LogGroupName": name,
	"Arn": sprintf("arn:aws:logs:us-east-1:123456789012:log-group:%s:*", [name]),
	"LogGroupArn": sprintf("arn:aws:logs:us-east-1:123456789012:log-group:%s", [name]),
	"RetentionInDays": retention,
	"CreationTime": 1735689600000,
	"StoredBytes": 123456789,
	"KmsKeyId": null,
	"LogGroupClass": "STANDARD",
	"DataProtectionStatus": "",
	"MetricFilterCount": 3,
	"DeletionProtectionEnabled": false,
}

snapshot(trails, groups) := {
	"cloud": "aws",
	"scope": {"type": "account", "id": "123456789012"},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {
		"cloudtrail.trails": {"status": "ok", "data": {"TrailList": trails, "TrailStatusByTrail": [], "EventSelectorsByTrail": []}},
		"logs.log_groups": {"status": "ok", "regions": {"us-east-1": {"status": "ok", "data": {"LogGroups": groups}}}},
	},
	"config": {"classification_key": "DataClassification", "min_retention_days": 365, "lookback_days": 90},
}

one(retention) := snapshot([trail("management-events", concat("", [group_arn, ":*"]))], [log_group("other", 1), log_group("aws-cloudtrail-logs-123456789012", retention)])

only(fs) := f if {
	count(fs) == 1
	some f in fs
}

test_pass_when_retention_long_enough if {
	fs := ir7_02.findings with input as one(400)
	f := only(fs)
	f.status == "pass"
	f.resource == group_arn
	f.region == "us-east-1"
	contains(f.message, "keeps events for 400 days")
	contains(f.message, "trail management-events")
	f.evidence == ["/sections/logs.log_groups/regions/us-east-1/data/LogGroups/1/RetentionInDays"]
}

test_pass_when_never_expire if {
	fs := ir7_02.findings with input as one(null)
	f := only(fs)
	f.status == "pass"
	contains(f.message, "never expires")
}

test_fail_when_retention_short if {
	fs := ir7_02.findings with input as one(90)
	f := only(fs)
	f.status == "fail"
	contains(f.message, "only 90 days")
}

test_min_days_is_configurable if {
	fs := ir7_02.findings with input as json.patch(one(90), [{"op": "replace", "path": "/config/min_retention_days", "value": 60}])
	f := only(fs)
	f.status == "pass"
}

test_fail_when_log_group_missing if {
	fs := ir7_02.findings with input as snapshot([trail("t", group_arn)], null)
	f := only(fs)
	f.status == "fail"
	contains(f.message, "does not exist in us-east-1")
}

test_fail_when_no_trail_delivers if {
	fs := ir7_02.findings with input as snapshot([trail("t", null)], [log_group("other", 1)])
	f := only(fs)
	f.status == "fail"
	f.resource == "arn:aws:account::123456789012:account"
}

test_one_finding_per_log_group if {
	inp := snapshot(
		[trail("a", group_arn), trail("b", "arn:aws:logs:us-east-1:123456789012:log-group:second:*"), trail("c", group_arn)],
		[log_group("aws-cloudtrail-logs-123456789012", 731), log_group("second", 30)],
	)
	fs := ir7_02.findings with input as inp
	{[f.resource, f.status] | some f in fs} == {[group_arn, "pass"], ["arn:aws:logs:us-east-1:123456789012:log-group:second", "fail"]}
	some f in fs
	f.resource == group_arn
	contains(f.message, "trail a, c")
}

test_error_when_region_not_read if {
	fs := ir7_02.findings with input as snapshot([trail("t", "arn:aws:logs:eu-west-1:123456789012:log-group:eu:*")], [])
	f := only(fs)
	f.status == "error"
	f.region == "eu-west-1"
}

test_no_finding_when_sections_absent if {
	fs := ir7_02.findings with input as object.remove(one(400), ["sections"])
	count(fs) == 0
}

test_no_pass_when_region_data_null if {
	inp := json.patch(one(400), [{"op": "replace", "path": "/sections/logs.log_groups/regions/us-east-1/data", "value": null}])
	fs := ir7_02.findings with input as inp
	{f.status | some f in fs} == {"error"}
}

# ---------------------------------------------------------------------------------------------
# The organization trail's log group is in the management account (the account in its ARN):
# a member judges it on the management account's snapshot, never a same-named local group.

test_member_follows_the_owners_log_group if {
	fs := ir7_02.findings with input as fx.member_snapshot with data.estate as fx.sound
	f := only(fs)
	f.status == "pass"
	f.resource == fx.log_group_arn
	f.region == "us-east-1"
	contains(f.message, "keeps events for 731 days")
	f.owner.id == fx.mgmt
	f.owner.evidence == ["/sections/logs.log_groups/regions/us-east-1/data/LogGroups/0"]
	f.evidence == ["/sections/cloudtrail.trails/data/TrailList/0/CloudWatchLogsLogGroupArn"]
}

# The member's own group of the same name keeps 7 days: it is not the trail's and is not judged.
test_member_same_named_local_group_is_not_judged if {
	fs := ir7_02.findings with input as fx.member_snapshot with data.estate as fx.sound
	every f in fs {
		not contains(f.message, "7 days")
	}
}

test_member_fails_with_the_owner if {
	fs := ir7_02.findings with input as fx.member_snapshot with data.estate as fx.broken
	f := only(fs)
	f.status == "fail"
	contains(f.message, "keeps events for only 30 days")
	f.owner.id == fx.mgmt
}

test_member_fails_when_the_owners_group_does_not_exist if {
	snap := fx.snapshot(fx.mgmt, {
		"cloudtrail.trails": fx.trails_section([fx.org_trail], [fx.full_status], [fx.all_management]),
		"logs.log_groups": fx.log_groups_section([]),
	})
	fs := ir7_02.findings with input as fx.member_snapshot with data.estate as fx.estate([fx.entry(snap, [])])
	f := only(fs)
	f.status == "fail"
	contains(f.message, "does not exist in AWS account 600000000001's us-east-1")
	f.owner.id == fx.mgmt
}

test_member_error_when_owner_absent if {
	fs := ir7_02.findings with input as fx.member_snapshot with data.estate as {}
	f := only(fs)
	f.status == "error"
	f.resource == fx.log_group_arn
	contains(f.message, "The retention of log group org-trail-logs (trail org-trail) is held by AWS account 600000000001, which is not in this run")
	not f.owner
}

test_member_error_when_owner_could_not_read_the_region if {
	fs := ir7_02.findings with input as fx.member_snapshot with data.estate as fx.unread("logs.log_groups", "us-east-1")
	f := only(fs)
	f.status == "error"
	contains(f.message, "could not show it")
}

# The owner's own finding is judged in its snapshot (a log group of its own account).
test_owner_judges_its_own_group if {
	fs := ir7_02.findings with input as fx.mgmt_snapshot(fx.full_status, fx.all_management, 30) with data.estate as {}
	f := only(fs)
	f.status == "fail"
	not f.owner
}
