package aws_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/account"
	accounttypes "github.com/aws/aws-sdk-go-v2/service/account/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	gdtypes "github.com/aws/aws-sdk-go-v2/service/guardduty/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts"
	sctypes "github.com/aws/aws-sdk-go-v2/service/ssmcontacts/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	fakeaws "github.com/irscan/irscan/internal/fakecloud/aws"
)

// TestDenyPerProtocol: a denied action answers each protocol's
// access-denied error, worded like AWS with the action and the caller.
func TestDenyPerProtocol(t *testing.T) {
	srv, url := compliant(t, fakeaws.Options{Deny: []string{
		"guardduty:ListDetectors", "securityhub:*", "s3:ListAllMyBuckets", "ec2:DescribeVpcs",
		"sts:AssumeRole", "events:ListRules", "account:GetAlternateContact",
	}})
	cfg := awsConfig(t, url, compliantKey, "us-east-1")
	const caller = "User: arn:aws:sts::111111111111:assumed-role/irscan/irscan-scan is not authorized to perform: "
	cases := []struct {
		name, code, action string
		status             int
		call               func() error
		typed              func(error) bool
	}{
		{"restJson1 guardduty", "AccessDeniedException", "guardduty:ListDetectors", 403, func() error {
			_, err := guardduty.NewFromConfig(cfg).ListDetectors(ctx, &guardduty.ListDetectorsInput{})
			return err
		}, is[*gdtypes.AccessDeniedException]},
		{"restJson1 securityhub", "AccessDeniedException", "securityhub:DescribeHub", 403, func() error {
			_, err := securityhub.NewFromConfig(cfg).DescribeHub(ctx, &securityhub.DescribeHubInput{})
			return err
		}, nil},
		{"restJson1 account", "AccessDeniedException", "account:GetAlternateContact", 403, func() error {
			_, err := account.NewFromConfig(cfg).GetAlternateContact(ctx, &account.GetAlternateContactInput{AlternateContactType: "SECURITY"})
			return err
		}, is[*accounttypes.AccessDeniedException]},
		{"awsJson1_1 events", "AccessDeniedException", "events:ListRules", 400, func() error {
			_, err := eventbridge.NewFromConfig(cfg).ListRules(ctx, &eventbridge.ListRulesInput{})
			return err
		}, is[*ebtypes.AccessDeniedException]},
		{"restXml s3", "AccessDenied", "s3:ListAllMyBuckets", 403, func() error {
			_, err := s3Client(cfg).ListBuckets(ctx, &s3.ListBucketsInput{})
			return err
		}, nil},
		{"ec2Query", "UnauthorizedOperation", "ec2:DescribeVpcs", 403, func() error {
			_, err := ec2.NewFromConfig(cfg).DescribeVpcs(ctx, &ec2.DescribeVpcsInput{})
			return err
		}, nil},
		{"awsQuery sts", "AccessDenied", "sts:AssumeRole", 403, func() error {
			_, err := sts.NewFromConfig(cfg).AssumeRole(ctx, &sts.AssumeRoleInput{
				RoleArn: aws.String("arn:aws:iam::111111111111:role/irscan"), RoleSessionName: aws.String("x")})
			return err
		}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			checkErrorCase(t, cfg, errorCase{call: func(aws.Config) error { return err }, code: tc.code, status: tc.status, typed: tc.typed})
			wantAPIError(t, err, tc.code, caller+tc.action, "explicit deny")
		})
	}
	msg := ""
	if err := func() error {
		_, err := guardduty.NewFromConfig(cfg).ListDetectors(ctx, &guardduty.ListDetectorsInput{})
		return err
	}(); err != nil {
		msg = err.Error()
	}
	if !strings.Contains(msg, "on resource: arn:aws:guardduty:us-east-1:111111111111:detector/*") {
		t.Errorf("GuardDuty denial does not name the resource: %s", msg)
	}
	if !strings.HasPrefix(callMessage(t, func() error {
		_, err := ec2.NewFromConfig(cfg).DescribeVpcs(ctx, &ec2.DescribeVpcsInput{})
		return err
	}), "You are not authorized to perform this operation. User: ") {
		t.Errorf("EC2 denial is not worded like EC2")
	}
	// Allowed calls still work, and denied ones are recorded as such.
	if _, err := cloudtrail.NewFromConfig(cfg).DescribeTrails(ctx, &cloudtrail.DescribeTrailsInput{}); err != nil {
		t.Errorf("DescribeTrails was not denied but failed: %v", err)
	}
	for _, c := range callsOf(srv, "guardduty", "ListDetectors") {
		if c.Fault != "denied" || c.ErrorCode != "AccessDeniedException" || c.Status != 403 {
			t.Errorf("denied call recorded as %+v", c)
		}
	}
}

