package azure

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	azarm "github.com/Azure/azure-sdk-for-go/sdk/azcore/arm"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
)

// genericReader reads ARM paths that have no typed client in irscan's
// go.mod (Microsoft.SecurityInsights: armsecurityinsights fails checksum
// verification; Key Vault and SQL: no module) the way the notes recommend:
// azcore/arm's client for the pipeline (auth, retries, telemetry) plus raw
// GETs, following nextLink like the generated pagers.
type genericReader struct {
	client *azarm.Client
}

func newGenericReader(t *testing.T, cred azcore.TokenCredential, opts *azarm.ClientOptions) *genericReader {
	t.Helper()
	client, err := azarm.NewClient("fakecloud-test", "v0.0.1", cred, opts)
	if err != nil {
		t.Fatal(err)
	}
	return &genericReader{client: client}
}

// get GETs path at api-version into v.
func (g *genericReader) get(ctx context.Context, path, apiVersion string, v any) error {
	resp, err := g.do(ctx, runtime.JoinPaths(g.client.Endpoint(), path)+"?api-version="+apiVersion)
	if err != nil {
		return err
	}
	return runtime.UnmarshalAsJSON(resp, v)
}

// do sends one GET through the pipeline and turns non-200s into errors.
func (g *genericReader) do(ctx context.Context, url string) (*http.Response, error) {
	req, err := runtime.NewRequest(ctx, http.MethodGet, url)
	if err != nil {
		return nil, err
	}
	resp, err := g.client.Pipeline().Do(req)
	if err != nil {
		return nil, err
	}
	if !runtime.HasStatusCode(resp, http.StatusOK) {
		return nil, runtime.NewResponseError(resp)
	}
	return resp, nil
}

// listPage is ARM's list envelope.
type listPage struct {
	Value    []json.RawMessage `json:"value"`
	NextLink *string           `json:"nextLink"`
}

// list GETs every page of a list, following nextLink with runtime.NewPager
// as the generated clients do, and returns the items and the page count.
func (g *genericReader) list(ctx context.Context, path, apiVersion string) ([]json.RawMessage, int, error) {
	pager := runtime.NewPager(runtime.PagingHandler[listPage]{
		More: func(p listPage) bool { return p.NextLink != nil && *p.NextLink != "" },
		Fetcher: func(ctx context.Context, cur *listPage) (listPage, error) {
			url := runtime.JoinPaths(g.client.Endpoint(), path) + "?api-version=" + apiVersion
			if cur != nil {
				url = *cur.NextLink
			}
			resp, err := g.do(ctx, url)
			if err != nil {
				return listPage{}, err
			}
			var p listPage
			return p, runtime.UnmarshalAsJSON(resp, &p)
		},
	})
	var items []json.RawMessage
	n := 0
	for pager.More() {
		p, err := pager.NextPage(ctx)
		if err != nil {
			return nil, n, err
		}
		n++
		items = append(items, p.Value...)
	}
	return items, n, nil
}

// resource is the part of an ARM resource the generic checks read.
type resource struct {
	ID         string            `json:"id"`
	Name       string            `json:"name"`
	Type       string            `json:"type"`
	Kind       string            `json:"kind"`
	Tags       map[string]string `json:"tags"`
	Properties json.RawMessage   `json:"properties"`
}

