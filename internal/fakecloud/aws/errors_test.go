package aws_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/account"
	accounttypes "github.com/aws/aws-sdk-go-v2/service/account/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	gdtypes "github.com/aws/aws-sdk-go-v2/service/guardduty/types"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	shtypes "github.com/aws/aws-sdk-go-v2/service/securityhub/types"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts"
	"github.com/aws/aws-sdk-go-v2/service/ssmincidents"
	sitypes "github.com/aws/aws-sdk-go-v2/service/ssmincidents/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	fakeaws "github.com/irscan/irscan/internal/fakecloud/aws"
)

// errorCase is one call expected to fail with a given code and status.
type errorCase struct {
	name   string
	call   func(cfg aws.Config) error
	code   string
	status int
	// typed checks that the error is the SDK's modelled type, when there is one.
	typed func(error) bool
}

func is[T error](err error) bool {
	var target T
	return errors.As(err, &target)
}

func s3Client(cfg aws.Config) *s3.Client {
	return s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true })
}

// checkErrorCase runs one case and checks code, status, type and that the
// SDK read the request ID the fake sent.
func checkErrorCase(t *testing.T, cfg aws.Config, tc errorCase) {
	t.Helper()
	err := tc.call(cfg)
	if err == nil {
		t.Fatalf("want %s, got no error", tc.code)
	}
	if got := apiCode(t, err); got != tc.code {
		t.Errorf("code = %q, want %q (%v)", got, tc.code, err)
	}
	var re *awshttp.ResponseError
	if !errors.As(err, &re) {
		t.Fatalf("%v is not an *awshttp.ResponseError", err)
	}
	if re.HTTPStatusCode() != tc.status {
		t.Errorf("status = %d, want %d", re.HTTPStatusCode(), tc.status)
	}
	if re.ServiceRequestID() == "" {
		t.Errorf("the SDK found no request ID in the error response")
	}
	if tc.typed != nil && !tc.typed(err) {
		t.Errorf("error %T is not the SDK's modelled error type", errors.Unwrap(err))
	}
}

// TestErrorFixtures: an .error.yaml fixture surfaces, in every protocol, as
// the error code, status and (where modelled) typed error the SDK expects.
func TestErrorFixtures(t *testing.T) {
	_, url := unit(t, fakeaws.Options{})
	cfg := awsConfig(t, url, mgmtKey, "us-east-1")
	cases := []errorCase{
		{"restJson1 account ResourceNotFoundException", func(cfg aws.Config) error {
			_, err := account.NewFromConfig(cfg).GetAlternateContact(ctx, &account.GetAlternateContactInput{AlternateContactType: "SECURITY"})
			return err
		}, "ResourceNotFoundException", 404, is[*accounttypes.ResourceNotFoundException]},
		{"restJson1 securityhub InvalidAccessException", func(cfg aws.Config) error {
			_, err := securityhub.NewFromConfig(cfg).DescribeHub(ctx, &securityhub.DescribeHubInput{})
			return err
		}, "InvalidAccessException", 401, is[*shtypes.InvalidAccessException]},
		{"restJson1 guardduty BadRequestException", func(cfg aws.Config) error {
			_, err := guardduty.NewFromConfig(cfg).GetDetector(ctx, &guardduty.GetDetectorInput{DetectorId: aws.String("abc123")})
			return err
		}, "BadRequestException", 400, is[*gdtypes.BadRequestException]},
		{"awsJson1_1 cloudtrail TrailNotFoundException", func(cfg aws.Config) error {
			_, err := cloudtrail.NewFromConfig(cfg).GetTrailStatus(ctx, &cloudtrail.GetTrailStatusInput{Name: aws.String("gone")})
			return err
		}, "TrailNotFoundException", 400, is[*cttypes.TrailNotFoundException]},
		{"awsJson1_1 events keyed ResourceNotFoundException", func(cfg aws.Config) error {
			_, err := eventbridge.NewFromConfig(cfg).ListTargetsByRule(ctx, &eventbridge.ListTargetsByRuleInput{Rule: aws.String("deleted-rule")})
			return err
		}, "ResourceNotFoundException", 400, is[*ebtypes.ResourceNotFoundException]},
		{"restXml NoSuchTagSet", func(cfg aws.Config) error {
			_, err := s3Client(cfg).GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: aws.String("untagged-bucket")})
			return err
		}, "NoSuchTagSet", 404, nil},
		{"restXml ObjectLockConfigurationNotFoundError", func(cfg aws.Config) error {
			_, err := s3Client(cfg).GetObjectLockConfiguration(ctx, &s3.GetObjectLockConfigurationInput{Bucket: aws.String("untagged-bucket")})
			return err
		}, "ObjectLockConfigurationNotFoundError", 404, nil},
		{"ec2Query InvalidVpcID.NotFound", func(cfg aws.Config) error {
			_, err := ec2.NewFromConfig(cfg).DescribeVpcs(ctx, &ec2.DescribeVpcsInput{})
			return err
		}, "InvalidVpcID.NotFound", 400, nil},
		{"awsQuery AccessDenied for a role not in the scenario", func(cfg aws.Config) error {
			_, err := sts.NewFromConfig(cfg).AssumeRole(ctx, &sts.AssumeRoleInput{
				RoleArn: aws.String("arn:aws:iam::999999999999:role/nope"), RoleSessionName: aws.String("x")})
			return err
		}, "AccessDenied", 403, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { checkErrorCase(t, cfg, tc) })
	}
}

