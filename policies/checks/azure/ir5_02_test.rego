package irscan.checks.azure.ir5_02_test

import data.irscan.checks.azure.ir5_02

sub := "7f3c2d9e-5b1a-4c8e-9d2f-3a6b8c1e4f70"

subscription := sprintf("/subscriptions/%s", [sub])

id(provider, name) := sprintf("/subscriptions/%s/resourceGroups/rg-payments-data/providers/%s/%s", [sub, provider, name])

account(name, tags) := {"id": id("Microsoft.Storage/storageAccounts", name), "name": name, "type": "Microsoft.Storage/storageAccounts", "location": "westeurope", "kind": "StorageV2", "tags": tags, "properties": {"provisioningState": "Succeeded"}}

vault(name, tags) := {"id": id("Microsoft.KeyVault/vaults", name), "name": name, "type": "Microsoft.KeyVault/vaults", "location": "West Europe", "tags": tags, "properties": {"tenantId": "2070ecc9-b4d5-4ae4-adaa-936fa1954fa8"}}

server(name, tags) := {"id": id("Microsoft.Sql/servers", name), "name": name, "type": "Microsoft.Sql/servers", "location": "northeurope", "kind": "v12.0", "tags": tags, "properties": {"fullyQualifiedDomainName": sprintf("%s.database.windows.net", [name])}}

snapshot(accounts, vaults, servers) := {
	"cloud": "azure",
	"scope": {"type": "subscription", "id": sub},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {
		"storage.accounts": {"status": "ok", "data": {"value": accounts}},
		"keyvault.vaults": {"status": "ok", "data": {"value": vaults}},
		"sql.servers": {"status": "ok", "data": {"value": servers}},
	},
	"config": {"classification_key": "DataClassification", "min_retention_days": 365, "lookback_days": 90},
}

results(fs) := {[f.resource, object.get(f, "region", ""), f.status] | some f in fs}

test_one_finding_per_store if {
	inp := snapshot(
		[account("stpaymentsexports", {"DataClassification": "Restricted"}), account("stcontosodiag", null)],
		[vault("kv-payments-prod", {"dataclassification": "Confidential", "team": "payments"})],
		[server("sql-payments-prod", {"Environment": "prod"})],
	)
	fs := ir5_02.findings with input as inp
	results(fs) == {
		[id("Microsoft.Storage/storageAccounts", "stpaymentsexports"), "westeurope", "pass"],
		[id("Microsoft.Storage/storageAccounts", "stcontosodiag"), "westeurope", "fail"],
		[id("Microsoft.KeyVault/vaults", "kv-payments-prod"), "westeurope", "pass"],
		[id("Microsoft.Sql/servers", "sql-payments-prod"), "northeurope", "fail"],
	}
	some a in fs
	a.resource == id("Microsoft.Storage/storageAccounts", "stpaymentsexports")
	a.message == "Storage account stpaymentsexports is classified: DataClassification=Restricted, as expected."
	a.evidence == ["/sections/storage.accounts/data/value/0/tags"]
	some k in fs
	k.resource == id("Microsoft.KeyVault/vaults", "kv-payments-prod")
	contains(k.message, "Key vault kv-payments-prod is classified: dataclassification=Confidential")
	some d in fs
	d.resource == id("Microsoft.Storage/storageAccounts", "stcontosodiag")
	contains(d.message, "it has no tags; expected a DataClassification tag with a value")
	some s in fs
	s.resource == id("Microsoft.Sql/servers", "sql-payments-prod")
	contains(s.message, "SQL server sql-payments-prod is not classified: its tags are Environment")
}

test_fail_when_tag_blank if {
	fs := ir5_02.findings with input as snapshot([account("st", {"DataClassification": " "})], [], [])
	results(fs) == {[id("Microsoft.Storage/storageAccounts", "st"), "westeurope", "fail"]}
	some f in fs
	contains(f.message, "its DataClassification tag is empty")
}

test_fail_when_tags_absent if {
	a := json.patch(account("st", {}), [{"op": "remove", "path": "/tags"}])
	fs := ir5_02.findings with input as snapshot([a], [], [])
	results(fs) == {[id("Microsoft.Storage/storageAccounts", "st"), "westeurope", "fail"]}
}

test_configurable_key if {
	inp := json.patch(snapshot([account("st", {"DataClassification": "Internal", "Sensitivity": "High"})], [], []), [{"op": "replace", "path": "/config/classification_key", "value": "sensitivity"}])
	fs := ir5_02.findings with input as inp
	results(fs) == {[id("Microsoft.Storage/storageAccounts", "st"), "westeurope", "pass"]}
	some f in fs
	contains(f.message, "Sensitivity=High")
}

test_default_key_without_config if {
	fs := ir5_02.findings with input as object.remove(snapshot([account("st", {"DataClassification": "Internal"})], [], []), ["config"])
	results(fs) == {[id("Microsoft.Storage/storageAccounts", "st"), "westeurope", "pass"]}
}

test_no_region_when_location_absent if {
	a := json.patch(account("st", {}), [{"op": "remove", "path": "/location"}])
	fs := ir5_02.findings with input as snapshot([a], [], [])
	some f in fs
	not f.region
}

test_pass_without_stores if {
	fs := ir5_02.findings with input as snapshot([], [], [])
	results(fs) == {[subscription, "", "pass"]}
}

test_no_scope_pass_when_one_list_has_stores if {
	fs := ir5_02.findings with input as snapshot([], [], [server("sql", {})])
	results(fs) == {[id("Microsoft.Sql/servers", "sql"), "northeurope", "fail"]}
}

test_no_finding_when_sections_absent if {
	fs := ir5_02.findings with input as object.remove(snapshot([], [], []), ["sections"])
	count(fs) == 0
}

test_no_scope_pass_when_a_section_is_null if {
	every section in ["storage.accounts", "keyvault.vaults", "sql.servers"] {
		inp := json.patch(snapshot([], [], []), [{"op": "replace", "path": sprintf("/sections/%s/data", [section]), "value": null}])
		count(ir5_02.findings) == 0 with input as inp
	}
}
