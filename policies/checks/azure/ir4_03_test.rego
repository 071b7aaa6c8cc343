package irscan.checks.azure.ir4_03_test

import data.irscan.checks.azure.ir4_03

sub := "7f3c2d9e-5b1a-4c8e-9d2f-3a6b8c1e4f70"

subscription := sprintf("/subscriptions/%s", [sub])

rg := sprintf("/subscriptions/%s/resourceGroups/rg-payments-network/providers/Microsoft.Network", [sub])

vnet_id(name) := sprintf("%s/virtualNetworks/%s", [rg, name])

nsg_id(name) := sprintf("%s/networkSecurityGroups/%s", [rg, name])

subnet(vnet, name, nsg) := {
	"id": sprintf("%s/subnets/%s", [vnet_id(vnet), name]),
	"name": name,
	"properties": object.union({"addressPrefix": "10.20.1.0/24", "provisioningState": "Succeeded"}, nsg_ref(nsg)),
}

nsg_ref(nsg) := {"networkSecurityGroup": {"id": nsg_id(nsg)}} if nsg != ""

else := {}

vnet(name, location, subnets) := {
	"id": vnet_id(name),
	"name": name,
	"type": "Microsoft.Network/virtualNetworks",
	"location": location,
	"properties": {"provisioningState": "Succeeded", "addressSpace": {"addressPrefixes": ["10.20.0.0/16"]}, "subnets": subnets},
}

watcher_id(location) := sprintf("/subscriptions/%s/resourceGroups/NetworkWatcherRG/providers/Microsoft.Network/networkWatchers/NetworkWatcher_%s", [sub, location])

watcher(location) := {"id": watcher_id(location), "name": sprintf("NetworkWatcher_%s", [location]), "type": "Microsoft.Network/networkWatchers", "location": location, "properties": {"provisioningState": "Succeeded"}}

flow_log(name, target, enabled) := {
	"id": sprintf("%s/flowLogs/%s", [watcher_id("westeurope"), name]),
	"name": name,
	"type": "Microsoft.Network/networkWatchers/flowLogs",
	"location": "westeurope",
	"properties": {
		"provisioningState": "Succeeded",
		"targetResourceId": target,
		"targetResourceGuid": "00000000-0000-0000-0000-000000000000",
		"storageId": sprintf("/subscriptions/%s/resourceGroups/rg-audit/providers/Microsoft.Storage/storageAccounts/stcontosoflowlogs", [sub]),
		"enabled": enabled,
		"retentionPolicy": {"days": 90, "enabled": true},
		"format": {"type": "JSON", "version": 2},
		"flowAnalyticsConfiguration": {},
	},
}

snapshot(vnets, watchers, logs) := {
	"cloud": "azure",
	"scope": {"type": "subscription", "id": sub},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {
		"network.virtual_networks": {"status": "ok", "data": {"value": vnets}},
		"network.network_watchers": {"status": "ok", "data": {"value": watchers}},
		"network.flow_logs": {"status": "ok", "data": {"flowLogsByNetworkWatcher": [{"networkWatcherId": watcher_id("westeurope"), "value": logs}]}},
	},
}

weu(vnets, logs) := snapshot(vnets, [watcher("westeurope")], logs)

results(fs) := {[f.resource, object.get(f, "region", ""), f.status] | some f in fs}

test_one_finding_per_vnet if {
	vnets := [vnet("vnet-a", "westeurope", [subnet("vnet-a", "app", "nsg-app")]), vnet("vnet-b", "westeurope", [subnet("vnet-b", "db", "")])]
	fs := ir4_03.findings with input as weu(vnets, [flow_log("vnet-a-flowlog", vnet_id("vnet-a"), true)])
	results(fs) == {[vnet_id("vnet-a"), "westeurope", "pass"], [vnet_id("vnet-b"), "westeurope", "fail"]}
	some p in fs
	p.status == "pass"
	contains(p.message, "VNet vnet-a is covered by VNet flow log vnet-a-flowlog (to storage account stcontosoflowlogs), as expected.")
	p.evidence == ["/sections/network.virtual_networks/data/value/0", "/sections/network.flow_logs/data/flowLogsByNetworkWatcher/0/value/0"]
	some q in fs
	q.status == "fail"
	contains(q.message, "no enabled flow log targets the VNet; subnet db has no NSG and no flow log")
}

