package gcp_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	crm "google.golang.org/api/cloudresourcemanager/v3"
	compute "google.golang.org/api/compute/v1"
	essentialcontacts "google.golang.org/api/essentialcontacts/v1"
	logging "google.golang.org/api/logging/v2"
	sccbeta "google.golang.org/api/securitycenter/v1beta2"
	storage "google.golang.org/api/storage/v1"

	"github.com/irscan/irscan/internal/fakecloud/gcp"
)

// TestWritesAreRefusedAndRecorded sends writes with the real clients: each
// is refused with 403 before anything else is checked and recorded as a
// violation, which is how a test proves a scan never writes.
func TestWritesAreRefusedAndRecorded(t *testing.T) {
	srv, base := compliant(t, gcp.Options{})
	ec := service(t, essentialcontacts.NewService, opts(base, versioned, "any-token"))
	sb := service(t, sccbeta.NewService, opts(base, versioned, "any-token"))
	rm := service(t, crm.NewService, opts(base, versioned, "any-token"))
	st := service(t, storage.NewService, opts(base, storageBase, "any-token"))
	cs := service(t, compute.NewService, opts(base, computeBase, "any-token"))
	lg := service(t, logging.NewService, opts(base, versioned, "any-token"))

	writes := []struct {
		method, path string
		call         func() error
	}{
		{"POST", "/v1/organizations/123456789012/contacts", func() error {
			_, err := ec.Organizations.Contacts.Create(org, &essentialcontacts.GoogleCloudEssentialcontactsV1Contact{Email: "x@acme.example"}).Do()
			return err
		}},
		{"PATCH", "/v1beta2/organizations/123456789012/securityHealthAnalyticsSettings", func() error {
			_, err := sb.Organizations.UpdateSecurityHealthAnalyticsSettings(org+"/securityHealthAnalyticsSettings",
				&sccbeta.SecurityHealthAnalyticsSettings{ServiceEnablementState: "DISABLED"}).Do()
			return err
		}},
		{"POST", "/v3/projects/acme-prod:setIamPolicy", func() error {
			_, err := rm.Projects.SetIamPolicy(prod, &crm.SetIamPolicyRequest{Policy: &crm.Policy{}}).Do()
			return err
		}},
		{"POST", "/v3/projects/acme-prod:testIamPermissions", func() error {
			// A read in Google's eyes, but not one irscan needs: refused too.
			_, err := rm.Projects.TestIamPermissions(prod, &crm.TestIamPermissionsRequest{Permissions: []string{"x.y.z"}}).Do()
			return err
		}},
		{"DELETE", "/storage/v1/b/acme-org-audit-logs", func() error {
			return st.Buckets.Delete("acme-org-audit-logs").Do()
		}},
		{"PATCH", "/compute/v1/projects/acme-prod/regions/us-central1/subnetworks/prod-app-us-central1", func() error {
			_, err := cs.Subnetworks.Patch("acme-prod", "us-central1", "prod-app-us-central1", &compute.Subnetwork{EnableFlowLogs: false}).Do()
			return err
		}},
		{"POST", "/v2/projects/acme-prod/sinks", func() error {
			_, err := lg.Projects.Sinks.Create(prod, &logging.LogSink{Name: "x", Destination: "storage.googleapis.com/x"}).Do()
			return err
		}},
	}
	for _, w := range writes {
		ge := gerr(t, w.call(), http.StatusForbidden)
		if !strings.HasPrefix(ge.Message, "fakecloud is read-only: "+w.method+" "+w.path) {
			t.Errorf("%s %s: message %q", w.method, w.path, ge.Message)
		}
	}
	// The reads still work, and getIamPolicy (a POST) is a read.
	if _, err := rm.Projects.GetIamPolicy(prod, &crm.GetIamPolicyRequest{}).Do(); err != nil {
		t.Errorf("getIamPolicy: %v", err)
	}

	v := srv.Violations()
	if len(v) != len(writes) {
		t.Fatalf("%d violations for %d writes: %+v", len(v), len(writes), v)
	}
	for i, c := range v {
		if c.Method != writes[i].method || c.Path != writes[i].path || c.Status != 403 || c.Fault != "not-a-read" || !c.Violation {
			t.Errorf("violation %d: %+v", i, c)
		}
	}
	if c := lastCall(t, srv); c.Violation || c.Status != 200 || c.Method != "POST" || c.Permission != "resourcemanager.projects.getIamPolicy" {
		t.Errorf("getIamPolicy call %+v", c)
	}

	// The same over the control endpoint.
	resp, err := http.Get(base + gcp.ControlPrefix + "calls?violations=true")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got []gcp.Call
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil || len(got) != len(writes) || !got[0].Violation {
		t.Errorf("GET /_fakecloud/calls?violations=true: %d calls, %v", len(got), err)
	}
}

// TestWriteToUnknownPath: a write is a violation even where no route is.
func TestWriteToUnknownPath(t *testing.T) {
	srv, base := compliant(t, gcp.Options{})
	resp, err := http.Post(base+"/v1/projects/acme-prod/whatever:doSomething", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden || len(srv.Violations()) != 1 {
		t.Errorf("status %d, violations %+v", resp.StatusCode, srv.Violations())
	}
}
