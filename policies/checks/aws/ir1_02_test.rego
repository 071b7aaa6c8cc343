package irscan.checks.aws.ir1_02_test

import data.irscan.checks.aws.ir1_02

snapshot(regions) := {
	"cloud": "aws",
	"scope": {"type": "account", "id": "123456789012"},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {"ssm_incidents.response_plans": {"status": "ok", "regions": regions}},
}

summary(name) := {"Arn": sprintf("arn:aws:ssm-incidents::123456789012:response-plan/%s", [name]), "Name": name, "DisplayName": name}

plans_region(summaries) := {"status": "ok", "data": {"ResponsePlanSummaries": summaries, "ResponsePlans": []}}

only(fs) := f if {
	count(fs) == 1
	some f in fs
}

test_pass_with_a_response_plan if {
	fs := ir1_02.findings with input as snapshot({"us-east-1": plans_region([summary("Data-Breach"), summary("Critical-Outage")])})
	f := only(fs)
	f.status == "pass"
	f.region == "us-east-1"
	f.resource == "arn:aws:account::123456789012:account"
	contains(f.message, "2 response plan(s) (Critical-Outage, Data-Breach)")
	f.evidence == ["/sections/ssm_incidents.response_plans/regions/us-east-1/data/ResponsePlanSummaries"]
}

test_fail_without_response_plans if {
	fs := ir1_02.findings with input as snapshot({"us-east-1": plans_region([])})
	f := only(fs)
	f.status == "fail"
	contains(f.message, "no response plan")
}

test_fail_when_list_null if {
	fs := ir1_02.findings with input as snapshot({"us-east-1": plans_region(null)})
	f := only(fs)
	f.status == "fail"
}

test_one_finding_per_region if {
	fs := ir1_02.findings with input as snapshot({"us-east-1": plans_region([summary("Critical-Outage")]), "us-west-2": plans_region([])})
	{[f.region, f.status] | some f in fs} == {["us-east-1", "pass"], ["us-west-2", "fail"]}
}

test_no_finding_when_section_absent if {
	fs := ir1_02.findings with input as object.remove(snapshot({}), ["sections"])
	count(fs) == 0
}

test_no_finding_when_region_data_null if {
	fs := ir1_02.findings with input as snapshot({"us-east-1": {"status": "ok", "data": null}})
	count(fs) == 0
}

test_no_finding_when_region_denied if {
	fs := ir1_02.findings with input as snapshot({"us-east-1": {"status": "denied", "action": "ssm-incidents:ListResponsePlans"}})
	count(fs) == 0
}

# AWS Security Incident Response (GetMembership as the collector keeps it: no e-mail addresses).
membership(status) := {
	"membershipId": "m-abcdefghij0123",
	"region": "us-east-1",
	"membershipName": "acme-ir",
	"membershipArn": "arn:aws:security-ir:us-east-1:123456789012:membership/m-abcdefghij0123",
	"membershipStatus": status,
	"incidentResponseTeam": [{"name": "Ana Silva", "jobTitle": "SOC lead", "communicationPreferences": ["Case Created"]}, {"name": "Jo Park", "jobTitle": "CISO"}],
	"optInFeatures": [{"featureName": "Triage", "isEnabled": true}],
}

with_sir(regions, memberships) := object.union(snapshot(regions), {"sections": {"security_ir.memberships": {"status": "ok", "data": {"Memberships": memberships, "Cases": null}}}})

test_pass_with_security_incident_response_instead_of_plans if {
	fs := ir1_02.findings with input as with_sir({"us-east-1": plans_region([])}, [membership("Active")])
	f := only(fs)
	f.status == "pass"
	f.resource == "arn:aws:security-ir:us-east-1:123456789012:membership/m-abcdefghij0123"
	contains(f.message, "met by AWS Security Incident Response: membership acme-ir (m-abcdefghij0123, us-east-1) is Active")
	f.evidence == ["/sections/security_ir.memberships/data/Memberships/0/membershipStatus"]
}

test_fail_when_membership_not_active_and_no_plan if {
	fs := ir1_02.findings with input as with_sir({"us-east-1": plans_region([])}, [membership("Cancelled")])
	f := only(fs)
	f.status == "fail"
	contains(f.message, "no Active membership (ListMemberships: m-abcdefghij0123 Cancelled)")
}

test_fail_names_missing_membership if {
	fs := ir1_02.findings with input as with_sir({"us-east-1": plans_region([])}, [])
	f := only(fs)
	f.status == "fail"
	contains(f.message, "(ListMemberships: no membership)")
}

test_both_mechanisms_pass_side_by_side if {
	fs := ir1_02.findings with input as with_sir({"us-east-1": plans_region([summary("Critical-Outage")])}, [membership("Active")])
	{f.status | some f in fs} == {"pass"}
	count(fs) == 2
}
