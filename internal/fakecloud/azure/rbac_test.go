package azure

import (
	"context"
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/security/armsecurity"
)

func TestAction(t *testing.T) {
	const s = "/subscriptions/" + subID
	const ws = s + "/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law"
	for _, c := range []struct{ method, path, want string }{
		{"GET", s + "/providers/Microsoft.Security/securityContacts", "Microsoft.Security/securityContacts/read"},
		{"GET", s + "/providers/Microsoft.Security/securityContacts/default", "Microsoft.Security/securityContacts/read"},
		{"GET", s + "/providers/Microsoft.Security/pricings", "Microsoft.Security/pricings/read"},
		{"GET", s + "/providers/Microsoft.Insights/diagnosticSettings", "Microsoft.Insights/diagnosticSettings/read"},
		{"GET", ws + "/providers/Microsoft.SecurityInsights/alertRules", "Microsoft.SecurityInsights/alertRules/read"},
		{"GET", ws + "/providers/Microsoft.SecurityInsights/incidents/abc", "Microsoft.SecurityInsights/incidents/read"},
		{"GET", s + "/resourceGroups/NetworkWatcherRG/providers/Microsoft.Network/networkWatchers/nw/flowLogs", "Microsoft.Network/networkWatchers/flowLogs/read"},
		{"GET", s + "/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st/blobServices/default/containers/c/immutabilityPolicies/default",
			"Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies/read"},
		{"GET", ws, "Microsoft.OperationalInsights/workspaces/read"},
		{"GET", "/subscriptions", "Microsoft.Resources/subscriptions/read"},
		{"GET", s, "Microsoft.Resources/subscriptions/read"},
		{"GET", s + "/resourceGroups", "Microsoft.Resources/subscriptions/resourceGroups/read"},
		{"GET", s + "/resourcegroups/rg", "Microsoft.Resources/subscriptions/resourceGroups/read"},
		{"GET", s + "/resources", "Microsoft.Resources/subscriptions/resources/read"},
		{"GET", s + "/providers", "Microsoft.Resources/subscriptions/providers/read"},
		{"GET", s + "/providers/Microsoft.Security", "Microsoft.Resources/subscriptions/providers/read"},
		{"GET", "/tenants", "Microsoft.Resources/tenants/read"},
		{"GET", "/providers/Microsoft.Management/managementGroups/mg1", "Microsoft.Management/managementGroups/read"},
		{"PUT", s + "/providers/Microsoft.Security/securityContacts/default", "Microsoft.Security/securityContacts/write"},
		{"PATCH", s + "/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st", "Microsoft.Storage/storageAccounts/write"},
		{"DELETE", s + "/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st", "Microsoft.Storage/storageAccounts/delete"},
		{"POST", s + "/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st/listKeys", "Microsoft.Storage/storageAccounts/listKeys/action"},
		{"GET", "/foo/bar", ""},
		{"GET", "/subscriptions//providers", ""},
	} {
		if got := Action(c.method, c.path); got != c.want {
			t.Errorf("Action(%s %s) = %q, want %q", c.method, c.path, got, c.want)
		}
	}
}

