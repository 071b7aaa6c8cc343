package main

// End-to-end tests of `irscan scan aws` and `irscan collect aws`: the real
// aws-sdk-go-v2 clients of the collector, run by the CLI in-process, against
// fakecloud (internal/fakecloud/aws) serving the scenarios of
// testdata/fakecloud/aws/ on loopback. Each scenario's README holds an
// "Expected findings" table (the format of testdata/demo/README.md) that the
// scan must reproduce exactly.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	fakeaws "github.com/irscan/irscan/internal/fakecloud/aws"
	"github.com/irscan/irscan/snapshot"
)

const (
	fakeFixtures = "../../testdata/fakecloud"
	awsScenarios = fakeFixtures + "/aws"
	// testSecretKey is the secret access key every scan uses; it must never
	// appear in a snapshot, report or log.
	testSecretKey = "irscanTestSecretKey/MustNeverBeWritten+0123"
	// The access keys of the scenarios' scanning identities.
	compliantKey = "AKIAFAKE111111111111"
	nothingKey   = "AKIAFAKE222222222222"
	mixedKey     = "AKIAFAKE444444444444"
	orgKey       = "AKIAFAKE500000000001"
	orgExternal  = "irscan-e2e-7c1e4a"
	// The management account of the org-central scenarios.
	centralKey = "AKIAFAKE600000000001"
)

// fakeAWS is fakecloud behind an httptest server. It also keeps what only the
// wire shows: the form of every sts:AssumeRole request, the credentials the
// fake handed out, and the largest number of requests in flight at once.
type fakeAWS struct {
	srv *fakeaws.Server
	url string

	mu          sync.Mutex
	assumeRoles []url.Values
	issued      []string
	meter       inflightMeter
}

// startFake serves a scenario of testdata/fakecloud/aws for the test.
func startFake(t *testing.T, scenario string, opts fakeaws.Options) *fakeAWS {
	t.Helper()
	opts.Fixtures, opts.Scenario = fakeFixtures, scenario
	srv, err := fakeaws.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeAWS{srv: srv}
	ts := httptest.NewServer(f)
	t.Cleanup(ts.Close)
	f.url = ts.URL
	return f
}

var credentialElement = regexp.MustCompile(`<(AccessKeyId|SecretAccessKey|SessionToken)>([^<]+)<`)

func (f *fakeAWS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.meter.serve(w, r, "", http.HandlerFunc(f.serve))
}

// serve answers from the fake and keeps what AssumeRole handed out.
func (f *fakeAWS) serve(w http.ResponseWriter, r *http.Request) {
	var form url.Values
	if r.Method == http.MethodPost && r.Body != nil {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		if v, err := url.ParseQuery(string(body)); err == nil && v.Get("Action") == "AssumeRole" {
			form = v
		}
	}
	if form == nil {
		f.srv.ServeHTTP(w, r)
		return
	}
	tee := &teeWriter{ResponseWriter: w}
	f.srv.ServeHTTP(tee, r)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.assumeRoles = append(f.assumeRoles, form)
	for _, m := range credentialElement.FindAllStringSubmatch(tee.body.String(), -1) {
		f.issued = append(f.issued, m[2])
	}
}

// peak is the largest number of requests that were in flight at once.
func (f *fakeAWS) peak() int {
	requests, _ := f.meter.peak()
	return requests
}

// teeWriter keeps a copy of the response body.
type teeWriter struct {
	http.ResponseWriter
	body bytes.Buffer
}

func (w *teeWriter) Write(b []byte) (int, error) {
	w.body.Write(b)
	return w.ResponseWriter.Write(b)
}

// awsEnv gives the SDK's default chain exactly one source of credentials:
// the static key of a scenario identity. Shared files are empty, IMDS and
// every other provider are off, so nothing of the machine running the tests
// leaks in.
func awsEnv(t *testing.T, accessKey string) {
	t.Helper()
	empty := filepath.Join(t.TempDir(), "empty")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]string{
		"AWS_ACCESS_KEY_ID":                      accessKey,
		"AWS_SECRET_ACCESS_KEY":                  testSecretKey,
		"AWS_SESSION_TOKEN":                      "",
		"AWS_REGION":                             "us-east-1",
		"AWS_DEFAULT_REGION":                     "",
		"AWS_PROFILE":                            "",
		"AWS_DEFAULT_PROFILE":                    "",
		"AWS_CONFIG_FILE":                        empty,
		"AWS_SHARED_CREDENTIALS_FILE":            empty,
		"AWS_EC2_METADATA_DISABLED":              "true",
		"AWS_ENDPOINT_URL":                       "",
		"AWS_ROLE_ARN":                           "",
		"AWS_WEB_IDENTITY_TOKEN_FILE":            "",
		"AWS_CONTAINER_CREDENTIALS_FULL_URI":     "",
		"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "",
		"AWS_MAX_ATTEMPTS":                       "",
		"AWS_RETRY_MODE":                         "",
	} {
		t.Setenv(k, v)
	}
}

// awsRun is one CLI run.
type awsRun struct {
	code           int
	stdout, stderr string
	out            string // the --out directory
}

// runIrscan runs the CLI in-process with the credentials of accessKey.
func runIrscan(t *testing.T, accessKey string, args ...string) awsRun {
	t.Helper()
	awsEnv(t, accessKey)
	code, stdout, stderr := irscan(t, args...)
	return awsRun{code: code, stdout: stdout, stderr: stderr}
}

// scanAWSWithEnv is scanAWS for a parallel subtest: the parent test has set
// the credentials with awsEnv (t.Setenv is not allowed in parallel tests).
func scanAWSWithEnv(t *testing.T, f *fakeAWS, args ...string) awsRun {
	t.Helper()
	out := t.TempDir()
	code, stdout, stderr := irscan(t, append([]string{"scan", "aws", "--endpoint-url", f.url, "--out", out, "--format", "json"}, args...)...)
	return awsRun{code: code, stdout: stdout, stderr: stderr, out: out}
}

