# METADATA
# title: VPC flow logs
# description: >-
#   Every private subnet records its IP traffic, so that investigators can see which addresses
#   talked to which: the subnet has VPC Flow Logs on (logConfig.enable, or enableFlowLogs when
#   Compute Engine returns no logConfig), or an ENABLED VPC Flow Logs configuration of Network
#   Management covers it, and the logs record flows: a flowSampling of 0 reports no flow
#   (Compute Engine's default is 0.5, Network Management's 1.0) and a filterExpr that is the
#   constant false keeps none, so neither is "on"; logs whose filterExpr is any other CEL
#   expression record only what it keeps and are manual, the filter quoted, unless other logs
#   that record every flow cover the subnet. A configuration covers a subnet when it is set on
#   the subnet or its network, or is an organisation-level one (every network of the
#   organisation). Private subnets are those of purpose
#   PRIVATE (or PRIVATE_RFC_1918, or no purpose, as older subnets have). Proxy-only
#   (REGIONAL_MANAGED_PROXY, GLOBAL_MANAGED_PROXY, INTERNAL_HTTPS_LOAD_BALANCER), Private
#   Service Connect, Private NAT and other special-purpose subnets carry no VM traffic and
#   Google offers no flow logs on them: they pass with a finding that says they are not
#   assessed. One finding per subnet, in the subnet's region. A project without subnets (or
#   with the Compute Engine API disabled: SERVICE_DISABLED) passes with a finding that says
#   so; on an organisation snapshot the check passes with a finding saying that subnets are
#   assessed in each project's snapshot. Same intent as CIS Google Cloud 3.8 (Security
#   Health Analytics FLOW_LOGS_DISABLED).
# custom:
#   id: GCP-IR4-02
#   controls: [IR-4]
#   severity: medium
#   requires: [compute.subnetworks, networkmanagement.vpc_flow_logs_configs]
#   remediation: >-
#     Turn on flow logs for each private subnet: Console: VPC network > VPC networks > the
#     network > Subnets > the subnet > Edit > Flow logs On (aggregation interval, sample rate
#     and metadata as your retention budget allows), or gcloud compute networks subnets update
#     <subnet> --region=<region> --enable-flow-logs --logging-aggregation-interval=interval-5-sec
#     --logging-flow-sampling=0.5 --logging-metadata=include-all. To cover whole networks or
#     the organisation at once, create a VPC Flow Logs configuration: gcloud
#     network-management vpc-flow-logs-configs create <name> --location=global
#     --network=projects/<project-id>/global/networks/<network> (or --organization=<org-id>).
#     Enforce it for new subnets with an organisation policy or infrastructure-as-code checks.
#   references:
#     - https://cloud.google.com/vpc/docs/using-flow-logs
#     - https://cloud.google.com/vpc/docs/flow-logs
#     - https://cloud.google.com/network-intelligence-center/docs/vpc-flow-logs/concepts/about-vpc-flow-logs-configs
#     - https://cloud.google.com/compute/docs/reference/rest/v1/subnetworks/aggregatedList
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.gcp.ir4_02

import data.irscan.lib.gcp
import data.irscan.lib.scope
import data.irscan.lib.values

subnets_data := input.sections["compute.subnetworks"].data

configs_data := input.sections["networkmanagement.vpc_flow_logs_configs"].data

private_purposes := {"PRIVATE", "PRIVATE_RFC_1918"}

# [region key, index, subnet] of every subnet listed.
subnets contains [key, i, s] if {
	some key, scoped in subnets_data.items
	some i, s in object.get(scoped, "subnetworks", [])
}

ready if {
	is_object(subnets_data)
	is_object(configs_data)
}

findings contains f if {
	ready
	some [key, i, s] in subnets
	not private(s)
	f := {
		"resource": resource(s),
		"region": region(s),
		"status": "pass",
		"message": sprintf("Subnet %s has purpose %s: it is not a private subnet (Google Cloud offers no VPC Flow Logs on proxy-only and other special-purpose subnets, whose traffic the load balancer's or service's own logs record), so it is not assessed.", [s.name, s.purpose]),
		"evidence": [pointer(key, i)],
	}
}

findings contains f if {
	ready
	some [key, i, s] in subnets
	private(s)
	own_records(s) == "all"
	f := {
		"resource": resource(s),
		"region": region(s),
		"status": "pass",
		"message": sprintf("Subnet %s has VPC Flow Logs on (%s), as expected.", [s.name, log_text(s)]),
		"evidence": [pointer(key, i)],
	}
}

