package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/irscan/irscan/internal/conformance"
	"github.com/irscan/irscan/policies"
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

// TestDemoConsumersCountAsTheJSONReport reads the demo package's JUnit and
// SARIF files back and compares their counts with the JSON report's
// summary: JUnit has one case per finding (failures = fail, errors =
// error), SARIF one result per failing or unassessed finding.
func TestDemoConsumersCountAsTheJSONReport(t *testing.T) {
	t.Parallel()
	dir, _ := demoPackage(t)
	var rep struct {
		Summary struct {
			ByStatus map[string]int `json:"by_status"`
			Total    int            `json:"total"`
		} `json:"summary"`
	}
	raw, err := os.ReadFile(filepath.Join(dir, "irscan.json"))
	must(t, err)
	must(t, json.Unmarshal(raw, &rep))
	s := rep.Summary

	var junit struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Errors   int `xml:"errors,attr"`
		Suites   []struct {
			Skipped int `xml:"skipped,attr"`
			Cases   []struct {
				ClassName string `xml:"classname,attr"`
				Name      string `xml:"name,attr"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	raw, err = os.ReadFile(filepath.Join(dir, "irscan.xml"))
	must(t, err)
	must(t, xml.Unmarshal(raw, &junit))
	skipped, cases, names := 0, 0, map[string]bool{}
	for _, su := range junit.Suites {
		skipped += su.Skipped
		for _, c := range su.Cases {
			cases++
			names[c.ClassName+"\x00"+c.Name] = true
		}
	}
	if junit.Tests != s.Total || cases != s.Total || len(names) != s.Total || junit.Failures != s.ByStatus["fail"] ||
		junit.Errors != s.ByStatus["error"] || skipped != s.ByStatus["manual"]+s.ByStatus["waived"] {
		t.Errorf("JUnit: %d tests (%d cases, %d distinct), %d failures, %d errors, %d skipped; JSON: %d findings, %v",
			junit.Tests, cases, len(names), junit.Failures, junit.Errors, skipped, s.Total, s.ByStatus)
	}

	var sarif struct {
		Runs []struct {
			Results []struct {
				Properties struct {
					Status string `json:"status"`
				} `json:"properties"`
			} `json:"results"`
		} `json:"runs"`
	}
	raw, err = os.ReadFile(filepath.Join(dir, "irscan.sarif"))
	must(t, err)
	must(t, json.Unmarshal(raw, &sarif))
	got := map[string]int{}
	for _, r := range sarif.Runs[0].Results {
		got[r.Properties.Status]++
	}
	if got["fail"] != s.ByStatus["fail"] || got["error"] != s.ByStatus["error"] || len(got) != 2 {
		t.Errorf("SARIF results by status %v; JSON %v", got, s.ByStatus)
	}
}

// TestDemoSummaryMatchesItsREADME compares the summary under the expected
// findings of testdata/demo/README.md (verdict per check and cloud, totals,
// severities of the failures, what --fail-on does) with the demo's findings
// (-update rewrites it).
func TestDemoSummaryMatchesItsREADME(t *testing.T) {
	t.Parallel()
	dir, _ := demoPackage(t)
	conformance.Block(t, filepath.Join(demo, "README.md"), "summary", demoSummary(readReport(t, dir)), *update)
}

// statusRank orders a check's verdict: the worst status of its findings.
var statusRank = map[string]int{"pass": 0, "waived": 1, "manual": 2, "error": 3, "fail": 4}

// demoSummary is the demo README's summary of findings, in markdown.
func demoSummary(fs []policies.Finding) string {
	clouds := []string{"aws", "azure", "gcp"}
	verdict := map[string]string{} // check -> worst status
	expired := map[string]bool{}
	cells := map[[2]string][]string{} // control, cloud -> checks
	count := map[string]int{}
	failing := map[string][]string{} // severity -> checks (with "(n times)")
	failsOf := map[string]int{}
	for _, f := range fs {
		count[f.Status]++
		if v, ok := verdict[f.CheckID]; !ok || statusRank[f.Status] > statusRank[v] {
			verdict[f.CheckID] = f.Status
		}
		if f.Status == "fail" && f.Waiver != nil && f.Waiver.Expired {
			expired[f.CheckID] = true
		}
		for _, c := range f.Controls {
			key := [2]string{c, f.Cloud}
			if !slices.Contains(cells[key], f.CheckID) {
				cells[key] = append(cells[key], f.CheckID)
			}
		}
		if f.Status == "fail" {
			if failsOf[f.CheckID] == 0 {
				failing[f.Severity] = append(failing[f.Severity], f.CheckID)
			}
			failsOf[f.CheckID]++
		}
	}
	var b strings.Builder
	b.WriteString("Summary, check × cloud (worst status per check: fail, then error, manual, waived, pass):\n\n")
	b.WriteString("| control | " + strings.Join(clouds, " | ") + " |\n|---|" + strings.Repeat("---|", len(clouds)) + "\n")
	for n := 1; n <= 7; n++ {
		control := fmt.Sprintf("IR-%d", n)
		row := []string{control}
		for _, cloud := range clouds {
			checks := cells[[2]string{control, cloud}]
			slices.Sort(checks)
			var parts []string
			for _, c := range checks {
				v := verdict[c]
				if expired[c] && v == "fail" {
					v = "fail (expired waiver)"
				}
				parts = append(parts, c+" "+v)
			}
			row = append(row, strings.Join(parts, " · "))
		}
		b.WriteString("| " + strings.Join(row, " | ") + " |\n")
	}
	fmt.Fprintf(&b, "\nTotals: %d findings: %d pass, %d fail, %d waived, %d error, %d manual.\n",
		len(fs), count["pass"], count["fail"], count["waived"], count["error"], count["manual"])
	if count["waived"] > 0 {
		fmt.Fprintf(&b, "Without `--waivers`, the waived finding(s) are `fail` (%d fail, 0 waived).\n", count["fail"]+count["waived"])
	}
	b.WriteString("\nFailing checks by severity (findings per check in brackets when more than one):")
	for _, sev := range []string{"critical", "high", "medium", "low", "info"} {
		checks := failing[sev]
		slices.Sort(checks)
		var parts []string
		for _, c := range checks {
			if failsOf[c] > 1 {
				c = fmt.Sprintf("%s (%d)", c, failsOf[c])
			}
			parts = append(parts, c)
		}
		if len(parts) == 0 {
			parts = []string{"none"}
		}
		fmt.Fprintf(&b, "\n- %s: %s", sev, strings.Join(parts, ", "))
	}
	exit := func(threshold string) int {
		for _, sev := range []string{"critical", "high", "medium", "low", "info"} {
			if len(failing[sev]) > 0 {
				return 1
			}
			if sev == threshold {
				break
			}
		}
		if count["error"] > 0 {
			return 3
		}
		return 0
	}
	fmt.Fprintf(&b, "\n\nSo `--fail-on critical` exits %d, `--fail-on high` exits %d, and the default (`--fail-on low`) exits %d.\n",
		exit("critical"), exit("high"), exit("low"))
	return b.String()
}
