package gcp

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/irscan/irscan/collectors"
	"github.com/irscan/irscan/snapshot"
)

// The HTTP stack of every client, from the top:
//
//	oauth2.Transport    adds the bearer token
//	retryTransport      retries a read answered 429/5xx (the clients do not)
//	recordingTransport  bounds requests in flight, records every attempt
//	Options.Transport   (http.DefaultTransport)

// recordingTransport bounds requests in flight across all scopes
// (--parallel) and records each attempt into the capture of the request's
// context (see withCapture), else into rec when set.
type recordingTransport struct {
	base  http.RoundTripper
	rec   *collectors.Recorder
	slots chan struct{}
	// service names the API of the client (essentialcontacts, storage);
	// empty: from the request's host.
	service string
	// capture receives the calls of a request whose context has none: the
	// Cloud client libraries' list methods send their requests without the
	// caller's context, so their clients are made per read (libraryClient).
	capture *capture
}

func (t *recordingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	select {
	case t.slots <- struct{}{}:
	case <-req.Context().Done():
		return nil, req.Context().Err()
	}
	start := time.Now()
	resp, err := t.base.RoundTrip(req)
	<-t.slots
	c := snapshot.Call{
		Service:    t.service,
		Operation:  req.Method + " " + req.URL.Path,
		Start:      start.UTC(),
		DurationMS: float64(time.Since(start).Microseconds()) / 1000,
	}
	if c.Service == "" {
		c.Service = serviceOf(req)
	}
	if resp != nil {
		c.HTTPStatus = resp.StatusCode
		for _, h := range []string{"X-Request-Id", "X-Goog-Request-Id", "X-Cloud-Trace-Context", "X-Fakecloud-Request-Id"} {
			if v := resp.Header.Get(h); v != "" {
				c.RequestID = v
				break
			}
		}
		if resp.StatusCode >= 400 {
			c.ErrorCode = errorCodeOf(resp)
		}
	} else if err != nil {
		c.ErrorCode = "RequestFailed"
		if req.Context().Err() != nil {
			c.ErrorCode = "Canceled"
		}
	}
	logCall(c)
	cp := captureFrom(req.Context())
	if cp == nil {
		cp = t.capture
	}
	switch {
	case cp != nil:
		cp.add(c)
	case t.rec != nil:
		t.rec.Add(req.Context(), c)
	}
	return resp, err
}

// maxErrorBody bounds how much of an error body is buffered to find its
// reason.
const maxErrorBody = 1 << 20

// errorCodeOf names an error answer for the call log: the ErrorInfo reason
// (SERVICE_DISABLED, IAM_PERMISSION_DENIED, RATE_LIMIT_EXCEEDED), else the
// errors[].reason of Cloud Storage and Compute Engine (forbidden,
// notFound), else the google.rpc status, else the HTTP status text. The
// body is buffered and put back for the client to decode.
func errorCodeOf(resp *http.Response) string {
	code := http.StatusText(resp.StatusCode)
	if resp.Body == nil {
		return code
	}
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	resp.Body = readCloser{io.MultiReader(bytes.NewReader(raw), resp.Body), resp.Body}
	if err != nil {
		return code
	}
	var body struct {
		Error struct {
			Status  string                    `json:"status"`
			Errors  []struct{ Reason string } `json:"errors"`
			Details []struct {
				Type   string `json:"@type"`
				Reason string `json:"reason"`
			} `json:"details"`
		} `json:"error"`
	}
	if json.Unmarshal(raw, &body) != nil {
		return code
	}
	for _, d := range body.Error.Details {
		if strings.HasSuffix(d.Type, "google.rpc.ErrorInfo") && d.Reason != "" {
			return d.Reason
		}
	}
	for _, e := range body.Error.Errors {
		if e.Reason != "" {
			return e.Reason
		}
	}
	if body.Error.Status != "" {
		return body.Error.Status
	}
	return code
}

type readCloser struct {
	io.Reader
	io.Closer
}

// Retry policy: the google.golang.org/api clients send a read once, so the
// collector retries reads answered 408, 429, 500, 502, 503 or 504 (or that
// failed on the network) up to retryAttempts attempts in all, waiting
// Retry-After when the answer gives one, else an exponential backoff with
// jitter. Variables so that tests can shorten the waits.
var (
	retryAttempts  = 5
	retryBaseDelay = 500 * time.Millisecond
	retryMaxDelay  = 10 * time.Second
	// retryAfterCap bounds a Retry-After the collector honours.
	retryAfterCap = 60 * time.Second
)

// retryTransport retries idempotent reads: GET and the POST of
// :getIamPolicy. Every attempt goes through base, which records it.
type retryTransport struct {
	base http.RoundTripper
}

func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if !isRead(req) {
		return t.base.RoundTrip(req)
	}
	for attempt := 1; ; attempt++ {
		r := req
		if attempt > 1 {
			r = req.Clone(req.Context())
			if req.GetBody != nil {
				body, err := req.GetBody()
				if err != nil {
					return nil, err
				}
				r.Body = body
			}
		}
		resp, err := t.base.RoundTrip(r)
		if attempt >= retryAttempts || !retryable(req, resp, err) {
			return resp, err
		}
		wait := backoff(attempt, resp)
		if resp != nil {
			_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxErrorBody))
			resp.Body.Close()
		}
		slog.Debug("gcp retry", "operation", req.Method+" "+req.URL.Path, "attempt", attempt, "wait", wait)
		if err := sleepCtx(req.Context(), wait); err != nil {
			return nil, err
		}
	}
}

// isRead reports whether a request is a read the collector may repeat: a
// GET, or the POST of :getIamPolicy whose body can be sent again.
func isRead(req *http.Request) bool {
	switch {
	case req.Method == http.MethodGet:
		return true
	case req.Method == http.MethodPost && strings.HasSuffix(req.URL.Path, ":getIamPolicy"):
		return req.Body == nil || req.Body == http.NoBody || req.GetBody != nil
	}
	return false
}

func retryable(req *http.Request, resp *http.Response, err error) bool {
	if err != nil {
		return req.Context().Err() == nil
	}
	switch resp.StatusCode {
	case http.StatusRequestTimeout, http.StatusTooManyRequests, http.StatusInternalServerError,
		http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// backoff is the wait before attempt+1: the answer's Retry-After (seconds
// or an HTTP date, at most retryAfterCap), else retryBaseDelay doubled per
// attempt, at most retryMaxDelay, with up to 50% jitter.
func backoff(attempt int, resp *http.Response) time.Duration {
	if resp != nil {
		if d, ok := retryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			return min(d, retryAfterCap)
		}
	}
	d := retryBaseDelay << (attempt - 1)
	if d <= 0 || d > retryMaxDelay {
		d = retryMaxDelay
	}
	return d/2 + rand.N(d/2+1)
}

// retryAfter parses a Retry-After header: delay-seconds or an HTTP date.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.Atoi(v); err == nil {
		if n < 0 {
			return 0, false
		}
		return time.Duration(n) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
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
