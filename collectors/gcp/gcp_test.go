package gcp

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/oauth2"

	fake "github.com/irscan/irscan/internal/fakecloud/gcp"
	"github.com/irscan/irscan/snapshot"
)

func init() {
	// Retries wait milliseconds in tests.
	retryBaseDelay = time.Millisecond
	retryMaxDelay = 5 * time.Millisecond
}

// fakeCollect collects a fakecloud GCP scenario with the real clients.
func fakeCollect(t testing.TB, scenario string, opts Options) ([]*snapshot.Snapshot, *fake.Server) {
	t.Helper()
	return fakeCollectWith(t, fake.Options{Fixtures: "../../testdata/fakecloud", Scenario: scenario}, opts)
}

// fakeCollectWith collects with the given fake options; opts.Token, when
// set, selects the principal.
func fakeCollectWith(t testing.TB, fo fake.Options, opts Options) ([]*snapshot.Snapshot, *fake.Server) {
	t.Helper()
	srv, err := fake.New(fo)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	opts.Endpoint = ts.URL
	if opts.Token == nil {
		opts.Token = oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "fake-token", TokenType: "Bearer"})
	}
	opts.ToolVersion = "test"
	snaps, err := Collect(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range snaps {
		if _, err := snapshot.Marshal(s); err != nil {
			t.Errorf("%s: %v", s.Scope.ID, err)
		}
	}
	return snaps, srv
}

func snapshotOf(t testing.TB, snaps []*snapshot.Snapshot, id string) *snapshot.Snapshot {
	t.Helper()
	for _, s := range snaps {
		if s.Scope.ID == id {
			return s
		}
	}
	t.Fatalf("no snapshot for %s", id)
	return nil
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
}

// TestOrganisationSettingsLiveWithTheOrganisation: in an organisation
// scan, the organisation's own notification configs, IAM audit configs,
// sinks and SCC tier are read into its snapshot only; each project's
// snapshot holds its own and its folders' settings and records its
// ancestry and the organisation's snapshot file. A --folder scan, which
// writes no organisation snapshot, keeps them in every project.
func TestOrganisationSettingsLiveWithTheOrganisation(t *testing.T) {
	org := "organizations/123456789012"
	type parented struct {
		Parents      []string                   `json:"parents"`
		Parent       *string                    `json:"parent"`
		AuditConfigs map[string]json.RawMessage `json:"auditConfigs"`
	}
	held := func(s *snapshot.Snapshot) []string {
		var out []string
		for _, name := range []string{"securitycenter.notification_configs", "logging.sinks", "resourcemanager.iam_audit_configs", "securitycenter.subscription"} {
			var d parented
			if err := json.Unmarshal(s.Sections[name].Data, &d); err != nil {
				t.Fatal(err)
			}
			_, audit := d.AuditConfigs[org]
			if slices.Contains(d.Parents, org) || d.Parent != nil && *d.Parent == org || audit {
				out = append(out, name)
			}
		}
		return out
	}
	all := []string{"securitycenter.notification_configs", "logging.sinks", "resourcemanager.iam_audit_configs", "securitycenter.subscription"}
	snaps, _ := fakeCollect(t, "compliant", Options{Organization: "123456789012"})
	for _, s := range snaps {
		var anc ancestryData
		if err := json.Unmarshal(s.Sections["resourcemanager.ancestry"].Data, &anc); err != nil {
			t.Fatal(err)
		}
		got := held(s)
		if s.Scope.Type == "organization" {
			if !slices.Equal(got, all) || anc.OrganizationScan != nil {
				t.Errorf("organisation: holds %v (want %v), organizationScan %+v", got, all, anc.OrganizationScan)
			}
			continue
		}
		if len(got) != 0 {
			t.Errorf("%s holds its organisation's %v; they belong to the organisation's snapshot", s.Scope.ID, got)
		}
		if anc.OrganizationScan == nil || anc.OrganizationScan.Organization != org || anc.OrganizationScan.Snapshot != "gcp-organization-123456789012.json" ||
			!slices.Contains(anc.Ancestors, org) {
			t.Errorf("%s: ancestry %+v does not name the organisation and its snapshot", s.Scope.ID, anc)
		}
		// Its folders' settings stay with it.
		if s.Scope.ID == "acme-prod" {
			var d parented
			json.Unmarshal(s.Sections["logging.sinks"].Data, &d)
			if !slices.Equal(d.Parents, []string{"projects/acme-prod", "folders/456"}) {
				t.Errorf("acme-prod sinks listed on %v, want the project and its folder", d.Parents)
			}
		}
		for _, c := range s.Calls {
			if strings.Contains(c.Operation, org+"/notificationConfigs") || strings.Contains(c.Operation, org+":getIamPolicy") ||
				strings.Contains(c.Operation, org+"/sinks") || strings.Contains(c.Operation, org+"/subscription") {
				t.Errorf("%s: snapshot cites %s, the organisation's own setting", s.Scope.ID, c.Operation)
			}
		}
	}
	snaps, _ = fakeCollect(t, "compliant", Options{Folder: "456"})
	for _, s := range snaps {
		if got := held(s); !slices.Equal(got, all) {
			t.Errorf("--folder: %s holds its organisation's %v, want %v", s.Scope.ID, got, all)
		}
	}
}

