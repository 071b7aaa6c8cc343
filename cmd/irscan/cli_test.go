package main

// How the tests of this package run irscan. A run that signs in to a fake
// cloud (scan, collect) is a child process: the test binary itself,
// re-executed as the CLI (TestMain), with an environment of its own.
// Nothing of the machine running the tests (AWS profiles, gcloud
// configuration, Azure CLI logins, credentials in variables) reaches the
// child: its environment is built from nothing, with a fresh, empty HOME,
// plus what the test gives it (a scenario identity's credentials). So no
// test changes the test process's environment (no t.Setenv), and they all
// run in parallel. The other runs (evaluate, verify, diff, checks, ...),
// which need no credentials, run in this process (irscan), which is
// cheaper.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/irscan/irscan/pipeline"
	"github.com/irscan/irscan/policies"
	"github.com/irscan/irscan/snapshot"
)

// update makes the tests rewrite the expected-findings tables (scenario
// READMEs) and the golden reports from this run instead of comparing.
var update = flag.Bool("update", false, "rewrite the expected-findings tables and golden reports from this run")

// asCLI in a child's environment makes the test binary run as irscan.
const asCLI = "IRSCAN_TEST_AS_CLI"

func TestMain(m *testing.M) {
	if os.Getenv(asCLI) == "1" {
		main()
		return
	}
	flag.Parse()
	// The in-process runs fit their tables to $COLUMNS: the golden table
	// is 120 columns wide whatever the shell running the tests.
	os.Unsetenv("COLUMNS")
	dir, err := os.MkdirTemp("", "irscan-test-")
	if err != nil {
		panic(err)
	}
	scratch = dir
	// The garbage collector is a third of this process's work (it loads
	// the checks for every in-process run): trade memory for it.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	// The tests mostly wait on child processes and fake clouds (retry
	// back-offs, injected latency): run more of them at once than there are
	// cores, unless -parallel says otherwise.
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "test.parallel" })
	if !set {
		_ = flag.Set("test.parallel", strconv.Itoa(4*runtime.GOMAXPROCS(0)))
	}
	code := m.Run()
	if os.Getenv("IRSCAN_TEST_COST") != "" {
		costs.report(os.Stderr)
	}
	os.RemoveAll(scratch)
	os.Exit(code)
}

// scratch is a directory for the whole test binary: the shared runs
// (conformance_test.go) outlive the test that made them.
var scratch string

// cliResult is one irscan run.
type cliResult struct {
	code           int
	stdout, stderr string
	// out is the --out directory, when the helper chose one.
	out string
}

// costs adds up what the CLI runs cost, by command: the CPU time of the
// child processes and the time of the in-process runs. IRSCAN_TEST_COST=1
// prints them when the tests end (BENCHMARKS.md).
var costs = costTable{byCommand: map[string]*cost{}}

type cost struct {
	runs int
	time time.Duration
}

type costTable struct {
	mu        sync.Mutex
	byCommand map[string]*cost
}

