package gcp

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"google.golang.org/api/googleapi"

	"github.com/irscan/irscan/collectors"
)

// errorInfo is the google.rpc.ErrorInfo detail of a Google API error.
type errorInfo struct {
	Reason   string
	Domain   string
	Metadata map[string]string
}

func errorInfoOf(err error) (errorInfo, bool) {
	var ge *googleapi.Error
	if !errors.As(err, &ge) {
		return errorInfo{}, false
	}
	for _, d := range ge.Details {
		m, ok := d.(map[string]any)
		if !ok || !strings.HasSuffix(fmt.Sprint(m["@type"]), "google.rpc.ErrorInfo") {
			continue
		}
		info := errorInfo{Metadata: map[string]string{}}
		info.Reason, _ = m["reason"].(string)
		info.Domain, _ = m["domain"].(string)
		if md, ok := m["metadata"].(map[string]any); ok {
			for k, v := range md {
				info.Metadata[k] = fmt.Sprint(v)
			}
		}
		return info, true
	}
	return errorInfo{}, false
}

// serviceDisabled reports whether err says the API is disabled in the
// project: data for the checks that depend on it, not a permission error.
func serviceDisabled(err error) (service string, ok bool) {
	info, found := errorInfoOf(err)
	if found && info.Reason == "SERVICE_DISABLED" {
		return info.Metadata["service"], true
	}
	return "", false
}

func isStatus(err error, codes ...int) bool {
	var ge *googleapi.Error
	if !errors.As(err, &ge) {
		return false
	}
	for _, c := range codes {
		if ge.Code == c {
			return true
		}
	}
	return false
}

// permError is a failed call with the IAM permission it needs.
type permError struct {
	permission string
	err        error
}

func (e *permError) Error() string { return e.permission + ": " + e.err.Error() }
func (e *permError) Unwrap() error { return e.err }

// call wraps a client error with the permission its method needs.
func call(permission string, err error) error {
	if err == nil {
		return nil
	}
	return &permError{permission: permission, err: err}
}

// skipError means a section was not attempted, with the reason.
type skipError struct{ reason string }

func (e *skipError) Error() string { return e.reason }

// failSection turns an error into the section's status: 403 is denied with
// the permission named (from ErrorInfo, else the method's), anything else
// error.
func failSection(s *collectors.Section, err error) {
	var se *skipError
	if errors.As(err, &se) {
		s.Status, s.Error = collectors.StatusSkipped, se.reason
		return
	}
	perm := ""
	var pe *permError
	if errors.As(err, &pe) {
		perm = pe.permission
	}
	var ge *googleapi.Error
	if errors.As(err, &ge) {
		msg := oneLine(ge.Message)
		if ge.Code == http.StatusForbidden || ge.Code == http.StatusUnauthorized {
			if info, ok := errorInfoOf(err); ok && info.Metadata["permission"] != "" {
				perm = info.Metadata["permission"]
			}
			s.Status, s.Action = collectors.StatusDenied, perm
			s.Error = fmt.Sprintf("%d: %s", ge.Code, shorten(msg))
			return
		}
		s.Status = collectors.StatusError
		s.Error = fmt.Sprintf("%s failed: %d: %s", orRequest(perm), ge.Code, shorten(msg))
		return
	}
	s.Status = collectors.StatusError
	s.Error = fmt.Sprintf("%s failed: %s", orRequest(perm), shorten(oneLine(err.Error())))
}

func orRequest(s string) string {
	if s == "" {
		return "request"
	}
	return s
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func shorten(s string) string {
	if len(s) > 400 {
		return s[:400] + "…"
	}
	return s
}
