package irscan.checks.azure.ir1_02_test

import data.irscan.checks.azure.ir1_02

sub := "7f3c2d9e-5b1a-4c8e-9d2f-3a6b8c1e4f70"

subscription := sprintf("/subscriptions/%s", [sub])

snapshot(d) := with_standard(d, {"sites": []})

with_standard(d, std) := {
	"cloud": "azure",
	"scope": {"type": "subscription", "id": sub},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {
		"logic.workflows": {"status": "ok", "data": d},
		"logic.standard_workflows": {"status": "ok", "data": std},
	},
}

# A Logic App Standard app in state app_state with one workflow (flowState) and its triggers.
standard_app(app_state, name, flow_state, triggers) := {"sites": [{
	"id": sprintf("/subscriptions/%s/resourceGroups/rg-secops/providers/Microsoft.Web/sites/la-std-soc", [sub]),
	"name": "la-std-soc",
	"kind": "functionapp,workflowapp",
	"properties": {"state": app_state},
	"workflows": [{
		"id": sprintf("/subscriptions/%s/resourceGroups/rg-secops/providers/Microsoft.Web/sites/la-std-soc/workflows/%s", [sub, name]),
		"name": sprintf("la-std-soc/%s", [name]),
		"kind": "Stateful",
		"properties": {"flowState": flow_state, "health": {"state": "Healthy"}},
		"triggers": triggers,
	}],
}]}

sentinel_std_trigger := {"Microsoft_Sentinel_incident": {"type": "ApiConnectionWebhook", "connection": "azuresentinel", "api": "azuresentinel"}}

connection(key, api) := {key: {
	"connectionId": sprintf("/subscriptions/%s/resourceGroups/rg-secops/providers/Microsoft.Web/connections/%s-conn", [sub, api]),
	"connectionName": sprintf("%s-conn", [api]),
	"id": sprintf("/subscriptions/%s/providers/Microsoft.Web/locations/westeurope/managedApis/%s", [sub, api]),
}}

api_trigger(key, path) := {
	"type": "ApiConnectionWebhook",
	"inputs": {
		"body": {"callback_url": "@{listCallbackUrl()}"},
		"host": {"connection": {"name": sprintf("@parameters('$connections')['%s']['connectionId']", [key])}},
		"path": path,
	},
}

workflow(name, state, triggers, connections) := {
	"id": sprintf("/subscriptions/%s/resourceGroups/rg-secops/providers/Microsoft.Logic/workflows/%s", [sub, name]),
	"name": name,
	"type": "Microsoft.Logic/workflows",
	"location": "westeurope",
	"tags": {},
	"properties": {
		"provisioningState": "Succeeded",
		"state": state,
		"definition": {
			"$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#",
			"contentVersion": "1.0.0.0",
			"parameters": {"$connections": {"defaultValue": {}, "type": "Object"}},
			"triggers": triggers,
			"actions": {},
			"outputs": {},
		},
		"parameters": {"$connections": {"value": connections}},
	},
}

sentinel_playbook(name, state) := workflow(name, state, {"Microsoft_Sentinel_incident": api_trigger("azuresentinel", "/incident-creation")}, connection("azuresentinel", "azuresentinel"))

recurrence := workflow("la-invoice-export", "Enabled", {"Recurrence": {"type": "Recurrence", "recurrence": {"frequency": "Day", "interval": 1}}}, {})

results(fs) := {[f.resource, f.status] | some f in fs}

test_pass_with_enabled_sentinel_playbook if {
	fs := ir1_02.findings with input as snapshot({"value": [recurrence, sentinel_playbook("pb-isolate-vm", "Enabled")]})
	results(fs) == {[subscription, "pass"]}
	some f in fs
	contains(f.message, "pb-isolate-vm is Enabled and starts on Microsoft Sentinel trigger Microsoft_Sentinel_incident")
	f.evidence == ["/sections/logic.workflows/data/value/1"]
}

test_pass_with_defender_alert_trigger if {
	wf := workflow("pb-defender-alert", "Enabled", {"When_an_alert_is_created": api_trigger("ascalert", "/Microsoft.Security/Alert/subscribe")}, connection("ascalert", "ascalert"))
	fs := ir1_02.findings with input as snapshot({"value": [wf]})
	results(fs) == {[subscription, "pass"]}
	some f in fs
	contains(f.message, "Microsoft Defender for Cloud alert trigger When_an_alert_is_created")
}

