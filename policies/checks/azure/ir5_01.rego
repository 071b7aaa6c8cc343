# METADATA
# title: Incidents are triaged automatically
# description: >-
#   A workspace with Microsoft Sentinel onboarded has an enabled automation rule that
#   triages every new incident: its triggeringLogic is enabled (isEnabled true, not past its
#   expirationTimeUtc at the snapshot time), triggers on Incidents when they are Created, and
#   has a ModifyProperties action that sets the incident's severity, owner, status or labels,
#   so that incidents are prioritised and routed as soon as they exist. Rules that only add
#   tasks or run playbooks do not count here (playbooks are AZ-IR6-02). A subscription with a
#   Sentinel workspace of its own is judged on its own workspaces. One without follows the
#   central Sentinel workspace of another subscription of the run whose Defender for Cloud
#   connector names its subscriptionId (see AZ-IR3-02): automation rules act on the incidents
#   of the workspace that holds them, so that workspace's rules are judged, by the same
#   criteria (their conditions are not read, here as for a workspace of the subscription's
#   own). When no workspace of the run names the subscription but it exports data to a
#   workspace of a subscription not in the run, the finding is error naming that
#   subscription; when nothing points elsewhere the check fails. No Azure Policy covers this.
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
#     - https://learn.microsoft.com/en-us/azure/sentinel/best-practices-workspace-architecture
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.azure.ir5_01

import data.irscan.lib.azure
import data.irscan.lib.scope

workspaces_data := azure.workspaces_data

onboarding_data := azure.onboarding_data

rules_data := azure.automation_rules_data

sentinel := azure.sentinel

# [entry, rule] indexes of the enabled triage rules of Sentinel workspaces.
passing := [[j, k] |
	some j, e in rules_data.automationRulesByWorkspace
	lower(e.workspaceId) in sentinel
	some k, r in e.value
	count(azure.triage_problems(r)) == 0
]

findings contains f if {
	read
	count(passing) > 0
	f := {
		"resource": scope.resource,
		"status": "pass",
		"message": sprintf("New incidents are triaged automatically: %s; expected an enabled automation rule on incident creation that sets severity, owner, status or labels.", [concat("; ", [sprintf("rule %q in workspace %s sets %s", [azure.display_name(rules_data.automationRulesByWorkspace[j].value[k]), azure.workspace_name(rules_data.automationRulesByWorkspace[j].workspaceId), concat(", ", azure.modified(rules_data.automationRulesByWorkspace[j].value[k]))]) | some [j, k] in passing])]),
		"evidence": [sprintf("/sections/securityinsights.automation_rules/data/automationRulesByWorkspace/%d/value/%d", [j, k]) | some [j, k] in passing],
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
			"message": sprintf("Microsoft Sentinel is not onboarded on any Log Analytics workspace of the subscription (%d found), so no incident is triaged automatically; expected a Sentinel workspace with an enabled automation rule on incident creation that sets severity, owner, status or labels (see AZ-IR3-02).", [count(workspaces_data.value)]),
			"evidence": ["/sections/securityinsights.onboarding_states/data/onboardingStatesByWorkspace"],
		},
		{"what": "The automatic triage of this subscription's incidents", "section": "securityinsights.automation_rules", "mode": "any"},
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
		"message": sprintf("No automation rule triages new incidents: %s; expected an enabled rule triggered when an incident is created with a ModifyProperties action setting severity, owner, status or labels.", [concat("; ", sort([sprintf("workspace %s has %s", [azure.workspace_name(e.workspaceId), rules_summary(e)]) |
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
		"resource": scope.resource,
		"status": "error",
		"message": sprintf("No triage automation rule was found, but the snapshot lacks %s; expected every workspace to be read.", [concat("; ", sort(missing))]),
		"evidence": ["/sections/securityinsights.onboarding_states/data/onboardingStatesByWorkspace", "/sections/securityinsights.automation_rules/data/automationRulesByWorkspace"],
	}
}

# The verdict of a central workspace whose Defender for Cloud connector names this subscription.
verdict(o) := {"status": "unread"} if {
	o.ws.triage_rules == null
} else := {
	"status": "pass",
	"message": sprintf("New incidents of Microsoft Sentinel %s, whose Defender for Cloud connector names this subscription, are triaged automatically: %s; expected an enabled automation rule on incident creation that sets severity, owner, status or labels.", [
		azure.owner_label(o),
		concat("; ", [sprintf("rule %q sets %s", [r.name, concat(", ", r.sets)]) | some r in o.ws.triage_rules.qualifying]),
	]),
	"pointers": array.concat([o.ws.pointer], [r.pointer | some r in o.ws.triage_rules.qualifying]),
} if {
	count(o.ws.triage_rules.qualifying) > 0
} else := {
	"status": "fail",
	"message": sprintf("No automation rule of Microsoft Sentinel %s, whose Defender for Cloud connector names this subscription, triages new incidents (%s); expected an enabled rule triggered when an incident is created with a ModifyProperties action setting severity, owner, status or labels.", [azure.owner_label(o), others_text(o.ws.triage_rules)]),
	"pointers": [o.ws.pointer],
}

others_text(rules) := "it has no automation rule" if {
	rules.count == 0
} else := sprintf("its %d rule(s): %s", [rules.count, rules.others])

rules_summary(e) := "no automation rule" if {
	count(azure.entries(e)) == 0
} else := sprintf("%d rule(s), none triaging new incidents: %s", [count(azure.entries(e)), azure.first_ten([sprintf("%q (%s)", [azure.display_name(r), concat(", ", azure.triage_problems(r))]) | some r in azure.entries(e)])])

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

missing contains sprintf("the automation rules of Sentinel workspace %s", [azure.workspace_name(ws)]) if {
	some ws in sentinel
	not rules_read(ws)
}

rules_read(ws) if {
	some e in rules_data.automationRulesByWorkspace
	lower(e.workspaceId) == ws
}
