package irscan.checks.azure.ir3_02_test

import data.irscan.checks.azure.ir3_02
import data.irscan.lib.azure_test as fx

sub := "7f3c2d9e-5b1a-4c8e-9d2f-3a6b8c1e4f70"

subscription := sprintf("/subscriptions/%s", [sub])

ws_id(name) := sprintf("/subscriptions/%s/resourceGroups/rg-secops/providers/Microsoft.OperationalInsights/workspaces/%s", [sub, name])

workspace(name) := {
	"id": ws_id(name),
	"name": name,
	"type": "Microsoft.OperationalInsights/workspaces",
	"location": "westeurope",
	"properties": {"customerId": "bc089d7b-485c-4aff-a71e-c00f362d8d2f", "provisioningState": "Succeeded", "sku": {"name": "PerGB2018"}, "retentionInDays": 90},
}

onboarded(name) := {"workspaceId": ws_id(name), "value": [{
	"id": sprintf("%s/providers/Microsoft.SecurityInsights/onboardingStates/default", [ws_id(name)]),
	"name": "default",
	"type": "Microsoft.SecurityInsights/onboardingStates",
	"properties": {"customerManagedKey": false},
}]}

not_onboarded(name) := {"workspaceId": ws_id(name), "value": []}

connector(name, kind, props) := {
	"id": sprintf("%s/providers/Microsoft.SecurityInsights/dataConnectors/%s", [ws_id("law-secops"), name]),
	"name": name,
	"type": "Microsoft.SecurityInsights/dataConnectors",
	"kind": kind,
	"properties": props,
}

mdc(subscription_id, state) := connector("763f9fa1-c2d3-4fa2-93e9-bccd4899aa12", "AzureSecurityCenter", {"subscriptionId": subscription_id, "dataTypes": {"alerts": {"state": state}}})

xdr(incidents) := connector("b3f1d6a2-7c4e-4f0a-9e1d-5a6b7c8d9e0f", "MicrosoftThreatProtection", {"tenantId": "2070ecc9-b4d5-4ae4-adaa-936fa1954fa8", "dataTypes": {"incidents": {"state": incidents}}})

entra := connector("f0cd27d2-5f03-4c06-ba31-d2dc82dcb51d", "AzureActiveDirectory", {"tenantId": "2070ecc9-b4d5-4ae4-adaa-936fa1954fa8", "dataTypes": {"alerts": {"state": "Enabled"}}})

snapshot(workspaces, states, connectors) := {
	"cloud": "azure",
	"scope": {"type": "subscription", "id": sub},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {
		"operationalinsights.workspaces": {"status": "ok", "data": {"value": workspaces}},
		"securityinsights.onboarding_states": {"status": "ok", "data": {"onboardingStatesByWorkspace": states}},
		"securityinsights.data_connectors": {"status": "ok", "data": {"dataConnectorsByWorkspace": connectors}},
	},
}

secops(connectors) := snapshot([workspace("law-secops")], [onboarded("law-secops")], [{"workspaceId": ws_id("law-secops"), "value": connectors}])

results(fs) := {[f.resource, f.status] | some f in fs}

test_pass_with_defender_for_cloud_connector if {
	fs := ir3_02.findings with input as secops([entra, mdc(sub, "Enabled")])
	results(fs) == {[subscription, "pass"]}
	some f in fs
	contains(f.message, "workspace law-secops has a Defender for Cloud connector for subscription 7f3c2d9e-5b1a-4c8e-9d2f-3a6b8c1e4f70 with alerts Enabled")
	f.evidence == ["/sections/securityinsights.data_connectors/data/dataConnectorsByWorkspace/0/value/1"]
}

test_pass_with_defender_xdr_connector if {
	fs := ir3_02.findings with input as secops([xdr("Enabled")])
	results(fs) == {[subscription, "pass"]}
}

test_pass_subscription_id_case_insensitive if {
	fs := ir3_02.findings with input as secops([mdc(upper(sub), "Enabled")])
	results(fs) == {[subscription, "pass"]}
}

test_fail_when_connector_is_for_another_subscription if {
	fs := ir3_02.findings with input as secops([mdc("0b1c2d3e-0000-4000-8000-000000000001", "Enabled"), entra])
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, "for subscription 0b1c2d3e-0000-4000-8000-000000000001 with alerts Enabled")
	contains(f.message, "a AzureActiveDirectory connector")
}

