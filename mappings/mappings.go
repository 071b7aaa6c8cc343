// Package mappings is the control catalogue: the seven MCSB Incident Response
// controls and the CIS Controls v8, NIST SP 800-53 r4 and PCI-DSS v3.2.1 IDs
// the benchmark maps them to, loaded from the embedded controls.yaml.
package mappings

import (
	_ "embed"
	"fmt"
	"slices"

	"gopkg.in/yaml.v3"
)

//go:embed controls.yaml
var controlsYAML []byte

// Framework keys used in findings, reports and --framework.
const (
	MCSB   = "mcsb"
	CISv8  = "cis-v8"
	NISTr4 = "nist-800-53-r4"
	PCI321 = "pci-dss-3.2.1"
)

// CrossFrameworks are the frameworks a finding is cross-referenced to, in report order.
var CrossFrameworks = []string{CISv8, NISTr4, PCI321}

// Framework describes one framework.
type Framework struct {
	Key     string `yaml:"key" json:"key"`
	Name    string `yaml:"name" json:"name"`
	Version string `yaml:"version" json:"version"`
}

// Control is one MCSB control with its cross-references. An empty list
// means the framework has no safeguard for it ("none").
type Control struct {
	ID        string   `yaml:"id" json:"id"`
	Title     string   `yaml:"title" json:"title"`
	Principle string   `yaml:"principle" json:"principle"`
	CIS       []string `yaml:"cis-v8" json:"cis-v8"`
	NIST      []string `yaml:"nist-800-53-r4" json:"nist-800-53-r4"`
	PCI       []string `yaml:"pci-dss-3.2.1" json:"pci-dss-3.2.1"`
}

// IDs returns the control's IDs in one framework (MCSB gives the control itself).
func (c Control) IDs(framework string) []string {
	switch framework {
	case MCSB:
		return []string{c.ID}
	case CISv8:
		return c.CIS
	case NISTr4:
		return c.NIST
	case PCI321:
		return c.PCI
	}
	return nil
}

// Catalogue is the loaded control catalogue.
type Catalogue struct {
	Frameworks []Framework `yaml:"frameworks" json:"frameworks"`
	Controls   []Control   `yaml:"controls" json:"controls"`
}

// Load parses the embedded catalogue.
func Load() (*Catalogue, error) {
	var c Catalogue
	if err := yaml.Unmarshal(controlsYAML, &c); err != nil {
		return nil, fmt.Errorf("mappings/controls.yaml: %w", err)
	}
	for i, ctl := range c.Controls {
		if ctl.ID == "" || ctl.Title == "" {
			return nil, fmt.Errorf("mappings/controls.yaml: control %d has no id or title", i+1)
		}
		for _, list := range [][]string{ctl.CIS, ctl.NIST, ctl.PCI} {
			if list == nil {
				return nil, fmt.Errorf("mappings/controls.yaml: control %s lacks a framework list (write [] for none)", ctl.ID)
			}
		}
	}
	return &c, nil
}

// MustLoad is Load for the embedded file, which a test proves valid.
func MustLoad() *Catalogue {
	c, err := Load()
	if err != nil {
		panic(err)
	}
	return c
}

// Control returns the control with the given ID.
func (c *Catalogue) Control(id string) (Control, bool) {
	for _, ctl := range c.Controls {
		if ctl.ID == id {
			return ctl, true
		}
	}
	return Control{}, false
}

// Framework returns the framework with the given key.
func (c *Catalogue) Framework(key string) (Framework, bool) {
	for _, f := range c.Frameworks {
		if f.Key == key {
			return f, true
		}
	}
	return Framework{}, false
}

// FrameworkKeys lists the keys --framework accepts.
func (c *Catalogue) FrameworkKeys() []string {
	out := make([]string, len(c.Frameworks))
	for i, f := range c.Frameworks {
		out[i] = f.Key
	}
	return out
}

// CrossReference returns, for a set of controls, each cross framework's IDs
// (deduplicated, in catalogue order). A framework with no IDs maps to an
// empty list, which reports show as "none".
func (c *Catalogue) CrossReference(controls []string) map[string][]string {
	out := map[string][]string{}
	for _, fw := range CrossFrameworks {
		ids := []string{}
		for _, ctl := range c.Controls {
			if !slices.Contains(controls, ctl.ID) {
				continue
			}
			for _, id := range ctl.IDs(fw) {
				if !slices.Contains(ids, id) {
					ids = append(ids, id)
				}
			}
		}
		out[fw] = ids
	}
	return out
}

// PivotRow is one framework ID with the MCSB controls that map to it.
type PivotRow struct {
	ID       string   `json:"id"`
	Controls []string `json:"controls"`
}

// Pivot lists each ID of a framework with the controls behind it, in the
// order the IDs first appear in the catalogue.
func (c *Catalogue) Pivot(framework string) []PivotRow {
	var rows []PivotRow
	index := map[string]int{}
	for _, ctl := range c.Controls {
		for _, id := range ctl.IDs(framework) {
			i, ok := index[id]
			if !ok {
				i = len(rows)
				index[id] = i
				rows = append(rows, PivotRow{ID: id})
			}
			rows[i].Controls = append(rows[i].Controls, ctl.ID)
		}
	}
	return rows
}
