# Tests of irscan.lib.aws, and the fixtures the AWS checks' estate tests share (import
# data.irscan.lib.aws_test as fx): an organization whose management account holds the
# organization trail and its log group, whose log-archive account owns the trail bucket,
# whose security-tooling account is the GuardDuty and Security Hub administrator with a
# central event bus, whose network account shares a VPC, and a workload member that sees
# them all. An estate entry's facts are computed by the AWS facts package from the owner's
# snapshot, as the engine does.
package irscan.lib.aws_test

import data.irscan.lib.aws

mgmt := "600000000001"

archive := "600000000002"

security := "600000000003"

network := "600000000004"

member := "600000000005"

collected_at := "2026-11-20T09:00:00Z"

# ---------------------------------------------------------------------------------------------
# Snapshots

regions_section(names) := {"status": "ok", "data": {"Regions": [{"RegionName": n, "OptInStatus": "opt-in-not-required"} | some n in names]}}

snapshot(id, sections) := {
	"cloud": "aws",
	"scope": {"type": "account", "id": id},
	"collected_at": collected_at,
	"sections": object.union({"ec2.regions": regions_section(["us-east-1", "eu-west-1"])}, sections),
}

# The organization trail, as DescribeTrails shows it in every account.
org_trail_arn := sprintf("arn:aws:cloudtrail:us-east-1:%s:trail/org-trail", [mgmt])

log_group_arn := sprintf("arn:aws:logs:us-east-1:%s:log-group:org-trail-logs", [mgmt])

bucket := "org-log-archive"

org_trail := {
	"Name": "org-trail",
	"TrailARN": org_trail_arn,
	"HomeRegion": "us-east-1",
	"IsMultiRegionTrail": true,
	"IsOrganizationTrail": true,
	"LogFileValidationEnabled": true,
	"CloudWatchLogsLogGroupArn": sprintf("%s:*", [log_group_arn]),
	"S3BucketName": bucket,
}

# GetTrailStatus as the management account sees it (delivered 5 minutes before the snapshot).
full_status := {
	"TrailARN": org_trail_arn,
	"IsLogging": true,
	"LatestCloudWatchLogsDeliveryTime": "2026-11-20T08:55:00Z",
	"LatestCloudWatchLogsDeliveryError": null,
	"LatestDeliveryTime": "2026-11-20T08:55:00Z",
	"LatestDeliveryError": null,
}

# GetTrailStatus called from a member: the delivery fields are omitted.
member_status := {
	"TrailARN": org_trail_arn,
	"IsLogging": true,
	"LatestCloudWatchLogsDeliveryTime": null,
	"LatestCloudWatchLogsDeliveryError": null,
}

all_management := {"TrailARN": org_trail_arn, "EventSelectors": [{"ReadWriteType": "All", "IncludeManagementEvents": true, "ExcludeManagementEventSources": []}], "AdvancedEventSelectors": null}

trails_section(trails, statuses, selectors) := {"status": "ok", "data": {"TrailList": trails, "TrailStatusByTrail": statuses, "EventSelectorsByTrail": selectors}}

log_groups_section(groups) := {"status": "ok", "regions": {
	"us-east-1": {"status": "ok", "data": {"LogGroups": groups}},
	"eu-west-1": {"status": "ok", "data": {"LogGroups": []}},
}}

log_group(account, name, days) := {
	"LogGroupName": name,
	"Arn": sprintf("arn:aws:logs:us-east-1:%s:log-group:%s:*", [account, name]),
	"RetentionInDays": days,
}

trail_bucket(name, owned, days) := {
	"Bucket": name,
	"BucketRegion": "us-east-1",
	"OwnedByAccount": true,
	"ObjectLockConfiguration": {"ObjectLockEnabled": "Enabled", "Rule": {"DefaultRetention": {"Mode": "COMPLIANCE", "Days": days, "Years": null}}},
	"Versioning": {"Status": "Enabled", "MFADelete": ""},
} if {
	owned
	days > 0
} else := {
	"Bucket": name,
	"BucketRegion": "us-east-1",
	"OwnedByAccount": true,
	"ObjectLockConfiguration": null,
	"Versioning": {"Status": "Enabled", "MFADelete": ""},
} if {
	owned
} else := {"Bucket": name, "BucketRegion": null, "OwnedByAccount": false, "ObjectLockConfiguration": null, "Versioning": null}

buckets_section(buckets) := {"status": "ok", "data": {"Buckets": buckets}}

vpc_id := "vpc-0c0ffee5a1dEXAMPLE"

vpc(owner) := {"VpcId": vpc_id, "OwnerId": owner, "IsDefault": false, "Tags": [{"Key": "Name", "Value": "shared-workloads"}]}

