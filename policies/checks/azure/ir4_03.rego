# METADATA
# title: Flow logs
# description: >-
#   Every virtual network records its IP traffic, so that investigators can see which
#   addresses talked to which: an enabled flow log (Microsoft.Network/networkWatchers/flowLogs,
#   enabled true) targets the VNet itself (a VNet flow log), or every subnet of the VNet is
#   covered by an enabled flow log on the subnet or on the network security group attached to
#   it (NSG flow logs, which Microsoft retires on 30 September 2027). A subnet without an NSG
#   and without its own flow log leaves the VNet uncovered. Flow logs are read from every
#   Network Watcher of the subscription. One finding per VNet; a subscription without VNets
#   passes with a finding that says so. Same intent as the CIS Microsoft Azure Foundations
#   network flow log recommendations (section 6).
# custom:
#   id: AZ-IR4-03
#   controls: [IR-4]
#   severity: medium
#   requires: [network.virtual_networks, network.network_watchers, network.flow_logs]
#   remediation: >-
#     Create a VNet flow log for each virtual network (Azure portal: Network Watcher > Flow
#     logs > Create > Flow log type "Virtual network", select the VNet, a storage account in
#     the same region, retention, and optionally traffic analytics to the Sentinel
#     workspace), or az network watcher flow-log create --location <region> --name
#     <vnet>-flowlog --vnet <vnet-id> --storage-account <storage-account-id> --enabled true.
#     Prefer VNet flow logs to NSG flow logs, which can no longer be created and are retired
#     on 30 September 2027. Enable the region's Network Watcher first if needed (AZ-IR4-02).
#   references:
#     - https://learn.microsoft.com/en-us/azure/network-watcher/vnet-flow-logs-overview
#     - https://learn.microsoft.com/en-us/azure/network-watcher/vnet-flow-logs-manage
#     - https://learn.microsoft.com/en-us/azure/network-watcher/nsg-flow-logs-migrate
#     - https://learn.microsoft.com/en-us/rest/api/network-watcher/flow-logs/list
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.azure.ir4_03

import data.irscan.lib.azure
import data.irscan.lib.scope
import data.irscan.lib.values

vnets_data := input.sections["network.virtual_networks"].data

watchers_data := input.sections["network.network_watchers"].data

flow_data := input.sections["network.flow_logs"].data

# [entry, flow log] indexes of the enabled flow logs, by lower-cased target resource ID.
enabled_logs[target] contains [j, k] if {
	some j, e in flow_data.flowLogsByNetworkWatcher
	some k, fl in e.value
	fl.properties.enabled == true
	target := lower(fl.properties.targetResourceId)
}

findings contains f if {
	is_object(watchers_data)
	some i, v in vnets_data.value
	logs := object.get(enabled_logs, lower(v.id), set())
	count(logs) > 0
	f := {
		"resource": v.id,
		"region": azure.norm_location(v.location),
		"status": "pass",
		"message": sprintf("VNet %s is covered by VNet flow log %s, as expected.", [v.name, concat(", ", sort([log_text(j, k) | some [j, k] in logs]))]),
		"evidence": array.concat([sprintf("/sections/network.virtual_networks/data/value/%d", [i])], sort([pointer(j, k) | some [j, k] in logs])),
	}
}

findings contains f if {
	is_object(watchers_data)
	some i, v in vnets_data.value
	count(object.get(enabled_logs, lower(v.id), set())) == 0
	subs := subnets(v)
	count(subs) > 0
	every s in subs {
		subnet_covered(s)
	}
	f := {
		"resource": v.id,
		"region": azure.norm_location(v.location),
		"status": "pass",
		"message": sprintf("Every subnet of VNet %s is covered by a flow log (%s), as expected%s.", [v.name, concat("; ", sort([subnet_text(s) | some s in subs])), nsg_note(subs)]),
		"evidence": array.concat([sprintf("/sections/network.virtual_networks/data/value/%d/properties/subnets", [i])], sort([pointer(j, k) | some s in subs; some [j, k] in subnet_logs(s)])),
	}
}

findings contains f if {
	is_object(watchers_data)
	is_object(flow_data)
	count(unread) == 0
	some i, v in vnets_data.value
	not covered(v)
	f := {
		"resource": v.id,
		"region": azure.norm_location(v.location),
		"status": "fail",
		"message": sprintf("VNet %s in %s has no flow log: %s%s; expected an enabled VNet flow log on it, or every subnet covered by a subnet or NSG flow log.", [v.name, azure.norm_location(v.location), concat("; ", gaps(v)), watcher_note(v)]),
		"evidence": [sprintf("/sections/network.virtual_networks/data/value/%d", [i]), "/sections/network.flow_logs/data/flowLogsByNetworkWatcher"],
	}
}