// scanAWS runs `irscan scan aws` against the fake with --format json (unless
// args give --format) and a fresh --out directory.
func scanAWS(t *testing.T, f *fakeAWS, accessKey string, args ...string) awsRun {
	t.Helper()
	out := t.TempDir()
	all := []string{"scan", "aws", "--endpoint-url", f.url, "--out", out}
	if !slices.ContainsFunc(args, func(a string) bool { return a == "--format" || strings.HasPrefix(a, "--format=") }) {
		all = append(all, "--format", "json")
	}
	r := runIrscan(t, accessKey, append(all, args...)...)
	r.out = out
	return r
}

// awsFinding is a finding of irscan.json, as far as these tests read it.
type awsFinding struct {
	CheckID  string              `json:"check_id"`
	Scope    struct{ ID string } `json:"scope"`
	Resource string              `json:"resource"`
	Region   string              `json:"region"`
	Status   string              `json:"status"`
	Message  string              `json:"message"`
}

func (f awsFinding) key() string {
	return strings.Join([]string{f.CheckID, f.Resource, f.Region, f.Status}, " ")
}

// readFindings reads DIR/irscan.json.
func readFindings(t *testing.T, dir string) []awsFinding {
	t.Helper()
	return readFindingsAs[awsFinding](t, dir)
}

// readFindingsAs reads the findings of DIR/irscan.json into T.
func readFindingsAs[T any](t *testing.T, dir string) []T {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "irscan.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Findings []T `json:"findings"`
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	return rep.Findings
}

// rawFindings is the "findings" member of DIR/irscan.json, as written.
func rawFindings(t *testing.T, dir string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "irscan.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Findings json.RawMessage `json:"findings"`
	}
	if err := json.Unmarshal(b, &rep); err != nil || len(rep.Findings) < 100 {
		t.Fatalf("%s: no findings (%v)", dir, err)
	}
	return rep.Findings
}

// findingKeys are the findings as sorted "check resource region status" lines.
func findingKeys(fs []awsFinding) []string {
	out := make([]string, 0, len(fs))
	for _, f := range fs {
		out = append(out, f.key())
	}
	slices.Sort(out)
	return out
}

// expectedRow is a row of an "Expected findings" table, as in
// testdata/demo/README.md: | CHECK | cloud | `resource` | region | **status** | why |
var expectedRow = regexp.MustCompile("^\\| ([A-Z]+-IR[1-7]-[0-9]{2}) \\| [a-z]+ \\| `([^`]+)` \\| ?([a-z0-9-]*) ?\\| \\*\\*([a-z]+)\\*\\*")

// expectedFindings parses the "Expected findings" table of a README into
// sorted "check resource region status" lines.
func expectedFindings(t *testing.T, readme string) []string {
	t.Helper()
	raw, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(raw), "## Expected findings")
	if !ok {
		t.Fatalf("%s has no Expected findings section", readme)
	}
	var want []string
	for _, line := range strings.Split(table, "\n") {
		if m := expectedRow.FindStringSubmatch(line); m != nil {
			want = append(want, strings.Join(m[1:], " "))
		}
	}
	if len(want) == 0 {
		t.Fatalf("%s: no expected findings parsed", readme)
	}
	slices.Sort(want)
	return want
}

// diffKeys describes how two sorted finding lists differ.
func diffKeys(got, want []string) string {
	var b strings.Builder
	for _, w := range want {
		if !slices.Contains(got, w) {
			fmt.Fprintf(&b, "\n  missing:    %s", w)
		}
	}
	for _, g := range got {
		if !slices.Contains(want, g) {
			fmt.Fprintf(&b, "\n  unexpected: %s", g)
		}
	}
	if b.Len() == 0 && len(got) != len(want) {
		fmt.Fprintf(&b, "\n  %d findings, want %d (duplicates)", len(got), len(want))
	}
	return b.String()
}

// checkReportFiles checks that a --format table,sarif,html,json scan wrote
// every format: the table on stdout, a SARIF run with one result per
// failing finding, and the self-contained HTML report.
func checkReportFiles(t *testing.T, r awsRun, fs []awsFinding) {
	t.Helper()
	if !strings.Contains(r.stdout, "Total:") {
		t.Errorf("no table on stdout:\n%s", r.stdout)
	}
	fails := 0
	for _, fd := range fs {
		if fd.Status == "fail" {
			fails++
		}
	}
	var sarif struct {
		Version string `json:"version"`
		Runs    []struct {
			Results []json.RawMessage `json:"results"`
		} `json:"runs"`
	}
	if b, err := os.ReadFile(filepath.Join(r.out, "irscan.sarif")); err != nil {
		t.Error(err)
	} else if err := json.Unmarshal(b, &sarif); err != nil || sarif.Version != "2.1.0" || len(sarif.Runs) != 1 || len(sarif.Runs[0].Results) != fails {
		t.Errorf("irscan.sarif: version %q, %d runs, err %v; want 2.1.0, one run with %d results", sarif.Version, len(sarif.Runs), err, fails)
	}
	if b, err := os.ReadFile(filepath.Join(r.out, "irscan.html")); err != nil {
		t.Error(err)
	} else if html := string(b); !strings.HasPrefix(html, "<!DOCTYPE html>") || len(fs) == 0 || !strings.Contains(html, fs[0].CheckID) || strings.Contains(html, "<script src") {
		t.Errorf("irscan.html is not the self-contained report")
	}
}

// readSnapshots loads (and so validates against the schema) every snapshot in dir.
func readSnapshots(t *testing.T, dir string) []*snapshot.Snapshot {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	var out []*snapshot.Snapshot
	for _, p := range paths {
		l, err := snapshot.Load(p)
		if err != nil {
			t.Fatalf("invalid snapshot: %v", err)
		}
		out = append(out, l.Snapshot)
	}
	return out
}

