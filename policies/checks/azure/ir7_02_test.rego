package irscan.checks.azure.ir7_02_test

import data.irscan.checks.azure.ir7_02

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

snapshot(workspaces, states) := {
	"cloud": "azure",
	"scope": {"type": "subscription", "id": sub},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {
		"operationalinsights.workspaces": {"status": "ok", "data": {"value": workspaces}},
		"securityinsights.onboarding_states": {"status": "ok", "data": {"onboardingStatesByWorkspace": states}},
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
	p.message == "Sentinel workspace law-secops keeps data for 730 days (retentionInDays), as expected (at least 365)."
	p.evidence == ["/sections/operationalinsights.workspaces/data/value/0/properties/retentionInDays"]
	some q in fs
	q.status == "fail"
	contains(q.message, "keeps data for 90 days (retentionInDays); expected a retentionInDays of at least 365 days")
}

test_configurable_minimum if {
	inp := json.patch(snapshot([workspace("law-secops", 90)], [onboarded("law-secops")]), [{"op": "replace", "path": "/config/min_retention_days", "value": 90}])
	fs := ir7_02.findings with input as inp
	results(fs) == {[ws_id("law-secops"), "westeurope", "pass"]}
}

test_fail_when_retention_unset if {
	w := json.patch(workspace("law-secops", 90), [{"op": "remove", "path": "/properties/retentionInDays"}])
	fs := ir7_02.findings with input as snapshot([w], [onboarded("law-secops")])
	results(fs) == {[ws_id("law-secops"), "westeurope", "fail"]}
	some f in fs
	contains(f.message, "retentionInDays is not set")
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
	every section in ["operationalinsights.workspaces", "securityinsights.onboarding_states"] {
		inp := json.patch(snapshot([workspace("law-secops", 730)], [onboarded("law-secops")]), [{"op": "replace", "path": sprintf("/sections/%s/data", [section]), "value": null}])
		count(ir7_02.findings) == 0 with input as inp
	}
}
