package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDemoShowsEveryStatus(t *testing.T) {
	t.Parallel()
	dir, _ := demoPackage(t)
	raw, err := os.ReadFile(filepath.Join(dir, "irscan.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Findings []struct {
			Status     string              `json:"status"`
			Frameworks map[string][]string `json:"frameworks"`
		} `json:"findings"`
	}
	if err := json.Unmarshal(raw, &rep); err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, f := range rep.Findings {
		seen[f.Status]++
		if f.Frameworks["nist-800-53-r4"] == nil || f.Frameworks["cis-v8"] == nil || f.Frameworks["pci-dss-3.2.1"] == nil {
			t.Errorf("finding without framework IDs: %+v", f)
		}
	}
	for _, s := range []string{"pass", "fail", "error", "manual", "waived"} {
		if seen[s] == 0 {
			t.Errorf("demo has no %s finding (%v)", s, seen)
		}
	}
}

func TestExitCodes(t *testing.T) {
	t.Parallel()
	// --fail-on none: failures do not gate, but the demo has errors → 3.
	if code, _, _ := irscan(t, demoArgs("--fail-on", "none", "--format", "json")...); code != exitErrors {
		t.Errorf("--fail-on none: exit %d, want 3", code)
	}
	// --fail-on critical: the demo's failures are below critical → still 3 for the errors.
	if code, _, _ := irscan(t, demoArgs("--fail-on", "critical", "--format", "json")...); code != exitErrors {
		t.Errorf("--fail-on critical: exit %d, want 3", code)
	}
}

func TestNoPartialOutputOnBadInput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	snaps := t.TempDir()
	good, _ := filepath.Glob(filepath.Join(demo, "*.json"))
	for _, g := range good {
		raw, _ := os.ReadFile(g)
		os.WriteFile(filepath.Join(snaps, filepath.Base(g)), raw, 0o644)
	}
	// Sorted last, and broken.
	os.WriteFile(filepath.Join(snaps, "zz-broken.json"), []byte(`{"schema": "irscan.snapshot/v1", "cloud": "aws"}`), 0o644)
	out := filepath.Join(dir, "reports")
	code, _, stderr := irscan(t, "evaluate", snaps, "--format", "json,sarif", "--out", out)
	if code != exitUsage || !strings.Contains(stderr, "zz-broken.json") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		entries, _ := os.ReadDir(out)
		t.Errorf("output directory was created or written: %v", entries)
	}
}