// TestAWSScenariosMatchREADME scans every scenario with every report format
// and compares the findings with the scenario's README, and the exit code
// with the one the README promises.
func TestAWSScenariosMatchREADME(t *testing.T) {
	for _, tc := range []struct {
		scenario, key, readme string
		args                  []string
		exit, snapshots       int
	}{
		{"compliant", compliantKey, "testdata/aws-compliant.md", nil, exitOK, 1},
		{"nothing", nothingKey, "", nil, exitFindings, 1},
		{"mixed-regions", mixedKey, "", nil, exitFindings, 1},
		{"denied", compliantKey, "", nil, exitErrors, 1},
		{"org", orgKey, "", []string{"--org", "--role-name", "irscan-audit", "--external-id", orgExternal}, exitFindings, 3},
	} {
		t.Run(tc.scenario, func(t *testing.T) {
			readme := tc.readme
			if readme == "" {
				readme = filepath.Join(awsScenarios, tc.scenario, "README.md")
			}
			want := expectedFindings(t, readme)
			f := startFake(t, tc.scenario, fakeaws.Options{})
			r := scanAWS(t, f, tc.key, append([]string{"--format", "table,sarif,html,json"}, tc.args...)...)
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
			if snaps := readSnapshots(t, filepath.Join(r.out, "snapshots")); len(snaps) != tc.snapshots {
				t.Errorf("%d snapshots, want %d (one per account)", len(snaps), tc.snapshots)
			}

			// The scan only read, and a complete scenario answered every call.
			if v := f.srv.Violations(); len(v) > 0 {
				t.Errorf("the scan attempted writes: %+v", v)
			}
			for _, c := range f.srv.Calls() {
				if strings.Contains(c.Fault, "missing-fixture") {
					t.Errorf("call without a fixture: %s %s %v (account %s, region %s)", c.Action, c.Path, c.Params, c.Account, c.Region)
				}
			}

			// Errors name what was missing.
			for _, fd := range fs {
				if fd.Status != "error" {
					continue
				}
				switch tc.scenario {
				case "denied":
					if !slices.ContainsFunc(f.srv.Scenario().Deny, func(d fakeaws.DenyRule) bool {
						return strings.Contains(fd.Message, "(missing "+d.Action+")")
					}) {
						t.Errorf("%s error does not name a denied action: %s", fd.CheckID, fd.Message)
					}
				case "org":
					role := "arn:aws:iam::" + fd.Scope.ID + ":role/irscan-audit"
					if !strings.Contains(fd.Message, role) || !strings.Contains(fd.Message, "AccessDenied") {
						t.Errorf("%s error in %s does not name the role %s and AccessDenied: %s", fd.CheckID, fd.Scope.ID, role, fd.Message)
					}
				default:
					t.Errorf("unexpected error finding %s: %s", fd.CheckID, fd.Message)
				}
			}

			if tc.scenario == "org" {
				checkAssumeRoles(t, f)
			}
		})
	}
}

// checkAssumeRoles: an organisation scan assumes the audit role in each
// member account, with the session name and the external ID.
func checkAssumeRoles(t *testing.T, f *fakeAWS) {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	var roles []string
	for _, form := range f.assumeRoles {
		roles = append(roles, form.Get("RoleArn"))
		if form.Get("ExternalId") != orgExternal || form.Get("RoleSessionName") == "" {
			t.Errorf("AssumeRole %s: ExternalId %q, RoleSessionName %q; want %q and a session name", form.Get("RoleArn"), form.Get("ExternalId"), form.Get("RoleSessionName"), orgExternal)
		}
	}
	slices.Sort(roles)
	want := []string{"arn:aws:iam::500000000002:role/irscan-audit", "arn:aws:iam::500000000003:role/irscan-audit"}
	if !slices.Equal(roles, want) {
		t.Errorf("AssumeRole calls for %v, want one each for %v", roles, want)
	}
}

// TestAWSCompliantCallLog: a full scan only reads, reads nothing twice, and
// every call in the snapshot carries the request ID the fake issued for it.
func TestAWSCompliantCallLog(t *testing.T) {
	f := startFake(t, "compliant", fakeaws.Options{})
	r := scanAWS(t, f, compliantKey)
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	calls := f.srv.Calls()
	if len(calls) < 40 {
		t.Fatalf("only %d calls recorded by the fake", len(calls))
	}
	if v := f.srv.Violations(); len(v) != 0 {
		t.Errorf("writes attempted: %+v", v)
	}
	issued := map[string]fakeaws.Call{}
	seen := map[string]int{}
	for _, c := range calls {
		if c.Violation || c.Fault != "" || c.Status >= 300 && c.ErrorCode == "" {
			t.Errorf("call %s %s: status %d, fault %q", c.Action, c.Path, c.Status, c.Fault)
		}
		if !readOperation(c.Operation) {
			t.Errorf("%s is not a read", c.Action)
		}
		params := c.Params
		if params == nil {
			params = fakeaws.Params{}
		}
		key := fmt.Sprintf("%s %s %s %v", c.Account, c.Region, c.Action, map[string]string(params))
		if seen[key]++; seen[key] == 2 {
			t.Errorf("duplicate call: %s", key)
		}
		if c.RequestID == "" {
			t.Errorf("%s: the fake issued no request ID", c.Action)
		}
		issued[c.RequestID] = c
	}

	snaps := readSnapshots(t, filepath.Join(r.out, "snapshots"))
	if len(snaps) != 1 {
		t.Fatalf("%d snapshots", len(snaps))
	}
	recorded := 0
	for _, c := range snaps[0].Calls {
		recorded++
		fc, ok := issued[c.RequestID]
		if !ok {
			t.Errorf("snapshot call %s (%s %s) has request ID %q, which the fake never issued", c.ID, c.Service, c.Operation, c.RequestID)
			continue
		}
		if fc.Operation != c.Operation || fc.Region != c.Region || fc.Status != c.HTTPStatus {
			t.Errorf("snapshot call %s = %s %s %d, but request %s was %s %s %d", c.ID, c.Operation, c.Region, c.HTTPStatus, c.RequestID, fc.Operation, fc.Region, fc.Status)
		}
	}
	// The snapshot holds every call but the caller's identity lookup
	// (sts:GetCallerIdentity, made before any account is collected).
	if recorded != len(calls)-1 {
		t.Errorf("snapshot records %d calls, the fake served %d (one of them GetCallerIdentity)", recorded, len(calls))
	}
	for name, sec := range snaps[0].Sections {
		ids := sec.AllCalls()
		if len(ids) == 0 {
			t.Errorf("section %s cites no call", name)
		}
	}
}

