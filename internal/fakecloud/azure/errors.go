package azure

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// reply is the answer to one call, before it is written.
type reply struct {
	status  int
	body    []byte      // JSON body
	header  http.Header // extra headers (Retry-After, WWW-Authenticate)
	code    string      // ARM error code, "" on success
	fixture string      // fixture file served, relative to the scenario
	page    int         // page served, for list fixtures
}

// armErrorBody is ARM's error envelope (the "ErrorResponse" of the specs),
// which azcore reads into ResponseError.ErrorCode.
type armErrorBody struct {
	Error armErrorDetail `json:"error"`
}

type armErrorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// armError builds an error reply in ARM's shape.
func armError(status int, code, message string) reply {
	body, _ := json.Marshal(armErrorBody{Error: armErrorDetail{Code: code, Message: message}})
	return reply{status: status, body: body, code: code}
}

// defaultStatus is the HTTP status ARM uses with an error code, for error
// fixtures that do not give one.
func defaultStatus(code string) int {
	switch {
	case code == "AuthorizationFailed" || code == "LinkedAuthorizationFailed" || code == "Forbidden":
		return http.StatusForbidden
	case strings.HasPrefix(code, "InvalidAuthenticationToken") || code == "AuthenticationFailed" || code == "ExpiredAuthenticationToken":
		return http.StatusUnauthorized
	case strings.HasSuffix(code, "NotFound"):
		return http.StatusNotFound
	case strings.HasSuffix(code, "Throttled") || code == "TooManyRequests":
		return http.StatusTooManyRequests
	case code == "Conflict" || strings.HasSuffix(code, "Conflict"):
		return http.StatusConflict
	case strings.HasPrefix(code, "InternalServerError") || code == "InternalError":
		return http.StatusInternalServerError
	case code == "ServiceUnavailable":
		return http.StatusServiceUnavailable
	case code == "GatewayTimeout":
		return http.StatusGatewayTimeout
	}
	return http.StatusBadRequest
}

// notFound is the 404 for a single resource that does not exist: ARM's
// ResourceNotFound inside a resource group, the provider's NotFound elsewhere.
func notFound(rp resourcePath) reply {
	if rp.resourceGroup != "" && rp.namespace != "Microsoft.Resources" {
		return armError(http.StatusNotFound, "ResourceNotFound", fmt.Sprintf(
			"The Resource '%s/%s' under resource group '%s' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix",
			rp.typeName(), rp.name(), rp.resourceGroup))
	}
	if rp.resourceGroup != "" {
		return armError(http.StatusNotFound, "ResourceGroupNotFound", fmt.Sprintf("Resource group '%s' could not be found.", rp.resourceGroup))
	}
	return armError(http.StatusNotFound, "NotFound", fmt.Sprintf("The entity '%s' was not found.", rp.clean))
}

// subscriptionNotFound is ARM's answer for a subscription the tenant does
// not have.
func subscriptionNotFound(id string) reply {
	return armError(http.StatusNotFound, "SubscriptionNotFound", fmt.Sprintf("The subscription '%s' could not be found.", id))
}

// unauthenticated is ARM's 401, with the WWW-Authenticate challenge ARM
// sends (no claims, so azcore's bearer policy does not retry it).
func unauthenticated(code, message, description string) reply {
	r := armError(http.StatusUnauthorized, code, message)
	r.header = http.Header{}
	r.header.Set("WWW-Authenticate", fmt.Sprintf(
		`Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token", error_description=%q`, description))
	return r
}
