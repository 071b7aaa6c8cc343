package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"

	"github.com/creack/pty"
	"github.com/mattn/go-runewidth"
)

var sgrSeq = regexp.MustCompile("\x1b\\[[0-9;]*m")

// runInTerminal runs irscan as a child process whose stdout is a pseudo
// terminal cols columns wide, and returns what the terminal received with
// its line endings made "\n".
func runInTerminal(t *testing.T, cols int, env []string, args ...string) (int, string) {
	t.Helper()
	exe, err := testBinary()
	if err != nil {
		t.Fatal(err)
	}
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo terminal on this machine: %v", err)
	}
	defer ptmx.Close()
	if err := pty.Setsize(ptmx, &pty.Winsize{Rows: 40, Cols: uint16(cols)}); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append([]string{asCLI + "=1", "HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH")}, env...)
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr, cmd.Stdin = tty, &stderr, nil
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	tty.Close()
	var out bytes.Buffer
	if _, err := io.Copy(&out, ptmx); err != nil && !errors.Is(err, syscall.EIO) {
		t.Fatal(err)
	}
	code := 0
	if err := cmd.Wait(); err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			t.Fatal(err)
		}
		code = exit.ExitCode()
	}
	return code, strings.ReplaceAll(out.String(), "\r\n", "\n")
}

// widest is the widest line of s in terminal columns, colours excluded.
func widest(s string) (int, string) {
	n, line := 0, ""
	for _, l := range strings.Split(s, "\n") {
		if w := runewidth.StringWidth(sgrSeq.ReplaceAllString(l, "")); w > n {
			n, line = w, l
		}
	}
	return n, line
}

// TestTablesFitTheTerminal runs the demo's table, irscan controls and
// irscan checks in terminals 80, 120 and 200 columns wide: no line is wider
// than the terminal, the table is coloured, and nearly fills a wide one.
func TestTablesFitTheTerminal(t *testing.T) {
	t.Parallel()
	for _, cols := range []int{80, 120, 200} {
		for _, args := range [][]string{demoArgs(), {"controls"}, {"checks"}, {"controls", "--framework", "nist-800-53-r4"}} {
			code, out := runInTerminal(t, cols, nil, args...)
			if code != exitOK && code != exitFindings {
				t.Errorf("%v at %d columns: exit %d:\n%s", args, cols, code, out)
			}
			if w, line := widest(out); w > cols || w < cols*3/4 {
				t.Errorf("%v in a %d-column terminal: widest line %d columns: %q", args, cols, w, line)
			}
			if args[0] == "evaluate" && !sgrSeq.MatchString(out) {
				t.Errorf("%v in a terminal: no colour", args)
			}
		}
	}
}

// TestTableWidthWhenPiped: piped output is fitted to 120 columns, or to
// $COLUMNS, or to --width, and NO_COLOR turns colours off on a terminal.
func TestTableWidthWhenPiped(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		env  []string
		args []string
		max  int
	}{
		{nil, demoArgs(), 120},
		{[]string{"COLUMNS=100"}, demoArgs(), 100},
		{[]string{"COLUMNS=100"}, demoArgs("--width", "70"), 70},
		{nil, []string{"checks", "--width", "90"}, 90},
	} {
		r := runCLI(t, tc.env, tc.args...)
		if w, line := widest(r.stdout); w > tc.max || w < tc.max*3/4 {
			t.Errorf("%v %v: widest line %d, want at most %d: %q", tc.env, tc.args, w, tc.max, line)
		}
		if sgrSeq.MatchString(r.stdout) {
			t.Errorf("%v: piped output is coloured", tc.args)
		}
	}
	_, out := runInTerminal(t, 120, []string{"NO_COLOR=1"}, demoArgs()...)
	if sgrSeq.MatchString(out) || !strings.Contains(out, "Total:") {
		t.Errorf("NO_COLOR=1 on a terminal: output coloured or empty:\n%s", out)
	}
}
