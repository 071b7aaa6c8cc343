# METADATA
# title: Continuous export
# description: >-
#   Microsoft Defender for Cloud continuously exports its security alerts out of the
#   portal: an enabled automation (Microsoft.Security/automations, isEnabled true) has a
#   source with eventSource Alerts and an action that sends to a Log Analytics workspace
#   (actionType Workspace) or an Event Hub (actionType EventHub), where a SIEM can correlate
#   them and keep them. Exporting Assessments (recommendations) as well is reported but not
#   required. The export counts only when it covers the whole subscription (one of its
#   scopes has scopePath /subscriptions/<id>; an automation scoped to resource groups
#   exports only their alerts) and its Alerts ruleSets let through every alert of
#   severity High and Medium (no ruleSet, or ruleSets whose rules all test Severity). An
#   automation whose only action is a Logic App is workflow automation
#   (AZ-IR6-01), not export. No Azure Policy in the MCSB initiative audits this (its
#   "Deploy export to Log Analytics workspace" policies are DeployIfNotExists helpers).
# custom:
#   id: AZ-IR3-04
#   controls: [IR-3]
#   severity: medium
#   requires: [security.automations]
#   remediation: >-
#     Azure portal: Microsoft Defender for Cloud > Environment settings > select the
#     subscription > Continuous export > Log Analytics workspace (or Event hub), select
#     "Security alerts" with all severities (and "Security recommendations"), choose the
#     Sentinel or SIEM workspace as the target, turn Export enabled On, and save. At scale,
#     assign the built-in policy "Deploy export to Log Analytics workspace for Microsoft
#     Defender for Cloud data" (ffb6f416) at the management group.
#   references:
#     - https://learn.microsoft.com/en-us/azure/defender-for-cloud/continuous-export
#     - https://learn.microsoft.com/en-us/rest/api/defenderforcloud/automations/list?view=rest-defenderforcloud-2023-12-01-preview
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.azure.ir3_04

import data.irscan.lib.azure
import data.irscan.lib.scope
import data.irscan.lib.values

automations_data := input.sections["security.automations"].data

export_actions := {"Workspace", "EventHub"}

passing := [i |
	some i, a in automations_data.value
	exports_alerts(a)
]

findings contains f if {
	count(passing) > 0
	f := {
		"resource": scope.resource,
		"status": "pass",
		"message": sprintf("Defender for Cloud alerts are exported continuously: %s; expected an enabled automation exporting the High and Medium alerts of the whole subscription to a Log Analytics workspace or an Event Hub.", [concat("; ", [describe(automations_data.value[i]) | some i in passing])]),
		"evidence": [sprintf("/sections/security.automations/data/value/%d", [i]) | some i in passing],
	}
}

findings contains f if {
	is_object(automations_data)
	count(automations_data.value) == 0
	f := {
		"resource": scope.resource,
		"status": "fail",
		"message": "Defender for Cloud has no automation (the automations list is empty), so alerts are not exported continuously; expected an enabled automation exporting the High and Medium alerts of the whole subscription to a Log Analytics workspace or an Event Hub.",
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
		"message": sprintf("No automation exports Defender for Cloud alerts: %s; expected an enabled automation scoped to the whole subscription, with an Alerts source whose ruleSets let High and Medium alerts through, and a Workspace or EventHub action.", [concat("; ", sort([sprintf("%s: %s", [azure.name_of(a), concat(", ", problems(a))]) | some a in automations]))]),
		"evidence": ["/sections/security.automations/data/value"],
	}
}

exports_alerts(a) if {
	a.properties.isEnabled == true
	"Alerts" in azure.automation_sources(a)
	count(destinations(a)) > 0
	count(azure.coverage_problems(a)) == 0
}

destinations(a) := [target(act) |
	some act in a.properties.actions
	act.actionType in export_actions
]

target(act) := sprintf("Log Analytics workspace %s", [values.last_segment(act.workspaceResourceId)]) if {
	act.actionType == "Workspace"
	is_string(act.workspaceResourceId)
} else := sprintf("Event Hub %s", [values.last_segment(act.eventHubResourceId)]) if {
	act.actionType == "EventHub"
	is_string(act.eventHubResourceId)
} else := sprintf("%s (no target)", [act.actionType])

describe(a) := sprintf("automation %s sends %s to %s (scope: the whole subscription, High and Medium alerts included)", [azure.name_of(a), concat(" and ", sort(azure.automation_sources(a))), concat(", ", sort(destinations(a)))])

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

action_problem(a) := "" if {
	count(destinations(a)) > 0
} else := sprintf("its actions are %s, not Workspace or EventHub", [azure.list_text(sort({act.actionType | some act in a.properties.actions}))])
