package main

// End-to-end tests of `irscan scan azure` and `irscan collect azure`: the
// real azure-sdk-for-go clients of the collector (azidentity's
// DefaultAzureCredential, the arm* clients, the ARM reader), run by the CLI
// in-process, against fakecloud's Azure half (internal/fakecloud/azure) serving the
// scenarios of testdata/fakecloud/azure/ over TLS on loopback. Each
// scenario's README holds an "Expected findings" table (the format of
// testdata/demo/README.md) that the scan must reproduce exactly. The finding,
// table and snapshot helpers are those of scan_aws_test.go.

import (
	"bytes"
	"context"
	"crypto/x509"
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

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"

	azcol "github.com/irscan/irscan/collectors/azure"
	fakeazure "github.com/irscan/irscan/internal/fakecloud/azure"
	"github.com/irscan/irscan/snapshot"
)

const (
	azureScenarios = fakeFixtures + "/azure"
	// The subscriptions of the scenarios.
	compliantSub = "11111111-1111-1111-1111-111111111111"
	devSub       = "66666666-6666-6666-6666-666666666666"
	lockedSub    = "77777777-7777-7777-7777-777777777777"
	// subscriptionsRead is what reading a subscription needs; no section of
	// SECTIONS.md names it, because every section needs it.
	subscriptionsRead = "Microsoft.Resources/subscriptions/read"
	customRole        = "../../docs/permissions/azure-custom-role.json"
)

// The fakes of this test binary share one TLS identity: Go reads
// SSL_CERT_FILE once per process, when the system roots are first loaded,
// and azcore's default transport verifies against those roots.
var fakeCA struct {
	once sync.Once
	id   *fakeazure.TLSIdentity
	err  error
}

// fakeTLS returns the TLS identity every Azure fake serves, making the
// process trust its CA on first use: it points SSL_CERT_FILE at the CA,
// loads the system roots, checks they now hold the CA, and then removes the
// file and restores SSL_CERT_FILE (the roots stay loaded).
func fakeTLS(t *testing.T) *fakeazure.TLSIdentity {
	t.Helper()
	fakeCA.once.Do(func() {
		id, err := fakeazure.NewTLSIdentity(time.Now(), 24*time.Hour)
		if err != nil {
			fakeCA.err = err
			return
		}
		dir, err := os.MkdirTemp("", "irscan-fakecloud-ca-")
		if err != nil {
			fakeCA.err = err
			return
		}
		defer os.RemoveAll(dir)
		file := filepath.Join(dir, "ca.pem")
		if err := os.WriteFile(file, id.CAPEM, 0o600); err != nil {
			fakeCA.err = err
			return
		}
		old, had := os.LookupEnv("SSL_CERT_FILE")
		os.Setenv("SSL_CERT_FILE", file)
		roots, err := x509.SystemCertPool()
		if had {
			os.Setenv("SSL_CERT_FILE", old)
		} else {
			os.Unsetenv("SSL_CERT_FILE")
		}
		if err != nil {
			fakeCA.err = err
			return
		}
		leaf, err := x509.ParseCertificate(id.Certificate.Certificate[0])
		if err != nil {
			fakeCA.err = err
			return
		}
		if _, err := leaf.Verify(x509.VerifyOptions{Roots: roots}); err != nil {
			fakeCA.err = fmt.Errorf("the system roots were loaded before SSL_CERT_FILE could name the fake's CA: %w", err)
			return
		}
		fakeCA.id = id
	})
	if fakeCA.err != nil {
		t.Fatal(fakeCA.err)
	}
	return fakeCA.id
}

// fakeAzure is fakecloud's Azure half behind an httptest TLS server. It also
// keeps what only the wire shows: the access tokens the fake issued, and the
// largest number of ARM requests (and of subscriptions) in flight at once.
type fakeAzure struct {
	srv *fakeazure.Server
	url string

	mu     sync.Mutex
	tokens []string
	meter  inflightMeter
}

// startAzure serves a scenario of testdata/fakecloud/azure for the test.
func startAzure(t *testing.T, scenario string, opts fakeazure.Options) *fakeAzure {
	t.Helper()
	id := fakeTLS(t)
	opts.Fixtures, opts.Scenario = fakeFixtures, scenario
	srv, err := fakeazure.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeAzure{srv: srv}
	ts := httptest.NewUnstartedServer(f)
	ts.TLS = id.ServerConfig()
	ts.StartTLS()
	t.Cleanup(ts.Close)
	f.url = ts.URL
	return f
}

var armRoot = regexp.MustCompile(`(?i)^/(subscriptions|providers|tenants)(/|$)`)
var subscriptionOf = regexp.MustCompile(`(?i)^/subscriptions/([^/]+)`)

func (f *fakeAzure) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !armRoot.MatchString(r.URL.Path) {
		// Entra: keep the access tokens the fake hands out.
		tee := &teeWriter{ResponseWriter: w}
		f.srv.ServeHTTP(tee, r)
		var tok struct {
			AccessToken string `json:"access_token"`
		}
		if json.Unmarshal(tee.body.Bytes(), &tok) == nil && tok.AccessToken != "" {
			f.mu.Lock()
			f.tokens = append(f.tokens, tok.AccessToken)
			f.mu.Unlock()
		}
		return
	}
	sub := ""
	if m := subscriptionOf.FindStringSubmatch(r.URL.Path); m != nil {
		sub = strings.ToLower(m[1])
	}
	f.meter.serve(w, r, sub, f.srv)
}

// peak is the largest number of ARM requests in flight at once, and of
// subscriptions with a request in flight.
func (f *fakeAzure) peak() (requests, subscriptions int) { return f.meter.peak() }

// armCalls are the fake's ARM calls (not the Entra ones).
func (f *fakeAzure) armCalls() []fakeazure.Call {
	var out []fakeazure.Call
	for _, c := range f.srv.Calls() {
		if c.API == "arm" {
			out = append(out, c)
		}
	}
	return out
}

// principal is a principal of the fake's scenario, by name.
func (f *fakeAzure) principal(t *testing.T, name string) *fakeazure.Principal {
	t.Helper()
	for _, p := range f.srv.Scenario().Principals {
		if p.Name == name {
			return p
		}
	}
	t.Fatalf("scenario has no principal %s", name)
	return nil
}

