package azure

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/irscan/irscan/internal/fakecloud/fixture"
)

// Options configure a Server.
type Options struct {
	// Fixtures is the fixture root: a directory holding azure/<scenario>/
	// (testdata/fakecloud) or the azure directory itself
	// (testdata/fakecloud/azure), or, with Scenario empty, the scenario
	// directory itself.
	Fixtures string
	// Scenario is the scenario name, e.g. "compliant".
	Scenario string

	// Latency delays every ARM call (in addition to the scenario's faults).
	Latency time.Duration
	// Deny lists RBAC action patterns refused for every principal
	// ("Microsoft.SecurityInsights/*").
	Deny []string
	// Allow, when not empty, refuses every RBAC action that matches none of
	// these patterns, for every principal, like a custom role whose Actions
	// are exactly these ("Microsoft.Security/pricings/read",
	// "Microsoft.SecurityInsights/*/read"). Deny rules still apply.
	Allow []string
	// Faults are added to the scenario's faults.
	Faults []Fault

	// Now is the clock (timestamps in fixtures, token lifetimes); time.Now
	// when nil.
	Now func() time.Time
}

// Server answers Microsoft Entra token requests and Azure Resource Manager
// reads from a scenario's fixtures. It is an http.Handler: serve it with
// httptest.NewTLSServer(srv) in tests or over TLS on a loopback listener
// (cmd/fakecloud).
type Server struct {
	dir      string
	scenario *Scenario
	fixtures *fixtureSet
	tokens   *tokenSigner
	deny     []DenyRule
	allow    []string
	faults   *faults
	latency  time.Duration
	now      func() time.Time
	calls    *fixture.CallLog[Call]
}

// ControlPrefix is the path prefix of the fake's own endpoints:
// GET /_fakecloud/calls returns the call log as a JSON array
// (?violations=true: only refused writes); DELETE /_fakecloud/calls clears it.
const ControlPrefix = "/_fakecloud/"

// readPOSTs lists the POST operations ARM defines as reads that the fake
// allows, by RBAC action. None for now: POST .../listKeys and the like
// return secrets, so a scan must never call them and they are refused like
// writes.
var readPOSTs = map[string]bool{}

