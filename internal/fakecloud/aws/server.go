package aws

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/irscan/irscan/internal/fakecloud/fixture"
)

// Options configure a Server.
type Options struct {
	// Fixtures is the fixture root: a directory holding aws/<scenario>/
	// (testdata/fakecloud) or the aws directory itself
	// (testdata/fakecloud/aws), or, with Scenario empty, the scenario
	// directory itself.
	Fixtures string
	// Scenario is the scenario name, e.g. "compliant".
	Scenario string

	// Latency delays every call (in addition to the scenario's faults).
	Latency time.Duration
	// ThrottleRate, when positive, limits every operation to ThrottleRate
	// calls per second per account and region; calls beyond it get the
	// protocol's throttling error.
	ThrottleRate float64
	// Deny lists IAM action patterns refused everywhere ("guardduty:*").
	Deny []string
	// AllowPolicy, when set, refuses every action it does not allow, like an
	// identity policy attached to every caller (see ParsePolicy).
	AllowPolicy *Policy
	// Faults are added to the scenario's faults.
	Faults []Fault

	// Now is the clock (timestamps, rate limits, credential expiry);
	// time.Now when nil.
	Now func() time.Time
}

// Server answers AWS API calls from a scenario's fixtures. It is an
// http.Handler: serve it with httptest.NewServer(srv) in tests or with
// http.Serve on a loopback listener (cmd/fakecloud).
type Server struct {
	dir      string
	scenario *Scenario
	fixtures *fixtureSet
	ids      *identities
	deny     []DenyRule
	policy   *Policy
	faults   *faults
	latency  time.Duration
	now      func() time.Time
	calls    *fixture.CallLog[Call]
}

// ControlPrefix is the path prefix of the fake's own endpoints:
// GET /_fakecloud/calls returns the call log as a JSON array
// (?violations=true: only refused writes); DELETE /_fakecloud/calls clears it.
const ControlPrefix = "/_fakecloud/"

// ScenarioDir resolves the directory of a scenario: <fixtures>/aws/<name>
// when it exists, else <fixtures>/<name>; with name empty, fixtures itself.
func ScenarioDir(fixtures, name string) (string, error) {
	return fixture.ScenarioDir(fixtures, "aws", name)
}

