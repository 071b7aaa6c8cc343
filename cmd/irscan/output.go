package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/schollz/progressbar/v3"

	"github.com/irscan/irscan/reports"
)

// writeReports renders every format into memory first, so a rendering
// failure writes nothing; then each file is written to a temporary name in
// the output directory and renamed into place. The table goes to stdout.
func writeReports(rep *reports.Report, rf *reportFlags, writers map[string]reports.Writer, stdout io.Writer) error {
	rendered := map[string]*bytes.Buffer{}
	for _, f := range rf.formats {
		var buf bytes.Buffer
		if err := writers[f].Write(&buf, rep); err != nil {
			return fmt.Errorf("rendering %s report: %w", f, err)
		}
		rendered[f] = &buf
	}
	if rf.out != "" {
		if err := os.MkdirAll(rf.out, 0o755); err != nil {
			return fmt.Errorf("--out %s: %w", rf.out, err)
		}
		for _, f := range rf.formats {
			if f == "table" {
				continue
			}
			path := filepath.Join(rf.out, "irscan."+reports.Extension(f))
			if err := writeFileAtomic(path, rendered[f].Bytes()); err != nil {
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

// writeFileAtomic writes data to a temporary file beside path and renames
// it over path, so readers never see a half-written report.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	name := tmp.Name()
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(name, 0o644)
	}
	if werr == nil {
		werr = os.Rename(name, path)
	}
	if werr != nil {
		os.Remove(name)
		return fmt.Errorf("writing %s: %w", path, werr)
	}
	return nil
}

// progress is a progress bar on stderr when it is a terminal; a no-op on a
// pipe, in CI logs, or with --quiet.
type progress struct{ bar *progressbar.ProgressBar }

func newProgress(stderr io.Writer, total int, what string, quiet bool) *progress {
	if quiet || total < 2 || !isTerminal(stderr) {
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

func (p *progress) Finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}
