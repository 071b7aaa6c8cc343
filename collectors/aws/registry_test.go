package aws

import (
	"context"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/irscan/irscan/collectors"
	fakeaws "github.com/irscan/irscan/internal/fakecloud/aws"
	"github.com/irscan/irscan/snapshot"
)

func TestRegistryIsValid(t *testing.T) {
	if err := collectors.Validate("aws", Sections()); err != nil {
		t.Fatal(err)
	}
	if len(sectionSpecs) != len(registry) || sectionSpecs[0].name != "ec2.regions" {
		t.Fatalf("the collector does not run the registry: %d specs, %d entries", len(sectionSpecs), len(registry))
	}
	for _, e := range registry {
		if (e.collect == nil) != (e.Name == "ec2.regions") {
			t.Errorf("%s: only ec2.regions is collected without a collect function", e.Name)
		}
		if e.regions != nil && !e.Regional {
			t.Errorf("%s: picks regions but is not regional", e.Name)
		}
	}
}

// TestRegistryNamesEveryCall collects, with the real SDK against fakecloud,
// the compliant scenario, the security-tooling account of org-central
// (the one with a Security Hub finding aggregator) and no-incident-manager
// (the Security Incident Response membership and its cases), and holds the registry
// to what the collector did: every call a section cites is one of that
// section's registry calls (or of a section it is filled after), with the
// IAM action the fake checked for it; every registry call was made; every
// action the scans used is in the registry.
func TestRegistryNamesEveryCall(t *testing.T) {
	made := map[string]bool{}
	for _, sc := range []struct{ scenario, key string }{
		{"compliant", "AKIAFAKE111111111111"},
		{"org-central", "AKIAFAKE600000000003"},
		{"no-incident-manager", "AKIAFAKE700000000001"},
	} {
		snaps, srv := collectScenario(t, sc.scenario, sc.key)
		checkRegistryCalls(t, sc.scenario, snaps, srv.Calls(), made)
	}
	for _, sec := range Sections() {
		for _, c := range sec.Calls {
			if !made[sec.Name+" "+c.Service+" "+c.Operation] {
				t.Errorf("%s: the registry lists %s %s, which no scan made for it", sec.Name, c.Service, c.Operation)
			}
		}
	}
}

// checkRegistryCalls checks every section of the snapshots against the
// registry and the fake's call log, and records the calls made.
func checkRegistryCalls(t *testing.T, scenario string, snaps []*snapshot.Snapshot, log []fakeaws.Call, made map[string]bool) {
	t.Helper()
	byRequest := map[string]fakeaws.Call{}
	for _, c := range log {
		byRequest[c.RequestID] = c
		if c.Action != "sts:GetCallerIdentity" &&
			!slices.ContainsFunc(Sections(), func(s collectors.Section) bool { return slices.Contains(s.Permissions(), c.Action) }) {
			t.Errorf("%s: the scan called %s, which no section of the registry lists", scenario, c.Action)
		}
	}
	secs := Sections()
	for _, snap := range snaps {
		calls := map[string]snapshot.Call{}
		for _, c := range snap.Calls {
			calls[c.ID] = c
		}
		for _, sec := range secs {
			got, ok := snap.Sections[sec.Name]
			if !ok {
				t.Errorf("%s %s: no section %s", scenario, snap.Scope.ID, sec.Name)
				continue
			}
			if got.Status != snapshot.StatusOK {
				t.Errorf("%s %s: %s (%s)", scenario, sec.Name, got.Status, got.Error)
			}
			allowed := collectors.Reads(secs, sec.Name)
			for _, id := range got.AllCalls() {
				fc, ok := byRequest[calls[id].RequestID]
				if !ok {
					t.Errorf("%s %s: call %s (request %q) is not in the fake's log", scenario, sec.Name, id, calls[id].RequestID)
					continue
				}
				i := slices.IndexFunc(allowed, func(c collectors.Call) bool {
					return c.Service == fc.Service && c.Operation == fc.Operation
				})
				switch {
				case i < 0:
					t.Errorf("%s: %s called %s %s, which its registry entry does not list", scenario, sec.Name, fc.Service, fc.Operation)
				case allowed[i].Permission != fc.Action:
					t.Errorf("%s: %s %s needs %s, the registry says %s", sec.Name, fc.Service, fc.Operation, fc.Action, allowed[i].Permission)
				default:
					made[sec.Name+" "+fc.Service+" "+fc.Operation] = true
				}
			}
		}
	}
}

// collectScenario collects a fakecloud scenario with the real SDK as the
// account of the access key.
func collectScenario(t *testing.T, scenario, key string) ([]*snapshot.Snapshot, *fakeaws.Server) {
	t.Helper()
	srv, err := fakeaws.New(fakeaws.Options{Fixtures: "../../testdata/fakecloud", Scenario: scenario})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	t.Setenv("AWS_ACCESS_KEY_ID", key)
	t.Setenv("AWS_SECRET_ACCESS_KEY", "fakecloud")
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_CONFIG_FILE", "/dev/null")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
	snaps, err := Collect(context.Background(), Options{EndpointURL: ts.URL, Parallel: 4, ToolVersion: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return snaps, srv
}
