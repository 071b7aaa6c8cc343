# Tests of irscan.lib.azure, and the estate fixtures the Azure check tests share: a SOC
# subscription whose Sentinel workspace law-soc has Defender for Cloud connectors naming
# workload subscriptions, and a workload subscription with no workspace of its own.
package irscan.lib.azure_test

import data.irscan.facts.azure as facts
import data.irscan.lib.azure

# The workload subscription (the one the Azure check tests judge) and the SOC subscription.
workload := "7f3c2d9e-5b1a-4c8e-9d2f-3a6b8c1e4f70"

soc := "0c5e7a10-5e7a-4c0c-8d1e-50c5ec000001"

# A third subscription, absent from the estates below unless a test adds it.
other := "3a9d4e21-7b6c-4f8e-a1d2-0e9f8c7b6a50"

soc_ws := sprintf("/subscriptions/%s/resourceGroups/rg-soc/providers/Microsoft.OperationalInsights/workspaces/law-soc", [soc])

other_ws := sprintf("/subscriptions/%s/resourceGroups/rg-soc/providers/Microsoft.OperationalInsights/workspaces/law-central", [other])

collected_at := "2026-11-20T09:00:00Z"

config := {"classification_key": "DataClassification", "min_retention_days": 365, "lookback_days": 90}

workspace(id, retention) := {
	"id": id,
	"name": azure.workspace_name(id),
	"type": "Microsoft.OperationalInsights/workspaces",
	"location": "westeurope",
	"properties": {"customerId": "bc089d7b-485c-4aff-a71e-c00f362d8d2f", "provisioningState": "Succeeded", "sku": {"name": "PerGB2018"}, "retentionInDays": retention},
}

onboarded(id) := {"workspaceId": id, "value": [{
	"id": sprintf("%s/providers/Microsoft.SecurityInsights/onboardingStates/default", [id]),
	"name": "default",
	"type": "Microsoft.SecurityInsights/onboardingStates",
	"properties": {"customerManagedKey": false},
}]}

# A subscription-based Defender for Cloud connector, in the shape of the official example.
mdc(ws, subscription_id, state) := {
	"id": sprintf("%s/providers/Microsoft.SecurityInsights/dataConnectors/mdc-%s", [ws, subscription_id]),
	"name": sprintf("mdc-%s", [subscription_id]),
	"type": "Microsoft.SecurityInsights/dataConnectors",
	"kind": "AzureSecurityCenter",
	"etag": "\"0300bf09-0000-0000-0000-5c37296e0000\"",
	"properties": {"subscriptionId": subscription_id, "dataTypes": {"alerts": {"state": state}}},
}

xdr(ws) := {
	"id": sprintf("%s/providers/Microsoft.SecurityInsights/dataConnectors/xdr", [ws]),
	"name": "xdr",
	"type": "Microsoft.SecurityInsights/dataConnectors",
	"kind": "MicrosoftThreatProtection",
	"properties": {"tenantId": "2070ecc9-b4d5-4ae4-adaa-936fa1954fa8", "dataTypes": {"incidents": {"state": "Enabled"}, "alerts": {"state": "Enabled"}}},
}

incident_rule(ws, name, product, enabled) := {
	"id": sprintf("%s/providers/Microsoft.SecurityInsights/alertRules/%s", [ws, name]),
	"name": name,
	"type": "Microsoft.SecurityInsights/alertRules",
	"kind": "MicrosoftSecurityIncidentCreation",
	"properties": {"displayName": name, "productFilter": product, "enabled": enabled, "severitiesFilter": ["High", "Medium"]},
}

fusion(ws) := {
	"id": sprintf("%s/providers/Microsoft.SecurityInsights/alertRules/BuiltInFusion", [ws]),
	"name": "BuiltInFusion",
	"type": "Microsoft.SecurityInsights/alertRules",
	"kind": "Fusion",
	"properties": {"displayName": "Advanced Multistage Attack Detection", "enabled": true, "alertRuleTemplateName": "f71aba3d-28fb-450b-b192-4e76a83015c8"},
}

automation_rule(ws, name, enabled, actions) := {
	"id": sprintf("%s/providers/Microsoft.SecurityInsights/automationRules/%s", [ws, name]),
	"name": name,
	"type": "Microsoft.SecurityInsights/automationRules",
	"properties": {
		"displayName": name,
		"order": 1,
		"triggeringLogic": {"isEnabled": enabled, "triggersOn": "Incidents", "triggersWhen": "Created"},
		"actions": actions,
	},
}

