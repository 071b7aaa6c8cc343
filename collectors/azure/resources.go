package azure

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/arm"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/logic/armlogic"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/monitor/armmonitor"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/network/armnetwork/v7"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/operationalinsights/armoperationalinsights"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/storage/armstorage"
)

// Api-versions of the resource types read with the generic ARM reader (the
// typed clients pin their own: see snapshot/SECTIONS.md).
const (
	sentinelAPIVersion = "2025-09-01"
	keyVaultAPIVersion = "2023-07-01"
	sqlAPIVersion      = "2023-08-01"
	// armoperationalinsights v1 pins 2020-08-01 for tables, which has no
	// totalRetentionInDays.
	tablesAPIVersion = "2025-07-01"
)

func workflows(ctx context.Context, s *sub) (any, error) {
	client, err := armlogic.NewWorkflowsClient(s.id, s.c.cred, s.c.clientOptions(s.rec))
	if err != nil {
		return nil, err
	}
	items, err := pages(ctx, client.NewListBySubscriptionPager(nil), func(r armlogic.WorkflowsClientListBySubscriptionResponse) []*armlogic.Workflow { return r.Value })
	return value(items), err
}

// diagnosticSettings is the subscription's activity-log export settings,
// shared with storage.immutability.
func (s *sub) diagnosticSettings(ctx context.Context) ([]*armmonitor.DiagnosticSettingsResource, error) {
	return s.fetches.diagnostics.Get(ctx, func(ctx context.Context) ([]*armmonitor.DiagnosticSettingsResource, error) {
		client, err := armmonitor.NewDiagnosticSettingsClient(s.c.cred, s.c.clientOptions(s.rec))
		if err != nil {
			return nil, err
		}
		return pages(ctx, client.NewListPager("subscriptions/"+s.id, nil), func(r armmonitor.DiagnosticSettingsClientListResponse) []*armmonitor.DiagnosticSettingsResource {
			return r.Value
		})
	})
}

func subscriptionDiagnosticSettings(ctx context.Context, s *sub) (any, error) {
	items, err := s.diagnosticSettings(ctx)
	return value(items), err
}

func virtualNetworks(ctx context.Context, s *sub) (any, error) {
	client, err := armnetwork.NewVirtualNetworksClient(s.id, s.c.cred, s.c.clientOptions(s.rec))
	if err != nil {
		return nil, err
	}
	items, err := pages(ctx, client.NewListAllPager(nil), func(r armnetwork.VirtualNetworksClientListAllResponse) []*armnetwork.VirtualNetwork { return r.Value })
	return value(items), err
}

func (s *sub) watchers(ctx context.Context) ([]*armnetwork.Watcher, error) {
	return s.fetches.watchers.Get(ctx, func(ctx context.Context) ([]*armnetwork.Watcher, error) {
		client, err := armnetwork.NewWatchersClient(s.id, s.c.cred, s.c.clientOptions(s.rec))
		if err != nil {
			return nil, err
		}
		return pages(ctx, client.NewListAllPager(nil), func(r armnetwork.WatchersClientListAllResponse) []*armnetwork.Watcher { return r.Value })
	})
}

func networkWatchers(ctx context.Context, s *sub) (any, error) {
	items, err := s.watchers(ctx)
	return value(items), err
}

// flowLogs reads every watcher's flow logs.
func flowLogs(ctx context.Context, s *sub) (any, error) {
	ws, err := s.watchers(ctx)
	if err != nil {
		return nil, &skipError{reason: "section network.network_watchers could not be read, so the flow logs are unknown"}
	}
	client, err := armnetwork.NewFlowLogsClient(s.id, s.c.cred, s.c.clientOptions(s.rec))
	if err != nil {
		return nil, err
	}
	out := []map[string]any{}
	for _, w := range ws {
		id, err := arm.ParseResourceID(deref(w.ID))
		if err != nil {
			return nil, err
		}
		items, err := pages(ctx, client.NewListPager(id.ResourceGroupName, id.Name, nil), func(r armnetwork.FlowLogsClientListResponse) []*armnetwork.FlowLog { return r.Value })
		if err != nil {
			return nil, err
		}
		out = append(out, map[string]any{"networkWatcherId": deref(w.ID), "value": items})
	}
	return map[string]any{"flowLogsByNetworkWatcher": out}, nil
}

