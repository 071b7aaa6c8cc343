package reports

import (
	"cmp"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/mattn/go-runewidth"
	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/irscan/irscan/policies"
)

// DefaultWidth is the width a table is fitted to when the caller knows no
// terminal width (output piped to a file or another program).
const DefaultWidth = 120

// Table writes the terminal report: a control × cloud summary, the failing,
// errored and waived findings (identical errors grouped into one row), the
// manual findings in short, and a totals line. Every table is fitted to
// Width columns: long identifiers are broken, and the full resource IDs and
// framework IDs are left to the JSON, CSV and HTML reports. Colour is added
// only when Color is set (stdout is a terminal and NO_COLOR is unset).
// Control characters in data are replaced, so a hostile resource name
// cannot send escape sequences to the terminal.
type Table struct {
	Color bool
	// Width is the terminal width in columns; 0 means DefaultWidth.
	Width int
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

func (t Table) width() int {
	if t.Width <= 0 {
		return DefaultWidth
	}
	return t.Width
}

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
	_, err := fmt.Fprintln(w, wrapText(t.totals(r.Summary), t.width()))
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
	cols := []Column{{Header: "CONTROL", Min: 7}, {Header: "TITLE", Min: 16, Max: 44}}
	for _, c := range clouds {
		cols = append(cols, Column{Header: strings.ToUpper(c), Min: 10})
	}
	var rows [][]Cell
	for _, ctl := range r.Controls {
		row := []Cell{{Text: ctl.ID}, {Text: ctl.Title}}
		for _, cloud := range clouds {
			cell := Cell{Text: StatusNA, Color: t.code(statusColors[StatusNA])}
			for _, cs := range r.Summary.Controls {
				if cs.Control == ctl.ID && cs.Cloud == cloud {
					cell = Cell{Text: strings.ToUpper(cs.Status), Color: t.code(statusColors[cs.Status])}
					if cs.Status != StatusNA {
						cell.Text += " (" + countsText(cs.Counts) + ")"
					}
				}
			}
			row = append(row, cell)
		}
		rows = append(rows, row)
	}
	if _, err := fmt.Fprintln(w, "Controls by cloud (MCSB Incident Response)"); err != nil {
		return err
	}
	return FitTable(w, t.width(), cols, rows)
}

// findingRow is one row of the findings table: a finding, or several
// errored findings of one scope and resource with the same message.
type findingRow struct {
	policies.Finding
	checks []string
}

// groupErrors folds errored findings that share a scope, resource and
// message (one unreadable section makes every check that reads it error
// alike) into one row naming the checks affected.
func groupErrors(fs []policies.Finding) []findingRow {
	var rows []findingRow
	at := map[string]int{}
	for _, f := range fs {
		if f.Status == policies.StatusError {
			key := strings.Join([]string{f.Cloud, f.Scope.Type, f.Scope.ID, f.Resource, f.Region, f.Message}, "\x00")
			if i, ok := at[key]; ok {
				rows[i].checks = append(rows[i].checks, f.CheckID)
				for _, c := range f.Controls {
					if !slices.Contains(rows[i].Controls, c) {
						rows[i].Controls = append(rows[i].Controls, c)
					}
				}
				slices.Sort(rows[i].Controls)
				if policies.SeverityRank(f.Severity) < policies.SeverityRank(rows[i].Severity) {
					rows[i].Severity = f.Severity
				}
				continue
			}
			at[key] = len(rows)
		}
		f.Controls = slices.Clone(f.Controls)
		rows = append(rows, findingRow{Finding: f, checks: []string{f.CheckID}})
	}
	return rows
}

// writeFindings renders the findings that need attention: fail (most severe
// first), then error, then waived.
func (t Table) writeFindings(w io.Writer, r *Report) error {
	order := map[string]int{policies.StatusFail: 0, policies.StatusError: 1, policies.StatusWaived: 2}
	var fs []policies.Finding
	for _, f := range r.Findings {
		if _, ok := order[f.Status]; ok {
			fs = append(fs, f)
		}
	}
	if len(fs) == 0 {
		_, err := fmt.Fprintln(w, "\nNo failing, errored or waived findings.")
		return err
	}
	rows := groupErrors(fs)
	slices.SortStableFunc(rows, func(a, b findingRow) int {
		return cmp.Or(cmp.Compare(order[a.Status], order[b.Status]),
			cmp.Compare(policies.SeverityRank(a.Severity), policies.SeverityRank(b.Severity)))
	})

	cols := []Column{
		{Header: "STATUS", Min: 6},
		{Header: "SEVERITY", Min: 8},
		{Header: "CHECK", Min: 10, Max: 24},
		{Header: "RESOURCE", Min: 12, Max: 48},
		{Header: "MESSAGE", Min: 24, Weight: 4},
		{Header: "CONTROLS", Min: 9, Max: 14, Optional: true},
	}
	if _, err := fmt.Fprintln(w, "\nFindings that need attention"); err != nil {
		return err
	}
	// One table per scope, under a line naming it, in the report's scope order.
	var scopes []string
	byScope := map[string][][]Cell{}
	for _, f := range rows {
		scope := scopeLine(f.Finding)
		if _, ok := byScope[scope]; !ok {
			scopes = append(scopes, scope)
		}
		resource := ShortResource(f.Finding)
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
		check := f.CheckID
		if len(f.checks) > 1 {
			check = fmt.Sprintf("%d checks: %s", len(f.checks), strings.Join(f.checks, " "))
		}
		byScope[scope] = append(byScope[scope], []Cell{
			{Text: strings.ToUpper(f.Status), Color: t.code(statusColors[f.Status])},
			{Text: f.Severity, Color: t.code(severityColors[f.Severity])},
			{Text: check},
			{Text: resource},
			{Text: msg},
			{Text: orNone(f.Controls, " ")},
		})
	}
	slices.SortStableFunc(scopes, func(a, b string) int { return cmp.Compare(a, b) })
	for _, scope := range scopes {
		if _, err := fmt.Fprintln(w, wrapText(terminalSafe(scope), t.width())); err != nil {
			return err
		}
		if err := FitTable(w, t.width(), cols, byScope[scope]); err != nil {
			return err
		}
	}
	return nil
}