func callMessage(t *testing.T, call func() error) string {
	t.Helper()
	err := call()
	if err == nil {
		t.Fatal("want an error")
	}
	var msg string
	if ae := asAPIError(err); ae != nil {
		msg = ae.ErrorMessage()
	}
	return msg
}

// TestScenarioDenyRule: scenario.yaml's deny list, scoped to one account.
func TestScenarioDenyRule(t *testing.T) {
	_, url := unit(t, fakeaws.Options{})
	contact := &ssmcontacts.GetContactInput{ContactId: aws.String("arn:aws:ssm-contacts:us-east-1:111111111111:contact/akuam")}
	_, err := ssmcontacts.NewFromConfig(awsConfig(t, url, mgmtKey, "us-east-1")).GetContact(ctx, contact)
	if !is[*sctypes.AccessDeniedException](err) {
		t.Fatalf("GetContact in 111111111111 = %v, want AccessDeniedException", err)
	}
	wantAPIError(t, err, "AccessDeniedException", "ssm-contacts:GetContact", "on resource: arn:aws:ssm-contacts:us-east-1:111111111111:contact/akuam")
	if _, err := ssmcontacts.NewFromConfig(awsConfig(t, url, mgmtKey, "us-east-1")).ListContacts(ctx, &ssmcontacts.ListContactsInput{}); err != nil {
		t.Errorf("ListContacts is not denied: %v", err)
	}
	// The rule names account 111111111111 only: the member gets its (empty) answer.
	_, err = ssmcontacts.NewFromConfig(awsConfig(t, url, memberKey, "us-east-1")).GetContact(ctx, contact)
	wantAPIError(t, err, "ResourceNotFoundException")
}

// TestAllowPolicy: --allow-policy denies what the policy does not allow,
// with IAM wildcards and explicit Deny statements.
func TestAllowPolicy(t *testing.T) {
	policy, err := fakeaws.ParsePolicy([]byte(`{
	  "Version": "2012-10-17",
	  "Statement": [
	    {"Effect": "Allow", "Action": ["ssm-contacts:List*", "events:*", "s3:ListAllMyBuckets"], "Resource": "*"},
	    {"Effect": "Deny", "Action": "events:ListTargetsByRule", "Resource": "*"}
	  ]}`))
	if err != nil {
		t.Fatal(err)
	}
	_, url := compliant(t, fakeaws.Options{AllowPolicy: policy})
	cfg := awsConfig(t, url, compliantKey, "us-east-1")

	sc := ssmcontacts.NewFromConfig(cfg)
	if _, err := sc.ListContacts(ctx, &ssmcontacts.ListContactsInput{}); err != nil {
		t.Errorf("ListContacts (ssm-contacts:List*) denied: %v", err)
	}
	_, err = sc.GetContact(ctx, &ssmcontacts.GetContactInput{ContactId: aws.String("akuam")})
	wantAPIError(t, err, "AccessDeniedException", "not authorized to perform: ssm-contacts:GetContact",
		"because no identity-based policy allows the ssm-contacts:GetContact action")

	eb := eventbridge.NewFromConfig(cfg)
	if _, err := eb.ListRules(ctx, &eventbridge.ListRulesInput{}); err != nil {
		t.Errorf("ListRules (events:*) denied: %v", err)
	}
	_, err = eb.ListTargetsByRule(ctx, &eventbridge.ListTargetsByRuleInput{Rule: aws.String("nightly-evidence-export")})
	wantAPIError(t, err, "AccessDeniedException", "events:ListTargetsByRule", "with an explicit deny")

	if _, err := s3Client(cfg).ListBuckets(ctx, &s3.ListBucketsInput{}); err != nil {
		t.Errorf("ListBuckets (s3:ListAllMyBuckets) denied: %v", err)
	}
	_, err = s3Client(cfg).GetObjectLockConfiguration(ctx, &s3.GetObjectLockConfigurationInput{Bucket: aws.String("irscan-compliant-cloudtrail-111111111111")})
	wantAPIError(t, err, "AccessDenied", "s3:GetBucketObjectLockConfiguration", "arn:aws:s3:::irscan-compliant-cloudtrail-111111111111")

	// sts:GetCallerIdentity needs no permission, as in AWS.
	if _, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}); err != nil {
		t.Errorf("GetCallerIdentity denied: %v", err)
	}
}

