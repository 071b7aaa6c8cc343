// Package mappings is the control catalogue: the seven MCSB Incident Response
// controls and the CIS Controls v8, NIST SP 800-53 r4 and PCI-DSS v3.2.1 IDs
// the benchmark maps them to, loaded from the embedded controls.yaml, and the
// current editions of those frameworks (NIST SP 800-53 Rev. 5, PCI DSS
// v4.0.1, CIS Controls v8.1) crosswalked from them line by line, loaded from
// the embedded editions.yaml.
package mappings

import (
	"bytes"
	_ "embed"
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

//go:embed controls.yaml
var controlsYAML []byte

//go:embed editions.yaml
var editionsYAML []byte

// Framework keys used in findings, reports and --framework.
const (
	MCSB   = "mcsb"
	CISv8  = "cis-v8"
	NISTr4 = "nist-800-53-r4"
	PCI321 = "pci-dss-3.2.1"
)

// Keys of the current editions (editions.yaml).
const (
	NISTr5 = "nist-800-53-r5"
	PCI401 = "pci-dss-4.0.1"
	CISv81 = "cis-v8.1"
)

// CrossFrameworks are the frameworks a finding is cross-referenced to by
// default (the benchmark's own editions), in report order.
var CrossFrameworks = []string{CISv8, NISTr4, PCI321}

// Framework describes one framework.
type Framework struct {
	Key     string `yaml:"key" json:"key"`
	Name    string `yaml:"name" json:"name"`
	Version string `yaml:"version" json:"version"`
	// Replaces is, for a current edition, the benchmark's edition it is
	// crosswalked from.
	Replaces string `yaml:"replaces,omitempty" json:"replaces,omitempty"`
	// Unverified counts the edition's crosswalk lines whose transition
	// document could not be read (Line.Unverified).
	Unverified int `yaml:"-" json:"unverified_lines,omitempty"`
}

// Label is the framework's display name ("CIS Controls v8"), with a warning
// when some of its crosswalk lines are unverified.
func (f Framework) Label() string {
	l := f.Name + " " + f.Version
	if f.Unverified > 0 {
		l += fmt.Sprintf(" (crosswalk: %d unverified lines, see docs/frameworks.md)", f.Unverified)
	}
	return l
}

// Source is a document an edition line was read from.
type Source struct {
	ID    string `yaml:"id" json:"id"`
	Title string `yaml:"title" json:"title"`
	URL   string `yaml:"url" json:"url"`
}

// Line is one crosswalk line: a benchmark ID of a control (From, in the
// edition the current one replaces) carried to an ID of the current edition.
type Line struct {
	Edition string `yaml:"edition" json:"edition"`
	Control string `yaml:"control" json:"control"`
	From    string `yaml:"from" json:"from"`
	ID      string `yaml:"id" json:"id"`
	Source  string `yaml:"source" json:"source"`
	Section string `yaml:"section" json:"section"`
	Why     string `yaml:"why" json:"why"`
	// Unverified, when not empty, says which transition document could not
	// be read: the line is then not confirmed by the standards body.
	Unverified string `yaml:"unverified,omitempty" json:"unverified,omitempty"`
}

// editionsFile is the layout of editions.yaml.
type editionsFile struct {
	Editions   []Framework       `yaml:"editions"`
	Sources    []Source          `yaml:"sources"`
	Unverified map[string]string `yaml:"unverified"`
	Lines      []Line            `yaml:"lines"`
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
	// Editions holds the selected current editions' IDs (see Select), keyed
	// by edition; absent when only the benchmark's editions are selected.
	Editions map[string][]string `yaml:"-" json:"editions,omitempty"`
	// editions holds every edition's IDs, whatever the selection.
	editions map[string][]string
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
	if ids, ok := c.Editions[framework]; ok {
		return ids
	}
	if ids, ok := c.editions[framework]; ok {
		return ids
	}
	if slices.Contains(editionKeys, framework) {
		return []string{}
	}
	return nil
}

// editionKeys lists the current editions' keys, in editions.yaml's order.
var editionKeys = []string{NISTr5, PCI401, CISv81}

// SortKeys returns framework keys in catalogue order: the benchmark's
// editions, then the current ones; an unknown key goes last, by name. Every
// report lists frameworks in this order.
func SortKeys(keys []string) []string {
	order := append(slices.Clone(CrossFrameworks), editionKeys...)
	rank := func(k string) int {
		if i := slices.Index(order, k); i >= 0 {
			return i
		}
		return len(order)
	}
	out := slices.Clone(keys)
	slices.SortStableFunc(out, func(a, b string) int {
		if d := rank(a) - rank(b); d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	return out
}

// Catalogue is the loaded control catalogue. Frameworks lists MCSB and the
// selected cross frameworks (by default the benchmark's: CrossFrameworks);
// Select gives a catalogue with other editions selected.
type Catalogue struct {
	Frameworks []Framework `yaml:"frameworks" json:"frameworks"`
	Controls   []Control   `yaml:"controls" json:"controls"`
	// Sources and Lines are the current editions' crosswalk (editions.yaml).
	Sources []Source `yaml:"-" json:"-"`
	Lines   []Line   `yaml:"-" json:"-"`
	// all lists every framework, benchmark editions then current editions.
	all []Framework
	// cross is the selected cross frameworks, in report order.
	cross []string
}

// Load parses the embedded catalogue, with the benchmark's editions selected.
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
	if err := c.loadEditions(editionsYAML); err != nil {
		return nil, fmt.Errorf("mappings/editions.yaml: %w", err)
	}
	c.cross = slices.Clone(CrossFrameworks)
	return &c, nil
}

// loadEditions reads the current editions and their crosswalk lines, checks
// that every line names a known edition, control, source and benchmark ID,
// and gives each control its IDs in every edition (in line order, without
// repeats; no line means none).
func (c *Catalogue) loadEditions(raw []byte) error {
	var f editionsFile
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return err
	}
	c.all = slices.Clone(c.Frameworks)
	for _, e := range f.Editions {
		if !slices.Contains(editionKeys, e.Key) {
			return fmt.Errorf("edition %q: not one of %s", e.Key, strings.Join(editionKeys, ", "))
		}
		if _, ok := c.Framework(e.Replaces); !ok || !slices.Contains(CrossFrameworks, e.Replaces) {
			return fmt.Errorf("edition %s replaces %q, which is not a benchmark framework", e.Key, e.Replaces)
		}
		c.all = append(c.all, e)
	}
	c.Sources = f.Sources
	for i := range c.Controls {
		c.Controls[i].editions = map[string][]string{}
		for _, e := range f.Editions {
			c.Controls[i].editions[e.Key] = []string{}
		}
	}
	for i, l := range f.Lines {
		where := fmt.Sprintf("line %d (%s %s %s -> %s)", i+1, l.Edition, l.Control, l.From, l.ID)
		fw, ok := c.Framework(l.Edition)
		if !ok || fw.Replaces == "" {
			return fmt.Errorf("%s: unknown edition", where)
		}
		if l.ID == "" || l.Section == "" || l.Why == "" {
			return fmt.Errorf("%s: id, section and why are required", where)
		}
		if !slices.ContainsFunc(f.Sources, func(s Source) bool { return s.ID == l.Source }) {
			return fmt.Errorf("%s: unknown source %q", where, l.Source)
		}
		ci := slices.IndexFunc(c.Controls, func(ctl Control) bool { return ctl.ID == l.Control })
		if ci < 0 {
			return fmt.Errorf("%s: unknown control", where)
		}
		if !slices.Contains(c.Controls[ci].IDs(fw.Replaces), l.From) {
			return fmt.Errorf("%s: %s is not one of the benchmark's %s IDs for %s", where, l.From, fw.Replaces, l.Control)
		}
		if ids := c.Controls[ci].editions[l.Edition]; !slices.Contains(ids, l.ID) {
			c.Controls[ci].editions[l.Edition] = append(ids, l.ID)
		}
		if l.Unverified != "" {
			for j := range c.all {
				if c.all[j].Key == l.Edition {
					c.all[j].Unverified++
				}
			}
		}
	}
	c.Lines = f.Lines
	return nil
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

// Framework returns the framework with the given key, selected or not.
func (c *Catalogue) Framework(key string) (Framework, bool) {
	list := c.all
	if list == nil {
		list = c.Frameworks
	}
	for _, f := range list {
		if f.Key == key {
			return f, true
		}
	}
	return Framework{}, false
}

// FrameworkKeys lists the keys --framework accepts: MCSB, the benchmark's
// editions and the current editions.
func (c *Catalogue) FrameworkKeys() []string {
	list := c.all
	if list == nil {
		list = c.Frameworks
	}
	out := make([]string, len(list))
	for i, f := range list {
		out[i] = f.Key
	}
	return out
}

// CrossKeys lists every cross framework --frameworks accepts, in catalogue
// order: the benchmark's editions, then the current ones.
func (c *Catalogue) CrossKeys() []string {
	var out []string
	for _, k := range c.FrameworkKeys() {
		if k != MCSB {
			out = append(out, k)
		}
	}
	return out
}

// Selected lists the selected cross frameworks, in report order.
func (c *Catalogue) Selected() []string {
	if c.cross == nil {
		return slices.Clone(CrossFrameworks)
	}
	return slices.Clone(c.cross)
}

// Select returns a copy of the catalogue whose Frameworks are MCSB and the
// given cross frameworks, in catalogue order (SortKeys), and whose controls carry the
// selected current editions' IDs in Control.Editions. An empty list selects
// the benchmark's editions. An unknown or repeated key is an error naming it.
func (c *Catalogue) Select(keys []string) (*Catalogue, error) {
	if len(keys) == 0 {
		keys = CrossFrameworks
	}
	out := *c
	mcsb, _ := c.Framework(MCSB)
	out.Frameworks = []Framework{mcsb}
	out.cross = nil
	for _, k := range keys {
		if _, ok := c.Framework(k); !ok || k == MCSB {
			return nil, fmt.Errorf("framework %q: want one of %s", k, strings.Join(c.CrossKeys(), ", "))
		}
		if slices.Contains(out.cross, k) {
			return nil, fmt.Errorf("framework %q is given twice", k)
		}
		out.cross = append(out.cross, k)
	}
	out.cross = SortKeys(out.cross)
	for _, k := range out.cross {
		f, _ := c.Framework(k)
		out.Frameworks = append(out.Frameworks, f)
	}
	out.Controls = slices.Clone(c.Controls)
	for i := range out.Controls {
		out.Controls[i].Editions = nil
		for _, k := range out.cross {
			if f, _ := c.Framework(k); f.Replaces != "" {
				if out.Controls[i].Editions == nil {
					out.Controls[i].Editions = map[string][]string{}
				}
				out.Controls[i].Editions[k] = out.Controls[i].IDs(k)
			}
		}
	}
	return &out, nil
}

// LinesFor returns the crosswalk lines of one edition and control, in file order.
func (c *Catalogue) LinesFor(edition, control string) []Line {
	var out []Line
	for _, l := range c.Lines {
		if l.Edition == edition && l.Control == control {
			out = append(out, l)
		}
	}
	return out
}

// CrossReference returns, for a set of controls, each selected cross
// framework's IDs (deduplicated, in catalogue order). A framework with no IDs
// maps to an empty list, which reports show as "none".
func (c *Catalogue) CrossReference(controls []string) map[string][]string {
	out := map[string][]string{}
	for _, fw := range c.Selected() {
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