func TestScopesOfNamedProjects(t *testing.T) {
	snaps, _ := fakeCollect(t, "compliant", Options{Projects: []string{"acme-prod"}})
	if len(snaps) != 1 || snaps[0].Scope.ID != "acme-prod" || snaps[0].Scope.Type != "project" {
		t.Fatalf("got %+v", snaps)
	}
	var anc ancestryData
	if err := json.Unmarshal(snaps[0].Sections["resourcemanager.ancestry"].Data, &anc); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(anc.Ancestors, []string{"folders/456", "organizations/123456789012"}) || anc.OrganizationScan != nil {
		t.Errorf("ancestry = %+v", anc)
	}
}

// TestScopesOfAFolder: --folder reads the folder's ancestry (folders.get)
// and gives its projects without an organisation scan.
func TestScopesOfAFolder(t *testing.T) {
	snaps, srv := fakeCollect(t, "compliant", Options{Folder: "456"})
	if len(snaps) != 1 || snaps[0].Scope.ID != "acme-prod" {
		t.Fatalf("got %d snapshots", len(snaps))
	}
	var anc ancestryData
	if err := json.Unmarshal(snaps[0].Sections["resourcemanager.ancestry"].Data, &anc); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(anc.Ancestors, []string{"folders/456", "organizations/123456789012"}) || anc.OrganizationScan != nil {
		t.Errorf("ancestry = %+v", anc)
	}
	checkCallLog(t, srv, snaps)
	for name, sec := range snaps[0].Sections {
		if sec.Status != snapshot.StatusOK {
			t.Errorf("%s: %s %s", name, sec.Status, sec.Error)
		}
	}
}

// TestCompliantOrganisation: an organisation scan of the compliant
// scenario fills every section ok with the data the checks' author wrote
// by hand (testdata/compliant-org), and reads each resource once.
func TestCompliantOrganisation(t *testing.T) {
	snaps, srv := fakeCollect(t, "compliant", Options{Organization: "123456789012"})
	if len(snaps) != 3 {
		t.Fatalf("%d snapshots", len(snaps))
	}
	compareWithExpected(t, snaps, "testdata/compliant-org")
	checkCallLog(t, srv, snaps)
}

// TestCompliantProjects: a --project scan of both projects gives the same
// data, with nothing deferred to an organisation snapshot.
func TestCompliantProjects(t *testing.T) {
	snaps, srv := fakeCollect(t, "compliant", Options{Projects: []string{"acme-prod", "acme-data"}})
	if len(snaps) != 2 {
		t.Fatalf("%d snapshots", len(snaps))
	}
	compareWithExpected(t, snaps, "testdata/compliant-project")
	checkCallLog(t, srv, snaps)
}

