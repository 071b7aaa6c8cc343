package azure

import (
	"context"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"

	"github.com/irscan/irscan/collectors"
	fakeazure "github.com/irscan/irscan/internal/fakecloud/azure"
	"github.com/irscan/irscan/snapshot"
)

func TestRegistryIsValid(t *testing.T) {
	if err := collectors.Validate("azure", Sections()); err != nil {
		t.Fatal(err)
	}
	if len(sectionSpecs) != len(registry) {
		t.Fatalf("the collector does not run the registry: %d specs, %d entries", len(sectionSpecs), len(registry))
	}
	for _, c := range append(ScopeCalls(), callsOf(Sections())...) {
		if !strings.HasPrefix(c.Operation, "GET ") {
			t.Errorf("%s: not a GET", c.Operation)
		}
	}
	storage := collectors.Call{Operation: "GET {storageAccountId}/blobServices/default/containers"}
	if !storage.MatchRequest("GET", "/subscriptions/s/resourcegroups/rg/providers/Microsoft.Storage/storageAccounts/st/blobServices/default/containers") ||
		storage.MatchRequest("GET", "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st/blobServices/default/containers/c") {
		t.Error("MatchRequest does not match a storage account's containers exactly")
	}
}

// TestRegistryNamesEveryCall collects the compliant scenario with the real
// SDK clients against fakecloud and holds the registry to what the
// collector did: every call a section cites is one of that section's
// registry calls (or of a section it is filled after), with its
// api-version and the RBAC action the fake checked for it; every registry
// call was made; every other ARM call is a scope call of the registry.
func TestRegistryNamesEveryCall(t *testing.T) {
	snaps, srv := collectScenario(t, "compliant")
	byRequest := map[string]fakeazure.Call{}
	for _, c := range srv.Calls() {
		if c.API != "arm" {
			continue
		}
		byRequest[c.RequestID] = c
		if !slices.ContainsFunc(append(ScopeCalls(), callsOf(Sections())...), func(rc collectors.Call) bool { return matches(rc, c) }) {
			t.Errorf("GET %s (api-version %s) is in no registry call", c.Path, c.APIVersion)
		}
	}
	if len(snaps) != 1 {
		t.Fatalf("%d snapshots", len(snaps))
	}
	snap := snaps[0]
	calls := map[string]snapshot.Call{}
	for _, c := range snap.Calls {
		calls[c.ID] = c
	}
	secs := Sections()
	made := map[string]bool{}
	for _, sec := range secs {
		got, ok := snap.Sections[sec.Name]
		if !ok {
			t.Errorf("no section %s", sec.Name)
			continue
		}
		if got.Status != snapshot.StatusOK {
			t.Errorf("%s: %s (%s)", sec.Name, got.Status, got.Error)
		}
		allowed := collectors.Reads(secs, sec.Name)
		for _, id := range got.AllCalls() {
			fc, ok := byRequest[calls[id].RequestID]
			if !ok {
				t.Errorf("%s: call %s (request %q) is not in the fake's ARM log", sec.Name, id, calls[id].RequestID)
				continue
			}
			i := slices.IndexFunc(allowed, func(c collectors.Call) bool { return matches(c, fc) })
			if i < 0 {
				t.Errorf("%s called GET %s (api-version %s, %s), which its registry entry does not list", sec.Name, fc.Path, fc.APIVersion, fc.Action)
				continue
			}
			made[sec.Name+" "+allowed[i].Operation] = true
		}
	}
	for _, sec := range secs {
		for _, c := range sec.Calls {
			if !made[sec.Name+" "+c.Operation] {
				t.Errorf("%s: the registry lists %s, which the compliant scan never made for it", sec.Name, c.Operation)
			}
		}
	}
}

// matches reports whether the fake's call is the registry call: method and
// path, api-version and RBAC action (case-insensitive, as in Azure).
func matches(rc collectors.Call, fc fakeazure.Call) bool {
	return rc.MatchRequest(fc.Method, fc.Path) && rc.APIVersion == fc.APIVersion && strings.EqualFold(rc.Permission, fc.Action)
}

func callsOf(secs []collectors.Section) []collectors.Call {
	var out []collectors.Call
	for _, s := range secs {
		out = append(out, s.Calls...)
	}
	return out
}

// collectScenario collects a fakecloud scenario with the real SDK clients,
// signed in as the scenario's first principal.
func collectScenario(t *testing.T, scenario string) ([]*snapshot.Snapshot, *fakeazure.Server) {
	t.Helper()
	srv, err := fakeazure.New(fakeazure.Options{Fixtures: "../../testdata/fakecloud", Scenario: scenario})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewTLSServer(srv)
	t.Cleanup(ts.Close)
	conf := cloud.Configuration{
		ActiveDirectoryAuthorityHost: ts.URL + "/",
		Services: map[cloud.ServiceName]cloud.ServiceConfiguration{
			cloud.ResourceManager: {Endpoint: ts.URL, Audience: "https://management.core.windows.net/"},
		},
	}
	p := srv.Scenario().Principals[0]
	cred, err := azidentity.NewClientSecretCredential(srv.Scenario().Tenant.ID, p.ClientID, p.ClientSecret,
		&azidentity.ClientSecretCredentialOptions{
			ClientOptions:            policy.ClientOptions{Cloud: conf, Transport: ts.Client()},
			DisableInstanceDiscovery: true,
		})
	if err != nil {
		t.Fatal(err)
	}
	snaps, err := Collect(context.Background(), Options{ARMEndpoint: ts.URL, Transport: ts.Client(), Credential: cred, Parallel: 4, ToolVersion: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return snaps, srv
}
