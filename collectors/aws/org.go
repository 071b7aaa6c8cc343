package aws

import (
	"context"
	"fmt"
	"log/slog"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// DefaultRoleName is the role assumed in member accounts when --role-name
// is not given (the role AWS Organizations creates in new accounts is
// OrganizationAccountAccessRole, which is an admin role: create a
// read-only one instead; see docs/aws.md#permissions).
const DefaultRoleName = "irscan-audit"

// orgAccounts lists the organisation's active accounts, from the
// management account or a delegated administrator. The caller's own account
// (the management account, when the scan runs there) is one of them and is
// read with the caller's credentials, so the owners of organisation-wide
// settings (the organization trail, the delegated administrators, the log
// archive) are in the run with the members.
func orgAccounts(ctx context.Context, cfg aws.Config, opts Options) ([]target, error) {
	var out []target
	p := organizations.NewListAccountsPaginator(organizations.NewFromConfig(cfg), &organizations.ListAccountsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("aws: --org: listing accounts (organizations:ListAccounts) failed: %s", oneLine(err.Error()))
		}
		for _, a := range page.Accounts {
			id := aws.ToString(a.Id)
			if a.Status != orgtypes.AccountStatusActive && a.State != orgtypes.AccountStateActive {
				// Suspended, closed or not yet active: nothing can be read there.
				slog.Info("aws --org: account not active, not scanned", "account", id, "state", string(a.State), "status", string(a.Status))
				continue
			}
			if len(opts.Accounts) > 0 && !slices.Contains(opts.Accounts, id) {
				continue
			}
			out = append(out, target{id: id, name: aws.ToString(a.Name)})
		}
	}
	for _, want := range opts.Accounts {
		if !slices.ContainsFunc(out, func(t target) bool { return t.id == want }) {
			return nil, fmt.Errorf("aws: --accounts %s: not an active account of the organisation", want)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("aws: --org: the organisation has no active accounts to scan")
	}
	slices.SortFunc(out, func(a, b target) int {
		if a.id < b.id {
			return -1
		}
		if a.id > b.id {
			return 1
		}
		return 0
	})
	return out, nil
}

func roleARN(account, role string) string {
	if role == "" {
		role = DefaultRoleName
	}
	return fmt.Sprintf("arn:aws:iam::%s:role/%s", account, role)
}

// assumeRole returns a configuration with credentials for the role in the
// target account; it assumes the role once up front so that a failure is
// known before any section is collected.
func assumeRole(ctx context.Context, base aws.Config, rec *recorder, account string, opts Options) (aws.Config, error) {
	stsClient := sts.NewFromConfig(withRecorder(base, rec))
	provider := stscreds.NewAssumeRoleProvider(stsClient, roleARN(account, opts.RoleName), func(o *stscreds.AssumeRoleOptions) {
		o.RoleSessionName = "irscan"
		if opts.ExternalID != "" {
			o.ExternalID = aws.String(opts.ExternalID)
		}
	})
	cfg := base.Copy()
	cfg.Credentials = aws.NewCredentialsCache(provider)
	if _, err := cfg.Credentials.Retrieve(ctx); err != nil {
		return aws.Config{}, call("sts:AssumeRole", err)
	}
	return cfg, nil
}
