package gcp

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/irscan/irscan/internal/fakecloud/fixture"
)

// Options configure a Server. cmd/fakecloud fills them from its flags.
type Options struct {
	// Fixtures is the fixture root: a directory holding gcp/<scenario>/
	// (testdata/fakecloud) or the gcp directory itself
	// (testdata/fakecloud/gcp), or, with Scenario empty, the scenario
	// directory itself.
	Fixtures string
	// Scenario is the scenario name, e.g. "compliant".
	Scenario string

	// Latency delays every call (in addition to the scenario's faults).
	Latency time.Duration
	// ThrottleRate, when positive, limits every route to ThrottleRate calls
	// per second per principal; calls beyond it get 429 RESOURCE_EXHAUSTED.
	ThrottleRate float64
	// Deny lists permission patterns refused everywhere ("logging.*").
	Deny []string
	// Allow, when set, refuses every permission it does not grant, like a
	// role bound to every caller (see ReadPermissions).
	Allow *PermissionSet
	// Faults are added to the scenario's faults.
	Faults []Fault

	// Now is the clock (relative timestamps, rate limits); time.Now when nil.
	Now func() time.Time
}

// Server answers Google Cloud API calls from a scenario's fixtures. It is
// an http.Handler: serve it with httptest.NewServer(srv) in tests or with
// http.Serve on a loopback listener (cmd/fakecloud).
type Server struct {
	dir      string
	scenario *Scenario
	fixtures *fixtureSet
	deny     []DenyRule
	allow    *PermissionSet
	faults   *faults
	latency  time.Duration
	now      func() time.Time
	calls    *fixture.CallLog[Call]

	tokens           map[string]*Principal // access token → principal
	defaultPrincipal *Principal            // answers tokens no principal lists; nil: none
}

const (
	// ControlPrefix is the path prefix of the fake's own endpoints:
	// GET /_fakecloud/calls returns the call log as a JSON array
	// (?violations=true: only refused writes); DELETE clears it;
	// POST /_fakecloud/token is an OAuth 2.0 token endpoint (TokenPath).
	ControlPrefix = "/_fakecloud/"
	// RequestIDHeader carries a request ID unique to each call on every
	// response. Google sends none by default; the fake's ID lets a test
	// tie a client error (googleapi.Error.Header) to its entry in the call
	// log.
	RequestIDHeader = "X-Fakecloud-Request-Id"
	// UserProjectHeader names the quota project of a call
	// (option.WithQuotaProject), whose enabled APIs Google checks.
	UserProjectHeader = "X-Goog-User-Project"
)

// ScenarioDir resolves the directory of a scenario: <fixtures>/gcp/<name>
// when it exists, else <fixtures>/<name>; with name empty, fixtures itself.
func ScenarioDir(fixtures, name string) (string, error) {
	return fixture.ScenarioDir(fixtures, "gcp", name)
}

