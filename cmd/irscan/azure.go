package main

import (
	"context"
	"regexp"

	"github.com/spf13/cobra"

	azcol "github.com/irscan/irscan/collectors/azure"
	"github.com/irscan/irscan/snapshot"
)

var guid = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

func azureCmd() cloudCmd {
	return cloudCmd{
		name:  "azure",
		short: "subscriptions, a management group, or everything the credential sees",
		example: `  # every subscription the credential can see (DefaultAzureCredential: env, workload identity, managed identity, az login)
  irscan scan azure --format table,sarif,html --out report/

  # named subscriptions
  irscan scan azure --subscription 00000000-0000-0000-0000-000000000000 --subscription 11111111-1111-1111-1111-111111111111

  # a management group's subscriptions, in a sovereign cloud
  irscan scan azure --management-group contoso-prod --cloud AzureUSGovernment

  # snapshots only, evaluated later
  irscan collect azure --out snapshots/`,
		bind: func(cmd *cobra.Command) func() (collectFunc, error) {
			o := azcol.Options{}
			f := cmd.Flags()
			f.StringSliceVar(&o.Subscriptions, "subscription", nil, "subscription ID to collect (repeatable; default: every enabled subscription the credential can see)")
			f.StringVar(&o.ManagementGroup, "management-group", "", "collect every subscription under this management group")
			f.StringVar(&o.Tenant, "tenant", "", "Microsoft Entra tenant ID (default: the credential's)")
			f.StringVar(&o.Cloud, "cloud", "AzurePublic", "AzurePublic, AzureChina or AzureUSGovernment")
			f.StringVar(&o.ARMEndpoint, "arm-endpoint", "", "Resource Manager URL (Azure Stack, private endpoints, fakecloud)")
			f.StringVar(&o.ARMAudience, "arm-audience", "", "token audience for --arm-endpoint (default: the cloud's)")
			f.IntVar(&o.Parallel, "parallel", azcol.DefaultParallel, "maximum ARM requests in flight")
			return func() (collectFunc, error) {
				o.Subscriptions = commaList(o.Subscriptions)
				if o.Parallel < 1 {
					return nil, usageError("--parallel %d: must be at least 1", o.Parallel)
				}
				if err := oneOf("--cloud", o.Cloud, []string{"AzurePublic", "AzureChina", "AzureUSGovernment"}); err != nil {
					return nil, err
				}
				if len(o.Subscriptions) > 0 && o.ManagementGroup != "" {
					return nil, usageError("--subscription and --management-group: give one or the other")
				}
				for _, s := range o.Subscriptions {
					if !guid.MatchString(s) {
						return nil, usageError("--subscription %q: a subscription ID is a GUID", s)
					}
				}
				o.ToolVersion = version
				return func(ctx context.Context, progress func(done, total int)) ([]*snapshot.Snapshot, error) {
					o.Progress = progress
					return azcol.Collect(ctx, o)
				}, nil
			}
		},
	}
}