triage(ws, enabled) := automation_rule(ws, "Triage new incidents", enabled, [{"order": 1, "actionType": "ModifyProperties", "actionConfiguration": {"owner": {"objectId": "a1b2c3d4-0000-4000-8000-00000000abcd"}, "severity": "High"}}])

playbook(ws, enabled) := automation_rule(ws, "Contain compromised hosts", enabled, [{"order": 1, "actionType": "RunPlaybook", "actionConfiguration": {"tenantId": "2070ecc9-b4d5-4ae4-adaa-936fa1954fa8", "logicAppResourceId": sprintf("/subscriptions/%s/resourceGroups/rg-soc/providers/Microsoft.Logic/workflows/la-isolate-vm", [split(ws, "/")[2]])}}])

incident(ws, n, classification, comment) := {
	"id": sprintf("%s/providers/Microsoft.SecurityInsights/incidents/inc-%d", [ws, n]),
	"name": sprintf("inc-%d", [n]),
	"type": "Microsoft.SecurityInsights/incidents",
	"properties": object.union(
		{"title": sprintf("Incident %d", [n]), "severity": "High", "status": "Closed", "incidentNumber": n, "createdTimeUtc": "2026-10-01T10:00:00Z", "lastModifiedTimeUtc": "2026-11-01T10:00:00Z"},
		object.union(
			{k: classification | k := "classification"; classification != null},
			{k: comment | k := "classificationComment"; comment != null},
		),
	),
}

lessons(ws, n) := incident(ws, n, "TruePositive", "Phished credentials; MFA enforced for the finance group (PIR-2026-031).")

# The SOC subscription's snapshot, the settings of its workspace given as an object:
# {retention, connectors, alert_rules, automation_rules, incidents}.
soc_settings := {
	"retention": 365,
	"connectors": [mdc(soc_ws, workload, "Enabled"), xdr(soc_ws)],
	"alert_rules": [incident_rule(soc_ws, "Create incidents from Defender for Cloud", "Azure Security Center", true), fusion(soc_ws)],
	"automation_rules": [triage(soc_ws, true), playbook(soc_ws, true)],
	"incidents": [lessons(soc_ws, 41)],
}

# The central workspace broken: short retention, no incident creation rule for Defender for
# Cloud, automation rules disabled, an incident closed without a classification.
broken_settings := {
	"retention": 30,
	"connectors": [mdc(soc_ws, workload, "Enabled")],
	"alert_rules": [fusion(soc_ws)],
	"automation_rules": [triage(soc_ws, false), playbook(soc_ws, false)],
	"incidents": [lessons(soc_ws, 41), incident(soc_ws, 42, null, null)],
}

sentinel_snapshot(id, ws, s) := {
	"cloud": "azure",
	"scope": {"type": "subscription", "id": id},
	"collected_at": collected_at,
	"config": config,
	"sections": {
		"operationalinsights.workspaces": {"status": "ok", "data": {"value": [workspace(ws, s.retention)]}},
		"securityinsights.onboarding_states": {"status": "ok", "data": {"onboardingStatesByWorkspace": [onboarded(ws)]}},
		"securityinsights.data_connectors": {"status": "ok", "data": {"dataConnectorsByWorkspace": [{"workspaceId": ws, "value": s.connectors}]}},
		"securityinsights.alert_rules": {"status": "ok", "data": {"alertRulesByWorkspace": [{"workspaceId": ws, "value": s.alert_rules}]}},
		"securityinsights.automation_rules": {"status": "ok", "data": {"automationRulesByWorkspace": [{"workspaceId": ws, "value": s.automation_rules}]}},
		"securityinsights.incidents": {"status": "ok", "data": {"incidentsByWorkspace": [{"workspaceId": ws, "value": s.incidents}]}},
		"security.automations": {"status": "ok", "data": {"value": []}},
		"insights.subscription_diagnostic_settings": {"status": "ok", "data": {"value": []}},
		"operationalinsights.tables": {"status": "ok", "data": {"tablesByWorkspace": [{"workspaceId": ws, "value": [
			table(ws, "SecurityIncident", s.retention),
			table(ws, "SecurityAlert", s.retention),
		]}]}},
		"logic.workflows": {"status": "ok", "data": {"value": [{
			"id": sprintf("/subscriptions/%s/resourceGroups/rg-soc/providers/Microsoft.Logic/workflows/la-isolate-vm", [id]),
			"name": "la-isolate-vm", "type": "Microsoft.Logic/workflows", "properties": {"state": "Enabled"},
		}]}},
	},
}