// compareWithExpected checks that every section of every snapshot is ok,
// that each snapshot has exactly the expected sections, and that each
// section's data equals the expected snapshot's (as JSON values).
func compareWithExpected(t *testing.T, snaps []*snapshot.Snapshot, dir string) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	if len(files) != len(snaps) {
		t.Errorf("%d expected snapshots in %s, %d collected", len(files), dir, len(snaps))
	}
	for _, s := range snaps {
		want, err := snapshot.Load(filepath.Join(dir, snapshot.FileName(s)))
		if err != nil {
			t.Errorf("%s: %v", s.Scope.ID, err)
			continue
		}
		var names []string
		for name := range want.Snapshot.Sections {
			names = append(names, name)
		}
		sort.Strings(names)
		if len(s.Sections) != len(names) {
			t.Errorf("%s: %d sections, want %d", s.Scope.ID, len(s.Sections), len(names))
		}
		for _, name := range names {
			got := s.Sections[name]
			if got == nil {
				t.Errorf("%s: no section %s", s.Scope.ID, name)
				continue
			}
			if got.Status != snapshot.StatusOK {
				t.Errorf("%s %s: status %s: %s", s.Scope.ID, name, got.Status, got.Error)
				continue
			}
			var g, w any
			if err := json.Unmarshal(got.Data, &g); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(want.Snapshot.Sections[name].Data, &w); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(g, w) {
				t.Errorf("%s %s: data differs\n got: %s\nwant: %s", s.Scope.ID, name, got.Data, want.Snapshot.Sections[name].Data)
			}
		}
	}
}

// checkCallLog checks the fake's call log: reads only, no call made twice
// (same method, path and query), every call answered 200 and recorded in
// a snapshot, and every section's calls in its snapshot.
func checkCallLog(t *testing.T, srv *fake.Server, snaps []*snapshot.Snapshot) {
	t.Helper()
	if v := srv.Violations(); len(v) > 0 {
		t.Errorf("%d writes, first %s %s", len(v), v[0].Method, v[0].Path)
	}
	recorded := map[string]bool{}
	for _, s := range snaps {
		ids := map[string]bool{}
		for _, c := range s.Calls {
			ids[c.ID] = true
			recorded[c.RequestID] = true
		}
		for name, sec := range s.Sections {
			for _, id := range sec.AllCalls() {
				if !ids[id] {
					t.Errorf("%s %s cites %s, not in its calls", s.Scope.ID, name, id)
				}
			}
		}
	}
	seen := map[string]bool{}
	for _, c := range srv.Calls() {
		key := c.Method + " " + c.Path + "?" + c.Query
		if seen[key] {
			t.Errorf("called twice: %s", key)
		}
		seen[key] = true
		if c.Method != http.MethodGet && !(c.Method == http.MethodPost && strings.HasSuffix(c.Path, ":getIamPolicy")) {
			t.Errorf("not a read: %s", key)
		}
		if c.Status != http.StatusOK {
			t.Errorf("%s answered %d %s (%s)", key, c.Status, c.ErrorReason, c.Fault)
		}
		if !recorded[c.RequestID] {
			t.Errorf("%s is in no snapshot's calls", key)
		}
	}
}

// statuses returns each section's status (and action, when denied).
func statuses(s *snapshot.Snapshot) map[string]string {
	out := map[string]string{}
	for name, sec := range s.Sections {
		v := string(sec.Status)
		if sec.Action != "" {
			v += " " + sec.Action
		}
		out[name] = v
	}
	return out
}

