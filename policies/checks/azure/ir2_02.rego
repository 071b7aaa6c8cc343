# METADATA
# title: Alert notifications by severity
# description: >-
#   Defender for Cloud emails security alerts: the security contact is enabled (isEnabled)
#   and has an Alert notification source whose minimalSeverity is High or lower (Medium or
#   Low), so that at least every high-severity alert is sent. Stricter than Azure Policy
#   6e2593d9 ("Email notification for high severity alerts should be enabled"), which only
#   tests that an Alert source exists and never reads its severity.
# custom:
#   id: AZ-IR2-02
#   controls: [IR-2]
#   severity: high
#   requires: [security.contacts]
#   remediation: >-
#     Azure portal: Microsoft Defender for Cloud > Environment settings > select the
#     subscription > Email notifications, tick "Notify about alerts with the following
#     severity (or higher)", choose High, Medium or Low, and save (this sets isEnabled and an
#     Alert notification source). CLI: az rest --method put --url
#     "https://management.azure.com/subscriptions/<subscription-id>/providers/Microsoft.Security/securityContacts/default?api-version=2023-12-01-preview"
#     --body '{"properties":{"isEnabled":true,"emails":"soc@example.com","notificationsByRole":{"state":"On","roles":["Owner"]},"notificationsSources":[{"sourceType":"Alert","minimalSeverity":"Medium"}]}}'.
#   references:
#     - https://learn.microsoft.com/en-us/azure/defender-for-cloud/configure-email-notifications
#     - https://learn.microsoft.com/en-us/rest/api/defenderforcloud/security-contacts/list?view=rest-defenderforcloud-2023-12-01-preview
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.azure.ir2_02

import data.irscan.lib.azure
import data.irscan.lib.scope

# The alert severities an Alert notification source may start from, all of which include High.
accepted := {"High", "Medium", "Low"}

findings contains f if {
	contacts := input.sections["security.contacts"].data.value
	passing := [[i, j] |
		some i, c in contacts
		c.properties.isEnabled == true
		some j, s in c.properties.notificationsSources
		s.sourceType == "Alert"
		s.minimalSeverity in accepted
	]
	count(passing) > 0
	[i, j] := passing[0]
	c := contacts[i]
	s := c.properties.notificationsSources[j]
	f := {
		"resource": scope.resource,
		"status": "pass",
		"message": sprintf("Security contact %s is enabled and emails alerts of severity %s and above; expected an enabled contact with an Alert source at High or lower.", [c.name, s.minimalSeverity]),
		"evidence": [
			sprintf("/sections/security.contacts/data/value/%d/properties/isEnabled", [i]),
			sprintf("/sections/security.contacts/data/value/%d/properties/notificationsSources/%d", [i, j]),
		],
	}
}

findings contains f if {
	contacts := input.sections["security.contacts"].data.value
	count(contacts) == 0
	f := {
		"resource": scope.resource,
		"status": "fail",
		"message": "No security contact is configured (the securityContacts list is empty), so no alert is emailed; expected an enabled contact with an Alert source at High or lower.",
		"evidence": ["/sections/security.contacts/data/value"],
	}
}

findings contains f if {
	contacts := input.sections["security.contacts"].data.value
	count(contacts) > 0
	every c in contacts {
		count(problems(c)) > 0
	}
	f := {
		"resource": scope.resource,
		"status": "fail",
		"message": sprintf("Alerts are not emailed: %s; expected isEnabled true and an Alert notification source with minimalSeverity High, Medium or Low%s.", [
			concat("; ", sort({sprintf("contact %s: %s", [c.name, concat(", ", problems(c))]) | some c in contacts})),
			stricter_note(contacts),
		]),
		"evidence": ["/sections/security.contacts/data/value"],
	}
}

problems(c) := [p |
	some p in [azure.enabled_flag_problem(c), source_problem(c)]
	p != ""
]

source_problem(c) := "" if {
	some s in alert_sources(c)
	s.minimalSeverity in accepted
} else := "no Alert notification source" if {
	count(alert_sources(c)) == 0
} else := sprintf("the Alert source has minimalSeverity %s", [concat(" and ", [sprintf("%q", [object.get(s, "minimalSeverity", "unset")]) | some s in alert_sources(c)])])

alert_sources(c) := [s |
	some s in c.properties.notificationsSources
	s.sourceType == "Alert"
]

# Azure Policy 6e2593d9 passes an enabled contact with any Alert source; say so when that is the gap.
stricter_note(contacts) := " (irscan is stricter than Azure Policy 6e2593d9, which does not test the severity and would pass this contact)" if {
	some c in contacts
	c.properties.isEnabled == true
	count(alert_sources(c)) > 0
} else := ""
