package azure

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	azarm "github.com/Azure/azure-sdk-for-go/sdk/azcore/arm"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"

	"github.com/irscan/irscan/internal/fakecloud/fixture"
)

const (
	fixturesRoot = "../../../testdata/fakecloud"
	tenantID     = "99999999-9999-9999-9999-999999999999"
	subID        = "11111111-1111-1111-1111-111111111111"
	readerName   = "irscan-reader"
	// armAudience is the audience irscan's cloud configuration uses for ARM
	// (that of cloud.AzurePublic).
	armAudience = "https://management.core.windows.net/"
)

// fake is a Server on an httptest TLS server.
type fake struct {
	t   *testing.T
	srv *Server
	ts  *httptest.Server
	// guard is the transport every client uses: it trusts the test server's
	// certificate and refuses any other host (so no test reaches the
	// network), recording what it refused.
	guard *guardTransport
}

// startFake serves the compliant scenario (unless opts names another).
func startFake(t *testing.T, opts Options) *fake {
	t.Helper()
	if opts.Fixtures == "" {
		opts.Fixtures, opts.Scenario = fixturesRoot, "compliant"
	}
	srv, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewTLSServer(srv)
	t.Cleanup(ts.Close)
	return &fake{t: t, srv: srv, ts: ts, guard: &guardTransport{host: strings.TrimPrefix(ts.URL, "https://"), next: ts.Client()}}
}

// startScenario writes a scenario directory (scenario.yaml plus files, by
// relative path) and serves it.
func startScenario(t *testing.T, scenarioYAML string, files map[string]string, opts Options) *fake {
	t.Helper()
	opts.Fixtures, opts.Scenario = writeScenario(t, scenarioYAML, files), ""
	return startFake(t, opts)
}

// writeScenario writes a scenario directory and returns it.
func writeScenario(t *testing.T, scenarioYAML string, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	files["scenario.yaml"] = scenarioYAML
	for rel, body := range files {
		path := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// minimalScenario is a one-subscription scenario for tests that bring their
// own fixtures.
const minimalScenario = `
tenant: {id: 99999999-9999-9999-9999-999999999999}
principals:
  - {name: irscan-reader, client_id: 22222222-2222-2222-2222-222222222222, client_secret: s3cret}
subscriptions:
  - {id: 11111111-1111-1111-1111-111111111111, display_name: test}
`

// guardTransport sends requests for host to next and refuses every other
// host, recording the refused URLs.
type guardTransport struct {
	host string
	next *http.Client

	mu      sync.Mutex
	refused []string
}

func (g *guardTransport) Do(req *http.Request) (*http.Response, error) {
	if req.URL.Host != g.host {
		g.mu.Lock()
		g.refused = append(g.refused, req.URL.String())
		g.mu.Unlock()
		return nil, fmt.Errorf("test transport: refusing %s (not the fake)", req.URL.Host)
	}
	return g.next.Do(req)
}

func (g *guardTransport) reset() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.refused = nil
}

func (g *guardTransport) refusedURLs() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]string(nil), g.refused...)
}

// cloudConfig points clients at the fake as both authority and ARM.
func (f *fake) cloudConfig() cloud.Configuration {
	return cloud.Configuration{
		ActiveDirectoryAuthorityHost: f.ts.URL + "/",
		Services: map[cloud.ServiceName]cloud.ServiceConfiguration{
			cloud.ResourceManager: {Endpoint: f.ts.URL, Audience: armAudience},
		},
	}
}

// clientOptions are the ARM client options tests use: the fake's cloud,
// the guarded transport and short retry delays.
func (f *fake) clientOptions() *azarm.ClientOptions {
	return &azarm.ClientOptions{ClientOptions: policy.ClientOptions{
		Cloud:     f.cloudConfig(),
		Transport: f.guard,
		Retry:     policy.RetryOptions{MaxRetries: 3, RetryDelay: 5 * time.Millisecond, MaxRetryDelay: 50 * time.Millisecond},
	}}
}

