package gcp_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	crm "google.golang.org/api/cloudresourcemanager/v3"
	essentialcontacts "google.golang.org/api/essentialcontacts/v1"
	logging "google.golang.org/api/logging/v2"
	storage "google.golang.org/api/storage/v1"

	"github.com/irscan/irscan/internal/fakecloud/gcp"
)

func TestParsePermissions(t *testing.T) {
	for name, c := range map[string]struct {
		in   string
		want []string
	}{
		"custom role YAML": {"title: x\nincludedPermissions:\n- logging.sinks.list\n- storage.buckets.list\n", []string{"logging.sinks.list", "storage.buckets.list"}},
		"custom role JSON": {`{"title": "x", "includedPermissions": ["pubsub.topics.get"]}`, []string{"pubsub.topics.get"}},
		"JSON list":        {`["compute.subnetworks.list", "logging.*"]`, []string{"compute.subnetworks.list", "logging.*"}},
		"permissions key":  {"permissions: [eventarc.triggers.list]", []string{"eventarc.triggers.list"}},
		"text":             {"# reader\nlogging.sinks.list\n\nresourcemanager.projects.getIamPolicy # audit\n", []string{"logging.sinks.list", "resourcemanager.projects.getIamPolicy"}},
		"one line":         {"storage.buckets.list", []string{"storage.buckets.list"}},
	} {
		ps, err := gcp.ParsePermissions([]byte(c.in))
		if err != nil || !slices.Equal(ps.Permissions(), c.want) {
			t.Errorf("%s: %v, %v; want %v", name, ps.Permissions(), err, c.want)
		}
	}
	for name, in := range map[string]string{
		"empty":            "",
		"not a permission": "storage buckets list",
		"role without":     "title: x\nstage: GA\n",
		"broken JSON":      `{"includedPermissions": [`,
		"not strings":      `{"includedPermissions": [1, 2]}`,
	} {
		if ps, err := gcp.ParsePermissions([]byte(in)); err == nil {
			t.Errorf("%s: no error, got %v", name, ps.Permissions())
		}
	}
	var nilSet *gcp.PermissionSet
	if !nilSet.Allows("anything.at.all") {
		t.Error("a nil set must allow everything")
	}
}

// TestAllowList binds three role files (YAML role, JSON role, text) to
// every caller: what they grant works, everything else is denied, and
// projects.search shows only what the caller may get.
func TestAllowList(t *testing.T) {
	allow, err := gcp.ReadPermissions("testdata/roles/ir-reader.yaml", "testdata/roles/logging.json", "testdata/roles/storage.txt")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"essentialcontacts.contacts.list", "logging.buckets.list", "logging.sinks.list",
		"resourcemanager.folders.get", "resourcemanager.organizations.get", "storage.buckets.get", "storage.buckets.list"}
	if !slices.Equal(allow.Permissions(), want) {
		t.Fatalf("permissions %v, want %v", allow.Permissions(), want)
	}
	srv, base := compliant(t, gcp.Options{Allow: allow})

	ec := service(t, essentialcontacts.NewService, opts(base, versioned, "any-token"))
	if _, err := ec.Organizations.Contacts.Compute(org).NotificationCategories("SECURITY").Do(); err != nil {
		t.Errorf("contacts:compute: %v", err)
	}
	lg := service(t, logging.NewService, opts(base, versioned, "any-token"))
	if _, err := lg.Organizations.Sinks.List(org).Do(); err != nil {
		t.Errorf("sinks.list: %v", err)
	}
	st := service(t, storage.NewService, opts(base, storageBase, "any-token"))
	if _, err := st.Buckets.Get("acme-org-audit-logs").Do(); err != nil {
		t.Errorf("buckets.get: %v", err)
	}

	rm := service(t, crm.NewService, opts(base, versioned, "any-token"))
	_, err = rm.Organizations.GetIamPolicy(org, &crm.GetIamPolicyRequest{}).Do()
	ae := apiError(t, err)
	if ae.Reason() != "IAM_PERMISSION_DENIED" || ae.Metadata()["permission"] != "resourcemanager.organizations.getIamPolicy" {
		t.Errorf("getIamPolicy without the permission: %q %v", ae.Reason(), ae.Metadata())
	}
	// Without resourcemanager.projects.get, projects.search finds nothing
	// (and is not an error), while folders.search finds the folder.
	if r, err := rm.Projects.Search().Do(); err != nil || len(r.Projects) != 0 {
		t.Errorf("projects.search: %+v, %v", r, err)
	}
	if r, err := rm.Folders.Search().Do(); err != nil || len(r.Folders) != 1 {
		t.Errorf("folders.search: %+v, %v", r, err)
	}
	denied := 0
	for _, c := range srv.Calls() {
		if c.Fault == "denied" {
			denied++
		}
	}
	if denied != 1 {
		t.Errorf("%d denied calls, want 1", denied)
	}
}

// TestVisibility: projects.search leaves out the projects the caller may
// not get, per principal.
func TestVisibility(t *testing.T) {
	_, base := unit(t, gcp.Options{})
	for token, want := range map[string][]string{
		scannerToken:  {"unit-main", "unit-disabled"}, // denied resourcemanager.projects.get on unit-empty
		outsiderToken: {"unit-main", "unit-empty", "unit-disabled"},
		auditorToken:  {"unit-main", "unit-empty", "unit-disabled"},
	} {
		rm := service(t, crm.NewService, opts(base, versioned, token))
		var got []string
		err := rm.Projects.Search().Pages(ctx, func(r *crm.SearchProjectsResponse) error {
			for _, p := range r.Projects {
				got = append(got, p.ProjectId)
			}
			return nil
		})
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("%s: %v, want %v (%v)", token, got, want, err)
		}
	}
	// projects.get is refused outright.
	rm := service(t, crm.NewService, opts(base, versioned, scannerToken))
	_, err := rm.Projects.Get("projects/unit-empty").Do()
	if ge := gerr(t, err, http.StatusForbidden); !strings.Contains(ge.Message, "resourcemanager.projects.get") {
		t.Errorf("message %q", ge.Message)
	}
}