func (s *sub) workspaces(ctx context.Context) ([]*armoperationalinsights.Workspace, error) {
	return s.fetches.workspaces.Get(ctx, func(ctx context.Context) ([]*armoperationalinsights.Workspace, error) {
		client, err := armoperationalinsights.NewWorkspacesClient(s.id, s.c.cred, s.c.clientOptions(s.rec))
		if err != nil {
			return nil, err
		}
		return pages(ctx, client.NewListPager(nil), func(r armoperationalinsights.WorkspacesClientListResponse) []*armoperationalinsights.Workspace {
			return r.Value
		})
	})
}

func workspaces(ctx context.Context, s *sub) (any, error) {
	items, err := s.workspaces(ctx)
	return value(items), err
}

func storageAccounts(ctx context.Context, s *sub) (any, error) {
	client, err := armstorage.NewAccountsClient(s.id, s.c.cred, s.c.clientOptions(s.rec))
	if err != nil {
		return nil, err
	}
	items, err := pages(ctx, client.NewListPager(nil), func(r armstorage.AccountsClientListResponse) []*armstorage.Account { return r.Value })
	return value(items), err
}

// immutability reads, for every storage account a subscription diagnostic
// setting exports the activity log to, the account, its containers and
// their immutability policies. A deleted account (404) is data.
func immutability(ctx context.Context, s *sub) (any, error) {
	settings, err := s.diagnosticSettings(ctx)
	if err != nil {
		return nil, &skipError{reason: "section insights.subscription_diagnostic_settings could not be read, so the export storage accounts are unknown"}
	}
	var ids []string
	for _, st := range settings {
		if st == nil || st.Properties == nil || st.Properties.StorageAccountID == nil || !anyLogEnabled(st.Properties.Logs) {
			continue
		}
		id := *st.Properties.StorageAccountID
		dup := false
		for _, x := range ids {
			dup = dup || strings.EqualFold(x, id)
		}
		if !dup {
			ids = append(ids, id)
		}
	}
	out := []map[string]any{}
	for _, raw := range ids {
		id, err := arm.ParseResourceID(raw)
		if err != nil {
			return nil, err
		}
		opts := s.c.clientOptions(s.rec)
		accounts, err := armstorage.NewAccountsClient(id.SubscriptionID, s.c.cred, opts)
		if err != nil {
			return nil, err
		}
		entry := map[string]any{"storageAccountId": raw, "storageAccount": nil, "containers": []any{}, "immutabilityPolicies": []any{}}
		acct, err := accounts.GetProperties(ctx, id.ResourceGroupName, id.Name, nil)
		if isStatus(err, 404) {
			out = append(out, entry)
			continue
		}
		if err != nil {
			return nil, err
		}
		entry["storageAccount"] = acct.Account
		blobs, err := armstorage.NewBlobContainersClient(id.SubscriptionID, s.c.cred, opts)
		if err != nil {
			return nil, err
		}
		containers, err := pages(ctx, blobs.NewListPager(id.ResourceGroupName, id.Name, nil), func(r armstorage.BlobContainersClientListResponse) []*armstorage.ListContainerItem { return r.Value })
		if err != nil {
			return nil, err
		}
		entry["containers"] = containers
		policies := []map[string]any{}
		for _, c := range containers {
			name := deref(c.Name)
			p := map[string]any{"containerName": name, "immutabilityPolicy": nil}
			if c.Properties != nil && c.Properties.HasImmutabilityPolicy != nil && *c.Properties.HasImmutabilityPolicy {
				pol, err := blobs.GetImmutabilityPolicy(ctx, id.ResourceGroupName, id.Name, name, nil)
				switch {
				case isStatus(err, 404):
				case err != nil:
					return nil, err
				default:
					p["immutabilityPolicy"] = pol.ImmutabilityPolicy
				}
			}
			policies = append(policies, p)
		}
		entry["immutabilityPolicies"] = policies
		out = append(out, entry)
	}
	return map[string]any{"storageAccounts": out}, nil
}

func anyLogEnabled(logs []*armmonitor.LogSettings) bool {
	for _, l := range logs {
		if l != nil && l.Enabled != nil && *l.Enabled {
			return true
		}
	}
	return false
}

func keyVaults(ctx context.Context, s *sub) (any, error) {
	items, err := s.r.list(ctx, "/subscriptions/"+s.id+"/providers/Microsoft.KeyVault/vaults", keyVaultAPIVersion)
	return value(items), err
}

// servers lists the subscription's Azure SQL servers, shared by sql.servers
// and defender.sql_resources.
func (s *sub) servers(ctx context.Context) ([]json.RawMessage, error) {
	return s.fetches.sqlServers.Get(ctx, func(ctx context.Context) ([]json.RawMessage, error) {
		return s.r.list(ctx, "/subscriptions/"+s.id+"/providers/Microsoft.Sql/servers", sqlAPIVersion)
	})
}

