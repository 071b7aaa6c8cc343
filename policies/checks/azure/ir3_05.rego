# METADATA
# title: Defender for SQL on every database resource
# description: >-
#   Every database resource the Microsoft cloud security benchmark audits per resource has
#   Microsoft Defender for SQL on, as the initiative's IR-3/IR-5 policies test it: each
#   Azure SQL server whose kind does not contain "analytics" (policy abfb4388) and each SQL
#   managed instance (abfb7388) has securityAlertPolicies/Default with state Enabled; each
#   Synapse workspace (d31e5c31) the same; each PostgreSQL flexible server (d38668f5) and
#   MySQL flexible server (3bc8a0d5) has advancedThreatProtectionSettings/Default with state
#   Enabled. A resource without that setting (404) fails, as the policies'
#   AuditIfNotExists does. One finding per resource; a subscription with none of these
#   resources gets one passing finding saying so. The subscription-level Defender plans are
#   AZ-IR3-01.
# custom:
#   id: AZ-IR3-05
#   controls: [IR-3, IR-5]
#   severity: high
#   requires: [defender.sql_resources]
#   remediation: >-
#     Turn Defender for SQL on for the resource: Azure portal > the SQL server (managed
#     instance, Synapse workspace, flexible server) > Microsoft Defender for Cloud > Enable
#     Microsoft Defender for SQL; or turn the plan on for the whole subscription (Defender
#     for Cloud > Environment settings > Databases, AZ-IR3-01), which enables it on every
#     server. CLI for an Azure SQL server: az sql server advanced-threat-protection-setting
#     update --resource-group <rg> --name <server> --state Enabled. At scale, assign the
#     "Configure Azure Defender to be enabled on SQL servers" DeployIfNotExists policies.
#   references:
#     - https://learn.microsoft.com/en-us/azure/azure-sql/database/azure-defender-for-sql
#     - https://learn.microsoft.com/en-us/azure/defender-for-cloud/defender-for-databases-enable-distributed-setup
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.azure.ir3_05

import data.irscan.lib.azure
import data.irscan.lib.scope

resources_data := input.sections["defender.sql_resources"].data

# Per list of the section: what the resource is, the setting the policy reads, the policy.
kinds := {
	"sqlServers": {"what": "Azure SQL server", "setting": "securityAlertPolicies/Default", "policy": "abfb4388"},
	"sqlManagedInstances": {"what": "SQL managed instance", "setting": "securityAlertPolicies/Default", "policy": "abfb7388"},
	"synapseWorkspaces": {"what": "Synapse workspace", "setting": "securityAlertPolicies/Default", "policy": "d31e5c31"},
	"postgresqlFlexibleServers": {"what": "PostgreSQL flexible server", "setting": "advancedThreatProtectionSettings/Default", "policy": "d38668f5"},
	"mysqlFlexibleServers": {"what": "MySQL flexible server", "setting": "advancedThreatProtectionSettings/Default", "policy": "3bc8a0d5"},
}

findings contains f if {
	some key, k in kinds
	some i, e in resources_data[key]
	e.setting.properties.state == "Enabled"
	f := object.union(azure.located(e.resource), {
		"resource": e.resource.id,
		"status": "pass",
		"message": sprintf("Defender for SQL is on for %s %s: its %s has state Enabled, as Azure Policy %s requires.", [k.what, e.resource.name, k.setting, k.policy]),
		"evidence": [sprintf("/sections/defender.sql_resources/data/%s/%d/setting/properties/state", [key, i])],
	})
}

findings contains f if {
	some key, k in kinds
	some i, e in resources_data[key]
	not e.setting.properties.state == "Enabled"
	f := object.union(azure.located(e.resource), {
		"resource": e.resource.id,
		"status": "fail",
		"message": sprintf("Defender for SQL is not on for %s %s: %s; expected its %s with state Enabled (Azure Policy %s fails it too).", [k.what, e.resource.name, observed(e, k), k.setting, k.policy]),
		"evidence": [sprintf("/sections/defender.sql_resources/data/%s/%d", [key, i])],
	})
}

findings contains f if {
	is_object(resources_data)
	every key, _ in kinds {
		count(resources_data[key]) == 0
	}
	f := {
		"resource": scope.resource,
		"status": "pass",
		"message": "The subscription has no Azure SQL server, SQL managed instance, Synapse workspace, PostgreSQL or MySQL flexible server, so no Defender for SQL setting applies; expected each such resource to have Defender for SQL Enabled.",
		"evidence": ["/sections/defender.sql_resources/data"],
	}
}

observed(e, k) := sprintf("it has no %s (the GET answered 404)", [k.setting]) if {
	e.setting == null
} else := sprintf("its %s has state %s", [k.setting, azure.text(object.get(object.get(e.setting, "properties", {}), "state", null))])
