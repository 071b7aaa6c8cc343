package main

// End-to-end tests of `irscan scan gcp` and `irscan collect gcp`: the real
// google.golang.org/api clients of the collector, run by the CLI in-process,
// against fakecloud's GCP half (internal/fakecloud/gcp) serving the scenarios of
// testdata/fakecloud/gcp/ over HTTP on loopback. Credentials are Application
// Default Credentials (a service-account key file from fakegcp.CredentialsJSON,
// whose token_uri is the fake) or --access-token-file. Each scenario's README
// holds an "Expected findings" table (the format of testdata/demo/README.md)
// that the scan must reproduce exactly. The finding, table and snapshot
// helpers are those of scan_aws_test.go, and the SECTIONS.md dependency
// helpers (unreadSections, erroredChecks) too.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	fakegcp "github.com/irscan/irscan/internal/fakecloud/gcp"
	"github.com/irscan/irscan/snapshot"
)

const (
	gcpScenarios = fakeFixtures + "/gcp"
	// The organisations of the scenarios (compliant, api-disabled and denied
	// share one).
	compliantOrg = "123456789012"
	nothingOrg   = "234567890123"
	inheritedOrg = "345678901234"
	treeOrg      = "456789012345"
	gcpRole      = "../../docs/permissions/gcp-custom-role.yaml"
)

// fakeGCP is fakecloud's GCP half behind an httptest server. It also keeps
// what only the wire shows: the access tokens the fake's token endpoint
// issued, the Authorization headers of the API calls, and the largest number
// of requests (and of projects) in flight at once.
type fakeGCP struct {
	srv *fakegcp.Server
	url string

	mu     sync.Mutex
	issued []string
	auth   map[string]int
	meter  inflightMeter
}

// startGCP serves a scenario of testdata/fakecloud/gcp for the test.
func startGCP(t *testing.T, scenario string, opts fakegcp.Options) *fakeGCP {
	t.Helper()
	opts.Fixtures, opts.Scenario = fakeFixtures, scenario
	srv, err := fakegcp.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeGCP{srv: srv, auth: map[string]int{}}
	ts := httptest.NewServer(f)
	t.Cleanup(ts.Close)
	f.url = ts.URL
	return f
}

// projectOfRequest is the project a request is about: projects/<id> in the
// path, or Cloud Storage's ?project=.
var projectInPath = regexp.MustCompile(`/projects/([a-z][a-z0-9-]{4,28}[a-z0-9])(/|:|$)`)

func projectOfRequest(r *http.Request) string {
	if m := projectInPath.FindStringSubmatch(r.URL.Path); m != nil {
		return m[1]
	}
	return r.URL.Query().Get("project")
}

func (f *fakeGCP) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == fakegcp.TokenPath {
		// ADC: keep the access tokens the fake hands out.
		tee := &teeWriter{ResponseWriter: w}
		f.srv.ServeHTTP(tee, r)
		var tok struct {
			AccessToken string `json:"access_token"`
		}
		if json.Unmarshal(tee.body.Bytes(), &tok) == nil && tok.AccessToken != "" {
			f.mu.Lock()
			f.issued = append(f.issued, tok.AccessToken)
			f.mu.Unlock()
		}
		return
	}
	if strings.HasPrefix(r.URL.Path, fakegcp.ControlPrefix) {
		f.srv.ServeHTTP(w, r)
		return
	}
	project := projectOfRequest(r)
	f.mu.Lock()
	f.auth[r.Header.Get("Authorization")]++
	f.mu.Unlock()
	f.meter.serve(w, r, project, f.srv)
}

// peak is the largest number of requests in flight at once, and of projects
// with a request in flight.
func (f *fakeGCP) peak() (requests, projects int) { return f.meter.peak() }

// authorizations are the Authorization headers the API calls carried.
func (f *fakeGCP) authorizations() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Sorted(maps.Keys(f.auth))
}

// issuedTokens are the access tokens the fake's token endpoint handed out.
func (f *fakeGCP) issuedTokens() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.issued)
}

// gcpEnv gives Application Default Credentials exactly one source: a
// service-account key file for the scenario's principal whose token_uri is
// the fake. gcloud's configuration directory is empty and the metadata
// server is never asked, so nothing of the machine running the tests leaks
// in. It returns the key file.
func gcpEnv(t *testing.T, f *fakeGCP) []byte {
	t.Helper()
	sc := f.srv.Scenario()
	if len(sc.Principals) == 0 {
		t.Fatal("the scenario names no principal")
	}
	p := sc.Principals[0]
	key, err := fakegcp.CredentialsJSON(f.url, p.Email, p.Project)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "adc.json")
	if err := os.WriteFile(file, key, 0o600); err != nil {
		t.Fatal(err)
	}
	gcpHermeticEnv(t)
	t.Setenv("GOOGLE_APPLICATION_CREDENTIALS", file)
	return key
}

// runGCP runs the CLI in-process with the ADC of the scenario's principal.
func runGCP(t *testing.T, f *fakeGCP, args ...string) awsRun {
	t.Helper()
	gcpEnv(t, f)
	code, stdout, stderr := irscan(t, args...)
	return awsRun{code: code, stdout: stdout, stderr: stderr}
}

// scanGCP runs `irscan scan gcp --endpoint-url <fake>` with --format json
// (unless args give --format) and a fresh --out directory.
func scanGCP(t *testing.T, f *fakeGCP, args ...string) awsRun {
	t.Helper()
	out := t.TempDir()
	all := []string{"scan", "gcp", "--endpoint-url", f.url, "--out", out}
	if !slices.ContainsFunc(args, func(a string) bool { return a == "--format" || strings.HasPrefix(a, "--format=") }) {
		all = append(all, "--format", "json")
	}
	r := runGCP(t, f, append(all, args...)...)
	r.out = out
	return r
}

// orgScan is the scope flag of a full organisation scan.
func orgScan(org string) []string { return []string{"--organization", org} }

// gcpTable parses the findings table under a README heading (up to the next
// "## " heading) into sorted "check resource region status" lines, as
// expectedFindings does for "## Expected findings".
func gcpTable(t *testing.T, readme, heading string) []string {
	t.Helper()
	raw, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(raw), "\n"+heading+"\n")
	if !ok {
		t.Fatalf("%s has no %q section", readme, heading)
	}
	table, _, _ = strings.Cut(table, "\n## ")
	var want []string
	for _, line := range strings.Split(table, "\n") {
		if m := expectedRow.FindStringSubmatch(line); m != nil {
			want = append(want, strings.Join(m[1:], " "))
		}
	}
	if len(want) == 0 {
		t.Fatalf("%s: no findings parsed under %q", readme, heading)
	}
	slices.Sort(want)
	return want
}

// wantScopes are the snapshot scopes a scan of the scenario writes: the
// organisation (with --organization) and every project below the
// organisation or --folder, as "type/id".
func wantScopes(sc *fakegcp.Scenario, args []string) []string {
	root, out := "", []string{}
	for i := 0; i+1 < len(args); i++ {
		switch args[i] {
		case "--organization":
			root = "organizations/" + args[i+1]
			out = append(out, "organization/"+args[i+1])
		case "--folder":
			root = "folders/" + args[i+1]
		}
	}
	parents := map[string]string{}
	for _, fd := range sc.Folders {
		parents["folders/"+fd.ID] = fd.Parent
	}
	for _, p := range sc.Projects {
		for up := p.Parent; up != ""; up = parents[up] {
			if up == root {
				out = append(out, "project/"+p.ID)
				break
			}
		}
	}
	slices.Sort(out)
	return out
}

// snapshotScopes are the scopes of the snapshots as "type/id", sorted.
func snapshotScopes(snaps []*snapshot.Snapshot) []string {
	var out []string
	for _, s := range snaps {
		out = append(out, s.Scope.Type+"/"+s.Scope.ID)
	}
	slices.Sort(out)
	return out
}

// isGCPRead is the read-only rule: a GET, or the POST of :getIamPolicy.
func isGCPRead(method, path string) bool {
	return method == http.MethodGet || method == http.MethodPost && strings.HasSuffix(path, ":getIamPolicy")
}

// checkGCPSnapshotCalls: every call a snapshot records is one the fake
// served, found by the request ID the fake issued, with the same method,
// path, status and error reason. It returns the request IDs the snapshots
// record.
func checkGCPSnapshotCalls(t *testing.T, f *fakeGCP, snaps []*snapshot.Snapshot) map[string]bool {
	t.Helper()
	issued := map[string]fakegcp.Call{}
	for _, c := range f.srv.Calls() {
		issued[c.RequestID] = c
	}
	recorded := map[string]bool{}
	for _, s := range snaps {
		for _, c := range s.Calls {
			recorded[c.RequestID] = true
			fc, ok := issued[c.RequestID]
			if !ok {
				t.Errorf("%s: snapshot call %s (%s) has request ID %q, which the fake never issued", s.Scope.ID, c.ID, c.Operation, c.RequestID)
				continue
			}
			errorCode := c.ErrorCode
			if fc.ErrorReason == "" && fc.Status >= 400 {
				errorCode = "" // the fake sent no reason: the collector names the status
			}
			if c.Operation != fc.Method+" "+fc.Path || c.HTTPStatus != fc.Status || errorCode != fc.ErrorReason {
				t.Errorf("%s: snapshot call %s = %s %d %q, but request %s was %s %s %d %q", s.Scope.ID, c.ID, c.Operation, c.HTTPStatus, c.ErrorCode, c.RequestID, fc.Method, fc.Path, fc.Status, fc.ErrorReason)
			}
			if fc.Status >= 400 && c.ErrorCode == "" {
				t.Errorf("%s: snapshot call %s answered %d without an error code", s.Scope.ID, c.ID, c.HTTPStatus)
			}
		}
	}
	return recorded
}

