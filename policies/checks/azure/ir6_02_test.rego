package irscan.checks.azure.ir6_02_test

import data.irscan.checks.azure.ir6_02
import data.irscan.lib.azure_test as fx

sub := "7f3c2d9e-5b1a-4c8e-9d2f-3a6b8c1e4f70"

subscription := sprintf("/subscriptions/%s", [sub])

ws_id(name) := sprintf("/subscriptions/%s/resourceGroups/rg-secops/providers/Microsoft.OperationalInsights/workspaces/%s", [sub, name])

workspace(name) := {"id": ws_id(name), "name": name, "type": "Microsoft.OperationalInsights/workspaces", "location": "westeurope", "properties": {"retentionInDays": 90}}

onboarded(name) := {"workspaceId": ws_id(name), "value": [{"id": sprintf("%s/providers/Microsoft.SecurityInsights/onboardingStates/default", [ws_id(name)]), "name": "default", "type": "Microsoft.SecurityInsights/onboardingStates", "properties": {"customerManagedKey": false}}]}

rule(name, logic, actions) := {
	"id": sprintf("%s/providers/Microsoft.SecurityInsights/automationRules/%s", [ws_id("law-secops"), name]),
	"name": name,
	"type": "Microsoft.SecurityInsights/automationRules",
	"etag": "\"0300bf09-0000-0000-0000-5c37296e0000\"",
	"properties": {
		"displayName": name,
		"order": 1,
		"triggeringLogic": object.union({"isEnabled": true, "triggersOn": "Incidents", "triggersWhen": "Created", "conditions": []}, logic),
		"actions": actions,
		"createdTimeUtc": "2026-01-10T10:00:00Z",
		"lastModifiedTimeUtc": "2026-01-10T10:00:00Z",
	},
}

modify(config) := {"order": 1, "actionType": "ModifyProperties", "actionConfiguration": config}

task := {"order": 2, "actionType": "AddIncidentTask", "actionConfiguration": {"title": "Reset user passwords", "description": "Reset passwords for compromised users."}}

playbook := {"order": 3, "actionType": "RunPlaybook", "actionConfiguration": {"logicAppResourceId": sprintf("/subscriptions/%s/resourceGroups/rg-secops/providers/Microsoft.Logic/workflows/pb-isolate-vm", [sub]), "tenantId": "2070ecc9-b4d5-4ae4-adaa-936fa1954fa8"}}

snapshot(workspaces, states, rules) := {
	"cloud": "azure",
	"scope": {"type": "subscription", "id": sub},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {
		"operationalinsights.workspaces": {"status": "ok", "data": {"value": workspaces}},
		"securityinsights.onboarding_states": {"status": "ok", "data": {"onboardingStatesByWorkspace": states}},
		"securityinsights.automation_rules": {"status": "ok", "data": {"automationRulesByWorkspace": rules}},
		"logic.workflows": {"status": "ok", "data": {"value": [workflow("pb-isolate-vm", "Enabled")]}},
	},
}

workflow(name, state) := {
	"id": sprintf("/subscriptions/%s/resourceGroups/rg-secops/providers/Microsoft.Logic/workflows/%s", [sub, name]),
	"name": name,
	"type": "Microsoft.Logic/workflows",
	"properties": {"state": state},
}

with_workflows(snap, wfs) := json.patch(snap, [{"op": "replace", "path": "/sections/logic.workflows/data/value", "value": wfs}])

secops(rules) := snapshot([workspace("law-secops")], [onboarded("law-secops")], [{"workspaceId": ws_id("law-secops"), "value": rules}])

results(fs) := {[f.resource, f.status] | some f in fs}

test_pass_with_run_playbook_rule if {
	fs := ir6_02.findings with input as secops([rule("tasks", {}, [task]), rule("isolate-on-high", {}, [playbook])])
	results(fs) == {[subscription, "pass"]}
	some f in fs
	contains(f.message, `rule "isolate-on-high" in workspace law-secops runs pb-isolate-vm (Enabled) on Incidents Created`)
	f.evidence == ["/sections/securityinsights.automation_rules/data/automationRulesByWorkspace/0/value/1"]
}

