// Package aws collects AWS accounts into irscan snapshots with
// aws-sdk-go-v2: credentials from the SDK's default chain (environment,
// shared profiles, SSO, web identity, IMDS), the SDK's own retryer and
// paginators, read-only operations only.
package aws

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go/logging"
	"github.com/aws/smithy-go/middleware"

	"github.com/irscan/irscan/collectors"
	"github.com/irscan/irscan/snapshot"
)

// DefaultParallel is the default bound on requests in flight.
const DefaultParallel = 16

// Options configures a collection.
type Options struct {
	// Profile is a shared-config profile (AWS_PROFILE when empty).
	Profile string
	// Regions limits collection to these regions; empty means every region
	// enabled for the account (ec2 DescribeRegions).
	Regions []string
	// EndpointURL sends every service to one base URL (private endpoints,
	// fakecloud). S3 then uses path-style addressing.
	EndpointURL string
	// Parallel bounds the requests in flight across all accounts.
	Parallel int
	// Org lists the organisation's accounts (organizations ListAccounts)
	// and assumes RoleName in each.
	Org        bool
	RoleName   string
	ExternalID string
	// Accounts limits an organisation scan to these account IDs.
	Accounts    []string
	ToolVersion string
	// Progress, when set, is told how many units (account × section ×
	// region) are done out of how many known so far.
	Progress func(done, total int)
	// ConfigOptions are extra options for config.LoadDefaultConfig (tests
	// set retry attempts with them).
	ConfigOptions []func(*config.LoadOptions) error
}

// Collect reads the caller's account, or with Org every account of the
// organisation, and returns one snapshot per account. An account that
// cannot be read (its role cannot be assumed) still gets a snapshot whose
// sections are all errors, so the report shows it; Collect itself fails
// only when nothing can be started (no credentials, no organisation).
func Collect(ctx context.Context, opts Options) ([]*snapshot.Snapshot, error) {
	if opts.Parallel <= 0 {
		opts.Parallel = DefaultParallel
	}
	inflight := make(chan struct{}, opts.Parallel)
	base, err := loadConfig(ctx, opts, nil)
	if err != nil {
		return nil, err
	}
	rootRec := &recorder{Recorder: collectors.Recorder{Log: logCall}, inflight: inflight}
	rootCfg := withRecorder(base, rootRec)
	ident, err := sts.NewFromConfig(rootCfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return nil, signInError(opts, err)
	}
	caller := aws.ToString(ident.Account)
	slog.Info("aws caller", "account", caller, "arn", aws.ToString(ident.Arn))

	targets := []target{{id: caller}}
	if opts.Org {
		if targets, err = orgAccounts(ctx, rootCfg, opts); err != nil {
			return nil, err
		}
	}
	prog := &collectors.Progress{Report: opts.Progress}
	snaps := make([]*snapshot.Snapshot, len(targets))
	var wg sync.WaitGroup
	for i, t := range targets {
		wg.Add(1)
		go func() {
			defer wg.Done()
			snaps[i] = collectAccount(ctx, opts, base, caller, t, inflight, prog)
		}()
	}
	wg.Wait()
	return snaps, nil
}

// target is one account to collect.
type target struct {
	id, name string
}

func loadConfig(ctx context.Context, opts Options, extra []func(*config.LoadOptions) error) (aws.Config, error) {
	// The SDK's own log lines (retries, IMDS fallbacks) go to slog at debug
	// level instead of straight to stderr.
	lo := []func(*config.LoadOptions) error{config.WithLogger(logging.LoggerFunc(func(c logging.Classification, format string, v ...any) {
		slog.Debug("aws sdk: "+fmt.Sprintf(format, v...), "class", string(c))
	}))}
	if opts.Profile != "" {
		lo = append(lo, config.WithSharedConfigProfile(opts.Profile))
	}
	if opts.EndpointURL != "" {
		lo = append(lo, config.WithBaseEndpoint(opts.EndpointURL))
	}
	lo = append(lo, opts.ConfigOptions...)
	lo = append(lo, extra...)
	cfg, err := config.LoadDefaultConfig(ctx, lo...)
	if err != nil {
		return aws.Config{}, fmt.Errorf("aws: loading configuration: %w", err)
	}
	if cfg.Region == "" {
		if len(opts.Regions) > 0 {
			cfg.Region = opts.Regions[0]
		} else {
			cfg.Region = "us-east-1"
		}
	}
	return cfg, nil
}

