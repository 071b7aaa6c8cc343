package snapshot

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
		{func(d map[string]any) { d["schema"] = "irscan.report/v1" }, "at /schema"},
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
	if err := new(Validated).Each(paths, func(l *Loaded) error { n++; return nil }); err != nil || n != 2 {
		t.Errorf("Each: %v, %d", err, n)
	}
	if _, err := Expand([]string{t.TempDir()}); err == nil || !strings.Contains(err.Error(), "no snapshot files") {
		t.Errorf("empty dir: %v", err)
	}
	if _, err := Expand([]string{filepath.Join(dir, "missing")}); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Errorf("missing: %v", err)
	}
}

// schemaLast is a valid snapshot whose "schema" key is the last one, after
// more than 512 bytes of other keys.
func schemaLast(t *testing.T, schema string) []byte {
	t.Helper()
	d := validDoc()
	delete(d, "schema")
	d["tool"].(map[string]any)["version"] = strings.Repeat("x", 600)
	raw, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	raw = append(raw[:len(raw)-1], `,"schema":"`+schema+`"}`...)
	if i := strings.Index(string(raw), `"schema"`); i < 600 {
		t.Fatalf("schema key at byte %d; want it after 512", i)
	}
	return raw
}

func write(t *testing.T, path string, raw []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, raw, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestExpandFindsSchemaKeyAnywhere(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "late.json")
	write(t, p, schemaLast(t, SchemaVersion))
	paths, err := Expand([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != 1 || paths[0] != p {
		t.Errorf("paths = %v; want [%s]", paths, p)
	}
	if !IsSnapshotFile(p) {
		t.Error("IsSnapshotFile = false")
	}
	if _, err := Load(p); err != nil {
		t.Errorf("Load: %v", err)
	}
}

func TestSnapshotSchemaSkipsNestedValues(t *testing.T) {
	for _, tc := range []struct{ body, want string }{
		{`{"schema": "irscan.snapshot/v1"}`, SchemaVersion},
		{`{"a": {"schema": "no", "b": [1, {"schema": "no"}, "]"]}, "c": null, "schema": "irscan.snapshot/v2", "d": {}}`, "irscan.snapshot/v2"},
		{`{"a": [[[]]], "b": {"schema": "irscan.snapshot/v1"}}`, ""},
		{`{"schema": 1}`, ""},
		{`{"schema": {"v": "irscan.snapshot/v1"}}`, ""},
		{`[{"schema": "irscan.snapshot/v1"}]`, ""},
		{`"irscan.snapshot/v1"`, ""},
		{`{not json, "schema": "irscan.snapshot/v1"}`, ""},
		{``, ""},
	} {
		p := filepath.Join(t.TempDir(), "x.json")
		write(t, p, []byte(tc.body))
		got, err := SnapshotSchema(p)
		if err != nil || got != tc.want {
			t.Errorf("%s: got %q, %v; want %q", tc.body, got, err, tc.want)
		}
	}
	if _, err := SnapshotSchema(filepath.Join(t.TempDir(), "missing.json")); err == nil {
		t.Error("missing file: no error")
	}
}

func TestUnknownSchemaVersionIsAnError(t *testing.T) {
	want := `snapshot schema "irscan.snapshot/v9" is not supported by this irscan (it reads irscan.snapshot/v1)`
	check := func(what string, err error, name string) {
		t.Helper()
		if err == nil || err.Error() != name+": "+want {
			t.Errorf("%s: err = %v; want %q", what, err, name+": "+want)
		}
	}
	dir := t.TempDir()
	good, _ := json.Marshal(validDoc())
	write(t, filepath.Join(dir, "a.json"), good)
	v9 := filepath.Join(dir, "sub", "v9.json")
	write(t, v9, schemaLast(t, "irscan.snapshot/v9"))

	paths, err := Expand([]string{dir})
	check("directory", err, v9)
	if paths != nil {
		t.Errorf("paths = %v with an error", paths)
	}
	_, err = Expand([]string{filepath.Join(dir, "a.json"), v9})
	check("named", err, v9)

	d := validDoc()
	d["schema"] = "irscan.snapshot/v9"
	_, err = parse(t, d)
	check("Parse", err, "snap.json")
	_, err = Load(v9)
	check("Load", err, v9)
}

func TestExpandSkipsOtherJSON(t *testing.T) {
	dir := t.TempDir()
	good, _ := json.Marshal(validDoc())
	snap := filepath.Join(dir, "snapshot.json")
	write(t, snap, good)
	for name, body := range map[string]string{
		"irscan.json":   `{"schema":"irscan.report/v1","findings":[]}`,
		"manifest.json": `{"schema":"irscan.evidence/v1","files":[{"schema":"irscan.snapshot/v1"}]}`,
		"array.json":    `[{"schema":"irscan.snapshot/v1"}]`,
		"broken.json":   `{"findings": [1,,2], "schema":"irscan.snapshot/v1"}`,
		"text.json":     `irscan.snapshot/v1`,
		"number.json":   `{"schema": 1}`,
		"empty.json":    ``,
	} {
		write(t, filepath.Join(dir, "other", name), []byte(body))
	}
	write(t, filepath.Join(dir, "other", "snapshot.json.txt"), good)
	paths, err := Expand([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != 1 || paths[0] != snap {
		t.Errorf("paths = %v; want [%s]", paths, snap)
	}
	// Named explicitly, any file is taken (and Load reports what is wrong).
	named := filepath.Join(dir, "other", "irscan.json")
	if paths, err := Expand([]string{named, named}); err != nil || len(paths) != 1 || paths[0] != named {
		t.Errorf("named: %v, %v", paths, err)
	}
}

func TestExpandKeepsATruncatedSnapshot(t *testing.T) {
	// A snapshot cut short after its schema key (a failed copy) is reported, not dropped.
	dir := t.TempDir()
	good, _ := json.Marshal(validDoc())
	p := filepath.Join(dir, "cut.json")
	cut := strings.Index(string(good), `"schema"`) + 40
	write(t, p, good[:cut])
	paths, err := Expand([]string{dir})
	if err != nil || len(paths) != 1 {
		t.Fatalf("paths = %v, %v", paths, err)
	}
	if err := new(Validated).Each(paths, func(*Loaded) error { return nil }); err == nil || !strings.Contains(err.Error(), p+": not valid JSON") {
		t.Errorf("Each: %v", err)
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

// Validated skips the schema only for bytes it has seen valid: a file that
// changes between the two passes of a run is validated again.
func TestValidatedRevalidatesChangedBytes(t *testing.T) {
	p := filepath.Join(t.TempDir(), "snap.json")
	write := func(doc map[string]any) {
		raw, err := json.Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, raw, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(validDoc())
	var v Validated
	if _, err := v.Load(p); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Load(p); err != nil {
		t.Fatalf("same bytes again: %v", err)
	}
	bad := validDoc()
	bad["cloud"] = "oracle"
	write(bad)
	if _, err := v.Load(p); err == nil || !strings.Contains(err.Error(), "/cloud") {
		t.Fatalf("changed, invalid bytes were not validated: %v", err)
	}
}

// TestAmbiguousEvidenceIsRefused: a duplicate key (where the last one would
// win: denied, then ok), invalid UTF-8 and a section whose status contradicts
// its regions are refused with the place named, never read one way.
func TestAmbiguousEvidenceIsRefused(t *testing.T) {
	raw, err := json.Marshal(validDoc())
	if err != nil {
		t.Fatal(err)
	}
	dup := strings.Replace(string(raw), `{"calls":["c1"],`, `{"status":"denied","calls":["c1"],`, 1)
	if dup == string(raw) {
		t.Fatalf("the fixture changed shape: %s", raw)
	}
	if _, err := Parse("snap.json", []byte(dup)); err == nil || !strings.Contains(err.Error(), `duplicate key "status" in the object at /sections/account.alternate_contacts`) {
		t.Errorf("duplicate key: %v", err)
	}
	bad := strings.Replace(string(raw), `"test"`, "\"te\xffst\"", 1)
	if _, err := Parse("snap.json", []byte(bad)); err == nil || !strings.Contains(err.Error(), "not valid UTF-8") {
		t.Errorf("invalid UTF-8: %v", err)
	}
	d := validDoc()
	d["sections"].(map[string]any)["guardduty.detectors"] = map[string]any{"status": "denied", "action": "guardduty:ListDetectors",
		"regions": map[string]any{"us-east-1": map[string]any{"status": "ok", "data": map[string]any{"DetectorIds": []string{}, "Detectors": []any{}}}}}
	if _, err := parse(t, d); err == nil || !strings.Contains(err.Error(), `/sections/guardduty.detectors/status: "denied" while every region says "ok"`) {
		t.Errorf("contradictory statuses: %v", err)
	}
	// The worst region decides: a denied section with one region denied is consistent.
	d["sections"].(map[string]any)["guardduty.detectors"].(map[string]any)["regions"].(map[string]any)["eu-west-1"] = map[string]any{"status": "denied", "action": "guardduty:ListDetectors"}
	if _, err := parse(t, d); err != nil {
		t.Errorf("consistent statuses refused: %v", err)
	}
}

// TestWrittenFilesArePrivate: what irscan writes is 0600, whatever the
// umask, since a snapshot describes an estate's defences in detail.
func TestWrittenFilesArePrivate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "snapshots")
	path := filepath.Join(dir, "x.json")
	if err := os.MkdirAll(dir, DirMode); err != nil {
		t.Fatal(err)
	}
	if err := WriteFileAtomic(path, []byte("{}")); err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]os.FileMode{path: 0o600} {
		info, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if info.Mode() != want {
			t.Errorf("%s: mode %v, want %v", p, info.Mode(), want)
		}
	}
}
