package main

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/irscan/irscan/policies"
)

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print irscan's version, the OPA version and the policy bundle digest",
		Example: `  irscan version`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			engine, err := policies.Load(cmd.Context(), policies.Options{Config: policies.DefaultConfig()})
			if err != nil {
				return err
			}
			opa := "unknown"
			if bi, ok := debug.ReadBuildInfo(); ok {
				for _, d := range bi.Deps {
					if d.Path == "github.com/open-policy-agent/opa" {
						opa = d.Version
					}
				}
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "irscan %s\n", version)
			fmt.Fprintf(out, "go %s, opa %s\n", runtime.Version(), opa)
			fmt.Fprintf(out, "policies %s (%d built-in checks)\n", engine.Digest(), len(engine.Checks()))
			return nil
		},
	}
}
