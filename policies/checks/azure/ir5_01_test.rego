package irscan.checks.azure.ir5_01_test

import data.irscan.checks.azure.ir5_01
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
	},
}

secops(rules) := snapshot([workspace("law-secops")], [onboarded("law-secops")], [{"workspaceId": ws_id("law-secops"), "value": rules}])

results(fs) := {[f.resource, f.status] | some f in fs}

test_pass_with_triage_rule if {
	r := rule("triage-defender", {}, [task, modify({"severity": "High", "owner": {"objectId": "2046feea-040d-4a46-9e2b-91c2941bfa70", "assignedTo": "SOC tier 2"}})])
	fs := ir5_01.findings with input as secops([rule("tasks-only", {}, [task]), r])
	results(fs) == {[subscription, "pass"]}
	some f in fs
	contains(f.message, `rule "triage-defender" in workspace law-secops sets owner, severity`)
	f.evidence == ["/sections/securityinsights.automation_rules/data/automationRulesByWorkspace/0/value/1"]
}

test_pass_with_labels if {
	r := rule("tag-crown-jewels", {}, [modify({"labels": [{"labelName": "crown-jewel"}]})])
	fs := ir5_01.findings with input as secops([r])
	results(fs) == {[subscription, "pass"]}
}

test_fail_when_rule_disabled if {
	r := rule("triage-defender", {"isEnabled": false}, [modify({"severity": "High"})])
	fs := ir5_01.findings with input as secops([r])
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, `"triage-defender" (disabled)`)
}

test_fail_when_rule_expired if {
	r := rule("triage-defender", {"expirationTimeUtc": "2026-06-30T00:00:00Z"}, [modify({"severity": "High"})])
	fs := ir5_01.findings with input as secops([r])
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, "expired on 2026-06-30T00:00:00Z")
}

test_pass_when_expiry_is_in_the_future if {
	r := rule("triage-defender", {"expirationTimeUtc": "2027-06-30T00:00:00Z"}, [modify({"status": "Active"})])
	fs := ir5_01.findings with input as secops([r])
	results(fs) == {[subscription, "pass"]}
}

test_fail_when_triggered_on_update_or_alerts if {
	rules := [
		rule("on-update", {"triggersWhen": "Updated"}, [modify({"severity": "High"})]),
		rule("on-alerts", {"triggersOn": "Alerts"}, [modify({"severity": "High"})]),
	]
	fs := ir5_01.findings with input as secops(rules)
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, `"on-update" (triggers on Incidents Updated)`)
	contains(f.message, `"on-alerts" (triggers on Alerts Created)`)
}

test_fail_when_only_tasks_and_playbooks if {
	fs := ir5_01.findings with input as secops([rule("tasks", {}, [task, playbook])])
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, "its actions are AddIncidentTask, RunPlaybook")
}

test_fail_when_modify_sets_nothing_useful if {
	fs := ir5_01.findings with input as secops([rule("noop", {}, [modify({"severity": null, "labels": []})])])
	results(fs) == {[subscription, "fail"]}
}

test_fail_when_triggering_logic_absent if {
	r := json.patch(rule("broken", {}, [modify({"severity": "High"})]), [{"op": "remove", "path": "/properties/triggeringLogic"}])
	fs := ir5_01.findings with input as secops([r])
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, `"broken" (disabled, triggers on unset unset)`)
}

test_fail_without_rules if {
	fs := ir5_01.findings with input as secops([])
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, "workspace law-secops has no automation rule")
}

test_fail_when_sentinel_not_onboarded if {
	fs := ir5_01.findings with input as snapshot([workspace("law-secops")], [{"workspaceId": ws_id("law-secops"), "value": []}], [])
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, "not onboarded")
}

test_error_when_rules_missing if {
	fs := ir5_01.findings with input as snapshot([workspace("law-secops")], [onboarded("law-secops")], [])
	results(fs) == {[subscription, "error"]}
}

test_no_finding_when_sections_absent if {
	fs := ir5_01.findings with input as object.remove(secops([]), ["sections"])
	count(fs) == 0
}

test_no_finding_when_any_data_null if {
	every section in ["operationalinsights.workspaces", "securityinsights.onboarding_states", "securityinsights.automation_rules"] {
		inp := json.patch(secops([rule("triage", {}, [modify({"severity": "High"})])]), [{"op": "replace", "path": sprintf("/sections/%s/data", [section]), "value": null}])
		count(ir5_01.findings) == 0 with input as inp
	}
}

# The owner rule (policies/lib/azure.rego): a subscription without a Sentinel workspace of its
# own follows the central workspace of the SOC subscription whose Defender for Cloud connector
# names it (fixtures in policies/lib/azure_test.rego).

test_owner_in_run_pass if {
	fs := ir5_01.findings with input as fx.alone with data.estate as fx.soc_estate
	[f] := [f | some f in fs]
	f.resource == sprintf("/subscriptions/%s", [fx.workload])
	f.status == "pass"
	contains(f.message, "are triaged automatically: rule \"Triage new incidents\" sets owner, severity")
	contains(f.message, sprintf("Judged on subscription %s's evidence (snapshot snapshots/azure-%s.json).", [fx.soc, fx.soc]))
	f.owner.id == fx.soc
	f.owner.resource == fx.soc_ws
	count(f.owner.evidence) > 0
}

