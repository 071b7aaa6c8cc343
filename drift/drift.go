// Package drift compares the findings of two irscan runs: what failed anew,
// what was fixed, what still fails and whose status changed otherwise. It
// also backs --baseline, which gates a run only on failures that are new
// since an earlier report.
package drift

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/irscan/irscan/internal/strictjson"
	"github.com/irscan/irscan/policies"
	"github.com/irscan/irscan/reports"
)

// ReportName is the JSON report in an evidence directory.
const ReportName = "irscan.json"

// Report is a JSON report read for a comparison.
type Report struct {
	// Path is the report file read (DIR/irscan.json for a directory).
	Path string
	// SHA256 is the digest of its bytes.
	SHA256 string
	// Raw is the file's content.
	Raw      []byte
	Findings []policies.Finding
}

// Load reads an irscan.report/v1 JSON report, or the irscan.json of an
// evidence directory (an --out directory).
func Load(path string) (*Report, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, unwrap(err))
	}
	file := path
	if st.IsDir() {
		file = filepath.Join(path, ReportName)
		if _, err := os.Stat(file); errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s: no %s in this directory (write one with --format json --out DIR)", path, ReportName)
		}
	}
	raw, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, unwrap(err))
	}
	var doc struct {
		Schema   string              `json:"schema"`
		Findings *[]policies.Finding `json:"findings"`
	}
	if err := strictjson.Check(raw); err != nil {
		return nil, fmt.Errorf("%s: not a valid JSON report: %w", file, err)
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, fmt.Errorf("%s: not a JSON report: %w", file, err)
	}
	if doc.Schema != reports.SchemaVersion || doc.Findings == nil {
		return nil, fmt.Errorf("%s: not an %s JSON report (schema %q)", file, reports.SchemaVersion, doc.Schema)
	}
	sum := sha256.Sum256(raw)
	return &Report{Path: file, SHA256: hex.EncodeToString(sum[:]), Raw: raw, Findings: *doc.Findings}, nil
}

func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Key is a finding's identity across runs: check ID, resource (case
// folded) and region, as in the SARIF fingerprint.
func Key(f policies.Finding) string {
	return f.CheckID + "|" + strings.ToLower(f.Resource) + "|" + f.Region
}

// Absent is the status of a finding that is not in one of the reports.
const Absent = "absent"

// Change is one finding's status in the old and the new report.
type Change struct {
	CheckID   string `json:"check_id"`
	Title     string `json:"title"`
	Severity  string `json:"severity"`
	Cloud     string `json:"cloud"`
	Scope     string `json:"scope"`
	Resource  string `json:"resource"`
	Region    string `json:"region,omitempty"`
	OldStatus string `json:"old_status"`
	NewStatus string `json:"new_status"`
	// Message is the newer report's message (the older one's when the
	// finding is gone).
	Message string `json:"message"`
}

// Result sorts the findings of two reports into four lists.
type Result struct {
	// NewFailures fail now and did not before (absent or another status).
	NewFailures []Change `json:"new_failures"`
	// Fixed failed before and do not now (another status, or gone).
	Fixed []Change `json:"fixed"`
	// UnchangedFailures fail in both.
	UnchangedFailures []Change `json:"unchanged_failures"`
	// StatusChanges are the other findings whose status differs, including
	// findings that appeared or disappeared (status "absent").
	StatusChanges []Change `json:"status_changes"`
}

