# METADATA
# title: Owners notified
# description: >-
#   Defender for Cloud also emails the people who own the subscription: the security
#   contact's notificationsByRole.state is On and its roles include Owner. Stricter than
#   Azure Policy 0b15565f, which reads the legacy alertsToAdmins field and therefore passes
#   any contact written with the current API (where that field is absent).
# custom:
#   id: AZ-IR2-03
#   controls: [IR-2]
#   severity: low
#   requires: [security.contacts]
#   remediation: >-
#     Azure portal: Microsoft Defender for Cloud > Environment settings > select the
#     subscription > Email notifications, under "All users with the following roles" select
#     Owner (keep any other roles wanted) and save. CLI: az rest --method put --url
#     "https://management.azure.com/subscriptions/<subscription-id>/providers/Microsoft.Security/securityContacts/default?api-version=2023-12-01-preview"
#     --body '{"properties":{"isEnabled":true,"emails":"soc@example.com","notificationsByRole":{"state":"On","roles":["Owner"]},"notificationsSources":[{"sourceType":"Alert","minimalSeverity":"Medium"}]}}'.
#   references:
#     - https://learn.microsoft.com/en-us/azure/defender-for-cloud/configure-email-notifications
#     - https://learn.microsoft.com/en-us/rest/api/defenderforcloud/security-contacts/list?view=rest-defenderforcloud-2023-12-01-preview
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.azure.ir2_03

import data.irscan.lib.scope

findings contains f if {
	contacts := input.sections["security.contacts"].data.value
	passing := [i | some i, c in contacts; owners_notified(c)]
	count(passing) > 0
	i := passing[0]
	c := contacts[i]
	f := {
		"resource": scope.resource,
		"status": "pass",
		"message": sprintf("Security contact %s notifies roles %s (notificationsByRole.state On); expected state On with Owner.", [c.name, concat(", ", c.properties.notificationsByRole.roles)]),
		"evidence": [sprintf("/sections/security.contacts/data/value/%d/properties/notificationsByRole", [i])],
	}
}

findings contains f if {
	contacts := input.sections["security.contacts"].data.value
	count(contacts) == 0
	f := {
		"resource": scope.resource,
		"status": "fail",
		"message": "No security contact is configured (the securityContacts list is empty), so owners are not notified; expected notificationsByRole state On with Owner.",
		"evidence": ["/sections/security.contacts/data/value"],
	}
}

findings contains f if {
	contacts := input.sections["security.contacts"].data.value
	count(contacts) > 0
	every c in contacts {
		not owners_notified(c)
	}
	f := {
		"resource": scope.resource,
		"status": "fail",
		"message": sprintf("Owners are not notified: %s; expected notificationsByRole state On with roles including Owner (irscan is stricter than Azure Policy 0b15565f, which passes a contact without the legacy alertsToAdmins field).", [concat("; ", sort({observed(c) | some c in contacts}))]),
		"evidence": ["/sections/security.contacts/data/value"],
	}
}

owners_notified(c) if {
	c.properties.notificationsByRole.state == "On"
	"Owner" in c.properties.notificationsByRole.roles
}

observed(c) := sprintf("contact %s has notificationsByRole state %s with roles [%s]", [
	c.name,
	object.get(object.get(c.properties, "notificationsByRole", {}), "state", "unset"),
	concat(", ", object.get(object.get(c.properties, "notificationsByRole", {}), "roles", [])),
])