// New loads and checks a scenario and returns a Server for it. Every problem
// in scenario.yaml or in a fixture's name or body is reported at once.
func New(opts Options) (*Server, error) {
	dir, sc, fx, err := fixture.Open(opts.Fixtures, "gcp", opts.Scenario, (*Scenario).validate, loadFixtures)
	if err != nil {
		return nil, err
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	deny := append([]DenyRule(nil), sc.Deny...)
	for _, d := range opts.Deny {
		if err := checkPermissionPattern(d); err != nil {
			return nil, fmt.Errorf("deny: %w", err)
		}
		deny = append(deny, DenyRule{Permission: d})
	}
	rules := append([]Fault(nil), sc.Faults...)
	for i, f := range opts.Faults {
		if err := f.validate(); err != nil {
			return nil, fmt.Errorf("faults[%d]: %w", i, err)
		}
		rules = append(rules, f)
	}
	if opts.ThrottleRate < 0 {
		return nil, errors.New("throttle rate must not be negative")
	}
	if opts.ThrottleRate > 0 {
		rules = append(rules, Fault{Rate: opts.ThrottleRate})
	}
	s := &Server{
		dir: dir, scenario: sc, fixtures: fx, deny: deny, allow: opts.Allow,
		faults: newFaults(rules, now), latency: opts.Latency, now: now,
		calls:  fixture.NewCallLog(func(c *Call, seq int) { c.Seq = seq }, func(c Call) bool { return c.Violation }, nil),
		tokens: map[string]*Principal{},
	}
	for _, p := range sc.Principals {
		for _, t := range p.Tokens {
			s.tokens[t] = p
		}
		if len(p.Tokens) == 0 {
			s.defaultPrincipal = p
		}
	}
	if len(sc.Principals) == 0 {
		first := sc.Projects[0]
		s.defaultPrincipal = &Principal{Email: "irscan@" + first.ID + ".iam.gserviceaccount.com", Project: first.ID}
	}
	return s, nil
}

// Dir is the scenario directory the server serves.
func (s *Server) Dir() string { return s.dir }

// Scenario returns the loaded scenario.yaml (do not modify it).
func (s *Server) Scenario() *Scenario { return s.scenario }

// Calls returns every call served so far, in order of arrival.
func (s *Server) Calls() []Call { return s.calls.Snapshot(false) }

// Violations returns the calls refused because they were not reads.
func (s *Server) Violations() []Call { return s.calls.Snapshot(true) }

// ResetCalls clears the call log.
func (s *Server) ResetCalls() { s.calls.Reset() }

// request is one call on its way through the pipeline.
type request struct {
	server *Server
	hr     *http.Request
	query  url.Values
	id     string // request ID

	route *route // nil when no route matches the path
	m     match
	segs  []string // path segments, verb removed
	verb  string

	principal *Principal // nil until authenticated
	container string     // canonical container of the path ("projects/acme-prod"), if any
	perm      string     // the permission the route needs
	resource  string     // the resource it is checked on
	project   *Project   // the project the call is about, if any
	key       string     // fixture key
}

// reply is the answer to a call: a JSON body or an error.
type reply struct {
	body      []byte
	err       *apiError
	fixture   string // fixture file served, relative to the scenario
	page      int    // page served, for lists
	fault     string // injected or notable behaviour, for the call log
	violation bool   // a refused write
}

// ServeHTTP answers one API call (or a control request) and records it.
func (s *Server) ServeHTTP(w http.ResponseWriter, hr *http.Request) {
	if strings.HasPrefix(hr.URL.Path, ControlPrefix) {
		s.serveControl(w, hr)
		return
	}
	arrived, start := s.now(), time.Now()
	r := &request{server: s, hr: hr, query: hr.URL.Query(), id: fixture.RandomHex(16)}
	r.segs, r.verb = splitPath(hr.URL.Path)
	r.route, r.m = findRoute(hr.URL.Path)
	rep := s.handle(hr.Context(), r)
	status := s.write(w, r, rep)

	call := Call{
		Time: arrived, Duration: time.Since(start),
		Method: hr.Method, Path: hr.URL.Path, Query: hr.URL.RawQuery,
		Status: status, RequestID: r.id, Fixture: rep.fixture, Page: rep.page,
		Fault: rep.fault, Violation: rep.violation, Permission: r.perm, Resource: r.resource,
	}
	if r.route != nil {
		call.API, call.Route = r.route.api.service, kindID(r.route.id, r.m.kind)
	}
	if r.principal != nil {
		call.Principal = r.principal.Email
	}
	if rep.err != nil {
		call.ErrorStatus = rep.err.Status
		if call.ErrorStatus == "" {
			call.ErrorStatus = statusName(rep.err.Code)
		}
		call.ErrorReason = rep.err.Reason
		if call.ErrorReason == "" && r.route != nil && r.route.api.legacy {
			// errors[].reason is on the wire only for Cloud Storage and
			// Compute Engine (render).
			call.ErrorReason = rep.err.Legacy
		}
	}
	s.calls.Add(call)
}

// handle runs a call through the pipeline: the read-only check (before
// anything else, so that every write is a violation), routing, the caller,
// latency, API enablement, IAM, throttling and 5xx faults, then the answer.
func (s *Server) handle(ctx context.Context, r *request) reply {
	hr, rt := r.hr, r.route
	if rt == nil || hr.Method != rt.method {
		if hr.Method != http.MethodGet {
			return reply{err: readOnly(hr.Method, hr.URL.Path), fault: "not-a-read", violation: true}
		}
		return reply{err: &apiError{Code: http.StatusNotFound, Legacy: "notFound",
			Message: fmt.Sprintf("fakecloud: no route for GET %s (see the route table in testdata/fakecloud/gcp/README.md)", hr.URL.Path)},
			fault: "no-route"}
	}
	r.perm = kindID(rt.perm, r.m.kind)
	if err := s.authenticate(r); err != nil {
		return reply{err: err, fault: "unauthenticated"}
	}
	s.resolve(r)
	latency := ""
	if d := s.faults.latency(r, s.latency); d > 0 {
		fixture.Sleep(ctx, d)
		latency = "latency"
	}
	if err := s.checkEnabled(r); err != nil {
		return reply{err: err, fault: fixture.FaultNames(latency, "service-disabled")}
	}
	for _, q := range rt.required {
		if r.query.Get(q) == "" {
			return reply{err: &apiError{Code: http.StatusBadRequest, Legacy: "required",
				Message: "Required parameter: " + q}, fault: fixture.FaultNames(latency, "bad-request")}
		}
	}
	if top := containerOf(r.resource); top != "" && !s.scenario.exists(top) {
		// Google cannot tell "no such resource" from "not allowed".
		if rt.api == compute {
			return reply{err: notFound(fmt.Sprintf("The resource '%s' was not found", top)), fault: latency}
		}
		return reply{err: permissionDenied(rt.api, r.principal.Email, r.perm, r.resource), fault: fixture.FaultNames(latency, "unknown-resource")}
	}
	if !rt.visibility {
		if d := s.authorize(r, r.perm, r.resource); d != nil {
			return reply{err: permissionDenied(rt.api, r.principal.Email, d.perm, d.resource), fault: fixture.FaultNames(latency, "denied")}
		}
	}
	if err, f, ok := s.faults.inject(r); ok {
		return reply{err: err, fault: fixture.FaultNames(latency, f)}
	}
	rep := s.answer(r)
	rep.fault = fixture.FaultNames(latency, rep.fault)
	return rep
}

// authenticate finds the principal of the call's bearer token.
func (s *Server) authenticate(r *request) *apiError {
	method := kindID(r.route.id, r.m.kind)
	auth := r.hr.Header.Get("Authorization")
	scheme, token, _ := strings.Cut(auth, " ")
	token = strings.TrimSpace(token)
	if auth == "" || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return unauthenticated(true, r.route.api.service, method)
	}
	if p := s.tokens[token]; p != nil {
		r.principal = p
		return nil
	}
	// A self-signed JWT (what the auth library sends instead of an access
	// token when a key file is used with an audience) names its principal.
	if p := s.scenario.principal(jwtIssuer(token)); p != nil {
		r.principal = p
		return nil
	}
	if s.defaultPrincipal != nil {
		r.principal = s.defaultPrincipal
		return nil
	}
	return unauthenticated(false, r.route.api.service, method)
}

