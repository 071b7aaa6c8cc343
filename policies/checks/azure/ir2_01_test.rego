package irscan.checks.azure.ir2_01_test

import data.irscan.checks.azure.ir2_01

sub := "7f3c2d9e-5b1a-4c8e-9d2f-3a6b8c1e4f70"

snapshot(d) := {
	"cloud": "azure",
	"scope": {"type": "subscription", "id": sub},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {"security.contacts": {"status": "ok", "data": d}},
}

contact(props) := {
	"id": sprintf("/subscriptions/%s/providers/Microsoft.Security/securityContacts/default", [sub]),
	"name": "default",
	"type": "Microsoft.Security/securityContacts",
	"properties": props,
}

test_pass_with_email_addresses if {
	fs := ir2_01.findings with input as snapshot({"value": [contact({"emails": "soc@contoso.com; secops@contoso.com", "isEnabled": true})]})
	count(fs) == 1
	some f in fs
	f.status == "pass"
	f.resource == sprintf("/subscriptions/%s", [sub])
	contains(f.message, "2 email address(es)")
	f.evidence == ["/sections/security.contacts/data/value/0/properties/emails"]
}

test_fail_when_emails_empty if {
	fs := ir2_01.findings with input as snapshot({"value": [contact({"emails": "", "isEnabled": true})]})
	count(fs) == 1
	some f in fs
	f.status == "fail"
	contains(f.message, "contact default has emails \"\"")
}

test_fail_when_emails_has_no_address if {
	fs := ir2_01.findings with input as snapshot({"value": [contact({"emails": " ; n/a", "phone": "(214)275-4038"})]})
	{f.status | some f in fs} == {"fail"}
}

test_fail_when_emails_absent if {
	fs := ir2_01.findings with input as snapshot({"value": [contact({"isEnabled": true})]})
	{f.status | some f in fs} == {"fail"}
}

test_fail_when_no_contact if {
	fs := ir2_01.findings with input as snapshot({"value": []})
	count(fs) == 1
	some f in fs
	f.status == "fail"
	contains(f.message, "list is empty")
}

test_no_finding_when_section_absent if {
	fs := ir2_01.findings with input as object.remove(snapshot(null), ["sections"])
	count(fs) == 0
}

test_no_finding_when_data_null if {
	fs := ir2_01.findings with input as snapshot(null)
	count(fs) == 0
}

test_one_pass_when_several_contacts_qualify if {
	fs := ir2_01.findings with input as snapshot({"value": [
		contact({"emails": ""}),
		object.union(contact({"emails": "a@contoso.com"}), {"name": "second"}),
		object.union(contact({"emails": "b@contoso.com"}), {"name": "third"}),
	]})
	count(fs) == 1
	some f in fs
	f.status == "pass"
	contains(f.message, "second")
	f.evidence == ["/sections/security.contacts/data/value/1/properties/emails"]
}