test_pass_on_alert_trigger if {
	fs := ir6_02.findings with input as secops([rule("enrich-alerts", {"triggersOn": "Alerts"}, [playbook])])
	results(fs) == {[subscription, "pass"]}
}

test_fail_when_playbook_rule_disabled if {
	fs := ir6_02.findings with input as secops([rule("isolate-on-high", {"isEnabled": false}, [playbook]), rule("triage", {}, [modify({"severity": "High"})])])
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, `"isolate-on-high" (disabled, runs pb-isolate-vm)`)
	contains(f.message, `"triage" (no RunPlaybook action (actions: ModifyProperties))`)
}

test_fail_when_playbook_rule_expired if {
	fs := ir6_02.findings with input as secops([rule("isolate-on-high", {"expirationTimeUtc": "2026-11-20T08:59:59Z"}, [playbook])])
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, "expired on 2026-11-20T08:59:59Z, runs pb-isolate-vm")
}

test_fail_when_enabled_flag_absent if {
	r := json.patch(rule("isolate", {}, [playbook]), [{"op": "remove", "path": "/properties/triggeringLogic/isEnabled"}])
	fs := ir6_02.findings with input as secops([r])
	results(fs) == {[subscription, "fail"]}
}

test_fail_when_actions_absent if {
	r := json.patch(rule("empty", {}, []), [{"op": "remove", "path": "/properties/actions"}])
	fs := ir6_02.findings with input as secops([r])
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, "(actions: none)")
}

test_fail_without_rules if {
	fs := ir6_02.findings with input as secops([])
	results(fs) == {[subscription, "fail"]}
}

test_fail_when_sentinel_not_onboarded if {
	fs := ir6_02.findings with input as snapshot([workspace("law-secops")], [{"workspaceId": ws_id("law-secops"), "value": []}], [{"workspaceId": ws_id("law-secops"), "value": [rule("isolate", {}, [playbook])]}])
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, "not onboarded")
}

test_error_when_onboarding_state_missing if {
	fs := ir6_02.findings with input as snapshot([workspace("law-secops")], [], [])
	results(fs) == {[subscription, "error"]}
	some f in fs
	contains(f.message, "the onboarding state of workspace law-secops")
}

test_no_finding_when_sections_absent if {
	fs := ir6_02.findings with input as object.remove(secops([]), ["sections"])
	count(fs) == 0
}

test_no_finding_when_any_data_null if {
	every section in ["operationalinsights.workspaces", "securityinsights.onboarding_states", "securityinsights.automation_rules"] {
		inp := json.patch(secops([rule("isolate", {}, [playbook])]), [{"op": "replace", "path": sprintf("/sections/%s/data", [section]), "value": null}])
		count(ir6_02.findings) == 0 with input as inp
	}
}

# The owner rule (policies/lib/azure.rego): a subscription without a Sentinel workspace of its
# own follows the central workspace of the SOC subscription whose Defender for Cloud connector
# names it (fixtures in policies/lib/azure_test.rego).

test_owner_in_run_pass if {
	fs := ir6_02.findings with input as fx.alone with data.estate as fx.soc_estate
	[f] := [f | some f in fs]
	f.resource == sprintf("/subscriptions/%s", [fx.workload])
	f.status == "pass"
	contains(f.message, "runs playbooks automatically: rule \"Contain compromised hosts\" runs la-isolate-vm on Incidents Created")
	contains(f.message, sprintf("Judged on subscription %s's evidence (snapshot snapshots/azure-%s.json).", [fx.soc, fx.soc]))
	f.owner.id == fx.soc
	f.owner.resource == fx.soc_ws
	count(f.owner.evidence) > 0
}

test_owner_in_run_fail if {
	fs := ir6_02.findings with input as fx.alone with data.estate as fx.broken_estate
	[f] := [f | some f in fs]
	f.resource == sprintf("/subscriptions/%s", [fx.workload])
	f.status == "fail"
	contains(f.message, "runs a playbook (its 2 rule(s): \"Contain compromised hosts\" (disabled, runs la-isolate-vm), \"Triage new incidents\" (no RunPlaybook action (actions: ModifyProperties)))")
	f.owner.id == fx.soc
}