soc_snapshot(s) := sentinel_snapshot(soc, soc_ws, s)

# A Log Analytics table whose total retention (and interactive retention) is days.
table(ws, name, days) := {
	"id": sprintf("%s/tables/%s", [ws, name]), "name": name,
	"properties": {"retentionInDays": days, "totalRetentionInDays": days, "retentionInDaysAsDefault": true, "totalRetentionInDaysAsDefault": true, "plan": "Analytics"},
}

# The estate entry of a snapshot, its facts derived by the facts package; problems lists the
# sections it could not read ({section, region, text}).
entry(snap, problems) := e if {
	f := facts with input as snap
	e := {
		"cloud": "azure", "type": "subscription", "id": snap.scope.id, "name": "",
		"snapshot": sprintf("snapshots/azure-%s.json", [snap.scope.id]), "collected_at": snap.collected_at,
		"problems": problems,
		"facts": f,
	}
}

estate(entries) := {"azure": {"subscription": {e.id: e | some e in entries}}}

# The estate with the SOC subscription in the run, its workspace as in soc_settings.
soc_estate := estate([entry(soc_snapshot(soc_settings), [])])

broken_estate := estate([entry(soc_snapshot(broken_settings), [])])

# The SOC subscription in the run but unable to read one section (its data set to null).
unread_estate(section) := estate([entry(
	json.patch(soc_snapshot(soc_settings), [{"op": "replace", "path": sprintf("/sections/%s", [section]), "value": {"status": "denied", "error": "403 AuthorizationFailed", "action": "Microsoft.SecurityInsights/*/read"}}]),
	[{"section": section, "region": "", "text": sprintf("Section %s was denied (missing Microsoft.SecurityInsights/*/read): 403 AuthorizationFailed", [section])}],
)])

# A continuous export of this subscription's Defender for Cloud alerts to a workspace.
export_to(ws) := {
	"id": sprintf("/subscriptions/%s/resourceGroups/rg-apps/providers/Microsoft.Security/automations/ExportToSOC", [workload]),
	"name": "ExportToSOC",
	"type": "Microsoft.Security/automations",
	"properties": {
		"isEnabled": true,
		"scopes": [{"scopePath": sprintf("/subscriptions/%s", [workload])}],
		"sources": [{"eventSource": "Alerts"}],
		"actions": [{"actionType": "Workspace", "workspaceResourceId": ws}],
	},
}

activity_to(ws) := {
	"id": sprintf("/subscriptions/%s/providers/Microsoft.Insights/diagnosticSettings/activity-to-soc", [workload]),
	"name": "activity-to-soc",
	"properties": {"workspaceId": ws, "logs": [{"category": "Administrative", "enabled": true}]},
}

# The workload subscription: one Log Analytics workspace without Sentinel, nothing in the
# Sentinel lists, and the given continuous exports and diagnostic settings.
workload_ws := sprintf("/subscriptions/%s/resourceGroups/rg-apps/providers/Microsoft.OperationalInsights/workspaces/law-apps", [workload])

workload_snapshot(exports, settings) := {
	"cloud": "azure",
	"scope": {"type": "subscription", "id": workload},
	"collected_at": collected_at,
	"config": config,
	"sections": {
		"operationalinsights.workspaces": {"status": "ok", "data": {"value": [workspace(workload_ws, 30)]}},
		"securityinsights.onboarding_states": {"status": "ok", "data": {"onboardingStatesByWorkspace": [{"workspaceId": workload_ws, "value": []}]}},
		"securityinsights.data_connectors": {"status": "ok", "data": {"dataConnectorsByWorkspace": []}},
		"securityinsights.alert_rules": {"status": "ok", "data": {"alertRulesByWorkspace": []}},
		"securityinsights.automation_rules": {"status": "ok", "data": {"automationRulesByWorkspace": []}},
		"securityinsights.incidents": {"status": "ok", "data": {"incidentsByWorkspace": []}},
		"logic.workflows": {"status": "ok", "data": {"value": []}},
		"operationalinsights.tables": {"status": "ok", "data": {"tablesByWorkspace": []}},
		"security.automations": {"status": "ok", "data": {"value": exports}},
		"insights.subscription_diagnostic_settings": {"status": "ok", "data": {"value": settings}},
	},
}

# The workload with nothing pointing elsewhere, and with a continuous export to the SOC.
alone := workload_snapshot([], [])

