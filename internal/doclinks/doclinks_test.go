package doclinks

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// repoRoot is the folder holding go.mod above this package.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test")
		}
		dir = parent
	}
}

// TestRepositoryLinks: every relative link and anchor of every markdown file
// of the repository resolves inside it, and every .md file a code span
// names exists.
func TestRepositoryLinks(t *testing.T) {
	repo, err := Open(repoRoot(t))
	if err != nil {
		t.Fatal(err)
	}
	docs := repo.Markdown()
	if len(docs) < 40 || !slices.Contains(docs, "README.md") || !slices.Contains(docs, "snapshot/SECTIONS.md") {
		t.Fatalf("found only %d markdown files: %v", len(docs), docs)
	}
	links := 0
	for _, f := range docs {
		problems, err := repo.CheckLinks(f)
		if err != nil {
			t.Fatal(err)
		}
		d, _ := repo.doc(f)
		links += len(d.Links)
		for _, p := range problems {
			t.Error(p)
		}
	}
	t.Logf("%d markdown files, %d links and file references checked", len(docs), links)
}

// outsideTodo lists the files outside this package's brief that still point
// at documents not in the repository, each with who fixes it. An entry
// whose file no longer does is an error, so the list only shrinks.
var outsideTodo = map[string]string{}

// TestNothingPointsOutside: no file of the repository (markdown, code,
// fixtures) points a reader at the shared folder or at the design and check
// notes that are not in the repository.
func TestNothingPointsOutside(t *testing.T) {
	repo, err := Open(repoRoot(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range repo.Files {
		if strings.HasPrefix(f, "internal/doclinks/") {
			continue // the patterns themselves
		}
		problems, err := repo.Outside(f)
		if err != nil {
			t.Fatal(err)
		}
		if why, ok := outsideTodo[f]; ok {
			if len(problems) == 0 {
				t.Errorf("%s no longer points outside the repository: remove it from outsideTodo", f)
			} else {
				t.Logf("%s: %d pointer(s) outside the repository left (%s)", f, len(problems), why)
			}
			continue
		}
		for _, p := range problems {
			t.Error(p)
		}
	}
	for f := range outsideTodo {
		if !slices.Contains(repo.Files, f) {
			t.Errorf("outsideTodo names %s, which is not in the repository", f)
		}
	}
}

// TestCheckerFindsEveryKindOfDanglingLink builds a small tree with one good
// and one broken reference of each kind, and expects exactly the broken ones.
func TestCheckerFindsEveryKindOfDanglingLink(t *testing.T) {
	root := t.TempDir()
	write := func(name, text string) {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("main.go", "package main\n")
	write("docs/b.md", "# B page\n\n## Flags\n\n## Flags\n\n<a id=\"custom\"></a>\n\n### `storage.buckets` and *more*\n\n`b.md` [up](../README.md#top)\n")
	write("README.md", strings.Join([]string{
		"# Top", // 1
		"[good file](docs/b.md) [good anchor](docs/b.md#flags) [second heading](docs/b.md#flags-1)",      // 2
		"[html anchor](docs/b.md#custom) [code heading](docs/b.md#storagebuckets-and-more)",              // 3
		"[dir](docs/) [self](#top) [line](main.go#L1) [web](https://example.com/x.md) ![img](docs/b.md)", // 4
		"[missing file](docs/c.md)",                        // 5: bad
		"[missing anchor](docs/b.md#usage)",                // 6: bad
		"[outside](../elsewhere.md)",                       // 7: bad
		"`docs/b.md` and `nope.md` [`gone.md`](docs/b.md)", // 8: nope.md bad, gone.md is link text
		"```sh",                    // 9
		"[in a fence](nowhere.md)", // 10: ignored
		"```",                      // 11
		"`[in code](nowhere.md)` <!-- [in a comment](nowhere.md) -->", // 12: ignored
		"[ref]: docs/gone.md",                 // 13: bad
		"<a href=\"docs/also-gone.md\">x</a>", // 14: bad
		"[anchor on go](main.go#main)",        // 15: bad
		"[self anchor](#nowhere)",             // 16: bad
		"",
	}, "\n"))
	repo, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(repo.Markdown(), []string{"README.md", "docs/b.md"}) {
		t.Fatalf("markdown files %v", repo.Markdown())
	}
	problems, err := repo.CheckLinks("README.md")
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	for _, p := range problems {
		got = append(got, p.Line)
		t.Log(p)
	}
	if want := []int{5, 6, 7, 8, 13, 14, 15, 16}; !slices.Equal(got, want) {
		t.Errorf("problems on lines %v, want %v", got, want)
	}
	if problems, err := repo.CheckLinks("docs/b.md"); err != nil || len(problems) > 0 {
		t.Errorf("docs/b.md: %v %v", problems, err)
	}
}

func TestOutsideFindsSharedAndNotes(t *testing.T) {
	root := t.TempDir()
	text := strings.Join([]string{
		"see ../" + outsideFolder + "/reference/aws/x.json", // 1
		"from `" + outsideFolder + "/seed/CONTROLS.md`",     // 2
		"the rows of CHECKS.md",                             // 3
		"see DESIGN.md",                                     // 4
		"internal/fakecloud/fixture/" + outsideFolder + "/x is fine, and so is docs/checks.md", // 5: fine
		"a shared folder, shared state", // 6: fine
		"",
	}, "\n")
	if err := os.WriteFile(filepath.Join(root, "x.txt"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	repo, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	problems, err := repo.Outside("x.txt")
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	for _, p := range problems {
		got = append(got, p.Line)
	}
	if want := []int{1, 2, 3, 4}; !slices.Equal(got, want) {
		t.Errorf("lines %v, want %v (%v)", got, want, problems)
	}
}

// TestSlug: GitHub's anchors for headings of this repository's kind.
func TestSlug(t *testing.T) {
	for heading, want := range map[string]string{
		"`irscan scan aws` / `irscan collect aws`":      "irscan-scan-aws--irscan-collect-aws",
		"Owners and inheritance: one run is one estate": "owners-and-inheritance-one-run-is-one-estate",
		"Verifying a report (auditors)":                 "verifying-a-report-auditors",
		"[`storage.buckets`](#x)":                       "storagebuckets",
		"AWS-IR1-01 — Incident Manager is onboarded":    "aws-ir1-01--incident-manager-is-onboarded",
		"The `min_retention_days` _threshold_ ##":       "the-min_retention_days-threshold",
		"**Azure** \\<3 Sentinel":                       "azure-3-sentinel",
		"Évidence × 2":                                  "évidence--2",
	} {
		if got := Slug(HeadingText(heading)); got != want {
			t.Errorf("Slug(%q) = %q, want %q", heading, got, want)
		}
	}
}
