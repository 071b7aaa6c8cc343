// Command fakecloud serves recorded AWS API responses on a loopback address,
// in each service's real wire protocol, so that irscan (or any aws-sdk-go-v2
// client) runs against it unmodified: for tests, benchmarks and `make demo`.
//
//	fakecloud --fixtures testdata/fakecloud --scenario compliant
//
// It prints its base URL (http://127.0.0.1:PORT) on stdout, serves until
// SIGINT or SIGTERM, and then writes the call log (--calls FILE, JSON lines).
// Point clients at it with AWS_ENDPOINT_URL=<url>, static credentials from
// the scenario's scenario.yaml and a region. The fixture layout is documented
// in testdata/fakecloud/aws/README.md.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/irscan/irscan/cmd/fakecloud/server"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, "fakecloud:", err)
		os.Exit(2)
	}
}

// repeated is a flag that may be given several times.
type repeated []string

func (r *repeated) String() string     { return strings.Join(*r, ",") }
func (r *repeated) Set(v string) error { *r = append(*r, v); return nil }

// run parses flags, serves until ctx is done and writes the call log. The
// base URL is printed on stdout once the listener is ready.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("fakecloud", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		fixtures    = fs.String("fixtures", "testdata/fakecloud", "fixture root (holding aws/<scenario>/) or scenario directory")
		scenario    = fs.String("scenario", "", "scenario name, e.g. compliant")
		listen      = fs.String("listen", "127.0.0.1:0", "loopback address to listen on")
		callsFile   = fs.String("calls", "", "write the call log to FILE as JSON lines on exit")
		latency     = fs.Duration("latency", 0, "delay every call by this duration (e.g. 50ms)")
		rate        = fs.Float64("throttle-rate", 0, "throttle calls beyond this many per second per account, region and operation (0: off)")
		allowPolicy = fs.String("allow-policy", "", "IAM policy JSON FILE: deny every action it does not allow")
		deny        repeated
	)
	fs.Var(&deny, "deny", "deny an IAM action pattern everywhere, e.g. guardduty:GetDetector or ssm-contacts:* (repeatable)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	if err := checkLoopback(*listen); err != nil {
		return err
	}
	opts := server.Options{Fixtures: *fixtures, Scenario: *scenario, Latency: *latency, ThrottleRate: *rate, Deny: deny}
	if *allowPolicy != "" {
		data, err := os.ReadFile(*allowPolicy)
		if err != nil {
			return fmt.Errorf("--allow-policy: %w", err)
		}
		if opts.AllowPolicy, err = server.ParsePolicy(data); err != nil {
			return fmt.Errorf("--allow-policy %s: %w", *allowPolicy, err)
		}
	}
	srv, err := server.New(opts)
	if err != nil {
		return err
	}

	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	fmt.Fprintf(stdout, "http://%s\n", ln.Addr())

	select {
	case <-ctx.Done():
	case err := <-errc:
		return err
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if *callsFile != "" {
		return writeCalls(*callsFile, srv.Calls())
	}
	return nil
}

// checkLoopback refuses listen addresses that are not loopback: fakecloud
// answers with fake credentials and must never be reachable from elsewhere.
func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("--listen %q: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("--listen %q: fakecloud only listens on loopback (127.0.0.1, ::1, localhost)", addr)
}

// writeCalls writes the call log as JSON lines, via a temporary file.
func writeCalls(path string, calls []server.Call) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if err := server.WriteCallsJSONLines(f, calls); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, path)
}
