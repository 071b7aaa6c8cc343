package irscan.checks.azure.ir7_03_test

import data.irscan.checks.azure.ir7_03
import data.irscan.lib.azure_test as fx

sub := "7f3c2d9e-5b1a-4c8e-9d2f-3a6b8c1e4f70"

subscription := sprintf("/subscriptions/%s", [sub])

ws_id(name) := sprintf("/subscriptions/%s/resourceGroups/rg-secops/providers/Microsoft.OperationalInsights/workspaces/%s", [sub, name])

workspace(name) := {"id": ws_id(name), "name": name, "type": "Microsoft.OperationalInsights/workspaces", "location": "westeurope", "properties": {"retentionInDays": 90}}

onboarded(name) := {"workspaceId": ws_id(name), "value": [{"id": sprintf("%s/providers/Microsoft.SecurityInsights/onboardingStates/default", [ws_id(name)]), "name": "default", "type": "Microsoft.SecurityInsights/onboardingStates", "properties": {"customerManagedKey": false}}]}

incident_id(n) := sprintf("%s/providers/Microsoft.SecurityInsights/incidents/inc-%d", [ws_id("law-secops"), n])

incident(n, status, modified, closing) := {
	"id": incident_id(n),
	"name": sprintf("inc-%d", [n]),
	"type": "Microsoft.SecurityInsights/incidents",
	"etag": "\"0300bf09-0000-0000-0000-5c37296e0000\"",
	"properties": object.union(
		{
			"title": sprintf("Incident %d", [n]),
			"severity": "High",
			"status": status,
			"incidentNumber": n,
			"createdTimeUtc": "2026-09-01T10:00:00Z",
			"lastModifiedTimeUtc": modified,
			"labels": [],
			"providerName": "Azure Sentinel",
			"providerIncidentId": sprintf("%d", [n]),
		},
		closing,
	),
}

lessons := {"classification": "TruePositive", "classificationReason": "SuspiciousActivity", "classificationComment": "Phished credentials; MFA enforced for the finance group (PIR-2026-031)."}

snapshot(workspaces, states, incidents) := {
	"cloud": "azure",
	"scope": {"type": "subscription", "id": sub},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {
		"operationalinsights.workspaces": {"status": "ok", "data": {"value": workspaces}},
		"securityinsights.onboarding_states": {"status": "ok", "data": {"onboardingStatesByWorkspace": states}},
		"securityinsights.incidents": {"status": "ok", "data": {"incidentsByWorkspace": incidents}},
	},
	"config": {"classification_key": "DataClassification", "min_retention_days": 365, "lookback_days": 90},
}

secops(incidents) := snapshot([workspace("law-secops")], [onboarded("law-secops")], [{"workspaceId": ws_id("law-secops"), "value": incidents}])

results(fs) := {[f.resource, f.status] | some f in fs}

test_one_finding_per_incident_closed_in_window if {
	incidents := [
		incident(3177, "Closed", "2026-10-12T14:03:11.1234567Z", lessons),
		incident(3190, "Closed", "2026-11-03T08:15:00Z", {"classification": "FalsePositive", "classificationReason": "InaccurateData"}),
		incident(3001, "Closed", "2026-05-01T12:00:00Z", {}),
		incident(3201, "Active", "2026-11-19T22:10:00Z", {}),
	]
	fs := ir7_03.findings with input as secops(incidents)
	results(fs) == {[incident_id(3177), "pass"], [incident_id(3190), "fail"]}
	some p in fs
	p.resource == incident_id(3177)
	contains(p.message, `Incident 3177 "Incident 3177", closed as TruePositive`)
	contains(p.message, "since 2026-08-22T09:00:00Z")
	p.evidence == ["/sections/securityinsights.incidents/data/incidentsByWorkspace/0/value/0/properties"]
	some q in fs
	q.resource == incident_id(3190)
	contains(q.message, "does not record what was learned: there is no closing comment")
}

