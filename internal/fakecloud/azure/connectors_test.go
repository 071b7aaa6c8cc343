package azure

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"testing"
)

// TestSOCConnectorsFollowTheOfficialExample: the soc-central scenarios serve
// the SOC workspace's Defender for Cloud connectors (kind AzureSecurityCenter)
// through the real azcore pipeline with exactly the members of the
// AzureSecurityCenter connector of the official stable example
// (securityinsights/2025-09-01/GetDataConnectors.json: id, name, type, kind,
// etag, properties.subscriptionId, properties.dataTypes.alerts.state), each
// naming the subscription whose alerts it brings in. The estate facts tie a
// workload subscription to the workspace by that subscriptionId.
func TestSOCConnectorsFollowTheOfficialExample(t *testing.T) {
	var example struct {
		Value []map[string]any `json:"value"`
	}
	if err := json.Unmarshal(exampleBody(t, "securityinsights/2025-09-01/GetDataConnectors.json"), &example); err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, c := range example.Value {
		if c["kind"] == "AzureSecurityCenter" {
			jsonPaths(c, "", want)
		}
	}
	if len(want) == 0 {
		t.Fatal("the official example has no AzureSecurityCenter connector")
	}
	const (
		soc = "88888888-8888-8888-8888-888888888888"
		ws  = "/subscriptions/" + soc + "/resourceGroups/rg-soc/providers/Microsoft.OperationalInsights/workspaces/law-soc"
	)
	for sc, state := range map[string]string{"soc-central": "Enabled", "soc-central-broken": "Disabled"} {
		t.Run(sc, func(t *testing.T) {
			t.Parallel()
			f := startFake(t, Options{Fixtures: fixturesRoot, Scenario: sc})
			g := newGenericReader(t, f.credential(readerName), f.clientOptions())
			var got struct {
				Value []map[string]any `json:"value"`
			}
			// The api-version the collector sends for Microsoft.SecurityInsights.
			if err := g.get(context.Background(), ws+"/providers/Microsoft.SecurityInsights/dataConnectors", "2025-09-01", &got); err != nil {
				t.Fatal(err)
			}
			var named []string
			for _, c := range got.Value {
				paths := map[string]bool{}
				jsonPaths(c, "", paths)
				if !maps.Equal(paths, want) {
					t.Errorf("connector %v: members %v, want those of the official example %v", c["name"], slices.Sorted(maps.Keys(paths)), slices.Sorted(maps.Keys(want)))
				}
				props, _ := c["properties"].(map[string]any)
				if c["kind"] != "AzureSecurityCenter" || props == nil {
					continue
				}
				named = append(named, props["subscriptionId"].(string))
				if s := props["dataTypes"].(map[string]any)["alerts"].(map[string]any)["state"]; s != state {
					t.Errorf("connector %v: alerts %v, want %s", c["name"], s, state)
				}
			}
			slices.Sort(named)
			if w := []string{"44444444-4444-4444-4444-444444444444", "55555555-5555-5555-5555-555555555555", soc}; !slices.Equal(named, w) {
				t.Errorf("the connectors name %v, want %v", named, w)
			}
		})
	}
}
