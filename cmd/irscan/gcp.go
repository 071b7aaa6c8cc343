package main

import (
	"context"
	"regexp"
	"strings"

	"github.com/spf13/cobra"

	gcpcol "github.com/irscan/irscan/collectors/gcp"
	"github.com/irscan/irscan/snapshot"
)

var (
	projectID = regexp.MustCompile(`^[a-z][a-z0-9-]{4,28}[a-z0-9]$`)
	numericID = regexp.MustCompile(`^[0-9]{1,20}$`)
)

func gcpCmd() cloudCmd {
	return cloudCmd{
		name:  "gcp",
		short: "projects, a folder, or a whole organisation",
		example: `  # a whole organisation: organisation-level checks once, project checks per project
  irscan scan gcp --organization 123456789012 --format table,sarif,html --out report/

  # two projects, with a token from gcloud
  gcloud auth print-access-token > /tmp/token
  irscan scan gcp --project acme-prod --project acme-data --access-token-file /tmp/token

  # through a read-only service account
  irscan scan gcp --folder 456 --impersonate-service-account irscan@audit-proj.iam.gserviceaccount.com

  # snapshots only, evaluated later
  irscan collect gcp --organization 123456789012 --out snapshots/`,
		bind: func(cmd *cobra.Command) func() (collectFunc, error) {
			o := gcpcol.Options{}
			f := cmd.Flags()
			f.StringSliceVar(&o.Projects, "project", nil, "project ID to collect (repeatable; with --organization/--folder, only these of its projects)")
			f.StringVar(&o.Organization, "organization", "", "organisation ID: organisation-level checks once, plus every project under it")
			f.StringVar(&o.Folder, "folder", "", "folder ID: every project under it")
			f.StringVar(&o.Endpoint, "endpoint-url", "", "one base URL for every Google API (Private Service Connect, fakecloud)")
			f.StringVar(&o.ImpersonateServiceAccount, "impersonate-service-account", "", "service account e-mail to impersonate")
			f.StringVar(&o.AccessTokenFile, "access-token-file", "", "file holding an OAuth2 access token (e.g. from `gcloud auth print-access-token`)")
			f.IntVar(&o.Parallel, "parallel", gcpcol.DefaultParallel, "maximum Google API requests in flight")
			return func() (collectFunc, error) {
				o.Projects = commaList(o.Projects)
				if o.Parallel < 1 {
					return nil, usageError("--parallel %d: must be at least 1", o.Parallel)
				}
				if len(o.Projects) == 0 && o.Organization == "" && o.Folder == "" {
					return nil, usageError("scan gcp needs --project, --folder or --organization")
				}
				for _, p := range o.Projects {
					if !projectID.MatchString(p) {
						return nil, usageError("--project %q: a project ID has 6 to 30 lower-case letters, digits or hyphens", p)
					}
				}
				for flag, v := range map[string]string{"--organization": o.Organization, "--folder": o.Folder} {
					if v != "" && !numericID.MatchString(strings.TrimPrefix(strings.TrimPrefix(v, "organizations/"), "folders/")) {
						return nil, usageError("%s %q: want the numeric ID", flag, v)
					}
				}
				o.Organization = strings.TrimPrefix(o.Organization, "organizations/")
				o.Folder = strings.TrimPrefix(o.Folder, "folders/")
				if o.ImpersonateServiceAccount != "" && o.AccessTokenFile != "" {
					return nil, usageError("--impersonate-service-account and --access-token-file: give one or the other")
				}
				o.ToolVersion = version
				return func(ctx context.Context, progress func(done, total int)) ([]*snapshot.Snapshot, error) {
					o.Progress = progress
					return gcpcol.Collect(ctx, o)
				}, nil
			}
		},
	}
}
