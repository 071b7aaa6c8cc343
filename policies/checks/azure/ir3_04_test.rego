package irscan.checks.azure.ir3_04_test

import data.irscan.checks.azure.ir3_04

sub := "7f3c2d9e-5b1a-4c8e-9d2f-3a6b8c1e4f70"

subscription := sprintf("/subscriptions/%s", [sub])

snapshot(d) := {
	"cloud": "azure",
	"scope": {"type": "subscription", "id": sub},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {"security.automations": {"status": "ok", "data": d}},
}

workspace_id := sprintf("/subscriptions/%s/resourceGroups/rg-secops/providers/Microsoft.OperationalInsights/workspaces/law-secops", [sub])

automation(name, enabled, sources, actions) := {
	"id": sprintf("/subscriptions/%s/resourceGroups/rg-secops/providers/Microsoft.Security/automations/%s", [sub, name]),
	"name": name,
	"type": "Microsoft.Security/automations",
	"location": "westeurope",
	"etag": "etag value",
	"tags": {},
	"properties": {
		"description": "",
		"isEnabled": enabled,
		"scopes": [{"description": "scope for subscription", "scopePath": sprintf("/subscriptions/%s", [sub])}],
		"sources": [{"eventSource": s, "ruleSets": null} | some s in sources],
		"actions": actions,
	},
}

to_workspace := {"actionType": "Workspace", "workspaceResourceId": workspace_id}

to_event_hub := {"actionType": "EventHub", "eventHubResourceId": sprintf("/subscriptions/%s/resourceGroups/rg-secops/providers/Microsoft.EventHub/namespaces/evh-soc/eventhubs/mdc", [sub]), "sasPolicyName": "mdc-send"}

to_logic_app := {"actionType": "LogicApp", "logicAppResourceId": sprintf("/subscriptions/%s/resourceGroups/rg-secops/providers/Microsoft.Logic/workflows/pb-notify-soc", [sub])}

results(fs) := {[f.resource, f.status] | some f in fs}

test_pass_when_alerts_exported_to_workspace if {
	fs := ir3_04.findings with input as snapshot({"value": [automation("ExportToWorkspace", true, ["Assessments", "Alerts"], [to_workspace])]})
	results(fs) == {[subscription, "pass"]}
	some f in fs
	contains(f.message, "automation ExportToWorkspace sends Alerts and Assessments to Log Analytics workspace law-secops")
	f.evidence == ["/sections/security.automations/data/value/0"]
}

test_pass_when_alerts_exported_to_event_hub if {
	fs := ir3_04.findings with input as snapshot({"value": [automation("ExportToEventHub", true, ["Alerts"], [to_event_hub])]})
	results(fs) == {[subscription, "pass"]}
	some f in fs
	contains(f.message, "sends Alerts to Event Hub mdc")
}

test_fail_when_export_disabled if {
	fs := ir3_04.findings with input as snapshot({"value": [automation("ExportToWorkspace", false, ["Alerts"], [to_workspace])]})
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, "ExportToWorkspace: isEnabled is false")
}

test_fail_when_only_assessments_exported if {
	fs := ir3_04.findings with input as snapshot({"value": [automation("ExportToWorkspace", true, ["Assessments", "SecureScores"], [to_workspace])]})
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, "its sources are Assessments, SecureScores, not Alerts")
}

test_logic_app_only_is_not_export if {
	fs := ir3_04.findings with input as snapshot({"value": [automation("notify-soc", true, ["Alerts"], [to_logic_app])]})
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, "its actions are LogicApp, not Workspace or EventHub")
}

test_fail_without_sources_and_actions if {
	a := json.patch(automation("empty", true, [], []), [{"op": "remove", "path": "/properties/sources"}, {"op": "remove", "path": "/properties/actions"}])
	fs := ir3_04.findings with input as snapshot({"value": [a]})
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, "its sources are none, not Alerts, its actions are none")
}

test_fail_when_no_automation if {
	fs := ir3_04.findings with input as snapshot({"value": []})
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, "the automations list is empty")
}