// TestDeniedPermission: a refused permission makes the sections that need
// it denied, naming it, and the sections that follow them skipped; every
// other section is still ok.
func TestDeniedPermission(t *testing.T) {
	cases := []struct {
		deny string
		// want: section → "denied <permission>" or "skipped", per scope
		// type ("" for both).
		want map[string]string
		// only: the scopes the denial applies to (project-only sections,
		// folder settings, the organisation's own settings and what they
		// name, held by its snapshot alone in an organisation scan);
		// empty: every scope.
		only []string
	}{
		{deny: "securitycenter.notificationconfig.list", want: map[string]string{
			"securitycenter.notification_configs": "denied securitycenter.notificationconfig.list",
			"pubsub.topics":                       "skipped",
			"cloudfunctions.functions":            "skipped",
			"eventarc.triggers":                   "skipped",
		}},
		{deny: "logging.sinks.list", want: map[string]string{
			"logging.sinks":        "denied logging.sinks.list",
			"storage.sink_buckets": "skipped",
			"logging.buckets":      "skipped",
		}},
		// Cloud Storage sends no ErrorInfo: the method's permission.
		{deny: "storage.buckets.get", only: []string{"123456789012"}, want: map[string]string{
			"storage.sink_buckets": "denied storage.buckets.get",
		}},
		{deny: "storage.buckets.list", only: []string{"acme-data", "acme-prod"}, want: map[string]string{
			"storage.buckets": "denied storage.buckets.list",
		}},
		{deny: "compute.subnetworks.list", only: []string{"acme-data", "acme-prod"}, want: map[string]string{
			"compute.subnetworks": "denied compute.subnetworks.list",
		}},
		{deny: "resourcemanager.folders.getIamPolicy", only: []string{"acme-prod"}, want: map[string]string{
			"resourcemanager.iam_audit_configs": "denied resourcemanager.folders.getIamPolicy",
		}},
		{deny: "securitycenter.eventthreatdetectionsettings.calculate", want: map[string]string{
			"securitycenter.etd_settings": "denied securitycenter.eventthreatdetectionsettings.calculate",
		}},
		{deny: "pubsub.topics.get", only: []string{"123456789012"}, want: map[string]string{
			"pubsub.topics": "denied pubsub.topics.get",
		}},
		{deny: "securitycenter.subscription.get", only: []string{"123456789012"}, want: map[string]string{
			"securitycenter.subscription": "denied securitycenter.subscription.get",
		}},
	}
	for _, tc := range cases {
		t.Run(tc.deny, func(t *testing.T) {
			snaps, srv := fakeCollectWith(t, fake.Options{Fixtures: "../../testdata/fakecloud", Scenario: "compliant", Deny: []string{tc.deny}},
				Options{Organization: "123456789012"})
			for _, s := range snaps {
				got := statuses(s)
				for _, sp := range sectionSpecs {
					want := "ok"
					if w, ok := tc.want[sp.name]; ok && (tc.only == nil || slices.Contains(tc.only, s.Scope.ID)) {
						want = w
					}
					if got[sp.name] != want {
						t.Errorf("%s %s: %q (%s), want %q", s.Scope.ID, sp.name, got[sp.name], s.Sections[sp.name].Error, want)
					}
					if want == "skipped" && !strings.Contains(s.Sections[sp.name].Error, tc.deny) {
						t.Errorf("%s %s: skip reason %q does not name %s", s.Scope.ID, sp.name, s.Sections[sp.name].Error, tc.deny)
					}
				}
			}
			// Even a denial is asked once.
			seen := map[string]bool{}
			for _, c := range srv.Calls() {
				key := c.Method + " " + c.Path + "?" + c.Query
				if seen[key] {
					t.Errorf("called twice: %s", key)
				}
				seen[key] = true
			}
		})
	}
}

