package gcp

import (
	"context"
	"net/http/httptest"
	"slices"
	"testing"

	"golang.org/x/oauth2"

	fake "github.com/irscan/irscan/cmd/fakecloud/gcp"
	"github.com/irscan/irscan/collectors"
)

// fakeCollect collects a fakecloud GCP scenario with the real clients.
func fakeCollect(t testing.TB, scenario string, opts Options) ([]*collectors.Snapshot, *fake.Server) {
	t.Helper()
	srv, err := fake.New(fake.Options{Fixtures: "../../testdata/fakecloud", Scenario: scenario})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	opts.Endpoint = ts.URL
	opts.Token = oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "fake-token", TokenType: "Bearer"})
	opts.ToolVersion = "test"
	snaps, err := Collect(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return snaps, srv
}

// TestScopesOfAnOrganisation: --organization gives the organisation and
// every project under it, folders included, each knowing its ancestors.
func TestScopesOfAnOrganisation(t *testing.T) {
	snaps, _ := fakeCollect(t, "compliant", Options{Organization: "123456789012"})
	var got []string
	for _, s := range snaps {
		got = append(got, s.Scope.Type+":"+s.Scope.ID)
	}
	want := []string{"organization:123456789012", "project:acme-data", "project:acme-prod"}
	if !slices.Equal(got, want) {
		t.Errorf("scopes = %v, want %v", got, want)
	}
	for _, s := range snaps {
		if _, err := collectors.Marshal(s); err != nil {
			t.Errorf("%s: %v", s.Scope.ID, err)
		}
	}
}

func TestScopesOfNamedProjects(t *testing.T) {
	snaps, _ := fakeCollect(t, "compliant", Options{Projects: []string{"acme-prod"}})
	if len(snaps) != 1 || snaps[0].Scope.ID != "acme-prod" || snaps[0].Scope.Type != "project" {
		t.Fatalf("got %+v", snaps)
	}
}
