package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/irscan/irscan/drift"
)

const (
	demoAWS         = demo + "/aws-123456789012.json"
	dataBreachPlan  = "arn:aws:ssm-incidents::123456789012:response-plan/Data-Breach-Response"
	demoAWSAccount  = "arn:aws:account::123456789012:account"
	demoAttestation = demo + "/attestations.yaml"
)

// evaluateInto evaluates snapshots into a fresh --out directory (json
// report) and returns it with the exit code.
func evaluateInto(t *testing.T, args ...string) (string, int) {
	t.Helper()
	return evaluateIn(t, filepath.Join(t.TempDir(), "out"), args...)
}

// evaluated is evaluateInto once for the test binary: a directory to read,
// not to change.
func evaluated(t *testing.T, args ...string) (string, int) {
	t.Helper()
	r := once(t, "evaluate "+strings.Join(args, " "), func(t *testing.T, out string) *cloudRun {
		dir, code := evaluateIn(t, filepath.Join(out, "out"), args...)
		return &cloudRun{cliResult: cliResult{code: code, out: dir}}
	})
	return r.out, r.code
}

func evaluateIn(t *testing.T, dir string, args ...string) (string, int) {
	t.Helper()
	code, _, stderr := irscan(t, append(append([]string{"evaluate"}, args...), "--format", "json", "--out", dir)...)
	if code == exitUsage {
		t.Fatalf("evaluate %v: %s", args, stderr)
	}
	return dir, code
}

func diffJSON(t *testing.T, old, new string) (drift.Document, int) {
	t.Helper()
	code, stdout, stderr := irscan(t, "diff", old, new, "--format", "json")
	var doc drift.Document
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("diff %s %s: exit %d, not JSON: %v\n%s%s", old, new, code, err, stdout, stderr)
	}
	return doc, code
}

func changeKeys(cs []drift.Change) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.CheckID+" "+c.Resource+" "+c.Region+" "+c.OldStatus+"→"+c.NewStatus)
	}
	return out
}

type reportFinding struct {
	CheckID  string `json:"check_id"`
	Resource string `json:"resource"`
	Region   string `json:"region"`
	Status   string `json:"status"`
}

type reportFindings struct {
	Findings []reportFinding `json:"findings"`
	Summary  struct {
		NewFailures *int `json:"new_failures"`
	} `json:"summary"`
	Baseline *struct {
		Path   string `json:"path"`
		SHA256 string `json:"sha256"`
	} `json:"baseline"`
}

// failing lists "check resource region" of a report's failing findings.
func failing(t *testing.T, dir string) []string {
	t.Helper()
	var r reportFindings
	pkgReadJSON(t, filepath.Join(dir, "irscan.json"), &r)
	var out []string
	for _, f := range r.Findings {
		if f.Status == "fail" {
			out = append(out, f.CheckID+" "+f.Resource+" "+f.Region+" fail→fail")
		}
	}
	slices.Sort(out)
	return out
}

