package irscan.facts.aws_test

import data.irscan.facts.aws as facts
import data.irscan.lib.aws_test as fx

test_trails_only_the_owned_ones if {
	mgmt := facts.trails with input as fx.mgmt_snapshot(fx.full_status, fx.all_management, 731)
	mgmt == {fx.org_trail_arn: {
		"name": "org-trail",
		"home_region": "us-east-1",
		"multi_region": true,
		"organization": true,
		"log_group_arn": sprintf("%s:*", [fx.log_group_arn]),
		"bucket": fx.bucket,
		"status": {"IsLogging": true, "LatestCloudWatchLogsDeliveryTime": "2026-11-20T08:55:00Z", "LatestCloudWatchLogsDeliveryError": null, "LatestDeliveryTime": "2026-11-20T08:55:00Z", "LatestDeliveryError": null},
		"management_problems": [],
		"pointers": {
			"trail": "/sections/cloudtrail.trails/data/TrailList/0",
			"status": "/sections/cloudtrail.trails/data/TrailStatusByTrail/0",
			"selectors": "/sections/cloudtrail.trails/data/EventSelectorsByTrail/0",
		},
	}}

	# A member sees the organization trail but does not own it.
	member := facts.trails with input as fx.member_snapshot
	member == {}
}

test_trails_missing_status_is_null if {
	t := facts.trails with input as fx.snapshot(fx.mgmt, {"cloudtrail.trails": fx.trails_section([fx.org_trail], null, null)})
	t[fx.org_trail_arn].status == null
	t[fx.org_trail_arn].management_problems == null
	t[fx.org_trail_arn].pointers.status == null
}

test_trail_log_groups if {
	g := facts.trail_log_groups with input as fx.mgmt_snapshot(fx.full_status, fx.all_management, 30)
	g == {fx.log_group_arn: {"region": "us-east-1", "name": "org-trail-logs", "exists": true, "retention_in_days": 30, "pointer": "/sections/logs.log_groups/regions/us-east-1/data/LogGroups/0"}}

	# The member's same-named log group is not the trail's: the trail names the management account's.
	m := facts.trail_log_groups with input as fx.member_snapshot
	m == {}
}

test_trail_log_group_that_does_not_exist if {
	snap := fx.snapshot(fx.mgmt, {
		"cloudtrail.trails": fx.trails_section([fx.org_trail], [fx.full_status], [fx.all_management]),
		"logs.log_groups": fx.log_groups_section([]),
	})
	g := facts.trail_log_groups with input as snap
	g[fx.log_group_arn].exists == false
	g[fx.log_group_arn].pointer == "/sections/logs.log_groups/regions/us-east-1/data/LogGroups"
}

test_trail_log_groups_missing_region if {
	snap := fx.snapshot(fx.mgmt, {"cloudtrail.trails": fx.trails_section([fx.org_trail], [fx.full_status], [fx.all_management])})
	g := facts.trail_log_groups with input as snap
	g == {}
}

test_trail_buckets_only_the_owned_ones if {
	b := facts.trail_buckets with input as fx.archive_snapshot(365)
	b[fx.bucket].ObjectLockConfiguration.Rule.DefaultRetention.Days == 365
	b[fx.bucket].pointer == "/sections/s3.trail_buckets/data/Buckets/0"
	m := facts.trail_buckets with input as fx.mgmt_snapshot(fx.full_status, fx.all_management, 731)
	m == {}
}

test_vpcs_only_the_owned_ones if {
	v := facts.vpcs with input as fx.network_snapshot([fx.flow_log("ACTIVE")])
	v["us-east-1"][fx.vpc_id].pointer == "/sections/ec2.vpc_flow_logs/regions/us-east-1/data/Vpcs/0"
	[fl.FlowLogStatus | some fl in v["us-east-1"][fx.vpc_id].flow_logs] == ["ACTIVE"]
	v["eu-west-1"] == {}

	# The participant sees the shared VPC but does not own it.
	m := facts.vpcs with input as fx.member_snapshot
	m["us-east-1"] == {}
}

test_findings_rules_and_aggregator if {
	r := facts.findings_rules with input as fx.security_snapshot("ENABLED")
	[x.name | some x in r["us-east-1"]] == ["findings-to-central-bus", "central-findings-to-response"]
	r["eu-west-1"] == []
	a := facts.securityhub_aggregators with input as fx.security_snapshot("ENABLED")
	a == [{"arn": fx.aggregator_arn, "home_region": "us-east-1", "linking_mode": "SPECIFIED_REGIONS", "regions": ["eu-west-1"], "pointer": "/sections/securityhub.hubs/regions/us-east-1/data/FindingAggregators/0"}]
}

test_administrators if {
	g := facts.guardduty_administrators with input as fx.member_snapshot
	g == {"us-east-1": [fx.security], "eu-west-1": [fx.security]}
	s := facts.securityhub_administrators with input as fx.member_snapshot
	s == {"us-east-1": [fx.security], "eu-west-1": [fx.security]}
	none := facts.guardduty_administrators with input as fx.security_snapshot("ENABLED")
	none == {"us-east-1": [], "eu-west-1": []}
}

# Missing data: a snapshot without the sections offers nothing (and never fails).
test_missing_sections_give_empty_facts if {
	f := facts with input as fx.snapshot(fx.member, {})
	f.trails == {}
	f.trail_log_groups == {}
	f.trail_buckets == {}
	f.vpcs == {}
	f.findings_rules == {}
	f.securityhub_aggregators == []
}

# A section read with an error (data null) offers nothing for it either.
test_null_data_gives_empty_facts if {
	snap := fx.snapshot(fx.mgmt, {
		"cloudtrail.trails": {"status": "denied", "data": null},
		"s3.trail_buckets": {"status": "error", "data": null},
		"events.rules": {"status": "denied", "regions": {"us-east-1": {"status": "denied", "data": null}}},
	})
	f := facts with input as snap
	f.trails == {}
	f.trail_buckets == {}
	f.findings_rules == {}
}
