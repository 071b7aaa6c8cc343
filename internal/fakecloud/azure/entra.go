package azure

import (
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/irscan/irscan/internal/fakecloud/fixture"
)

// The Microsoft Entra ID endpoints azidentity's confidential-client
// credentials use (through MSAL), served on the same address as ARM so that
// the fake's URL is both the authority host and the ARM endpoint:
//
//	GET  /{tenant}/v2.0/.well-known/openid-configuration   tenant discovery
//	POST /{tenant}/oauth2/v2.0/token                        client-credentials grant
//	GET  /common/discovery/instance                         instance discovery
//	GET  /adfs/.well-known/openid-configuration             AZURE_TENANT_ID=adfs (see README)
//	POST /adfs/oauth2/token
//
// {tenant} is the scenario's tenant ID or domain.

// entraKind names an Entra endpoint.
type entraKind int

const (
	notEntra entraKind = iota
	openIDConfig
	tokenEndpoint
	instanceDiscovery
)

// adfsTenant is the tenant name that makes azidentity skip instance discovery.
const adfsTenant = "adfs"

// entraRoute recognises an Entra endpoint and the tenant segment it names.
func entraRoute(path string) (entraKind, string) {
	segs := strings.Split(strings.TrimPrefix(path, "/"), "/")
	switch {
	case len(segs) == 4 && segs[1] == "v2.0" && segs[2] == ".well-known" && segs[3] == "openid-configuration":
		return openIDConfig, segs[0]
	case len(segs) == 3 && segs[0] == adfsTenant && segs[1] == ".well-known" && segs[2] == "openid-configuration":
		return openIDConfig, adfsTenant
	case len(segs) == 4 && segs[1] == "oauth2" && segs[2] == "v2.0" && segs[3] == "token":
		return tokenEndpoint, segs[0]
	case len(segs) == 3 && segs[0] == adfsTenant && segs[1] == "oauth2" && segs[2] == "token":
		return tokenEndpoint, adfsTenant
	case len(segs) == 3 && segs[1] == "discovery" && segs[2] == "instance":
		return instanceDiscovery, segs[0]
	}
	return notEntra, ""
}

// entraError is the OAuth 2.0 error body Entra sends (AADSTS codes).
type entraError struct {
	Error            string `json:"error"`
	ErrorDescription string `json:"error_description"`
	ErrorCodes       []int  `json:"error_codes"`
	Timestamp        string `json:"timestamp"`
	TraceID          string `json:"trace_id"`
	CorrelationID    string `json:"correlation_id"`
	ErrorURI         string `json:"error_uri,omitempty"`
}

