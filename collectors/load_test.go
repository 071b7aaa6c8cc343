package collectors

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func validDoc() map[string]any {
	return map[string]any{
		"schema":       SchemaVersion,
		"tool":         map[string]any{"name": "irscan", "version": "test"},
		"cloud":        "aws",
		"scope":        map[string]any{"type": "account", "id": "111122223333"},
		"collected_at": "2026-11-20T09:00:00Z",
		"sections": map[string]any{
			"account.alternate_contacts": map[string]any{"status": "ok", "data": map[string]any{"AlternateContact": nil}, "calls": []string{"c1"}},
		},
		"calls": []any{map[string]any{"id": "c1", "service": "account", "operation": "GetAlternateContact", "http_status": 404, "start": "2026-11-20T09:00:00Z", "duration_ms": 12.5, "error_code": "ResourceNotFoundException"}},
	}
}

func parse(t *testing.T, doc map[string]any) (*Loaded, error) {
	t.Helper()
	raw, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return Parse("snap.json", raw)
}

func TestParseValid(t *testing.T) {
	l, err := parse(t, validDoc())
	if err != nil {
		t.Fatal(err)
	}
	if l.Snapshot.Scope.ID != "111122223333" || l.Snapshot.CollectedAt.Year() != 2026 || len(l.SHA256) != 64 {
		t.Errorf("decoded %+v", l.Snapshot)
	}
	if l.Snapshot.Sections["account.alternate_contacts"].Calls[0] != "c1" {
		t.Error("section calls not decoded")
	}
}

func TestValidationNamesTheField(t *testing.T) {
	for _, tc := range []struct {
		mutate func(map[string]any)
		want   string
	}{
		{func(d map[string]any) { d["schema"] = "irscan.snapshot/v0" }, "at /schema"},
		{func(d map[string]any) { d["cloud"] = "oracle" }, "at /cloud"},
		{func(d map[string]any) { delete(d, "collected_at") }, "collected_at"},
		{func(d map[string]any) { d["collected_at"] = "2026-11-20T09:00:00+02:00" }, "at /collected_at"},
		{func(d map[string]any) {
			d["sections"].(map[string]any)["account.alternate_contacts"].(map[string]any)["status"] = "fine"
		}, "at /sections/account.alternate_contacts/status"},
		{func(d map[string]any) { d["sections"].(map[string]any)["Bad Name"] = map[string]any{"status": "ok"} }, "at /sections"},
		{func(d map[string]any) { d["calls"].([]any)[0].(map[string]any)["duration_ms"] = -1 }, "at /calls/0/duration_ms"},
		{func(d map[string]any) { d["secret_key"] = "x" }, "secret_key"},
	} {
		d := validDoc()
		tc.mutate(d)
		_, err := parse(t, d)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "snap.json: ") {
			t.Errorf("err = %v; want it to name %q", err, tc.want)
		}
	}
	if _, err := Parse("x.json", []byte("{not json")); err == nil || !strings.Contains(err.Error(), "x.json: not valid JSON") {
		t.Errorf("bad JSON: %v", err)
	}
}

func TestExpandAndEach(t *testing.T) {
	dir := t.TempDir()
	raw, _ := json.Marshal(validDoc())
	os.WriteFile(filepath.Join(dir, "b.json"), raw, 0o644)
	os.MkdirAll(filepath.Join(dir, "sub"), 0o755)
	os.WriteFile(filepath.Join(dir, "sub", "a.json"), raw, 0o644)
	os.WriteFile(filepath.Join(dir, "irscan.json"), []byte(`{"schema": "irscan.report/v1"}`), 0o644)
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("x"), 0o644)
	paths, err := Expand([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != 2 || !strings.HasSuffix(paths[0], "b.json") || !strings.HasSuffix(paths[1], filepath.Join("sub", "a.json")) {
		t.Errorf("paths = %v", paths)
	}
	n := 0
	if err := Each(paths, func(l *Loaded) error { n++; return nil }); err != nil || n != 2 {
		t.Errorf("Each: %v, %d", err, n)
	}
	if _, err := Expand([]string{t.TempDir()}); err == nil || !strings.Contains(err.Error(), "no snapshot files") {
		t.Errorf("empty dir: %v", err)
	}
	if _, err := Expand([]string{filepath.Join(dir, "missing")}); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Errorf("missing: %v", err)
	}
}

func TestProblems(t *testing.T) {
	s := &Section{Status: StatusDenied, Regions: map[string]*Section{
		"us-east-1": {Status: StatusOK, Calls: []string{"c1"}},
		"eu-west-1": {Status: StatusDenied, Action: "guardduty:ListDetectors", Calls: []string{"c2"}},
		"ap-east-1": nil,
	}}
	ps := s.Problems()
	if len(ps) != 2 || ps[0].Region != "ap-east-1" || ps[1].Action != "guardduty:ListDetectors" {
		t.Errorf("problems = %+v", ps)
	}
	if got := s.AllCalls(); len(got) != 2 {
		t.Errorf("calls = %v", got)
	}
	if (&Section{Status: StatusOK}).Problems() != nil {
		t.Error("ok section has problems")
	}
}
