package mappings

import (
	"os"
	"slices"
	"strings"
	"testing"
)

// editionIDs reads one of testdata/editions/*.txt: '#' lines are the
// header naming the source, every other line starts with an ID. It returns
// the IDs and, per ID, the rest of its line (a title or "# withdrawn; ...").
func editionIDs(t *testing.T, name string) ([]string, map[string]string) {
	t.Helper()
	raw, err := os.ReadFile("testdata/editions/" + name)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	rest := map[string]string{}
	header := false
	for _, l := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		if strings.HasPrefix(l, "#") {
			header = header || strings.Contains(l, "commit ")
			continue
		}
		id, more, _ := strings.Cut(l, " ")
		ids = append(ids, id)
		rest[id] = strings.TrimSpace(more)
	}
	if !header {
		t.Fatalf("%s: the header does not name its source (repository, path and commit)", name)
	}
	if len(ids) == 0 {
		t.Fatalf("%s: no IDs", name)
	}
	return ids, rest
}

// editionLists gives, per edition, the real IDs of that edition: those of
// its own text (withdrawn NIST controls excluded).
func editionLists(t *testing.T) map[string][]string {
	r5, r5rest := editionIDs(t, "nist-800-53-r5-ir.txt")
	var active []string
	for _, id := range r5 {
		if !strings.Contains(r5rest[id], "withdrawn") {
			active = append(active, id)
		}
	}
	pci, _ := editionIDs(t, "pci-dss-4.0.1.txt")
	cis, _ := editionIDs(t, "cis-v8.1-control-17.txt")
	return map[string][]string{NISTr5: active, PCI401: pci, CISv81: cis}
}

func TestEveryEditionLineResolvesToARealID(t *testing.T) {
	cat := MustLoad()
	lists := editionLists(t)
	if len(cat.Lines) == 0 {
		t.Fatal("editions.yaml has no lines")
	}
	for _, l := range cat.Lines {
		if !slices.Contains(lists[l.Edition], l.ID) {
			t.Errorf("%s %s: %s is not an ID of %s (testdata/editions)", l.Edition, l.Control, l.ID, l.Edition)
		}
	}
	// The lists themselves are the real thing, not a convenient subset.
	for id, want := range map[string]string{NISTr5: "IR-4(14)", PCI401: "12.10.7", CISv81: "17.9"} {
		if !slices.Contains(lists[id], want) {
			t.Errorf("%s list lacks %s", id, want)
		}
	}
	if n := len(lists[PCI401]); n < 300 {
		t.Errorf("PCI DSS v4.0.1 list has %d IDs, the standard has over 300", n)
	}
}

func TestEveryBenchmarkIDIsCarriedToItsEdition(t *testing.T) {
	cat := MustLoad()
	for _, key := range []string{NISTr5, PCI401, CISv81} {
		fw, ok := cat.Framework(key)
		if !ok {
			t.Fatalf("%s: not in the catalogue", key)
		}
		for _, ctl := range cat.Controls {
			for _, from := range ctl.IDs(fw.Replaces) {
				if !slices.ContainsFunc(cat.LinesFor(key, ctl.ID), func(l Line) bool { return l.From == from }) {
					t.Errorf("%s %s: benchmark %s ID %s has no line", key, ctl.ID, fw.Replaces, from)
				}
			}
			if len(ctl.IDs(fw.Replaces)) == 0 && len(ctl.IDs(key)) != 0 {
				t.Errorf("%s %s: none in the benchmark but %v in the edition", key, ctl.ID, ctl.IDs(key))
			}
			if got := ctl.IDs(key); got == nil {
				t.Errorf("%s %s: nil IDs, want a list ([] for none)", key, ctl.ID)
			}
		}
	}
}

// NIST's transition data is its Rev. 5 catalogue: a Rev. 4 control that is
// not withdrawn keeps its ID; a withdrawn one names where it went.
func TestNISTLinesFollowTheRev5Catalogue(t *testing.T) {
	cat := MustLoad()
	r5, rest := editionIDs(t, "nist-800-53-r5-ir.txt")
	for _, l := range cat.Lines {
		if l.Edition != NISTr5 {
			continue
		}
		if !slices.Contains(r5, l.From) || strings.Contains(rest[l.From], "withdrawn") {
			t.Errorf("%s: %s is withdrawn or absent in Rev. 5; the line must follow its incorporated-into link", l.Control, l.From)
		} else if l.ID != l.From {
			t.Errorf("%s: %s is kept in Rev. 5 under its ID, the line says %s", l.Control, l.From, l.ID)
		}
		if l.Unverified != "" {
			t.Errorf("%s %s: NIST's catalogue was read, the line should not be unverified", l.Control, l.ID)
		}
	}
}

