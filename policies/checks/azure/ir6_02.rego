# METADATA
# title: Sentinel runs playbooks
# description: >-
#   A workspace with Microsoft Sentinel onboarded has an enabled automation rule (its
#   triggeringLogic isEnabled true and not past its expirationTimeUtc at the snapshot time)
#   with a RunPlaybook action whose Logic App exists in the subscription with state Enabled:
#   a Consumption workflow in the Microsoft.Logic/workflows list, or a Logic App Standard
#   workflow (Microsoft.Web/sites/<app>/workflows/<name>) with flowState Enabled in an app
#   that is Running (a deleted, disabled or stopped playbook runs nothing), so that
#   containment and enrichment start without waiting for an analyst. A playbook of another
#   subscription is judged on that subscription's workflows when the run includes it; when it
#   is not in the run (or could not read its workflows) and only such rules remain, the
#   finding is error naming the subscription. Rules on incidents or on alerts both count. A subscription with a Sentinel
#   workspace of its own is judged on its own workspaces. One without follows the central
#   Sentinel workspace of another subscription of the run whose Defender for Cloud connector
#   names its subscriptionId (see AZ-IR3-02): automation rules run on the incidents and alerts
#   of the workspace that holds them, so that workspace's rules are judged, by the same
#   criteria. When no workspace of the run names the subscription but it exports data to a
#   workspace of a subscription not in the run, the finding is error naming that
#   subscription; when nothing points elsewhere the check fails. No Azure Policy covers this
#   (the MCSB initiative has no IR-6 policy).
# custom:
#   id: AZ-IR6-02
#   controls: [IR-6]
#   severity: medium
#   requires: [operationalinsights.workspaces, securityinsights.onboarding_states, securityinsights.automation_rules, logic.workflows, logic.standard_workflows]
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
#     - https://learn.microsoft.com/en-us/azure/sentinel/best-practices-workspace-architecture
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.azure.ir6_02

import data.irscan.lib.azure
import data.irscan.lib.scope

workspaces_data := azure.workspaces_data

onboarding_data := azure.onboarding_data

rules_data := azure.automation_rules_data

sentinel := azure.sentinel

# [entry, rule] indexes of the enabled rules of Sentinel workspaces that run a playbook.
passing := [[j, k] |
	some j, e in rules_data.automationRulesByWorkspace
	lower(e.workspaceId) in sentinel
	some k, r in e.value
	azure.runs_playbook(r)
]

findings contains f if {
	read
	count(passing) > 0
	f := {
		"resource": scope.resource,
		"status": "pass",
		"message": sprintf("Sentinel runs playbooks automatically: %s; expected an enabled automation rule with a RunPlaybook action whose Logic App exists and is Enabled.", [concat("; ", [sprintf("rule %q in workspace %s runs %s (Enabled) on %s", [azure.display_name(r), azure.workspace_name(rules_data.automationRulesByWorkspace[j].workspaceId), concat(", ", azure.ready_playbooks(r)), azure.trigger_text(r)]) |
			some [j, k] in passing
			r := rules_data.automationRulesByWorkspace[j].value[k]
		])]),
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
			"message": sprintf("Microsoft Sentinel is not onboarded on any Log Analytics workspace of the subscription (%d found), so no playbook runs on incidents; expected a Sentinel workspace with an enabled automation rule that runs a playbook (see AZ-IR3-02).", [count(workspaces_data.value)]),
			"evidence": ["/sections/securityinsights.onboarding_states/data/onboardingStatesByWorkspace"],
		},
		{"what": "The playbook automation for this subscription's incidents", "section": "securityinsights.automation_rules", "mode": "any"},
		[verdict(o) | some o in azure.owners],
	)
}

findings contains f if {
	complete
	count(sentinel) > 0
	count(passing) == 0
	count(unverified) == 0
	f := {
		"resource": scope.resource,
		"status": "fail",
		"message": sprintf("No enabled automation rule runs a playbook: %s; expected an enabled rule (not expired) with a RunPlaybook action whose Logic App exists and is Enabled.", [concat("; ", sort([sprintf("workspace %s has %s", [azure.workspace_name(e.workspaceId), rules_summary(e)]) |
			some e in rules_data.automationRulesByWorkspace
			lower(e.workspaceId) in sentinel
		]))]),
		"evidence": ["/sections/securityinsights.automation_rules/data/automationRulesByWorkspace"],
	}
}

# Rules in force whose playbooks are all in another subscription: they may run a playbook.
unverified := [[j, k] |
	some j, e in rules_data.automationRulesByWorkspace
	lower(e.workspaceId) in sentinel
	some k, r in e.value
	azure.unverified_playbook(r)
]

findings contains f if {
	complete
	count(passing) == 0
	count(unverified) > 0
	f := {
		"resource": scope.resource,
		"status": "error",
		"message": sprintf("No automation rule runs a playbook that exists here and is Enabled, and %s, so whether they run a playbook could not be assessed; expected a RunPlaybook action whose Logic App this snapshot shows, existing and Enabled.", [concat("; ", sort([sprintf("rule %q runs %s", [azure.display_name(r), concat(", ", [azure.playbook_state_text(id) | some id in azure.playbook_ids(r)])]) |
			some [j, k] in unverified
			r := rules_data.automationRulesByWorkspace[j].value[k]
		]))]),
		"evidence": [sprintf("/sections/securityinsights.automation_rules/data/automationRulesByWorkspace/%d/value/%d", [j, k]) | some [j, k] in unverified],
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
		"message": sprintf("No automation rule running a playbook was found, but the snapshot lacks %s; expected every workspace to be read.", [concat("; ", sort(missing))]),
		"evidence": ["/sections/securityinsights.onboarding_states/data/onboardingStatesByWorkspace", "/sections/securityinsights.automation_rules/data/automationRulesByWorkspace"],
	}
}

# The verdict of a central workspace whose Defender for Cloud connector names this subscription.
verdict(o) := {"status": "unread"} if {
	o.ws.playbook_rules == null
} else := {
	"status": "pass",
	"message": sprintf("Microsoft Sentinel %s, whose Defender for Cloud connector names this subscription, runs playbooks automatically: %s; expected an enabled automation rule with a RunPlaybook action.", [
		azure.owner_label(o),
		concat("; ", [sprintf("rule %q runs %s on %s", [r.name, concat(", ", r.playbooks), r.trigger]) | some r in o.ws.playbook_rules.qualifying]),
	]),
	"pointers": array.concat([o.ws.pointer], [r.pointer | some r in o.ws.playbook_rules.qualifying]),
} if {
	count(o.ws.playbook_rules.qualifying) > 0
} else := {
	"status": "fail",
	"message": sprintf("No enabled automation rule of Microsoft Sentinel %s, whose Defender for Cloud connector names this subscription, runs a playbook (%s); expected an enabled rule (not expired) with a RunPlaybook action.", [azure.owner_label(o), others_text(o.ws.playbook_rules)]),
	"pointers": [o.ws.pointer],
}

others_text(rules) := "it has no automation rule" if {
	rules.count == 0
} else := sprintf("its %d rule(s): %s", [rules.count, rules.others])

rules_summary(e) := "no automation rule" if {
	count(azure.entries(e)) == 0
} else := sprintf("%d rule(s), none running a playbook: %s", [count(azure.entries(e)), azure.first_ten([sprintf("%q (%s)", [azure.display_name(r), azure.playbook_reason(r)]) | some r in azure.entries(e)])])

read if {
	is_object(workspaces_data)
	is_object(onboarding_data)
	is_object(rules_data)
	is_object(azure.workflows_data)
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
