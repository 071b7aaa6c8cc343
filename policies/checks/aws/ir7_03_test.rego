package irscan.checks.aws.ir7_03_test

import data.irscan.checks.aws.ir7_03

set_arn := "arn:aws:ssm-incidents::123456789012:replication-set/c4bcb603"

record_arn(id) := sprintf("arn:aws:ssm-incidents::123456789012:incident-record/Critical-Service-Outage/%s", [id])

record(id, status, resolved) := {
	"Arn": record_arn(id),
	"Title": sprintf("Incident %s", [id]),
	"Status": status,
	"Impact": 1,
	"CreationTime": "2026-10-01T10:00:00Z",
	"ResolvedTime": resolved,
	"IncidentRecordSource": {"CreatedBy": "arn:aws:iam::123456789012:role/IncidentManagerIncidentCreation", "Source": "aws.ssm-incidents.custom", "InvokedBy": null, "ResourceArn": null},
}

item(type, title) := {"Identifier": {"Type": type, "Value": {"Url": "https://wiki.example.com/pia"}}, "Title": title, "GeneratedId": null}

related(id, items) := {"IncidentRecordArn": record_arn(id), "RelatedItems": items}

snapshot(records, related_items) := {
	"cloud": "aws",
	"scope": {"type": "account", "id": "123456789012"},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {
		"ssm_incidents.incident_records": {"status": "ok", "regions": {"us-east-1": {"status": "ok", "data": {"IncidentRecordSummaries": records, "RelatedItemsByIncident": related_items}}}},
		"ssm_incidents.replication_sets": {"status": "ok", "data": {"ReplicationSetArns": [set_arn], "ReplicationSets": [{"Arn": set_arn, "Status": "ACTIVE", "RegionMap": {"us-east-1": {"Status": "ACTIVE"}}}]}},
	},
	"config": {"classification_key": "DataClassification", "min_retention_days": 365, "lookback_days": 90},
}

results(fs) := {[f.resource, f.status] | some f in fs}

test_pass_when_resolved_incident_has_analysis if {
	fs := ir7_03.findings with input as snapshot([record("a1", "RESOLVED", "2026-10-05T16:20:00Z")], [related("a1", [item("METRIC", "Error rate"), item("ANALYSIS", "PIA: checkout outage")])])
	results(fs) == {[record_arn("a1"), "pass"]}
	some f in fs
	f.region == "us-east-1"
	contains(f.message, `"PIA: checkout outage"`)
	contains(f.message, "since 2026-08-22T09:00:00Z")
	f.evidence == ["/sections/ssm_incidents.incident_records/regions/us-east-1/data/RelatedItemsByIncident/0/RelatedItems/1"]
}

test_fail_when_resolved_incident_lacks_analysis if {
	fs := ir7_03.findings with input as snapshot([record("a2", "RESOLVED", "2026-11-12T08:00:00Z")], [related("a2", [item("METRIC", "Error rate")])])
	results(fs) == {[record_arn("a2"), "fail"]}
	some f in fs
	contains(f.message, `METRIC "Error rate"`)
}

test_fail_when_related_items_null if {
	fs := ir7_03.findings with input as snapshot([record("a2", "RESOLVED", "2026-11-12T08:00:00Z")], [related("a2", null)])
	results(fs) == {[record_arn("a2"), "fail"]}
	some f in fs
	contains(f.message, "related items: none")
}

test_old_and_open_incidents_are_ignored if {
	inp := snapshot(
		[record("old", "RESOLVED", "2026-03-01T00:00:00Z"), record("open", "OPEN", null), record("new", "RESOLVED", "2026-11-19T00:00:00Z")],
		[related("old", []), related("new", [item("ANALYSIS", "PIA")])],
	)
	fs := ir7_03.findings with input as inp
	results(fs) == {[record_arn("new"), "pass"]}
}

test_lookback_is_configurable if {
	inp := json.patch(snapshot([record("old", "RESOLVED", "2026-03-01T00:00:00Z")], [related("old", [])]), [{"op": "replace", "path": "/config/lookback_days", "value": 365}])
	fs := ir7_03.findings with input as inp
	results(fs) == {[record_arn("old"), "fail"]}
}

