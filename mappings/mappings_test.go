package mappings

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// seedTable parses the framework table under each "IR-n:" heading of the
// benchmark's source text: a header row, a separator row, then one row of
// "CIS | NIST | PCI |" cells, with "なし" meaning none.
func seedTable(t *testing.T) map[string][3][]string {
	t.Helper()
	raw, err := os.ReadFile("testdata/mcsb-ir-ja.txt")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(raw), "\n")
	heading := regexp.MustCompile(`^(IR-[1-7]):`)
	out := map[string][3][]string{}
	for i, l := range lines {
		m := heading.FindStringSubmatch(l)
		if m == nil || i+3 >= len(lines) {
			continue
		}
		if !strings.HasPrefix(lines[i+1], "CIS Controls v8 ID") {
			t.Fatalf("line %d: table header not found under %s", i+2, m[1])
		}
		cells := strings.Split(strings.TrimSuffix(strings.TrimSpace(lines[i+3]), "|"), "|")
		if len(cells) != 3 {
			t.Fatalf("line %d: want 3 cells, got %q", i+4, lines[i+3])
		}
		var row [3][]string
		for j, cell := range cells {
			cell = strings.TrimSpace(cell)
			row[j] = []string{}
			if cell == "なし" {
				continue
			}
			for _, id := range strings.FieldsFunc(cell, func(r rune) bool { return r == ',' || r == '、' }) {
				row[j] = append(row[j], strings.TrimSpace(id))
			}
		}
		out[m[1]] = row
	}
	return out
}

func TestCatalogueMatchesSeedCellByCell(t *testing.T) {
	seed := seedTable(t)
	if len(seed) != 7 {
		t.Fatalf("seed text gave %d control tables, want 7", len(seed))
	}
	cat, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(cat.Controls) != 7 {
		t.Fatalf("catalogue has %d controls, want 7", len(cat.Controls))
	}
	for _, ctl := range cat.Controls {
		want, ok := seed[ctl.ID]
		if !ok {
			t.Errorf("%s: not in the seed text", ctl.ID)
			continue
		}
		for j, fw := range CrossFrameworks {
			if got := ctl.IDs(fw); !slices.Equal(got, want[j]) {
				t.Errorf("%s %s: catalogue %q, seed %q", ctl.ID, fw, got, want[j])
			}
		}
	}
}

func TestNoneIsEmptyNotMissing(t *testing.T) {
	cat := MustLoad()
	for _, id := range []string{"IR-4", "IR-6"} {
		c, _ := cat.Control(id)
		if c.CIS == nil || len(c.CIS) != 0 {
			t.Errorf("%s: CIS v8 should be an empty list (none), got %#v", id, c.CIS)
		}
	}
}

func TestCrossReferenceAndPivot(t *testing.T) {
	cat := MustLoad()
	x := cat.CrossReference([]string{"IR-3", "IR-5"})
	if !slices.Equal(x[CISv8], []string{"17.9", "17.4"}) {
		t.Errorf("CIS for IR-3+IR-5 = %v", x[CISv8])
	}
	if got := cat.CrossReference([]string{"IR-4"})[CISv8]; got == nil || len(got) != 0 {
		t.Errorf("IR-4 CIS should be empty, got %v", got)
	}
	var ir4 []string
	for _, r := range cat.Pivot(NISTr4) {
		if r.ID == "IR-4" {
			ir4 = r.Controls
		}
	}
	if len(ir4) != 7 {
		t.Errorf("NIST IR-4 should map to all 7 controls, got %v", ir4)
	}
	for _, r := range cat.Pivot(PCI321) {
		if r.ID == "10.8" && !slices.Equal(r.Controls, []string{"IR-1", "IR-3"}) {
			t.Errorf("PCI 10.8 -> %v", r.Controls)
		}
	}
}