// scopeLine names a finding's scope above its table: "aws account 123456789012 (Acme)".
func scopeLine(f policies.Finding) string {
	s := f.Cloud + " " + f.Scope.Type + " " + f.Scope.ID
	if f.Scope.Name != "" && f.Scope.Name != f.Scope.ID {
		s += " (" + f.Scope.Name + ")"
	}
	return s
}

// writeManual lists the manual findings briefly: they need an attestation.
func (t Table) writeManual(w io.Writer, r *Report) error {
	cols := []Column{
		{Header: "CHECK", Min: 10},
		{Header: "SCOPE", Min: 12, Max: 40},
		{Header: "MESSAGE", Min: 24, Weight: 4},
		{Header: "CONTROLS", Min: 8, Max: 14, Optional: true},
	}
	var rows [][]Cell
	for _, f := range r.Findings {
		if f.Status != policies.StatusManual {
			continue
		}
		rows = append(rows, []Cell{
			{Text: f.CheckID},
			{Text: f.Cloud + " " + f.Scope.ID},
			{Text: f.Message},
			{Text: orNone(f.Controls, " ")},
		})
	}
	if len(rows) == 0 {
		return nil
	}
	if _, err := fmt.Fprintln(w, "\nManual: needs an attestation"); err != nil {
		return err
	}
	return FitTable(w, t.width(), cols, rows)
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

// ShortResource names a finding's resource briefly for the terminal: the
// last two path segments of an ARN, ARM ID or Google resource name
// ("pricings/StorageAccounts", "response-plan/Data-Breach-Response"), or
// "(scope)" when the resource is the scope itself. The full ID is in the
// JSON, CSV and HTML reports.
func ShortResource(f policies.Finding) string {
	res := f.Resource
	if res == "" || strings.HasSuffix(res, "/"+f.Scope.ID) || res == f.Scope.ID ||
		(strings.HasPrefix(res, "arn:") && strings.HasSuffix(res, ":"+f.Scope.ID+":account")) {
		return "(" + f.Scope.Type + ")"
	}
	if strings.HasPrefix(res, "arn:") {
		// arn:partition:service:region:account:resource
		if parts := strings.SplitN(res, ":", 6); len(parts) == 6 {
			res = parts[5]
		}
	}
	segs := strings.FieldsFunc(res, func(r rune) bool { return r == '/' })
	if len(segs) > 2 {
		segs = segs[len(segs)-2:]
	}
	return strings.Join(segs, "/")
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

func (t Table) code(c string) string {
	if !t.Color {
		return ""
	}
	return c
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

// Column describes one column of a fitted table.
type Column struct {
	Header string
	// Min is the width the column keeps however narrow the table (capped
	// at its widest cell); Max, when set, caps its width.
	Min, Max int
	// Optional columns are left out, last first, when the others need the room.
	Optional bool
	// Weight is the column's share of the room left over (default 1).
	Weight int
}

// Cell is one cell: plain text and an optional ANSI SGR colour code.
type Cell struct {
	Text  string
	Color string
}

// FitTable renders rows under cols in at most width terminal columns. Cells
// are made terminal-safe, then word-wrapped to their column's width; a word
// longer than the column (an ARN, an ARM ID) is broken after a '/', ':',
// '-', '.' or '_' where it can be, else at the width. Widths go first to
// each column's minimum, then to the columns whose content is wider, in
// proportion to their weight. Optional columns are dropped, last first,
// while the minimums do not fit; then the minimums themselves shrink.
func FitTable(w io.Writer, width int, cols []Column, rows [][]Cell) error {
	keep := make([]bool, len(cols))
	for i := range keep {
		keep[i] = true
	}
	widths := fitWidths(width, cols, rows, keep, false)
	for i := len(cols) - 1; widths == nil && i >= 0; i-- {
		if cols[i].Optional {
			keep[i] = false
			widths = fitWidths(width, cols, rows, keep, false)
		}
	}
	if widths == nil {
		widths = fitWidths(width, cols, rows, keep, true)
	}
	tbl := tablewriter.NewTable(w,
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithHeaderAutoWrap(tw.WrapNone),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
	)
	var header []any
	for i, c := range cols {
		if keep[i] {
			header = append(header, wrapText(c.Header, widths[i]))
		}
	}
	tbl.Header(header...)
	for _, row := range rows {
		var out []any
		for i, c := range row {
			if i >= len(cols) || !keep[i] {
				continue
			}
			text := wrapText(terminalSafe(c.Text), widths[i])
			if c.Color != "" {
				lines := strings.Split(text, "\n")
				for j, l := range lines {
					lines[j] = "\x1b[" + c.Color + "m" + l + "\x1b[0m"
				}
				text = strings.Join(lines, "\n")
			}
			out = append(out, text)
		}
		if err := tbl.Append(out...); err != nil {
			return err
		}
	}
	return tbl.Render()
}

// fitWidths gives each kept column a width so that the table is at most
// width columns wide, or nil when the minimums do not fit. With shrink,
// the minimums are scaled down until they fit (never below 3 columns).
func fitWidths(width int, cols []Column, rows [][]Cell, keep []bool, shrink bool) []int {
	natural := make([]int, len(cols))
	mins := make([]int, len(cols))
	avail, sumMin := width-1, 0
	for i, c := range cols {
		if !keep[i] {
			continue
		}
		natural[i] = longestLine(c.Header)
		for _, row := range rows {
			if i < len(row) {
				natural[i] = max(natural[i], longestLine(terminalSafe(row[i].Text)))
			}
		}
		if c.Max > 0 {
			natural[i] = min(natural[i], c.Max)
		}
		natural[i] = max(natural[i], 1)
		mins[i] = min(natural[i], max(c.Min, longestWord(c.Header), 1))
		avail -= 3 // padding either side and a border
		sumMin += mins[i]
	}
	if sumMin > avail {
		if !shrink {
			return nil
		}
		for i := range cols {
			if keep[i] {
				mins[i] = min(mins[i], max(3, mins[i]*max(avail, 0)/sumMin))
			}
		}
	}
	widths := slices.Clone(mins)
	for i := range cols {
		avail -= widths[i]
	}
	for avail > 0 {
		var grow []int
		weights := 0
		for i, c := range cols {
			if keep[i] && widths[i] < natural[i] {
				grow = append(grow, i)
				weights += max(c.Weight, 1)
			}
		}
		if len(grow) == 0 {
			break
		}
		budget := avail
		for _, i := range grow {
			add := min(max(budget*max(cols[i].Weight, 1)/weights, 1), natural[i]-widths[i], avail)
			widths[i] += add
			avail -= add
		}
	}
	return widths
}

// dispWidth is the terminal width of s, ANSI colour sequences excluded.
func dispWidth(s string) int {
	if strings.IndexByte(s, 0x1b) >= 0 {
		s = sgr.ReplaceAllString(s, "")
	}
	return runewidth.StringWidth(s)
}

var sgr = regexp.MustCompile("\x1b\\[[0-9;]*m")

func longestWord(s string) int {
	n := 0
	for _, w := range strings.Fields(s) {
		n = max(n, dispWidth(w))
	}
	return n
}

func longestLine(s string) int {
	n := 0
	for _, l := range strings.Split(s, "\n") {
		n = max(n, dispWidth(l))
	}
	return n
}

// wrapText wraps s into lines of at most width display columns, at spaces,
// breaking words longer than a line (see FitTable).
func wrapText(s string, width int) string {
	if width <= 0 {
		return s
	}
	var out []string
	for _, para := range strings.Split(s, "\n") {
		line, words := "", strings.Fields(para)
		for _, word := range words {
			for dispWidth(word) > width {
				if line != "" && width-dispWidth(line)-1 >= 4 {
					// Fill the current line with the start of the long word.
					head, tail := breakWord(word, width-dispWidth(line)-1)
					out = append(out, line+" "+head)
					line, word = "", tail
					continue
				}
				if line != "" {
					out = append(out, line)
					line = ""
				}
				head, tail := breakWord(word, width)
				out = append(out, head)
				word = tail
			}
			switch {
			case word == "":
			case line == "":
				line = word
			case dispWidth(line)+1+dispWidth(word) <= width:
				line += " " + word
			default:
				out = append(out, line)
				line = word
			}
		}
		if line != "" || len(words) == 0 {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}

// breakWord splits word so that head fits in width columns: after the last
// separator that leaves head at least a third of the width, else at the
// width. head is never empty.
func breakWord(word string, width int) (head, tail string) {
	runes := []rune(word)
	cut, w := 0, 0
	for i, r := range runes {
		w += runewidth.RuneWidth(r)
		if w > width {
			break
		}
		cut = i + 1
	}
	cut = max(cut, 1) // a rune wider than the column still moves on
	for i := cut - 1; i >= width/3; i-- {
		if strings.ContainsRune("/:-._,", runes[i]) {
			return string(runes[:i+1]), string(runes[i+1:])
		}
	}
	return string(runes[:cut]), string(runes[cut:])
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