// TestDisabledAPIs: an API disabled in a scanned project is data (an
// empty answer and a serviceDisabled entry, section ok); disabled in the
// credential's quota project, it is an error naming the service.
func TestDisabledAPIs(t *testing.T) {
	snaps, srv := fakeCollectWith(t, fake.Options{Fixtures: "testdata", Scenario: "disabled_apis"}, Options{Organization: "123456789012"})
	prod := snapshotOf(t, snaps, "acme-prod")
	for name, sec := range prod.Sections {
		if sec.Status != snapshot.StatusOK {
			t.Errorf("acme-prod %s: %s %s", name, sec.Status, sec.Error)
		}
	}
	for _, s := range snaps {
		for name, sec := range s.Sections {
			if sec.Status != snapshot.StatusOK {
				t.Errorf("%s %s: %s %s", s.Scope.ID, name, sec.Status, sec.Error)
			}
		}
	}
	entry := map[string]string{"parent": "projects/acme-prod", "consumer": "projects/111111111111"}
	org := snapshotOf(t, snaps, "123456789012")
	// The organisation's notification config publishes to a topic in
	// acme-prod: its functions and triggers are read for the organisation's
	// snapshot, which holds the organisation's settings in this scan.
	wantDisabled := map[string]struct {
		snap    *snapshot.Snapshot
		service string
	}{
		"essentialcontacts.security_contacts":     {prod, "essentialcontacts.googleapis.com"},
		"securitycenter.notification_configs":     {prod, "securitycenter.googleapis.com"},
		"securitycenter.sha_settings":             {prod, "securitycenter.googleapis.com"},
		"securitycenter.etd_settings":             {prod, "securitycenter.googleapis.com"},
		"compute.subnetworks":                     {prod, "compute.googleapis.com"},
		"networkmanagement.vpc_flow_logs_configs": {prod, "networkmanagement.googleapis.com"},
		"logging.sinks":                           {prod, "logging.googleapis.com"},
		"logging.buckets":                         {prod, "logging.googleapis.com"},
		"storage.buckets":                         {prod, "storage.googleapis.com"},
		"cloudfunctions.functions":                {org, "cloudfunctions.googleapis.com"},
		"eventarc.triggers":                       {org, "eventarc.googleapis.com"},
	}
	for name, w := range wantDisabled {
		var d struct {
			ServiceDisabled []map[string]string `json:"serviceDisabled"`
		}
		if err := json.Unmarshal(w.snap.Sections[name].Data, &d); err != nil {
			t.Fatal(err)
		}
		want := []map[string]string{{"parent": entry["parent"], "consumer": entry["consumer"], "service": w.service}}
		if !reflect.DeepEqual(d.ServiceDisabled, want) {
			t.Errorf("%s of %s: serviceDisabled = %v, want %v", name, w.snap.Scope.ID, d.ServiceDisabled, want)
		}
	}
	// Essential Contacts disabled in the project: the contacts it inherits
	// are computed for its folder.
	var contacts contactsData
	if err := json.Unmarshal(prod.Sections["essentialcontacts.security_contacts"].Data, &contacts); err != nil {
		t.Fatal(err)
	}
	if contacts.Parent != "projects/acme-prod" || contacts.ComputedFor != "folders/456" {
		t.Errorf("essentialcontacts.security_contacts = %s, want contacts computed for folders/456", prod.Sections["essentialcontacts.security_contacts"].Data)
	}
	// What a project without the API has: nothing, and no effective
	// detector settings.
	var sha struct {
		Settings  []map[string]any `json:"settings"`
		Effective any              `json:"effective"`
	}
	if err := json.Unmarshal(prod.Sections["securitycenter.sha_settings"].Data, &sha); err != nil {
		t.Fatal(err)
	}
	if sha.Effective != nil || len(sha.Settings) != 2 || sha.Settings[0]["name"] != "folders/456/securityHealthAnalyticsSettings" {
		t.Errorf("sha_settings = %s", prod.Sections["securitycenter.sha_settings"].Data)
	}
	var topics topicsData
	if err := json.Unmarshal(org.Sections["pubsub.topics"].Data, &topics); err != nil {
		t.Fatal(err)
	}
	if len(topics.Topics) != 1 || topics.Topics[0].Topic != nil || len(topics.Topics[0].Subscriptions) != 0 {
		t.Errorf("pubsub.topics = %s", org.Sections["pubsub.topics"].Data)
	}
	// The calls keep their 403 and SERVICE_DISABLED.
	n := 0
	for _, c := range prod.Calls {
		if c.ErrorCode == "SERVICE_DISABLED" {
			n++
			if c.HTTPStatus != http.StatusForbidden {
				t.Errorf("%s: status %d", c.Operation, c.HTTPStatus)
			}
		}
	}
	if n == 0 {
		t.Error("no SERVICE_DISABLED call recorded")
	}
	seen := map[string]bool{}
	for _, c := range srv.Calls() {
		key := c.Method + " " + c.Path + "?" + c.Query
		if seen[key] {
			t.Errorf("called twice: %s", key)
		}
		seen[key] = true
	}

	// The same APIs disabled in the quota project (the principal's own
	// project is acme-prod): what the organisation says cannot be read.
	tok := oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "scanner-in-acme-prod", TokenType: "Bearer"})
	snaps, _ = fakeCollectWith(t, fake.Options{Fixtures: "testdata", Scenario: "disabled_apis"}, Options{Organization: "123456789012", Token: tok})
	org = snapshotOf(t, snaps, "123456789012")
	for _, name := range []string{"securitycenter.notification_configs", "logging.sinks", "securitycenter.subscription"} {
		sec := org.Sections[name]
		if sec.Status != snapshot.StatusError || !strings.Contains(sec.Error, "is disabled in projects/111111111111 (SERVICE_DISABLED; the credential's quota project") {
			t.Errorf("organisation %s: %s %q", name, sec.Status, sec.Error)
		}
	}
	if sec := org.Sections["pubsub.topics"]; sec.Status != snapshot.StatusSkipped {
		t.Errorf("organisation pubsub.topics: %s", sec.Status)
	}
}

