package irscan.checks.aws.ir5_01_test

import data.irscan.checks.aws.ir5_01

account := "arn:aws:account::123456789012:account"

plan_arn(name) := sprintf("arn:aws:ssm-incidents::123456789012:response-plan/%s", [name])

summary(name) := {"Arn": plan_arn(name), "Name": name, "DisplayName": name}

plan(name, impact) := {
	"Arn": plan_arn(name),
	"Name": name,
	"DisplayName": name,
	"IncidentTemplate": {"Title": name, "Impact": impact, "Summary": null, "DedupeString": null, "IncidentTags": null, "NotificationTargets": null},
	"Engagements": null,
	"Actions": null,
	"ChatChannel": null,
	"Integrations": null,
}

snapshot(summaries, plans) := {
	"cloud": "aws",
	"scope": {"type": "account", "id": "123456789012"},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {"ssm_incidents.response_plans": {"status": "ok", "regions": {"us-east-1": {"status": "ok", "data": {"ResponsePlanSummaries": summaries, "ResponsePlans": plans}}}}},
}

results(fs) := {[f.resource, f.status] | some f in fs}

test_pass_with_impacts_on_two_levels if {
	fs := ir5_01.findings with input as snapshot([summary("Critical"), summary("Data-Breach")], [plan("Critical", 1), plan("Data-Breach", 2)])
	results(fs) == {[plan_arn("Critical"), "pass"], [plan_arn("Data-Breach"), "pass"], [account, "pass"]}
	some f in fs
	f.resource == account
	f.region == "us-east-1"
	contains(f.message, "2 impact levels (1 critical, 2 high)")
	some g in fs
	g.resource == plan_arn("Critical")
	contains(g.message, "impact 1 (critical)")
	g.evidence == ["/sections/ssm_incidents.response_plans/regions/us-east-1/data/ResponsePlans/0/IncidentTemplate/Impact"]
}

test_fail_when_all_plans_share_one_level if {
	fs := ir5_01.findings with input as snapshot([summary("A"), summary("B")], [plan("A", 2), plan("B", 2)])
	results(fs) == {[plan_arn("A"), "pass"], [plan_arn("B"), "pass"], [account, "fail"]}
	some f in fs
	f.status == "fail"
	contains(f.message, "only impact 2 high")
}

test_fail_when_a_plan_has_no_impact if {
	inp := snapshot([summary("A"), summary("B"), summary("C")], [plan("A", 1), plan("B", 3), object.union(plan("C", 1), {"IncidentTemplate": null})])
	fs := ir5_01.findings with input as inp
	results(fs) == {[plan_arn("A"), "pass"], [plan_arn("B"), "pass"], [plan_arn("C"), "fail"], [account, "pass"]}
	some f in fs
	f.resource == plan_arn("C")
	contains(f.message, "Impact is null")
}

test_fail_when_impact_null if {
	fs := ir5_01.findings with input as snapshot([summary("A")], [plan("A", null)])
	results(fs) == {[plan_arn("A"), "fail"], [account, "fail"]}
}

test_fail_without_plans if {
	fs := ir5_01.findings with input as snapshot(null, null)
	results(fs) == {[account, "fail"]}
	some f in fs
	contains(f.message, "no impact level")
}

test_error_when_plan_detail_missing if {
	fs := ir5_01.findings with input as snapshot([summary("A"), summary("B")], [plan("A", 1)])
	results(fs) == {[plan_arn("A"), "pass"], [plan_arn("B"), "error"], [account, "fail"]}
}

test_no_finding_when_section_absent if {
	fs := ir5_01.findings with input as object.remove(snapshot([], []), ["sections"])
	count(fs) == 0
}

test_no_finding_when_region_data_null if {
	fs := ir5_01.findings with input as json.patch(snapshot([], []), [{"op": "replace", "path": "/sections/ssm_incidents.response_plans/regions/us-east-1/data", "value": null}])
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
	fs := ir5_01.findings with input as with_sir(snapshot([], []), [membership("Active", triage(true))])
	f := only(fs)
	f.status == "pass"
	f.resource == "arn:aws:security-ir:us-east-1:123456789012:membership/m-abcdefghij0123"
	contains(f.message, "met by AWS Security Incident Response: membership acme-ir (m-abcdefghij0123, us-east-1) is Active with its opt-in feature Triage enabled")
	f.evidence == ["/sections/security_ir.memberships/data/Memberships/0/optInFeatures"]
}

test_fail_when_triage_disabled if {
	fs := ir5_01.findings with input as with_sir(snapshot([], []), [membership("Active", triage(false))])
	f := only(fs)
	f.status == "fail"
	contains(f.message, "no Active membership with Triage enabled (ListMemberships: m-abcdefghij0123 Active)")
}

test_fail_when_triage_features_missing if {
	fs := ir5_01.findings with input as with_sir(snapshot([], []), [membership("Active", null)])
	f := only(fs)
	f.status == "fail"
}

test_fail_when_membership_not_active if {
	fs := ir5_01.findings with input as with_sir(snapshot([], []), [membership("Cancelled", triage(true))])
	f := only(fs)
	f.status == "fail"
	contains(f.message, "(ListMemberships: m-abcdefghij0123 Cancelled)")
}

only(fs) := f if {
	count(fs) == 1
	some f in fs
}
