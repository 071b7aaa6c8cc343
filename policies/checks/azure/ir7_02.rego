# METADATA
# title: Evidence tables retention
# description: >-
#   Every Log Analytics workspace with Microsoft Sentinel onboarded keeps the tables incident
#   evidence lives in for at least the minimum retention (365 days by default, configurable
#   with --min-retention-days), so that incidents, alerts and the logs behind them are still
#   there when an investigation or a lessons-learned review needs them. Retention is set per
#   table in Log Analytics (Microsoft.OperationalInsights/workspaces/tables): each table's
#   totalRetentionInDays (interactive retention plus long-term retention, from which data
#   can be searched or restored) is judged, for SecurityIncident and SecurityAlert (which a
#   Sentinel workspace always has; a workspace that does not list them fails) and for
#   AzureActivity, SecurityEvent, SigninLogs, AuditLogs, CommonSecurityLog, OfficeActivity
#   and Syslog where the workspace has them. The workspace's own retentionInDays is only the
#   default a table inherits, so it is reported, not judged. One finding per
#   Sentinel workspace of the subscription. A subscription without a Sentinel workspace of its
#   own gets one finding that follows the central Sentinel workspaces of other subscriptions
#   of the run whose Defender for Cloud connector names its subscriptionId (see AZ-IR3-02):
#   its incidents and alerts are kept there, so every such workspace's evidence tables must
#   keep data for the minimum. When no workspace of the run names the subscription but it exports data to a
#   workspace of a subscription not in the run, the finding is error naming that
#   subscription; when nothing points elsewhere the check fails. Azure Policy has no IR-7
#   check.
# custom:
#   id: AZ-IR7-02
#   controls: [IR-7]
#   severity: medium
#   requires: [operationalinsights.workspaces, securityinsights.onboarding_states, operationalinsights.tables]
#   remediation: >-
#     Azure portal: the Log Analytics workspace > Usage and estimated costs > Data Retention,
#     set at least 365 days (Sentinel workspaces keep 90 days at no extra retention cost), or
#     az monitor log-analytics workspace update --resource-group <rg> --workspace-name
#     <workspace> --retention-time 365, and check each evidence table (Tables > the table >
#     Manage table): az monitor log-analytics workspace table update --resource-group <rg>
#     --workspace-name <workspace> --name SecurityIncident --total-retention-time 365 (a
#     table's own setting overrides the workspace default).
#   references:
#     - https://learn.microsoft.com/en-us/azure/azure-monitor/logs/data-retention-configure
#     - https://learn.microsoft.com/en-us/azure/sentinel/billing
#     - https://learn.microsoft.com/en-us/rest/api/loganalytics/workspaces/list
#     - https://learn.microsoft.com/en-us/rest/api/loganalytics/tables/list-by-workspace
#     - https://learn.microsoft.com/en-us/azure/sentinel/best-practices-workspace-architecture
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.azure.ir7_02

import data.irscan.lib.azure
import data.irscan.lib.config
import data.irscan.lib.scope

workspaces_data := azure.workspaces_data

onboarding_data := azure.onboarding_data

min_days := config.min_retention_days

# The evidence tables of each Sentinel workspace of the subscription whose tables were read.
tables_of[i] := t if {
	some i, w in workspaces_data.value
	onboarded(w.id)
	t := azure.table_facts(lower(w.id))
	t != null
}

findings contains f if {
	some i, tables in tables_of
	w := workspaces_data.value[i]
	count(azure.table_problems(tables, min_days)) == 0
	f := object.union(located(w), {
		"resource": w.id,
		"status": "pass",
		"message": sprintf("Sentinel workspace %s keeps its evidence tables for at least %d days (totalRetentionInDays): %s; workspace default %s.", [w.name, min_days, azure.tables_text(tables), retention_text(w)]),
		"evidence": [t.pointer | some t in tables],
	})
}

findings contains f if {
	some i, tables in tables_of
	w := workspaces_data.value[i]
	problems := azure.table_problems(tables, min_days)
	count(problems) > 0
	f := object.union(located(w), {
		"resource": w.id,
		"status": "fail",
		"message": sprintf("Sentinel workspace %s does not keep its incident evidence long enough: %s (workspace default %s); expected SecurityIncident, SecurityAlert and the other evidence tables it has to keep data for at least %d days (totalRetentionInDays).", [w.name, concat("; ", problems), retention_text(w), min_days]),
		"evidence": array.concat([t.pointer | some t in tables; not t.missing], ["/sections/operationalinsights.tables/data/tablesByWorkspace"]),
	})
}

# Never pass on absent data: a Sentinel workspace whose tables were not read.
findings contains f if {
	is_object(azure.tables_data)
	some w in workspaces_data.value
	onboarded(w.id)
	azure.table_facts(lower(w.id)) == null
	f := object.union(located(w), {
		"resource": w.id,
		"status": "error",
		"message": sprintf("The tables of Sentinel workspace %s are missing from section operationalinsights.tables, so their retention is unknown; expected every Sentinel workspace's tables to be read.", [w.name]),
		"evidence": ["/sections/operationalinsights.tables/data/tablesByWorkspace"],
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
			"message": sprintf("Microsoft Sentinel is not onboarded on any Log Analytics workspace of the subscription (%d found), so no incident data is retained; expected a Sentinel workspace keeping its evidence tables for at least %d days (see AZ-IR3-02).", [count(workspaces_data.value), min_days]),
			"evidence": ["/sections/operationalinsights.workspaces/data/value", "/sections/securityinsights.onboarding_states/data/onboardingStatesByWorkspace"],
		},
		{"what": "The retention of this subscription's incident data", "section": "operationalinsights.tables", "mode": "all"},
		[verdict(o) | some o in azure.owners],
	)
}

# The verdict of a central workspace whose Defender for Cloud connector names this subscription.
verdict(o) := {"status": "unread"} if {
	o.ws.tables == null
} else := {
	"status": "pass",
	"message": sprintf("Sentinel %s, whose Defender for Cloud connector names this subscription, keeps its evidence tables for at least %d days (totalRetentionInDays): %s.", [azure.owner_label(o), min_days, azure.tables_text(o.ws.tables)]),
	"pointers": [t.pointer | some t in o.ws.tables],
} if {
	count(azure.table_problems(o.ws.tables, min_days)) == 0
} else := {
	"status": "fail",
	"message": sprintf("Sentinel %s, whose Defender for Cloud connector names this subscription, does not keep the incident evidence long enough: %s; expected SecurityIncident, SecurityAlert and the other evidence tables it has to keep data for at least %d days (totalRetentionInDays).", [azure.owner_label(o), concat("; ", azure.table_problems(o.ws.tables, min_days)), min_days]),
	"pointers": array.concat([o.ws.pointer], [t.pointer | some t in o.ws.tables; not t.missing]),
}

onboarded(id) if {
	some e in onboarding_data.onboardingStatesByWorkspace
	lower(e.workspaceId) == lower(id)
	count(e.value) > 0
}

retention_text(w) := sprintf("retentionInDays %d", [w.properties.retentionInDays]) if {
	is_number(w.properties.retentionInDays)
} else := "retentionInDays unset"

# The workspace's region.
located(w) := {"region": lower(replace(w.location, " ", ""))} if {
	is_string(w.location)
	w.location != ""
} else := {}