// TestGenericKeyedS3: an S3 bucket operation the fake has no table entry for
// is still answered per bucket.
func TestGenericKeyedS3(t *testing.T) {
	srv, url := unit(t, fakeaws.Options{})
	out, err := s3Client(awsConfig(t, url, mgmtKey, "us-east-1")).GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: aws.String("untagged-bucket")})
	if err != nil {
		t.Fatal(err)
	}
	if r := out.ServerSideEncryptionConfiguration.Rules; len(r) != 1 || r[0].ApplyServerSideEncryptionByDefault.SSEAlgorithm != "aws:kms" {
		t.Errorf("encryption = %+v", out.ServerSideEncryptionConfiguration)
	}
	if c := callsOf(srv, "s3", "GetBucketEncryption"); c[0].Action != "s3:GetEncryptionConfiguration" || c[0].Params["bucket"] != "untagged-bucket" {
		t.Errorf("call = %+v", c[0])
	}
	_, err = s3Client(awsConfig(t, url, mgmtKey, "us-east-1")).GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: aws.String("other")})
	wantAPIError(t, err, "InternalFailure", "s3/GetBucketEncryption/other")
}

// TestMissingFixtureIsLoud: in the default mode an operation without a
// fixture answers 500 InternalFailure naming the files it looked for.
func TestMissingFixtureIsLoud(t *testing.T) {
	srv, url := unit(t, fakeaws.Options{})
	cfg := awsConfig(t, url, mgmtKey, "us-east-1")
	_, err := cloudwatchlogs.NewFromConfig(cfg).DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{})
	wantAPIError(t, err, "InternalFailure", "logs:DescribeLogGroups",
		"111111111111/us-east-1/logs/DescribeLogGroups", "111111111111/global/logs/DescribeLogGroups")
	_, err = eventbridge.NewFromConfig(cfg).ListTargetsByRule(ctx, &eventbridge.ListTargetsByRuleInput{Rule: aws.String("other-rule")})
	wantAPIError(t, err, "InternalFailure", "Rule=other-rule", "events/ListTargetsByRule/other-rule")
	calls := callsOf(srv, "logs", "DescribeLogGroups")
	if len(calls) != 1 || calls[0].Status != 500 || calls[0].Fault != "missing-fixture" {
		t.Errorf("call log = %+v, want one 500 missing-fixture call", calls)
	}
}

