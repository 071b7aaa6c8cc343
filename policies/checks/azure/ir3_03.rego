# METADATA
# title: Alerts create incidents
# description: >-
#   A workspace with Microsoft Sentinel onboarded has at least one enabled analytics rule
#   that turns alerts into incidents: a Microsoft security incident creation rule (kind
#   MicrosoftSecurityIncidentCreation) whose productFilter is "Azure Security Center"
#   (Defender for Cloud; a rule for another Microsoft product, such as Microsoft Defender for
#   Cloud Apps, creates no incident from this subscription's alerts), the Fusion multistage attack detection rule (kind
#   Fusion), or a Scheduled or NRT rule whose incidentConfiguration.createIncident is true.
#   Disabled rules, and Scheduled or NRT rules that only raise alerts, do not count. A
#   subscription with a Sentinel workspace of its own is judged on its own workspaces. One
#   without follows the central Sentinel workspace of another subscription of the run whose
#   Defender for Cloud connector (AzureSecurityCenter) names its subscriptionId (see
#   AZ-IR3-02): that connector must have alerts Enabled, and the workspace an enabled
#   Microsoft incident creation rule (MicrosoftSecurityIncidentCreation) whose productFilter
#   is "Azure Security Center" (Defender for Cloud), because the connector only writes the
#   alerts to the SecurityAlert table and Microsoft's documentation has that rule turn them
#   into incidents; a Fusion, Scheduled or NRT rule of the central workspace does not show
#   that this subscription's alerts become incidents. When no workspace of the run names the
#   subscription but it exports data to a workspace of a subscription not in the run, the
#   finding is error naming that subscription; when nothing points elsewhere there are no
#   incidents and the check fails. No Azure Policy covers this.
# custom:
#   id: AZ-IR3-03
#   controls: [IR-3]
#   severity: medium
#   requires: [operationalinsights.workspaces, securityinsights.onboarding_states, securityinsights.alert_rules]
#   remediation: >-
#     In Microsoft Sentinel > Analytics, keep the built-in "Advanced Multistage Attack
#     Detection" (Fusion) rule enabled, create a Microsoft incident creation rule for the
#     Defender products whose alerts are not already turned into incidents by Defender XDR,
#     and set "Create incidents from alerts triggered by this analytics rule" to Enabled on
#     the scheduled and NRT rules that matter (Incident settings tab), with alert grouping
#     where several alerts describe one attack.
#   references:
#     - https://learn.microsoft.com/en-us/azure/sentinel/create-incidents-from-alerts
#     - https://learn.microsoft.com/en-us/azure/sentinel/fusion
#     - https://learn.microsoft.com/en-us/azure/sentinel/detect-threats-custom
#     - https://learn.microsoft.com/en-us/rest/api/securityinsights/alert-rules/list
#     - https://learn.microsoft.com/en-us/azure/sentinel/connect-defender-for-cloud
#     - https://learn.microsoft.com/en-us/azure/sentinel/best-practices-workspace-architecture
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.azure.ir3_03

import data.irscan.lib.azure
import data.irscan.lib.scope

workspaces_data := azure.workspaces_data

onboarding_data := azure.onboarding_data

rules_data := azure.alert_rules_data

sentinel := azure.sentinel

# [entry, rule] indexes of the enabled incident-creating rules of Sentinel workspaces.
passing := [[j, k] |
	some j, e in rules_data.alertRulesByWorkspace
	lower(e.workspaceId) in sentinel
	some k, r in e.value
	azure.creates_incidents(r)
]

findings contains f if {
	read
	count(passing) > 0
	f := {
		"resource": scope.resource,
		"status": "pass",
		"message": sprintf("%d enabled analytics rule(s) create incidents: %s; expected at least one enabled MicrosoftSecurityIncidentCreation rule for Azure Security Center (Defender for Cloud) or Fusion rule, or a Scheduled or NRT rule with createIncident true.", [count(passing), azure.first_ten([sprintf("%s in workspace %s", [rule_text(rules_data.alertRulesByWorkspace[j].value[k]), azure.workspace_name(rules_data.alertRulesByWorkspace[j].workspaceId)]) | some [j, k] in passing])]),
		"evidence": [sprintf("/sections/securityinsights.alert_rules/data/alertRulesByWorkspace/%d/value/%d", [j, k]) | some [j, k] in passing],
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
			"message": sprintf("Microsoft Sentinel is not onboarded on any Log Analytics workspace of the subscription (%d found), so no alert becomes an incident; expected a Sentinel workspace with an enabled incident-creating analytics rule (see AZ-IR3-02).", [count(workspaces_data.value)]),
			"evidence": ["/sections/securityinsights.onboarding_states/data/onboardingStatesByWorkspace"],
		},
		{"what": "The incident creation for this subscription's Defender for Cloud alerts", "section": "securityinsights.alert_rules", "mode": "any"},
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
		"message": sprintf("No enabled analytics rule creates incidents: %s; expected at least one enabled MicrosoftSecurityIncidentCreation rule with productFilter Azure Security Center (Defender for Cloud) or Fusion rule, or a Scheduled or NRT rule with incidentConfiguration.createIncident true.", [concat("; ", sort([sprintf("workspace %s has %s", [azure.workspace_name(e.workspaceId), rules_summary(e)]) |
			some e in rules_data.alertRulesByWorkspace
			lower(e.workspaceId) in sentinel
		]))]),
		"evidence": ["/sections/securityinsights.alert_rules/data/alertRulesByWorkspace"],
	}
}