test_owner_unread if {
	fs := ir6_02.findings with input as fx.alone with data.estate as fx.unread_estate("securityinsights.automation_rules")
	[f] := [f | some f in fs]
	f.resource == sprintf("/subscriptions/%s", [fx.workload])
	f.status == "error"
	contains(f.message, sprintf("is held by subscription %s, whose snapshot snapshots/azure-%s.json could not show it: Section securityinsights.automation_rules was denied", [fx.soc, fx.soc]))
	not f.owner
}

test_owner_absent if {
	fs := ir6_02.findings with input as fx.exporting with data.estate as {}
	[f] := [f | some f in fs]
	f.resource == sprintf("/subscriptions/%s", [fx.workload])
	f.status == "error"
	contains(f.message, sprintf("is held by subscription %s, which is not in this run, so it could not be assessed here; add it to the scan (irscan scan azure --subscription %s --subscription %s, or no --subscription", [fx.soc, fx.workload, fx.soc]))
	f.evidence == ["/sections/security.automations/data/value/0/properties/actions/0/workspaceResourceId"]
}

test_nothing_points_anywhere_fails if {
	fs := ir6_02.findings with input as fx.alone with data.estate as {}
	[f] := [f | some f in fs]
	f.resource == sprintf("/subscriptions/%s", [fx.workload])
	f.status == "fail"
	contains(f.message, "a central Sentinel workspace in another subscription counts when it does and its subscription is scanned in the same run")
	not f.owner
}

test_pointer_to_a_workspace_in_the_run_that_does_not_name_it_fails if {
	s := json.patch(fx.soc_settings, [{"op": "replace", "path": "/connectors", "value": [fx.mdc(fx.soc_ws, fx.other, "Enabled")]}])
	fs := ir6_02.findings with input as fx.exporting with data.estate as fx.estate([fx.entry(fx.soc_snapshot(s), [])])
	[f] := [f | some f in fs]
	f.status == "fail"
	contains(f.message, "but no Defender for Cloud connector of that Sentinel workspace names this subscription")
	f.owner.id == fx.soc
}

test_local_override_pass_despite_a_broken_central_workspace if {
	own := json.patch(fx.soc_settings, [{"op": "replace", "path": "/automation_rules", "value": [fx.playbook(fx.workload_ws, true)]}])
	fs := ir6_02.findings with input as fx.local_snapshot(own) with data.estate as fx.broken_estate
	count(fs) > 0
	every f in fs {
		f.status == "pass"
		not f.owner
	}
}

test_local_override_fail_despite_a_passing_central_workspace if {
	fs := ir6_02.findings with input as fx.local_snapshot(json.patch(fx.soc_settings, [{"op": "replace", "path": "/automation_rules", "value": []}])) with data.estate as fx.soc_estate
	some f in fs
	f.status == "fail"
	every g in fs {
		not g.owner
	}
	not sprintf("/subscriptions/%s", [fx.workload]) in {g.resource | some g in fs; g.status == "pass"}
}

test_owner_entry_missing_is_an_error if {
	snap := json.patch(fx.soc_snapshot(fx.soc_settings), [{"op": "replace", "path": "/sections/securityinsights.automation_rules/data/automationRulesByWorkspace", "value": []}])
	fs := ir6_02.findings with input as fx.alone with data.estate as fx.estate([fx.entry(snap, [])])
	[f] := [f | some f in fs]
	f.status == "error"
	contains(f.message, "does not hold that workspace's entry in section securityinsights.automation_rules")
}

test_fail_when_playbook_does_not_exist if {
	fs := ir6_02.findings with input as with_workflows(secops([rule("isolate-on-high", {}, [playbook])]), [])
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, `"isolate-on-high" (runs pb-isolate-vm does not exist (not in the subscription's Microsoft.Logic/workflows list))`)
}

