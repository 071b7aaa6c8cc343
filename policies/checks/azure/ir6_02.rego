# METADATA
# title: Sentinel runs playbooks
# description: >-
#   A workspace with Microsoft Sentinel onboarded has an enabled automation rule (its
#   triggeringLogic isEnabled true and not past its expirationTimeUtc at the snapshot time)
#   with a RunPlaybook action, so that containment and enrichment start without waiting for
#   an analyst. Rules on incidents or on alerts both count. When Sentinel is not onboarded on
#   any workspace of the subscription, the check fails. No Azure Policy covers this (the MCSB
#   initiative has no IR-6 policy).
# custom:
#   id: AZ-IR6-02
#   controls: [IR-6]
#   severity: medium
#   requires: [operationalinsights.workspaces, securityinsights.onboarding_states, securityinsights.automation_rules]
#   remediation: >-
#     Microsoft Sentinel > Automation > Create > Automation rule: trigger "When incident is
#     created" (or updated, or "When alert is created"), conditions for the incidents the
#     playbook handles, action "Run playbook" with a playbook from AZ-IR1-02 (grant
#     Microsoft Sentinel the Microsoft Sentinel Automation Contributor role on the playbook's
#     resource group first), no expiration, and save it enabled.
#   references:
#     - https://learn.microsoft.com/en-us/azure/sentinel/automation/run-playbooks
#     - https://learn.microsoft.com/en-us/azure/sentinel/automate-incident-handling-with-automation-rules
#     - https://learn.microsoft.com/en-us/rest/api/securityinsights/automation-rules/list
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.azure.ir6_02

subscription := sprintf("/subscriptions/%s", [input.scope.id])

workspaces_data := input.sections["operationalinsights.workspaces"].data

onboarding_data := input.sections["securityinsights.onboarding_states"].data

rules_data := input.sections["securityinsights.automation_rules"].data

collected_ns := time.parse_rfc3339_ns(input.collected_at)

# Lower-cased IDs of the workspaces with Microsoft Sentinel onboarded.
sentinel contains lower(e.workspaceId) if {
	some e in onboarding_data.onboardingStatesByWorkspace
	count(e.value) > 0
}

# [entry, rule] indexes of the enabled rules of Sentinel workspaces that run a playbook.
passing := [[j, k] |
	some j, e in rules_data.automationRulesByWorkspace
	lower(e.workspaceId) in sentinel
	some k, r in e.value
	enabled_problem(r) == ""
	count(playbooks(r)) > 0
]

findings contains f if {
	read
	count(passing) > 0
	f := {
		"resource": subscription,
		"status": "pass",
		"message": sprintf("Sentinel runs playbooks automatically: %s; expected an enabled automation rule with a RunPlaybook action.", [concat("; ", [sprintf("rule %q in workspace %s runs %s on %s", [display_name(r), workspace_name(rules_data.automationRulesByWorkspace[j].workspaceId), concat(", ", playbooks(r)), trigger_text(r)]) |
			some [j, k] in passing
			r := rules_data.automationRulesByWorkspace[j].value[k]
		])]),
		"evidence": [sprintf("/sections/securityinsights.automation_rules/data/automationRulesByWorkspace/%d/value/%d", [j, k]) | some [j, k] in passing],
	}
}

findings contains f if {
	complete
	count(sentinel) == 0
	f := {
		"resource": subscription,
		"status": "fail",
		"message": sprintf("Microsoft Sentinel is not onboarded on any Log Analytics workspace of the subscription (%d found), so no playbook runs on incidents; expected a Sentinel workspace with an enabled automation rule that runs a playbook (see AZ-IR3-02).", [count(workspaces_data.value)]),
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
		"message": sprintf("No enabled automation rule runs a playbook: %s; expected an enabled rule (not expired) with a RunPlaybook action.", [concat("; ", sort([sprintf("workspace %s has %s", [workspace_name(e.workspaceId), rules_summary(e)]) |
			some e in rules_data.automationRulesByWorkspace
			lower(e.workspaceId) in sentinel
		]))]),
		"evidence": ["/sections/securityinsights.automation_rules/data/automationRulesByWorkspace"],
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
		"message": sprintf("No automation rule running a playbook was found, but the snapshot lacks %s; expected every workspace to be read.", [concat("; ", sort(missing))]),
		"evidence": ["/sections/securityinsights.onboarding_states/data/onboardingStatesByWorkspace", "/sections/securityinsights.automation_rules/data/automationRulesByWorkspace"],
	}
}

enabled_problem(r) := "disabled" if {
	not r.properties.triggeringLogic.isEnabled == true
} else := sprintf("expired on %s", [r.properties.triggeringLogic.expirationTimeUtc]) if {
	t := r.properties.triggeringLogic.expirationTimeUtc
	is_string(t)
	time.parse_rfc3339_ns(t) <= collected_ns
} else := ""

# The names of the Logic Apps the rule's RunPlaybook actions run.
playbooks(r) := sort({last_segment(a.actionConfiguration.logicAppResourceId) |
	some a in actions(r)
	a.actionType == "RunPlaybook"
	is_string(a.actionConfiguration.logicAppResourceId)
})

trigger_text(r) := sprintf("%s %s", [trigger_field(r, "triggersOn"), trigger_field(r, "triggersWhen")])

trigger_field(r, name) := v if {
	v := r.properties.triggeringLogic[name]
	is_string(v)
	v != ""
} else := "unset"

# Why a rule does not count.
reason(r) := sprintf("%s, runs %s", [enabled_problem(r), concat(", ", playbooks(r))]) if {
	enabled_problem(r) != ""
	count(playbooks(r)) > 0
} else := sprintf("no RunPlaybook action (actions: %s)", [actions_text(r)])

actions_text(r) := "none" if {
	count(actions(r)) == 0
} else := concat(", ", sort({text(object.get(a, "actionType", null)) | some a in actions(r)}))

actions(r) := a if {
	a := r.properties.actions
	is_array(a)
} else := []

rules_summary(e) := "no automation rule" if {
	count(values(e)) == 0
} else := sprintf("%d rule(s), none running a playbook: %s", [count(values(e)), first_ten([sprintf("%q (%s)", [display_name(r), reason(r)]) | some r in values(e)])])

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

missing contains sprintf("the automation rules of Sentinel workspace %s", [workspace_name(ws)]) if {
	some ws in sentinel
	not rules_read(ws)
}

onboarding_read(id) if {
	some e in onboarding_data.onboardingStatesByWorkspace
	lower(e.workspaceId) == lower(id)
}

rules_read(ws) if {
	some e in rules_data.automationRulesByWorkspace
	lower(e.workspaceId) == ws
}

last_segment(id) := parts[count(parts) - 1] if {
	parts := split(id, "/")
}

workspace_name(id) := parts[count(parts) - 1] if {
	parts := split(id, "/")
} else := "unknown"

text(s) := s if {
	is_string(s)
	s != ""
} else := "unset"