test_target_ids_compared_without_case if {
	fs := ir4_03.findings with input as weu([vnet("vnet-a", "westeurope", [])], [flow_log("fl", upper(vnet_id("vnet-a")), true)])
	results(fs) == {[vnet_id("vnet-a"), "westeurope", "pass"]}
}

test_fail_when_vnet_flow_log_disabled if {
	fs := ir4_03.findings with input as weu([vnet("vnet-a", "westeurope", [])], [flow_log("vnet-a-flowlog", vnet_id("vnet-a"), false)])
	results(fs) == {[vnet_id("vnet-a"), "westeurope", "fail"]}
	some f in fs
	contains(f.message, "flow log vnet-a-flowlog on the VNet is disabled; it has no subnets")
}

test_pass_with_nsg_flow_logs_on_every_subnet if {
	v := vnet("vnet-a", "westeurope", [subnet("vnet-a", "app", "nsg-app"), subnet("vnet-a", "db", "nsg-db")])
	logs := [flow_log("nsg-app-flowlog", nsg_id("nsg-app"), true), flow_log("nsg-db-flowlog", nsg_id("nsg-db"), true)]
	fs := ir4_03.findings with input as weu([v], logs)
	results(fs) == {[vnet_id("vnet-a"), "westeurope", "pass"]}
	some f in fs
	contains(f.message, "subnet app by nsg-app-flowlog")
	contains(f.message, "NSG flow logs are retired on 30 September 2027")
}

test_pass_with_subnet_flow_logs if {
	v := vnet("vnet-a", "westeurope", [subnet("vnet-a", "app", "")])
	fs := ir4_03.findings with input as weu([v], [flow_log("app-flowlog", sprintf("%s/subnets/app", [vnet_id("vnet-a")]), true)])
	results(fs) == {[vnet_id("vnet-a"), "westeurope", "pass"]}
	some f in fs
	not contains(f.message, "retired")
}

test_fail_when_one_nsg_lacks_a_flow_log if {
	v := vnet("vnet-a", "westeurope", [subnet("vnet-a", "app", "nsg-app"), subnet("vnet-a", "db", "nsg-db")])
	logs := [flow_log("nsg-app-flowlog", nsg_id("nsg-app"), true), flow_log("nsg-db-flowlog", nsg_id("nsg-db"), false)]
	fs := ir4_03.findings with input as weu([v], logs)
	results(fs) == {[vnet_id("vnet-a"), "westeurope", "fail"]}
	some f in fs
	contains(f.message, "subnet db has no flow log and its NSG nsg-db has no enabled NSG flow log")
	not contains(f.message, "subnet app")
}

test_fail_in_region_without_watcher_says_so if {
	fs := ir4_03.findings with input as weu([vnet("vnet-n", "northeurope", [])], [])
	results(fs) == {[vnet_id("vnet-n"), "northeurope", "fail"]}
	some f in fs
	contains(f.message, "(there is no Network Watcher in northeurope, see AZ-IR4-02)")
}

test_error_when_a_watcher_was_not_read if {
	inp := snapshot([vnet("vnet-a", "westeurope", [])], [watcher("westeurope"), watcher("northeurope")], [])
	fs := ir4_03.findings with input as inp
	results(fs) == {[vnet_id("vnet-a"), "westeurope", "error"]}
	some f in fs
	contains(f.message, "Network Watcher(s) NetworkWatcher_northeurope are missing")
}

test_pass_even_when_a_watcher_was_not_read if {
	inp := snapshot([vnet("vnet-a", "westeurope", [])], [watcher("westeurope"), watcher("northeurope")], [flow_log("fl", vnet_id("vnet-a"), true)])
	fs := ir4_03.findings with input as inp
	results(fs) == {[vnet_id("vnet-a"), "westeurope", "pass"]}
}

test_pass_without_vnets if {
	fs := ir4_03.findings with input as weu([], [])
	results(fs) == {[subscription, "", "pass"]}
}

test_no_finding_when_sections_absent if {
	fs := ir4_03.findings with input as object.remove(weu([], []), ["sections"])
	count(fs) == 0
}

test_no_finding_when_any_data_null if {
	every section in ["network.virtual_networks", "network.network_watchers", "network.flow_logs"] {
		inp := json.patch(weu([vnet("vnet-a", "westeurope", [])], [flow_log("fl", vnet_id("vnet-a"), true)]), [{"op": "replace", "path": sprintf("/sections/%s/data", [section]), "value": null}])
		count(ir4_03.findings) == 0 with input as inp
	}
}
