package irscan.checks.azure.ir3_03_test

import data.irscan.checks.azure.ir3_03
import data.irscan.lib.azure_test as fx

sub := "7f3c2d9e-5b1a-4c8e-9d2f-3a6b8c1e4f70"

subscription := sprintf("/subscriptions/%s", [sub])

ws_id(name) := sprintf("/subscriptions/%s/resourceGroups/rg-secops/providers/Microsoft.OperationalInsights/workspaces/%s", [sub, name])

workspace(name) := {"id": ws_id(name), "name": name, "type": "Microsoft.OperationalInsights/workspaces", "location": "westeurope", "properties": {"retentionInDays": 90}}

onboarded(name) := {"workspaceId": ws_id(name), "value": [{"id": sprintf("%s/providers/Microsoft.SecurityInsights/onboardingStates/default", [ws_id(name)]), "name": "default", "type": "Microsoft.SecurityInsights/onboardingStates", "properties": {"customerManagedKey": false}}]}

rule(name, kind, props) := {
	"id": sprintf("%s/providers/Microsoft.SecurityInsights/alertRules/%s", [ws_id("law-secops"), name]),
	"name": name,
	"type": "Microsoft.SecurityInsights/alertRules",
	"kind": kind,
	"etag": "\"0300bf09-0000-0000-0000-5c37296e0000\"",
	"properties": props,
}

fusion(enabled) := rule("BuiltInFusion", "Fusion", {"displayName": "Advanced Multistage Attack Detection", "enabled": enabled, "alertRuleTemplateName": "f71aba3d-28fb-450b-b192-4e76a83015c8", "severity": "High"})

scheduled(kind, create) := rule(sprintf("%s-rule", [lower(kind)]), kind, {
	"displayName": sprintf("Suspicious sign-ins (%s)", [kind]),
	"enabled": true,
	"severity": "Medium",
	"query": "SigninLogs | where ResultType != 0",
	"incidentConfiguration": {"createIncident": create, "groupingConfiguration": {"enabled": false}},
})

msic(enabled) := rule("mdc-incidents", "MicrosoftSecurityIncidentCreation", {"displayName": "Create incidents from Defender for Cloud alerts", "enabled": enabled, "productFilter": "Azure Security Center", "severitiesFilter": null})

snapshot(workspaces, states, rules) := {
	"cloud": "azure",
	"scope": {"type": "subscription", "id": sub},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {
		"operationalinsights.workspaces": {"status": "ok", "data": {"value": workspaces}},
		"securityinsights.onboarding_states": {"status": "ok", "data": {"onboardingStatesByWorkspace": states}},
		"securityinsights.alert_rules": {"status": "ok", "data": {"alertRulesByWorkspace": rules}},
	},
}

secops(rules) := snapshot([workspace("law-secops")], [onboarded("law-secops")], [{"workspaceId": ws_id("law-secops"), "value": rules}])

results(fs) := {[f.resource, f.status] | some f in fs}

test_pass_with_fusion_rule if {
	fs := ir3_03.findings with input as secops([scheduled("Scheduled", false), fusion(true)])
	results(fs) == {[subscription, "pass"]}
	some f in fs
	contains(f.message, `1 enabled analytics rule(s) create incidents: "Advanced Multistage Attack Detection" (Fusion) in workspace law-secops`)
	f.evidence == ["/sections/securityinsights.alert_rules/data/alertRulesByWorkspace/0/value/1"]
}

test_pass_with_microsoft_incident_creation_rule if {
	fs := ir3_03.findings with input as secops([msic(true)])
	results(fs) == {[subscription, "pass"]}
}

test_pass_with_scheduled_or_nrt_creating_incidents if {
	every kind in ["Scheduled", "NRT"] {
		results(ir3_03.findings) == {[subscription, "pass"]} with input as secops([scheduled(kind, true)])
	}
}

test_fail_with_scheduled_rule_without_incidents if {
	fs := ir3_03.findings with input as secops([scheduled("Scheduled", false), fusion(false), msic(false)])
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, `"Suspicious sign-ins (Scheduled)" (Scheduled, createIncident false)`)
	contains(f.message, `"Advanced Multistage Attack Detection" (Fusion, disabled)`)
	contains(f.message, "3 rule(s), none creating incidents")
}

test_fail_when_create_incident_absent if {
	r := json.patch(scheduled("NRT", true), [{"op": "remove", "path": "/properties/incidentConfiguration"}])
	fs := ir3_03.findings with input as secops([r])
	results(fs) == {[subscription, "fail"]}
}

