package azure

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/resources/armsubscriptions"
)

// TestClientSecretCredential: a credential built in code with the scenario's
// tenant ID and DisableInstanceDiscovery obtains a token that ARM accepts;
// the token carries the principal's IDs.
func TestClientSecretCredential(t *testing.T) {
	f := startFake(t, Options{})
	cred := f.credential(readerName)
	client, err := armsubscriptions.NewClient(cred, f.clientOptions())
	if err != nil {
		t.Fatal(err)
	}
	got := pages(t, client.NewListPager(nil))
	if len(got[0].Value) != 1 {
		t.Fatalf("subscriptions = %s", mustJSON(got))
	}

	claims := tokenClaims(t, f.token(readerName))
	for k, want := range map[string]string{"appid": "22222222-2222-2222-2222-222222222222", "oid": "33333333-3333-3333-3333-333333333333",
		"tid": tenantID, "aud": armAudience, "idtyp": "app"} {
		if claims[k] != want {
			t.Errorf("claim %s = %v, want %s", k, claims[k], want)
		}
	}

	var entra []string
	for _, c := range f.srv.Calls() {
		if c.API == "entra" {
			entra = append(entra, c.Method+" "+c.Path)
			if c.Status != 200 {
				t.Errorf("%s %s: %d %s", c.Method, c.Path, c.Status, c.ErrorCode)
			}
		} else if c.ClientID != "22222222-2222-2222-2222-222222222222" || c.Principal != readerName || c.ObjectID != "33333333-3333-3333-3333-333333333333" {
			t.Errorf("ARM call recorded caller %q/%q/%q", c.ClientID, c.Principal, c.ObjectID)
		}
	}
	want := []string{"GET /" + tenantID + "/v2.0/.well-known/openid-configuration", "POST /" + tenantID + "/oauth2/v2.0/token"}
	if len(entra) < 2 || entra[0] != want[0] || entra[1] != want[1] {
		t.Errorf("Entra calls = %q, want %q first", entra, want)
	}
}

// shellEnvironment sets the environment Environment documents, except
// SSL_CERT_FILE (the Go test passes the test server's certificate in the
// transport; cmd/fakecloud's tests cover SSL_CERT_FILE in a child process).
func shellEnvironment(t *testing.T, f *fake, principal string) {
	t.Helper()
	for _, kv := range Environment(f.ts.URL, "unused.pem", f.srv.Scenario().principal(principal)) {
		k, v, _ := strings.Cut(kv, "=")
		if k != "SSL_CERT_FILE" {
			t.Setenv(k, v)
		}
	}
}

// TestEnvironmentCredential: with the environment Environment documents
// (AZURE_TENANT_ID=adfs, AZURE_AUTHORITY_HOST=<fake>/), the unmodified
// EnvironmentCredential and DefaultAzureCredential obtain a token ARM
// accepts, and never leave the fake.
func TestEnvironmentCredential(t *testing.T) {
	f := startFake(t, Options{})
	shellEnvironment(t, f, readerName)
	env, err := azidentity.NewEnvironmentCredential(&azidentity.EnvironmentCredentialOptions{
		ClientOptions: policy.ClientOptions{Transport: f.guard}})
	if err != nil {
		t.Fatal(err)
	}
	def, err := azidentity.NewDefaultAzureCredential(&azidentity.DefaultAzureCredentialOptions{
		ClientOptions: policy.ClientOptions{Transport: f.guard}})
	if err != nil {
		t.Fatal(err)
	}
	for name, client := range map[string]*armsubscriptions.Client{
		"EnvironmentCredential":  must(armsubscriptions.NewClient(env, f.clientOptions())),
		"DefaultAzureCredential": must(armsubscriptions.NewClient(def, f.clientOptions())),
	} {
		got := pages(t, client.NewListPager(nil))
		if len(got[0].Value) != 1 || *got[0].Value[0].SubscriptionID != subID {
			t.Errorf("%s: subscriptions = %s", name, mustJSON(got))
		}
	}
	if r := f.guard.refusedURLs(); len(r) > 0 {
		t.Errorf("requests outside the fake: %q", r)
	}
	adfs := 0
	for _, c := range f.srv.Calls() {
		if c.API == "entra" && strings.HasPrefix(c.Path, "/adfs/") {
			adfs++
		}
	}
	if adfs == 0 {
		t.Error("no call to the /adfs/ endpoints")
	}
}

