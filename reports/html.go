package reports

import (
	"cmp"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"html/template"
	"io"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/irscan/irscan/mappings"
	"github.com/irscan/irscan/policies"
	"github.com/irscan/irscan/snapshot"
)

// HTML writes one self-contained page for auditors: inline CSS, no
// external requests, no JavaScript, a print stylesheet, and the whole
// report embedded as JSON (with its SHA-256) for machine checks. It is
// rendered with html/template, so every value from the cloud is escaped
// for the context it lands in.
type HTML struct{}

//go:embed html.tmpl
var htmlSource string

var htmlTemplate = template.Must(template.New("html.tmpl").Funcs(template.FuncMap{
	"join":     strings.Join,
	"orNone":   orNone,
	"ids":      func(fw map[string][]string, key string) string { return frameworkIDs(fw, key, ", ") },
	"counts":   countsText,
	"webURL":   isWebURL,
	"resource": resourceLabel,
	"rfc3339":  func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	"label":    frameworkLabel,
	"fwAnchor": frameworkAnchor,
	"calls":    func(policies.Evidence) []htmlCall { return nil }, // replaced per report (Write)
	"findingsOf": func(r *Report, fw, id string) []policies.Finding {
		var out []policies.Finding
		for _, f := range r.Findings {
			if slices.Contains(f.Frameworks[fw], id) {
				out = append(out, f)
			}
		}
		return out
	},
	"short":  ShortResource,
	"wbr":    wbr,
	"soft":   soft,
	"anchor": func(s string) string { return strings.Map(anchorRune, s) },
}).Parse(htmlSource))

// wbr escapes an identifier and lets the browser break it after a
// separator or every 16 characters of a long run (<wbr>), so that a long
// ARN or ARM ID wraps at a natural point instead of widening its column,
// and short words never break.
func wbr(s string) template.HTML {
	var b strings.Builder
	run := 0
	for _, r := range s {
		b.WriteString(html.EscapeString(string(r)))
		run++
		if strings.ContainsRune("/:.-_,=&?", r) || run >= 16 {
			b.WriteString("<wbr>")
			run = 0
		}
	}
	return template.HTML(b.String()) //nolint:gosec // every character escaped
}

// soft escapes prose and lets the browser break its long tokens (over 24
// characters: a URL, a JSON argument in a CLI example) after a separator or
// every 24 characters, so that they do not set a column's width; shorter
// words are left whole.
func soft(s string) template.HTML {
	var b strings.Builder
	for i, tok := range strings.Split(s, " ") {
		if i > 0 {
			b.WriteByte(' ')
		}
		if len([]rune(tok)) <= 24 {
			b.WriteString(html.EscapeString(tok))
			continue
		}
		run := 0
		for _, r := range tok {
			b.WriteString(html.EscapeString(string(r)))
			run++
			if strings.ContainsRune("/:.-_,=&?{}[]\"'", r) || run >= 24 {
				b.WriteString("<wbr>")
				run = 0
			}
		}
	}
	return template.HTML(b.String()) //nolint:gosec // every character escaped
}

// frameworkAnchor is the fragment of a framework ID's findings.
func frameworkAnchor(fw, id string) string {
	return "fw-" + strings.Map(anchorRune, fw) + "-" + strings.Map(anchorRune, id)
}

func anchorRune(r rune) rune {
	if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' {
		return r
	}
	return '_'
}

// htmlView is what the template renders.
type htmlView struct {
	R *Report
	// Data is embedded as the JSON block; DataSHA256 is the digest of
	// exactly the bytes that block holds.
	Data       *Report
	DataSHA256 string
	Statuses   []string
	Severities []string
	Clouds     []string
	Matrix     []htmlMatrixRow
	Frameworks []htmlFramework
	Controls   []htmlControl
	Manual     []policies.Finding
	WaivedRows []policies.Finding
	Errors     []policies.Finding
	Gaps       []htmlGap
	Checks     []policies.Check
	// Verdict is one sentence per cloud; ControlChart and each framework's
	// Chart the status bars; Top the failures that matter most.
	Verdict      []string
	ControlChart template.HTML
	Top          []policies.Finding
}

// htmlMatrixRow is one control in the control × cloud summary.
type htmlMatrixRow struct {
	Control mappings.Control
	Cells   []ControlSummary // one per cloud, in Clouds order
}

// htmlFramework is one cross framework's summary table.
type htmlFramework struct {
	Key   string
	Chart template.HTML
	Rows  []FrameworkSummary
	// Unmapped lists the controls with no ID in this framework ("none").
	Unmapped []string
}

// htmlControl is a control with its checks and their resources.
type htmlControl struct {
	mappings.Control
	Status string
	Counts map[string]int
	Checks []htmlCheck
}

// htmlCheck is one check under one control. Attention holds the findings
// that are not passing (shown open); Passing is folded by default.
type htmlCheck struct {
	policies.Check
	Status    string
	Counts    map[string]int
	Attention []policies.Finding
	Passing   []policies.Finding
}

