// Package gcp collects Google Cloud projects and organisations into irscan
// snapshots with google.golang.org/api: Application Default Credentials,
// service-account impersonation or a token file, one service package per
// API, nextPageToken paging and the collector's own retries of reads
// answered 429/5xx (the clients send a read once); reads only, each
// resource read once per run (shared.go).
package gcp

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/google"
	"google.golang.org/api/impersonate"
	"google.golang.org/api/option"

	"github.com/irscan/irscan/collectors"
	"github.com/irscan/irscan/snapshot"
)

// DefaultParallel is the default bound on requests in flight.
const DefaultParallel = 16

const cloudPlatformScope = "https://www.googleapis.com/auth/cloud-platform"

// Options configures a collection.
type Options struct {
	// Projects to collect (IDs). With Organization or Folder, their projects
	// are enumerated instead.
	Projects     []string
	Organization string
	Folder       string
	// Endpoint sends every API to one base URL (Private Service Connect,
	// fakecloud): BASE/ for most APIs, BASE/storage/v1/ and BASE/compute/v1/.
	Endpoint                  string
	ImpersonateServiceAccount string
	// AccessTokenFile holds a token from `gcloud auth print-access-token`.
	AccessTokenFile string
	Parallel        int
	ToolVersion     string
	Progress        func(done, total int)
	// Transport is the HTTP transport under authentication (tests); Token
	// replaces the token source (tests).
	Transport http.RoundTripper
	Token     oauth2.TokenSource
}

type collector struct {
	opts  Options
	ts    oauth2.TokenSource
	slots chan struct{}
	prog  *collectors.Progress
	api   *services
	// reads holds every API read of the run, each made once.
	reads reads
	// numbers maps the project IDs met so far to their numbers.
	numMu   sync.Mutex
	numbers map[string]string
}

// Collect reads the organisation (when given) and each project into one
// snapshot each. A scope that cannot be read still gets a snapshot whose
// sections say why.
func Collect(ctx context.Context, opts Options) ([]*snapshot.Snapshot, error) {
	if opts.Parallel <= 0 {
		opts.Parallel = DefaultParallel
	}
	c := &collector{opts: opts, slots: make(chan struct{}, opts.Parallel), prog: &collectors.Progress{Report: opts.Progress},
		numbers: map[string]string{}}
	ts, err := c.tokenSource(ctx)
	if err != nil {
		return nil, err
	}
	c.ts = ts
	if c.api, err = c.newServices(ctx); err != nil {
		return nil, err
	}
	scopes, err := c.scopes(ctx)
	if err != nil {
		return nil, err
	}
	snaps := make([]*snapshot.Snapshot, len(scopes))
	var wg sync.WaitGroup
	for i, s := range scopes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			snaps[i] = c.collectScope(ctx, s)
		}()
	}
	wg.Wait()
	return snaps, nil
}

func (c *collector) tokenSource(ctx context.Context) (oauth2.TokenSource, error) {
	switch {
	case c.opts.Token != nil:
		return c.opts.Token, nil
	case c.opts.AccessTokenFile != "":
		raw, err := os.ReadFile(c.opts.AccessTokenFile)
		if err != nil {
			return nil, fmt.Errorf("gcp: --access-token-file: %w", err)
		}
		tok := strings.TrimSpace(string(raw))
		if tok == "" {
			return nil, fmt.Errorf("gcp: --access-token-file %s is empty", c.opts.AccessTokenFile)
		}
		return oauth2.StaticTokenSource(&oauth2.Token{AccessToken: tok, TokenType: "Bearer"}), nil
	case c.opts.ImpersonateServiceAccount != "":
		ts, err := impersonate.CredentialsTokenSource(ctx, impersonate.CredentialsConfig{
			TargetPrincipal: c.opts.ImpersonateServiceAccount,
			Scopes:          []string{cloudPlatformScope},
		})
		if err != nil {
			return nil, fmt.Errorf("gcp: impersonating %s: %s", c.opts.ImpersonateServiceAccount, oneLine(err.Error()))
		}
		return ts, nil
	default:
		ts, err := google.DefaultTokenSource(ctx, cloudPlatformScope)
		if err != nil {
			return nil, &SignInError{msg: fmt.Sprintf("gcp: no Application Default Credentials (run `gcloud auth application-default login`, set GOOGLE_APPLICATION_CREDENTIALS, or use --access-token-file): %s", shorten(oneLine(err.Error())))}
		}
		return ts, nil
	}
}

// clientOptions returns the options for one API's client: its endpoint
// under --endpoint and an HTTP client that authenticates, retries reads,
// bounds and records every request. service names the API in the call log.
func (c *collector) clientOptions(basePath, service string) []option.ClientOption {
	opts := []option.ClientOption{option.WithHTTPClient(c.httpClient(service, nil))}
	if c.opts.Endpoint != "" {
		opts = append(opts, option.WithEndpoint(strings.TrimSuffix(c.opts.Endpoint, "/")+"/"+basePath))
	}
	return opts
}