// azureEnv gives DefaultAzureCredential exactly one source of credentials,
// the client secret of a scenario principal, and points Entra at the fake.
// AZURE_TENANT_ID is the real tenant ID: --arm-endpoint turns off MSAL's
// instance discovery.
func azureEnv(t *testing.T, f *fakeAzure, p *fakeazure.Principal) {
	t.Helper()
	for k, v := range map[string]string{
		"AZURE_TENANT_ID":                    f.srv.Scenario().Tenant.ID,
		"AZURE_CLIENT_ID":                    p.ClientID,
		"AZURE_CLIENT_SECRET":                p.ClientSecret,
		"AZURE_AUTHORITY_HOST":               f.url + "/",
		"AZURE_TOKEN_CREDENTIALS":            "EnvironmentCredential",
		"AZURE_CLIENT_CERTIFICATE_PATH":      "",
		"AZURE_CLIENT_CERTIFICATE_PASSWORD":  "",
		"AZURE_USERNAME":                     "",
		"AZURE_PASSWORD":                     "",
		"AZURE_FEDERATED_TOKEN_FILE":         "",
		"AZURE_ADDITIONALLY_ALLOWED_TENANTS": "",
		"AZURE_REGIONAL_AUTHORITY_NAME":      "",
		"IDENTITY_ENDPOINT":                  "",
		"MSI_ENDPOINT":                       "",
	} {
		t.Setenv(k, v)
	}
}

// runAzure runs the CLI in-process signed in as the named principal.
func runAzure(t *testing.T, f *fakeAzure, principal string, args ...string) awsRun {
	t.Helper()
	azureEnv(t, f, f.principal(t, principal))
	code, stdout, stderr := irscan(t, args...)
	return awsRun{code: code, stdout: stdout, stderr: stderr}
}

// scanAzure runs `irscan scan azure --arm-endpoint <fake>` with --format json
// (unless args give --format) and a fresh --out directory.
func scanAzure(t *testing.T, f *fakeAzure, principal string, args ...string) awsRun {
	t.Helper()
	out := t.TempDir()
	all := []string{"scan", "azure", "--arm-endpoint", f.url, "--out", out}
	if !slices.ContainsFunc(args, func(a string) bool { return a == "--format" || strings.HasPrefix(a, "--format=") }) {
		all = append(all, "--format", "json")
	}
	r := runAzure(t, f, principal, append(all, args...)...)
	r.out = out
	return r
}

// checkSnapshotCalls: every call a snapshot records is one the fake served,
// found by the request ID the fake issued, with the same path, status and
// ARM error code. It returns the number of calls the snapshots record.
func checkSnapshotCalls(t *testing.T, f *fakeAzure, snaps []*snapshot.Snapshot) int {
	t.Helper()
	issued := map[string]fakeazure.Call{}
	for _, c := range f.armCalls() {
		issued[c.RequestID] = c
	}
	n := 0
	for _, s := range snaps {
		for _, c := range s.Calls {
			n++
			fc, ok := issued[c.RequestID]
			if !ok {
				t.Errorf("%s: snapshot call %s (%s) has request ID %q, which the fake never issued", s.Scope.ID, c.ID, c.Operation, c.RequestID)
				continue
			}
			if c.Operation != "GET "+fc.Path || c.HTTPStatus != fc.Status || c.ErrorCode != fc.ErrorCode {
				t.Errorf("%s: snapshot call %s = %s %d %q, but request %s was GET %s %d %q", s.Scope.ID, c.ID, c.Operation, c.HTTPStatus, c.ErrorCode, c.RequestID, fc.Path, fc.Status, fc.ErrorCode)
			}
		}
	}
	return n
}

// TestAzureScenariosMatchREADME scans every Azure scenario with several
// report formats and compares the findings with the scenario's README, and
// the exit code with the one the README promises.
func TestAzureScenariosMatchREADME(t *testing.T) {
	for _, tc := range []struct {
		scenario, principal, readme string
		exit, snapshots             int
	}{
		{"compliant", "irscan-reader", "testdata/azure-compliant.md", exitOK, 1},
		{"nothing", "irscan-reader", "", exitFindings, 1},
		{"no-sentinel", "irscan-reader", "", exitFindings, 1},
		{"denied", "irscan-partial", "", exitErrors, 1},
		{"three-subscriptions", "irscan-reader", "", exitFindings, 3},
	} {
		t.Run(tc.scenario, func(t *testing.T) {
			readme := tc.readme
			if readme == "" {
				readme = filepath.Join(azureScenarios, tc.scenario, "README.md")
			}
			want := expectedFindings(t, readme)
			f := startAzure(t, tc.scenario, fakeazure.Options{})
			r := scanAzure(t, f, tc.principal, "--format", "table,sarif,html,json")
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
			snaps := readSnapshots(t, filepath.Join(r.out, "snapshots"))
			if len(snaps) != tc.snapshots {
				t.Errorf("%d snapshots, want %d (one per subscription)", len(snaps), tc.snapshots)
			}
			checkSnapshotCalls(t, f, snaps)

			// The scan only read, and the scenario answered every call from
			// a file (or from scenario.yaml), never from the missing-fixture
			// fallback.
			if v := f.srv.Violations(); len(v) > 0 {
				t.Errorf("the scan attempted writes: %+v", v)
			}
			for _, c := range f.armCalls() {
				if c.Method != http.MethodGet {
					t.Errorf("%s %s is not a GET", c.Method, c.Path)
				}
				if strings.Contains(c.Fault, "missing-fixture") {
					t.Errorf("call without a fixture: %s %s (api-version %s)", c.Action, c.Path, c.APIVersion)
				}
			}

			// Errors name what was missing.
			for _, fd := range fs {
				if fd.Status != "error" {
					continue
				}
				switch tc.scenario {
				case "denied":
					if !slices.ContainsFunc(f.srv.Scenario().Deny, func(d fakeazure.DenyRule) bool {
						return strings.Contains(fd.Message, "(missing "+d.Action+")")
					}) {
						t.Errorf("%s error does not name a denied action: %s", fd.CheckID, fd.Message)
					}
				case "three-subscriptions":
					if fd.Scope.ID != lockedSub || !strings.Contains(fd.Message, "(missing "+subscriptionsRead+")") || !strings.Contains(fd.Message, "AuthorizationFailed") {
						t.Errorf("%s error in %s does not name %s and AuthorizationFailed for %s: %s", fd.CheckID, fd.Scope.ID, subscriptionsRead, lockedSub, fd.Message)
					}
				default:
					t.Errorf("unexpected error finding %s: %s", fd.CheckID, fd.Message)
				}
			}

			if tc.scenario == "three-subscriptions" {
				checkLockedSubscription(t, f, snaps)
			}
		})
	}
}

