// Package doclinks checks the repository's markdown: every relative link and
// anchor resolves to a file of the repository, every file named in a code
// span (`policies/lib/README.md`) exists, and no file points a reader at
// documents that live outside the repository.
//
// It reads markdown the way GitHub renders it, closely enough for links:
// fenced code blocks and HTML comments hold no links, code spans hold no
// links (but a code span that names a .md file is checked as a reference),
// inline links, images, reference definitions and href/src attributes are
// links, and headings (ATX) and id/name attributes are anchors, with
// GitHub's slugs. External links (any URL scheme) are not fetched.
package doclinks

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// Link is one link or file reference found in a markdown file.
type Link struct {
	Line   int
	Target string // as written: "../docs/aws.md#org-scans", "#flags"
	// Mention is set for a code span naming a .md file (`docs/aws.md`):
	// it resolves against the file's folder or the repository root.
	Mention bool
}

// Doc is what a markdown file offers and asks for.
type Doc struct {
	Links   []Link
	Anchors map[string]bool // heading slugs and id/name attributes
}

var (
	fenceRE    = regexp.MustCompile("^ {0,3}(`{3,}|~{3,})")
	headingRE  = regexp.MustCompile(`^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$`)
	refDefRE   = regexp.MustCompile(`^ {0,3}\[[^\]]+\]:[ \t]*(<[^>]*>|\S+)`)
	attrLinkRE = regexp.MustCompile(`(?i)\b(?:href|src)\s*=\s*"([^"]*)"`)
	attrIDRE   = regexp.MustCompile(`(?i)<[a-z][^>]*\b(?:id|name)\s*=\s*"([^"]+)"`)
	mdFileRE   = regexp.MustCompile(`^[\w./-]+\.md$`)
	schemeRE   = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]*:`)
	lineRefRE  = regexp.MustCompile(`^L\d+(-L\d+)?$`)
)

// Parse reads one markdown document.
func Parse(src []byte) Doc {
	doc := Doc{Anchors: map[string]bool{}}
	slugs := map[string]int{}
	var fence string // the opening fence while inside a fenced block
	inComment := false
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if fence != "" {
			if m := fenceRE.FindStringSubmatch(line); m != nil && m[1][0] == fence[0] && len(m[1]) >= len(fence) &&
				strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), m[1][:1])) == "" {
				fence = ""
			}
			continue
		}
		if !inComment {
			if m := fenceRE.FindStringSubmatch(line); m != nil {
				fence = m[1]
				continue
			}
		}
		line, inComment = stripComments(line, inComment)
		for _, m := range attrIDRE.FindAllStringSubmatch(line, -1) {
			doc.Anchors[m[1]] = true
		}
		if m := headingRE.FindStringSubmatch(line); m != nil {
			s := Slug(HeadingText(m[2]))
			if k := slugs[s]; k > 0 {
				doc.Anchors[fmt.Sprintf("%s-%d", s, k)] = true
			} else {
				doc.Anchors[s] = true
			}
			slugs[s]++
		}
		if m := refDefRE.FindStringSubmatch(line); m != nil {
			doc.Links = append(doc.Links, Link{Line: n, Target: strings.Trim(m[1], "<>")})
		}
		text, spans := splitCode(line)
		for _, s := range spans {
			if mdFileRE.MatchString(s) {
				doc.Links = append(doc.Links, Link{Line: n, Target: s, Mention: true})
			}
		}
		for _, t := range inlineTargets(text) {
			doc.Links = append(doc.Links, Link{Line: n, Target: t})
		}
		for _, m := range attrLinkRE.FindAllStringSubmatch(text, -1) {
			doc.Links = append(doc.Links, Link{Line: n, Target: m[1]})
		}
	}
	return doc
}

// stripComments removes HTML comments from a line; inComment says whether
// the line starts inside one, and the result whether the next line does.
func stripComments(line string, inComment bool) (string, bool) {
	var b strings.Builder
	for line != "" {
		if inComment {
			i := strings.Index(line, "-->")
			if i < 0 {
				return b.String(), true
			}
			line, inComment = line[i+3:], false
			continue
		}
		i := strings.Index(line, "<!--")
		if i < 0 {
			b.WriteString(line)
			break
		}
		b.WriteString(line[:i])
		line, inComment = line[i+4:], true
	}
	return b.String(), inComment
}

// splitCode returns the line with its code spans blanked out, and the
// contents of the spans that are not a link's whole text. A backtick run
// without its closing run is literal text.
func splitCode(line string) (string, []string) {
	var b strings.Builder
	var spans []string
	for i := 0; i < len(line); {
		if line[i] == '\\' && i+1 < len(line) {
			b.WriteString(line[i : i+2])
			i += 2
			continue
		}
		if line[i] != '`' {
			b.WriteByte(line[i])
			i++
			continue
		}
		j := i
		for j < len(line) && line[j] == '`' {
			j++
		}
		run := line[i:j]
		end := closingRun(line[j:], len(run))
		if end < 0 {
			b.WriteString(run)
			i = j
			continue
		}
		// The text of a link ([`docs/aws.md`](docs/aws.md)) is not a
		// reference of its own: the link is checked.
		if !(i > 0 && line[i-1] == '[' && strings.HasPrefix(line[j+end+len(run):], "](")) {
			spans = append(spans, strings.TrimSpace(line[j:j+end]))
		}
		b.WriteString(strings.Repeat(" ", end+2*len(run)))
		i = j + end + len(run)
	}
	return b.String(), spans
}

