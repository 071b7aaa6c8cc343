package conformance

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// fileLocks serialise the rewrites of one file by parallel tests (a README
// can hold several tables).
var fileLocks sync.Map

func lock(path string) func() {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	mu, _ := fileLocks.LoadOrStore(abs, new(sync.Mutex))
	mu.(*sync.Mutex).Lock()
	return mu.(*sync.Mutex).Unlock
}

// ReadTable parses the expected-findings table under heading in the file.
func ReadTable(path, heading string) ([]Row, error) {
	doc, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	rows, err := Parse(doc, heading)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return rows, nil
}

// UpdateTable rewrites the table under heading in the file from got (see
// Rewrite); parallel tests may update tables of the same file.
func UpdateTable(path, heading string, got []Row) (Changes, error) {
	defer lock(path)()
	doc, err := os.ReadFile(path)
	if err != nil {
		return Changes{}, err
	}
	out, ch, err := Rewrite(doc, heading, got)
	if err != nil {
		return Changes{}, fmt.Errorf("%s: %w", path, err)
	}
	if bytes.Equal(out, doc) {
		return ch, nil
	}
	return ch, writeAtomic(path, out)
}

// writeAtomic replaces a file at once, so that a test reading it while
// another rewrites it never sees half of it.
func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// Golden compares got with the golden file at path; with update it writes
// got there instead (creating the directory). A mismatch names the first
// line that differs and how to update.
func Golden(t testing.TB, path string, got []byte, update bool) {
	t.Helper()
	if update {
		defer lock(path)()
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := writeAtomic(path, got); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (write it with -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from this run (rewrite it with -update if the change is intended):%s", path, FirstDifference(got, want))
	}
}

// FirstDifference describes the first line where got and want differ.
func FirstDifference(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < max(len(g), len(w)); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl || i >= len(g) || i >= len(w) {
			return fmt.Sprintf("\nline %d:\n  got:  %.300q\n  want: %.300q\n(%d lines, want %d)", i+1, gl, wl, len(g), len(w))
		}
	}
	return ""
}

// Block compares got with the text between the lines <!-- conformance:NAME -->
// and <!-- /conformance:NAME --> of the markdown file at path (text derived
// from a run, such as a summary of the findings); with update it rewrites
// that text instead.
func Block(t testing.TB, path, name, got string, update bool) {
	t.Helper()
	if update {
		defer lock(path)()
	}
	doc, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	start, end := "<!-- conformance:"+name+" -->\n", "<!-- /conformance:"+name+" -->"
	i := bytes.Index(doc, []byte(start))
	j := bytes.Index(doc, []byte(end))
	if i < 0 || j < i {
		t.Fatalf("%s: no %q ... %q block", path, strings.TrimSpace(start), end)
	}
	want := string(doc[i+len(start) : j])
	if got != "" && !strings.HasSuffix(got, "\n") {
		got += "\n"
	}
	if update {
		if want != got {
			out := append(append(append([]byte{}, doc[:i+len(start)]...), got...), doc[j:]...)
			if err := writeAtomic(path, out); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	if want != got {
		t.Errorf("%s: the %s block differs from this run (rewrite it with -update if the change is intended):%s", path, name, FirstDifference([]byte(got), []byte(want)))
	}
}
