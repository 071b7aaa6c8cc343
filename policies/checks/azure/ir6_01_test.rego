package irscan.checks.azure.ir6_01_test

import data.irscan.checks.azure.ir6_01

sub := "7f3c2d9e-5b1a-4c8e-9d2f-3a6b8c1e4f70"

subscription := sprintf("/subscriptions/%s", [sub])

snapshot(d) := with_workflows(d, [playbook("pb-notify-soc", "Enabled")])

with_workflows(d, wfs) := {
	"cloud": "azure",
	"scope": {"type": "subscription", "id": sub},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {
		"security.automations": {"status": "ok", "data": d},
		"logic.workflows": {"status": "ok", "data": {"value": wfs}},
	},
}

playbook(name, state) := {
	"id": sprintf("/subscriptions/%s/resourceGroups/rg-secops/providers/Microsoft.Logic/workflows/%s", [sub, name]),
	"name": name,
	"type": "Microsoft.Logic/workflows",
	"properties": {"state": state},
}

automation(name, enabled, sources, actions) := {
	"id": sprintf("/subscriptions/%s/resourceGroups/rg-secops/providers/Microsoft.Security/automations/%s", [sub, name]),
	"name": name,
	"type": "Microsoft.Security/automations",
	"location": "westeurope",
	"properties": {
		"isEnabled": enabled,
		"scopes": [{"scopePath": sprintf("/subscriptions/%s", [sub])}],
		"sources": [{"eventSource": s} | some s in sources],
		"actions": actions,
	},
}

to_logic_app := {"actionType": "LogicApp", "logicAppResourceId": sprintf("/subscriptions/%s/resourceGroups/rg-secops/providers/Microsoft.Logic/workflows/pb-notify-soc", [sub])}

to_workspace := {"actionType": "Workspace", "workspaceResourceId": sprintf("/subscriptions/%s/resourceGroups/rg-secops/providers/Microsoft.OperationalInsights/workspaces/law-secops", [sub])}

results(fs) := {[f.resource, f.status] | some f in fs}

test_pass_when_alerts_run_a_logic_app if {
	fs := ir6_01.findings with input as snapshot({"value": [
		automation("ExportToWorkspace", true, ["Alerts"], [to_workspace]),
		automation("notify-soc-on-alerts", true, ["Alerts"], [to_logic_app]),
	]})
	results(fs) == {[subscription, "pass"]}
	some f in fs
	contains(f.message, "automation notify-soc-on-alerts runs Logic App pb-notify-soc (Enabled) on Alerts of the whole subscription")
	f.evidence == ["/sections/security.automations/data/value/1"]
}

test_fail_when_workflow_automation_disabled if {
	fs := ir6_01.findings with input as snapshot({"value": [automation("notify-soc-on-alerts", false, ["Alerts"], [to_logic_app])]})
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, "notify-soc-on-alerts: isEnabled is false")
}

test_fail_when_only_recommendations_trigger if {
	fs := ir6_01.findings with input as snapshot({"value": [automation("remediate-recs", true, ["Assessments"], [to_logic_app])]})
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, "its sources are Assessments, not Alerts")
}

test_export_is_not_workflow_automation if {
	fs := ir6_01.findings with input as snapshot({"value": [automation("ExportToWorkspace", true, ["Alerts"], [to_workspace])]})
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, "its actions are Workspace, not LogicApp")
}

test_fail_when_enabled_flag_absent if {
	a := json.patch(automation("notify", true, ["Alerts"], [to_logic_app]), [{"op": "remove", "path": "/properties/isEnabled"}])
	fs := ir6_01.findings with input as snapshot({"value": [a]})
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, "isEnabled is unset")
}

test_fail_when_no_automation if {
	fs := ir6_01.findings with input as snapshot({"value": []})
	results(fs) == {[subscription, "fail"]}
}

test_no_finding_when_section_absent if {
	fs := ir6_01.findings with input as object.remove(snapshot(null), ["sections"])
	count(fs) == 0
}

