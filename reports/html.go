package reports

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"html/template"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/irscan/irscan/mappings"
	"github.com/irscan/irscan/policies"
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
}).Parse(htmlSource))

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
}

// htmlMatrixRow is one control in the control × cloud summary.
type htmlMatrixRow struct {
	Control mappings.Control
	Cells   []ControlSummary // one per cloud, in Clouds order
}

// htmlFramework is one cross framework's summary table.
type htmlFramework struct {
	Key  string
	Rows []FrameworkSummary
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
	return htmlTemplate.Execute(w, view)
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
	return v, nil
}
