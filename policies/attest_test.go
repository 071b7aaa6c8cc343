package policies

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/irscan/irscan/snapshot"
)

func writeAttestations(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "attestations.yaml")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestAttestationEvidenceIsRequired(t *testing.T) {
	const first = "attestations:\n  - {control: IR-1, cloud: aws, scope: '1', statement: s, evidence: https://wiki.example.com/r, attested_by: me, date: 2026-03-01}\n"
	for _, second := range []string{
		"  - {control: IR-7, cloud: aws, scope: '1', statement: s, attested_by: me, date: 2026-03-01}\n",
		"  - {control: IR-7, cloud: aws, scope: '1', statement: s, evidence: '  ', attested_by: me, date: 2026-03-01}\n",
	} {
		p := writeAttestations(t, first+second)
		_, err := LoadAttestations(p, 365)
		want := p + ":3: attestation 2 (IR-7): evidence is required (a link to the record of the review or exercise)"
		if err == nil || err.Error() != want {
			t.Errorf("%s: err = %v; want %q", second, err, want)
		}
	}
	a, err := LoadAttestations(writeAttestations(t, first), 365)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Items) != 1 || a.Items[0].Evidence != "https://wiki.example.com/r" {
		t.Errorf("items = %+v", a.Items)
	}
}

// TestAttestationDatedAfterCollectionFails runs the built-in AWS checks on a
// snapshot collected on 2026-11-20: an attestation of that day passes, one of
// the next day fails.
func TestAttestationDatedAfterCollectionFails(t *testing.T) {
	raw, err := json.Marshal(map[string]any{
		"schema":       snapshot.SchemaVersion,
		"tool":         map[string]any{"name": "irscan", "version": "test"},
		"cloud":        "aws",
		"scope":        map[string]any{"type": "account", "id": "111122223333"},
		"collected_at": "2026-11-20T09:00:00Z",
		"sections":     map[string]any{},
		"calls":        []any{},
	})
	if err != nil {
		t.Fatal(err)
	}
	l, err := snapshot.Parse("snap.json", raw)
	if err != nil {
		t.Fatal(err)
	}
	a, err := LoadAttestations(writeAttestations(t, `attestations:
  - {control: IR-1, cloud: aws, scope: "111122223333", statement: s, evidence: e, attested_by: me, date: 2026-11-20}
  - {control: IR-7, cloud: aws, scope: "*", statement: s, evidence: e, attested_by: me, date: 2026-11-21}
`), 365)
	if err != nil {
		t.Fatal(err)
	}
	e, err := Load(context.Background(), Options{Config: DefaultConfig(), Controls: []string{"IR-1", "IR-7"}})
	if err != nil {
		t.Fatal(err)
	}
	fs, err := e.Evaluate(context.Background(), l, a.For("aws", "111122223333"))
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string][]Finding{}
	for _, f := range fs {
		byID[f.CheckID] = append(byID[f.CheckID], f)
	}
	if got := byID["AWS-IR1-03"]; len(got) != 1 || got[0].Status != StatusPass {
		t.Errorf("attested on the collection day: %+v", got)
	}
	got := byID["AWS-IR7-04"]
	if len(got) != 1 || got[0].Status != StatusFail || got[0].Attestation == nil ||
		!strings.Contains(got[0].Message, "attested on 2026-11-21") ||
		!strings.Contains(got[0].Message, "dated after the evidence was collected (collected_at 2026-11-20T09:00:00Z)") {
		t.Errorf("attested the day after collection: %+v", got)
	}
}
