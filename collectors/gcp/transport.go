package gcp

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/irscan/irscan/collectors"
)

// recorder records every HTTP request (each attempt, the library's retries
// included) one scope's clients make as the snapshot's calls.
type recorder struct {
	mu    sync.Mutex
	calls []collectors.Call
}

type sinkKey struct{}

// sink gathers the call IDs made under one context (one section).
type sink struct {
	mu  sync.Mutex
	ids []string
}

func (s *sink) add(ids ...string) {
	s.mu.Lock()
	s.ids = append(s.ids, ids...)
	s.mu.Unlock()
}

func (s *sink) list() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.ids)
}

func withSink(ctx context.Context) (context.Context, *sink) {
	s := &sink{}
	return context.WithValue(ctx, sinkKey{}, s), s
}

func (r *recorder) list() []collectors.Call {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.calls)
}

// recordingTransport sits under the OAuth2 transport: it bounds requests in
// flight across all scopes (--parallel) and records each one.
type recordingTransport struct {
	base  http.RoundTripper
	rec   *recorder
	slots chan struct{}
	log   func(collectors.Call)
}

func (t *recordingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	select {
	case t.slots <- struct{}{}:
	case <-req.Context().Done():
		return nil, req.Context().Err()
	}
	defer func() { <-t.slots }()
	start := time.Now()
	resp, err := t.base.RoundTrip(req)
	c := collectors.Call{
		Service:    serviceOf(req),
		Operation:  req.Method + " " + req.URL.Path,
		Start:      start.UTC(),
		DurationMS: float64(time.Since(start).Microseconds()) / 1000,
	}
	if resp != nil {
		c.HTTPStatus = resp.StatusCode
		for _, h := range []string{"X-Request-Id", "X-Goog-Request-Id", "X-Cloud-Trace-Context"} {
			if v := resp.Header.Get(h); v != "" {
				c.RequestID = v
				break
			}
		}
		if resp.StatusCode >= 400 {
			c.ErrorCode = http.StatusText(resp.StatusCode)
		}
	} else if err != nil {
		c.ErrorCode = "RequestFailed"
	}
	t.rec.mu.Lock()
	c.ID = fmt.Sprintf("c%04d", len(t.rec.calls)+1)
	t.rec.calls = append(t.rec.calls, c)
	t.rec.mu.Unlock()
	if t.log != nil {
		t.log(c)
	}
	if s, ok := req.Context().Value(sinkKey{}).(*sink); ok {
		s.add(c.ID)
	}
	return resp, err
}

// serviceOf names the Google API a request goes to: its host's first label
// (essentialcontacts.googleapis.com → essentialcontacts), or, behind an
// endpoint override, the path's API prefix.
func serviceOf(req *http.Request) string {
	host := req.URL.Hostname()
	if strings.HasSuffix(host, ".googleapis.com") {
		return strings.SplitN(host, ".", 2)[0]
	}
	p := strings.TrimPrefix(req.URL.Path, "/")
	if i := strings.IndexByte(p, '/'); i > 0 {
		switch p[:i] {
		case "storage", "compute":
			return p[:i]
		}
		return p[:i] // the API version prefix (v1, v2, v3, v1beta2)
	}
	return p
}