// httpClient is the HTTP stack of every GCP read: the token, retries, the
// --parallel bound and the call recorder (with capture fixed when the
// client does not pass its caller's context on).
func (c *collector) httpClient(service string, fixed *capture) *http.Client {
	base := c.opts.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	return &http.Client{Transport: &oauth2.Transport{
		Source: c.ts,
		Base: &retryTransport{
			base: &recordingTransport{base: base, slots: c.slots, service: service, capture: fixed},
		},
	}}
}

// libraryOptions are the client options of a Cloud client library's REST
// client (cloud.google.com/go/...), made for one read: the same HTTP stack
// as clientOptions (token, retries, recording), with ctx's capture fixed,
// since these clients' list methods send their requests without the
// caller's context. The endpoint is the base URL without a trailing slash:
// these clients append "/v1/...", "/v2/..." to it.
func (c *collector) libraryOptions(ctx context.Context, service string) []option.ClientOption {
	opts := []option.ClientOption{option.WithHTTPClient(c.httpClient(service, captureFrom(ctx)))}
	if c.opts.Endpoint != "" {
		opts = append(opts, option.WithEndpoint(strings.TrimSuffix(c.opts.Endpoint, "/")))
	}
	return opts
}

func logCall(call snapshot.Call) {
	slog.Debug("gcp call", "operation", call.Operation, "status", call.HTTPStatus,
		"request_id", call.RequestID, "error", call.ErrorCode, "ms", call.DurationMS)
}

// scope is one organisation or project to collect.
type scope struct {
	Type   string // organization or project
	ID     string // organisation number or project ID
	Number string // project number
	Name   string
	// Ancestors are the resource names above a project, nearest first
	// (folders/…, organizations/…).
	Ancestors []string
	// Resolution are the calls that resolved the scope and its ancestry.
	Resolution []snapshot.Call
	// OrgScan is set on a project whose organisation's snapshot the same
	// run writes (--organization).
	OrgScan *orgScan
}

// orgScan is resourcemanager.ancestry's organizationScan.
type orgScan struct {
	Organization string `json:"organization"`
	Snapshot     string `json:"snapshot"`
}

// chain is the scope's resource name and its ancestors, nearest first.
func (s scope) chain() []string {
	return append([]string{s.resourceName()}, s.Ancestors...)
}

// owned is the part of chain whose own settings the scope's snapshot holds:
// every level, except in an organisation scan, where the organisation's
// settings live once, in the organisation's snapshot (its owner), and a
// project's snapshot holds its own and its folders' ("Where each GCP check
// runs" in snapshot/SECTIONS.md). Folders are not scopes: their settings
// stay in the snapshots of the projects below them.
func (s scope) owned() []string {
	out := []string{}
	for _, r := range s.chain() {
		if s.OrgScan != nil && r == s.OrgScan.Organization {
			continue
		}
		out = append(out, r)
	}
	return out
}

// organization is the scope's organisation (organizations/<id>), or "".
func (s scope) organization() string {
	if s.Type == "organization" {
		return s.resourceName()
	}
	for _, a := range s.Ancestors {
		if strings.HasPrefix(a, "organizations/") {
			return a
		}
	}
	return ""
}

// resourceName is the scope's Cloud Resource Manager name.
func (s scope) resourceName() string {
	if s.Type == "organization" {
		return "organizations/" + s.ID
	}
	return "projects/" + s.ID
}

// target is one scope's collection state.
type target struct {
	scope
	c   *collector
	rec *collectors.Recorder

	mu      sync.Mutex
	fetches map[string]*collectors.Fetch[any] // run-wide reads used here (read)
	// Section data other sections depend on, each read once per scope.
	notifications collectors.Fetch[*notificationData]
	sinks         collectors.Fetch[*sinksData]
}

func (c *collector) collectScope(ctx context.Context, s scope) *snapshot.Snapshot {
	// Calls are logged once, when made (recordingTransport), not again
	// when a snapshot copies them.
	rec := &collectors.Recorder{}
	snap := &snapshot.Snapshot{
		Schema:      snapshot.SchemaVersion,
		Tool:        snapshot.Tool{Name: "irscan", Version: c.opts.ToolVersion},
		Cloud:       "gcp",
		Scope:       snapshot.Scope{Type: s.Type, ID: s.ID, Name: s.Name},
		CollectedAt: time.Now().UTC().Truncate(time.Second),
		Sections:    map[string]*snapshot.Section{},
	}
	t := &target{scope: s, c: c, rec: rec, fetches: map[string]*collectors.Fetch[any]{}}
	var specs []spec
	for _, sp := range sectionSpecs {
		if slices.Contains(sp.scopes, s.Type) {
			specs = append(specs, sp)
		}
	}
	c.prog.Add(0, len(specs))
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, sp := range specs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sec := t.run(ctx, sp)
			mu.Lock()
			snap.Sections[sp.name] = sec
			mu.Unlock()
			c.prog.Add(1, 0)
		}()
	}
	wg.Wait()
	snap.Calls = rec.Calls()
	return snap
}

// spec describes how to fill one section, and for which scope types.
type spec struct {
	name    string
	scopes  []string
	collect func(ctx context.Context, t *target) (any, error)
}

func (t *target) run(ctx context.Context, sp spec) *snapshot.Section {
	return collectors.Fill(ctx, func(ctx context.Context) (any, error) { return sp.collect(ctx, t) }, failSection)
}