// checkLockedSubscription: the subscription that cannot be read costs one
// refused call, and its snapshot says why in every section.
func checkLockedSubscription(t *testing.T, f *fakeAzure, snaps []*snapshot.Snapshot) {
	t.Helper()
	var locked []string
	for _, c := range f.armCalls() {
		if c.Subscription == lockedSub {
			locked = append(locked, fmt.Sprintf("%s %d %s", c.Path, c.Status, c.ErrorCode))
		}
	}
	if want := []string{"/subscriptions/" + lockedSub + " 403 AuthorizationFailed"}; !slices.Equal(locked, want) {
		t.Errorf("calls into %s = %q, want only the refused subscription read", lockedSub, locked)
	}
	for _, s := range snaps {
		if s.Scope.ID != lockedSub {
			continue
		}
		if len(s.Sections) < 18 {
			t.Errorf("the snapshot of %s has %d sections", lockedSub, len(s.Sections))
		}
		for name, sec := range s.Sections {
			if sec.Status != snapshot.StatusDenied || sec.Action != subscriptionsRead || len(sec.Calls) != 1 {
				t.Errorf("%s section %s: status %s, action %q, calls %v; want denied naming %s, citing the refused call", lockedSub, name, sec.Status, sec.Action, sec.Calls, subscriptionsRead)
			}
		}
	}
}

// documentedCall is an ARM read of SECTIONS.md: a path pattern and the
// api-version the collector must send.
type documentedCall struct {
	path       *regexp.Regexp
	apiVersion string
	doc        string
}

var (
	sectionsAPI     = regexp.MustCompile("`GET ([^`?]+)\\?api-version=([0-9a-z-]+)`")
	storageIDParam  = regexp.MustCompile(`\\\{storageAccountId\\\}`)
	otherPathParams = regexp.MustCompile(`\\\{[A-Za-z]+\\\}|<[a-z]+>`)
)

// documentedCalls reads every `GET <path>?api-version=<v>` of the Azure part
// of snapshot/SECTIONS.md, plus the subscription reads (armsubscriptions'
// api-version), which no section documents.
func documentedCalls(t *testing.T) []documentedCall {
	t.Helper()
	part := azureSections(t)
	var out []documentedCall
	add := func(path, version string) {
		re := regexp.QuoteMeta(path)
		re = storageIDParam.ReplaceAllString(re, `/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.Storage/storageAccounts/[^/]+`)
		re = otherPathParams.ReplaceAllString(re, `[^/]+`)
		out = append(out, documentedCall{path: regexp.MustCompile(`(?i)^` + re + `$`), apiVersion: version, doc: path})
	}
	for _, m := range sectionsAPI.FindAllStringSubmatch(strings.Join(strings.Fields(part), " "), -1) {
		add(m[1], m[2])
	}
	if len(out) < 20 {
		t.Fatalf("SECTIONS.md documents only %d Azure GETs", len(out))
	}
	add("/subscriptions", "2022-12-01")
	add("/subscriptions/{subscriptionId}", "2022-12-01")
	return out
}

// azureSections is the Azure part of snapshot/SECTIONS.md.
func azureSections(t *testing.T) string {
	t.Helper()
	raw, err := os.ReadFile("../../snapshot/SECTIONS.md")
	if err != nil {
		t.Fatal(err)
	}
	_, part, ok := strings.Cut(string(raw), "\n## Azure\n")
	if !ok {
		t.Fatal("SECTIONS.md has no Azure part")
	}
	part, _, _ = strings.Cut(part, "\n## GCP")
	return part
}

// TestAzureCompliantCallLog: a full scan only reads, reads nothing twice,
// sends the api-version SECTIONS.md documents for each path, and every call
// in the snapshot carries the request ID the fake issued for it.
func TestAzureCompliantCallLog(t *testing.T) {
	f := startAzure(t, "compliant", fakeazure.Options{})
	r := scanAzure(t, f, "irscan-reader")
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if v := f.srv.Violations(); len(v) != 0 {
		t.Errorf("writes attempted: %+v", v)
	}
	for _, c := range f.srv.Calls() {
		if c.API == "entra" && !(c.Method == http.MethodGet && strings.HasSuffix(c.Path, "/openid-configuration") ||
			c.Method == http.MethodPost && strings.HasSuffix(c.Path, "/token")) {
			t.Errorf("unexpected Entra call %s %s", c.Method, c.Path)
		}
	}
	calls := f.armCalls()
	if len(calls) < 25 {
		t.Fatalf("only %d ARM calls recorded by the fake", len(calls))
	}
	documented := documentedCalls(t)
	seen := map[string]int{}
	for _, c := range calls {
		if c.Method != http.MethodGet || c.Violation || c.Fault != "" || c.Status != http.StatusOK {
			t.Errorf("call %s %s: status %d, fault %q", c.Method, c.Path, c.Status, c.Fault)
		}
		query := slices.Sorted(maps.Keys(c.Query))
		for i, k := range query {
			query[i] = k + "=" + c.Query[k]
		}
		key := fmt.Sprintf("%s %s?api-version=%s&%s", c.Method, strings.ToLower(c.Path), c.APIVersion, strings.Join(query, "&"))
		if seen[key]++; seen[key] == 2 {
			t.Errorf("duplicate call: %s", key)
		}
		if c.RequestID == "" {
			t.Errorf("%s: the fake issued no request ID", c.Path)
		}
		i := slices.IndexFunc(documented, func(d documentedCall) bool { return d.path.MatchString(c.Path) })
		switch {
		case i < 0:
			t.Errorf("GET %s is not documented in SECTIONS.md", c.Path)
		case documented[i].apiVersion != c.APIVersion:
			t.Errorf("GET %s sent api-version %s; SECTIONS.md documents %s for %s", c.Path, c.APIVersion, documented[i].apiVersion, documented[i].doc)
		}
	}

	snaps := readSnapshots(t, filepath.Join(r.out, "snapshots"))
	if len(snaps) != 1 {
		t.Fatalf("%d snapshots", len(snaps))
	}
	// The snapshot holds every call but the subscription list (made before
	// any subscription is collected).
	if recorded := checkSnapshotCalls(t, f, snaps); recorded != len(calls)-1 {
		t.Errorf("snapshot records %d calls, the fake served %d ARM calls (one of them GET /subscriptions)", recorded, len(calls))
	}
	for name, sec := range snaps[0].Sections {
		if sec.Status != snapshot.StatusOK {
			t.Errorf("section %s: %s (%s)", name, sec.Status, sec.Error)
		}
		if len(sec.AllCalls()) == 0 {
			t.Errorf("section %s cites no call", name)
		}
	}
}

// roleActions are the Actions of the documented custom role.
func roleActions(t *testing.T) []string {
	t.Helper()
	raw, err := os.ReadFile(customRole)
	if err != nil {
		t.Fatal(err)
	}
	var role struct {
		Name             string
		IsCustom         bool
		Actions          []string
		NotActions       []string
		DataActions      []string
		AssignableScopes []string
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&role); err != nil {
		t.Fatalf("%s: %v", customRole, err)
	}
	if role.Name == "" || !role.IsCustom || len(role.Actions) == 0 || len(role.NotActions) != 0 || len(role.DataActions) != 0 || len(role.AssignableScopes) == 0 {
		t.Fatalf("%s is not a custom role with Actions only: %+v", customRole, role)
	}
	for _, a := range role.Actions {
		if strings.Contains(a, "*") || !strings.HasSuffix(strings.ToLower(a), "/read") {
			t.Errorf("%s: %q is not one read action", customRole, a)
		}
	}
	return role.Actions
}

