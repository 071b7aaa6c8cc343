package irscan.checks.azure.ir7_02_test

import data.irscan.checks.azure.ir7_02
import data.irscan.lib.azure_test as fx

sub := "7f3c2d9e-5b1a-4c8e-9d2f-3a6b8c1e4f70"

subscription := sprintf("/subscriptions/%s", [sub])

ws_id(name) := sprintf("/subscriptions/%s/resourcegroups/rg-secops/providers/microsoft.operationalinsights/workspaces/%s", [sub, name])

workspace(name, days) := {
	"id": ws_id(name),
	"name": name,
	"type": "Microsoft.OperationalInsights/workspaces",
	"location": "westeurope",
	"properties": {"customerId": "bc089d7b-485c-4aff-a71e-c00f362d8d2f", "provisioningState": "Succeeded", "sku": {"name": "PerGB2018"}, "retentionInDays": days},
}

onboarded(name) := {"workspaceId": upper(ws_id(name)), "value": [{"id": "x/onboardingStates/default", "name": "default", "type": "Microsoft.SecurityInsights/onboardingStates", "properties": {"customerManagedKey": false}}]}

not_onboarded(name) := {"workspaceId": ws_id(name), "value": []}

# The snapshot; each Sentinel workspace's SecurityIncident and SecurityAlert tables keep data as
# long as its retentionInDays (tables that follow the workspace default).
snapshot(workspaces, states) := with_tables(workspaces, states, [{"workspaceId": w.id, "value": [
	fx.table(w.id, "SecurityIncident", w.properties.retentionInDays),
	fx.table(w.id, "SecurityAlert", w.properties.retentionInDays),
]} |
	some w in workspaces
	some st in states
	lower(st.workspaceId) == lower(w.id)
	count(st.value) > 0
])

with_tables(workspaces, states, tables) := {
	"cloud": "azure",
	"scope": {"type": "subscription", "id": sub},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {
		"operationalinsights.workspaces": {"status": "ok", "data": {"value": workspaces}},
		"securityinsights.onboarding_states": {"status": "ok", "data": {"onboardingStatesByWorkspace": states}},
		"operationalinsights.tables": {"status": "ok", "data": {"tablesByWorkspace": tables}},
	},
	"config": {"classification_key": "DataClassification", "min_retention_days": 365, "lookback_days": 90},
}

results(fs) := {[f.resource, object.get(f, "region", ""), f.status] | some f in fs}

test_one_finding_per_sentinel_workspace if {
	inp := snapshot(
		[workspace("law-secops", 730), workspace("law-soc-eu", 90), workspace("law-apps", 30)],
		[onboarded("law-secops"), onboarded("law-soc-eu"), not_onboarded("law-apps")],
	)
	fs := ir7_02.findings with input as inp
	results(fs) == {[ws_id("law-secops"), "westeurope", "pass"], [ws_id("law-soc-eu"), "westeurope", "fail"]}
	some p in fs
	p.status == "pass"
	p.message == "Sentinel workspace law-secops keeps its evidence tables for at least 365 days (totalRetentionInDays): SecurityIncident 730 days, SecurityAlert 730 days; workspace default retentionInDays 730."
	p.evidence == [
		"/sections/operationalinsights.tables/data/tablesByWorkspace/0/value/0/properties",
		"/sections/operationalinsights.tables/data/tablesByWorkspace/0/value/1/properties",
	]
	some q in fs
	q.status == "fail"
	contains(q.message, "table SecurityIncident keeps data for 90 days (totalRetentionInDays; 90 days interactive); table SecurityAlert keeps data for 90 days")
}

test_configurable_minimum if {
	inp := json.patch(snapshot([workspace("law-secops", 90)], [onboarded("law-secops")]), [{"op": "replace", "path": "/config/min_retention_days", "value": 90}])
	fs := ir7_02.findings with input as inp
	results(fs) == {[ws_id("law-secops"), "westeurope", "pass"]}
}

test_fail_when_table_retention_unset if {
	t := json.patch(fx.table(ws_id("law-secops"), "SecurityIncident", 400), [{"op": "remove", "path": "/properties/retentionInDays"}, {"op": "remove", "path": "/properties/totalRetentionInDays"}])
	fs := ir7_02.findings with input as with_tables([workspace("law-secops", 400)], [onboarded("law-secops")], [{"workspaceId": ws_id("law-secops"), "value": [t, fx.table(ws_id("law-secops"), "SecurityAlert", 400)]}])
	results(fs) == {[ws_id("law-secops"), "westeurope", "fail"]}
	some f in fs
	contains(f.message, "table SecurityIncident keeps data for an unknown time (no retention is set)")
}

