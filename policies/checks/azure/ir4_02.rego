# METADATA
# title: Network Watcher in every VNet region
# description: >-
#   Every Azure region where the subscription has a virtual network also has a Network
#   Watcher (Microsoft.Network/networkWatchers with that location, not Failed or being
#   deleted), which flow logs, packet capture, connection troubleshooting and topology need
#   during an investigation. One finding per region that has a VNet; a subscription without
#   VNets passes with a finding that says so. Same intent as Azure Policy b6e2945c ("Network
#   Watcher should be enabled"), which also demands that the watcher be in resource group
#   NetworkWatcherRG; irscan accepts a watcher in any resource group and says when the
#   policy would still flag it.
# custom:
#   id: AZ-IR4-02
#   controls: [IR-4]
#   severity: low
#   requires: [network.virtual_networks, network.network_watchers]
#   remediation: >-
#     Network Watcher is enabled automatically in a region when a virtual network is created
#     there, unless that was opted out of. Enable it for the region: Azure portal > Network
#     Watcher > Overview > select the region > Enable, or az network watcher configure
#     --resource-group NetworkWatcherRG --locations <region> --enabled true. Do not delete
#     NetworkWatcherRG or its watchers.
#   references:
#     - https://learn.microsoft.com/en-us/azure/network-watcher/network-watcher-create
#     - https://learn.microsoft.com/en-us/azure/network-watcher/network-watcher-overview
#     - https://learn.microsoft.com/en-us/rest/api/network-watcher/network-watchers/list-all
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.azure.ir4_02

import data.irscan.lib.azure
import data.irscan.lib.scope

vnets_data := input.sections["network.virtual_networks"].data

watchers_data := input.sections["network.network_watchers"].data

# The VNet names of each region (locations compared without case and spaces).
vnet_regions[region] := sort([v.name |
	some v in vnets_data.value
	azure.norm_location(v.location) == region
]) if {
	some vnet in vnets_data.value
	region := azure.norm_location(vnet.location)
}

findings contains f if {
	some region, names in vnet_regions
	usable := [i | some i, w in watchers_data.value; azure.norm_location(w.location) == region; ready(w)]
	count(usable) > 0
	w := watchers_data.value[usable[0]]
	f := {
		"resource": scope.resource,
		"region": region,
		"status": "pass",
		"message": sprintf("Region %s has Network Watcher %s (resource group %s) for its VNet(s) %s, as expected%s.", [region, w.name, resource_group(w.id), concat(", ", names), policy_note(w)]),
		"evidence": [sprintf("/sections/network.network_watchers/data/value/%d", [usable[0]])],
	}
}

findings contains f if {
	is_object(watchers_data)
	some region, names in vnet_regions
	not any_ready(region)
	f := {
		"resource": scope.resource,
		"region": region,
		"status": "fail",
		"message": sprintf("Region %s has VNet(s) %s but %s; expected a Network Watcher in every region that has a virtual network.", [region, concat(", ", names), watcher_problem(region)]),
		"evidence": ["/sections/network.virtual_networks/data/value", "/sections/network.network_watchers/data/value"],
	}
}

findings contains f if {
	is_object(vnets_data)
	is_object(watchers_data)
	count(vnets_data.value) == 0
	f := {
		"resource": scope.resource,
		"status": "pass",
		"message": "The subscription has no virtual networks (the VNet list is empty), so no Network Watcher is needed.",
		"evidence": ["/sections/network.virtual_networks/data/value"],
	}
}

ready(w) if not provisioning_state(w) in {"Failed", "Deleting"}

provisioning_state(w) := s if {
	s := w.properties.provisioningState
	is_string(s)
} else := ""

any_ready(region) if {
	some w in watchers_data.value
	azure.norm_location(w.location) == region
	ready(w)
}

watcher_problem(region) := sprintf("its Network Watcher is not usable (%s)", [concat(", ", sort([sprintf("%s is %s", [w.name, w.properties.provisioningState]) |
	some w in watchers_data.value
	azure.norm_location(w.location) == region
]))]) if {
	some w in watchers_data.value
	azure.norm_location(w.location) == region
} else := "no Network Watcher"

# Azure Policy b6e2945c only accepts a watcher in resource group NetworkWatcherRG.
policy_note(w) := "" if {
	lower(resource_group(w.id)) == "networkwatcherrg"
} else := " (Azure Policy b6e2945c would still flag this region: it expects the watcher in resource group NetworkWatcherRG, which irscan does not require)"

# /subscriptions/<id>/resourceGroups/<rg>/providers/...
resource_group(id) := parts[4] if {
	parts := split(id, "/")
	count(parts) > 4
	lower(parts[3]) == "resourcegroups"
} else := "unknown"
