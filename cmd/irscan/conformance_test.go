package main

// The conformance suite: the end-to-end tests of `irscan scan`, `collect`
// and `evaluate` against the fake clouds, written once for the three
// clouds (after google/go-cloud's drivertest). Each cloud brings a harness
// (cloud, in cloud_<name>_test.go): how to start its fake for a scenario,
// how to sign in to it, its scenarios and the flags that are its own.
// TestAWS, TestAzure and TestGCP run the suite with their harness, then the
// tests that only make sense for one cloud. Every test and subtest runs in
// parallel; each run that signs in is a child process with its own
// environment (cli_test.go) and its own tap on a fake shared by the runs of
// its scenario (fake_test.go).
//
// The expected findings are the tables of the scenario READMEs, in the one
// format of internal/conformance:
//
//	go test ./cmd/irscan -run 'TestAWS|TestAzure|TestGCP|TestDemo' -update
//
// rewrites them (and the golden reports) from a run, keeping the notes
// people wrote; review the diff. -short removes one permission per cloud
// instead of each, and skips the throttling tests.

import (
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io/fs"
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
	"unicode/utf8"

	"github.com/irscan/irscan/collectors"
	"github.com/irscan/irscan/internal/conformance"
	"github.com/irscan/irscan/policies"
	"github.com/irscan/irscan/snapshot"
)

const (
	fakeFixtures    = "../../testdata/fakecloud"
	expectedHeading = "## Expected findings"
	// allFormats are the report formats a scenario scan writes.
	allFormats     = "table,json,sarif,html,csv,junit"
	allFileFormats = "json,sarif,html,csv,junit"
)

// cloud is one cloud's harness.
type cloud struct {
	name string

	// start serves a scenario of testdata/fakecloud/<name>/ with options.
	start func(scenario string, o fakeOptions) (*fake, error)
	// signIn returns the environment that signs the CLI in to the fake
	// through tp as identity ("" for the scenario's scanning identity), and
	// that identity's secrets, which nothing may write.
	signIn func(t *testing.T, tp *tap, identity string) (env, secrets []string)
	// endpoint are the flags that point the CLI at tp.
	endpoint func(tp *tap) []string
	// requestIDHeaders name the request ID in the fake's answers.
	requestIDHeaders []string
	// scopeOf is the scope (account, subscription, project) a request is
	// about, for the in-flight meter; metered is false for requests the
	// meter ignores (sign-in).
	scopeOf func(r *http.Request) (scope string, metered bool)
	// secretsIn are the credentials in one of the fake's answers.
	secretsIn func(body []byte) []string
	// note, when set, keeps something of a POST request (tap.notes).
	note func(r *http.Request, body []byte) string
	// scopes are the snapshot scopes ("type/id") a scan of the fake's
	// scenario with args writes.
	scopes func(f *fake, args []string) []string

	// scenarios are the scans whose findings the READMEs list.
	scenarios []scenarioCase
	// compliant is the name of the compliant scenario's case; its args
	// scope the scans of the call-log, permission and throttling tests.
	compliant string

	// callLog is the call-log test: at least minCalls calls; fields are
	// on every "<cloud> call" debug line; noCall names the sections that
	// make no call on a scope type; extra checks the cloud's own rules.
	callLog struct {
		minCalls int
		fields   []string
		noCall   func(scopeType, section string) bool
		extra    func(t *testing.T, r *cloudRun, calls []call)
	}

	permissions permissionsCase
	throttle    throttleCase
	parallel    parallelCase

	// badSignIn is a run that cannot sign in (or see its scope): exit 4
	// and one line saying what failed, what was tried and what to do next.
	badSignIn func(t *testing.T, tp *tap) (env, args, want, forbidden []string)
	// secretRuns are the scans, besides the compliant one, whose every
	// output the secrets test searches; secretPatterns and secretMarkers
	// (case-insensitive) are what a secret of the cloud looks like.
	secretRuns     []secretRun
	secretPatterns []*regexp.Regexp
	secretMarkers  []string
	// collectThenEvaluate names the scenario case of that test.
	collectThenEvaluate string
	// ownerResource, when set, is the resource a finding's owner names.
	ownerResource func(o *policies.Owner) string
}

// scenarioCase is one scan of a scenario whose findings a README lists.
type scenarioCase struct {
	name, scenario string
	identity       string
	args           []string
	// controls limits the checks (--controls).
	controls []string
	// table is the file holding the expected findings (default: the
	// scenario's README.md), under heading (default "## Expected findings").
	table, heading string
	exit           int
	// says: findings (by "check resource region status") whose message
	// must contain a text.
	says map[string]string
	// errorSays, when set, says what is wrong with an error finding ("" if
	// nothing); by default an error must name a permission the scenario
	// denies, "(missing <permission>)".
	errorSays func(r *cloudRun, fd policies.Finding) string
	// check holds the scenario's own assertions.
	check func(t *testing.T, r *cloudRun, fs []policies.Finding)
	// alone are its snapshots evaluated alone.
	alone []aloneCase
}

// aloneCase is one snapshot of a scenario scan evaluated without the
// snapshots it follows, then with them.
type aloneCase struct {
	name string
	// file is the snapshot, in the scan's snapshots/; with are the
	// snapshots it follows.
	file string
	with []string
	// controls limits the checks (evaluate --controls).
	controls []string
	exit     int
	// heading is the README table of its findings alone.
	heading string
	// errors: the checks that are error alone, each with the texts its
	// messages say (the owner and how to include it).
	errors map[string][]string
}

func (tc scenarioCase) tableHeading() string {
	if tc.heading != "" {
		return tc.heading
	}
	return expectedHeading
}

func (cl *cloud) readme(tc scenarioCase) string {
	if tc.table != "" {
		return tc.table
	}
	return filepath.Join(fakeFixtures, cl.name, tc.scenario, "README.md")
}

func (cl *cloud) scenario(name string) scenarioCase {
	for _, tc := range cl.scenarios {
		if tc.name == name {
			return tc
		}
	}
	panic("no scenario case " + name)
}

// runConformance runs the suite for one cloud.
func runConformance(t *testing.T, cl *cloud) {
	for name, test := range map[string]func(*testing.T, *cloud){
		"Scenarios":           testScenarios,
		"CallLog":             testCallLog,
		"Permissions":         testPermissions,
		"Throttling":          testThrottling,
		"Parallel":            testParallel,
		"Logging":             testLogging,
		"NoSecretsWritten":    testNoSecretsWritten,
		"CollectThenEvaluate": testCollectThenEvaluate,
		"InputsBeforeCalls":   testInputsBeforeCalls,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			test(t, cl)
		})
	}
}

