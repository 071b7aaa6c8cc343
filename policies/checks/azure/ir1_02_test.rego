package irscan.checks.azure.ir1_02_test

import data.irscan.checks.azure.ir1_02

sub := "7f3c2d9e-5b1a-4c8e-9d2f-3a6b8c1e4f70"

subscription := sprintf("/subscriptions/%s", [sub])

snapshot(d) := {
	"cloud": "azure",
	"scope": {"type": "subscription", "id": sub},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {"logic.workflows": {"status": "ok", "data": d}},
}

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