test_owner_in_run_fail if {
	fs := ir5_01.findings with input as fx.alone with data.estate as fx.broken_estate
	[f] := [f | some f in fs]
	f.resource == sprintf("/subscriptions/%s", [fx.workload])
	f.status == "fail"
	contains(f.message, "triages new incidents (its 2 rule(s): \"Contain compromised hosts\" (disabled, its actions are RunPlaybook), \"Triage new incidents\" (disabled))")
	f.owner.id == fx.soc
}

test_owner_unread if {
	fs := ir5_01.findings with input as fx.alone with data.estate as fx.unread_estate("securityinsights.automation_rules")
	[f] := [f | some f in fs]
	f.resource == sprintf("/subscriptions/%s", [fx.workload])
	f.status == "error"
	contains(f.message, sprintf("is held by subscription %s, whose snapshot snapshots/azure-%s.json could not show it: Section securityinsights.automation_rules was denied", [fx.soc, fx.soc]))
	not f.owner
}

test_owner_absent if {
	fs := ir5_01.findings with input as fx.exporting with data.estate as {}
	[f] := [f | some f in fs]
	f.resource == sprintf("/subscriptions/%s", [fx.workload])
	f.status == "error"
	contains(f.message, sprintf("is held by subscription %s, which is not in this run, so it could not be assessed here; add it to the scan (irscan scan azure --subscription %s --subscription %s, or no --subscription", [fx.soc, fx.workload, fx.soc]))
	f.evidence == ["/sections/security.automations/data/value/0/properties/actions/0/workspaceResourceId"]
}

test_nothing_points_anywhere_fails if {
	fs := ir5_01.findings with input as fx.alone with data.estate as {}
	[f] := [f | some f in fs]
	f.resource == sprintf("/subscriptions/%s", [fx.workload])
	f.status == "fail"
	contains(f.message, "a central Sentinel workspace in another subscription counts when it does and its subscription is scanned in the same run")
	not f.owner
}

test_pointer_to_a_workspace_in_the_run_that_does_not_name_it_fails if {
	s := json.patch(fx.soc_settings, [{"op": "replace", "path": "/connectors", "value": [fx.mdc(fx.soc_ws, fx.other, "Enabled")]}])
	fs := ir5_01.findings with input as fx.exporting with data.estate as fx.estate([fx.entry(fx.soc_snapshot(s), [])])
	[f] := [f | some f in fs]
	f.status == "fail"
	contains(f.message, "but no Defender for Cloud connector of that Sentinel workspace names this subscription")
	f.owner.id == fx.soc
}

test_local_override_pass_despite_a_broken_central_workspace if {
	fs := ir5_01.findings with input as fx.local_snapshot(fx.soc_settings) with data.estate as fx.broken_estate
	count(fs) > 0
	every f in fs {
		f.status == "pass"
		not f.owner
	}
}

test_local_override_fail_despite_a_passing_central_workspace if {
	fs := ir5_01.findings with input as fx.local_snapshot(json.patch(fx.soc_settings, [{"op": "replace", "path": "/automation_rules", "value": []}])) with data.estate as fx.soc_estate
	some f in fs
	f.status == "fail"
	every g in fs {
		not g.owner
	}
	not sprintf("/subscriptions/%s", [fx.workload]) in {g.resource | some g in fs; g.status == "pass"}
}

test_owner_entry_missing_is_an_error if {
	snap := json.patch(fx.soc_snapshot(fx.soc_settings), [{"op": "replace", "path": "/sections/securityinsights.automation_rules/data/automationRulesByWorkspace", "value": []}])
	fs := ir5_01.findings with input as fx.alone with data.estate as fx.estate([fx.entry(snap, [])])
	[f] := [f | some f in fs]
	f.status == "error"
	contains(f.message, "does not hold that workspace's entry in section securityinsights.automation_rules")
}

test_fail_when_the_rule_only_closes_incidents if {
	r := rule("suppress-test-alerts", {}, [modify({"status": "Closed", "classification": "BenignPositive", "classificationReason": "SuspiciousButExpected", "classificationComment": "Known scanner"})])
	fs := ir5_01.findings with input as secops([r])
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, `"suppress-test-alerts" (it closes the incident (status Closed): suppression, not triage)`)
}

test_fail_when_the_rule_closes_and_labels if {
	r := rule("close-and-tag", {}, [modify({"status": "Closed", "labels": [{"labelName": "noise"}], "classification": "FalsePositive", "classificationReason": "IncorrectAlertLogic"})])
	fs := ir5_01.findings with input as secops([r])
	results(fs) == {[subscription, "fail"]}
}

test_pass_when_status_set_to_active if {
	r := rule("activate", {}, [modify({"status": "Active", "severity": "Medium"})])
	fs := ir5_01.findings with input as secops([r])
	results(fs) == {[subscription, "pass"]}
}
