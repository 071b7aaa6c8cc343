package azure

import (
	"strings"
	"testing"
)

// TestAllowList: with Options.Allow the fake refuses every action that no
// allowed pattern matches (a custom role with exactly those Actions), with
// ARM's AuthorizationFailed naming the action; deny rules still apply.
func TestAllowList(t *testing.T) {
	f := startFake(t, Options{
		Allow: []string{"Microsoft.Resources/subscriptions/read", "microsoft.security/pricings/read", "Microsoft.SecurityInsights/*/read"},
	})
	token := f.token(readerName)
	s := "/subscriptions/" + subID
	for path, want := range map[string]int{
		s + "?api-version=2022-12-01":                                                                               200,
		s + "/providers/Microsoft.Security/pricings?api-version=2024-01-01":                                         200,
		s + "/providers/Microsoft.Security/securityContacts?api-version=2023-12-01-preview":                         403,
		workspace + "/providers/Microsoft.SecurityInsights/alertRules?api-version=2025-09-01":                       200,
		s + "/resourceGroups/rg-security/providers/Microsoft.OperationalInsights/workspaces?api-version=2021-06-01": 403,
	} {
		status, _, body := f.get("GET", path, token)
		if status != want {
			t.Errorf("GET %s: %d, want %d: %s", path, status, want, body)
		}
		if want == 403 && !strings.Contains(string(body), "AuthorizationFailed") {
			t.Errorf("GET %s: %s", path, body)
		}
	}
	if _, err := New(Options{Fixtures: fixturesRoot, Scenario: "compliant", Allow: []string{"read"}}); err == nil {
		t.Error("an allow pattern that is not an RBAC action was accepted")
	}
	// The scenario's deny rules still apply: irscan-no-sentinel has no
	// Microsoft.SecurityInsights action, whatever the allow-list says.
	status, _, _ := f.get("GET", workspace+"/providers/Microsoft.SecurityInsights/alertRules?api-version=2025-09-01", f.token("irscan-no-sentinel"))
	if status != 403 {
		t.Errorf("no-sentinel alertRules: %d, want 403", status)
	}
	for _, c := range f.armCalls() {
		if c.Status == 403 && c.Fault != "denied" {
			t.Errorf("%s refused without the denied fault: %+v", c.Path, c)
		}
	}
}
