package irscan.checks.aws.ir4_04_test

import data.irscan.checks.aws.ir4_04
import data.irscan.lib.aws_test as fx

regions_data(names) := {"Regions": [{"RegionName": n, "Endpoint": sprintf("ec2.%s.amazonaws.com", [n]), "OptInStatus": "opt-in-not-required"} | some n in names]}

snapshot(names, regions) := {
	"cloud": "aws",
	"scope": {"type": "account", "id": "123456789012"},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {
		"ec2.regions": {"status": "ok", "data": regions_data(names)},
		"ec2.vpc_flow_logs": {"status": "ok", "regions": regions},
	},
}

vpc(id, name, is_default) := {
	"VpcId": id,
	"OwnerId": "123456789012",
	"State": "available",
	"IsDefault": is_default,
	"CidrBlock": "10.0.0.0/16",
	"Tags": [{"Key": "Name", "Value": name} | name != ""],
}

flow_log(id, resource, status, delivery) := {
	"FlowLogId": id,
	"ResourceId": resource,
	"FlowLogStatus": status,
	"DeliverLogsStatus": delivery,
	"DeliverLogsErrorMessage": null,
	"TrafficType": "ALL",
	"LogDestinationType": "cloud-watch-logs",
	"LogDestination": "arn:aws:logs:us-east-1:123456789012:log-group:vpc-flow-logs",
	"LogGroupName": "vpc-flow-logs",
	"CreationTime": "2025-01-10T12:00:00Z",
	"MaxAggregationInterval": 600,
	"Tags": null,
}

region(vpcs, logs) := {"status": "ok", "data": {"Vpcs": vpcs, "FlowLogs": logs}}

arn(id) := sprintf("arn:aws:ec2:us-east-1:123456789012:vpc/%s", [id])

test_pass_when_every_vpc_has_an_active_flow_log if {
	fs := ir4_04.findings with input as snapshot(["us-east-1"], {"us-east-1": region([vpc("vpc-0a1", "prod", false)], [flow_log("fl-1", "vpc-0a1", "ACTIVE", "SUCCESS")])})
	count(fs) == 1
	some f in fs
	f.status == "pass"
	f.resource == arn("vpc-0a1")
	f.region == "us-east-1"
	contains(f.message, `vpc-0a1 ("prod")`)
	contains(f.message, "fl-1: ALL traffic to arn:aws:logs:us-east-1:123456789012:log-group:vpc-flow-logs")
	f.evidence == ["/sections/ec2.vpc_flow_logs/regions/us-east-1/data/Vpcs/0", "/sections/ec2.vpc_flow_logs/regions/us-east-1/data/FlowLogs/0"]
}

test_one_finding_per_vpc if {
	fs := ir4_04.findings with input as snapshot(["us-east-1"], {"us-east-1": region(
		[vpc("vpc-0a1", "prod", false), vpc("vpc-0b2", "", true)],
		[flow_log("fl-1", "vpc-0a1", "ACTIVE", "SUCCESS"), flow_log("fl-2", "subnet-0c3", "ACTIVE", "SUCCESS")],
	)})
	{[f.resource, f.status] | some f in fs} == {[arn("vpc-0a1"), "pass"], [arn("vpc-0b2"), "fail"]}
	some f in fs
	f.status == "fail"
	contains(f.message, "vpc-0b2 (default VPC)")
	contains(f.message, "no flow log names it")
}

test_fail_when_delivery_failed if {
	fs := ir4_04.findings with input as snapshot(["us-east-1"], {"us-east-1": region([vpc("vpc-0a1", "prod", false)], [object.union(flow_log("fl-1", "vpc-0a1", "ACTIVE", "FAILED"), {"DeliverLogsErrorMessage": "Access error"})])})
	count(fs) == 1
	some f in fs
	f.status == "fail"
	contains(f.message, "fl-1 is ACTIVE with delivery FAILED (Access error)")
}