// checkServiceDisabledIsData: every API disabled in a project of the
// scenario answered SERVICE_DISABLED at least once; every section that cites
// such an answer is ok, and the section the answer filled names the project
// and the service in its serviceDisabled list.
func checkServiceDisabledIsData(t *testing.T, f *fakeGCP, snaps []*snapshot.Snapshot) {
	t.Helper()
	refused := map[string]fakegcp.Call{}
	seen := map[string]bool{}
	for _, c := range f.srv.Calls() {
		if c.Fault != "service-disabled" {
			continue
		}
		if c.ErrorReason != "SERVICE_DISABLED" || c.Status != http.StatusForbidden {
			t.Errorf("%s %s: fault %q with %d %s", c.Method, c.Path, c.Fault, c.Status, c.ErrorReason)
		}
		refused[c.RequestID] = c
		seen[projectInPath.FindStringSubmatch(c.Path)[1]+" "+c.API] = true
	}
	for _, p := range f.srv.Scenario().Projects {
		for _, api := range p.DisabledAPIs {
			if !seen[p.ID+" "+api] {
				t.Errorf("%s is disabled in %s, but no call about it answered SERVICE_DISABLED", api, p.ID)
			}
		}
	}
	for _, s := range snaps {
		ids := map[string]string{}
		for _, c := range s.Calls {
			ids[c.ID] = c.RequestID
		}
		listed := map[string]bool{}
		for name, sec := range s.Sections {
			var data struct {
				ServiceDisabled []struct{ Parent, Service string } `json:"serviceDisabled"`
			}
			_ = json.Unmarshal(sec.Data, &data)
			for _, id := range sec.Calls {
				fc, ok := refused[ids[id]]
				if !ok {
					continue
				}
				if sec.Status != snapshot.StatusOK {
					t.Errorf("%s: section %s cites the SERVICE_DISABLED answer to %s but is %s (%s)", s.Scope.ID, name, fc.Path, sec.Status, sec.Error)
				}
				project := "projects/" + projectInPath.FindStringSubmatch(fc.Path)[1]
				if slices.ContainsFunc(data.ServiceDisabled, func(e struct{ Parent, Service string }) bool {
					return e.Parent == project && e.Service == fc.API
				}) {
					listed[fc.RequestID] = true
				}
			}
		}
		// Each answer is listed by the section it filled (sections filled
		// after it cite it too).
		for _, rid := range ids {
			if fc, ok := refused[rid]; ok && !listed[rid] {
				t.Errorf("%s: no section lists the SERVICE_DISABLED answer to %s %s in its serviceDisabled", s.Scope.ID, fc.Method, fc.Path)
			}
		}
	}
}

// gcpScenarioCase is one scan of TestGCPScenariosMatchREADME.
type gcpScenarioCase struct {
	name, scenario string
	// readme holds the table (default: the scenario's README.md), under
	// heading (default: "## Expected findings").
	readme, heading string
	args            []string
	exit            int
	// says: findings (by "check resource region status") whose message
	// must contain a text: where a setting came from.
	says map[string]string
}

// TestGCPScenariosMatchREADME scans every GCP scenario with several report
// formats and compares the findings with the scenario's README, and the
// exit code with the one the README promises.
func TestGCPScenariosMatchREADME(t *testing.T) {
	inhOrg := "organizations/" + inheritedOrg
	for _, tc := range []gcpScenarioCase{
		{name: "compliant", scenario: "compliant", readme: "testdata/gcp-compliant.md", args: orgScan(compliantOrg), exit: exitOK},
		{name: "nothing", scenario: "nothing", args: orgScan(nothingOrg), exit: exitFindings},
		{name: "inherited", scenario: "inherited", args: orgScan(inheritedOrg), exit: exitFindings, says: map[string]string{
			"GCP-IR3-02 //securitycenter.googleapis.com/projects/inh-sandbox/eventThreatDetectionSettings  fail":                                 "DISABLED (inherited from folders/789)",
			"GCP-IR4-01 //cloudresourcemanager.googleapis.com/projects/inh-sandbox  fail":                                                        "exempts serviceAccount:sandbox-ci@inh-sandbox.iam.gserviceaccount.com (set on folders/789)",
			"GCP-IR2-01 //cloudresourcemanager.googleapis.com/projects/inh-payments  pass":                                                       "set on " + inhOrg + "; at least one",
			"GCP-IR2-02 //cloudresourcemanager.googleapis.com/projects/inh-payments  pass":                                                       "Judged on " + inhOrg + "'s evidence (snapshot ",
			"GCP-IR4-02 //compute.googleapis.com/projects/inh-payments/regions/europe-west1/subnetworks/payments-europe-west1 europe-west1 pass": "org-all-networks (on organisation " + inhOrg + ")",
		}},
		{name: "inherited-folder", scenario: "inherited", heading: "## Findings of a `--folder 678` scan", args: []string{"--folder", "678"}, exit: exitOK, says: map[string]string{
			"GCP-IR2-01 //cloudresourcemanager.googleapis.com/projects/inh-payments  pass":                        "set on " + inhOrg,
			"GCP-IR3-02 //securitycenter.googleapis.com/projects/inh-payments/eventThreatDetectionSettings  pass": "inherited from " + inhOrg,
			"GCP-IR3-02 //securitycenter.googleapis.com/projects/inh-web/securityHealthAnalyticsSettings  pass":   "inherited from " + inhOrg,
			"GCP-IR4-01 //cloudresourcemanager.googleapis.com/projects/inh-web  pass":                             "DATA_WRITE (inherited from " + inhOrg + ")",
			"GCP-IR4-03 //cloudresourcemanager.googleapis.com/projects/inh-payments  pass":                        "org-all-logs (inherited from " + inhOrg + ", with includeChildren)",
			"GCP-IR5-01 //cloudresourcemanager.googleapis.com/projects/inh-web  pass":                             inhOrg + "/notificationConfigs/scc-active-high-critical",
			"GCP-IR6-01 //cloudresourcemanager.googleapis.com/projects/inh-web  pass":                             "Cloud Function projects/inh-secops/locations/europe-west1/functions/scc-contain",
			"GCP-IR2-02 //cloudresourcemanager.googleapis.com/projects/inh-payments  pass":                        inhOrg + "/notificationConfigs/scc-active-high-critical publishes to projects/inh-secops/topics/scc-findings",
		}},
		{name: "api-disabled", scenario: "api-disabled", args: orgScan(compliantOrg), exit: exitFindings, says: map[string]string{
			"GCP-IR2-01 //cloudresourcemanager.googleapis.com/projects/acme-data  pass":                           "Essential Contacts API is disabled in projects/acme-data (SERVICE_DISABLED)",
			"GCP-IR3-02 //securitycenter.googleapis.com/projects/acme-data/securityHealthAnalyticsSettings  fail": "Security Command Center API is disabled in projects/acme-data (SERVICE_DISABLED)",
			"GCP-IR6-01 //cloudresourcemanager.googleapis.com/organizations/123456789012  fail":                   "disabled: cloudfunctions.googleapis.com in projects/acme-data",
		}},
		{name: "denied", scenario: "denied", args: orgScan(compliantOrg), exit: exitErrors},
		{name: "org-tree", scenario: "org-tree", args: orgScan(treeOrg), exit: exitFindings, says: map[string]string{
			"GCP-IR2-01 //cloudresourcemanager.googleapis.com/projects/tree-app  pass":    "set on folders/345, organizations/" + treeOrg,
			"GCP-IR4-01 //cloudresourcemanager.googleapis.com/projects/tree-app  fail":    "exempts serviceAccount:app-batch@tree-app.iam.gserviceaccount.com (set on projects/tree-app)",
			"GCP-IR4-03 //cloudresourcemanager.googleapis.com/projects/tree-secops  pass": "sink org-all-logs (inherited from organizations/" + treeOrg + ", with includeChildren)",
			"GCP-IR6-01 //cloudresourcemanager.googleapis.com/projects/tree-app  pass":    "is consumed by Cloud Function projects/tree-secops/locations/europe-west1/functions/scc-contain (ACTIVE)",
		}},
		{name: "org-tree-broken", scenario: "org-tree-broken", args: orgScan(treeOrg), exit: exitFindings, says: map[string]string{
			"GCP-IR2-02 //cloudresourcemanager.googleapis.com/projects/tree-app  fail":    "topic projects/tree-secops/topics/scc-findings has no subscription",
			"GCP-IR4-01 //cloudresourcemanager.googleapis.com/projects/tree-secops  fail": "DATA_READ is not enabled for allServices",
			"GCP-IR4-01 //cloudresourcemanager.googleapis.com/projects/tree-app  fail":    "(set on projects/tree-app)",
			"GCP-IR4-03 //cloudresourcemanager.googleapis.com/projects/tree-secops  fail": "its filter is 'severity >= WARNING'",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			readme := tc.readme
			if readme == "" {
				readme = filepath.Join(gcpScenarios, tc.scenario, "README.md")
			}
			var want []string
			if tc.heading == "" {
				want = expectedFindings(t, readme)
			} else {
				want = gcpTable(t, readme, tc.heading)
			}
			f := startGCP(t, tc.scenario, fakegcp.Options{})
			r := scanGCP(t, f, append([]string{"--format", "table,sarif,html,json"}, tc.args...)...)
			if r.code != tc.exit {
				t.Errorf("exit %d, want %d; stderr: %s", r.code, tc.exit, r.stderr)
			}
			if r.stderr != "" {
				t.Errorf("stderr not empty: %s", r.stderr)
			}
			fs := readFindings(t, r.out)
			if got := findingKeys(fs); !slices.Equal(got, want) {
				t.Errorf("findings differ from %s:%s", readme, diffKeys(got, want))
			}

			checkReportFiles(t, r, fs)

			// One snapshot per project, plus one for the organisation.
			snaps := readSnapshots(t, filepath.Join(r.out, "snapshots"))
			if got, want := snapshotScopes(snaps), wantScopes(f.srv.Scenario(), tc.args); !slices.Equal(got, want) {
				t.Errorf("snapshots for %v, want %v (one per project, plus the organisation)", got, want)
			}
			checkGCPSnapshotCalls(t, f, snaps)

			// The scan only read, and the scenario answered every call from
			// a file or from scenario.yaml, never from the missing-fixture
			// fallback.
			if v := f.srv.Violations(); len(v) > 0 {
				t.Errorf("the scan attempted writes: %+v", v)
			}
			for _, c := range f.srv.Calls() {
				if !isGCPRead(c.Method, c.Path) {
					t.Errorf("%s %s is not a read", c.Method, c.Path)
				}
				if strings.Contains(c.Fault, "missing-fixture") {
					t.Errorf("call without a fixture: %s %s?%s (%s)", c.Method, c.Path, c.Query, c.Route)
				}
			}

			// The findings say where the deciding setting is set.
			byKey := map[string]awsFinding{}
			for _, fd := range fs {
				byKey[fd.key()] = fd
			}
			for key, text := range tc.says {
				if fd, ok := byKey[key]; !ok {
					t.Errorf("no finding %s", key)
				} else if !strings.Contains(fd.Message, text) {
					t.Errorf("%s: message does not say %q: %s", key, text, fd.Message)
				}
			}
			// A project finding that follows its organisation names it and
			// points into its snapshot, written by the same scan; exactly
			// the README's "follows" rows do.
			checkGCPOwners(t, readme, tc.heading, r.out)

			// Errors name the permission that was missing; a disabled API is
			// never one.
			for _, fd := range fs {
				if fd.Status != "error" {
					continue
				}
				if tc.scenario != "denied" || !slices.ContainsFunc(f.srv.Scenario().Deny, func(d fakegcp.DenyRule) bool {
					return strings.Contains(fd.Message, "(missing "+d.Permission+")")
				}) {
					t.Errorf("%s error on %s does not name a denied permission: %s", fd.CheckID, fd.Scope.ID, fd.Message)
				}
			}
			switch tc.scenario {
			case "api-disabled":
				checkServiceDisabledIsData(t, f, snaps)
			case "denied":
				for _, c := range f.srv.Calls() {
					if c.Fault == "denied" && !slices.ContainsFunc(f.srv.Scenario().Deny, func(d fakegcp.DenyRule) bool {
						return d.Permission == c.Permission && d.Resource == c.Resource
					}) {
						t.Errorf("%s on %s was refused, but no deny rule names it", c.Permission, c.Resource)
					}
				}
			}
		})
	}
}

