# METADATA
# title: Playbooks exist
# description: >-
#   At least one Logic App workflow of the subscription (Microsoft.Logic/workflows) is an
#   incident response playbook ready to run: its state is Enabled and it starts from a
#   Microsoft Sentinel trigger (the azuresentinel connector: incident, alert or entity
#   trigger) or a Microsoft Defender for Cloud alert trigger (the ascalert connector). A
#   trigger's connector is the managed API named by the $connections parameter entry that
#   its host.connection refers to. Workflows started only by schedules, HTTP requests or
#   other connectors do not count, nor do disabled playbooks. No Azure Policy covers this
#   (the MCSB initiative has no IR-1 policy).
# custom:
#   id: AZ-IR1-02
#   controls: [IR-1]
#   severity: medium
#   requires: [logic.workflows]
#   remediation: >-
#     Deploy the playbooks your incident response plan calls for (for example from Microsoft
#     Sentinel > Automation > Playbook templates, or Content hub solutions): create a Logic
#     App (Consumption) whose trigger is "Microsoft Sentinel incident" (or "Microsoft Sentinel
#     alert", or "When a Microsoft Defender for Cloud Alert is created or triggered"),
#     authorise its API connection (preferably with a managed identity), test it on a sample
#     incident, and make sure it is Enabled (az logic workflow update --resource-group <rg>
#     --name <playbook> --state Enabled). Then run it from a Sentinel automation rule
#     (AZ-IR6-02) or a Defender for Cloud workflow automation (AZ-IR6-01).
#   references:
#     - https://learn.microsoft.com/en-us/azure/sentinel/automation/automate-responses-with-playbooks
#     - https://learn.microsoft.com/en-us/azure/sentinel/automation/create-playbooks
#     - https://learn.microsoft.com/en-us/azure/defender-for-cloud/workflow-automation
#     - https://learn.microsoft.com/en-us/rest/api/logic/workflows/list-by-subscription
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.azure.ir1_02

import data.irscan.lib.scope

workflows_data := input.sections["logic.workflows"].data

# The managed APIs whose triggers start an incident response playbook.
playbook_apis := {
	"azuresentinel": "Microsoft Sentinel",
	"ascalert": "Microsoft Defender for Cloud alert",
}

# Indexes of the enabled workflows with a playbook trigger.
ready := [i |
	some i, wf in workflows_data.value
	wf.properties.state == "Enabled"
	count(playbook_triggers(wf)) > 0
]

findings contains f if {
	count(ready) > 0
	f := {
		"resource": scope.resource,
		"status": "pass",
		"message": sprintf("%d enabled playbook(s): %s; expected at least one enabled Logic App workflow with a Microsoft Sentinel or Defender for Cloud alert trigger.", [count(ready), concat("; ", [describe(workflows_data.value[i]) | some i in ready])]),
		"evidence": [sprintf("/sections/logic.workflows/data/value/%d", [i]) | some i in ready],
	}
}

findings contains f if {
	is_object(workflows_data)
	count(workflows_data.value) == 0
	f := {
		"resource": scope.resource,
		"status": "fail",
		"message": "The subscription has no Logic App workflow (the workflows list is empty), so no playbook can respond to an incident; expected at least one enabled workflow with a Microsoft Sentinel or Defender for Cloud alert trigger.",
		"evidence": ["/sections/logic.workflows/data/value"],
	}
}

findings contains f if {
	workflows := workflows_data.value
	count(workflows) > 0
	count(ready) == 0
	f := {
		"resource": scope.resource,
		"status": "fail",
		"message": sprintf("No Logic App workflow is an enabled playbook: %s; expected at least one workflow in state Enabled with a Microsoft Sentinel or Defender for Cloud alert trigger.", [concat("; ", sort([describe(wf) | some wf in workflows]))]),
		"evidence": ["/sections/logic.workflows/data/value"],
	}
}

# [trigger name, connector API] of the workflow's Sentinel and Defender triggers.
playbook_triggers(wf) := [[name, api] |
	some name, t in triggers(wf)
	api := connector(wf, t)
	playbook_apis[api]
]

# The managed API behind a trigger's connection, e.g. azuresentinel.
connector(wf, t) := api if {
	ref := t.inputs.host.connection.name
	is_string(ref)
	key := regex.find_all_string_submatch_n(`\['([^']+)'\]`, ref, 1)[0][1]
	api := lower(managed_api(wf, key))
}

# The last segment of the connection's managed API ID, or the parameter key itself
# (without a designer suffix such as _1) when the $connections entry is missing.
managed_api(wf, key) := name if {
	id := wf.properties.parameters["$connections"].value[key].id
	is_string(id)
	parts := split(id, "/")
	name := parts[count(parts) - 1]
	name != ""
} else := regex.replace(key, `_[0-9]+$`, "")

describe(wf) := sprintf("%s is %s and starts on %s", [wf.name, state(wf), concat(", ", sort([sprintf("%s trigger %s", [playbook_apis[api], name]) | some [name, api] in playbook_triggers(wf)]))]) if {
	count(playbook_triggers(wf)) > 0
} else := sprintf("%s (%s) has no Microsoft Sentinel or Defender trigger (triggers: %s)", [wf.name, state(wf), trigger_names(wf)])

trigger_names(wf) := "none" if {
	count(triggers(wf)) == 0
} else := concat(", ", sort([sprintf("%s of type %s", [name, text(object.get(t, "type", null))]) | some name, t in triggers(wf)]))

triggers(wf) := t if {
	t := wf.properties.definition.triggers
	is_object(t)
} else := {}

state(wf) := wf.properties.state if {
	is_string(wf.properties.state)
	wf.properties.state != ""
} else := "in an unknown state"

text(s) := s if {
	is_string(s)
	s != ""
} else := "unknown"
