package azure

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/logic/armlogic"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/monitor/armmonitor"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/network/armnetwork/v7"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/operationalinsights/armoperationalinsights"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/resources/armsubscriptions"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/security/armsecurity"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/storage/armstorage"
)

// Paths of the compliant scenario, relative to the scenario directory.
const (
	subDir    = "subscriptions/" + subID
	secDir    = subDir + "/providers/Microsoft.Security"
	evidence  = subDir + "/resourceGroups/rg-evidence/providers/Microsoft.Storage/storageAccounts/stirevidence001"
	sentinel  = subDir + "/resourceGroups/rg-security/providers/Microsoft.OperationalInsights/workspaces/law-sentinel"
	watchers  = subDir + "/resourceGroups/NetworkWatcherRG/providers/Microsoft.Network/networkWatchers/"
	workspace = "/" + sentinel
)

// pages collects every page of a pager, failing the test on error.
func pages[T any](t *testing.T, p *runtime.Pager[T]) []T {
	t.Helper()
	var out []T
	for p.More() {
		page, err := p.NextPage(context.Background())
		if err != nil {
			t.Fatalf("page %d: %v", len(out)+1, err)
		}
		out = append(out, page)
	}
	return out
}

// TestCompliantTypedClients reads every compliant fixture that has a typed
// client in irscan's go.mod through that client, checks that nothing in the
// file is lost on the way (assertRoundTrip) and that the data is what an
// IR-ready subscription has (the pass conditions of the Azure checks in docs/checks.md).
func TestCompliantTypedClients(t *testing.T) {
	f := startFake(t, Options{})
	cred, opts := f.credential(readerName), f.clientOptions()
	ctx := context.Background()

	t.Run("subscriptions", func(t *testing.T) {
		factory, err := armsubscriptions.NewClientFactory(cred, opts)
		if err != nil {
			t.Fatal(err)
		}
		got := pages(t, factory.NewClient().NewListPager(nil))
		if len(got) != 1 || len(got[0].Value) != 1 || *got[0].Value[0].SubscriptionID != subID ||
			*got[0].Value[0].DisplayName != "irscan-compliant" || *got[0].Value[0].State != armsubscriptions.SubscriptionStateEnabled {
			t.Fatalf("subscriptions = %s", mustJSON(got))
		}
		one, err := factory.NewClient().Get(ctx, subID, nil)
		if err != nil || *one.TenantID != tenantID || one.Tags["Environment"] == nil {
			t.Fatalf("Get = %s, %v", mustJSON(one), err)
		}
		tenants := pages(t, factory.NewTenantsClient().NewListPager(nil))
		if len(tenants[0].Value) != 1 || *tenants[0].Value[0].TenantID != tenantID {
			t.Fatalf("tenants = %s", mustJSON(tenants))
		}
	})

	t.Run("securityContacts", func(t *testing.T) {
		c, err := armsecurity.NewContactsClient(subID, cred, opts)
		if err != nil {
			t.Fatal(err)
		}
		list := pages(t, c.NewListPager(nil))
		assertRoundTrip(t, secDir+"/securityContacts.json", list[0].ContactList)
		one, err := c.Get(ctx, armsecurity.SecurityContactNameDefault, nil)
		if err != nil {
			t.Fatal(err)
		}
		assertRoundTrip(t, secDir+"/securityContacts/default.json", one.Contact)
		p := one.Properties
		owner := slices.ContainsFunc(p.NotificationsByRole.Roles, func(r *armsecurity.SecurityContactRole) bool {
			return *r == armsecurity.SecurityContactRoleOwner
		})
		if *p.Emails == "" || !*p.IsEnabled || *p.NotificationsByRole.State != armsecurity.StateOn || !owner {
			t.Errorf("contact = %s", mustJSON(one))
		}
		alert := false
		for _, src := range p.NotificationsSources {
			if a, ok := src.(*armsecurity.NotificationsSourceAlert); ok && *a.MinimalSeverity == armsecurity.MinimalSeverityMedium {
				alert = true
			}
		}
		if !alert {
			t.Errorf("no Alert notification source with minimal severity Medium: %s", mustJSON(p.NotificationsSources))
		}
	})

	t.Run("pricings", func(t *testing.T) {
		c, err := armsecurity.NewPricingsClient(cred, opts)
		if err != nil {
			t.Fatal(err)
		}
		list, err := c.List(ctx, "subscriptions/"+subID, nil)
		if err != nil {
			t.Fatal(err)
		}
		assertRoundTrip(t, secDir+"/pricings.json", list.PricingList)
		tiers := map[string]*armsecurity.Pricing{}
		for _, p := range list.Value {
			tiers[*p.Name] = p
			if *p.Properties.PricingTier != armsecurity.PricingTierStandard {
				t.Errorf("plan %s is %s", *p.Name, *p.Properties.PricingTier)
			}
		}
		for _, name := range []string{"VirtualMachines", "AppServices", "SqlServers", "SqlServerVirtualMachines", "OpenSourceRelationalDatabases",
			"CosmosDbs", "StorageAccounts", "Containers", "KeyVaults", "Arm", "Api", "CloudPosture"} {
			if tiers[name] == nil {
				t.Errorf("plan %s missing", name)
			}
		}
		if st := tiers["StorageAccounts"]; st != nil {
			on := map[string]bool{}
			for _, e := range st.Properties.Extensions {
				on[*e.Name] = *e.IsEnabled == armsecurity.IsEnabledTrue
			}
			if *st.Properties.SubPlan != "DefenderForStorageV2" || !on["OnUploadMalwareScanning"] || !on["SensitiveDataDiscovery"] {
				t.Errorf("StorageAccounts = %s", mustJSON(st))
			}
		}
	})

	t.Run("automations", func(t *testing.T) {
		c, err := armsecurity.NewAutomationsClient(subID, cred, opts)
		if err != nil {
			t.Fatal(err)
		}
		list := pages(t, c.NewListPager(nil))
		if len(list) != 2 {
			t.Fatalf("%d pages, want 2 (automations.json, automations.page2.json)", len(list))
		}
		assertRoundTrip(t, secDir+"/automations.json", list[0].AutomationList)
		assertRoundTrip(t, secDir+"/automations.page2.json", list[1].AutomationList)
		var export, logicApp bool
		for _, page := range list {
			for _, a := range page.Value {
				sources := map[armsecurity.EventSource]bool{}
				for _, s := range a.Properties.Sources {
					sources[*s.EventSource] = true
				}
				for _, act := range a.Properties.Actions {
					switch act.(type) {
					case *armsecurity.AutomationActionWorkspace:
						export = export || (*a.Properties.IsEnabled && sources[armsecurity.EventSourceAlerts] && sources[armsecurity.EventSourceAssessments])
					case *armsecurity.AutomationActionLogicApp:
						logicApp = logicApp || (*a.Properties.IsEnabled && sources[armsecurity.EventSourceAlerts])
					}
				}
			}
		}
		if !export || !logicApp {
			t.Errorf("continuous export to a workspace: %v, Logic App workflow automation: %v", export, logicApp)
		}
	})

	t.Run("diagnosticSettings", func(t *testing.T) {
		c, err := armmonitor.NewDiagnosticSettingsClient(cred, opts)
		if err != nil {
			t.Fatal(err)
		}
		list := pages(t, c.NewListPager("subscriptions/"+subID, nil))
		assertRoundTrip(t, subDir+"/providers/Microsoft.Insights/diagnosticSettings.json", list[0].DiagnosticSettingsResourceCollection)
		one, err := c.Get(ctx, "subscriptions/"+subID, "export-activity-log", nil)
		if err != nil {
			t.Fatal(err)
		}
		assertRoundTrip(t, subDir+"/providers/Microsoft.Insights/diagnosticSettings/export-activity-log.json", one.DiagnosticSettingsResource)
		enabled := map[string]bool{}
		for _, l := range one.Properties.Logs {
			enabled[*l.Category] = *l.Enabled
		}
		if !enabled["Administrative"] || !enabled["Security"] || !enabled["Policy"] ||
			!strings.HasSuffix(*one.Properties.StorageAccountID, "/stirevidence001") || *one.Properties.WorkspaceID != workspace {
			t.Errorf("activity log export = %s", mustJSON(one))
		}
	})

	t.Run("storage", func(t *testing.T) {
		accounts, err := armstorage.NewAccountsClient(subID, cred, opts)
		if err != nil {
			t.Fatal(err)
		}
		list := pages(t, accounts.NewListPager(nil))
		if len(list) != 2 {
			t.Fatalf("%d pages, want 2 (storageAccounts.json, storageAccounts.page2.json)", len(list))
		}
		assertRoundTrip(t, subDir+"/providers/Microsoft.Storage/storageAccounts.json", list[0].AccountListResult)
		assertRoundTrip(t, subDir+"/providers/Microsoft.Storage/storageAccounts.page2.json", list[1].AccountListResult)
		for _, page := range list {
			for _, a := range page.Value {
				if a.Tags["DataClassification"] == nil {
					t.Errorf("storage account %s has no DataClassification tag", *a.Name)
				}
			}
		}
		acct, err := accounts.GetProperties(ctx, "rg-evidence", "stirevidence001", nil)
		if err != nil {
			t.Fatal(err)
		}
		assertRoundTrip(t, evidence+".json", acct.Account)
		imm := acct.Properties.ImmutableStorageWithVersioning
		if !*imm.Enabled || *imm.ImmutabilityPolicy.State != armstorage.AccountImmutabilityPolicyStateLocked || *imm.ImmutabilityPolicy.ImmutabilityPeriodSinceCreationInDays < 365 {
			t.Errorf("evidence account immutability = %s", mustJSON(imm))
		}

		services, err := armstorage.NewBlobServicesClient(subID, cred, opts)
		if err != nil {
			t.Fatal(err)
		}
		svc, err := services.GetServiceProperties(ctx, "rg-evidence", "stirevidence001", nil)
		if err != nil {
			t.Fatal(err)
		}
		assertRoundTrip(t, evidence+"/blobServices/default.json", svc.BlobServiceProperties)
		if !*svc.BlobServiceProperties.BlobServiceProperties.IsVersioningEnabled {
			t.Error("versioning is off on the evidence account")
		}

		containers, err := armstorage.NewBlobContainersClient(subID, cred, opts)
		if err != nil {
			t.Fatal(err)
		}
		for _, acct := range []struct{ rg, name string }{{"rg-evidence", "stirevidence001"}, {"rg-data", "stirdata001"}, {"rg-network", "stflowlogs001"}} {
			cl := pages(t, containers.NewListPager(acct.rg, acct.name, nil))
			assertRoundTrip(t, subDir+"/resourceGroups/"+acct.rg+"/providers/Microsoft.Storage/storageAccounts/"+acct.name+"/blobServices/default/containers.json", cl[0].ListContainerItems)
		}
		for _, name := range []string{"insights-activity-logs", "ir-evidence"} {
			cont, err := containers.Get(ctx, "rg-evidence", "stirevidence001", name, nil)
			if err != nil {
				t.Fatal(err)
			}
			assertRoundTrip(t, evidence+"/blobServices/default/containers/"+name+".json", cont.BlobContainer)
			if !*cont.ContainerProperties.ImmutableStorageWithVersioning.Enabled {
				t.Errorf("container %s: version-level immutability off", name)
			}
			pol, err := containers.GetImmutabilityPolicy(ctx, "rg-evidence", "stirevidence001", name, nil)
			if err != nil {
				t.Fatal(err)
			}
			assertRoundTrip(t, evidence+"/blobServices/default/containers/"+name+"/immutabilityPolicies/default.json", pol.ImmutabilityPolicy)
			if *pol.Properties.State != armstorage.ImmutabilityPolicyStateLocked || *pol.Properties.ImmutabilityPeriodSinceCreationInDays < 365 {
				t.Errorf("container %s policy = %s", name, mustJSON(pol))
			}
		}
	})

	t.Run("workspaces", func(t *testing.T) {
		c, err := armoperationalinsights.NewWorkspacesClient(subID, cred, opts)
		if err != nil {
			t.Fatal(err)
		}
		list := pages(t, c.NewListPager(nil))
		assertRoundTrip(t, subDir+"/providers/Microsoft.OperationalInsights/workspaces.json", list[0].WorkspaceListResult)
		one, err := c.Get(ctx, "rg-security", "law-sentinel", nil)
		if err != nil {
			t.Fatal(err)
		}
		assertRoundTrip(t, sentinel+".json", one.Workspace)
		if *one.Properties.RetentionInDays < 365 || *one.ID != workspace {
			t.Errorf("workspace = %s", mustJSON(one))
		}
	})

	t.Run("network", func(t *testing.T) {
		vnets, err := armnetwork.NewVirtualNetworksClient(subID, cred, opts)
		if err != nil {
			t.Fatal(err)
		}
		vl := pages(t, vnets.NewListAllPager(nil))
		assertRoundTrip(t, subDir+"/providers/Microsoft.Network/virtualNetworks.json", vl[0].VirtualNetworkListResult)
		ws, err := armnetwork.NewWatchersClient(subID, cred, opts)
		if err != nil {
			t.Fatal(err)
		}
		wl := pages(t, ws.NewListAllPager(nil))
		assertRoundTrip(t, subDir+"/providers/Microsoft.Network/networkWatchers.json", wl[0].WatcherListResult)
		watcherIn := map[string]string{}
		for _, w := range wl[0].Value {
			watcherIn[*w.Location] = *w.Name
		}
		fl, err := armnetwork.NewFlowLogsClient(subID, cred, opts)
		if err != nil {
			t.Fatal(err)
		}
		covered := map[string]bool{}
		for _, w := range wl[0].Value {
			logs := pages(t, fl.NewListPager("NetworkWatcherRG", *w.Name, nil))
			assertRoundTrip(t, watchers+*w.Name+"/flowLogs.json", logs[0].FlowLogListResult)
			for _, l := range logs[0].Value {
				if *l.Properties.Enabled {
					covered[strings.ToLower(*l.Properties.TargetResourceID)] = true
				}
			}
		}
		regions := map[string]bool{}
		for _, v := range vl[0].Value {
			regions[*v.Location] = true
			if watcherIn[*v.Location] == "" {
				t.Errorf("no Network Watcher in %s", *v.Location)
			}
			if !covered[strings.ToLower(*v.ID)] {
				t.Errorf("VNet %s has no enabled flow log", *v.Name)
			}
		}
		if len(regions) < 2 {
			t.Errorf("VNets in %d regions, want 2", len(regions))
		}
	})

	t.Run("workflows", func(t *testing.T) {
		c, err := armlogic.NewWorkflowsClient(subID, cred, opts)
		if err != nil {
			t.Fatal(err)
		}
		list := pages(t, c.NewListBySubscriptionPager(nil))
		assertRoundTrip(t, subDir+"/providers/Microsoft.Logic/workflows.json", list[0].WorkflowListResult)
		sentinelPlaybook := false
		for _, w := range list[0].Value {
			def, _ := json.Marshal(w.Properties.Definition)
			if *w.Properties.State == armlogic.WorkflowStateEnabled && strings.Contains(string(def), "['azuresentinel']") {
				sentinelPlaybook = true
			}
		}
		if !sentinelPlaybook {
			t.Error("no enabled workflow with a Microsoft Sentinel trigger")
		}
	})

	// Every call was answered from a fixture (or scenario.yaml), with the
	// api-version each client sends recorded.
	sent := map[string]string{}
	for _, c := range f.armCalls() {
		if c.Status != 200 || c.Fault != "" {
			t.Errorf("call %s %s: status %d, fault %q, error %s", c.Method, c.Path, c.Status, c.Fault, c.ErrorCode)
		}
		sent[c.Action] = c.APIVersion
	}
	for action, version := range map[string]string{
		"Microsoft.Resources/subscriptions/read":                                              "2022-12-01",
		"Microsoft.Security/securityContacts/read":                                            "2023-12-01-preview",
		"Microsoft.Security/pricings/read":                                                    "2024-01-01",
		"Microsoft.Security/automations/read":                                                 "2023-12-01-preview",
		"Microsoft.Insights/diagnosticSettings/read":                                          "2021-05-01-preview",
		"Microsoft.Storage/storageAccounts/read":                                              "2024-01-01",
		"Microsoft.Storage/storageAccounts/blobServices/containers/read":                      "2024-01-01",
		"Microsoft.OperationalInsights/workspaces/read":                                       "2021-06-01",
		"Microsoft.Network/virtualNetworks/read":                                              "2025-01-01",
		"Microsoft.Network/networkWatchers/flowLogs/read":                                     "2025-01-01",
		"Microsoft.Logic/workflows/read":                                                      "2019-05-01",
		"Microsoft.Storage/storageAccounts/blobServices/read":                                 "2024-01-01",
		"Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies/read": "2024-01-01",
	} {
		if sent[action] != version {
			t.Errorf("%s: api-version %q recorded, want %q", action, sent[action], version)
		}
	}
}

// mustJSON renders v for failure messages.
func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return err.Error()
	}
	return string(b)
}