// credential signs in as the named principal of the scenario with a client
// secret, as irscan does with a credential it builds itself.
func (f *fake) credential(name string) azcore.TokenCredential {
	f.t.Helper()
	p := f.srv.Scenario().principal(name)
	if p == nil {
		f.t.Fatalf("no principal %q", name)
	}
	cred, err := azidentity.NewClientSecretCredential(f.srv.Scenario().Tenant.ID, p.ClientID, p.ClientSecret,
		&azidentity.ClientSecretCredentialOptions{
			ClientOptions:            policy.ClientOptions{Cloud: f.cloudConfig(), Transport: f.guard},
			DisableInstanceDiscovery: true,
		})
	if err != nil {
		f.t.Fatal(err)
	}
	return cred
}

// get sends one raw request to the fake (no SDK), with an optional bearer
// token, and returns the status, headers and body.
func (f *fake) get(method, path, token string) (int, http.Header, []byte) {
	f.t.Helper()
	req, err := http.NewRequest(method, f.ts.URL+path, nil)
	if err != nil {
		f.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := f.ts.Client().Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		f.t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, body
}

// token obtains an access token for the named principal.
func (f *fake) token(name string) string {
	f.t.Helper()
	tok, err := f.credential(name).GetToken(context.Background(), policy.TokenRequestOptions{Scopes: []string{armAudience + "/.default"}})
	if err != nil {
		f.t.Fatal(err)
	}
	return tok.Token
}

// armCalls returns the ARM calls of the log (not the Entra ones).
func (f *fake) armCalls() []Call {
	var out []Call
	for _, c := range f.srv.Calls() {
		if c.API == "arm" {
			out = append(out, c)
		}
	}
	return out
}

// responseError is the ARM error of an SDK error, or fails the test.
func responseError(t *testing.T, err error) *azcore.ResponseError {
	t.Helper()
	var re *azcore.ResponseError
	if err == nil {
		t.Fatal("the call succeeded; want an ARM error")
	}
	if !errors.As(err, &re) {
		t.Fatalf("error %v is not an *azcore.ResponseError", err)
	}
	return re
}

// tokenClaims decodes the payload of a JWT.
func tokenClaims(t *testing.T, token string) map[string]any {
	t.Helper()
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("token %q is not a JWT", token)
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(payload, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// fixturePath is the path of a compliant fixture file.
func fixturePath(rel string) string {
	return filepath.Join(fixturesRoot, "azure", "compliant", filepath.FromSlash(rel))
}

// jsonPaths lists the member paths of a JSON document ("value[].properties.emails"),
// skipping members whose value is null.
func jsonPaths(v any, prefix string, out map[string]bool) {
	switch x := v.(type) {
	case map[string]any:
		for k, child := range x {
			if child == nil {
				continue
			}
			p := k
			if prefix != "" {
				p = prefix + "." + k
			}
			out[p] = true
			jsonPaths(child, p, out)
		}
	case []any:
		for _, child := range x {
			jsonPaths(child, prefix+"[]", out)
		}
	}
}

// assertRoundTrip checks that every member of a fixture file (except
// nextLink) survives decoding into the typed SDK value and encoding it
// again: a member the model does not know (a typo, a wrong nesting, a field
// of another api-version) would be silently dropped by the client otherwise.
func assertRoundTrip(t *testing.T, file string, typed any) {
	t.Helper()
	raw, err := os.ReadFile(fixturePath(file))
	if err != nil {
		t.Fatal(err)
	}
	var want any
	if err := json.Unmarshal(fixture.ExpandRFC3339Times(raw, time.Now()), &want); err != nil {
		t.Fatal(err)
	}
	again, err := json.Marshal(typed)
	if err != nil {
		t.Fatal(err)
	}
	var got any
	if err := json.Unmarshal(again, &got); err != nil {
		t.Fatal(err)
	}
	wantPaths, gotPaths := map[string]bool{}, map[string]bool{}
	jsonPaths(want, "", wantPaths)
	jsonPaths(got, "", gotPaths)
	var lost []string
	for p := range wantPaths {
		if !gotPaths[p] && p != "nextLink" {
			lost = append(lost, p)
		}
	}
	sort.Strings(lost)
	if len(lost) > 0 {
		t.Errorf("%s: members the SDK model dropped (typo or not in this api-version?): %s", file, strings.Join(lost, ", "))
	}
}
