package gcp_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	essentialcontacts "google.golang.org/api/essentialcontacts/v1"
	scc "google.golang.org/api/securitycenter/v1"

	"github.com/irscan/irscan/internal/fakecloud/gcp"
)

func TestCallLog(t *testing.T) {
	srv, base := unit(t, gcp.Options{})
	ec := service(t, essentialcontacts.NewService, opts(base, versioned, scannerToken))
	if _, err := ec.Projects.Contacts.Compute("projects/333333333333").NotificationCategories("SECURITY").Do(); err != nil {
		t.Fatal(err)
	}
	sv := service(t, scc.NewService, opts(base, versioned, scannerToken))
	_, err := sv.Organizations.NotificationConfigs.List(org).Do()
	ge := gerr(t, err, http.StatusForbidden)

	calls := srv.Calls()
	if len(calls) != 2 {
		t.Fatalf("%d calls", len(calls))
	}
	ok, denied := calls[0], calls[1]
	if ok.Seq != 1 || ok.Principal != scanner || ok.API != "essentialcontacts.googleapis.com" ||
		ok.Route != "essentialcontacts.projects.contacts.compute" || ok.Permission != "essentialcontacts.contacts.list" ||
		ok.Resource != "projects/unit-main" || ok.Method != "GET" || ok.Path != "/v1/projects/333333333333/contacts:compute" ||
		!strings.Contains(ok.Query, "notificationCategories=SECURITY") || ok.Status != 200 || ok.Time.IsZero() || ok.RequestID == "" {
		t.Errorf("first call %+v", ok)
	}
	if denied.Seq != 2 || denied.Status != 403 || denied.ErrorStatus != "PERMISSION_DENIED" || denied.ErrorReason != "IAM_PERMISSION_DENIED" ||
		denied.Route != "securitycenter.organizations.notificationConfigs.list" {
		t.Errorf("second call %+v", denied)
	}
	// The request ID travels in a header, so a client error can be matched
	// with its call.
	if id := ge.Header.Get(gcp.RequestIDHeader); id == "" || id != denied.RequestID || id == ok.RequestID {
		t.Errorf("request ID header %q, call %q", id, denied.RequestID)
	}

	// GET /_fakecloud/calls returns the same log; DELETE clears it.
	resp, err := http.Get(base + gcp.ControlPrefix + "calls")
	if err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	err = json.NewDecoder(resp.Body).Decode(&got)
	resp.Body.Close()
	if err != nil || len(got) != 2 || got[1]["error_reason"] != "IAM_PERMISSION_DENIED" || got[0]["principal"] != scanner {
		t.Errorf("GET calls: %v, %v", got, err)
	}
	req, _ := http.NewRequest(http.MethodDelete, base+gcp.ControlPrefix+"calls", nil)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent || len(srv.Calls()) != 0 {
		t.Errorf("DELETE calls: %d, %d calls left", resp.StatusCode, len(srv.Calls()))
	}

	var buf bytes.Buffer
	if err := gcp.WriteCallsJSONLines(&buf, calls); err != nil || strings.Count(buf.String(), "\n") != 2 {
		t.Errorf("JSON lines: %q, %v", buf.String(), err)
	}
}
