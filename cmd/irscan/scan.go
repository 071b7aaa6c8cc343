package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/irscan/irscan/pipeline"
	"github.com/irscan/irscan/snapshot"
)

// collectFunc collects a cloud into snapshots, reporting progress.
type collectFunc func(ctx context.Context, progress func(done, total int)) ([]*snapshot.Snapshot, error)

// cloudCmd is one cloud's collector wiring: its flags and how to run it.
type cloudCmd struct {
	name    string
	short   string
	example string
	// bind registers the cloud's flags and returns the collector to run.
	bind func(cmd *cobra.Command) func() (collectFunc, error)
}

func cloudCmds() []cloudCmd {
	return []cloudCmd{awsCmd(), azureCmd(), gcpCmd()}
}

func newScanCmd(g *globalFlags) *cobra.Command {
	scan := &cobra.Command{
		Use:   "scan <aws|azure|gcp>",
		Short: "Collect a cloud's configuration and evaluate it in one go",
		Long: `Scan reads the cloud's configuration with its official SDK (read-only calls only) and
evaluates it like 'irscan evaluate', in one process. With --out, the snapshots are kept in
DIR/snapshots/ beside the reports, so the run can be re-evaluated later.`,
		Example: `  irscan scan aws --profile audit --format table,sarif --out report/
  irscan scan aws --org --role-name irscan-audit --format table,html --out report/`,
		Args: cloudArg,
		RunE: func(cmd *cobra.Command, args []string) error { return nil },
	}
	for _, c := range cloudCmds() {
		rf := &reportFlags{}
		sub := &cobra.Command{
			Use:     c.name,
			Short:   "Scan " + c.name + ": " + c.short,
			Long:    "Scan " + c.name + ": " + c.short + ", then evaluate it like 'irscan evaluate'.\n\n" + inputFilesHelp,
			Example: c.example,
			Args:    cobra.NoArgs,
		}
		bound := c.bind(sub)
		rf.register(sub)
		sub.RunE = func(cmd *cobra.Command, args []string) error {
			if err := rf.validate(); err != nil {
				return err
			}
			// Every input is read and checked before the first API call.
			p, err := prepare(cmd.Context(), rf, g, cmd.OutOrStdout())
			if err != nil {
				return err
			}
			collect, err := bound()
			if err != nil {
				return err
			}
			snaps, err := runCollect(cmd.Context(), collect, g, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			src, err := snapshotSource(snaps, rf.out)
			if err != nil {
				return err
			}
			rf.command = commandLine(cmd, args)
			return runPrepared(cmd.Context(), p, rf, g, src, cmd.OutOrStdout(), cmd.ErrOrStderr())
		}
		scan.AddCommand(sub)
	}
	return scan
}

func newCollectCmd(g *globalFlags) *cobra.Command {
	collect := &cobra.Command{
		Use:   "collect <aws|azure|gcp> --out DIR",
		Short: "Collect a cloud's configuration into snapshot files",
		Long: `Collect reads the cloud's configuration with its official SDK (read-only calls only) and
writes one irscan.snapshot/v1 file per scope into --out, for 'irscan evaluate' later.`,
		Example: `  irscan collect aws --profile audit --out snapshots/
  irscan evaluate snapshots/`,
		Args: cloudArg,
		RunE: func(cmd *cobra.Command, args []string) error { return nil },
	}
	for _, c := range cloudCmds() {
		var out string
		sub := &cobra.Command{
			Use:     c.name + " --out DIR",
			Short:   "Collect " + c.name + ": " + c.short,
			Example: c.example,
			Args:    cobra.NoArgs,
		}
		bound := c.bind(sub)
		sub.Flags().StringVarP(&out, "out", "o", "", "directory for the snapshot files (required)")
		sub.RunE = func(cmd *cobra.Command, args []string) error {
			collect, err := bound()
			if err != nil {
				return err
			}
			if out == "" {
				return usageError("collect %s needs --out DIR", c.name)
			}
			snaps, err := runCollect(cmd.Context(), collect, g, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			paths, err := snapshot.Write(out, snaps)
			if err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			for _, p := range paths {
				fmt.Fprintln(cmd.OutOrStdout(), p)
			}
			return nil
		}
		collect.AddCommand(sub)
	}
	return collect
}

// runCollect runs a collector with a progress bar on a terminal.
func runCollect(ctx context.Context, collect collectFunc, g *globalFlags, stderr io.Writer) ([]*snapshot.Snapshot, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	bar := newProgress(stderr, -1, "collecting", g.quiet)
	snaps, err := collect(ctx, bar.Set)
	bar.Finish()
	var signIn signInFailure
	if errors.As(err, &signIn) {
		return nil, &exitError{code: exitSignIn, err: err}
	}
	if err != nil {
		return nil, &exitError{code: exitUsage, err: err}
	}
	return snaps, nil
}

// snapshotSource validates freshly collected snapshots and, with --out,
// keeps them in DIR/snapshots/ as evidence.
func snapshotSource(snaps []*snapshot.Snapshot, out string) (pipeline.Source, error) {
	loaded := make([]*snapshot.Loaded, 0, len(snaps))
	var paths []string
	if out != "" {
		var err error
		if paths, err = snapshot.Write(filepath.Join(out, "snapshots"), snaps); err != nil {
			return pipeline.Source{}, &exitError{code: exitUsage, err: err}
		}
	}
	for i, s := range snaps {
		raw, err := snapshot.Marshal(s)
		if err != nil {
			return pipeline.Source{}, &exitError{code: exitUsage, err: err}
		}
		name := snapshot.FileName(s)
		if paths != nil {
			name = paths[i]
		}
		l, err := snapshot.Parse(name, raw)
		if err != nil {
			return pipeline.Source{}, &exitError{code: exitUsage, err: err}
		}
		loaded = append(loaded, l)
	}
	return pipeline.Loaded(loaded), nil
}

func cloudArg(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return usageError("%s needs a cloud: aws, azure or gcp (see 'irscan %s --help')", cmd.Name(), cmd.Name())
	}
	return usageError("%s: unknown cloud %q: want aws, azure or gcp", cmd.Name(), args[0])
}