// TestInstanceDiscoveryMustBeDisabled documents why the environment uses the
// tenant "adfs": with the real tenant ID, MSAL validates the unknown
// authority host with Microsoft's instance discovery service
// (login.microsoftonline.com), never asking the fake, and no environment
// variable turns that off; DisableInstanceDiscovery (code) does.
func TestInstanceDiscoveryMustBeDisabled(t *testing.T) {
	f := startFake(t, Options{})
	shellEnvironment(t, f, readerName)
	t.Setenv("AZURE_TENANT_ID", tenantID)
	cred, err := azidentity.NewEnvironmentCredential(&azidentity.EnvironmentCredentialOptions{
		ClientOptions: policy.ClientOptions{Transport: f.guard, Retry: policy.RetryOptions{MaxRetries: -1}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cred.GetToken(context.Background(), policy.TokenRequestOptions{Scopes: []string{armAudience + "/.default"}}); err == nil {
		t.Fatal("got a token without instance discovery")
	}
	refused := f.guard.refusedURLs()
	if len(refused) == 0 || !strings.HasPrefix(refused[0], "https://login.microsoftonline.com/common/discovery/instance?") {
		t.Fatalf("refused = %q, want MSAL's instance discovery at login.microsoftonline.com", refused)
	}

	// The same with DisableInstanceDiscovery: the fake alone answers.
	f.guard.reset()
	ok, err := azidentity.NewEnvironmentCredential(&azidentity.EnvironmentCredentialOptions{
		ClientOptions: policy.ClientOptions{Transport: f.guard}, DisableInstanceDiscovery: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ok.GetToken(context.Background(), policy.TokenRequestOptions{Scopes: []string{armAudience + "/.default"}}); err != nil {
		t.Fatal(err)
	}
	if r := f.guard.refusedURLs(); len(r) > 0 {
		t.Errorf("requests outside the fake: %q", r)
	}
}

// TestInstanceDiscoveryEndpoint: the fake's own instance discovery names
// itself, for MSAL builds and other SDKs that ask the authority host.
func TestInstanceDiscoveryEndpoint(t *testing.T) {
	f := startFake(t, Options{})
	q := url.Values{"api-version": {"1.1"}, "authorization_endpoint": {f.ts.URL + "/" + tenantID + "/oauth2/v2.0/authorize"}}
	status, _, body := f.get(http.MethodGet, "/common/discovery/instance?"+q.Encode(), "")
	var doc struct {
		TenantDiscoveryEndpoint string `json:"tenant_discovery_endpoint"`
		Metadata                []struct {
			Aliases []string `json:"aliases"`
		} `json:"metadata"`
	}
	if err := json.Unmarshal(body, &doc); err != nil || status != 200 {
		t.Fatalf("%d %s", status, body)
	}
	host := strings.TrimPrefix(f.ts.URL, "https://")
	if doc.TenantDiscoveryEndpoint != f.ts.URL+"/"+tenantID+"/v2.0/.well-known/openid-configuration" || len(doc.Metadata) != 1 || doc.Metadata[0].Aliases[0] != host {
		t.Fatalf("discovery = %s", body)
	}
	status, _, body = f.get(http.MethodGet, strings.TrimPrefix(doc.TenantDiscoveryEndpoint, f.ts.URL), "")
	var oidc map[string]any
	if err := json.Unmarshal(body, &oidc); err != nil || status != 200 || oidc["token_endpoint"] != f.ts.URL+"/"+tenantID+"/oauth2/v2.0/token" ||
		oidc["issuer"] != f.ts.URL+"/"+tenantID+"/v2.0" {
		t.Fatalf("openid-configuration: %d %s", status, body)
	}
	// The tenant may also be named by its domain.
	if status, _, _ := f.get(http.MethodGet, "/irscancompliant.onmicrosoft.com/v2.0/.well-known/openid-configuration", ""); status != 200 {
		t.Errorf("by domain: %d", status)
	}
}

// TestTokenErrors: Entra's errors for an unknown tenant, an unknown client,
// a wrong secret, a missing /.default scope and another grant type.
func TestTokenErrors(t *testing.T) {
	f := startFake(t, Options{})
	post := func(tenant string, form url.Values) (int, map[string]any) {
		resp, err := f.ts.Client().PostForm(f.ts.URL+"/"+tenant+"/oauth2/v2.0/token", form)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var m map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, m
	}
	good := func() url.Values {
		return url.Values{"grant_type": {"client_credentials"}, "client_id": {"22222222-2222-2222-2222-222222222222"},
			"client_secret": {"fakecloud-reader-secret"}, "scope": {armAudience + "/.default"}}
	}
	if status, m := post(tenantID, good()); status != 200 || m["token_type"] != "Bearer" || m["access_token"] == "" {
		t.Fatalf("good request: %d %v", status, m)
	}
	for _, c := range []struct {
		name, tenant string
		edit         func(url.Values)
		status       int
		code, aadsts string
	}{
		{"unknown tenant", "00000000-0000-0000-0000-000000000000", func(url.Values) {}, 400, "invalid_tenant", "AADSTS90002"},
		{"unknown client", tenantID, func(v url.Values) { v.Set("client_id", "66666666-6666-6666-6666-666666666666") }, 400, "unauthorized_client", "AADSTS700016"},
		{"wrong secret", tenantID, func(v url.Values) { v.Set("client_secret", "nope") }, 401, "invalid_client", "AADSTS7000215"},
		{"certificate", tenantID, func(v url.Values) { v.Del("client_secret"); v.Set("client_assertion", "x.y.z") }, 401, "invalid_client", "AADSTS7000216"},
		{"no .default", tenantID, func(v url.Values) { v.Set("scope", "https://management.core.windows.net/user_impersonation") }, 400, "invalid_scope", "AADSTS1002012"},
		{"password grant", tenantID, func(v url.Values) { v.Set("grant_type", "password") }, 400, "unsupported_grant_type", "AADSTS70003"},
	} {
		form := good()
		c.edit(form)
		status, m := post(c.tenant, form)
		if status != c.status || m["error"] != c.code || !strings.HasPrefix(m["error_description"].(string), c.aadsts+":") {
			t.Errorf("%s: %d %v, want %d %s %s", c.name, status, m, c.status, c.code, c.aadsts)
		}
	}

	// Through azidentity, a wrong secret surfaces as an authentication failure.
	p := f.srv.Scenario().principal(readerName)
	cred, err := azidentity.NewClientSecretCredential(tenantID, p.ClientID, "wrong", &azidentity.ClientSecretCredentialOptions{
		ClientOptions: policy.ClientOptions{Cloud: f.cloudConfig(), Transport: f.guard}, DisableInstanceDiscovery: true})
	if err != nil {
		t.Fatal(err)
	}
	_, err = cred.GetToken(context.Background(), policy.TokenRequestOptions{Scopes: []string{armAudience + "/.default"}})
	var authErr *azidentity.AuthenticationFailedError
	if !errors.As(err, &authErr) || !strings.Contains(err.Error(), "AADSTS7000215") {
		t.Errorf("wrong secret through azidentity: %v", err)
	}
}
