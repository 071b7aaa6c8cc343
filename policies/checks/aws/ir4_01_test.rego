package irscan.checks.aws.ir4_01_test

import data.irscan.checks.aws.ir4_01
import data.irscan.lib.aws_test as fx

account := "arn:aws:account::123456789012:account"

trail_arn(name) := sprintf("arn:aws:cloudtrail:us-east-1:123456789012:trail/%s", [name])

trail(name, multi) := {
	"Name": name,
	"TrailARN": trail_arn(name),
	"HomeRegion": "us-east-1",
	"IsMultiRegionTrail": multi,
	"IsOrganizationTrail": false,
	"IncludeGlobalServiceEvents": true,
	"LogFileValidationEnabled": true,
	"CloudWatchLogsLogGroupArn": null,
	"CloudWatchLogsRoleArn": null,
	"S3BucketName": "acme-cloudtrail-logs",
	"S3KeyPrefix": null,
	"KmsKeyId": null,
	"HasCustomEventSelectors": true,
	"HasInsightSelectors": false,
	"SnsTopicName": null,
	"SnsTopicARN": null,
}

status(name, logging) := {"TrailARN": trail_arn(name), "IsLogging": logging, "LatestDeliveryTime": "2026-11-20T08:55:00Z", "LatestDeliveryError": null}

basic(rw, excluded) := [{"ReadWriteType": rw, "IncludeManagementEvents": true, "ExcludeManagementEventSources": excluded, "DataResources": null}]

selectors(name, basic_selectors, advanced_selectors) := {"TrailARN": trail_arn(name), "EventSelectors": basic_selectors, "AdvancedEventSelectors": advanced_selectors}

field(name, equals) := {"Field": name, "Equals": equals, "NotEquals": null, "StartsWith": null, "NotStartsWith": null, "EndsWith": null, "NotEndsWith": null}

snapshot(trails, statuses, sels) := {
	"cloud": "aws",
	"scope": {"type": "account", "id": "123456789012"},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {"cloudtrail.trails": {"status": "ok", "data": {"TrailList": trails, "TrailStatusByTrail": statuses, "EventSelectorsByTrail": sels}}},
}

one(name, multi, logging, sel) := snapshot([trail(name, multi)], [status(name, logging)], [sel])

only(fs) := f if {
	count(fs) == 1
	some f in fs
}

test_pass_with_basic_selectors if {
	fs := ir4_01.findings with input as one("management-events", true, true, selectors("management-events", basic("All", []), null))
	f := only(fs)
	f.status == "pass"
	f.resource == account
	not f.region
	contains(f.message, "management-events")
	f.evidence == [
		"/sections/cloudtrail.trails/data/EventSelectorsByTrail/0",
		"/sections/cloudtrail.trails/data/TrailList/0",
		"/sections/cloudtrail.trails/data/TrailStatusByTrail/0",
	]
}

test_pass_with_null_exclusions if {
	fs := ir4_01.findings with input as one("t", true, true, selectors("t", basic("All", null), []))
	f := only(fs)
	f.status == "pass"
}

test_pass_with_read_only_and_write_only_selectors if {
	fs := ir4_01.findings with input as one("t", true, true, selectors("t", array.concat(basic("ReadOnly", []), basic("WriteOnly", [])), null))
	f := only(fs)
	f.status == "pass"
}

test_pass_with_advanced_selectors if {
	adv := [{"Name": "Management events", "FieldSelectors": [field("eventCategory", ["Management"])]}]
	fs := ir4_01.findings with input as one("t", true, true, selectors("t", null, adv))
	f := only(fs)
	f.status == "pass"
}

test_pass_with_advanced_read_and_write_selectors if {
	adv := [
		{"Name": "reads", "FieldSelectors": [field("eventCategory", ["Management"]), field("readOnly", ["true"])]},
		{"Name": "writes", "FieldSelectors": [field("eventCategory", ["Management"]), field("readOnly", ["false"])]},
	]
	fs := ir4_01.findings with input as one("t", true, true, selectors("t", [], adv))
	f := only(fs)
	f.status == "pass"
}

test_fail_with_advanced_write_only if {
	adv := [{"Name": "writes", "FieldSelectors": [field("eventCategory", ["Management"]), field("readOnly", ["false"])]}]
	fs := ir4_01.findings with input as one("t", true, true, selectors("t", [], adv))
	f := only(fs)
	f.status == "fail"
	contains(f.message, "t does not log read management events")
}