// readOperation is the read-only rule: List*, Get*, Describe*, BatchGet*,
// and sts:AssumeRole / GetCallerIdentity.
func readOperation(op string) bool {
	for _, p := range []string{"List", "Get", "Describe", "BatchGet", "AssumeRole"} {
		if strings.HasPrefix(op, p) {
			return true
		}
	}
	return false
}

// TestAWSPermissionsPolicy: the documented IAM policy is enough for a scan
// without any error; without one of its actions, exactly the checks that
// read a section filled by that action (by the checks' `requires` and
// SECTIONS.md) are error, naming the action.
func TestAWSPermissionsPolicy(t *testing.T) {
	raw, err := os.ReadFile("../../docs/permissions/aws-iam-policy.json")
	if err != nil {
		t.Fatal(err)
	}
	policy, err := fakeaws.ParsePolicy(raw)
	if err != nil {
		t.Fatal(err)
	}
	f := startFake(t, "compliant", fakeaws.Options{AllowPolicy: policy})
	full := scanAWS(t, f, compliantKey)
	if full.code != exitOK {
		t.Errorf("scan with the documented policy: exit %d, want 0: %s", full.code, full.stderr)
	}
	baseline := readFindings(t, full.out)
	for _, fd := range baseline {
		if fd.Status == "error" {
			t.Errorf("with the documented policy, %s is error: %s", fd.CheckID, fd.Message)
		}
	}
	// The actions the scan used: each one must be allowed by the policy.
	used := map[string]bool{}
	for _, c := range f.srv.Calls() {
		if c.Fault == "denied" {
			t.Errorf("%s was denied under the documented policy", c.Action)
		}
		if c.Action != "sts:GetCallerIdentity" { // always allowed, as in AWS
			used[c.Action] = true
		}
	}

	requires := checkRequires(t, "aws", 21)
	perms, deps := sectionPermissions(t)
	actions := slices.Sorted(maps.Keys(used))
	if testing.Short() {
		actions = []string{"events:ListTargetsByRule"}
	}
	for _, action := range actions {
		t.Run(action, func(t *testing.T) {
			want := erroredChecks(action, requires, perms, deps)
			if len(want) == 0 {
				t.Fatalf("no check depends on %s according to SECTIONS.md and the checks' requires", action)
			}
			p, err := fakeaws.ParsePolicy(policyWithout(t, raw, action))
			if err != nil {
				t.Fatal(err)
			}
			f := startFake(t, "compliant", fakeaws.Options{AllowPolicy: p})
			r := scanAWS(t, f, compliantKey)
			if r.code != exitErrors {
				t.Errorf("exit %d, want 3 (some checks could not be assessed)", r.code)
			}
			fs := readFindings(t, r.out)
			var got []string
			var others []awsFinding
			for _, fd := range fs {
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
			// The snapshot says why: the sections read with the action are
			// denied naming it; the sections that depend on them are skipped
			// (or ok, when they need only a part that could be read).
			direct, dependents := unreadSections(action, perms, deps)
			for _, snap := range readSnapshots(t, filepath.Join(r.out, "snapshots")) {
				for name, sec := range snap.Sections {
					switch {
					case slices.Contains(direct, name):
						if sec.Status != snapshot.StatusDenied || !namesAction(sec, action) {
							t.Errorf("section %s: status %s, action %q; want denied naming %s", name, sec.Status, sec.Action, action)
						}
					case slices.Contains(dependents, name):
						if sec.Status != snapshot.StatusSkipped && sec.Status != snapshot.StatusOK {
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

// policyWithout returns the policy document with one action removed.
func policyWithout(t *testing.T, raw []byte, action string) []byte {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	removed := 0
	for _, st := range doc["Statement"].([]any) {
		st := st.(map[string]any)
		var kept []any
		for _, a := range st["Action"].([]any) {
			if a == action {
				removed++
				continue
			}
			kept = append(kept, a)
		}
		st["Action"] = kept
	}
	if removed != 1 {
		t.Fatalf("%s appears %d times in the policy", action, removed)
	}
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// checkRequires maps every AWS check to the sections it requires, from
// `irscan checks --cloud aws --format json`.
func checkRequires(t *testing.T, cloud string, want int) map[string][]string {
	t.Helper()
	code, out, stderr := irscan(t, "checks", "--cloud", cloud, "--format", "json")
	if code != 0 {
		t.Fatalf("checks: exit %d: %s", code, stderr)
	}
	var list []struct {
		ID       string   `json:"id"`
		Requires []string `json:"requires"`
	}
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatal(err)
	}
	m := map[string][]string{}
	for _, c := range list {
		m[c.ID] = c.Requires
	}
	if len(m) != want {
		t.Fatalf("%d %s checks listed, want %d", len(m), cloud, want)
	}
	return m
}

var (
	sectionHeading = regexp.MustCompile("(?m)^### `([a-z0-9_.]+)`")
	iamAction      = regexp.MustCompile("`([a-z0-9-]+:[A-Za-z]+)`")
	filledAfter    = regexp.MustCompile("Filled after\\s+`([a-z0-9_.]+)`")
	imRegional     = regexp.MustCompile("(?m)^\\| \\[`([a-z0-9_.]+)`\\]\\([^)]*\\) \\| aws \\| yes \\(Incident Manager regions\\)")
	imDependency   = regexp.MustCompile("When `([a-z0-9_.]+)` cannot be read, the Incident Manager sections are `skipped`")
)

// sectionPermissions reads snapshot/SECTIONS.md: for every AWS section the
// IAM actions of its **Permission(s)** entry, and the sections each one
// depends on (not attempted when those cannot be read).
func sectionPermissions(t *testing.T) (perms, deps map[string][]string) {
	t.Helper()
	raw, err := os.ReadFile("../../snapshot/SECTIONS.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(raw)
	_, awsPart, ok := strings.Cut(doc, "\n## AWS\n")
	if !ok {
		t.Fatal("SECTIONS.md has no AWS part")
	}
	awsPart, _, _ = strings.Cut(awsPart, "\n## Azure\n")
	perms, deps = map[string][]string{}, map[string][]string{}
	heads := sectionHeading.FindAllStringSubmatchIndex(awsPart, -1)
	for i, h := range heads {
		name := awsPart[h[2]:h[3]]
		end := len(awsPart)
		if i+1 < len(heads) {
			end = heads[i+1][0]
		}
		block := awsPart[h[1]:end]
		_, p, ok := strings.Cut(block, "- **Permission")
		if !ok {
			t.Fatalf("SECTIONS.md: section %s has no Permission entry", name)
		}
		p, _, _ = strings.Cut(p, "\n- **")
		for _, m := range iamAction.FindAllStringSubmatch(p, -1) {
			perms[name] = append(perms[name], m[1])
		}
		for _, m := range filledAfter.FindAllStringSubmatch(block, -1) {
			deps[name] = append(deps[name], m[1])
		}
	}
	flat := strings.Join(strings.Fields(doc), " ")
	m := imDependency.FindStringSubmatch(flat)
	if m == nil {
		t.Fatal("SECTIONS.md no longer says which section the Incident Manager sections depend on")
	}
	for _, s := range imRegional.FindAllStringSubmatch(doc, -1) {
		deps[s[1]] = append(deps[s[1]], m[1])
	}
	if len(perms) < 14 {
		t.Fatalf("parsed permissions of only %d AWS sections: %v", len(perms), perms)
	}
	return perms, deps
}

// unreadSections are the sections that cannot be read without action: those
// whose Permission entry names it (direct), and those that depend on them,
// directly or not (dependents).
func unreadSections(action string, perms, deps map[string][]string) (direct, dependents []string) {
	unread := map[string]bool{}
	for s, actions := range perms {
		if slices.Contains(actions, action) {
			unread[s] = true
			direct = append(direct, s)
		}
	}
	for changed := true; changed; {
		changed = false
		for s, on := range deps {
			if !unread[s] && slices.ContainsFunc(on, func(d string) bool { return unread[d] }) {
				unread[s], changed = true, true
				dependents = append(dependents, s)
			}
		}
	}
	return direct, dependents
}

// erroredChecks are the checks that cannot be assessed without action: those
// requiring a section it leaves unread.
func erroredChecks(action string, requires, perms, deps map[string][]string) []string {
	direct, dependents := unreadSections(action, perms, deps)
	unread := append(direct, dependents...)
	var out []string
	for id, req := range requires {
		if slices.ContainsFunc(req, func(s string) bool { return slices.Contains(unread, s) }) {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

// namesAction reports whether a denied section (or one of its regions)
// names the action.
func namesAction(sec *snapshot.Section, action string) bool {
	if sec.Action == action {
		return true
	}
	for _, r := range sec.Regions {
		if r.Status == snapshot.StatusDenied && r.Action == action {
			return true
		}
	}
	return false
}

// TestAWSThrottlingRecovers: throttled calls (the first two of several
// operations, in every protocol) are retried by the SDK's standard retryer
// and the scan gives the compliant verdicts.
func TestAWSThrottlingRecovers(t *testing.T) {
	if testing.Short() {
		t.Skip("the SDK's retry backoff makes this take a few seconds")
	}
	want := expectedFindings(t, "testdata/aws-compliant.md")
	throttled := []string{"events:ListRules", "guardduty:ListDetectors", "s3:ListBuckets", "ec2:DescribeVpcs"}
	var faults []fakeaws.Fault
	for _, op := range throttled {
		faults = append(faults, fakeaws.Fault{Operation: op, Region: "us-east-1", Throttle: 2})
	}
	f := startFake(t, "compliant", fakeaws.Options{Faults: faults})
	r := scanAWS(t, f, compliantKey)
	if r.code != exitOK {
		t.Errorf("exit %d, want 0: %s", r.code, r.stderr)
	}
	if got := findingKeys(readFindings(t, r.out)); !slices.Equal(got, want) {
		t.Errorf("findings differ from the compliant ones:%s", diffKeys(got, want))
	}
	count := map[string]int{}
	for _, c := range f.srv.Calls() {
		if c.Fault == "throttle" {
			count[c.Service+":"+c.Operation]++
		}
	}
	for _, op := range throttled {
		if count[op] != 2 {
			t.Errorf("%s throttled %d times, want 2", op, count[op])
		}
	}
	// The snapshot records the throttled attempts too.
	throttledInSnapshot := 0
	for _, s := range readSnapshots(t, filepath.Join(r.out, "snapshots")) {
		for _, c := range s.Calls {
			if c.ErrorCode != "" && c.HTTPStatus >= 400 {
				throttledInSnapshot++
			}
		}
	}
	if throttledInSnapshot < 2*len(throttled) {
		t.Errorf("the snapshot records %d failed attempts, want at least %d", throttledInSnapshot, 2*len(throttled))
	}
}

// TestAWSParallelOne: --parallel 1 makes one request at a time and gives the
// same findings as the default.
func TestAWSParallelOne(t *testing.T) {
	// A little latency per call so that concurrent requests overlap at the
	// fake even on a busy 2-core machine.
	f := startFake(t, "mixed-regions", fakeaws.Options{Latency: 5 * time.Millisecond})
	def := scanAWS(t, f, mixedKey)
	if p := f.peak(); p < 2 {
		t.Errorf("default scan: at most %d request in flight; expected concurrency", p)
	}
	f1 := startFake(t, "mixed-regions", fakeaws.Options{Latency: 5 * time.Millisecond})
	one := scanAWS(t, f1, mixedKey, "--parallel", "1")
	if def.code != one.code || def.code != exitFindings {
		t.Errorf("exit codes %d (default) and %d (--parallel 1), want 1", def.code, one.code)
	}
	if p := f1.peak(); p != 1 {
		t.Errorf("--parallel 1: %d requests in flight at once", p)
	}
	if g, w := findingKeys(readFindings(t, one.out)), findingKeys(readFindings(t, def.out)); !slices.Equal(g, w) {
		t.Errorf("--parallel 1 findings differ from the default:%s", diffKeys(g, w))
	}
}

// TestAWSRegionFlag: --region us-east-1 collects only us-east-1 and says so.
func TestAWSRegionFlag(t *testing.T) {
	f := startFake(t, "mixed-regions", fakeaws.Options{})
	r := scanAWS(t, f, mixedKey, "--region", "us-east-1", "--log-level", "info")
	if r.code != exitFindings {
		t.Errorf("exit %d: %s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, `msg="aws regions"`) || !strings.Contains(r.stderr, "regions=us-east-1 ") || !strings.Contains(r.stderr, "--region") {
		t.Errorf("stderr does not say only us-east-1 was collected because of --region:\n%s", r.stderr)
	}
	snaps := readSnapshots(t, filepath.Join(r.out, "snapshots"))
	if len(snaps) != 1 {
		t.Fatalf("%d snapshots", len(snaps))
	}
	var regions struct {
		Regions []struct{ RegionName string }
	}
	if err := json.Unmarshal(snaps[0].Sections["ec2.regions"].Data, &regions); err != nil {
		t.Fatal(err)
	}
	if len(regions.Regions) != 1 || regions.Regions[0].RegionName != "us-east-1" {
		t.Errorf("ec2.regions = %+v, want only us-east-1", regions.Regions)
	}
	regional := 0
	for name, sec := range snaps[0].Sections {
		if sec.Regions == nil {
			continue
		}
		regional++
		if got := slices.Sorted(maps.Keys(sec.Regions)); !slices.Equal(got, []string{"us-east-1"}) {
			t.Errorf("section %s has regions %v, want [us-east-1]", name, got)
		}
	}
	if regional < 6 {
		t.Errorf("only %d regional sections", regional)
	}
	for _, fd := range readFindings(t, r.out) {
		if fd.Region != "" && fd.Region != "us-east-1" && fd.CheckID != "AWS-IR5-02" {
			t.Errorf("%s has a finding in %s", fd.CheckID, fd.Region)
		}
	}
	// Regional services were called in us-east-1 only; S3 bucket reads go to
	// the bucket's own region whatever --region says (s3.buckets is global).
	for _, c := range f.srv.Calls() {
		if c.Region != "us-east-1" && c.Service != "s3" {
			t.Errorf("%s called in %s", c.Action, c.Region)
		}
	}
}

// TestAWSLogging: --log-level debug logs one "aws call" line per call; the
// default level is silent on success; --quiet leaves only errors.
func TestAWSLogging(t *testing.T) {
	f := startFake(t, "compliant", fakeaws.Options{})
	r := scanAWS(t, f, compliantKey, "--log-level", "debug")
	if r.code != exitOK {
		t.Fatalf("exit %d", r.code)
	}
	lines := 0
	for _, l := range strings.Split(r.stderr, "\n") {
		if strings.Contains(l, `msg="aws call"`) {
			lines++
			for _, field := range []string{"service=", "operation=", "region=", "status=", "request_id="} {
				if !strings.Contains(l, field) {
					t.Errorf("aws call line without %s: %s", field, l)
				}
			}
		}
	}
	if n := len(f.srv.Calls()); lines != n {
		t.Errorf("%d aws call lines for %d calls", lines, n)
	}

	f = startFake(t, "compliant", fakeaws.Options{})
	if r := scanAWS(t, f, compliantKey); r.code != exitOK || r.stderr != "" {
		t.Errorf("default level: exit %d, stderr %q; want 0 and nothing", r.code, r.stderr)
	}
	if r := scanAWS(t, f, compliantKey, "--quiet", "--log-level", "debug"); r.code != exitOK || r.stderr != "" {
		t.Errorf("--quiet: exit %d, stderr %q; want 0 and nothing", r.code, r.stderr)
	}
	r = scanAWS(t, f, "AKIAFAKE999999999999", "--quiet")
	if r.code != exitUsage || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 || !strings.Contains(r.stderr, "irscan: aws: cannot identify the caller") {
		t.Errorf("--quiet with an unknown key: exit %d, stderr %q; want 2 and one error line", r.code, r.stderr)
	}
}

// TestAWSNoSecretsWritten: no access key ID, secret key or session token
// (the caller's, or the temporary ones AssumeRole handed out) appears in any
// snapshot, report or log line.
func TestAWSNoSecretsWritten(t *testing.T) {
	secrets := []string{testSecretKey, compliantKey, orgKey}
	var texts []string
	var dirs []string

	f := startFake(t, "compliant", fakeaws.Options{})
	r := scanAWS(t, f, compliantKey, "--format", "json,sarif,html,csv,junit", "--log-level", "debug")
	texts = append(texts, r.stdout, r.stderr)
	dirs = append(dirs, r.out)

	fo := startFake(t, "org", fakeaws.Options{})
	r = scanAWS(t, fo, orgKey, "--org", "--external-id", orgExternal, "--format", "json,sarif,html,csv,junit", "--log-level", "debug")
	texts = append(texts, r.stdout, r.stderr)
	dirs = append(dirs, r.out)
	fo.mu.Lock()
	issued := slices.Clone(fo.issued)
	fo.mu.Unlock()
	if len(issued) != 3 { // access key, secret key, session token of the one role assumed
		t.Fatalf("captured %d issued credentials, want 3", len(issued))
	}
	secrets = append(secrets, issued...)

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
	if files < 8 {
		t.Fatalf("only %d files written", files)
	}
	keyID := regexp.MustCompile(`\b(AKIA|ASIA)[A-Z0-9]{16}\b`)
	for i, text := range texts {
		for _, s := range secrets {
			if strings.Contains(text, s) {
				t.Errorf("output %d contains the secret %q", i, s)
			}
		}
		if m := keyID.FindString(text); m != "" {
			t.Errorf("output %d contains an access key ID %s", i, m)
		}
	}
}

// TestAWSCollectThenEvaluate: collect writes one valid snapshot per account,
// and evaluating them gives the findings scan gives; evaluating the snapshots
// scan kept gives its findings byte for byte.
func TestAWSCollectThenEvaluate(t *testing.T) {
	f := startFake(t, "org", fakeaws.Options{})
	args := []string{"--endpoint-url", f.url, "--org", "--external-id", orgExternal}
	scan := scanAWS(t, f, orgKey, args[2:]...)
	if scan.code != exitFindings {
		t.Fatalf("scan: exit %d: %s", scan.code, scan.stderr)
	}
	scanFindings := readFindings(t, scan.out)

	snapDir := t.TempDir()
	c := runIrscan(t, orgKey, append(append([]string{"collect", "aws"}, args...), "--out", snapDir)...)
	if c.code != exitOK || c.stderr != "" {
		t.Fatalf("collect: exit %d: %s", c.code, c.stderr)
	}
	snaps := readSnapshots(t, snapDir)
	var accounts []string
	for _, s := range snaps {
		if s.Cloud != "aws" || s.Scope.Type != "account" || s.Schema != snapshot.SchemaVersion {
			t.Errorf("snapshot %+v", s.Scope)
		}
		accounts = append(accounts, s.Scope.ID)
	}
	slices.Sort(accounts)
	if want := []string{"500000000001", "500000000002", "500000000003"}; !slices.Equal(accounts, want) {
		t.Errorf("snapshots for %v, want one per account %v", accounts, want)
	}
	if printed := strings.Fields(c.stdout); len(printed) != len(snaps) {
		t.Errorf("collect printed %q, want the %d paths", c.stdout, len(snaps))
	}

	out := t.TempDir()
	e := runIrscan(t, orgKey, "evaluate", snapDir, "--format", "json", "--out", out)
	if e.code != scan.code {
		t.Errorf("evaluate: exit %d, scan gave %d", e.code, scan.code)
	}
	if g, w := findingKeys(readFindings(t, out)), findingKeys(scanFindings); !slices.Equal(g, w) {
		t.Errorf("evaluate of collected snapshots differs from scan:%s", diffKeys(g, w))
	}

	// The snapshots scan kept give the very same findings.
	out2 := t.TempDir()
	e = runIrscan(t, orgKey, "evaluate", filepath.Join(scan.out, "snapshots"), "--format", "json", "--out", out2)
	if e.code != scan.code {
		t.Errorf("evaluate of scan's snapshots: exit %d, want %d", e.code, scan.code)
	}
	if g, w := rawFindings(t, out2), rawFindings(t, scan.out); !bytes.Equal(g, w) {
		t.Errorf("evaluate of scan's snapshots gives other findings than scan:\n%s\n%s", g, w)
	}
}

// awsOwnedFinding is a finding of irscan.json with the scope it follows.
type awsOwnedFinding struct {
	awsFinding
	Scope struct{ ID, Name string } `json:"scope"`
	Owner *struct {
		Scope    struct{ ID string } `json:"scope"`
		Snapshot string              `json:"snapshot"`
		Pointers []string            `json:"pointers"`
	} `json:"owner"`
}

// expectedOwners parses the "<account name>: ... (follows <name> <account>)"
// why column of a README's Expected findings table: "<account name> check
// resource region status" → owner account.
var (
	whoNote     = regexp.MustCompile(`\| ([a-z-]+): [^|]*\|$`)
	followsNote = regexp.MustCompile(`\(follows [a-z-]+ ([0-9]{12})\) \|$`)
)

func expectedOwners(t *testing.T, readme string) map[string]string {
	t.Helper()
	raw, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	_, table, _ := strings.Cut(string(raw), "## Expected findings")
	out := map[string]string{}
	for _, line := range strings.Split(table, "\n") {
		m := expectedRow.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		who := whoNote.FindStringSubmatch(line)
		if who == nil {
			t.Fatalf("%s: row without the account name in its why column: %s", readme, line)
		}
		if o := followsNote.FindStringSubmatch(line); o != nil {
			out[who[1]+" "+strings.Join(m[1:], " ")] = o[1]
		}
	}
	return out
}

// TestAWSOrgCentral scans the org-central scenario (the incident-response
// pieces held centrally, and sound) and its negative twin org-central-broken
// with --org from the management account, through the real SDK: the findings
// are exactly the README's, every member finding that follows another
// account names that account and points into its snapshot, the management
// account's own snapshot is among the five, and nothing was written. Then the
// workload member's snapshot evaluated alone turns every followed verdict
// into an error naming the account that holds the setting.
func TestAWSOrgCentral(t *testing.T) {
	awsEnv(t, centralKey)
	for _, scenario := range []string{"org-central", "org-central-broken"} {
		t.Run(scenario, func(t *testing.T) {
			t.Parallel()
			readme := filepath.Join(awsScenarios, scenario, "README.md")
			f := startFake(t, scenario, fakeaws.Options{})
			r := scanAWSWithEnv(t, f, "--org", "--role-name", "irscan-audit", "--controls", "IR-3,IR-4,IR-6,IR-7")
			if r.code != exitFindings || r.stderr != "" {
				t.Fatalf("exit %d, want 1; stderr: %s", r.code, r.stderr)
			}
			fs := readFindingsAs[awsOwnedFinding](t, r.out)
			plain := make([]awsFinding, 0, len(fs))
			for _, fd := range fs {
				plain = append(plain, fd.awsFinding)
			}
			if got, want := findingKeys(plain), expectedFindings(t, readme); !slices.Equal(got, want) {
				t.Errorf("findings differ from %s:%s", readme, diffKeys(got, want))
			}

			// Every "follows" row names its owner, and only those rows have one.
			owners := expectedOwners(t, readme)
			if len(owners) < 20 {
				t.Fatalf("only %d followed findings in %s", len(owners), readme)
			}
			for _, fd := range fs {
				want, follows := owners[fd.Scope.Name+" "+fd.key()]
				switch {
				case follows && fd.Owner == nil:
					t.Errorf("%s in %s: no owner, want %s", fd.key(), fd.Scope.ID, want)
				case !follows && fd.Owner != nil:
					t.Errorf("%s in %s: follows %s, but the README says it is judged locally", fd.key(), fd.Scope.ID, fd.Owner.Scope.ID)
				case follows && fd.Owner.Scope.ID != want:
					t.Errorf("%s in %s: follows %s, want %s", fd.key(), fd.Scope.ID, fd.Owner.Scope.ID, want)
				case follows:
					if !strings.Contains(fd.Message, "Judged on AWS account "+want+"'s evidence") {
						t.Errorf("%s: message does not name the owner %s: %s", fd.key(), want, fd.Message)
					}
					if filepath.Base(fd.Owner.Snapshot) != "aws-account-"+want+".json" || len(fd.Owner.Pointers) == 0 {
						t.Errorf("%s: owner snapshot %s, pointers %v", fd.key(), fd.Owner.Snapshot, fd.Owner.Pointers)
					}
				}
				if fd.Status == "error" {
					t.Errorf("unexpected error %s in %s: %s", fd.CheckID, fd.Scope.ID, fd.Message)
				}
			}

			// One snapshot per account, the management account's own among them.
			var accounts []string
			for _, s := range readSnapshots(t, filepath.Join(r.out, "snapshots")) {
				accounts = append(accounts, s.Scope.ID)
			}
			slices.Sort(accounts)
			if want := []string{"600000000001", "600000000002", "600000000003", "600000000004", "600000000005"}; !slices.Equal(accounts, want) {
				t.Errorf("snapshots of %v, want %v", accounts, want)
			}
			if v := f.srv.Violations(); len(v) > 0 {
				t.Errorf("the scan attempted writes: %+v", v)
			}
			read := map[string]bool{}
			for _, c := range f.srv.Calls() {
				if c.Fault != "" {
					t.Errorf("call %s (account %s, region %s): fault %s", c.Action, c.Account, c.Region, c.Fault)
				}
				read[c.Action] = true
			}
			for _, action := range []string{"events:ListEventBuses", "guardduty:GetAdministratorAccount", "securityhub:GetAdministratorAccount", "securityhub:ListFindingAggregators", "securityhub:GetFindingAggregator"} {
				if !read[action] {
					t.Errorf("the scan never called %s", action)
				}
			}

			t.Run("member alone", func(t *testing.T) {
				t.Parallel()
				out := t.TempDir()
				code, _, stderr := irscan(t, "evaluate", filepath.Join(r.out, "snapshots", "aws-account-600000000005.json"), "--controls", "IR-3,IR-4,IR-6,IR-7", "--format", "json", "--out", out)
				if code != exitFindings || stderr != "" {
					t.Fatalf("evaluate: exit %d, stderr %s", code, stderr)
				}
				// The account each followed check must name, and how many findings.
				want := map[string]struct {
					owner string
					n     int
				}{
					"AWS-IR3-03": {"600000000003", 2}, "AWS-IR6-02": {"600000000003", 2},
					"AWS-IR4-01": {"600000000001", 1}, "AWS-IR4-03": {"600000000001", 1}, "AWS-IR7-02": {"600000000001", 1},
					"AWS-IR4-04": {"600000000004", 1},
				}
				got := map[string]int{}
				for _, fd := range readFindingsAs[awsOwnedFinding](t, out) {
					if fd.Owner != nil {
						t.Errorf("%s follows %s with its owner absent", fd.key(), fd.Owner.Scope.ID)
					}
					if fd.Status != "error" {
						continue
					}
					got[fd.CheckID]++
					if fd.CheckID == "AWS-IR7-01" {
						if !strings.Contains(fd.Message, "not in this run") || !strings.Contains(fd.Message, "--org") {
							t.Errorf("AWS-IR7-01 error does not say the bucket's account is not in the run and to scan with --org: %s", fd.Message)
						}
						continue
					}
					w, ok := want[fd.CheckID]
					if !ok {
						t.Errorf("unexpected error %s: %s", fd.key(), fd.Message)
						continue
					}
					if !strings.Contains(fd.Message, "held by AWS account "+w.owner+", which is not in this run") || !strings.Contains(fd.Message, "--org") {
						t.Errorf("%s error does not name AWS account %s and --org: %s", fd.key(), w.owner, fd.Message)
					}
				}
				for id, w := range want {
					if got[id] != w.n {
						t.Errorf("%s: %d error findings, want %d", id, got[id], w.n)
					}
				}
				if got["AWS-IR7-01"] != 1 {
					t.Errorf("AWS-IR7-01: %d error findings, want 1", got["AWS-IR7-01"])
				}
			})
		})
	}
}
