package policies

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoadInputs: any bytes as a waivers or an attestations file load or
// give an error; neither loader panics.
func FuzzLoadInputs(f *testing.F) {
	for _, name := range []string{"waivers.yaml", "attestations.yaml"} {
		if raw, err := os.ReadFile(filepath.Join("..", "testdata", "demo", name)); err == nil {
			f.Add(raw)
		}
	}
	f.Add([]byte("waivers:\n  - check: AWS-IR2-01\n    resource: '*'\n    reason: r\n    approved_by: a\n    expires: 9999-12-31\n"))
	f.Add([]byte("attestations:\n  - control: IR-1\n    validity_days: 1000000000\n"))
	f.Add([]byte("a: 1\n---\nb: 2\n"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		path := filepath.Join(t.TempDir(), "input.yaml")
		if err := os.WriteFile(path, raw, 0o644); err != nil {
			t.Fatal(err)
		}
		if w, err := LoadWaivers(path); err == nil && w == nil {
			t.Fatal("no error and no waivers")
		}
		if a, err := LoadAttestations(path, 365); err == nil && a == nil {
			t.Fatal("no error and no attestations")
		}
	})
}
