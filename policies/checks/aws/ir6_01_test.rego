package irscan.checks.aws.ir6_01_test

import data.irscan.checks.aws.ir6_01

plan_arn(name) := sprintf("arn:aws:ssm-incidents::123456789012:response-plan/%s", [name])

summary(name) := {"Arn": plan_arn(name), "Name": name, "DisplayName": name}

automation(document) := {"SsmAutomation": {
	"DocumentName": document,
	"DocumentVersion": "$DEFAULT",
	"RoleArn": "arn:aws:iam::123456789012:role/IncidentManagerRunbookRole",
	"TargetAccount": "RESPONSE_PLAN_OWNER_ACCOUNT",
	"Parameters": null,
	"DynamicParameters": null,
}}

plan(name, actions) := {
	"Arn": plan_arn(name),
	"Name": name,
	"DisplayName": name,
	"IncidentTemplate": {"Title": name, "Impact": 2},
	"Engagements": null,
	"Actions": actions,
	"ChatChannel": null,
	"Integrations": null,
}

snapshot(summaries, plans) := {
	"cloud": "aws",
	"scope": {"type": "account", "id": "123456789012"},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {"ssm_incidents.response_plans": {"status": "ok", "regions": {"us-east-1": {"status": "ok", "data": {"ResponsePlanSummaries": summaries, "ResponsePlans": plans}}}}},
}

only(fs) := f if {
	count(fs) == 1
	some f in fs
}

test_pass_when_a_plan_runs_automation if {
	fs := ir6_01.findings with input as snapshot([summary("Critical"), summary("Breach")], [plan("Critical", [automation("AWSIncidents-CriticalIncidentRunbookTemplate")]), plan("Breach", null)])
	f := only(fs)
	f.status == "pass"
	f.region == "us-east-1"
	f.resource == "arn:aws:account::123456789012:account"
	contains(f.message, "1 of 2 response plan(s) in us-east-1 run SSM Automation: Critical runs AWSIncidents-CriticalIncidentRunbookTemplate")
	f.evidence == ["/sections/ssm_incidents.response_plans/regions/us-east-1/data/ResponsePlans/0/Actions"]
}

test_fail_when_no_plan_runs_automation if {
	fs := ir6_01.findings with input as snapshot([summary("A"), summary("B")], [plan("A", null), plan("B", [])])
	f := only(fs)
	f.status == "fail"
	contains(f.message, "None of the 2 response plan(s)")
}

test_fail_when_action_has_no_document if {
	fs := ir6_01.findings with input as snapshot([summary("A")], [plan("A", [{"SsmAutomation": null}, automation("")])])
	f := only(fs)
	f.status == "fail"
}

test_fail_without_plans if {
	fs := ir6_01.findings with input as snapshot(null, null)
	f := only(fs)
	f.status == "fail"
}

test_error_when_plan_detail_missing if {
	fs := ir6_01.findings with input as snapshot([summary("A"), summary("B")], [plan("A", null)])
	f := only(fs)
	f.status == "error"
	contains(f.message, "B")
}

test_no_finding_when_section_absent if {
	fs := ir6_01.findings with input as object.remove(snapshot([], []), ["sections"])
	count(fs) == 0
}

test_no_finding_when_region_data_null if {
	fs := ir6_01.findings with input as json.patch(snapshot([], []), [{"op": "replace", "path": "/sections/ssm_incidents.response_plans/regions/us-east-1/data", "value": null}])
	count(fs) == 0
}

# AWS Security Incident Response (GetMembership as the collector keeps it: no e-mail addresses).
membership(status, features) := {
	"membershipId": "m-abcdefghij0123",
	"region": "us-east-1",
	"membershipName": "acme-ir",
	"membershipArn": "arn:aws:security-ir:us-east-1:123456789012:membership/m-abcdefghij0123",
	"membershipStatus": status,
	"incidentResponseTeam": [{"name": "Ana Silva", "jobTitle": "SOC lead"}, {"name": "Jo Park", "jobTitle": "CISO"}],
	"optInFeatures": features,
}

triage(on) := [{"featureName": "Triage", "isEnabled": on}]

with_sir(inp, memberships) := object.union(inp, {"sections": {"security_ir.memberships": {"status": "ok", "data": {"Memberships": memberships, "Cases": null}}}})

test_pass_with_security_incident_response_triage if {
	fs := ir6_01.findings with input as with_sir(snapshot([], []), [membership("Active", triage(true))])
	f := only(fs)
	f.status == "pass"
	f.resource == "arn:aws:security-ir:us-east-1:123456789012:membership/m-abcdefghij0123"
	contains(f.message, "met by AWS Security Incident Response: membership acme-ir (m-abcdefghij0123, us-east-1) is Active with its opt-in feature Triage enabled")
	f.evidence == ["/sections/security_ir.memberships/data/Memberships/0/optInFeatures"]
}

test_fail_when_triage_disabled if {
	fs := ir6_01.findings with input as with_sir(snapshot([], []), [membership("Active", triage(false))])
	f := only(fs)
	f.status == "fail"
	contains(f.message, "no Active membership with Triage enabled (ListMemberships: m-abcdefghij0123 Active)")
}

test_fail_when_triage_features_missing if {
	fs := ir6_01.findings with input as with_sir(snapshot([], []), [membership("Active", null)])
	f := only(fs)
	f.status == "fail"
}

test_fail_when_membership_not_active if {
	fs := ir6_01.findings with input as with_sir(snapshot([], []), [membership("Cancelled", triage(true))])
	f := only(fs)
	f.status == "fail"
	contains(f.message, "(ListMemberships: m-abcdefghij0123 Cancelled)")
}