// resolve fills the request's container, resource, project and fixture key.
func (s *Server) resolve(r *request) {
	sc := s.scenario
	r.container = sc.canonical(r.m.container)
	if r.route.resource != nil {
		r.resource = r.route.resource(r)
	} else {
		r.resource = r.container
	}
	if top := containerOf(r.resource); strings.HasPrefix(top, "projects/") {
		r.project = sc.project(strings.TrimPrefix(top, "projects/"))
	}
	// The key: the path with the project named by ID, plus the keyed
	// query parameters.
	segs := append([]string(nil), r.segs...)
	if r.m.cIndex >= 0 {
		segs[r.m.cIndex+1] = strings.TrimPrefix(r.container, r.m.kind+"/")
	}
	key := strings.Join(segs, "/")
	if r.verb != "" {
		key += ":" + r.verb
	}
	var q []string
	for _, k := range r.route.keys {
		v := r.query.Get(k)
		if v == "" {
			continue
		}
		switch k {
		case "project":
			if p := sc.project(v); p != nil {
				v = p.ID
			}
		case "parent":
			v = sc.canonical(v)
		}
		q = append(q, k+"="+v)
	}
	if len(q) > 0 {
		key += "?" + strings.Join(q, "&")
	}
	r.key = key
}

// containerOf returns the organization, folder or project at the start of
// a resource name ("projects/p/topics/t" → "projects/p"); "" if none
// ("projects/_/buckets/b" has none).
func containerOf(resource string) string {
	parts := strings.SplitN(resource, "/", 3)
	if len(parts) < 2 || parts[1] == "" || parts[1] == "_" {
		return ""
	}
	switch parts[0] {
	case "organizations", "folders", "projects":
		return parts[0] + "/" + parts[1]
	}
	return ""
}

