package aws_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/service/account"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts"
	sctypes "github.com/aws/aws-sdk-go-v2/service/ssmcontacts/types"
	"github.com/aws/aws-sdk-go-v2/service/ssmincidents"
	sitypes "github.com/aws/aws-sdk-go-v2/service/ssmincidents/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go/middleware"

	fakeaws "github.com/irscan/irscan/internal/fakecloud/aws"
)

// TestWritesAreRefused: every write, in every protocol, is refused with 403
// and recorded as a violation, whoever sends it.
func TestWritesAreRefused(t *testing.T) {
	srv, url := compliant(t, fakeaws.Options{})
	cfg := awsConfig(t, url, compliantKey, "us-east-1")
	writes := map[string]func() error{
		"events:PutRule": func() error {
			_, err := eventbridge.NewFromConfig(cfg).PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("x"), ScheduleExpression: aws.String("rate(1 day)")})
			return err
		},
		"guardduty:CreateDetector": func() error {
			_, err := guardduty.NewFromConfig(cfg).CreateDetector(ctx, &guardduty.CreateDetectorInput{Enable: aws.Bool(true)})
			return err
		},
		"guardduty:DeleteDetector": func() error {
			_, err := guardduty.NewFromConfig(cfg).DeleteDetector(ctx, &guardduty.DeleteDetectorInput{DetectorId: aws.String("12abc34d567e8fa901bc2d34eexample")})
			return err
		},
		"securityhub:EnableSecurityHub": func() error {
			_, err := securityhub.NewFromConfig(cfg).EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{})
			return err
		},
		"s3:PutBucketTagging": func() error {
			_, err := s3Client(cfg).PutBucketTagging(ctx, &s3.PutBucketTaggingInput{Bucket: aws.String("irscan-compliant-cloudtrail-111111111111"),
				Tagging: &s3types.Tagging{TagSet: []s3types.Tag{{Key: aws.String("k"), Value: aws.String("v")}}}})
			return err
		},
		"s3:DeleteObject": func() error {
			_, err := s3Client(cfg).DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String("b"), Key: aws.String("evidence.log")})
			return err
		},
		"ec2:CreateTags": func() error {
			_, err := ec2.NewFromConfig(cfg).CreateTags(ctx, &ec2.CreateTagsInput{Resources: []string{"vpc-1"}, Tags: []ec2types.Tag{{Key: aws.String("k")}}})
			return err
		},
		"ssm-incidents:CreateResponsePlan": func() error {
			_, err := ssmincidents.NewFromConfig(cfg).CreateResponsePlan(ctx, &ssmincidents.CreateResponsePlanInput{Name: aws.String("x"),
				IncidentTemplate: &sitypes.IncidentTemplate{Title: aws.String("x"), Impact: aws.Int32(1)}})
			return err
		},
		"ssm-contacts:CreateContact": func() error {
			_, err := ssmcontacts.NewFromConfig(cfg).CreateContact(ctx, &ssmcontacts.CreateContactInput{Alias: aws.String("x"), Type: "PERSONAL", Plan: &sctypes.Plan{}})
			return err
		},
		"cloudtrail:StopLogging": func() error {
			_, err := cloudtrail.NewFromConfig(cfg).StopLogging(ctx, &cloudtrail.StopLoggingInput{Name: aws.String("irscan-audit-trail")})
			return err
		},
		"logs:PutRetentionPolicy": func() error {
			_, err := cloudwatchlogs.NewFromConfig(cfg).PutRetentionPolicy(ctx, &cloudwatchlogs.PutRetentionPolicyInput{LogGroupName: aws.String("x"), RetentionInDays: aws.Int32(1)})
			return err
		},
		"account:PutAlternateContact": func() error {
			_, err := account.NewFromConfig(cfg).PutAlternateContact(ctx, &account.PutAlternateContactInput{AlternateContactType: "SECURITY",
				EmailAddress: aws.String("a@example.com"), Name: aws.String("x"), PhoneNumber: aws.String("+1"), Title: aws.String("x")})
			return err
		},
		"organizations:LeaveOrganization": func() error {
			_, err := organizations.NewFromConfig(cfg).LeaveOrganization(ctx, &organizations.LeaveOrganizationInput{})
			return err
		},
		"sts:DecodeAuthorizationMessage": func() error {
			_, err := sts.NewFromConfig(cfg).DecodeAuthorizationMessage(ctx, &sts.DecodeAuthorizationMessageInput{EncodedMessage: aws.String("x")})
			return err
		},
	}
	for action, write := range writes {
		err := write()
		if err == nil {
			t.Errorf("%s was not refused", action)
			continue
		}
		if ae := asAPIError(err); ae == nil || (ae.ErrorCode() != "AccessDeniedException" && ae.ErrorCode() != "AccessDenied" && ae.ErrorCode() != "UnauthorizedOperation") {
			t.Errorf("%s refused with %v, want the protocol's access-denied error", action, err)
		}
	}
	// A write with credentials the fake does not know is a violation too.
	_, err := eventbridge.NewFromConfig(awsConfig(t, url, "AKIANOBODY0000000000", "us-east-1")).DeleteRule(ctx, &eventbridge.DeleteRuleInput{Name: aws.String("x")})
	if err == nil {
		t.Error("DeleteRule with unknown credentials was not refused")
	}
	writes["events:DeleteRule"] = nil

	got := map[string]fakeaws.Call{}
	for _, c := range srv.Violations() {
		got[c.Action] = c
	}
	for action := range writes {
		c, ok := got[action]
		if !ok {
			t.Errorf("%s is not recorded as a violation (violations: %v)", action, got)
			continue
		}
		if c.Status != http.StatusForbidden || !c.Violation || c.Fault != "not-a-read" {
			t.Errorf("%s recorded as %+v", action, c)
		}
	}
	if len(srv.Violations()) != len(writes) {
		t.Errorf("%d violations recorded, want %d", len(srv.Violations()), len(writes))
	}
}

