package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/irscan/irscan/policies"
	"github.com/irscan/irscan/reports"
	"github.com/irscan/irscan/snapshot"
)

// writeSnapshot writes a minimal AWS account snapshot and returns its path.
func writeSnapshot(t *testing.T, dir, name, account, collectedAt string) string {
	t.Helper()
	doc := map[string]any{
		"schema":       snapshot.SchemaVersion,
		"tool":         map[string]any{"name": "irscan", "version": "test"},
		"cloud":        "aws",
		"scope":        map[string]any{"type": "account", "id": account},
		"collected_at": collectedAt,
		"sections":     map[string]any{},
		"calls":        []any{},
	}
	raw, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func probeEngine(t *testing.T) *policies.Engine {
	t.Helper()
	e, err := policies.Load(context.Background(), policies.Options{UserDirs: []string{"testdata/estate"}, Config: policies.DefaultConfig(), Controls: []string{"IR-4"}})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func run(t *testing.T, e *policies.Engine, paths []string) (*reports.Report, []byte) {
	t.Helper()
	rep, err := Run(context.Background(), Files(paths), Options{ToolVersion: "test", Engine: e, FailOn: "low"})
	if err != nil {
		t.Fatal(err)
	}
	w, err := reports.Get("json", reports.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := w.Write(&buf, rep); err != nil {
		t.Fatal(err)
	}
	return rep, buf.Bytes()
}

func probe(rep *reports.Report) []policies.Finding {
	var out []policies.Finding
	for _, f := range rep.Findings {
		if f.CheckID == "TEST-ESTATE-01" {
			out = append(out, f)
		}
	}
	return out
}

// A finding follows the evidence of another scope of the run and names it;
// the report is byte for byte the same whatever the order of the inputs.
func TestOwnerInRunFollowsItsEvidence(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a := writeSnapshot(t, dir, "a.json", "111111111111", "2026-11-20T09:00:00Z")
	b := writeSnapshot(t, dir, "b.json", "222222222222", "2026-11-20T09:00:00Z")
	e := probeEngine(t)
	rep, first := run(t, e, []string{a, b})
	_, again := run(t, e, []string{b, a})
	if !bytes.Equal(first, again) {
		t.Fatal("the JSON report differs with the inputs in another order")
	}
	fs := probe(rep)
	if len(fs) != 2 {
		t.Fatalf("want one probe finding per account, got %+v", fs)
	}
	for _, f := range fs {
		if f.Owner == nil {
			t.Fatalf("%s: no owner", f.Scope.ID)
		}
		switch f.Scope.ID {
		case "111111111111":
			// follows 222222222222, which fails the probe
			if f.Status != policies.StatusFail || f.Owner.Scope.ID != "222222222222" || f.Owner.Snapshot != b {
				t.Errorf("member of a failing owner: %+v owner %+v", f, f.Owner)
			}
		case "222222222222":
			if f.Status != policies.StatusPass || f.Owner.Scope.ID != "111111111111" || f.Owner.Snapshot != a {
				t.Errorf("member of a passing owner: %+v owner %+v", f, f.Owner)
			}
		}
		if !strings.Contains(f.Message, "Judged on AWS account ") || !strings.Contains(f.Message, f.Owner.Snapshot) {
			t.Errorf("message does not name the owner and its snapshot: %q", f.Message)
		}
		if !slices.Equal(f.Owner.Pointers, []string{"/scope/id"}) {
			t.Errorf("owner pointers %v", f.Owner.Pointers)
		}
	}
}

// Alone, the owner is not in the run: error naming it, never pass.
func TestOwnerAbsentIsAnError(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a := writeSnapshot(t, dir, "a.json", "111111111111", "2026-11-20T09:00:00Z")
	rep, _ := run(t, probeEngine(t), []string{a})
	fs := probe(rep)
	if len(fs) != 1 || fs[0].Status != policies.StatusError || fs[0].Owner != nil {
		t.Fatalf("want one error, got %+v", fs)
	}
	if want := "held by AWS account 999999999999, which is not in this run"; !strings.Contains(fs[0].Message, want) || !strings.Contains(fs[0].Message, "scan with --org") {
		t.Errorf("message %q does not name the owner and how to include it", fs[0].Message)
	}
}

// The same scope given twice is judged once, from the newest snapshot, in
// either order; the older one is listed as superseded.
func TestSameScopeTwiceIsJudgedOnce(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	old := writeSnapshot(t, dir, "old.json", "111111111111", "2026-11-19T09:00:00Z")
	newer := writeSnapshot(t, dir, "new.json", "111111111111", "2026-11-20T09:00:00Z")
	other := writeSnapshot(t, dir, "other.json", "222222222222", "2026-11-20T09:00:00Z")
	e := probeEngine(t)
	for _, order := range [][]string{{old, newer, other}, {newer, other, old}, {other, old, newer}} {
		rep, _ := run(t, e, order)
		if len(rep.Snapshots) != 2 {
			t.Fatalf("%v: judged %d snapshots, want 2", order, len(rep.Snapshots))
		}
		if len(rep.Superseded) != 1 || rep.Superseded[0].Path != old || rep.Superseded[0].By != newer {
			t.Fatalf("%v: superseded %+v", order, rep.Superseded)
		}
		n := 0
		for _, f := range probe(rep) {
			if f.Scope.ID == "111111111111" {
				n++
				if f.Evidence.Snapshot != filepath.ToSlash(newer) {
					t.Errorf("%v: judged %s, want the newer snapshot", order, f.Evidence.Snapshot)
				}
			}
		}
		if n != 1 {
			t.Errorf("%v: %d probe findings for the twice-given scope, want 1", order, n)
		}
		if got := rep.Summary.Total; got != len(rep.Findings) {
			t.Errorf("summary total %d, findings %d", got, len(rep.Findings))
		}
	}
}
