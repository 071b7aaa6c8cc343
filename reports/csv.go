package reports

import (
	"encoding/csv"
	"io"
	"strings"

	"github.com/irscan/irscan/mappings"
	"github.com/irscan/irscan/policies"
)

// CSV writes one header row, then one row per finding, for spreadsheets.
// Cells that a spreadsheet would read as a formula are defused.
type CSV struct{}

// csvHeader names the columns, in order, with the benchmark's editions;
// csvColumns gives them for the report's frameworks.
var csvHeader = csvColumns(mappings.CrossFrameworks)

// csvColumns names the columns, one per cross framework after "controls"
// (its key with - and . as _: cis_v8, pci_dss_4_0_1).
func csvColumns(frameworks []string) []string {
	cols := []string{"cloud", "scope_type", "scope_id", "check_id", "title", "controls"}
	for _, fw := range frameworks {
		cols = append(cols, strings.NewReplacer("-", "_", ".", "_").Replace(fw))
	}
	return append(cols,
		"resource", "region", "status", "severity", "message", "remediation",
		"evidence", "calls", "waiver_reason", "waiver_approved_by", "waiver_expires",
		"owner_scope", "owner_snapshot",
	)
}

// Write implements Writer.
func (CSV) Write(w io.Writer, r *Report) error {
	cw := csv.NewWriter(w)
	frameworks := crossKeys(r.Frameworks)
	if err := cw.Write(csvColumns(frameworks)); err != nil {
		return err
	}
	for _, f := range prepare(r).Findings {
		if err := cw.Write(csvRow(f, frameworks)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func csvRow(f policies.Finding, frameworks []string) []string {
	var waiver policies.AppliedWaiver
	if f.Waiver != nil {
		waiver = *f.Waiver
	}
	row := []string{f.Cloud, f.Scope.Type, f.Scope.ID, f.CheckID, f.Title, strings.Join(f.Controls, ";")}
	for _, fw := range frameworks {
		row = append(row, frameworkIDs(f.Frameworks, fw, ";"))
	}
	row = append(row,
		f.Resource, f.Region, f.Status, f.Severity, f.Message, f.Remediation,
		strings.Join(f.Evidence.Pointers, ";"), strings.Join(f.Evidence.Calls, ";"),
		waiver.Reason, waiver.ApprovedBy, waiver.Expires,
		"", "",
	)
	if o := f.Owner; o != nil {
		row[len(row)-2] = o.Cloud + " " + o.Scope.Type + " " + o.Scope.ID
		row[len(row)-1] = o.Snapshot
	}
	for i, cell := range row {
		row[i] = defuseFormula(cell)
	}
	return row
}

// defuseFormula prefixes "'" to a cell that a spreadsheet would evaluate as
// a formula (OWASP "CSV injection"): one starting with = + - @, a tab or a
// carriage return.
func defuseFormula(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}
