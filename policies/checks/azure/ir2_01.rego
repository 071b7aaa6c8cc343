# METADATA
# title: Security contact email
# description: >-
#   The subscription has a Microsoft Defender for Cloud security contact with at least one
#   email address, so that Microsoft can notify the security team about alerts and about
#   resources it finds compromised. Same intent as Azure Policy 4f4f78b8; a missing contact
#   or an emails value without any address fails.
# custom:
#   id: AZ-IR2-01
#   controls: [IR-2]
#   severity: medium
#   requires: [security.contacts]
#   remediation: >-
#     Azure portal: Microsoft Defender for Cloud > Environment settings > select the
#     subscription > Email notifications, enter a monitored team mailbox (several addresses
#     are separated by commas) under Additional email addresses, and save. CLI: az rest
#     --method put --url "https://management.azure.com/subscriptions/<subscription-id>/providers/Microsoft.Security/securityContacts/default?api-version=2023-12-01-preview"
#     --body '{"properties":{"isEnabled":true,"emails":"soc@example.com","notificationsByRole":{"state":"On","roles":["Owner"]},"notificationsSources":[{"sourceType":"Alert","minimalSeverity":"Medium"}]}}'.
#   references:
#     - https://learn.microsoft.com/en-us/azure/defender-for-cloud/configure-email-notifications
#     - https://learn.microsoft.com/en-us/rest/api/defenderforcloud/security-contacts/list?view=rest-defenderforcloud-2023-12-01-preview
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.azure.ir2_01

import data.irscan.lib.scope

findings contains f if {
	contacts := input.sections["security.contacts"].data.value
	passing := [i | some i, c in contacts; count(addresses(c)) > 0]
	count(passing) > 0
	i := passing[0]
	c := contacts[i]
	f := {
		"resource": scope.resource,
		"status": "pass",
		"message": sprintf("Security contact %s lists %d email address(es); at least one is required.", [c.name, count(addresses(c))]),
		"evidence": [sprintf("/sections/security.contacts/data/value/%d/properties/emails", [i])],
	}
}

findings contains f if {
	contacts := input.sections["security.contacts"].data.value
	count(contacts) == 0
	f := {
		"resource": scope.resource,
		"status": "fail",
		"message": "No security contact is configured (the securityContacts list is empty); expected a contact with at least one email address.",
		"evidence": ["/sections/security.contacts/data/value"],
	}
}

findings contains f if {
	contacts := input.sections["security.contacts"].data.value
	count(contacts) > 0
	every c in contacts {
		count(addresses(c)) == 0
	}
	f := {
		"resource": scope.resource,
		"status": "fail",
		"message": sprintf("No security contact has an email address (%s); expected at least one.", [concat("; ", sort({sprintf("contact %s has emails %q", [c.name, object.get(object.get(c, "properties", {}), "emails", "")]) | some c in contacts}))]),
		"evidence": ["/sections/security.contacts/data/value"],
	}
}

# The 2023-12-01-preview API returns emails as one string, addresses separated by ";".
addresses(c) := [e |
	some part in split(c.properties.emails, ";")
	e := trim_space(part)
	contains(e, "@")
]