findings contains f if {
	ready
	some [key, i, s] in subnets
	private(s)
	own_records(s) != "all"
	covering := [j | some j, c in configs_data.vpcFlowLogsConfigs; covers(c, s); config_records(c) == "all"]
	count(covering) > 0
	f := {
		"resource": resource(s),
		"region": region(s),
		"status": "pass",
		"message": sprintf("Subnet %s has no flow logs of its own that record every flow (%s) but is covered by the ENABLED VPC Flow Logs configuration %s, as expected.", [s.name, own_text(s), concat(", ", [config_text(configs_data.vpcFlowLogsConfigs[j]) | some j in covering])]),
		"evidence": array.concat([pointer(key, i)], [sprintf("/sections/networkmanagement.vpc_flow_logs_configs/data/vpcFlowLogsConfigs/%d", [j]) | some j in covering]),
	}
}

# Logs that are on but keep only the flows a filter expression selects: whether the filter
# drops flows that matter is for a person to judge.
findings contains f if {
	ready
	some [key, i, s] in subnets
	private(s)
	own_records(s) != "all"
	not covered(s)
	filtered := [j | some j, c in configs_data.vpcFlowLogsConfigs; covers(c, s); config_records(c) == "filtered"]
	texts := array.concat(own_filter_text(s), [sprintf("configuration %s keeps only flows matching '%s'", [config_text(configs_data.vpcFlowLogsConfigs[j]), configs_data.vpcFlowLogsConfigs[j].filterExpr]) | some j in filtered])
	count(texts) > 0
	f := {
		"resource": resource(s),
		"region": region(s),
		"status": "manual",
		"message": sprintf("Subnet %s records only the flows a filter expression keeps (%s); irscan does not evaluate CEL filters: confirm that the filter keeps the traffic investigators need, or remove it.", [s.name, concat("; ", texts)]),
		"evidence": array.concat([pointer(key, i)], [sprintf("/sections/networkmanagement.vpc_flow_logs_configs/data/vpcFlowLogsConfigs/%d", [j]) | some j in filtered]),
	}
}

findings contains f if {
	ready
	some [key, i, s] in subnets
	private(s)
	own_records(s) != "all"
	own_records(s) != "filtered"
	not covered(s)
	not covered_filtered(s)
	f := {
		"resource": resource(s),
		"region": region(s),
		"status": "fail",
		"message": sprintf("Subnet %s (network %s) has no VPC Flow Logs: %s, and no ENABLED VPC Flow Logs configuration that records flows covers it (%s); expected logConfig.enable true with a flowSampling above 0, or a configuration on the subnet, its network or the organisation.", [s.name, values.last_segment(object.get(s, "network", "unknown")), own_text(s), configs_text(s)]),
		"evidence": [pointer(key, i), "/sections/networkmanagement.vpc_flow_logs_configs/data/vpcFlowLogsConfigs"],
	}
}

# No subnet at all: a project without VPC subnets, or a scope that holds none.
findings contains f if {
	ready
	count(subnets) == 0
	f := {
		"resource": scope.resource,
		"status": "pass",
		"message": empty_text,
		"evidence": ["/sections/compute.subnetworks/data"],
	}
}

empty_text := sprintf("%s holds no subnet of its own: subnets belong to projects, and each project is assessed in its own snapshot (%d enabled VPC Flow Logs configuration(s) are set on it).", [trim_prefix(scope.resource, "//cloudresourcemanager.googleapis.com/"), count(enabled_configs)]) if {
	input.scope.type != "project"
} else := sprintf("Project %s has no VPC network: the Compute Engine API is disabled in it (SERVICE_DISABLED), so there is no subnet to log.", [input.scope.id]) if {
	count(subnets_data.serviceDisabled) > 0
} else := sprintf("Project %s has no VPC subnet (aggregatedList returned none), so there is no subnet to log.", [input.scope.id])

enabled_configs := [c | some c in configs_data.vpcFlowLogsConfigs; c.state == "ENABLED"]

# Subnets created before purposes existed have none: they are private.
private(s) if object.get(s, "purpose", "PRIVATE") in private_purposes

# logConfig is authoritative when present; enableFlowLogs is the older flag.
own_logs(s) if s.logConfig.enable == true

own_logs(s) if {
	not has_log_config(s)
	s.enableFlowLogs == true
}

has_log_config(s) if is_object(s.logConfig)

