package reports

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/irscan/irscan/mappings"
	"github.com/irscan/irscan/policies"
)

// Table writes the terminal report: a control × cloud summary, the failing,
// errored and waived findings, the manual findings in short, and a totals
// line. Colour is added only when Color is set (stdout is a terminal).
// Control characters in data are replaced, so a hostile resource name
// cannot send escape sequences to the terminal.
type Table struct {
	Color bool
}

// ANSI SGR codes per status and severity.
var (
	statusColors = map[string]string{
		policies.StatusPass:   "32",
		policies.StatusFail:   "31",
		policies.StatusError:  "35",
		policies.StatusManual: "36",
		policies.StatusWaived: "34",
		StatusNA:              "2",
	}
	severityColors = map[string]string{
		"critical": "1;31",
		"high":     "31",
		"medium":   "33",
	}
)

// Write implements Writer.
func (t Table) Write(w io.Writer, r *Report) error {
	r = prepare(r)
	if err := t.writeSummary(w, r); err != nil {
		return err
	}
	if err := t.writeFindings(w, r); err != nil {
		return err
	}
	if err := t.writeManual(w, r); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, t.totals(r.Summary))
	return err
}

// writeSummary renders one row per control and one column per cloud.
func (t Table) writeSummary(w io.Writer, r *Report) error {
	var clouds []string
	for _, cs := range r.Summary.Controls {
		if !slices.Contains(clouds, cs.Cloud) {
			clouds = append(clouds, cs.Cloud)
		}
	}
	header := []any{"CONTROL", "TITLE"}
	for _, c := range clouds {
		header = append(header, strings.ToUpper(terminalSafe(c)))
	}
	tbl := newTable(w, map[int]int{1: 44})
	tbl.Header(header...)
	for _, ctl := range r.Controls {
		row := []any{ctl.ID, terminalSafe(ctl.Title)}
		for _, cloud := range clouds {
			cell := t.paint(StatusNA, StatusNA)
			for _, cs := range r.Summary.Controls {
				if cs.Control == ctl.ID && cs.Cloud == cloud {
					cell = t.paint(cs.Status, strings.ToUpper(cs.Status))
					if cs.Status != StatusNA {
						cell += " (" + countsText(cs.Counts) + ")"
					}
				}
			}
			row = append(row, cell)
		}
		if err := tbl.Append(row...); err != nil {
			return err
		}
	}
	if _, err := fmt.Fprintln(w, "Controls by cloud (MCSB Incident Response)"); err != nil {
		return err
	}
	return tbl.Render()
}

// writeFindings renders the findings that need attention: fail (most severe
// first), then error, then waived.
func (t Table) writeFindings(w io.Writer, r *Report) error {
	order := map[string]int{policies.StatusFail: 0, policies.StatusError: 1, policies.StatusWaived: 2}
	var rows []policies.Finding
	for _, f := range r.Findings {
		if _, ok := order[f.Status]; ok {
			rows = append(rows, f)
		}
	}
	if len(rows) == 0 {
		_, err := fmt.Fprintln(w, "\nNo failing, errored or waived findings.")
		return err
	}
	slices.SortStableFunc(rows, func(a, b policies.Finding) int {
		return cmp.Or(cmp.Compare(order[a.Status], order[b.Status]),
			cmp.Compare(policies.SeverityRank(a.Severity), policies.SeverityRank(b.Severity)))
	})

	// One column per selected framework, between the controls and the message.
	frameworks := crossKeys(r.Frameworks)
	header := []any{"STATUS", "SEVERITY", "CHECK", "RESOURCE", "CONTROLS"}
	for _, fw := range frameworks {
		header = append(header, tableFrameworkHeader(r.Frameworks, fw))
	}
	tbl := newTable(w, map[int]int{3: 48, len(header): 56})
	tbl.Header(append(header, "MESSAGE")...)
	for _, f := range rows {
		resource := resourceLabel(f)
		if f.Region != "" {
			resource += " (" + f.Region + ")"
		}
		msg := f.Message
		if wv := f.Waiver; wv != nil {
			if wv.Expired {
				msg += fmt.Sprintf(" [waiver expired %s]", wv.Expires)
			} else {
				msg += fmt.Sprintf(" [waived until %s by %s: %s]", wv.Expires, wv.ApprovedBy, wv.Reason)
			}
		}
		cells := []any{
			t.paint(f.Status, strings.ToUpper(f.Status)),
			t.paintSeverity(f.Severity),
			terminalSafe(f.CheckID),
			terminalSafe(resource),
			terminalSafe(orNone(f.Controls, " ")),
		}
		for _, fw := range frameworks {
			cells = append(cells, terminalSafe(frameworkIDs(f.Frameworks, fw, " ")))
		}
		err := tbl.Append(append(cells, terminalSafe(msg))...)
		if err != nil {
			return err
		}
	}
	if _, err := fmt.Fprintln(w, "\nFindings that need attention"); err != nil {
		return err
	}
	return tbl.Render()
}

