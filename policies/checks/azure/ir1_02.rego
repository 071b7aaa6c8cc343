# METADATA
# title: Playbooks exist
# description: >-
#   At least one Logic App workflow of the subscription is an incident response playbook
#   ready to run: a Consumption workflow (Microsoft.Logic/workflows) whose state is Enabled,
#   or a Logic App Standard workflow (Microsoft.Web/sites/<app>/workflows/<name>) whose
#   flowState is Enabled in an app whose state is Running, that starts from a Microsoft
#   Sentinel trigger (the azuresentinel connector: incident, alert or entity trigger) or a
#   Microsoft Defender for Cloud alert trigger (the ascalert connector). A Consumption
#   trigger's connector is the managed API named by the $connections parameter entry that
#   its host.connection refers to; a Standard trigger's is the managed API that
#   connections.json gives for its host.connection.referenceName. Workflows started only by schedules, HTTP requests or
#   other connectors do not count, nor do disabled playbooks. No Azure Policy covers this
#   (the MCSB initiative has no IR-1 policy).
# custom:
#   id: AZ-IR1-02
#   controls: [IR-1]
#   severity: medium
#   requires: [logic.workflows, logic.standard_workflows]
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

standard_data := object.get(input, ["sections", "logic.standard_workflows", "data"], null)

# The Logic App Standard workflows, each with its app and JSON pointer.
standard_workflows := [{"site": site, "wf": wf, "pointer": sprintf("/sections/logic.standard_workflows/data/sites/%d/workflows/%d", [i, j])} |
	some i, site in standard_data.sites
	some j, wf in site.workflows
]

# The Standard workflows that are enabled playbooks in a running app.
standard_ready := [s |
	some s in standard_workflows
	s.site.properties.state == "Running"
	s.wf.properties.flowState == "Enabled"
	count(standard_triggers(s.wf)) > 0
]

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
	count(ready) + count(standard_ready) > 0
	f := {
		"resource": scope.resource,
		"status": "pass",
		"message": sprintf("%d enabled playbook(s): %s; expected at least one enabled Logic App workflow with a Microsoft Sentinel or Defender for Cloud alert trigger.", [count(ready) + count(standard_ready), concat("; ", array.concat([describe(workflows_data.value[i]) | some i in ready], [describe_standard(s) | some s in standard_ready]))]),
		"evidence": array.concat([sprintf("/sections/logic.workflows/data/value/%d", [i]) | some i in ready], [s.pointer | some s in standard_ready]),
	}
}

findings contains f if {
	is_object(workflows_data)
	count(workflows_data.value) == 0
	is_object(standard_data)
	count(standard_workflows) == 0
	f := {
		"resource": scope.resource,
		"status": "fail",
		"message": "The subscription has no Logic App workflow (no Consumption workflow and no Logic App Standard workflow), so no playbook can respond to an incident; expected at least one enabled workflow with a Microsoft Sentinel or Defender for Cloud alert trigger.",
		"evidence": ["/sections/logic.workflows/data/value", "/sections/logic.standard_workflows/data/sites"],
	}
}

findings contains f if {
	workflows := workflows_data.value
	is_array(workflows)
	is_object(standard_data)
	count(workflows) + count(standard_workflows) > 0
	count(ready) + count(standard_ready) == 0
	f := {
		"resource": scope.resource,
		"status": "fail",
		"message": sprintf("No Logic App workflow is an enabled playbook: %s; expected at least one workflow in state Enabled with a Microsoft Sentinel or Defender for Cloud alert trigger.", [concat("; ", array.concat(sort([describe(wf) | some wf in workflows]), sort([describe_standard(s) | some s in standard_workflows])))]),
		"evidence": ["/sections/logic.workflows/data/value", "/sections/logic.standard_workflows/data/sites"],
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

# [trigger name, connector API] of a Standard workflow's Sentinel and Defender triggers: the
# managed API connections.json names for the trigger's connection reference, or the reference
# itself (without a designer suffix such as _1) when connections.json does not name it.
standard_triggers(wf) := [[name, api] |
	some name, t in object.get(wf, "triggers", {})
	api := standard_api(t)
	playbook_apis[api]
]

standard_api(t) := lower(t.api) if {
	is_string(t.api)
	t.api != ""
} else := lower(regex.replace(t.connection, `_[0-9]+$`, "")) if {
	is_string(t.connection)
}

describe_standard(s) := sprintf("Standard workflow %s (app %s) is %s and starts on %s", [s.wf.name, standard_app_state(s.site), text(object.get(s.wf.properties, "flowState", null)), concat(", ", sort([sprintf("%s trigger %s", [playbook_apis[api], name]) | some [name, api] in standard_triggers(s.wf)]))]) if {
	count(standard_triggers(s.wf)) > 0
} else := sprintf("Standard workflow %s (app %s, %s) has no Microsoft Sentinel or Defender trigger (triggers: %s)", [s.wf.name, standard_app_state(s.site), text(object.get(s.wf.properties, "flowState", null)), standard_trigger_names(s.wf)])

standard_app_state(site) := sprintf("%s", [text(object.get(object.get(site, "properties", {}), "state", null))])

standard_trigger_names(wf) := "none" if {
	count(object.get(wf, "triggers", {})) == 0
} else := concat(", ", sort([sprintf("%s of type %s", [name, text(object.get(t, "type", null))]) | some name, t in wf.triggers]))
