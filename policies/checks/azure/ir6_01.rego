# METADATA
# title: Defender workflow automation
# description: >-
#   Microsoft Defender for Cloud starts a response automatically when it raises an alert:
#   an enabled automation (Microsoft.Security/automations, isEnabled true) has a source with
#   eventSource Alerts and a Logic App action (actionType LogicApp), i.e. workflow
#   automation runs a playbook for new alerts. The automation must cover the whole
#   subscription (a scope with scopePath /subscriptions/<id>) and let every High and Medium
#   alert through its Alerts ruleSets, and the Logic App it names must exist in the
#   subscription with state Enabled: a Consumption workflow in the Microsoft.Logic/workflows
#   list, or a Logic App Standard workflow (Microsoft.Web/sites/<app>/workflows/<name>) with
#   flowState Enabled in an app that is Running; a deleted, disabled or stopped playbook runs
#   nothing. A Logic App of another subscription is judged on that subscription's workflows
#   when the run includes it; when it is not in the run (or could not read its workflows) and
#   that Logic App is the only candidate, the finding is error naming the subscription. Automations that only export data
#   (Workspace, EventHub) are continuous export (AZ-IR3-04), and automations on
#   recommendations only do not respond to alerts. No Azure Policy covers this (the MCSB
#   initiative has no IR-6 policy).
# custom:
#   id: AZ-IR6-01
#   controls: [IR-6]
#   severity: medium
#   requires: [security.automations, logic.workflows, logic.standard_workflows]
#   remediation: >-
#     Azure portal: Microsoft Defender for Cloud > Workflow automation > Add workflow
#     automation: trigger "Security alert" (all severities, or High and Medium), action a
#     Logic App playbook with the "When a Microsoft Defender for Cloud Alert is created or
#     triggered" trigger (see AZ-IR1-02), scope the subscription, and make sure it is
#     enabled. Give the Logic App's identity only the permissions its containment steps need.
#   references:
#     - https://learn.microsoft.com/en-us/azure/defender-for-cloud/workflow-automation
#     - https://learn.microsoft.com/en-us/rest/api/defenderforcloud/automations/list?view=rest-defenderforcloud-2023-12-01-preview
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.azure.ir6_01

import data.irscan.lib.azure
import data.irscan.lib.scope
import data.irscan.lib.values

automations_data := input.sections["security.automations"].data

workflows := input.sections["logic.workflows"].data.value

passing := [i |
	some i, a in automations_data.value
	runs_playbook_on_alerts(a)
]

# Eligible automations whose Logic App is in another subscription: they may run a playbook.
unverifiable := [i |
	some i, a in automations_data.value
	eligible(a)
	count(external_apps(a)) > 0
]

# Never pass on absent data: the playbook a subscription's automation runs is elsewhere.
findings contains f if {
	count(passing) == 0
	count(unverifiable) > 0
	f := {
		"resource": scope.resource,
		"status": "error",
		"message": sprintf("No automation of this subscription runs a playbook that exists and is Enabled here, and %s; so whether that playbook exists and is Enabled could not be assessed; expected a Logic App this snapshot shows (of this subscription), existing and Enabled.", [concat("; ", sort([sprintf("automation %s runs %s", [azure.name_of(automations_data.value[i]), concat(", ", [app_problem(act) | some act in logic_app_actions(automations_data.value[i]); external(act)])]) | some i in unverifiable]))]),
		"evidence": [sprintf("/sections/security.automations/data/value/%d/properties/actions", [i]) | some i in unverifiable],
	}
}

findings contains f if {
	count(passing) > 0
	f := {
		"resource": scope.resource,
		"status": "pass",
		"message": sprintf("Defender for Cloud runs playbooks on alerts: %s; expected an enabled automation covering the whole subscription and its High and Medium alerts, with a Logic App action whose workflow exists and is Enabled.", [concat("; ", [describe(automations_data.value[i]) | some i in passing])]),
		"evidence": [sprintf("/sections/security.automations/data/value/%d", [i]) | some i in passing],
	}
}

findings contains f if {
	is_object(automations_data)
	count(automations_data.value) == 0
	f := {
		"resource": scope.resource,
		"status": "fail",
		"message": "Defender for Cloud has no workflow automation (the automations list is empty), so no playbook runs when an alert is raised; expected an enabled automation covering the whole subscription and its High and Medium alerts, with a Logic App action whose workflow exists and is Enabled.",
		"evidence": ["/sections/security.automations/data/value"],
	}
}

findings contains f if {
	automations := automations_data.value
	count(automations) > 0
	count(passing) == 0
	count(unverifiable) == 0
	is_array(workflows)
	f := {
		"resource": scope.resource,
		"status": "fail",
		"message": sprintf("No automation runs a playbook on Defender for Cloud alerts: %s; expected an enabled automation covering the whole subscription and its High and Medium alerts, with a LogicApp action whose workflow exists and is Enabled.", [concat("; ", sort([sprintf("%s: %s", [azure.name_of(a), concat(", ", problems(a))]) | some a in automations]))]),
		"evidence": ["/sections/security.automations/data/value"],
	}
}

runs_playbook_on_alerts(a) if {
	eligible(a)
	count(ready_apps(a)) > 0
}

# Enabled, on alerts, covering the subscription and its High and Medium alerts.
eligible(a) if {
	a.properties.isEnabled == true
	"Alerts" in azure.automation_sources(a)
	count(azure.coverage_problems(a)) == 0
}

logic_app_actions(a) := [act |
	some act in values.list(a.properties.actions)
	act.actionType == "LogicApp"
]

logic_apps(a) := [logic_app_name(act) | some act in logic_app_actions(a)]

# The Logic Apps of the automation that exist and are Enabled.
ready_apps(a) := [logic_app_name(act) |
	some act in logic_app_actions(a)
	app_problem(act) == ""
]

# Logic Apps in another subscription, which this snapshot cannot show.
external_apps(a) := [logic_app_name(act) |
	some act in logic_app_actions(a)
	external(act)
]

external(act) if azure.playbook_state(act.logicAppResourceId) in {"external", "unread"}

app_problem(act) := "" if {
	azure.playbook_state(act.logicAppResourceId) == "Enabled"
} else := sprintf("Logic App %s", [azure.playbook_state_text(act.logicAppResourceId)]) if {
	is_string(act.logicAppResourceId)
} else := "Logic App (no Logic App ID) does not exist"

logic_app_name(act) := values.last_segment(act.logicAppResourceId) if {
	is_string(act.logicAppResourceId)
} else := "(no Logic App ID)"

describe(a) := sprintf("automation %s runs Logic App %s (Enabled) on %s of the whole subscription, High and Medium alerts included", [azure.name_of(a), concat(", ", sort(ready_apps(a))), concat(" and ", sort(azure.automation_sources(a)))])

problems(a) := array.concat(
	[p |
		some p in [
			azure.enabled_flag_problem(a),
			azure.alerts_source_problem(a),
			action_problem(a),
		]
		p != ""
	],
	azure.coverage_problems(a),
)

action_problem(a) := sprintf("its actions are %s, not LogicApp", [azure.list_text(sort({act.actionType | some act in a.properties.actions}))]) if {
	count(logic_app_actions(a)) == 0
} else := "" if {
	count(ready_apps(a)) > 0
} else := concat(", ", sort([app_problem(act) | some act in logic_app_actions(a)]))