exporting := workload_snapshot([export_to(soc_ws)], [])

# The workload with a Sentinel workspace of its own (the local override): Sentinel onboarded
# on law-apps with the given settings.
local_snapshot(s) := json.patch(sentinel_snapshot(workload, workload_ws, s), [
	{"op": "replace", "path": "/sections/security.automations/data/value", "value": [export_to(soc_ws)]},
])

# ---------------------------------------------------------------------------------------------
# Tests of the facts and of the owner rule's branches.

test_facts_of_the_soc_workspace if {
	f := facts with input as soc_snapshot(soc_settings)
	[w] := f.sentinel_workspaces
	w.id == soc_ws
	w.key == lower(soc_ws)
	w.retention_days == 365
	w.pointer == "/sections/operationalinsights.workspaces/data/value/0"
	w.defender_connectors == [{"subscription": workload, "alerts": "Enabled", "pointer": "/sections/securityinsights.data_connectors/data/dataConnectorsByWorkspace/0/value/0"}]
	w.incident_rules.count == 2
	[r] := w.incident_rules.qualifying
	r.name == "Create incidents from Defender for Cloud"
	r.severities == "High, Medium"
	w.incident_rules.others == "\"Advanced Multistage Attack Detection\" (Fusion, not a Microsoft incident creation rule)"
	[t] := w.triage_rules.qualifying
	t.sets == ["owner", "severity"]
	[p] := w.playbook_rules.qualifying
	p.playbooks == ["la-isolate-vm"]
	p.trigger == "Incidents Created"
	w.incidents.since == "2026-08-22T09:00:00Z"
	w.incidents.closed == 1
	w.incidents.lacking_count == 0
	f.workspaces == [{"id": soc_ws, "key": lower(soc_ws), "name": "law-soc", "sentinel": true, "pointer": "/sections/operationalinsights.workspaces/data/value/0"}]
	f.workspace_pointers == []
}

test_facts_of_the_broken_workspace if {
	f := facts with input as soc_snapshot(broken_settings)
	[w] := f.sentinel_workspaces
	w.retention_days == 30
	w.incident_rules.qualifying == []
	w.triage_rules.qualifying == []
	w.triage_rules.others == "\"Contain compromised hosts\" (disabled, its actions are RunPlaybook), \"Triage new incidents\" (disabled)"
	w.playbook_rules.qualifying == []
	w.incidents.closed == 2
	w.incidents.lacking_count == 1
	w.incidents.lacking == [{
		"id": sprintf("%s/providers/Microsoft.SecurityInsights/incidents/inc-42", [soc_ws]),
		"title": "42 \"Incident 42\"",
		"problems": ["classification is unset", "there is no closing comment"],
		"pointer": "/sections/securityinsights.incidents/data/incidentsByWorkspace/0/value/1/properties",
	}]
}

test_facts_lists_not_read_are_null if {
	snap := json.patch(soc_snapshot(soc_settings), [{"op": "replace", "path": "/sections/securityinsights.alert_rules/data/alertRulesByWorkspace", "value": []}])
	f := facts with input as snap
	[w] := f.sentinel_workspaces
	w.incident_rules == null
	w.triage_rules.count == 2
}

test_facts_without_sentinel if {
	f := facts with input as exporting
	f.sentinel_workspaces == []
	f.workspaces[0].sentinel == false
	f.workspace_pointers == [{
		"workspace": soc_ws, "key": lower(soc_ws), "subscription": soc, "via": "continuous export ExportToSOC",
		"pointer": "/sections/security.automations/data/value/0/properties/actions/0/workspaceResourceId",
	}]
}

test_pointers_skip_own_workspaces_and_disabled_exports if {
	disabled := json.patch(export_to(soc_ws), [{"op": "replace", "path": "/properties/isEnabled", "value": false}])
	snap := workload_snapshot([disabled, export_to(workload_ws)], [activity_to(other_ws), activity_to(workload_ws)])
	p := azure.workspace_pointers with input as snap
	p == [{
		"workspace": other_ws, "key": lower(other_ws), "subscription": other, "via": "diagnostic setting activity-to-soc",
		"pointer": "/sections/insights.subscription_diagnostic_settings/data/value/0/properties/workspaceId",
	}]
}

test_facts_are_deterministic_with_upper_case_ids if {
	upper_ws := upper(soc_ws)
	snap := sentinel_snapshot(soc, upper_ws, soc_settings)
	f := facts with input as snap
	[w] := f.sentinel_workspaces
	w.key == lower(soc_ws)
	w.id == upper_ws
}