// cloudRun is one CLI run against a fake.
type cloudRun struct {
	cliResult
	f   *fake
	tap *tap
	// secrets are the secrets of the identity that signed in.
	secrets []string
	// scanned says the run was `irscan scan` (else `collect`); snaps is
	// the directory of its snapshots; findings and verdict are its
	// findings and exit code (judged in the test process for a collect).
	scanned  bool
	snaps    string
	findings []policies.Finding
	verdict  int
}

// run runs `irscan VERB CLOUD <endpoint> ARGS` against f as identity:
// scan writes into a fresh --out directory (with --format json unless args
// give --format), collect into a fresh --out directory; env adds to the
// sign-in environment.
func (cl *cloud) run(t *testing.T, f *fake, identity, verb string, args []string, env ...string) *cloudRun {
	t.Helper()
	return cl.runIn(t, t.TempDir(), f, identity, verb, args, env...)
}

func (cl *cloud) runIn(t *testing.T, out string, f *fake, identity, verb string, args []string, env ...string) *cloudRun {
	t.Helper()
	tp := f.tap(t)
	signIn, secrets := cl.signIn(t, tp, identity)
	all := append([]string{verb, cl.name}, cl.endpoint(tp)...)
	switch verb {
	case "scan":
		all = append(all, "--out", out)
		if !slices.ContainsFunc(args, func(a string) bool { return a == "--format" || strings.HasPrefix(a, "--format=") }) {
			all = append(all, "--format", "json")
		}
	case "collect":
		all = append(all, "--out", out)
	}
	r := runCLI(t, append(signIn, env...), append(all, args...)...)
	r.out = out
	tp.done()
	run := &cloudRun{cliResult: r, f: f, tap: tp, secrets: secrets, scanned: verb == "scan", snaps: out, verdict: r.code}
	switch {
	case verb == "scan" && r.code != exitUsage:
		run.snaps = filepath.Join(out, "snapshots")
		run.findings = readReport(t, out)
	case verb == "collect" && r.code == exitOK:
		run.verdict, run.findings = judge(t, out)
	}
	return run
}

// shared runs: scans several tests read, made once per test binary, in
// directories that outlive the test that made them.
var (
	sharedRunsMu sync.Mutex
	sharedRuns   = map[string]*sharedRun{}
)

type sharedRun struct {
	once sync.Once
	r    *cloudRun
}

// once returns the run of key, made by make on first use.
func once(t *testing.T, key string, make func(t *testing.T, out string) *cloudRun) *cloudRun {
	t.Helper()
	sharedRunsMu.Lock()
	s := sharedRuns[key]
	if s == nil {
		s = &sharedRun{}
		sharedRuns[key] = s
	}
	sharedRunsMu.Unlock()
	s.once.Do(func() {
		out, err := os.MkdirTemp(scratch, "run-")
		if err != nil {
			t.Fatal(err)
		}
		s.r = make(t, out)
	})
	if s.r == nil {
		t.Fatalf("the shared run %s failed (in another test)", key)
	}
	return s.r
}

// scanned says whether a scenario case is scanned whole (`irscan scan` in
// every report format): the compliant one and the one the
// collect-then-evaluate test compares with its collection. The others are
// collected (`irscan collect`) and judged in the test process, with the
// same pipeline and exit code rule: what sets them apart is what the
// collector reads, and the CLI's scan path is the same for all.
func (cl *cloud) scanned(tc scenarioCase) bool {
	return tc.name == cl.compliant || tc.name == cl.collectThenEvaluate
}

// scenarioRun is the run of a scenario case, shared by the tests.
func (cl *cloud) scenarioRun(t *testing.T, tc scenarioCase) *cloudRun {
	t.Helper()
	return once(t, cl.name+"/scenario/"+tc.name, func(t *testing.T, out string) *cloudRun {
		f := cl.fake(t, tc.scenario, fakeOptions{})
		if cl.scanned(tc) {
			args := append([]string{"--format", allFormats}, tc.args...)
			if len(tc.controls) > 0 {
				args = append(args, "--controls", strings.Join(tc.controls, ","))
			}
			return cl.runIn(t, out, f, tc.identity, "scan", args)
		}
		r := cl.runIn(t, filepath.Join(out, "snapshots"), f, tc.identity, "collect", tc.args)
		if r.code == exitOK && len(tc.controls) > 0 {
			r.verdict, r.findings = judgePaths(t, []string{r.snaps}, tc.controls)
		}
		return r
	})
}

// compliantDebug is a collection of the compliant scenario with
// --log-level debug: the call-log, logging and secrets tests read it.
func (cl *cloud) compliantDebug(t *testing.T) *cloudRun {
	t.Helper()
	tc := cl.scenario(cl.compliant)
	return once(t, cl.name+"/compliant-debug", func(t *testing.T, out string) *cloudRun {
		f := cl.fake(t, tc.scenario, fakeOptions{})
		return cl.runIn(t, out, f, tc.identity, "collect", append([]string{"--log-level", "debug"}, tc.args...))
	})
}

// rowsOf are findings as expected-findings rows.
func rowsOf(fs []policies.Finding) []conformance.Row {
	out := make([]conformance.Row, 0, len(fs))
	for _, fd := range fs {
		why := strings.Join(strings.Fields(fd.Message), " ")
		if len(why) > 120 {
			why = why[:117] + "..."
		}
		out = append(out, conformance.Row{Check: fd.CheckID, Cloud: fd.Cloud, Scope: fd.Scope.Type + "/" + fd.Scope.ID, Resource: fd.Resource, Region: fd.Region, Status: fd.Status, Follows: follows(fd), Why: why})
	}
	return out
}

// follows is the owner of a finding as "type/id", "" when it has none.
func follows(fd policies.Finding) string {
	if fd.Owner == nil {
		return ""
	}
	return fd.Owner.Scope.Type + "/" + fd.Owner.Scope.ID
}

// expectTable compares findings with the table under heading of a README
// (with -update, rewrites the table from them).
func expectTable(t *testing.T, readme, heading string, fs []policies.Finding) {
	t.Helper()
	got := rowsOf(fs)
	if *update {
		ch, err := conformance.UpdateTable(readme, heading, got)
		if err != nil {
			t.Fatal(err)
		}
		if !ch.Empty() {
			t.Logf("%s (%s): %d rows changed (check their why), %d added, %d removed", readme, heading, len(ch.Changed), len(ch.Added), len(ch.Removed))
		}
		return
	}
	want, err := conformance.ReadTable(readme, heading)
	if err != nil {
		t.Fatal(err)
	}
	if d := conformance.Diff(conformance.Keys(got), conformance.Keys(want)); d != "" {
		t.Errorf("findings differ from %s (%s; rewrite it with -update if the change is intended):%s", readme, heading, d)
	}
}