test_no_finding_when_data_null if {
	fs := ir6_01.findings with input as snapshot(null)
	count(fs) == 0
}

test_fail_when_playbook_does_not_exist if {
	fs := ir6_01.findings with input as with_workflows({"value": [automation("notify-soc-on-alerts", true, ["Alerts"], [to_logic_app])]}, [])
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, "Logic App pb-notify-soc does not exist (not in the subscription's Microsoft.Logic/workflows list)")
}

test_fail_when_playbook_disabled if {
	fs := ir6_01.findings with input as with_workflows({"value": [automation("notify-soc-on-alerts", true, ["Alerts"], [to_logic_app])]}, [playbook("pb-notify-soc", "Disabled")])
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, "Logic App pb-notify-soc is Disabled, not Enabled")
}

test_fail_when_scoped_to_a_resource_group if {
	a := object.union(automation("notify-soc-on-alerts", true, ["Alerts"], [to_logic_app]), {"properties": {"scopes": [{"scopePath": sprintf("/subscriptions/%s/resourceGroups/rg-web", [sub])}]}})
	fs := ir6_01.findings with input as snapshot({"value": [a]})
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, "not the whole subscription")
}

test_fail_when_informational_alerts_only if {
	info := {"rules": [{"propertyJPath": "Severity", "propertyType": "String", "expectedValue": "Informational", "operator": "Equals"}]}
	a := object.union(automation("notify-soc-on-alerts", true, ["Alerts"], [to_logic_app]), {"properties": {"sources": [{"eventSource": "Alerts", "ruleSets": [info]}]}})
	fs := ir6_01.findings with input as snapshot({"value": [a]})
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, "its Alerts ruleSets leave out High and Medium alerts")
}

test_error_when_playbook_in_another_subscription if {
	other := {"actionType": "LogicApp", "logicAppResourceId": "/subscriptions/88888888-8888-8888-8888-888888888888/resourceGroups/rg-soc/providers/Microsoft.Logic/workflows/pb-central"}
	fs := ir6_01.findings with input as snapshot({"value": [automation("notify-soc-on-alerts", true, ["Alerts"], [other])]})
	results(fs) == {[subscription, "error"]}
	some f in fs
	contains(f.message, "Logic App pb-central is in subscription 88888888-8888-8888-8888-888888888888, which is not in this run")
}

test_no_verdict_without_workflows if {
	s := json.patch(snapshot({"value": [automation("notify-soc-on-alerts", true, ["Alerts"], [to_logic_app])]}), [{"op": "remove", "path": "/sections/logic.workflows"}])
	fs := ir6_01.findings with input as s
	count({f | some f in fs; f.status in {"pass", "fail"}}) == 0
}

std_action := {"actionType": "LogicApp", "logicAppResourceId": sprintf("/subscriptions/%s/resourceGroups/rg-secops/providers/Microsoft.Web/sites/la-std-soc/workflows/notify", [sub])}

# The snapshot with one Logic App Standard app in state app_state whose workflow notify has flowState.
with_standard(d, app_state, flow_state) := json.patch(snapshot(d), [{"op": "add", "path": "/sections/logic.standard_workflows", "value": {"data": {"sites": [{
	"id": sprintf("/subscriptions/%s/resourceGroups/rg-secops/providers/Microsoft.Web/sites/la-std-soc", [sub]),
	"name": "la-std-soc", "kind": "functionapp,workflowapp", "properties": {"state": app_state},
	"workflows": [{
		"id": sprintf("/subscriptions/%s/resourceGroups/rg-secops/providers/Microsoft.Web/sites/la-std-soc/workflows/notify", [sub]),
		"name": "la-std-soc/notify", "properties": {"flowState": flow_state},
		"triggers": {"Microsoft_Defender_for_Cloud_alert": {"type": "ApiConnectionWebhook", "connection": "ascalert", "api": "ascalert"}},
	}],
}]}}}])

