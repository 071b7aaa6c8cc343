package irscan.checks.gcp.ir2_01_test

import data.irscan.checks.gcp.ir2_01

snapshot(d) := {
	"cloud": "gcp",
	"scope": {"type": "project", "id": "acme-payments-prod"},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {"essentialcontacts.security_contacts": {"status": "ok", "data": d}},
}

contact(name, state, categories) := {
	"name": name,
	"email": "soc@acme.example",
	"notificationCategorySubscriptions": categories,
	"languageTag": "en-US",
	"validationState": state,
	"validateTime": "2026-06-01T10:00:00Z",
}

org_contact := contact("organizations/301234567890/contacts/1001", "VALID", ["SECURITY", "TECHNICAL"])

test_pass_with_organization_contact if {
	fs := ir2_01.findings with input as snapshot({"parent": "projects/acme-payments-prod", "contacts": [
		contact("projects/acme-payments-prod/contacts/7", "INVALID", ["SECURITY"]),
		org_contact,
	]})
	count(fs) == 1
	some f in fs
	f.status == "pass"
	f.resource == "//cloudresourcemanager.googleapis.com/projects/acme-payments-prod"
	contains(f.message, "set on organizations/301234567890;")
	f.evidence == ["/sections/essentialcontacts.security_contacts/data/contacts/1"]
}

test_pass_with_all_category_on_project_notes_placement if {
	fs := ir2_01.findings with input as snapshot({"parent": "projects/acme-payments-prod", "contacts": [contact("projects/acme-payments-prod/contacts/7", "VALID", ["ALL"])]})
	count(fs) == 1
	some f in fs
	f.status == "pass"
	contains(f.message, "none on the organization")
}

test_fail_when_only_invalid_contacts if {
	fs := ir2_01.findings with input as snapshot({"parent": "projects/acme-payments-prod", "contacts": [contact("organizations/301234567890/contacts/1001", "INVALID", ["SECURITY"])]})
	count(fs) == 1
	some f in fs
	f.status == "fail"
	contains(f.message, "is INVALID with categories [SECURITY]")
}

test_fail_when_not_subscribed_to_security if {
	fs := ir2_01.findings with input as snapshot({"parent": "projects/acme-payments-prod", "contacts": [contact("organizations/301234567890/contacts/1001", "VALID", ["BILLING"])]})
	{f.status | some f in fs} == {"fail"}
}

test_fail_when_no_contacts if {
	fs := ir2_01.findings with input as snapshot({"parent": "projects/acme-payments-prod", "contacts": []})
	count(fs) == 1
	some f in fs
	f.status == "fail"
	contains(f.message, "returned none")
}

test_organization_scope_resource if {
	inp := object.union(snapshot({"parent": "organizations/301234567890", "contacts": [org_contact]}), {"scope": {"type": "organization", "id": "301234567890"}})
	fs := ir2_01.findings with input as inp
	some f in fs
	f.status == "pass"
	f.resource == "//cloudresourcemanager.googleapis.com/organizations/301234567890"
}

test_no_finding_when_section_absent if {
	fs := ir2_01.findings with input as object.remove(snapshot(null), ["sections"])
	count(fs) == 0
}

test_no_finding_when_data_null if {
	fs := ir2_01.findings with input as snapshot(null)
	count(fs) == 0
}
