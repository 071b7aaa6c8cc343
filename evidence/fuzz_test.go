package evidence

import "testing"

// FuzzParseManifest: any bytes are a manifest or an error; never a panic.
func FuzzParseManifest(f *testing.F) {
	f.Add([]byte(`{"schema":"irscan.evidence/v1"}`))
	f.Add([]byte(`{"schema":"x","schema":"y"}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		if m, err := ParseManifest(raw); err == nil && m == nil {
			t.Fatal("no error and no manifest")
		}
	})
}
