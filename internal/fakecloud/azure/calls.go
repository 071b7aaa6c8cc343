package azure

import (
	"io"
	"maps"
	"time"

	"github.com/irscan/irscan/internal/fakecloud/fixture"
)

// Call is one request the fake served, as recorded in its call log.
type Call struct {
	Seq      int           `json:"seq"`         // 1-based order of arrival
	Time     time.Time     `json:"time"`        // when the request arrived
	Duration time.Duration `json:"duration_ns"` // time to answer, injected latency included
	// API is "arm" (Azure Resource Manager) or "entra" (the token and
	// discovery endpoints).
	API string `json:"api"`
	// Tenant is the tenant segment of an Entra URL, or the token's tenant.
	Tenant string `json:"tenant,omitempty"`
	// ClientID, Principal and ObjectID identify the caller: the token's
	// client (application) ID, the scenario's name for it and its object ID.
	ClientID  string `json:"client_id,omitempty"`
	Principal string `json:"principal,omitempty"`
	ObjectID  string `json:"object_id,omitempty"`
	Method    string `json:"method"`
	Path      string `json:"path"`
	// APIVersion is the api-version query parameter ("" if absent).
	APIVersion string `json:"api_version,omitempty"`
	// Query holds the other query parameters ($filter, $expand, $skiptoken...).
	Query map[string]string `json:"query,omitempty"`
	// Action is the RBAC action the call needs, e.g.
	// "Microsoft.Security/securityContacts/read".
	Action       string `json:"action,omitempty"`
	Subscription string `json:"subscription,omitempty"`
	// Page is the page of a list fixture served (1-based).
	Page      int    `json:"page,omitempty"`
	Status    int    `json:"status"`
	ErrorCode string `json:"error_code,omitempty"`
	// RequestID and CorrelationID are the x-ms-request-id and
	// x-ms-correlation-request-id the fake issued, unique per call.
	RequestID     string `json:"request_id"`
	CorrelationID string `json:"correlation_id"`
	// ClientRequestID is the x-ms-client-request-id (ARM) or
	// client-request-id (Entra) the client sent.
	ClientRequestID string `json:"client_request_id,omitempty"`
	// Fixture is the fixture file served, relative to the scenario.
	Fixture string `json:"fixture,omitempty"`
	// Fault names what the fake did besides answering: "latency",
	// "throttle", "5xx", "denied", "unauthenticated", "missing-fixture",
	// "not-a-read".
	Fault string `json:"fault,omitempty"`
	// Violation is true when the call was not a read and was refused.
	Violation bool `json:"violation,omitempty"`
}

// clone copies a call and its query.
func (c Call) clone() Call { c.Query = maps.Clone(c.Query); return c }

// WriteCallsJSONLines writes calls as JSON lines, one call per line.
func WriteCallsJSONLines(w io.Writer, calls []Call) error {
	return fixture.WriteJSONLines(w, calls)
}