func TestScope(t *testing.T) {
	const s = "/subscriptions/" + subID
	for path, want := range map[string]string{
		s + "/providers/Microsoft.Storage/storageAccounts":                                                                            s,
		s + "/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st":                                                       s + "/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st",
		s + "/resourceGroups/rg/providers/Microsoft.Network/networkWatchers/nw/flowLogs":                                              s + "/resourceGroups/rg/providers/Microsoft.Network/networkWatchers/nw",
		s + "/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/w/providers/Microsoft.SecurityInsights/alertRules": s + "/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/w",
		s + "/resourceGroups": s,
		"/subscriptions":      "/",
	} {
		rp, err := parsePath(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := rp.scope(); got != want {
			t.Errorf("scope(%s) = %q, want %q", path, got, want)
		}
	}
}

func TestMatchGlob(t *testing.T) {
	for _, c := range []struct {
		pattern, s string
		want       bool
	}{
		{"Microsoft.SecurityInsights/*", "Microsoft.SecurityInsights/alertRules/read", true},
		{"microsoft.securityinsights/*/read", "Microsoft.SecurityInsights/alertRules/read", true},
		{"Microsoft.Security/*", "Microsoft.SecurityInsights/alertRules/read", false},
		{"*", "anything", true},
		{"/subscriptions/*/providers/Microsoft.Security/pricings", "/subscriptions/1111/providers/Microsoft.Security/pricings", true},
		{"/subscriptions/*/providers/Microsoft.Security/pricings", "/subscriptions/1111/providers/Microsoft.Security/pricings/x", false},
		{"Microsoft.Network/networkWatchers/?lowLogs/read", "Microsoft.Network/networkWatchers/flowLogs/read", true},
		{"a*b*c", "aXbYbZc", true},
		{"a*b*c", "aXbYbZ", false},
	} {
		if got := matchGlob(c.pattern, c.s); got != c.want {
			t.Errorf("matchGlob(%q, %q) = %v", c.pattern, c.s, got)
		}
	}
}

// TestDenied: a principal whose role lacks an action gets ARM's 403
// AuthorizationFailed naming the client, the action and the scope, through
// the real clients; other principals and actions are not affected.
func TestDenied(t *testing.T) {
	f := startFake(t, Options{Deny: []string{"Microsoft.Security/securityContacts/read"}})
	ctx := context.Background()

	// The scenario denies irscan-no-sentinel every Microsoft.SecurityInsights action.
	g := newGenericReader(t, f.credential("irscan-no-sentinel"), f.clientOptions())
	_, _, err := g.list(ctx, workspace+"/providers/Microsoft.SecurityInsights/alertRules", sentinelAPIVersion)
	re := responseError(t, err)
	want := "The client '55555555-5555-5555-5555-555555555555' with object id '55555555-5555-5555-5555-555555555555' does not have authorization to perform action 'Microsoft.SecurityInsights/alertRules/read' over scope '" + workspace + "' or the scope is invalid."
	if re.StatusCode != 403 || re.ErrorCode != "AuthorizationFailed" || !strings.Contains(err.Error(), want) {
		t.Errorf("no-sentinel alertRules: %v", err)
	}
	// The reader may read them.
	if _, _, err := newGenericReader(t, f.credential(readerName), f.clientOptions()).list(ctx, workspace+"/providers/Microsoft.SecurityInsights/alertRules", sentinelAPIVersion); err != nil {
		t.Errorf("reader alertRules: %v", err)
	}

	// Options.Deny (fakecloud --deny) applies to every principal.
	contacts := must(armsecurity.NewContactsClient(subID, f.credential(readerName), f.clientOptions()))
	_, err = contacts.NewListPager(nil).NextPage(ctx)
	re = responseError(t, err)
	if re.StatusCode != 403 || !strings.Contains(err.Error(), "perform action 'Microsoft.Security/securityContacts/read' over scope '/subscriptions/"+subID+"'") {
		t.Errorf("denied contacts: %v", err)
	}
	if _, err := must(armsecurity.NewPricingsClient(f.credential(readerName), f.clientOptions())).List(ctx, "subscriptions/"+subID, nil); err != nil {
		t.Errorf("pricings: %v", err)
	}

	var denied []string
	for _, c := range f.armCalls() {
		if c.Fault == "denied" {
			denied = append(denied, c.Principal+" "+c.Action)
		}
	}
	if strings.Join(denied, "; ") != "irscan-no-sentinel Microsoft.SecurityInsights/alertRules/read; irscan-reader Microsoft.Security/securityContacts/read" {
		t.Errorf("denied calls = %q", denied)
	}
}

// TestDenyScope: a deny rule limited to a scope pattern.
func TestDenyScope(t *testing.T) {
	files := map[string]string{
		"subscriptions/" + subID + "/resourceGroups/rg-a/providers/Microsoft.Network/networkWatchers.json": `{"value": []}`,
		"subscriptions/" + subID + "/resourceGroups/rg-b/providers/Microsoft.Network/networkWatchers.json": `{"value": []}`,
	}
	f := startScenario(t, minimalScenario+`
deny:
  - {action: "Microsoft.Network/*", principal: irscan-reader, scope: "/subscriptions/*/resourceGroups/rg-a/*"}
`, files, Options{})
	token := f.token(readerName)
	for rg, want := range map[string]int{"rg-a": 403, "rg-b": 200} {
		status, _, _ := f.get("GET", "/subscriptions/"+subID+"/resourceGroups/"+rg+"/providers/Microsoft.Network/networkWatchers?api-version=2025-01-01", token)
		if status != want {
			t.Errorf("%s: %d, want %d", rg, status, want)
		}
	}
}