// htmlGap is a coverage gap with the snapshot it belongs to.
type htmlGap struct {
	Snapshot SnapshotRef
	Gap
}

// Write implements Writer.
func (HTML) Write(w io.Writer, r *Report) error {
	view, err := buildHTMLView(prepare(r))
	if err != nil {
		return err
	}
	// A finding's calls are looked up in its snapshot's call list: shown by
	// operation, time and request ID, each call once.
	calls := map[string]snapshot.Call{}
	for _, s := range view.R.Snapshots {
		for _, c := range s.Calls {
			calls[s.Path+"\x00"+c.ID] = c
			calls[path.Base(s.Path)+"\x00"+c.ID] = c
		}
	}
	t, err := htmlTemplate.Clone()
	if err != nil {
		return err
	}
	t.Funcs(template.FuncMap{"calls": func(e policies.Evidence) []htmlCall {
		var out []htmlCall
		seen := map[string]bool{}
		for _, id := range e.Calls {
			c, ok := calls[e.Snapshot+"\x00"+id]
			key := id
			if ok {
				key = c.Service + "\x00" + c.Operation + "\x00" + c.RequestID + "\x00" + c.Start.String()
			}
			if seen[key] {
				continue
			}
			seen[key] = true
			out = append(out, htmlCall{ID: id, Call: c, Known: ok})
		}
		return out
	}})
	return t.Execute(w, view)
}

// htmlCall is one API call behind a verdict.
type htmlCall struct {
	ID string
	snapshot.Call
	// Known is false when the snapshot's call list does not hold the ID.
	Known bool
}

// topFailures are the failing findings that matter most: most severe
// first, at most n.
func topFailures(fs []policies.Finding, n int) []policies.Finding {
	var out []policies.Finding
	for _, f := range fs {
		if f.Status == policies.StatusFail {
			out = append(out, f)
		}
	}
	slices.SortStableFunc(out, func(a, b policies.Finding) int {
		return cmp.Compare(policies.SeverityRank(a.Severity), policies.SeverityRank(b.Severity))
	})
	return out[:min(n, len(out))]
}