test_per_table_override_fails_despite_a_long_workspace_default if {
	short := json.patch(fx.table(ws_id("law-secops"), "SecurityIncident", 90), [{"op": "replace", "path": "/properties/totalRetentionInDaysAsDefault", "value": false}])
	fs := ir7_02.findings with input as with_tables([workspace("law-secops", 730)], [onboarded("law-secops")], [{"workspaceId": ws_id("law-secops"), "value": [short, fx.table(ws_id("law-secops"), "SecurityAlert", 730)]}])
	results(fs) == {[ws_id("law-secops"), "westeurope", "fail"]}
	some f in fs
	contains(f.message, "table SecurityIncident keeps data for 90 days (totalRetentionInDays; 90 days interactive) (workspace default retentionInDays 730)")
}

test_long_term_retention_counts if {
	archived := json.patch(fx.table(ws_id("law-secops"), "SecurityAlert", 730), [{"op": "replace", "path": "/properties/retentionInDays", "value": 90}])
	fs := ir7_02.findings with input as with_tables([workspace("law-secops", 90)], [onboarded("law-secops")], [{"workspaceId": ws_id("law-secops"), "value": [fx.table(ws_id("law-secops"), "SecurityIncident", 400), archived]}])
	results(fs) == {[ws_id("law-secops"), "westeurope", "pass"]}
}

test_other_evidence_tables_are_judged_when_present if {
	tables := [fx.table(ws_id("law-secops"), n, d) | some [n, d] in [["SecurityIncident", 400], ["SecurityAlert", 400], ["SigninLogs", 30], ["AzureNetworkFlow", 30]]]
	fs := ir7_02.findings with input as with_tables([workspace("law-secops", 400)], [onboarded("law-secops")], [{"workspaceId": ws_id("law-secops"), "value": tables}])
	results(fs) == {[ws_id("law-secops"), "westeurope", "fail"]}
	some f in fs
	contains(f.message, "table SigninLogs keeps data for 30 days")
	not contains(f.message, "AzureNetworkFlow")
}

test_fail_when_security_incident_table_not_listed if {
	fs := ir7_02.findings with input as with_tables([workspace("law-secops", 400)], [onboarded("law-secops")], [{"workspaceId": ws_id("law-secops"), "value": [fx.table(ws_id("law-secops"), "SecurityAlert", 400)]}])
	results(fs) == {[ws_id("law-secops"), "westeurope", "fail"]}
	some f in fs
	contains(f.message, "table SecurityIncident is not in the workspace's tables list")
}

test_error_when_tables_of_a_sentinel_workspace_missing if {
	fs := ir7_02.findings with input as with_tables([workspace("law-secops", 400)], [onboarded("law-secops")], [])
	results(fs) == {[ws_id("law-secops"), "westeurope", "error"]}
	some f in fs
	contains(f.message, "The tables of Sentinel workspace law-secops are missing from section operationalinsights.tables")
}

test_fail_when_sentinel_not_onboarded if {
	fs := ir7_02.findings with input as snapshot([workspace("law-apps", 730)], [not_onboarded("law-apps")])
	results(fs) == {[subscription, "", "fail"]}
	some f in fs
	contains(f.message, "not onboarded on any Log Analytics workspace of the subscription (1 found)")
}

test_fail_without_workspaces if {
	fs := ir7_02.findings with input as snapshot([], [])
	results(fs) == {[subscription, "", "fail"]}
}

test_error_when_onboarding_state_missing if {
	fs := ir7_02.findings with input as snapshot([workspace("law-secops", 730), workspace("law-apps", 30)], [onboarded("law-secops")])
	results(fs) == {[ws_id("law-secops"), "westeurope", "pass"], [ws_id("law-apps"), "westeurope", "error"]}
}

test_no_finding_when_sections_absent if {
	fs := ir7_02.findings with input as object.remove(snapshot([], []), ["sections"])
	count(fs) == 0
}

test_no_finding_when_any_data_null if {
	every section in ["operationalinsights.workspaces", "securityinsights.onboarding_states", "operationalinsights.tables"] {
		inp := json.patch(snapshot([workspace("law-secops", 730)], [onboarded("law-secops")]), [{"op": "replace", "path": sprintf("/sections/%s/data", [section]), "value": null}])
		count(ir7_02.findings) == 0 with input as inp
	}
}