// Compare diffs the findings of an old and a new report. Every list is in
// a stable order: cloud, scope, check ID, resource, region.
func Compare(old, new []policies.Finding) Result {
	oldBy, newBy := index(old), index(new)
	keys := map[string]bool{}
	for k := range oldBy {
		keys[k] = true
	}
	for k := range newBy {
		keys[k] = true
	}
	r := Result{NewFailures: []Change{}, Fixed: []Change{}, UnchangedFailures: []Change{}, StatusChanges: []Change{}}
	for k := range keys {
		o, hasOld := oldBy[k]
		n, hasNew := newBy[k]
		c := Change{OldStatus: Absent, NewStatus: Absent}
		ref := n
		if !hasNew {
			ref = o
		}
		c.CheckID, c.Title, c.Severity, c.Cloud, c.Scope, c.Resource, c.Region, c.Message =
			ref.CheckID, ref.Title, ref.Severity, ref.Cloud, ref.Scope.ID, ref.Resource, ref.Region, ref.Message
		if hasOld {
			c.OldStatus = o.Status
		}
		if hasNew {
			c.NewStatus = n.Status
		}
		oldFail, newFail := c.OldStatus == policies.StatusFail, c.NewStatus == policies.StatusFail
		switch {
		case newFail && oldFail:
			r.UnchangedFailures = append(r.UnchangedFailures, c)
		case newFail:
			r.NewFailures = append(r.NewFailures, c)
		case oldFail:
			r.Fixed = append(r.Fixed, c)
		case c.OldStatus != c.NewStatus:
			r.StatusChanges = append(r.StatusChanges, c)
		}
	}
	for _, l := range [][]Change{r.NewFailures, r.Fixed, r.UnchangedFailures, r.StatusChanges} {
		slices.SortFunc(l, compareChanges)
	}
	return r
}

func compareChanges(a, b Change) int {
	return cmp.Or(
		cmp.Compare(a.Cloud, b.Cloud),
		cmp.Compare(a.Scope, b.Scope),
		cmp.Compare(a.CheckID, b.CheckID),
		cmp.Compare(a.Resource, b.Resource),
		cmp.Compare(a.Region, b.Region),
		cmp.Compare(a.OldStatus, b.OldStatus),
		cmp.Compare(a.NewStatus, b.NewStatus),
	)
}

// index maps findings by Key. Should a report hold several findings with
// one key, the second and later get "#2", "#3"... in report order, so that
// nothing is lost.
func index(fs []policies.Finding) map[string]policies.Finding {
	sorted := slices.Clone(fs)
	policies.SortFindings(sorted)
	out := make(map[string]policies.Finding, len(sorted))
	for _, f := range sorted {
		k := Key(f)
		for n := 2; ; n++ {
			if _, dup := out[k]; !dup {
				break
			}
			k = fmt.Sprintf("%s#%d", Key(f), n)
		}
		out[k] = f
	}
	return out
}

// NewFailure returns a test for whether a failing finding is new since the
// baseline: it did not fail there (absent or another status).
func NewFailure(baseline []policies.Finding) func(policies.Finding) bool {
	failed := map[string]bool{}
	for _, f := range baseline {
		if f.Status == policies.StatusFail {
			failed[Key(f)] = true
		}
	}
	return func(f policies.Finding) bool {
		return f.Status == policies.StatusFail && !failed[Key(f)]
	}
}

// CountNew counts the failing findings that are new since the baseline.
func CountNew(baseline, findings []policies.Finding) int {
	isNew := NewFailure(baseline)
	n := 0
	for _, f := range findings {
		if isNew(f) {
			n++
		}
	}
	return n
}

// Source names one side of a comparison in the JSON output.
type Source struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
}

// Summary counts each list.
type Summary struct {
	NewFailures       int `json:"new_failures"`
	Fixed             int `json:"fixed"`
	UnchangedFailures int `json:"unchanged_failures"`
	StatusChanges     int `json:"status_changes"`
}

// Document is the JSON output of `irscan diff --format json` (irscan.diff/v1).
type Document struct {
	Schema  string  `json:"schema"`
	Old     Source  `json:"old"`
	New     Source  `json:"new"`
	Summary Summary `json:"summary"`
	Result
}

// DiffSchema is the "schema" of the JSON diff.
const DiffSchema = "irscan.diff/v1"

// NewDocument wraps a result with its sources and counts.
func NewDocument(old, new *Report, r Result) Document {
	return Document{
		Schema: DiffSchema,
		Old:    Source{Path: filepath.ToSlash(old.Path), SHA256: old.SHA256},
		New:    Source{Path: filepath.ToSlash(new.Path), SHA256: new.SHA256},
		Summary: Summary{
			NewFailures: len(r.NewFailures), Fixed: len(r.Fixed),
			UnchangedFailures: len(r.UnchangedFailures), StatusChanges: len(r.StatusChanges),
		},
		Result: r,
	}
}

// JSON renders the document as indented JSON with a trailing newline.
func (d Document) JSON() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	err := enc.Encode(d)
	return buf.Bytes(), err
}
