# METADATA
# title: Essential Contacts for security
# description: >-
#   Google can reach the security team: Essential Contacts computed for the scope (its own
#   contacts plus those inherited from its folders and organization) include at least one
#   contact whose validationState is VALID and who is subscribed to the SECURITY or ALL
#   notification category. The finding names the resource each contact is set on; contacts
#   are best set on the organization so that every project inherits them. contacts:compute is
#   Google's effective answer for the scope, so this is judged on every organisation and
#   project snapshot, whatever the scan (see "Where each GCP check runs" in
#   snapshot/SECTIONS.md). When the Essential Contacts API is disabled in a project
#   (SERVICE_DISABLED: the API is needed to manage contacts, not to be notified), the contacts
#   it inherits are those computed for its nearest ancestor (computedFor).
# custom:
#   id: GCP-IR2-01
#   controls: [IR-2]
#   severity: medium
#   requires: [essentialcontacts.security_contacts]
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

import data.irscan.lib.scope
import data.irscan.lib.values

categories := {"SECURITY", "ALL"}

contacts_data := input.sections["essentialcontacts.security_contacts"].data

findings contains f if {
	d := contacts_data
	good := [i | some i, c in d.contacts; usable(c)]
	count(good) > 0
	origins := {origin(d.contacts[i]) | some i in good}
	f := {
		"resource": scope.resource,
		"status": "pass",
		"message": sprintf("%d VALID essential contact(s) receive SECURITY notifications for %s, set on %s%s%s; at least one is required.", [count(good), d.parent, concat(", ", sort(origins)), placement_note(origins), computed_note(d)]),
		"evidence": [sprintf("/sections/essentialcontacts.security_contacts/data/contacts/%d", [i]) | some i in good],
	}
}

findings contains f if {
	d := contacts_data
	count(d.contacts) == 0
	f := {
		"resource": scope.resource,
		"status": "fail",
		"message": sprintf("No essential contact receives SECURITY notifications for %s (%s); expected at least one VALID contact subscribed to SECURITY or ALL, preferably set on the organization.", [d.parent, none_reason(d)]),
		"evidence": ["/sections/essentialcontacts.security_contacts/data/contacts"],
	}
}

findings contains f if {
	d := contacts_data
	count(d.contacts) > 0
	every c in d.contacts {
		not usable(c)
	}
	f := {
		"resource": scope.resource,
		"status": "fail",
		"message": sprintf("None of the %d essential contacts computed for %s is usable (%s)%s; expected at least one VALID contact subscribed to SECURITY or ALL.", [count(d.contacts), d.parent, concat("; ", sort({observed(c) | some c in d.contacts})), computed_note(d)]),
		"evidence": ["/sections/essentialcontacts.security_contacts/data/contacts"],
	}
}

# With the Essential Contacts API disabled in the project, contacts:compute cannot answer for
# it, but Google still notifies the contacts set above it: the collector computed those for
# the project's nearest ancestor.
computed_note(d) := sprintf(" (the Essential Contacts API is disabled in %s (SERVICE_DISABLED), which stops managing contacts through the API, not notifications: these are the contacts it inherits, computed for %s)", [d.parent, d.computedFor]) if {
	values.filled(d.computedFor)
} else := ""

none_reason(d) := sprintf("the Essential Contacts API is disabled in %s (SERVICE_DISABLED) and %s, whose contacts it inherits, has none", [d.parent, d.computedFor]) if {
	values.filled(d.computedFor)
} else := sprintf("the Essential Contacts API is disabled in %s (SERVICE_DISABLED), so no contact can be computed for it", [e.parent]) if {
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
