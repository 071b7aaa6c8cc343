package snapshot

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse: any bytes either load as a snapshot or give an error naming the
// file; Parse never panics. Seeds: a valid snapshot, the demo's, and broken
// variants (testdata/fuzz/FuzzParse holds inputs found earlier, if any).
func FuzzParse(f *testing.F) {
	raw, err := json.Marshal(validDoc())
	if err != nil {
		f.Fatal(err)
	}
	f.Add(raw)
	f.Add([]byte(`{"schema":"irscan.snapshot/v1","schema":"x"}`))
	f.Add([]byte("{\"a\":\"\xff\"}"))
	f.Add([]byte(`[]`))
	if demo, err := os.ReadFile(filepath.Join("..", "testdata", "demo", "aws-123456789012.json")); err == nil {
		f.Add(demo)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		l, err := Parse("fuzz.json", raw)
		if err == nil && (l == nil || l.Snapshot == nil) {
			t.Fatal("no error and no snapshot")
		}
	})
}
