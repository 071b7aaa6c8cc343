package main

// The GCP harness of the conformance suite: fakecloud's GCP half
// (internal/fakecloud/gcp) serving testdata/fakecloud/gcp/, the real
// google.golang.org/api clients of the collector signing in with
// Application Default Credentials (a service-account key file from
// fakegcp.CredentialsJSON, whose token_uri is the fake) or
// --access-token-file, and the tests only GCP has.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	gcpcol "github.com/irscan/irscan/collectors/gcp"
	fakegcp "github.com/irscan/irscan/internal/fakecloud/gcp"
	"github.com/irscan/irscan/policies"
	"github.com/irscan/irscan/snapshot"
)

const (
	// The organisations of the scenarios (compliant, api-disabled and denied
	// share one).
	compliantOrg = "123456789012"
	nothingOrg   = "234567890123"
	inheritedOrg = "345678901234"
	treeOrg      = "456789012345"
	gcpRole      = "../../docs/permissions/gcp-custom-role.yaml"
)

// checkControl is the control a GCP check's ID names.
var checkControl = regexp.MustCompile(`^GCP-IR([1-7])-[0-9]{2}$`)

// orgOwned are the checks whose verdict on a project of an --organization
// scan needs its organisation's snapshot when nothing of the project or its
// folders decides it.
var orgOwned = []string{"GCP-IR2-02", "GCP-IR3-02", "GCP-IR4-01", "GCP-IR4-03", "GCP-IR5-01", "GCP-IR6-01", "GCP-IR7-01", "GCP-IR7-02"}

func TestGCP(t *testing.T) {
	t.Parallel()
	cl := gcpCloud()
	runConformance(t, cl)
	t.Run("ProjectFlag", func(t *testing.T) { t.Parallel(); testGCPProjectFlag(t, cl) })
	t.Run("AccessTokenFile", func(t *testing.T) { t.Parallel(); testGCPAccessTokenFile(t, cl) })
	t.Run("ChecksListing", func(t *testing.T) { t.Parallel(); testGCPChecksListing(t) })
}

// projectInPath is the project a request is about: projects/<id> in the
// path, or Cloud Storage's ?project=.
var projectInPath = regexp.MustCompile(`/projects/([a-z][a-z0-9-]{4,28}[a-z0-9])(/|:|$)`)

func projectOfRequest(r *http.Request) string {
	if m := projectInPath.FindStringSubmatch(r.URL.Path); m != nil {
		return m[1]
	}
	return r.URL.Query().Get("project")
}

func orgScan(org string) []string { return []string{"--organization", org} }

