package gcp_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	cloudfunctions "google.golang.org/api/cloudfunctions/v2"
	eventarc "google.golang.org/api/eventarc/v1"
	networkmanagement "google.golang.org/api/networkmanagement/v1"
	storage "google.golang.org/api/storage/v1"

	"github.com/irscan/irscan/internal/fakecloud/gcp"
)

// Retries: the generated google.golang.org/api v0.313.0 clients send every
// read once (internal/gensupport.SendRequest); only media uploads built
// with WithRetry go through SendRequestWithRetry (which retries 429, 408
// and 5xx), and uploads are writes the fake refuses. So a 429 or a 503
// reaches the collector on the first attempt and retrying is the
// collector's job. These tests pin that down: if a future client retried
// on its own, the call counts below would change and they would fail.

func TestThrottleIsNotRetriedByTheClient(t *testing.T) {
	srv, base := unit(t, gcp.Options{})
	svc := service(t, eventarc.NewService, opts(base, versioned, scannerToken))
	const path = "/v1/projects/unit-main/locations/-/triggers"
	// The scenario throttles the first 2 calls of this path.
	for i := 1; i <= 2; i++ {
		_, err := svc.Projects.Locations.Triggers.List("projects/unit-main/locations/-").Do()
		ge := gerr(t, err, http.StatusTooManyRequests)
		ae := apiError(t, err)
		if ae.Reason() != "RATE_LIMIT_EXCEEDED" || ae.Metadata()["consumer"] != "projects/333333333333" ||
			!strings.HasPrefix(ge.Message, "Quota exceeded for quota metric 'Read requests'") {
			t.Errorf("call %d: reason %q, metadata %v, message %q", i, ae.Reason(), ae.Metadata(), ge.Message)
		}
		if n := len(callsTo(srv, path)); n != i {
			t.Fatalf("after %d calls the fake saw %d requests: the client retried", i, n)
		}
	}
	if _, err := svc.Projects.Locations.Triggers.List("projects/unit-main/locations/-").Do(); err != nil {
		t.Fatalf("third call: %v", err)
	}
	calls := callsTo(srv, path)
	if len(calls) != 3 || calls[0].Fault != "throttle" || calls[0].ErrorStatus != "RESOURCE_EXHAUSTED" || calls[2].Status != 200 {
		t.Errorf("calls %+v", calls)
	}
}

func TestServerErrorIsNotRetriedByTheClient(t *testing.T) {
	srv, base := unit(t, gcp.Options{})
	svc := service(t, cloudfunctions.NewService, opts(base, versioned, scannerToken))
	// The scenario fails the first call of this path with 503.
	_, err := svc.Projects.Locations.Functions.List("projects/unit-main/locations/-").Do()
	ge := gerr(t, err, http.StatusServiceUnavailable)
	if ge.Message != "The service is currently unavailable." {
		t.Errorf("message %q", ge.Message)
	}
	if n := len(callsTo(srv, "/v2/projects/unit-main/locations/-/functions")); n != 1 {
		t.Fatalf("the fake saw %d requests for one call: the client retried", n)
	}
	if _, err := svc.Projects.Locations.Functions.List("projects/unit-main/locations/-").Do(); err != nil {
		t.Fatalf("second call: %v", err)
	}
	// The body has no errors[] (only Cloud Storage and Compute Engine send
	// one), so the call log names no reason.
	if c := callsTo(srv, "/v2/")[0]; c.Fault != "5xx" || c.ErrorStatus != "UNAVAILABLE" || c.ErrorReason != "" {
		t.Errorf("call %+v", c)
	}
}

func TestLegacyThrottleAndErrors(t *testing.T) {
	srv, base := compliant(t, gcp.Options{Faults: []gcp.Fault{
		{Permission: "storage.buckets.list", Throttle: 1, Errors: 1, ErrorStatus: 500},
	}})
	svc := service(t, storage.NewService, opts(base, storageBase, "any-token"))
	_, err := svc.Buckets.List("acme-prod").Do()
	if ge := gerr(t, err, http.StatusTooManyRequests); len(ge.Errors) != 1 || ge.Errors[0].Reason != "rateLimitExceeded" {
		t.Errorf("errors %+v", ge.Errors)
	}
	_, err = svc.Buckets.List("acme-prod").Do()
	if ge := gerr(t, err, http.StatusInternalServerError); len(ge.Errors) != 1 || ge.Errors[0].Reason != "backendError" {
		t.Errorf("errors %+v", ge.Errors)
	}
	if _, err := svc.Buckets.List("acme-prod").Do(); err != nil {
		t.Fatalf("third call: %v", err)
	}
	calls := srv.Calls()
	if n := len(calls); n != 3 {
		t.Fatalf("%d requests for 3 calls", n)
	}
	// The front end's 429 has an ErrorInfo; Cloud Storage's own 500 only
	// errors[].
	if calls[0].ErrorReason != "RATE_LIMIT_EXCEEDED" || calls[1].ErrorReason != "backendError" {
		t.Errorf("call log reasons %q, %q; want the reasons sent", calls[0].ErrorReason, calls[1].ErrorReason)
	}
}

func TestLatency(t *testing.T) {
	srv, base := unit(t, gcp.Options{Latency: 20 * time.Millisecond})
	svc := service(t, networkmanagement.NewService, opts(base, versioned, scannerToken))
	start := time.Now()
	// The scenario adds 50ms to networkmanagement.* calls.
	if _, err := svc.Projects.Locations.VpcFlowLogsConfigs.List("projects/unit-main/locations/global").Do(); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 70*time.Millisecond {
		t.Errorf("took %v, want at least 70ms", d)
	}
	if c := lastCall(t, srv); c.Fault != "latency" || c.Duration < 70*time.Millisecond {
		t.Errorf("call %+v", c)
	}
}

func TestRateLimit(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	srv, base := compliant(t, gcp.Options{ThrottleRate: 2, Now: func() time.Time { return now }})
	svc := service(t, storage.NewService, opts(base, storageBase, "any-token"))
	var codes []int
	for range 3 {
		_, err := svc.Buckets.Get("acme-org-audit-logs").Do()
		code := 200
		if err != nil {
			code = gerr(t, err, http.StatusTooManyRequests).Code
		}
		codes = append(codes, code)
	}
	if codes[0] != 200 || codes[1] != 200 || codes[2] != 429 || lastCall(t, srv).Fault != "rate-limit" {
		t.Errorf("codes %v, last call %+v", codes, lastCall(t, srv))
	}
	now = now.Add(time.Second) // the bucket refills
	if _, err := svc.Buckets.Get("acme-org-audit-logs").Do(); err != nil {
		t.Errorf("after a second: %v", err)
	}
}

func TestOptionsAreChecked(t *testing.T) {
	for name, o := range map[string]gcp.Options{
		"bad deny":          {Deny: []string{"not a permission"}},
		"negative latency":  {Faults: []gcp.Fault{{Latency: -time.Second}}},
		"4xx as 5xx":        {Faults: []gcp.Fault{{Errors: 1, ErrorStatus: 404}}},
		"negative throttle": {ThrottleRate: -1},
		"unknown scenario":  {Scenario: "no-such-scenario"},
	} {
		if name != "unknown scenario" {
			o.Scenario = "compliant"
		}
		o.Fixtures = fixtureRoot
		if _, err := gcp.New(o); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
