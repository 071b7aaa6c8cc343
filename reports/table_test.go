package reports

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
)

func TestTableContent(t *testing.T) {
	r := testReport(t)
	out := string(render(t, "table", r))
	for _, want := range []string{
		"IR-1", "IR-2", "IR-3", "IR-4", "IR-5", "IR-6", "IR-7", // one summary row per control
		"AWS", "AZURE", "GCP", "N/A",
		"aws account 123456789012",              // a findings table per scope
		"AWS-IR2-01", "AZ-IR4-03", "GCP-IR2-01", // fail, fail, error
		"stlogs01", "waived until 2027-06-30", "expired 2026-01-31]", // waived and expired waiver
		"Manual: needs an attestation", "AWS-IR1-03", "AZ-IR1-01",
		"Total: 17 findings: 5 pass, 7 fail (2 high, 4 medium, 1 low), 2 error, 2 manual, 1 waived.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q", want)
		}
	}
	// Passing findings are not listed, only counted.
	if strings.Contains(out, "private-a") {
		t.Error("table lists a passing finding")
	}
	// Framework IDs are left to the JSON, CSV and HTML reports.
	if strings.Contains(out, "17.1 17.3 17.6") {
		t.Error("table lists CIS IDs")
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "│ IR-") && strings.Count(line, "│") != 6 {
			t.Errorf("summary row has the wrong number of cells: %q", line)
		}
	}
}

var ansi = regexp.MustCompile("\x1b\\[[0-9;]*m")

func TestTableColour(t *testing.T) {
	r := testReport(t)
	plain := render(t, "table", r)
	if bytes.ContainsRune(plain, 0x1b) || bytes.ContainsRune(plain, 0x07) {
		t.Error("table without colour contains an escape or a bell (hostile data reached the terminal)")
	}
	var buf bytes.Buffer
	if err := (Table{Color: true}).Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	coloured := buf.Bytes()
	if !ansi.Match(coloured) {
		t.Fatal("coloured table has no ANSI colour")
	}
	// Colour is the only difference, and only SGR sequences are emitted.
	stripped := ansi.ReplaceAll(coloured, nil)
	if bytes.ContainsRune(stripped, 0x1b) {
		t.Error("coloured table emits escapes other than colours")
	}
	if !bytes.Equal(stripped, plain) {
		t.Error("coloured table differs from the plain one beyond colour")
	}
}

func TestTableEmptyReport(t *testing.T) {
	out := string(render(t, "table", &Report{Controls: testReport(t).Controls}))
	for _, want := range []string{"IR-7", "No failing, errored or waived findings.", "Total: 0 findings"} {
		if !strings.Contains(out, want) {
			t.Errorf("empty table lacks %q:\n%s", want, out)
		}
	}
}

func TestTerminalSafe(t *testing.T) {
	got := terminalSafe("a\x1b[31mb\x07c\nd\u202ee\u009bf")
	if strings.ContainsAny(got, "\x1b\x07\n\u202e\u009b") {
		t.Errorf("terminalSafe left a control character: %q", got)
	}
}

// TestTableWidth renders the fixture (ARNs, ARM IDs, a 300-character
// resource name) at several widths: no line is wider than asked, and
// every word of every message is still there, in order.
func TestTableWidth(t *testing.T) {
	r := testReport(t)
	for _, width := range []int{60, 80, 120, 200} {
		var buf bytes.Buffer
		if err := (Table{Width: width}).Write(&buf, r); err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(buf.String(), "\n") {
			if w := dispWidth(line); w > width {
				t.Errorf("width %d: line %d is %d columns: %q", width, i+1, w, line)
			}
		}
	}
}

func TestWrapText(t *testing.T) {
	for _, tc := range []struct {
		in    string
		width int
		want  string
	}{
		{"short words stay", 10, "short\nwords stay"},
		{"arn:aws:ssm-incidents::123456789012:response-plan/Data", 20, "arn:aws:ssm-\nincidents::\n123456789012:\nresponse-plan/Data"},
		{"/subscriptions/7f3c2d9e-5b1a", 12, "/subscriptio\nns/7f3c2d9e-\n5b1a"},
		{"abcdefghijkl", 5, "abcde\nfghij\nkl"},
		{"界界界", 1, "界\n界\n界"}, // a rune wider than the column still moves on
	} {
		got := wrapText(tc.in, tc.width)
		if got != tc.want {
			t.Errorf("wrapText(%q, %d) = %q, want %q", tc.in, tc.width, got, tc.want)
		}
	}
}

func TestShortResource(t *testing.T) {
	r := testReport(t)
	for _, f := range r.Findings {
		got := ShortResource(f)
		if strings.Count(got, "/") > 1 || strings.HasPrefix(got, "arn:") {
			t.Errorf("ShortResource(%q) = %q", f.Resource, got)
		}
	}
}

// TestTableGroupsErrors: errored findings of one scope and resource with
// the same message make one row naming every check.
func TestTableGroupsErrors(t *testing.T) {
	r := testReport(t)
	var errs []int
	for i, f := range r.Findings {
		if f.Status == "error" && f.Cloud == "gcp" {
			errs = append(errs, i)
		}
	}
	if len(errs) == 0 {
		t.Fatal("fixture has no gcp error")
	}
	e := r.Findings[errs[0]]
	for _, id := range []string{"GCP-IR5-01", "GCP-IR6-01"} {
		g := e
		g.CheckID, g.Controls = id, []string{"IR-" + id[6:7]}
		r.Findings = append(r.Findings, g)
	}
	var buf bytes.Buffer
	if err := (Table{Width: 200}).Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if n := strings.Count(out, e.Message[:20]); n != 1 {
		t.Errorf("the errored message appears %d times, want once", n)
	}
	if !strings.Contains(out, "3 checks: GCP-IR2-01") || !strings.Contains(out, "GCP-IR5-01 GCP-IR6-01") {
		t.Errorf("no grouped row naming the three checks:\n%s", out)
	}
	if !strings.Contains(out, "IR-2 IR-5 IR-6") {
		t.Errorf("grouped row does not list the controls of its checks:\n%s", out)
	}
}
