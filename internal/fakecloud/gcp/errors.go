package gcp

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// apiError is an error answer, rendered in the shape Google's API front end
// and the API itself give it (see render).
type apiError struct {
	Code     int               // HTTP status
	Status   string            // google.rpc.Code name; default from Code
	Message  string            // human-readable message
	Reason   string            // google.rpc.ErrorInfo reason, e.g. IAM_PERMISSION_DENIED
	Domain   string            // ErrorInfo domain; default the API's service name
	Metadata map[string]string // ErrorInfo metadata
	// Legacy is the errors[].reason of Cloud Storage and Compute Engine
	// bodies ("forbidden", "notFound", "accessNotConfigured"), and
	// LegacyDomain its errors[].domain (default "global").
	Legacy, LegacyDomain string
	// Extra are further google.rpc details after the ErrorInfo
	// (LocalizedMessage, Help).
	Extra []any
	// FrontEnd marks errors produced by Google's API front end rather than
	// by the API (authentication, API enablement, quota): they carry a
	// status and details even from Cloud Storage and Compute Engine.
	FrontEnd bool
	// Header holds headers to add to the response (WWW-Authenticate).
	Header http.Header
}

// errorInfo is a google.rpc.ErrorInfo detail.
type errorInfo struct {
	Type     string            `json:"@type"`
	Reason   string            `json:"reason"`
	Domain   string            `json:"domain"`
	Metadata map[string]string `json:"metadata,omitempty"`
}

// legacyItem is one errors[] entry of the Cloud Storage and Compute Engine
// error body (googleapi.ErrorItem on the client side).
type legacyItem struct {
	Message      string `json:"message"`
	Domain       string `json:"domain"`
	Reason       string `json:"reason"`
	ExtendedHelp string `json:"extendedHelp,omitempty"`
	Location     string `json:"location,omitempty"`
	LocationType string `json:"locationType,omitempty"`
}

// errorBody is {"error": {...}} with Google's member order.
type errorBody struct {
	Error struct {
		Code    int          `json:"code"`
		Message string       `json:"message"`
		Errors  []legacyItem `json:"errors,omitempty"`
		Status  string       `json:"status,omitempty"`
		Details []any        `json:"details,omitempty"`
	} `json:"error"`
}

// statusNames maps HTTP statuses to the google.rpc.Code names Google sends
// with them.
var statusNames = map[int]string{
	400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED", 404: "NOT_FOUND",
	409: "ABORTED", 412: "FAILED_PRECONDITION", 429: "RESOURCE_EXHAUSTED", 499: "CANCELLED",
	500: "INTERNAL", 501: "UNIMPLEMENTED", 502: "UNAVAILABLE", 503: "UNAVAILABLE", 504: "DEADLINE_EXCEEDED",
}

func statusName(code int) string {
	if s, ok := statusNames[code]; ok {
		return s
	}
	if code >= 500 {
		return "INTERNAL"
	}
	return "UNKNOWN"
}

// render returns the JSON error body for an API (nil: a call that matched
// no API). Most APIs answer {"error": {code, message, status, details:
// [ErrorInfo, ...]}}; Cloud Storage and Compute Engine answer {"error":
// {code, message, errors: [{message, domain, reason}]}}, plus status and
// details when the front end produced the error.
func (e *apiError) render(a *api) []byte {
	var b errorBody
	b.Error.Code, b.Error.Message = e.Code, e.Message
	legacy := a != nil && a.legacy
	if legacy && e.Legacy != "" {
		domain := e.LegacyDomain
		if domain == "" {
			domain = "global"
		}
		item := legacyItem{Message: e.Message, Domain: domain, Reason: e.Legacy}
		if e.Code == http.StatusUnauthorized {
			item.Location, item.LocationType = "Authorization", "header"
		}
		if e.Reason == "SERVICE_DISABLED" {
			item.ExtendedHelp = e.Metadata["activationUrl"]
		}
		b.Error.Errors = []legacyItem{item}
	}
	if !legacy || e.FrontEnd {
		b.Error.Status = e.Status
		if b.Error.Status == "" {
			b.Error.Status = statusName(e.Code)
		}
		if e.Reason != "" {
			domain := e.Domain
			if domain == "" && a != nil {
				domain = a.service
			}
			b.Error.Details = append([]any{errorInfo{
				Type: "type.googleapis.com/google.rpc.ErrorInfo", Reason: e.Reason, Domain: domain, Metadata: e.Metadata,
			}}, e.Extra...)
		}
	}
	out, _ := json.MarshalIndent(b, "", "  ")
	return out
}

// The constructors below give the errors the fake answers, worded as Google
// words them.

// unauthenticated answers a call without a bearer token (missing) or with
// one the scenario does not know.
func unauthenticated(missing bool, service, method string) *apiError {
	e := &apiError{Code: http.StatusUnauthorized, Legacy: "required", FrontEnd: true,
		Domain: "googleapis.com", Metadata: map[string]string{"service": service, "method": method},
		Header: http.Header{"Www-Authenticate": {`Bearer realm="https://accounts.google.com/"`}}}
	if missing {
		e.Message = "Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project."
		e.Reason = "CREDENTIALS_MISSING"
	} else {
		e.Message = "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project."
		e.Reason = "ACCESS_TOKEN_TYPE_UNSUPPORTED"
		e.Legacy = "authError"
	}
	return e
}

