package irscan.checks.gcp.ir4_02_test

import data.irscan.checks.gcp.ir4_02

base := "https://www.googleapis.com/compute/v1/projects/acme-payments-prod"

subnet(region, name, extra) := object.union(
	{
		"kind": "compute#subnetwork",
		"name": name,
		"selfLink": sprintf("%s/regions/%s/subnetworks/%s", [base, region, name]),
		"region": sprintf("%s/regions/%s", [base, region]),
		"network": sprintf("%s/global/networks/payments-vpc", [base]),
		"ipCidrRange": "10.40.0.0/20",
	},
	extra,
)

logged := {"purpose": "PRIVATE", "enableFlowLogs": true, "logConfig": {"enable": true, "aggregationInterval": "INTERVAL_5_SEC", "flowSampling": 0.5, "metadata": "INCLUDE_ALL_METADATA"}}

resource(region, name) := sprintf("//compute.googleapis.com/projects/acme-payments-prod/regions/%s/subnetworks/%s", [region, name])

snapshot(items, configs) := {
	"cloud": "gcp",
	"scope": {"type": "project", "id": "acme-payments-prod"},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {
		"compute.subnetworks": {"status": "ok", "data": {"project": "acme-payments-prod", "items": items, "serviceDisabled": []}},
		"networkmanagement.vpc_flow_logs_configs": {"status": "ok", "data": {
			"parents": ["projects/acme-payments-prod/locations/global", "organizations/301234567890/locations/global"],
			"vpcFlowLogsConfigs": configs,
			"serviceDisabled": [],
		}},
	},
}

results(fs) := {[f.resource, f.region, f.status] | some f in fs}

finding(fs, resource) := f if {
	some f in fs
	f.resource == resource
}

test_pass_with_log_config if {
	fs := ir4_02.findings with input as snapshot({"regions/europe-west1": {"subnetworks": [subnet("europe-west1", "payments-app", logged)]}}, [])
	results(fs) == {[resource("europe-west1", "payments-app"), "europe-west1", "pass"]}
	f := finding(fs, resource("europe-west1", "payments-app"))
	contains(f.message, "logConfig.enable, aggregation INTERVAL_5_SEC, sampling 0.5")
	f.evidence == ["/sections/compute.subnetworks/data/items/regions~1europe-west1/subnetworks/0"]
}

test_fail_private_subnet_without_flow_logs if {
	fs := ir4_02.findings with input as snapshot({"regions/europe-west1": {"subnetworks": [subnet("europe-west1", "payments-db", {"purpose": "PRIVATE"})]}}, [])
	results(fs) == {[resource("europe-west1", "payments-db"), "europe-west1", "fail"]}
	f := finding(fs, resource("europe-west1", "payments-db"))
	contains(f.message, "Subnet payments-db (network payments-vpc) has no VPC Flow Logs: it has no logConfig")
}

test_fail_when_log_config_disabled if {
	fs := ir4_02.findings with input as snapshot({"regions/europe-west1": {"subnetworks": [subnet("europe-west1", "payments-db", {"purpose": "PRIVATE", "enableFlowLogs": true, "logConfig": {"aggregationInterval": "INTERVAL_5_SEC"}})]}}, [])
	f := finding(fs, resource("europe-west1", "payments-db"))
	f.status == "fail"
	contains(f.message, "logConfig.enable is false")
}

test_subnet_without_purpose_is_private if {
	fs := ir4_02.findings with input as snapshot({"regions/us-east1": {"subnetworks": [subnet("us-east1", "legacy", {})]}}, [])
	results(fs) == {[resource("us-east1", "legacy"), "us-east1", "fail"]}
}