// checkEnabled answers SERVICE_DISABLED when the route's API is disabled in
// the consumer project (X-Goog-User-Project, else the principal's project)
// or in the project the call is about.
func (s *Server) checkEnabled(r *request) *apiError {
	consumer := r.hr.Header.Get(UserProjectHeader)
	if consumer == "" {
		consumer = r.principal.Project
	} else if s.scenario.project(consumer) == nil {
		msg := fmt.Sprintf("Caller does not have required permission to use project %s. Grant the caller the roles/serviceusage.serviceUsageConsumer role, "+
			"or a custom role with the serviceusage.services.use permission, by visiting https://console.developers.google.com/iam-admin/iam/project?project=%s and then retry. "+
			"Propagation of the new permission may take a few minutes.", consumer, consumer)
		return &apiError{Code: http.StatusForbidden, Message: msg, FrontEnd: true, Legacy: "forbidden",
			Reason: "USER_PROJECT_DENIED", Domain: "googleapis.com",
			Metadata: map[string]string{"service": r.route.api.service, "consumer": "projects/" + consumer}}
	}
	for _, p := range []*Project{s.scenario.project(consumer), r.project} {
		if p.apiDisabled(r.route.api.service) {
			return serviceDisabled(r.route.api, p.Number)
		}
	}
	return nil
}

// consumerNumber is the number of the project a call's quota is charged
// to, for 429 messages; "" if there is none.
func (s *Server) consumerNumber(r *request) string {
	for _, id := range []string{r.hr.Header.Get(UserProjectHeader), r.principal.Project} {
		if p := s.scenario.project(id); id != "" && p != nil {
			return p.Number
		}
	}
	if r.project != nil {
		return r.project.Number
	}
	return ""
}

// write sends a reply and returns its status.
func (s *Server) write(w http.ResponseWriter, r *request, rep reply) int {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=UTF-8")
	h.Set(RequestIDHeader, r.id)
	if rep.err != nil {
		for k, v := range rep.err.Header {
			h[k] = v
		}
		var a *api
		if r.route != nil {
			a = r.route.api
		}
		w.WriteHeader(rep.err.Code)
		_, _ = w.Write(rep.err.render(a))
		return rep.err.Code
	}
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(rep.body)
	return http.StatusOK
}

// serveControl answers the fake's own endpoints: the call log and the
// OAuth 2.0 token endpoint (see CredentialsJSON). They are not recorded.
func (s *Server) serveControl(w http.ResponseWriter, hr *http.Request) {
	if hr.URL.Path == TokenPath {
		s.serveToken(w, hr)
		return
	}
	if hr.URL.Path != ControlPrefix+"calls" {
		http.NotFound(w, hr)
		return
	}
	s.calls.ServeHTTP(w, hr)
}
