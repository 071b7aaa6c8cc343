// Package conformance holds what the end-to-end tests of irscan share
// beyond one package: the expected-findings tables that the scenario
// READMEs (testdata/fakecloud/<cloud>/<scenario>/README.md, testdata/demo/
// README.md) keep for people and tests alike, in one format with one parser
// and one writer (tests rewrite them from a run with -update), and golden
// files.
//
// An expected-findings table sits under a markdown heading and has exactly
// this header and one row per finding:
//
//	| check | cloud | scope | resource | region | status | follows | why |
//	|---|---|---|---|---|---|---|---|
//	| AWS-IR4-01 | aws | account/600000000002 | `arn:aws:account::600000000002:account` |  | **pass** | account/600000000001 | the organization trail ... |
//
// check is the check ID, cloud its cloud, scope the scope of the snapshot
// the finding is about ("<scope type>/<scope ID>"), resource the finding's
// resource in backticks, region its region (empty for none), status its
// status in bold, follows the scope whose evidence the verdict follows (the
// finding's owner, "<scope type>/<scope ID>"; empty when the finding is
// judged on its own scope) and why a note for people, which tests never
// read. A "|" inside why is written "\|".
package conformance

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Header and Separator are the first two lines of every table.
const (
	Header    = "| check | cloud | scope | resource | region | status | follows | why |"
	Separator = "|---|---|---|---|---|---|---|---|"
)

// Statuses are the statuses a row may have.
var Statuses = []string{"pass", "fail", "error", "manual", "waived"}

var (
	checkID  = regexp.MustCompile(`^([A-Z]+)-IR[1-7]-[0-9]{2}$`)
	scopeRef = regexp.MustCompile(`^[a-z_]+/[^\s/|]+$`)
	// cloudOf maps a check ID's prefix to its cloud.
	cloudOf = map[string]string{"AWS": "aws", "AZ": "azure", "GCP": "gcp"}
)

// Row is one expected finding.
type Row struct {
	Check string
	Cloud string
	// Scope is the finding's scope, "<type>/<id>".
	Scope    string
	Resource string
	Region   string
	Status   string
	// Follows is the owner's scope, "<type>/<id>", or "" when the finding
	// is judged on its own scope.
	Follows string
	// Why is the note for people.
	Why string
}

// Key is what a test compares: "check scope resource region status follows".
func (r Row) Key() string {
	return strings.Join([]string{r.Check, r.Scope, r.Resource, r.Region, r.Status, r.Follows}, " ")
}

// place is what -update matches an existing row on: the finding without
// its verdict.
func (r Row) place() string {
	return strings.Join([]string{r.Check, r.Scope, r.Resource, r.Region}, " ")
}

// String is the row as a table line.
func (r Row) String() string {
	why := strings.Join(strings.Fields(r.Why), " ")
	why = strings.ReplaceAll(why, "|", `\|`)
	return fmt.Sprintf("| %s | %s | %s | `%s` | %s | **%s** | %s | %s |", r.Check, r.Cloud, r.Scope, r.Resource, r.Region, r.Status, r.Follows, why)
}

// Keys are the rows' keys, sorted.
func Keys(rows []Row) []string {
	out := make([]string, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.Key())
	}
	slices.Sort(out)
	return out
}

// Diff describes how two sorted key lists differ ("" when they are equal),
// one line per missing or unexpected key, duplicates counted.
func Diff(got, want []string) string {
	var b strings.Builder
	g, w := counts(got), counts(want)
	for _, k := range sortedKeys(w) {
		for range w[k] - g[k] {
			fmt.Fprintf(&b, "\n  missing:    %s", k)
		}
	}
	for _, k := range sortedKeys(g) {
		for range g[k] - w[k] {
			fmt.Fprintf(&b, "\n  unexpected: %s", k)
		}
	}
	return b.String()
}

func counts(keys []string) map[string]int {
	m := map[string]int{}
	for _, k := range keys {
		m[k]++
	}
	return m
}

