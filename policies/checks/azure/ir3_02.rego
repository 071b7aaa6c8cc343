# METADATA
# title: Sentinel onboarded with Defender connected
# description: >-
#   A Log Analytics workspace of the subscription has Microsoft Sentinel onboarded (its
#   onboardingStates list is not empty) and a data connector that brings Microsoft Defender
#   alerts in: a Microsoft Defender for Cloud connector (kind AzureSecurityCenter) for this
#   subscription with alerts Enabled, or a Microsoft Defender XDR connector (kind
#   MicrosoftThreatProtection) with incidents or alerts Enabled. A Defender for Cloud
#   connector of another subscription does not bring this subscription's alerts in. A
#   subscription with a Sentinel workspace of its own is judged on its own workspaces. One
#   without follows the central (SOC) Sentinel workspace of another subscription of the same
#   run whose Defender for Cloud connector names its subscriptionId: Microsoft recommends as
#   few Sentinel workspaces as possible (one per Entra tenant where it can), and the
#   subscription-based Defender for Cloud connector is enabled per subscription, in the
#   workspace that receives the alerts. That workspace's connector for this subscription must
#   have alerts Enabled; a Defender XDR connector names a tenant, not a subscription, so it
#   does not tie a workload subscription to a central workspace. When no workspace of the run
#   names the subscription but it exports data (Defender for Cloud continuous export,
#   activity-log diagnostic setting) to a workspace of a subscription that is not in the run,
#   the finding is error naming that subscription. No Azure Policy covers this.
# custom:
#   id: AZ-IR3-02
#   controls: [IR-3]
#   severity: medium
#   requires: [operationalinsights.workspaces, securityinsights.onboarding_states, securityinsights.data_connectors]
#   remediation: >-
#     Onboard Microsoft Sentinel on the security operations workspace (Azure portal:
#     Microsoft Sentinel > Create > select the workspace > Add, or az sentinel onboarding-state
#     create --resource-group <rg> --workspace-name <workspace> --name default), then install
#     the "Microsoft Defender for Cloud" solution from the Content hub and connect this
#     subscription with alerts enabled (Data connectors > Subscription-based Microsoft
#     Defender for Cloud > Connect), or connect Microsoft Defender XDR with incidents and
#     alerts. Turn on bi-directional sync so that closing an incident in one closes it in the
#     other.
#   references:
#     - https://learn.microsoft.com/en-us/azure/sentinel/quickstart-onboard
#     - https://learn.microsoft.com/en-us/azure/sentinel/connect-defender-for-cloud
#     - https://learn.microsoft.com/en-us/azure/sentinel/connect-microsoft-365-defender
#     - https://learn.microsoft.com/en-us/rest/api/securityinsights/data-connectors/list
#     - https://learn.microsoft.com/en-us/azure/sentinel/best-practices-workspace-architecture
#     - https://learn.microsoft.com/en-us/azure/sentinel/prepare-multiple-workspaces
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.azure.ir3_02

import data.irscan.lib.azure
import data.irscan.lib.scope

workspaces_data := azure.workspaces_data

onboarding_data := azure.onboarding_data

connectors_data := azure.connectors_data

sentinel := azure.sentinel

# [entry, connector] indexes of the Defender connectors of Sentinel workspaces.
passing := [[j, k] |
	some j, e in connectors_data.dataConnectorsByWorkspace
	lower(e.workspaceId) in sentinel
	some k, c in e.value
	defender_connector(c)
]

findings contains f if {
	read
	count(passing) > 0
	f := {
		"resource": scope.resource,
		"status": "pass",
		"message": sprintf("Microsoft Sentinel is onboarded and receives Defender alerts: %s; expected a Sentinel workspace with a Defender for Cloud connector for this subscription or a Defender XDR connector.", [concat("; ", [sprintf("workspace %s has %s", [azure.workspace_name(connectors_data.dataConnectorsByWorkspace[j].workspaceId), describe(connectors_data.dataConnectorsByWorkspace[j].value[k])]) | some [j, k] in passing])]),
		"evidence": [sprintf("/sections/securityinsights.data_connectors/data/dataConnectorsByWorkspace/%d/value/%d", [j, k]) | some [j, k] in passing],
	}
}

# No Sentinel workspace of its own: the central workspace of another subscription of the run
# whose Defender for Cloud connector names this subscription (the owner rule, lib/azure.rego).
findings contains f if {
	complete
	count(sentinel) == 0
	f := azure.central(
		{
			"resource": scope.resource,
			"status": "fail",
			"message": sprintf("%s; expected a workspace with Microsoft Sentinel onboarded and a Defender for Cloud or Defender XDR data connector.", [not_onboarded_text]),
			"evidence": ["/sections/operationalinsights.workspaces/data/value", "/sections/securityinsights.onboarding_states/data/onboardingStatesByWorkspace"],
		},
		{"what": "The Microsoft Sentinel workspace that receives this subscription's Defender for Cloud alerts", "section": "securityinsights.data_connectors", "mode": "any"},
		[verdict(o) | some o in azure.owners],
	)
}