test_fail_when_defender_alerts_disabled if {
	fs := ir3_02.findings with input as secops([mdc(sub, "Disabled"), xdr("Disabled")])
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, "a Defender XDR connector with incidents Disabled and alerts unset")
}

test_fail_without_connectors if {
	fs := ir3_02.findings with input as secops([])
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, "workspace law-secops has no data connector")
}

test_fail_when_sentinel_not_onboarded if {
	inp := snapshot([workspace("law-secops"), workspace("law-apps")], [not_onboarded("law-secops"), not_onboarded("law-apps")], [])
	fs := ir3_02.findings with input as inp
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, "not onboarded on any of the 2 Log Analytics workspace(s) of the subscription (law-apps, law-secops: onboardingStates is empty)")
}

test_connectors_of_a_workspace_not_onboarded_do_not_count if {
	inp := snapshot([workspace("law-secops")], [not_onboarded("law-secops")], [{"workspaceId": ws_id("law-secops"), "value": [mdc(sub, "Enabled")]}])
	fs := ir3_02.findings with input as inp
	results(fs) == {[subscription, "fail"]}
}

test_fail_without_workspaces if {
	fs := ir3_02.findings with input as snapshot([], [], [])
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, "no Log Analytics workspace")
}

test_workspace_ids_compared_without_case if {
	inp := snapshot([workspace("law-secops")], [object.union(onboarded("law-secops"), {"workspaceId": lower(ws_id("law-secops"))})], [{"workspaceId": upper(ws_id("law-secops")), "value": [mdc(sub, "Enabled")]}])
	fs := ir3_02.findings with input as inp
	results(fs) == {[subscription, "pass"]}
}

test_error_when_onboarding_state_missing if {
	inp := snapshot([workspace("law-secops"), workspace("law-apps")], [not_onboarded("law-secops")], [])
	fs := ir3_02.findings with input as inp
	results(fs) == {[subscription, "error"]}
	some f in fs
	contains(f.message, "the onboarding state of workspace law-apps")
}

test_error_when_connectors_missing if {
	inp := snapshot([workspace("law-secops")], [onboarded("law-secops")], [])
	fs := ir3_02.findings with input as inp
	results(fs) == {[subscription, "error"]}
	some f in fs
	contains(f.message, "the data connectors of Sentinel workspace law-secops")
}

test_pass_wins_over_missing_data if {
	inp := snapshot([workspace("law-secops"), workspace("law-apps")], [onboarded("law-secops")], [{"workspaceId": ws_id("law-secops"), "value": [mdc(sub, "Enabled")]}])
	fs := ir3_02.findings with input as inp
	results(fs) == {[subscription, "pass"]}
}

test_no_finding_when_sections_absent if {
	fs := ir3_02.findings with input as object.remove(secops([]), ["sections"])
	count(fs) == 0
}

test_no_finding_when_any_data_null if {
	every section in ["operationalinsights.workspaces", "securityinsights.onboarding_states", "securityinsights.data_connectors"] {
		inp := json.patch(secops([mdc(sub, "Enabled")]), [{"op": "replace", "path": sprintf("/sections/%s/data", [section]), "value": null}])
		count(ir3_02.findings) == 0 with input as inp
	}
}

test_no_finding_when_connectors_data_null if {
	inp := json.patch(secops([mdc(sub, "Enabled")]), [{"op": "replace", "path": "/sections/securityinsights.data_connectors/data", "value": null}])
	fs := ir3_02.findings with input as inp
	count(fs) == 0
}

test_no_finding_when_onboarding_data_null if {
	inp := json.patch(secops([mdc(sub, "Enabled")]), [{"op": "replace", "path": "/sections/securityinsights.onboarding_states/data", "value": null}])
	fs := ir3_02.findings with input as inp
	count(fs) == 0
}

test_no_finding_when_workspaces_data_null if {
	inp := json.patch(secops([mdc(sub, "Enabled")]), [{"op": "replace", "path": "/sections/operationalinsights.workspaces/data", "value": null}])
	fs := ir3_02.findings with input as inp
	count(fs) == 0
}

# The owner rule (policies/lib/azure.rego): a subscription without a Sentinel workspace of its
# own follows the central workspace of the SOC subscription whose Defender for Cloud connector
# names it (fixtures in policies/lib/azure_test.rego).

