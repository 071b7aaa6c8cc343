package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/irscan/irscan/internal/doclinks"
)

// regenerateChecksDoc is the command that writes docs/checks.md.
const regenerateChecksDoc = "go run ./cmd/irscan checks --format markdown > docs/checks.md"

// TestChecksMarkdownIsCurrent: docs/checks.md is exactly what
// `irscan checks --format markdown` prints for the built-in checks.
func TestChecksMarkdownIsCurrent(t *testing.T) {
	code, out, stderr := irscan(t, "checks", "--format", "markdown")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	doc, err := os.ReadFile("../../docs/checks.md")
	if err != nil {
		t.Fatalf("%v; write it with: %s", err, regenerateChecksDoc)
	}
	if string(doc) != out {
		a, b := strings.Split(string(doc), "\n"), strings.Split(out, "\n")
		i := 0
		for i < len(a) && i < len(b) && a[i] == b[i] {
			i++
		}
		t.Errorf("docs/checks.md is stale from line %d (has %q, the checks give %q); regenerate it with: %s",
			i+1, line(a, i), line(b, i), regenerateChecksDoc)
	}
}

func line(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return "(end of file)"
}

// TestChecksMarkdownCoversEveryCheck: the same bytes on every run; one
// section per check of the JSON listing, in its order, with its metadata;
// every link of the page lands on a heading of the page (read back with the
// repository's link checker); --cloud keeps one cloud.
func TestChecksMarkdownCoversEveryCheck(t *testing.T) {
	_, first, _ := irscan(t, "checks", "--format", "markdown")
	_, second, _ := irscan(t, "checks", "--format", "markdown")
	if first != second {
		t.Fatal("two runs of checks --format markdown differ")
	}
	_, js, _ := irscan(t, "checks", "--format", "json")
	var list []struct {
		ID, Title, Severity, Cloud string
		Controls, Requires         []string
		References                 []string
	}
	if err := json.Unmarshal([]byte(js), &list); err != nil {
		t.Fatal(err)
	}
	headings := regexp.MustCompile(`(?m)^### (\S+)$`).FindAllStringSubmatch(first, -1)
	var got, want []string
	for _, h := range headings {
		got = append(got, h[1])
	}
	perCloud := map[string]int{}
	for _, c := range list {
		want = append(want, c.ID)
		perCloud[c.Cloud]++
		sec := section(first, "### "+c.ID+"\n")
		if !strings.Contains(sec, "**"+c.Title+".**") || !strings.Contains(sec, "| Severity | "+c.Severity+" |") ||
			!strings.Contains(sec, "| Controls | "+strings.Join(c.Controls, ", ")+" |") {
			t.Errorf("%s: section lacks its title, severity or controls:\n%s", c.ID, sec)
		}
		for _, r := range c.Requires {
			if !strings.Contains(sec, "`"+r+"`") {
				t.Errorf("%s: section does not name the section %s it reads", c.ID, r)
			}
		}
		for _, r := range c.References {
			if !strings.Contains(sec, "- <"+r+">") {
				t.Errorf("%s: reference %s missing", c.ID, r)
			}
		}
	}
	if len(list) < 50 || !slices.Equal(got, want) {
		t.Errorf("check sections %v, want one per check in order %v", got, want)
	}
	if count := fmt.Sprintf("\n%d checks: %d AWS, %d Azure, %d GCP.", len(list), perCloud["aws"], perCloud["azure"], perCloud["gcp"]); !strings.Contains(first, count) {
		t.Errorf("the page does not count %q", count[1:])
	}
	doc := doclinks.Parse([]byte(first))
	for _, l := range doc.Links {
		if strings.HasPrefix(l.Target, "#") && !doc.Anchors[l.Target[1:]] {
			t.Errorf("line %d: link %s lands on no heading", l.Line, l.Target)
		}
	}

	_, gcp, _ := irscan(t, "checks", "--cloud", "gcp", "--format", "markdown")
	if !strings.Contains(gcp, fmt.Sprintf("\n%d checks: %d GCP.", perCloud["gcp"], perCloud["gcp"])) || strings.Contains(gcp, "AWS-") || strings.Contains(gcp, "## Azure") ||
		!strings.Contains(gcp, "| Control | GCP |") {
		t.Errorf("checks --cloud gcp --format markdown:\n%s", gcp[:min(len(gcp), 2000)])
	}
}

// section is the text from a heading to the next heading of a check.
func section(doc, heading string) string {
	i := strings.Index(doc, heading)
	if i < 0 {
		return ""
	}
	rest := doc[i+len(heading):]
	if j := strings.Index(rest, "\n### "); j >= 0 {
		rest = rest[:j]
	}
	return rest
}

// TestChecksMarkdownEscapesMetadata: a user's check whose metadata holds
// markdown and HTML shows it as text: no table cell breaks, no tag, link or
// heading comes through.
func TestChecksMarkdownEscapesMetadata(t *testing.T) {
	dir := t.TempDir()
	rego := `# METADATA
# title: "Pipes | <b>tags</b> *stars* and _under_"
# description: "# Not a heading. [a link](https://evil.example/) and <script>alert(1)</script> ` + "`code`" + `"
# custom:
#   id: USER-MD-01
#   controls: [IR-2]
#   severity: low
#   requires: [account.alternate_contacts]
#   remediation: "- not a list | still one cell"
#   references: [https://example.com/ok, "javascript:alert(1)"]
package irscan.checks.aws.user_md

findings contains {"resource": "arn:aws:account::x:account", "status": "pass", "message": "ok"} if {
	input.sections["account.alternate_contacts"].data.AlternateContact.EmailAddress != ""
}
`
	if err := os.WriteFile(filepath.Join(dir, "user_md.rego"), []byte(rego), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := irscan(t, "checks", "--cloud", "aws", "--format", "markdown", "--policies", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var row string
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "| [USER-MD-01]") {
			row = l
		}
	}
	if unescaped := regexp.MustCompile(`[^\\]\|`).FindAllString(row, -1); len(unescaped) != 5 {
		t.Errorf("row has %d cell separators, want 5 (| escaped in the title): %s", len(unescaped), row)
	}
	for _, want := range []string{
		`Pipes \| \<b>tags\</b> \*stars\* and \_under\_`,
		`\# Not a heading. \[a link\](https://evil.example/) and \<script>alert(1)\</script> \` + "`code\\`",
		`**Remediation.** \- not a list \| still one cell`,
		"- <https://example.com/ok>",
		"- javascript:alert(1)",
		"| Source | `" + filepath.Join(dir, "user_md.rego"),
	} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	doc := doclinks.Parse([]byte(out))
	for _, l := range doc.Links {
		if strings.Contains(l.Target, "evil") || strings.Contains(l.Target, "javascript") {
			t.Errorf("metadata became a link: %s", l.Target)
		}
	}
	if regexp.MustCompile(`(?m)^#+ Not a heading`).MatchString(out) {
		t.Error("a description became a heading")
	}
}

// TestChecksMarkdownIsAFormat: --format lists markdown in its help and in
// its error.
func TestChecksMarkdownIsAFormat(t *testing.T) {
	code, _, stderr := irscan(t, "checks", "--format", "html")
	if code != exitUsage || !strings.Contains(stderr, "want one of table, json, markdown") {
		t.Errorf("checks --format html: exit %d, %q", code, stderr)
	}
	_, help, _ := irscan(t, "checks", "--help")
	if !strings.Contains(help, "table, json or markdown") || !strings.Contains(help, "irscan checks --format markdown > docs/checks.md") {
		t.Errorf("checks --help does not offer markdown:\n%s", help)
	}
}