test_pass_with_null_delivery_status if {
	fs := ir4_04.findings with input as snapshot(["us-east-1"], {"us-east-1": region([vpc("vpc-0a1", "prod", false)], [flow_log("fl-1", "vpc-0a1", "ACTIVE", null)])})
	{f.status | some f in fs} == {"pass"}
}

test_fail_when_flow_logs_null if {
	fs := ir4_04.findings with input as snapshot(["us-east-1"], {"us-east-1": region([vpc("vpc-0a1", "prod", false)], null)})
	{f.status | some f in fs} == {"fail"}
}

test_pass_for_a_region_without_vpcs if {
	fs := ir4_04.findings with input as snapshot(["us-east-1", "eu-west-1"], {
		"us-east-1": region([vpc("vpc-0a1", "prod", false)], [flow_log("fl-1", "vpc-0a1", "ACTIVE", "SUCCESS")]),
		"eu-west-1": region(null, null),
	})
	{[f.region, f.resource, f.status] | some f in fs} == {["us-east-1", arn("vpc-0a1"), "pass"], ["eu-west-1", "arn:aws:account::123456789012:account", "pass"]}
	some f in fs
	f.region == "eu-west-1"
	contains(f.message, "no VPCs in eu-west-1")
}

test_shared_vpc_uses_its_owner if {
	fs := ir4_04.findings with input as snapshot(["us-east-1"], {"us-east-1": region([object.union(vpc("vpc-0d4", "", false), {"OwnerId": "210987654321"})], [])})
	{f.resource | some f in fs} == {"arn:aws:ec2:us-east-1:210987654321:vpc/vpc-0d4"}
}

test_error_when_an_enabled_region_was_not_read if {
	fs := ir4_04.findings with input as snapshot(["us-east-1"], {})
	{[f.region, f.status] | some f in fs} == {["us-east-1", "error"]}
}

test_no_finding_when_section_absent if {
	fs := ir4_04.findings with input as json.patch(snapshot(["us-east-1"], {}), [{"op": "remove", "path": "/sections/ec2.vpc_flow_logs"}])
	count(fs) == 0
}

test_no_pass_when_region_data_null if {
	fs := ir4_04.findings with input as snapshot(["us-east-1"], {"us-east-1": {"status": "ok", "data": null}})
	{f.status | some f in fs} == {"error"}
}

# ---------------------------------------------------------------------------------------------
# A VPC shared with this account through AWS RAM: the owner's flow logs, from its snapshot.

shared_arn := sprintf("arn:aws:ec2:us-east-1:%s:vpc/%s", [fx.network, fx.vpc_id])

shared_finding(fs) := f if {
	some f in fs
	f.resource == shared_arn
}

test_participant_follows_the_owners_flow_log if {
	fs := ir4_04.findings with input as fx.member_snapshot with data.estate as fx.sound
	f := shared_finding(fs)
	f.status == "pass"
	f.region == "us-east-1"
	contains(f.message, "has an active flow log (fl-0c0ffee5a1d000001: ALL traffic to arn:aws:s3:::org-log-archive/vpc-flow-logs/)")
	f.owner.id == fx.network
	f.owner.evidence == [
		"/sections/ec2.vpc_flow_logs/regions/us-east-1/data/Vpcs/0",
		"/sections/ec2.vpc_flow_logs/regions/us-east-1/data/FlowLogs/0",
	]
	f.evidence == ["/sections/ec2.vpc_flow_logs/regions/us-east-1/data/Vpcs/0"]
}

test_participant_fails_with_the_owner if {
	fs := ir4_04.findings with input as fx.member_snapshot with data.estate as fx.broken
	f := shared_finding(fs)
	f.status == "fail"
	contains(f.message, "no flow log names it")
	f.owner.id == fx.network
}

test_participant_fails_with_the_owners_failed_delivery if {
	failing := object.union(fx.flow_log("ACTIVE"), {"DeliverLogsStatus": "FAILED", "DeliverLogsErrorMessage": "Access error"})
	fs := ir4_04.findings with input as fx.member_snapshot with data.estate as fx.estate([fx.entry(fx.network_snapshot([failing]), [])])
	f := shared_finding(fs)
	f.status == "fail"
	contains(f.message, "delivery FAILED (Access error)")
}

