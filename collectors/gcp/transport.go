package gcp

import (
	"net/http"
	"strings"
	"time"

	"github.com/irscan/irscan/collectors"
)

// recordingTransport sits under the OAuth2 transport: it bounds requests in
// flight across all scopes (--parallel) and records each one.
type recordingTransport struct {
	base  http.RoundTripper
	rec   *collectors.Recorder
	slots chan struct{}
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
	t.rec.Add(req.Context(), c)
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