test_pass_when_playbook_is_enabled_logic_app_standard if {
	fs := ir6_01.findings with input as with_standard({"value": [automation("notify-soc-on-alerts", true, ["Alerts"], [std_action])]}, "Running", "Enabled")
	results(fs) == {[subscription, "pass"]}
}

test_fail_when_logic_app_standard_workflow_disabled if {
	fs := ir6_01.findings with input as with_standard({"value": [automation("notify-soc-on-alerts", true, ["Alerts"], [std_action])]}, "Running", "Disabled")
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, "Logic App notify is Disabled, not Enabled")
}

test_fail_when_logic_app_standard_app_stopped if {
	fs := ir6_01.findings with input as with_standard({"value": [automation("notify-soc-on-alerts", true, ["Alerts"], [std_action])]}, "Stopped", "Enabled")
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, "Logic App notify is in stopped app la-std-soc (state Stopped), not Enabled")
}

test_fail_when_logic_app_standard_workflow_missing if {
	gone := object.union(std_action, {"logicAppResourceId": sprintf("/subscriptions/%s/resourceGroups/rg-secops/providers/Microsoft.Web/sites/la-std-soc/workflows/deleted", [sub])})
	fs := ir6_01.findings with input as with_standard({"value": [automation("notify-soc-on-alerts", true, ["Alerts"], [gone])]}, "Running", "Enabled")
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, "Logic App deleted does not exist (not in the subscription's Logic App Standard workflows)")
}

test_error_without_standard_workflows if {
	fs := ir6_01.findings with input as snapshot({"value": [automation("notify-soc-on-alerts", true, ["Alerts"], [std_action])]})
	results(fs) == {[subscription, "error"]}
	some f in fs
	contains(f.message, "Logic App notify could not be verified (its workflows list was not read)")
}

central_action := {"actionType": "LogicApp", "logicAppResourceId": "/subscriptions/88888888-8888-8888-8888-888888888888/resourceGroups/rg-soc/providers/Microsoft.Logic/workflows/pb-central"}

# The estate of a run that also holds subscription 8888… with the given playbook facts.
central_estate(playbooks) := {"azure": {"subscription": {"88888888-8888-8888-8888-888888888888": {
	"cloud": "azure", "type": "subscription", "id": "88888888-8888-8888-8888-888888888888",
	"problems": [], "facts": {"playbooks": playbooks},
}}}}

central_playbook(state) := {"/subscriptions/88888888-8888-8888-8888-888888888888/resourcegroups/rg-soc/providers/microsoft.logic/workflows/pb-central": {"state": state, "pointer": "/sections/logic.workflows/data/value/0"}}

test_pass_when_playbook_in_another_subscription_of_the_run_is_enabled if {
	fs := ir6_01.findings with input as snapshot({"value": [automation("notify-soc-on-alerts", true, ["Alerts"], [central_action])]})
		with data.estate as central_estate(central_playbook("Enabled"))
	results(fs) == {[subscription, "pass"]}
}

test_fail_when_playbook_in_another_subscription_of_the_run_is_disabled if {
	fs := ir6_01.findings with input as snapshot({"value": [automation("notify-soc-on-alerts", true, ["Alerts"], [central_action])]})
		with data.estate as central_estate(central_playbook("Disabled"))
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, "Logic App pb-central is Disabled, not Enabled")
}

test_fail_when_playbook_missing_from_another_subscription_of_the_run if {
	fs := ir6_01.findings with input as snapshot({"value": [automation("notify-soc-on-alerts", true, ["Alerts"], [central_action])]})
		with data.estate as central_estate({})
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, "Logic App pb-central does not exist (not in the workflows of subscription 88888888-8888-8888-8888-888888888888, which this run includes)")
}

test_error_when_other_subscription_could_not_read_its_workflows if {
	fs := ir6_01.findings with input as snapshot({"value": [automation("notify-soc-on-alerts", true, ["Alerts"], [central_action])]})
		with data.estate as central_estate(null)
	results(fs) == {[subscription, "error"]}
	some f in fs
	contains(f.message, "Logic App pb-central could not be verified")
}