test_proxy_only_subnet_is_not_assessed if {
	items := {"regions/europe-west1": {"subnetworks": [
		subnet("europe-west1", "payments-app", logged),
		subnet("europe-west1", "payments-proxy-only", {"purpose": "REGIONAL_MANAGED_PROXY", "role": "ACTIVE", "state": "READY"}),
	]}}
	fs := ir4_02.findings with input as snapshot(items, [])
	results(fs) == {
		[resource("europe-west1", "payments-app"), "europe-west1", "pass"],
		[resource("europe-west1", "payments-proxy-only"), "europe-west1", "pass"],
	}
	f := finding(fs, resource("europe-west1", "payments-proxy-only"))
	contains(f.message, "has purpose REGIONAL_MANAGED_PROXY: it is not a private subnet")
	contains(f.message, "not assessed")
}

test_private_service_connect_subnet_is_not_assessed if {
	fs := ir4_02.findings with input as snapshot({"regions/europe-west1": {"subnetworks": [subnet("europe-west1", "psc", {"purpose": "PRIVATE_SERVICE_CONNECT"})]}}, [])
	results(fs) == {[resource("europe-west1", "psc"), "europe-west1", "pass"]}
}

test_pass_when_covered_by_subnet_config if {
	c := {"name": "projects/acme-payments-prod/locations/global/vpcFlowLogsConfigs/batch", "state": "ENABLED", "subnet": "projects/acme-payments-prod/regions/us-east1/subnetworks/payments-batch"}
	fs := ir4_02.findings with input as snapshot({"regions/us-east1": {"subnetworks": [subnet("us-east1", "payments-batch", {"purpose": "PRIVATE"})]}}, [c])
	f := finding(fs, resource("us-east1", "payments-batch"))
	f.status == "pass"
	contains(f.message, "covered by the ENABLED VPC Flow Logs configuration batch (on subnet payments-batch)")
	f.evidence == ["/sections/compute.subnetworks/data/items/regions~1us-east1/subnetworks/0", "/sections/networkmanagement.vpc_flow_logs_configs/data/vpcFlowLogsConfigs/0"]
}

test_pass_when_covered_by_network_config if {
	c := {"name": "projects/acme-payments-prod/locations/global/vpcFlowLogsConfigs/vpc", "state": "ENABLED", "network": "projects/acme-payments-prod/global/networks/payments-vpc"}
	fs := ir4_02.findings with input as snapshot({"regions/us-east1": {"subnetworks": [subnet("us-east1", "payments-batch", {"purpose": "PRIVATE"})]}}, [c])
	results(fs) == {[resource("us-east1", "payments-batch"), "us-east1", "pass"]}
}

test_pass_when_covered_by_organisation_config if {
	c := {"name": "organizations/301234567890/locations/global/vpcFlowLogsConfigs/org-all", "state": "ENABLED"}
	fs := ir4_02.findings with input as snapshot({"regions/us-east1": {"subnetworks": [subnet("us-east1", "payments-batch", {"purpose": "PRIVATE"})]}}, [c])
	f := finding(fs, resource("us-east1", "payments-batch"))
	f.status == "pass"
	contains(f.message, "org-all (on organisation organizations/301234567890)")
}

test_fail_when_config_disabled_or_elsewhere if {
	configs := [
		{"name": "projects/acme-payments-prod/locations/global/vpcFlowLogsConfigs/off", "state": "DISABLED", "network": "projects/acme-payments-prod/global/networks/payments-vpc"},
		{"name": "projects/acme-payments-prod/locations/global/vpcFlowLogsConfigs/other", "state": "ENABLED", "network": "projects/acme-payments-prod/global/networks/other-vpc"},
	]
	fs := ir4_02.findings with input as snapshot({"regions/us-east1": {"subnetworks": [subnet("us-east1", "payments-batch", {"purpose": "PRIVATE"})]}}, configs)
	f := finding(fs, resource("us-east1", "payments-batch"))
	f.status == "fail"
	contains(f.message, "(off (on network payments-vpc) is DISABLED)")
}

test_fail_when_no_config_covers_it if {
	c := {"name": "projects/acme-payments-prod/locations/global/vpcFlowLogsConfigs/other", "state": "ENABLED", "network": "projects/acme-payments-prod/global/networks/other-vpc"}
	fs := ir4_02.findings with input as snapshot({"regions/us-east1": {"subnetworks": [subnet("us-east1", "payments-batch", {"purpose": "PRIVATE"})]}}, [c])
	f := finding(fs, resource("us-east1", "payments-batch"))
	f.status == "fail"
	contains(f.message, "(1 configuration(s) read)")
}