# Never pass on absent data: a watcher whose flow logs are missing may hold the VNet's.
findings contains f if {
	is_object(watchers_data)
	is_object(flow_data)
	count(unread) > 0
	some i, v in vnets_data.value
	not covered(v)
	f := {
		"resource": v.id,
		"region": azure.norm_location(v.location),
		"status": "error",
		"message": sprintf("VNet %s has no flow log among those read, but the flow logs of Network Watcher(s) %s are missing from the snapshot; expected every watcher's flow logs to be read.", [v.name, concat(", ", sort(unread))]),
		"evidence": [sprintf("/sections/network.virtual_networks/data/value/%d", [i]), "/sections/network.flow_logs/data/flowLogsByNetworkWatcher"],
	}
}

findings contains f if {
	is_object(vnets_data)
	is_object(flow_data)
	count(vnets_data.value) == 0
	f := {
		"resource": scope.resource,
		"status": "pass",
		"message": "The subscription has no virtual networks (the VNet list is empty), so no flow log is needed.",
		"evidence": ["/sections/network.virtual_networks/data/value"],
	}
}

covered(v) if count(object.get(enabled_logs, lower(v.id), set())) > 0

covered(v) if {
	subs := subnets(v)
	count(subs) > 0
	every s in subs {
		subnet_covered(s)
	}
}

subnet_covered(s) if count(subnet_logs(s)) > 0

# Enabled flow logs on the subnet itself or on its network security group.
subnet_logs(s) := object.get(enabled_logs, lower(s.id), set()) | object.get(enabled_logs, lower(nsg_id(s)), set())

subnets(v) := s if {
	s := v.properties.subnets
	is_array(s)
} else := []

nsg_id(s) := s.properties.networkSecurityGroup.id if {
	is_string(s.properties.networkSecurityGroup.id)
} else := ""

subnet_text(s) := sprintf("subnet %s by %s", [s.name, concat(", ", sort([log_text(j, k) | some [j, k] in subnet_logs(s)]))])

nsg_note(subs) := " (NSG flow logs are retired on 30 September 2027; migrate them to VNet flow logs)" if {
	some s in subs
	count(object.get(enabled_logs, lower(s.id), set())) == 0
} else := ""

# What keeps a VNet uncovered.
gaps(v) := array.concat(
	array.concat(
		["no enabled flow log targets the VNet"],
		[sprintf("flow log %s on the VNet is disabled", [fl.name]) |
			some e in flow_data.flowLogsByNetworkWatcher
			some fl in e.value
			lower(fl.properties.targetResourceId) == lower(v.id)
			not fl.properties.enabled == true
		],
	),
	subnet_gaps(v),
)

subnet_gaps(v) := ["it has no subnets"] if {
	count(subnets(v)) == 0
} else := [sprintf("subnet %s %s", [s.name, subnet_problem(s)]) |
	some s in subnets(v)
	not subnet_covered(s)
]

subnet_problem(s) := "has no NSG and no flow log" if {
	nsg_id(s) == ""
} else := sprintf("has no flow log and its NSG %s has no enabled NSG flow log", [values.last_segment(nsg_id(s))])

watcher_note(v) := "" if {
	some w in watchers_data.value
	azure.norm_location(w.location) == azure.norm_location(v.location)
} else := sprintf(" (there is no Network Watcher in %s, see AZ-IR4-02)", [azure.norm_location(v.location)])

# Watchers of the subscription whose flow logs the snapshot does not hold.
unread contains w.name if {
	some w in watchers_data.value
	not flow_logs_read(w.id)
}

flow_logs_read(id) if {
	some e in flow_data.flowLogsByNetworkWatcher
	lower(e.networkWatcherId) == lower(id)
}

log_text(j, k) := sprintf("%s (to storage account %s%s)", [fl.name, values.last_segment(fl.properties.storageId), analytics_text(fl)]) if {
	fl := flow_data.flowLogsByNetworkWatcher[j].value[k]
	is_string(fl.properties.storageId)
} else := flow_data.flowLogsByNetworkWatcher[j].value[k].name

analytics_text(fl) := ", traffic analytics on" if {
	fl.properties.flowAnalyticsConfiguration.networkWatcherFlowAnalyticsConfiguration.enabled == true
} else := ""

pointer(j, k) := sprintf("/sections/network.flow_logs/data/flowLogsByNetworkWatcher/%d/value/%d", [j, k])
