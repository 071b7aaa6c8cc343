package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestDemoVerdictsMatchItsREADME evaluates the demo data and compares every
// finding (check, resource, region, status) with the "Expected findings"
// table of testdata/demo/README.md, which documents the scenario.
func TestDemoVerdictsMatchItsREADME(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(demo, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(raw), "## Expected findings")
	if !ok {
		t.Fatal("README has no Expected findings section")
	}
	row := regexp.MustCompile("^\\| ([A-Z]+-IR[1-7]-[0-9]{2}) \\| [a-z]+ \\| `([^`]+)` \\| ?([a-z0-9-]*) ?\\| \\*\\*([a-z]+)\\*\\*")
	var want []string
	for _, line := range strings.Split(table, "\n") {
		if m := row.FindStringSubmatch(line); m != nil {
			want = append(want, strings.Join(m[1:], " "))
		}
	}
	if len(want) < 10 {
		t.Fatalf("parsed only %d expected findings from the README", len(want))
	}

	dir := t.TempDir()
	irscan(t, demoArgs("--format", "json", "--out", dir)...)
	var rep struct {
		Findings []struct {
			CheckID  string `json:"check_id"`
			Resource string `json:"resource"`
			Region   string `json:"region"`
			Status   string `json:"status"`
		} `json:"findings"`
	}
	b, err := os.ReadFile(filepath.Join(dir, "irscan.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range rep.Findings {
		got = append(got, strings.Join([]string{f.CheckID, f.Resource, f.Region, f.Status}, " "))
	}
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("demo findings differ from README\n got: %q\nwant: %q", got, want)
	}
}
