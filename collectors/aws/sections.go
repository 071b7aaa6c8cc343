package aws

import (
	"context"
	"sync"

	"github.com/irscan/irscan/collectors"
	"github.com/irscan/irscan/snapshot"
)

// spec describes how to fill one snapshot section.
type spec struct {
	name string
	// regional sections are collected in each region that regions returns.
	regional bool
	// regions, for regional sections that do not cover every enabled region
	// (Incident Manager), picks the regions; nil means every enabled region.
	regions func(ctx context.Context, a *acct) ([]string, error)
	// collect reads the data of the section (in region, for regional ones;
	// in the account's home region otherwise).
	collect func(ctx context.Context, a *acct, region string) (any, error)
}

// collectSection runs one spec and returns the filled section.
func (a *acct) collectSection(ctx context.Context, s spec, prog *collectors.Progress) *snapshot.Section {
	if !s.regional {
		prog.Add(0, 1)
		sec := a.run(ctx, s, a.home)
		prog.Add(1, 0)
		return sec
	}
	sec := &snapshot.Section{Status: snapshot.StatusOK, Regions: map[string]*snapshot.Section{}}
	regions := a.regions
	if s.regions != nil {
		sctx, sk := collectors.WithSink(ctx)
		rs, err := s.regions(sctx, a)
		sec.Calls = sk.IDs()
		if err != nil {
			failSection(sec, err)
			return sec
		}
		regions = rs
	}
	prog.Add(0, len(regions))
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, r := range regions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rs := a.run(ctx, s, r)
			mu.Lock()
			sec.Regions[r] = rs
			mu.Unlock()
			prog.Add(1, 0)
		}()
	}
	wg.Wait()
	sec.Status = worst(sec.Regions)
	return sec
}

// run collects one section (or region) and attributes its calls.
func (a *acct) run(ctx context.Context, s spec, region string) *snapshot.Section {
	return collectors.Fill(ctx, func(ctx context.Context) (any, error) {
		data, err := s.collect(ctx, a, region)
		return plain(data), err
	}, failSection)
}

// worst is the status of a regional section: ok only when every region is.
func worst(regions map[string]*snapshot.Section) snapshot.Status {
	rank := map[snapshot.Status]int{snapshot.StatusOK: 0, snapshot.StatusSkipped: 1, snapshot.StatusError: 2, snapshot.StatusDenied: 3}
	out := snapshot.StatusOK
	for _, r := range regions {
		if rank[r.Status] > rank[out] {
			out = r.Status
		}
	}
	return out
}