test_owners_name_the_subscription_case_insensitively if {
	s := json.patch(soc_settings, [{"op": "replace", "path": "/connectors", "value": [mdc(soc_ws, upper(workload), "Enabled")]}])
	e := estate([entry(soc_snapshot(s), [])])
	o := azure.owners with input as alone with data.estate as e
	[x] := o
	x.entry.id == soc
	x.ws.id == soc_ws
}

test_owners_ignore_connectors_for_other_subscriptions if {
	s := json.patch(soc_settings, [{"op": "replace", "path": "/connectors", "value": [mdc(soc_ws, other, "Enabled"), xdr(soc_ws)]}])
	e := estate([entry(soc_snapshot(s), [])])
	o := azure.owners with input as alone with data.estate as e
	o == []
}

test_a_subscription_is_not_its_own_owner if {
	e := estate([entry(soc_snapshot(soc_settings), [])])
	o := azure.owners with input as soc_snapshot(soc_settings) with data.estate as e
	o == []
}

base := {"resource": sprintf("/subscriptions/%s", [workload]), "status": "fail", "message": "No Sentinel.", "evidence": ["/sections"]}

check := {"what": "The thing", "section": "securityinsights.incidents", "mode": "any"}

test_central_follows_a_passing_owner if {
	f := azure.central(base, check, [{"status": "pass", "message": "It passes.", "pointers": ["/p"]}]) with input as alone with data.estate as soc_estate
	f.status == "pass"
	f.message == sprintf("It passes. Judged on subscription %s's evidence (snapshot snapshots/azure-%s.json).", [soc, soc])
	f.owner == {"cloud": "azure", "type": "subscription", "id": soc, "resource": soc_ws, "evidence": ["/p"]}
}

test_central_any_and_all_modes if {
	e := estate([
		entry(soc_snapshot(soc_settings), []),
		entry(sentinel_snapshot(other, other_ws, json.patch(soc_settings, [{"op": "replace", "path": "/connectors", "value": [mdc(other_ws, workload, "Enabled")]}])), []),
	])
	verdicts := [{"status": "fail", "message": "A fails.", "pointers": []}, {"status": "pass", "message": "B passes.", "pointers": []}]
	o := azure.owners with input as alone with data.estate as e
	[o[0].entry.id, o[1].entry.id] == [soc, other]
	any := azure.central(base, check, verdicts) with input as alone with data.estate as e
	any.status == "pass"
	any.owner.id == other
	all := azure.central(base, object.union(check, {"mode": "all"}), verdicts) with input as alone with data.estate as e
	all.status == "fail"
	startswith(all.message, "A fails.")
	all.owner.id == soc
}

test_central_owner_unread if {
	f := azure.central(base, check, [{"status": "unread"}]) with input as alone with data.estate as unread_estate("securityinsights.incidents")
	f.status == "error"
	contains(f.message, sprintf("The thing (Sentinel workspace law-soc of subscription %s) is held by subscription %s, whose snapshot snapshots/azure-%s.json could not show it: Section securityinsights.incidents was denied", [soc, soc, soc]))
	not f.owner
}

test_central_owner_entry_missing if {
	f := azure.central(base, check, [{"status": "unread"}]) with input as alone with data.estate as soc_estate
	f.status == "error"
	contains(f.message, "does not hold that workspace's entry in section securityinsights.incidents")
}

test_central_absent_owner_names_its_subscription if {
	f := azure.central(base, check, []) with input as exporting with data.estate as {}
	f.status == "error"
	f.message == sprintf("The thing (this subscription sends data to Log Analytics workspace law-soc through its continuous export ExportToSOC, so a Sentinel workspace there may be the one that counts) is held by subscription %s, which is not in this run, so it could not be assessed here; add it to the scan (irscan scan azure --subscription %s --subscription %s, or no --subscription to scan every subscription the credential can see) or evaluate its snapshot together with this one.", [soc, workload, soc])
	f.evidence == ["/sections/security.automations/data/value/0/properties/actions/0/workspaceResourceId"]
}

test_central_pointer_to_unread_subscription if {
	e := unread_estate("securityinsights.data_connectors")
	f := azure.central(base, check, []) with input as exporting with data.estate as e
	f.status == "error"
	contains(f.message, sprintf("is held by subscription %s, whose snapshot snapshots/azure-%s.json could not show it: Section securityinsights.data_connectors was denied", [soc, soc]))
}

