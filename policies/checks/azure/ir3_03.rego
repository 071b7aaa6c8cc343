# METADATA
# title: Alerts create incidents
# description: >-
#   A workspace with Microsoft Sentinel onboarded has at least one enabled analytics rule
#   that turns alerts into incidents: a Microsoft security incident creation rule (kind
#   MicrosoftSecurityIncidentCreation), the Fusion multistage attack detection rule (kind
#   Fusion), or a Scheduled or NRT rule whose incidentConfiguration.createIncident is true.
#   Disabled rules, and Scheduled or NRT rules that only raise alerts, do not count. When
#   Sentinel is not onboarded on any workspace of the subscription, there are no incidents
#   and the check fails. No Azure Policy covers this.
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
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.azure.ir3_03

subscription := sprintf("/subscriptions/%s", [input.scope.id])

workspaces_data := input.sections["operationalinsights.workspaces"].data

onboarding_data := input.sections["securityinsights.onboarding_states"].data

rules_data := input.sections["securityinsights.alert_rules"].data

# Lower-cased IDs of the workspaces with Microsoft Sentinel onboarded.
sentinel contains lower(e.workspaceId) if {
	some e in onboarding_data.onboardingStatesByWorkspace
	count(e.value) > 0
}

# [entry, rule] indexes of the enabled incident-creating rules of Sentinel workspaces.
passing := [[j, k] |
	some j, e in rules_data.alertRulesByWorkspace
	lower(e.workspaceId) in sentinel
	some k, r in e.value
	creates_incidents(r)
]

findings contains f if {
	read
	count(passing) > 0
	f := {
		"resource": subscription,
		"status": "pass",
		"message": sprintf("%d enabled analytics rule(s) create incidents: %s; expected at least one enabled MicrosoftSecurityIncidentCreation or Fusion rule, or a Scheduled or NRT rule with createIncident true.", [count(passing), first_ten([sprintf("%s in workspace %s", [rule_text(rules_data.alertRulesByWorkspace[j].value[k]), workspace_name(rules_data.alertRulesByWorkspace[j].workspaceId)]) | some [j, k] in passing])]),
		"evidence": [sprintf("/sections/securityinsights.alert_rules/data/alertRulesByWorkspace/%d/value/%d", [j, k]) | some [j, k] in passing],
	}
}

findings contains f if {
	complete
	count(sentinel) == 0
	f := {
		"resource": subscription,
		"status": "fail",
		"message": sprintf("Microsoft Sentinel is not onboarded on any Log Analytics workspace of the subscription (%d found), so no alert becomes an incident; expected a Sentinel workspace with an enabled incident-creating analytics rule (see AZ-IR3-02).", [count(workspaces_data.value)]),
		"evidence": ["/sections/securityinsights.onboarding_states/data/onboardingStatesByWorkspace"],
	}
}

findings contains f if {
	complete
	count(sentinel) > 0
	count(passing) == 0
	f := {
		"resource": subscription,
		"status": "fail",
		"message": sprintf("No enabled analytics rule creates incidents: %s; expected at least one enabled MicrosoftSecurityIncidentCreation or Fusion rule, or a Scheduled or NRT rule with incidentConfiguration.createIncident true.", [concat("; ", sort([sprintf("workspace %s has %s", [workspace_name(e.workspaceId), rules_summary(e)]) |
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
		"resource": subscription,
		"status": "error",
		"message": sprintf("No incident-creating analytics rule was found, but the snapshot lacks %s; expected every workspace to be read.", [concat("; ", sort(missing))]),
		"evidence": ["/sections/securityinsights.onboarding_states/data/onboardingStatesByWorkspace", "/sections/securityinsights.alert_rules/data/alertRulesByWorkspace"],
	}
}

creates_incidents(r) if {
	r.properties.enabled == true
	r.kind in {"MicrosoftSecurityIncidentCreation", "Fusion"}
}

creates_incidents(r) if {
	r.properties.enabled == true
	r.kind in {"Scheduled", "NRT"}
	r.properties.incidentConfiguration.createIncident == true
}

rule_text(r) := sprintf("%q (%s)", [display_name(r), text(object.get(r, "kind", null))])

# Why a rule does not count.
reason(r) := "disabled" if {
	not r.properties.enabled == true
} else := "createIncident false" if {
	r.kind in {"Scheduled", "NRT"}
} else := "does not create incidents"

rules_summary(e) := "no analytics rule" if {
	count(values(e)) == 0
} else := sprintf("%d rule(s), none creating incidents: %s", [count(values(e)), first_ten([sprintf("%q (%s, %s)", [display_name(r), text(object.get(r, "kind", null)), reason(r)]) | some r in values(e)])])

values(e) := v if {
	v := e.value
	is_array(v)
} else := []

display_name(r) := r.properties.displayName if {
	is_string(r.properties.displayName)
	r.properties.displayName != ""
} else := text(object.get(r, "name", null))

# At most ten items, sorted, and how many more there are.
first_ten(items) := concat(", ", sort(items)) if {
	count(items) <= 10
} else := sprintf("%s and %d more", [concat(", ", array.slice(sort(items), 0, 10)), count(items) - 10])

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
	not onboarding_read(w.id)
}

missing contains sprintf("the analytics rules of Sentinel workspace %s", [workspace_name(ws)]) if {
	some ws in sentinel
	not rules_read(ws)
}

onboarding_read(id) if {
	some e in onboarding_data.onboardingStatesByWorkspace
	lower(e.workspaceId) == lower(id)
}

rules_read(ws) if {
	some e in rules_data.alertRulesByWorkspace
	lower(e.workspaceId) == ws
}

workspace_name(id) := parts[count(parts) - 1] if {
	parts := split(id, "/")
} else := "unknown"

text(s) := s if {
	is_string(s)
	s != ""
} else := "unset"
