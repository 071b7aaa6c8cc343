package azure

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/arm"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"

	"github.com/irscan/irscan/collectors"
	"github.com/irscan/irscan/snapshot"
)

// recordPolicy is a per-retry azcore policy: it runs once per HTTP attempt.
type recordPolicy struct{ rec *collectors.Recorder }

func (p recordPolicy) Do(req *policy.Request) (*http.Response, error) {
	raw := req.Raw()
	start := time.Now()
	resp, err := req.Next()
	c := snapshot.Call{
		Service:    providerOf(raw.URL.Path),
		Operation:  "GET " + raw.URL.Path,
		Start:      start.UTC(),
		DurationMS: float64(time.Since(start).Microseconds()) / 1000,
	}
	if resp != nil {
		c.HTTPStatus = resp.StatusCode
		c.RequestID = resp.Header.Get("x-ms-request-id")
		if c.RequestID == "" {
			c.RequestID = resp.Header.Get("x-ms-correlation-request-id")
		}
		if resp.StatusCode >= 400 {
			c.ErrorCode = resp.Header.Get("x-ms-error-code")
			if c.ErrorCode == "" {
				c.ErrorCode = bodyErrorCode(resp)
			}
			if c.ErrorCode == "" {
				c.ErrorCode = http.StatusText(resp.StatusCode)
			}
		}
	} else if err != nil {
		c.ErrorCode = "RequestFailed"
	}
	p.rec.Add(raw.Context(), c)
	return resp, err
}

// bodyErrorCode is the ARM error code of an error response's body
// ({"error": {"code": ...}}), which ARM sends without an x-ms-error-code
// header. runtime.Payload buffers the body, so the SDK can still read it.
func bodyErrorCode(resp *http.Response) string {
	body, err := runtime.Payload(resp)
	if err != nil {
		return ""
	}
	var e struct {
		Error struct {
			Code string `json:"code"`
		} `json:"error"`
		Code string `json:"code"`
	}
	if json.Unmarshal(body, &e) != nil {
		return ""
	}
	if e.Error.Code != "" {
		return e.Error.Code
	}
	return e.Code
}

// limitPolicy is a per-call policy bounding requests in flight (--parallel)
// across every subscription.
type limitPolicy struct{ slots chan struct{} }

func (p limitPolicy) Do(req *policy.Request) (*http.Response, error) {
	select {
	case p.slots <- struct{}{}:
	case <-req.Raw().Context().Done():
		return nil, req.Raw().Context().Err()
	}
	defer func() { <-p.slots }()
	return req.Next()
}

// clientOptions are the ARM client options of one subscription's clients.
func (c *collector) clientOptions(rec *collectors.Recorder) *arm.ClientOptions {
	o := &arm.ClientOptions{ClientOptions: policy.ClientOptions{
		Cloud:            c.cloud,
		Transport:        c.opts.Transport,
		PerCallPolicies:  []policy.Policy{limitPolicy{c.slots}},
		PerRetryPolicies: []policy.Policy{recordPolicy{rec}},
	}}
	return o
}

var providerPath = regexp.MustCompile(`(?i)/providers/([^/]+)`)

// providerOf is the resource provider a path addresses (the last
// /providers/ segment), e.g. Microsoft.SecurityInsights.
func providerOf(path string) string {
	m := providerPath.FindAllStringSubmatch(path, -1)
	if len(m) == 0 {
		return "Microsoft.Resources"
	}
	return m[len(m)-1][1]
}

var actionInMessage = regexp.MustCompile(`perform action '([^']+)'`)

// actionOf is the Azure RBAC read action for a GET path: the provider, then
// every resource type segment after it, then /read; e.g.
// .../providers/Microsoft.Network/networkWatchers/nw/flowLogs → Microsoft.Network/networkWatchers/flowLogs/read.
func actionOf(path string) string {
	path = strings.Trim(path, "/")
	segs := strings.Split(path, "/")
	last := -1
	for i, s := range segs {
		if strings.EqualFold(s, "providers") && i+1 < len(segs) {
			last = i
		}
	}
	if last < 0 {
		if len(segs) >= 2 && strings.EqualFold(segs[len(segs)-1], "resourceGroups") {
			return "Microsoft.Resources/subscriptions/resourceGroups/read"
		}
		return "Microsoft.Resources/subscriptions/read"
	}
	parts := []string{segs[last+1]}
	for i := last + 2; i < len(segs); i += 2 {
		parts = append(parts, segs[i])
	}
	return strings.Join(parts, "/") + "/read"
}

// failSection turns an error into the section's status: 403 is denied with
// the RBAC action named; anything else is error.
func failSection(s *snapshot.Section, err error) {
	var se *skipError
	if errors.As(err, &se) {
		s.Status, s.Error = snapshot.StatusSkipped, se.reason
		return
	}
	var re *azcore.ResponseError
	if errors.As(err, &re) {
		if m := actionInMessage.FindStringSubmatch(re.Error()); m != nil {
			s.Action = m[1]
		} else if re.RawResponse != nil && re.RawResponse.Request != nil {
			s.Action = actionOf(re.RawResponse.Request.URL.Path)
		}
		if re.StatusCode == http.StatusForbidden || re.StatusCode == http.StatusUnauthorized {
			s.Status = snapshot.StatusDenied
			s.Error = fmt.Sprintf("%d %s", re.StatusCode, re.ErrorCode)
			return
		}
		s.Status, s.Action = snapshot.StatusError, ""
		s.Error = errorText(err)
		return
	}
	s.Status = snapshot.StatusError
	s.Error = errorText(err)
}

// errorText is an error on one short line. For an ARM error it is the status,
// the error code and the message of the answer's body (which names, for a
// 403, the action refused), not azcore's multi-line dump of the request.
func errorText(err error) string {
	var re *azcore.ResponseError
	if errors.As(err, &re) && re.RawResponse != nil {
		if body, perr := runtime.Payload(re.RawResponse); perr == nil {
			var e struct {
				Error struct {
					Message string `json:"message"`
				} `json:"error"`
			}
			if json.Unmarshal(body, &e) == nil && e.Error.Message != "" {
				return shorten(oneLine(fmt.Sprintf("%d %s: %s", re.StatusCode, re.ErrorCode, e.Error.Message)))
			}
		}
		return shorten(oneLine(fmt.Sprintf("%d %s: %s", re.StatusCode, re.ErrorCode, re.Error())))
	}
	var ae *azidentity.AuthenticationFailedError
	if errors.As(err, &ae) && ae.RawResponse != nil {
		if body, perr := runtime.Payload(ae.RawResponse); perr == nil {
			var e struct {
				Error       string `json:"error"`
				Description string `json:"error_description"`
			}
			if json.Unmarshal(body, &e) == nil && e.Error != "" {
				return shorten(oneLine(fmt.Sprintf("the credential could not obtain a token: %d %s: %s", ae.RawResponse.StatusCode, e.Error, e.Description)))
			}
		}
	}
	return shorten(oneLine(err.Error()))
}

// skipError means a section was not attempted because one it depends on
// could not be read.
type skipError struct{ reason string }

func (e *skipError) Error() string { return e.reason }

func isStatus(err error, codes ...int) bool {
	var re *azcore.ResponseError
	return errors.As(err, &re) && slices.Contains(codes, re.StatusCode)
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// shorten cuts s to 400 characters (never inside one).
func shorten(s string) string {
	if r := []rune(s); len(r) > 400 {
		return string(r[:400]) + "…"
	}
	return s
}