# The owner rule (policies/lib/azure.rego): a subscription without a Sentinel workspace of its
# own follows the central workspace of the SOC subscription whose Defender for Cloud connector
# names it (fixtures in policies/lib/azure_test.rego).

test_owner_in_run_pass if {
	fs := ir7_02.findings with input as fx.alone with data.estate as fx.soc_estate
	[f] := [f | some f in fs]
	f.resource == sprintf("/subscriptions/%s", [fx.workload])
	f.status == "pass"
	contains(f.message, "keeps its evidence tables for at least 365 days (totalRetentionInDays): SecurityIncident 365 days, SecurityAlert 365 days.")
	contains(f.message, sprintf("Judged on subscription %s's evidence (snapshot snapshots/azure-%s.json).", [fx.soc, fx.soc]))
	f.owner.id == fx.soc
	f.owner.resource == fx.soc_ws
	count(f.owner.evidence) > 0
}

test_owner_in_run_fail if {
	fs := ir7_02.findings with input as fx.alone with data.estate as fx.broken_estate
	[f] := [f | some f in fs]
	f.resource == sprintf("/subscriptions/%s", [fx.workload])
	f.status == "fail"
	contains(f.message, "does not keep the incident evidence long enough: table SecurityIncident keeps data for 30 days (totalRetentionInDays; 30 days interactive)")
	f.owner.id == fx.soc
}

test_owner_unread if {
	fs := ir7_02.findings with input as fx.exporting with data.estate as fx.unread_estate("operationalinsights.tables")
	[f] := [f | some f in fs]
	f.resource == sprintf("/subscriptions/%s", [fx.workload])
	f.status == "error"
	contains(f.message, sprintf("is held by subscription %s, whose snapshot snapshots/azure-%s.json could not show it: Section operationalinsights.tables was denied", [fx.soc, fx.soc]))
	not f.owner
}

test_owner_absent if {
	fs := ir7_02.findings with input as fx.exporting with data.estate as {}
	[f] := [f | some f in fs]
	f.resource == sprintf("/subscriptions/%s", [fx.workload])
	f.status == "error"
	contains(f.message, sprintf("is held by subscription %s, which is not in this run, so it could not be assessed here; add it to the scan (irscan scan azure --subscription %s --subscription %s, or no --subscription", [fx.soc, fx.workload, fx.soc]))
	f.evidence == ["/sections/security.automations/data/value/0/properties/actions/0/workspaceResourceId"]
}

test_nothing_points_anywhere_fails if {
	fs := ir7_02.findings with input as fx.alone with data.estate as {}
	[f] := [f | some f in fs]
	f.resource == sprintf("/subscriptions/%s", [fx.workload])
	f.status == "fail"
	contains(f.message, "a central Sentinel workspace in another subscription counts when it does and its subscription is scanned in the same run")
	not f.owner
}

test_pointer_to_a_workspace_in_the_run_that_does_not_name_it_fails if {
	s := json.patch(fx.soc_settings, [{"op": "replace", "path": "/connectors", "value": [fx.mdc(fx.soc_ws, fx.other, "Enabled")]}])
	fs := ir7_02.findings with input as fx.exporting with data.estate as fx.estate([fx.entry(fx.soc_snapshot(s), [])])
	[f] := [f | some f in fs]
	f.status == "fail"
	contains(f.message, "but no Defender for Cloud connector of that Sentinel workspace names this subscription")
	f.owner.id == fx.soc
}

test_local_override_pass_despite_a_broken_central_workspace if {
	fs := ir7_02.findings with input as fx.local_snapshot(fx.soc_settings) with data.estate as fx.broken_estate
	count(fs) > 0
	every f in fs {
		f.status == "pass"
		not f.owner
	}
}

test_local_override_fail_despite_a_passing_central_workspace if {
	fs := ir7_02.findings with input as fx.local_snapshot(json.patch(fx.soc_settings, [{"op": "replace", "path": "/retention", "value": 30}])) with data.estate as fx.soc_estate
	some f in fs
	f.status == "fail"
	every g in fs {
		not g.owner
	}
	not sprintf("/subscriptions/%s", [fx.workload]) in {g.resource | some g in fs; g.status == "pass"}
}
