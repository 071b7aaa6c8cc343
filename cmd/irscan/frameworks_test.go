package main

import (
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/irscan/irscan/mappings"
)

// Issue 17's "done when": every finding of the demo carries both chosen
// editions' IDs, exactly as the crosswalk gives them for its controls, in
// every format; and the benchmark's editions are no longer shown.
func TestDemoWithCurrentEditions(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	code, table, stderr := irscan(t, demoArgs("--frameworks", "pci-dss-4.0.1,nist-800-53-r5", "--fail-on", "none",
		"--format", "json,csv,sarif,junit,html,table", "--out", out)...)
	if code != exitErrors { // the demo has errors: exit 3
		t.Fatalf("exit %d: %s", code, stderr)
	}
	sel, err := mappings.MustLoad().Select([]string{mappings.NISTr5, mappings.PCI401})
	if err != nil {
		t.Fatal(err)
	}
	keys := []string{mappings.NISTr5, mappings.PCI401}

	var rep struct {
		Config struct {
			Frameworks []string `json:"frameworks"`
		} `json:"config"`
		Frameworks []mappings.Framework `json:"frameworks"`
		Crosswalk  []mappings.Line      `json:"crosswalk"`
		Findings   []struct {
			CheckID    string              `json:"check_id"`
			Controls   []string            `json:"controls"`
			Frameworks map[string][]string `json:"frameworks"`
		} `json:"findings"`
	}
	raw, err := os.ReadFile(filepath.Join(out, "irscan.json"))
	must(t, err)
	must(t, json.Unmarshal(raw, &rep))
	if !slices.Equal(rep.Config.Frameworks, keys) || len(rep.Frameworks) != 3 || rep.Frameworks[2].Unverified != 9 {
		t.Errorf("config %v, frameworks %+v", rep.Config.Frameworks, rep.Frameworks)
	}
	if len(rep.Crosswalk) != 15+9 {
		t.Errorf("report carries %d crosswalk lines, want the 24 of the two editions", len(rep.Crosswalk))
	}
	if len(rep.Findings) < 90 {
		t.Fatalf("only %d findings", len(rep.Findings))
	}
	for _, f := range rep.Findings {
		if len(f.Frameworks) != 2 {
			t.Errorf("%s: frameworks %v", f.CheckID, f.Frameworks)
		}
		want := sel.CrossReference(f.Controls)
		for _, k := range keys {
			if !slices.Equal(f.Frameworks[k], want[k]) || len(want[k]) == 0 {
				t.Errorf("%s %s: %v, the crosswalk gives %v", f.CheckID, k, f.Frameworks[k], want[k])
			}
		}
	}

	rows, err := csv.NewReader(strings.NewReader(read(t, out, "irscan.csv"))).ReadAll()
	must(t, err)
	if got := rows[0][6:8]; !slices.Equal(got, []string{"nist_800_53_r5", "pci_dss_4_0_1"}) || rows[0][8] != "resource" {
		t.Errorf("CSV header %v", rows[0])
	}
	if len(rows)-1 != len(rep.Findings) {
		t.Errorf("CSV has %d rows, JSON %d findings", len(rows)-1, len(rep.Findings))
	}

	sarif := read(t, out, "irscan.sarif")
	for _, tag := range []string{`"pci-dss-4.0.1/12.10.1"`, `"nist-800-53-r5/IR-8"`, "PCI DSS v4.0.1 (crosswalk: 9 unverified lines"} {
		if !strings.Contains(sarif, tag) {
			t.Errorf("SARIF lacks %s", tag)
		}
	}
	if strings.Contains(sarif, "pci-dss-3.2.1") {
		t.Error("SARIF still carries the benchmark's PCI edition")
	}

	var junit struct {
		Suites []struct {
			Name       string `xml:"name,attr"`
			Properties []struct {
				Name  string `xml:"name,attr"`
				Value string `xml:"value,attr"`
			} `xml:"properties>property"`
		} `xml:"testsuite"`
	}
	must(t, xml.Unmarshal([]byte(read(t, out, "irscan.xml")), &junit))
	for _, s := range junit.Suites {
		var names []string
		for _, p := range s.Properties {
			names = append(names, p.Name)
		}
		if !slices.Equal(names, keys) {
			t.Errorf("JUnit suite %s properties %v", s.Name, names)
		}
	}

	html := read(t, out, "irscan.html")
	for _, s := range []string{"NIST SP 800-53 Rev. 5", "PCI DSS v4.0.1 (crosswalk: 9 unverified lines", "12.10.6"} {
		if !strings.Contains(html, s) {
			t.Errorf("HTML lacks %q", s)
		}
	}
	// The terminal table carries no framework column (issue 15: it fits the
	// terminal; framework IDs are in the JSON, CSV, HTML, SARIF and JUnit
	// reports checked above), so no edition, chosen or not, is there.
	if strings.Contains(table, "PCI DSS V4.0.1") || strings.Contains(table, "PCI-DSS 3.2.1") {
		t.Error("the terminal table shows framework columns")
	}
}