test_fail_with_advanced_excluded_source if {
	adv := [{"Name": "Management events", "FieldSelectors": [field("eventCategory", ["Management"]), object.union(field("eventSource", null), {"NotEquals": ["kms.amazonaws.com"]})]}]
	fs := ir4_01.findings with input as one("t", true, true, selectors("t", null, adv))
	f := only(fs)
	f.status == "fail"
	contains(f.message, "filters management events (eventSource NotEquals [kms.amazonaws.com])")
}

test_advanced_selectors_replace_basic_ones if {
	adv := [{"Name": "S3 data events", "FieldSelectors": [field("eventCategory", ["Data"]), field("resources.type", ["AWS::S3::Object"])]}]
	fs := ir4_01.findings with input as one("t", true, true, selectors("t", basic("All", []), adv))
	f := only(fs)
	f.status == "fail"
	contains(f.message, "does not log management events")
}

test_fail_with_excluded_management_event_sources if {
	fs := ir4_01.findings with input as one("t", true, true, selectors("t", basic("All", ["kms.amazonaws.com", "rdsdata.amazonaws.com"]), null))
	f := only(fs)
	f.status == "fail"
	contains(f.message, "excludes management events from kms.amazonaws.com, rdsdata.amazonaws.com")
}

test_fail_with_write_only if {
	fs := ir4_01.findings with input as one("t", true, true, selectors("t", basic("WriteOnly", []), null))
	f := only(fs)
	f.status == "fail"
	contains(f.message, "does not log read management events")
}

test_fail_when_not_logging if {
	fs := ir4_01.findings with input as one("t", true, false, selectors("t", basic("All", []), null))
	f := only(fs)
	f.status == "fail"
	contains(f.message, "is not logging")
}

test_fail_when_management_events_not_included if {
	sel := selectors("t", [{"ReadWriteType": "All", "IncludeManagementEvents": false, "ExcludeManagementEventSources": [], "DataResources": null}], null)
	fs := ir4_01.findings with input as one("t", true, true, sel)
	f := only(fs)
	f.status == "fail"
	contains(f.message, "does not log management events")
}

test_fail_when_only_single_region_trails if {
	fs := ir4_01.findings with input as one("eu-data", false, true, selectors("eu-data", basic("All", []), null))
	f := only(fs)
	f.status == "fail"
	contains(f.message, "No multi-region trail exists (1 single-region trail(s): eu-data)")
}

test_fail_when_no_trails if {
	fs := ir4_01.findings with input as snapshot(null, null, null)
	f := only(fs)
	f.status == "fail"
	contains(f.message, "no trail at all")
}

test_one_good_trail_is_enough if {
	inp := snapshot(
		[trail("bad", true), trail("good", true)],
		[status("bad", false), status("good", true)],
		[selectors("bad", basic("All", []), null), selectors("good", basic("All", []), null)],
	)
	fs := ir4_01.findings with input as inp
	f := only(fs)
	f.status == "pass"
	contains(f.message, "good")
	not contains(f.message, "bad")
}

test_error_when_status_missing if {
	fs := ir4_01.findings with input as snapshot([trail("t", true)], [], [selectors("t", basic("All", []), null)])
	f := only(fs)
	f.status == "error"
}

test_no_finding_when_section_absent if {
	fs := ir4_01.findings with input as object.remove(one("t", true, true, selectors("t", basic("All", []), null)), ["sections"])
	count(fs) == 0
}

test_no_finding_when_data_null if {
	inp := json.patch(one("t", true, true, selectors("t", basic("All", []), null)), [{"op": "replace", "path": "/sections/cloudtrail.trails/data", "value": null}])
	fs := ir4_01.findings with input as inp
	count(fs) == 0
}

# ---------------------------------------------------------------------------------------------
# The organization trail seen from a member: judged on its owner's GetTrailStatus and
# GetEventSelectors (the owner rule).

member_account := "arn:aws:account::600000000005:account"

test_member_follows_the_owners_trail if {
	fs := ir4_01.findings with input as fx.member_snapshot with data.estate as fx.sound
	f := only(fs)
	f.status == "pass"
	f.resource == member_account
	contains(f.message, "org-trail (organization trail of AWS account 600000000001) is logging all read and write management events")
	f.owner.id == fx.mgmt
	f.owner.resource == fx.org_trail_arn
	"/sections/cloudtrail.trails/data/TrailStatusByTrail/0" in f.owner.evidence
	f.evidence == ["/sections/cloudtrail.trails/data/TrailList/0"]
}