// withRecorder returns a copy of cfg whose clients record their calls.
func withRecorder(cfg aws.Config, rec *recorder) aws.Config {
	c := cfg.Copy()
	c.APIOptions = append(slices.Clone(c.APIOptions), func(s *middleware.Stack) error { return rec.install(s) })
	return c
}

func logCall(c snapshot.Call) {
	slog.Debug("aws call", "service", c.Service, "operation", c.Operation, "region", c.Region,
		"status", c.HTTPStatus, "request_id", c.RequestID, "error", c.ErrorCode, "ms", c.DurationMS)
}

// account is the state of one account's collection.
type acct struct {
	id      string
	cfg     aws.Config
	rec     *recorder
	opts    Options
	home    string   // region for global operations
	regions []string // regions collected
	fetches fetches
}

func collectAccount(ctx context.Context, opts Options, base aws.Config, caller string, t target, inflight chan struct{}, prog *collectors.Progress) *snapshot.Snapshot {
	rec := &recorder{Recorder: collectors.Recorder{Log: logCall}, inflight: inflight, account: t.id}
	snap := &snapshot.Snapshot{
		Schema:      snapshot.SchemaVersion,
		Tool:        snapshot.Tool{Name: "irscan", Version: opts.ToolVersion},
		Cloud:       "aws",
		Scope:       snapshot.Scope{Type: "account", ID: t.id, Name: t.name},
		CollectedAt: time.Now().UTC().Truncate(time.Second),
		Sections:    map[string]*snapshot.Section{},
	}
	cfg := base
	if t.id != caller {
		var err error
		cfg, err = assumeRole(ctx, base, rec, t.id, opts)
		if err != nil {
			for _, s := range sectionSpecs {
				sec := &snapshot.Section{}
				failSection(sec, err)
				sec.Status = snapshot.StatusError
				sec.Error = fmt.Sprintf("could not assume role %s in account %s: %s", roleARN(t.id, opts.RoleName), t.id, sec.Error)
				snap.Sections[s.name] = sec
			}
			snap.Calls = rec.Calls()
			prog.Add(len(sectionSpecs), len(sectionSpecs))
			return snap
		}
	}
	a := &acct{id: t.id, cfg: withRecorder(cfg, rec), rec: rec, opts: opts, home: cfg.Region}
	regionSec := a.collectRegions(ctx)
	snap.Sections["ec2.regions"] = regionSec

	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, s := range sectionSpecs {
		if s.name == "ec2.regions" {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sec := a.collectSection(ctx, s, prog)
			mu.Lock()
			snap.Sections[s.name] = sec
			mu.Unlock()
		}()
	}
	wg.Wait()
	snap.Calls = rec.Calls()
	slices.SortStableFunc(snap.Calls, func(x, y snapshot.Call) int { return strings.Compare(x.ID, y.ID) })
	return snap
}

// collectRegions reads the enabled regions (or takes --region) and stores
// them as the ec2.regions section.
func (a *acct) collectRegions(ctx context.Context) *snapshot.Section {
	sctx, sk := collectors.WithSink(ctx)
	sec := &snapshot.Section{Status: snapshot.StatusOK}
	out, err := ec2.NewFromConfig(a.cfg).DescribeRegions(sctx, &ec2.DescribeRegionsInput{})
	sec.Calls = sk.IDs()
	if err != nil {
		failSection(sec, call("ec2:DescribeRegions", err))
		a.regions = a.opts.Regions
		if len(a.regions) == 0 {
			a.regions = []string{a.home}
		}
		return sec
	}
	var regions []ec2types.Region
	for _, r := range out.Regions {
		name := aws.ToString(r.RegionName)
		if len(a.opts.Regions) == 0 || slices.Contains(a.opts.Regions, name) {
			regions = append(regions, r)
			a.regions = append(a.regions, name)
		}
	}
	for _, want := range a.opts.Regions {
		if !slices.Contains(a.regions, want) {
			sec.Status = snapshot.StatusError
			sec.Error = fmt.Sprintf("--region %s is not enabled for account %s", want, a.id)
		}
	}
	slices.Sort(a.regions)
	from := "ec2:DescribeRegions"
	if len(a.opts.Regions) > 0 {
		from = "--region (enabled regions not named there are not collected)"
	}
	slog.Info("aws regions", "account", a.id, "regions", strings.Join(a.regions, ","), "from", from)
	slices.SortFunc(regions, func(x, y ec2types.Region) int {
		return strings.Compare(aws.ToString(x.RegionName), aws.ToString(y.RegionName))
	})
	data, err := json.Marshal(plain(map[string]any{"Regions": regions}))
	if err != nil {
		panic(err) // SDK output structs always marshal
	}
	sec.Data = data
	return sec
}