test_long_comment_is_cut if {
	long := concat("", ["x" | some _ in numbers.range(1, 300)])
	fs := ir7_03.findings with input as secops([incident(1, "Closed", "2026-11-01T00:00:00Z", object.union(lessons, {"classificationComment": long}))])
	results(fs) == {[incident_id(1), "pass"]}
	some f in fs
	contains(f.message, sprintf("%s...", [substring(long, 0, 200)]))
	not contains(f.message, substring(long, 0, 201))
}

test_fail_when_undetermined if {
	fs := ir7_03.findings with input as secops([incident(1, "Closed", "2026-11-01T00:00:00Z", object.union(lessons, {"classification": "Undetermined"}))])
	results(fs) == {[incident_id(1), "fail"]}
	some f in fs
	contains(f.message, "classification is Undetermined")
}

test_fail_when_classification_and_comment_missing if {
	fs := ir7_03.findings with input as secops([incident(1, "Closed", "2026-11-01T00:00:00Z", {"classificationComment": "  "})])
	results(fs) == {[incident_id(1), "fail"]}
	some f in fs
	contains(f.message, "classification is unset, there is no closing comment")
}

test_incident_closed_outside_window_is_not_assessed if {
	fs := ir7_03.findings with input as secops([incident(3001, "Closed", "2026-05-01T12:00:00Z", {})])
	results(fs) == {[ws_id("law-secops"), "pass"]}
	some f in fs
	contains(f.message, "No incident of Sentinel workspace law-secops was closed in the 90 days since 2026-08-22T09:00:00Z (1 incident(s) listed)")
}

test_lookback_is_configurable if {
	inp := json.patch(secops([incident(3001, "Closed", "2026-05-01T12:00:00Z", {})]), [{"op": "replace", "path": "/config/lookback_days", "value": 365}])
	fs := ir7_03.findings with input as inp
	results(fs) == {[incident_id(3001), "fail"]}
}

test_pass_without_incidents if {
	fs := ir7_03.findings with input as secops([])
	results(fs) == {[ws_id("law-secops"), "pass"]}
}

test_fail_when_sentinel_not_onboarded if {
	fs := ir7_03.findings with input as snapshot([workspace("law-secops")], [{"workspaceId": ws_id("law-secops"), "value": []}], [])
	results(fs) == {[subscription, "fail"]}
	some f in fs
	contains(f.message, "not onboarded")
}

test_error_when_incidents_missing if {
	fs := ir7_03.findings with input as snapshot([workspace("law-secops")], [onboarded("law-secops")], [])
	results(fs) == {[ws_id("law-secops"), "error"]}
}

test_error_when_onboarding_state_missing if {
	fs := ir7_03.findings with input as snapshot([workspace("law-secops")], [], [])
	results(fs) == {[ws_id("law-secops"), "error"]}
}

test_no_finding_when_sections_absent if {
	fs := ir7_03.findings with input as object.remove(secops([]), ["sections"])
	count(fs) == 0
}

test_no_finding_when_any_data_null if {
	every section in ["operationalinsights.workspaces", "securityinsights.onboarding_states", "securityinsights.incidents"] {
		inp := json.patch(secops([incident(1, "Closed", "2026-11-01T00:00:00Z", lessons)]), [{"op": "replace", "path": sprintf("/sections/%s/data", [section]), "value": null}])
		count(ir7_03.findings) == 0 with input as inp
	}
}

# The owner rule (policies/lib/azure.rego): a subscription without a Sentinel workspace of its
# own follows the central workspace of the SOC subscription whose Defender for Cloud connector
# names it (fixtures in policies/lib/azure_test.rego).

test_owner_in_run_pass if {
	fs := ir7_03.findings with input as fx.alone with data.estate as fx.soc_estate
	[f] := [f | some f in fs]
	f.resource == sprintf("/subscriptions/%s", [fx.workload])
	f.status == "pass"
	contains(f.message, sprintf("Every one of the 1 incident(s) Sentinel workspace law-soc of subscription %s closed since 2026-08-22T09:00:00Z records a classification", [fx.soc]))
	contains(f.message, sprintf("Judged on subscription %s's evidence (snapshot snapshots/azure-%s.json).", [fx.soc, fx.soc]))
	f.owner.id == fx.soc
	f.owner.resource == fx.soc_ws
	count(f.owner.evidence) > 0
}

