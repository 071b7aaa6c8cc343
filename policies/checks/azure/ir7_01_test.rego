package irscan.checks.azure.ir7_01_test

import data.irscan.checks.azure.ir7_01

sub := "7f3c2d9e-5b1a-4c8e-9d2f-3a6b8c1e4f70"

subscription := sprintf("/subscriptions/%s", [sub])

account_id(name) := sprintf("/subscriptions/%s/resourceGroups/rg-audit/providers/Microsoft.Storage/storageAccounts/%s", [sub, name])

setting(name, account) := {
	"id": sprintf("subscriptions/%s/providers/microsoft.insights/diagnosticSettings/%s", [sub, name]),
	"type": null,
	"name": name,
	"properties": {
		"storageAccountId": account_id(account),
		"logs": [{"category": c, "enabled": true} | some c in ["Administrative", "Security", "Policy"]],
	},
}

account(name, versioning) := {
	"id": account_id(name),
	"name": name,
	"type": "Microsoft.Storage/storageAccounts",
	"location": "westeurope",
	"kind": "StorageV2",
	"properties": {"provisioningState": "Succeeded", "immutableStorageWithVersioning": versioning},
}

container(vlw) := {
	"id": sprintf("%s/blobServices/default/containers/insights-activity-logs", [account_id("stcontosoactivitylogs")]),
	"name": "insights-activity-logs",
	"type": "Microsoft.Storage/storageAccounts/blobServices/containers",
	"etag": "\"0x8D589847D51C7DE\"",
	"properties": {"publicAccess": "None", "hasImmutabilityPolicy": true, "hasLegalHold": false, "immutableStorageWithVersioning": {"enabled": vlw}},
}

policy(state, days) := {
	"id": sprintf("%s/blobServices/default/containers/insights-activity-logs/immutabilityPolicies/default", [account_id("stcontosoactivitylogs")]),
	"name": "default",
	"type": "Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies",
	"etag": "\"8d59f828e64b75c\"",
	"properties": {"immutabilityPeriodSinceCreationInDays": days, "state": state, "allowProtectedAppendWrites": true},
}

entry(versioning, containers, policies) := {
	"storageAccountId": account_id("stcontosoactivitylogs"),
	"storageAccount": account("stcontosoactivitylogs", versioning),
	"containers": containers,
	"immutabilityPolicies": policies,
}

container_policy(p) := {"containerName": "insights-activity-logs", "immutabilityPolicy": p}

snapshot(settings, entries) := {
	"cloud": "azure",
	"scope": {"type": "subscription", "id": sub},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {
		"insights.subscription_diagnostic_settings": {"status": "ok", "data": {"value": settings}},
		"storage.immutability": {"status": "ok", "data": {"storageAccounts": entries}},
	},
	"config": {"classification_key": "DataClassification", "min_retention_days": 365, "lookback_days": 90},
}

export(e) := snapshot([setting("activity-log-export", "stcontosoactivitylogs")], [e])

resource := account_id("stcontosoactivitylogs")

results(fs) := {[f.resource, object.get(f, "region", ""), f.status] | some f in fs}

test_pass_with_locked_container_policy if {
	fs := ir7_01.findings with input as export(entry(null, [container(false)], [container_policy(policy("Locked", 400))]))
	results(fs) == {[resource, "westeurope", "pass"]}
	some f in fs
	contains(f.message, "container insights-activity-logs has a Locked time-based retention policy of 400 days")
	f.evidence == ["/sections/storage.immutability/data/storageAccounts/0"]
}

test_pass_with_account_version_level_immutability if {
	vlw := {"enabled": true, "immutabilityPolicy": {"immutabilityPeriodSinceCreationInDays": 730, "state": "Locked", "allowProtectedAppendWrites": true}}
	fs := ir7_01.findings with input as export(entry(vlw, [], []))
	results(fs) == {[resource, "westeurope", "pass"]}
	some f in fs
	contains(f.message, "version-level immutability on the account with a Locked default policy of 730 days")
}

test_pass_with_container_version_level_immutability if {
	fs := ir7_01.findings with input as export(entry(null, [container(true)], [container_policy(policy("Locked", 365))]))
	results(fs) == {[resource, "westeurope", "pass"]}
	some f in fs
	contains(f.message, "a Locked version-level default policy of 365 days")
}

test_fail_with_locked_policy_of_fewer_days if {
	fs := ir7_01.findings with input as export(entry(null, [container(false)], [container_policy(policy("Locked", 180))]))
	results(fs) == {[resource, "westeurope", "fail"]}
	some f in fs
	contains(f.message, "version-level immutability is not enabled on the account; the time-based retention policy of container insights-activity-logs is Locked with 180 days")
}

test_fail_with_unlocked_policy if {
	fs := ir7_01.findings with input as export(entry(null, [container(false)], [container_policy(policy("Unlocked", 400))]))
	results(fs) == {[resource, "westeurope", "fail"]}
	some f in fs
	contains(f.message, "is Unlocked with 400 days")
}

test_fail_with_version_level_immutability_without_default_policy if {
	fs := ir7_01.findings with input as export(entry({"enabled": true}, [], []))
	results(fs) == {[resource, "westeurope", "fail"]}
	some f in fs
	contains(f.message, "account-level version-level immutability has no default policy; container insights-activity-logs does not exist")
}