test_pass_when_nothing_resolved_in_window if {
	fs := ir7_03.findings with input as snapshot([record("old", "RESOLVED", "2026-03-01T00:00:00Z")], [related("old", [])])
	results(fs) == {["arn:aws:account::123456789012:account", "pass"]}
	some f in fs
	contains(f.message, "No incident in us-east-1 was resolved in the 90 days since 2026-08-22T09:00:00Z (1 incident record(s) in total)")
}

test_pass_without_incidents if {
	fs := ir7_03.findings with input as snapshot(null, null)
	results(fs) == {["arn:aws:account::123456789012:account", "pass"]}
}

test_error_when_related_items_missing if {
	fs := ir7_03.findings with input as snapshot([record("a3", "RESOLVED", "2026-11-01T00:00:00Z")], [])
	results(fs) == {[record_arn("a3"), "error"]}
}

test_no_finding_when_section_absent if {
	fs := ir7_03.findings with input as object.remove(snapshot([], []), ["sections"])
	count(fs) == 0
}

test_no_finding_when_region_data_null if {
	fs := ir7_03.findings with input as json.patch(snapshot([], []), [{"op": "replace", "path": "/sections/ssm_incidents.incident_records/regions/us-east-1/data", "value": null}])
	count(fs) == 0
}

# Without any incident-tracking service, having no resolved incident is not a pass.
no_im := json.patch(snapshot([], []), [{"op": "replace", "path": "/sections/ssm_incidents.replication_sets/data", "value": {"ReplicationSetArns": [], "ReplicationSets": []}}])

sir(status, cases) := object.union(no_im, {"sections": {"security_ir.memberships": {"status": "ok", "data": {
	"Memberships": [{"membershipId": "m-abcdefghij0123", "membershipName": "acme-ir", "region": "us-east-1", "membershipStatus": status, "incidentResponseTeam": []}],
	"Cases": cases,
}}}})

ir_case(id, status, closed) := {
	"caseId": id,
	"caseArn": sprintf("arn:aws:security-ir:us-east-1:123456789012:case/%s", [id]),
	"title": "Credential exposure",
	"caseStatus": status,
	"engagementType": "Security Incident",
	"resolverType": "AWS",
	"pendingAction": "None",
	"createdDate": 1760000000,
	"lastUpdatedDate": closed,
	"closedDate": closed,
}

test_fail_without_any_tracking_service if {
	fs := ir7_03.findings with input as no_im
	count(fs) == 1
	some f in fs
	f.status == "fail"
	f.resource == "arn:aws:account::123456789012:account"
	contains(f.message, "No incident is tracked")
	contains(f.message, "ListMemberships: no membership")
}

test_fail_when_membership_is_cancelled if {
	fs := ir7_03.findings with input as sir("Cancelled", null)
	count(fs) == 1
	some f in fs
	f.status == "fail"
	contains(f.message, "m-abcdefghij0123 Cancelled")
}

# 2026-11-01 is in the 90 days before 2026-11-20; 2026-01-01 is not.
test_security_incident_response_closed_case_is_manual if {
	fs := ir7_03.findings with input as sir("Active", [ir_case("1234567890", "Closed", 1793491200), ir_case("1234567891", "Closed", 1767225600), ir_case("1234567892", "Detection and Analysis", null)])
	count(fs) == 1
	some f in fs
	f.status == "manual"
	f.resource == "arn:aws:security-ir:us-east-1:123456789012:case/1234567890"
	contains(f.message, "closed on 2026-11-01")
	f.evidence == ["/sections/security_ir.memberships/data/Cases/0"]
}

test_security_incident_response_without_closed_cases_passes if {
	fs := ir7_03.findings with input as sir("Active", [ir_case("1234567892", "Detection and Analysis", null)])
	count(fs) == 1
	some f in fs
	f.status == "pass"
	contains(f.message, "AWS Security Incident Response (membership acme-ir (m-abcdefghij0123, us-east-1), Active) tracks incidents")
}

test_error_when_cases_missing if {
	fs := ir7_03.findings with input as sir("Active", null)
	count(fs) == 1
	some f in fs
	f.status == "error"
}