test_central_pointer_to_a_workspace_that_does_not_name_it if {
	s := json.patch(soc_settings, [{"op": "replace", "path": "/connectors", "value": [mdc(soc_ws, other, "Enabled")]}])
	e := estate([entry(soc_snapshot(s), [])])
	f := azure.central(base, check, []) with input as exporting with data.estate as e
	f.status == "fail"
	contains(f.message, sprintf("No Sentinel. It sends data to workspace law-soc of subscription %s (its continuous export ExportToSOC), but no Defender for Cloud connector of that Sentinel workspace names this subscription (it names %s).", [soc, other]))
	f.owner.id == soc
}

test_central_pointer_to_a_workspace_without_sentinel if {
	snap := json.patch(soc_snapshot(soc_settings), [{"op": "replace", "path": "/sections/securityinsights.onboarding_states/data/onboardingStatesByWorkspace/0/value", "value": []}])
	e := estate([entry(snap, [])])
	f := azure.central(base, check, []) with input as exporting with data.estate as e
	f.status == "fail"
	contains(f.message, "but Microsoft Sentinel is not onboarded on that workspace.")
}

test_central_nothing_points_anywhere if {
	f := azure.central(base, check, []) with input as alone with data.estate as soc_estate
	f.status == "fail"
	f.message == sprintf("No Sentinel. No Sentinel workspace of another subscription in this run has a Defender for Cloud connector naming subscription %s; a central Sentinel workspace in another subscription counts when it does and its subscription is scanned in the same run (give every --subscription, or none to scan all).", [workload])
	not f.owner
}

test_central_nothing_points_says_what_was_not_searched if {
	snap := json.patch(alone, [{"op": "replace", "path": "/sections/security.automations", "value": {"status": "denied", "error": "403 AuthorizationFailed"}}])
	f := azure.central(base, check, []) with input as snap with data.estate as unread_estate("securityinsights.onboarding_states")
	f.status == "fail"
	contains(f.message, "(not searched: section security.automations of this snapshot could not be read, so the workspaces it exports to are unknown; subscription 0c5e7a10-5e7a-4c0c-8d1e-50c5ec000001 could not show its Sentinel workspaces' connectors)")
}

test_subscription_of if {
	azure.subscription_of(soc_ws) == soc
	not azure.subscription_of("law-soc")
	not azure.subscription_of("/providers/Microsoft.Management/managementGroups/x")
}

test_continuous_exports_come_before_activity_log_settings if {
	snap := workload_snapshot([export_to(soc_ws)], [activity_to(other_ws)])
	p := azure.workspace_pointers with input as snap
	[p[0].subscription, p[1].subscription] == [soc, other]
	f := azure.central(base, check, []) with input as snap with data.estate as {}
	contains(f.message, sprintf("is held by subscription %s, which is not in this run", [soc]))
}

playbook_input(standard) := {
	"cloud": "azure",
	"scope": {"type": "subscription", "id": "8f1e0000-0000-0000-0000-000000000001"},
	"sections": object.union(
		{"logic.workflows": {"status": "ok", "data": {"value": [{"id": "/subscriptions/8f1e0000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Logic/workflows/PB-One", "properties": {"state": "Disabled"}}]}}},
		standard,
	),
}

test_playbook_facts_both_kinds if {
	std := {"logic.standard_workflows": {"status": "ok", "data": {"sites": [{
		"id": "/subscriptions/8f1e0000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Web/sites/app",
		"name": "app", "kind": "functionapp,workflowapp", "properties": {"state": "Stopped"},
		"workflows": [{"id": "/subscriptions/8f1e0000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Web/sites/app/workflows/wf", "name": "app/wf", "properties": {"flowState": "Enabled"}, "triggers": {}}],
	}]}}}
	facts := azure.playbook_facts with input as playbook_input(std)
	facts == {
		"/subscriptions/8f1e0000-0000-0000-0000-000000000001/resourcegroups/rg/providers/microsoft.logic/workflows/pb-one": {"state": "Disabled", "pointer": "/sections/logic.workflows/data/value/0"},
		"/subscriptions/8f1e0000-0000-0000-0000-000000000001/resourcegroups/rg/providers/microsoft.web/sites/app/workflows/wf": {"state": "in stopped app app (state Stopped)", "pointer": "/sections/logic.standard_workflows/data/sites/0/workflows/0"},
	}
}

test_playbook_facts_null_when_standard_unread if {
	azure.playbook_facts == null with input as playbook_input({})
}
