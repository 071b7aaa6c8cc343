package irscan.checks.aws.ir4_02_test

import data.irscan.checks.aws.ir4_02
import data.irscan.lib.aws_test as fx

trail_arn(name) := sprintf("arn:aws:cloudtrail:us-east-1:123456789012:trail/%s", [name])

trail(name, multi, validation) := {
	"Name": name,
	"TrailARN": trail_arn(name),
	"HomeRegion": "us-east-1",
	"IsMultiRegionTrail": multi,
	"IsOrganizationTrail": false,
	"LogFileValidationEnabled": validation,
	"S3BucketName": "acme-cloudtrail-logs",
}

snapshot(trails) := {
	"cloud": "aws",
	"scope": {"type": "account", "id": "123456789012"},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {"cloudtrail.trails": {"status": "ok", "data": {"TrailList": trails, "TrailStatusByTrail": [], "EventSelectorsByTrail": []}}},
}

test_pass_when_validation_enabled if {
	fs := ir4_02.findings with input as snapshot([trail("management-events", true, true)])
	count(fs) == 1
	some f in fs
	f.status == "pass"
	f.resource == trail_arn("management-events")
	f.region == "us-east-1"
	f.evidence == ["/sections/cloudtrail.trails/data/TrailList/0/LogFileValidationEnabled"]
	endswith(f.message, ".")
}

test_one_finding_per_multi_region_trail if {
	fs := ir4_02.findings with input as snapshot([trail("a", true, true), trail("b", true, false), trail("single", false, false)])
	{[f.resource, f.status] | some f in fs} == {[trail_arn("a"), "pass"], [trail_arn("b"), "fail"]}
}

test_fail_when_validation_null if {
	fs := ir4_02.findings with input as snapshot([trail("b", true, null)])
	count(fs) == 1
	some f in fs
	f.status == "fail"
	contains(f.message, "LogFileValidationEnabled is null")
}

test_fail_without_multi_region_trail if {
	fs := ir4_02.findings with input as snapshot([trail("single", false, true)])
	count(fs) == 1
	some f in fs
	f.status == "fail"
	f.resource == "arn:aws:account::123456789012:account"
	contains(f.message, "No multi-region trail")
}

test_fail_when_trail_list_null if {
	fs := ir4_02.findings with input as snapshot(null)
	{f.status | some f in fs} == {"fail"}
}

test_no_finding_when_section_absent if {
	fs := ir4_02.findings with input as object.remove(snapshot([trail("a", true, true)]), ["sections"])
	count(fs) == 0
}

test_no_finding_when_data_null if {
	fs := ir4_02.findings with input as json.patch(snapshot([]), [{"op": "replace", "path": "/sections/cloudtrail.trails/data", "value": null}])
	count(fs) == 0
}

# An organization trail seen from a member: DescribeTrails shows its settings there, so the
# member judges it itself (no owner needed), naming the account that owns it.
test_member_judges_the_organization_trail_it_sees if {
	fs := ir4_02.findings with input as fx.member_snapshot with data.estate as {}
	count(fs) == 1
	some f in fs
	f.status == "pass"
	f.resource == fx.org_trail_arn
	contains(f.message, "org-trail (organization trail of AWS account 600000000001) has log file validation enabled")
}