// TestGCPCompliantCallLog: a full organisation scan only reads (GET and the
// POST of :getIamPolicy), reads nothing twice (same method, path and query),
// needs only the documented custom role's permissions, and every call is in
// a snapshot with the request ID the fake issued for it.
func TestGCPCompliantCallLog(t *testing.T) {
	f := startGCP(t, "compliant", fakegcp.Options{})
	r := scanGCP(t, f, orgScan(compliantOrg)...)
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if v := f.srv.Violations(); len(v) != 0 {
		t.Errorf("writes attempted: %+v", v)
	}
	calls := f.srv.Calls()
	if len(calls) < 40 {
		t.Fatalf("only %d calls recorded by the fake", len(calls))
	}
	role := rolePermissions(t)
	seen := map[string]int{}
	posts := 0
	for _, c := range calls {
		if c.Violation || c.Fault != "" || c.Status != http.StatusOK {
			t.Errorf("call %s %s: status %d, fault %q", c.Method, c.Path, c.Status, c.Fault)
		}
		if !isGCPRead(c.Method, c.Path) {
			t.Errorf("%s %s is not a read", c.Method, c.Path)
		}
		if c.Method == http.MethodPost {
			posts++
		}
		key := c.Method + " " + c.Path + "?" + c.Query
		if seen[key]++; seen[key] == 2 {
			t.Errorf("duplicate call: %s", key)
		}
		if c.RequestID == "" {
			t.Errorf("%s %s: the fake issued no request ID", c.Method, c.Path)
		}
		if !slices.Contains(role, c.Permission) {
			t.Errorf("%s %s needs %s, which the custom role lacks", c.Method, c.Path, c.Permission)
		}
	}
	if posts != 4 { // the IAM policies of the organisation, the folder and the two projects
		t.Errorf("%d :getIamPolicy POSTs, want 4", posts)
	}

	snaps := readSnapshots(t, filepath.Join(r.out, "snapshots"))
	if got, want := snapshotScopes(snaps), []string{"organization/" + compliantOrg, "project/acme-data", "project/acme-prod"}; !slices.Equal(got, want) {
		t.Fatalf("snapshots %v, want %v", got, want)
	}
	// Every call is in a snapshot: a read shared by several scopes (the
	// organisation's settings, the scope resolution) is in each of them.
	recorded := checkGCPSnapshotCalls(t, f, snaps)
	for _, c := range calls {
		if !recorded[c.RequestID] {
			t.Errorf("%s %s (request %s) is in no snapshot", c.Method, c.Path, c.RequestID)
		}
	}
	for _, s := range snaps {
		for name, sec := range s.Sections {
			if sec.Status != snapshot.StatusOK {
				t.Errorf("%s: section %s: %s (%s)", s.Scope.ID, name, sec.Status, sec.Error)
			}
			// An organisation holds no subnet or bucket, and a project of
			// an organisation scan leaves the SCC tier to the
			// organisation's snapshot: those sections make no call there
			// (SECTIONS.md).
			noCall := s.Scope.Type == "organization" && (name == "compute.subnetworks" || name == "storage.buckets") ||
				s.Scope.Type == "project" && name == "securitycenter.subscription"
			if n := len(sec.AllCalls()); noCall != (n == 0) {
				t.Errorf("%s: section %s cites %d calls", s.Scope.ID, name, n)
			}
		}
	}
}

// rolePermissions are the includedPermissions of the documented custom role,
// checked to be a gcloud custom role of single, read-only permissions.
func rolePermissions(t *testing.T) []string {
	t.Helper()
	raw, err := os.ReadFile(gcpRole)
	if err != nil {
		t.Fatal(err)
	}
	var role struct {
		Title               string   `yaml:"title"`
		Description         string   `yaml:"description"`
		Stage               string   `yaml:"stage"`
		IncludedPermissions []string `yaml:"includedPermissions"`
	}
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	if err := dec.Decode(&role); err != nil {
		t.Fatalf("%s: %v", gcpRole, err)
	}
	if role.Title == "" || role.Description == "" || role.Stage != "GA" || len(role.IncludedPermissions) == 0 {
		t.Fatalf("%s is not a custom role with title, description, stage GA and includedPermissions", gcpRole)
	}
	readVerb := regexp.MustCompile(`^[a-z]+\.[a-zA-Z]+\.(get|list|getIamPolicy|calculate)$`)
	seen := map[string]bool{}
	for _, p := range role.IncludedPermissions {
		if !readVerb.MatchString(p) || seen[p] {
			t.Errorf("%s: %q is not one read permission (or is listed twice)", gcpRole, p)
		}
		seen[p] = true
	}
	return role.IncludedPermissions
}

// gcpSections is the GCP part of snapshot/SECTIONS.md.
func gcpSections(t *testing.T) string {
	t.Helper()
	raw, err := os.ReadFile("../../snapshot/SECTIONS.md")
	if err != nil {
		t.Fatal(err)
	}
	_, part, ok := strings.Cut(string(raw), "\n## GCP\n")
	if !ok {
		t.Fatal("SECTIONS.md has no GCP part")
	}
	return part
}

var gcpPermission = regexp.MustCompile("`([a-z]+(?:\\.[a-zA-Z]+){2,3})`")

// scopeResolution names the section whose permissions resolve the scope:
// without one of them the scan stops (exit 2) instead of reporting checks.
const scopeResolution = "resourcemanager.ancestry"

