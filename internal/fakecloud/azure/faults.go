package azure

import (
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// faults applies the scenario's and the options' faults: latency, 429
// throttling for the first N matching calls and 5xx errors after them.
type faults struct {
	rules []Fault

	mu     sync.Mutex
	counts map[int]int // matching calls seen per rule
}

func newFaults(rules []Fault) *faults {
	return &faults{rules: rules, counts: map[int]int{}}
}

// matches reports whether a fault applies to a call.
func (f Fault) matches(c *callContext) bool {
	if f.Path != "" && !matchGlob(f.Path, c.path.clean) {
		return false
	}
	if f.Action != "" && !matchGlob(f.Action, c.path.action(c.method)) {
		return false
	}
	return f.Principal == "" || c.principal.is(f.Principal)
}

// latency is the total injected delay for a call: the server-wide latency
// plus every matching rule's.
func (fs *faults) latency(c *callContext, base time.Duration) time.Duration {
	d := base
	for _, r := range fs.rules {
		if r.Latency > 0 && r.matches(c) {
			d += r.Latency
		}
	}
	return d
}

// inject decides whether a call is throttled or fails with a 5xx. The first
// matching rule that fires wins; each rule counts the calls it matches, so
// "throttle: 2, errors: 1" throttles its first two calls, fails the third and
// lets the rest through. ok is false when the call proceeds.
func (fs *faults) inject(c *callContext) (rep reply, fault string, ok bool) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	for i, r := range fs.rules {
		if (r.Throttle == 0 && r.Errors == 0) || !r.matches(c) {
			continue
		}
		fs.counts[i]++
		switch n := fs.counts[i]; {
		case n <= r.Throttle:
			return throttled(c, r), "throttle", true
		case n <= r.Throttle+r.Errors:
			return serverError(r.ErrorStatus), "5xx", true
		}
	}
	return reply{}, "", false
}

// throttled is ARM's 429 with Retry-After, which azcore's retry policy
// honours.
func throttled(c *callContext, r Fault) reply {
	after := defaultRetry
	if r.RetryAfter != nil {
		after = *r.RetryAfter
	}
	secs := int(after / time.Second)
	code := r.ThrottleCode
	scope := "subscription '" + c.path.subscription + "'"
	if code == "" {
		code = "SubscriptionRequestsThrottled"
		if c.path.subscription == "" {
			code, scope = "TenantRequestsThrottled", "tenant '"+c.tenant+"'"
		}
	}
	rep := armError(http.StatusTooManyRequests, code, fmt.Sprintf(
		"Number of 'read' requests for %s actor '%s' exceeded. Please try again after '%d' seconds after additional tokens are available. Refer to https://aka.ms/arm-throttling",
		scope, c.principal.ObjectID, secs))
	rep.header = http.Header{}
	rep.header.Set("Retry-After", strconv.Itoa(secs))
	return rep
}

// serverError is an injected 5xx (500 unless status says otherwise).
func serverError(status int) reply {
	if status == 0 {
		status = http.StatusInternalServerError
	}
	code := map[int]string{
		http.StatusBadGateway:         "BadGateway",
		http.StatusServiceUnavailable: "ServiceUnavailable",
		http.StatusGatewayTimeout:     "GatewayTimeout",
	}[status]
	if code == "" {
		code = "InternalServerError"
	}
	return armError(status, code, "fakecloud: injected server error. The request may be retried.")
}
