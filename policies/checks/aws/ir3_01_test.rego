package irscan.checks.aws.ir3_01_test

import data.irscan.checks.aws.ir3_01

account := "arn:aws:account::123456789012:account"

regions_data(names) := {"Regions": [{"RegionName": n, "Endpoint": sprintf("ec2.%s.amazonaws.com", [n]), "OptInStatus": "opt-in-not-required"} | some n in names]}

snapshot(names, regions) := {
	"cloud": "aws",
	"scope": {"type": "account", "id": "123456789012"},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {
		"ec2.regions": {"status": "ok", "data": regions_data(names)},
		"guardduty.detectors": {"status": "ok", "regions": regions},
	},
}

detector(id, status) := {
	"DetectorId": id,
	"Status": status,
	"ServiceRole": "arn:aws:iam::123456789012:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty",
	"CreatedAt": "2024-03-01T10:00:00.000Z",
	"UpdatedAt": "2026-06-01T10:00:00.000Z",
	"FindingPublishingFrequency": "FIFTEEN_MINUTES",
	"DataSources": null,
	"Features": [{"Name": "CLOUD_TRAIL", "Status": "ENABLED", "ManagedBy": "", "UpdatedAt": "2026-06-01T10:00:00Z", "AdditionalConfiguration": null}],
	"Tags": null,
}

region(detectors) := {"status": "ok", "data": {"DetectorIds": [d.DetectorId | some d in detectors], "Detectors": detectors}}

statuses(fs) := {[f.region, f.status] | some f in fs}

test_pass_when_enabled_everywhere if {
	fs := ir3_01.findings with input as snapshot(["us-east-1", "eu-west-1"], {
		"us-east-1": region([detector("d1", "ENABLED")]),
		"eu-west-1": region([detector("d2", "ENABLED")]),
	})
	statuses(fs) == {["us-east-1", "pass"], ["eu-west-1", "pass"]}
	some f in fs
	f.region == "us-east-1"
	f.resource == account
	contains(f.message, "d1 is ENABLED")
	f.evidence == ["/sections/guardduty.detectors/regions/us-east-1/data/Detectors/0"]
}

test_fail_when_a_region_has_no_detector if {
	fs := ir3_01.findings with input as snapshot(["us-east-1", "eu-west-1"], {
		"us-east-1": region([detector("d1", "ENABLED")]),
		"eu-west-1": region([]),
	})
	statuses(fs) == {["us-east-1", "pass"], ["eu-west-1", "fail"]}
	some f in fs
	f.status == "fail"
	contains(f.message, "no detector in eu-west-1")
}

test_fail_when_lists_null if {
	fs := ir3_01.findings with input as snapshot(["eu-west-1"], {"eu-west-1": {"status": "ok", "data": {"DetectorIds": null, "Detectors": null}}})
	statuses(fs) == {["eu-west-1", "fail"]}
}

test_fail_when_detector_disabled if {
	fs := ir3_01.findings with input as snapshot(["eu-west-1"], {"eu-west-1": region([detector("d2", "DISABLED")])})
	statuses(fs) == {["eu-west-1", "fail"]}
	some f in fs
	contains(f.message, "d2 is DISABLED")
}

test_error_when_detector_detail_missing if {
	fs := ir3_01.findings with input as snapshot(["eu-west-1"], {"eu-west-1": {"status": "ok", "data": {"DetectorIds": ["d2"], "Detectors": []}}})
	statuses(fs) == {["eu-west-1", "error"]}
}

test_error_when_an_enabled_region_was_not_read if {
	fs := ir3_01.findings with input as snapshot(["us-east-1", "eu-west-1"], {"us-east-1": region([detector("d1", "ENABLED")])})
	statuses(fs) == {["us-east-1", "pass"], ["eu-west-1", "error"]}
}

test_regions_not_enabled_are_ignored if {
	inp := json.patch(snapshot(["us-east-1"], {"us-east-1": region([detector("d1", "ENABLED")]), "ap-east-1": region([])}), [{"op": "add", "path": "/sections/ec2.regions/data/Regions/-", "value": {"RegionName": "ap-east-1", "Endpoint": null, "OptInStatus": "not-opted-in"}}])
	fs := ir3_01.findings with input as inp
	statuses(fs) == {["us-east-1", "pass"]}
}

test_no_pass_when_guardduty_section_absent if {
	inp := json.patch(snapshot(["us-east-1"], {}), [{"op": "remove", "path": "/sections/guardduty.detectors"}])
	fs := ir3_01.findings with input as inp
	count(fs) == 0
}

test_no_finding_when_regions_section_absent if {
	inp := json.patch(snapshot(["us-east-1"], {"us-east-1": region([detector("d1", "ENABLED")])}), [{"op": "remove", "path": "/sections/ec2.regions"}])
	fs := ir3_01.findings with input as inp
	count(fs) == 0
}

test_no_pass_when_region_data_null if {
	fs := ir3_01.findings with input as snapshot(["us-east-1"], {"us-east-1": {"status": "ok", "data": null}})
	statuses(fs) == {["us-east-1", "error"]}
}

test_no_pass_when_region_denied if {
	fs := ir3_01.findings with input as snapshot(["us-east-1"], {"us-east-1": {"status": "denied", "action": "guardduty:ListDetectors"}})
	not "pass" in {f.status | some f in fs}
}
