// Package azure collects Azure subscriptions into irscan snapshots with the
// Azure SDK for Go: azidentity's DefaultAzureCredential (environment,
// workload identity, managed identity, Azure CLI), azcore pipelines with
// their retry and throttling handling, the arm* clients where a module
// covers the API and a small ARM reader for the rest, read-only GETs only.
package azure

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"

	"github.com/irscan/irscan/collectors"
	"github.com/irscan/irscan/snapshot"
)

// DefaultParallel is the default bound on requests in flight.
const DefaultParallel = 16

// Clouds are the values --cloud accepts.
var Clouds = map[string]cloud.Configuration{
	"AzurePublic":       cloud.AzurePublic,
	"AzureChina":        cloud.AzureChina,
	"AzureUSGovernment": cloud.AzureGovernment,
}

// Options configures a collection.
type Options struct {
	// Subscriptions to collect; empty means every subscription the
	// credential can see (or those of ManagementGroup).
	Subscriptions   []string
	ManagementGroup string
	Tenant          string
	// Cloud is AzurePublic (default), AzureChina or AzureUSGovernment.
	Cloud string
	// ARMEndpoint overrides Resource Manager's URL (Azure Stack, private
	// endpoints, fakecloud). Its token audience stays the cloud's unless
	// ARMAudience is set.
	ARMEndpoint string
	ARMAudience string
	Parallel    int
	ToolVersion string
	Progress    func(done, total int)
	// Transport and Credential replace the defaults (tests).
	Transport  policy.Transporter
	Credential azcore.TokenCredential
}

type collector struct {
	opts  Options
	cloud cloud.Configuration
	cred  azcore.TokenCredential
	slots chan struct{}
	prog  *collectors.Progress
}

// Collect reads each subscription into one snapshot. A subscription that
// cannot be read still gets a snapshot whose sections are errors; Collect
// fails only when nothing can start (no credential, no subscription).
func Collect(ctx context.Context, opts Options) ([]*snapshot.Snapshot, error) {
	if opts.Parallel <= 0 {
		opts.Parallel = DefaultParallel
	}
	c := &collector{opts: opts, slots: make(chan struct{}, opts.Parallel), prog: &collectors.Progress{Report: opts.Progress}}
	if err := c.setupCloud(); err != nil {
		return nil, err
	}
	if opts.Credential != nil {
		c.cred = opts.Credential
	} else {
		cred, err := azidentity.NewDefaultAzureCredential(&azidentity.DefaultAzureCredentialOptions{
			TenantID:      opts.Tenant,
			ClientOptions: policy.ClientOptions{Cloud: c.cloud, Transport: opts.Transport},
			// With a custom Resource Manager (Azure Stack, private clouds,
			// fakecloud) the authority is custom too: MSAL's instance
			// discovery would ask Microsoft's public endpoint to vouch for it.
			DisableInstanceDiscovery: opts.ARMEndpoint != "",
		})
		if err != nil {
			return nil, c.signInError(err)
		}
		c.cred = cred
	}
	if err := c.signIn(ctx); err != nil {
		return nil, err
	}
	rootRec := &collectors.Recorder{Log: logCall}
	subs, err := c.subscriptions(ctx, rootRec)
	if err != nil {
		return nil, err
	}
	snaps := make([]*snapshot.Snapshot, len(subs))
	var wg sync.WaitGroup
	for i, s := range subs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			snaps[i] = c.collectSubscription(ctx, s)
		}()
	}
	wg.Wait()
	return snaps, nil
}