func TestParsePolicyErrors(t *testing.T) {
	for _, doc := range []string{
		`not json`,
		`{"Statement": []}`,
		`{"Statement": {"Effect": "Maybe", "Action": "*"}}`,
		`{"Statement": {"Effect": "Allow"}}`,
		`{"Statement": {"Effect": "Allow", "Action": 7}}`,
	} {
		if _, err := fakeaws.ParsePolicy([]byte(doc)); err == nil {
			t.Errorf("ParsePolicy(%s) accepted an invalid policy", doc)
		}
	}
	p, err := fakeaws.ParsePolicy([]byte(`{"Statement": {"Effect": "Allow", "NotAction": "iam:*"}}`))
	if err != nil || len(p.Statements) != 1 || p.Statements[0].NotAction[0] != "iam:*" {
		t.Errorf("single-statement NotAction policy = %+v, %v", p, err)
	}
}

// TestThrottlingIsRetried: the first N calls are throttled in each
// protocol's shape, and the SDK's standard retryer recovers.
func TestThrottlingIsRetried(t *testing.T) {
	cases := []struct {
		op, code string
		status   int
		call     func(cfg aws.Config) error
	}{
		{"events:ListRules", "ThrottlingException", 400, func(cfg aws.Config) error {
			_, err := eventbridge.NewFromConfig(cfg).ListRules(ctx, &eventbridge.ListRulesInput{})
			return err
		}},
		{"guardduty:ListDetectors", "ThrottlingException", 429, func(cfg aws.Config) error {
			_, err := guardduty.NewFromConfig(cfg).ListDetectors(ctx, &guardduty.ListDetectorsInput{})
			return err
		}},
		{"s3:ListBuckets", "SlowDown", 503, func(cfg aws.Config) error {
			_, err := s3Client(cfg).ListBuckets(ctx, &s3.ListBucketsInput{})
			return err
		}},
		{"ec2:DescribeVpcs", "RequestLimitExceeded", 503, func(cfg aws.Config) error {
			_, err := ec2.NewFromConfig(cfg).DescribeVpcs(ctx, &ec2.DescribeVpcsInput{})
			return err
		}},
		{"sts:GetCallerIdentity", "Throttling", 400, func(cfg aws.Config) error {
			_, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
			return err
		}},
	}
	for _, tc := range cases {
		t.Run(tc.op, func(t *testing.T) {
			faults := []fakeaws.Fault{{Operation: tc.op, Throttle: 2}}
			// Two throttles exhaust two attempts...
			_, url := compliant(t, fakeaws.Options{Faults: faults})
			err := tc.call(awsConfig(t, url, compliantKey, "us-east-1", attempts(2)))
			checkErrorCase(t, aws.Config{}, errorCase{call: func(aws.Config) error { return err }, code: tc.code, status: tc.status})
			// ...while three attempts get through: the third call succeeds.
			srv, url := compliant(t, fakeaws.Options{Faults: faults})
			if err := tc.call(awsConfig(t, url, compliantKey, "us-east-1", attempts(3))); err != nil {
				t.Fatalf("standard retryer did not recover from 2 throttles: %v", err)
			}
			var statuses []int
			for _, c := range srv.Calls() {
				statuses = append(statuses, c.Status)
				if c.Status != 200 && (c.Fault != "throttle" || c.ErrorCode != tc.code) {
					t.Errorf("throttled call recorded as %+v", c)
				}
			}
			if len(statuses) != 3 || statuses[2] != 200 {
				t.Errorf("statuses = %v, want two throttles then 200", statuses)
			}
		})
	}
}