// TestDiffDemoWithAndWithoutWaivers: dropping the waivers turns the waived
// AWS-IR2-03 finding into the one new failure; adding them back fixes it.
// Every other failure is unchanged (the expired Azure waiver never applied).
func TestDiffDemoWithAndWithoutWaivers(t *testing.T) {
	t.Parallel()
	with, _ := evaluated(t, demo, "--waivers", demo+"/waivers.yaml", "--attestations", demoAttestation)
	without, _ := evaluated(t, demo, "--attestations", demoAttestation)
	withReport, withoutReport := filepath.Join(with, "irscan.json"), filepath.Join(without, "irscan.json")

	doc, code := diffJSON(t, withReport, withoutReport)
	if code != exitFindings {
		t.Errorf("new failures: exit %d, want 1", code)
	}
	wantNew := []string{"AWS-IR2-03 " + dataBreachPlan + " us-east-1 waived→fail"}
	if got := changeKeys(doc.NewFailures); !slices.Equal(got, wantNew) {
		t.Errorf("new failures %q, want %q", got, wantNew)
	}
	if len(doc.Fixed) != 0 || len(doc.StatusChanges) != 0 {
		t.Errorf("fixed %q, status changes %q: want none", changeKeys(doc.Fixed), changeKeys(doc.StatusChanges))
	}
	unchanged := changeKeys(doc.UnchangedFailures)
	slices.Sort(unchanged)
	if want := failing(t, with); len(want) == 0 || !slices.Equal(unchanged, want) {
		t.Errorf("unchanged failures %d, want the %d failures of the report with waivers", len(unchanged), len(want))
	}
	if !slices.ContainsFunc(doc.UnchangedFailures, func(c drift.Change) bool { return c.CheckID == "AZ-IR2-02" }) {
		t.Error("AZ-IR2-02 (expired waiver) is not an unchanged failure")
	}
	if doc.Schema != "irscan.diff/v1" || doc.Old.Path != filepath.ToSlash(withReport) || len(doc.Old.SHA256) != 64 ||
		doc.Summary.NewFailures != 1 || doc.Summary.UnchangedFailures != len(unchanged) {
		t.Errorf("document header: %+v %+v %+v", doc.Old, doc.New, doc.Summary)
	}

	// The other way round: the waiver fixes it, nothing is new, exit 0.
	back, code := diffJSON(t, withoutReport, withReport)
	if code != exitOK {
		t.Errorf("no new failures: exit %d, want 0", code)
	}
	if got, want := changeKeys(back.Fixed), []string{"AWS-IR2-03 " + dataBreachPlan + " us-east-1 fail→waived"}; !slices.Equal(got, want) {
		t.Errorf("fixed %q, want %q", got, want)
	}
	if len(back.NewFailures) != 0 {
		t.Errorf("new failures %q", changeKeys(back.NewFailures))
	}

	// Table format, on the evidence directories.
	code, stdout, _ := irscan(t, "diff", with, without)
	if code != exitFindings {
		t.Errorf("table: exit %d", code)
	}
	for _, want := range []string{"new failures: 1   fixed: 0   unchanged failures: ", "NEW FAILURES (1)", dataBreachPlan, "waived → fail", "UNCHANGED FAILURES ("} {
		if !strings.Contains(stdout, want) {
			t.Errorf("table lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, "FIXED (") || strings.Contains(stdout, "STATUS CHANGES (") {
		t.Errorf("table shows empty sections:\n%s", stdout)
	}
	// Stable: the same diff twice is the same bytes.
	_, again, _ := irscan(t, "diff", with, without)
	if again != stdout {
		t.Error("two runs of diff differ")
	}
}

// TestDiffHandModifiedSnapshot: removing the SECURITY alternate contact
// from the AWS demo snapshot makes AWS-IR2-01 a new failure (it passed);
// evidence directories are compared through their irscan.json.
func TestDiffHandModifiedSnapshot(t *testing.T) {
	t.Parallel()
	var snap map[string]any
	pkgReadJSON(t, demoAWS, &snap)
	sections := snap["sections"].(map[string]any)
	sections["account.alternate_contacts"].(map[string]any)["data"] = map[string]any{"AlternateContact": nil}
	changed := filepath.Join(t.TempDir(), "aws-123456789012.json")
	raw, _ := json.MarshalIndent(snap, "", "  ")
	os.WriteFile(changed, raw, 0o644)

	before, _ := evaluated(t, demoAWS)
	after, _ := evaluateInto(t, changed)
	doc, code := diffJSON(t, before, after)
	if code != exitFindings {
		t.Errorf("exit %d, want 1", code)
	}
	if got, want := changeKeys(doc.NewFailures), []string{"AWS-IR2-01 " + demoAWSAccount + "  pass→fail"}; !slices.Equal(got, want) {
		t.Errorf("new failures %q, want %q", got, want)
	}
	if len(doc.Fixed) != 0 || len(doc.StatusChanges) != 0 || len(doc.UnchangedFailures) != len(failing(t, before)) {
		t.Errorf("fixed %q, changes %q, %d unchanged", changeKeys(doc.Fixed), changeKeys(doc.StatusChanges), len(doc.UnchangedFailures))
	}
	// Reversed, it is fixed.
	back, code := diffJSON(t, after, before)
	if code != exitOK || !slices.Equal(changeKeys(back.Fixed), []string{"AWS-IR2-01 " + demoAWSAccount + "  fail→pass"}) {
		t.Errorf("reversed: exit %d, fixed %q", code, changeKeys(back.Fixed))
	}

	// The same, given as report files.
	gone, code := diffJSON(t, filepath.Join(before, "irscan.json"), filepath.Join(after, "irscan.json"))
	if code != exitFindings || len(gone.NewFailures) != 1 {
		t.Errorf("report files: exit %d, %d new", code, len(gone.NewFailures))
	}
}

func TestDiffBadInput(t *testing.T) {
	t.Parallel()
	dir, _ := evaluated(t, demoAWS)
	for _, args := range [][]string{
		{"diff", dir},
		{"diff", dir, filepath.Join(t.TempDir(), "missing.json")},
		{"diff", dir, demoAWS},     // a snapshot, not a report
		{"diff", dir, t.TempDir()}, // a directory without irscan.json
		{"diff", dir, dir, "--format", "xml"},
	} {
		if code, _, stderr := irscan(t, args...); code != exitUsage || !strings.HasPrefix(stderr, "irscan: ") {
			t.Errorf("%v: exit %d, want 2; stderr %q", args, code, stderr)
		}
	}
}

// TestBaseline: with --baseline, --fail-on counts only new failures; the
// report still shows every finding and records the baseline.
func TestBaseline(t *testing.T) {
	t.Parallel()
	base, code := evaluated(t, demoAWS, "--waivers", demo+"/waivers.yaml")
	if code != exitFindings {
		t.Fatalf("baseline run: exit %d, want 1 (the demo fails)", code)
	}
	baseReport := filepath.Join(base, "irscan.json")
	// Without a new failure the exit is 0, or 3 while the demo holds findings
	// that could not be assessed (a check on a section its snapshot lacks).
	noNewFailure := exitOK
	var baseFindings reportFindings
	pkgReadJSON(t, baseReport, &baseFindings)
	if slices.ContainsFunc(baseFindings.Findings, func(f reportFinding) bool { return f.Status == "error" }) {
		noNewFailure = exitErrors
	}

	// Same estate, every failure old, as report file and as directory.
	for _, b := range []string{baseReport, base} {
		out, code := evaluateInto(t, demoAWS, "--waivers", demo+"/waivers.yaml", "--baseline", b)
		if code != noNewFailure {
			t.Errorf("--baseline %s, no new failure: exit %d, want %d", b, code, noNewFailure)
		}
		var r reportFindings
		pkgReadJSON(t, filepath.Join(out, "irscan.json"), &r)
		if r.Baseline == nil || r.Baseline.SHA256 != pkgSHA256(t, baseReport) || r.Baseline.Path != filepath.ToSlash(baseReport) {
			t.Errorf("report's baseline: %+v", r.Baseline)
		}
		if r.Summary.NewFailures == nil || *r.Summary.NewFailures != 0 {
			t.Errorf("summary.new_failures: %v", r.Summary.NewFailures)
		}
		if got, want := failing(t, out), failing(t, base); !slices.Equal(got, want) {
			t.Error("the report with a baseline does not show every failure")
		}
		if code, _, stderr := verifyExit(t, out); code != exitOK {
			t.Errorf("package with a baseline: verify exit %d: %s", code, stderr)
		}
	}

	// Without the waivers, AWS-IR2-03 fails anew: still 1.
	out, code := evaluateInto(t, demoAWS, "--baseline", baseReport)
	if code != exitFindings {
		t.Errorf("one new failure: exit %d, want 1", code)
	}
	var r reportFindings
	pkgReadJSON(t, filepath.Join(out, "irscan.json"), &r)
	if r.Summary.NewFailures == nil || *r.Summary.NewFailures != 1 {
		t.Errorf("summary.new_failures: %v, want 1", r.Summary.NewFailures)
	}
	// ...unless it is below --fail-on (AWS-IR2-03 is medium).
	if _, code := evaluateInto(t, demoAWS, "--baseline", baseReport, "--fail-on", "high"); code != noNewFailure {
		t.Errorf("new failure below --fail-on: exit %d, want %d", code, noNewFailure)
	}
	// Without --baseline the run fails as before, and its report has no baseline.
	plain, code := evaluated(t, demoAWS, "--waivers", demo+"/waivers.yaml")
	raw, _ := os.ReadFile(filepath.Join(plain, "irscan.json"))
	if code != exitFindings || strings.Contains(string(raw), `"baseline"`) || strings.Contains(string(raw), `"new_failures"`) {
		t.Errorf("without --baseline: exit %d, or baseline fields in the report", code)
	}
	if code, _, stderr := irscan(t, "evaluate", demoAWS, "--baseline", demoAWS); code != exitUsage || !strings.Contains(stderr, "--baseline") {
		t.Errorf("a snapshot as --baseline: exit %d: %s", code, stderr)
	}
}