// New loads and checks a scenario and returns a Server for it. Every problem
// in scenario.yaml or in a fixture's name or body is reported at once.
func New(opts Options) (*Server, error) {
	dir, sc, fx, err := fixture.Open(opts.Fixtures, "azure", opts.Scenario, (*Scenario).validate, loadFixtures)
	if err != nil {
		return nil, err
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	deny := append([]DenyRule(nil), sc.Deny...)
	for _, d := range opts.Deny {
		if err := checkActionPattern(d); err != nil {
			return nil, fmt.Errorf("deny: %w", err)
		}
		deny = append(deny, DenyRule{Action: d})
	}
	for _, a := range opts.Allow {
		if err := checkActionPattern(a); err != nil {
			return nil, fmt.Errorf("allow: %w", err)
		}
	}
	rules := append([]Fault(nil), sc.Faults...)
	for i, f := range opts.Faults {
		if err := f.validate(sc); err != nil {
			return nil, fmt.Errorf("faults[%d]: %w", i, err)
		}
		rules = append(rules, f)
	}
	if opts.Latency < 0 {
		return nil, fmt.Errorf("latency %v must not be negative", opts.Latency)
	}
	return &Server{
		dir:      dir,
		scenario: sc,
		fixtures: fx,
		tokens:   newTokenSigner(),
		deny:     deny,
		allow:    append([]string(nil), opts.Allow...),
		faults:   newFaults(rules),
		latency:  opts.Latency,
		now:      now,
		calls:    fixture.NewCallLog(func(c *Call, seq int) { c.Seq = seq }, func(c Call) bool { return c.Violation }, Call.clone),
	}, nil
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

// callContext is one ARM call on its way through the pipeline.
type callContext struct {
	hr         *http.Request
	method     string
	path       resourcePath
	apiVersion string
	principal  *Principal    // nil until authenticated
	tenant     string        // the scenario's tenant
	sub        *Subscription // the subscription the path is in, if any
}

// ServeHTTP answers one Entra or ARM request (or a control request) and
// records it.
func (s *Server) ServeHTTP(w http.ResponseWriter, hr *http.Request) {
	if strings.HasPrefix(hr.URL.Path, ControlPrefix) {
		s.serveControl(w, hr)
		return
	}
	if kind, tenant := entraRoute(hr.URL.Path); kind != notEntra {
		s.serveEntra(w, hr, kind, tenant)
		return
	}

	arrived, start := s.now(), time.Now()
	q := hr.URL.Query()
	call := Call{
		Time: arrived, API: "arm", Method: hr.Method, Path: hr.URL.Path, APIVersion: q.Get("api-version"),
		Tenant: s.scenario.Tenant.ID, RequestID: fixture.NewUUID(), CorrelationID: fixture.NewUUID(),
		ClientRequestID: hr.Header.Get("x-ms-client-request-id"),
	}
	for k, v := range q {
		if k != "api-version" {
			if call.Query == nil {
				call.Query = map[string]string{}
			}
			call.Query[k] = strings.Join(v, ",")
		}
	}
	c := &callContext{hr: hr, method: hr.Method, apiVersion: call.APIVersion, tenant: s.scenario.Tenant.ID}
	rep, fault, violation := s.handle(hr.Context(), c)

	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	h.Set("x-ms-request-id", call.RequestID)
	h.Set("x-ms-correlation-request-id", call.CorrelationID)
	h.Set("x-ms-routing-request-id", "FAKECLOUD:"+arrived.UTC().Format("20060102T150405Z")+":"+call.RequestID)
	for k, v := range rep.header {
		h[k] = v
	}
	w.WriteHeader(rep.status)
	if hr.Method != http.MethodHead {
		_, _ = w.Write(rep.body)
	}

	call.Duration = time.Since(start)
	call.Action = c.path.action(hr.Method)
	if c.path.clean == "" {
		call.Action = ""
	}
	call.Subscription = c.path.subscription
	if p := c.principal; p != nil {
		call.ClientID, call.Principal, call.ObjectID = p.ClientID, p.Name, p.ObjectID
	}
	call.Status, call.ErrorCode, call.Fixture, call.Page = rep.status, rep.code, rep.fixture, rep.page
	call.Fault, call.Violation = fault, violation
	s.calls.Add(call)
}

// anonymous stands for an unauthenticated caller in refusal messages.
var anonymous = &Principal{Name: "anonymous", ObjectID: "00000000-0000-0000-0000-000000000000"}

// handle runs an ARM call through the pipeline: the read-only check (first,
// so that every write is a violation), authentication, api-version, path,
// subscription, latency, denied actions, throttling and 5xx faults, then the
// answer. It returns the reply, the fault label for the call log and whether
// the call was a refused write.
func (s *Server) handle(ctx context.Context, c *callContext) (rep reply, fault string, violation bool) {
	hr := c.hr
	rp, pathErr := parsePath(hr.URL.Path)
	if pathErr == nil {
		c.path = rp
	}
	principal, authErr := s.authenticate(hr)
	c.principal = principal

	if hr.Method != http.MethodGet && !(hr.Method == http.MethodPost && pathErr == nil && readPOSTs[rp.action(hr.Method)]) {
		who := principal
		if who == nil {
			who = anonymous
		}
		action, scope := "(not an ARM path)", hr.URL.Path
		if pathErr == nil {
			action, scope = rp.action(hr.Method), rp.scope()
		}
		return armError(http.StatusForbidden, "AuthorizationFailed",
			"fakecloud is read-only and refuses "+hr.Method+" requests. "+authorizationFailedMessage(who, action, scope)), "not-a-read", true
	}
	if authErr != nil {
		return *authErr, "unauthenticated", false
	}
	switch {
	case c.apiVersion == "":
		return armError(http.StatusBadRequest, "MissingApiVersionParameter",
			"The api-version query parameter (?api-version=) is required for all requests."), "", false
	case !apiVersionRe.MatchString(strings.ToLower(c.apiVersion)):
		return armError(http.StatusBadRequest, "InvalidApiVersionParameter", fmt.Sprintf(
			"The api-version '%s' is invalid. The supported versions are dates such as '2023-12-01' or '2023-12-01-preview'.", c.apiVersion)), "", false
	case pathErr != nil:
		return armError(http.StatusNotFound, "NotFound", fmt.Sprintf("fakecloud: %v", pathErr)), "", false
	}
	if rp.subscription != "" {
		if c.sub = s.scenario.subscription(rp.subscription); c.sub == nil {
			return subscriptionNotFound(rp.subscription), "", false
		}
		if !principal.canSee(c.sub.ID) {
			return authorizationFailed(principal, rp.action(c.method), rp.scope()), "denied", false
		}
	}
	latency := ""
	if d := s.faults.latency(c, s.latency); d > 0 {
		fixture.Sleep(ctx, d)
		latency = "latency"
	}
	if d := s.authorize(c); d != nil {
		return authorizationFailed(principal, d.action, d.scope), fixture.FaultNames(latency, "denied"), false
	}
	if r, f, ok := s.faults.inject(c); ok {
		return r, fixture.FaultNames(latency, f), false
	}
	rep, missing := s.answer(c)
	if missing {
		return rep, fixture.FaultNames(latency, "missing-fixture"), false
	}
	return rep, latency, false
}

// answer serves the path's fixture, or a synthesised or missing-fixture
// reply (missing is true for the latter).
func (s *Server) answer(c *callContext) (rep reply, missing bool) {
	rp := c.path
	key, pages, pinned := s.fixtures.lookup(rp.key(), c.apiVersion)
	if pages != nil {
		return s.serveFixture(c, key, pages), false
	}
	if len(pinned) > 0 {
		return armError(http.StatusBadRequest, "NoRegisteredProviderFound", fmt.Sprintf(
			"No registered resource provider found for location 'global' and API version '%s' for type '%s'. The supported api-versions are '%s'.",
			c.apiVersion, rp.typeName(), strings.Join(pinned, ", "))), false
	}
	if r, ok := s.synthesize(c); ok {
		return r, false
	}
	if !rp.collection {
		return notFound(rp), true
	}
	if s.scenario.missingMode(c.sub) == "empty" {
		return jsonReply(map[string]any{"value": []any{}}), true
	}
	return armError(http.StatusInternalServerError, "InternalServerError", fmt.Sprintf(
		"fakecloud: no fixture for GET %s (api-version %s): looked for %s in %s",
		rp.clean, c.apiVersion, tried(rp, c.apiVersion), s.dir)), true
}

// serveFixture answers from a list's or resource's fixture pages, picking
// the page the $skiptoken names and writing the next page's nextLink.
func (s *Server) serveFixture(c *callContext, key fixtureKey, pages []*fixtureFile) reply {
	page := 1
	if tok := c.hr.URL.Query().Get(skipTokenParam); tok != "" && c.path.collection {
		n, ok := pageFromToken(key, tok, len(pages))
		if !ok {
			return armError(http.StatusBadRequest, "InvalidSkipToken", fmt.Sprintf(
				"The $skiptoken '%s' is not valid for this list: fakecloud only honours the nextLink it wrote.", tok))
		}
		page = n
	}
	f := pages[page-1]
	var rep reply
	switch {
	case f.err != nil:
		rep = armError(f.err.Status, f.err.Code, f.err.Message)
	case f.raw:
		rep = reply{status: http.StatusOK, body: f.body}
	default:
		body := fixture.ExpandRFC3339Times(f.body, s.now())
		if c.path.collection {
			next := ""
			if page < len(pages) {
				next = nextLink(c.hr, key, page+1)
			}
			var err error
			if body, err = withNextLink(body, next); err != nil {
				return armError(http.StatusInternalServerError, "InternalServerError", fmt.Sprintf("fakecloud: %s: %v", f.rel, err))
			}
		}
		rep = reply{status: http.StatusOK, body: body}
	}
	rep.fixture = f.rel
	if c.path.collection {
		rep.page = page
	}
	return rep
}

// serveControl answers the fake's own endpoints.
func (s *Server) serveControl(w http.ResponseWriter, hr *http.Request) {
	if hr.URL.Path != ControlPrefix+"calls" {
		http.NotFound(w, hr)
		return
	}
	s.calls.ServeHTTP(w, hr)
}
