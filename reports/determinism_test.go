package reports

import (
	"bytes"
	"testing"
)

// Every file format gives the same bytes for the same report: rendered
// twice, and rendered from a copy whose findings and checks were shuffled.
func TestFormatsAreDeterministic(t *testing.T) {
	r := testReport(t)
	for _, format := range []string{"json", "sarif", "csv", "junit", "html", "table"} {
		first := render(t, format, r)
		if len(first) == 0 {
			t.Fatalf("%s: empty output", format)
		}
		if again := render(t, format, r); !bytes.Equal(first, again) {
			t.Errorf("%s: two renders differ", format)
		}
		for seed := range uint64(4) {
			if got := render(t, format, shuffled(r, seed)); !bytes.Equal(first, got) {
				t.Errorf("%s: shuffled findings (seed %d) change the output", format, seed)
			}
		}
	}
}
