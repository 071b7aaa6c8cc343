package gcp

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"
)

// faults applies the scenario's and the options' faults: latency, 429s for
// the first N calls, 5xx bursts after them, and rate limits.
type faults struct {
	rules []Fault
	now   func() time.Time

	mu      sync.Mutex
	counts  map[int]int        // matching calls seen per rule
	buckets map[string]*bucket // token buckets per rule, principal and route
}

func newFaults(rules []Fault, now func() time.Time) *faults {
	return &faults{rules: rules, now: now, counts: map[int]int{}, buckets: map[string]*bucket{}}
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
			b := fs.buckets[key]
			if b == nil {
				b = &bucket{tokens: max(f.Rate, 1), last: fs.now()}
				fs.buckets[key] = b
			}
			if !b.take(f.Rate, fs.now()) {
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

// bucket is a token bucket refilled at rate tokens per second, holding at
// most max(rate, 1) tokens (so the burst is one second's worth of calls).
type bucket struct {
	tokens float64
	last   time.Time
}

func (b *bucket) take(rate float64, now time.Time) bool {
	if elapsed := now.Sub(b.last).Seconds(); elapsed > 0 {
		b.tokens = min(max(rate, 1), b.tokens+elapsed*rate)
		b.last = now
	}
	if b.tokens >= 1 {
		b.tokens--
		return true
	}
	return false
}

// sleep waits for d or until the request is cancelled.
func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// faultNames joins fault labels for the call log ("latency,throttle").
func faultNames(names ...string) string {
	var out []string
	for _, n := range names {
		if n != "" {
			out = append(out, n)
		}
	}
	return strings.Join(out, ",")
}
