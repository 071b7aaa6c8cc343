package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/irscan/irscan/policies"
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

func TestVersionFlag(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"--version"}, {"-v"}} {
		code, out, _ := irscan(t, args...)
		if code != 0 || out != "irscan dev\n" {
			t.Errorf("%v: exit %d, %q; want irscan dev", args, code, out)
		}
	}
}

// TestHelpShowsBoolFlagsPlainly: every command's help shows bool flags as
// "--org", and "--org" alone still turns them on.
func TestHelpShowsBoolFlagsPlainly(t *testing.T) {
	t.Parallel()
	for _, cmd := range []string{"", "evaluate", "scan aws", "scan azure", "scan gcp", "collect aws", "verify", "diff", "checks", "controls"} {
		_, out, _ := irscan(t, append(strings.Fields(cmd), "--help")...)
		if strings.Contains(out, "[=true|false]") {
			t.Errorf("irscan %s --help shows [=true|false]:\n%s", cmd, out)
		}
	}
	_, out, _ := irscan(t, "scan", "aws", "--help")
	if !strings.Contains(out, "      --org   ") {
		t.Errorf("scan aws --help lacks --org:\n%s", out)
	}
	code, _, stderr := irscan(t, "scan", "aws", "--accounts", "123456789012")
	if code != exitUsage || !strings.Contains(stderr, "--accounts needs --org") {
		t.Fatalf("exit %d %q", code, stderr)
	}
	code, _, stderr = irscan(t, "scan", "aws", "--org", "--accounts", "12")
	if code != exitUsage || !strings.Contains(stderr, `--accounts "12"`) {
		t.Errorf("--org alone did not turn --org on: exit %d %q", code, stderr)
	}
}

// TestHelpShowsInputFileShapes: evaluate's and scan's help show the
// waivers and attestations files; the YAML shown loads as it stands.
func TestHelpShowsInputFileShapes(t *testing.T) {
	t.Parallel()
	for _, cmd := range []string{"evaluate", "scan aws", "scan azure", "scan gcp"} {
		_, out, _ := irscan(t, append(strings.Fields(cmd), "--help")...)
		for _, key := range []string{"waivers", "attestations"} {
			i := strings.Index(out, "  "+key+":\n")
			if i < 0 {
				t.Fatalf("irscan %s --help does not show the %s file:\n%s", cmd, key, out)
			}
			block := out[i:]
			block = block[:strings.Index(block, "\n\n")+1]
			p := filepath.Join(t.TempDir(), key+".yaml")
			must(t, os.WriteFile(p, []byte(block), 0o644))
			var err error
			if key == "waivers" {
				_, err = policies.LoadWaivers(p)
			} else {
				_, err = policies.LoadAttestations(p, 365)
			}
			if err != nil {
				t.Errorf("irscan %s --help: the %s example does not load: %v", cmd, key, err)
			}
		}
	}
}

// TestYAMLErrorsNameFileLineAndEntry: a bad waivers file is one line
// naming the file, the line and the entry, with no Go type in it.
func TestYAMLErrorsNameFileLineAndEntry(t *testing.T) {
	t.Parallel()
	p := filepath.Join(t.TempDir(), "waivers.yaml")
	must(t, os.WriteFile(p, []byte("waivers:\n  - check: AWS-IR2-01\n    resource: x\n    reason: r\n    approved_by: a\n    expires: 2027-01-01\n  - check: AWS-IR2-02\n    resorce: y\n"), 0o644))
	code, _, stderr := irscan(t, "evaluate", demo, "--waivers", p)
	want := "irscan: --waivers " + p + `:8: waiver 2: unknown key "resorce"`
	if code != exitUsage || !strings.HasPrefix(stderr, want) || strings.Contains(stderr, "policies.") {
		t.Errorf("exit %d, stderr %q; want %q", code, stderr, want)
	}
}

// TestWarningsLookLikeErrors: a log line is "irscan: warning: ...".
func TestWarningsLookLikeErrors(t *testing.T) {
	t.Parallel()
	snap := filepath.Join(demo, "aws-123456789012.json")
	if _, err := os.Stat(snap); err != nil {
		t.Skip(err)
	}
	dir := t.TempDir()
	raw, err := os.ReadFile(snap)
	must(t, err)
	must(t, os.WriteFile(filepath.Join(dir, "a.json"), raw, 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "b.json"), raw, 0o644))
	_, _, stderr := irscanLogging(t, "evaluate", dir, "--format", "json")
	if !strings.HasPrefix(stderr, "irscan: warning: snapshot superseded") || strings.Contains(stderr, "level=") {
		t.Errorf("stderr %q; want irscan: warning: ...", stderr)
	}
}

// TestExamplesWorkAfterMakeDemo: evaluate's examples that write reports do
// not write into out/ (make demo's out/demo lives there), and their
// package verifies.
func TestExamplesWorkAfterMakeDemo(t *testing.T) {
	t.Parallel()
	_, out, _ := irscan(t, "evaluate", "--help")
	n := 0
	for _, line := range strings.Split(out, "\n") {
		args := strings.Fields(line)
		if len(args) < 3 || args[0] != "irscan" || args[1] != "evaluate" || args[2] != "testdata/demo" || !slices.Contains(args, "--out") {
			continue
		}
		n++
		dir := t.TempDir()
		for i, a := range args {
			switch {
			case a == "testdata/demo":
				args[i] = demo
			case i > 0 && args[i-1] == "--out":
				if a == "out" || a == "out/" {
					t.Errorf("example writes into out/, beside make demo's out/demo: %s", line)
				}
				args[i] = filepath.Join(dir, a)
			}
		}
		if code, _, stderr := irscan(t, args[1:]...); code != exitFindings {
			t.Errorf("%s: exit %d: %s", line, code, stderr)
		}
		if code, vout, stderr := irscan(t, "verify", args[slices.Index(args, "--out")+1]); code != 0 {
			t.Errorf("%s: verify exit %d: %s %s", line, code, vout, stderr)
		}
	}
	if n == 0 {
		t.Error("evaluate --help has no example writing reports of testdata/demo")
	}
}