func gcpCloud() *cloud {
	cl := &cloud{
		name:             "gcp",
		requestIDHeaders: []string{fakegcp.RequestIDHeader},
		endpoint:         func(tp *tap) []string { return []string{"--endpoint-url", tp.url} },
		compliant:        "compliant",
		scopeOf: func(r *http.Request) (string, bool) {
			if strings.HasPrefix(r.URL.Path, fakegcp.ControlPrefix) {
				return "", false // the token endpoint
			}
			return projectOfRequest(r), true
		},
		secretsIn: accessToken,
		scopes: func(f *fake, args []string) []string {
			return wantScopes(f.srv.(*fakegcp.Server).Scenario(), args)
		},
		ownerResource: func(o *policies.Owner) string {
			return "//cloudresourcemanager.googleapis.com/organizations/" + o.Scope.ID
		},
		secretPatterns:      []*regexp.Regexp{jwt},
		secretMarkers:       []string{"PRIVATE KEY", "bearer ", "ya29.", "fakecloud-token-"},
		collectThenEvaluate: "inherited",
	}
	cl.start = gcpStart
	cl.signIn = func(t *testing.T, tp *tap, identity string) ([]string, []string) {
		env, key := gcpEnv(t, tp)
		var k struct {
			PrivateKey   string `json:"private_key"`
			PrivateKeyID string `json:"private_key_id"`
		}
		if err := json.Unmarshal(key, &k); err != nil || k.PrivateKey == "" || k.PrivateKeyID == "" {
			t.Fatalf("key file: %v", err)
		}
		secrets := []string{k.PrivateKeyID}
		for _, line := range strings.Split(k.PrivateKey, "\n") {
			if len(line) > 40 {
				secrets = append(secrets, line)
			}
		}
		return env, secrets
	}

	inhOrg := "organizations/" + inheritedOrg
	org := "organizations/" + treeOrg
	aloneErrors := func(project string) map[string][]string {
		out := map[string][]string{}
		for _, c := range orgOwned {
			// tree-app's own exemption decides its GCP-IR4-01, alone too.
			if project == "tree-app" && c == "GCP-IR4-01" {
				continue
			}
			out[c] = []string{"is held by " + org + ", which is not in this run",
				"evaluate the organisation's snapshot (gcp-organization-" + treeOrg + ".json) together with this one, or scan with --organization " + treeOrg}
		}
		return out
	}
	treeAlone := []aloneCase{
		{name: "tree-secops alone", file: "gcp-project-tree-secops.json", with: []string{"gcp-organization-" + treeOrg + ".json"},
			exit: exitErrors, heading: "## Findings of tree-secops's snapshot evaluated alone", errors: aloneErrors("tree-secops")},
		{name: "tree-app alone", file: "gcp-project-tree-app.json", with: []string{"gcp-organization-" + treeOrg + ".json"},
			exit: exitFindings, heading: "## Findings of tree-app's snapshot evaluated alone", errors: aloneErrors("tree-app")},
	}
	cl.scenarios = []scenarioCase{
		{name: "compliant", scenario: "compliant", table: "testdata/gcp-compliant.md", args: orgScan(compliantOrg), exit: exitOK},
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
		{name: "api-disabled", scenario: "api-disabled", args: orgScan(compliantOrg), exit: exitFindings, check: checkServiceDisabledIsData, says: map[string]string{
			"GCP-IR2-01 //cloudresourcemanager.googleapis.com/projects/acme-data  pass":                           "Essential Contacts API is disabled in projects/acme-data (SERVICE_DISABLED)",
			"GCP-IR3-02 //securitycenter.googleapis.com/projects/acme-data/securityHealthAnalyticsSettings  fail": "Security Command Center Management API is disabled in projects/acme-data (SERVICE_DISABLED)",
			"GCP-IR6-01 //cloudresourcemanager.googleapis.com/organizations/123456789012  fail":                   "disabled: cloudfunctions.googleapis.com in projects/acme-data",
		}},
		{name: "denied", scenario: "denied", args: orgScan(compliantOrg), exit: exitErrors, check: checkGCPDenyRules},
		{name: "archived", scenario: "archived", args: orgScan(compliantOrg), exit: exitOK, says: map[string]string{
			"GCP-IR7-02 //logging.googleapis.com/projects/acme-prod/locations/global/buckets/_Default global pass": "is also archived by its organisation: sink org-all-logs-to-gcs",
			"GCP-IR5-01 //cloudresourcemanager.googleapis.com/organizations/" + compliantOrg + "  pass":            "also selects muted findings",
		}},
		{name: "edges", scenario: "edges", args: orgScan(compliantOrg), exit: exitFindings, says: map[string]string{
			"GCP-IR5-01 //cloudresourcemanager.googleapis.com/organizations/" + compliantOrg + "  fail":                                        "which selects no finding",
			"GCP-IR2-02 //cloudresourcemanager.googleapis.com/organizations/" + compliantOrg + "  pass":                                        "locations/global/notificationConfigs/scc-not-high publishes to",
			"GCP-IR3-02 //securitycenter.googleapis.com/organizations/" + compliantOrg + "/eventThreatDetectionSettings  fail":                 "detects nothing",
			"GCP-IR4-02 //compute.googleapis.com/projects/acme-prod/regions/us-central1/subnetworks/prod-app-us-central1 us-central1 fail":     "flowSampling 0",
			"GCP-IR4-02 //compute.googleapis.com/projects/acme-prod/regions/europe-west1/subnetworks/prod-db-europe-west1 europe-west1 manual": "connection.dest_port == 5432",
			"GCP-IR4-03 //cloudresourcemanager.googleapis.com/projects/acme-data  fail":                                                        "_Default log bucket of projects/acme-data itself",
			"GCP-IR7-02 //logging.googleapis.com/projects/acme-data/locations/global/buckets/_Default global fail":                             "Judged on organizations/" + compliantOrg + "'s evidence",
		}},
		{name: "org-tree", scenario: "org-tree", args: orgScan(treeOrg), exit: exitFindings, alone: treeAlone, says: map[string]string{
			"GCP-IR2-01 //cloudresourcemanager.googleapis.com/projects/tree-app  pass":    "set on folders/345, organizations/" + treeOrg,
			"GCP-IR4-01 //cloudresourcemanager.googleapis.com/projects/tree-app  fail":    "exempts serviceAccount:app-batch@tree-app.iam.gserviceaccount.com (set on projects/tree-app)",
			"GCP-IR4-03 //cloudresourcemanager.googleapis.com/projects/tree-secops  pass": "sink org-all-logs (inherited from organizations/" + treeOrg + ", with includeChildren)",
			"GCP-IR6-01 //cloudresourcemanager.googleapis.com/projects/tree-app  pass":    "is consumed by Cloud Function projects/tree-secops/locations/europe-west1/functions/scc-contain (ACTIVE)",
		}},
		{name: "org-tree-broken", scenario: "org-tree-broken", args: orgScan(treeOrg), exit: exitFindings, alone: treeAlone, says: map[string]string{
			"GCP-IR2-02 //cloudresourcemanager.googleapis.com/projects/tree-app  fail":    "topic projects/tree-secops/topics/scc-findings has no subscription",
			"GCP-IR4-01 //cloudresourcemanager.googleapis.com/projects/tree-secops  fail": "DATA_READ is not enabled for allServices",
			"GCP-IR4-01 //cloudresourcemanager.googleapis.com/projects/tree-app  fail":    "(set on projects/tree-app)",
			"GCP-IR4-03 //cloudresourcemanager.googleapis.com/projects/tree-secops  fail": "its filter is 'severity >= WARNING'",
		}},
	}

	cl.callLog.minCalls = 40
	cl.callLog.fields = []string{"operation=", "status=", "request_id=", "ms="}
	// An organisation holds no subnet or bucket, and a project of an
	// organisation scan leaves the SCC tier to the organisation's snapshot:
	// those sections make no call there.
	cl.callLog.noCall = func(scopeType, name string) bool {
		return scopeType == "organization" && (name == "compute.subnetworks" || name == "storage.buckets") ||
			scopeType == "project" && name == "securitycenter.subscription"
	}
	cl.callLog.extra = func(t *testing.T, r *cloudRun, calls []call) {
		role := rolePermissions(t)
		posts := 0
		for _, c := range calls {
			if c.Method == http.MethodPost {
				posts++
			}
			if !slices.Contains(role, c.Permission) {
				t.Errorf("%s needs %s, which the custom role lacks", c, c.Permission)
			}
		}
		if posts != 4 { // the IAM policies of the organisation, the folder and the two projects
			t.Errorf("%d :getIamPolicy POSTs, want 4", posts)
		}
	}

	var ancestry []string
	for _, s := range gcpcol.Sections() {
		if s.Name == "resourcemanager.ancestry" {
			ancestry = s.Permissions()
		}
	}
	cl.permissions = permissionsCase{
		sections:   gcpcol.Sections(),
		documented: rolePermissions,
		baselines:  [][]string{orgScan(compliantOrg), {"--project", "acme-prod"}},
		names: func(msg, perm string) bool {
			return strings.Contains(msg, "(missing "+perm+")") || strings.Contains(msg, "(denied "+perm+")")
		},
		// The scope resolution's permissions: without one, a scan that needs
		// it stops instead of reporting checks.
		scoping: func(perm string) bool { return slices.Contains(ancestry, perm) },
		without: withoutScopePermission,
		short:   "securitycenter.notificationconfig.list",
	}

	faults := gcpThrottleFaults()
	cl.throttle = throttleCase{
		want: map[string]int{},
		which: func(c call) string {
			if c.Fault == "throttle" && c.Status == http.StatusTooManyRequests || c.Fault == "5xx" && c.Status >= 500 {
				return c.Path
			}
			if c.Fault == "throttle" || c.Fault == "5xx" {
				return fmt.Sprintf("%s answered %d", c.Path, c.Status)
			}
			return ""
		},
		// The snapshots record every attempt, each where it was used.
		recorded: func(t *testing.T, snaps []*snapshot.Snapshot, calls []call, recorded map[string]bool) {
			for _, c := range calls {
				if !recorded[c.ID] {
					t.Errorf("%s is in no snapshot", c)
				}
			}
		},
	}
	for _, fl := range faults {
		cl.throttle.want[fl.Path] = fl.Throttle + fl.Errors
	}
	cl.parallel = parallelCase{scenario: "inherited", args: orgScan(inheritedOrg), latency: 10 * time.Millisecond, defaultPeak: 4, scopes: true}

	// An organisation the credential cannot read: one error line naming
	// the flag and the permission.
	cl.badSignIn = func(t *testing.T, tp *tap) (env, args, want, forbidden []string) {
		env, _ = cl.signIn(t, tp, "")
		return env, []string{"--organization", "999999999999", "--quiet"}, []string{"irscan: gcp: --organization 999999999999", "resourcemanager.organizations.get", "gcloud auth application-default login"}, nil
	}
	cl.secretRuns = []secretRun{
		{scenario: "api-disabled", args: orgScan(compliantOrg), issued: -1},
		{scenario: "denied", args: orgScan(compliantOrg), issued: -1},
		// --access-token-file's token: the token endpoint issues none.
		{scenario: "compliant", args: []string{"--project", "acme-prod"}, issued: 0, prepare: func(t *testing.T) ([]string, []string) {
			token := "ya29.a0AfB_byC-irscan-secret-token-" + fmt.Sprint(time.Now().UnixNano())
			file := filepath.Join(t.TempDir(), "token")
			must(t, os.WriteFile(file, []byte(token), 0o600))
			return []string{"--access-token-file", file}, []string{token}
		}},
	}
	return cl
}