test_other_kinds_do_not_count if {
	fs := ir3_03.findings with input as secops([rule("ti", "ThreatIntelligence", {"displayName": "TI map", "enabled": true})])
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, `"TI map" (ThreatIntelligence, does not create incidents)`)
}

test_fail_without_rules if {
	fs := ir3_03.findings with input as secops([])
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, "workspace law-secops has no analytics rule")
}

test_fail_lists_at_most_ten_rules if {
	rules := [r | some i in numbers.range(1, 12); r := rule(sprintf("r%02d", [i]), "Scheduled", {"displayName": sprintf("rule %02d", [i]), "enabled": false})]
	fs := ir3_03.findings with input as secops(rules)
	some f in fs
	contains(f.message, "and 2 more")
}

test_fail_when_sentinel_not_onboarded if {
	inp := snapshot([workspace("law-secops")], [{"workspaceId": ws_id("law-secops"), "value": []}], [])
	fs := ir3_03.findings with input as inp
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, "not onboarded on any Log Analytics workspace of the subscription (1 found)")
}

test_rules_of_a_workspace_not_onboarded_do_not_count if {
	inp := snapshot([workspace("law-secops")], [{"workspaceId": ws_id("law-secops"), "value": []}], [{"workspaceId": ws_id("law-secops"), "value": [fusion(true)]}])
	fs := ir3_03.findings with input as inp
	results(fs) == {[subscription, "fail"]}
}

test_error_when_rules_missing if {
	fs := ir3_03.findings with input as snapshot([workspace("law-secops")], [onboarded("law-secops")], [])
	results(fs) == {[subscription, "error"]}
	some f in fs
	contains(f.message, "the analytics rules of Sentinel workspace law-secops")
}

test_error_when_onboarding_state_missing if {
	fs := ir3_03.findings with input as snapshot([workspace("law-secops")], [], [])
	results(fs) == {[subscription, "error"]}
}

test_no_finding_when_sections_absent if {
	fs := ir3_03.findings with input as object.remove(secops([]), ["sections"])
	count(fs) == 0
}

test_no_finding_when_any_data_null if {
	every section in ["operationalinsights.workspaces", "securityinsights.onboarding_states", "securityinsights.alert_rules"] {
		inp := json.patch(secops([fusion(true)]), [{"op": "replace", "path": sprintf("/sections/%s/data", [section]), "value": null}])
		count(ir3_03.findings) == 0 with input as inp
	}
}

# The owner rule (policies/lib/azure.rego): a subscription without a Sentinel workspace of its
# own follows the central workspace of the SOC subscription whose Defender for Cloud connector
# names it (fixtures in policies/lib/azure_test.rego).

test_owner_in_run_pass if {
	fs := ir3_03.findings with input as fx.alone with data.estate as fx.soc_estate
	[f] := [f | some f in fs]
	f.resource == sprintf("/subscriptions/%s", [fx.workload])
	f.status == "pass"
	contains(f.message, "turns Defender for Cloud alerts into incidents: rule \"Create incidents from Defender for Cloud\" (MicrosoftSecurityIncidentCreation, productFilter Azure Security Center, High, Medium)")
	contains(f.message, sprintf("Judged on subscription %s's evidence (snapshot snapshots/azure-%s.json).", [fx.soc, fx.soc]))
	f.owner.id == fx.soc
	f.owner.resource == fx.soc_ws
	count(f.owner.evidence) > 0
}

test_owner_in_run_fail if {
	fs := ir3_03.findings with input as fx.alone with data.estate as fx.broken_estate
	[f] := [f | some f in fs]
	f.resource == sprintf("/subscriptions/%s", [fx.workload])
	f.status == "fail"
	contains(f.message, "has no enabled Microsoft incident creation rule for Defender for Cloud alerts (its 1 analytics rule(s): \"Advanced Multistage Attack Detection\" (Fusion, not a Microsoft incident creation rule))")
	f.owner.id == fx.soc
}

test_owner_unread if {
	fs := ir3_03.findings with input as fx.alone with data.estate as fx.unread_estate("securityinsights.alert_rules")
	[f] := [f | some f in fs]
	f.resource == sprintf("/subscriptions/%s", [fx.workload])
	f.status == "error"
	contains(f.message, sprintf("is held by subscription %s, whose snapshot snapshots/azure-%s.json could not show it: Section securityinsights.alert_rules was denied", [fx.soc, fx.soc]))
	not f.owner
}

