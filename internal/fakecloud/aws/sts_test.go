package aws_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/account"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	fakeaws "github.com/irscan/irscan/internal/fakecloud/aws"
)

const auditRole = "arn:aws:iam::222222222222:role/irscan-audit"

// TestAssumeRoleSelectsTargetAccount: the credentials AssumeRole hands out
// authenticate as the role's account, through the SDK's own stscreds
// provider, and the call log records the target account.
func TestAssumeRoleSelectsTargetAccount(t *testing.T) {
	srv, url := unit(t, fakeaws.Options{})
	mgmt := awsConfig(t, url, mgmtKey, "us-east-1")
	provider := stscreds.NewAssumeRoleProvider(sts.NewFromConfig(mgmt), auditRole, func(o *stscreds.AssumeRoleOptions) {
		o.RoleSessionName = "irscan-org-scan"
	})
	assumed := awsConfig(t, url, "", "us-east-1", withCreds(aws.NewCredentialsCache(provider)))

	creds, err := assumed.Credentials.Retrieve(ctx)
	if err != nil {
		t.Fatalf("AssumeRole: %v", err)
	}
	if !strings.HasPrefix(creds.AccessKeyID, "ASIA") || creds.SessionToken == "" || !creds.CanExpire {
		t.Errorf("assumed credentials = %+v", creds)
	}

	who, err := sts.NewFromConfig(assumed).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(who.Account) != "222222222222" || aws.ToString(who.Arn) != "arn:aws:sts::222222222222:assumed-role/irscan-audit/irscan-org-scan" ||
		!strings.HasSuffix(aws.ToString(who.UserId), ":irscan-org-scan") {
		t.Errorf("caller = %s %s %s", aws.ToString(who.Account), aws.ToString(who.Arn), aws.ToString(who.UserId))
	}

	// The member account has nothing configured (missing: empty).
	out, err := guardduty.NewFromConfig(assumed).ListDetectors(ctx, &guardduty.ListDetectorsInput{})
	if err != nil || len(out.DetectorIds) != 0 {
		t.Errorf("member ListDetectors = %+v, %v", out, err)
	}
	calls := callsOf(srv, "guardduty", "ListDetectors")
	if len(calls) != 1 || calls[0].Account != "222222222222" || calls[0].Principal != aws.ToString(who.Arn) {
		t.Errorf("call log = %+v, want the member account and the assumed role", calls)
	}
	assume := callsOf(srv, "sts", "AssumeRole")
	if len(assume) != 1 || assume[0].Account != "111111111111" || assume[0].Params["RoleArn"] != auditRole {
		t.Errorf("AssumeRole call = %+v", assume)
	}
}

// TestAssumeRoleRefused: roles not in the scenario, or not trusting the
// caller's account, cannot be assumed.
func TestAssumeRoleRefused(t *testing.T) {
	_, url := unit(t, fakeaws.Options{})
	assume := func(key, role string) error {
		_, err := sts.NewFromConfig(awsConfig(t, url, key, "us-east-1")).AssumeRole(ctx, &sts.AssumeRoleInput{
			RoleArn: aws.String(role), RoleSessionName: aws.String("s")})
		return err
	}
	// The role trusts only the management account.
	wantAPIError(t, assume(memberKey, auditRole), "AccessDenied",
		"User: arn:aws:iam::222222222222:user/auditor is not authorized to perform: sts:AssumeRole on resource: "+auditRole)
	wantAPIError(t, assume(mgmtKey, "arn:aws:iam::222222222222:role/other"), "AccessDenied")
	if err := assume(mgmtKey, auditRole); err != nil {
		t.Errorf("the management account cannot assume its trusted role: %v", err)
	}
}

// TestAlternateContactOfMember: the management account may read a member's
// alternate contact (AccountId), answered from the member's fixtures; a
// member may not read another account's.
func TestAlternateContactOfMember(t *testing.T) {
	srv, url := unit(t, fakeaws.Options{})
	in := &account.GetAlternateContactInput{AlternateContactType: "SECURITY", AccountId: aws.String("222222222222")}
	_, err := account.NewFromConfig(awsConfig(t, url, mgmtKey, "us-east-1")).GetAlternateContact(ctx, in)
	// The member has nothing configured (missing: empty): never set.
	wantAPIError(t, err, "ResourceNotFoundException", "No contact of the inputted alternate contact type found.")
	if c := callsOf(srv, "account", "GetAlternateContact"); c[0].Params["AccountId"] != "222222222222" || c[0].Fault != "" {
		t.Errorf("call = %+v", c[0])
	}
	in.AccountId = aws.String("111111111111")
	_, err = account.NewFromConfig(awsConfig(t, url, memberKey, "us-east-1")).GetAlternateContact(ctx, in)
	wantAPIError(t, err, "AccessDeniedException", "account:GetAlternateContact")
}
