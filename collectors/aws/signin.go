package aws

import (
	"errors"
	"fmt"
	"strings"

	"github.com/aws/smithy-go"
)

// SignInError is a failure to sign in: no credentials, or credentials the
// cloud refused. The CLI exits with its own code for it.
type SignInError struct{ msg string }

func (e *SignInError) Error() string { return e.msg }

// SignInFailed marks the error for the CLI's exit code.
func (e *SignInError) SignInFailed() bool { return true }

// signInError says what went wrong when the caller could not be identified,
// which credentials the SDK tried, and what to do next.
func signInError(opts Options, err error) error {
	reason := oneLine(err.Error())
	var api smithy.APIError
	switch {
	case errors.As(err, &api):
		reason = "STS refused the credentials: " + api.ErrorCode() + ": " + api.ErrorMessage()
	case strings.Contains(reason, "failed to retrieve credentials") || strings.Contains(reason, "failed to refresh cached credentials") ||
		strings.Contains(reason, "no EC2 IMDS role"):
		reason = "no credentials were found"
	default:
		if r := []rune(reason); len(r) > 240 {
			reason = string(r[:240]) + "…"
		}
	}
	tried := "the SDK's default chain: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE or the default profile of ~/.aws/config and ~/.aws/credentials (keys, SSO, assumed role, credential_process), web identity, the container and EC2 instance roles"
	next := "run `aws configure` or `aws sso login`, or pass --profile; `aws sts get-caller-identity` shows the identity irscan would use"
	if opts.Profile != "" {
		tried = "profile " + opts.Profile + " of ~/.aws/config and ~/.aws/credentials"
		next = "run `aws sso login --profile " + opts.Profile + "` (or fix the profile's keys or role); `aws sts get-caller-identity --profile " + opts.Profile + "` shows the identity irscan would use"
	}
	return &SignInError{msg: fmt.Sprintf("aws: cannot sign in (sts GetCallerIdentity): %s; tried %s; next: %s", reason, tried, next)}
}
