package azure

import (
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/monitor/armmonitor"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/network/armnetwork/v7"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/operationalinsights/armoperationalinsights"

	"github.com/irscan/irscan/collectors"
)

// sectionSpecs lists every section the Azure collector fills (see
// snapshot/SECTIONS.md).
var sectionSpecs = []spec{
	{name: "security.contacts", collect: securityContacts},
	{name: "security.pricings", collect: pricings},
	{name: "security.automations", collect: automations},
	{name: "logic.workflows", collect: workflows},
	{name: "insights.subscription_diagnostic_settings", collect: subscriptionDiagnosticSettings},
	{name: "network.virtual_networks", collect: virtualNetworks},
	{name: "network.network_watchers", collect: networkWatchers},
	{name: "network.flow_logs", collect: flowLogs},
	{name: "operationalinsights.workspaces", collect: workspaces},
	{name: "securityinsights.onboarding_states", collect: onboardingStates},
	{name: "securityinsights.data_connectors", collect: sentinelList("dataConnectors", "dataConnectorsByWorkspace")},
	{name: "securityinsights.alert_rules", collect: sentinelList("alertRules", "alertRulesByWorkspace")},
	{name: "securityinsights.automation_rules", collect: sentinelList("automationRules", "automationRulesByWorkspace")},
	{name: "securityinsights.incidents", collect: sentinelList("incidents", "incidentsByWorkspace")},
	{name: "storage.accounts", collect: storageAccounts},
	{name: "storage.immutability", collect: immutability},
	{name: "keyvault.vaults", collect: keyVaults},
	{name: "sql.servers", collect: sqlServers},
}

// fetches are the reads shared between sections of one subscription.
type fetches struct {
	diagnostics collectors.Fetch[[]*armmonitor.DiagnosticSettingsResource]
	watchers    collectors.Fetch[[]*armnetwork.Watcher]
	workspaces  collectors.Fetch[[]*armoperationalinsights.Workspace]
	onboarding  collectors.Fetch[[]workspaceList]
}
