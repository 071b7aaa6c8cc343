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

ancestry := {"name": "projects/acme-payments-prod", "ancestors": ["folders/418273645", "organizations/301234567890"], "organizationScan": null}

org_scan := {"organization": "organizations/301234567890", "snapshot": "gcp-organization-301234567890.json"}

with_ancestry(inp, anc) := json.patch(inp, [{"op": "add", "path": "/sections/resourcemanager.ancestry", "value": {"status": "ok", "data": anc}}])

# contacts:compute is the effective value at the scope: judged there in every scan, naming
# where each contact is set; an organisation scan changes nothing, and neither does whether the
# organisation's snapshot is in the run.
test_effective_contacts_are_judged_in_an_organisation_scan if {
	inp := with_ancestry(snapshot({"parent": "projects/acme-payments-prod", "contacts": [org_contact, contact("projects/acme-payments-prod/contacts/7", "INVALID", ["SECURITY"])]}), object.union(ancestry, {"organizationScan": org_scan}))
	fs := ir2_01.findings with input as inp
	count(fs) == 1
	some f in fs
	f.status == "pass"
	contains(f.message, "1 VALID essential contact(s) receive SECURITY notifications for projects/acme-payments-prod, set on organizations/301234567890;")
}

test_organisation_scan_fails_when_nobody_is_reachable if {
	inp := with_ancestry(snapshot({"parent": "projects/acme-payments-prod", "contacts": []}), object.union(ancestry, {"organizationScan": org_scan}))
	fs := ir2_01.findings with input as inp
	{f.status | some f in fs} == {"fail"}
	fs_with_org := ir2_01.findings with input as inp with data.estate as {"gcp": {"organization": {"301234567890": {"cloud": "gcp", "type": "organization", "id": "301234567890", "snapshot": "o.json", "problems": [], "facts": {}}}}}
	fs_with_org == fs
}

test_folder_contact_is_named if {
	folder_contact := contact("folders/418273645/contacts/9", "VALID", ["ALL"])
	inp := with_ancestry(snapshot({"parent": "projects/acme-payments-prod", "contacts": [folder_contact, org_contact]}), object.union(ancestry, {"organizationScan": org_scan}))
	fs := ir2_01.findings with input as inp
	count(fs) == 1
	some f in fs
	f.status == "pass"
	contains(f.message, "2 VALID essential contact(s)")
	contains(f.message, "set on folders/418273645, organizations/301234567890;")
}

test_folder_contact_alone_notes_placement if {
	folder_contact := contact("folders/418273645/contacts/9", "VALID", ["ALL"])
	inp := with_ancestry(snapshot({"parent": "projects/acme-payments-prod", "contacts": [folder_contact]}), ancestry)
	fs := ir2_01.findings with input as inp
	some f in fs
	f.status == "pass"
	contains(f.message, "set on folders/418273645 (none on the organization")
}

disabled := [{"parent": "projects/acme-payments-prod", "service": "essentialcontacts.googleapis.com"}]

test_service_disabled_without_ancestor_fails if {
	d := {"parent": "projects/acme-payments-prod", "contacts": [], "serviceDisabled": disabled}
	fs := ir2_01.findings with input as snapshot(d)
	count(fs) == 1
	some f in fs
	f.status == "fail"
	contains(f.message, "the Essential Contacts API is disabled in projects/acme-payments-prod (SERVICE_DISABLED), so no contact can be computed for it")
}

# The API disabled in the project: the contacts it inherits, computed for its nearest ancestor.
test_service_disabled_passes_on_inherited_contacts if {
	d := {"parent": "projects/acme-payments-prod", "computedFor": "folders/418273645", "contacts": [org_contact], "serviceDisabled": disabled}
	fs := ir2_01.findings with input as snapshot(d)
	count(fs) == 1
	some f in fs
	f.status == "pass"
	contains(f.message, "set on organizations/301234567890 (the Essential Contacts API is disabled in projects/acme-payments-prod (SERVICE_DISABLED), which stops managing contacts through the API, not notifications: these are the contacts it inherits, computed for folders/418273645);")
}

test_service_disabled_fails_when_nothing_is_inherited if {
	d := {"parent": "projects/acme-payments-prod", "computedFor": "folders/418273645", "contacts": [], "serviceDisabled": disabled}
	fs := ir2_01.findings with input as snapshot(d)
	count(fs) == 1
	some f in fs
	f.status == "fail"
	contains(f.message, "the Essential Contacts API is disabled in projects/acme-payments-prod (SERVICE_DISABLED) and folders/418273645, whose contacts it inherits, has none")
}
