# METADATA
# title: Essential Contacts for security
# description: >-
#   Google can reach the security team: Essential Contacts computed for the scope (its own
#   contacts plus those inherited from its folders and organization) include at least one
#   contact whose validationState is VALID and who is subscribed to the SECURITY or ALL
#   notification category. The finding names the resource each contact is set on; contacts
#   are best set on the organization so that every project inherits them. Runs on
#   organisation and project snapshots; in an organisation scan, a project without a usable
#   contact of its own (or of a folder above it) defers to the organisation's finding (see
#   "Where each GCP check runs" in collectors/SECTIONS.md).
# custom:
#   id: GCP-IR2-01
#   controls: [IR-2]
#   severity: medium
#   requires: [essentialcontacts.security_contacts, resourcemanager.ancestry]
#   remediation: >-
#     Console: IAM & Admin > Essential Contacts, select the organization (or the folder or
#     project), Add contact, enter a monitored team mailbox and tick Security (or All), then
#     save; the address must accept mail from Google, and a contact marked invalid must be
#     corrected or re-added. CLI: gcloud essential-contacts create --email=soc@example.com
#     --notification-categories=security --organization=<org-id>, and check the result with
#     gcloud essential-contacts compute --notification-categories=security
#     --project=<project-id>.
#   references:
#     - https://cloud.google.com/resource-manager/docs/managing-notification-contacts
#     - https://cloud.google.com/resource-manager/docs/manage-essential-contacts
#     - https://cloud.google.com/resource-manager/reference/rest/v1/organizations.contacts/compute
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.gcp.ir2_01

collection := c if {
	c := {"organization": "organizations", "folder": "folders"}[input.scope.type]
} else := "projects"

scope_resource := sprintf("//cloudresourcemanager.googleapis.com/%s/%s", [collection, input.scope.id])

categories := {"SECURITY", "ALL"}

contacts_data := input.sections["essentialcontacts.security_contacts"].data

ancestry := input.sections["resourcemanager.ancestry"].data

# Set when the project's organisation is assessed in the same scan: a project that adds no
# usable contact of its own then defers to the organisation's finding.
org_scan := s if {
	input.scope.type == "project"
	s := ancestry.organizationScan
	is_object(s)
}

deferred if {
	org_scan
	is_array(contacts_data.contacts)
	count([c | some c in contacts_data.contacts; usable(c); not startswith(c.name, "organizations/")]) == 0
}

findings contains f if {
	deferred
	f := {
		"resource": scope_resource,
		"status": "pass",
		"message": sprintf("No usable security contact is set on project %s or on a folder above it (%s), so its verdict is that of its organisation %s: this scan assesses it once, on the organisation's own finding (snapshot %s).", [input.scope.id, inherited_text, org_scan.organization, org_scan.snapshot]),
		"evidence": ["/sections/essentialcontacts.security_contacts/data/contacts", "/sections/resourcemanager.ancestry/data/organizationScan"],
	}
}

findings contains f if {
	not deferred
	d := contacts_data
	good := [i | some i, c in d.contacts; usable(c)]
	count(good) > 0
	origins := {origin(d.contacts[i]) | some i in good}
	f := {
		"resource": scope_resource,
		"status": "pass",
		"message": sprintf("%d VALID essential contact(s) receive SECURITY notifications for %s, set on %s%s; at least one is required.", [count(good), d.parent, concat(", ", sort(origins)), placement_note(origins)]),
		"evidence": [sprintf("/sections/essentialcontacts.security_contacts/data/contacts/%d", [i]) | some i in good],
	}
}

findings contains f if {
	not deferred
	d := contacts_data
	count(d.contacts) == 0
	f := {
		"resource": scope_resource,
		"status": "fail",
		"message": sprintf("No essential contact receives SECURITY notifications for %s (%s); expected at least one VALID contact subscribed to SECURITY or ALL, preferably set on the organization.", [d.parent, none_reason(d)]),
		"evidence": ["/sections/essentialcontacts.security_contacts/data/contacts"],
	}
}

findings contains f if {
	not deferred
	d := contacts_data
	count(d.contacts) > 0
	every c in d.contacts {
		not usable(c)
	}
	f := {
		"resource": scope_resource,
		"status": "fail",
		"message": sprintf("None of the %d essential contacts computed for %s is usable (%s); expected at least one VALID contact subscribed to SECURITY or ALL.", [count(d.contacts), d.parent, concat("; ", sort({observed(c) | some c in d.contacts}))]),
		"evidence": ["/sections/essentialcontacts.security_contacts/data/contacts"],
	}
}

# What the deferring finding says about the contacts the project inherits. With the Essential
# Contacts API disabled in the project, contacts:compute lists none for it, but Google still
# notifies the contacts set above it: the API is needed to manage contacts, not to receive
# notifications.
inherited_text := sprintf("contacts:compute lists none for it: the Essential Contacts API is disabled in %s (SERVICE_DISABLED), which stops managing contacts through the API, not the notifications of the contacts set above it", [e.parent]) if {
	some e in object.get(contacts_data, "serviceDisabled", [])
} else := sprintf("it has %d VALID SECURITY contact(s) from its organisation", [count([c | some c in contacts_data.contacts; usable(c)])])

none_reason(d) := sprintf("the Essential Contacts API is disabled in %s (SERVICE_DISABLED), so no contact can be computed for it", [e.parent]) if {
	some e in object.get(d, "serviceDisabled", [])
} else := "contacts:compute returned none"

usable(c) if {
	c.validationState == "VALID"
	some category in c.notificationCategorySubscriptions
	category in categories
}

# A contact's name is {organizations|folders|projects}/{id}/contacts/{contact_id}: the
# first two segments are the resource it is set on (and inherited from).
origin(c) := concat("/", array.slice(split(c.name, "/"), 0, 2))

placement_note(origins) := "" if {
	some o in origins
	startswith(o, "organizations/")
} else := "" if {
	input.scope.type == "organization"
} else := " (none on the organization, so other projects may lack one)"

observed(c) := sprintf("%s is %s with categories [%s]", [
	c.name,
	object.get(c, "validationState", "VALIDATION_STATE_UNSPECIFIED"),
	concat(", ", object.get(c, "notificationCategorySubscriptions", [])),
])
