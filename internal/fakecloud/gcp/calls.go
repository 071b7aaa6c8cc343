package gcp

import (
	"io"
	"time"

	"github.com/irscan/irscan/internal/fakecloud/fixture"
)

// Call is one request the fake served, as recorded in its call log.
type Call struct {
	Seq       int           `json:"seq"`         // 1-based order of arrival
	Time      time.Time     `json:"time"`        // when the request arrived
	Duration  time.Duration `json:"duration_ns"` // time to answer, injected latency included
	Principal string        `json:"principal"`   // caller email ("" if unauthenticated)
	API       string        `json:"api,omitempty"`
	// Route is the API method ID, e.g. "essentialcontacts.organizations.contacts.compute".
	Route string `json:"route,omitempty"`
	// Permission is the IAM permission the route needs, and Resource the
	// resource it is checked on.
	Permission string `json:"permission,omitempty"`
	Resource   string `json:"resource,omitempty"`
	Method     string `json:"method"`          // HTTP method
	Path       string `json:"path"`            // HTTP path
	Query      string `json:"query,omitempty"` // raw query string
	Status     int    `json:"status"`          // HTTP status answered
	// ErrorStatus is the google.rpc code of an error answer
	// (PERMISSION_DENIED), ErrorReason its ErrorInfo reason
	// (IAM_PERMISSION_DENIED, SERVICE_DISABLED) or, for Cloud Storage and
	// Compute Engine, its errors[].reason.
	ErrorStatus string `json:"error_status,omitempty"`
	ErrorReason string `json:"error_reason,omitempty"`
	// RequestID is unique per call and sent in the X-Fakecloud-Request-Id
	// response header.
	RequestID string `json:"request_id"`
	Fixture   string `json:"fixture,omitempty"` // fixture file served, relative to the scenario
	Page      int    `json:"page,omitempty"`    // page served, for lists
	// Fault names the injected or notable behaviour, if any: "latency",
	// "throttle", "rate-limit", "5xx", "denied", "service-disabled",
	// "unauthenticated", "unknown-resource", "bad-request",
	// "invalid-page-token", "missing-fixture", "no-route", "not-a-read".
	Fault string `json:"fault,omitempty"`
	// Violation is true when the call was not a read and was refused.
	Violation bool `json:"violation,omitempty"`
}

// WriteCallsJSONLines writes calls as JSON lines, one call per line.
func WriteCallsJSONLines(w io.Writer, calls []Call) error {
	return fixture.WriteJSONLines(w, calls)
}
