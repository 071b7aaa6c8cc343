package aws_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/smithy-go"

	fakeaws "github.com/irscan/irscan/internal/fakecloud/aws"
)

const (
	// The shared fixture root, where `compliant` lives.
	fixtureRoot = "../../../testdata/fakecloud"
	// This package's own scenarios (testdata/aws/unit).
	unitRoot = "testdata"

	compliantAccount = "111111111111"
	compliantKey     = "AKIAFAKE111111111111"
	mgmtKey          = "AKIAUNIT111111111111" // unit: management account 111111111111
	memberKey        = "AKIAUNIT222222222222" // unit: member account 222222222222, missing: empty
)

// fake starts a Server on an httptest server and returns both.
func fake(t *testing.T, opts fakeaws.Options) (*fakeaws.Server, string) {
	t.Helper()
	srv, err := fakeaws.New(opts)
	if err != nil {
		t.Fatalf("fakeaws.New: %v", err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return srv, ts.URL
}

func compliant(t *testing.T, opts fakeaws.Options) (*fakeaws.Server, string) {
	t.Helper()
	opts.Fixtures, opts.Scenario = fixtureRoot, "compliant"
	return fake(t, opts)
}

func unit(t *testing.T, opts fakeaws.Options) (*fakeaws.Server, string) {
	t.Helper()
	opts.Fixtures, opts.Scenario = unitRoot, "unit"
	return fake(t, opts)
}

// cfgOption tunes the aws.Config of a test client.
type cfgOption func(*cfgSettings)

type cfgSettings struct {
	attempts int
	creds    aws.CredentialsProvider
}

// attempts sets the standard retryer's maximum attempts (default 1: no
// retries, so that call counts are exact). Backoff is zero so that retried
// tests stay fast; the retry decisions are the standard retryer's own.
func attempts(n int) cfgOption { return func(s *cfgSettings) { s.attempts = n } }

// withCreds replaces the static credentials.
func withCreds(p aws.CredentialsProvider) cfgOption { return func(s *cfgSettings) { s.creds = p } }

// awsConfig builds the configuration a real client would use against the
// fake: its URL as base endpoint, static credentials, a region.
func awsConfig(t testing.TB, url, accessKey, region string, opts ...cfgOption) aws.Config {
	t.Helper()
	s := cfgSettings{attempts: 1, creds: credentials.NewStaticCredentialsProvider(accessKey, "fake-secret-key", "")}
	for _, o := range opts {
		o(&s)
	}
	cfg, err := config.LoadDefaultConfig(context.Background(),
		config.WithRegion(region),
		config.WithBaseEndpoint(url),
		config.WithCredentialsProvider(s.creds),
		config.WithSharedConfigFiles([]string{}),
		config.WithSharedCredentialsFiles([]string{}),
		config.WithRetryer(func() aws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) {
				o.MaxAttempts = s.attempts
				o.RateLimiter = ratelimit.None
				o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
			})
		}),
	)
	if err != nil {
		t.Fatalf("LoadDefaultConfig: %v", err)
	}
	return cfg
}

var ctx = context.Background()

// apiCode returns the smithy.APIError code of err, failing the test when err
// is not an API error.
func apiCode(t *testing.T, err error) string {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("error %v (%T) is not a smithy.APIError", err, err)
	}
	return ae.ErrorCode()
}

// wantAPIError checks err's code and that its message contains every part.
func wantAPIError(t *testing.T, err error, code string, msgParts ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("want %s, got no error", code)
	}
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("error %v (%T) is not a smithy.APIError", err, err)
	}
	if ae.ErrorCode() != code {
		t.Fatalf("error code = %q, want %q (%v)", ae.ErrorCode(), code, err)
	}
	for _, p := range msgParts {
		if !strings.Contains(ae.ErrorMessage(), p) {
			t.Errorf("error message %q does not contain %q", ae.ErrorMessage(), p)
		}
	}
}

// callsOf returns the recorded calls of one operation.
func callsOf(srv *fakeaws.Server, service, op string) []fakeaws.Call {
	var out []fakeaws.Call
	for _, c := range srv.Calls() {
		if c.Service == service && c.Operation == op {
			out = append(out, c)
		}
	}
	return out
}

// asAPIError returns err as a smithy.APIError, or nil.
func asAPIError(err error) smithy.APIError {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae
	}
	return nil
}