func sqlServers(ctx context.Context, s *sub) (any, error) {
	items, err := s.servers(ctx)
	return value(items), err
}

// sentinelList reads one Microsoft.SecurityInsights list for every workspace
// with Sentinel onboarded ("not onboarded" answers are an empty list).
func sentinelList(kind, key string) func(ctx context.Context, s *sub) (any, error) {
	return func(ctx context.Context, s *sub) (any, error) {
		states, err := s.onboardingStates(ctx)
		if err != nil {
			return nil, &skipError{reason: "section securityinsights.onboarding_states could not be read, so the Sentinel workspaces are unknown"}
		}
		out := []map[string]any{}
		for _, st := range states {
			if len(st.Value) == 0 {
				continue
			}
			items, err := s.sentinelRead(ctx, st.WorkspaceID, kind)
			if err != nil {
				return nil, err
			}
			out = append(out, map[string]any{"workspaceId": st.WorkspaceID, "value": items})
		}
		return map[string]any{key: out}, nil
	}
}

type workspaceList struct {
	WorkspaceID string            `json:"workspaceId"`
	Value       []json.RawMessage `json:"value"`
}

func (s *sub) onboardingStates(ctx context.Context) ([]workspaceList, error) {
	return s.fetches.onboarding.Get(ctx, func(ctx context.Context) ([]workspaceList, error) {
		ws, err := s.workspaces(ctx)
		if err != nil {
			return nil, &skipError{reason: "section operationalinsights.workspaces could not be read, so the Sentinel workspaces are unknown"}
		}
		out := []workspaceList{}
		for _, w := range ws {
			items, err := s.sentinelRead(ctx, deref(w.ID), "onboardingStates")
			if err != nil {
				return nil, err
			}
			out = append(out, workspaceList{WorkspaceID: deref(w.ID), Value: items})
		}
		return out, nil
	})
}

// sentinelRead lists one SecurityInsights collection of a workspace; 404 and
// 400 (the workspace is not onboarded) are an empty list.
func (s *sub) sentinelRead(ctx context.Context, workspaceID, kind string) ([]json.RawMessage, error) {
	items, err := s.r.list(ctx, workspaceID+"/providers/Microsoft.SecurityInsights/"+kind, sentinelAPIVersion)
	if isStatus(err, 404, 400) {
		return []json.RawMessage{}, nil
	}
	return items, err
}

func onboardingStates(ctx context.Context, s *sub) (any, error) {
	states, err := s.onboardingStates(ctx)
	if err != nil {
		return nil, err
	}
	return map[string]any{"onboardingStatesByWorkspace": states}, nil
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// tables lists the tables of every workspace with Sentinel onboarded, each
// trimmed to what retention checks read.
func tables(ctx context.Context, s *sub) (any, error) {
	states, err := s.onboardingStates(ctx)
	if err != nil {
		return nil, &skipError{reason: "section securityinsights.onboarding_states could not be read, so the Sentinel workspaces are unknown"}
	}
	out := []map[string]any{}
	for _, st := range states {
		if len(st.Value) == 0 {
			continue
		}
		items, err := s.r.list(ctx, st.WorkspaceID+"/tables", tablesAPIVersion)
		if err != nil {
			return nil, err
		}
		trimmed := make([]tableRetention, 0, len(items))
		for _, raw := range items {
			var t tableRetention
			if err := json.Unmarshal(raw, &t); err != nil {
				return nil, fmt.Errorf("table of %s: %w", st.WorkspaceID, err)
			}
			trimmed = append(trimmed, t)
		}
		out = append(out, map[string]any{"workspaceId": st.WorkspaceID, "value": trimmed})
	}
	return map[string]any{"tablesByWorkspace": out}, nil
}

// tableRetention is a Log Analytics table without its column schema.
type tableRetention struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Type       string `json:"type,omitempty"`
	Properties struct {
		RetentionInDays               *int   `json:"retentionInDays"`
		TotalRetentionInDays          *int   `json:"totalRetentionInDays"`
		ArchiveRetentionInDays        *int   `json:"archiveRetentionInDays,omitempty"`
		RetentionInDaysAsDefault      *bool  `json:"retentionInDaysAsDefault,omitempty"`
		TotalRetentionInDaysAsDefault *bool  `json:"totalRetentionInDaysAsDefault,omitempty"`
		Plan                          string `json:"plan,omitempty"`
		ProvisioningState             string `json:"provisioningState,omitempty"`
	} `json:"properties"`
}