func sortedKeys(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// table is where a table sits in a document: the lines of the document,
// the section under the heading [start, end) and the table's rows
// [first, last) (first == last == -1 when the section has no table).
type table struct {
	lines       []string
	start, end  int
	header      int
	first, last int
}

// locate finds the section under heading (a whole heading line, such as
// "## Expected findings") up to the next heading of any level, and the
// table in it.
func locate(doc []byte, heading string) (*table, error) {
	lines := strings.Split(string(doc), "\n")
	at := slices.Index(lines, heading)
	if at < 0 {
		return nil, fmt.Errorf("no heading %q", heading)
	}
	if slices.Index(lines[at+1:], heading) >= 0 {
		return nil, fmt.Errorf("heading %q appears twice", heading)
	}
	tb := &table{lines: lines, start: at + 1, end: len(lines), header: -1, first: -1, last: -1}
	for i := at + 1; i < len(lines); i++ {
		if strings.HasPrefix(lines[i], "#") {
			tb.end = i
			break
		}
	}
	for i := tb.start; i < tb.end; i++ {
		if strings.TrimSpace(lines[i]) != Header {
			continue
		}
		if tb.header >= 0 {
			return nil, fmt.Errorf("%q holds two expected-findings tables", heading)
		}
		if i+1 >= tb.end || strings.TrimSpace(lines[i+1]) != Separator {
			return nil, fmt.Errorf("line %d: the header is not followed by %s", i+2, Separator)
		}
		tb.header, tb.first = i, i+2
		tb.last = tb.first
		for tb.last < tb.end && strings.HasPrefix(lines[tb.last], "|") {
			tb.last++
		}
	}
	return tb, nil
}

// Parse reads the expected-findings table under heading. It fails when the
// heading or the table is missing, when the table is empty, or when a row
// does not follow the format: a table is read whole or not at all.
func Parse(doc []byte, heading string) ([]Row, error) {
	tb, err := locate(doc, heading)
	if err != nil {
		return nil, err
	}
	if tb.header < 0 {
		return nil, fmt.Errorf("no expected-findings table (%s) under %q", Header, heading)
	}
	var rows []Row
	for i := tb.first; i < tb.last; i++ {
		r, err := parseRow(tb.lines[i])
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", i+1, err)
		}
		rows = append(rows, r)
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("the table under %q has no row", heading)
	}
	return rows, nil
}

// cells splits a table line on the "|" that are not escaped.
func cells(line string) []string {
	line = strings.TrimSpace(line)
	var out []string
	var cur strings.Builder
	for i := 0; i < len(line); i++ {
		switch {
		case line[i] == '\\' && i+1 < len(line) && line[i+1] == '|':
			cur.WriteByte('|')
			i++
		case line[i] == '|':
			out = append(out, strings.TrimSpace(cur.String()))
			cur.Reset()
		default:
			cur.WriteByte(line[i])
		}
	}
	out = append(out, strings.TrimSpace(cur.String()))
	return out
}

func parseRow(line string) (Row, error) {
	c := cells(line)
	// A row starts and ends with "|": the first and last cells are empty.
	if len(c) != 10 || c[0] != "" || c[9] != "" {
		return Row{}, fmt.Errorf("want 8 cells (check, cloud, scope, resource, region, status, follows, why): %s", line)
	}
	r := Row{Check: c[1], Cloud: c[2], Scope: c[3], Region: c[5], Follows: c[7], Why: c[8]}
	res, status := c[4], c[6]
	m := checkID.FindStringSubmatch(r.Check)
	switch {
	case m == nil:
		return Row{}, fmt.Errorf("%q is not a check ID", r.Check)
	case cloudOf[m[1]] != r.Cloud:
		return Row{}, fmt.Errorf("%s is not a check of cloud %q", r.Check, r.Cloud)
	case !scopeRef.MatchString(r.Scope):
		return Row{}, fmt.Errorf("%s: scope %q is not <scope type>/<scope ID>", r.Check, r.Scope)
	case len(res) < 3 || !strings.HasPrefix(res, "`") || !strings.HasSuffix(res, "`") || strings.Count(res, "`") != 2:
		return Row{}, fmt.Errorf("%s: the resource %s is not in backticks", r.Check, res)
	case strings.ContainsAny(r.Region, " `*|"):
		return Row{}, fmt.Errorf("%s: %q is not a region", r.Check, r.Region)
	case !strings.HasPrefix(status, "**") || !strings.HasSuffix(status, "**") || !slices.Contains(Statuses, strings.Trim(status, "*")):
		return Row{}, fmt.Errorf("%s: status %q is not one of **%s**", r.Check, status, strings.Join(Statuses, "**, **"))
	case r.Follows != "" && !scopeRef.MatchString(r.Follows):
		return Row{}, fmt.Errorf("%s: follows %q is not <scope type>/<scope ID>", r.Check, r.Follows)
	}
	r.Resource = strings.Trim(res, "`")
	r.Status = strings.Trim(status, "*")
	return r, nil
}

