package aws

import (
	"io"
	"maps"
	"time"

	"github.com/irscan/irscan/internal/fakecloud/fixture"
)

// Call is one request the fake served, as recorded in its call log.
type Call struct {
	Seq       int           `json:"seq"`              // 1-based order of arrival
	Time      time.Time     `json:"time"`             // when the request arrived
	Duration  time.Duration `json:"duration_ns"`      // time to answer, injected latency included
	Account   string        `json:"account"`          // account of the caller ("" if unknown)
	Principal string        `json:"principal"`        // caller ARN
	Region    string        `json:"region"`           // from the SigV4 credential scope
	Service   string        `json:"service"`          // signing name, e.g. "guardduty"
	Operation string        `json:"operation"`        // API operation, e.g. "GetDetector"
	Action    string        `json:"action"`           // IAM action, e.g. "guardduty:GetDetector"
	Protocol  string        `json:"protocol"`         // awsJson1_1, restJson1, restXml, ec2Query, awsQuery
	Method    string        `json:"method"`           // HTTP method
	Path      string        `json:"path"`             // HTTP path
	Params    Params        `json:"params,omitempty"` // the parameters that keyed the answer
	Status    int           `json:"status"`           // HTTP status answered
	ErrorCode string        `json:"error_code,omitempty"`
	RequestID string        `json:"request_id"`        // unique per call
	Fixture   string        `json:"fixture,omitempty"` // fixture file served, relative to the scenario
	// Fault names the injected behaviour, if any: "latency", "throttle",
	// "rate-limit", "5xx", "denied", "region-not-enabled", "unknown-key",
	// "missing-fixture", "not-a-read".
	Fault string `json:"fault,omitempty"`
	// Violation is true when the call was not a read and was refused.
	Violation bool `json:"violation,omitempty"`
}

// Params are the request parameters that selected the answer: the
// operation's key parameter (e.g. "detectorId", "bucket", "Rule"), "page"
// for paginated operations, and a few more (RoleArn, AccountId).
type Params map[string]string

// clone copies a call and its parameters.
func (c Call) clone() Call { c.Params = maps.Clone(c.Params); return c }

// WriteCallsJSONLines writes calls as JSON lines, one call per line.
func WriteCallsJSONLines(w io.Writer, calls []Call) error {
	return fixture.WriteJSONLines(w, calls)
}
