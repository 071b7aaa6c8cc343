// Command irscan checks whether a cloud estate is ready for incident
// response: the Microsoft cloud security benchmark controls IR-1..IR-7 on
// AWS, Azure and GCP, cross-referenced to CIS v8, NIST SP 800-53 r4 and
// PCI-DSS v3.2.1.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// Exit codes (docs/commands.md).
const (
	exitOK       = 0 // every assessed check passed at or above --fail-on
	exitFindings = 1 // at least one failing finding at or above --fail-on
	exitUsage    = 2 // usage or input error; nothing evaluated
	exitErrors   = 3 // no failing finding, but some checks could not be assessed
	exitSignIn   = 4 // scan/collect could not sign in to the cloud, or not see the scope named
)

// signInFailure is a collector's error for a failed sign-in (the
// collectors' SignInError types).
type signInFailure interface{ SignInFailed() bool }

// exitError carries an exit code out of a command.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func usageError(format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, args...)}
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run executes the CLI and returns the process exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRootCmd(stdout, stderr)
	root.SetIn(stdin)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintln(stderr, "irscan: "+oneLine(ee.err.Error()))
		}
		return ee.code
	}
	// Anything else comes from cobra's flag and argument parsing.
	fmt.Fprintln(stderr, "irscan: "+oneLine(err.Error()))
	return exitUsage
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " ")
}