// gcpSectionPermissions reads the GCP part of snapshot/SECTIONS.md: for
// every section the IAM permissions of its **Permission(s)** entry, and the
// sections each one is filled after (not attempted when those cannot be
// read).
func gcpSectionPermissions(t *testing.T) (perms, deps map[string][]string) {
	t.Helper()
	part := gcpSections(t)
	perms, deps = map[string][]string{}, map[string][]string{}
	heads := sectionHeading.FindAllStringSubmatchIndex(part, -1)
	for i, h := range heads {
		name := part[h[2]:h[3]]
		end := len(part)
		if i+1 < len(heads) {
			end = heads[i+1][0]
		}
		block := strings.Join(strings.Fields(part[h[1]:end]), " ")
		_, p, ok := strings.Cut(block, "- **Permission")
		if !ok {
			t.Fatalf("SECTIONS.md: section %s has no Permission entry", name)
		}
		p, _, _ = strings.Cut(p, " - **")
		for _, m := range gcpPermission.FindAllStringSubmatch(p, -1) {
			perms[name] = append(perms[name], m[1])
		}
		if len(perms[name]) == 0 {
			t.Fatalf("SECTIONS.md: section %s names no GCP permission", name)
		}
		for _, m := range filledAfter.FindAllStringSubmatch(block, -1) {
			deps[name] = append(deps[name], m[1])
		}
	}
	if len(perms) != 16 {
		t.Fatalf("parsed permissions of %d GCP sections, want 16: %v", len(perms), perms)
	}
	return perms, deps
}

// TestGCPPermissionsRole: the documented custom role is exactly what an
// organisation scan and a --project scan use, and enough for scans without
// any error; without one of its permissions, exactly the checks that read a
// section filled with it (by the checks' `requires` and SECTIONS.md) are
// error naming it, and without one that resolves the scope the scan stops
// naming it.
func TestGCPPermissionsRole(t *testing.T) {
	role := rolePermissions(t)
	allow, err := fakegcp.ReadPermissions(gcpRole)
	if err != nil {
		t.Fatal(err)
	}
	f := startGCP(t, "compliant", fakegcp.Options{Allow: allow})
	full := scanGCP(t, f, orgScan(compliantOrg)...)
	if full.code != exitOK {
		t.Errorf("organisation scan with the documented role: exit %d, want 0: %s", full.code, full.stderr)
	}
	baseline := readFindings(t, full.out)
	fp := startGCP(t, "compliant", fakegcp.Options{Allow: allow})
	project := scanGCP(t, fp, "--project", "acme-prod")
	if project.code != exitOK {
		t.Errorf("--project scan with the documented role: exit %d, want 0: %s", project.code, project.stderr)
	}
	for _, fd := range append(slices.Clone(baseline), readFindings(t, project.out)...) {
		if fd.Status == "error" {
			t.Errorf("with the documented role, %s on %s is error: %s", fd.CheckID, fd.Scope.ID, fd.Message)
		}
	}
	// The role has exactly the permissions the two scans used.
	usedBy := func(f *fakeGCP) map[string]bool {
		used := map[string]bool{}
		for _, c := range f.srv.Calls() {
			if c.Fault != "" {
				t.Errorf("%s %s: fault %q under the documented role", c.Method, c.Path, c.Fault)
			}
			used[c.Permission] = true
		}
		return used
	}
	orgUsed, projectUsed := usedBy(f), usedBy(fp)
	used := maps.Clone(orgUsed)
	maps.Copy(used, projectUsed)
	if got, want := slices.Sorted(maps.Keys(used)), slices.Sorted(slices.Values(role)); !slices.Equal(got, want) {
		t.Errorf("the scans used the permissions\n  %v\nthe role lists\n  %v", got, want)
	}

	requires := checkRequires(t, "gcp", 14)
	perms, deps := gcpSectionPermissions(t)
	// Every permission a section documents is in the role.
	for name, ps := range perms {
		for _, p := range ps {
			if !slices.Contains(role, p) {
				t.Errorf("section %s needs %s, which the role lacks", name, p)
			}
		}
	}

	remove := role
	if testing.Short() {
		remove = []string{"securitycenter.notificationconfig.list"}
	}
	for _, perm := range remove {
		t.Run(perm, func(t *testing.T) {
			allowed, err := fakegcp.ParsePermissions([]byte(strings.Join(slices.DeleteFunc(slices.Clone(role), func(p string) bool { return p == perm }), "\n")))
			if err != nil {
				t.Fatal(err)
			}
			if slices.Contains(perms[scopeResolution], perm) || perm == "resourcemanager.organizations.get" {
				// SECTIONS.md's scope resolution does not name
				// resourcemanager.organizations.get, which --organization reads.
				checkWithoutScopePermission(t, perm, allowed, orgUsed[perm], projectUsed[perm], baseline)
				return
			}
			want := erroredChecks(perm, requires, perms, deps)
			if len(want) == 0 {
				t.Fatalf("no check depends on %s according to SECTIONS.md and the checks' requires", perm)
			}
			f := startGCP(t, "compliant", fakegcp.Options{Allow: allowed})
			r := scanGCP(t, f, orgScan(compliantOrg)...)
			if r.code != exitErrors {
				t.Errorf("exit %d, want 3 (some checks could not be assessed): %s", r.code, r.stderr)
			}
			var got []string
			var others []awsFinding
			for _, fd := range readFindings(t, r.out) {
				if fd.Status != "error" {
					if !slices.Contains(want, fd.CheckID) {
						others = append(others, fd)
					}
					continue
				}
				if !slices.Contains(got, fd.CheckID) {
					got = append(got, fd.CheckID)
				}
				if !strings.Contains(fd.Message, "(missing "+perm+")") && !strings.Contains(fd.Message, "(denied "+perm+")") {
					t.Errorf("%s error on %s does not name %s: %s", fd.CheckID, fd.Scope.ID, perm, fd.Message)
				}
			}
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("checks in error = %v, want %v", got, want)
			}
			// Every other check gives its compliant verdict.
			var base []awsFinding
			for _, fd := range baseline {
				if !slices.Contains(want, fd.CheckID) {
					base = append(base, fd)
				}
			}
			if g, w := findingKeys(others), findingKeys(base); !slices.Equal(g, w) {
				t.Errorf("the other checks changed:%s", diffKeys(g, w))
			}
			// Only that permission was refused.
			refused := map[string]bool{}
			for _, c := range f.srv.Calls() {
				if c.Fault == "denied" {
					refused[c.RequestID] = true
					if c.Permission != perm {
						t.Errorf("%s was refused too", c.Permission)
					}
				}
			}
			if len(refused) == 0 {
				t.Fatalf("no call was refused %s", perm)
			}
			// The snapshots say why: a section read with the permission is
			// denied naming it where it needed it (and ok where it did not,
			// as compute.subnetworks on the organisation); the sections that
			// depend on it are skipped; every other section is ok.
			direct, dependents := unreadSections(perm, perms, deps)
			denied := 0
			for _, snap := range readSnapshots(t, filepath.Join(r.out, "snapshots")) {
				requests := map[string]string{}
				for _, c := range snap.Calls {
					requests[c.ID] = c.RequestID
				}
				for name, sec := range snap.Sections {
					cites := slices.ContainsFunc(sec.Calls, func(id string) bool { return refused[requests[id]] })
					switch {
					case sec.Status == snapshot.StatusDenied && slices.Contains(direct, name) && sec.Action == perm && cites:
						denied++
					case sec.Status == snapshot.StatusSkipped && slices.Contains(dependents, name) && cites && strings.Contains(sec.Error, perm):
					case sec.Status == snapshot.StatusOK && !cites:
					default:
						t.Errorf("%s: section %s: status %s, action %q, cites a refused call: %v (%s); want denied naming %s (%v), skipped (%v) or ok", snap.Scope.ID, name, sec.Status, sec.Action, cites, sec.Error, perm, direct, dependents)
					}
				}
			}
			if denied == 0 {
				t.Errorf("no section is denied naming %s", perm)
			}
		})
	}
}

// checkWithoutScopePermission: without a permission that resolves the scope,
// a scan that needs it stops with one error line naming it (exit 2, no
// snapshot), and a scan that does not need it is unchanged.
func checkWithoutScopePermission(t *testing.T, perm string, allowed *fakegcp.PermissionSet, orgNeeds, projectNeeds bool, baseline []awsFinding) {
	t.Helper()
	if !orgNeeds && !projectNeeds {
		t.Fatalf("neither scan used %s", perm)
	}
	for _, sc := range []struct {
		args  []string
		needs bool
	}{{orgScan(compliantOrg), orgNeeds}, {[]string{"--project", "acme-prod"}, projectNeeds}} {
		f := startGCP(t, "compliant", fakegcp.Options{Allow: allowed})
		r := scanGCP(t, f, sc.args...)
		if !sc.needs {
			if r.code != exitOK {
				t.Errorf("%v does not need %s: exit %d, want 0: %s", sc.args, perm, r.code, r.stderr)
			}
			if sc.args[0] == "--organization" {
				if g, w := findingKeys(readFindings(t, r.out)), findingKeys(baseline); !slices.Equal(g, w) {
					t.Errorf("%v without %s: findings changed:%s", sc.args, perm, diffKeys(g, w))
				}
			}
			continue
		}
		if r.code != exitUsage || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 || !strings.HasPrefix(r.stderr, "irscan: gcp: ") || !strings.Contains(r.stderr, perm) {
			t.Errorf("%v without %s: exit %d, stderr %q; want 2 and one line naming it", sc.args, perm, r.code, r.stderr)
		}
		if _, err := os.Stat(filepath.Join(r.out, "snapshots")); !os.IsNotExist(err) {
			t.Errorf("%v without %s left snapshots behind", sc.args, perm)
		}
	}
}

