package irscan.checks.aws.ir3_04_test

import data.irscan.checks.aws.ir3_04

all_features := ["CLOUD_TRAIL", "DNS_LOGS", "FLOW_LOGS", "S3_DATA_EVENTS", "EKS_AUDIT_LOGS", "EBS_MALWARE_PROTECTION", "RDS_LOGIN_EVENTS", "LAMBDA_NETWORK_LOGS", "RUNTIME_MONITORING"]

features(names, status) := [{"Name": n, "Status": status, "UpdatedAt": "2024-06-01T08:00:00Z"} | some n in names]

detector(id, status, feats) := {"DetectorId": id, "Status": status, "Features": feats}

snapshot(regions) := {
	"cloud": "aws",
	"scope": {"type": "account", "id": "123456789012"},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {
		"ec2.regions": {"status": "ok", "data": {"Regions": [{"RegionName": r, "OptInStatus": "opt-in-not-required"} | some r, _ in regions]}},
		"guardduty.detectors": {"status": "ok", "regions": {r: {"status": "ok", "data": {"DetectorIds": [d.DetectorId | some d in dets], "Detectors": dets}} | some r, dets in regions}},
	},
}

only(fs) := f if {
	count(fs) == 1
	some f in fs
}

test_pass_when_every_plan_is_on if {
	fs := ir3_04.findings with input as snapshot({"us-east-1": [detector("d1", "ENABLED", features(all_features, "ENABLED"))]})
	f := only(fs)
	f.status == "pass"
	f.resource == "arn:aws:guardduty:us-east-1:123456789012:detector/d1"
	f.region == "us-east-1"
	f.evidence == ["/sections/guardduty.detectors/regions/us-east-1/data/Detectors/0/Features"]
}

test_legacy_eks_runtime_monitoring_counts if {
	names := [n | some n in all_features; n != "RUNTIME_MONITORING"]
	fs := ir3_04.findings with input as snapshot({"us-east-1": [detector("d1", "ENABLED", features(array.concat(names, ["EKS_RUNTIME_MONITORING"]), "ENABLED"))]})
	f := only(fs)
	f.status == "pass"
}

test_fail_names_the_plans_off if {
	feats := array.concat(features(["CLOUD_TRAIL", "DNS_LOGS", "FLOW_LOGS", "S3_DATA_EVENTS", "EBS_MALWARE_PROTECTION"], "ENABLED"), features(["EKS_AUDIT_LOGS", "RUNTIME_MONITORING"], "DISABLED"))
	fs := ir3_04.findings with input as snapshot({"eu-west-1": [detector("d2", "ENABLED", feats)]})
	f := only(fs)
	f.status == "fail"
	contains(f.message, "has 4 protection plan(s) off: EKS Protection, Lambda Protection, RDS Protection, Runtime Monitoring")
}

test_fail_when_features_are_not_reported if {
	fs := ir3_04.findings with input as snapshot({"us-east-1": [detector("d1", "ENABLED", null)]})
	f := only(fs)
	f.status == "fail"
	contains(f.message, "6 protection plan(s) off")
}

test_region_without_enabled_detector_passes_with_a_note if {
	fs := ir3_04.findings with input as snapshot({"us-east-1": [detector("d1", "SUSPENDED", features(all_features, "DISABLED"))], "eu-west-1": []})
	count(fs) == 2
	every f in fs {
		f.status == "pass"
		contains(f.message, "no ENABLED detector")
	}
}

test_one_finding_per_region_and_detector if {
	fs := ir3_04.findings with input as snapshot({
		"us-east-1": [detector("d1", "ENABLED", features(all_features, "ENABLED"))],
		"eu-west-1": [detector("d2", "ENABLED", features(["CLOUD_TRAIL"], "ENABLED"))],
	})
	{[f.region, f.status] | some f in fs} == {["us-east-1", "pass"], ["eu-west-1", "fail"]}
}

test_error_when_an_enabled_region_was_not_read if {
	inp := json.patch(snapshot({"us-east-1": []}), [{"op": "add", "path": "/sections/ec2.regions/data/Regions/-", "value": {"RegionName": "ap-south-1", "OptInStatus": "opt-in-not-required"}}])
	fs := ir3_04.findings with input as inp
	some f in fs
	f.region == "ap-south-1"
	f.status == "error"
}

test_no_finding_when_section_absent if {
	fs := ir3_04.findings with input as object.remove(snapshot({"us-east-1": []}), ["sections"])
	count(fs) == 0
}
