# METADATA
# title: Defender workflow automation
# description: >-
#   Microsoft Defender for Cloud starts a response automatically when it raises an alert:
#   an enabled automation (Microsoft.Security/automations, isEnabled true) has a source with
#   eventSource Alerts and a Logic App action (actionType LogicApp), i.e. workflow
#   automation runs a playbook for new alerts. Automations that only export data
#   (Workspace, EventHub) are continuous export (AZ-IR3-04), and automations on
#   recommendations only do not respond to alerts. No Azure Policy covers this (the MCSB
#   initiative has no IR-6 policy).
# custom:
#   id: AZ-IR6-01
#   controls: [IR-6]
#   severity: medium
#   requires: [security.automations]
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

automations_data := input.sections["security.automations"].data

passing := [i |
	some i, a in automations_data.value
	runs_playbook_on_alerts(a)
]

findings contains f if {
	count(passing) > 0
	f := {
		"resource": scope.resource,
		"status": "pass",
		"message": sprintf("Defender for Cloud runs playbooks on alerts: %s; expected an enabled automation with an Alerts source and a Logic App action.", [concat("; ", [describe(automations_data.value[i]) | some i in passing])]),
		"evidence": [sprintf("/sections/security.automations/data/value/%d", [i]) | some i in passing],
	}
}

findings contains f if {
	is_object(automations_data)
	count(automations_data.value) == 0
	f := {
		"resource": scope.resource,
		"status": "fail",
		"message": "Defender for Cloud has no workflow automation (the automations list is empty), so no playbook runs when an alert is raised; expected an enabled automation with an Alerts source and a Logic App action.",
		"evidence": ["/sections/security.automations/data/value"],
	}
}

findings contains f if {
	automations := automations_data.value
	count(automations) > 0
	count(passing) == 0
	f := {
		"resource": scope.resource,
		"status": "fail",
		"message": sprintf("No automation runs a playbook on Defender for Cloud alerts: %s; expected an enabled automation with an Alerts source and a LogicApp action.", [concat("; ", sort([sprintf("%s: %s", [azure.name_of(a), concat(", ", problems(a))]) | some a in automations]))]),
		"evidence": ["/sections/security.automations/data/value"],
	}
}

runs_playbook_on_alerts(a) if {
	a.properties.isEnabled == true
	"Alerts" in azure.automation_sources(a)
	count(logic_apps(a)) > 0
}

logic_apps(a) := [app |
	some act in a.properties.actions
	act.actionType == "LogicApp"
	app := logic_app_name(act)
]

logic_app_name(act) := parts[count(parts) - 1] if {
	is_string(act.logicAppResourceId)
	parts := split(act.logicAppResourceId, "/")
} else := "(no Logic App ID)"

describe(a) := sprintf("automation %s runs Logic App %s on %s", [azure.name_of(a), concat(", ", sort(logic_apps(a))), concat(" and ", sort(azure.automation_sources(a)))])

problems(a) := [p |
	some p in [
		azure.enabled_flag_problem(a),
		azure.alerts_source_problem(a),
		action_problem(a),
	]
	p != ""
]

action_problem(a) := "" if {
	count(logic_apps(a)) > 0
} else := sprintf("its actions are %s, not LogicApp", [azure.list_text(sort({act.actionType | some act in a.properties.actions}))])
