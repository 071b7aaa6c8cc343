package irscan.checks.aws.ir3_02_test

import data.irscan.checks.aws.ir3_02

regions_data(names) := {"Regions": [{"RegionName": n, "Endpoint": sprintf("ec2.%s.amazonaws.com", [n]), "OptInStatus": "opt-in-not-required"} | some n in names]}

snapshot(names, regions) := {
	"cloud": "aws",
	"scope": {"type": "account", "id": "123456789012"},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {
		"ec2.regions": {"status": "ok", "data": regions_data(names)},
		"securityhub.hubs": {"status": "ok", "regions": regions},
	},
}

hub(region) := {
	"HubArn": sprintf("arn:aws:securityhub:%s:123456789012:hub/default", [region]),
	"SubscribedAt": "2024-05-02T08:30:00.000Z",
	"AutoEnableControls": true,
	"ControlFindingGenerator": "SECURITY_CONTROL",
}

standard(region, name, status) := {
	"StandardsArn": sprintf("arn:aws:securityhub:%s::standards/%s", [region, name]),
	"StandardsSubscriptionArn": sprintf("arn:aws:securityhub:%s:123456789012:subscription/%s", [region, name]),
	"StandardsStatus": status,
	"StandardsInput": {},
	"StandardsControlsUpdatable": "READY_FOR_UPDATES",
	"StandardsStatusReason": null,
}

fsbp := "aws-foundational-security-best-practices/v/1.0.0"

enabled(region, standards) := {"status": "ok", "data": {"Hub": hub(region), "StandardsSubscriptions": standards}}

not_subscribed := {"status": "ok", "data": {"Hub": null, "StandardsSubscriptions": []}}

statuses(fs) := {[f.region, f.status] | some f in fs}

test_pass_with_hub_and_ready_standard if {
	fs := ir3_02.findings with input as snapshot(["us-east-1"], {"us-east-1": enabled("us-east-1", [standard("us-east-1", fsbp, "READY"), standard("us-east-1", "pci-dss/v/3.2.1", "DELETING")])})
	statuses(fs) == {["us-east-1", "pass"]}
	some f in fs
	f.resource == "arn:aws:account::123456789012:account"
	contains(f.message, "1 standard(s) READY: aws-foundational-security-best-practices/v/1.0.0")
	f.evidence == ["/sections/securityhub.hubs/regions/us-east-1/data/Hub", "/sections/securityhub.hubs/regions/us-east-1/data/StandardsSubscriptions/0"]
}

test_fail_when_not_subscribed if {
	fs := ir3_02.findings with input as snapshot(["us-east-1", "eu-west-1"], {"us-east-1": enabled("us-east-1", [standard("us-east-1", fsbp, "READY")]), "eu-west-1": not_subscribed})
	statuses(fs) == {["us-east-1", "pass"], ["eu-west-1", "fail"]}
	some f in fs
	f.status == "fail"
	contains(f.message, "InvalidAccessException")
}

test_fail_when_no_standard if {
	fs := ir3_02.findings with input as snapshot(["eu-west-1"], {"eu-west-1": enabled("eu-west-1", [])})
	statuses(fs) == {["eu-west-1", "fail"]}
	some f in fs
	contains(f.message, "no standard is enabled")
}

test_fail_when_standards_null if {
	fs := ir3_02.findings with input as snapshot(["eu-west-1"], {"eu-west-1": enabled("eu-west-1", null)})
	statuses(fs) == {["eu-west-1", "fail"]}
}

test_fail_when_no_standard_is_ready if {
	fs := ir3_02.findings with input as snapshot(["eu-west-1"], {"eu-west-1": enabled("eu-west-1", [standard("eu-west-1", fsbp, "INCOMPLETE"), standard("eu-west-1", "pci-dss/v/3.2.1", "PENDING")])})
	statuses(fs) == {["eu-west-1", "fail"]}
	some f in fs
	contains(f.message, "aws-foundational-security-best-practices/v/1.0.0 is INCOMPLETE, pci-dss/v/3.2.1 is PENDING")
}

test_error_when_an_enabled_region_was_not_read if {
	fs := ir3_02.findings with input as snapshot(["us-east-1", "eu-west-1"], {"us-east-1": enabled("us-east-1", [standard("us-east-1", fsbp, "READY")])})
	statuses(fs) == {["us-east-1", "pass"], ["eu-west-1", "error"]}
}

test_no_finding_when_section_absent if {
	inp := json.patch(snapshot(["us-east-1"], {}), [{"op": "remove", "path": "/sections/securityhub.hubs"}])
	fs := ir3_02.findings with input as inp
	count(fs) == 0
}

test_no_pass_when_region_data_null if {
	fs := ir3_02.findings with input as snapshot(["us-east-1"], {"us-east-1": {"status": "ok", "data": null}})
	statuses(fs) == {["us-east-1", "error"]}
}

test_no_pass_when_regions_data_null if {
	inp := json.patch(snapshot(["us-east-1"], {"us-east-1": enabled("us-east-1", [standard("us-east-1", fsbp, "READY")])}), [{"op": "replace", "path": "/sections/ec2.regions/data", "value": null}])
	fs := ir3_02.findings with input as inp
	count(fs) == 0
}

test_fail_when_hub_member_missing if {
	fs := ir3_02.findings with input as snapshot(["eu-west-1"], {"eu-west-1": {"status": "ok", "data": {"StandardsSubscriptions": []}}})
	statuses(fs) == {["eu-west-1", "fail"]}
}