// TestCallLog: each call is recorded with its account, region, service,
// operation, action, key parameters, status and a unique request ID, which
// is the one the SDK read from the response.
func TestCallLog(t *testing.T) {
	srv, url := compliant(t, fakeaws.Options{})
	requestIDs := map[string]bool{}
	keep := func(md middleware.Metadata) {
		id, ok := awsmiddleware.GetRequestIDMetadata(md)
		if !ok || id == "" {
			t.Errorf("the SDK found no request ID")
		}
		requestIDs[id] = true
	}
	for _, region := range regions {
		cfg := awsConfig(t, url, compliantKey, region)
		out, err := guardduty.NewFromConfig(cfg).ListDetectors(ctx, &guardduty.ListDetectorsInput{})
		if err != nil {
			t.Fatal(err)
		}
		keep(out.ResultMetadata)
		det, err := guardduty.NewFromConfig(cfg).GetDetector(ctx, &guardduty.GetDetectorInput{DetectorId: &out.DetectorIds[0]})
		if err != nil {
			t.Fatal(err)
		}
		keep(det.ResultMetadata)
	}
	cfg := awsConfig(t, url, compliantKey, "us-east-1")
	b, err := s3Client(cfg).GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: aws.String("irscan-compliant-cloudtrail-111111111111")})
	if err != nil {
		t.Fatal(err)
	}
	keep(b.ResultMetadata)
	v, err := ec2.NewFromConfig(cfg).DescribeRegions(ctx, &ec2.DescribeRegionsInput{})
	if err != nil {
		t.Fatal(err)
	}
	keep(v.ResultMetadata)
	who, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	keep(who.ResultMetadata)

	calls := srv.Calls()
	if len(calls) != 7 || len(requestIDs) != 7 {
		t.Fatalf("%d calls and %d distinct request IDs, want 7 and 7", len(calls), len(requestIDs))
	}
	for i, c := range calls {
		if c.Seq != i+1 || c.Account != compliantAccount || c.Status != 200 || !requestIDs[c.RequestID] || c.Time.IsZero() {
			t.Errorf("call %d = %+v", i+1, c)
		}
	}
	det := calls[3]
	if det.Region != "eu-west-1" || det.Service != "guardduty" || det.Operation != "GetDetector" || det.Action != "guardduty:GetDetector" ||
		det.Protocol != "restJson1" || det.Params["detectorId"] != "34cde56f789a0bc123de4f56aexample" ||
		det.Fixture != "111111111111/eu-west-1/guardduty/GetDetector/34cde56f789a0bc123de4f56aexample.json" ||
		det.Principal != "arn:aws:sts::111111111111:assumed-role/irscan/irscan-scan" {
		t.Errorf("GetDetector call = %+v", det)
	}
	if s3c := calls[4]; s3c.Operation != "GetBucketVersioning" || s3c.Params["bucket"] != "irscan-compliant-cloudtrail-111111111111" || s3c.Protocol != "restXml" {
		t.Errorf("S3 call = %+v", s3c)
	}

	// The same log over HTTP.
	var overHTTP []fakeaws.Call
	getJSON(t, url+fakeaws.ControlPrefix+"calls", &overHTTP)
	if len(overHTTP) != len(calls) || overHTTP[3].RequestID != det.RequestID || overHTTP[3].Params["detectorId"] != det.Params["detectorId"] {
		t.Errorf("GET /_fakecloud/calls = %+v", overHTTP)
	}
	var violations []fakeaws.Call
	getJSON(t, url+fakeaws.ControlPrefix+"calls?violations=true", &violations)
	if len(violations) != 0 {
		t.Errorf("violations = %+v, want none", violations)
	}
	req, _ := http.NewRequest(http.MethodDelete, url+fakeaws.ControlPrefix+"calls", nil)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("DELETE /_fakecloud/calls: %v %v", resp, err)
	}
	if n := len(srv.Calls()); n != 0 {
		t.Errorf("%d calls after DELETE", n)
	}
}