flow_log(state) := {
	"FlowLogId": "fl-0c0ffee5a1d000001",
	"ResourceId": vpc_id,
	"FlowLogStatus": state,
	"DeliverLogsStatus": "SUCCESS",
	"DeliverLogsErrorMessage": null,
	"TrafficType": "ALL",
	"LogDestination": "arn:aws:s3:::org-log-archive/vpc-flow-logs/",
	"LogDestinationType": "s3",
	"LogGroupName": null,
}

vpc_section(vpcs, logs) := {"status": "ok", "regions": {
	"us-east-1": {"status": "ok", "data": {"Vpcs": vpcs, "FlowLogs": logs}},
	"eu-west-1": {"status": "ok", "data": {"Vpcs": [], "FlowLogs": []}},
}}

# GuardDuty and Security Hub on in both regions, reporting to admin ("" for none).
detectors_section(admin) := {"status": "ok", "regions": {r: {"status": "ok", "data": {
	"DetectorIds": ["d1"],
	"Detectors": [{"DetectorId": "d1", "Status": "ENABLED"}],
	"AdministratorByDetector": [{"DetectorId": "d1", "Administrator": gd_admin(admin)}],
}} |
	some r in ["us-east-1", "eu-west-1"]
}}

gd_admin("") := null

gd_admin(a) := {"AccountId": a, "RelationshipStatus": "Enabled"} if a != ""

hubs_section(admin, aggregator) := {"status": "ok", "regions": {r: {"status": "ok", "data": {
	"Hub": {"HubArn": sprintf("arn:aws:securityhub:%s:%s:hub/default", [r, member])},
	"StandardsSubscriptions": [],
	"Administrator": sh_admin(admin),
	"FindingAggregators": aggregators(r, aggregator),
}} |
	some r in ["us-east-1", "eu-west-1"]
}}

sh_admin("") := null

sh_admin(a) := {"AccountId": a, "MemberStatus": "Enabled"} if a != ""

aggregator_arn := sprintf("arn:aws:securityhub:us-east-1:%s:finding-aggregator/agg-1", [security])

aggregators(_, false) := []

aggregators("us-east-1", true) := [{"FindingAggregatorArn": aggregator_arn, "FindingAggregationRegion": "us-east-1", "RegionLinkingMode": "SPECIFIED_REGIONS", "Regions": ["eu-west-1"]}]

aggregators("eu-west-1", true) := [{"FindingAggregatorArn": aggregator_arn, "FindingAggregationRegion": null, "RegionLinkingMode": null, "Regions": null}]

findings_pattern := `{"source":["aws.guardduty","aws.securityhub"],"detail-type":["GuardDuty Finding","Security Hub Findings - Imported"]}`

rule(account, bus, name, state) := {
	"Name": name,
	"Arn": sprintf("arn:aws:events:us-east-1:%s:rule/%s", [account, name]),
	"State": state,
	"EventPattern": findings_pattern,
	"EventBusName": bus,
}

targets(bus, name, arns) := {"Rule": name, "EventBusName": bus, "Targets": [{"Id": sprintf("t%d", [i]), "Arn": a} | some i, a in arns]}

bus_arn(account, name) := sprintf("arn:aws:events:us-east-1:%s:event-bus/%s", [account, name])

plan_arn := sprintf("arn:aws:ssm-incidents::%s:response-plan/SOC-Critical", [security])

runbook_arn := sprintf("arn:aws:ssm:us-east-1:%s:automation-definition/SOC-Contain:$DEFAULT", [security])

# us-east-1 rules and targets; eu-west-1 has none.
events_section(rules, tbr) := {"status": "ok", "regions": {
	"us-east-1": {"status": "ok", "data": {"EventBuses": [{"Name": "default"}], "Rules": rules, "TargetsByRule": tbr}},
	"eu-west-1": {"status": "ok", "data": {"EventBuses": [{"Name": "default"}], "Rules": [], "TargetsByRule": []}},
}}

# The security-tooling account: its default bus forwards every finding to the central bus,
# whose rule (in central_state) targets the response plan and the runbook.
security_snapshot(central_state) := snapshot(security, {
	"guardduty.detectors": detectors_section(""),
	"securityhub.hubs": hubs_section("", true),
	"events.rules": events_section(
		[rule(security, "default", "findings-to-central-bus", "ENABLED"), rule(security, "central", "central-findings-to-response", central_state)],
		[
			targets("default", "findings-to-central-bus", [bus_arn(security, "central")]),
			targets("central", "central-findings-to-response", [plan_arn, runbook_arn]),
		],
	),
})

