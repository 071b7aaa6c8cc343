package azure

import (
	"context"
	"encoding/json"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/monitor/armmonitor"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/network/armnetwork/v7"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/operationalinsights/armoperationalinsights"

	"github.com/irscan/irscan/collectors"
)

// entry is one section of the registry: its contract and how the collector
// fills it.
type entry struct {
	collectors.Section
	collect func(ctx context.Context, s *sub) (any, error)
}

// ARM path prefixes of the calls below.
const (
	inSubscription = "GET /subscriptions/{subscriptionId}/providers/"
	inWorkspace    = "GET /subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.OperationalInsights/workspaces/{workspaceName}/providers/Microsoft.SecurityInsights/"
)

// registry lists every section the Azure collector fills, in collection
// order, with the ARM reads that fill it: the single source of the Azure
// part of the snapshot contract (see collectors.Section; `go generate ./...`
// writes the schema entries, SECTIONS.md's index and the custom role from
// it).
var registry = []entry{
	{section("security.contacts",
		"Microsoft.Security/securityContacts list (api-version 2023-12-01-preview), pages merged.",
		get("Microsoft.Security", inSubscription+"Microsoft.Security/securityContacts", "2023-12-01-preview", "Microsoft.Security/securityContacts/read")),
		securityContacts},
	{section("security.pricings",
		"Microsoft.Security/pricings list for scope subscriptions/<id> (api-version 2024-01-01; not paged).",
		get("Microsoft.Security", inSubscription+"Microsoft.Security/pricings", "2024-01-01", "Microsoft.Security/pricings/read")),
		pricings},
	{section("security.automations",
		"Microsoft.Security/automations list by subscription (api-version 2023-12-01-preview), pages merged; Logic App trigger URIs and Event Hub connection strings are never stored.",
		get("Microsoft.Security", inSubscription+"Microsoft.Security/automations", "2023-12-01-preview", "Microsoft.Security/automations/read")),
		automations},
	{section("security.regulatory_compliance",
		"Defender for Cloud's regulatory compliance for the Microsoft cloud security benchmark (standard Microsoft-cloud-security-benchmark, api-version 2019-01-01-preview): the standard, its Incident Response controls IR.1 to IR.7 and each one's assessments; a standard the subscription does not have (404) is recorded as null.",
		get("Microsoft.Security", inSubscription+"Microsoft.Security/regulatoryComplianceStandards/{regulatoryComplianceStandardName}", "2019-01-01-preview", "Microsoft.Security/regulatoryComplianceStandards/read"),
		get("Microsoft.Security", inSubscription+"Microsoft.Security/regulatoryComplianceStandards/{regulatoryComplianceStandardName}/regulatoryComplianceControls", "2019-01-01-preview", "Microsoft.Security/regulatoryComplianceStandards/regulatoryComplianceControls/read"),
		get("Microsoft.Security", inSubscription+"Microsoft.Security/regulatoryComplianceStandards/{regulatoryComplianceStandardName}/regulatoryComplianceControls/{regulatoryComplianceControlName}/regulatoryComplianceAssessments", "2019-01-01-preview", "Microsoft.Security/regulatoryComplianceStandards/regulatoryComplianceControls/regulatoryComplianceAssessments/read")),
		regulatoryCompliance},
	{section("logic.workflows",
		"Microsoft.Logic/workflows list by subscription (api-version 2019-05-01), pages merged.",
		get("Microsoft.Logic", inSubscription+"Microsoft.Logic/workflows", "2019-05-01", "Microsoft.Logic/workflows/read")),
		workflows},
	{section("logic.standard_workflows",
		"Logic Apps Standard: Microsoft.Web/sites of the subscription whose kind contains workflowapp (api-version 2025-03-01, generic ARM reader), each trimmed to its ID, name, kind, location and state, with its workflows (list, then GET of each) trimmed to their ID, name, kind, flowState, health and each trigger's type, kind, connection reference and managed API name; workflow definitions, connections.json and app settings are never stored.",
		get("Microsoft.Web", inSubscription+"Microsoft.Web/sites", webAPIVersion, "Microsoft.Web/sites/read"),
		get("Microsoft.Web", "GET /subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Web/sites/{name}/workflows", webAPIVersion, "Microsoft.Web/sites/workflows/read"),
		get("Microsoft.Web", "GET /subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Web/sites/{name}/workflows/{workflowName}", webAPIVersion, "Microsoft.Web/sites/workflows/read")),
		logicAppsStandard},
	{section("insights.subscription_diagnostic_settings",
		"Microsoft.Insights/diagnosticSettings list for the subscription, i.e. the activity log export (api-version 2021-05-01-preview).",
		get("Microsoft.Insights", inSubscription+"Microsoft.Insights/diagnosticSettings", "2021-05-01-preview", "Microsoft.Insights/diagnosticSettings/read")),
		subscriptionDiagnosticSettings},
	{section("network.virtual_networks",
		"Microsoft.Network/virtualNetworks list all (api-version 2025-01-01), pages merged.",
		get("Microsoft.Network", inSubscription+"Microsoft.Network/virtualNetworks", "2025-01-01", "Microsoft.Network/virtualNetworks/read")),
		virtualNetworks},
	{section("network.network_watchers",
		"Microsoft.Network/networkWatchers list all (api-version 2025-01-01).",
		get("Microsoft.Network", inSubscription+"Microsoft.Network/networkWatchers", "2025-01-01", "Microsoft.Network/networkWatchers/read")),
		networkWatchers},
	{after(section("network.flow_logs",
		"Microsoft.Network/networkWatchers/flowLogs list of every network watcher (api-version 2025-01-01), one entry per watcher.",
		get("Microsoft.Network", "GET /subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/networkWatchers/{networkWatcherName}/flowLogs", "2025-01-01", "Microsoft.Network/networkWatchers/flowLogs/read")),
		"network.network_watchers"),
		flowLogs},
	{section("operationalinsights.workspaces",
		"Microsoft.OperationalInsights/workspaces list by subscription (api-version 2021-06-01).",
		get("Microsoft.OperationalInsights", inSubscription+"Microsoft.OperationalInsights/workspaces", "2021-06-01", "Microsoft.OperationalInsights/workspaces/read")),
		workspaces},
	{after(sentinel("securityinsights.onboarding_states", "onboardingStates",
		"Microsoft.SecurityInsights/onboardingStates list of every Log Analytics workspace (api-version 2025-09-01); an empty value means Microsoft Sentinel is not onboarded."),
		"operationalinsights.workspaces"),
		onboardingStates},
	{after(section("operationalinsights.tables",
		"Microsoft.OperationalInsights/workspaces/tables list of every workspace with Microsoft Sentinel onboarded (api-version 2025-07-01, generic ARM reader), each table trimmed to its name and retention settings (the column schemas are not stored).",
		get("Microsoft.OperationalInsights", "GET /subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.OperationalInsights/workspaces/{workspaceName}/tables", tablesAPIVersion, "Microsoft.OperationalInsights/workspaces/tables/read")),
		"operationalinsights.workspaces", "securityinsights.onboarding_states"),
		tables},
	{after(sentinel("securityinsights.data_connectors", "dataConnectors",
		"Microsoft.SecurityInsights/dataConnectors list of every workspace with Microsoft Sentinel onboarded (api-version 2025-09-01); an AzureSecurityCenter connector's properties.subscriptionId names the subscription whose Defender for Cloud alerts it brings in, which the estate facts offer to that subscription."),
		"operationalinsights.workspaces", "securityinsights.onboarding_states"),
		sentinelList("dataConnectors", "dataConnectorsByWorkspace")},
	{after(sentinel("securityinsights.alert_rules", "alertRules",
		"Microsoft.SecurityInsights/alertRules list of every workspace with Microsoft Sentinel onboarded (api-version 2025-09-01)."),
		"operationalinsights.workspaces", "securityinsights.onboarding_states"),
		sentinelList("alertRules", "alertRulesByWorkspace")},
	{after(sentinel("securityinsights.automation_rules", "automationRules",
		"Microsoft.SecurityInsights/automationRules list of every workspace with Microsoft Sentinel onboarded (api-version 2025-09-01)."),
		"operationalinsights.workspaces", "securityinsights.onboarding_states"),
		sentinelList("automationRules", "automationRulesByWorkspace")},
	{after(sentinel("securityinsights.incidents", "incidents",
		"Microsoft.SecurityInsights/incidents list of every workspace with Microsoft Sentinel onboarded (api-version 2025-09-01), all pages."),
		"operationalinsights.workspaces", "securityinsights.onboarding_states"),
		sentinelList("incidents", "incidentsByWorkspace")},
	{section("storage.accounts",
		"Microsoft.Storage/storageAccounts list (api-version 2024-01-01), pages merged.",
		get("Microsoft.Storage", inSubscription+"Microsoft.Storage/storageAccounts", "2024-01-01", "Microsoft.Storage/storageAccounts/read")),
		storageAccounts},
	{after(section("storage.immutability",
		"For every storage account the activity log is exported to: the account (GET), its blob containers (list) and each container's immutabilityPolicies/default (api-version 2024-01-01).",
		get("Microsoft.Storage", "GET {storageAccountId}", "2024-01-01", "Microsoft.Storage/storageAccounts/read"),
		get("Microsoft.Storage", "GET {storageAccountId}/blobServices/default/containers", "2024-01-01", "Microsoft.Storage/storageAccounts/blobServices/containers/read"),
		get("Microsoft.Storage", "GET {storageAccountId}/blobServices/default/containers/{containerName}/immutabilityPolicies/default", "2024-01-01", "Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies/read")),
		"insights.subscription_diagnostic_settings"),
		immutability},
	{section("keyvault.vaults",
		"Microsoft.KeyVault/vaults list by subscription (api-version 2023-07-01), pages merged.",
		get("Microsoft.KeyVault", inSubscription+"Microsoft.KeyVault/vaults", keyVaultAPIVersion, "Microsoft.KeyVault/vaults/read")),
		keyVaults},
	{section("sql.servers",
		"Microsoft.Sql/servers list (api-version 2023-08-01), pages merged.",
		get("Microsoft.Sql", inSubscription+"Microsoft.Sql/servers", sqlAPIVersion, "Microsoft.Sql/servers/read")),
		sqlServers},
	{section("defender.sql_resources",
		"Defender for SQL per resource, as the MCSB initiative's IR-3/IR-5 policies read it: every Azure SQL server (kind without analytics), SQL managed instance, Synapse workspace (securityAlertPolicies/Default), PostgreSQL and MySQL flexible server (advancedThreatProtectionSettings/Default) of the subscription with that setting's state; generic ARM reader, the resources trimmed to their ID, name, type, kind and location, the settings to their state.",
		get("Microsoft.Sql", inSubscription+"Microsoft.Sql/servers", sqlAPIVersion, "Microsoft.Sql/servers/read"),
		get("Microsoft.Sql", "GET /subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Sql/servers/{serverName}/securityAlertPolicies/{securityAlertPolicyName}", sqlAPIVersion, "Microsoft.Sql/servers/securityAlertPolicies/read"),
		get("Microsoft.Sql", inSubscription+"Microsoft.Sql/managedInstances", sqlAPIVersion, "Microsoft.Sql/managedInstances/read"),
		get("Microsoft.Sql", "GET /subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Sql/managedInstances/{managedInstanceName}/securityAlertPolicies/{securityAlertPolicyName}", sqlAPIVersion, "Microsoft.Sql/managedInstances/securityAlertPolicies/read"),
		get("Microsoft.Synapse", inSubscription+"Microsoft.Synapse/workspaces", synapseAPIVersion, "Microsoft.Synapse/workspaces/read"),
		get("Microsoft.Synapse", "GET /subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Synapse/workspaces/{workspaceName}/securityAlertPolicies/{securityAlertPolicyName}", synapseAPIVersion, "Microsoft.Synapse/workspaces/securityAlertPolicies/read"),
		get("Microsoft.DBforPostgreSQL", inSubscription+"Microsoft.DBforPostgreSQL/flexibleServers", postgresAPIVersion, "Microsoft.DBforPostgreSQL/flexibleServers/read"),
		get("Microsoft.DBforPostgreSQL", "GET /subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.DBforPostgreSQL/flexibleServers/{serverName}/advancedThreatProtectionSettings/{threatProtectionName}", postgresAPIVersion, "Microsoft.DBforPostgreSQL/flexibleServers/advancedThreatProtectionSettings/read"),
		get("Microsoft.DBforMySQL", inSubscription+"Microsoft.DBforMySQL/flexibleServers", mysqlAPIVersion, "Microsoft.DBforMySQL/flexibleServers/read"),
		get("Microsoft.DBforMySQL", "GET /subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.DBforMySQL/flexibleServers/{serverName}/advancedThreatProtectionSettings/{advancedThreatProtectionName}", mysqlAPIVersion, "Microsoft.DBforMySQL/flexibleServers/advancedThreatProtectionSettings/read")),
		sqlResources},
	{section("security.resource_pricings",
		"The Defender for Servers plan as each virtual machine has it: Microsoft.Compute/virtualMachines list (api-version 2024-07-01), then Microsoft.Security/pricings/VirtualMachines at the machine's scope (api-version 2024-01-01), which shows a resource-level override (inherited False) switching the plan off; generic ARM reader.",
		get("Microsoft.Compute", inSubscription+"Microsoft.Compute/virtualMachines", computeAPIVersion, "Microsoft.Compute/virtualMachines/read"),
		get("Microsoft.Security", "GET /subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/virtualMachines/{vmName}/providers/Microsoft.Security/pricings/{pricingName}", pricingsAPIVersion, "Microsoft.Security/pricings/read")),
		resourcePricings},
	{section("authorization.policy_assignments",
		"Microsoft.Authorization/policyAssignments that apply to the subscription, its own and those inherited from management groups (api-version 2023-04-01, generic ARM reader), each trimmed to its ID, name, display name, policyDefinitionId, scope and enforcementMode.",
		get("Microsoft.Authorization", inSubscription+"Microsoft.Authorization/policyAssignments", assignmentsAPIVersion, "Microsoft.Authorization/policyAssignments/read")),
		policyAssignments},
}

