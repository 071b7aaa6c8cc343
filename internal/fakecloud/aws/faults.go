package aws

import (
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/irscan/irscan/internal/fakecloud/fixture"
)

// faults applies the scenario's and the options' faults: latency,
// throttling for the first N calls, 5xx bursts after them, and rate limits.
type faults struct {
	rules []Fault
	now   func() time.Time

	mu     sync.Mutex
	counts map[string]int     // calls seen per rule, account and region
	limits fixture.RateLimits // token buckets per rule, account, region, operation
}

func newFaults(rules []Fault, now func() time.Time) *faults {
	return &faults{rules: rules, now: now, counts: map[string]int{}}
}

// matches reports whether a rule applies to a call.
func (f Fault) matches(c *callContext) bool {
	if f.Account != "" && f.Account != c.account.ID {
		return false
	}
	if f.Region != "" && f.Region != c.req.region {
		return false
	}
	return matchAction(f.Operation, c.req.svc.name+":"+c.req.op) || matchAction(f.Operation, c.req.action())
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
// matching rule that fires wins. It returns ok=false when the call proceeds.
func (fs *faults) inject(c *callContext) (rep reply, fault string, ok bool) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	for i, r := range fs.rules {
		if !r.matches(c) {
			continue
		}
		if r.Rate > 0 {
			key := fmt.Sprintf("%d|%s|%s|%s:%s", i, c.account.ID, c.req.region, c.req.svc.name, c.req.op)
			if !fs.limits.Take(key, r.Rate, fs.now) {
				return throttlingError(c.req.svc.protocol, r.ThrottleCode), "rate-limit", true
			}
		}
		if r.Throttle == 0 && r.Errors == 0 {
			continue
		}
		key := fmt.Sprintf("%d|%s|%s", i, c.account.ID, c.req.region)
		fs.counts[key]++
		n := fs.counts[key]
		switch {
		case n <= r.Throttle:
			return throttlingError(c.req.svc.protocol, r.ThrottleCode), "throttle", true
		case n <= r.Throttle+r.Errors:
			status := r.ErrorStatus
			if status == 0 {
				status = http.StatusInternalServerError
			}
			return serverError(c.req.svc.protocol, status, "fakecloud: injected server error"), "5xx", true
		}
	}
	return reply{}, "", false
}
