package gcp

import (
	"slices"
	"testing"

	"github.com/irscan/irscan/collectors"
	fake "github.com/irscan/irscan/internal/fakecloud/gcp"
	"github.com/irscan/irscan/snapshot"
)

func TestRegistryIsValid(t *testing.T) {
	if err := collectors.Validate("gcp", Sections()); err != nil {
		t.Fatal(err)
	}
	if len(sectionSpecs) != len(registry) {
		t.Fatalf("the collector does not run the registry: %d specs, %d entries", len(sectionSpecs), len(registry))
	}
}

// TestRegistryNamesEveryCall collects the compliant scenario as an
// organisation and as one project, with the real clients against
// fakecloud, and holds the registry to what the collector did: every call
// a section cites is one of that section's registry methods (or of a
// section it is filled after), with the IAM permission the fake checked for
// it; every registry method was called; every call the scans made is one.
func TestRegistryNamesEveryCall(t *testing.T) {
	secs := Sections()
	made := map[string]bool{}
	for _, opts := range []Options{{Organization: "123456789012"}, {Projects: []string{"acme-prod"}}} {
		snaps, srv := fakeCollect(t, "compliant", opts)
		byRequest := map[string]fake.Call{}
		for _, c := range srv.Calls() {
			byRequest[c.RequestID] = c
			if !slices.ContainsFunc(secs, func(s collectors.Section) bool {
				return slices.ContainsFunc(s.Calls, func(rc collectors.Call) bool { return matches(rc, c) })
			}) {
				t.Errorf("%s (%s) is in no registry call", c.Route, c.Permission)
			}
		}
		for _, snap := range snaps {
			calls := map[string]snapshot.Call{}
			for _, c := range snap.Calls {
				calls[c.ID] = c
			}
			for _, sec := range secs {
				got, ok := snap.Sections[sec.Name]
				if !ok {
					t.Errorf("%s: no section %s", snap.Scope.ID, sec.Name)
					continue
				}
				if got.Status != snapshot.StatusOK {
					t.Errorf("%s: %s: %s (%s)", snap.Scope.ID, sec.Name, got.Status, got.Error)
				}
				allowed := collectors.Reads(secs, sec.Name)
				for _, id := range got.AllCalls() {
					fc, ok := byRequest[calls[id].RequestID]
					if !ok {
						t.Errorf("%s: %s: call %s (request %q) is not in the fake's log", snap.Scope.ID, sec.Name, id, calls[id].RequestID)
						continue
					}
					i := slices.IndexFunc(allowed, func(c collectors.Call) bool { return matches(c, fc) })
					if i < 0 {
						t.Errorf("%s: %s called %s (%s), which its registry entry does not list", snap.Scope.ID, sec.Name, fc.Route, fc.Permission)
						continue
					}
					made[sec.Name+" "+fc.Route] = true
				}
			}
		}
	}
	for _, sec := range secs {
		for _, c := range sec.Calls {
			if !slices.ContainsFunc(c.Operations(), func(op string) bool { return made[sec.Name+" "+op] }) {
				t.Errorf("%s: the registry lists %s, which no scan made for it", sec.Name, c.Operation)
			}
		}
	}
}

// matches reports whether the fake's call is one of the registry call's
// methods, checked for the same permission.
func matches(rc collectors.Call, fc fake.Call) bool {
	return slices.Contains(rc.Operations(), fc.Route) && rc.Permission == fc.Permission
}
