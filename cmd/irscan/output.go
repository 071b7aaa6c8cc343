package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/irscan/irscan/evidence"
	"github.com/irscan/irscan/reports"
	"github.com/irscan/irscan/snapshot"
)

// writeReports renders every format into memory first, so a rendering
// failure writes nothing; then each file is written to a temporary name in
// the output directory and renamed into place. The table goes to stdout.
// With an evidence package (pkg, --out only), the run's inputs are copied
// into the directory before the reports and the manifest is written last.
func writeReports(rep *reports.Report, rf *reportFlags, writers map[string]reports.Writer, stdout io.Writer, pkg *evidence.Builder) error {
	rendered := map[string]*bytes.Buffer{}
	for _, f := range rf.formats {
		var buf bytes.Buffer
		if err := writers[f].Write(&buf, rep); err != nil {
			return fmt.Errorf("rendering %s report: %w", f, err)
		}
		rendered[f] = &buf
	}
	if rf.out != "" {
		if err := os.MkdirAll(rf.out, snapshot.DirMode); err != nil {
			return fmt.Errorf("--out %s: %w", rf.out, err)
		}
		if pkg != nil {
			if err := pkg.WriteInputs(); err != nil {
				return err
			}
		}
		for _, f := range rf.formats {
			if f == "table" {
				continue
			}
			path := filepath.Join(rf.out, "irscan."+reports.Extension(f))
			if err := snapshot.WriteFileAtomic(path, rendered[f].Bytes()); err != nil {
				return err
			}
			if pkg != nil {
				pkg.AddReport(f, filepath.Base(path), rendered[f].Bytes())
			}
		}
		if pkg != nil {
			if err := pkg.WriteManifest(time.Now(), rf.signer); err != nil {
				return err
			}
		}
	}
	for _, f := range rf.formats {
		if f == "table" || rf.out == "" {
			if _, err := stdout.Write(rendered[f].Bytes()); err != nil {
				return err
			}
		}
	}
	return nil
}

// progress is a progress bar on stderr when it is a terminal; a no-op on a
// pipe, in CI logs, or with --quiet.
type progress struct{ bar *progressbar.ProgressBar }

func newProgress(stderr io.Writer, total int, what string, quiet bool) *progress {
	if quiet || (total >= 0 && total < 2) || !isTerminal(stderr) {
		return &progress{}
	}
	return &progress{bar: progressbar.NewOptions(total,
		progressbar.OptionSetWriter(stderr),
		progressbar.OptionSetDescription(what),
		progressbar.OptionShowCount(),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionThrottle(100_000_000),
	)}
}

func (p *progress) Add(n int) {
	if p.bar != nil {
		_ = p.bar.Add(n)
	}
}

// Set reports done units out of a total that may still grow.
func (p *progress) Set(done, total int) {
	if p.bar != nil {
		p.bar.ChangeMax(total)
		_ = p.bar.Set(done)
	}
}

func (p *progress) Finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}
