package irscan.checks.aws.ir2_02_test

import data.irscan.checks.aws.ir2_02

snapshot(regions) := {
	"cloud": "aws",
	"scope": {"type": "account", "id": "123456789012"},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {"ssm_contacts.contacts": {"status": "ok", "regions": regions}},
}

arn(alias) := sprintf("arn:aws:ssm-contacts:us-east-1:123456789012:contact/%s", [alias])

contact(alias, type) := {"ContactArn": arn(alias), "Alias": alias, "DisplayName": alias, "Type": type}

channel(alias, id, status) := {
	"ContactChannelArn": sprintf("arn:aws:ssm-contacts:us-east-1:123456789012:contact-channel/%s/%s", [alias, id]),
	"ContactArn": arn(alias),
	"Name": sprintf("%s sms", [alias]),
	"Type": "SMS",
	"DeliveryAddress": {"SimpleAddress": "+15005550100"},
	"ActivationStatus": status,
}

region(contacts, channels) := {"us-east-1": {"status": "ok", "data": {
	"Contacts": contacts,
	"ContactChannels": channels,
	"ContactDetails": [],
}}}

test_pass_when_a_personal_contact_has_an_activated_channel if {
	fs := ir2_02.findings with input as snapshot(region(
		[contact("akuam", "PERSONAL"), contact("alejr", "PERSONAL"), contact("escalation", "ESCALATION")],
		[channel("akuam", "a1", "NOT_ACTIVATED"), channel("alejr", "b1", "ACTIVATED")],
	))
	count(fs) == 1
	some f in fs
	f.status == "pass"
	f.region == "us-east-1"
	f.resource == "arn:aws:account::123456789012:account"
	f.evidence == ["/sections/ssm_contacts.contacts/regions/us-east-1/data/ContactChannels/1"]
	contains(f.message, "1 of 2 personal contacts")
	contains(f.message, "alejr")
}

test_fail_when_no_channel_is_activated if {
	fs := ir2_02.findings with input as snapshot(region(
		[contact("akuam", "PERSONAL"), contact("alejr", "PERSONAL")],
		[channel("akuam", "a1", "NOT_ACTIVATED"), channel("alejr", "b1", "NOT_ACTIVATED")],
	))
	count(fs) == 1
	some f in fs
	f.status == "fail"
	contains(f.message, "None of the 2 personal contacts")
}

test_fail_when_personal_contact_has_no_channel if {
	fs := ir2_02.findings with input as snapshot(region([contact("akuam", "PERSONAL")], []))
	count(fs) == 1
	some f in fs
	f.status == "fail"
}

test_fail_when_only_escalation_plans_exist if {
	fs := ir2_02.findings with input as snapshot(region([contact("escalation", "ESCALATION")], []))
	count(fs) == 1
	some f in fs
	f.status == "fail"
	contains(f.message, "no personal contacts")
}

test_fail_when_no_contacts if {
	fs := ir2_02.findings with input as snapshot(region([], []))
	count(fs) == 1
	some f in fs
	f.status == "fail"
}

test_activated_channel_of_unlisted_contact_does_not_count if {
	fs := ir2_02.findings with input as snapshot(region([contact("akuam", "PERSONAL")], [channel("ghost", "g1", "ACTIVATED")]))
	{f.status | some f in fs} == {"fail"}
}

test_one_finding_per_region if {
	regions := object.union(region([contact("akuam", "PERSONAL")], [channel("akuam", "a1", "ACTIVATED")]), {"us-west-2": {"status": "ok", "data": {"Contacts": [], "ContactChannels": [], "ContactDetails": []}}})
	fs := ir2_02.findings with input as snapshot(regions)
	{[f.region, f.status] | some f in fs} == {["us-east-1", "pass"], ["us-west-2", "fail"]}
}

test_no_finding_when_section_absent if {
	fs := ir2_02.findings with input as object.remove(snapshot({}), ["sections"])
	count(fs) == 0
}

test_no_finding_when_region_data_null if {
	fs := ir2_02.findings with input as snapshot({"us-east-1": {"status": "ok", "data": null}})
	count(fs) == 0
}

test_no_finding_when_region_denied if {
	fs := ir2_02.findings with input as snapshot({"us-east-1": {"status": "denied", "action": "ssm-contacts:ListContacts"}})
	count(fs) == 0
}

# AWS Security Incident Response (GetMembership as the collector keeps it: no e-mail addresses).
membership(status, team) := {
	"membershipId": "m-abcdefghij0123",
	"region": "us-east-1",
	"membershipName": "acme-ir",
	"membershipArn": "arn:aws:security-ir:us-east-1:123456789012:membership/m-abcdefghij0123",
	"membershipStatus": status,
	"incidentResponseTeam": team,
	"optInFeatures": [],
}

team := [{"name": "Jo Park", "jobTitle": "CISO", "communicationPreferences": []}, {"name": "Ana Silva", "jobTitle": "SOC lead", "communicationPreferences": ["Case Created"]}]

with_sir(regions, memberships) := object.union(snapshot(regions), {"sections": {"security_ir.memberships": {"status": "ok", "data": {"Memberships": memberships, "Cases": null}}}})

test_pass_with_security_incident_response_team if {
	fs := ir2_02.findings with input as with_sir(region([], []), [membership("Active", team)])
	f := only(fs)
	f.status == "pass"
	f.resource == "arn:aws:security-ir:us-east-1:123456789012:membership/m-abcdefghij0123"
	contains(f.message, "met by AWS Security Incident Response: membership acme-ir (m-abcdefghij0123, us-east-1) is Active with an incident response team of 2 (Ana Silva, SOC lead, Jo Park, CISO)")
	f.evidence == ["/sections/security_ir.memberships/data/Memberships/0/incidentResponseTeam"]
}

test_fail_when_membership_not_active if {
	fs := ir2_02.findings with input as with_sir(region([], []), [membership("Cancelled", team)])
	f := only(fs)
	f.status == "fail"
	contains(f.message, "no Active membership with an incident response team (ListMemberships: m-abcdefghij0123 Cancelled)")
}

test_fail_when_active_membership_has_no_team if {
	fs := ir2_02.findings with input as with_sir(region([contact("ana", "PERSONAL")], [channel("ana", "sms", "NOT_ACTIVATED")]), [membership("Active", null)])
	f := only(fs)
	f.status == "fail"
	contains(f.message, "no Active membership with an incident response team")
}

only(fs) := f if {
	count(fs) == 1
	some f in fs
}