func decodeAll(t *testing.T, items []json.RawMessage) []resource {
	t.Helper()
	out := make([]resource, len(items))
	for i, it := range items {
		if err := json.Unmarshal(it, &out[i]); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func (r resource) props(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Properties, v); err != nil {
		t.Fatalf("%s: %v", r.ID, err)
	}
}

// sentinelAPIVersion is what armsecurityinsights/v2 v2.0.0-beta.5 sends;
// the fixtures answer any api-version.
const sentinelAPIVersion = "2025-07-01-preview"

// TestCompliantGenericReads reads the compliant fixtures that have no typed
// client through azcore/arm's pipeline and checks what the Azure checks
// (docs/checks.md) need from them.
func TestCompliantGenericReads(t *testing.T) {
	f := startFake(t, Options{})
	g := newGenericReader(t, f.credential(readerName), f.clientOptions())
	ctx := context.Background()
	si := workspace + "/providers/Microsoft.SecurityInsights/"

	list := func(t *testing.T, path, apiVersion string, wantPages int) []resource {
		t.Helper()
		items, n, err := g.list(ctx, path, apiVersion)
		if err != nil {
			t.Fatal(err)
		}
		if n != wantPages {
			t.Errorf("%s: %d pages, want %d", path, n, wantPages)
		}
		return decodeAll(t, items)
	}

	t.Run("onboardingStates", func(t *testing.T) {
		states := list(t, si+"onboardingStates", sentinelAPIVersion, 1)
		var one resource
		if err := g.get(ctx, si+"onboardingStates/default", sentinelAPIVersion, &one); err != nil {
			t.Fatal(err)
		}
		if len(states) != 1 || states[0].Name != "default" || one.Type != "Microsoft.SecurityInsights/onboardingStates" {
			t.Errorf("onboarding states = %+v, default = %+v", states, one)
		}
	})

	t.Run("dataConnectors", func(t *testing.T) {
		kinds := map[string]bool{}
		for _, c := range list(t, si+"dataConnectors", sentinelAPIVersion, 1) {
			var p struct {
				DataTypes struct {
					Alerts struct{ State string } `json:"alerts"`
				} `json:"dataTypes"`
			}
			c.props(t, &p)
			kinds[c.Kind] = p.DataTypes.Alerts.State == "Enabled"
		}
		if !kinds["AzureSecurityCenter"] || !kinds["MicrosoftThreatProtection"] {
			t.Errorf("connectors with alerts enabled = %v", kinds)
		}
	})

	t.Run("alertRules", func(t *testing.T) {
		// Two pages: the nextLink the fake writes is followed.
		creates := map[string]bool{}
		for _, r := range list(t, si+"alertRules", sentinelAPIVersion, 2) {
			var p struct {
				Enabled               bool `json:"enabled"`
				IncidentConfiguration *struct {
					CreateIncident bool `json:"createIncident"`
				} `json:"incidentConfiguration"`
			}
			r.props(t, &p)
			creates[r.Kind] = p.Enabled && (r.Kind != "Scheduled" || (p.IncidentConfiguration != nil && p.IncidentConfiguration.CreateIncident))
		}
		for _, k := range []string{"MicrosoftSecurityIncidentCreation", "Fusion", "Scheduled"} {
			if !creates[k] {
				t.Errorf("no enabled incident-creating %s rule: %v", k, creates)
			}
		}
		// The stable api-version an armsecurityinsights v1 client sends is
		// answered from the same files.
		if rules := list(t, si+"alertRules", "2021-10-01", 2); len(rules) != 3 {
			t.Errorf("2021-10-01: %d rules", len(rules))
		}
	})

	t.Run("automationRules", func(t *testing.T) {
		actions := map[string]string{}
		for _, r := range list(t, si+"automationRules", sentinelAPIVersion, 1) {
			var p struct {
				TriggeringLogic struct {
					IsEnabled    bool   `json:"isEnabled"`
					TriggersOn   string `json:"triggersOn"`
					TriggersWhen string `json:"triggersWhen"`
				} `json:"triggeringLogic"`
				Actions []struct {
					ActionType          string `json:"actionType"`
					ActionConfiguration struct {
						LogicAppResourceID string `json:"logicAppResourceId"`
						Severity           string `json:"severity"`
					} `json:"actionConfiguration"`
				} `json:"actions"`
			}
			r.props(t, &p)
			tl := p.TriggeringLogic
			if !tl.IsEnabled || tl.TriggersOn != "Incidents" || tl.TriggersWhen != "Created" {
				continue
			}
			for _, a := range p.Actions {
				actions[a.ActionType] = a.ActionConfiguration.LogicAppResourceID + a.ActionConfiguration.Severity
			}
		}
		if actions["ModifyProperties"] == "" || !strings.HasSuffix(actions["RunPlaybook"], "/workflows/playbook-isolate-host") {
			t.Errorf("enabled on-creation automation rule actions = %v", actions)
		}
	})

	t.Run("incidents", func(t *testing.T) {
		closed := 0
		for _, r := range list(t, si+"incidents", sentinelAPIVersion, 1) {
			var p struct {
				Status                string    `json:"status"`
				Classification        string    `json:"classification"`
				ClassificationComment string    `json:"classificationComment"`
				LastModifiedTimeUtc   time.Time `json:"lastModifiedTimeUtc"`
			}
			r.props(t, &p)
			if p.Status != "Closed" {
				continue
			}
			age := time.Since(p.LastModifiedTimeUtc)
			if p.Classification == "" || p.ClassificationComment == "" || age < 0 || age > 90*24*time.Hour {
				t.Errorf("closed incident %s = %+v", r.Name, p)
			}
			closed++
		}
		if closed == 0 {
			t.Error("no incident closed in the look-back window")
		}
	})

	t.Run("classificationTags", func(t *testing.T) {
		for _, p := range []struct{ path, apiVersion string }{
			{"/subscriptions/" + subID + "/providers/Microsoft.KeyVault/vaults", "2023-07-01"},
			{"/subscriptions/" + subID + "/providers/Microsoft.Sql/servers", "2023-08-01"},
		} {
			items := list(t, p.path, p.apiVersion, 1)
			if len(items) == 0 {
				t.Errorf("%s: empty", p.path)
			}
			for _, r := range items {
				if r.Tags["DataClassification"] == "" {
					t.Errorf("%s has no DataClassification tag", r.ID)
				}
			}
		}
	})

	t.Run("pinnedApiVersion", func(t *testing.T) {
		// securityContacts@2020-01-01-preview.json answers that api-version
		// only, in that api-version's shape.
		var old []struct {
			Properties struct {
				AlertNotifications struct{ State, MinimalSeverity string } `json:"alertNotifications"`
			} `json:"properties"`
		}
		items, _, err := g.list(ctx, "/subscriptions/"+subID+"/providers/Microsoft.Security/securityContacts", "2020-01-01-preview")
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := json.Marshal(items)
		if err := json.Unmarshal(raw, &old); err != nil || len(old) != 1 || old[0].Properties.AlertNotifications.State != "On" {
			t.Errorf("2020-01-01-preview contacts = %s (%v)", raw, err)
		}
	})

	for _, c := range f.armCalls() {
		if c.Status != 200 || c.Fault != "" {
			t.Errorf("call %s %s: status %d, fault %q", c.Method, c.Path, c.Status, c.Fault)
		}
	}
}
