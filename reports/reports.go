package reports

import (
	"cmp"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"

	"github.com/irscan/irscan/mappings"
	"github.com/irscan/irscan/policies"
)

// Writer renders a Report in one format.
type Writer interface {
	Write(w io.Writer, r *Report) error
}

// Options tune the writers. Only the table reads them.
type Options struct {
	// Color turns on ANSI colours in the table. The caller sets it when
	// stdout is a terminal; no other format is coloured.
	Color bool
	// Width is the terminal width the table is fitted to (0: DefaultWidth).
	Width int
}

// Formats are the format names Get accepts, in the order the CLI lists them.
var Formats = []string{"table", "json", "sarif", "html", "csv", "junit"}

// extensions maps a format to the file extension of its output.
var extensions = map[string]string{
	"table": "txt",
	"json":  "json",
	"sarif": "sarif",
	"html":  "html",
	"csv":   "csv",
	"junit": "xml",
}

// Extension returns the file extension (without the dot) for a format, or
// "" for an unknown format.
func Extension(name string) string {
	return extensions[name]
}

// Get returns the writer for a format name.
func Get(name string, opts Options) (Writer, error) {
	switch name {
	case "table":
		return Table{Color: opts.Color, Width: opts.Width}, nil
	case "json":
		return JSON{}, nil
	case "sarif":
		return SARIF{}, nil
	case "html":
		return HTML{}, nil
	case "csv":
		return CSV{}, nil
	case "junit":
		return JUnit{}, nil
	}
	return nil, fmt.Errorf("unknown report format %q (want one of %s)", name, strings.Join(Formats, ", "))
}

// prepare returns a shallow copy of r that every writer renders from: the
// schema set, findings and checks in their canonical order (whatever order
// the caller left them in), and nil lists made empty so JSON shows [].
// The caller's Report is not modified.
func prepare(r *Report) *Report {
	out := *r
	out.Schema = SchemaVersion
	out.Findings = slices.Clone(r.Findings)
	sortFindings(out.Findings)
	out.Checks = slices.Clone(r.Checks)
	slices.SortStableFunc(out.Checks, func(a, b policies.Check) int { return cmp.Compare(a.ID, b.ID) })
	out.Inputs = nonNil(out.Inputs)
	out.Snapshots = nonNil(out.Snapshots)
	out.Frameworks = nonNil(out.Frameworks)
	out.Controls = nonNil(out.Controls)
	out.Checks = nonNil(out.Checks)
	out.Findings = nonNil(out.Findings)
	out.Waivers = nonNil(out.Waivers)
	return &out
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// sortFindings puts findings in the report order: cloud, scope, check ID,
// resource, region, then status and message so that the order is total.
func sortFindings(fs []policies.Finding) {
	slices.SortStableFunc(fs, compareFindings)
}

func compareFindings(a, b policies.Finding) int {
	return cmp.Or(
		cmp.Compare(a.Cloud, b.Cloud),
		cmp.Compare(a.Scope.Type, b.Scope.Type),
		cmp.Compare(a.Scope.ID, b.Scope.ID),
		cmp.Compare(a.CheckID, b.CheckID),
		cmp.Compare(a.Resource, b.Resource),
		cmp.Compare(a.Region, b.Region),
		cmp.Compare(a.Status, b.Status),
		cmp.Compare(a.Message, b.Message),
	)
}

// none is what every format shows for an empty framework list: the
// framework has no safeguard for the control.
const none = "none"

// frameworkIDs returns a finding's or check's IDs in one framework joined
// with sep, or "none".
func frameworkIDs(fw map[string][]string, key, sep string) string {
	if len(fw[key]) == 0 {
		return none
	}
	return strings.Join(fw[key], sep)
}

// orNone joins a list with sep, or gives "none" for an empty list.
func orNone(ids []string, sep string) string {
	if len(ids) == 0 {
		return none
	}
	return strings.Join(ids, sep)
}

// frameworkLabel is a framework's display name ("CIS Controls v8", with a
// warning when its crosswalk has unverified lines), or its key when the
// catalogue does not list it.
func frameworkLabel(frameworks []mappings.Framework, key string) string {
	for _, f := range frameworks {
		if f.Key == key {
			return f.Label()
		}
	}
	return key
}

// crossKeys lists the cross frameworks of a framework list (MCSB left out)
// in catalogue order, or the benchmark's editions when the list has none.
// Every format shows these, so that a report carries exactly the
// frameworks chosen with --frameworks.
func crossKeys(frameworks []mappings.Framework) []string {
	var keys []string
	for _, f := range frameworks {
		if f.Key != mappings.MCSB {
			keys = append(keys, f.Key)
		}
	}
	if len(keys) == 0 {
		return mappings.CrossFrameworks
	}
	return mappings.SortKeys(keys)
}

// mapKeys lists the frameworks of a finding's or check's ID map in
// catalogue order.
func mapKeys(fw map[string][]string) []string {
	keys := make([]string, 0, len(fw))
	for k := range fw {
		keys = append(keys, k)
	}
	return mappings.SortKeys(keys)
}

// isWebURL reports whether s is an absolute http(s) URL with a host: the
// only kind of reference the reports turn into a link.
func isWebURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

// resourceLabel names a finding's resource for display, falling back to its
// scope for scope-level findings that carry no resource ID.
func resourceLabel(f policies.Finding) string {
	if f.Resource != "" {
		return f.Resource
	}
	return f.Scope.Type + "/" + f.Scope.ID
}

// reportChecks returns the report's checks plus, should a finding name a
// check the report does not list, a check rebuilt from that finding, so that
// every finding has a rule and an appendix entry. Sorted by ID.
func reportChecks(r *Report) []policies.Check {
	checks := slices.Clone(r.Checks)
	for _, f := range r.Findings {
		if slices.ContainsFunc(checks, func(c policies.Check) bool { return c.ID == f.CheckID }) {
			continue
		}
		checks = append(checks, policies.Check{
			ID: f.CheckID, Title: f.Title, Cloud: f.Cloud, Controls: f.Controls,
			Severity: f.Severity, Remediation: f.Remediation, Frameworks: f.Frameworks,
		})
	}
	slices.SortStableFunc(checks, func(a, b policies.Check) int { return cmp.Compare(a.ID, b.ID) })
	return checks
}
