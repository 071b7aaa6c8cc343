# METADATA
# title: Activity log exported
# description: >-
#   The subscription's activity log leaves Azure's default 90-day store: a diagnostic
#   setting on the subscription (Microsoft.Insights/diagnosticSettings) has the
#   Administrative, Security and Policy categories enabled (one by one, or through the
#   allLogs category group) and sends them to a Log Analytics workspace (workspaceId) or a
#   storage account (storageAccountId), where investigators can query and keep them. A
#   setting that only streams to an Event Hub or a partner solution does not count. Same
#   intent as CIS Microsoft Azure Foundations 5.1.1 and 5.1.2; CIS also asks for the Alert
#   category, which irscan does not require.
# custom:
#   id: AZ-IR4-01
#   controls: [IR-4]
#   severity: high
#   requires: [insights.subscription_diagnostic_settings]
#   remediation: >-
#     Azure portal: Monitor > Activity log > Export Activity Logs > select the subscription >
#     Add diagnostic setting, tick at least Administrative, Security and Policy (or all
#     categories), tick "Send to Log Analytics workspace" (the Sentinel workspace) and/or
#     "Archive to a storage account" (an immutable one, see AZ-IR7-01), and save. CLI: az
#     monitor diagnostic-settings subscription create --name activity-log-export --location
#     <region> --workspace <workspace-id> --storage-account <storage-account-id> --logs
#     '[{"category":"Administrative","enabled":true},{"category":"Security","enabled":true},{"category":"Policy","enabled":true}]'.
#   references:
#     - https://learn.microsoft.com/en-us/azure/azure-monitor/essentials/activity-log
#     - https://learn.microsoft.com/en-us/azure/azure-monitor/essentials/diagnostic-settings
#     - https://learn.microsoft.com/en-us/rest/api/monitor/subscription-diagnostic-settings/list
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.azure.ir4_01

import data.irscan.lib.azure
import data.irscan.lib.scope
import data.irscan.lib.values

settings_data := input.sections["insights.subscription_diagnostic_settings"].data

required := ["Administrative", "Security", "Policy"]

passing := [i |
	some i, s in settings_data.value
	count(problems(s)) == 0
]

findings contains f if {
	count(passing) > 0
	f := {
		"resource": scope.resource,
		"status": "pass",
		"message": sprintf("The activity log is exported: %s; expected a diagnostic setting sending Administrative, Security and Policy to a Log Analytics workspace or a storage account.", [concat("; ", [describe(settings_data.value[i]) | some i in passing])]),
		"evidence": [sprintf("/sections/insights.subscription_diagnostic_settings/data/value/%d", [i]) | some i in passing],
	}
}

findings contains f if {
	is_object(settings_data)
	count(settings_data.value) == 0
	f := {
		"resource": scope.resource,
		"status": "fail",
		"message": "The subscription has no diagnostic setting (the list is empty), so its activity log is kept only for Azure's default 90 days; expected a setting sending Administrative, Security and Policy to a Log Analytics workspace or a storage account.",
		"evidence": ["/sections/insights.subscription_diagnostic_settings/data/value"],
	}
}

findings contains f if {
	settings := settings_data.value
	count(settings) > 0
	count(passing) == 0
	f := {
		"resource": scope.resource,
		"status": "fail",
		"message": sprintf("No diagnostic setting exports the activity log as required: %s; expected a setting with Administrative, Security and Policy enabled and a Log Analytics workspace or storage account destination.", [concat("; ", sort([sprintf("setting %s: %s", [azure.name_of(s), concat(", ", problems(s))]) | some s in settings]))]),
		"evidence": ["/sections/insights.subscription_diagnostic_settings/data/value"],
	}
}

problems(s) := array.concat(
	[p |
		missing := [c | some c in required; not category_enabled(s, c)]
		count(missing) > 0
		p := sprintf("%s not enabled", [concat(", ", missing)])
	],
	[p |
		count(destinations(s)) == 0
		p := sprintf("no Log Analytics workspace or storage account destination (%s)", [other_destinations(s)])
	],
)

category_enabled(s, c) if {
	some l in s.properties.logs
	l.enabled == true
	is_string(l.category)
	lower(l.category) == lower(c)
}

category_enabled(s, _) if {
	some l in s.properties.logs
	l.enabled == true
	is_string(l.categoryGroup)
	lower(l.categoryGroup) == "alllogs"
}

enabled_categories(s) := {c |
	some l in s.properties.logs
	l.enabled == true
	some c in [object.get(l, "category", null), object.get(l, "categoryGroup", null)]
	is_string(c)
	c != ""
}

destinations(s) := array.concat(
	[sprintf("workspace %s", [values.last_segment(s.properties.workspaceId)]) | values.filled(s.properties.workspaceId)],
	[sprintf("storage account %s", [values.last_segment(s.properties.storageAccountId)]) | values.filled(s.properties.storageAccountId)],
)

other_destinations(s) := "it sends to an Event Hub only" if {
	values.filled(s.properties.eventHubAuthorizationRuleId)
} else := "it sends to a partner solution only" if {
	values.filled(s.properties.marketplacePartnerId)
} else := "it has no destination"

describe(s) := sprintf("setting %s sends %s to %s", [azure.name_of(s), concat(", ", sort(enabled_categories(s))), concat(" and ", destinations(s))])