test_owner_absent if {
	fs := ir3_03.findings with input as fx.exporting with data.estate as {}
	[f] := [f | some f in fs]
	f.resource == sprintf("/subscriptions/%s", [fx.workload])
	f.status == "error"
	contains(f.message, sprintf("is held by subscription %s, which is not in this run, so it could not be assessed here; add it to the scan (irscan scan azure --subscription %s --subscription %s, or no --subscription", [fx.soc, fx.workload, fx.soc]))
	f.evidence == ["/sections/security.automations/data/value/0/properties/actions/0/workspaceResourceId"]
}

test_nothing_points_anywhere_fails if {
	fs := ir3_03.findings with input as fx.alone with data.estate as {}
	[f] := [f | some f in fs]
	f.resource == sprintf("/subscriptions/%s", [fx.workload])
	f.status == "fail"
	contains(f.message, "a central Sentinel workspace in another subscription counts when it does and its subscription is scanned in the same run")
	not f.owner
}

test_pointer_to_a_workspace_in_the_run_that_does_not_name_it_fails if {
	s := json.patch(fx.soc_settings, [{"op": "replace", "path": "/connectors", "value": [fx.mdc(fx.soc_ws, fx.other, "Enabled")]}])
	fs := ir3_03.findings with input as fx.exporting with data.estate as fx.estate([fx.entry(fx.soc_snapshot(s), [])])
	[f] := [f | some f in fs]
	f.status == "fail"
	contains(f.message, "but no Defender for Cloud connector of that Sentinel workspace names this subscription")
	f.owner.id == fx.soc
}

test_local_override_pass_despite_a_broken_central_workspace if {
	fs := ir3_03.findings with input as fx.local_snapshot(fx.soc_settings) with data.estate as fx.broken_estate
	count(fs) > 0
	every f in fs {
		f.status == "pass"
		not f.owner
	}
}

test_local_override_fail_despite_a_passing_central_workspace if {
	fs := ir3_03.findings with input as fx.local_snapshot(json.patch(fx.soc_settings, [{"op": "replace", "path": "/alert_rules", "value": []}])) with data.estate as fx.soc_estate
	some f in fs
	f.status == "fail"
	every g in fs {
		not g.owner
	}
	not sprintf("/subscriptions/%s", [fx.workload]) in {g.resource | some g in fs; g.status == "pass"}
}

test_owner_entry_missing_is_an_error if {
	snap := json.patch(fx.soc_snapshot(fx.soc_settings), [{"op": "replace", "path": "/sections/securityinsights.alert_rules/data/alertRulesByWorkspace", "value": []}])
	fs := ir3_03.findings with input as fx.alone with data.estate as fx.estate([fx.entry(snap, [])])
	[f] := [f | some f in fs]
	f.status == "error"
	contains(f.message, "does not hold that workspace's entry in section securityinsights.alert_rules")
}

test_owner_connector_with_alerts_disabled_fails if {
	s := json.patch(fx.soc_settings, [{"op": "replace", "path": "/connectors", "value": [fx.mdc(fx.soc_ws, fx.workload, "Disabled")]}])
	fs := ir3_03.findings with input as fx.alone with data.estate as fx.estate([fx.entry(fx.soc_snapshot(s), [])])
	[f] := [f | some f in fs]
	f.status == "fail"
	contains(f.message, "has a Defender for Cloud connector for this subscription, but with alerts Disabled, so none of its Defender for Cloud alerts reaches the workspace to become an incident")
	f.owner.id == fx.soc
	f.owner.evidence == ["/sections/securityinsights.data_connectors/data/dataConnectorsByWorkspace/0/value/0"]
}

test_incident_creation_rule_for_another_product_does_not_count if {
	mcas := json.patch(msic(true), [{"op": "replace", "path": "/properties/productFilter", "value": "Microsoft Cloud App Security"}])
	fs := ir3_03.findings with input as secops([mcas])
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, `"Create incidents from Defender for Cloud alerts" (MicrosoftSecurityIncidentCreation, productFilter Microsoft Cloud App Security, not Azure Security Center (Defender for Cloud))`)
}

test_incident_creation_rule_without_product_filter_does_not_count if {
	r := json.patch(msic(true), [{"op": "remove", "path": "/properties/productFilter"}])
	fs := ir3_03.findings with input as secops([r])
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, "productFilter unset, not Azure Security Center")
}
