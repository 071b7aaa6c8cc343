package azure

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/irscan/irscan/internal/fakecloud/fixture"
)

// tokenLifetime is how long an issued access token is valid, as Entra's
// default for app tokens (one hour).
const tokenLifetime = time.Hour

// claims are the claims of the access tokens the fake issues: an Entra v1.0
// app-only token for Azure Resource Manager, with the fields tools read
// (aud, tid, appid, oid).
type claims struct {
	Audience  string `json:"aud"`
	Issuer    string `json:"iss"`
	IssuedAt  int64  `json:"iat"`
	NotBefore int64  `json:"nbf"`
	Expires   int64  `json:"exp"`
	AppID     string `json:"appid"`
	AppIDACR  string `json:"appidacr"`
	IDP       string `json:"idp"`
	IDType    string `json:"idtyp"`
	ObjectID  string `json:"oid"`
	Subject   string `json:"sub"`
	TenantID  string `json:"tid"`
	TokenID   string `json:"uti"`
	Version   string `json:"ver"`
}

// tokenSigner issues and verifies access tokens: JWTs signed with HS256
// under a key that lives as long as the Server, so only tokens this fake
// issued (since it started) are accepted.
type tokenSigner struct {
	key []byte
}

func newTokenSigner() *tokenSigner {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return &tokenSigner{key: key}
}

var jwtHeader = base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT","kid":"fakecloud"}`))

// issue returns a signed token for the principal and audience.
func (ts *tokenSigner) issue(tenant string, p *Principal, audience string, now time.Time) (string, time.Time) {
	exp := now.Add(tokenLifetime)
	c := claims{
		Audience:  audience,
		Issuer:    "https://sts.windows.net/" + tenant + "/",
		IssuedAt:  now.Unix(),
		NotBefore: now.Add(-5 * time.Minute).Unix(),
		Expires:   exp.Unix(),
		AppID:     p.ClientID,
		AppIDACR:  "1", // client secret
		IDP:       "https://sts.windows.net/" + tenant + "/",
		IDType:    "app",
		ObjectID:  p.ObjectID,
		Subject:   p.ObjectID,
		TenantID:  tenant,
		TokenID:   fixture.NewUUID(),
		Version:   "1.0",
	}
	payload, _ := json.Marshal(c)
	signing := jwtHeader + "." + base64.RawURLEncoding.EncodeToString(payload)
	return signing + "." + ts.sign(signing), exp
}

func (ts *tokenSigner) sign(s string) string {
	m := hmac.New(sha256.New, ts.key)
	m.Write([]byte(s))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

var (
	errTokenInvalid = errors.New("the access token is invalid")
	errTokenExpired = errors.New("the access token has expired")
)

// verify checks a token's signature and lifetime and returns its claims.
func (ts *tokenSigner) verify(token string, now time.Time) (*claims, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 || parts[0] != jwtHeader {
		return nil, errTokenInvalid
	}
	if !hmac.Equal([]byte(parts[2]), []byte(ts.sign(parts[0]+"."+parts[1]))) {
		return nil, errTokenInvalid
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return nil, errTokenInvalid
	}
	var c claims
	if err := json.Unmarshal(payload, &c); err != nil {
		return nil, errTokenInvalid
	}
	if now.Unix() >= c.Expires {
		return &c, errTokenExpired
	}
	return &c, nil
}

// derivedObjectID is the default object ID of a principal: a GUID derived
// from its client ID, so that it is stable and differs from it.
func derivedObjectID(clientID string) string {
	sum := sha256.Sum256([]byte("fakecloud-object-id:" + strings.ToLower(clientID)))
	return fixture.FormatUUID(sum[:16])
}
