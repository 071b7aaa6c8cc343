package conformance

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const doc = `# Scenario

Text.

## Expected findings

Some prose.

| check | cloud | scope | resource | region | status | follows | why |
|---|---|---|---|---|---|---|---|
| AWS-IR4-01 | aws | account/600000000002 | ` + "`arn:aws:account::600000000002:account`" + ` |  | **pass** | account/600000000001 | follows the trail \| of the owner |
| AWS-IR3-01 | aws | account/600000000002 | ` + "`arn:aws:account::600000000002:account`" + ` | us-east-1 | **fail** |  | detector off |
| AZ-IR2-02 | azure | subscription/x | ` + "`/subscriptions/x`" + ` |  | **waived** |  | waived |

### The member alone

Prose only.

## Other
`

func TestParse(t *testing.T) {
	rows, err := Parse([]byte(doc), "## Expected findings")
	if err != nil {
		t.Fatal(err)
	}
	want := []Row{
		{"AWS-IR4-01", "aws", "account/600000000002", "arn:aws:account::600000000002:account", "", "pass", "account/600000000001", "follows the trail | of the owner"},
		{"AWS-IR3-01", "aws", "account/600000000002", "arn:aws:account::600000000002:account", "us-east-1", "fail", "", "detector off"},
		{"AZ-IR2-02", "azure", "subscription/x", "/subscriptions/x", "", "waived", "", "waived"},
	}
	if !slices.Equal(rows, want) {
		t.Errorf("rows\n%+v\nwant\n%+v", rows, want)
	}
	if k := rows[0].Key(); k != "AWS-IR4-01 account/600000000002 arn:aws:account::600000000002:account  pass account/600000000001" {
		t.Errorf("key %q", k)
	}
	// A row written back reads the same.
	for _, r := range rows {
		back, err := parseRow(r.String())
		if err != nil || back != r {
			t.Errorf("round trip of %+v: %+v, %v", r, back, err)
		}
	}
}

// TestParseFailsClosed: a table is read whole or not at all.
func TestParseFailsClosed(t *testing.T) {
	row := "| AWS-IR4-01 | aws | account/1 | `r` |  | **pass** |  | why |"
	for name, tc := range map[string]struct{ doc, heading, want string }{
		"no heading":         {"# x\n", "## Expected findings", "no heading"},
		"no table":           {"## Expected findings\n\nprose\n", "## Expected findings", "no expected-findings table"},
		"table elsewhere":    {"## Expected findings\n\n## Next\n" + Header + "\n" + Separator + "\n" + row + "\n", "## Expected findings", "no expected-findings table"},
		"old six columns":    {"## Expected findings\n| check | cloud | resource | region | status | why |\n|---|---|---|---|---|---|\n| AWS-IR4-01 | aws | `r` |  | **pass** | why |\n", "## Expected findings", "no expected-findings table"},
		"empty table":        {"## Expected findings\n" + Header + "\n" + Separator + "\n\n", "## Expected findings", "no row"},
		"no separator":       {"## Expected findings\n" + Header + "\n" + row + "\n", "## Expected findings", "not followed by"},
		"six cells":          {"## Expected findings\n" + Header + "\n" + Separator + "\n| AWS-IR4-01 | aws | account/1 | `r` |  | **pass** | why |\n", "## Expected findings", "want 8 cells"},
		"bad check":          {"## Expected findings\n" + Header + "\n" + Separator + "\n| AWS-IR9-01 | aws | account/1 | `r` |  | **pass** |  | why |\n", "## Expected findings", "not a check ID"},
		"wrong cloud":        {"## Expected findings\n" + Header + "\n" + Separator + "\n| AWS-IR4-01 | gcp | account/1 | `r` |  | **pass** |  | why |\n", "## Expected findings", "not a check of cloud"},
		"no backticks":       {"## Expected findings\n" + Header + "\n" + Separator + "\n| AWS-IR4-01 | aws | account/1 | r |  | **pass** |  | why |\n", "## Expected findings", "not in backticks"},
		"status not bold":    {"## Expected findings\n" + Header + "\n" + Separator + "\n| AWS-IR4-01 | aws | account/1 | `r` |  | pass |  | why |\n", "## Expected findings", "status"},
		"status with a note": {"## Expected findings\n" + Header + "\n" + Separator + "\n| AWS-IR4-01 | aws | account/1 | `r` |  | **fail** (expired) |  | why |\n", "## Expected findings", "status"},
		"unknown status":     {"## Expected findings\n" + Header + "\n" + Separator + "\n| AWS-IR4-01 | aws | account/1 | `r` |  | **ok** |  | why |\n", "## Expected findings", "status"},
		"bad follows":        {"## Expected findings\n" + Header + "\n" + Separator + "\n| AWS-IR4-01 | aws | account/1 | `r` |  | **pass** | account 1 | why |\n", "## Expected findings", "follows"},
		"unescaped pipe":     {"## Expected findings\n" + Header + "\n" + Separator + "\n| AWS-IR4-01 | aws | account/1 | `r` |  | **pass** |  | a | b |\n", "## Expected findings", "want 8 cells"},
		"two tables":         {"## Expected findings\n" + Header + "\n" + Separator + "\n" + row + "\n\n" + Header + "\n" + Separator + "\n" + row + "\n", "## Expected findings", "two expected-findings tables"},
		"bad scope":          {"## Expected findings\n" + Header + "\n" + Separator + "\n| AWS-IR4-01 | aws | 600000000001 | `r` |  | **pass** |  | why |\n", "## Expected findings", "scope"},
		"heading twice":      {"## Expected findings\n" + Header + "\n" + Separator + "\n" + row + "\n## Expected findings\n", "## Expected findings", "twice"},
	} {
		_, err := Parse([]byte(tc.doc), tc.heading)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", name, err, tc.want)
		}
	}
}

