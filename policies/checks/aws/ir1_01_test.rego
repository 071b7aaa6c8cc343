package irscan.checks.aws.ir1_01_test

import data.irscan.checks.aws.ir1_01

set_arn := "arn:aws:ssm-incidents::123456789012:replication-set/c4bcb603-4bf9-bb3f-413c-08df53673b57"

snapshot(d) := {
	"cloud": "aws",
	"scope": {"type": "account", "id": "123456789012"},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {"ssm_incidents.replication_sets": {"status": "ok", "data": d, "calls": ["c0001", "c0002"]}},
}

replication_set(status, region_map) := {
	"Arn": set_arn,
	"Status": status,
	"RegionMap": region_map,
	"CreatedBy": "arn:aws:sts::123456789012:assumed-role/Admin/jane",
	"CreatedTime": "2025-02-11T10:15:00Z",
	"DeletionProtected": true,
	"LastModifiedBy": "arn:aws:sts::123456789012:assumed-role/Admin/jane",
	"LastModifiedTime": "2025-02-11T10:15:00Z",
}

region_info(status) := {"Status": status, "SseKmsKeyId": "DefaultKey", "StatusMessage": null, "StatusUpdateDateTime": "2025-02-11T10:16:00Z"}

active := {
	"ReplicationSetArns": [set_arn],
	"ReplicationSets": [replication_set("ACTIVE", {"us-east-1": region_info("ACTIVE"), "us-west-2": region_info("ACTIVE")})],
}

only(fs) := f if {
	count(fs) == 1
	some f in fs
}

test_pass_when_active if {
	fs := ir1_01.findings with input as snapshot(active)
	f := only(fs)
	f.status == "pass"
	f.resource == set_arn
	not f.region
	f.evidence == ["/sections/ssm_incidents.replication_sets/data/ReplicationSets/0"]
	contains(f.message, "us-east-1 (ACTIVE), us-west-2 (ACTIVE)")
	endswith(f.message, ".")
}

test_fail_when_no_replication_set if {
	fs := ir1_01.findings with input as snapshot({"ReplicationSetArns": [], "ReplicationSets": []})
	f := only(fs)
	f.status == "fail"
	f.resource == "arn:aws:account::123456789012:account"
	contains(f.message, "No incident response service is onboarded")
}

test_fail_when_lists_are_null if {
	fs := ir1_01.findings with input as snapshot({"ReplicationSetArns": null, "ReplicationSets": null})
	f := only(fs)
	f.status == "fail"
	contains(f.message, "No incident response service is onboarded")
}

test_fail_when_not_active if {
	inp := snapshot({"ReplicationSetArns": [set_arn], "ReplicationSets": [replication_set("FAILED", {"us-east-1": region_info("FAILED")})]})
	fs := ir1_01.findings with input as inp
	f := only(fs)
	f.status == "fail"
	f.resource == set_arn
	contains(f.message, "Status FAILED")
	contains(f.message, "expected ACTIVE")
}

test_fail_when_creating_with_null_region_map if {
	inp := snapshot({"ReplicationSetArns": [set_arn], "ReplicationSets": [replication_set("CREATING", null)]})
	fs := ir1_01.findings with input as inp
	f := only(fs)
	f.status == "fail"
	contains(f.message, "no regions")
}

test_error_when_detail_missing if {
	fs := ir1_01.findings with input as snapshot({"ReplicationSetArns": [set_arn], "ReplicationSets": []})
	f := only(fs)
	f.status == "error"
	f.resource == set_arn
}

test_no_finding_when_section_absent if {
	fs := ir1_01.findings with input as object.remove(snapshot(active), ["sections"])
	count(fs) == 0
}

test_no_finding_when_data_null if {
	fs := ir1_01.findings with input as snapshot(null)
	count(fs) == 0
}

test_no_pass_when_section_denied if {
	inp := json.patch(snapshot(active), [{"op": "replace", "path": "/sections/ssm_incidents.replication_sets", "value": {"status": "denied", "action": "ssm-incidents:ListReplicationSets"}}])
	fs := ir1_01.findings with input as inp
	count(fs) == 0
}

# AWS Security Incident Response (GetMembership as the collector keeps it: no e-mail addresses).
membership(status) := {
	"membershipId": "m-abcdefghij0123",
	"accountId": "123456789012",
	"region": "us-east-1",
	"membershipName": "acme-ir",
	"membershipArn": "arn:aws:security-ir:us-east-1:123456789012:membership/m-abcdefghij0123",
	"membershipStatus": status,
	"customerType": "Standalone",
	"incidentResponseTeam": [{"name": "Ana Silva", "jobTitle": "SOC lead", "communicationPreferences": ["Case Created"]}, {"name": "Jo Park", "jobTitle": "CISO", "communicationPreferences": []}],
	"optInFeatures": [{"featureName": "Triage", "isEnabled": true}],
}

with_sir(d, memberships) := object.union(snapshot(d), {"sections": {"security_ir.memberships": {"status": "ok", "data": {"Memberships": memberships, "Cases": null}}}})

test_pass_with_security_incident_response_only if {
	fs := ir1_01.findings with input as with_sir({"ReplicationSetArns": [], "ReplicationSets": []}, [membership("Active")])
	f := only(fs)
	f.status == "pass"
	f.resource == "arn:aws:security-ir:us-east-1:123456789012:membership/m-abcdefghij0123"
	contains(f.message, "AWS Security Incident Response membership acme-ir (m-abcdefghij0123, us-east-1) is Active")
	contains(f.message, "team of 2")
	f.evidence == ["/sections/security_ir.memberships/data/Memberships/0"]
}

test_fail_when_membership_cancelled_and_no_incident_manager if {
	fs := ir1_01.findings with input as with_sir({"ReplicationSetArns": [], "ReplicationSets": []}, [membership("Cancelled")])
	f := only(fs)
	f.status == "fail"
	f.resource == "arn:aws:account::123456789012:account"
	contains(f.message, "ListMemberships: m-abcdefghij0123 Cancelled")
}

test_fail_names_no_membership if {
	fs := ir1_01.findings with input as with_sir({"ReplicationSetArns": [], "ReplicationSets": []}, [])
	f := only(fs)
	f.status == "fail"
	contains(f.message, "ListMemberships: no membership")
}

test_both_services_pass_each if {
	fs := ir1_01.findings with input as with_sir(active, [membership("Active")])
	count(fs) == 2
	every f in fs {
		f.status == "pass"
	}
}

test_failed_replication_set_passes_with_note_when_membership_active if {
	inp := with_sir({"ReplicationSetArns": [set_arn], "ReplicationSets": [replication_set("FAILED", {"us-east-1": region_info("FAILED")})]}, [membership("Active")])
	fs := ir1_01.findings with input as inp
	count(fs) == 2
	some f in fs
	f.resource == set_arn
	f.status == "pass"
	contains(f.message, "met by AWS Security Incident Response")
}