# "0.0 means no logs are reported": enabled logs that sample nothing are not on.
test_fail_when_sampling_is_zero if {
	zero := {"purpose": "PRIVATE", "logConfig": {"enable": true, "aggregationInterval": "INTERVAL_5_SEC", "flowSampling": 0, "metadata": "INCLUDE_ALL_METADATA"}}
	fs := ir4_02.findings with input as snapshot({"regions/europe-west1": {"subnetworks": [subnet("europe-west1", "payments-db", zero)]}}, [])
	f := finding(fs, resource("europe-west1", "payments-db"))
	f.status == "fail"
	contains(f.message, "its logConfig has flowSampling 0, which reports no flow")
}

test_fail_when_filter_is_false if {
	none := {"purpose": "PRIVATE", "logConfig": {"enable": true, "flowSampling": 1, "filterExpr": " false "}}
	fs := ir4_02.findings with input as snapshot({"regions/europe-west1": {"subnetworks": [subnet("europe-west1", "payments-db", none)]}}, [])
	f := finding(fs, resource("europe-west1", "payments-db"))
	f.status == "fail"
	contains(f.message, "its logConfig's filterExpr is false, which keeps no flow")
}

test_pass_when_filter_is_true if {
	all := {"purpose": "PRIVATE", "logConfig": {"enable": true, "flowSampling": 0.1, "filterExpr": "true"}}
	fs := ir4_02.findings with input as snapshot({"regions/europe-west1": {"subnetworks": [subnet("europe-west1", "payments-db", all)]}}, [])
	finding(fs, resource("europe-west1", "payments-db")).status == "pass"
}

test_manual_when_filter_is_an_expression if {
	some_flows := {"purpose": "PRIVATE", "logConfig": {"enable": true, "flowSampling": 1, "filterExpr": "connection.dest_port == 443"}}
	fs := ir4_02.findings with input as snapshot({"regions/europe-west1": {"subnetworks": [subnet("europe-west1", "payments-db", some_flows)]}}, [])
	f := finding(fs, resource("europe-west1", "payments-db"))
	f.status == "manual"
	contains(f.message, "its logConfig keeps only flows matching 'connection.dest_port == 443'")
}

# A filtered subnet is still covered by a configuration that records every flow.
test_pass_when_filtered_subnet_is_covered_in_full if {
	some_flows := {"purpose": "PRIVATE", "logConfig": {"enable": true, "flowSampling": 1, "filterExpr": "connection.dest_port == 443"}}
	c := {"name": "organizations/301234567890/locations/global/vpcFlowLogsConfigs/org-all", "state": "ENABLED"}
	fs := ir4_02.findings with input as snapshot({"regions/europe-west1": {"subnetworks": [subnet("europe-west1", "payments-db", some_flows)]}}, [c])
	results(fs) == {[resource("europe-west1", "payments-db"), "europe-west1", "pass"]}
}

test_config_with_zero_sampling_or_false_filter_does_not_cover if {
	configs := [
		{"name": "projects/acme-payments-prod/locations/global/vpcFlowLogsConfigs/zero", "state": "ENABLED", "network": "projects/acme-payments-prod/global/networks/payments-vpc", "flowSampling": 0},
		{"name": "organizations/301234567890/locations/global/vpcFlowLogsConfigs/nothing", "state": "ENABLED", "filterExpr": "false"},
	]
	fs := ir4_02.findings with input as snapshot({"regions/us-east1": {"subnetworks": [subnet("us-east1", "payments-batch", {"purpose": "PRIVATE"})]}}, configs)
	f := finding(fs, resource("us-east1", "payments-batch"))
	f.status == "fail"
	contains(f.message, "zero (on network payments-vpc) has flowSampling 0")
	contains(f.message, "nothing (on organisation organizations/301234567890) has filterExpr false")
}