func TestRewrite(t *testing.T) {
	got := []Row{
		// unchanged
		{"AWS-IR3-01", "aws", "account/600000000002", "arn:aws:account::600000000002:account", "us-east-1", "fail", "", "message 1"},
		// status changed: keeps its why
		{"AWS-IR4-01", "aws", "account/600000000002", "arn:aws:account::600000000002:account", "", "error", "", "message 2"},
		// new: added at the end with the message as why
		{"AWS-IR1-01", "aws", "account/600000000002", "arn:new", "", "pass", "", "new | finding"},
	}
	out, ch, err := Rewrite([]byte(doc), "## Expected findings", got)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(doc, "| AWS-IR4-01 | aws | account/600000000002 | `arn:aws:account::600000000002:account` |  | **pass** | account/600000000001 | follows the trail \\| of the owner |\n", "", 1)
	want = strings.Replace(want, "| AWS-IR3-01 | aws | account/600000000002 | `arn:aws:account::600000000002:account` | us-east-1 | **fail** |  | detector off |\n",
		"| AWS-IR4-01 | aws | account/600000000002 | `arn:aws:account::600000000002:account` |  | **error** |  | follows the trail \\| of the owner |\n"+
			"| AWS-IR3-01 | aws | account/600000000002 | `arn:aws:account::600000000002:account` | us-east-1 | **fail** |  | detector off |\n", 1)
	want = strings.Replace(want, "| AZ-IR2-02 | azure | subscription/x | `/subscriptions/x` |  | **waived** |  | waived |\n", "| AWS-IR1-01 | aws | account/600000000002 | `arn:new` |  | **pass** |  | new \\| finding |\n", 1)
	if string(out) != want {
		t.Errorf("rewritten:\n%s\nwant:\n%s", out, want)
	}
	if len(ch.Kept) != 1 || len(ch.Changed) != 1 || len(ch.Added) != 1 || len(ch.Removed) != 1 || ch.Empty() {
		t.Errorf("changes %+v", ch)
	}
	// Rewriting with the same rows changes nothing.
	rows, err := Parse(out, "## Expected findings")
	if err != nil {
		t.Fatal(err)
	}
	again, ch, err := Rewrite(out, "## Expected findings", rows)
	if err != nil || string(again) != string(out) || !ch.Empty() {
		t.Errorf("second rewrite changed the document (%v, %+v)", err, ch)
	}
}

func TestRewriteAddsATable(t *testing.T) {
	rows := []Row{{"GCP-IR2-01", "gcp", "project/x", "//x", "", "error", "", "held by the organisation"}}
	out, _, err := Rewrite([]byte(doc), "### The member alone", rows)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(doc, "Prose only.\n\n", "Prose only.\n\n"+Header+"\n"+Separator+"\n"+rows[0].String()+"\n\n", 1)
	if string(out) != want {
		t.Errorf("rewritten:\n%s\nwant:\n%s", out, want)
	}
	// At the end of the document too.
	out, _, err = Rewrite([]byte(doc), "## Other", rows)
	if err != nil {
		t.Fatal(err)
	}
	if want := doc + "\n" + Header + "\n" + Separator + "\n" + rows[0].String() + "\n"; string(out) != want {
		t.Errorf("rewritten:\n%q\nwant:\n%q", out, want)
	}
	if got, err := Parse(out, "## Other"); err != nil || !slices.Equal(got, rows) {
		t.Errorf("reading the new table back: %+v, %v", got, err)
	}
}

func TestDiff(t *testing.T) {
	if d := Diff([]string{"a", "b", "b"}, []string{"a", "b", "c"}); d != "\n  missing:    c\n  unexpected: b" {
		t.Errorf("diff %q", d)
	}
	if d := Diff([]string{"a"}, []string{"a"}); d != "" {
		t.Errorf("diff %q", d)
	}
}

func TestGoldenAndUpdateTable(t *testing.T) {
	dir := t.TempDir()
	golden := filepath.Join(dir, "golden", "x.txt")
	Golden(t, golden, []byte("one\ntwo\n"), true)
	Golden(t, golden, []byte("one\ntwo\n"), false)
	ft := &fakeT{TB: t}
	Golden(ft, golden, []byte("one\nthree\n"), false)
	if !strings.Contains(ft.msg, "line 2") || !strings.Contains(ft.msg, "-update") {
		t.Errorf("mismatch message %q", ft.msg)
	}

	readme := filepath.Join(dir, "README.md")
	if err := os.WriteFile(readme, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	rows, err := ReadTable(readme, "## Expected findings")
	if err != nil || len(rows) != 3 {
		t.Fatalf("%d rows, %v", len(rows), err)
	}
	if ch, err := UpdateTable(readme, "## Expected findings", rows[:2]); err != nil || len(ch.Removed) != 1 {
		t.Fatalf("update: %+v, %v", ch, err)
	}
	if rows, err = ReadTable(readme, "## Expected findings"); err != nil || len(rows) != 2 {
		t.Errorf("after the update: %d rows, %v", len(rows), err)
	}
}

// fakeT records Errorf instead of failing.
type fakeT struct {
	testing.TB
	msg string
}

func (f *fakeT) Errorf(format string, args ...any) { f.msg = fmt.Sprintf(format, args...) }
func (f *fakeT) Helper()                           {}
