package gcp

import "fmt"

// SignInError is a failure to sign in or to see the scope asked for: no
// credentials, credentials Google refused, or an identity that cannot read
// the organisation, folder or project named. The CLI exits with its own
// code for it.
type SignInError struct{ msg string }

func (e *SignInError) Error() string { return e.msg }

// SignInFailed marks the error for the CLI's exit code.
func (e *SignInError) SignInFailed() bool { return true }

// signInError adds to what failed which credentials were used and what to
// do next.
func (c *collector) signInError(what string) error {
	tried := "Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud's application-default login, the metadata server)"
	switch {
	case c.opts.AccessTokenFile != "":
		tried = "the access token in " + c.opts.AccessTokenFile
	case c.opts.ImpersonateServiceAccount != "":
		tried = "Application Default Credentials impersonating " + c.opts.ImpersonateServiceAccount
	}
	next := "run `gcloud auth application-default login` (or set GOOGLE_APPLICATION_CREDENTIALS), and grant the identity roles/browser and the roles in docs/permissions on the scope; `gcloud auth list` shows the signed-in account"
	return &SignInError{msg: fmt.Sprintf("%s; tried %s; next: %s", what, tried, next)}
}