func getJSON(t *testing.T, url string, v any) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %s", url, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatal(err)
	}
}

// TestUnknownCallerAndRegion: unknown access keys and regions the account has
// not enabled fail like they do in AWS, in each protocol's shape.
func TestUnknownCallerAndRegion(t *testing.T) {
	srv, url := compliant(t, fakeaws.Options{})
	nobody := awsConfig(t, url, "AKIANOBODY0000000000", "us-east-1")
	cases := []errorCase{
		{"restJson1", func(cfg aws.Config) error {
			_, err := guardduty.NewFromConfig(cfg).ListDetectors(ctx, &guardduty.ListDetectorsInput{})
			return err
		}, "UnrecognizedClientException", 403, nil},
		{"awsJson1_1", func(cfg aws.Config) error {
			_, err := eventbridge.NewFromConfig(cfg).ListRules(ctx, &eventbridge.ListRulesInput{})
			return err
		}, "UnrecognizedClientException", 400, nil},
		{"restXml", func(cfg aws.Config) error {
			_, err := s3Client(cfg).ListBuckets(ctx, &s3.ListBucketsInput{})
			return err
		}, "InvalidAccessKeyId", 403, nil},
		{"ec2Query", func(cfg aws.Config) error {
			_, err := ec2.NewFromConfig(cfg).DescribeVpcs(ctx, &ec2.DescribeVpcsInput{})
			return err
		}, "AuthFailure", 401, nil},
		{"awsQuery", func(cfg aws.Config) error {
			_, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
			return err
		}, "InvalidClientTokenId", 403, nil},
	}
	for _, tc := range cases {
		t.Run("unknown key "+tc.name, func(t *testing.T) { checkErrorCase(t, nobody, tc) })
	}

	// ap-southeast-2 is not one of the account's regions.
	elsewhere := awsConfig(t, url, compliantKey, "ap-southeast-2")
	checkErrorCase(t, elsewhere, cases[0])
	if c := callsOf(srv, "guardduty", "ListDetectors"); c[len(c)-1].Fault != "region-not-enabled" || c[len(c)-1].Region != "ap-southeast-2" {
		t.Errorf("call = %+v, want fault region-not-enabled", c[len(c)-1])
	}
	// Global services answer from any region.
	if _, err := organizations.NewFromConfig(elsewhere).DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{}); err != nil {
		t.Errorf("organizations from ap-southeast-2: %v", err)
	}
}

// TestPageTokens: tokens are honoured only for the fixture they were issued
// for.
func TestPageTokens(t *testing.T) {
	_, url := compliant(t, fakeaws.Options{})
	use1 := eventbridge.NewFromConfig(awsConfig(t, url, compliantKey, "us-east-1"))
	euw1 := eventbridge.NewFromConfig(awsConfig(t, url, compliantKey, "eu-west-1"))
	first, err := euw1.ListRules(ctx, &eventbridge.ListRulesInput{})
	if err != nil || first.NextToken == nil {
		t.Fatalf("eu-west-1 ListRules page 1: %v, token %v", err, first.NextToken)
	}
	_, err = use1.ListRules(ctx, &eventbridge.ListRulesInput{NextToken: first.NextToken})
	wantAPIError(t, err, "InvalidNextTokenException")
	_, err = use1.ListRules(ctx, &eventbridge.ListRulesInput{NextToken: aws.String("bogus")})
	wantAPIError(t, err, "InvalidNextTokenException")
	second, err := euw1.ListRules(ctx, &eventbridge.ListRulesInput{NextToken: first.NextToken})
	if err != nil || second.NextToken != nil || len(second.Rules) != 2 {
		t.Errorf("eu-west-1 page 2 = %+v, %v; want the last page", second, err)
	}
	_, err = s3Client(awsConfig(t, url, compliantKey, "us-east-1")).ListBuckets(ctx, &s3.ListBucketsInput{ContinuationToken: aws.String("bogus")})
	wantAPIError(t, err, "InvalidArgument")
}