var (
	anyHeading       = regexp.MustCompile(`(?m)^### (.+)$`)
	azureAction      = regexp.MustCompile("`(Microsoft\\.[A-Za-z]+(?:/[A-Za-z]+)+)`")
	skippedWhen      = regexp.MustCompile("are `skipped` when `([a-z_.]+)` could not be read")
	sentinelSections = "securityinsights."
)

// azureSectionPermissions reads the Azure part of snapshot/SECTIONS.md:
// for every section the Azure RBAC actions of its **Permission(s)** entry,
// lower-cased (Azure actions are case-insensitive), and the sections each
// one is filled after (not attempted when those cannot be read), including
// the shared rules of the Microsoft Sentinel sections.
func azureSectionPermissions(t *testing.T) (perms, deps map[string][]string) {
	t.Helper()
	part := azureSections(t)
	perms, deps = map[string][]string{}, map[string][]string{}
	var shared string
	heads := anyHeading.FindAllStringSubmatchIndex(part, -1)
	for i, h := range heads {
		title := part[h[2]:h[3]]
		end := len(part)
		if i+1 < len(heads) {
			end = heads[i+1][0]
		}
		block := strings.Join(strings.Fields(part[h[1]:end]), " ")
		if !strings.HasPrefix(title, "`") {
			if strings.Contains(title, "Sentinel") {
				shared = block
			}
			continue
		}
		name := strings.Trim(title, "`")
		_, p, ok := strings.Cut(block, "- **Permission")
		if !ok {
			t.Fatalf("SECTIONS.md: section %s has no Permission entry", name)
		}
		p, _, _ = strings.Cut(p, " - **")
		for _, m := range azureAction.FindAllStringSubmatch(p, -1) {
			perms[name] = append(perms[name], strings.ToLower(m[1]))
		}
		if len(perms[name]) == 0 {
			t.Fatalf("SECTIONS.md: section %s names no Azure permission", name)
		}
		for _, m := range filledAfter.FindAllStringSubmatch(block, -1) {
			deps[name] = append(deps[name], m[1])
		}
	}
	if shared == "" {
		t.Fatal("SECTIONS.md has no shared rules for the Microsoft Sentinel sections")
	}
	after := filledAfter.FindStringSubmatch(shared)
	skipped := skippedWhen.FindStringSubmatch(shared)
	if after == nil || skipped == nil {
		t.Fatal("SECTIONS.md no longer says which sections the Microsoft Sentinel sections are filled after")
	}
	for name := range perms {
		if !strings.HasPrefix(name, sentinelSections) {
			continue
		}
		deps[name] = append(deps[name], after[1])
		if name != skipped[1] {
			deps[name] = append(deps[name], skipped[1])
		}
	}
	if len(perms) < 18 {
		t.Fatalf("parsed permissions of only %d Azure sections: %v", len(perms), perms)
	}
	return perms, deps
}