// serveEntra answers one Entra request and records it.
func (s *Server) serveEntra(w http.ResponseWriter, hr *http.Request, kind entraKind, tenant string) {
	arrived, start := s.now(), time.Now()
	call := Call{Time: arrived, API: "entra", Method: hr.Method, Path: hr.URL.Path, Tenant: tenant,
		RequestID: fixture.NewUUID(), CorrelationID: fixture.NewUUID(), ClientRequestID: hr.Header.Get("client-request-id")}
	var status int
	var body any
	switch {
	case tenant != adfsTenant && kind != instanceDiscovery && !s.scenario.Tenant.hasName(tenant):
		status, body = s.entraFail(http.StatusBadRequest, "invalid_tenant", 90002, call,
			fmt.Sprintf("Tenant '%s' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.", tenant))
	case kind == tokenEndpoint && hr.Method != http.MethodPost, kind != tokenEndpoint && hr.Method != http.MethodGet:
		status, body = s.entraFail(http.StatusMethodNotAllowed, "invalid_request", 900561, call,
			"The endpoint only accepts "+map[bool]string{true: "POST", false: "GET"}[kind == tokenEndpoint]+" requests.")
	case kind == openIDConfig:
		status, body = http.StatusOK, s.openIDConfiguration(baseURL(hr), tenant)
	case kind == instanceDiscovery:
		status, body = http.StatusOK, s.instanceDiscoveryDocument(baseURL(hr), hr.URL.Query().Get("authorization_endpoint"))
	default:
		var p *Principal
		status, body, p = s.issueToken(hr, call)
		if p != nil {
			call.ClientID, call.Principal, call.ObjectID = p.ClientID, p.Name, p.ObjectID
		} else {
			call.ClientID = hr.PostFormValue("client_id")
		}
	}
	if e, ok := body.(entraError); ok {
		call.ErrorCode = e.Error
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store, no-cache")
	h.Set("x-ms-request-id", call.RequestID)
	if call.ClientRequestID != "" {
		h.Set("client-request-id", call.ClientRequestID)
	}
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
	call.Status, call.Duration = status, time.Since(start)
	s.calls.Add(call)
}

// entraFail builds an Entra error body.
func (s *Server) entraFail(status int, code string, aadsts int, c Call, description string) (int, any) {
	now := s.now().UTC()
	return status, entraError{
		Error: code,
		ErrorDescription: fmt.Sprintf("AADSTS%d: %s Trace ID: %s Correlation ID: %s Timestamp: %s",
			aadsts, description, c.RequestID, c.CorrelationID, now.Format("2006-01-02 15:04:05Z")),
		ErrorCodes:    []int{aadsts},
		Timestamp:     now.Format("2006-01-02 15:04:05Z"),
		TraceID:       c.RequestID,
		CorrelationID: c.CorrelationID,
		ErrorURI:      fmt.Sprintf("https://login.microsoftonline.com/error?code=%d", aadsts),
	}
}

// openIDConfiguration is the tenant's OpenID Provider metadata; MSAL reads
// the token and authorization endpoints and checks that the issuer is on
// the authority's host.
func (s *Server) openIDConfiguration(base, tenant string) map[string]any {
	root := base + "/" + tenant
	issuer := base + "/" + s.scenario.Tenant.ID + "/v2.0"
	tokenURL, authURL := root+"/oauth2/v2.0/token", root+"/oauth2/v2.0/authorize"
	if tenant == adfsTenant {
		issuer, tokenURL, authURL = root, root+"/oauth2/token", root+"/oauth2/authorize"
	}
	return map[string]any{
		"issuer":                                issuer,
		"token_endpoint":                        tokenURL,
		"authorization_endpoint":                authURL,
		"device_authorization_endpoint":         root + "/oauth2/v2.0/devicecode",
		"end_session_endpoint":                  root + "/oauth2/v2.0/logout",
		"jwks_uri":                              root + "/discovery/v2.0/keys",
		"token_endpoint_auth_methods_supported": []string{"client_secret_post", "client_secret_basic"},
		"response_modes_supported":              []string{"query", "fragment", "form_post"},
		"response_types_supported":              []string{"code", "id_token", "code id_token", "id_token token"},
		"scopes_supported":                      []string{"openid", "profile", "email", "offline_access"},
		"subject_types_supported":               []string{"pairwise"},
		"id_token_signing_alg_values_supported": []string{"RS256"},
		"request_uri_parameter_supported":       false,
		"tenant_region_scope":                   "NA",
		"cloud_instance_name":                   "microsoftonline.com",
		"cloud_graph_host_name":                 "graph.windows.net",
		"msgraph_host":                          "graph.microsoft.com",
	}
}

// instanceDiscoveryDocument answers MSAL's instance discovery: this host is
// its own (only) alias, and its tenant discovery endpoint is the one above.
func (s *Server) instanceDiscoveryDocument(base, authorizationEndpoint string) map[string]any {
	tenant := s.scenario.Tenant.ID
	if u, err := url.Parse(authorizationEndpoint); err == nil && u.Path != "" {
		if t, _, ok := strings.Cut(strings.TrimPrefix(u.Path, "/"), "/"); ok && t != "" {
			tenant = t
		}
	}
	host := strings.TrimPrefix(base, "https://")
	host = strings.TrimPrefix(host, "http://")
	return map[string]any{
		"tenant_discovery_endpoint": base + "/" + tenant + "/v2.0/.well-known/openid-configuration",
		"api-version":               "1.1",
		"metadata": []map[string]any{{
			"preferred_network": host,
			"preferred_cache":   host,
			"aliases":           []string{host},
		}},
	}
}

// tokenResponse is the OAuth 2.0 token response MSAL reads.
type tokenResponse struct {
	TokenType    string `json:"token_type"`
	ExpiresIn    int    `json:"expires_in"`
	ExtExpiresIn int    `json:"ext_expires_in"`
	AccessToken  string `json:"access_token"`
}

// issueToken runs the client-credentials grant with a client secret. It
// returns the status, the body and the principal (nil if unknown).
func (s *Server) issueToken(hr *http.Request, c Call) (int, any, *Principal) {
	if err := hr.ParseForm(); err != nil {
		status, body := s.entraFail(http.StatusBadRequest, "invalid_request", 900144, c, "The request body must be application/x-www-form-urlencoded.")
		return status, body, nil
	}
	form := hr.PostForm
	clientID, secret := form.Get("client_id"), form.Get("client_secret")
	if id, sec, ok := hr.BasicAuth(); ok {
		clientID, secret = id, sec
	}
	if gt := form.Get("grant_type"); gt != "client_credentials" {
		status, body := s.entraFail(http.StatusBadRequest, "unsupported_grant_type", 70003, c,
			fmt.Sprintf("The app requested an unsupported grant type '%s'. fakecloud supports client_credentials with a client secret.", gt))
		return status, body, nil
	}
	p := s.scenario.principal(clientID)
	if clientID == "" || p == nil || !strings.EqualFold(p.ClientID, clientID) {
		status, body := s.entraFail(http.StatusBadRequest, "unauthorized_client", 700016, c, fmt.Sprintf(
			"Application with identifier '%s' was not found in the directory '%s'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.",
			clientID, s.scenario.Tenant.Domain))
		return status, body, nil
	}
	if form.Get("client_assertion") != "" || secret == "" {
		status, body := s.entraFail(http.StatusUnauthorized, "invalid_client", 7000216, c,
			"'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type. fakecloud accepts client secrets only.")
		return status, body, p
	}
	if subtle.ConstantTimeCompare([]byte(secret), []byte(p.ClientSecret)) != 1 {
		status, body := s.entraFail(http.StatusUnauthorized, "invalid_client", 7000215, c,
			fmt.Sprintf("Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '%s'.", p.ClientID))
		return status, body, p
	}
	audience := resourceScope(form.Get("scope"))
	if audience == "" {
		status, body := s.entraFail(http.StatusBadRequest, "invalid_scope", 1002012, c, fmt.Sprintf(
			"The provided value for scope %s is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).", form.Get("scope")))
		return status, body, p
	}
	token, exp := s.tokens.issue(s.scenario.Tenant.ID, p, audience, s.now())
	secs := int(exp.Sub(s.now()).Seconds())
	return http.StatusOK, tokenResponse{TokenType: "Bearer", ExpiresIn: secs, ExtExpiresIn: secs, AccessToken: token}, p
}

// resourceScope returns the resource of the one "<resource>/.default" scope
// among the requested scopes (MSAL may add openid, profile and
// offline_access), or "" if there is not exactly one.
func resourceScope(scopes string) string {
	var found []string
	for _, sc := range strings.Fields(scopes) {
		if r, ok := strings.CutSuffix(sc, "/.default"); ok && r != "" {
			found = append(found, r)
		}
	}
	if len(found) != 1 {
		return ""
	}
	return found[0]
}

// baseURL is the scheme and host the request reached, e.g. https://127.0.0.1:8443.
func baseURL(hr *http.Request) string {
	scheme := "https"
	if hr.TLS == nil {
		scheme = "http"
	}
	return scheme + "://" + hr.Host
}
