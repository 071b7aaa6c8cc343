package gcp_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/googleapis/gax-go/v2/apierror"
	"golang.org/x/oauth2"
	"google.golang.org/api/googleapi"
	"google.golang.org/api/option"

	"github.com/irscan/irscan/internal/fakecloud/gcp"
)

const (
	// The shared fixture root, where `compliant` lives.
	fixtureRoot = "../../../testdata/fakecloud"
	// This package's own scenarios (testdata/gcp/unit).
	unitRoot = "testdata"

	orgID = "123456789012"
	org   = "organizations/" + orgID

	// Tokens of the unit scenario's principals.
	scannerToken  = "tok-scanner"  // scanner@unit-main, every permission but the deny rules
	auditorToken  = "tok-auditor"  // auditor@unit-main, an allow-list in scenario.yaml
	outsiderToken = "tok-outsider" // outsider@unit-disabled, whose project has APIs disabled
	scanner       = "scanner@unit-main.iam.gserviceaccount.com"
)

var ctx = context.Background()

// fake starts a Server on an httptest server and returns both.
func fake(t *testing.T, opts gcp.Options) (*gcp.Server, string) {
	t.Helper()
	srv, err := gcp.New(opts)
	if err != nil {
		t.Fatalf("gcp.New: %v", err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return srv, ts.URL
}

func compliant(t *testing.T, opts gcp.Options) (*gcp.Server, string) {
	t.Helper()
	opts.Fixtures, opts.Scenario = fixtureRoot, "compliant"
	return fake(t, opts)
}

func unit(t *testing.T, opts gcp.Options) (*gcp.Server, string) {
	t.Helper()
	opts.Fixtures, opts.Scenario = unitRoot, "unit"
	return fake(t, opts)
}

// Endpoint bases, as the collector builds them: every API whose paths
// start with a version shares base+"/"; Cloud Storage and Compute Engine
// include their base path.
const (
	versioned   = "/"
	storageBase = "/storage/v1/"
	computeBase = "/compute/v1/"
)

// opts are the client options the collector uses: the fake's endpoint and
// a static bearer token. extra options come last.
func opts(base, path, token string, extra ...option.ClientOption) []option.ClientOption {
	o := []option.ClientOption{
		option.WithEndpoint(base + path),
		option.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: token, TokenType: "Bearer"})),
	}
	return append(o, extra...)
}

// service builds a client with one of the generated NewService
// constructors, failing the test on error.
func service[T any](t *testing.T, newService func(context.Context, ...option.ClientOption) (T, error), o []option.ClientOption) T {
	t.Helper()
	svc, err := newService(ctx, o...)
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

// gerr returns err as a *googleapi.Error, failing the test otherwise.
func gerr(t *testing.T, err error, code int) *googleapi.Error {
	t.Helper()
	if err == nil {
		t.Fatalf("want HTTP %d, got no error", code)
	}
	var ge *googleapi.Error
	if !errors.As(err, &ge) {
		t.Fatalf("error %v (%T) is not a *googleapi.Error", err, err)
	}
	if ge.Code != code {
		t.Fatalf("HTTP %d, want %d: %v", ge.Code, code, err)
	}
	return ge
}

// errorInfo returns the google.rpc.ErrorInfo of a googleapi.Error's
// Details, as the client decoded it (nil if there is none).
func errorInfo(ge *googleapi.Error) map[string]any {
	for _, d := range ge.Details {
		if m, ok := d.(map[string]any); ok && m["@type"] == "type.googleapis.com/google.rpc.ErrorInfo" {
			return m
		}
	}
	return nil
}

// apiError returns the gax APIError the client wraps in a googleapi.Error
// (how collectors read ErrorInfo: Reason, Domain, Metadata).
func apiError(t *testing.T, err error) *apierror.APIError {
	t.Helper()
	var ae *apierror.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("error %v does not wrap an *apierror.APIError", err)
	}
	return ae
}

// callsTo returns the recorded calls whose path has the given prefix.
func callsTo(srv *gcp.Server, pathPrefix string) []gcp.Call {
	var out []gcp.Call
	for _, c := range srv.Calls() {
		if strings.HasPrefix(c.Path, pathPrefix) {
			out = append(out, c)
		}
	}
	return out
}

// lastCall returns the most recent recorded call.
func lastCall(t *testing.T, srv *gcp.Server) gcp.Call {
	t.Helper()
	calls := srv.Calls()
	if len(calls) == 0 {
		t.Fatal("no call recorded")
	}
	return calls[len(calls)-1]
}
