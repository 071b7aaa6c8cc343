package drift

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoad: any bytes as a baseline report load or give an error naming the
// file; never a panic.
func FuzzLoad(f *testing.F) {
	f.Add([]byte(`{"schema": "irscan.report/v1", "findings": [{"check_id": "C-1", "resource": "r", "status": "fail"}]}`))
	f.Add([]byte(`{"schema": "irscan.report/v1", "findings": null}`))
	f.Add([]byte(`{"findings": [{"status": "fail", "status": "pass"}]}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		path := filepath.Join(t.TempDir(), "irscan.json")
		if err := os.WriteFile(path, raw, 0o644); err != nil {
			t.Fatal(err)
		}
		if r, err := Load(path); err == nil && r == nil {
			t.Fatal("no error and no report")
		}
	})
}