func read(t *testing.T, dir, name string) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, name))
	must(t, err)
	return string(raw)
}

func TestFrameworksFlagErrorsAndEnvironment(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	for _, bad := range []string{"pci-dss-4", "mcsb", "cis-v8.1,cis-v8.1"} {
		code, stdout, stderr := irscan(t, demoArgs("--frameworks", bad, "--format", "json", "--out", out)...)
		if code != 2 || stdout != "" || !strings.Contains(stderr, "--frameworks") || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
			t.Errorf("--frameworks %s: exit %d, stderr %q", bad, code, stderr)
		}
	}
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Errorf("a bad --frameworks wrote %d files", len(entries))
	}
	// $IRSCAN_FRAMEWORKS is the flag's default.
	res := runCLI(t, []string{"IRSCAN_FRAMEWORKS=cis-v8.1"}, demoArgs("--format", "csv", "--fail-on", "none")...)
	if header, _, _ := strings.Cut(res.stdout, "\n"); !strings.Contains(header, ",controls,cis_v8_1,resource,") {
		t.Errorf("$IRSCAN_FRAMEWORKS=cis-v8.1: CSV header %q (stderr %s)", header, res.stderr)
	}
	res = runCLI(t, []string{"IRSCAN_FRAMEWORKS=nope"}, demoArgs("--format", "csv")...)
	if res.code != 2 || !strings.Contains(res.stderr, "$IRSCAN_FRAMEWORKS") {
		t.Errorf("$IRSCAN_FRAMEWORKS=nope: exit %d, %q", res.code, res.stderr)
	}
}

func TestControlsPivotsOntoCurrentEditions(t *testing.T) {
	t.Parallel()
	code, stdout, stderr := irscan(t, "controls", "--framework", "pci-dss-4.0.1", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var piv struct {
		IDs []struct {
			ID        string          `json:"id"`
			Controls  []string        `json:"controls"`
			Crosswalk []mappings.Line `json:"crosswalk"`
		} `json:"ids"`
	}
	must(t, json.Unmarshal([]byte(stdout), &piv))
	found := false
	for _, r := range piv.IDs {
		if len(r.Crosswalk) == 0 {
			t.Errorf("%s: no crosswalk lines", r.ID)
		}
		if r.ID == "12.10.1" {
			found = slices.Equal(r.Controls, []string{"IR-2", "IR-6"}) && r.Crosswalk[0].From == "12.10" && r.Crosswalk[0].Unverified != ""
		}
	}
	if !found {
		t.Errorf("12.10.1 not pivoted to IR-2, IR-6 from 12.10 (unverified): %s", stdout)
	}
	_, table, _ := irscan(t, "controls", "--framework", "cis-v8.1")
	if !strings.Contains(table, "IR-7: 17.8 (unverified)") || !strings.Contains(table, "No CIS Controls v8.1 mapping (none): IR-4, IR-6") {
		t.Errorf("cis-v8.1 pivot:\n%s", table)
	}
}
