package aws

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// TestListAllStopsOnARepeatedToken: a service that answers every page with
// the same next token is asked twice, not for ever, and the error names the
// call; a service whose tokens end is read to the end.
func TestListAllStopsOnARepeatedToken(t *testing.T) {
	for name, tc := range map[string]struct {
		next      func(n int64) string
		wantItems int
		wantErr   string
		maxCalls  int64
	}{
		"repeated": {next: func(int64) string { return "same" }, wantErr: `security-ir:ListCases`, maxCalls: 2},
		"ends":     {next: lastAt(3), wantItems: 3, maxCalls: 3},
	} {
		t.Run(name, func(t *testing.T) {
			var calls atomic.Int64
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n := calls.Add(1)
				fmt.Fprintf(w, `{"items":[{"caseId":"c%d"}],"nextToken":%q}`, n, tc.next(n))
			}))
			defer srv.Close()
			cfg := aws.Config{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL),
				Credentials: credentials.NewStaticCredentialsProvider("AKIAFAKE", "x", "")}
			ir := restReader{cfg: cfg, rec: &recorder{inflight: make(chan struct{}, 1)}, signingName: "security-ir", serviceID: "Security IR"}
			got, err := listAll[irCase](context.Background(), ir, "us-east-1", "ListCases", "/v1/list-cases")
			if tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr) || !strings.Contains(err.Error(), "second time")) {
				t.Errorf("err = %v; want it to name %s and the repeated token", err, tc.wantErr)
			}
			if tc.wantErr == "" && (err != nil || len(got) != tc.wantItems) {
				t.Errorf("got %d items, %v; want %d", len(got), err, tc.wantItems)
			}
			if c := calls.Load(); c > tc.maxCalls {
				t.Errorf("%d requests, want at most %d", c, tc.maxCalls)
			}
		})
	}
}

// lastAt gives a fresh token for every page before page n, none after.
func lastAt(n int64) func(int64) string {
	return func(page int64) string {
		if page < n {
			return fmt.Sprintf("t%d", page)
		}
		return ""
	}
}
