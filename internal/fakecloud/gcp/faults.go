package gcp

import (
	"fmt"
	"sync"
	"time"

	"github.com/irscan/irscan/internal/fakecloud/fixture"
)

// faults applies the scenario's and the options' faults: latency, 429s for
// the first N calls, 5xx bursts after them, and rate limits.
type faults struct {
	rules []Fault
	now   func() time.Time

	mu     sync.Mutex
	counts map[int]int        // matching calls seen per rule
	limits fixture.RateLimits // token buckets per rule, principal and route
}

func newFaults(rules []Fault, now func() time.Time) *faults {
	return &faults{rules: rules, now: now, counts: map[int]int{}}
}

// matches reports whether a rule applies to a call.
func (f Fault) matches(r *request) bool {
	if f.Principal != "" && f.Principal != r.principal.Email {
		return false
	}
	if f.Permission != "" && !matchPattern(f.Permission, r.perm) {
		return false
	}
	return f.Path == "" || matchPattern(f.Path, r.hr.URL.Path)
}

// latency is the total injected delay for a call: the server-wide latency
// plus every matching rule's.
func (fs *faults) latency(r *request, base time.Duration) time.Duration {
	d := base
	for _, f := range fs.rules {
		if f.Latency > 0 && f.matches(r) {
			d += f.Latency
		}
	}
	return d
}

// inject decides whether a call is throttled or fails with a 5xx. The first
// matching rule that fires wins; counts are per rule. ok=false: the call
// proceeds.
func (fs *faults) inject(r *request) (err *apiError, fault string, ok bool) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	for i, f := range fs.rules {
		if !f.matches(r) {
			continue
		}
		if f.Rate > 0 {
			key := fmt.Sprintf("%d|%s|%s", i, r.principal.Email, r.route.id)
			if !fs.limits.Take(key, f.Rate, fs.now) {
				return resourceExhausted(r.route.api, r.server.consumerNumber(r)), "rate-limit", true
			}
		}
		if f.Throttle == 0 && f.Errors == 0 {
			continue
		}
		fs.counts[i]++
		n := fs.counts[i]
		switch {
		case n <= f.Throttle:
			return resourceExhausted(r.route.api, r.server.consumerNumber(r)), "throttle", true
		case n <= f.Throttle+f.Errors:
			status := f.ErrorStatus
			if status == 0 {
				status = 503
			}
			return serverError(status), "5xx", true
		}
	}
	return nil, "", false
}