// New loads and checks a scenario and returns a Server for it. Every problem
// in scenario.yaml or in a fixture's name or body is reported at once.
func New(opts Options) (*Server, error) {
	dir, sc, fx, err := fixture.Open(opts.Fixtures, "aws", opts.Scenario, (*Scenario).validate, loadFixtures)
	if err != nil {
		return nil, err
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	deny := append([]DenyRule(nil), sc.Deny...)
	for _, d := range opts.Deny {
		if err := checkPattern(d); err != nil {
			return nil, fmt.Errorf("deny: %w", err)
		}
		deny = append(deny, DenyRule{Action: d})
	}
	rules := append([]Fault(nil), sc.Faults...)
	for i, f := range opts.Faults {
		if err := f.validate(nil); err != nil {
			return nil, fmt.Errorf("faults[%d]: %w", i, err)
		}
		rules = append(rules, f)
	}
	if opts.ThrottleRate < 0 {
		return nil, errors.New("throttle rate must not be negative")
	}
	if opts.ThrottleRate > 0 {
		rules = append(rules, Fault{Operation: "*", Rate: opts.ThrottleRate})
	}
	return &Server{
		dir:      dir,
		scenario: sc,
		fixtures: fx,
		ids:      newIdentities(sc),
		deny:     deny,
		policy:   opts.AllowPolicy,
		faults:   newFaults(rules, now),
		latency:  opts.Latency,
		now:      now,
		calls:    fixture.NewCallLog(func(c *Call, seq int) { c.Seq = seq }, func(c Call) bool { return c.Violation }, Call.clone),
	}, nil
}

// Dir is the scenario directory the server serves.
func (s *Server) Dir() string { return s.dir }

// Scenario returns the loaded scenario.yaml (do not modify it).
func (s *Server) Scenario() *Scenario { return s.scenario }

// AccessKey returns the first static access key ID of an account, for tests
// that build credentials for it; "" if the account is unknown.
func (s *Server) AccessKey(accountID string) string {
	if a := s.scenario.account(accountID); a != nil {
		return a.AccessKeys[0]
	}
	return ""
}

// Calls returns every call served so far, in order of arrival.
func (s *Server) Calls() []Call { return s.calls.Snapshot(false) }

// Violations returns the calls refused because they were not reads.
func (s *Server) Violations() []Call { return s.calls.Snapshot(true) }

// ResetCalls clears the call log.
func (s *Server) ResetCalls() { s.calls.Reset() }

// callContext is one call on its way through the pipeline.
type callContext struct {
	req     *awsRequest
	id      *identity // caller; nil when the key is unknown
	account *Account  // caller's account (nil when the key is unknown)
	key     string    // value of the operation's key parameter, "" if none
}

// keyOrAccount is the key, or the account ID when there is none, for messages.
func (c *callContext) keyOrAccount() string {
	if c.key != "" {
		return c.key
	}
	return c.account.ID
}

// ServeHTTP answers one AWS API call (or a control request) and records it.
func (s *Server) ServeHTTP(w http.ResponseWriter, hr *http.Request) {
	if strings.HasPrefix(hr.URL.Path, ControlPrefix) {
		s.serveControl(w, hr)
		return
	}
	arrived, start := s.now(), time.Now()
	req, rep := parseRequest(hr)
	req.requestID = newRequestID(req.svc.protocol == restXML)
	c := &callContext{req: req}
	if id := s.ids.lookup(req.keyID); id != nil {
		c.id, c.account = id, id.account
	}
	var fault string
	var violation bool
	if rep == nil {
		var r reply
		r, fault, violation = s.handle(hr.Context(), c)
		rep = &r
	}

	var status int
	switch req.svc.protocol {
	case awsJSON:
		status = writeAWSJSON(w, c, *rep)
	case restJSON:
		status = writeRESTJSON(w, c, *rep)
	case restXML:
		status = writeS3(w, c, *rep)
	case ec2Query:
		status = writeEC2(w, c, *rep)
	case awsQuery:
		status = writeQuery(w, c, *rep)
	}

	call := Call{
		Time:      arrived,
		Duration:  time.Since(start),
		Region:    req.region,
		Service:   req.svc.name,
		Operation: req.op,
		Action:    req.action(),
		Protocol:  req.svc.protocol.String(),
		Method:    hr.Method,
		Path:      hr.URL.Path,
		Params:    callParams(c, rep.page),
		Status:    status,
		RequestID: req.requestID,
		Fixture:   rep.fixture,
		Fault:     fault,
		Violation: violation,
	}
	if c.account != nil {
		call.Account, call.Principal = c.account.ID, c.id.principal
	}
	if rep.err != nil {
		call.ErrorCode = rep.err.Code
	}
	s.calls.Add(call)
}

// handle runs a call through the pipeline: the read-only check (before
// anything else, so that every write is a violation), the caller, its region,
// latency, access, throttling and 5xx faults, then the answer. It returns the reply, the fault
// label for the call log and whether the call was a refused write.
func (s *Server) handle(ctx context.Context, c *callContext) (rep reply, fault string, violation bool) {
	req := c.req
	p := req.svc.protocol
	if !req.read {
		return writeRefused(p, req.action()), "not-a-read", true
	}
	if c.id == nil {
		return invalidTokenError(p, !req.signed), "unknown-key", false
	}
	if !req.svc.global && !c.account.regionEnabled(req.region) {
		return invalidTokenError(p, false), "region-not-enabled", false
	}
	if k := req.keyParam(); k != nil {
		c.key = req.param(*k)
	}
	latency := ""
	if d := s.faults.latency(c, s.latency); d > 0 {
		fixture.Sleep(ctx, d)
		latency = "latency"
	}
	if d := s.authorize(c); d != nil {
		return accessDeniedError(p, 0, deniedMessage(c, d)), fixture.FaultNames(latency, "denied"), false
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

// answer serves the call's fixture, or a synthesised, "empty" or
// missing-fixture reply. missing is true for the latter.
func (s *Server) answer(c *callContext) (rep reply, missing bool) {
	req, spec := c.req, c.req.spec
	account := c.account.ID
	if req.svc.name == "account" {
		target, r, ok := s.alternateContactAccount(c)
		if !ok {
			return r, false
		}
		account = target
	}
	id, found, tried := s.fixtures.resolve(account, req.region, req.svc.name, req.op, c.key)
	if found {
		return s.serveFixture(c, id), false
	}
	if spec != nil && spec.synth != nil {
		return spec.synth(s, c), false
	}
	if spec != nil && spec.empty != nil && s.scenario.missingMode(s.scenario.account(account)) == "empty" {
		return spec.empty(c), false
	}
	what := req.action()
	if c.key != "" {
		what += fmt.Sprintf(" (%s=%s)", req.keyParam().name, c.key)
	}
	return internalFailure(fmt.Sprintf("fakecloud: no fixture for %s in account %s, region %s: looked for %s.{json,xml,error.yaml} in %s",
		what, account, req.region, strings.Join(tried, ", "), s.dir)), true
}

// serveFixture answers from a resolved fixture, picking the page the request
// token asks for and writing the next page's token.
func (s *Server) serveFixture(c *callContext, id fixtureID) reply {
	req, spec := c.req, c.req.spec
	page := 1
	if spec.paginated() {
		if token := req.param(*spec.tokenIn); token != "" {
			n, ok := tokenPage(token, id)
			if _, pages := s.fixtures.page(id, 1); !ok || n > pages {
				return invalidTokenReply(req.svc.protocol, token)
			}
			page = n
		}
	}
	f, pages := s.fixtures.page(id, page)
	if f.err != nil {
		return reply{err: f.err, fixture: f.rel, page: page}
	}
	body := fixture.ExpandTimes(f.body, s.now())
	if spec.paginated() {
		next := ""
		if page < pages {
			next = pageToken(id, page+1)
		}
		var err error
		if body, err = withToken(req.svc.protocol, spec, body, next); err != nil {
			return internalFailure(fmt.Sprintf("fakecloud: %s: %v", f.rel, err))
		}
	}
	return reply{body: body, fixture: f.rel, page: page}
}

// alternateContactAccount implements account:GetAlternateContact's AccountId:
// the organization's management account may read a member's contacts; any
// other cross-account read is denied. It returns the account whose fixtures
// answer, or ok=false and the error reply.
func (s *Server) alternateContactAccount(c *callContext) (string, reply, bool) {
	target := c.req.param(param{inJSON, "AccountId"})
	if target == "" || target == c.account.ID {
		return c.account.ID, reply{}, true
	}
	o := s.scenario.Organization
	if o == nil || o.ManagementAccount != c.account.ID || !s.scenario.inOrganization(target) {
		d := &denial{action: c.req.action()}
		return "", accessDeniedError(restJSON, 0, deniedMessage(c, d)), false
	}
	return target, reply{}, true
}

// callParams are the parameters recorded with a call.
func callParams(c *callContext, page int) Params {
	req := c.req
	p := Params{}
	if k := req.keyParam(); k != nil && c.key != "" {
		p[k.name] = c.key
	}
	if req.spec.paginated() && page > 0 {
		p["page"] = fmt.Sprint(page)
	}
	if req.svc != nil && req.svc.name == "sts" && req.form != nil && req.form.Get("RoleSessionName") != "" {
		p["RoleSessionName"] = req.form.Get("RoleSessionName")
	}
	if req.svc != nil && req.svc.name == "account" {
		if a := req.param(param{inJSON, "AccountId"}); a != "" {
			p["AccountId"] = a
		}
	}
	if req.svc != nil && req.svc.protocol == restXML && req.resource != "" {
		p["bucket"] = req.resource
	}
	if len(p) == 0 {
		return nil
	}
	return p
}

// serveControl answers the fake's own endpoints.
func (s *Server) serveControl(w http.ResponseWriter, hr *http.Request) {
	if hr.URL.Path != ControlPrefix+"calls" {
		http.NotFound(w, hr)
		return
	}
	s.calls.ServeHTTP(w, hr)
}