test_manual_when_only_a_filtered_config_covers_it if {
	c := {"name": "projects/acme-payments-prod/locations/global/vpcFlowLogsConfigs/web", "state": "ENABLED", "network": "projects/acme-payments-prod/global/networks/payments-vpc", "filterExpr": "connection.dest_port == 443"}
	fs := ir4_02.findings with input as snapshot({"regions/us-east1": {"subnetworks": [subnet("us-east1", "payments-batch", {"purpose": "PRIVATE"})]}}, [c])
	f := finding(fs, resource("us-east1", "payments-batch"))
	f.status == "manual"
	contains(f.message, "configuration web (on network payments-vpc) keeps only flows matching 'connection.dest_port == 443'")
	f.evidence == ["/sections/compute.subnetworks/data/items/regions~1us-east1/subnetworks/0", "/sections/networkmanagement.vpc_flow_logs_configs/data/vpcFlowLogsConfigs/0"]
}

test_one_finding_per_subnet_across_regions_and_warnings if {
	items := {
		"regions/asia-east1": {"warning": {"code": "NO_RESULTS_ON_PAGE", "message": "There are no results for scope 'regions/asia-east1' on this page."}},
		"regions/europe-west1": {"subnetworks": [subnet("europe-west1", "a", logged), subnet("europe-west1", "b", {"purpose": "PRIVATE"})]},
		"regions/us-east1": {"subnetworks": [subnet("us-east1", "c", logged)]},
	}
	fs := ir4_02.findings with input as snapshot(items, [])
	results(fs) == {
		[resource("europe-west1", "a"), "europe-west1", "pass"],
		[resource("europe-west1", "b"), "europe-west1", "fail"],
		[resource("us-east1", "c"), "us-east1", "pass"],
	}
}

test_pass_when_no_subnets if {
	fs := ir4_02.findings with input as snapshot({"regions/asia-east1": {"warning": {"code": "NO_RESULTS_ON_PAGE"}}}, [])
	count(fs) == 1
	some f in fs
	f.status == "pass"
	f.resource == "//cloudresourcemanager.googleapis.com/projects/acme-payments-prod"
	not f.region
	contains(f.message, "has no VPC subnet")
}

test_service_disabled_is_data if {
	inp := json.patch(snapshot({}, []), [{"op": "replace", "path": "/sections/compute.subnetworks/data/serviceDisabled", "value": [{"parent": "projects/acme-payments-prod", "service": "compute.googleapis.com", "consumer": "projects/555555555555"}]}])
	fs := ir4_02.findings with input as inp
	count(fs) == 1
	some f in fs
	f.status == "pass"
	contains(f.message, "the Compute Engine API is disabled in it (SERVICE_DISABLED)")
}

test_organisation_snapshot_says_subnets_are_per_project if {
	inp := json.patch(snapshot({}, [{"name": "organizations/301234567890/locations/global/vpcFlowLogsConfigs/org-all", "state": "ENABLED"}]), [
		{"op": "replace", "path": "/scope", "value": {"type": "organization", "id": "301234567890"}},
		{"op": "replace", "path": "/sections/compute.subnetworks/data/project", "value": null},
	])
	fs := ir4_02.findings with input as inp
	count(fs) == 1
	some f in fs
	f.status == "pass"
	f.resource == "//cloudresourcemanager.googleapis.com/organizations/301234567890"
	contains(f.message, "organizations/301234567890 holds no subnet of its own")
	contains(f.message, "(1 enabled VPC Flow Logs configuration(s) are set on it)")
}

test_no_finding_when_section_absent if {
	inp := json.patch(snapshot({"regions/us-east1": {"subnetworks": [subnet("us-east1", "c", logged)]}}, []), [{"op": "remove", "path": "/sections/networkmanagement.vpc_flow_logs_configs"}])
	fs := ir4_02.findings with input as inp
	count(fs) == 0
}

test_no_finding_when_data_null if {
	inp := json.patch(snapshot({}, []), [{"op": "replace", "path": "/sections/compute.subnetworks/data", "value": null}])
	fs := ir4_02.findings with input as inp
	count(fs) == 0
}