// closingRun finds a backtick run of exactly n in s.
func closingRun(s string, n int) int {
	for i := 0; i < len(s); {
		if s[i] != '`' {
			i++
			continue
		}
		j := i
		for j < len(s) && s[j] == '`' {
			j++
		}
		if j-i == n {
			return i
		}
		i = j
	}
	return -1
}

// inlineTargets returns the destinations of the inline links and images of
// a line without code spans: [text](dest "title"), ![alt](<dest>).
func inlineTargets(text string) []string {
	var out []string
	for i := 0; i+1 < len(text); i++ {
		if text[i] != ']' || text[i+1] != '(' || (i > 0 && text[i-1] == '\\') {
			continue
		}
		rest := strings.TrimLeft(text[i+2:], " ")
		if strings.HasPrefix(rest, "<") {
			if j := strings.IndexByte(rest, '>'); j > 0 {
				out = append(out, rest[1:j])
			}
			continue
		}
		depth, j := 0, 0
	scan:
		for ; j < len(rest); j++ {
			switch rest[j] {
			case '(':
				depth++
			case ')':
				if depth == 0 {
					break scan
				}
				depth--
			case ' ', '\t':
				break scan
			}
		}
		if j < len(rest) || depth == 0 {
			out = append(out, rest[:j])
		}
	}
	return out
}

var (
	linkTextRE = regexp.MustCompile(`!?\[([^\]]*)\]\([^)]*\)`)
	tagRE      = regexp.MustCompile(`<[^>]+>`)
	emphRE     = regexp.MustCompile(`(^|[^\p{L}\p{N}])_+|_+([^\p{L}\p{N}]|$)`)
)

// HeadingText is the text GitHub renders for an ATX heading's content:
// closing hashes, emphasis markers, link and image syntax, HTML tags and
// backslash escapes removed; code spans keep their content.
func HeadingText(s string) string {
	s = strings.TrimRight(s, " \t")
	if t := strings.TrimRight(s, "#"); t != s && (t == "" || strings.HasSuffix(t, " ")) {
		s = strings.TrimSpace(t)
	}
	s = linkTextRE.ReplaceAllString(s, "$1")
	var out strings.Builder
	for _, part := range codeParts(s) {
		if part.code {
			out.WriteString(part.text)
			continue
		}
		t := tagRE.ReplaceAllString(part.text, "")
		t = strings.ReplaceAll(t, "*", "")
		t = emphRE.ReplaceAllString(t, "$1$2")
		out.WriteString(unescape(t))
	}
	return strings.TrimSpace(out.String())
}

type textPart struct {
	text string
	code bool
}

func codeParts(s string) []textPart {
	var parts []textPart
	for s != "" {
		i := strings.IndexByte(s, '`')
		if i < 0 {
			parts = append(parts, textPart{text: s})
			break
		}
		j := i
		for j < len(s) && s[j] == '`' {
			j++
		}
		end := closingRun(s[j:], j-i)
		if end < 0 {
			parts = append(parts, textPart{text: s[:j]})
			s = s[j:]
			continue
		}
		parts = append(parts, textPart{text: s[:i]}, textPart{text: strings.TrimSpace(s[j : j+end]), code: true})
		s = s[j+end+(j-i):]
	}
	return parts
}

// unescape drops the backslash of a backslash escape (\_ is _).
func unescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && strings.IndexByte(asciiPunct, s[i+1]) >= 0 {
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

const asciiPunct = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"

// Slug is GitHub's anchor for a heading text (github-slugger): lower case,
// letters, digits, marks, '_', '-' and spaces kept, spaces turned into '-'.
// A repeated slug gets -1, -2, ... (Parse adds those).
func Slug(text string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(text) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Problem is one reference that does not resolve.
type Problem struct {
	File string // repository-relative, slash-separated
	Line int
	Msg  string
}

func (p Problem) String() string { return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg) }

// Repo is a repository's file list, read from its root.
type Repo struct {
	Root  string
	Files []string // slash-separated, relative to Root, sorted
	set   map[string]bool
	dirs  map[string]bool
	docs  map[string]Doc
}

// Open lists the repository's files: those git tracks, plus new files that
// git does not ignore; without git (an exported tree), every file but the
// build output (bin, out, .git).
func Open(root string) (*Repo, error) {
	files, err := gitFiles(root)
	if err != nil {
		files, err = walkFiles(root)
		if err != nil {
			return nil, err
		}
	}
	r := &Repo{Root: root, set: map[string]bool{}, dirs: map[string]bool{".": true}, docs: map[string]Doc{}}
	for _, f := range files {
		if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(f))); err != nil {
			continue // deleted in the working tree
		}
		r.Files = append(r.Files, f)
		r.set[f] = true
		for d := path.Dir(f); d != "."; d = path.Dir(d) {
			r.dirs[d] = true
		}
	}
	slices.Sort(r.Files)
	return r, nil
}