# Never pass on absent data: a workspace the snapshot holds no answer for might be the one.
findings contains f if {
	read
	count(passing) == 0
	count(missing) > 0
	f := {
		"resource": scope.resource,
		"status": "error",
		"message": sprintf("No incident-creating analytics rule was found, but the snapshot lacks %s; expected every workspace to be read.", [concat("; ", sort(missing))]),
		"evidence": ["/sections/securityinsights.onboarding_states/data/onboardingStatesByWorkspace", "/sections/securityinsights.alert_rules/data/alertRulesByWorkspace"],
	}
}

# The verdict of a central workspace whose Defender for Cloud connector names this subscription.
verdict(o) := {
	"status": "fail",
	"message": sprintf("Microsoft Sentinel %s has a Defender for Cloud connector for this subscription, but with alerts %s, so none of its Defender for Cloud alerts reaches the workspace to become an incident; expected alerts Enabled (see AZ-IR3-02) and an enabled MicrosoftSecurityIncidentCreation rule with productFilter Azure Security Center.", [azure.owner_label(o), concat(", ", sort({c.alerts | some c in azure.named_connectors(o)}))]),
	"pointers": [c.pointer | some c in azure.named_connectors(o)],
} if {
	not azure.alerts_enabled(o)
} else := {"status": "unread"} if {
	o.ws.incident_rules == null
} else := {
	"status": "pass",
	"message": sprintf("Microsoft Sentinel %s, whose Defender for Cloud connector names this subscription, turns Defender for Cloud alerts into incidents: %s; expected an enabled Microsoft incident creation rule for Azure Security Center (Defender for Cloud) alerts in that workspace.", [
		azure.owner_label(o),
		concat(", ", [sprintf("rule %q (MicrosoftSecurityIncidentCreation, productFilter Azure Security Center, %s)", [r.name, r.severities]) | some r in o.ws.incident_rules.qualifying]),
	]),
	"pointers": array.concat([o.ws.pointer], [r.pointer | some r in o.ws.incident_rules.qualifying]),
} if {
	count(o.ws.incident_rules.qualifying) > 0
} else := {
	"status": "fail",
	"message": sprintf("Microsoft Sentinel %s, whose Defender for Cloud connector names this subscription, has no enabled Microsoft incident creation rule for Defender for Cloud alerts (%s), so this subscription's alerts reach the workspace without becoming incidents; expected an enabled MicrosoftSecurityIncidentCreation rule with productFilter Azure Security Center.", [azure.owner_label(o), others_text(o.ws.incident_rules)]),
	"pointers": [o.ws.pointer],
}

others_text(rules) := "it has no analytics rule" if {
	rules.count == 0
} else := sprintf("its %d analytics rule(s): %s", [rules.count, rules.others])

rule_text(r) := sprintf("%q (%s)", [azure.display_name(r), azure.text(object.get(r, "kind", null))])

# Why a rule does not count.
reason(r) := "disabled" if {
	not r.properties.enabled == true
} else := sprintf("productFilter %s, not Azure Security Center (Defender for Cloud)", [azure.text(object.get(r.properties, "productFilter", null))]) if {
	r.kind == "MicrosoftSecurityIncidentCreation"
} else := "createIncident false" if {
	r.kind in {"Scheduled", "NRT"}
} else := "does not create incidents"

rules_summary(e) := "no analytics rule" if {
	count(azure.entries(e)) == 0
} else := sprintf("%d rule(s), none creating incidents: %s", [count(azure.entries(e)), azure.first_ten([sprintf("%q (%s, %s)", [azure.display_name(r), azure.text(object.get(r, "kind", null)), reason(r)]) | some r in azure.entries(e)])])

read if {
	is_object(workspaces_data)
	is_object(onboarding_data)
	is_object(rules_data)
}

complete if {
	read
	count(missing) == 0
}

missing contains sprintf("the onboarding state of workspace %s", [w.name]) if {
	some w in workspaces_data.value
	not azure.onboarding_read(w.id)
}

missing contains sprintf("the analytics rules of Sentinel workspace %s", [azure.workspace_name(ws)]) if {
	some ws in sentinel
	not rules_read(ws)
}

rules_read(ws) if {
	some e in rules_data.alertRulesByWorkspace
	lower(e.workspaceId) == ws
}
