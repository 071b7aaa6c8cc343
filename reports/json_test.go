package reports

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

func TestJSONRoundTrips(t *testing.T) {
	r := testReport(t)
	out := render(t, "json", r)
	if !bytes.HasSuffix(out, []byte("}\n")) || !bytes.Contains(out, []byte("\n  \"tool\"")) {
		t.Errorf("JSON is not indented with a trailing newline: %q…", out[:min(len(out), 80)])
	}
	var back Report
	if err := json.Unmarshal(out, &back); err != nil {
		t.Fatal(err)
	}
	if back.Schema != "irscan.report/v1" {
		t.Errorf("schema = %q", back.Schema)
	}
	want := prepare(r)
	if !reflect.DeepEqual(back.Findings, want.Findings) {
		t.Error("findings do not survive the round trip in report order")
	}
	if !reflect.DeepEqual(back.Summary, r.Summary) || !reflect.DeepEqual(back.Snapshots, r.Snapshots) || !reflect.DeepEqual(back.Waivers, r.Waivers) {
		t.Error("summary, snapshots or waivers changed in the round trip")
	}
	if back.PolicyDigest != r.PolicyDigest || !back.GeneratedAt.Equal(r.GeneratedAt) || back.Tool != r.Tool {
		t.Error("run metadata changed in the round trip")
	}
}

func TestJSONEmptyListsAreArrays(t *testing.T) {
	out := render(t, "json", &Report{})
	for _, key := range []string{"inputs", "snapshots", "frameworks", "controls", "checks", "findings", "waivers"} {
		if !bytes.Contains(out, []byte(`"`+key+`": []`)) {
			t.Errorf("%s is not [] in an empty report", key)
		}
	}
}