// gcpThrottleFaults: 429s and 5xx on a v1 list, a paged Compute list, the
// POST of :getIamPolicy and a Cloud Storage get.
func gcpThrottleFaults() []fakegcp.Fault {
	return []fakegcp.Fault{
		{Path: "/v1/organizations/" + compliantOrg + "/notificationConfigs", Throttle: 2},
		{Path: "/compute/v1/projects/acme-prod/aggregated/subnetworks", Errors: 1},
		{Path: "/v3/projects/acme-data:getIamPolicy", Throttle: 1, Errors: 1, ErrorStatus: 500},
		{Path: "/storage/v1/b/acme-org-audit-logs", Errors: 2, ErrorStatus: 503},
	}
}

func gcpStart(scenario string, o fakeOptions) (*fake, error) {
	opts := fakegcp.Options{Fixtures: fakeFixtures, Scenario: scenario, Latency: o.latency}
	if o.documented {
		allow, err := fakegcp.ReadPermissions(gcpRole)
		if err != nil {
			return nil, err
		}
		if len(o.without) > 0 {
			perms, err := readRolePermissions()
			if err != nil {
				return nil, err
			}
			perms = slices.DeleteFunc(perms, func(p string) bool { return slices.Contains(o.without, p) })
			if allow, err = fakegcp.ParsePermissions([]byte(strings.Join(perms, "\n"))); err != nil {
				return nil, err
			}
		}
		opts.Allow = allow
	}
	if o.throttle {
		opts.Faults = gcpThrottleFaults()
	}
	srv, err := fakegcp.New(opts)
	if err != nil {
		return nil, err
	}
	f := &fake{scenario: scenario, handler: srv, srv: srv}
	for _, d := range srv.Scenario().Deny {
		f.denied = append(f.denied, d.Permission)
	}
	f.log = func() []call {
		var out []call
		for _, c := range srv.Calls() {
			scope := ""
			if m := projectInPath.FindStringSubmatch(c.Path); m != nil {
				scope = m[1]
			}
			out = append(out, call{
				ID: c.RequestID, API: true, Method: c.Method, Path: c.Path, Permission: c.Permission,
				Op: c.Method + " " + c.Path, Status: c.Status, ErrorCode: c.ErrorReason,
				Scope: scope, Principal: c.Principal, Fault: c.Fault, Violation: c.Violation,
				Read: c.Method == http.MethodGet || c.Method == http.MethodPost && strings.HasSuffix(c.Path, ":getIamPolicy"),
				Same: c.Method + " " + c.Path + "?" + c.Query,
				raw:  c,
			})
		}
		return out
	}
	return f, nil
}