// TestRetries: a throttled (429) or unavailable (503) first answer is
// retried with backoff, every attempt is recorded, and the scan succeeds.
func TestRetries(t *testing.T) {
	faults := []fake.Fault{
		{Path: "/v2/organizations/123456789012/sinks", Throttle: 1},
		{Path: "/v1beta2/organizations/123456789012/subscription", Errors: 1, ErrorStatus: 503},
		{Path: "/storage/v1/b/acme-org-audit-logs", Throttle: 1, Errors: 1},
		{Path: "/v3/organizations/123456789012:getIamPolicy", Errors: 1, ErrorStatus: 500},
		{Path: "/compute/v1/projects/acme-prod/aggregated/subnetworks", Throttle: 2},
		{Path: "/v3/folders", Errors: 1},
	}
	snaps, srv := fakeCollectWith(t, fake.Options{Fixtures: "../../testdata/fakecloud", Scenario: "compliant", Faults: faults},
		Options{Organization: "123456789012"})
	compareWithExpected(t, snaps, "testdata/compliant-org")
	attempts := map[string][]int{}
	for _, c := range srv.Calls() {
		attempts[c.Method+" "+c.Path] = append(attempts[c.Method+" "+c.Path], c.Status)
	}
	for path, want := range map[string][]int{
		"GET /v2/organizations/123456789012/sinks":                  {429, 200, 200}, // page 1 retried, then page 2
		"GET /v1beta2/organizations/123456789012/subscription":      {503, 200},
		"GET /storage/v1/b/acme-org-audit-logs":                     {429, 503, 200},
		"POST /v3/organizations/123456789012:getIamPolicy":          {500, 200},
		"GET /compute/v1/projects/acme-prod/aggregated/subnetworks": {429, 429, 200, 200},
		"GET /v3/folders": {503, 200, 200},
	} {
		if !slices.Equal(attempts[path], want) {
			t.Errorf("%s: statuses %v, want %v", path, attempts[path], want)
		}
	}
	// Every attempt is a call of the snapshots that used it.
	org := snapshotOf(t, snaps, "123456789012")
	var codes []string
	for _, id := range org.Sections["securitycenter.subscription"].Calls {
		for _, c := range org.Calls {
			if c.ID == id {
				codes = append(codes, fmt.Sprint(c.HTTPStatus, " ", c.ErrorCode))
			}
		}
	}
	if !slices.Equal(codes, []string{"503 UNAVAILABLE", "200 "}) {
		t.Errorf("securitycenter.subscription calls: %v", codes)
	}
}

