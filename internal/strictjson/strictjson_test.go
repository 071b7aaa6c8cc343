package strictjson

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	for _, c := range []struct {
		name, in, err string
	}{
		{"clean", `{"a":1,"b":[{"a":2},{"a":3}],"c":{"d":"é"}}`, ""},
		{"same key in sibling objects", `[{"status":"ok"},{"status":"ok"}]`, ""},
		{"duplicate at the top", `{"schema":"x","schema":"y"}`, `duplicate key "schema" in the object at / (the top level)`},
		{"duplicate deep", `{"sections":{"guardduty.detectors":{"regions":{"us-east-1":{"status":"denied","data":null,"status":"ok"}}}}}`,
			`duplicate key "status" in the object at /sections/guardduty.detectors/regions/us-east-1`},
		{"duplicate in an array element", `{"a":[1,{"x":1,"x":2}]}`, `duplicate key "x" in the object at /a/1`},
		{"escaped pointer", `{"a/b":{"k":1,"k":1}}`, `at /a~1b`},
		{"invalid UTF-8", "{\"a\":\"ok\xff\"}", "not valid UTF-8 at byte 8"},
		{"syntax errors are the decoder's", `{"a":`, ""},
	} {
		err := Check([]byte(c.in))
		switch {
		case c.err == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("%s: %v, want %q", c.name, err, c.err)
		}
	}
}

func FuzzCheck(f *testing.F) {
	for _, s := range []string{`{"a":1}`, `{"a":1,"a":2}`, `[{"b":[]}]`, "\"\xff\"", `{"a":`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		_ = Check(raw) // never panics, never loops
	})
}

// BenchmarkCheck against json.Unmarshal of the same snapshot (the demo's
// AWS account): the cost Check adds to loading a snapshot.
func BenchmarkCheck(b *testing.B) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "testdata", "demo", "aws-123456789012.json"))
	if err != nil {
		b.Fatal(err)
	}
	b.Run("Check", func(b *testing.B) {
		b.SetBytes(int64(len(raw)))
		for b.Loop() {
			if err := Check(raw); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("json.Unmarshal", func(b *testing.B) {
		b.SetBytes(int64(len(raw)))
		for b.Loop() {
			var v any
			if err := json.Unmarshal(raw, &v); err != nil {
				b.Fatal(err)
			}
		}
	})
}
