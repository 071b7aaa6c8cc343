package main

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/irscan/irscan/mappings"
	"github.com/irscan/irscan/policies"
	"github.com/irscan/irscan/reports"
)

func newControlsCmd(g *globalFlags) *cobra.Command {
	var framework, format string
	var policyDirs []string
	cmd := &cobra.Command{
		Use:   "controls",
		Short: "List the MCSB IR controls, or pivot them onto CIS v8, NIST 800-53 r4 or PCI-DSS 3.2.1",
		Long: `Controls prints the seven Microsoft cloud security benchmark Incident Response controls
with their CIS Controls v8, NIST SP 800-53 r4 and PCI-DSS v3.2.1 IDs and the checks behind
each. With --framework other than mcsb it pivots: each ID of that framework, the MCSB
controls mapped to it, and the checks that provide evidence for it. "none" means the
benchmark maps the control to no safeguard of that framework. The current editions
(nist-800-53-r5, pci-dss-4.0.1, cis-v8.1) pivot the same way and also show, per ID, the
benchmark IDs it comes from and whether its transition document was read
(docs/frameworks.md).`,
		Example: `  irscan controls
  irscan controls --framework nist-800-53-r4
  irscan controls --framework pci-dss-3.2.1 --format json
  irscan controls --framework pci-dss-4.0.1`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cat, err := mappings.Load()
			if err != nil {
				return err
			}
			if err := oneOf("--framework", framework, cat.FrameworkKeys()); err != nil {
				return err
			}
			if err := oneOf("--format", format, []string{"table", "json"}); err != nil {
				return err
			}
			engine, err := policies.Load(cmd.Context(), policies.Options{UserDirs: policyDirs, Config: policies.DefaultConfig()})
			if err != nil {
				return usageError("%v", err)
			}
			checksOf := func(controls []string) []string {
				var ids []string
				for _, c := range engine.Checks() {
					if intersect(c.Controls, controls) {
						ids = append(ids, c.ID)
					}
				}
				return ids
			}
			out := cmd.OutOrStdout()
			if framework == mappings.MCSB {
				type row struct {
					mappings.Control
					Checks []string `json:"checks"`
				}
				var rows []row
				for _, c := range cat.Controls {
					rows = append(rows, row{c, checksOf([]string{c.ID})})
				}
				if format == "json" {
					return writeJSON(out, rows)
				}
				cols := []reports.Column{{Header: "MCSB", Min: 4}, {Header: "Title", Min: 16, Max: 44},
					{Header: "Checks", Min: 24}, {Header: "CIS v8", Min: 6, Optional: true},
					{Header: "NIST 800-53 r4", Min: 6, Optional: true}, {Header: "PCI-DSS 3.2.1", Min: 7, Optional: true}}
				var cells [][]reports.Cell
				for _, r := range rows {
					cells = append(cells, textCells(r.ID, r.Title, fmt.Sprintf("%d: %s", len(r.Checks), strings.Join(r.Checks, " ")),
						ids(r.CIS), ids(r.NIST), ids(r.PCI)))
				}
				return reports.FitTable(out, g.termWidth(out), cols, cells)
			}
			type row struct {
				Framework string   `json:"framework"`
				ID        string   `json:"id"`
				Controls  []string `json:"controls"`
				Checks    []string `json:"checks"`
				// Crosswalk: for a current edition, the lines that give this ID.
				Crosswalk []mappings.Line `json:"crosswalk,omitempty"`
			}
			var rows []row
			for _, p := range cat.Pivot(framework) {
				r := row{framework, p.ID, p.Controls, checksOf(p.Controls), nil}
				for _, c := range p.Controls {
					for _, l := range cat.LinesFor(framework, c) {
						if l.ID == p.ID {
							r.Crosswalk = append(r.Crosswalk, l)
						}
					}
				}
				rows = append(rows, r)
			}
			var unmapped []string
			for _, c := range cat.Controls {
				if len(c.IDs(framework)) == 0 {
					unmapped = append(unmapped, c.ID)
				}
			}
			if format == "json" {
				return writeJSON(out, map[string]any{"framework": framework, "ids": rows, "controls_without_mapping": orEmpty(unmapped)})
			}
			fw, _ := cat.Framework(framework)
			if fw.Replaces != "" {
				return editionTable(out, g.termWidth(out), cat, fw, rows, func(r row) ([]string, []mappings.Line, []string) { return r.Controls, r.Crosswalk, r.Checks }, unmapped)
			}
			cols := []reports.Column{{Header: fw.Name + " " + fw.Version, Min: 8}, {Header: "MCSB controls", Min: 8}, {Header: "Checks", Min: 24}}
			var cells [][]reports.Cell
			for _, r := range rows {
				cells = append(cells, textCells(r.ID, strings.Join(r.Controls, ", "), fmt.Sprintf("%d: %s", len(r.Checks), strings.Join(r.Checks, " "))))
			}
			if err := reports.FitTable(out, g.termWidth(out), cols, cells); err != nil {
				return err
			}
			if len(unmapped) > 0 {
				fmt.Fprintf(out, "No %s mapping (none): %s\n", fw.Name+" "+fw.Version, strings.Join(unmapped, ", "))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&framework, "framework", mappings.MCSB, "mcsb, cis-v8, nist-800-53-r4, pci-dss-3.2.1, or a current edition: nist-800-53-r5, pci-dss-4.0.1, cis-v8.1")
	cmd.Flags().StringVar(&format, "format", "table", "table or json")
	cmd.Flags().StringSliceVar(&policyDirs, "policies", nil, "directory of your own Rego checks to include")
	return cmd
}

func newChecksCmd(g *globalFlags) *cobra.Command {
	var cloud, format string
	var policyDirs []string
	cmd := &cobra.Command{
		Use:   "checks",
		Short: "List the checks with their controls, severity and framework IDs",
		Long: `Checks lists every check with its controls, severity, the CIS Controls v8, NIST SP 800-53
r4 and PCI-DSS v3.2.1 IDs its controls carry, and the snapshot sections it reads
("attestation" for the checks answered by the attestations file).

--format markdown writes a reference page: a summary by control, then per cloud a table
and one section per check with its description, remediation and references. The output
depends only on the checks and the control catalogue, so it is the same on every run;
docs/checks.md is this command's output for the built-in checks.`,
		Example: `  irscan checks
  irscan checks --cloud aws
  irscan checks --cloud gcp --format json
  irscan checks --format markdown > docs/checks.md
  irscan checks --policies ./my-checks   # your own checks included`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if cloud != "" {
				if err := oneOf("--cloud", cloud, policies.Clouds); err != nil {
					return err
				}
			}
			if err := oneOf("--format", format, []string{"table", "json", "markdown"}); err != nil {
				return err
			}
			engine, err := policies.Load(cmd.Context(), policies.Options{UserDirs: policyDirs, Config: policies.DefaultConfig()})
			if err != nil {
				return usageError("%v", err)
			}
			var list []policies.Check
			for _, c := range engine.Checks() {
				if cloud == "" || c.Cloud == cloud {
					list = append(list, c)
				}
			}
			out := cmd.OutOrStdout()
			switch format {
			case "json":
				return writeJSON(out, orEmpty(list))
			case "markdown":
				_, err := io.WriteString(out, checksMarkdown(list, engine.Catalogue()))
				return err
			}
			cols := []reports.Column{{Header: "ID", Min: 10}, {Header: "Severity", Min: 8}, {Header: "Controls", Min: 8},
				{Header: "Title", Min: 24}, {Header: "Requires", Min: 16, Max: 40, Optional: true},
				{Header: "CIS v8", Min: 6, Optional: true}, {Header: "NIST 800-53 r4", Min: 6, Optional: true},
				{Header: "PCI-DSS 3.2.1", Min: 7, Optional: true}}
			var cells [][]reports.Cell
			for _, c := range list {
				cells = append(cells, textCells(c.ID, c.Severity, strings.Join(c.Controls, ", "), c.Title,
					orText(strings.Join(c.Requires, " "), "attestation"),
					ids(c.Frameworks[mappings.CISv8]), ids(c.Frameworks[mappings.NISTr4]), ids(c.Frameworks[mappings.PCI321])))
			}
			return reports.FitTable(out, g.termWidth(out), cols, cells)
		},
	}
	cmd.Flags().StringVar(&cloud, "cloud", "", "only this cloud: aws, azure or gcp")
	cmd.Flags().StringVar(&format, "format", "table", "table, json or markdown")
	cmd.Flags().StringSliceVar(&policyDirs, "policies", nil, "directory of your own Rego checks to include")
	return cmd
}

