package gen

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/irscan/irscan/collectors"
)

const root = "../.."

// TestGeneratedFilesAreCurrent: every generated file is what
// `go generate ./...` writes from the registries, the data schemas and the
// checks. A stale file is named with the command that brings it up to date.
func TestGeneratedFilesAreCurrent(t *testing.T) {
	files, err := Files(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{SchemaFile, SectionsFile, AWSPolicyFile, AWSAddOnFile, AWSOrgFile, AzureRoleFile, GCPRoleFile} {
		if _, ok := files[want]; !ok {
			t.Errorf("%s is not generated", want)
		}
	}
	for _, rel := range Stale(root, files) {
		got, _ := os.ReadFile(filepath.Join(root, rel))
		t.Errorf("%s is stale (%s): run `%s` and commit the result", rel, firstDifference(string(got), string(files[rel])), Command)
	}
}

// firstDifference says where two texts first differ.
func firstDifference(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range min(len(g), len(w)) {
		if g[i] != w[i] {
			return "line " + itoa(i+1) + ": has " + quote(g[i]) + ", want " + quote(w[i])
		}
	}
	return "length differs: " + itoa(len(g)) + " lines, want " + itoa(len(w))
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func quote(s string) string {
	if len(s) > 120 {
		s = s[:120] + "…"
	}
	b, _ := json.Marshal(s)
	return string(b)
}

// TestStaleNamesChangedFiles: a committed file that differs by one byte,
// or is missing, is stale; an identical one is not.
func TestStaleNamesChangedFiles(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "same.json"), []byte("{}\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "changed.json"), []byte("{}\n"), 0o644)
	got := Stale(dir, map[string][]byte{"same.json": []byte("{}\n"), "changed.json": []byte("{} \n"), "docs/missing.md": []byte("x")})
	if want := []string{"changed.json", "docs/missing.md"}; !slices.Equal(got, want) {
		t.Errorf("stale %v, want %v", got, want)
	}
	written, err := Write(dir, map[string][]byte{"changed.json": []byte("{} \n"), "docs/missing.md": []byte("x")})
	if err != nil || len(written) != 2 {
		t.Fatalf("wrote %v: %v", written, err)
	}
	if s := Stale(dir, map[string][]byte{"changed.json": []byte("{} \n"), "docs/missing.md": []byte("x")}); len(s) != 0 {
		t.Errorf("still stale after Write: %v", s)
	}
}

func TestRewrite(t *testing.T) {
	gen := func(name string) (string, bool) {
		switch name {
		case "n":
			return "42", true
		case "table":
			return "| a |\n|---|\n", true
		}
		return "", false
	}
	for _, tc := range []struct{ name, in, want, err string }{
		{"inline", "x <!-- gen:n -->21<!-- /gen:n --> y", "x <!-- gen:n -->42<!-- /gen:n --> y", ""},
		{"block", "<!-- gen:table -->\nold\nrows\n<!-- /gen:table -->\nafter", "<!-- gen:table -->\n| a |\n|---|\n<!-- /gen:table -->\nafter", ""},
		{"empty block", "<!-- gen:table -->\n<!-- /gen:table -->", "<!-- gen:table -->\n| a |\n|---|\n<!-- /gen:table -->", ""},
		{"in a code span", "say `<!-- gen:NAME -->21<!-- /gen:NAME -->` here", "say `<!-- gen:NAME -->21<!-- /gen:NAME -->` here", ""},
		{"in a fence", "```\n<!-- gen:x -->\n```\n<!-- gen:n -->1<!-- /gen:n -->", "```\n<!-- gen:x -->\n```\n<!-- gen:n -->42<!-- /gen:n -->", ""},
		{"unknown", "a\n<!-- gen:nn -->1<!-- /gen:nn -->", "", `line 2: unknown generated text "nn"`},
		{"unclosed", "<!-- gen:n -->1", "", "has no <!-- /gen:n -->"},
		{"end only", "1<!-- /gen:n -->", "", "end marker without a start"},
		{"block inline", "<!-- gen:table --><!-- /gen:table -->", "", "is a block"},
		{"nested", "<!-- gen:n --><!-- gen:n -->1<!-- /gen:n --><!-- /gen:n -->", "", "holds another marker"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := rewrite(tc.in, gen)
			switch {
			case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
				t.Errorf("error %v, want %q", err, tc.err)
			case tc.err == "" && err != nil:
				t.Errorf("error %v", err)
			case tc.err == "" && got != tc.want:
				t.Errorf("got %q\nwant %q", got, tc.want)
			}
		})
	}
}

// TestNewSectionGetsAStub: a registry section without a block in
// SECTIONS.md gets a heading and its generated lines at the end of its
// cloud's part; a block of a section no registry lists is an error.
func TestNewSectionGetsAStub(t *testing.T) {
	in, err := load(root)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(root, SectionsFile))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(raw)
	block := "<!-- gen:section:guardduty.detectors -->"
	if !strings.Contains(doc, block) {
		t.Fatalf("SECTIONS.md has no %s", block)
	}
	without := strings.Replace(strings.Replace(doc, block, "", 1), "<!-- /gen:section:guardduty.detectors -->", "", 1)
	got, err := in.sectionStubs(without)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(in.cloud("aws").Sections, func(s collectors.Section) bool { return s.Name == "guardduty.detectors" })
	if i < 0 {
		t.Fatal("the AWS registry has no guardduty.detectors")
	}
	stub := "### `guardduty.detectors`\n\n" + wrapIndent(in.cloud("aws").Sections[i].Summary, "") + "\n\n" + block + "\n"
	rule := 0
	i, rule = strings.Index(got, stub), strings.Index(got, "\n---\n\n## Azure\n")
	if i < 0 || rule < 0 || i > rule || i < strings.Index(got, "### `logs.log_groups`") {
		t.Errorf("no stub for guardduty.detectors at the end of the AWS part, before its closing rule (at %d, rule at %d)", i, rule)
	}
	if _, err := in.sectionStubs(doc + "\n<!-- gen:section:s3.gone -->\n<!-- /gen:section:s3.gone -->\n"); err == nil || !strings.Contains(err.Error(), "s3.gone") {
		t.Errorf("a block of an unknown section: %v", err)
	}
}

