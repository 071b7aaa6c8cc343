package irscan.checks.azure.ir3_05_test

import data.irscan.checks.azure.ir3_05

sub := "7f3c2d9e-5b1a-4c8e-9d2f-3a6b8c1e4f70"

rid(prov, name) := sprintf("/subscriptions/%s/resourceGroups/rg-data/providers/%s/%s", [sub, prov, name])

entry(prov, name, state) := {
	"resource": {"id": rid(prov, name), "name": name, "type": prov, "location": "West Europe"},
	"setting": {"name": "Default", "properties": {"state": state}},
}

empty := {"sqlServers": [], "sqlManagedInstances": [], "synapseWorkspaces": [], "postgresqlFlexibleServers": [], "mysqlFlexibleServers": []}

snapshot(d) := {
	"cloud": "azure",
	"scope": {"type": "subscription", "id": sub},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {"defender.sql_resources": {"status": "ok", "data": object.union(empty, d)}},
}

results(fs) := {[f.resource, object.get(f, "region", ""), f.status] | some f in fs}

test_one_finding_per_resource if {
	fs := ir3_05.findings with input as snapshot({
		"sqlServers": [entry("Microsoft.Sql/servers", "sql-a", "Enabled")],
		"sqlManagedInstances": [entry("Microsoft.Sql/managedInstances", "mi-a", "Disabled")],
		"synapseWorkspaces": [entry("Microsoft.Synapse/workspaces", "syn-a", "Enabled")],
		"postgresqlFlexibleServers": [object.union(entry("Microsoft.DBforPostgreSQL/flexibleServers", "pg-a", "x"), {"setting": null})],
		"mysqlFlexibleServers": [entry("Microsoft.DBforMySQL/flexibleServers", "my-a", "Enabled")],
	})
	results(fs) == {
		[rid("Microsoft.Sql/servers", "sql-a"), "westeurope", "pass"],
		[rid("Microsoft.Sql/managedInstances", "mi-a"), "westeurope", "fail"],
		[rid("Microsoft.Synapse/workspaces", "syn-a"), "westeurope", "pass"],
		[rid("Microsoft.DBforPostgreSQL/flexibleServers", "pg-a"), "westeurope", "fail"],
		[rid("Microsoft.DBforMySQL/flexibleServers", "my-a"), "westeurope", "pass"],
	}
	some mi in fs
	mi.resource == rid("Microsoft.Sql/managedInstances", "mi-a")
	contains(mi.message, "SQL managed instance mi-a: its securityAlertPolicies/Default has state Disabled; expected its securityAlertPolicies/Default with state Enabled (Azure Policy abfb7388 fails it too)")
	some pg in fs
	pg.resource == rid("Microsoft.DBforPostgreSQL/flexibleServers", "pg-a")
	contains(pg.message, "it has no advancedThreatProtectionSettings/Default (the GET answered 404)")
	some sql in fs
	sql.resource == rid("Microsoft.Sql/servers", "sql-a")
	sql.message == "Defender for SQL is on for Azure SQL server sql-a: its securityAlertPolicies/Default has state Enabled, as Azure Policy abfb4388 requires."
}

test_new_state_is_not_enabled if {
	fs := ir3_05.findings with input as snapshot({"sqlServers": [entry("Microsoft.Sql/servers", "sql-a", "New")]})
	results(fs) == {[rid("Microsoft.Sql/servers", "sql-a"), "westeurope", "fail"]}
}

test_pass_without_database_resources if {
	fs := ir3_05.findings with input as snapshot({})
	results(fs) == {[sprintf("/subscriptions/%s", [sub]), "", "pass"]}
}

test_no_finding_when_data_null if {
	s := json.patch(snapshot({}), [{"op": "replace", "path": "/sections/defender.sql_resources/data", "value": null}])
	count(ir3_05.findings) == 0 with input as s
}
