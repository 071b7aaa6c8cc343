package main

import (
	"context"
	"strings"

	"github.com/spf13/cobra"

	awscol "github.com/irscan/irscan/collectors/aws"
	"github.com/irscan/irscan/snapshot"
)

func awsCmd() cloudCmd {
	return cloudCmd{
		name:  "aws",
		short: "an account, or every account of an organisation",
		example: `  # the account of the default credentials, every enabled region
  irscan scan aws --format table,sarif,html --out report/

  # a named profile, two regions
  irscan scan aws --profile audit --region eu-west-1 --region us-east-1

  # every account of the organisation, assuming a read-only role in each
  irscan scan aws --org --role-name irscan-audit --external-id 7c1e... --format table,json --out report/

  # snapshots only, evaluated later
  irscan collect aws --profile audit --out snapshots/`,
		bind: func(cmd *cobra.Command) func() (collectFunc, error) {
			o := awscol.Options{}
			f := cmd.Flags()
			f.StringVar(&o.Profile, "profile", "", "shared config profile (default: AWS_PROFILE or the default chain)")
			f.StringSliceVar(&o.Regions, "region", nil, "region to collect (repeatable; default: every region enabled for the account)")
			f.StringVar(&o.EndpointURL, "endpoint-url", "", "one base URL for every service (private endpoints, fakecloud)")
			f.IntVar(&o.Parallel, "parallel", awscol.DefaultParallel, "maximum AWS requests in flight")
			f.BoolVar(&o.Org, "org", false, "scan every active account of the organisation (from the management or a delegated-admin account)")
			f.StringVar(&o.RoleName, "role-name", awscol.DefaultRoleName, "role to assume in each account with --org")
			f.StringVar(&o.ExternalID, "external-id", "", "external ID for AssumeRole with --org")
			f.StringSliceVar(&o.Accounts, "accounts", nil, "with --org, only these account IDs (comma-separated)")
			return func() (collectFunc, error) {
				o.Regions = commaList(o.Regions)
				o.Accounts = commaList(o.Accounts)
				if o.Parallel < 1 {
					return nil, usageError("--parallel %d: must be at least 1", o.Parallel)
				}
				if len(o.Accounts) > 0 && !o.Org {
					return nil, usageError("--accounts needs --org")
				}
				for _, a := range o.Accounts {
					if len(a) != 12 || strings.Trim(a, "0123456789") != "" {
						return nil, usageError("--accounts %q: an AWS account ID has 12 digits", a)
					}
				}
				if o.EndpointURL != "" && !strings.HasPrefix(o.EndpointURL, "http://") && !strings.HasPrefix(o.EndpointURL, "https://") {
					return nil, usageError("--endpoint-url %q: want an http:// or https:// URL", o.EndpointURL)
				}
				o.ToolVersion = version
				return func(ctx context.Context, progress func(done, total int)) ([]*snapshot.Snapshot, error) {
					o.Progress = progress
					return awscol.Collect(ctx, o)
				}, nil
			}
		},
	}
}
