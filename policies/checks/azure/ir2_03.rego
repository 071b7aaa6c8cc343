# METADATA
# title: Owners notified
# description: >-
#   Defender for Cloud also emails the people who own the subscription: the security
#   contact's notificationsByRole.state is On and its roles include Owner. Stricter than
#   Azure Policy 0b15565f ("Email notification to subscription owner for high severity
#   alerts should be enabled", v2.1.0), whose alias
#   Microsoft.Security/securityContacts/alertsToAdmins is notificationsByRole.state: the
#   policy reports a subscription only when no contact exists or every contact has that
#   state Off while mailing alerts from High severity only (alertNotifications.minimalSeverity
#   High, or one Alert notification source at High), and it never reads the roles. Each
#   finding says what the policy concludes on the same contacts.
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
		"message": sprintf("Security contact %s notifies roles %s (notificationsByRole.state On); expected state On with Owner. %s", [c.name, concat(", ", c.properties.notificationsByRole.roles), pass_note]),
		"evidence": [sprintf("/sections/security.contacts/data/value/%d/properties/notificationsByRole", [i])],
	}
}

findings contains f if {
	contacts := input.sections["security.contacts"].data.value
	count(contacts) == 0
	f := {
		"resource": scope.resource,
		"status": "fail",
		"message": "No security contact is configured (the securityContacts list is empty), so owners are not notified; expected notificationsByRole state On with Owner. Azure Policy 0b15565f fails it too (no securityContacts resource exists).",
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
		"message": sprintf("Owners are not notified: %s; expected notificationsByRole state On with roles including Owner. %s", [concat("; ", sort({observed(c) | some c in contacts})), policy_note(contacts)]),
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

# Azure Policy 0b15565f v2.1.0, as its definition reads (existenceCondition on any
# securityContacts resource of the subscription): compliant unless
# alertsToAdmins (notificationsByRole.state) equals Off and alerts are mailed from High only.
policy_compliant(c) if not policy_violation(c)

policy_violation(c) if {
	c.properties.notificationsByRole.state == "Off"
	high_only(c)
}

high_only(c) if c.properties.alertNotifications.minimalSeverity == "High"

high_only(c) if {
	count([s |
		some s in c.properties.notificationsSources
		s.sourceType == "Alert"
		s.minimalSeverity == "High"
	]) == 1
}

# Any contact with notificationsByRole.state On is compliant with the policy, so it passes
# whatever irscan passes.
pass_note := "Azure Policy 0b15565f passes it too."

policy_note(contacts) := sprintf("Azure Policy 0b15565f passes this subscription (contact %s): it reports a contact only when notificationsByRole.state is Off and alerts are mailed from High severity only, and never reads the roles, so irscan is stricter.", [min({c.name | some c in contacts; policy_compliant(c)})]) if {
	some c in contacts
	policy_compliant(c)
} else := "Azure Policy 0b15565f fails it too (notificationsByRole.state Off with alerts mailed from High severity only)."