# The management account: its organization trail, its status, and the trail's log group.
mgmt_snapshot(status, selectors, days) := snapshot(mgmt, {
	"cloudtrail.trails": trails_section([org_trail], [status], [selectors]),
	"logs.log_groups": log_groups_section([log_group(mgmt, "org-trail-logs", days)]),
	"s3.trail_buckets": buckets_section([trail_bucket(bucket, false, 0)]),
})

# The log-archive account: it owns the trail bucket (Object Lock days, 0 for none).
archive_snapshot(days) := snapshot(archive, {
	"cloudtrail.trails": trails_section([org_trail], [member_status], [all_management]),
	"s3.trail_buckets": buckets_section([trail_bucket(bucket, true, days)]),
})

network_snapshot(logs) := snapshot(network, {"ec2.vpc_flow_logs": vpc_section([vpc(network)], logs)})

# The workload member: it sees the organization trail, a VPC shared by the network
# account, has a same-named log group of its own, and reports to the security account.
member_snapshot := snapshot(member, {
	"cloudtrail.trails": trails_section([org_trail], [member_status], [all_management]),
	"logs.log_groups": log_groups_section([log_group(member, "org-trail-logs", 7)]),
	"s3.trail_buckets": buckets_section([trail_bucket(bucket, false, 0)]),
	"ec2.vpc_flow_logs": vpc_section([vpc(network)], []),
	"guardduty.detectors": detectors_section(security),
	"securityhub.hubs": hubs_section(security, false),
	"events.rules": events_section([], []),
})

# ---------------------------------------------------------------------------------------------
# The estate

# An estate entry whose facts the AWS facts package derives from the snapshot.
entry(snap, problems) := {
	"cloud": "aws",
	"type": "account",
	"id": snap.scope.id,
	"name": "",
	"snapshot": sprintf("aws-account-%s.json", [snap.scope.id]),
	"collected_at": snap.collected_at,
	"problems": problems,
	"facts": f,
} if {
	f := data.irscan.facts.aws with input as snap
}

estate(entries) := {"aws": {"account": {e.id: e | some e in entries}}}

# The sound estate: every central piece in place.
sound := estate([
	entry(mgmt_snapshot(full_status, all_management, 731), []),
	entry(archive_snapshot(365), []),
	entry(network_snapshot([flow_log("ACTIVE")]), []),
	entry(security_snapshot("ENABLED"), []),
])

# The broken estate: every central piece broken.
broken := estate([
	entry(mgmt_snapshot(object.union(full_status, {"IsLogging": false}), all_management, 30), []),
	entry(archive_snapshot(0), []),
	entry(network_snapshot([]), []),
	entry(security_snapshot("DISABLED"), []),
])

# An estate where every owner is in the run but could not read the section.
unread(section, region) := estate([entry(snapshot(id, {}), [{"section": section, "region": region, "text": sprintf("Section %q could not be read: permission denied.", [section])}]) | some id in [mgmt, archive, network, security]])

# ---------------------------------------------------------------------------------------------
# Tests of the library

test_arn_parts if {
	aws.arn_account(org_trail_arn) == mgmt
	aws.arn_account("arn:aws:s3:::bucket") == ""
	aws.arn_account(null) == ""
}

test_trail_account_and_label if {
	aws.trail_account(org_trail) == mgmt
	aws.foreign(org_trail) with input as member_snapshot
	not aws.foreign(org_trail) with input as mgmt_snapshot(full_status, all_management, 731)
	aws.trail_label(org_trail) == "org-trail (organization trail of AWS account 600000000001)" with input as member_snapshot
	aws.trail_label(org_trail) == "org-trail" with input as mgmt_snapshot(full_status, all_management, 731)
}

test_trail_source_local if {
	src := aws.trail_source(org_trail) with input as mgmt_snapshot(full_status, all_management, 731)
	src.kind == "local"
	src.status.LatestCloudWatchLogsDeliveryTime == "2026-11-20T08:55:00Z"
	src.management == []
}

test_trail_source_owner if {
	src := aws.trail_source(org_trail) with input as member_snapshot with data.estate as sound
	src.kind == "owner"
	src.entry.id == mgmt
	src.status.IsLogging == true
	src.pointers == [
		"/sections/cloudtrail.trails/data/TrailList/0",
		"/sections/cloudtrail.trails/data/TrailStatusByTrail/0",
		"/sections/cloudtrail.trails/data/EventSelectorsByTrail/0",
	]
}

test_trail_source_absent_and_unread if {
	absent := aws.trail_source(org_trail) with input as member_snapshot with data.estate as {}
	absent == {"kind": "absent", "owner": mgmt}
	unreadable := aws.trail_source(org_trail) with input as member_snapshot with data.estate as unread("cloudtrail.trails", "")
	unreadable.kind == "owner-unread"
	missing := aws.trail_source(org_trail) with input as member_snapshot with data.estate as estate([entry(snapshot(mgmt, {}), [])])
	missing.kind == "owner-missing"
}