// TestServerErrorBurst: the calls after the throttled ones fail with a 5xx,
// which the standard retryer also retries.
func TestServerErrorBurst(t *testing.T) {
	faults := []fakeaws.Fault{{Operation: "cloudtrail:DescribeTrails", Throttle: 1, Errors: 2, ErrorStatus: 503}}
	srv, url := compliant(t, fakeaws.Options{Faults: faults})
	_, err := cloudtrail.NewFromConfig(awsConfig(t, url, compliantKey, "us-east-1", attempts(4))).DescribeTrails(ctx, &cloudtrail.DescribeTrailsInput{})
	if err != nil {
		t.Fatalf("DescribeTrails after 1 throttle and 2 errors: %v", err)
	}
	var got []string
	for _, c := range srv.Calls() {
		got = append(got, c.Fault+"/"+c.ErrorCode)
	}
	want := "throttle/ThrottlingException,5xx/ServiceUnavailableException,5xx/ServiceUnavailableException,/"
	if strings.Join(got, ",") != want {
		t.Errorf("calls = %v, want %s", got, want)
	}

	_, url = compliant(t, fakeaws.Options{Faults: []fakeaws.Fault{{Operation: "s3:*", Errors: 1}}})
	_, err = s3Client(awsConfig(t, url, compliantKey, "us-east-1")).ListBuckets(ctx, &s3.ListBucketsInput{})
	checkErrorCase(t, aws.Config{}, errorCase{call: func(aws.Config) error { return err }, code: "InternalError", status: 500})
}

// TestFaultScope: a fault limited to a region and account leaves the others
// alone, and counts per account and region.
func TestFaultScope(t *testing.T) {
	_, url := compliant(t, fakeaws.Options{Faults: []fakeaws.Fault{{Operation: "guardduty:ListDetectors", Region: "eu-west-1", Throttle: 1}}})
	list := func(region string) error {
		_, err := guardduty.NewFromConfig(awsConfig(t, url, compliantKey, region)).ListDetectors(ctx, &guardduty.ListDetectorsInput{})
		return err
	}
	if err := list("us-east-1"); err != nil {
		t.Errorf("us-east-1 throttled: %v", err)
	}
	wantAPIError(t, list("eu-west-1"), "ThrottlingException")
	if err := list("eu-west-1"); err != nil {
		t.Errorf("second eu-west-1 call still throttled: %v", err)
	}
}

// TestLatency: injected latency delays matching calls only.
func TestLatency(t *testing.T) {
	const d = 40 * time.Millisecond
	srv, url := compliant(t, fakeaws.Options{Faults: []fakeaws.Fault{{Operation: "logs:*", Latency: d}}})
	cfg := awsConfig(t, url, compliantKey, "us-east-1")
	start := time.Now()
	if _, err := cloudwatchlogs.NewFromConfig(cfg).DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{}); err != nil {
		t.Fatal(err)
	}
	if elapsed := time.Since(start); elapsed < d {
		t.Errorf("DescribeLogGroups took %v, want at least %v", elapsed, d)
	}
	if _, err := guardduty.NewFromConfig(cfg).ListDetectors(ctx, &guardduty.ListDetectorsInput{}); err != nil {
		t.Fatal(err)
	}
	logs, gd := callsOf(srv, "logs", "DescribeLogGroups"), callsOf(srv, "guardduty", "ListDetectors")
	if logs[0].Fault != "latency" || logs[0].Duration < d {
		t.Errorf("logs call = %+v, want latency ≥ %v", logs[0], d)
	}
	if gd[0].Fault != "" {
		t.Errorf("guardduty call has fault %q", gd[0].Fault)
	}
}

// TestRateLimit: --throttle-rate throttles calls beyond the rate, per
// operation; a frozen clock makes the test exact.
func TestRateLimit(t *testing.T) {
	var mu sync.Mutex
	now := time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	srv, url := compliant(t, fakeaws.Options{ThrottleRate: 2, Now: clock})
	gd := guardduty.NewFromConfig(awsConfig(t, url, compliantKey, "us-east-1"))
	list := func() error { _, err := gd.ListDetectors(ctx, &guardduty.ListDetectorsInput{}); return err }
	for i := 0; i < 2; i++ {
		if err := list(); err != nil {
			t.Fatalf("call %d within the rate: %v", i+1, err)
		}
	}
	wantAPIError(t, list(), "ThrottlingException")
	// Another operation has its own bucket.
	if _, err := securityhub.NewFromConfig(awsConfig(t, url, compliantKey, "us-east-1")).DescribeHub(ctx, &securityhub.DescribeHubInput{}); err != nil {
		t.Errorf("DescribeHub throttled by ListDetectors' rate: %v", err)
	}
	mu.Lock()
	now = now.Add(500 * time.Millisecond)
	mu.Unlock()
	if err := list(); err != nil {
		t.Errorf("after half a second at 2/s a call should pass: %v", err)
	}
	if c := callsOf(srv, "guardduty", "ListDetectors"); c[2].Fault != "rate-limit" {
		t.Errorf("third call fault = %q, want rate-limit", c[2].Fault)
	}
}