findings contains f if {
	complete
	count(sentinel) > 0
	count(passing) == 0
	f := {
		"resource": scope.resource,
		"status": "fail",
		"message": sprintf("Microsoft Sentinel is onboarded but no Defender alerts are connected: %s; expected a Defender for Cloud connector (AzureSecurityCenter) for subscription %s with alerts Enabled, or a Defender XDR connector (MicrosoftThreatProtection) with incidents or alerts Enabled.", [
			concat("; ", sort([sprintf("workspace %s has %s", [azure.workspace_name(e.workspaceId), connectors_text(e)]) |
				some e in connectors_data.dataConnectorsByWorkspace
				lower(e.workspaceId) in sentinel
			])),
			input.scope.id,
		]),
		"evidence": ["/sections/securityinsights.data_connectors/data/dataConnectorsByWorkspace"],
	}
}

# Never pass on absent data: a workspace whose onboarding state, or a Sentinel workspace
# whose connectors, the snapshot does not hold might be the one that passes.
findings contains f if {
	read
	count(passing) == 0
	count(missing) > 0
	f := {
		"resource": scope.resource,
		"status": "error",
		"message": sprintf("No Defender connector was found, but the snapshot lacks %s; expected every workspace to be read.", [concat("; ", sort(missing))]),
		"evidence": ["/sections/securityinsights.onboarding_states/data/onboardingStatesByWorkspace", "/sections/securityinsights.data_connectors/data/dataConnectorsByWorkspace"],
	}
}

defender_connector(c) if {
	azure.defender_for_cloud(c)
	c.properties.dataTypes.alerts.state == "Enabled"
	lower(c.properties.subscriptionId) == lower(input.scope.id)
}

defender_connector(c) if {
	c.kind == "MicrosoftThreatProtection"
	some t in ["incidents", "alerts"]
	c.properties.dataTypes[t].state == "Enabled"
}

# The verdict of a central workspace whose Defender for Cloud connector names this subscription.
verdict(o) := {
	"status": "pass",
	"message": sprintf("Microsoft Sentinel %s receives this subscription's Defender for Cloud alerts: its Defender for Cloud connector (AzureSecurityCenter) for subscription %s has alerts Enabled; expected a Sentinel workspace with a Defender for Cloud connector for this subscription.", [azure.owner_label(o), lower(input.scope.id)]),
	"pointers": array.concat([o.ws.pointer], [c.pointer | some c in azure.named_connectors(o); c.alerts == "Enabled"]),
} if {
	azure.alerts_enabled(o)
} else := {
	"status": "fail",
	"message": sprintf("Microsoft Sentinel %s has a Defender for Cloud connector for subscription %s, but with alerts %s; expected alerts Enabled, so that this subscription's Defender for Cloud alerts reach the workspace.", [azure.owner_label(o), lower(input.scope.id), concat(", ", sort({c.alerts | some c in azure.named_connectors(o)}))]),
	"pointers": array.concat([o.ws.pointer], [c.pointer | some c in azure.named_connectors(o)]),
}

read if {
	is_object(workspaces_data)
	is_object(onboarding_data)
	is_object(connectors_data)
}

complete if {
	read
	count(missing) == 0
}

missing contains sprintf("the onboarding state of workspace %s", [w.name]) if {
	some w in workspaces_data.value
	not azure.onboarding_read(w.id)
}

missing contains sprintf("the data connectors of Sentinel workspace %s", [azure.workspace_name(ws)]) if {
	some ws in sentinel
	not connectors_read(ws)
}

connectors_read(ws) if {
	some e in connectors_data.dataConnectorsByWorkspace
	lower(e.workspaceId) == ws
}

not_onboarded_text := "The subscription has no Log Analytics workspace (the workspaces list is empty), so Microsoft Sentinel is not onboarded in it" if {
	count(workspaces_data.value) == 0
} else := sprintf("Microsoft Sentinel is not onboarded on any of the %d Log Analytics workspace(s) of the subscription (%s: onboardingStates is empty)", [count(workspaces_data.value), concat(", ", sort([w.name | some w in workspaces_data.value]))])

connectors_text(e) := "no data connector" if {
	count(azure.entries(e)) == 0
} else := concat(", ", sort([describe(c) | some c in azure.entries(e)]))

describe(c) := sprintf("a Defender for Cloud connector for subscription %s with alerts %s", [connected_subscription(c), azure.data_type_state(c, "alerts")]) if {
	azure.defender_for_cloud(c)
} else := sprintf("a Defender XDR connector with incidents %s and alerts %s", [azure.data_type_state(c, "incidents"), azure.data_type_state(c, "alerts")]) if {
	c.kind == "MicrosoftThreatProtection"
} else := sprintf("a %s connector", [azure.text(object.get(c, "kind", null))])

# The subscription a connector names, as it spells it.
connected_subscription(c) := s if {
	s := c.properties.subscriptionId
	is_string(s)
	s != ""
} else := "unset"