test_participant_error_when_owner_absent if {
	fs := ir4_04.findings with input as fx.member_snapshot with data.estate as {}
	f := shared_finding(fs)
	f.status == "error"
	contains(f.message, "is held by AWS account 600000000004, which is not in this run")
	contains(f.message, "--org")
	not f.owner
}

test_participant_error_when_owner_could_not_read_the_region if {
	fs := ir4_04.findings with input as fx.member_snapshot with data.estate as fx.unread("ec2.vpc_flow_logs", "us-east-1")
	f := shared_finding(fs)
	f.status == "error"
	contains(f.message, "could not show it")
}

test_participant_error_when_owner_does_not_list_the_vpc if {
	fs := ir4_04.findings with input as fx.member_snapshot with data.estate as fx.estate([fx.entry(fx.snapshot(fx.network, {"ec2.vpc_flow_logs": fx.vpc_section([], [])}), [])])
	f := shared_finding(fs)
	f.status == "error"
	contains(f.message, "does not list it")
}

# A flow log the participant itself has on the shared VPC is judged locally.
test_participant_own_flow_log_overrides if {
	snap := json.patch(fx.member_snapshot, [{"op": "replace", "path": "/sections/ec2.vpc_flow_logs/regions/us-east-1/data/FlowLogs", "value": [fx.flow_log("ACTIVE")]}])
	fs := ir4_04.findings with input as snap with data.estate as {}
	f := shared_finding(fs)
	f.status == "pass"
	not f.owner
}

# The owner judges its own VPC locally.
test_owner_judges_its_own_vpc if {
	fs := ir4_04.findings with input as fx.network_snapshot([]) with data.estate as {}
	f := shared_finding(fs)
	f.status == "fail"
	not f.owner
}

# A flow log that records only ACCEPT traffic misses rejected probes and scans.
test_fail_when_only_accept_traffic_is_logged if {
	fs := ir4_04.findings with input as snapshot(["us-east-1"], {"us-east-1": region([vpc("vpc-0a1", "prod", false)], [object.union(flow_log("fl-1", "vpc-0a1", "ACTIVE", "SUCCESS"), {"TrafficType": "ACCEPT"})])})
	count(fs) == 1
	some f in fs
	f.status == "fail"
	contains(f.message, "only flow logs that record ACCEPT traffic")
	contains(f.message, "fl-1 is ACTIVE with delivery SUCCESS, traffic ACCEPT")
}

test_pass_when_reject_is_logged_alongside_accept if {
	fs := ir4_04.findings with input as snapshot(["us-east-1"], {"us-east-1": region([vpc("vpc-0a1", "prod", false)], [
		object.union(flow_log("fl-1", "vpc-0a1", "ACTIVE", "SUCCESS"), {"TrafficType": "ACCEPT"}),
		object.union(flow_log("fl-2", "vpc-0a1", "ACTIVE", "SUCCESS"), {"TrafficType": "REJECT"}),
	])})
	count(fs) == 1
	some f in fs
	f.status == "pass"
	contains(f.message, "fl-2: REJECT traffic")
	not contains(f.message, "fl-1")
}

# Default VPCs are judged like any other, never skipped.
test_default_vpc_is_judged if {
	fs := ir4_04.findings with input as snapshot(["us-east-1"], {"us-east-1": region([vpc("vpc-0d1", "default", true)], [])})
	count(fs) == 1
	some f in fs
	f.status == "fail"
	contains(f.message, "default VPC")
}

test_participant_fails_when_the_owner_logs_only_accept if {
	accept_only := object.union(fx.flow_log("ACTIVE"), {"TrafficType": "ACCEPT"})
	fs := ir4_04.findings with input as fx.member_snapshot with data.estate as fx.estate([fx.entry(fx.network_snapshot([accept_only]), [])])
	f := shared_finding(fs)
	f.status == "fail"
	contains(f.message, "only flow logs that record ACCEPT traffic")
}