test_owner_in_run_pass if {
	fs := ir3_02.findings with input as fx.alone with data.estate as fx.soc_estate
	[f] := [f | some f in fs]
	f.resource == sprintf("/subscriptions/%s", [fx.workload])
	f.status == "pass"
	contains(f.message, sprintf("receives this subscription's Defender for Cloud alerts: its Defender for Cloud connector (AzureSecurityCenter) for subscription %s has alerts Enabled", [fx.workload]))
	contains(f.message, sprintf("Judged on subscription %s's evidence (snapshot snapshots/azure-%s.json).", [fx.soc, fx.soc]))
	f.owner.id == fx.soc
	f.owner.resource == fx.soc_ws
	count(f.owner.evidence) > 0
}

test_owner_in_run_fail if {
	fs := ir3_02.findings with input as fx.alone with data.estate as fx.estate([fx.entry(fx.soc_snapshot(json.patch(fx.soc_settings, [{"op": "replace", "path": "/connectors", "value": [fx.mdc(fx.soc_ws, fx.workload, "Disabled")]}])), [])])
	[f] := [f | some f in fs]
	f.resource == sprintf("/subscriptions/%s", [fx.workload])
	f.status == "fail"
	contains(f.message, sprintf("has a Defender for Cloud connector for subscription %s, but with alerts Disabled", [fx.workload]))
	f.owner.id == fx.soc
}

test_owner_unread if {
	fs := ir3_02.findings with input as fx.exporting with data.estate as fx.unread_estate("securityinsights.data_connectors")
	[f] := [f | some f in fs]
	f.resource == sprintf("/subscriptions/%s", [fx.workload])
	f.status == "error"
	contains(f.message, sprintf("is held by subscription %s, whose snapshot snapshots/azure-%s.json could not show it: Section securityinsights.data_connectors was denied", [fx.soc, fx.soc]))
	not f.owner
}

test_owner_absent if {
	fs := ir3_02.findings with input as fx.exporting with data.estate as {}
	[f] := [f | some f in fs]
	f.resource == sprintf("/subscriptions/%s", [fx.workload])
	f.status == "error"
	contains(f.message, sprintf("is held by subscription %s, which is not in this run, so it could not be assessed here; add it to the scan (irscan scan azure --subscription %s --subscription %s, or no --subscription", [fx.soc, fx.workload, fx.soc]))
	f.evidence == ["/sections/security.automations/data/value/0/properties/actions/0/workspaceResourceId"]
}

test_nothing_points_anywhere_fails if {
	fs := ir3_02.findings with input as fx.alone with data.estate as {}
	[f] := [f | some f in fs]
	f.resource == sprintf("/subscriptions/%s", [fx.workload])
	f.status == "fail"
	contains(f.message, "a central Sentinel workspace in another subscription counts when it does and its subscription is scanned in the same run")
	not f.owner
}

test_pointer_to_a_workspace_in_the_run_that_does_not_name_it_fails if {
	s := json.patch(fx.soc_settings, [{"op": "replace", "path": "/connectors", "value": [fx.mdc(fx.soc_ws, fx.other, "Enabled")]}])
	fs := ir3_02.findings with input as fx.exporting with data.estate as fx.estate([fx.entry(fx.soc_snapshot(s), [])])
	[f] := [f | some f in fs]
	f.status == "fail"
	contains(f.message, "but no Defender for Cloud connector of that Sentinel workspace names this subscription")
	f.owner.id == fx.soc
}

test_local_override_pass_despite_a_broken_central_workspace if {
	fs := ir3_02.findings with input as fx.local_snapshot(fx.soc_settings) with data.estate as fx.broken_estate
	count(fs) > 0
	every f in fs {
		f.status == "pass"
		not f.owner
	}
}

test_local_override_fail_despite_a_passing_central_workspace if {
	fs := ir3_02.findings with input as fx.local_snapshot(json.patch(fx.soc_settings, [{"op": "replace", "path": "/connectors", "value": []}])) with data.estate as fx.soc_estate
	some f in fs
	f.status == "fail"
	every g in fs {
		not g.owner
	}
	not sprintf("/subscriptions/%s", [fx.workload]) in {g.resource | some g in fs; g.status == "pass"}
}