// TestPermissionDocumentsFollowTheRegistry: the IAM policy lists exactly the
// AWS sections' actions, the Azure role and the GCP role exactly their
// sections' permissions and the scope calls every scan makes.
func TestPermissionDocumentsFollowTheRegistry(t *testing.T) {
	files, err := Files(root)
	if err != nil {
		t.Fatal(err)
	}
	want := func(c Cloud) []string {
		var out []string
		for _, s := range c.Sections {
			for _, p := range s.Permissions() {
				if !slices.Contains(out, p) {
					out = append(out, p)
				}
			}
		}
		for _, sc := range c.ScopeCalls {
			if sc.Flag == "" && sc.Permission != "sts:GetCallerIdentity" && !slices.Contains(out, sc.Permission) {
				out = append(out, sc.Permission)
			}
		}
		slices.Sort(out)
		return out
	}
	var policy iamPolicy
	if err := json.Unmarshal(files[AWSPolicyFile], &policy); err != nil {
		t.Fatal(err)
	}
	if got := policy.Statement[0].Action; !slices.Equal(got, want(Clouds()[0])) {
		t.Errorf("IAM policy %v, want %v", got, want(Clouds()[0]))
	}
	var role struct{ Actions []string }
	if err := json.Unmarshal(files[AzureRoleFile], &role); err != nil {
		t.Fatal(err)
	}
	if got := slices.Sorted(slices.Values(role.Actions)); !slices.Equal(got, want(Clouds()[1])) {
		t.Errorf("Azure role %v, want %v", got, want(Clouds()[1]))
	}
	var gcp []string
	for _, l := range strings.Split(string(files[GCPRoleFile]), "\n") {
		if p, ok := strings.CutPrefix(l, "  - "); ok {
			gcp = append(gcp, p)
		}
	}
	if got := slices.Sorted(slices.Values(gcp)); !slices.Equal(got, want(Clouds()[2])) {
		t.Errorf("GCP role %v, want %v", got, want(Clouds()[2]))
	}
}
