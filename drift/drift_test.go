package drift

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/irscan/irscan/policies"
	"github.com/irscan/irscan/snapshot"
)

func f(check, resource, region, status string) policies.Finding {
	return policies.Finding{CheckID: check, Resource: resource, Region: region, Status: status, Cloud: "aws",
		Scope: snapshot.Scope{Type: "account", ID: "1"}, Severity: "high", Message: check + " " + status}
}

func keys(cs []Change) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.CheckID+"|"+c.Resource+"|"+c.Region+"|"+c.OldStatus+">"+c.NewStatus)
	}
	return out
}

func TestCompare(t *testing.T) {
	old := []policies.Finding{
		f("C-1", "r1", "", "fail"),          // still failing
		f("C-2", "r2", "eu-west-1", "fail"), // fixed → pass
		f("C-2", "r2", "us-east-1", "pass"), // other region: fails now
		f("C-3", "r3", "", "fail"),          // gone
		f("C-4", "r4", "", "waived"),        // waiver dropped → fail
		f("C-5", "r5", "", "pass"),          // → error
		f("C-6", "r6", "", "manual"),        // unchanged, not listed
		f("C-7", "ARN:X", "", "fail"),       // resource case differs: same finding
	}
	new := []policies.Finding{
		f("C-7", "arn:x", "", "fail"),
		f("C-6", "r6", "", "manual"),
		f("C-5", "r5", "", "error"),
		f("C-4", "r4", "", "fail"),
		f("C-2", "r2", "us-east-1", "fail"),
		f("C-2", "r2", "eu-west-1", "pass"),
		f("C-1", "r1", "", "fail"),
		f("C-8", "r8", "", "fail"), // appeared failing
		f("C-9", "r9", "", "pass"), // appeared passing
	}
	r := Compare(old, new)
	check := func(name string, got, want []string) {
		t.Helper()
		if !slices.Equal(got, want) {
			t.Errorf("%s:\n got  %q\n want %q", name, got, want)
		}
	}
	check("new failures", keys(r.NewFailures), []string{"C-2|r2|us-east-1|pass>fail", "C-4|r4||waived>fail", "C-8|r8||absent>fail"})
	check("fixed", keys(r.Fixed), []string{"C-2|r2|eu-west-1|fail>pass", "C-3|r3||fail>absent"})
	check("unchanged failures", keys(r.UnchangedFailures), []string{"C-1|r1||fail>fail", "C-7|arn:x||fail>fail"})
	check("status changes", keys(r.StatusChanges), []string{"C-5|r5||pass>error", "C-9|r9||absent>pass"})
	if r.Fixed[1].Message != "C-3 fail" {
		t.Errorf("a gone finding keeps its old message: %q", r.Fixed[1].Message)
	}
	// Order of the input does not matter.
	slices.Reverse(new)
	if again := Compare(old, new); !slices.Equal(keys(again.NewFailures), keys(r.NewFailures)) || !slices.Equal(keys(again.StatusChanges), keys(r.StatusChanges)) {
		t.Error("result depends on input order")
	}
	empty := Compare(nil, nil)
	if empty.NewFailures == nil || empty.Fixed == nil || empty.UnchangedFailures == nil || empty.StatusChanges == nil {
		t.Error("empty lists must be [] in JSON, not null")
	}
}

func TestDuplicateKeysAreKept(t *testing.T) {
	old := []policies.Finding{f("C-1", "r", "", "fail")}
	new := []policies.Finding{f("C-1", "r", "", "fail"), f("C-1", "r", "", "fail")}
	r := Compare(old, new)
	if len(r.UnchangedFailures) != 1 || len(r.NewFailures) != 1 {
		t.Errorf("unchanged %q, new %q", keys(r.UnchangedFailures), keys(r.NewFailures))
	}
}

func TestNewFailure(t *testing.T) {
	base := []policies.Finding{f("C-1", "r1", "", "fail"), f("C-2", "r2", "", "waived")}
	isNew := NewFailure(base)
	for _, tc := range []struct {
		f    policies.Finding
		want bool
	}{
		{f("C-1", "R1", "", "fail"), false},
		{f("C-2", "r2", "", "fail"), true}, // waived in the baseline: not an accepted failure
		{f("C-1", "r1", "eu-west-1", "fail"), true},
		{f("C-3", "r3", "", "pass"), false},
	} {
		if got := isNew(tc.f); got != tc.want {
			t.Errorf("%s/%s/%s %s: new = %v", tc.f.CheckID, tc.f.Resource, tc.f.Region, tc.f.Status, got)
		}
	}
	if n := CountNew(base, []policies.Finding{f("C-1", "r1", "", "fail"), f("C-9", "x", "", "fail")}); n != 1 {
		t.Errorf("CountNew = %d", n)
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	report := []byte(`{"schema": "irscan.report/v1", "findings": [{"check_id": "C-1", "resource": "r", "status": "fail"}]}`)
	os.WriteFile(filepath.Join(dir, "irscan.json"), report, 0o644)
	for _, p := range []string{dir, filepath.Join(dir, "irscan.json")} {
		r, err := Load(p)
		if err != nil {
			t.Fatal(err)
		}
		if r.Path != filepath.Join(dir, "irscan.json") || len(r.Findings) != 1 || len(r.SHA256) != 64 || !bytes.Equal(r.Raw, report) {
			t.Errorf("Load(%s) = %+v", p, r)
		}
	}
	// A baseline whose finding says fail, then pass, is refused, not read as pass.
	dup := filepath.Join(dir, "dup.json")
	os.WriteFile(dup, []byte(`{"schema": "irscan.report/v1", "findings": [{"check_id": "C-1", "resource": "r", "status": "fail", "status": "pass"}]}`), 0o644)
	if _, err := Load(dup); err == nil || !strings.Contains(err.Error(), `duplicate key "status" in the object at /findings/0`) {
		t.Errorf("Load(duplicate key): %v", err)
	}
	bad := filepath.Join(dir, "snap.json")
	os.WriteFile(bad, []byte(`{"schema": "irscan.snapshot/v1"}`), 0o644)
	for _, p := range []string{bad, t.TempDir(), filepath.Join(dir, "missing.json")} {
		if _, err := Load(p); err == nil || !strings.Contains(err.Error(), filepath.Base(p)) {
			t.Errorf("Load(%s): %v", p, err)
		}
	}
}

func TestTable(t *testing.T) {
	old := &Report{Path: "a/irscan.json", SHA256: strings.Repeat("a", 64)}
	new := &Report{Path: "b/irscan.json", SHA256: strings.Repeat("b", 64)}
	doc := NewDocument(old, new, Compare([]policies.Finding{f("C-1", "r1", "", "pass")}, []policies.Finding{f("C-1", "r1", "", "fail")}))
	var buf bytes.Buffer
	if err := doc.Table(&buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"old: a/irscan.json (sha256 aaaaaaaaaaaa)", "new failures: 1   fixed: 0", "NEW FAILURES (1)", "C-1", "pass → fail"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	js, err := doc.JSON()
	if err != nil || !bytes.Contains(js, []byte(`"schema": "irscan.diff/v1"`)) || !bytes.Contains(js, []byte(`"fixed": []`)) {
		t.Errorf("json: %v\n%s", err, js)
	}
}
