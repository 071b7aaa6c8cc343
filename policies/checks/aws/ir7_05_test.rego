package irscan.checks.aws.ir7_05_test

import data.irscan.checks.aws.ir7_05

regions_data(names) := {"Regions": [{"RegionName": n, "Endpoint": sprintf("ec2.%s.amazonaws.com", [n]), "OptInStatus": "opt-in-not-required"} | some n in names]}

snapshot(names, regions) := {
	"cloud": "aws",
	"scope": {"type": "account", "id": "123456789012"},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {
		"ec2.regions": {"status": "ok", "data": regions_data(names)},
		"guardduty.publishing_destinations": {"status": "ok", "regions": regions},
	},
}

destination(id, status) := {"DestinationId": id, "DestinationType": "S3", "Status": status}

# region is one region's data: detector ID -> its destinations.
region(detectors) := {"status": "ok", "data": {
	"DetectorIds": [id | some id, _ in detectors],
	"DestinationsByDetector": [{"DetectorId": id, "Destinations": dests} | some id, dests in detectors],
}}

statuses(fs) := {[f.resource, f.region, f.status] | some f in fs}

arn(region, id) := sprintf("arn:aws:guardduty:%s:123456789012:detector/%s", [region, id])

test_pass_when_every_detector_publishes if {
	fs := ir7_05.findings with input as snapshot(["us-east-1", "eu-west-1"], {
		"us-east-1": region({"d1": [destination("dest1", "PUBLISHING")]}),
		"eu-west-1": region({"d2": [destination("dest0", "STOPPED"), destination("dest2", "PUBLISHING")]}),
	})
	statuses(fs) == {[arn("us-east-1", "d1"), "us-east-1", "pass"], [arn("eu-west-1", "d2"), "eu-west-1", "pass"]}
	some f in fs
	f.region == "eu-west-1"
	contains(f.message, "dest2 is PUBLISHING")
	f.evidence == ["/sections/guardduty.publishing_destinations/regions/eu-west-1/data/DestinationsByDetector/0/Destinations/1"]
}

test_fail_when_a_detector_exports_nowhere if {
	fs := ir7_05.findings with input as snapshot(["us-east-1", "eu-west-1"], {
		"us-east-1": region({"d1": [destination("dest1", "PUBLISHING")]}),
		"eu-west-1": region({"d2": []}),
	})
	statuses(fs) == {[arn("us-east-1", "d1"), "us-east-1", "pass"], [arn("eu-west-1", "d2"), "eu-west-1", "fail"]}
	some f in fs
	f.status == "fail"
	contains(f.message, "ListPublishingDestinations returned none")
}

test_fail_when_destinations_null if {
	fs := ir7_05.findings with input as snapshot(["eu-west-1"], {"eu-west-1": {"status": "ok", "data": {"DetectorIds": ["d2"], "DestinationsByDetector": [{"DetectorId": "d2", "Destinations": null}]}}})
	statuses(fs) == {[arn("eu-west-1", "d2"), "eu-west-1", "fail"]}
}

test_fail_when_no_destination_publishes if {
	fs := ir7_05.findings with input as snapshot(["eu-west-1"], {"eu-west-1": region({"d2": [
		destination("dest1", "UNABLE_TO_PUBLISH_FIX_DESTINATION_PROPERTY"),
		destination("dest2", "PENDING_VERIFICATION"),
	]})})
	statuses(fs) == {[arn("eu-west-1", "d2"), "eu-west-1", "fail"]}
	some f in fs
	contains(f.message, "destination dest1 is S3, UNABLE_TO_PUBLISH_FIX_DESTINATION_PROPERTY")
	contains(f.message, "destination dest2 is S3, PENDING_VERIFICATION")
}

test_one_finding_per_detector if {
	fs := ir7_05.findings with input as snapshot(["us-east-1"], {"us-east-1": region({"d1": [destination("a", "PUBLISHING"), destination("b", "PUBLISHING")]})})
	count(fs) == 1
}

test_pass_when_a_region_has_no_detector if {
	fs := ir7_05.findings with input as snapshot(["us-east-1"], {"us-east-1": region({})})
	statuses(fs) == {["arn:aws:account::123456789012:account", "us-east-1", "pass"]}
	some f in fs
	contains(f.message, "no detector in us-east-1")
}

test_error_when_a_detector_result_is_missing if {
	fs := ir7_05.findings with input as snapshot(["us-east-1"], {"us-east-1": {"status": "ok", "data": {"DetectorIds": ["d1"], "DestinationsByDetector": []}}})
	statuses(fs) == {[arn("us-east-1", "d1"), "us-east-1", "error"]}
}

test_error_when_an_enabled_region_was_not_read if {
	fs := ir7_05.findings with input as snapshot(["us-east-1", "eu-west-1"], {"us-east-1": region({"d1": [destination("dest1", "PUBLISHING")]})})
	statuses(fs) == {[arn("us-east-1", "d1"), "us-east-1", "pass"], ["arn:aws:account::123456789012:account", "eu-west-1", "error"]}
}

test_no_pass_when_region_data_null if {
	fs := ir7_05.findings with input as snapshot(["us-east-1"], {"us-east-1": {"status": "ok", "data": null}})
	statuses(fs) == {["arn:aws:account::123456789012:account", "us-east-1", "error"]}
}

test_no_pass_when_region_denied if {
	fs := ir7_05.findings with input as snapshot(["us-east-1"], {"us-east-1": {"status": "denied", "action": "guardduty:ListPublishingDestinations"}})
	not "pass" in {f.status | some f in fs}
}

test_no_finding_when_section_absent if {
	inp := json.patch(snapshot(["us-east-1"], {}), [{"op": "remove", "path": "/sections/guardduty.publishing_destinations"}])
	fs := ir7_05.findings with input as inp
	count(fs) == 0
}

test_regions_not_enabled_are_ignored if {
	inp := json.patch(snapshot(["us-east-1"], {"us-east-1": region({"d1": [destination("dest1", "PUBLISHING")]}), "ap-east-1": region({"d9": []})}), [{"op": "add", "path": "/sections/ec2.regions/data/Regions/-", "value": {"RegionName": "ap-east-1", "Endpoint": null, "OptInStatus": "not-opted-in"}}])
	fs := ir7_05.findings with input as inp
	statuses(fs) == {[arn("us-east-1", "d1"), "us-east-1", "pass"]}
}