// setupCloud picks the cloud configuration and applies --arm-endpoint.
// The token authority follows AZURE_AUTHORITY_HOST when it is set, as
// azidentity's environment credential does.
func (c *collector) setupCloud() error {
	name := c.opts.Cloud
	if name == "" {
		name = "AzurePublic"
	}
	base, ok := Clouds[name]
	if !ok {
		return fmt.Errorf("azure: --cloud %q: want AzurePublic, AzureChina or AzureUSGovernment", name)
	}
	cfg := cloud.Configuration{
		ActiveDirectoryAuthorityHost: base.ActiveDirectoryAuthorityHost,
		Services:                     map[cloud.ServiceName]cloud.ServiceConfiguration{},
	}
	for k, v := range base.Services {
		cfg.Services[k] = v
	}
	if h := os.Getenv("AZURE_AUTHORITY_HOST"); h != "" {
		cfg.ActiveDirectoryAuthorityHost = h
	}
	if c.opts.ARMEndpoint != "" {
		u, err := url.Parse(c.opts.ARMEndpoint)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return fmt.Errorf("azure: --arm-endpoint %q: want an https:// URL", c.opts.ARMEndpoint)
		}
		rm := cfg.Services[cloud.ResourceManager]
		rm.Endpoint = strings.TrimSuffix(c.opts.ARMEndpoint, "/")
		if c.opts.ARMAudience != "" {
			rm.Audience = c.opts.ARMAudience
		}
		cfg.Services[cloud.ResourceManager] = rm
	}
	c.cloud = cfg
	return nil
}

func (c *collector) endpoint() string {
	return strings.TrimSuffix(c.cloud.Services[cloud.ResourceManager].Endpoint, "/")
}

func logCall(call snapshot.Call) {
	slog.Debug("azure call", "operation", call.Operation, "status", call.HTTPStatus,
		"request_id", call.RequestID, "error", call.ErrorCode, "ms", call.DurationMS)
}

// subscription is one subscription to collect.
type subscription struct {
	ID, Name, State string
}

// sub is the state of one subscription's collection.
type sub struct {
	id   string
	c    *collector
	rec  *collectors.Recorder
	r    *reader
	opts Options
	// fetches are reads several sections share, each made once.
	fetches fetches
}

func (c *collector) collectSubscription(ctx context.Context, s subscription) *snapshot.Snapshot {
	rec := &collectors.Recorder{Log: logCall}
	snap := &snapshot.Snapshot{
		Schema:      snapshot.SchemaVersion,
		Tool:        snapshot.Tool{Name: "irscan", Version: c.opts.ToolVersion},
		Cloud:       "azure",
		Scope:       snapshot.Scope{Type: "subscription", ID: s.ID, Name: s.Name},
		CollectedAt: time.Now().UTC().Truncate(time.Second),
		Sections:    map[string]*snapshot.Section{},
	}
	r, err := c.newReader(rec)
	if err != nil {
		panic(err) // only fails on invalid client options, which setupCloud validated
	}
	su := &sub{id: s.ID, c: c, rec: rec, r: r, opts: c.opts}
	// Read the subscription itself first: when it cannot be read, every
	// section says why, and the scan goes on with the others.
	sctx, sk := collectors.WithSink(ctx)
	if _, err := r.get(sctx, "/subscriptions/"+s.ID, subscriptionsAPIVersion); err != nil {
		// A 403 on the subscription itself leaves every section denied,
		// naming the action; anything else leaves them in error.
		probe := &snapshot.Section{}
		failSection(probe, err)
		if probe.Status != snapshot.StatusDenied {
			probe.Status = snapshot.StatusError
		}
		for _, spec := range sectionSpecs {
			snap.Sections[spec.name] = &snapshot.Section{
				Status: probe.Status,
				Action: probe.Action,
				Error:  fmt.Sprintf("subscription %s could not be read: %s", s.ID, probe.Error),
				Calls:  sk.IDs(),
			}
		}
		snap.Calls = rec.Calls()
		c.prog.Add(len(sectionSpecs), len(sectionSpecs))
		return snap
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	c.prog.Add(0, len(sectionSpecs))
	for _, spec := range sectionSpecs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sec := su.run(ctx, spec)
			mu.Lock()
			snap.Sections[spec.name] = sec
			mu.Unlock()
			c.prog.Add(1, 0)
		}()
	}
	wg.Wait()
	snap.Calls = rec.Calls()
	return snap
}

// spec describes how to fill one section.
type spec struct {
	name    string
	collect func(ctx context.Context, s *sub) (any, error)
}

func (s *sub) run(ctx context.Context, sp spec) *snapshot.Section {
	return collectors.Fill(ctx, func(ctx context.Context) (any, error) { return sp.collect(ctx, s) }, failSection)
}

func sortedIDs(subs []subscription) {
	slices.SortFunc(subs, func(a, b subscription) int { return strings.Compare(a.ID, b.ID) })
}
