package irscan.checks.azure.ir4_02_test

import data.irscan.checks.azure.ir4_02

sub := "7f3c2d9e-5b1a-4c8e-9d2f-3a6b8c1e4f70"

subscription := sprintf("/subscriptions/%s", [sub])

vnet(name, location) := {
	"id": sprintf("/subscriptions/%s/resourceGroups/rg-payments-network/providers/Microsoft.Network/virtualNetworks/%s", [sub, name]),
	"name": name,
	"type": "Microsoft.Network/virtualNetworks",
	"location": location,
	"properties": {"provisioningState": "Succeeded", "addressSpace": {"addressPrefixes": ["10.20.0.0/16"]}, "subnets": []},
}

watcher(rg, location, state) := {
	"id": sprintf("/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Network/networkWatchers/NetworkWatcher_%s", [sub, rg, location]),
	"name": sprintf("NetworkWatcher_%s", [location]),
	"type": "Microsoft.Network/networkWatchers",
	"location": location,
	"properties": {"provisioningState": state},
}

snapshot(vnets, watchers) := {
	"cloud": "azure",
	"scope": {"type": "subscription", "id": sub},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {
		"network.virtual_networks": {"status": "ok", "data": {"value": vnets}},
		"network.network_watchers": {"status": "ok", "data": {"value": watchers}},
	},
}

results(fs) := {[f.resource, object.get(f, "region", ""), f.status] | some f in fs}

test_one_finding_per_vnet_region if {
	inp := snapshot(
		[vnet("vnet-a", "westeurope"), vnet("vnet-b", "westeurope"), vnet("vnet-c", "northeurope")],
		[watcher("NetworkWatcherRG", "westeurope", "Succeeded"), watcher("NetworkWatcherRG", "eastus", "Succeeded")],
	)
	fs := ir4_02.findings with input as inp
	results(fs) == {[subscription, "westeurope", "pass"], [subscription, "northeurope", "fail"]}
	some p in fs
	p.status == "pass"
	contains(p.message, "Region westeurope has Network Watcher NetworkWatcher_westeurope (resource group NetworkWatcherRG) for its VNet(s) vnet-a, vnet-b, as expected.")
	p.evidence == ["/sections/network.network_watchers/data/value/0"]
	some q in fs
	q.status == "fail"
	contains(q.message, "Region northeurope has VNet(s) vnet-c but no Network Watcher")
}

test_locations_compared_without_case_and_spaces if {
	fs := ir4_02.findings with input as snapshot([vnet("vnet-a", "West Europe")], [watcher("NetworkWatcherRG", "westeurope", "Succeeded")])
	results(fs) == {[subscription, "westeurope", "pass"]}
}

test_pass_outside_network_watcher_rg_notes_the_policy if {
	fs := ir4_02.findings with input as snapshot([vnet("vnet-a", "westeurope")], [watcher("rg-network", "westeurope", "Succeeded")])
	results(fs) == {[subscription, "westeurope", "pass"]}
	some f in fs
	contains(f.message, "Azure Policy b6e2945c would still flag this region")
}

test_fail_when_watcher_failed if {
	fs := ir4_02.findings with input as snapshot([vnet("vnet-a", "westeurope")], [watcher("NetworkWatcherRG", "westeurope", "Failed")])
	results(fs) == {[subscription, "westeurope", "fail"]}
	some f in fs
	contains(f.message, "its Network Watcher is not usable (NetworkWatcher_westeurope is Failed)")
}

test_pass_when_provisioning_state_absent if {
	w := json.patch(watcher("NetworkWatcherRG", "westeurope", "Succeeded"), [{"op": "remove", "path": "/properties/provisioningState"}])
	fs := ir4_02.findings with input as snapshot([vnet("vnet-a", "westeurope")], [w])
	results(fs) == {[subscription, "westeurope", "pass"]}
}

test_pass_without_vnets if {
	fs := ir4_02.findings with input as snapshot([], [watcher("NetworkWatcherRG", "westeurope", "Succeeded")])
	results(fs) == {[subscription, "", "pass"]}
	some f in fs
	contains(f.message, "no virtual networks")
}

test_no_finding_when_sections_absent if {
	fs := ir4_02.findings with input as object.remove(snapshot([], []), ["sections"])
	count(fs) == 0
}

test_no_finding_when_watchers_data_null if {
	inp := json.patch(snapshot([vnet("vnet-a", "westeurope")], []), [{"op": "replace", "path": "/sections/network.network_watchers/data", "value": null}])
	fs := ir4_02.findings with input as inp
	count(fs) == 0
}

test_no_finding_when_vnets_data_null if {
	inp := json.patch(snapshot([], [watcher("NetworkWatcherRG", "westeurope", "Succeeded")]), [{"op": "replace", "path": "/sections/network.virtual_networks/data", "value": null}])
	fs := ir4_02.findings with input as inp
	count(fs) == 0
}
