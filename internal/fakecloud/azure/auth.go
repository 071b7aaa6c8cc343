package azure

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// armAudiences are the token audiences Azure Resource Manager accepts (the
// fake also accepts its own base URL, for clients configured with
// Audience: <fake URL>).
var armAudiences = []string{"https://management.core.windows.net", "https://management.azure.com"}

// authenticate checks the bearer token of an ARM request and returns the
// principal it was issued to, or the 401 ARM answers.
func (s *Server) authenticate(hr *http.Request) (*Principal, *reply) {
	h := hr.Header.Get("Authorization")
	if h == "" {
		r := unauthenticated("AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.",
			"The authentication failed because of missing 'Authorization' header.")
		return nil, &r
	}
	scheme, token, _ := strings.Cut(h, " ")
	if !strings.EqualFold(scheme, "Bearer") || token == "" {
		r := unauthenticated("AuthenticationFailed", "Authentication failed. The 'Authorization' header is provided in an invalid format.",
			"The authentication failed because of the 'Authorization' header format.")
		return nil, &r
	}
	now := s.now()
	cl, err := s.tokens.verify(strings.TrimSpace(token), now)
	switch {
	case errors.Is(err, errTokenExpired):
		r := unauthenticated("ExpiredAuthenticationToken", fmt.Sprintf(
			"The access token expiry UTC time '%s' is earlier than current UTC time '%s'.",
			time.Unix(cl.Expires, 0).UTC().Format("1/2/2006 3:04:05 PM"), now.UTC().Format("1/2/2006 3:04:05 PM")),
			"The access token has expired.")
		return nil, &r
	case err != nil:
		r := unauthenticated("InvalidAuthenticationToken", "The access token is invalid: it was not issued by this fakecloud (tokens are signed per run).",
			"The access token is invalid.")
		return nil, &r
	case cl.TenantID != s.scenario.Tenant.ID:
		r := unauthenticated("InvalidAuthenticationTokenTenant", fmt.Sprintf(
			"The access token is from the wrong issuer '%s'. It must match the tenant 'https://sts.windows.net/%s/' associated with this subscription. Please use the authority (URL) 'https://login.windows.net/%s' to get the token.",
			cl.Issuer, s.scenario.Tenant.ID, s.scenario.Tenant.ID), "The access token is from the wrong issuer.")
		return nil, &r
	case !audienceAllowed(cl.Audience, baseURL(hr)):
		r := unauthenticated("InvalidAuthenticationTokenAudience", fmt.Sprintf(
			"The access token has been obtained for wrong audience or resource '%s'. It should exactly match with one of the allowed audiences 'https://management.core.windows.net/','https://management.core.windows.net','https://management.azure.com/','https://management.azure.com'.",
			cl.Audience), "The access token has been obtained for wrong audience or resource.")
		return nil, &r
	}
	p := s.scenario.principal(cl.AppID)
	if p == nil {
		r := unauthenticated("InvalidAuthenticationToken", "The access token names an unknown client.", "The access token is invalid.")
		return nil, &r
	}
	return p, nil
}

// audienceAllowed reports whether ARM accepts a token for aud.
func audienceAllowed(aud, self string) bool {
	a := strings.TrimRight(aud, "/")
	if strings.EqualFold(a, self) {
		return true
	}
	for _, ok := range armAudiences {
		if strings.EqualFold(a, ok) {
			return true
		}
	}
	return false
}