// gcpEnv gives Application Default Credentials exactly one source: a
// service-account key file of the scenario's principal whose token_uri is
// the tap. gcloud's configuration directory is empty and the metadata
// server is never asked. It returns the environment and the key file.
func gcpEnv(t *testing.T, tp *tap) ([]string, []byte) {
	t.Helper()
	sc := tp.f.srv.(*fakegcp.Server).Scenario()
	if len(sc.Principals) == 0 {
		t.Fatal("the scenario names no principal")
	}
	p := sc.Principals[0]
	key, err := gcpKeyFile(tp.url, p.Email, p.Project)
	must(t, err)
	dir := t.TempDir()
	file := filepath.Join(dir, "adc.json")
	must(t, os.WriteFile(file, key, 0o600))
	return append(gcpHermetic(dir), "GOOGLE_APPLICATION_CREDENTIALS="+file), key
}

// gcpKeys are the key files of fakegcp.CredentialsJSON, one per principal:
// generating an RSA key costs tens of milliseconds, and the fake does not
// check signatures, so every run of a principal signs with the same key.
var (
	gcpKeysMu sync.Mutex
	gcpKeys   = map[string]map[string]any{}
)

// gcpKeyFile is a key file of the principal whose token_uri is baseURL's.
func gcpKeyFile(baseURL, email, project string) ([]byte, error) {
	gcpKeysMu.Lock()
	defer gcpKeysMu.Unlock()
	key := gcpKeys[email+" "+project]
	if key == nil {
		raw, err := fakegcp.CredentialsJSON(baseURL, email, project)
		if err != nil {
			return nil, err
		}
		if err := json.Unmarshal(raw, &key); err != nil {
			return nil, err
		}
		gcpKeys[email+" "+project] = key
	}
	out := maps.Clone(key)
	out["token_uri"] = strings.TrimSuffix(baseURL, "/") + fakegcp.TokenPath
	return json.MarshalIndent(out, "", "  ")
}