func (c *costTable) add(kind string, args []string, d time.Duration) {
	key := kind
	if len(args) > 0 {
		key += " " + args[0]
		if len(args) > 1 && !strings.HasPrefix(args[1], "-") && !strings.ContainsAny(args[1], "/.") {
			key += " " + args[1]
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.byCommand[key]
	if e == nil {
		e = &cost{}
		c.byCommand[key] = e
	}
	e.runs++
	e.time += d
}

func (c *costTable) report(w io.Writer) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, k := range slices.Sorted(maps.Keys(c.byCommand)) {
		e := c.byCommand[k]
		fmt.Fprintf(w, "cost: %-28s %4d runs %8.2fs\n", k, e.runs, e.time.Seconds())
	}
}

var testBinary = sync.OnceValues(os.Executable)

// runCLI runs irscan as a child process with env (KEY=value) as its whole
// environment besides a fresh HOME and TMPDIR, and returns its exit code
// and output.
func runCLI(t *testing.T, env []string, args ...string) cliResult {
	t.Helper()
	exe, err := testBinary()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, exe, args...)
	home := t.TempDir()
	cmd.Env = append([]string{asCLI + "=1", "HOME=" + home, "TMPDIR=" + os.TempDir(), "PATH=" + os.Getenv("PATH"), "GOGC=400"}, env...)
	if d := os.Getenv("GOCOVERDIR"); d != "" {
		cmd.Env = append(cmd.Env, "GOCOVERDIR="+d)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	if cmd.ProcessState != nil {
		costs.add("child CPU:", args, cmd.ProcessState.UserTime()+cmd.ProcessState.SystemTime())
	}
	code := 0
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit) && ctx.Err() == nil:
		code = exit.ExitCode()
	case err != nil:
		t.Fatalf("irscan %v: %v (%v); stderr: %s", args, err, ctx.Err(), stderr.String())
	}
	return cliResult{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

// irscan runs the CLI in this process, for the commands that need no
// credentials and no environment (evaluate, verify, diff, checks, ...),
// and returns exit code, stdout and stderr. The CLI sets the process's
// default logger to its stderr: a run that logs (at the default level,
// only a warning such as a stale report in --out) takes the logger for
// itself (irscanLogging); the others, which log nothing, share it.
func irscan(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	inProcess.RLock()
	defer inProcess.RUnlock()
	return runInProcess(args)
}

// irscanLogging is irscan for a run that logs.
func irscanLogging(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	inProcess.Lock()
	defer inProcess.Unlock()
	return runInProcess(args)
}

var inProcess sync.RWMutex

func runInProcess(args []string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	start := time.Now()
	code := run(args, strings.NewReader(""), &stdout, &stderr)
	costs.add("in-process:", args, time.Since(start))
	return code, stdout.String(), stderr.String()
}

// engines are the built-in checks (with --controls, the key), each loaded
// once for the tests that judge collected snapshots in this process (see
// judge).
var (
	enginesMu sync.Mutex
	engines   = map[string]func() (*policies.Engine, error){}
)

func testEngine(t *testing.T, controls ...string) *policies.Engine {
	t.Helper()
	key := strings.Join(controls, ",")
	enginesMu.Lock()
	load := engines[key]
	if load == nil {
		load = sync.OnceValues(func() (*policies.Engine, error) {
			return policies.Load(context.Background(), policies.Options{Config: policies.DefaultConfig(), Controls: controls})
		})
		engines[key] = load
	}
	enginesMu.Unlock()
	e, err := load()
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// judge evaluates the snapshots of dir as `irscan evaluate DIR` does with
// its default options (the built-in checks, --fail-on low): the same
// pipeline.Run and the same exit code rule (verdict), without loading the
// checks again for every run. The tests that are about collection (calls,
// permissions, throttling, flags) collect with `irscan collect` and judge
// here; `irscan scan` and `irscan evaluate` themselves are run whole by the
// scenario and collect-then-evaluate tests.
func judge(t *testing.T, dir string) (int, []policies.Finding) {
	t.Helper()
	return judgePaths(t, []string{dir}, nil)
}

// judgePaths is judge for snapshot files and directories, with evaluate's
// --controls.
func judgePaths(t *testing.T, args, controls []string) (int, []policies.Finding) {
	t.Helper()
	paths, err := snapshot.Expand(args)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := pipeline.Run(context.Background(), pipeline.Files(paths), pipeline.Options{ToolVersion: version, Engine: testEngine(t, controls...), FailOn: "low", Controls: controls})
	if err != nil {
		t.Fatal(err)
	}
	code := exitOK
	var ee *exitError
	if err := verdict(rep, "low", nil); errors.As(err, &ee) {
		code = ee.code
	} else if err != nil {
		t.Fatal(err)
	}
	return code, rep.Findings
}

// readReport reads the findings of DIR/irscan.json.
func readReport(t *testing.T, dir string) []policies.Finding {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "irscan.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Findings []policies.Finding `json:"findings"`
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatalf("%s: %v", filepath.Join(dir, "irscan.json"), err)
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

// snapshotScopes are the scopes of the snapshots as "type/id", sorted.
func snapshotScopes(snaps []*snapshot.Snapshot) []string {
	var out []string
	for _, s := range snaps {
		out = append(out, s.Scope.Type+"/"+s.Scope.ID)
	}
	slices.Sort(out)
	return out
}

// must fails the test on an error.
func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
