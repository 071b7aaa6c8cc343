package aws_test

import (
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"

	fakeaws "github.com/irscan/irscan/internal/fakecloud/aws"
)

// BenchmarkFakeCall measures one real-SDK call against the fake (the
// floor under any collection benchmark run against it).
func BenchmarkFakeCall(b *testing.B) {
	srv, err := fakeaws.New(fakeaws.Options{Fixtures: fixtureRoot, Scenario: "compliant"})
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	cfg := awsConfig(b, ts.URL, compliantKey, "us-east-1")
	b.Run("restJson1 GetDetector", func(b *testing.B) {
		gd := guardduty.NewFromConfig(cfg)
		in := &guardduty.GetDetectorInput{DetectorId: ptr("12abc34d567e8fa901bc2d34eexample")}
		for b.Loop() {
			if _, err := gd.GetDetector(ctx, in); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("awsJson1_1 ListRules page 2", func(b *testing.B) {
		eb := eventbridge.NewFromConfig(cfg)
		first, err := eb.ListRules(ctx, &eventbridge.ListRulesInput{})
		if err != nil {
			b.Fatal(err)
		}
		in := &eventbridge.ListRulesInput{NextToken: first.NextToken}
		for b.Loop() {
			if _, err := eb.ListRules(ctx, in); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func ptr[T any](v T) *T { return &v }