test_pass_when_connection_key_differs_from_api if {
	wf := workflow("pb-enrich", "Enabled", {"Microsoft_Sentinel_alert": api_trigger("azuresentinel_1", "/subscribe")}, connection("azuresentinel_1", "azuresentinel"))
	fs := ir1_02.findings with input as snapshot({"value": [wf]})
	results(fs) == {[subscription, "pass"]}
}

test_pass_from_key_without_connections_parameter if {
	wf := json.patch(sentinel_playbook("pb-isolate-vm", "Enabled"), [{"op": "remove", "path": "/properties/parameters"}])
	fs := ir1_02.findings with input as snapshot({"value": [wf]})
	results(fs) == {[subscription, "pass"]}
}

test_fail_when_playbook_disabled if {
	fs := ir1_02.findings with input as snapshot({"value": [sentinel_playbook("pb-isolate-vm", "Disabled"), recurrence]})
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, "pb-isolate-vm is Disabled and starts on Microsoft Sentinel trigger")
	contains(f.message, "la-invoice-export (Enabled) has no Microsoft Sentinel or Defender trigger (triggers: Recurrence of type Recurrence)")
}

test_fail_with_other_connector_trigger if {
	wf := workflow("la-o365", "Enabled", {"When_a_new_email_arrives": api_trigger("office365", "/Mail/OnNewEmail")}, connection("office365", "office365"))
	fs := ir1_02.findings with input as snapshot({"value": [wf]})
	results(fs) == {[subscription, "fail"]}
}

test_fail_without_definition if {
	fs := ir1_02.findings with input as snapshot({"value": [{"id": "/x", "name": "broken", "properties": {"state": "Enabled"}}]})
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, "triggers: none")
}

test_fail_when_no_workflow if {
	fs := ir1_02.findings with input as snapshot({"value": []})
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, "no Logic App workflow")
}

test_no_finding_when_section_absent if {
	fs := ir1_02.findings with input as object.remove(snapshot(null), ["sections"])
	count(fs) == 0
}

test_no_finding_when_data_null if {
	fs := ir1_02.findings with input as snapshot(null)
	count(fs) == 0
}

test_pass_with_logic_app_standard_playbook_only if {
	fs := ir1_02.findings with input as with_standard({"value": []}, standard_app("Running", "isolate-host", "Enabled", sentinel_std_trigger))
	results(fs) == {[subscription, "pass"]}
	some f in fs
	contains(f.message, "Standard workflow la-std-soc/isolate-host (app Running) is Enabled and starts on Microsoft Sentinel trigger Microsoft_Sentinel_incident")
	f.evidence == ["/sections/logic.standard_workflows/data/sites/0/workflows/0"]
}

test_pass_with_standard_trigger_from_reference_name if {
	t := {"When_a_Defender_alert": {"type": "ApiConnectionWebhook", "connection": "ascalert_1"}}
	fs := ir1_02.findings with input as with_standard({"value": []}, standard_app("Running", "notify", "Enabled", t))
	results(fs) == {[subscription, "pass"]}
}

test_fail_when_standard_workflow_disabled if {
	fs := ir1_02.findings with input as with_standard({"value": []}, standard_app("Running", "isolate-host", "Disabled", sentinel_std_trigger))
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, "la-std-soc/isolate-host (app Running) is Disabled and starts on Microsoft Sentinel trigger")
}

test_fail_when_standard_app_stopped if {
	fs := ir1_02.findings with input as with_standard({"value": []}, standard_app("Stopped", "isolate-host", "Enabled", sentinel_std_trigger))
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, "(app Stopped) is Enabled")
}

test_fail_when_standard_workflow_has_other_trigger if {
	t := {"When_a_HTTP_request_is_received": {"type": "Request", "kind": "Http"}}
	fs := ir1_02.findings with input as with_standard({"value": []}, standard_app("Running", "webhook", "Enabled", t))
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, "has no Microsoft Sentinel or Defender trigger (triggers: When_a_HTTP_request_is_received of type Request)")
}

test_no_finding_when_standard_section_absent if {
	fs := ir1_02.findings with input as json.patch(snapshot({"value": []}), [{"op": "remove", "path": "/sections/logic.standard_workflows"}])
	count(fs) == 0
}
