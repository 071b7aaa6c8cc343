// Command fakecloud serves recorded cloud API responses on a loopback
// address, in each cloud's real wire protocol, so that irscan (or any
// aws-sdk-go-v2 or azure-sdk-for-go client) runs against it unmodified: for
// tests, benchmarks and `make demo`.
//
//	fakecloud --fixtures testdata/fakecloud --scenario compliant
//	fakecloud --cloud azure --fixtures testdata/fakecloud --scenario compliant --ca-out /tmp/fakecloud-ca.pem
//
// It prints its base URL on stdout, serves until SIGINT or SIGTERM, and then
// writes the call log (--calls FILE, JSON lines).
//
// AWS (the default, --cloud aws) is served over HTTP at http://127.0.0.1:PORT:
// point clients at it with AWS_ENDPOINT_URL=<url>, static credentials from
// the scenario's scenario.yaml and a region. The fixture layout is documented
// in testdata/fakecloud/aws/README.md.
//
// Azure (--cloud azure) is served over HTTPS at https://127.0.0.1:PORT, both
// as the Microsoft Entra authority host and as the Azure Resource Manager
// endpoint, with a certificate from a CA generated at start-up and written
// to --ca-out. The environment a shell sets to sign in (printed on stderr)
// and the fixture layout are documented in testdata/fakecloud/azure/README.md.
package main

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	fakeaws "github.com/irscan/irscan/internal/fakecloud/aws"
	fakeazure "github.com/irscan/irscan/internal/fakecloud/azure"
	fakegcp "github.com/irscan/irscan/internal/fakecloud/gcp"
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
		cloud       = fs.String("cloud", "aws", "cloud to serve: aws (HTTP), azure (HTTPS, Entra ID + Resource Manager) or gcp (HTTP, Google REST APIs)")
		fixtures    = fs.String("fixtures", "testdata/fakecloud", "fixture root (holding <cloud>/<scenario>/) or scenario directory")
		scenario    = fs.String("scenario", "", "scenario name, e.g. compliant")
		listen      = fs.String("listen", "127.0.0.1:0", "loopback address to listen on")
		callsFile   = fs.String("calls", "", "write the call log to FILE as JSON lines on exit")
		latency     = fs.Duration("latency", 0, "delay every call by this duration (e.g. 50ms)")
		rate        = fs.Float64("throttle-rate", 0, "aws: throttle calls beyond this many per second per account, region and operation (0: off)")
		allowPolicy = fs.String("allow-policy", "", "aws: IAM policy JSON FILE: deny every action it does not allow")
		caOut       = fs.String("ca-out", "", "azure: write the generated test CA certificate (PEM) to FILE, for SSL_CERT_FILE")
		adcOut      = fs.String("adc-out", "", "gcp: write a service-account key FILE whose token_uri is the fake, for GOOGLE_APPLICATION_CREDENTIALS")
		deny        repeated
		allowPerms  repeated
	)
	fs.Var(&allowPerms, "allow-permissions", "gcp: FILE of allowed permissions (custom-role YAML/JSON or one per line; repeatable): deny every other")
	fs.Var(&deny, "deny", "deny an action pattern everywhere (repeatable): aws IAM actions (guardduty:GetDetector, ssm-contacts:*), azure RBAC actions (Microsoft.SecurityInsights/*)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	if err := checkLoopback(*listen); err != nil {
		return err
	}

	var (
		handler    http.Handler
		tlsConfig  *tls.Config
		writeCalls func(io.Writer) error
		announce   func(base string)
	)
	switch *cloud {
	case "aws":
		if *caOut != "" {
			return errors.New("--ca-out: only with --cloud azure (the AWS fake speaks plain HTTP)")
		}
		opts := fakeaws.Options{Fixtures: *fixtures, Scenario: *scenario, Latency: *latency, ThrottleRate: *rate, Deny: deny}
		if *allowPolicy != "" {
			data, err := os.ReadFile(*allowPolicy)
			if err != nil {
				return fmt.Errorf("--allow-policy: %w", err)
			}
			if opts.AllowPolicy, err = fakeaws.ParsePolicy(data); err != nil {
				return fmt.Errorf("--allow-policy %s: %w", *allowPolicy, err)
			}
		}
		srv, err := fakeaws.New(opts)
		if err != nil {
			return err
		}
		handler = srv
		writeCalls = func(w io.Writer) error { return fakeaws.WriteCallsJSONLines(w, srv.Calls()) }
	case "azure":
		if *rate != 0 || *allowPolicy != "" {
			return errors.New("--throttle-rate and --allow-policy are AWS-only; for Azure use faults and deny rules in scenario.yaml, or --deny")
		}
		srv, err := fakeazure.New(fakeazure.Options{Fixtures: *fixtures, Scenario: *scenario, Latency: *latency, Deny: deny})
		if err != nil {
			return err
		}
		id, err := fakeazure.NewTLSIdentity(time.Now(), 30*24*time.Hour)
		if err != nil {
			return err
		}
		if *caOut != "" {
			if err := writeFileAtomic(*caOut, func(w io.Writer) error { _, err := w.Write(id.CAPEM); return err }); err != nil {
				return fmt.Errorf("--ca-out: %w", err)
			}
		}
		handler, tlsConfig = srv, id.ServerConfig()
		writeCalls = func(w io.Writer) error { return fakeazure.WriteCallsJSONLines(w, srv.Calls()) }
		announce = func(base string) { announceAzure(stderr, base, *caOut, srv.Scenario()) }
	case "gcp":
		if *caOut != "" || *allowPolicy != "" {
			return errors.New("--ca-out and --allow-policy are not for GCP; use --allow-permissions")
		}
		opts := fakegcp.Options{Fixtures: *fixtures, Scenario: *scenario, Latency: *latency, ThrottleRate: *rate, Deny: deny}
		if len(allowPerms) > 0 {
			var err error
			if opts.Allow, err = fakegcp.ReadPermissions(allowPerms...); err != nil {
				return fmt.Errorf("--allow-permissions: %w", err)
			}
		}
		srv, err := fakegcp.New(opts)
		if err != nil {
			return err
		}
		handler = srv
		writeCalls = func(w io.Writer) error { return fakegcp.WriteCallsJSONLines(w, srv.Calls()) }
		if *adcOut != "" {
			announce = func(base string) {
				key, err := srv.CredentialsJSON(base)
				if err == nil {
					err = writeFileAtomic(*adcOut, func(w io.Writer) error { _, err := w.Write(key); return err })
				}
				if err != nil {
					fmt.Fprintln(stderr, "fakecloud: --adc-out:", err)
				}
			}
		}
	default:
		return fmt.Errorf("--cloud %q: expected aws, azure or gcp", *cloud)
	}

	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	scheme := "http"
	if tlsConfig != nil {
		ln, scheme = tls.NewListener(ln, tlsConfig), "https"
	}
	hs := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	base := fmt.Sprintf("%s://%s", scheme, ln.Addr())
	if announce != nil {
		announce(base) // before the URL, which tells a script the fake is ready
	}
	fmt.Fprintln(stdout, base)

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
		return writeFileAtomic(*callsFile, writeCalls)
	}
	return nil
}

// announceAzure prints, on stderr, the environment a shell sets to sign in
// to the Azure fake as the scenario's first principal.
func announceAzure(w io.Writer, base, caFile string, sc *fakeazure.Scenario) {
	if caFile == "" {
		caFile = "<the CA file: rerun with --ca-out FILE>"
	} else if abs, err := filepath.Abs(caFile); err == nil {
		caFile = abs
	}
	fmt.Fprintf(w, "fakecloud: Azure Resource Manager and Entra ID at %s; sign in as %s with:\n", base, sc.Principals[0].Name)
	for _, kv := range fakeazure.Environment(base, caFile, sc.Principals[0]) {
		fmt.Fprintf(w, "  export %s\n", kv)
	}
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

// writeFileAtomic writes a file through write, via a temporary file renamed
// into place, so that no partial file is left behind.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
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
