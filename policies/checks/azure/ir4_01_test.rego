package irscan.checks.azure.ir4_01_test

import data.irscan.checks.azure.ir4_01

sub := "7f3c2d9e-5b1a-4c8e-9d2f-3a6b8c1e4f70"

subscription := sprintf("/subscriptions/%s", [sub])

snapshot(d) := {
	"cloud": "azure",
	"scope": {"type": "subscription", "id": sub},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {"insights.subscription_diagnostic_settings": {"status": "ok", "data": d}},
}

workspace_id := sprintf("/subscriptions/%s/resourceGroups/rg-secops/providers/Microsoft.OperationalInsights/workspaces/law-secops", [sub])

storage_id := sprintf("/subscriptions/%s/resourceGroups/rg-audit/providers/Microsoft.Storage/storageAccounts/stcontosoactivitylogs", [sub])

setting(name, destinations, logs) := {
	"id": sprintf("subscriptions/%s/providers/microsoft.insights/diagnosticSettings/%s", [sub, name]),
	"type": null,
	"name": name,
	"properties": object.union(destinations, {"logs": logs}),
}

logs(categories) := [{"category": c, "enabled": true} | some c in categories]

to_workspace := {"workspaceId": workspace_id}

results(fs) := {[f.resource, f.status] | some f in fs}

test_pass_with_required_categories_to_workspace if {
	fs := ir4_01.findings with input as snapshot({"value": [setting("activity-log-export", to_workspace, logs(["Administrative", "Security", "Policy", "Alert"]))]})
	results(fs) == {[subscription, "pass"]}
	some f in fs
	contains(f.message, "setting activity-log-export sends Administrative, Alert, Policy, Security to workspace law-secops")
	f.evidence == ["/sections/insights.subscription_diagnostic_settings/data/value/0"]
}

test_pass_with_all_logs_category_group_to_storage if {
	s := setting("ds4", {"storageAccountId": storage_id}, [{"categoryGroup": "allLogs", "enabled": true}])
	fs := ir4_01.findings with input as snapshot({"value": [s]})
	results(fs) == {[subscription, "pass"]}
	some f in fs
	contains(f.message, "sends allLogs to storage account stcontosoactivitylogs")
}

test_categories_compared_without_case if {
	fs := ir4_01.findings with input as snapshot({"value": [setting("s", to_workspace, logs(["administrative", "SECURITY", "Policy"]))]})
	results(fs) == {[subscription, "pass"]}
}

test_fail_when_a_category_is_missing_or_disabled if {
	l := array.concat(logs(["Administrative"]), [{"category": "Security", "enabled": false}, {"category": "Policy", "enabled": null}])
	fs := ir4_01.findings with input as snapshot({"value": [setting("partial", to_workspace, l)]})
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, "setting partial: Security, Policy not enabled")
}

test_fail_when_event_hub_only if {
	hub := {"eventHubAuthorizationRuleId": sprintf("/subscriptions/%s/resourceGroups/rg-secops/providers/Microsoft.EventHub/namespaces/evh-soc/authorizationrules/RootManageSharedAccessKey", [sub]), "eventHubName": "activity"}
	fs := ir4_01.findings with input as snapshot({"value": [setting("to-siem", hub, logs(["Administrative", "Security", "Policy"]))]})
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, "no Log Analytics workspace or storage account destination (it sends to an Event Hub only)")
}

test_fail_when_destination_blank if {
	fs := ir4_01.findings with input as snapshot({"value": [setting("blank", {"workspaceId": "", "storageAccountId": null}, logs(["Administrative", "Security", "Policy"]))]})
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, "(it has no destination)")
}

test_fail_when_logs_absent if {
	s := json.patch(setting("nologs", to_workspace, []), [{"op": "remove", "path": "/properties/logs"}])
	fs := ir4_01.findings with input as snapshot({"value": [s]})
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, "Administrative, Security, Policy not enabled")
}

test_fail_when_no_setting if {
	fs := ir4_01.findings with input as snapshot({"value": []})
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, "no diagnostic setting")
}

test_one_good_setting_is_enough if {
	fs := ir4_01.findings with input as snapshot({"value": [
		setting("partial", to_workspace, logs(["Administrative"])),
		setting("full", {"storageAccountId": storage_id}, logs(["Administrative", "Security", "Policy"])),
	]})
	results(fs) == {[subscription, "pass"]}
	some f in fs
	f.evidence == ["/sections/insights.subscription_diagnostic_settings/data/value/1"]
}

test_no_finding_when_section_absent if {
	fs := ir4_01.findings with input as object.remove(snapshot(null), ["sections"])
	count(fs) == 0
}

test_no_finding_when_data_null if {
	fs := ir4_01.findings with input as snapshot(null)
	count(fs) == 0
}