// The enhancements new in Rev. 5 for IR-4..IR-8 are those of the Rev. 5
// catalogue that Rev. 4 lacks; docs/frameworks.md lists them and says why
// none is a line.
func TestNISTNewEnhancements(t *testing.T) {
	r5, _ := editionIDs(t, "nist-800-53-r5-ir.txt")
	r4, _ := editionIDs(t, "nist-800-53-r4-ir.txt")
	var added []string
	for _, id := range r5 {
		base, _, _ := strings.Cut(id, "(")
		if slices.Contains([]string{"IR-4", "IR-5", "IR-6", "IR-7", "IR-8"}, base) && !slices.Contains(r4, id) {
			added = append(added, id)
		}
	}
	want := []string{"IR-4(11)", "IR-4(12)", "IR-4(13)", "IR-4(14)", "IR-4(15)", "IR-8(1)"}
	if !slices.Equal(added, want) {
		t.Errorf("new in Rev. 5 for IR-4..IR-8: %v, docs/frameworks.md says %v", added, want)
	}
	doc, err := os.ReadFile("../docs/frameworks.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range want {
		if !strings.Contains(string(doc), id) {
			t.Errorf("docs/frameworks.md does not mention %s", id)
		}
	}
}

// Lines whose transition document could not be read are marked, counted on
// their framework (which reports label), and pinned here so that a change
// is a conscious one.
func TestUnverifiedLinesAreMarkedAndCounted(t *testing.T) {
	cat := MustLoad()
	want := map[string]int{NISTr5: 0, PCI401: 9, CISv81: 9}
	for key, n := range want {
		got := 0
		for _, l := range cat.Lines {
			if l.Edition == key && l.Unverified != "" {
				got++
				t.Logf("unverified: %s %s %s -> %s: %s", key, l.Control, l.From, l.ID, l.Unverified)
			}
		}
		fw, _ := cat.Framework(key)
		if got != n || fw.Unverified != n {
			t.Errorf("%s: %d unverified lines (framework counts %d), want %d", key, got, fw.Unverified, n)
		}
		if label := fw.Label(); (n > 0) != strings.Contains(label, "unverified") {
			t.Errorf("%s: label %q", key, label)
		}
	}
	for _, s := range cat.Sources {
		if s.ID == "" || s.Title == "" || !strings.HasPrefix(s.URL, "https://") {
			t.Errorf("source %+v: id, title and an https URL are required", s)
		}
	}
}

func TestSelect(t *testing.T) {
	cat := MustLoad()
	if !slices.Equal(cat.Selected(), CrossFrameworks) || len(cat.Frameworks) != 4 {
		t.Fatalf("default selection %v / %d frameworks, want the benchmark's", cat.Selected(), len(cat.Frameworks))
	}
	if got := SortKeys(cat.CrossKeys()); !slices.Equal(got, cat.CrossKeys()) {
		t.Errorf("SortKeys disagrees with the catalogue's order: %v", got)
	}
	for _, c := range cat.Controls {
		if c.Editions != nil {
			t.Errorf("%s: default catalogue carries editions %v", c.ID, c.Editions)
		}
	}
	sel, err := cat.Select([]string{PCI401, NISTr5})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(sel.Selected(), []string{NISTr5, PCI401}) || len(sel.Frameworks) != 3 || sel.Frameworks[0].Key != MCSB {
		t.Errorf("selected %v, frameworks %v", sel.Selected(), sel.Frameworks)
	}
	x := sel.CrossReference([]string{"IR-2", "IR-6"})
	if len(x) != 2 || !slices.Equal(x[PCI401], []string{"12.10.1", "12.10.3", "12.10.5"}) || !slices.Equal(x[NISTr5], []string{"IR-4", "IR-8", "IR-5", "IR-6"}) {
		t.Errorf("IR-2+IR-6 crosswalk: %v", x)
	}
	ir4, _ := sel.Control("IR-4")
	if got := ir4.Editions[PCI401]; !slices.Equal(got, []string{"12.10"}) {
		t.Errorf("IR-4 PCI v4.0.1 = %v", got)
	}
	if _, ok := ir4.Editions[CISv81]; ok {
		t.Error("an edition that is not selected is carried")
	}
	// The catalogue Select was called on is unchanged.
	if c, _ := cat.Control("IR-4"); c.Editions != nil || len(cat.Frameworks) != 4 {
		t.Error("Select modified its receiver")
	}
	for _, bad := range [][]string{{"pci-dss-4"}, {MCSB}, {NISTr5, NISTr5}} {
		if _, err := cat.Select(bad); err == nil {
			t.Errorf("Select(%v) accepted", bad)
		}
	}
	for _, p := range cat.Pivot(CISv81) {
		if p.ID == "17.4" && !slices.Equal(p.Controls, []string{"IR-1", "IR-5"}) {
			t.Errorf("CIS v8.1 17.4 -> %v", p.Controls)
		}
	}
}
