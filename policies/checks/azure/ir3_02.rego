# METADATA
# title: Sentinel onboarded with Defender connected
# description: >-
#   A Log Analytics workspace of the subscription has Microsoft Sentinel onboarded (its
#   onboardingStates list is not empty) and a data connector that brings Microsoft Defender
#   alerts in: a Microsoft Defender for Cloud connector (kind AzureSecurityCenter) for this
#   subscription with alerts Enabled, or a Microsoft Defender XDR connector (kind
#   MicrosoftThreatProtection) with incidents or alerts Enabled. A Defender for Cloud
#   connector of another subscription does not bring this subscription's alerts in. Only the
#   subscription's own workspaces are read: a central Sentinel workspace in another
#   subscription is not visible to a scan of this one. No Azure Policy covers this.
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
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.azure.ir3_02

subscription := sprintf("/subscriptions/%s", [input.scope.id])

workspaces_data := input.sections["operationalinsights.workspaces"].data

onboarding_data := input.sections["securityinsights.onboarding_states"].data

connectors_data := input.sections["securityinsights.data_connectors"].data

# Lower-cased IDs of the workspaces with Microsoft Sentinel onboarded.
sentinel contains lower(e.workspaceId) if {
	some e in onboarding_data.onboardingStatesByWorkspace
	count(e.value) > 0
}

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
		"resource": subscription,
		"status": "pass",
		"message": sprintf("Microsoft Sentinel is onboarded and receives Defender alerts: %s; expected a Sentinel workspace with a Defender for Cloud connector for this subscription or a Defender XDR connector.", [concat("; ", [sprintf("workspace %s has %s", [workspace_name(connectors_data.dataConnectorsByWorkspace[j].workspaceId), describe(connectors_data.dataConnectorsByWorkspace[j].value[k])]) | some [j, k] in passing])]),
		"evidence": [sprintf("/sections/securityinsights.data_connectors/data/dataConnectorsByWorkspace/%d/value/%d", [j, k]) | some [j, k] in passing],
	}
}

findings contains f if {
	complete
	count(sentinel) == 0
	f := {
		"resource": subscription,
		"status": "fail",
		"message": sprintf("%s; expected a workspace with Microsoft Sentinel onboarded and a Defender for Cloud or Defender XDR data connector (a central Sentinel workspace in another subscription is not visible to this scan).", [not_onboarded_text]),
		"evidence": ["/sections/operationalinsights.workspaces/data/value", "/sections/securityinsights.onboarding_states/data/onboardingStatesByWorkspace"],
	}
}

findings contains f if {
	complete
	count(sentinel) > 0
	count(passing) == 0
	f := {
		"resource": subscription,
		"status": "fail",
		"message": sprintf("Microsoft Sentinel is onboarded but no Defender alerts are connected: %s; expected a Defender for Cloud connector (AzureSecurityCenter) for subscription %s with alerts Enabled, or a Defender XDR connector (MicrosoftThreatProtection) with incidents or alerts Enabled.", [
			concat("; ", sort([sprintf("workspace %s has %s", [workspace_name(e.workspaceId), connectors_text(e)]) |
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
		"resource": subscription,
		"status": "error",
		"message": sprintf("No Defender connector was found, but the snapshot lacks %s; expected every workspace to be read.", [concat("; ", sort(missing))]),
		"evidence": ["/sections/securityinsights.onboarding_states/data/onboardingStatesByWorkspace", "/sections/securityinsights.data_connectors/data/dataConnectorsByWorkspace"],
	}
}

defender_connector(c) if {
	c.kind == "AzureSecurityCenter"
	c.properties.dataTypes.alerts.state == "Enabled"
	lower(c.properties.subscriptionId) == lower(input.scope.id)
}

defender_connector(c) if {
	c.kind == "MicrosoftThreatProtection"
	some t in ["incidents", "alerts"]
	c.properties.dataTypes[t].state == "Enabled"
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
	not onboarding_read(w.id)
}

missing contains sprintf("the data connectors of Sentinel workspace %s", [workspace_name(ws)]) if {
	some ws in sentinel
	not connectors_read(ws)
}

onboarding_read(id) if {
	some e in onboarding_data.onboardingStatesByWorkspace
	lower(e.workspaceId) == lower(id)
}

connectors_read(ws) if {
	some e in connectors_data.dataConnectorsByWorkspace
	lower(e.workspaceId) == ws
}

not_onboarded_text := "The subscription has no Log Analytics workspace (the workspaces list is empty), so Microsoft Sentinel is not onboarded in it" if {
	count(workspaces_data.value) == 0
} else := sprintf("Microsoft Sentinel is not onboarded on any of the %d Log Analytics workspace(s) of the subscription (%s: onboardingStates is empty)", [count(workspaces_data.value), concat(", ", sort([w.name | some w in workspaces_data.value]))])

connectors_text(e) := "no data connector" if {
	count(values(e)) == 0
} else := concat(", ", sort([describe(c) | some c in values(e)]))

values(e) := v if {
	v := e.value
	is_array(v)
} else := []

describe(c) := sprintf("a Defender for Cloud connector for subscription %s with alerts %s", [connected_subscription(c), data_type_state(c, "alerts")]) if {
	c.kind == "AzureSecurityCenter"
} else := sprintf("a Defender XDR connector with incidents %s and alerts %s", [data_type_state(c, "incidents"), data_type_state(c, "alerts")]) if {
	c.kind == "MicrosoftThreatProtection"
} else := sprintf("a %s connector", [text(object.get(c, "kind", null))])

data_type_state(c, t) := s if {
	s := c.properties.dataTypes[t].state
	is_string(s)
	s != ""
} else := "unset"

connected_subscription(c) := s if {
	s := c.properties.subscriptionId
	is_string(s)
	s != ""
} else := "unset"

workspace_name(id) := parts[count(parts) - 1] if {
	parts := split(id, "/")
} else := "unknown"

text(s) := s if {
	is_string(s)
	s != ""
} else := "unset"
