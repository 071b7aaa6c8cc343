package main

import (
	"io"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/irscan/irscan/drift"
	"github.com/irscan/irscan/policies"
	"github.com/irscan/irscan/reports"
)

var diffFormats = []string{"table", "json"}

func newDiffCmd() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "diff OLD NEW",
		Short: "Compare two runs: new failures, fixed findings, unchanged failures, status changes",
		Long: `Diff compares the findings of two runs, each given as a JSON report (irscan.json) or
an evidence directory (an --out directory holding irscan.json). A finding is identified
by check ID, resource and region, as in the SARIF fingerprint. It lists:

  new failures        fail in NEW, did not fail in OLD (absent, or another status)
  fixed               failed in OLD, do not fail in NEW (pass, waived..., or gone)
  unchanged failures  fail in both
  status changes      any other change of status, including findings that appeared
                      or disappeared ("absent")

Exit codes: 0 no new failure, 1 at least one new failure (whatever its severity),
2 usage or input error.`,
		Example: `  irscan diff last-month/ report/
  irscan diff old/irscan.json new/irscan.json --format json`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 2 {
				return usageError("diff needs two reports or evidence directories: OLD NEW (see 'irscan diff --help')")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := oneOf("--format", format, diffFormats); err != nil {
				return err
			}
			return runDiff(args[0], args[1], format, cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "table", "output format: table or json")
	return cmd
}

func runDiff(oldPath, newPath, format string, stdout io.Writer) error {
	old, err := drift.Load(oldPath)
	if err != nil {
		return usageError("%v", err)
	}
	cur, err := drift.Load(newPath)
	if err != nil {
		return usageError("%v", err)
	}
	doc := drift.NewDocument(old, cur, drift.Compare(old.Findings, cur.Findings))
	if format == "json" {
		out, err := doc.JSON()
		if err != nil {
			return err
		}
		if _, err := stdout.Write(out); err != nil {
			return err
		}
	} else if err := doc.Table(stdout); err != nil {
		return err
	}
	if len(doc.NewFailures) > 0 {
		return &exitError{code: exitFindings}
	}
	return nil
}

// loadBaseline reads --baseline before any work is done.
func (rf *reportFlags) loadBaseline() error {
	if rf.baseline == "" {
		return nil
	}
	b, err := drift.Load(rf.baseline)
	if err != nil {
		return usageError("--baseline %v", err)
	}
	rf.base = b
	return nil
}

// applyBaseline records the baseline in the report and returns the test
// verdict uses to count only new failures (nil without a baseline).
func applyBaseline(rep *reports.Report, base *drift.Report) func(policies.Finding) bool {
	if base == nil {
		return nil
	}
	isNew := drift.NewFailure(base.Findings)
	n := 0
	for _, f := range rep.Findings {
		if isNew(f) {
			n++
		}
	}
	rep.Baseline = &reports.BaselineRef{Path: filepath.ToSlash(base.Path), SHA256: base.SHA256}
	rep.Summary.NewFailures = &n
	return isNew
}