// permissionDenied answers a call whose principal lacks perm on resource.
func permissionDenied(a *api, principal, perm, resource string) *apiError {
	e := &apiError{Code: http.StatusForbidden, Reason: "IAM_PERMISSION_DENIED", Legacy: "forbidden",
		Metadata: map[string]string{"permission": perm, "resource": resource}}
	switch a {
	case storage:
		what := "the Google Cloud project"
		if perm == "storage.buckets.get" {
			what = "the Google Cloud Storage bucket"
		}
		e.Message = fmt.Sprintf("%s does not have %s access to %s. Permission '%s' denied on resource (or it may not exist).",
			principal, perm, what, perm)
	case compute:
		e.Message = fmt.Sprintf("Required '%s' permission for '%s'", perm, resource)
	default:
		e.Message = fmt.Sprintf("Permission '%s' denied on resource '//%s/%s' (or it may not exist).", perm, a.service, resource)
	}
	return e
}

// serviceDisabled answers a call to an API that is not enabled in the
// consumer project (number is its project number).
func serviceDisabled(a *api, number string) *apiError {
	url := "https://console.developers.google.com/apis/api/" + a.service + "/overview?project=" + number
	msg := fmt.Sprintf("%s has not been used in project %s before or it is disabled. Enable it by visiting %s then retry. "+
		"If you enabled this API recently, wait a few minutes for the action to propagate to our systems and retry.", a.title, number, url)
	return &apiError{Code: http.StatusForbidden, Message: msg, FrontEnd: true,
		Reason: "SERVICE_DISABLED", Domain: "googleapis.com",
		Metadata: map[string]string{
			"service": a.service, "consumer": "projects/" + number, "containerInfo": number,
			"serviceTitle": a.title, "activationUrl": url,
		},
		Legacy: "accessNotConfigured", LegacyDomain: "usageLimits",
		Extra: []any{
			map[string]any{"@type": "type.googleapis.com/google.rpc.LocalizedMessage", "locale": "en-US", "message": msg},
			map[string]any{"@type": "type.googleapis.com/google.rpc.Help", "links": []map[string]string{
				{"description": "Google developers console API activation", "url": url},
			}},
		}}
}

// resourceExhausted is the 429 of a throttled call; consumer is the
// consumer project's number, or "" if there is none.
func resourceExhausted(a *api, consumer string) *apiError {
	who := "consumer 'project_number:" + consumer + "'"
	if consumer == "" {
		who = "the caller"
	}
	msg := fmt.Sprintf("Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute' of service '%s' for %s.", a.service, who)
	md := map[string]string{
		"service": a.service, "quota_metric": a.service + "/read_requests",
		"quota_limit": "ReadRequestsPerMinutePerProject", "quota_limit_value": "600", "quota_location": "global",
	}
	if consumer != "" {
		md["consumer"] = "projects/" + consumer
	}
	return &apiError{Code: http.StatusTooManyRequests, Message: msg, FrontEnd: true,
		Reason: "RATE_LIMIT_EXCEEDED", Domain: "googleapis.com", Metadata: md,
		Legacy: "rateLimitExceeded", LegacyDomain: "usageLimits"}
}

// serverError is an injected 5xx: 503 UNAVAILABLE or 500 INTERNAL (and the
// rest of the 5xx with their usual status names).
func serverError(status int) *apiError {
	e := &apiError{Code: status, Legacy: "backendError"}
	switch status {
	case http.StatusServiceUnavailable:
		e.Message = "The service is currently unavailable."
	case http.StatusGatewayTimeout:
		e.Message = "The request timed out. Please try again."
	default:
		e.Message = "Internal error encountered."
	}
	return e
}

// notFound is the API's 404 for a resource that does not exist.
func notFound(message string) *apiError {
	return &apiError{Code: http.StatusNotFound, Message: message, Legacy: "notFound"}
}

// invalidArgument is the API's 400 for a bad request parameter.
func invalidArgument(message string) *apiError {
	return &apiError{Code: http.StatusBadRequest, Message: message, Legacy: "invalid"}
}

// readOnly answers a call that is not a read: fakecloud refuses every write
// and records it as a violation.
func readOnly(method, path string) *apiError {
	return &apiError{Code: http.StatusForbidden,
		Message: fmt.Sprintf("fakecloud is read-only: %s %s is not a read, so it was refused and recorded as a violation.", method, path),
		Reason:  "READ_ONLY", Domain: "fakecloud.irscan", Legacy: "forbidden", FrontEnd: true,
		Metadata: map[string]string{"method": method, "path": path}}
}

// internal is the 500 of a fake that cannot answer (a missing fixture, a
// broken one); the message says what to fix.
func internal(message string) *apiError {
	return &apiError{Code: http.StatusInternalServerError, Message: message, Legacy: "backendError", FrontEnd: true}
}