// textCells makes a table row of uncoloured cells.
func textCells(texts ...string) []reports.Cell {
	cells := make([]reports.Cell, len(texts))
	for i, t := range texts {
		cells[i] = reports.Cell{Text: t}
	}
	return cells
}

func ids(list []string) string { return orText(strings.Join(list, ", "), "none") }

func orText(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func intersect(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// editionTable prints the pivot of a current edition: per ID, the MCSB
// controls, the benchmark IDs each line comes from (marked when the line is
// unverified), and the checks; then the sources the lines were read from.
func editionTable[R any](out io.Writer, width int, cat *mappings.Catalogue, fw mappings.Framework, rows []R, parts func(R) ([]string, []mappings.Line, []string), unmapped []string) error {
	from, _ := cat.Framework(fw.Replaces)
	cols := []reports.Column{{Header: fw.Name + " " + fw.Version, Min: 8}, {Header: "MCSB controls", Min: 8},
		{Header: "From " + from.Name + " " + from.Version, Min: 16, Weight: 2}, {Header: "Checks", Min: 24}}
	var cells [][]reports.Cell
	used := []string{}
	for _, r := range rows {
		controls, lines, checks := parts(r)
		var via []string
		for _, l := range lines {
			s := l.Control + ": " + l.From
			if l.Unverified != "" {
				s += " (unverified)"
			}
			via = append(via, s)
			if !slices.Contains(used, l.Source) {
				used = append(used, l.Source)
			}
		}
		cells = append(cells, textCells(lines[0].ID, strings.Join(controls, ", "), strings.Join(via, "; "), fmt.Sprintf("%d: %s", len(checks), strings.Join(checks, " "))))
	}
	if err := reports.FitTable(out, width, cols, cells); err != nil {
		return err
	}
	if len(unmapped) > 0 {
		fmt.Fprintf(out, "No %s mapping (none): %s\n", fw.Name+" "+fw.Version, strings.Join(unmapped, ", "))
	}
	if fw.Unverified > 0 {
		fmt.Fprintf(out, "%d crosswalk lines are unverified: the standards body's transition document could not be read (docs/frameworks.md).\n", fw.Unverified)
	}
	for _, s := range cat.Sources {
		if slices.Contains(used, s.ID) {
			fmt.Fprintf(out, "Source %s: %s\n  %s\n", s.ID, s.Title, s.URL)
		}
	}
	return nil
}