// TestGCPThrottlingRecovers: 429s and 503s (on a v1 list, a paged Compute
// list, the POST of :getIamPolicy and a Cloud Storage get) are retried by
// the collector and the scan gives the compliant verdicts; the snapshots
// record the failed attempts.
func TestGCPThrottlingRecovers(t *testing.T) {
	if testing.Short() {
		t.Skip("the collector's retry backoff makes this take a second or two")
	}
	want := expectedFindings(t, "testdata/gcp-compliant.md")
	faults := []fakegcp.Fault{
		{Path: "/v1/organizations/" + compliantOrg + "/notificationConfigs", Throttle: 2},
		{Path: "/compute/v1/projects/acme-prod/aggregated/subnetworks", Errors: 1},
		{Path: "/v3/projects/acme-data:getIamPolicy", Throttle: 1, Errors: 1, ErrorStatus: 500},
		{Path: "/storage/v1/b/acme-org-audit-logs", Errors: 2, ErrorStatus: 503},
	}
	f := startGCP(t, "compliant", fakegcp.Options{Faults: faults})
	r := scanGCP(t, f, orgScan(compliantOrg)...)
	if r.code != exitOK {
		t.Errorf("exit %d, want 0: %s", r.code, r.stderr)
	}
	if got := findingKeys(readFindings(t, r.out)); !slices.Equal(got, want) {
		t.Errorf("findings differ from the compliant ones:%s", diffKeys(got, want))
	}
	count := map[string]int{}
	failed := 0
	for _, c := range f.srv.Calls() {
		if c.Fault == "throttle" || c.Fault == "5xx" {
			failed++
			count[c.Path]++
			if c.Fault == "throttle" && c.Status != http.StatusTooManyRequests || c.Fault == "5xx" && c.Status < 500 {
				t.Errorf("%s %s: fault %s answered %d", c.Method, c.Path, c.Fault, c.Status)
			}
		}
	}
	for _, fl := range faults {
		if n := fl.Throttle + fl.Errors; count[fl.Path] != n {
			t.Errorf("%s failed %d times, want %d", fl.Path, count[fl.Path], n)
		}
	}
	// The snapshots record the failed attempts too, each where it was used.
	snaps := readSnapshots(t, filepath.Join(r.out, "snapshots"))
	recorded := checkGCPSnapshotCalls(t, f, snaps)
	for _, c := range f.srv.Calls() {
		if !recorded[c.RequestID] {
			t.Errorf("%s %s (%d, fault %q) is in no snapshot", c.Method, c.Path, c.Status, c.Fault)
		}
	}
	if failed != 7 {
		t.Errorf("%d failed attempts, want 7", failed)
	}
}

// TestGCPParallel: the projects are collected concurrently within --parallel
// requests in flight; --parallel 1 makes one request at a time; all give the
// same findings.
func TestGCPParallel(t *testing.T) {
	latency := fakegcp.Options{Latency: 10 * time.Millisecond}
	f := startGCP(t, "inherited", latency)
	def := scanGCP(t, f, orgScan(inheritedOrg)...)
	if req, projects := f.peak(); req < 4 || projects < 2 {
		t.Errorf("default scan: at most %d requests and %d projects in flight; expected concurrency", req, projects)
	}

	f3 := startGCP(t, "inherited", latency)
	three := scanGCP(t, f3, append(orgScan(inheritedOrg), "--parallel", "3")...)
	if req, projects := f3.peak(); req > 3 || req < 2 || projects < 2 {
		t.Errorf("--parallel 3: %d requests and %d projects in flight at once; want 2 or 3 requests across projects", req, projects)
	}

	f1 := startGCP(t, "inherited", latency)
	one := scanGCP(t, f1, append(orgScan(inheritedOrg), "--parallel", "1")...)
	if req, _ := f1.peak(); req != 1 {
		t.Errorf("--parallel 1: %d requests in flight at once", req)
	}
	for name, r := range map[string]awsRun{"default": def, "--parallel 3": three, "--parallel 1": one} {
		if r.code != exitFindings {
			t.Errorf("%s: exit %d, want 1: %s", name, r.code, r.stderr)
		}
	}
	w := findingKeys(readFindings(t, def.out))
	if want := expectedFindings(t, filepath.Join(gcpScenarios, "inherited", "README.md")); !slices.Equal(w, want) {
		t.Errorf("default findings differ from the README:%s", diffKeys(w, want))
	}
	for name, r := range map[string]awsRun{"--parallel 3": three, "--parallel 1": one} {
		if g := findingKeys(readFindings(t, r.out)); !slices.Equal(g, w) {
			t.Errorf("%s findings differ from the default:%s", name, diffKeys(g, w))
		}
	}
}

// TestGCPProjectFlag: with --organization, --project limits the scan to
// those projects (and the organisation) without reading the others; alone,
// --project collects that project, resolving its ancestry upwards, and judges
// the settings it inherits itself.
func TestGCPProjectFlag(t *testing.T) {
	// The full scan's findings of the organisation and of acme-prod.
	f := startGCP(t, "compliant", fakegcp.Options{})
	all := scanGCP(t, f, orgScan(compliantOrg)...)
	if all.code != exitOK {
		t.Fatalf("full scan: exit %d: %s", all.code, all.stderr)
	}
	var want []awsFinding
	for _, fd := range readFindings(t, all.out) {
		if fd.Scope.ID != "acme-data" {
			want = append(want, fd)
		}
	}

	f = startGCP(t, "compliant", fakegcp.Options{})
	r := scanGCP(t, f, append(orgScan(compliantOrg), "--project", "acme-prod")...)
	if r.code != exitOK {
		t.Errorf("exit %d: %s", r.code, r.stderr)
	}
	if g, w := findingKeys(readFindings(t, r.out)), findingKeys(want); !slices.Equal(g, w) {
		t.Errorf("findings differ from the full scan's for the organisation and acme-prod:%s", diffKeys(g, w))
	}
	snaps := readSnapshots(t, filepath.Join(r.out, "snapshots"))
	if got, want := snapshotScopes(snaps), []string{"organization/" + compliantOrg, "project/acme-prod"}; !slices.Equal(got, want) {
		t.Errorf("snapshots %v, want %v", got, want)
	}
	// acme-data is read only where a section names something of it: the SCC
	// notification topic, and the functions and triggers of its project.
	for _, c := range f.srv.Calls() {
		if strings.Contains(c.Path+"?"+c.Query, "acme-data") && !strings.HasPrefix(c.Route, "pubsub.") && !strings.HasPrefix(c.Route, "cloudfunctions.") && !strings.HasPrefix(c.Route, "eventarc.") {
			t.Errorf("%s %s?%s reads acme-data, which --project leaves out", c.Method, c.Path, c.Query)
		}
	}

	// --project alone: no enumeration, the project's ancestry read upwards.
	f = startGCP(t, "compliant", fakegcp.Options{})
	r = scanGCP(t, f, "--project", "acme-prod")
	if r.code != exitOK {
		t.Errorf("--project alone: exit %d: %s", r.code, r.stderr)
	}
	snaps = readSnapshots(t, filepath.Join(r.out, "snapshots"))
	if got := snapshotScopes(snaps); !slices.Equal(got, []string{"project/acme-prod"}) {
		t.Errorf("snapshots %v, want only acme-prod", got)
	}
	var routes []string
	for _, c := range f.srv.Calls() {
		if strings.HasPrefix(c.Route, "cloudresourcemanager.") && !strings.HasSuffix(c.Route, ".getIamPolicy") {
			routes = append(routes, c.Route+" "+c.Resource)
		}
	}
	slices.Sort(routes)
	if want := []string{"cloudresourcemanager.folders.get folders/456", "cloudresourcemanager.projects.get projects/acme-prod"}; !slices.Equal(routes, want) {
		t.Errorf("scope resolution %v, want %v", routes, want)
	}
	org := "organizations/" + compliantOrg
	for _, fd := range readFindings(t, r.out) {
		if fd.Scope.ID != "acme-prod" || fd.Status != "pass" && fd.Status != "manual" {
			t.Errorf("%s on %s: %s: %s", fd.CheckID, fd.Scope.ID, fd.Status, fd.Message)
		}
		// The project's snapshot holds its organisation's settings: nothing
		// is followed or left to an organisation snapshot.
		if strings.Contains(fd.Message, "Judged on organizations/") || strings.Contains(fd.Message, "is held by") {
			t.Errorf("%s leans on an organisation snapshot this scan did not write: %s", fd.CheckID, fd.Message)
		}
		// The project's own finding says where each inherited setting is set.
		if strings.HasPrefix(fd.Resource, "//securitycenter.googleapis.com/") && !strings.Contains(fd.Message, "inherited from "+org) ||
			fd.CheckID == "GCP-IR4-01" && !strings.Contains(fd.Message, "DATA_READ (inherited from "+org+")") {
			t.Errorf("%s does not say the setting is inherited from %s: %s", fd.CheckID, org, fd.Message)
		}
	}
}

