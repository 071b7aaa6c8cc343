# METADATA
# title: Incidents are triaged automatically
# description: >-
#   A workspace with Microsoft Sentinel onboarded has an enabled automation rule that
#   triages every new incident: its triggeringLogic is enabled (isEnabled true, not past its
#   expirationTimeUtc at the snapshot time), triggers on Incidents when they are Created, and
#   has a ModifyProperties action that sets the incident's severity, owner, status or labels,
#   so that incidents are prioritised and routed as soon as they exist. Rules that only add
#   tasks or run playbooks do not count here (playbooks are AZ-IR6-02). When Sentinel is not
#   onboarded on any workspace of the subscription, the check fails. No Azure Policy covers
#   this.
# custom:
#   id: AZ-IR5-01
#   controls: [IR-5]
#   severity: low
#   requires: [operationalinsights.workspaces, securityinsights.onboarding_states, securityinsights.automation_rules]
#   remediation: >-
#     Microsoft Sentinel > Automation > Create > Automation rule: trigger "When incident is
#     created", conditions for the analytics rules, products or entities that matter, and
#     the action "Change severity", "Assign owner", "Change status" or "Add tags" (for
#     example raise incidents on crown-jewel resources to High and assign them to the
#     on-call tier 2 group); leave the expiration empty, order it before other rules, and
#     save it enabled.
#   references:
#     - https://learn.microsoft.com/en-us/azure/sentinel/automate-incident-handling-with-automation-rules
#     - https://learn.microsoft.com/en-us/azure/sentinel/create-manage-use-automation-rules
#     - https://learn.microsoft.com/en-us/rest/api/securityinsights/automation-rules/list
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.azure.ir5_01

subscription := sprintf("/subscriptions/%s", [input.scope.id])

workspaces_data := input.sections["operationalinsights.workspaces"].data

onboarding_data := input.sections["securityinsights.onboarding_states"].data

rules_data := input.sections["securityinsights.automation_rules"].data

collected_ns := time.parse_rfc3339_ns(input.collected_at)

# The incident properties a ModifyProperties action can set to triage an incident.
triage_fields := ["severity", "owner", "status", "labels"]

# Lower-cased IDs of the workspaces with Microsoft Sentinel onboarded.
sentinel contains lower(e.workspaceId) if {
	some e in onboarding_data.onboardingStatesByWorkspace
	count(e.value) > 0
}

# [entry, rule] indexes of the enabled triage rules of Sentinel workspaces.
passing := [[j, k] |
	some j, e in rules_data.automationRulesByWorkspace
	lower(e.workspaceId) in sentinel
	some k, r in e.value
	count(problems(r)) == 0
]

findings contains f if {
	read
	count(passing) > 0
	f := {
		"resource": subscription,
		"status": "pass",
		"message": sprintf("New incidents are triaged automatically: %s; expected an enabled automation rule on incident creation that sets severity, owner, status or labels.", [concat("; ", [sprintf("rule %q in workspace %s sets %s", [display_name(rules_data.automationRulesByWorkspace[j].value[k]), workspace_name(rules_data.automationRulesByWorkspace[j].workspaceId), concat(", ", modified(rules_data.automationRulesByWorkspace[j].value[k]))]) | some [j, k] in passing])]),
		"evidence": [sprintf("/sections/securityinsights.automation_rules/data/automationRulesByWorkspace/%d/value/%d", [j, k]) | some [j, k] in passing],
	}
}

findings contains f if {
	complete
	count(sentinel) == 0
	f := {
		"resource": subscription,
		"status": "fail",
		"message": sprintf("Microsoft Sentinel is not onboarded on any Log Analytics workspace of the subscription (%d found), so no incident is triaged automatically; expected a Sentinel workspace with an enabled automation rule on incident creation that sets severity, owner, status or labels (see AZ-IR3-02).", [count(workspaces_data.value)]),
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
		"message": sprintf("No automation rule triages new incidents: %s; expected an enabled rule triggered when an incident is created with a ModifyProperties action setting severity, owner, status or labels.", [concat("; ", sort([sprintf("workspace %s has %s", [workspace_name(e.workspaceId), rules_summary(e)]) |
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
		"message": sprintf("No triage automation rule was found, but the snapshot lacks %s; expected every workspace to be read.", [concat("; ", sort(missing))]),
		"evidence": ["/sections/securityinsights.onboarding_states/data/onboardingStatesByWorkspace", "/sections/securityinsights.automation_rules/data/automationRulesByWorkspace"],
	}
}

problems(r) := [p |
	some p in [enabled_problem(r), trigger_problem(r), action_problem(r)]
	p != ""
]

enabled_problem(r) := "disabled" if {
	not r.properties.triggeringLogic.isEnabled == true
} else := sprintf("expired on %s", [r.properties.triggeringLogic.expirationTimeUtc]) if {
	expired(r)
} else := ""

expired(r) if {
	t := r.properties.triggeringLogic.expirationTimeUtc
	is_string(t)
	time.parse_rfc3339_ns(t) <= collected_ns
}

trigger_problem(r) := "" if {
	r.properties.triggeringLogic.triggersOn == "Incidents"
	r.properties.triggeringLogic.triggersWhen == "Created"
} else := sprintf("triggers on %s %s", [trigger_field(r, "triggersOn"), trigger_field(r, "triggersWhen")])

trigger_field(r, name) := v if {
	v := r.properties.triggeringLogic[name]
	is_string(v)
	v != ""
} else := "unset"

action_problem(r) := "" if {
	count(modified(r)) > 0
} else := sprintf("its actions are %s", [actions_text(r)])

# The triage fields the rule's ModifyProperties actions set.
modified(r) := sort({field |
	some field in triage_fields
	some a in actions(r)
	a.actionType == "ModifyProperties"
	set_value(a.actionConfiguration[field])
})

set_value(v) if is_string(v)

set_value(v) if {
	is_array(v)
	count(v) > 0
}

set_value(v) if {
	is_object(v)
	count(v) > 0
}

actions_text(r) := "none" if {
	count(actions(r)) == 0
} else := concat(", ", sort({text(object.get(a, "actionType", null)) | some a in actions(r)}))

actions(r) := a if {
	a := r.properties.actions
	is_array(a)
} else := []

rules_summary(e) := "no automation rule" if {
	count(values(e)) == 0
} else := sprintf("%d rule(s), none triaging new incidents: %s", [count(values(e)), first_ten([sprintf("%q (%s)", [display_name(r), concat(", ", problems(r))]) | some r in values(e)])])

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

workspace_name(id) := parts[count(parts) - 1] if {
	parts := split(id, "/")
} else := "unknown"

text(s) := s if {
	is_string(s)
	s != ""
} else := "unset"
