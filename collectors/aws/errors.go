package aws

import (
	"errors"
	"fmt"
	"strings"

	"github.com/aws/smithy-go"

	"github.com/irscan/irscan/snapshot"
)

// deniedCodes are the error codes AWS services use for a missing permission.
var deniedCodes = map[string]bool{
	"AccessDenied":                true,
	"AccessDeniedException":       true,
	"UnauthorizedOperation":       true,
	"UnauthorizedAccess":          true,
	"AuthorizationError":          true,
	"AuthorizationErrorException": true,
	"Forbidden":                   true,
}

// isCode reports whether err is an API error with one of the codes.
func isCode(err error, codes ...string) bool {
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		return false
	}
	for _, c := range codes {
		if ae.ErrorCode() == c {
			return true
		}
	}
	return false
}

// opError is an API failure with the IAM action of the operation that failed.
type opError struct {
	action string
	err    error
}

func (e *opError) Error() string { return e.action + ": " + e.err.Error() }
func (e *opError) Unwrap() error { return e.err }

// call wraps an SDK error with the IAM action it needs, so a section that
// fails can say which permission was missing.
func call(action string, err error) error {
	if err == nil {
		return nil
	}
	return &opError{action: action, err: err}
}

// skipError means a section was not attempted because another it depends
// on could not be read.
type skipError struct{ reason string }

func (e *skipError) Error() string { return e.reason }

// failSection turns a collection error into the section's status.
func failSection(s *snapshot.Section, err error) {
	var se *skipError
	if errors.As(err, &se) {
		s.Status = snapshot.StatusSkipped
		s.Error = se.reason
		return
	}
	var oe *opError
	action := ""
	if errors.As(err, &oe) {
		action = oe.action
	}
	var ae smithy.APIError
	switch {
	case errors.As(err, &ae) && deniedCodes[ae.ErrorCode()]:
		s.Status = snapshot.StatusDenied
		s.Action = action
		s.Error = fmt.Sprintf("%s: %s", ae.ErrorCode(), oneLine(ae.ErrorMessage()))
	case errors.As(err, &ae):
		s.Status = snapshot.StatusError
		s.Error = fmt.Sprintf("%s failed: %s: %s", orUnknown(action), ae.ErrorCode(), oneLine(ae.ErrorMessage()))
	default:
		s.Status = snapshot.StatusError
		s.Error = fmt.Sprintf("%s failed: %s", orUnknown(action), oneLine(err.Error()))
	}
}

func orUnknown(s string) string {
	if s == "" {
		return "request"
	}
	return s
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