// TestGCPAccessTokenFile: --access-token-file authenticates every call with
// the file's token and never asks for another; Application Default
// Credentials exchange the key file's JWT at the fake's token endpoint and
// send that token.
func TestGCPAccessTokenFile(t *testing.T) {
	want := expectedFindings(t, "testdata/gcp-compliant.md")
	token := fmt.Sprintf("ya29.irscan-e2e-%d", time.Now().UnixNano())
	file := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(file, []byte(token+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	f := startGCP(t, "compliant", fakegcp.Options{})
	gcpEnv(t, f)
	// ADC would fail: the file does not exist.
	t.Setenv("GOOGLE_APPLICATION_CREDENTIALS", filepath.Join(t.TempDir(), "missing.json"))
	out := t.TempDir()
	code, _, stderr := irscan(t, "scan", "gcp", "--endpoint-url", f.url, "--access-token-file", file, "--format", "json", "--out", out, "--organization", compliantOrg)
	if code != exitOK || stderr != "" {
		t.Errorf("exit %d, stderr %q; want 0 and nothing", code, stderr)
	}
	if got := findingKeys(readFindings(t, out)); !slices.Equal(got, want) {
		t.Errorf("findings differ from the compliant ones:%s", diffKeys(got, want))
	}
	if got := f.authorizations(); !slices.Equal(got, []string{"Bearer " + token}) {
		t.Errorf("calls authenticated with %q, want only the file's token", got)
	}
	if n := len(f.issuedTokens()); n != 0 {
		t.Errorf("the token endpoint issued %d tokens; --access-token-file needs none", n)
	}
	// An empty token file: one error line, exit 2.
	empty := filepath.Join(t.TempDir(), "empty")
	os.WriteFile(empty, []byte("\n"), 0o600)
	code, _, stderr = irscan(t, "scan", "gcp", "--endpoint-url", f.url, "--access-token-file", empty, "--organization", compliantOrg)
	if code != exitUsage || strings.Count(strings.TrimSpace(stderr), "\n") != 0 || !strings.Contains(stderr, "is empty") {
		t.Errorf("empty --access-token-file: exit %d, stderr %q; want 2 and one line", code, stderr)
	}

	// ADC: the key file's JWT is exchanged for the principal's token.
	f = startGCP(t, "compliant", fakegcp.Options{})
	r := scanGCP(t, f, orgScan(compliantOrg)...)
	if r.code != exitOK {
		t.Errorf("ADC: exit %d: %s", r.code, r.stderr)
	}
	issued := f.issuedTokens()
	if len(issued) == 0 {
		t.Fatal("ADC: the token endpoint issued no token")
	}
	for _, a := range f.authorizations() {
		if !slices.Contains(issued, strings.TrimPrefix(a, "Bearer ")) || !strings.HasPrefix(a, "Bearer ") {
			t.Errorf("ADC: a call carried %q, not a token the fake issued", a)
		}
	}
	for _, c := range f.srv.Calls() {
		if c.Principal != f.srv.Scenario().Principals[0].Email {
			t.Errorf("%s %s was made as %q", c.Method, c.Path, c.Principal)
		}
	}
}

// TestGCPLogging: --log-level debug logs one "gcp call" line per call; the
// default level is silent on success; --quiet leaves only errors.
func TestGCPLogging(t *testing.T) {
	f := startGCP(t, "compliant", fakegcp.Options{})
	r := scanGCP(t, f, append(orgScan(compliantOrg), "--log-level", "debug")...)
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	requestID := regexp.MustCompile(`request_id=(\S+)`)
	var logged []string
	for _, l := range strings.Split(r.stderr, "\n") {
		if !strings.Contains(l, `msg="gcp call"`) {
			continue
		}
		for _, field := range []string{"operation=", "status=", "request_id=", "ms="} {
			if !strings.Contains(l, field) {
				t.Errorf("gcp call line without %s: %s", field, l)
			}
		}
		if m := requestID.FindStringSubmatch(l); m != nil {
			logged = append(logged, m[1])
		}
	}
	var served []string
	for _, c := range f.srv.Calls() {
		served = append(served, c.RequestID)
	}
	slices.Sort(logged)
	slices.Sort(served)
	if len(served) < 40 || !slices.Equal(logged, served) {
		t.Errorf("%d gcp call lines for %d calls (request IDs differ: %v vs %v)", len(logged), len(served), logged, served)
	}

	f = startGCP(t, "compliant", fakegcp.Options{})
	if r := scanGCP(t, f, orgScan(compliantOrg)...); r.code != exitOK || r.stderr != "" {
		t.Errorf("default level: exit %d, stderr %q; want 0 and nothing", r.code, r.stderr)
	}
	if r := scanGCP(t, f, append(orgScan(compliantOrg), "--quiet", "--log-level", "debug")...); r.code != exitOK || r.stderr != "" {
		t.Errorf("--quiet: exit %d, stderr %q; want 0 and nothing", r.code, r.stderr)
	}
	// An organisation the credential cannot read: one error line naming the
	// flag and the permission, exit 2.
	r = scanGCP(t, f, "--organization", "999999999999", "--quiet")
	if r.code != exitUsage || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 || !strings.HasPrefix(r.stderr, "irscan: gcp: --organization 999999999999") || !strings.Contains(r.stderr, "resourcemanager.organizations.get") {
		t.Errorf("--quiet with an unknown organisation: exit %d, stderr %q; want 2 and one error line", r.code, r.stderr)
	}
}

// TestGCPNoSecretsWritten: no private key, key ID, JWT or access token (the
// ones the fake issued, or --access-token-file's) appears in any snapshot,
// report or log line.
func TestGCPNoSecretsWritten(t *testing.T) {
	var texts, dirs, secrets []string
	for _, sc := range []struct{ scenario, org string }{{"compliant", compliantOrg}, {"api-disabled", compliantOrg}, {"denied", compliantOrg}} {
		f := startGCP(t, sc.scenario, fakegcp.Options{})
		key := gcpEnv(t, f)
		out := t.TempDir()
		code, stdout, stderr := irscan(t, "scan", "gcp", "--endpoint-url", f.url, "--organization", sc.org, "--format", "json,sarif,html,csv,junit", "--log-level", "debug", "--out", out)
		if code == exitUsage {
			t.Fatalf("%s: exit 2: %s", sc.scenario, stderr)
		}
		texts = append(texts, stdout, stderr)
		dirs = append(dirs, out)
		var k struct {
			PrivateKey   string `json:"private_key"`
			PrivateKeyID string `json:"private_key_id"`
		}
		if err := json.Unmarshal(key, &k); err != nil || k.PrivateKey == "" {
			t.Fatalf("key file: %v", err)
		}
		secrets = append(secrets, k.PrivateKeyID)
		for _, line := range strings.Split(k.PrivateKey, "\n") {
			if len(line) > 40 {
				secrets = append(secrets, line)
			}
		}
		issued := f.issuedTokens()
		if len(issued) == 0 {
			t.Fatalf("%s: captured no access token", sc.scenario)
		}
		secrets = append(secrets, issued...)
	}
	// --access-token-file's token.
	f := startGCP(t, "compliant", fakegcp.Options{})
	gcpEnv(t, f)
	token := "ya29.a0AfB_byC-irscan-secret-token-" + fmt.Sprint(time.Now().UnixNano())
	file := filepath.Join(t.TempDir(), "token")
	os.WriteFile(file, []byte(token), 0o600)
	out := t.TempDir()
	code, stdout, stderr := irscan(t, "scan", "gcp", "--endpoint-url", f.url, "--access-token-file", file, "--project", "acme-prod", "--format", "json,sarif,html,csv,junit", "--log-level", "debug", "--out", out)
	if code != exitOK {
		t.Fatalf("--access-token-file: exit %d: %s", code, stderr)
	}
	texts = append(texts, stdout, stderr)
	dirs = append(dirs, out)
	secrets = append(secrets, token)

	files := 0
	for _, d := range dirs {
		err := filepath.WalkDir(d, func(p string, e os.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			files++
			texts = append(texts, string(b))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if files < 20 {
		t.Fatalf("only %d files written", files)
	}
	for i, text := range texts {
		for _, s := range secrets {
			if strings.Contains(text, s) {
				t.Errorf("output %d contains the secret or token %.12q...", i, s)
			}
		}
		if m := jwt.FindString(text); m != "" {
			t.Errorf("output %d contains a JWT %.20s...", i, m)
		}
		for _, marker := range []string{"PRIVATE KEY", "bearer ", "ya29.", "fakecloud-token-"} {
			if strings.Contains(strings.ToLower(text), strings.ToLower(marker)) {
				t.Errorf("output %d contains %q", i, marker)
			}
		}
	}
}

// TestGCPCollectThenEvaluate: collect writes one valid snapshot per project
// plus the organisation's, and evaluating them gives the findings scan
// gives; evaluating the snapshots scan kept gives its findings byte for byte.
func TestGCPCollectThenEvaluate(t *testing.T) {
	f := startGCP(t, "inherited", fakegcp.Options{})
	scan := scanGCP(t, f, orgScan(inheritedOrg)...)
	if scan.code != exitFindings {
		t.Fatalf("scan: exit %d: %s", scan.code, scan.stderr)
	}
	scanFindings := readFindings(t, scan.out)

	snapDir := t.TempDir()
	c := runGCP(t, f, "collect", "gcp", "--endpoint-url", f.url, "--organization", inheritedOrg, "--out", snapDir)
	if c.code != exitOK || c.stderr != "" {
		t.Fatalf("collect: exit %d: %s", c.code, c.stderr)
	}
	snaps := readSnapshots(t, snapDir)
	for _, s := range snaps {
		if s.Cloud != "gcp" || s.Schema != snapshot.SchemaVersion || len(s.Sections) != 16 {
			t.Errorf("snapshot %+v: cloud %s, schema %s, %d sections", s.Scope, s.Cloud, s.Schema, len(s.Sections))
		}
	}
	want := []string{"organization/" + inheritedOrg, "project/inh-payments", "project/inh-sandbox", "project/inh-secops", "project/inh-web"}
	if got := snapshotScopes(snaps); !slices.Equal(got, want) {
		t.Errorf("snapshots for %v, want one per project plus the organisation %v", got, want)
	}
	if printed := strings.Fields(c.stdout); len(printed) != len(snaps) || !slices.ContainsFunc(printed, func(p string) bool {
		return filepath.Base(p) == "gcp-organization-"+inheritedOrg+".json"
	}) {
		t.Errorf("collect printed %q, want the %d paths, the organisation's named as its projects' findings name it", c.stdout, len(snaps))
	}

	out := t.TempDir()
	e := runGCP(t, f, "evaluate", snapDir, "--format", "json", "--out", out)
	if e.code != scan.code {
		t.Errorf("evaluate: exit %d, scan gave %d", e.code, scan.code)
	}
	if g, w := findingKeys(readFindings(t, out)), findingKeys(scanFindings); !slices.Equal(g, w) {
		t.Errorf("evaluate of collected snapshots differs from scan:%s", diffKeys(g, w))
	}

	// The snapshots scan kept give the very same findings.
	out2 := t.TempDir()
	e = runGCP(t, f, "evaluate", filepath.Join(scan.out, "snapshots"), "--format", "json", "--out", out2)
	if e.code != scan.code {
		t.Errorf("evaluate of scan's snapshots: exit %d, want %d", e.code, scan.code)
	}
	if g, w := rawFindings(t, out2), rawFindings(t, scan.out); !bytes.Equal(g, w) {
		t.Errorf("evaluate of scan's snapshots gives other findings than scan:\n%s\n%s", g, w)
	}
}

// gcpOwnedFinding is a finding of the JSON report with the scope and the
// owner it follows, if any.
type gcpOwnedFinding struct {
	awsFinding
	Scope struct{ Type, ID string } `json:"scope"`
	Owner *struct {
		Cloud    string                    `json:"cloud"`
		Scope    struct{ Type, ID string } `json:"scope"`
		Resource string                    `json:"resource"`
		Snapshot string                    `json:"snapshot"`
		Pointers []string                  `json:"pointers"`
	} `json:"owner"`
}

func readGCPOwnedFindings(t *testing.T, dir string) []gcpOwnedFinding {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "irscan.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Findings []gcpOwnedFinding `json:"findings"`
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	return rep.Findings
}

// gcpRow is a README findings row with its why column; a why that starts
// "follows organizations/<id>" marks a finding that follows that
// organisation's evidence.
var (
	gcpRow     = regexp.MustCompile("^\\| ([A-Z]+-IR[1-7]-[0-9]{2}) \\| [a-z]+ \\| `([^`]+)` \\| ?([a-z0-9-]*) ?\\| \\*\\*([a-z]+)\\*\\* \\| (.*) \\|$")
	gcpFollows = regexp.MustCompile(`^follows organizations/([0-9]+)`)
)

// gcpExpectedOwners reads the rows under a README heading (default "##
// Expected findings", to the end of the file): "check resource region
// status" → the organisation a row follows ("" when it is judged locally).
func gcpExpectedOwners(t *testing.T, readme, heading string) map[string]string {
	t.Helper()
	raw, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	stop := true
	if heading == "" {
		heading, stop = "## Expected findings", false
	}
	_, table, ok := strings.Cut(string(raw), "\n"+heading+"\n")
	if !ok {
		t.Fatalf("%s has no %q section", readme, heading)
	}
	if stop {
		table, _, _ = strings.Cut(table, "\n## ")
	}
	out := map[string]string{}
	for _, line := range strings.Split(table, "\n") {
		if m := gcpRow.FindStringSubmatch(line); m != nil {
			org := ""
			if o := gcpFollows.FindStringSubmatch(m[5]); o != nil {
				org = o[1]
			}
			out[strings.Join(m[1:5], " ")] = org
		}
	}
	return out
}

// checkGCPOwners: exactly the README's "follows organizations/<id>" rows
// follow that organisation: the finding names it and its snapshot, and its
// owner (JSON report) points into that snapshot, written by the same run.
func checkGCPOwners(t *testing.T, readme, heading, out string) {
	t.Helper()
	want := gcpExpectedOwners(t, readme, heading)
	for _, fd := range readGCPOwnedFindings(t, out) {
		org := want[fd.key()]
		switch {
		case org == "" && fd.Owner != nil:
			t.Errorf("%s on %s follows %s %s, but %s judges it locally", fd.key(), fd.Scope.ID, fd.Owner.Scope.Type, fd.Owner.Scope.ID, readme)
		case org == "" && strings.Contains(fd.Message, "Judged on organizations/"):
			t.Errorf("%s on %s: message says it follows an organisation, without an owner: %s", fd.key(), fd.Scope.ID, fd.Message)
		case org != "" && fd.Owner == nil:
			t.Errorf("%s on %s: no owner, want organizations/%s", fd.key(), fd.Scope.ID, org)
		case org != "":
			snap := "gcp-organization-" + org + ".json"
			if fd.Owner.Cloud != "gcp" || fd.Owner.Scope.Type != "organization" || fd.Owner.Scope.ID != org ||
				fd.Owner.Resource != "//cloudresourcemanager.googleapis.com/organizations/"+org ||
				filepath.Base(fd.Owner.Snapshot) != snap || len(fd.Owner.Pointers) == 0 {
				t.Errorf("%s on %s: owner %+v, want organizations/%s in %s with pointers", fd.key(), fd.Scope.ID, *fd.Owner, org, snap)
			}
			if _, err := os.Stat(fd.Owner.Snapshot); err != nil {
				t.Errorf("%s on %s: the owner's snapshot is not there: %v", fd.key(), fd.Scope.ID, err)
			}
			if !strings.Contains(fd.Message, "Judged on organizations/"+org+"'s evidence (snapshot ") || !strings.HasSuffix(fd.Message, snap+").") {
				t.Errorf("%s on %s: message does not name organizations/%s and its snapshot: %s", fd.key(), fd.Scope.ID, org, fd.Message)
			}
		}
	}
}

// orgOwned are the checks whose verdict on a project of an --organization
// scan needs its organisation's snapshot when nothing of the project or its
// folders decides it.
var orgOwned = []string{"GCP-IR2-02", "GCP-IR4-01", "GCP-IR4-03", "GCP-IR5-01", "GCP-IR6-01", "GCP-IR7-01", "GCP-IR7-02"}

// TestGCPProjectSnapshotAloneNamesItsOrganisation: the snapshots of an
// --organization scan of org-tree and org-tree-broken (collected through the
// real clients, one fake per scenario) evaluated one project at a time.
// Alone, a project's snapshot never passes on its organisation's settings:
// each check that needs them is an error naming the organisation and its
// snapshot file (exit 3, not 0), while the effective values Google reports
// at the project and the project's own override are judged there. With the
// organisation's snapshot, it gives the organisation's verdict, as in the
// full run.
func TestGCPProjectSnapshotAloneNamesItsOrganisation(t *testing.T) {
	gcpHermeticEnv(t)
	token := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(token, []byte("ya29.irscan-alone"), 0o600); err != nil {
		t.Fatal(err)
	}
	orgSnap := "gcp-organization-" + treeOrg + ".json"
	org := "organizations/" + treeOrg
	for _, scenario := range []string{"org-tree", "org-tree-broken"} {
		t.Run(scenario, func(t *testing.T) {
			t.Parallel()
			f := startGCP(t, scenario, fakegcp.Options{})
			snaps := t.TempDir()
			if code, _, stderr := irscan(t, "collect", "gcp", "--endpoint-url", f.url, "--access-token-file", token, "--organization", treeOrg, "--out", snaps); code != exitOK || stderr != "" {
				t.Fatalf("collect: exit %d: %s", code, stderr)
			}
			evaluate := func(t *testing.T, files ...string) (int, []gcpOwnedFinding) {
				t.Helper()
				out := t.TempDir()
				args := []string{"evaluate"}
				for _, f := range files {
					args = append(args, filepath.Join(snaps, f))
				}
				code, _, stderr := irscan(t, append(args, "--format", "json", "--out", out)...)
				if code == exitUsage || stderr != "" {
					t.Fatalf("evaluate %v: exit %d: %s", files, code, stderr)
				}
				return code, readGCPOwnedFindings(t, out)
			}
			byScope := func(fs []gcpOwnedFinding, id string) map[string]string {
				out := map[string]string{}
				for _, fd := range fs {
					if fd.Scope.ID == id {
						out[fd.key()] = fd.Message
					}
				}
				return out
			}
			code, all := evaluate(t, "")
			if code != exitFindings {
				t.Errorf("the whole run: exit %d, want 1", code)
			}
			readme := filepath.Join(gcpScenarios, scenario, "README.md")
			var plain []awsFinding
			for _, fd := range all {
				plain = append(plain, fd.awsFinding)
			}
			if got, want := findingKeys(plain), expectedFindings(t, readme); !slices.Equal(got, want) {
				t.Errorf("collect then evaluate differs from %s:%s", readme, diffKeys(got, want))
			}

			for _, project := range []string{"tree-secops", "tree-app"} {
				t.Run(project, func(t *testing.T) {
					t.Parallel()
					file := "gcp-project-" + project + ".json"
					code, alone := evaluate(t, file)
					// tree-app's own exemption fails it alone too; nothing
					// else fails without the organisation.
					if want := map[string]int{"tree-secops": exitErrors, "tree-app": exitFindings}[project]; code != want {
						t.Errorf("alone: exit %d, want %d", code, want)
					}
					var errored []string
					for _, fd := range alone {
						if fd.Owner != nil {
							t.Errorf("alone, %s follows %s", fd.key(), fd.Owner.Scope.ID)
						}
						switch fd.Status {
						case "error":
							errored = append(errored, fd.CheckID)
							if fd.Resource != "//cloudresourcemanager.googleapis.com/projects/"+project ||
								!strings.Contains(fd.Message, "is held by "+org+", which is not in this run") ||
								!strings.Contains(fd.Message, "evaluate the organisation's snapshot ("+orgSnap+") together with this one, or scan with --organization "+treeOrg) {
								t.Errorf("alone, %s does not name the organisation and how to include it: %s", fd.key(), fd.Message)
							}
						case "fail":
							if project != "tree-app" || fd.CheckID != "GCP-IR4-01" || !strings.Contains(fd.Message, "(set on projects/tree-app)") {
								t.Errorf("alone, %s fails: %s", fd.key(), fd.Message)
							}
						case "pass":
							if slices.Contains(orgOwned, fd.CheckID) && fd.Resource == "//cloudresourcemanager.googleapis.com/projects/"+project {
								t.Errorf("alone, %s passes on a setting it did not see: %s", fd.key(), fd.Message)
							}
						}
					}
					slices.Sort(errored)
					want := slices.DeleteFunc(slices.Clone(orgOwned), func(c string) bool { return project == "tree-app" && c == "GCP-IR4-01" })
					if !slices.Equal(errored, want) {
						t.Errorf("alone, the checks in error are %v, want %v", errored, want)
					}
					if scenario == "org-tree" && project == "tree-secops" {
						var plain []awsFinding
						for _, fd := range alone {
							plain = append(plain, fd.awsFinding)
						}
						heading := "## Findings of tree-secops's snapshot evaluated alone"
						if got, want := findingKeys(plain), gcpTable(t, readme, heading); !slices.Equal(got, want) {
							t.Errorf("alone, findings differ from %s (%s):%s", readme, heading, diffKeys(got, want))
						}
					}

					// With its organisation's snapshot: the organisation's
					// verdicts, as in the whole run, message for message.
					_, with := evaluate(t, file, orgSnap)
					if got, want := byScope(with, project), byScope(all, project); !maps.Equal(got, want) {
						t.Errorf("with the organisation's snapshot, %s's findings differ from the whole run's:\n got %v\nwant %v", project, got, want)
					}
					followed := 0
					for _, fd := range with {
						if fd.Owner != nil && fd.Scope.ID == project {
							followed++
						}
					}
					if want := map[string]int{"tree-secops": 5, "tree-app": 4}[project]; followed != want {
						t.Errorf("with the organisation's snapshot, %d of %s's findings follow it, want %d", followed, project, want)
					}
				})
			}
		})
	}
}

// gcpHermeticEnv keeps the machine's Google credentials and configuration
// out of a test that authenticates with --access-token-file (set once, before
// parallel subtests).
func gcpHermeticEnv(t *testing.T) {
	t.Helper()
	dir := t.TempDir()
	for k, v := range map[string]string{
		"GOOGLE_APPLICATION_CREDENTIALS":    filepath.Join(dir, "missing.json"),
		"CLOUDSDK_CONFIG":                   filepath.Join(dir, "gcloud"),
		"GOOGLE_CLOUD_PROJECT":              "",
		"GCLOUD_PROJECT":                    "",
		"GOOGLE_CLOUD_QUOTA_PROJECT":        "",
		"GOOGLE_CLOUD_UNIVERSE_DOMAIN":      "",
		"GOOGLE_API_USE_CLIENT_CERTIFICATE": "false",
		"GOOGLE_API_USE_MTLS_ENDPOINT":      "never",
		"GCE_METADATA_HOST":                 "127.0.0.1:1",
		"GCE_METADATA_IP":                   "127.0.0.1:1",
		"NO_GCE_CHECK":                      "True",
	} {
		t.Setenv(k, v)
	}
}

// gcpCatalogue is CHECKS.md's GCP table: every check and its controls.
var gcpCatalogue = map[string][]string{
	"GCP-IR1-01": {"IR-1"}, "GCP-IR2-01": {"IR-2"}, "GCP-IR2-02": {"IR-2"},
	"GCP-IR3-01": {"IR-3"}, "GCP-IR3-02": {"IR-3"},
	"GCP-IR4-01": {"IR-4"}, "GCP-IR4-02": {"IR-4"}, "GCP-IR4-03": {"IR-4"},
	"GCP-IR5-01": {"IR-5"}, "GCP-IR5-02": {"IR-5"}, "GCP-IR6-01": {"IR-6"},
	"GCP-IR7-01": {"IR-7"}, "GCP-IR7-02": {"IR-7"}, "GCP-IR7-03": {"IR-7"},
}

// TestGCPChecksListing: `irscan checks --cloud gcp` lists exactly the 14 GCP
// checks of CHECKS.md with their controls, a severity, the framework IDs of
// their controls (as `irscan controls` maps them) and sections SECTIONS.md
// documents; the table shows each one.
func TestGCPChecksListing(t *testing.T) {
	code, out, stderr := irscan(t, "checks", "--cloud", "gcp", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var list []struct {
		ID         string              `json:"id"`
		Title      string              `json:"title"`
		Cloud      string              `json:"cloud"`
		Controls   []string            `json:"controls"`
		Severity   string              `json:"severity"`
		Frameworks map[string][]string `json:"frameworks"`
		Requires   []string            `json:"requires"`
	}
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatal(err)
	}
	code, out, _ = irscan(t, "controls", "--format", "json")
	if code != 0 {
		t.Fatalf("controls: exit %d", code)
	}
	var controls []map[string]any
	if err := json.Unmarshal([]byte(out), &controls); err != nil {
		t.Fatal(err)
	}
	frameworks := []string{"cis-v8", "nist-800-53-r4", "pci-dss-3.2.1"}
	mapped := map[string]map[string][]string{}
	for _, c := range controls {
		id := c["id"].(string)
		mapped[id] = map[string][]string{}
		for _, fw := range frameworks {
			for _, v := range c[fw].([]any) {
				mapped[id][fw] = append(mapped[id][fw], v.(string))
			}
		}
	}
	documented := map[string]bool{}
	for _, m := range sectionHeading.FindAllStringSubmatch(gcpSections(t), -1) {
		documented[m[1]] = true
	}
	var ids []string
	for _, c := range list {
		ids = append(ids, c.ID)
		if c.Cloud != "gcp" || c.Title == "" || !slices.Contains([]string{"critical", "high", "medium", "low", "info"}, c.Severity) {
			t.Errorf("%s: cloud %q, title %q, severity %q", c.ID, c.Cloud, c.Title, c.Severity)
		}
		if want := gcpCatalogue[c.ID]; !slices.Equal(c.Controls, want) {
			t.Errorf("%s: controls %v, CHECKS.md says %v", c.ID, c.Controls, want)
		}
		for _, fw := range frameworks {
			var want []string
			for _, ctl := range c.Controls {
				for _, v := range mapped[ctl][fw] {
					if !slices.Contains(want, v) {
						want = append(want, v)
					}
				}
			}
			if got := c.Frameworks[fw]; !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want))) {
				t.Errorf("%s: %s IDs %v, its controls map to %v", c.ID, fw, got, want)
			}
		}
		if len(c.Frameworks["nist-800-53-r4"]) == 0 || len(c.Frameworks["pci-dss-3.2.1"]) == 0 {
			t.Errorf("%s lists no NIST or PCI IDs: %v", c.ID, c.Frameworks)
		}
		for _, s := range c.Requires {
			if !documented[s] {
				t.Errorf("%s requires %s, which SECTIONS.md does not document for GCP", c.ID, s)
			}
		}
	}
	slices.Sort(ids)
	if want := slices.Sorted(maps.Keys(gcpCatalogue)); !slices.Equal(ids, want) {
		t.Errorf("checks --cloud gcp lists %v, want %v", ids, want)
	}

	code, table, _ := irscan(t, "checks", "--cloud", "gcp")
	if code != 0 {
		t.Fatalf("table: exit %d", code)
	}
	for _, c := range list {
		if !regexp.MustCompile(`(?m)^\S*\s*` + c.ID + `\s.*\s` + c.Severity + `\s`).MatchString(table) {
			t.Errorf("the table has no row for %s with severity %s", c.ID, c.Severity)
		}
	}
	if strings.Contains(table, "AWS-") || strings.Contains(table, "AZ-") {
		t.Error("checks --cloud gcp lists other clouds' checks")
	}
}