// TestEmptyMode: an account with `missing: empty` answers like an account
// where nothing is configured: empty lists, and the "not configured" errors.
func TestEmptyMode(t *testing.T) {
	_, url := unit(t, fakeaws.Options{})
	cfg := awsConfig(t, url, memberKey, "us-east-1")

	gd, err := guardduty.NewFromConfig(cfg).ListDetectors(ctx, &guardduty.ListDetectorsInput{})
	if err != nil || len(gd.DetectorIds) != 0 {
		t.Errorf("ListDetectors = %v, %v; want empty", gd, err)
	}
	rules, err := eventbridge.NewFromConfig(cfg).ListRules(ctx, &eventbridge.ListRulesInput{})
	if err != nil || len(rules.Rules) != 0 {
		t.Errorf("ListRules = %v, %v; want empty", rules, err)
	}
	trails, err := cloudtrail.NewFromConfig(cfg).DescribeTrails(ctx, &cloudtrail.DescribeTrailsInput{})
	if err != nil || len(trails.TrailList) != 0 {
		t.Errorf("DescribeTrails = %v, %v; want empty", trails, err)
	}
	lg, err := cloudwatchlogs.NewFromConfig(cfg).DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{})
	if err != nil || len(lg.LogGroups) != 0 {
		t.Errorf("DescribeLogGroups = %v, %v; want empty", lg, err)
	}
	vpcs, err := ec2.NewFromConfig(cfg).DescribeVpcs(ctx, &ec2.DescribeVpcsInput{})
	if err != nil || len(vpcs.Vpcs) != 0 {
		t.Errorf("DescribeVpcs = %v, %v; want empty", vpcs, err)
	}
	reg, err := ec2.NewFromConfig(cfg).DescribeRegions(ctx, &ec2.DescribeRegionsInput{})
	if err != nil || len(reg.Regions) != 2 {
		t.Errorf("DescribeRegions = %v, %v; want the member's 2 regions", reg, err)
	}
	sets, err := ssmincidents.NewFromConfig(cfg).ListReplicationSets(ctx, &ssmincidents.ListReplicationSetsInput{})
	if err != nil || len(sets.ReplicationSetArns) != 0 {
		t.Errorf("ListReplicationSets = %v, %v; want empty", sets, err)
	}
	contacts, err := ssmcontacts.NewFromConfig(cfg).ListContacts(ctx, &ssmcontacts.ListContactsInput{})
	if err != nil || len(contacts.Contacts) != 0 {
		t.Errorf("ListContacts = %v, %v; want empty", contacts, err)
	}
	buckets, err := s3Client(cfg).ListBuckets(ctx, &s3.ListBucketsInput{})
	if err != nil || len(buckets.Buckets) != 0 {
		t.Errorf("ListBuckets = %v, %v; want empty", buckets, err)
	}
	ver, err := s3Client(cfg).GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: aws.String("any-bucket")})
	if err != nil || ver.Status != "" {
		t.Errorf("GetBucketVersioning = %q, %v; want never enabled", ver.Status, err)
	}
	org, err := organizations.NewFromConfig(cfg).DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
	if err != nil || aws.ToString(org.Organization.Id) != "o-unittest0001" || aws.ToString(org.Organization.MasterAccountId) != "111111111111" {
		t.Errorf("DescribeOrganization (synthesised) = %+v, %v", org, err)
	}

	cases := []errorCase{
		{"securityhub off", func(cfg aws.Config) error {
			_, err := securityhub.NewFromConfig(cfg).DescribeHub(ctx, &securityhub.DescribeHubInput{})
			return err
		}, "InvalidAccessException", 401, is[*shtypes.InvalidAccessException]},
		{"no security contact", func(cfg aws.Config) error {
			_, err := account.NewFromConfig(cfg).GetAlternateContact(ctx, &account.GetAlternateContactInput{AlternateContactType: "SECURITY"})
			return err
		}, "ResourceNotFoundException", 404, is[*accounttypes.ResourceNotFoundException]},
		{"no object lock", func(cfg aws.Config) error {
			_, err := s3Client(cfg).GetObjectLockConfiguration(ctx, &s3.GetObjectLockConfigurationInput{Bucket: aws.String("any-bucket")})
			return err
		}, "ObjectLockConfigurationNotFoundError", 404, nil},
		{"no tags", func(cfg aws.Config) error {
			_, err := s3Client(cfg).GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: aws.String("any-bucket")})
			return err
		}, "NoSuchTagSet", 404, nil},
		{"no response plan", func(cfg aws.Config) error {
			_, err := ssmincidents.NewFromConfig(cfg).GetResponsePlan(ctx, &ssmincidents.GetResponsePlanInput{
				Arn: aws.String("arn:aws:ssm-incidents::222222222222:response-plan/none")})
			return err
		}, "ResourceNotFoundException", 404, is[*sitypes.ResourceNotFoundException]},
		{"no trail", func(cfg aws.Config) error {
			_, err := cloudtrail.NewFromConfig(cfg).GetTrailStatus(ctx, &cloudtrail.GetTrailStatusInput{Name: aws.String("none")})
			return err
		}, "TrailNotFoundException", 400, is[*cttypes.TrailNotFoundException]},
		{"member cannot list accounts", func(cfg aws.Config) error {
			_, err := organizations.NewFromConfig(cfg).ListAccounts(ctx, &organizations.ListAccountsInput{})
			return err
		}, "AccessDeniedException", 400, is[*orgtypes.AccessDeniedException]},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { checkErrorCase(t, cfg, tc) })
	}
}

// TestSynthesisedOrganization: without fixtures, the management account
// lists the scenario's accounts.
func TestSynthesisedOrganization(t *testing.T) {
	_, url := unit(t, fakeaws.Options{})
	out, err := organizations.NewFromConfig(awsConfig(t, url, mgmtKey, "us-east-1")).ListAccounts(ctx, &organizations.ListAccountsInput{})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, a := range out.Accounts {
		ids = append(ids, fmt.Sprintf("%s=%s", aws.ToString(a.Id), a.Status))
	}
	if strings.Join(ids, ",") != "111111111111=ACTIVE,222222222222=ACTIVE" {
		t.Errorf("accounts = %v", ids)
	}
}
