package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/irscan/irscan/internal/conformance"
)

// TestDemoVerdictsMatchItsREADME evaluates the demo data and compares every
// finding with the "Expected findings" table of testdata/demo/README.md,
// which documents the scenario (-update rewrites the table).
func TestDemoVerdictsMatchItsREADME(t *testing.T) {
	t.Parallel()
	dir, _ := demoPackage(t)
	fs := readReport(t, dir)
	if len(fs) < 10 {
		t.Fatalf("only %d findings", len(fs))
	}
	expectTable(t, filepath.Join(demo, "README.md"), expectedHeading, fs)
}

// goldenFiles are the demo's reports in every format: the table is stdout.
var goldenFiles = map[string]string{
	"table": "demo.txt", "json": "irscan.json", "sarif": "irscan.sarif", "html": "irscan.html", "csv": "irscan.csv", "junit": "irscan.xml",
}

// TestDemoReportsMatchTheGoldenFiles evaluates the demo data (waivers and
// attestations included) into every format twice: each report is the same
// byte for byte in both runs and the golden file of testdata/golden/
// (-update rewrites them). Nothing else but the evidence package (manifest,
// snapshots, inputs) is written.
func TestDemoReportsMatchTheGoldenFiles(t *testing.T) {
	t.Parallel()
	runs := [2]map[string][]byte{}
	for i := range runs {
		// The shared package, and a run of this test's own.
		dir, stdout := demoPackage(t)
		if i == 1 {
			dir = t.TempDir()
			code, out, stderr := irscan(t, demoArgs("--format", "table,json,sarif,html,csv,junit", "--out", dir)...)
			if code != exitFindings {
				t.Fatalf("exit %d, want 1 (the demo has failing findings); stderr %s", code, stderr)
			}
			stdout = out
		}
		runs[i] = map[string][]byte{"table": []byte(stdout)}
		for format, name := range goldenFiles {
			if format == "table" {
				continue
			}
			b, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatalf("%s: %v", format, err)
			}
			runs[i][format] = b
		}
		entries, _ := os.ReadDir(dir)
		// The reports, plus the evidence package: manifest.json, snapshots/, inputs/.
		if len(entries) != len(goldenFiles)-1+3 {
			t.Errorf("out dir holds %d files, want %d (temporary files left behind?)", len(entries), len(goldenFiles)+2)
		}
	}
	for format, name := range goldenFiles {
		a, b := runs[0][format], runs[1][format]
		if len(a) == 0 || !bytes.Equal(a, b) {
			t.Errorf("%s: two runs differ (or empty)", format)
			continue
		}
		if format == "table" && !strings.Contains(string(a), "IR-2") {
			t.Errorf("table not on stdout:\n%s", a)
		}
		conformance.Golden(t, filepath.Join("testdata", "golden", name), a, *update)
	}
}