// TestRetriesGiveUp: a read that keeps failing is retried a few times,
// then the section is error.
func TestRetriesGiveUp(t *testing.T) {
	faults := []fake.Fault{{Path: "/v1beta2/organizations/123456789012/subscription", Throttle: 100}}
	snaps, srv := fakeCollectWith(t, fake.Options{Fixtures: "../../testdata/fakecloud", Scenario: "compliant", Faults: faults},
		Options{Organization: "123456789012"})
	n := 0
	for _, c := range srv.Calls() {
		if strings.HasSuffix(c.Path, "/subscription") {
			n++
		}
	}
	if n != retryAttempts {
		t.Errorf("%d attempts, want %d", n, retryAttempts)
	}
	// Only the organisation's snapshot reads its tier in an organisation
	// scan.
	for _, s := range snaps {
		sec := s.Sections["securitycenter.subscription"]
		if s.Scope.Type != "organization" {
			if sec.Status != snapshot.StatusOK || len(sec.Calls) != 0 {
				t.Errorf("%s: %s %q %v, want ok without a call", s.Scope.ID, sec.Status, sec.Error, sec.Calls)
			}
			continue
		}
		if sec.Status != snapshot.StatusError || !strings.Contains(sec.Error, "429") || len(sec.Calls) != retryAttempts {
			t.Errorf("%s: %s %q %v", s.Scope.ID, sec.Status, sec.Error, sec.Calls)
		}
	}
}

// TestRetryTransport: only reads are retried, Retry-After is honoured.
func TestRetryTransport(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) == 1 {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	rt := &retryTransport{base: http.DefaultTransport}
	do := func(method, path, body string) (int, time.Duration) {
		hits.Store(0)
		req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		start := time.Now()
		resp, err := rt.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode, time.Since(start)
	}
	if code, took := do(http.MethodPost, "/v3/projects/p:getIamPolicy", `{"options":{}}`); code != 200 || took < time.Second || hits.Load() != 2 {
		t.Errorf("getIamPolicy: %d after %s and %d attempts", code, took, hits.Load())
	}
	if code, _ := do(http.MethodPost, "/v3/projects/p:setIamPolicy", `{}`); code != 503 || hits.Load() != 1 {
		t.Errorf("setIamPolicy: %d after %d attempts", code, hits.Load())
	}
	for _, tc := range []struct {
		v    string
		want time.Duration
		ok   bool
	}{{"3", 3 * time.Second, true}, {"", 0, false}, {"soon", 0, false},
		{time.Unix(100, 0).UTC().Format(http.TimeFormat), 40 * time.Second, true}} {
		d, ok := retryAfter(tc.v, time.Unix(60, 0))
		if d != tc.want || ok != tc.ok {
			t.Errorf("retryAfter(%q) = %s %v", tc.v, d, ok)
		}
	}
}

// countingTransport records the most requests in flight at once.
type countingTransport struct {
	mu       sync.Mutex
	cur, max int
}

func (c *countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	c.mu.Lock()
	c.cur++
	c.max = max(c.max, c.cur)
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		c.cur--
		c.mu.Unlock()
	}()
	return http.DefaultTransport.RoundTrip(req)
}

// TestParallelBoundsRequestsInFlight: --parallel bounds the requests in
// flight across every scope and section.
func TestParallelBoundsRequestsInFlight(t *testing.T) {
	for _, n := range []int{1, 3} {
		ct := &countingTransport{}
		snaps, _ := fakeCollectWith(t, fake.Options{Fixtures: "../../testdata/fakecloud", Scenario: "compliant", Latency: 5 * time.Millisecond},
			Options{Organization: "123456789012", Parallel: n, Transport: ct})
		if ct.max > n {
			t.Errorf("parallel %d: %d requests in flight", n, ct.max)
		}
		if n > 1 && ct.max < 2 {
			t.Errorf("parallel %d: never more than %d request in flight", n, ct.max)
		}
		for _, s := range snaps {
			for name, sec := range s.Sections {
				if sec.Status != snapshot.StatusOK {
					t.Errorf("parallel %d: %s %s: %s", n, s.Scope.ID, name, sec.Status)
				}
			}
		}
	}
}

// TestExpectedSnapshotsAreCurrent: the expected snapshots hold every GCP
// section the collector writes.
func TestExpectedSnapshotsAreCurrent(t *testing.T) {
	files, _ := filepath.Glob("testdata/compliant-*/*.json")
	if len(files) == 0 {
		t.Fatal("no expected snapshots")
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var s snapshot.Snapshot
		if err := json.Unmarshal(raw, &s); err != nil {
			t.Fatal(err)
		}
		for _, sp := range sectionSpecs {
			if _, ok := s.Sections[sp.name]; !ok {
				t.Errorf("%s: no %s", f, sp.name)
			}
		}
	}
}