test_management_problems if {
	aws.management_problems(all_management) == []
	aws.management_problems({"EventSelectors": [{"ReadWriteType": "WriteOnly", "IncludeManagementEvents": true, "ExcludeManagementEventSources": ["kms.amazonaws.com"]}]}) == [
		"does not log read management events",
		"excludes management events from kms.amazonaws.com (ExcludeManagementEventSources)",
	]
	aws.management_problems({"AdvancedEventSelectors": [{"FieldSelectors": [{"Field": "eventCategory", "Equals": ["Management"]}]}]}) == []
}

test_log_group_parts if {
	aws.log_group_parts(log_group_arn) == {"region": "us-east-1", "account": mgmt, "name": "org-trail-logs"}
	not aws.log_group_parts("arn:aws:s3:::bucket")
}

test_event_bus if {
	aws.event_bus(bus_arn(security, "central")) == {"region": "us-east-1", "account": security, "name": "central", "arn": bus_arn(security, "central")}
	not aws.event_bus(plan_arn)
}

test_links if {
	agg := {"home_region": "us-east-1", "linking_mode": "SPECIFIED_REGIONS", "regions": ["eu-west-1"]}
	aws.links(agg, "eu-west-1")
	not aws.links(agg, "us-east-1")
	not aws.links(agg, "ap-south-1")
	aws.links(object.union(agg, {"linking_mode": "ALL_REGIONS"}), "ap-south-1")
	aws.links(object.union(agg, {"linking_mode": "ALL_REGIONS_EXCEPT_SPECIFIED"}), "ap-south-1")
	not aws.links(object.union(agg, {"linking_mode": "ALL_REGIONS_EXCEPT_SPECIFIED"}), "eu-west-1")
	not aws.links(object.union(agg, {"linking_mode": "NO_REGIONS"}), "eu-west-1")
}

test_administrators if {
	aws.administrator("us-east-1", "aws.guardduty") == security with input as member_snapshot
	aws.administrator("eu-west-1", "aws.securityhub") == security with input as member_snapshot
	not aws.administrator("us-east-1", "aws.guardduty") with input as security_snapshot("ENABLED")
}

test_findings_rules_keep_bus_and_targets if {
	d := security_snapshot("ENABLED").sections["events.rules"].regions["us-east-1"].data
	aws.findings_rules(d, "us-east-1") == [
		{"bus": "default", "name": "findings-to-central-bus", "state": "ENABLED", "sources": ["aws.guardduty", "aws.securityhub"], "targets": [bus_arn(security, "central")], "pointer": "/sections/events.rules/regions/us-east-1/data/Rules/0"},
		{"bus": "central", "name": "central-findings-to-response", "state": "ENABLED", "sources": ["aws.guardduty", "aws.securityhub"], "targets": [plan_arn, runbook_arn], "pointer": "/sections/events.rules/regions/us-east-1/data/Rules/1"},
	]
}

test_findings_rules_null_targets_when_missing if {
	d := {"Rules": [rule(security, "default", "r", "ENABLED")], "TargetsByRule": []}
	[r.targets | some r in aws.findings_rules(d, "us-east-1")] == [null]
}

test_outcomes_follow_the_administrator if {
	os := aws.outcomes("us-east-1", "response-plan") with input as member_snapshot with data.estate as sound
	passes := [o | some o in os; o.status == "pass"]
	count(passes) == 2 # GuardDuty and Security Hub administrator, both in us-east-1
	every o in passes {
		o.owner == security
		"/sections/events.rules/regions/us-east-1/data/Rules/1" in o.owner_pointers
	}
}

test_outcomes_aggregator_region if {
	os := aws.outcomes("eu-west-1", "automation") with input as member_snapshot with data.estate as sound
	[o.text | some o in os; o.status == "pass"] == ["Security Hub sends this account's findings to its Security Hub administrator, AWS account 600000000003, whose finding aggregator links eu-west-1 to its home Region us-east-1, where rule findings-to-central-bus on event bus default of AWS account 600000000003 in us-east-1 forwards Security Hub findings to event bus central of AWS account 600000000003 (us-east-1), where rule central-findings-to-response on event bus central of AWS account 600000000003 in us-east-1 sends Security Hub findings to automation-definition/SOC-Contain:$DEFAULT"]
}

test_outcomes_unknown_when_administrator_absent if {
	os := aws.outcomes("us-east-1", "response-plan") with input as member_snapshot with data.estate as {}
	{o.error.owner | some o in os; o.status == "unknown"} == {security}
}