func gitFiles(root string) ([]string, error) {
	cmd := exec.Command("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		return nil, err
	}
	var files []string
	for _, f := range strings.Split(string(out), "\x00") {
		if f != "" {
			files = append(files, f)
		}
	}
	slices.Sort(files)
	return slices.Compact(files), nil
}

func walkFiles(root string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel == ".git" || rel == "bin" || rel == "out" || rel == ".work" || d.Name() == "node_modules" {
				return filepath.SkipDir
			}
			return nil
		}
		files = append(files, rel)
		return nil
	})
	return files, err
}

// Markdown returns the repository's markdown files.
func (r *Repo) Markdown() []string {
	var out []string
	for _, f := range r.Files {
		if strings.HasSuffix(f, ".md") {
			out = append(out, f)
		}
	}
	return out
}

func (r *Repo) doc(file string) (Doc, error) {
	if d, ok := r.docs[file]; ok {
		return d, nil
	}
	src, err := os.ReadFile(filepath.Join(r.Root, filepath.FromSlash(file)))
	if err != nil {
		return Doc{}, err
	}
	d := Parse(src)
	r.docs[file] = d
	return d, nil
}

// CheckLinks checks every link of a markdown file of the repository.
func (r *Repo) CheckLinks(file string) ([]Problem, error) {
	d, err := r.doc(file)
	if err != nil {
		return nil, err
	}
	var out []Problem
	for _, l := range d.Links {
		if msg := r.resolve(file, l); msg != "" {
			out = append(out, Problem{File: file, Line: l.Line, Msg: msg})
		}
	}
	return out, nil
}

func (r *Repo) resolve(file string, l Link) string {
	t := l.Target
	if l.Mention {
		for _, cand := range []string{path.Join(path.Dir(file), t), path.Clean(t)} {
			if r.set[cand] {
				return ""
			}
		}
		return fmt.Sprintf("`%s` names a file that is not in the repository", t)
	}
	if t == "" || schemeRE.MatchString(t) || strings.HasPrefix(t, "//") {
		return "" // external: not fetched
	}
	p, frag, _ := strings.Cut(t, "#")
	if u, err := url.PathUnescape(p); err == nil {
		p = u
	}
	var target string
	switch {
	case p == "":
		target = file
	case strings.HasPrefix(p, "/"):
		target = path.Clean(strings.TrimPrefix(p, "/"))
	default:
		target = path.Join(path.Dir(file), p)
	}
	if target == ".." || strings.HasPrefix(target, "../") {
		return fmt.Sprintf("link %s points outside the repository", t)
	}
	if !r.set[target] && !r.dirs[target] {
		return fmt.Sprintf("link %s: %s is not in the repository", t, target)
	}
	if frag == "" {
		return ""
	}
	if !strings.HasSuffix(target, ".md") {
		if r.set[target] && lineRefRE.MatchString(frag) {
			return ""
		}
		return fmt.Sprintf("link %s: anchor #%s in a file that is not markdown", t, frag)
	}
	td, err := r.doc(target)
	if err != nil {
		return err.Error()
	}
	if u, err := url.PathUnescape(frag); err == nil {
		frag = u
	}
	if !td.Anchors[frag] {
		return fmt.Sprintf("link %s: %s has no heading or anchor #%s", t, target, frag)
	}
	return ""
}

// outsideFolder is the folder beside the repository that the project was
// built from: users' clones do not have it.
const outsideFolder = "shared"

// outsideRE matches a pointer at a document that is not in the repository
// and never will be: that folder (as a path's first segment, possibly after
// "../") and the design and check notes that stayed there.
var outsideRE = regexp.MustCompile(`(?:^|[^\w./-])(?:\.\./)*` + outsideFolder + `/|\b(?:DESIGN|CHECKS)\.md\b`)

// Outside returns the lines of a file that point at documents outside the
// repository. Binary files have none.
func (r *Repo) Outside(file string) ([]Problem, error) {
	src, err := os.ReadFile(filepath.Join(r.Root, filepath.FromSlash(file)))
	if err != nil {
		return nil, err
	}
	if bytes.IndexByte(src, 0) >= 0 {
		return nil, nil
	}
	var out []Problem
	for n, line := range strings.Split(string(src), "\n") {
		if m := outsideRE.FindString(line); m != "" {
			out = append(out, Problem{File: file, Line: n + 1, Msg: fmt.Sprintf("points at %q, which is not in the repository", strings.TrimLeft(m, " `'\"([<"))})
		}
	}
	return out, nil
}
