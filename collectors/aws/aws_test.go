package aws

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	incidenttypes "github.com/aws/aws-sdk-go-v2/service/ssmincidents/types"

	fakeaws "github.com/irscan/irscan/internal/fakecloud/aws"
)

// TestPlainWritesUnionsAsTheAPIDocumentsThem: SDK union members become
// {"<Variant>": value}, not encoding/json's {"Value": value}.
func TestPlainWritesUnionsAsTheAPIDocumentsThem(t *testing.T) {
	plan := map[string]any{
		"Actions":     []incidenttypes.Action{&incidenttypes.ActionMemberSsmAutomation{Value: incidenttypes.SsmAutomation{DocumentName: strPtr("AWSIncidents-CriticalIncidentRunbookTemplate")}}},
		"ChatChannel": &incidenttypes.ChatChannelMemberChatbotSns{Value: []string{"arn:aws:sns:us-east-1:1:chat"}},
		"Missing":     []string(nil),
	}
	b, _ := json.Marshal(plain(plan))
	got := string(b)
	for _, want := range []string{`"SsmAutomation":{`, `"DocumentName":"AWSIncidents-CriticalIncidentRunbookTemplate"`, `"ChatChannel":{"ChatbotSns":["arn:aws:sns:us-east-1:1:chat"]}`, `"Missing":null`} {
		if !strings.Contains(got, want) {
			t.Errorf("%s lacks %s", got, want)
		}
	}
	if strings.Contains(got, `"Value"`) || strings.Contains(got, "ResultMetadata") {
		t.Errorf("SDK plumbing leaked: %s", got)
	}
}

func strPtr(s string) *string { return &s }

// collectFake collects the compliant fakecloud scenario with the real SDK.
func collectFake(tb testing.TB, latency time.Duration, parallel int) {
	tb.Helper()
	srv, err := fakeaws.New(fakeaws.Options{Fixtures: "../../testdata/fakecloud", Scenario: "compliant", Latency: latency})
	if err != nil {
		tb.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	tb.Setenv("AWS_ACCESS_KEY_ID", "AKIAFAKE111111111111")
	tb.Setenv("AWS_SECRET_ACCESS_KEY", "fakecloud")
	tb.Setenv("AWS_REGION", "us-east-1")
	tb.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	tb.Setenv("AWS_CONFIG_FILE", "/dev/null")
	tb.Setenv("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
	snaps, err := Collect(context.Background(), Options{EndpointURL: ts.URL, Parallel: parallel, ToolVersion: "bench"})
	if err != nil {
		tb.Fatal(err)
	}
	if len(snaps) != 1 || len(snaps[0].Sections) != len(sectionSpecs) {
		tb.Fatalf("got %d snapshots", len(snaps))
	}
	for name, s := range snaps[0].Sections {
		if s.Status != "ok" {
			tb.Fatalf("section %s: %s %s", name, s.Status, s.Error)
		}
	}
}

// BenchmarkCollect measures one account's collection wall time against
// fakecloud adding 20 ms to every call, sequential and with the default
// bound on requests in flight (see BENCHMARKS.md).
func BenchmarkCollect(b *testing.B) {
	for _, bc := range []struct {
		name     string
		parallel int
	}{{"parallel=1", 1}, {"parallel=16", DefaultParallel}} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				collectFake(b, 20*time.Millisecond, bc.parallel)
			}
		})
	}
}

// TestCollectCompliant reads every section of the compliant scenario as ok.
func TestCollectCompliant(t *testing.T) {
	collectFake(t, 0, 4)
}
