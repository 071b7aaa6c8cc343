package azure

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// armErr decodes an ARM error body.
func armErr(t *testing.T, body []byte) armErrorDetail {
	t.Helper()
	var b armErrorBody
	if err := json.Unmarshal(body, &b); err != nil || b.Error.Code == "" {
		t.Fatalf("not an ARM error body: %s (%v)", body, err)
	}
	return b.Error
}

const contactsPath = "/subscriptions/" + subID + "/providers/Microsoft.Security/securityContacts?api-version=2023-12-01-preview"

// TestUnauthenticated: ARM answers 401 in its own shape, with a
// WWW-Authenticate challenge, to a request without a token, with a
// malformed header, or with a token this fake did not issue.
func TestUnauthenticated(t *testing.T) {
	f := startFake(t, Options{})
	other := startFake(t, Options{}) // another run: another signing key
	for _, c := range []struct {
		name, header, code string
	}{
		{"no token", "", "AuthenticationFailed"},
		{"basic auth", "Basic dXNlcjpwYXNz", "AuthenticationFailed"},
		{"not a JWT", "Bearer abc", "InvalidAuthenticationToken"},
		{"another fake's token", "Bearer " + other.token(readerName), "InvalidAuthenticationToken"},
	} {
		req, _ := http.NewRequest(http.MethodGet, f.ts.URL+contactsPath, nil)
		if c.header != "" {
			req.Header.Set("Authorization", c.header)
		}
		resp, err := f.ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var b armErrorBody
		_ = json.NewDecoder(resp.Body).Decode(&b)
		resp.Body.Close()
		if resp.StatusCode != 401 || b.Error.Code != c.code || !strings.HasPrefix(resp.Header.Get("WWW-Authenticate"), "Bearer ") {
			t.Errorf("%s: %d %+v %q", c.name, resp.StatusCode, b, resp.Header.Get("WWW-Authenticate"))
		}
	}
	for _, c := range f.armCalls() {
		if c.Status != 401 || c.Fault != "unauthenticated" || c.ClientID != "" {
			t.Errorf("call log: %+v", c)
		}
	}
}

// TestTokenChecks: an expired token, a token for another resource and a
// token whose principal is unknown are refused like ARM does.
func TestTokenChecks(t *testing.T) {
	var mu sync.Mutex
	now := time.Now()
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	f := startFake(t, Options{Now: clock})

	token := f.token(readerName)
	if status, _, body := f.get(http.MethodGet, contactsPath, token); status != 200 {
		t.Fatalf("fresh token: %d %s", status, body)
	}
	mu.Lock()
	now = now.Add(2 * time.Hour)
	mu.Unlock()
	if status, _, body := f.get(http.MethodGet, contactsPath, token); status != 401 || armErr(t, body).Code != "ExpiredAuthenticationToken" {
		t.Errorf("expired token: %d %s", status, body)
	}

	// A token for Microsoft Graph is not one for ARM.
	resp, err := f.ts.Client().PostForm(f.ts.URL+"/"+tenantID+"/oauth2/v2.0/token", url.Values{
		"grant_type": {"client_credentials"}, "client_id": {"22222222-2222-2222-2222-222222222222"},
		"client_secret": {"fakecloud-reader-secret"}, "scope": {"https://graph.microsoft.com/.default"}})
	if err != nil {
		t.Fatal(err)
	}
	var tr tokenResponse
	_ = json.NewDecoder(resp.Body).Decode(&tr)
	resp.Body.Close()
	status, _, body := f.get(http.MethodGet, contactsPath, tr.AccessToken)
	if e := armErr(t, body); status != 401 || e.Code != "InvalidAuthenticationTokenAudience" || !strings.Contains(e.Message, "https://graph.microsoft.com") {
		t.Errorf("Graph token: %d %s", status, body)
	}
	// Tokens for the fake's own URL (Audience: <fake URL> in a client's
	// cloud configuration) and for https://management.azure.com are ARM's.
	for _, aud := range []string{f.ts.URL, "https://management.azure.com"} {
		p := f.srv.Scenario().principal(readerName)
		tok, _ := f.srv.tokens.issue(tenantID, p, aud, clock())
		if status, _, body := f.get(http.MethodGet, contactsPath, tok); status != 200 {
			t.Errorf("audience %s: %d %s", aud, status, body)
		}
	}
	// A token from another tenant.
	tok, _ := f.srv.tokens.issue("00000000-0000-0000-0000-000000000001", f.srv.Scenario().principal(readerName), armAudience, clock())
	if status, _, body := f.get(http.MethodGet, contactsPath, tok); status != 401 || armErr(t, body).Code != "InvalidAuthenticationTokenTenant" {
		t.Errorf("other tenant: %d %s", status, body)
	}
}

// TestRequestValidation: api-version is required and checked, paths must
// be ARM paths, subscriptions must exist and be visible to the principal.
func TestRequestValidation(t *testing.T) {
	f := startScenario(t, `
tenant: {id: 99999999-9999-9999-9999-999999999999}
principals:
  - {name: irscan-reader, client_id: 22222222-2222-2222-2222-222222222222, client_secret: s3cret, subscriptions: [11111111-1111-1111-1111-111111111111]}
subscriptions:
  - {id: 11111111-1111-1111-1111-111111111111, display_name: visible}
  - {id: 77777777-7777-7777-7777-777777777777, display_name: hidden}
`, map[string]string{}, Options{})
	token := f.token(readerName)
	for _, c := range []struct {
		path   string
		status int
		code   string
	}{
		{"/subscriptions/" + subID + "/providers/Microsoft.Security/pricings", 400, "MissingApiVersionParameter"},
		{"/subscriptions/" + subID + "/providers/Microsoft.Security/pricings?api-version=latest", 400, "InvalidApiVersionParameter"},
		{"/not/an/arm/path?api-version=2024-01-01", 404, "NotFound"},
		{"/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Security/pricings?api-version=2024-01-01", 404, "SubscriptionNotFound"},
		{"/subscriptions/77777777-7777-7777-7777-777777777777?api-version=2022-12-01", 403, "AuthorizationFailed"},
		{"/subscriptions/" + subID + "?api-version=2022-12-01", 200, ""},
	} {
		status, _, body := f.get(http.MethodGet, c.path, token)
		if status != c.status || (c.code != "" && armErr(t, body).Code != c.code) {
			t.Errorf("GET %s: %d %s, want %d %s", c.path, status, body, c.status, c.code)
		}
	}
	// GET /subscriptions lists only the subscriptions the principal has a role on.
	status, _, body := f.get(http.MethodGet, "/subscriptions?api-version=2022-12-01", token)
	var list struct {
		Value []struct{ SubscriptionID string }
	}
	if err := json.Unmarshal(body, &list); err != nil || status != 200 || len(list.Value) != 1 || list.Value[0].SubscriptionID != subID {
		t.Errorf("GET /subscriptions: %d %s", status, body)
	}
	if calls := f.armCalls(); calls[0].APIVersion != "" || calls[1].APIVersion != "latest" {
		t.Errorf("api-versions recorded: %q, %q", calls[0].APIVersion, calls[1].APIVersion)
	}
}
