package reports

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/irscan/irscan/mappings"
	"github.com/irscan/irscan/policies"
)

// Statuses are the finding statuses in report order.
var Statuses = []string{
	policies.StatusPass,
	policies.StatusFail,
	policies.StatusError,
	policies.StatusManual,
	policies.StatusWaived,
}

// StatusNA is the rolled-up status of a control or framework ID that no
// finding touched.
const StatusNA = "n/a"

// Summarize counts findings for the report: per status, failing per
// severity, per control × cloud and per cross-framework ID, each with a
// rolled-up status. Every count map holds every status (or severity) so that
// output is stable. The result does not depend on the order of findings.
func Summarize(findings []policies.Finding, cat *mappings.Catalogue) Summary {
	s := Summary{
		ByStatus:       statusCounts(),
		FailBySeverity: map[string]int{},
		Controls:       []ControlSummary{},
		Frameworks:     []FrameworkSummary{},
		Total:          len(findings),
	}
	for _, sev := range policies.Severities {
		s.FailBySeverity[sev] = 0
	}
	clouds := []string{}
	for _, f := range findings {
		s.ByStatus[f.Status]++
		if f.Status == policies.StatusFail {
			s.FailBySeverity[f.Severity]++
		}
		if !slices.Contains(clouds, f.Cloud) {
			clouds = append(clouds, f.Cloud)
		}
	}
	slices.Sort(clouds)

	for _, ctl := range cat.Controls {
		for _, cloud := range clouds {
			counts := statusCounts()
			for _, f := range findings {
				if f.Cloud == cloud && slices.Contains(f.Controls, ctl.ID) {
					counts[f.Status]++
				}
			}
			s.Controls = append(s.Controls, ControlSummary{
				Control: ctl.ID, Cloud: cloud, Status: rollUp(counts), Counts: counts,
			})
		}
	}

	for _, fw := range cat.Selected() {
		rows := cat.Pivot(fw)
		slices.SortStableFunc(rows, func(a, b mappings.PivotRow) int { return compareIDs(a.ID, b.ID) })
		for _, row := range rows {
			counts := statusCounts()
			for _, f := range findings {
				// A finding counts once per framework ID, however many of
				// its controls map to that ID.
				if slices.ContainsFunc(f.Controls, func(c string) bool { return slices.Contains(row.Controls, c) }) {
					counts[f.Status]++
				}
			}
			s.Frameworks = append(s.Frameworks, FrameworkSummary{
				Framework: fw,
				ID:        row.ID,
				Controls:  slices.Clone(row.Controls),
				Status:    rollUp(counts),
				Counts:    counts,
			})
		}
	}
	return s
}

// statusCounts returns a count map holding every status at zero.
func statusCounts() map[string]int {
	m := make(map[string]int, len(Statuses))
	for _, st := range Statuses {
		m[st] = 0
	}
	return m
}

// rollUp gives the status of a group of findings: fail beats error beats
// manual beats pass; waived counts as a pass with an exception (the counts
// still show it). A status the model does not know is treated as error, so
// that nothing unexpected reads as passing. No findings at all is "n/a".
func rollUp(counts map[string]int) string {
	total, known := 0, 0
	for st, n := range counts {
		total += n
		if slices.Contains(Statuses, st) {
			known += n
		}
	}
	switch {
	case total == 0:
		return StatusNA
	case counts[policies.StatusFail] > 0:
		return policies.StatusFail
	case counts[policies.StatusError] > 0 || known < total:
		return policies.StatusError
	case counts[policies.StatusManual] > 0:
		return policies.StatusManual
	}
	return policies.StatusPass
}

// compareIDs orders framework IDs naturally: "17.9" before "17.10", "IR-4"
// before "IR-10". Runs of ASCII digits compare by value, the rest as text.
func compareIDs(a, b string) int {
	pa, pb := idParts(a), idParts(b)
	for i := 0; i < len(pa) && i < len(pb); i++ {
		x, errX := strconv.Atoi(pa[i])
		y, errY := strconv.Atoi(pb[i])
		if errX == nil && errY == nil {
			if c := cmp.Compare(x, y); c != 0 {
				return c
			}
			continue
		}
		if c := strings.Compare(pa[i], pb[i]); c != 0 {
			return c
		}
	}
	return cmp.Or(cmp.Compare(len(pa), len(pb)), strings.Compare(a, b))
}

// idParts splits an ID into alternating runs of digits and non-digits.
func idParts(s string) []string {
	isDigit := func(c byte) bool { return '0' <= c && c <= '9' }
	var parts []string
	start := 0
	for i := 1; i < len(s); i++ {
		if isDigit(s[i]) != isDigit(s[i-1]) {
			parts = append(parts, s[start:i])
			start = i
		}
	}
	return append(parts, s[start:])
}