// keys are findings as sorted "check scope resource region status follows" lines.
func keys(fs []policies.Finding) []string { return conformance.Keys(rowsOf(fs)) }

func diffKeys(got, want []string) string { return conformance.Diff(got, want) }

// tableKeys are the keys of a README table.
func tableKeys(t *testing.T, readme, heading string) []string {
	t.Helper()
	rows, err := conformance.ReadTable(readme, heading)
	if err != nil {
		t.Fatal(err)
	}
	return conformance.Keys(rows)
}

// testScenarios scans every scenario in every report format and compares
// the findings with the README's table, the exit code with the one it
// promises; checks the reports, the snapshots and their call records, the
// owners of followed findings, that the scan only read and that every call
// had a fixture, and that errors name what was missing.
func testScenarios(t *testing.T, cl *cloud) {
	for _, tc := range cl.scenarios {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := cl.scenarioRun(t, tc)
			if !r.scanned && r.code != exitOK {
				t.Fatalf("collect: exit %d: %s", r.code, r.stderr)
			}
			if r.verdict != tc.exit {
				t.Errorf("exit %d, want %d; stderr: %s", r.verdict, tc.exit, r.stderr)
			}
			// The default log level is silent on success.
			if r.stderr != "" {
				t.Errorf("stderr not empty: %s", r.stderr)
			}
			fs := r.findings
			expectTable(t, cl.readme(tc), tc.tableHeading(), fs)
			if r.scanned {
				checkReportFiles(t, r, fs)
			}

			snaps := readSnapshots(t, r.snaps)
			if got, want := snapshotScopes(snaps), cl.scopes(r.f, tc.args); !slices.Equal(got, want) {
				t.Errorf("snapshots of %v, want %v", got, want)
			}
			calls := r.tap.calls()
			checkSnapshotCalls(t, calls, snaps)
			checkOwners(t, cl, fs)

			// The scan only read, and the scenario answered every call
			// from a file or from scenario.yaml, never from the
			// missing-fixture fallback.
			for _, c := range calls {
				if c.Violation || !c.Read {
					t.Errorf("not a read: %s", c)
				}
				if strings.Contains(c.Fault, "missing-fixture") {
					t.Errorf("call without a fixture: %s", c)
				}
			}

			byKey := map[string]policies.Finding{}
			for _, fd := range fs {
				byKey[strings.Join([]string{fd.CheckID, fd.Resource, fd.Region, fd.Status}, " ")] = fd
			}
			for key, text := range tc.says {
				if fd, ok := byKey[key]; !ok {
					t.Errorf("no finding %s", key)
				} else if !strings.Contains(fd.Message, text) {
					t.Errorf("%s: message does not say %q: %s", key, text, fd.Message)
				}
			}

			// Errors name what was missing.
			for _, fd := range fs {
				if fd.Status != policies.StatusError {
					continue
				}
				if tc.errorSays != nil {
					if complaint := tc.errorSays(r, fd); complaint != "" {
						t.Errorf("%s on %s: %s: %s", fd.CheckID, fd.Scope.ID, complaint, fd.Message)
					}
					continue
				}
				if !slices.ContainsFunc(r.f.denied, func(p string) bool { return strings.Contains(fd.Message, "(missing "+p+")") }) {
					t.Errorf("%s error on %s does not name a permission the scenario denies %v: %s", fd.CheckID, fd.Scope.ID, r.f.denied, fd.Message)
				}
			}
			if tc.check != nil {
				tc.check(t, r, fs)
			}
			for _, a := range tc.alone {
				t.Run(a.name, func(t *testing.T) {
					t.Parallel()
					testAlone(t, cl, tc, a, r, fs)
				})
			}
		})
	}
}

