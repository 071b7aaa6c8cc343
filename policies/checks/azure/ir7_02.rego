# METADATA
# title: Workspace retention
# description: >-
#   Every Log Analytics workspace with Microsoft Sentinel onboarded keeps its data for at
#   least the minimum retention (365 days by default, configurable with
#   --min-retention-days): the workspace's retentionInDays, the default retention of its
#   tables, reaches the minimum, so that incidents, alerts and the logs behind them are
#   still there when an investigation or a lessons-learned review needs them. Per-table
#   retention and long-term (archive) retention settings are not read. One finding per
#   Sentinel workspace of the subscription. A subscription without a Sentinel workspace of its
#   own gets one finding that follows the central Sentinel workspaces of other subscriptions
#   of the run whose Defender for Cloud connector names its subscriptionId (see AZ-IR3-02):
#   its incidents and alerts are kept there, so every such workspace must keep data for the
#   minimum. When no workspace of the run names the subscription but it exports data to a
#   workspace of a subscription not in the run, the finding is error naming that
#   subscription; when nothing points elsewhere the check fails. Azure Policy has no IR-7
#   check.
# custom:
#   id: AZ-IR7-02
#   controls: [IR-7]
#   severity: medium
#   requires: [operationalinsights.workspaces, securityinsights.onboarding_states]
#   remediation: >-
#     Azure portal: the Log Analytics workspace > Usage and estimated costs > Data Retention,
#     set at least 365 days (Sentinel workspaces keep 90 days at no extra retention cost), or
#     az monitor log-analytics workspace update --resource-group <rg> --workspace-name
#     <workspace> --retention-time 365. Keep tables you need longer (SecurityIncident,
#     SecurityAlert, AzureActivity, SigninLogs) in long-term retention as well.
#   references:
#     - https://learn.microsoft.com/en-us/azure/azure-monitor/logs/data-retention-configure
#     - https://learn.microsoft.com/en-us/azure/sentinel/billing
#     - https://learn.microsoft.com/en-us/rest/api/loganalytics/workspaces/list
#     - https://learn.microsoft.com/en-us/azure/sentinel/best-practices-workspace-architecture
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.azure.ir7_02

import data.irscan.lib.azure
import data.irscan.lib.config
import data.irscan.lib.scope

workspaces_data := azure.workspaces_data

onboarding_data := azure.onboarding_data

min_days := config.min_retention_days

findings contains f if {
	some i, w in workspaces_data.value
	onboarded(w.id)
	retention(w) >= min_days
	f := object.union(located(w), {
		"resource": w.id,
		"status": "pass",
		"message": sprintf("Sentinel workspace %s keeps data for %d days (retentionInDays), as expected (at least %d).", [w.name, retention(w), min_days]),
		"evidence": [sprintf("/sections/operationalinsights.workspaces/data/value/%d/properties/retentionInDays", [i])],
	})
}

findings contains f if {
	some i, w in workspaces_data.value
	onboarded(w.id)
	not long_enough(w)
	f := object.union(located(w), {
		"resource": w.id,
		"status": "fail",
		"message": sprintf("Sentinel workspace %s keeps data for %s; expected a retentionInDays of at least %d days.", [w.name, retention_text(w), min_days]),
		"evidence": [sprintf("/sections/operationalinsights.workspaces/data/value/%d/properties", [i])],
	})
}

# Never pass on absent data: a workspace whose onboarding state was not read.
findings contains f if {
	is_object(onboarding_data)
	some w in workspaces_data.value
	not azure.onboarding_read(w.id)
	f := object.union(located(w), {
		"resource": w.id,
		"status": "error",
		"message": sprintf("The onboarding state of workspace %s is missing from section securityinsights.onboarding_states, so it is unknown whether it is a Sentinel workspace; expected every workspace to be read.", [w.name]),
		"evidence": ["/sections/securityinsights.onboarding_states/data/onboardingStatesByWorkspace"],
	})
}

# No Sentinel workspace of its own: the central workspaces of other subscriptions of the run
# whose Defender for Cloud connector names this subscription (the owner rule, lib/azure.rego).
findings contains f if {
	is_object(workspaces_data)
	is_object(onboarding_data)
	every w in workspaces_data.value {
		azure.onboarding_read(w.id)
		not onboarded(w.id)
	}
	f := azure.central(
		{
			"resource": scope.resource,
			"status": "fail",
			"message": sprintf("Microsoft Sentinel is not onboarded on any Log Analytics workspace of the subscription (%d found), so no incident data is retained; expected a Sentinel workspace keeping data for at least %d days (see AZ-IR3-02).", [count(workspaces_data.value), min_days]),
			"evidence": ["/sections/operationalinsights.workspaces/data/value", "/sections/securityinsights.onboarding_states/data/onboardingStatesByWorkspace"],
		},
		{"what": "The retention of this subscription's incident data", "section": "operationalinsights.workspaces", "mode": "all"},
		[verdict(o) | some o in azure.owners],
	)
}

# The verdict of a central workspace whose Defender for Cloud connector names this subscription.
verdict(o) := {
	"status": "pass",
	"message": sprintf("Sentinel %s, whose Defender for Cloud connector names this subscription, keeps data for %d days (retentionInDays), as expected (at least %d).", [azure.owner_label(o), o.ws.retention_days, min_days]),
	"pointers": [sprintf("%s/properties/retentionInDays", [o.ws.pointer])],
} if {
	is_number(o.ws.retention_days)
	o.ws.retention_days >= min_days
} else := {
	"status": "fail",
	"message": sprintf("Sentinel %s, whose Defender for Cloud connector names this subscription, keeps data for %s; expected a retentionInDays of at least %d days.", [azure.owner_label(o), days_text(o.ws.retention_days), min_days]),
	"pointers": [sprintf("%s/properties", [o.ws.pointer])],
}

days_text(d) := sprintf("%d days (retentionInDays)", [d]) if is_number(d)

else := "an unknown time (retentionInDays is not set)"

onboarded(id) if {
	some e in onboarding_data.onboardingStatesByWorkspace
	lower(e.workspaceId) == lower(id)
	count(e.value) > 0
}

long_enough(w) if retention(w) >= min_days

retention(w) := d if {
	d := w.properties.retentionInDays
	is_number(d)
}

retention_text(w) := days_text(retention(w)) if {
	retention(w)
} else := days_text(null)

# The workspace's region.
located(w) := {"region": lower(replace(w.location, " ", ""))} if {
	is_string(w.location)
	w.location != ""
} else := {}