test_no_finding_when_section_absent if {
	fs := ir3_04.findings with input as object.remove(snapshot(null), ["sections"])
	count(fs) == 0
}

test_no_finding_when_data_null if {
	fs := ir3_04.findings with input as snapshot(null)
	count(fs) == 0
}

scoped(a, paths) := object.union(a, {"properties": {"scopes": [{"description": "", "scopePath": p} | some p in paths]}})

with_rule_sets(a, rule_sets) := object.union(a, {"properties": {"sources": [{"eventSource": "Alerts", "ruleSets": rule_sets}]}})

severity_rule(value) := {"rules": [{"propertyJPath": "Severity", "propertyType": "String", "expectedValue": value, "operator": "Equals"}]}

test_fail_when_export_scoped_to_a_resource_group if {
	a := scoped(automation("ExportToWorkspace", true, ["Alerts"], [to_workspace]), [sprintf("/subscriptions/%s/resourceGroups/rg-web", [sub])])
	fs := ir3_04.findings with input as snapshot({"value": [a]})
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, sprintf("its scopes are /subscriptions/%s/resourceGroups/rg-web, not the whole subscription", [sub]))
}

test_pass_when_one_scope_is_the_subscription if {
	a := scoped(automation("ExportToWorkspace", true, ["Alerts"], [to_workspace]), [sprintf("/subscriptions/%s/resourceGroups/rg-web", [sub]), sprintf("/SUBSCRIPTIONS/%s/", [upper(sub)])])
	fs := ir3_04.findings with input as snapshot({"value": [a]})
	results(fs) == {[subscription, "pass"]}
}

test_fail_when_export_has_no_scope if {
	a := scoped(automation("ExportToWorkspace", true, ["Alerts"], [to_workspace]), [])
	fs := ir3_04.findings with input as snapshot({"value": [a]})
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, "its scopes are none, not the whole subscription")
}

test_fail_when_rule_sets_export_informational_alerts_only if {
	a := with_rule_sets(automation("ExportToWorkspace", true, ["Alerts"], [to_workspace]), [severity_rule("Informational")])
	fs := ir3_04.findings with input as snapshot({"value": [a]})
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, "its Alerts ruleSets leave out High and Medium alerts")
}

test_fail_when_rule_sets_leave_out_medium if {
	a := with_rule_sets(automation("ExportToWorkspace", true, ["Alerts"], [to_workspace]), [severity_rule("High"), severity_rule("Low")])
	fs := ir3_04.findings with input as snapshot({"value": [a]})
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, "its Alerts ruleSets leave out Medium alerts")
}

test_fail_when_a_rule_narrows_to_one_alert_type if {
	narrowed := {"rules": [
		{"propertyJPath": "Severity", "propertyType": "String", "expectedValue": "High", "operator": "Equals"},
		{"propertyJPath": "AlertType", "propertyType": "String", "expectedValue": "VM_", "operator": "StartsWith"},
	]}
	a := with_rule_sets(automation("ExportToWorkspace", true, ["Alerts"], [to_workspace]), [narrowed, severity_rule("Medium")])
	fs := ir3_04.findings with input as snapshot({"value": [a]})
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, "leave out High alerts")
}

test_pass_when_rule_sets_cover_high_and_medium if {
	a := with_rule_sets(automation("ExportToWorkspace", true, ["Alerts"], [to_workspace]), [severity_rule("high"), severity_rule("Medium")])
	fs := ir3_04.findings with input as snapshot({"value": [a]})
	results(fs) == {[subscription, "pass"]}
	some f in fs
	contains(f.message, "(scope: the whole subscription, High and Medium alerts included)")
}

test_pass_when_not_equals_informational if {
	ne := {"rules": [{"propertyJPath": "Severity", "propertyType": "String", "expectedValue": "Informational", "operator": "NotEquals"}]}
	a := with_rule_sets(automation("ExportToWorkspace", true, ["Alerts"], [to_workspace]), [ne])
	fs := ir3_04.findings with input as snapshot({"value": [a]})
	results(fs) == {[subscription, "pass"]}
}