// writeManual lists the manual findings briefly: they need an attestation.
func (t Table) writeManual(w io.Writer, r *Report) error {
	tbl := newTable(w, map[int]int{3: 64})
	tbl.Header("CHECK", "SCOPE", "CONTROLS", "MESSAGE")
	n := 0
	for _, f := range r.Findings {
		if f.Status != policies.StatusManual {
			continue
		}
		n++
		err := tbl.Append(
			terminalSafe(f.CheckID),
			terminalSafe(f.Cloud+" "+f.Scope.Type+" "+f.Scope.ID),
			terminalSafe(orNone(f.Controls, " ")),
			terminalSafe(f.Message),
		)
		if err != nil {
			return err
		}
	}
	if n == 0 {
		return nil
	}
	if _, err := fmt.Fprintln(w, "\nManual: needs an attestation"); err != nil {
		return err
	}
	return tbl.Render()
}

// totals is the one-line summary under the tables.
func (t Table) totals(s Summary) string {
	var parts []string
	for _, st := range Statuses {
		part := fmt.Sprintf("%d %s", s.ByStatus[st], t.paint(st, st))
		if st == policies.StatusFail && s.ByStatus[st] > 0 {
			var sev []string
			for _, v := range policies.Severities {
				if n := s.FailBySeverity[v]; n > 0 {
					sev = append(sev, fmt.Sprintf("%d %s", n, t.paintSeverity(v)))
				}
			}
			part += " (" + strings.Join(sev, ", ") + ")"
		}
		parts = append(parts, part)
	}
	return fmt.Sprintf("\nTotal: %d findings: %s.", s.Total, strings.Join(parts, ", "))
}

// newTable makes a table whose listed columns wrap at the given widths.
func newTable(w io.Writer, maxWidths map[int]int) *tablewriter.Table {
	return tablewriter.NewTable(w,
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithRowAutoWrap(tw.WrapNormal),
	).Configure(func(cfg *tablewriter.Config) {
		cfg.Row.ColMaxWidths.PerColumn = maxWidths
	})
}

// countsText lists the non-zero counts of a status map in report order.
func countsText(counts map[string]int) string {
	var parts []string
	for _, st := range Statuses {
		if n := counts[st]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, st))
		}
	}
	return strings.Join(parts, ", ")
}

func (t Table) paint(status, text string) string {
	return t.color(statusColors[status], text)
}

func (t Table) paintSeverity(severity string) string {
	return t.color(severityColors[severity], terminalSafe(severity))
}

func (t Table) color(code, text string) string {
	if !t.Color || code == "" {
		return text
	}
	return "\x1b[" + code + "m" + text + "\x1b[0m"
}

// terminalSafe replaces control characters (ESC, CR, BEL, C1 codes …) and
// bidirectional overrides with U+FFFD, and folds line breaks and tabs into
// spaces, so data cannot move the cursor or restyle the terminal.
func terminalSafe(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return ' '
		case unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r):
			return unicode.ReplacementChar
		}
		return r
	}, s)
}

// tableFrameworkHeader is a framework's column header: the short names the
// table has always used for the benchmark's editions, the upper-cased name
// and version for the others.
func tableFrameworkHeader(frameworks []mappings.Framework, key string) string {
	switch key {
	case mappings.CISv8:
		return "CIS V8"
	case mappings.NISTr4:
		return "NIST 800-53 R4"
	case mappings.PCI321:
		return "PCI-DSS 3.2.1"
	}
	for _, f := range frameworks {
		if f.Key == key {
			return strings.ToUpper(f.Name + " " + f.Version)
		}
	}
	return strings.ToUpper(key)
}
