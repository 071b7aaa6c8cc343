package gcp_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	crm "google.golang.org/api/cloudresourcemanager/v3"
	essentialcontacts "google.golang.org/api/essentialcontacts/v1"
	logging "google.golang.org/api/logging/v2"

	"github.com/irscan/irscan/internal/fakecloud/gcp"
)

// TestPagesReadsEveryPage: a three-page fixture (whose hand-written
// nextPageToken the fake replaces) is read whole by the client's Pages.
func TestPagesReadsEveryPage(t *testing.T) {
	srv, base := unit(t, gcp.Options{})
	svc := service(t, logging.NewService, opts(base, versioned, scannerToken))
	var names, tokens []string
	err := svc.Projects.Sinks.List("projects/unit-main").Pages(ctx, func(r *logging.ListSinksResponse) error {
		for _, s := range r.Sinks {
			names = append(names, s.Name)
		}
		tokens = append(tokens, r.NextPageToken)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"sink-1-a", "sink-1-b", "sink-2-a", "sink-2-b", "sink-3-a", "sink-3-b"}; !slices.Equal(names, want) {
		t.Errorf("sinks %v, want %v", names, want)
	}
	if len(tokens) != 3 || !strings.HasPrefix(tokens[0], "fakecloud-p2-") || !strings.HasPrefix(tokens[1], "fakecloud-p3-") || tokens[2] != "" {
		t.Errorf("tokens %q", tokens)
	}
	calls := callsTo(srv, "/v2/projects/unit-main/sinks")
	if len(calls) != 3 {
		t.Fatalf("%d calls", len(calls))
	}
	for i, c := range calls {
		if c.Page != i+1 || (i > 0) != strings.Contains(c.Query, "pageToken=") {
			t.Errorf("call %d: page %d, query %q", i+1, c.Page, c.Query)
		}
	}
}

// TestSynthesisedListsHonourPageSize: answers computed from scenario.yaml
// are cut by pageSize.
func TestSynthesisedListsHonourPageSize(t *testing.T) {
	srv, base := compliant(t, gcp.Options{})
	svc := service(t, crm.NewService, opts(base, versioned, "any-token"))
	var ids []string
	err := svc.Projects.Search().PageSize(1).Pages(ctx, func(r *crm.SearchProjectsResponse) error {
		if len(r.Projects) != 1 {
			t.Errorf("page of %d projects", len(r.Projects))
		}
		for _, p := range r.Projects {
			ids = append(ids, p.ProjectId)
		}
		return nil
	})
	if err != nil || !slices.Equal(ids, []string{"acme-prod", "acme-data"}) || len(srv.Calls()) != 2 {
		t.Errorf("projects %v over %d calls, %v", ids, len(srv.Calls()), err)
	}
	r, err := svc.Projects.Search().Query("parent:folders/456").Do()
	if err != nil || len(r.Projects) != 1 || r.Projects[0].ProjectId != "acme-prod" {
		t.Errorf("search parent:folders/456: %+v, %v", r, err)
	}
	_, err = svc.Projects.Search().Query("nonsense").Do()
	gerr(t, err, http.StatusBadRequest)
}

// TestFilteredPages: contacts:compute filters each page by category.
func TestFilteredPages(t *testing.T) {
	_, base := unit(t, gcp.Options{})
	svc := service(t, essentialcontacts.NewService, opts(base, versioned, scannerToken))
	for cats, want := range map[string][]string{
		"SECURITY": {"all@unit.example", "security@unit.example"},
		"BILLING":  {"all@unit.example", "billing@unit.example"},
		"LEGAL":    {"all@unit.example"},
		"ALL":      {"all@unit.example", "billing@unit.example", "security@unit.example"},
		"":         {"all@unit.example", "billing@unit.example", "security@unit.example"},
	} {
		call := svc.Projects.Contacts.Compute("projects/unit-main")
		if cats != "" {
			call = call.NotificationCategories(cats)
		}
		var got []string
		err := call.Pages(ctx, func(r *essentialcontacts.GoogleCloudEssentialcontactsV1ComputeContactsResponse) error {
			for _, c := range r.Contacts {
				got = append(got, c.Email)
			}
			return nil
		})
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("%q: %v, want %v (%v)", cats, got, want, err)
		}
	}
}

func TestInvalidPageToken(t *testing.T) {
	srv, base := unit(t, gcp.Options{})
	svc := service(t, logging.NewService, opts(base, versioned, scannerToken))
	first, err := svc.Projects.Sinks.List("projects/unit-main").Do()
	if err != nil {
		t.Fatal(err)
	}
	for _, tok := range []string{"not-ours", "fakecloud-p9-" + first.NextPageToken[len("fakecloud-p2-"):]} {
		_, err := svc.Projects.Sinks.List("projects/unit-main").PageToken(tok).Do()
		if ge := gerr(t, err, http.StatusBadRequest); !strings.Contains(ge.Message, "page token") {
			t.Errorf("%s: message %q", tok, ge.Message)
		}
		if c := lastCall(t, srv); c.Fault != "invalid-page-token" || c.ErrorStatus != "INVALID_ARGUMENT" {
			t.Errorf("call %+v", c)
		}
	}
	// A token is bound to the list it was issued for.
	_, err = svc.Projects.Locations.Buckets.List("projects/unit-empty/locations/-").PageToken(first.NextPageToken).Do()
	gerr(t, err, http.StatusBadRequest)
}
