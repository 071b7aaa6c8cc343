package gcp

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net/http"
	"strings"

	"github.com/irscan/irscan/internal/fakecloud/fixture"
)

// Application Default Credentials against the fake: a service-account key
// file (CredentialsJSON) whose token_uri is the fake's token endpoint makes
// the real auth library exchange its signed JWT for an access token there,
// exactly as it would with oauth2.googleapis.com. Point
// GOOGLE_APPLICATION_CREDENTIALS at such a file and a collector that uses
// ADC runs against the fake unchanged.

// TokenPath is the fake's OAuth 2.0 token endpoint (the token_uri of the
// key files CredentialsJSON writes).
const TokenPath = ControlPrefix + "token"

// CredentialsJSON returns a service-account key file for email whose
// token_uri is baseURL's token endpoint. The key is freshly generated and
// worthless anywhere else.
func CredentialsJSON(baseURL, email, projectID string) ([]byte, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, err
	}
	keyID := fixture.RandomHex(16)
	return json.MarshalIndent(map[string]string{
		"type":                        "service_account",
		"project_id":                  projectID,
		"private_key_id":              keyID,
		"private_key":                 string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})),
		"client_email":                email,
		"client_id":                   "100000000000000000000",
		"auth_uri":                    "https://accounts.google.com/o/oauth2/auth",
		"token_uri":                   strings.TrimSuffix(baseURL, "/") + TokenPath,
		"auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
		"client_x509_cert_url":        "https://www.googleapis.com/robot/v1/metadata/x509/" + email,
		"universe_domain":             "googleapis.com",
	}, "", "  ")
}

// CredentialsJSON returns a key file (see the package function) for the
// scenario's default principal, or its first principal when every
// principal has tokens: what cmd/fakecloud writes for a shell that uses
// ADC.
func (s *Server) CredentialsJSON(baseURL string) ([]byte, error) {
	p := s.defaultPrincipal
	if p == nil {
		p = s.scenario.Principals[0]
	}
	project := p.Project
	if project == "" {
		project = s.scenario.Projects[0].ID
	}
	return CredentialsJSON(baseURL, p.Email, project)
}

// serveToken answers the OAuth 2.0 JWT-bearer grant: the assertion's
// issuer names the principal, whose first token is issued (any token, for
// the default principal). Signatures are not checked.
func (s *Server) serveToken(w http.ResponseWriter, hr *http.Request) {
	if hr.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	oauthError := func(code, desc string) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusBadRequest)
		_ = json.NewEncoder(w).Encode(map[string]string{"error": code, "error_description": desc})
	}
	if err := hr.ParseForm(); err != nil {
		oauthError("invalid_request", err.Error())
		return
	}
	if gt := hr.PostForm.Get("grant_type"); gt != "urn:ietf:params:oauth:grant-type:jwt-bearer" {
		oauthError("unsupported_grant_type", fmt.Sprintf("fakecloud issues tokens for service-account keys (jwt-bearer), not %q", gt))
		return
	}
	email := jwtIssuer(hr.PostForm.Get("assertion"))
	if email == "" {
		oauthError("invalid_grant", "Invalid JWT: no issuer.")
		return
	}
	token := ""
	switch p := s.scenario.principal(email); {
	case p != nil && len(p.Tokens) > 0:
		token = p.Tokens[0]
	case p != nil || s.defaultPrincipal != nil:
		token = "fakecloud-token-" + email
	default:
		oauthError("invalid_grant", "Invalid grant: account not found")
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_ = json.NewEncoder(w).Encode(map[string]any{"access_token": token, "expires_in": 3599, "token_type": "Bearer"})
}

// jwtIssuer returns the iss claim of a JWT without verifying it; "" if the
// token is not a JWT.
func jwtIssuer(token string) string {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return ""
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return ""
	}
	var claims struct {
		Iss string `json:"iss"`
	}
	if json.Unmarshal(payload, &claims) != nil {
		return ""
	}
	return claims.Iss
}