test_member_fails_with_the_owner if {
	fs := ir4_01.findings with input as fx.member_snapshot with data.estate as fx.broken
	f := only(fs)
	f.status == "fail"
	contains(f.message, "org-trail (organization trail of AWS account 600000000001) is not logging")
	f.owner.id == fx.mgmt
}

test_member_error_when_owner_absent if {
	fs := ir4_01.findings with input as fx.member_snapshot with data.estate as {}
	f := only(fs)
	f.status == "error"
	contains(f.message, "is held by AWS account 600000000001, which is not in this run")
	contains(f.message, "--org")
	not f.owner
}

test_member_error_when_owner_could_not_read_its_trails if {
	fs := ir4_01.findings with input as fx.member_snapshot with data.estate as fx.unread("cloudtrail.trails", "")
	f := only(fs)
	f.status == "error"
	contains(f.message, "held by AWS account 600000000001, whose snapshot aws-account-600000000001.json could not show it")
}

# A multi-region trail of the member's own that logs everything decides locally, whatever
# the organization trail's owner says (or whether it is in the run).
test_member_own_trail_overrides if {
	arn := "arn:aws:cloudtrail:us-east-1:600000000005:trail/own"
	own := object.union(trail("own", true), {"TrailARN": arn})
	snap := json.patch(fx.member_snapshot, [{"op": "replace", "path": "/sections/cloudtrail.trails/data", "value": {
		"TrailList": [fx.org_trail, own],
		"TrailStatusByTrail": [fx.member_status, object.union(status("own", true), {"TrailARN": arn})],
		"EventSelectorsByTrail": [fx.all_management, object.union(selectors("own", basic("All", []), null), {"TrailARN": arn})],
	}}])
	fs := ir4_01.findings with input as snap with data.estate as {}
	f := only(fs)
	f.status == "pass"
	contains(f.message, "Multi-region trail(s) own are logging")
	not f.owner
}

# A trail whose deliveries fail is not logging anything an investigator can read.
test_fail_when_delivery_fails if {
	inp := snapshot([trail("t", true)], [object.union(status("t", true), {"LatestDeliveryError": "AccessDenied"})], [selectors("t", basic("All", []), null)])
	fs := ir4_01.findings with input as inp
	f := only(fs)
	f.status == "fail"
	contains(f.message, "fails to deliver log files to S3 (LatestDeliveryError \"AccessDenied\")")
}

test_fail_when_last_delivery_is_old if {
	inp := snapshot([trail("t", true)], [object.union(status("t", true), {"LatestDeliveryTime": "2026-11-10T08:55:00Z"})], [selectors("t", basic("All", []), null)])
	fs := ir4_01.findings with input as inp
	f := only(fs)
	f.status == "fail"
	contains(f.message, "last delivered log files to S3 at 2026-11-10T08:55:00Z, more than a day before the snapshot")
}

test_fail_when_never_delivered if {
	inp := snapshot([trail("t", true)], [object.remove(status("t", true), ["LatestDeliveryTime"])], [selectors("t", basic("All", []), null)])
	fs := ir4_01.findings with input as inp
	f := only(fs)
	f.status == "fail"
	contains(f.message, "has never delivered log files to S3")
}

# Advanced selectors are ORed: an unfiltered management selector covers what a filtered one leaves out.
test_pass_when_a_clean_selector_covers_a_filtered_one if {
	adv := [
		{"Name": "Management events", "FieldSelectors": [field("eventCategory", ["Management"])]},
		{"Name": "No KMS", "FieldSelectors": [field("eventCategory", ["Management"]), object.union(field("eventSource", null), {"NotEquals": ["kms.amazonaws.com"]})]},
	]
	fs := ir4_01.findings with input as one("t", true, true, selectors("t", null, adv))
	f := only(fs)
	f.status == "pass"
}

test_fail_when_the_clean_selector_covers_only_reads if {
	adv := [
		{"Name": "Reads", "FieldSelectors": [field("eventCategory", ["Management"]), field("readOnly", ["true"])]},
		{"Name": "Writes but KMS", "FieldSelectors": [field("eventCategory", ["Management"]), field("readOnly", ["false"]), object.union(field("eventSource", null), {"NotEquals": ["kms.amazonaws.com"]})]},
	]
	fs := ir4_01.findings with input as one("t", true, true, selectors("t", null, adv))
	f := only(fs)
	f.status == "fail"
	contains(f.message, "filters management events (eventSource NotEquals [kms.amazonaws.com])")
}
