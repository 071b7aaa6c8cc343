package gcp

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"google.golang.org/api/googleapi"

	"github.com/irscan/irscan/snapshot"
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
func failSection(s *snapshot.Section, err error) {
	var se *skipError
	if errors.As(err, &se) {
		s.Status, s.Error = snapshot.StatusSkipped, se.reason
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
		if info, ok := errorInfoOf(err); ok && info.Reason == "SERVICE_DISABLED" {
			// Not data (disabledIn): usually the API is disabled in the
			// credential's quota project, the project calls are charged
			// to, and the scope says nothing.
			s.Status = snapshot.StatusError
			s.Error = fmt.Sprintf("%s failed: %s is disabled in %s (SERVICE_DISABLED; the credential's quota project, or a project this section cannot read without it): enable it there, or use a quota project where it is enabled: %d: %s",
				orRequest(perm), orService(info.Metadata["service"]), orConsumer(info.Metadata["consumer"]), ge.Code, shorten(msg))
			return
		}
		if ge.Code == http.StatusForbidden || ge.Code == http.StatusUnauthorized {
			if info, ok := errorInfoOf(err); ok && info.Metadata["permission"] != "" {
				perm = info.Metadata["permission"]
			}
			s.Status, s.Action = snapshot.StatusDenied, perm
			s.Error = fmt.Sprintf("%d: %s", ge.Code, shorten(msg))
			return
		}
		s.Status = snapshot.StatusError
		s.Error = fmt.Sprintf("%s failed: %d: %s", orRequest(perm), ge.Code, shorten(msg))
		return
	}
	s.Status = snapshot.StatusError
	s.Error = fmt.Sprintf("%s failed: %s", orRequest(perm), shorten(oneLine(err.Error())))
}

func orService(s string) string {
	if s == "" {
		return "the API"
	}
	return s
}

func orConsumer(s string) string {
	if s == "" {
		return "the consumer project"
	}
	return s
}

func orRequest(s string) string {
	if s == "" {
		return "request"
	}
	return s
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func shorten(s string) string {
	if r := []rune(s); len(r) > 400 {
		return string(r[:400]) + "…"
	}
	return s
}

// disabled is one entry of a section's serviceDisabled list: an API that
// is not enabled in a project a call was about.
type disabled struct {
	Parent   string `json:"parent"`
	Service  string `json:"service"`
	Consumer string `json:"consumer,omitempty"`
}

// disabledIn reports whether err is a SERVICE_DISABLED answer about
// project (an ID; "" when the call was not about a project): the API is
// disabled in that project, which is data. A SERVICE_DISABLED whose
// consumer is another project (the credential's quota project) is not:
// the caller returns err and failSection makes it an error.
func (t *target) disabledIn(ctx context.Context, err error, project string) (disabled, bool) {
	info, ok := errorInfoOf(err)
	if !ok || info.Reason != "SERVICE_DISABLED" || project == "" {
		return disabled{}, false
	}
	consumer := info.Metadata["consumer"]
	if consumer != "" && consumer != "projects/"+project {
		n := t.projectNumber(ctx, project)
		if n == "" || consumer != "projects/"+n {
			return disabled{}, false
		}
	}
	return disabled{Parent: "projects/" + project, Service: info.Metadata["service"], Consumer: consumer}, true
}

// projectOf is the project ID at the start of a resource name
// (projects/<id>/...), or "".
func projectOf(name string) string {
	parts := strings.SplitN(name, "/", 3)
	if len(parts) >= 2 && parts[0] == "projects" {
		return parts[1]
	}
	return ""
}

// isNotFound reports a 404.
func isNotFound(err error) bool { return isStatus(err, http.StatusNotFound) }

// dependencyFailed is the skipError of a section filled after another
// that could not be read.
func dependencyFailed(section string, err error) error {
	probe := &snapshot.Section{}
	failSection(probe, err)
	reason := fmt.Sprintf("%s could not be read (%s", section, probe.Status)
	if probe.Action != "" {
		reason += " " + probe.Action
	}
	reason += ")"
	if probe.Error != "" {
		reason += ": " + probe.Error
	}
	return &skipError{reason: reason}
}
