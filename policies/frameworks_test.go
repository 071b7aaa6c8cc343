package policies

import (
	"context"
	"maps"
	"slices"
	"testing"

	"github.com/irscan/irscan/mappings"
)

// want computes, straight from the crosswalk lines (or the benchmark's lists
// for its own editions), the IDs a check with these controls must carry in
// one framework: controls in catalogue order, lines in file order, no repeats.
func wantIDs(cat *mappings.Catalogue, key string, controls []string) []string {
	ids := []string{}
	for _, ctl := range cat.Controls {
		if !slices.Contains(controls, ctl.ID) {
			continue
		}
		var from []string
		if slices.Contains(mappings.CrossFrameworks, key) {
			from = ctl.IDs(key)
		} else {
			for _, l := range cat.Lines {
				if l.Edition == key && l.Control == ctl.ID {
					from = append(from, l.ID)
				}
			}
		}
		for _, id := range from {
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
	}
	return ids
}

// The crosswalk is applied per check exactly as mappings/editions.yaml says,
// and findings carry the selected frameworks and only those.
func TestFrameworksSelectedPerCheck(t *testing.T) {
	cat := mappings.MustLoad()
	for _, sel := range [][]string{nil, {mappings.PCI401, mappings.NISTr5}, {mappings.CISv81, mappings.CISv8, mappings.NISTr5, mappings.PCI401}} {
		cfg := DefaultConfig()
		cfg.Frameworks = sel
		e, err := Load(context.Background(), Options{Config: cfg})
		if err != nil {
			t.Fatal(err)
		}
		keys := mappings.SortKeys(sel)
		if sel == nil {
			keys = mappings.CrossFrameworks
		}
		if got := e.Catalogue().Selected(); !slices.Equal(got, keys) {
			t.Errorf("%v: engine catalogue selects %v", sel, got)
		}
		if len(e.Checks()) < 50 {
			t.Fatalf("only %d checks", len(e.Checks()))
		}
		for _, c := range e.Checks() {
			if got := slices.Sorted(maps.Keys(c.Frameworks)); !slices.Equal(got, slices.Sorted(slices.Values(keys))) {
				t.Errorf("%v %s: carries %v", sel, c.ID, got)
			}
			for _, k := range keys {
				if want := wantIDs(cat, k, c.Controls); !slices.Equal(c.Frameworks[k], want) {
					t.Errorf("%v %s %s: %v, the data says %v", sel, c.ID, k, c.Frameworks[k], want)
				}
			}
		}
	}
	// A finding carries its check's IDs.
	cfg := DefaultConfig()
	cfg.Frameworks = []string{mappings.PCI401, mappings.NISTr5}
	e, err := Load(context.Background(), Options{Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	fs := evaluate(t, e, awsSnapshot(t, map[string]any{}))
	if len(fs) == 0 {
		t.Fatal("no findings")
	}
	for _, f := range fs {
		if !slices.Equal(f.Frameworks[mappings.PCI401], wantIDs(cat, mappings.PCI401, f.Controls)) || len(f.Frameworks) != 2 {
			t.Errorf("%s: frameworks %v", f.CheckID, f.Frameworks)
		}
	}
	cfg.Frameworks = []string{"pci-dss-4.0"}
	if _, err := Load(context.Background(), Options{Config: cfg}); err == nil {
		t.Error("an unknown framework was accepted")
	}
}
