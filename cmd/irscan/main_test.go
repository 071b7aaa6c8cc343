package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const demo = "../../testdata/demo"

func demoArgs(extra ...string) []string {
	return append([]string{"evaluate", demo, "--waivers", demo + "/waivers.yaml", "--attestations", demo + "/attestations.yaml"}, extra...)
}

func TestUsageErrorsExit2WithOneLine(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"schema":"irscan.snapshot/v1","tool":{"name":"irscan","version":"1"},"cloud":"aws","scope":{"type":"account","id":"1"},"collected_at":"2026-11-20T09:00:00Z","sections":{"x.y":{"status":"fine"}},"calls":[]}`), 0o644)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"evaluate", demo, "--format", "pdf"}, `--format "pdf"`},
		{[]string{"evaluate", demo, "--fail-on", "severe"}, `--fail-on "severe"`},
		{[]string{"evaluate", demo, "--controls", "IR-9"}, `--controls "IR-9"`},
		{[]string{"evaluate", demo, "--format", "json,sarif"}, "several formats need --out"},
		{[]string{"evaluate", filepath.Join(dir, "nope.json")}, "nope.json"},
		{[]string{"evaluate", bad}, "bad.json: invalid snapshot at /sections/x.y/status"},
		{[]string{"evaluate", demo, "--policies", "../../policies/testdata/policies/typo"}, "typo.rego:14"},
		{[]string{"evaluate", demo, "--waivers", filepath.Join(dir, "missing.yaml")}, "missing.yaml"},
		{[]string{"evaluate"}, "at least one snapshot"},
		{[]string{"evaluate", demo, "--no-such-flag"}, "unknown flag: --no-such-flag"},
		{[]string{"scan", "gcp"}, "scan gcp needs --project, --folder or --organization"},
		{[]string{"scan", "gcp", "--project", "Bad_Project"}, `--project "Bad_Project"`},
		{[]string{"scan", "gcp", "--organization", "acme"}, `--organization "acme"`},
		{[]string{"scan", "azure", "--subscription", "prod"}, `--subscription "prod"`},
		{[]string{"scan", "azure", "--cloud", "AzureMoon"}, `--cloud "AzureMoon"`},
		{[]string{"collect", "aws"}, "collect aws needs --out DIR"},
		{[]string{"scan", "aws", "--accounts", "123"}, "--accounts needs --org"},
		{[]string{"scan", "aws", "--org", "--accounts", "123"}, `--accounts "123"`},
		{[]string{"scan", "aws", "--parallel", "0"}, "--parallel 0"},
		{[]string{"scan", "oracle"}, `unknown cloud "oracle"`},
		{[]string{"scan"}, "scan needs a cloud"},
		{[]string{"controls", "--framework", "iso27001"}, `--framework "iso27001"`},
		{[]string{"checks", "--cloud", "ibm"}, `--cloud "ibm"`},
	} {
		code, _, stderr := irscan(t, tc.args...)
		if code != exitUsage {
			t.Errorf("%v: exit %d, want 2 (stderr %q)", tc.args, code, stderr)
		}
		if !strings.Contains(stderr, tc.want) || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
			t.Errorf("%v: stderr %q; want one line containing %q", tc.args, stderr, tc.want)
		}
	}
}

func TestHelpShowsExamples(t *testing.T) {
	t.Parallel()
	for _, cmd := range []string{"evaluate", "scan", "scan aws", "collect", "collect aws", "controls", "checks", "version"} {
		code, out, _ := irscan(t, append(strings.Fields(cmd), "--help")...)
		if code != 0 || !strings.Contains(out, "Examples:") || !strings.Contains(out, "irscan "+cmd) {
			t.Errorf("%s --help: exit %d, output lacks examples:\n%s", cmd, code, out)
		}
	}
}

func TestControlsPivot(t *testing.T) {
	t.Parallel()
	code, out, _ := irscan(t, "controls", "--framework", "nist-800-53-r4", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var got struct {
		IDs []struct {
			ID       string   `json:"id"`
			Controls []string `json:"controls"`
			Checks   []string `json:"checks"`
		} `json:"ids"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	found := map[string][]string{}
	for _, r := range got.IDs {
		found[r.ID] = r.Controls
		if r.ID == "IR-6" && (len(r.Controls) != 2 || r.Controls[0] != "IR-2" || r.Controls[1] != "IR-6") {
			t.Errorf("NIST IR-6 -> %v, want [IR-2 IR-6]", r.Controls)
		}
	}
	if len(found) != 5 { // IR-4, IR-8, IR-5, IR-6, IR-7
		t.Errorf("NIST IDs = %v", found)
	}
	code, out, _ = irscan(t, "controls", "--framework", "cis-v8")
	if code != 0 || !strings.Contains(out, "No CIS Controls v8 mapping (none): IR-4, IR-6") {
		t.Errorf("cis pivot:\n%s", out)
	}
	code, out, _ = irscan(t, "controls")
	if code != 0 || !strings.Contains(out, "IR-7") || !strings.Contains(out, "none") || !strings.Contains(out, "12.10") {
		t.Errorf("controls:\n%s", out)
	}
}

func TestChecksListing(t *testing.T) {
	t.Parallel()
	code, out, _ := irscan(t, "checks", "--cloud", "aws", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var list []struct {
		ID         string              `json:"id"`
		Cloud      string              `json:"cloud"`
		Severity   string              `json:"severity"`
		Frameworks map[string][]string `json:"frameworks"`
	}
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, c := range list {
		ids[c.ID] = true
		if c.Cloud != "aws" || c.Severity == "" || c.Frameworks["pci-dss-3.2.1"] == nil {
			t.Errorf("bad entry %+v", c)
		}
	}
	for _, want := range []string{"AWS-IR2-01", "AWS-IR2-02", "AWS-IR2-03", "AWS-IR1-03", "AWS-IR7-04"} {
		if !ids[want] {
			t.Errorf("%s missing from checks --cloud aws", want)
		}
	}
	code, out, _ = irscan(t, "checks")
	if code != 0 || !strings.Contains(out, "AZ-IR2-02") || !strings.Contains(out, "GCP-IR2-01") {
		t.Errorf("checks:\n%s", out)
	}
}

func TestVersion(t *testing.T) {
	t.Parallel()
	code, out, _ := irscan(t, "version")
	if code != 0 || !strings.Contains(out, "irscan dev") || !strings.Contains(out, "policies sha256:") {
		t.Errorf("version: %d %q", code, out)
	}
}