test_fail_when_playbook_disabled if {
	fs := ir6_02.findings with input as with_workflows(secops([rule("isolate-on-high", {}, [playbook])]), [workflow("pb-isolate-vm", "Disabled")])
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, `"isolate-on-high" (runs pb-isolate-vm is Disabled, not Enabled)`)
}

test_error_when_playbook_in_another_subscription if {
	elsewhere := {"order": 3, "actionType": "RunPlaybook", "actionConfiguration": {"logicAppResourceId": "/subscriptions/88888888-8888-8888-8888-888888888888/resourceGroups/rg-soc/providers/Microsoft.Logic/workflows/pb-central", "tenantId": "2070ecc9-b4d5-4ae4-adaa-936fa1954fa8"}}
	fs := ir6_02.findings with input as secops([rule("central", {}, [elsewhere])])
	results(fs) == {[subscription, "error"]}
	some f in fs
	contains(f.message, `rule "central" runs pb-central is in subscription 88888888-8888-8888-8888-888888888888, which is not in this run`)
}

test_no_verdict_without_workflows if {
	snap := json.patch(secops([rule("isolate-on-high", {}, [playbook])]), [{"op": "remove", "path": "/sections/logic.workflows"}])
	fs := ir6_02.findings with input as snap
	count({f | some f in fs; f.status in {"pass", "fail"}}) == 0
}

std_playbook := {"order": 3, "actionType": "RunPlaybook", "actionConfiguration": {"logicAppResourceId": sprintf("/subscriptions/%s/resourceGroups/rg-secops/providers/Microsoft.Web/sites/la-std-soc/workflows/isolate-host", [sub]), "tenantId": "2070ecc9-b4d5-4ae4-adaa-936fa1954fa8"}}

with_standard(snap, flow_state) := json.patch(snap, [{"op": "add", "path": "/sections/logic.standard_workflows", "value": {"data": {"sites": [{
	"id": sprintf("/subscriptions/%s/resourceGroups/rg-secops/providers/Microsoft.Web/sites/la-std-soc", [sub]),
	"name": "la-std-soc", "kind": "functionapp,workflowapp", "properties": {"state": "Running"},
	"workflows": [{
		"id": sprintf("/subscriptions/%s/resourceGroups/rg-secops/providers/Microsoft.Web/sites/la-std-soc/workflows/isolate-host", [sub]),
		"name": "la-std-soc/isolate-host", "properties": {"flowState": flow_state}, "triggers": {},
	}],
}]}}}])

test_pass_when_playbook_is_enabled_logic_app_standard if {
	fs := ir6_02.findings with input as with_standard(secops([rule("standard", {}, [std_playbook])]), "Enabled")
	results(fs) == {[subscription, "pass"]}
}

test_fail_when_logic_app_standard_playbook_disabled if {
	fs := ir6_02.findings with input as with_standard(secops([rule("standard", {}, [std_playbook])]), "Disabled")
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, `"standard" (runs isolate-host is Disabled, not Enabled)`)
}

test_pass_when_playbook_in_another_subscription_of_the_run_is_enabled if {
	elsewhere := {"order": 3, "actionType": "RunPlaybook", "actionConfiguration": {"logicAppResourceId": "/subscriptions/88888888-8888-8888-8888-888888888888/resourceGroups/rg-soc/providers/Microsoft.Logic/workflows/pb-central", "tenantId": "2070ecc9-b4d5-4ae4-adaa-936fa1954fa8"}}
	estate := {"azure": {"subscription": {"88888888-8888-8888-8888-888888888888": {
		"cloud": "azure", "type": "subscription", "id": "88888888-8888-8888-8888-888888888888", "problems": [],
		"facts": {"playbooks": {"/subscriptions/88888888-8888-8888-8888-888888888888/resourcegroups/rg-soc/providers/microsoft.logic/workflows/pb-central": {"state": "Enabled", "pointer": "/sections/logic.workflows/data/value/0"}}},
	}}}}
	fs := ir6_02.findings with input as secops([rule("central", {}, [elsewhere])]) with data.estate as estate
	results(fs) == {[subscription, "pass"]}
}