# What the subnet's own flow logs record: "all" (every flow, sampled), "filtered" (only what
# a filter expression keeps), "none" (off, a sampling rate of 0 or a filter that is the
# constant false). Compute Engine's default sampling rate is 0.5; the collector records the
# rate Google returns, 0 included.
own_records(s) := "none" if {
	not own_logs(s)
} else := records(object.get(s, "logConfig", {}), 0.5)

# A Network Management configuration records nothing unless ENABLED; its default rate is 1.0.
config_records(c) := "none" if {
	c.state != "ENABLED"
} else := records(c, 1)

records(x, default_rate) := "none" if {
	object.get(x, "flowSampling", default_rate) <= 0
} else := "none" if {
	trim_space(object.get(x, "filterExpr", "")) == "false"
} else := "all" if {
	trim_space(object.get(x, "filterExpr", "")) in {"", "true"}
} else := "filtered"

covered(s) if {
	some c in configs_data.vpcFlowLogsConfigs
	covers(c, s)
	config_records(c) == "all"
}

covered_filtered(s) if {
	some c in configs_data.vpcFlowLogsConfigs
	covers(c, s)
	config_records(c) == "filtered"
}

covers(c, s) if path(c.subnet) == path(s.selfLink)

covers(c, s) if path(c.network) == path(s.network)

# An organisation-level configuration has no target: it covers every network of the organisation.
covers(c, s) if {
	startswith(c.name, "organizations/")
	not targeted(c)
	is_string(s.name)
}

targeted(c) if {
	some k in ["network", "subnet", "vpnTunnel", "interconnectAttachment"]
	object.get(c, k, "") != ""
}

log_text(s) := sprintf("logConfig.enable, aggregation %s, sampling %v, metadata %s", [
	object.get(s.logConfig, "aggregationInterval", "INTERVAL_5_SEC"),
	object.get(s.logConfig, "flowSampling", 1),
	object.get(s.logConfig, "metadata", "INCLUDE_ALL_METADATA"),
]) if {
	has_log_config(s)
} else := "enableFlowLogs"

own_text(s) := "logConfig.enable is false" if {
	has_log_config(s)
	not own_logs(s)
} else := "it has no logConfig" if {
	not own_logs(s)
} else := sprintf("its logConfig has flowSampling %v, which reports no flow", [s.logConfig.flowSampling]) if {
	object.get(s.logConfig, "flowSampling", 0.5) <= 0
} else := "its logConfig's filterExpr is false, which keeps no flow" if {
	trim_space(object.get(s.logConfig, "filterExpr", "")) == "false"
} else := sprintf("its logConfig keeps only flows matching '%s'", [s.logConfig.filterExpr]) if {
	own_records(s) == "filtered"
} else := "its flow logs are on"

own_filter_text(s) := [sprintf("its logConfig keeps only flows matching '%s'", [s.logConfig.filterExpr])] if {
	own_records(s) == "filtered"
} else := []

# The configurations that cover the subnet but record nothing, and why; or how many were read.
configs_text(s) := concat("; ", [sprintf("%s %s", [config_text(c), why_none(c)]) | some c in configs_data.vpcFlowLogsConfigs; covers(c, s)]) if {
	some c in configs_data.vpcFlowLogsConfigs
	covers(c, s)
} else := sprintf("%d configuration(s) read", [count(configs_data.vpcFlowLogsConfigs)])

why_none(c) := sprintf("is %s", [object.get(c, "state", "STATE_UNSPECIFIED")]) if {
	c.state != "ENABLED"
} else := sprintf("has flowSampling %v", [c.flowSampling]) if {
	object.get(c, "flowSampling", 1) <= 0
} else := "has filterExpr false"

config_text(c) := sprintf("%s (on %s)", [values.last_segment(c.name), target_text(c)])

target_text(c) := sprintf("subnet %s", [values.last_segment(c.subnet)]) if {
	object.get(c, "subnet", "") != ""
} else := sprintf("network %s", [values.last_segment(c.network)]) if {
	object.get(c, "network", "") != ""
} else := sprintf("organisation %s", [concat("/", array.slice(split(c.name, "/"), 0, 2))])

# A Compute Engine URL or resource path as "projects/<p>/...".
path(u) := p if {
	is_string(u)
	parts := split(u, "/projects/")
	count(parts) > 1
	p := concat("", ["projects/", parts[count(parts) - 1]])
} else := u if {
	is_string(u)
	startswith(u, "projects/")
}

resource(s) := concat("", ["//compute.googleapis.com/", path(s.selfLink)])

region(s) := values.last_segment(s.region)

pointer(key, i) := sprintf("/sections/compute.subnetworks/data/items/%s/subnetworks/%d", [gcp.esc(key), i])