test_fail_with_unlocked_account_policy if {
	vlw := {"enabled": true, "immutabilityPolicy": {"immutabilityPeriodSinceCreationInDays": 400, "state": "Unlocked"}}
	fs := ir7_01.findings with input as export(entry(vlw, [container(true)], [container_policy(null)]))
	results(fs) == {[resource, "westeurope", "fail"]}
	some f in fs
	contains(f.message, "the account-level default policy is Unlocked with 400 days; container insights-activity-logs has no immutability policy")
}

test_configurable_minimum if {
	inp := json.patch(export(entry(null, [container(false)], [container_policy(policy("Locked", 180))])), [{"op": "replace", "path": "/config/min_retention_days", "value": 180}])
	fs := ir7_01.findings with input as inp
	results(fs) == {[resource, "westeurope", "pass"]}
}

test_fail_when_account_no_longer_exists if {
	e := {"storageAccountId": resource, "storageAccount": null, "containers": [], "immutabilityPolicies": []}
	fs := ir7_01.findings with input as export(e)
	results(fs) == {[resource, "", "fail"]}
	some f in fs
	contains(f.message, "the storage account does not exist")
}

test_error_when_policy_of_existing_container_missing if {
	fs := ir7_01.findings with input as export(entry(null, [container(false)], []))
	results(fs) == {[resource, "westeurope", "error"]}
}

test_error_when_account_missing if {
	fs := ir7_01.findings with input as snapshot([setting("activity-log-export", "stcontosoactivitylogs")], [])
	results(fs) == {[resource, "", "error"]}
}

test_account_ids_compared_without_case if {
	s := object.union(setting("activity-log-export", "stcontosoactivitylogs"), {"properties": {"storageAccountId": lower(resource)}})
	fs := ir7_01.findings with input as snapshot([s], [entry(null, [container(false)], [container_policy(policy("Locked", 400))])])
	results(fs) == {[lower(resource), "westeurope", "pass"]}
}

test_one_finding_per_account_of_several_settings if {
	settings := [setting("export-a", "stcontosoactivitylogs"), setting("export-b", "stcontosoactivitylogs")]
	fs := ir7_01.findings with input as snapshot(settings, [entry(null, [container(false)], [container_policy(policy("Locked", 400))])])
	results(fs) == {[resource, "westeurope", "pass"]}
	some f in fs
	contains(f.message, "setting export-a, export-b")
}

test_setting_without_enabled_logs_is_not_an_export if {
	s := json.patch(setting("off", "stcontosoactivitylogs"), [{"op": "replace", "path": "/properties/logs", "value": [{"category": "Administrative", "enabled": false}]}])
	fs := ir7_01.findings with input as snapshot([s], [])
	results(fs) == {[subscription, "", "fail"]}
}

test_fail_when_no_export_to_storage if {
	ws := {"id": "subscriptions/x/providers/microsoft.insights/diagnosticSettings/ws", "name": "ws", "properties": {"workspaceId": "/subscriptions/x/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law", "logs": [{"category": "Administrative", "enabled": true}]}}
	fs := ir7_01.findings with input as snapshot([ws], [])
	results(fs) == {[subscription, "", "fail"]}
	some f in fs
	contains(f.message, "No diagnostic setting exports the activity log to a storage account (1 setting(s))")
}

test_no_finding_when_sections_absent if {
	fs := ir7_01.findings with input as object.remove(export(entry(null, [], [])), ["sections"])
	count(fs) == 0
}

test_no_finding_when_any_data_null if {
	every section in ["insights.subscription_diagnostic_settings", "storage.immutability"] {
		inp := json.patch(export(entry(null, [container(false)], [container_policy(policy("Locked", 400))])), [{"op": "replace", "path": sprintf("/sections/%s/data", [section]), "value": null}])
		count(ir7_01.findings) == 0 with input as inp
	}
}

without_appends(p) := json.patch(p, [{"op": "replace", "path": "/properties/allowProtectedAppendWrites", "value": false}])

test_fail_when_locked_policy_blocks_append_writes if {
	fs := ir7_01.findings with input as export(entry(null, [container(false)], [container_policy(without_appends(policy("Locked", 400)))]))
	results(fs) == {[resource, "westeurope", "fail"]}
	some f in fs
	contains(f.message, "the time-based retention policy of container insights-activity-logs is Locked with 400 days but allows no protected append writes, so it blocks the append blobs Azure Monitor writes the activity log to")
	contains(f.message, "allowing protected append writes.")
}

test_pass_when_append_writes_all_allowed if {
	p := json.patch(without_appends(policy("Locked", 400)), [{"op": "add", "path": "/properties/allowProtectedAppendWritesAll", "value": true}])
	fs := ir7_01.findings with input as export(entry(null, [container(false)], [container_policy(p)]))
	results(fs) == {[resource, "westeurope", "pass"]}
}

test_fail_when_append_writes_absent if {
	p := json.patch(policy("Locked", 400), [{"op": "remove", "path": "/properties/allowProtectedAppendWrites"}])
	fs := ir7_01.findings with input as export(entry(null, [container(false)], [container_policy(p)]))
	results(fs) == {[resource, "westeurope", "fail"]}
}

test_fail_when_account_policy_blocks_append_writes if {
	vlw := {"enabled": true, "immutabilityPolicy": {"immutabilityPeriodSinceCreationInDays": 730, "state": "Locked", "allowProtectedAppendWrites": false}}
	fs := ir7_01.findings with input as export(entry(vlw, [], []))
	results(fs) == {[resource, "westeurope", "fail"]}
	some f in fs
	contains(f.message, "the account-level default policy is Locked with 730 days but allows no protected append writes")
}