// verdicts says in one sentence per cloud how the run went.
func verdicts(r *Report, clouds []string) []string {
	var out []string
	for _, cloud := range clouds {
		scopes := 0
		kind := ""
		for _, s := range r.Snapshots {
			if s.Cloud == cloud {
				scopes++
				kind = s.Scope.Type
			}
		}
		var failing, erroring []string
		total := 0
		for _, cs := range r.Summary.Controls {
			if cs.Cloud != cloud || cs.Status == StatusNA {
				continue
			}
			total++
			switch cs.Status {
			case policies.StatusFail:
				failing = append(failing, cs.Control)
			case policies.StatusError:
				erroring = append(erroring, cs.Control)
			}
		}
		counts := statusCounts()
		for _, f := range r.Findings {
			if f.Cloud == cloud {
				counts[f.Status]++
			}
		}
		who := strings.ToUpper(cloud)
		if scopes > 0 {
			who += fmt.Sprintf(" (%d %s%s)", scopes, kind, plural(scopes))
		}
		var b strings.Builder
		switch {
		case len(failing) > 0:
			fmt.Fprintf(&b, "%s is not ready: %d of %d controls fail (%s)", who, len(failing), total, strings.Join(failing, ", "))
		case len(erroring) > 0:
			fmt.Fprintf(&b, "%s could not be fully assessed: %d of %d controls have checks that could not run (%s)", who, len(erroring), total, strings.Join(erroring, ", "))
		default:
			fmt.Fprintf(&b, "%s passes every assessed control (%d)", who, total)
		}
		fmt.Fprintf(&b, "; %d finding%s fail, %d could not be assessed, %d need an attestation.", counts["fail"], plural(counts["fail"]), counts["error"], counts["manual"])
		out = append(out, b.String())
	}
	return out
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// statusChart draws one horizontal bar per row, split by status (pass,
// fail, error, manual, waived), as inline SVG: no script, no request.
func statusChart(title string, labels []string, links []string, counts []map[string]int) template.HTML {
	const rowH, labelW, barW = 22, 120, 420
	const textW = 260 // room for the counts after the longest bar
	colors := map[string]string{"pass": "#1a7f37", "fail": "#cf222e", "error": "#8250df", "manual": "#0969da", "waived": "#9a6700"}
	max := 1
	for _, c := range counts {
		n := 0
		for _, st := range Statuses {
			n += c[st]
		}
		max = maxInt(max, n)
	}
	var b strings.Builder
	h := rowH*len(labels) + 24
	fmt.Fprintf(&b, `<svg class="chart" role="img" aria-label="%s" viewBox="0 0 %d %d" width="%d" height="%d" xmlns="http://www.w3.org/2000/svg">`,
		html.EscapeString(title), labelW+barW+textW, h, labelW+barW+textW, h)
	fmt.Fprintf(&b, `<title>%s</title>`, html.EscapeString(title))
	for i, label := range labels {
		y := i * rowH
		text := fmt.Sprintf(`<text x="0" y="%d" font-size="12" fill="#1d232a">%s</text>`, y+15, html.EscapeString(label))
		if links != nil && links[i] != "" {
			text = fmt.Sprintf(`<a href="%s">%s</a>`, html.EscapeString(links[i]), text)
		}
		b.WriteString(text)
		x := float64(labelW)
		n := 0
		for _, st := range Statuses {
			v := counts[i][st]
			if v == 0 {
				continue
			}
			n += v
			w := float64(barW) * float64(v) / float64(max)
			fmt.Fprintf(&b, `<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="%s"><title>%d %s</title></rect>`, x, y+3, w, rowH-6, colors[st], v, st)
			x += w
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="11" fill="#5b6570">%s</text>`, x+6, y+15, html.EscapeString(countsText(counts[i])))
		_ = n
	}
	// Legend.
	x := labelW
	for _, st := range Statuses {
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="10" height="10" fill="%s"/><text x="%d" y="%d" font-size="11" fill="#1d232a">%s</text>`,
			x, h-14, colors[st], x+14, h-5, st)
		x += 80
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) //nolint:gosec // numbers and escaped labels only
}

func maxInt(a, b int) int {
	if a > b {
		return a
	}
	return b
}

func buildHTMLView(r *Report) (*htmlView, error) {
	data, err := json.Marshal(r)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	v := &htmlView{
		R:          r,
		Data:       r,
		DataSHA256: hex.EncodeToString(sum[:]),
		Statuses:   Statuses,
		Severities: policies.Severities,
		Checks:     reportChecks(r),
	}

	for _, cs := range r.Summary.Controls {
		if !slices.Contains(v.Clouds, cs.Cloud) {
			v.Clouds = append(v.Clouds, cs.Cloud)
		}
	}
	for _, ctl := range r.Controls {
		row := htmlMatrixRow{Control: ctl}
		for _, cloud := range v.Clouds {
			cell := ControlSummary{Control: ctl.ID, Cloud: cloud, Status: StatusNA, Counts: statusCounts()}
			for _, cs := range r.Summary.Controls {
				if cs.Control == ctl.ID && cs.Cloud == cloud {
					cell = cs
				}
			}
			row.Cells = append(row.Cells, cell)
		}
		v.Matrix = append(v.Matrix, row)
	}

	for _, fw := range crossKeys(r.Frameworks) {
		hf := htmlFramework{Key: fw}
		for _, fs := range r.Summary.Frameworks {
			if fs.Framework == fw {
				hf.Rows = append(hf.Rows, fs)
			}
		}
		for _, ctl := range r.Controls {
			if len(ctl.IDs(fw)) == 0 {
				hf.Unmapped = append(hf.Unmapped, ctl.ID)
			}
		}
		var labels, links []string
		var counts []map[string]int
		for _, row := range hf.Rows {
			labels = append(labels, row.ID)
			links = append(links, "#"+frameworkAnchor(fw, row.ID))
			counts = append(counts, row.Counts)
		}
		hf.Chart = statusChart(frameworkLabel(r.Frameworks, fw)+": findings by status per ID", labels, links, counts)
		v.Frameworks = append(v.Frameworks, hf)
	}

	for _, ctl := range r.Controls {
		hc := htmlControl{Control: ctl, Counts: statusCounts()}
		for _, c := range v.Checks {
			if !slices.Contains(c.Controls, ctl.ID) {
				continue
			}
			chk := htmlCheck{Check: c, Counts: statusCounts()}
			for _, f := range r.Findings {
				if f.CheckID != c.ID || !slices.Contains(f.Controls, ctl.ID) {
					continue
				}
				chk.Counts[f.Status]++
				hc.Counts[f.Status]++
				if f.Status == policies.StatusPass {
					chk.Passing = append(chk.Passing, f)
				} else {
					chk.Attention = append(chk.Attention, f)
				}
			}
			chk.Status = rollUp(chk.Counts)
			hc.Checks = append(hc.Checks, chk)
		}
		hc.Status = rollUp(hc.Counts)
		v.Controls = append(v.Controls, hc)
	}

	for _, f := range r.Findings {
		if f.Status == policies.StatusManual || f.Attestation != nil {
			v.Manual = append(v.Manual, f)
		}
		if f.Waiver != nil {
			v.WaivedRows = append(v.WaivedRows, f)
		}
		if f.Status == policies.StatusError {
			v.Errors = append(v.Errors, f)
		}
	}
	for _, s := range r.Snapshots {
		for _, g := range s.Gaps {
			v.Gaps = append(v.Gaps, htmlGap{Snapshot: s, Gap: g})
		}
	}
	var labels, links []string
	var counts []map[string]int
	for _, hc := range v.Controls {
		labels = append(labels, hc.ID)
		links = append(links, "#control-"+hc.ID)
		counts = append(counts, hc.Counts)
	}
	v.ControlChart = statusChart("MCSB controls: findings by status per control", labels, links, counts)
	v.Verdict = verdicts(r, v.Clouds)
	v.Top = topFailures(r.Findings, 10)
	return v, nil
}