// gcpHermetic keeps gcloud's configuration and the metadata server out of
// a run.
func gcpHermetic(dir string) []string {
	return []string{
		"CLOUDSDK_CONFIG=" + filepath.Join(dir, "gcloud"),
		"GOOGLE_API_USE_CLIENT_CERTIFICATE=false",
		"GOOGLE_API_USE_MTLS_ENDPOINT=never",
		"GCE_METADATA_HOST=127.0.0.1:1",
		"GCE_METADATA_IP=127.0.0.1:1",
		"NO_GCE_CHECK=True",
	}
}

// wantScopes are the snapshot scopes a scan of the scenario writes: the
// organisation (with --organization) and every project below the
// organisation or --folder, or the --project ones, as "type/id".
func wantScopes(sc *fakegcp.Scenario, args []string) []string {
	root, out := "", []string{}
	var projects []string
	for i := 0; i+1 < len(args); i++ {
		switch args[i] {
		case "--organization":
			root = "organizations/" + args[i+1]
			out = append(out, "organization/"+args[i+1])
		case "--folder":
			root = "folders/" + args[i+1]
		case "--project":
			projects = append(projects, args[i+1])
		}
	}
	parents := map[string]string{}
	for _, fd := range sc.Folders {
		parents["folders/"+fd.ID] = fd.Parent
	}
	for _, p := range sc.Projects {
		if len(projects) > 0 {
			if slices.Contains(projects, p.ID) {
				out = append(out, "project/"+p.ID)
			}
			continue
		}
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

// readRolePermissions are the includedPermissions of the documented role.
func readRolePermissions() ([]string, error) {
	raw, err := os.ReadFile(gcpRole)
	if err != nil {
		return nil, err
	}
	var role struct {
		IncludedPermissions []string `yaml:"includedPermissions"`
	}
	err = yaml.Unmarshal(raw, &role)
	return role.IncludedPermissions, err
}

// rolePermissions are the includedPermissions of the documented custom role,
// checked to be a gcloud custom role of single, read-only permissions.
func rolePermissions(t *testing.T) []string {
	t.Helper()
	raw, err := os.ReadFile(gcpRole)
	must(t, err)
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

// checkServiceDisabledIsData: every API disabled in a project of the
// scenario answered SERVICE_DISABLED at least once; every section that cites
// such an answer is ok, and the section the answer filled names the project
// and the service in its serviceDisabled list.
func checkServiceDisabledIsData(t *testing.T, r *cloudRun, _ []policies.Finding) {
	t.Helper()
	refused := map[string]fakegcp.Call{}
	seen := map[string]bool{}
	for _, c := range r.tap.calls() {
		raw := c.raw.(fakegcp.Call)
		if c.Fault != "service-disabled" {
			continue
		}
		if raw.ErrorReason != "SERVICE_DISABLED" || c.Status != http.StatusForbidden {
			t.Errorf("%s: fault %q with %d %s", c, c.Fault, c.Status, raw.ErrorReason)
		}
		refused[c.ID] = raw
		seen[c.Scope+" "+raw.API] = true
	}
	for _, p := range r.f.srv.(*fakegcp.Server).Scenario().Projects {
		for _, api := range p.DisabledAPIs {
			if !seen[p.ID+" "+api] {
				t.Errorf("%s is disabled in %s, but no call about it answered SERVICE_DISABLED", api, p.ID)
			}
		}
	}
	for _, s := range readSnapshots(t, r.snaps) {
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

// checkGCPDenyRules: every refused call is refused by a deny rule of the
// scenario naming its permission and resource.
func checkGCPDenyRules(t *testing.T, r *cloudRun, _ []policies.Finding) {
	deny := r.f.srv.(*fakegcp.Server).Scenario().Deny
	for _, c := range r.tap.calls() {
		raw := c.raw.(fakegcp.Call)
		if c.Fault == "denied" && !slices.ContainsFunc(deny, func(d fakegcp.DenyRule) bool {
			return d.Permission == raw.Permission && d.Resource == raw.Resource
		}) {
			t.Errorf("%s on %s was refused, but no deny rule names it", raw.Permission, raw.Resource)
		}
	}
}

// withoutScopePermission: without a permission that resolves the scope, a
// scan that needs it stops with one error line naming it (exit 4 when the
// organisation, folder or project itself cannot be read, else 2; no
// snapshot), and a scan that does not need it is unchanged.
func withoutScopePermission(t *testing.T, cl *cloud, perm string, baseline []policies.Finding, used []map[string]bool) {
	f := cl.fake(t, "compliant", fakeOptions{documented: true, without: []string{perm}})
	needed := false
	for i, args := range cl.permissions.baselines {
		needs := used[i][perm]
		needed = needed || needs
		r := cl.run(t, f, "", "collect", args)
		if !needs {
			if r.code != exitOK {
				t.Errorf("%v does not need %s: exit %d, want 0: %s", args, perm, r.code, r.stderr)
			}
			if i == 0 {
				if _, fs := judge(t, r.out); !slices.Equal(keys(fs), keys(baseline)) {
					t.Errorf("%v without %s: findings changed:%s", args, perm, diffKeys(keys(fs), keys(baseline)))
				}
			}
			continue
		}
		// Without a permission that resolves the scope, the scope cannot be
		// seen: a sign-in failure (exit 4); any other needed permission
		// stops the run as an error (exit 2).
		want := exitUsage
		if strings.HasPrefix(perm, "resourcemanager.") && strings.HasSuffix(perm, ".get") {
			want = exitSignIn
		}
		if r.code != want || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 || !strings.HasPrefix(r.stderr, "irscan: gcp: ") || !strings.Contains(r.stderr, perm) {
			t.Errorf("%v without %s: exit %d, stderr %q; want %d and one line naming it", args, perm, r.code, r.stderr, want)
		}
		if snaps, _ := filepath.Glob(filepath.Join(r.out, "*.json")); len(snaps) != 0 {
			t.Errorf("%v without %s left snapshots behind: %v", args, perm, snaps)
		}
	}
	if !needed {
		t.Errorf("no scan used %s", perm)
	}
}

// testGCPProjectFlag: with --organization, --project limits the scan to
// those projects (and the organisation) without reading the others; alone,
// --project collects that project, resolving its ancestry upwards, and judges
// the settings it inherits itself.
func testGCPProjectFlag(t *testing.T, cl *cloud) {
	// The full scan's findings of the organisation and of acme-prod.
	all := cl.scenarioRun(t, cl.scenario("compliant"))
	var want []policies.Finding
	for _, fd := range all.findings {
		if fd.Scope.ID != "acme-data" {
			want = append(want, fd)
		}
	}
	f := cl.fake(t, "compliant", fakeOptions{})
	r := cl.run(t, f, "", "collect", append(orgScan(compliantOrg), "--project", "acme-prod"))
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	code, fs := judge(t, r.out)
	if code != exitOK {
		t.Errorf("exit %d, want 0", code)
	}
	if g, w := keys(fs), keys(want); !slices.Equal(g, w) {
		t.Errorf("findings differ from the full scan's for the organisation and acme-prod:%s", diffKeys(g, w))
	}
	if got, want := snapshotScopes(readSnapshots(t, r.out)), []string{"organization/" + compliantOrg, "project/acme-prod"}; !slices.Equal(got, want) {
		t.Errorf("snapshots %v, want %v", got, want)
	}
	// acme-data is read only where a section names something of it: the SCC
	// notification topic, and the functions and triggers of its project.
	for _, c := range r.tap.calls() {
		raw := c.raw.(fakegcp.Call)
		if strings.Contains(c.Path+"?"+raw.Query, "acme-data") && !strings.HasPrefix(raw.Route, "pubsub.") && !strings.HasPrefix(raw.Route, "cloudfunctions.") && !strings.HasPrefix(raw.Route, "eventarc.") {
			t.Errorf("%s %s?%s reads acme-data, which --project leaves out", c.Method, c.Path, raw.Query)
		}
	}

	// --project alone: no enumeration, the project's ancestry read upwards.
	r = cl.run(t, f, "", "collect", []string{"--project", "acme-prod"})
	if r.code != exitOK {
		t.Fatalf("--project alone: exit %d: %s", r.code, r.stderr)
	}
	if got := snapshotScopes(readSnapshots(t, r.out)); !slices.Equal(got, []string{"project/acme-prod"}) {
		t.Errorf("snapshots %v, want only acme-prod", got)
	}
	var routes []string
	for _, c := range r.tap.calls() {
		raw := c.raw.(fakegcp.Call)
		if strings.HasPrefix(raw.Route, "cloudresourcemanager.") && !strings.HasSuffix(raw.Route, ".getIamPolicy") {
			routes = append(routes, raw.Route+" "+raw.Resource)
		}
	}
	slices.Sort(routes)
	if want := []string{"cloudresourcemanager.folders.get folders/456", "cloudresourcemanager.projects.get projects/acme-prod"}; !slices.Equal(routes, want) {
		t.Errorf("scope resolution %v, want %v", routes, want)
	}
	code, fs = judge(t, r.out)
	if code != exitOK {
		t.Errorf("--project alone: exit %d, want 0", code)
	}
	org := "organizations/" + compliantOrg
	for _, fd := range fs {
		if fd.Scope.ID != "acme-prod" || fd.Status != policies.StatusPass && fd.Status != policies.StatusManual {
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

// testGCPAccessTokenFile: --access-token-file authenticates every call with
// the file's token and never asks for another (an empty file is one error
// line, exit 2); Application Default Credentials exchange the key file's
// JWT at the fake's token endpoint and send that token.
func testGCPAccessTokenFile(t *testing.T, cl *cloud) {
	want := tableKeys(t, "testdata/gcp-compliant.md", expectedHeading)
	token := fmt.Sprintf("ya29.irscan-e2e-%d", time.Now().UnixNano())
	dir := t.TempDir()
	file := filepath.Join(dir, "token")
	must(t, os.WriteFile(file, []byte(token+"\n"), 0o600))
	f := cl.fake(t, "compliant", fakeOptions{})
	tp := f.tap(t)
	// ADC would fail: the key file does not exist.
	env := append(gcpHermetic(dir), "GOOGLE_APPLICATION_CREDENTIALS="+filepath.Join(dir, "missing.json"))
	out := t.TempDir()
	r := runCLI(t, env, "collect", "gcp", "--endpoint-url", tp.url, "--access-token-file", file, "--out", out, "--organization", compliantOrg)
	if r.code != exitOK || r.stderr != "" {
		t.Errorf("exit %d, stderr %q; want 0 and nothing", r.code, r.stderr)
	}
	if code, fs := judge(t, out); code != exitOK || !slices.Equal(keys(fs), want) {
		t.Errorf("exit %d; findings differ from the compliant ones:%s", code, diffKeys(keys(fs), want))
	}
	if got := tp.authorizations(); !slices.Equal(got, []string{"Bearer " + token}) {
		t.Errorf("calls authenticated with %q, want only the file's token", got)
	}
	if n := len(tp.issuedSecrets()); n != 0 {
		t.Errorf("the token endpoint issued %d tokens; --access-token-file needs none", n)
	}
	// An empty token file: one error line, exit 2.
	empty := filepath.Join(dir, "empty")
	must(t, os.WriteFile(empty, []byte("\n"), 0o600))
	r = runCLI(t, env, "collect", "gcp", "--endpoint-url", f.tap(t).url, "--access-token-file", empty, "--out", t.TempDir(), "--organization", compliantOrg)
	if r.code != exitUsage || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 || !strings.Contains(r.stderr, "is empty") {
		t.Errorf("empty --access-token-file: exit %d, stderr %q; want 2 and one line", r.code, r.stderr)
	}

	// ADC: the key file's JWT is exchanged for the principal's token.
	adc := cl.run(t, f, "", "collect", orgScan(compliantOrg))
	if adc.code != exitOK {
		t.Errorf("ADC: exit %d: %s", adc.code, adc.stderr)
	}
	issued := adc.tap.issuedSecrets()
	if len(issued) == 0 {
		t.Fatal("ADC: the token endpoint issued no token")
	}
	for _, a := range adc.tap.authorizations() {
		if !strings.HasPrefix(a, "Bearer ") || !slices.Contains(issued, strings.TrimPrefix(a, "Bearer ")) {
			t.Errorf("ADC: a call carried %q, not a token the fake issued", a)
		}
	}
	principal := f.srv.(*fakegcp.Server).Scenario().Principals[0].Email
	for _, c := range adc.tap.calls() {
		if c.Principal != principal {
			t.Errorf("%s was made as %q", c, c.Principal)
		}
	}
}

// testGCPChecksListing: `irscan checks --cloud gcp` lists the GCP checks
// (the built-in checks of the cloud), each with a title, a severity, the
// control its ID names, the framework IDs of that control (as `irscan
// controls` maps them) and sections of the GCP registry; the table shows
// each one, and no other cloud's.
func testGCPChecksListing(t *testing.T) {
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
	must(t, json.Unmarshal([]byte(out), &list))
	code, out, _ = irscan(t, "controls", "--format", "json")
	if code != 0 {
		t.Fatalf("controls: exit %d", code)
	}
	var controls []map[string]any
	must(t, json.Unmarshal([]byte(out), &controls))
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
	for _, s := range gcpcol.Sections() {
		documented[s.Name] = true
	}
	var ids []string
	for _, c := range list {
		ids = append(ids, c.ID)
		if c.Cloud != "gcp" || c.Title == "" || !slices.Contains(policies.Severities, c.Severity) {
			t.Errorf("%s: cloud %q, title %q, severity %q", c.ID, c.Cloud, c.Title, c.Severity)
		}
		if m := checkControl.FindStringSubmatch(c.ID); m == nil || !slices.Equal(c.Controls, []string{"IR-" + m[1]}) {
			t.Errorf("%s: controls %v, want the one its ID names", c.ID, c.Controls)
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
				t.Errorf("%s requires %s, which is not a section of the GCP registry", c.ID, s)
			}
		}
	}
	var want []string
	for _, c := range testEngine(t).Checks() {
		if c.Cloud == "gcp" {
			want = append(want, c.ID)
		}
	}
	slices.Sort(ids)
	slices.Sort(want)
	if len(want) == 0 || !slices.Equal(ids, want) {
		t.Errorf("checks --cloud gcp lists %v, want the built-in GCP checks %v", ids, want)
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