// Changes says what Rewrite changed.
type Changes struct {
	// Kept rows are unchanged; Changed rows kept their why but not their
	// status or follows (their why may need a look); Added rows are new
	// (their why is the finding's message); Removed rows are gone.
	Kept, Changed, Added, Removed []Row
}

// Empty reports whether nothing changed.
func (c Changes) Empty() bool { return len(c.Changed)+len(c.Added)+len(c.Removed) == 0 }

// Rewrite replaces the rows of the table under heading with got, the
// findings of a run (their Why: the finding's message, used for new rows).
// It keeps the order and the why of the rows that remain: a row matches a
// finding of the same check, scope, resource and region (the first of a
// same status and follows if there are several); rows that no longer match are
// removed and new findings are added at the end, sorted. When the section
// has no table yet, one is added at its end.
func Rewrite(doc []byte, heading string, got []Row) ([]byte, Changes, error) {
	tb, err := locate(doc, heading)
	if err != nil {
		return nil, Changes{}, err
	}
	var old []Row
	if tb.header >= 0 {
		for i := tb.first; i < tb.last; i++ {
			r, err := parseRow(tb.lines[i])
			if err != nil {
				return nil, Changes{}, fmt.Errorf("line %d: %w", i+1, err)
			}
			old = append(old, r)
		}
	}
	var ch Changes
	rows := make([]*Row, len(old))
	used := make([]bool, len(got))
	// Exact matches first, so that a row keeps its why when only some of
	// several findings of one place changed.
	for pass := 0; pass < 2; pass++ {
		for i, o := range old {
			if rows[i] != nil {
				continue
			}
			for j, g := range got {
				if used[j] || g.place() != o.place() || pass == 0 && g.Key() != o.Key() {
					continue
				}
				r := o
				r.Status, r.Follows, r.Cloud = g.Status, g.Follows, g.Cloud
				rows[i], used[j] = &r, true
				if pass == 0 {
					ch.Kept = append(ch.Kept, r)
				} else {
					ch.Changed = append(ch.Changed, r)
				}
				break
			}
		}
	}
	var out []Row
	for i, r := range rows {
		if r == nil {
			ch.Removed = append(ch.Removed, old[i])
			continue
		}
		out = append(out, *r)
	}
	var added []Row
	for j, g := range got {
		if !used[j] {
			added = append(added, g)
		}
	}
	slices.SortStableFunc(added, func(a, b Row) int {
		return cmp.Or(cmp.Compare(a.Check, b.Check), cmp.Compare(a.Scope, b.Scope), cmp.Compare(a.Resource, b.Resource), cmp.Compare(a.Region, b.Region), cmp.Compare(a.Status, b.Status), cmp.Compare(a.Follows, b.Follows))
	})
	ch.Added = added
	out = append(out, added...)

	body := make([]string, 0, len(out)+2)
	body = append(body, Header, Separator)
	for _, r := range out {
		body = append(body, r.String())
	}
	var lines []string
	if tb.header >= 0 {
		lines = slices.Concat(tb.lines[:tb.header], body, tb.lines[tb.last:])
	} else {
		// At the end of the section, after its text and a blank line.
		end := tb.end
		for end > tb.start && strings.TrimSpace(tb.lines[end-1]) == "" {
			end--
		}
		lines = slices.Concat(tb.lines[:end], []string{""}, body, []string{""}, tb.lines[tb.end:])
	}
	return []byte(strings.Join(lines, "\n")), ch, nil
}
