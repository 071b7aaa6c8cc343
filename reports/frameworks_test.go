package reports

import (
	"slices"
	"testing"

	"github.com/irscan/irscan/mappings"
)

// Every format iterates over the report's frameworks; a report that lists
// none (built by hand, or older) shows the benchmark's editions.
func TestFormatsFollowTheReportsFrameworks(t *testing.T) {
	if got := crossKeys(nil); !slices.Equal(got, mappings.CrossFrameworks) {
		t.Errorf("no frameworks: %v", got)
	}
	sel, err := mappings.MustLoad().Select([]string{mappings.CISv81, mappings.PCI401})
	if err != nil {
		t.Fatal(err)
	}
	if got := crossKeys(sel.Frameworks); !slices.Equal(got, []string{mappings.PCI401, mappings.CISv81}) {
		t.Errorf("selected: %v", got)
	}
	if got := csvColumns([]string{mappings.PCI401, mappings.CISv81})[6:8]; !slices.Equal(got, []string{"pci_dss_4_0_1", "cis_v8_1"}) {
		t.Errorf("CSV columns %v", got)
	}
	if !slices.Equal(csvHeader[6:9], []string{"cis_v8", "nist_800_53_r4", "pci_dss_3_2_1"}) {
		t.Errorf("default CSV columns %v", csvHeader[6:9])
	}
	if got := mapKeys(map[string][]string{mappings.CISv81: nil, mappings.NISTr5: nil, mappings.CISv8: nil}); !slices.Equal(got, []string{mappings.CISv8, mappings.NISTr5, mappings.CISv81}) {
		t.Errorf("map keys %v", got)
	}
	if l := frameworkLabel(sel.Frameworks, mappings.PCI401); l != "PCI DSS v4.0.1 (crosswalk: 9 unverified lines, see docs/frameworks.md)" {
		t.Errorf("label %q", l)
	}
}
