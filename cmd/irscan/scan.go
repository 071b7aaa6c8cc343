package main

import (
	"github.com/spf13/cobra"
)

var cloudArgs = []string{"aws", "azure", "gcp"}

func newScanCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "scan <aws|azure|gcp>",
		Short: "Collect a cloud's configuration and evaluate it in one go",
		Long: `Scan reads the cloud's configuration with its official SDK (read-only calls only) and
evaluates it like 'irscan evaluate', in one process. The collectors land cloud by cloud;
until then use 'irscan evaluate' on saved snapshots.`,
		Example: `  irscan scan aws --profile audit --format table,sarif --out out/
  irscan scan azure --subscription 00000000-0000-0000-0000-000000000000
  irscan scan gcp --organization 123456789012`,
		Args:      cloudArg,
		ValidArgs: cloudArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return usageError("scan: not implemented for %s yet (use 'irscan evaluate' on saved snapshots)", args[0])
		},
	}
}

func newCollectCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "collect <aws|azure|gcp> --out DIR",
		Short: "Collect a cloud's configuration into snapshot files",
		Long: `Collect reads the cloud's configuration with its official SDK (read-only calls only) and
writes one irscan.snapshot/v1 file per scope into --out, for 'irscan evaluate' later.
The collectors land cloud by cloud.`,
		Example: `  irscan collect aws --profile audit --out snapshots/
  irscan evaluate snapshots/`,
		Args:      cloudArg,
		ValidArgs: cloudArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return usageError("collect: not implemented for %s yet", args[0])
		},
	}
}

func cloudArg(cmd *cobra.Command, args []string) error {
	if len(args) != 1 {
		return usageError("%s needs one cloud: aws, azure or gcp", cmd.Name())
	}
	return oneOf("cloud", args[0], cloudArgs)
}
