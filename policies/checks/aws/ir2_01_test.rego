package irscan.checks.aws.ir2_01_test

import data.irscan.checks.aws.ir2_01

snapshot(d) := {
	"cloud": "aws",
	"scope": {"type": "account", "id": "123456789012"},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {"account.alternate_contacts": {"status": "ok", "data": d, "calls": ["c0001"]}},
}

complete := {"AlternateContact": {
	"AlternateContactType": "SECURITY",
	"EmailAddress": "soc@example.com",
	"Name": "Security Operations",
	"PhoneNumber": "+1-206-555-0100",
	"Title": "SOC on call",
}}

test_pass_when_email_and_phone_are_set if {
	fs := ir2_01.findings with input as snapshot(complete)
	count(fs) == 1
	some f in fs
	f.status == "pass"
	f.resource == "arn:aws:account::123456789012:account"
	f.evidence == ["/sections/account.alternate_contacts/data"]
	contains(f.message, "soc@example.com")
	endswith(f.message, ".")
}

test_fail_when_resource_not_found if {
	fs := ir2_01.findings with input as snapshot({"AlternateContact": null})
	count(fs) == 1
	some f in fs
	f.status == "fail"
	contains(f.message, "ResourceNotFoundException")
}

test_fail_when_phone_missing if {
	fs := ir2_01.findings with input as snapshot({"AlternateContact": object.remove(complete.AlternateContact, ["PhoneNumber"])})
	count(fs) == 1
	some f in fs
	f.status == "fail"
	contains(f.message, "PhoneNumber is empty")
}

test_fail_when_email_blank if {
	fs := ir2_01.findings with input as snapshot({"AlternateContact": object.union(complete.AlternateContact, {"EmailAddress": "  "})})
	count(fs) == 1
	some f in fs
	f.status == "fail"
	contains(f.message, "EmailAddress is empty")
	not contains(f.message, "PhoneNumber")
}

test_fail_when_contact_type_is_not_security if {
	fs := ir2_01.findings with input as snapshot({"AlternateContact": object.union(complete.AlternateContact, {"AlternateContactType": "BILLING"})})
	count(fs) == 1
	some f in fs
	f.status == "fail"
	contains(f.message, `AlternateContactType is "BILLING"`)
}

test_no_finding_when_section_absent if {
	fs := ir2_01.findings with input as object.remove(snapshot(complete), ["sections"])
	count(fs) == 0
}

test_no_finding_when_data_null if {
	fs := ir2_01.findings with input as snapshot(null)
	count(fs) == 0
}

test_no_pass_when_section_denied if {
	inp := json.patch(snapshot(complete), [{"op": "replace", "path": "/sections/account.alternate_contacts", "value": {"status": "denied", "action": "account:GetAlternateContact"}}])
	fs := ir2_01.findings with input as inp
	count(fs) == 0
}
