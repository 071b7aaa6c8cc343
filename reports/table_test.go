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
		"17.1 17.3 17.6", "IR-4 IR-8 IR-5 IR-6", "12.10", "none", // framework IDs, and none for IR-4's CIS list
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