test_owner_in_run_fail if {
	fs := ir7_03.findings with input as fx.alone with data.estate as fx.broken_estate
	[f] := [f | some f in fs]
	f.resource == sprintf("/subscriptions/%s", [fx.workload])
	f.status == "fail"
	contains(f.message, sprintf("1 of the 2 incident(s) Sentinel workspace law-soc of subscription %s closed since 2026-08-22T09:00:00Z do not record what was learned: incident 42 \"Incident 42\" (classification is unset, there is no closing comment)", [fx.soc]))
	f.owner.id == fx.soc
}

test_owner_unread if {
	fs := ir7_03.findings with input as fx.alone with data.estate as fx.unread_estate("securityinsights.incidents")
	[f] := [f | some f in fs]
	f.resource == sprintf("/subscriptions/%s", [fx.workload])
	f.status == "error"
	contains(f.message, sprintf("is held by subscription %s, whose snapshot snapshots/azure-%s.json could not show it: Section securityinsights.incidents was denied", [fx.soc, fx.soc]))
	not f.owner
}

test_owner_absent if {
	fs := ir7_03.findings with input as fx.exporting with data.estate as {}
	[f] := [f | some f in fs]
	f.resource == sprintf("/subscriptions/%s", [fx.workload])
	f.status == "error"
	contains(f.message, sprintf("is held by subscription %s, which is not in this run, so it could not be assessed here; add it to the scan (irscan scan azure --subscription %s --subscription %s, or no --subscription", [fx.soc, fx.workload, fx.soc]))
	f.evidence == ["/sections/security.automations/data/value/0/properties/actions/0/workspaceResourceId"]
}

test_nothing_points_anywhere_fails if {
	fs := ir7_03.findings with input as fx.alone with data.estate as {}
	[f] := [f | some f in fs]
	f.resource == sprintf("/subscriptions/%s", [fx.workload])
	f.status == "fail"
	contains(f.message, "a central Sentinel workspace in another subscription counts when it does and its subscription is scanned in the same run")
	not f.owner
}

test_pointer_to_a_workspace_in_the_run_that_does_not_name_it_fails if {
	s := json.patch(fx.soc_settings, [{"op": "replace", "path": "/connectors", "value": [fx.mdc(fx.soc_ws, fx.other, "Enabled")]}])
	fs := ir7_03.findings with input as fx.exporting with data.estate as fx.estate([fx.entry(fx.soc_snapshot(s), [])])
	[f] := [f | some f in fs]
	f.status == "fail"
	contains(f.message, "but no Defender for Cloud connector of that Sentinel workspace names this subscription")
	f.owner.id == fx.soc
}

test_local_override_pass_despite_a_broken_central_workspace if {
	fs := ir7_03.findings with input as fx.local_snapshot(fx.soc_settings) with data.estate as fx.broken_estate
	count(fs) > 0
	every f in fs {
		f.status == "pass"
		not f.owner
	}
}

test_local_override_fail_despite_a_passing_central_workspace if {
	fs := ir7_03.findings with input as fx.local_snapshot(fx.broken_settings) with data.estate as fx.soc_estate
	some f in fs
	f.status == "fail"
	every g in fs {
		not g.owner
	}
	not sprintf("/subscriptions/%s", [fx.workload]) in {g.resource | some g in fs; g.status == "pass"}
}

test_owner_entry_missing_is_an_error if {
	snap := json.patch(fx.soc_snapshot(fx.soc_settings), [{"op": "replace", "path": "/sections/securityinsights.incidents/data/incidentsByWorkspace", "value": []}])
	fs := ir7_03.findings with input as fx.alone with data.estate as fx.estate([fx.entry(snap, [])])
	[f] := [f | some f in fs]
	f.status == "error"
	contains(f.message, "does not hold that workspace's entry in section securityinsights.incidents")
}