// scopeCalls find the subscriptions to read: the list (or each named one)
// and, with --management-group, the group's descendants.
var scopeCalls = []collectors.Call{
	get("Microsoft.Resources", "GET /subscriptions", subscriptionsAPIVersion, "Microsoft.Resources/subscriptions/read"),
	get("Microsoft.Resources", "GET /subscriptions/{subscriptionId}", subscriptionsAPIVersion, "Microsoft.Resources/subscriptions/read"),
	{Service: "Microsoft.Management", Operation: "GET /providers/Microsoft.Management/managementGroups/{groupId}/descendants",
		APIVersion: managementGroupsAPIVersion, Permission: "Microsoft.Management/managementGroups/descendants/read", Flag: "--management-group"},
}

// Sections is the Azure section registry, in collection order.
func Sections() []collectors.Section {
	out := make([]collectors.Section, len(registry))
	for i, e := range registry {
		out[i] = e.Section
	}
	return out
}

// ScopeCalls are the Azure calls that resolve the subscriptions to read.
func ScopeCalls() []collectors.Call { return append([]collectors.Call(nil), scopeCalls...) }

// sectionSpecs are the registry's entries as the collector runs them.
var sectionSpecs = func() []spec {
	out := make([]spec, len(registry))
	for i, e := range registry {
		out[i] = spec{name: e.Name, collect: e.collect}
	}
	return out
}()

func section(name, summary string, calls ...collectors.Call) collectors.Section {
	return collectors.Section{Cloud: "azure", Name: name, Summary: summary, Scopes: []string{"subscription"}, Calls: calls}
}

// sentinel is a Microsoft.SecurityInsights list read on Log Analytics
// workspaces through the generic ARM reader.
func sentinel(name, list, summary string) collectors.Section {
	return section(name, summary, get("Microsoft.SecurityInsights", inWorkspace+list, sentinelAPIVersion, "Microsoft.SecurityInsights/"+list+"/read"))
}

func after(s collectors.Section, sections ...string) collectors.Section {
	s.After = sections
	return s
}

func get(provider, request, apiVersion, action string) collectors.Call {
	return collectors.Call{Service: provider, Operation: request, APIVersion: apiVersion, Permission: action}
}

// fetches are the reads shared between sections of one subscription.
type fetches struct {
	diagnostics collectors.Fetch[[]*armmonitor.DiagnosticSettingsResource]
	watchers    collectors.Fetch[[]*armnetwork.Watcher]
	workspaces  collectors.Fetch[[]*armoperationalinsights.Workspace]
	onboarding  collectors.Fetch[[]workspaceList]
	sqlServers  collectors.Fetch[[]json.RawMessage]
}