// TestAzurePermissionsRole: the documented custom role is exactly what a
// full scan uses, and enough for a scan without any error; without one of
// its actions, exactly the checks that read a section filled with that
// action (by the checks' `requires` and SECTIONS.md) are error, naming it.
func TestAzurePermissionsRole(t *testing.T) {
	actions := roleActions(t)
	f := startAzure(t, "compliant", fakeazure.Options{Allow: actions})
	full := scanAzure(t, f, "irscan-reader")
	if full.code != exitOK {
		t.Errorf("scan with the documented role: exit %d, want 0: %s", full.code, full.stderr)
	}
	baseline := readFindings(t, full.out)
	for _, fd := range baseline {
		if fd.Status == "error" {
			t.Errorf("with the documented role, %s is error: %s", fd.CheckID, fd.Message)
		}
	}
	// The role has exactly the actions the scan used.
	used := map[string]bool{}
	for _, c := range f.armCalls() {
		if c.Fault == "denied" {
			t.Errorf("%s was denied under the documented role", c.Action)
		}
		used[strings.ToLower(c.Action)] = true
	}
	var role []string
	for _, a := range actions {
		role = append(role, strings.ToLower(a))
	}
	slices.Sort(role)
	if got := slices.Sorted(maps.Keys(used)); !slices.Equal(got, role) {
		t.Errorf("the scan used the actions\n  %v\nthe role lists\n  %v", got, role)
	}

	requires := checkRequires(t, "azure", 20)
	perms, deps := azureSectionPermissions(t)
	// Every section's permissions are in the role.
	for name, ps := range perms {
		for _, p := range ps {
			if !slices.Contains(role, p) {
				t.Errorf("section %s needs %s, which the role lacks", name, p)
			}
		}
	}

	remove := actions
	if testing.Short() {
		remove = []string{"Microsoft.SecurityInsights/alertRules/read"}
	}
	for _, action := range remove {
		t.Run(action, func(t *testing.T) {
			allowed := slices.DeleteFunc(slices.Clone(actions), func(a string) bool { return a == action })
			f := startAzure(t, "compliant", fakeazure.Options{Allow: allowed})
			if strings.EqualFold(action, subscriptionsRead) {
				checkWithoutSubscriptionRead(t, f, requires)
				return
			}
			want := erroredChecks(strings.ToLower(action), requires, perms, deps)
			if len(want) == 0 {
				t.Fatalf("no check depends on %s according to SECTIONS.md and the checks' requires", action)
			}
			r := scanAzure(t, f, "irscan-reader")
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
				if !strings.Contains(fd.Message, action) {
					t.Errorf("%s error does not name %s: %s", fd.CheckID, action, fd.Message)
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
			// Only that action was refused.
			for _, c := range f.armCalls() {
				if c.Fault == "denied" && !strings.EqualFold(c.Action, action) {
					t.Errorf("%s was refused too", c.Action)
				}
			}
			// The snapshot says why: the sections read with the action are
			// denied naming it; the sections that depend on them are skipped.
			direct, dependents := unreadSections(strings.ToLower(action), perms, deps)
			for _, snap := range readSnapshots(t, filepath.Join(r.out, "snapshots")) {
				for name, sec := range snap.Sections {
					switch {
					case slices.Contains(direct, name):
						if sec.Status != snapshot.StatusDenied || !strings.EqualFold(sec.Action, action) {
							t.Errorf("section %s: status %s, action %q; want denied naming %s", name, sec.Status, sec.Action, action)
						}
					case slices.Contains(dependents, name):
						if sec.Status != snapshot.StatusSkipped {
							t.Errorf("section %s depends on an unread section: status %s (%s), want skipped", name, sec.Status, sec.Error)
						}
					case sec.Status != snapshot.StatusOK:
						t.Errorf("section %s: status %s (%s), want ok", name, sec.Status, sec.Error)
					}
				}
			}
		})
	}
}

// checkWithoutSubscriptionRead: without Microsoft.Resources/subscriptions/read
// no subscription can be listed (exit 2, naming the action), and a named
// subscription cannot be read: every check that reads a section is error
// naming the action.
func checkWithoutSubscriptionRead(t *testing.T, f *fakeAzure, requires map[string][]string) {
	t.Helper()
	r := scanAzure(t, f, "irscan-reader")
	if r.code != exitUsage || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 || !strings.Contains(r.stderr, subscriptionsRead) {
		t.Errorf("listing subscriptions without %s: exit %d, stderr %q; want 2 and one line naming the action", subscriptionsRead, r.code, r.stderr)
	}
	r = scanAzure(t, f, "irscan-reader", "--subscription", compliantSub)
	if r.code != exitErrors {
		t.Errorf("--subscription without %s: exit %d, want 3: %s", subscriptionsRead, r.code, r.stderr)
	}
	var want, got []string
	for id, req := range requires {
		if len(req) > 0 {
			want = append(want, id)
		}
	}
	slices.Sort(want)
	for _, fd := range readFindings(t, r.out) {
		if fd.Status == "error" {
			got = append(got, fd.CheckID)
			if !strings.Contains(fd.Message, "(missing "+subscriptionsRead+")") {
				t.Errorf("%s error does not name %s: %s", fd.CheckID, subscriptionsRead, fd.Message)
			}
		}
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("checks in error = %v, want every check that reads a section %v", got, want)
	}
}

// TestAzureThrottlingRecovers: 429s with Retry-After on a few paths (the
// subscription list, a typed client, a paged list, a Sentinel list through
// the ARM reader) are retried by azcore and the scan gives the compliant
// verdicts; the snapshot records the throttled attempts.
func TestAzureThrottlingRecovers(t *testing.T) {
	if testing.Short() {
		t.Skip("Retry-After makes this take a few seconds")
	}
	want := expectedFindings(t, "testdata/azure-compliant.md")
	second := time.Second
	throttled := []string{
		"/subscriptions",
		"/subscriptions/*/providers/Microsoft.Security/pricings",
		"/subscriptions/*/providers/Microsoft.Storage/storageAccounts",
		"/subscriptions/*/providers/Microsoft.SecurityInsights/alertRules",
	}
	var faults []fakeazure.Fault
	for _, p := range throttled {
		faults = append(faults, fakeazure.Fault{Path: p, Throttle: 2, RetryAfter: &second})
	}
	f := startAzure(t, "compliant", fakeazure.Options{Faults: faults})
	r := scanAzure(t, f, "irscan-reader")
	if r.code != exitOK {
		t.Errorf("exit %d, want 0: %s", r.code, r.stderr)
	}
	if got := findingKeys(readFindings(t, r.out)); !slices.Equal(got, want) {
		t.Errorf("findings differ from the compliant ones:%s", diffKeys(got, want))
	}
	count := map[string]int{}
	for _, c := range f.armCalls() {
		if c.Fault == "throttle" {
			if c.Status != http.StatusTooManyRequests {
				t.Errorf("throttled call %s answered %d", c.Path, c.Status)
			}
			i := slices.IndexFunc(throttled, func(p string) bool { return globMatch(p, c.Path) })
			if i >= 0 {
				count[throttled[i]]++
			}
		}
	}
	for _, p := range throttled {
		if count[p] != 2 {
			t.Errorf("%s throttled %d times, want 2", p, count[p])
		}
	}
	// The snapshot records the throttled attempts of the subscription's own
	// reads (the subscription list is made before any snapshot).
	snaps := readSnapshots(t, filepath.Join(r.out, "snapshots"))
	checkSnapshotCalls(t, f, snaps)
	n := 0
	for _, s := range snaps {
		for _, c := range s.Calls {
			if c.HTTPStatus == http.StatusTooManyRequests && c.ErrorCode == "SubscriptionRequestsThrottled" {
				n++
			}
		}
	}
	if n != 2*(len(throttled)-1) {
		t.Errorf("the snapshot records %d throttled attempts, want %d", n, 2*(len(throttled)-1))
	}
}

// globMatch matches the fault path patterns used here: * crosses "/".
func globMatch(pattern, s string) bool {
	re := "^" + strings.ReplaceAll(regexp.QuoteMeta(pattern), `\*`, `.*`) + "$"
	return regexp.MustCompile("(?i)" + re).MatchString(s)
}

// TestAzureParallel: the subscriptions are collected concurrently within
// --parallel requests in flight; --parallel 1 makes one request at a time
// and gives the same findings.
func TestAzureParallel(t *testing.T) {
	latency := fakeazure.Options{Latency: 10 * time.Millisecond}
	f := startAzure(t, "three-subscriptions", latency)
	def := scanAzure(t, f, "irscan-reader")
	if req, subs := f.peak(); req < 4 || subs < 2 {
		t.Errorf("default scan: at most %d requests and %d subscriptions in flight; expected concurrency", req, subs)
	}

	f3 := startAzure(t, "three-subscriptions", latency)
	three := scanAzure(t, f3, "irscan-reader", "--parallel", "3")
	if req, subs := f3.peak(); req > 3 || req < 2 || subs < 2 {
		t.Errorf("--parallel 3: %d requests and %d subscriptions in flight at once; want 2 or 3 requests across subscriptions", req, subs)
	}

	f1 := startAzure(t, "three-subscriptions", latency)
	one := scanAzure(t, f1, "irscan-reader", "--parallel", "1")
	if req, _ := f1.peak(); req != 1 {
		t.Errorf("--parallel 1: %d requests in flight at once", req)
	}
	for name, r := range map[string]awsRun{"default": def, "--parallel 3": three, "--parallel 1": one} {
		if r.code != exitFindings {
			t.Errorf("%s: exit %d, want 1: %s", name, r.code, r.stderr)
		}
	}
	w := findingKeys(readFindings(t, def.out))
	for name, r := range map[string]awsRun{"--parallel 3": three, "--parallel 1": one} {
		if g := findingKeys(readFindings(t, r.out)); !slices.Equal(g, w) {
			t.Errorf("%s findings differ from the default:%s", name, diffKeys(g, w))
		}
	}
}

// TestAzureSubscriptionFlag: --subscription collects that subscription only,
// without listing the others.
func TestAzureSubscriptionFlag(t *testing.T) {
	var want []string
	for _, k := range expectedFindings(t, filepath.Join(azureScenarios, "three-subscriptions", "README.md")) {
		if strings.Contains(k, "/subscriptions/"+devSub) {
			want = append(want, k)
		}
	}
	f := startAzure(t, "three-subscriptions", fakeazure.Options{})
	r := scanAzure(t, f, "irscan-reader", "--subscription", devSub)
	if r.code != exitFindings {
		t.Errorf("exit %d: %s", r.code, r.stderr)
	}
	if got := findingKeys(readFindings(t, r.out)); !slices.Equal(got, want) {
		t.Errorf("findings differ from the %s rows of the README:%s", devSub, diffKeys(got, want))
	}
	snaps := readSnapshots(t, filepath.Join(r.out, "snapshots"))
	if len(snaps) != 1 || snaps[0].Scope.ID != devSub || snaps[0].Scope.Type != "subscription" {
		t.Errorf("snapshots %d, want one for subscription %s", len(snaps), devSub)
	}
	calls := f.armCalls()
	for _, c := range calls {
		if c.Subscription != devSub {
			t.Errorf("%s called outside --subscription %s", c.Path, devSub)
		}
	}
	if n := checkSnapshotCalls(t, f, snaps); n != len(calls) {
		t.Errorf("the snapshot records %d calls, the fake served %d", n, len(calls))
	}
}

// TestAzureLogging: --log-level debug logs one "azure call" line per ARM
// call; the default level is silent on success; --quiet leaves only errors.
func TestAzureLogging(t *testing.T) {
	f := startAzure(t, "compliant", fakeazure.Options{})
	r := scanAzure(t, f, "irscan-reader", "--log-level", "debug")
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var logged []string
	for _, l := range strings.Split(r.stderr, "\n") {
		if !strings.Contains(l, `msg="azure call"`) {
			continue
		}
		for _, field := range []string{"operation=", "status=", "request_id=", "ms="} {
			if !strings.Contains(l, field) {
				t.Errorf("azure call line without %s: %s", field, l)
			}
		}
		if m := regexp.MustCompile(`request_id=(\S+)`).FindStringSubmatch(l); m != nil {
			logged = append(logged, m[1])
		}
	}
	var served []string
	for _, c := range f.armCalls() {
		served = append(served, c.RequestID)
	}
	slices.Sort(logged)
	slices.Sort(served)
	if !slices.Equal(logged, served) {
		t.Errorf("%d azure call lines for %d ARM calls (request IDs differ: %v vs %v)", len(logged), len(served), logged, served)
	}

	f = startAzure(t, "compliant", fakeazure.Options{})
	if r := scanAzure(t, f, "irscan-reader"); r.code != exitOK || r.stderr != "" {
		t.Errorf("default level: exit %d, stderr %q; want 0 and nothing", r.code, r.stderr)
	}
	if r := scanAzure(t, f, "irscan-reader", "--quiet", "--log-level", "debug"); r.code != exitOK || r.stderr != "" {
		t.Errorf("--quiet: exit %d, stderr %q; want 0 and nothing", r.code, r.stderr)
	}
	// A wrong secret: one error line with Entra's reason, exit 2, and the
	// secret is not echoed.
	azureEnv(t, f, f.principal(t, "irscan-reader"))
	t.Setenv("AZURE_CLIENT_SECRET", "not-the-secret")
	code, _, stderr := irscan(t, "scan", "azure", "--arm-endpoint", f.url, "--quiet")
	if code != exitUsage || strings.Count(strings.TrimSpace(stderr), "\n") != 0 || !strings.HasPrefix(stderr, "irscan: azure: ") ||
		!strings.Contains(stderr, "invalid_client") || strings.Contains(stderr, "not-the-secret") {
		t.Errorf("--quiet with a wrong secret: exit %d, stderr %q; want 2 and one error line with Entra's reason", code, stderr)
	}
}

var jwt = regexp.MustCompile(`eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}`)

// TestAzureNoSecretsWritten: no client secret or bearer token appears in any
// snapshot, report or log line.
func TestAzureNoSecretsWritten(t *testing.T) {
	var texts, dirs []string
	var secrets []string
	for _, sc := range []string{"compliant", "three-subscriptions"} {
		f := startAzure(t, sc, fakeazure.Options{})
		p := f.principal(t, "irscan-reader")
		secrets = append(secrets, p.ClientSecret)
		r := scanAzure(t, f, p.Name, "--format", "json,sarif,html,csv,junit", "--log-level", "debug")
		texts = append(texts, r.stdout, r.stderr)
		dirs = append(dirs, r.out)
		f.mu.Lock()
		tokens := slices.Clone(f.tokens)
		f.mu.Unlock()
		if len(tokens) == 0 {
			t.Fatalf("%s: captured no access token", sc)
		}
		secrets = append(secrets, tokens...)
	}
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
	if files < 12 {
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
		if strings.Contains(strings.ToLower(text), "bearer ") {
			t.Errorf("output %d contains a bearer header", i)
		}
	}
}

// TestAzureCollectThenEvaluate: collect writes one valid snapshot per
// subscription, and evaluating them gives the findings scan gives;
// evaluating the snapshots scan kept gives its findings byte for byte.
func TestAzureCollectThenEvaluate(t *testing.T) {
	f := startAzure(t, "three-subscriptions", fakeazure.Options{})
	scan := scanAzure(t, f, "irscan-reader")
	if scan.code != exitFindings {
		t.Fatalf("scan: exit %d: %s", scan.code, scan.stderr)
	}
	scanFindings := readFindings(t, scan.out)

	snapDir := t.TempDir()
	c := runAzure(t, f, "irscan-reader", "collect", "azure", "--arm-endpoint", f.url, "--out", snapDir)
	if c.code != exitOK || c.stderr != "" {
		t.Fatalf("collect: exit %d: %s", c.code, c.stderr)
	}
	snaps := readSnapshots(t, snapDir)
	var subs []string
	for _, s := range snaps {
		if s.Cloud != "azure" || s.Scope.Type != "subscription" || s.Schema != snapshot.SchemaVersion {
			t.Errorf("snapshot %+v", s.Scope)
		}
		subs = append(subs, s.Scope.ID)
	}
	slices.Sort(subs)
	if want := []string{compliantSub, devSub, lockedSub}; !slices.Equal(subs, want) {
		t.Errorf("snapshots for %v, want one per subscription %v", subs, want)
	}
	if printed := strings.Fields(c.stdout); len(printed) != len(snaps) {
		t.Errorf("collect printed %q, want the %d paths", c.stdout, len(snaps))
	}

	out := t.TempDir()
	e := runAzure(t, f, "irscan-reader", "evaluate", snapDir, "--format", "json", "--out", out)
	if e.code != scan.code {
		t.Errorf("evaluate: exit %d, scan gave %d", e.code, scan.code)
	}
	if g, w := findingKeys(readFindings(t, out)), findingKeys(scanFindings); !slices.Equal(g, w) {
		t.Errorf("evaluate of collected snapshots differs from scan:%s", diffKeys(g, w))
	}

	// The snapshots scan kept give the very same findings.
	out2 := t.TempDir()
	e = runAzure(t, f, "irscan-reader", "evaluate", filepath.Join(scan.out, "snapshots"), "--format", "json", "--out", out2)
	if e.code != scan.code {
		t.Errorf("evaluate of scan's snapshots: exit %d, want %d", e.code, scan.code)
	}
	if g, w := rawFindings(t, out2), rawFindings(t, scan.out); !bytes.Equal(g, w) {
		t.Errorf("evaluate of scan's snapshots gives other findings than scan:\n%s\n%s", g, w)
	}
}

// The SOC scenarios (issue 9, item 7): a SOC subscription whose Sentinel
// workspace law-soc has Defender for Cloud connectors naming two workload
// subscriptions that have no workspace of their own.
const (
	socSub      = "88888888-8888-8888-8888-888888888888"
	paymentsSub = "44444444-4444-4444-4444-444444444444"
	webSub      = "55555555-5555-5555-5555-555555555555"
	socWS       = "/subscriptions/" + socSub + "/resourceGroups/rg-soc/providers/Microsoft.OperationalInsights/workspaces/law-soc"
)

// sentinelChecks are the checks a workload follows the SOC's workspace in.
var sentinelChecks = []string{"AZ-IR3-02", "AZ-IR3-03", "AZ-IR5-01", "AZ-IR6-02", "AZ-IR7-02", "AZ-IR7-03"}

// ownedFinding is a finding with its owner reference.
type ownedFinding struct {
	CheckID  string `json:"check_id"`
	Scope    struct{ ID string }
	Resource string `json:"resource"`
	Status   string `json:"status"`
	Message  string `json:"message"`
	Owner    *struct {
		Cloud    string `json:"cloud"`
		Scope    struct{ Type, ID string }
		Resource string   `json:"resource"`
		Snapshot string   `json:"snapshot"`
		Pointers []string `json:"pointers"`
	} `json:"owner"`
}

func readOwnedFindings(t *testing.T, dir string) []ownedFinding {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "irscan.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Findings []ownedFinding `json:"findings"`
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	return rep.Findings
}

// collectAzure collects the fake's subscriptions (those named, or every one
// the principal sees) with the collector's real SDK clients, signed in with
// a client secret credential given in code rather than the environment, so
// that collections of several fakes can run in parallel. It writes the
// snapshots into a fresh directory and returns it.
func collectAzure(t *testing.T, f *fakeAzure, subs ...string) string {
	t.Helper()
	p := f.principal(t, "irscan-reader")
	conf := cloud.Configuration{
		ActiveDirectoryAuthorityHost: f.url + "/",
		Services:                     map[cloud.ServiceName]cloud.ServiceConfiguration{cloud.ResourceManager: {Endpoint: f.url, Audience: "https://management.core.windows.net/"}},
	}
	cred, err := azidentity.NewClientSecretCredential(f.srv.Scenario().Tenant.ID, p.ClientID, p.ClientSecret, &azidentity.ClientSecretCredentialOptions{
		ClientOptions:            policy.ClientOptions{Cloud: conf},
		DisableInstanceDiscovery: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	snaps, err := azcol.Collect(context.Background(), azcol.Options{Subscriptions: subs, ARMEndpoint: f.url, Credential: cred, ToolVersion: "test"})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := snapshot.Write(dir, snaps); err != nil {
		t.Fatal(err)
	}
	return dir
}

// evaluateSnapshots runs `irscan evaluate ARGS... --format json --out DIR`
// in-process and returns the exit code and DIR.
func evaluateSnapshots(t *testing.T, args ...string) (int, string) {
	t.Helper()
	out := t.TempDir()
	code, _, stderr := irscan(t, append(append([]string{"evaluate"}, args...), "--format", "json", "--out", out)...)
	if stderr != "" {
		t.Errorf("evaluate %v: stderr %s", args, stderr)
	}
	return code, out
}

// TestAzureSOCScenariosMatchREADME collects soc-central and its broken twin
// (one fake each, in parallel), evaluates the three snapshots together and
// compares the findings with the README: the workloads' six Sentinel checks
// follow law-soc, pass in soc-central and fail in soc-central-broken, each
// naming irscan-soc as its owner with pointers into its snapshot.
func TestAzureSOCScenariosMatchREADME(t *testing.T) {
	for _, tc := range []struct {
		scenario, status string
	}{
		{"soc-central", "pass"},
		{"soc-central-broken", "fail"},
	} {
		t.Run(tc.scenario, func(t *testing.T) {
			t.Parallel()
			f := startAzure(t, tc.scenario, fakeazure.Options{})
			dir := collectAzure(t, f)
			code, out := evaluateSnapshots(t, dir)
			if code != exitFindings {
				t.Errorf("exit %d, want %d", code, exitFindings)
			}
			readme := filepath.Join(azureScenarios, tc.scenario, "README.md")
			if got, want := findingKeys(readFindings(t, out)), expectedFindings(t, readme); !slices.Equal(got, want) {
				t.Errorf("findings differ from %s:%s", readme, diffKeys(got, want))
			}

			// The scan only read, every list had a file.
			if v := f.srv.Violations(); len(v) > 0 {
				t.Errorf("writes attempted: %+v", v)
			}
			for _, c := range f.armCalls() {
				if c.Method != http.MethodGet || strings.Contains(c.Fault, "missing-fixture") {
					t.Errorf("call %s %s (fault %q)", c.Method, c.Path, c.Fault)
				}
			}

			socSnap := ""
			for _, s := range readSnapshots(t, dir) {
				if s.Scope.ID == socSub {
					socSnap = filepath.Join(dir, snapshot.FileName(s))
				}
			}
			followed := map[string]int{}
			for _, fd := range readOwnedFindings(t, out) {
				workload := fd.Scope.ID == paymentsSub || fd.Scope.ID == webSub
				if !slices.Contains(sentinelChecks, fd.CheckID) || !workload {
					if fd.Owner != nil {
						t.Errorf("%s in %s has an owner: %+v", fd.CheckID, fd.Scope.ID, fd.Owner)
					}
					continue
				}
				followed[fd.Scope.ID]++
				switch {
				case fd.Status != tc.status:
					t.Errorf("%s in %s: %s, want %s: %s", fd.CheckID, fd.Scope.ID, fd.Status, tc.status, fd.Message)
				case fd.Resource != "/subscriptions/"+fd.Scope.ID:
					t.Errorf("%s in %s names resource %s", fd.CheckID, fd.Scope.ID, fd.Resource)
				case fd.Owner == nil || fd.Owner.Scope.ID != socSub || fd.Owner.Scope.Type != "subscription" || fd.Owner.Resource != socWS || fd.Owner.Snapshot != socSnap || len(fd.Owner.Pointers) == 0:
					t.Errorf("%s in %s: owner %+v, want irscan-soc's law-soc in %s with pointers", fd.CheckID, fd.Scope.ID, fd.Owner, socSnap)
				case !strings.Contains(fd.Message, "workspace law-soc of subscription "+socSub) || !strings.Contains(fd.Message, "Judged on subscription "+socSub+"'s evidence (snapshot "+socSnap+")."):
					t.Errorf("%s in %s does not name law-soc and its subscription: %s", fd.CheckID, fd.Scope.ID, fd.Message)
				}
			}
			if followed[paymentsSub] != len(sentinelChecks) || followed[webSub] != len(sentinelChecks) {
				t.Errorf("workload findings following law-soc: %v, want %d each", followed, len(sentinelChecks))
			}
		})
	}
}

// TestAzureSOCCollection: one multi-subscription collection reads the SOC
// subscription's workspace although the subscription holds nothing else
// the checks read, and keeps each Defender for Cloud connector with the
// subscriptionId it names, in the official example's shape.
func TestAzureSOCCollection(t *testing.T) {
	t.Parallel()
	f := startAzure(t, "soc-central", fakeazure.Options{})
	dir := collectAzure(t, f)
	snaps := readSnapshots(t, dir)
	var subs []string
	var soc *snapshot.Snapshot
	for _, s := range snaps {
		subs = append(subs, s.Scope.ID)
		if s.Scope.ID == socSub {
			soc = s
		}
	}
	slices.Sort(subs)
	if want := []string{paymentsSub, webSub, socSub}; !slices.Equal(subs, want) {
		t.Fatalf("snapshots of %v, want %v", subs, want)
	}
	for _, name := range []string{"network.virtual_networks", "storage.accounts", "keyvault.vaults", "sql.servers"} {
		var v struct{ Value []any }
		if sec := soc.Sections[name]; sec == nil || sec.Status != snapshot.StatusOK || json.Unmarshal(sec.Data, &v) != nil || len(v.Value) != 0 {
			t.Errorf("irscan-soc section %s: want ok and empty", name)
		}
	}
	sec := soc.Sections["securityinsights.data_connectors"]
	if sec == nil || sec.Status != snapshot.StatusOK {
		t.Fatalf("irscan-soc data connectors: %+v", sec)
	}
	var dc struct {
		DataConnectorsByWorkspace []struct {
			WorkspaceID string           `json:"workspaceId"`
			Value       []map[string]any `json:"value"`
		} `json:"dataConnectorsByWorkspace"`
	}
	if err := json.Unmarshal(sec.Data, &dc); err != nil || len(dc.DataConnectorsByWorkspace) != 1 || dc.DataConnectorsByWorkspace[0].WorkspaceID != socWS {
		t.Fatalf("connectors %s: %v", sec.Data, err)
	}
	var named []string
	for _, c := range dc.DataConnectorsByWorkspace[0].Value {
		props, _ := c["properties"].(map[string]any)
		if c["kind"] != "AzureSecurityCenter" || props == nil {
			t.Errorf("connector %v", c)
			continue
		}
		named = append(named, fmt.Sprint(props["subscriptionId"]))
		if got := slices.Sorted(maps.Keys(c)); !slices.Equal(got, []string{"etag", "id", "kind", "name", "properties", "type"}) {
			t.Errorf("connector members %v, want those of the official example", got)
		}
	}
	slices.Sort(named)
	if want := []string{paymentsSub, webSub, socSub}; !slices.Equal(named, want) {
		t.Errorf("connectors name %v, want %v", named, want)
	}
	// Each workspace's connectors were read once, at the Sentinel api-version.
	n := 0
	for _, c := range f.armCalls() {
		if strings.EqualFold(c.Path, socWS+"/providers/Microsoft.SecurityInsights/dataConnectors") {
			n++
			if c.APIVersion != "2025-09-01" || c.Status != http.StatusOK {
				t.Errorf("data connectors read with api-version %s, status %d", c.APIVersion, c.Status)
			}
		}
	}
	if n != 1 {
		t.Errorf("law-soc's data connectors read %d times, want once", n)
	}
}

// TestAzureWorkloadAloneNamesTheSOC: a workload snapshot evaluated without
// the SOC's is error on the six Sentinel checks, naming the SOC
// subscription its continuous export sends to and how to add it; with the
// SOC's snapshot (in either order) it follows law-soc, byte for byte the
// same findings.
func TestAzureWorkloadAloneNamesTheSOC(t *testing.T) {
	t.Parallel()
	f := startAzure(t, "soc-central", fakeazure.Options{})
	dir := collectAzure(t, f)
	workload := filepath.Join(dir, "azure-subscription-"+paymentsSub+".json")
	soc := filepath.Join(dir, "azure-subscription-"+socSub+".json")
	for _, p := range []string{workload, soc} {
		if _, err := os.Stat(p); err != nil {
			t.Fatal(err)
		}
	}

	code, out := evaluateSnapshots(t, workload)
	if code != exitFindings {
		t.Errorf("workload alone: exit %d, want %d (failures outside the Sentinel checks)", code, exitFindings)
	}
	errs := 0
	for _, fd := range readOwnedFindings(t, out) {
		if !slices.Contains(sentinelChecks, fd.CheckID) {
			continue
		}
		errs++
		want := "is held by subscription " + socSub + ", which is not in this run, so it could not be assessed here; add it to the scan (irscan scan azure --subscription " + paymentsSub + " --subscription " + socSub
		if fd.Status != "error" || !strings.Contains(fd.Message, want) || !strings.Contains(fd.Message, "continuous export ExportToSOC") || fd.Owner != nil {
			t.Errorf("%s alone: %s %q; want error naming %s", fd.CheckID, fd.Status, fd.Message, socSub)
		}
	}
	if errs != len(sentinelChecks) {
		t.Errorf("%d Sentinel findings, want %d", errs, len(sentinelChecks))
	}

	_, out1 := evaluateSnapshots(t, workload, soc)
	_, out2 := evaluateSnapshots(t, soc, workload)
	if g, w := rawFindings(t, out1), rawFindings(t, out2); !bytes.Equal(g, w) {
		t.Errorf("the order of the snapshots changes the findings")
	}
	for _, fd := range readOwnedFindings(t, out1) {
		if fd.Scope.ID == paymentsSub && slices.Contains(sentinelChecks, fd.CheckID) && (fd.Status != "pass" || fd.Owner == nil || fd.Owner.Scope.ID != socSub) {
			t.Errorf("%s with the SOC: %s, owner %+v", fd.CheckID, fd.Status, fd.Owner)
		}
	}
}
