package reports

import (
	"reflect"
	"strings"
	"testing"
)

func TestGetEveryFormat(t *testing.T) {
	want := map[string]string{"table": "txt", "json": "json", "sarif": "sarif", "html": "html", "csv": "csv", "junit": "xml"}
	if len(Formats) != len(want) {
		t.Fatalf("Formats = %v, want %d formats", Formats, len(want))
	}
	for _, name := range Formats {
		w, err := Get(name, Options{})
		if err != nil || w == nil {
			t.Errorf("Get(%q) = %v, %v", name, w, err)
		}
		if got := Extension(name); got != want[name] {
			t.Errorf("Extension(%q) = %q, want %q", name, got, want[name])
		}
	}
	if got := Extension("pdf"); got != "" {
		t.Errorf("Extension(pdf) = %q, want empty", got)
	}
}

func TestGetUnknownFormatNamesIt(t *testing.T) {
	_, err := Get("pdf", Options{})
	if err == nil {
		t.Fatal("Get(pdf) gave no error")
	}
	for _, want := range append([]string{`"pdf"`}, Formats...) {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %s", err, want)
		}
	}
}

func TestGetPassesColorToTable(t *testing.T) {
	w, err := Get("table", Options{Color: true})
	if err != nil {
		t.Fatal(err)
	}
	if tbl, ok := w.(Table); !ok || !tbl.Color {
		t.Fatalf("Get(table, Color) = %#v, want a coloured Table", w)
	}
}

// Writers sort a copy: the caller's report must come back untouched.
func TestWritersDoNotModifyTheReport(t *testing.T) {
	r := testReport(t)
	before := testReport(t)
	for _, name := range Formats {
		render(t, name, r)
		if !reflect.DeepEqual(r, before) {
			t.Fatalf("%s writer modified the report", name)
		}
	}
}

func TestPrepareSortsAndFillsLists(t *testing.T) {
	p := prepare(&Report{Findings: shuffled(testReport(t), 7).Findings})
	if p.Schema != SchemaVersion {
		t.Errorf("schema %q, want %q", p.Schema, SchemaVersion)
	}
	for i := 1; i < len(p.Findings); i++ {
		if compareFindings(p.Findings[i-1], p.Findings[i]) > 0 {
			t.Fatalf("findings %d and %d out of order", i-1, i)
		}
	}
	if p.Inputs == nil || p.Snapshots == nil || p.Checks == nil || p.Waivers == nil || p.Controls == nil || p.Frameworks == nil {
		t.Error("prepare left a nil list")
	}
}