// checkReportFiles checks the reports of a scan in every format: the table
// on stdout, a SARIF run with one result per failing or unassessed finding, the
// self-contained HTML report, a CSV row and a JUnit test case per finding.
func checkReportFiles(t *testing.T, r *cloudRun, fs []policies.Finding) {
	t.Helper()
	if !strings.Contains(r.stdout, "Total:") {
		t.Errorf("no table on stdout:\n%s", r.stdout)
	}
	fails := 0
	for _, fd := range fs {
		if fd.Status == policies.StatusFail || fd.Status == policies.StatusError {
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
	if f, err := os.Open(filepath.Join(r.out, "irscan.csv")); err != nil {
		t.Error(err)
	} else {
		records, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil || len(records) != len(fs)+1 {
			t.Errorf("irscan.csv: %d records (%v), want a header and %d findings", len(records), err, len(fs))
		}
	}
	if b, err := os.ReadFile(filepath.Join(r.out, "irscan.xml")); err != nil {
		t.Error(err)
	} else {
		var cases struct {
			Cases []struct{} `xml:"testsuite>testcase"`
		}
		if err := xml.Unmarshal(b, &cases); err != nil || len(cases.Cases) == 0 {
			t.Errorf("irscan.xml: %d test cases (%v)", len(cases.Cases), err)
		}
	}
}

// checkSnapshotCalls: every call a snapshot records is one the fake
// served, found by the request ID the fake issued, with the same
// operation, region, status and error code. It returns the request IDs the
// snapshots record.
func checkSnapshotCalls(t *testing.T, calls []call, snaps []*snapshot.Snapshot) map[string]bool {
	t.Helper()
	issued := map[string]call{}
	for _, c := range calls {
		issued[c.ID] = c
	}
	recorded := map[string]bool{}
	for _, s := range snaps {
		for _, sc := range s.Calls {
			recorded[sc.RequestID] = true
			c, ok := issued[sc.RequestID]
			if !ok {
				t.Errorf("%s: snapshot call %s (%s %s) has request ID %q, which the fake never issued", s.Scope.ID, sc.ID, sc.Service, sc.Operation, sc.RequestID)
				continue
			}
			errorCode := sc.ErrorCode
			if c.ErrorCode == "" && c.Status >= 400 {
				errorCode = "" // the fake sent no code: the collector names the status
			}
			if sc.Operation != c.Op || c.Region != "" && sc.Region != c.Region || sc.HTTPStatus != c.Status || errorCode != c.ErrorCode {
				t.Errorf("%s: snapshot call %s = %s %s %d %q, but request %s was %s %s %d %q", s.Scope.ID, sc.ID, sc.Operation, sc.Region, sc.HTTPStatus, sc.ErrorCode, sc.RequestID, c.Op, c.Region, c.Status, c.ErrorCode)
			}
			if sc.HTTPStatus >= 400 && sc.ErrorCode == "" {
				t.Errorf("%s: snapshot call %s answered %d without an error code", s.Scope.ID, sc.ID, sc.HTTPStatus)
			}
		}
	}
	return recorded
}

// checkOwners: a finding that follows another scope names it and its
// snapshot, written by the same run, and points into it; a finding that
// follows nothing does not say it does.
func checkOwners(t *testing.T, cl *cloud, fs []policies.Finding) {
	t.Helper()
	for _, fd := range fs {
		key := fd.CheckID + " " + fd.Resource + " " + fd.Region + " on " + fd.Scope.ID
		o := fd.Owner
		if o == nil {
			if strings.Contains(fd.Message, "'s evidence (snapshot ") {
				t.Errorf("%s: the message says it follows another scope, but it has no owner: %s", key, fd.Message)
			}
			continue
		}
		name := fmt.Sprintf("%s-%s-%s.json", cl.name, o.Scope.Type, o.Scope.ID)
		if o.Cloud != cl.name || filepath.Base(o.Snapshot) != name || len(o.Pointers) == 0 || o.Resource == "" {
			t.Errorf("%s: owner %+v, want %s's snapshot %s, a resource and pointers", key, *o, o.Scope.ID, name)
		}
		if cl.ownerResource != nil && o.Resource != cl.ownerResource(o) {
			t.Errorf("%s: owner resource %s, want %s", key, o.Resource, cl.ownerResource(o))
		}
		if _, err := os.Stat(o.Snapshot); err != nil {
			t.Errorf("%s: the owner's snapshot is not there: %v", key, err)
		}
		if !strings.Contains(fd.Message, o.Scope.ID) || !strings.HasSuffix(fd.Message, "'s evidence (snapshot "+o.Snapshot+").") {
			t.Errorf("%s: the message does not name the owner %s and its snapshot: %s", key, o.Scope.ID, fd.Message)
		}
	}
}

// evaluateCLI runs `irscan evaluate ARGS --format json --out DIR` and
// returns the exit code and DIR.
func evaluateCLI(t *testing.T, args ...string) (int, string) {
	t.Helper()
	out := t.TempDir()
	code, _, stderr := irscan(t, append(append([]string{"evaluate"}, args...), "--format", "json", "--out", out)...)
	if code == exitUsage || stderr != "" {
		t.Fatalf("evaluate %v: exit %d: %s", args, code, stderr)
	}
	return code, out
}

// testAlone evaluates one snapshot of a scenario run alone (as `irscan
// evaluate FILE` does, judged in the test process): every check that
// follows another scope is error naming it and how to include it (exactly
// the checks of the case), no finding has an owner, and the findings are
// the README's. With the snapshots it follows, in either order, its
// findings are the whole run's, message for message.
func testAlone(t *testing.T, cl *cloud, tc scenarioCase, a aloneCase, r *cloudRun, whole []policies.Finding) {
	dir := r.snaps
	file := filepath.Join(dir, a.file)
	l, err := snapshot.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	code, alone := judgePaths(t, []string{file}, a.controls)
	if code != a.exit {
		t.Errorf("alone: exit %d, want %d", code, a.exit)
	}
	if a.heading != "" {
		expectTable(t, cl.readme(tc), a.heading, alone)
	}
	errored := map[string]bool{}
	for _, fd := range alone {
		if fd.Owner != nil {
			t.Errorf("alone, %s follows %s", fd.CheckID, fd.Owner.Scope.ID)
		}
		if fd.Status != policies.StatusError {
			continue
		}
		errored[fd.CheckID] = true
		texts, ok := a.errors[fd.CheckID]
		if !ok {
			t.Errorf("alone, unexpected error %s %s: %s", fd.CheckID, fd.Resource, fd.Message)
		}
		for _, text := range texts {
			if !strings.Contains(fd.Message, text) {
				t.Errorf("alone, %s does not say %q: %s", fd.CheckID, text, fd.Message)
			}
		}
	}
	if got, want := slices.Sorted(maps.Keys(errored)), slices.Sorted(maps.Keys(a.errors)); !slices.Equal(got, want) {
		t.Errorf("alone, the checks in error are %v, want %v", got, want)
	}

	// With what it follows, in either order: the whole scan's findings.
	files := []string{file}
	for _, w := range a.with {
		files = append(files, filepath.Join(dir, w))
	}
	byScope := func(fs []policies.Finding) []string {
		var out []string
		for _, fd := range fs {
			if fd.Scope == l.Snapshot.Scope || fd.Scope.Type == l.Snapshot.Scope.Type && fd.Scope.ID == l.Snapshot.Scope.ID {
				out = append(out, strings.Join([]string{fd.CheckID, fd.Resource, fd.Region, fd.Status, follows(fd), fd.Message}, " "))
			}
		}
		slices.Sort(out)
		return out
	}
	_, with := judgePaths(t, files, a.controls)
	if got, want := byScope(with), byScope(whole); !slices.Equal(got, want) {
		t.Errorf("with %v, its findings differ from the whole scan's:%s", a.with, diffKeys(got, want))
	}
	slices.Reverse(files)
	_, reversed := judgePaths(t, files, a.controls)
	if g, w := byScope(reversed), byScope(with); !slices.Equal(g, w) {
		t.Errorf("the order of the snapshots changes the findings:%s", diffKeys(g, w))
	}
}

// testCallLog: a full scan only reads, reads nothing twice, every call is
// in a snapshot with the request ID the fake issued for it (but the calls
// that find the scopes, made before any is collected), and every section
// cites the calls that filled it.
func testCallLog(t *testing.T, cl *cloud) {
	r := cl.compliantDebug(t)
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	calls := r.tap.calls()
	api := slices.DeleteFunc(slices.Clone(calls), func(c call) bool { return !c.API })
	if len(api) < cl.callLog.minCalls {
		t.Fatalf("only %d calls recorded by the fake", len(api))
	}
	seen := map[string]int{}
	for _, c := range api {
		if c.Violation || c.Fault != "" || !c.Read || c.Status >= 300 {
			t.Errorf("call %s", c)
		}
		if seen[c.Same]++; seen[c.Same] == 2 {
			t.Errorf("duplicate call: %s", c.Same)
		}
		if c.ID == "" {
			t.Errorf("%s: the fake issued no request ID", c)
		}
	}
	snaps := readSnapshots(t, r.snaps)
	recorded := checkSnapshotCalls(t, calls, snaps)
	for _, c := range api {
		if recorded[c.ID] == c.Scoping {
			t.Errorf("%s: in a snapshot %v, but it finds the scopes %v", c, recorded[c.ID], c.Scoping)
		}
	}
	for _, s := range snaps {
		for name, sec := range s.Sections {
			if sec.Status != snapshot.StatusOK {
				t.Errorf("%s: section %s: %s (%s)", s.Scope.ID, name, sec.Status, sec.Error)
			}
			noCall := cl.callLog.noCall != nil && cl.callLog.noCall(s.Scope.Type, name)
			if n := len(sec.AllCalls()); noCall != (n == 0) {
				t.Errorf("%s: section %s cites %d calls", s.Scope.ID, name, n)
			}
		}
	}
	if cl.callLog.extra != nil {
		cl.callLog.extra(t, r, calls)
	}
}

// testLogging: --log-level debug logs one "<cloud> call" line per API call,
// with the request ID the fake issued; --quiet leaves only errors (the
// default level's silence is checked by every scenario scan); a run that
// cannot sign in says so in one line, exit 4.
func testLogging(t *testing.T, cl *cloud) {
	t.Run("debug", func(t *testing.T) {
		t.Parallel()
		r := cl.compliantDebug(t)
		requestID := regexp.MustCompile(`request_id=(\S+)`)
		var logged, served []string
		for _, l := range strings.Split(r.stderr, "\n") {
			if !strings.HasPrefix(l, "irscan: debug: "+cl.name+" call: ") {
				continue
			}
			for _, field := range cl.callLog.fields {
				if !strings.Contains(l, field) {
					t.Errorf("%s call line without %s: %s", cl.name, field, l)
				}
			}
			if m := requestID.FindStringSubmatch(l); m != nil {
				logged = append(logged, m[1])
			}
		}
		for _, c := range r.tap.apiCalls() {
			served = append(served, c.ID)
		}
		slices.Sort(logged)
		slices.Sort(served)
		if len(served) < cl.callLog.minCalls || !slices.Equal(logged, served) {
			t.Errorf("%d %s call lines for %d calls (request IDs differ:%s)", len(logged), cl.name, len(served), diffKeys(logged, served))
		}
	})
	t.Run("quiet", func(t *testing.T) {
		t.Parallel()
		tc := cl.scenario(cl.compliant)
		f := cl.fake(t, tc.scenario, fakeOptions{})
		if r := cl.run(t, f, tc.identity, "collect", append([]string{"--quiet", "--log-level", "debug"}, tc.args...)); r.code != exitOK || r.stderr != "" {
			t.Errorf("--quiet: exit %d, stderr %q; want 0 and nothing", r.code, r.stderr)
		}
	})
	t.Run("cannot sign in", func(t *testing.T) {
		t.Parallel()
		f := cl.fake(t, cl.scenario(cl.compliant).scenario, fakeOptions{})
		tp := f.tap(t)
		env, args, want, forbidden := cl.badSignIn(t, tp)
		r := runCLI(t, env, append(append([]string{"scan", cl.name}, cl.endpoint(tp)...), args...)...)
		if r.code != exitSignIn || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
			t.Errorf("exit %d, stderr %q; want 4 and one error line", r.code, r.stderr)
		}
		if !utf8.ValidString(r.stderr) || !strings.Contains(r.stderr, "; tried ") || !strings.Contains(r.stderr, "; next: ") {
			t.Errorf("stderr %q does not say what was tried and what to do next", r.stderr)
		}
		for _, w := range want {
			if !strings.Contains(r.stderr, w) {
				t.Errorf("stderr %q does not say %q", r.stderr, w)
			}
		}
		for _, f := range forbidden {
			if strings.Contains(r.stderr, f) {
				t.Errorf("stderr %q says %q", r.stderr, f)
			}
		}
	})
}

// secretRun is a scan whose outputs the secrets test searches.
type secretRun struct {
	scenario, identity string
	args               []string
	// prepare, when set, gives more arguments and secrets (a token file).
	prepare func(t *testing.T) (args, secrets []string)
	// issued is how many credentials the fake must have handed out (-1:
	// at least one).
	issued int
}

// testNoSecretsWritten: no secret of the identity that signed in, and no
// credential the fake handed out, appears in any snapshot, report or log
// line: of the two scans in every format (the compliant one and the
// collect-then-evaluate one), of the compliant collection at
// --log-level debug, and of the cloud's other secret runs (collections at
// --log-level debug).
func testNoSecretsWritten(t *testing.T, cl *cloud) {
	runs := []*cloudRun{cl.compliantDebug(t), cl.scenarioRun(t, cl.scenario(cl.compliant)), cl.scenarioRun(t, cl.scenario(cl.collectThenEvaluate))}
	var extra []string
	for _, sr := range cl.secretRuns {
		args := append([]string{"--log-level", "debug"}, sr.args...)
		if sr.prepare != nil {
			more, secrets := sr.prepare(t)
			args = append(args, more...)
			extra = append(extra, secrets...)
		}
		r := cl.run(t, cl.fake(t, sr.scenario, fakeOptions{}), sr.identity, "collect", args)
		if r.code != exitOK {
			t.Fatalf("%s %v: exit 2: %s", sr.scenario, sr.args, r.stderr)
		}
		issued := r.tap.issuedSecrets()
		if sr.issued < 0 && len(issued) == 0 || sr.issued >= 0 && len(issued) != sr.issued {
			t.Fatalf("%s %v: the fake handed out %d credentials, want %d (-1: some)", sr.scenario, sr.args, len(issued), sr.issued)
		}
		runs = append(runs, r)
	}
	var texts, secrets []string
	secrets = append(secrets, extra...)
	files := 0
	for _, r := range runs {
		texts = append(texts, r.stdout, r.stderr)
		secrets = append(secrets, r.secrets...)
		secrets = append(secrets, r.tap.issuedSecrets()...)
		err := filepath.WalkDir(r.out, func(p string, e fs.DirEntry, err error) error {
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
	if files < 16 {
		t.Fatalf("only %d files written by %d scans", files, len(runs))
	}
	if len(secrets) < len(runs) {
		t.Fatalf("only %d secrets to look for", len(secrets))
	}
	for i, text := range texts {
		lower := strings.ToLower(text)
		for _, s := range secrets {
			if s != "" && strings.Contains(text, s) {
				t.Errorf("output %d contains the secret %.12q...", i, s)
			}
		}
		for _, p := range cl.secretPatterns {
			if m := p.FindString(text); m != "" {
				t.Errorf("output %d contains %.24q...", i, m)
			}
		}
		for _, m := range cl.secretMarkers {
			if strings.Contains(lower, strings.ToLower(m)) {
				t.Errorf("output %d contains %q", i, m)
			}
		}
	}
}

// testCollectThenEvaluate: collect writes one valid snapshot per scope, each
// with every section of the registry for its scope type, and prints their
// paths; evaluating them gives the findings scan gives; evaluating the
// snapshots scan kept gives its findings byte for byte.
func testCollectThenEvaluate(t *testing.T, cl *cloud) {
	tc := cl.scenario(cl.collectThenEvaluate)
	scan := cl.scenarioRun(t, tc)
	if scan.code != tc.exit {
		t.Fatalf("scan: exit %d: %s", scan.code, scan.stderr)
	}
	f := cl.fake(t, tc.scenario, fakeOptions{})
	c := cl.run(t, f, tc.identity, "collect", tc.args)
	if c.code != exitOK || c.stderr != "" {
		t.Fatalf("collect: exit %d: %s", c.code, c.stderr)
	}
	snaps := readSnapshots(t, c.out)
	for _, s := range snaps {
		if s.Cloud != cl.name || s.Schema != snapshot.SchemaVersion || s.Tool.Name != "irscan" {
			t.Errorf("snapshot %+v: cloud %s, schema %s, tool %+v", s.Scope, s.Cloud, s.Schema, s.Tool)
		}
		var want []string
		for _, sec := range cl.permissions.sections {
			if slices.Contains(sec.Scopes, s.Scope.Type) {
				want = append(want, sec.Name)
			}
		}
		slices.Sort(want)
		if got := slices.Sorted(maps.Keys(s.Sections)); !slices.Equal(got, want) {
			t.Errorf("%s: sections %v, want the registry's %v", s.Scope.ID, got, want)
		}
	}
	if got, want := snapshotScopes(snaps), cl.scopes(f, tc.args); !slices.Equal(got, want) {
		t.Errorf("snapshots of %v, want one per scope %v", got, want)
	}
	var names []string
	for _, s := range snaps {
		names = append(names, snapshot.FileName(s))
	}
	printed := strings.Fields(c.stdout)
	for i, p := range printed {
		printed[i] = filepath.Base(p)
	}
	slices.Sort(printed)
	slices.Sort(names)
	if !slices.Equal(printed, names) {
		t.Errorf("collect printed %q, want the paths of %v", c.stdout, names)
	}

	code, out := evaluateCLI(t, c.out)
	if code != scan.code {
		t.Errorf("evaluate: exit %d, scan gave %d", code, scan.code)
	}
	if g, w := keys(readReport(t, out)), keys(scan.findings); !slices.Equal(g, w) {
		t.Errorf("evaluate of collected snapshots differs from scan:%s", diffKeys(g, w))
	}
	// The snapshots scan kept give the very same findings.
	code, out = evaluateCLI(t, filepath.Join(scan.out, "snapshots"))
	if code != scan.code {
		t.Errorf("evaluate of scan's snapshots: exit %d, want %d", code, scan.code)
	}
	if g, w := rawFindings(t, out), rawFindings(t, scan.out); string(g) != string(w) {
		t.Errorf("evaluate of scan's snapshots gives other findings than scan:\n%s\n%s", g, w)
	}
}

// permissionsCase is what the permissions test needs of a cloud.
type permissionsCase struct {
	// sections is the cloud's section registry.
	sections []collectors.Section
	// documented reads the permission document (docs/permissions) and
	// returns its permissions.
	documented func(t *testing.T) []string
	// baselines are the scans (their scope flags) that, with the
	// documented permissions, must use every one of them; the first is
	// the one each permission is removed from.
	baselines [][]string
	// same compares permissions (case-insensitive for Azure).
	same func(a, b string) bool
	// names reports whether an error message names the permission.
	names func(message, permission string) bool
	// scoping reports whether the permission finds the scopes rather
	// than filling a section; without reports on a scan without it.
	scoping func(permission string) bool
	without func(t *testing.T, cl *cloud, permission string, baseline []policies.Finding, used []map[string]bool)
	// skippedMayBeOK: a section filled after an unread one may still be
	// ok when it needs only what could be read (AWS).
	skippedMayBeOK bool
	// short is the permission removed under -short.
	short string
	// beyond: the document may hold permissions the baselines do not
	// use (AWS: GetFindingAggregator is only called when an aggregator
	// exists, which the compliant scenario has not); each permission the
	// scans use is then removed, rather than each of the document.
	beyond bool
}

func (p permissionsCase) equal(a, b string) bool {
	if p.same != nil {
		return p.same(a, b)
	}
	return a == b
}

// testPermissions: the documented permissions are exactly what the scans
// use, every section's permissions (by the registry) among them, and
// enough for scans without any error; without one of them, exactly the
// checks that read a section it leaves unread (by the registry and the
// checks' requires) are error naming it, every other check keeps its
// verdict, only that permission is refused, and the snapshots say why.
func testPermissions(t *testing.T, cl *cloud) {
	p := cl.permissions
	doc := p.documented(t)
	for _, s := range p.sections {
		for _, perm := range s.Permissions() {
			if !slices.ContainsFunc(doc, func(d string) bool { return p.equal(d, perm) }) {
				t.Errorf("section %s needs %s, which the permission document lacks", s.Name, perm)
			}
		}
	}
	tc := cl.scenario(cl.compliant)
	var baseline []policies.Finding
	var used []map[string]bool
	all := map[string]bool{}
	for i, args := range p.baselines {
		r := cl.run(t, cl.fake(t, tc.scenario, fakeOptions{documented: true}), tc.identity, "collect", args)
		if r.code != exitOK {
			t.Fatalf("collect %v with the documented permissions: exit %d: %s", args, r.code, r.stderr)
		}
		code, fs := judge(t, r.out)
		if code != exitOK {
			t.Errorf("%v with the documented permissions: exit %d, want 0", args, code)
		}
		for _, fd := range fs {
			if fd.Status == policies.StatusError {
				t.Errorf("%v with the documented permissions, %s on %s is error: %s", args, fd.CheckID, fd.Scope.ID, fd.Message)
			}
		}
		if i == 0 {
			baseline = fs
		}
		u := map[string]bool{}
		for _, c := range r.tap.apiCalls() {
			if c.Fault != "" {
				t.Errorf("%s under the documented permissions", c)
			}
			if c.Permission != "" {
				u[strings.ToLower(c.Permission)] = true
				all[strings.ToLower(c.Permission)] = true
			}
		}
		used = append(used, u)
	}
	var want []string
	for _, d := range doc {
		want = append(want, strings.ToLower(d))
	}
	slices.Sort(want)
	got := slices.Sorted(maps.Keys(all))
	if p.beyond {
		for _, u := range got {
			if !slices.Contains(want, u) {
				t.Errorf("the scans used %s, which the document lacks", u)
			}
		}
	} else if !slices.Equal(got, want) {
		t.Errorf("the scans used the permissions\n  %v\nthe document lists\n  %v", got, want)
	}

	requires := map[string][]string{}
	for _, c := range testEngine(t).Checks() {
		if c.Cloud == cl.name {
			requires[c.ID] = c.Requires
		}
	}
	remove := slices.Sorted(slices.Values(doc))
	if p.beyond {
		remove = slices.DeleteFunc(remove, func(d string) bool { return !all[strings.ToLower(d)] })
	}
	if testing.Short() {
		remove = []string{p.short}
	}
	var removals []removal
	for _, perm := range remove {
		if p.scoping != nil && p.scoping(perm) {
			t.Run(perm, func(t *testing.T) {
				t.Parallel()
				p.without(t, cl, perm, baseline, used)
			})
			continue
		}
		denied, skipped := collectors.Unread(p.sections, perm, p.same)
		r := removal{perm: perm, denied: denied, skipped: skipped}
		unread := append(slices.Clone(denied), skipped...)
		for id, req := range requires {
			if slices.ContainsFunc(req, func(s string) bool { return slices.Contains(unread, s) }) {
				r.want = append(r.want, id)
			}
		}
		slices.Sort(r.want)
		if len(r.want) == 0 {
			t.Errorf("no check depends on %s according to the registry and the checks' requires", perm)
			continue
		}
		removals = append(removals, r)
	}
	for _, group := range disjoint(removals) {
		var names []string
		for _, r := range group {
			names = append(names, r.perm)
		}
		t.Run(strings.Join(names, ","), func(t *testing.T) {
			t.Parallel()
			testWithout(t, cl, tc, group, baseline)
		})
	}
}

// removal is one permission removed from the documented ones: the sections
// it leaves unread (denied: read with it; skipped: filled after those) and
// the checks that read them, which become error.
type removal struct {
	perm            string
	denied, skipped []string
	want            []string
}

// disjoint groups the removals so that no two of a group leave the same
// section unread or the same check in error: each group is one collection
// without all its permissions, in which every unread section and every
// error has exactly one cause, so each permission is judged as if it were
// removed alone.
func disjoint(removals []removal) [][]removal {
	var groups [][]removal
	overlaps := func(a, b removal) bool {
		return slices.ContainsFunc(a.want, func(c string) bool { return slices.Contains(b.want, c) }) ||
			slices.ContainsFunc(append(slices.Clone(a.denied), a.skipped...), func(s string) bool {
				return slices.Contains(b.denied, s) || slices.Contains(b.skipped, s)
			})
	}
next:
	for _, r := range removals {
		for i, g := range groups {
			if !slices.ContainsFunc(g, func(o removal) bool { return overlaps(o, r) }) {
				groups[i] = append(g, r)
				continue next
			}
		}
		groups = append(groups, []removal{r})
	}
	return groups
}

// testWithout collects the compliant scenario with the documented
// permissions less those of group: exactly the checks of each removal are
// error naming its permission, every other check keeps its verdict of the
// full permissions, only those permissions are refused, and the snapshots
// say why.
func testWithout(t *testing.T, cl *cloud, tc scenarioCase, group []removal, baseline []policies.Finding) {
	p := cl.permissions
	var perms, want []string
	cause := map[string]string{} // check → the permission it needs
	for _, r := range group {
		perms = append(perms, r.perm)
		want = append(want, r.want...)
		for _, c := range r.want {
			cause[c] = r.perm
		}
	}
	slices.Sort(want)
	f := cl.fake(t, tc.scenario, fakeOptions{documented: true, without: perms})
	r := cl.run(t, f, tc.identity, "collect", p.baselines[0])
	if r.code != exitOK {
		t.Fatalf("collect: exit %d: %s", r.code, r.stderr)
	}
	if r.verdict != exitErrors {
		t.Errorf("exit %d, want 3 (some checks could not be assessed)", r.verdict)
	}
	var got []string
	var others, base []policies.Finding
	for _, fd := range r.findings {
		if fd.Status != policies.StatusError {
			if !slices.Contains(want, fd.CheckID) {
				others = append(others, fd)
			}
			continue
		}
		if !slices.Contains(got, fd.CheckID) {
			got = append(got, fd.CheckID)
		}
		if perm := cause[fd.CheckID]; perm == "" || !p.names(fd.Message, perm) {
			t.Errorf("%s error on %s does not name %s: %s", fd.CheckID, fd.Scope.ID, perm, fd.Message)
		}
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("checks in error = %v, want %v", got, want)
	}
	// Every other check gives its verdict of the full permissions.
	for _, fd := range baseline {
		if !slices.Contains(want, fd.CheckID) {
			base = append(base, fd)
		}
	}
	if g, w := keys(others), keys(base); !slices.Equal(g, w) {
		t.Errorf("the other checks changed:%s", diffKeys(g, w))
	}
	// Only those permissions were refused, each at least once.
	refused := map[string]string{} // request ID → permission
	for _, c := range r.tap.apiCalls() {
		if c.Fault != "denied" {
			continue
		}
		i := slices.IndexFunc(perms, func(perm string) bool { return p.equal(c.Permission, perm) })
		if i < 0 {
			t.Errorf("%s was refused too", c)
			continue
		}
		refused[c.ID] = perms[i]
	}
	for _, perm := range perms {
		if !slices.Contains(slices.Collect(maps.Values(refused)), perm) {
			t.Errorf("no call was refused %s", perm)
		}
	}
	// The snapshots say why: a section read with a permission is denied
	// naming it, citing a call refused for it (or ok without one, where it
	// needs no such call, as GCP's compute.subnetworks on an
	// organisation); the sections filled after it are skipped; every other
	// section is ok.
	deniedSeen := map[string]int{}
	for _, snap := range readSnapshots(t, r.snaps) {
		requests := map[string]string{}
		for _, c := range snap.Calls {
			requests[c.ID] = c.RequestID
		}
		for name, sec := range snap.Sections {
			cites := func(perm string) bool {
				return slices.ContainsFunc(sec.AllCalls(), func(id string) bool {
					got, ok := refused[requests[id]]
					return ok && (perm == "" || got == perm)
				})
			}
			ok := false
			for _, rm := range group {
				switch {
				case slices.Contains(rm.denied, name) && sec.Status == snapshot.StatusDenied && namesPermission(sec, rm.perm, p.equal) && cites(rm.perm):
					deniedSeen[rm.perm]++
					ok = true
				case slices.Contains(rm.skipped, name) && sec.Status == snapshot.StatusSkipped:
					ok = true
				case slices.Contains(rm.skipped, name) && p.skippedMayBeOK && sec.Status == snapshot.StatusOK:
					ok = true
				}
			}
			if !ok && !(sec.Status == snapshot.StatusOK && !cites("")) {
				t.Errorf("%s: section %s: status %s, action %q, cites a refused call: %v (%s); want denied naming one of %v, skipped or ok", snap.Scope.ID, name, sec.Status, sec.Action, cites(""), sec.Error, perms)
			}
		}
	}
	for _, perm := range perms {
		if deniedSeen[perm] == 0 {
			t.Errorf("no section is denied naming %s", perm)
		}
	}
}

// namesPermission reports whether a denied section (or one of its regions)
// names the permission.
func namesPermission(sec *snapshot.Section, perm string, equal func(a, b string) bool) bool {
	if equal(sec.Action, perm) {
		return true
	}
	for _, r := range sec.Regions {
		if r.Status == snapshot.StatusDenied && equal(r.Action, perm) {
			return true
		}
	}
	return false
}

// throttleCase is the throttling test of a cloud: the faults of
// fakeOptions.throttle make the failed attempts want (by the name which
// gives a failed call), which the SDK or the collector retries.
type throttleCase struct {
	want  map[string]int
	which func(c call) string
	// recorded checks the failed attempts the snapshots record.
	recorded func(t *testing.T, snaps []*snapshot.Snapshot, calls []call, recorded map[string]bool)
}

// testThrottling: throttled (and failed) calls are retried and the scan
// gives the compliant verdicts; the snapshots record the failed attempts.
func testThrottling(t *testing.T, cl *cloud) {
	if testing.Short() {
		t.Skip("the retry back-offs make this take a few seconds")
	}
	tc := cl.scenario(cl.compliant)
	f := cl.fake(t, tc.scenario, fakeOptions{throttle: true})
	r := cl.run(t, f, tc.identity, "collect", tc.args)
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	code, fs := judge(t, r.out)
	if code != tc.exit {
		t.Errorf("exit %d, want %d", code, tc.exit)
	}
	if got, want := keys(fs), tableKeys(t, cl.readme(tc), tc.tableHeading()); !slices.Equal(got, want) {
		t.Errorf("findings differ from the compliant ones:%s", diffKeys(got, want))
	}
	calls := r.tap.apiCalls()
	count := map[string]int{}
	for _, c := range calls {
		if w := cl.throttle.which(c); w != "" {
			count[w]++
		}
	}
	if !maps.Equal(count, cl.throttle.want) {
		t.Errorf("failed attempts %v, want %v", count, cl.throttle.want)
	}
	snaps := readSnapshots(t, r.out)
	recorded := checkSnapshotCalls(t, calls, snaps)
	cl.throttle.recorded(t, snaps, calls, recorded)
}

// parallelCase is the parallel test of a cloud: a scenario (with its scope
// flags) whose fake answers after latency.
type parallelCase struct {
	scenario string
	args     []string
	latency  time.Duration
	// defaultPeak is how many requests the default scan must have in
	// flight at once; scopes says that the scenario has several scopes,
	// collected concurrently.
	defaultPeak int
	scopes      bool
}

// testParallel: the default scan has requests (of several scopes) in
// flight at once, --parallel 3 at most 3 (across scopes), --parallel 1 one
// at a time; all give the README's findings.
func testParallel(t *testing.T, cl *cloud) {
	pc := cl.parallel
	f := cl.fake(t, pc.scenario, fakeOptions{latency: pc.latency})
	var tc scenarioCase
	for _, c := range cl.scenarios {
		if c.scenario == pc.scenario && slices.Equal(c.args, pc.args) {
			tc = c
		}
	}
	want := tableKeys(t, cl.readme(tc), tc.tableHeading())
	for _, n := range []string{"default", "3", "1"} {
		t.Run("--parallel "+n, func(t *testing.T) {
			t.Parallel()
			args := pc.args
			if n != "default" {
				args = append(slices.Clone(args), "--parallel", n)
			}
			r := cl.run(t, f, "", "collect", args)
			if r.code != exitOK {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			req, scopes := r.tap.peak()
			switch {
			case n == "default" && (req < pc.defaultPeak || pc.scopes && scopes < 2):
				t.Errorf("at most %d requests and %d scopes in flight; expected concurrency", req, scopes)
			case n == "3" && (req > 3 || req < 2 || pc.scopes && scopes < 2):
				t.Errorf("%d requests and %d scopes in flight at once; want 2 or 3 requests (across scopes)", req, scopes)
			case n == "1" && req != 1:
				t.Errorf("%d requests in flight at once", req)
			}
			code, fs := judge(t, r.out)
			if code != tc.exit {
				t.Errorf("exit %d, want %d", code, tc.exit)
			}
			if got := keys(fs); !slices.Equal(got, want) {
				t.Errorf("findings differ from the README:%s", diffKeys(got, want))
			}
		})
	}
}

// testInputsBeforeCalls: scan reads and checks --waivers, --attestations
// and --policies before its first API call: a bad one exits 2 naming the
// flag, and neither calls the cloud nor writes anything.
func testInputsBeforeCalls(t *testing.T, cl *cloud) {
	tc := cl.scenario(cl.collectThenEvaluate)
	bad := t.TempDir()
	waivers := filepath.Join(bad, "waivers.yaml")
	attestations := filepath.Join(bad, "attestations.yaml")
	policyDir := filepath.Join(bad, "policies")
	if err := os.WriteFile(waivers, []byte("waivers:\n  - check: [not, a, string]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(attestations, []byte("attestations: 12\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(policyDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(policyDir, "broken.rego"), []byte("package irscan.checks.aws.broken\nfindings contains x if {\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for flag, bad := range map[string][2]string{ // the flag's value, and the file its error must name
		"--waivers":      {waivers, "waivers.yaml"},
		"--attestations": {attestations, "attestations.yaml"},
		"--policies":     {policyDir, "broken.rego"},
	} {
		f := cl.fake(t, tc.scenario, fakeOptions{})
		out := t.TempDir()
		r := cl.runIn(t, out, f, tc.identity, "scan", append(slices.Clone(tc.args), flag, bad[0]))
		if r.code != exitUsage || !strings.Contains(r.stderr, bad[1]) {
			t.Errorf("%s: exit %d, stderr %q; want 2 naming %s", flag, r.code, r.stderr, bad[1])
		}
		if calls := r.tap.apiCalls(); len(calls) != 0 {
			t.Errorf("%s: %d API calls before the bad input was refused (first %s)", flag, len(calls), calls[0].Op)
		}
		if entries, _ := os.ReadDir(out); len(entries) != 0 {
			t.Errorf("%s: %d entries written to --out", flag, len(entries))
		}
	}
}
