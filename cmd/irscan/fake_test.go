package main

// The fake clouds as the conformance suite sees them. A fake serves one
// scenario of testdata/fakecloud/<cloud>/ with internal/fakecloud/<cloud>;
// every CLI run reaches it through a tap of its own: a loopback listener in
// front of the fake that keeps what only the wire shows about that run (the
// request IDs the fake answered it with, the credentials the fake handed it,
// the Authorization headers it sent, the most requests it had in flight at
// once). So the runs that need a scenario as it is share one fake (per
// scenario, for the whole test binary), and each still sees only its calls.

import (
	"bytes"
	"crypto/tls"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"
)

// fakeOptions change a scenario's fake for one test.
type fakeOptions struct {
	// documented grants exactly the permissions of the cloud's permission
	// document (docs/permissions), except without.
	documented bool
	without    []string
	// latency delays every call.
	latency time.Duration
	// throttle adds the cloud's throttling faults (cloud.throttle).
	throttle bool
}

func (o fakeOptions) plain() bool {
	return !o.documented && len(o.without) == 0 && o.latency == 0 && !o.throttle
}

// fake is one cloud's fake serving a scenario.
type fake struct {
	cl       *cloud
	scenario string
	handler  http.Handler
	// tls, for Azure, is the TLS configuration the taps serve with.
	tls *tls.Config
	// log returns the fake's call log in the suite's terms.
	log func() []call
	// denied are the permissions the scenario's deny rules refuse.
	denied []string
	// srv is the *fakeaws.Server, *fakeazure.Server or *fakegcp.Server.
	srv any
}

// call is one call of a fake's log.
type call struct {
	// ID is the request ID the fake answered with.
	ID string
	// API is false for sign-in calls (Microsoft Entra, the Google token
	// endpoint), which no snapshot records and no debug line logs.
	API          bool
	Method, Path string
	// Permission is the IAM action, RBAC action or Google permission the
	// call needs.
	Permission string
	// Op, Region, Status and ErrorCode are what the snapshot's record of
	// the call says (Op: the AWS operation, "GET <path>" for Azure,
	// "<method> <path>" for GCP).
	Op        string
	Region    string
	Status    int
	ErrorCode string
	// Scope is the account, subscription or project the call is about.
	Scope     string
	Principal string
	Fault     string
	Violation bool
	// Read says whether the call is a read by the cloud's rule.
	Read bool
	// Same identifies a read: two calls with the same Same read the same.
	Same string
	// Scoping is a call made before any scope is collected (the caller's
	// identity, the subscription list), which no snapshot records.
	Scoping bool
	raw     any
}

var (
	sharedMu    sync.Mutex
	sharedFakes = map[string]*fake{}
)

// fake returns the shared fake of a scenario (started on first use), or,
// with options, a fake of its own for the test.
func (cl *cloud) fake(t *testing.T, scenario string, o fakeOptions) *fake {
	t.Helper()
	if !o.plain() {
		f, err := cl.start(scenario, o)
		if err != nil {
			t.Fatal(err)
		}
		f.cl = cl
		return f
	}
	sharedMu.Lock()
	defer sharedMu.Unlock()
	key := cl.name + "/" + scenario
	if f := sharedFakes[key]; f != nil {
		return f
	}
	f, err := cl.start(scenario, o)
	if err != nil {
		t.Fatal(err)
	}
	f.cl = cl
	sharedFakes[key] = f
	return f
}

// tap is one run's listener in front of a fake.
type tap struct {
	f   *fake
	url string
	srv *httptest.Server

	mu     sync.Mutex
	ids    map[string]bool
	issued []string
	auth   map[string]int
	notes  []string
	meter  inflightMeter
	closed bool
}

// tap opens a listener for one run; close it (tap.done) once the run is over.
func (f *fake) tap(t *testing.T) *tap {
	t.Helper()
	tp := &tap{f: f, ids: map[string]bool{}, auth: map[string]int{}}
	tp.srv = httptest.NewUnstartedServer(tp)
	if f.tls != nil {
		tp.srv.TLS = f.tls
		tp.srv.StartTLS()
	} else {
		tp.srv.Start()
	}
	t.Cleanup(tp.done)
	tp.url = tp.srv.URL
	return tp
}

// done closes the listener once every request it received has been
// answered and logged by the fake.
func (tp *tap) done() {
	tp.mu.Lock()
	closed := tp.closed
	tp.closed = true
	tp.mu.Unlock()
	if !closed {
		tp.srv.Close()
	}
}

func (tp *tap) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	cl := tp.f.cl
	if cl.note != nil && r.Method == http.MethodPost && r.Body != nil {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		if n := cl.note(r, body); n != "" {
			tp.mu.Lock()
			tp.notes = append(tp.notes, n)
			tp.mu.Unlock()
		}
	}
	tee := &teeWriter{ResponseWriter: w}
	if scope, metered := cl.scopeOf(r); metered {
		tp.meter.serve(tee, r, scope, tp.f.handler)
	} else {
		tp.f.handler.ServeHTTP(tee, r)
	}
	tp.mu.Lock()
	defer tp.mu.Unlock()
	if a := r.Header.Get("Authorization"); a != "" {
		tp.auth[a]++
	}
	for _, h := range cl.requestIDHeaders {
		if id := tee.Header().Get(h); id != "" {
			tp.ids[id] = true
		}
	}
	tp.issued = append(tp.issued, cl.secretsIn(tee.body.Bytes())...)
}

// calls are the fake's calls made by this run, in order of arrival.
func (tp *tap) calls() []call {
	tp.done()
	var out []call
	for _, c := range tp.f.log() {
		if tp.ids[c.ID] {
			out = append(out, c)
		}
	}
	return out
}

// apiCalls are the run's calls but the sign-in ones.
func (tp *tap) apiCalls() []call {
	return slices.DeleteFunc(tp.calls(), func(c call) bool { return !c.API })
}

// issuedSecrets are the credentials the fake handed this run (access
// tokens, temporary keys).
func (tp *tap) issuedSecrets() []string {
	tp.done()
	tp.mu.Lock()
	defer tp.mu.Unlock()
	return slices.Clone(tp.issued)
}

// authorizations are the Authorization headers the run sent, sorted.
func (tp *tap) authorizations() []string {
	tp.done()
	tp.mu.Lock()
	defer tp.mu.Unlock()
	var out []string
	for a := range tp.auth {
		out = append(out, a)
	}
	slices.Sort(out)
	return out
}

// peak is the most requests, and scopes with a request, in flight at once.
func (tp *tap) peak() (requests, scopes int) { return tp.meter.peak() }

// teeWriter keeps a copy of the response body.
type teeWriter struct {
	http.ResponseWriter
	body bytes.Buffer
}

func (w *teeWriter) Write(b []byte) (int, error) {
	w.body.Write(b)
	return w.ResponseWriter.Write(b)
}

func (c call) String() string {
	return fmt.Sprintf("%s %s (%s, status %d, fault %q, request %s)", c.Method, c.Path, c.Permission, c.Status, c.Fault, c.ID)
}
