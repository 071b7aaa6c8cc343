// Package pipeline is the one run of irscan shared by evaluate, scan and
// verify: it judges the snapshots of a run as one estate, in two streaming
// passes, and builds the report model.
//
//  1. Facts: each snapshot is read and its cloud's facts (policies.Engine.Facts)
//     are added to the estate; the same scope given twice keeps the newest
//     snapshot.
//  2. Verdicts: each kept snapshot is read again and evaluated against its
//     own sections plus data.estate; attestations and waivers are applied.
//
// Snapshots are read one at a time and handed to GOMAXPROCS workers in both
// passes, so memory holds the facts and the findings, never every snapshot.
package pipeline

import (
	"context"
	"log/slog"
	"maps"
	"path/filepath"
	"runtime"
	"slices"
	"sync"

	"github.com/irscan/irscan/mappings"
	"github.com/irscan/irscan/policies"
	"github.com/irscan/irscan/reports"
	"github.com/irscan/irscan/snapshot"
)

// Source yields the snapshots of a run one at a time. Each is called once
// per pass and must yield the same snapshots every time.
type Source struct {
	// Count is the number of snapshots Each yields (for progress).
	Count int
	Each  func(func(*snapshot.Loaded) error) error
}

// Files is the Source of snapshot files, read from disk in each pass; the
// second pass does not validate again the bytes the first one validated.
func Files(paths []string) Source {
	v := new(snapshot.Validated)
	return Source{Count: len(paths), Each: func(fn func(*snapshot.Loaded) error) error { return v.Each(paths, fn) }}
}

// Loaded is the Source of snapshots already in memory.
func Loaded(ls []*snapshot.Loaded) Source {
	return Source{Count: len(ls), Each: func(fn func(*snapshot.Loaded) error) error {
		for _, l := range ls {
			if err := fn(l); err != nil {
				return err
			}
		}
		return nil
	}}
}

// View is the engine as the report names it: verify substitutes the policy
// digest and check sources of the run it re-evaluates.
type View interface {
	Checks() []policies.Check
	Digest() string
	Config() policies.Config
	Catalogue() *mappings.Catalogue
}

// Options configures a run.
type Options struct {
	ToolVersion string
	Engine      *policies.Engine
	// View, when set, is what the report says of the engine (default Engine).
	View         View
	FailOn       string
	Controls     []string
	Inputs       []reports.InputFile
	Waivers      *policies.Waivers
	Attestations *policies.Attestations
	// Progress, when set, is told of every snapshot done in either pass
	// (2 × Source.Count in all).
	Progress func(n int)
}

// Run judges the snapshots of src as one estate and builds the report.
func Run(ctx context.Context, src Source, opts Options) (*reports.Report, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	progress := opts.Progress
	if progress == nil {
		progress = func(int) {}
	}
	engine := opts.Engine

	// Pass 1: facts.
	estate := policies.NewEstate()
	err := parallel(ctx, src, func(ctx context.Context, l *snapshot.Loaded) error {
		facts, err := engine.Facts(ctx, l)
		if err != nil {
			return err
		}
		estate.Add(l, facts)
		progress(1)
		return nil
	})
	if err != nil {
		return nil, err
	}
	superseded := estate.Superseded()
	for _, s := range superseded {
		slog.Warn("snapshot superseded: the same scope is given twice, the newer snapshot is judged",
			"snapshot", filepath.ToSlash(s.Path), "cloud", s.Cloud, "scope", s.Scope.Type+" "+s.Scope.ID,
			"collected_at", s.CollectedAt, "judged", filepath.ToSlash(s.By))
	}
	eval, err := engine.Bind(ctx, estate)
	if err != nil {
		return nil, err
	}

	// Pass 2: verdicts.
	var (
		mu       sync.Mutex
		findings []policies.Finding
		refs     []reports.SnapshotRef
		provider []reports.ProviderControl
	)
	err = parallel(ctx, src, func(ctx context.Context, l *snapshot.Loaded) error {
		defer progress(1)
		if !estate.Judged(l) {
			return nil
		}
		s := l.Snapshot
		fs, err := eval.Evaluate(ctx, l, opts.Attestations.For(s.Cloud, s.Scope.ID))
		if err != nil {
			return err
		}
		opts.Waivers.Apply(fs, s.CollectedAt)
		ref := snapshotRef(l)
		pcs := reports.ProviderControls(s)
		mu.Lock()
		findings = append(findings, fs...)
		refs = append(refs, ref)
		provider = append(provider, pcs...)
		mu.Unlock()
		slog.Debug("evaluated snapshot", "path", l.Path, "cloud", s.Cloud, "scope", s.Scope.ID, "findings", len(fs))
		return nil
	})
	if err != nil {
		return nil, err
	}
	var view View = engine
	if opts.View != nil {
		view = opts.View
	}
	return reports.Build(reports.BuildInput{
		ToolVersion: opts.ToolVersion,
		Engine:      view,
		FailOn:      opts.FailOn,
		Controls:    opts.Controls,
		Inputs:      opts.Inputs,
		Snapshots:   refs,
		Superseded:  superseded,
		Findings:    findings,
		Waivers:     opts.Waivers,
		Provider:    provider,
	}), nil
}

// parallel hands the snapshots of src to GOMAXPROCS workers and stops at
// the first error (from reading or from fn).
func parallel(ctx context.Context, src Source, fn func(context.Context, *snapshot.Loaded) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		mu      sync.Mutex
		workErr error
	)
	work := make(chan *snapshot.Loaded)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for l := range work {
				if err := fn(ctx, l); err != nil {
					mu.Lock()
					if workErr == nil {
						workErr = err
					}
					mu.Unlock()
					cancel()
				}
			}
		}()
	}
	err := src.Each(func(l *snapshot.Loaded) error {
		select {
		case work <- l:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	})
	close(work)
	wg.Wait()
	if workErr != nil {
		return workErr
	}
	return err
}

// snapshotRef is how the report lists an evaluated snapshot: its digest,
// scope and the sections it could not read.
func snapshotRef(l *snapshot.Loaded) reports.SnapshotRef {
	s := l.Snapshot
	ref := reports.SnapshotRef{Path: filepath.ToSlash(l.Path), SHA256: l.SHA256, Cloud: s.Cloud, Scope: s.Scope, CollectedAt: s.CollectedAt.UTC(), Gaps: []reports.Gap{},
		Calls: s.Calls} // reports.Build keeps the calls findings cite
	for _, n := range slices.Sorted(maps.Keys(s.Sections)) {
		for _, p := range s.Sections[n].Problems() {
			ref.Gaps = append(ref.Gaps, reports.Gap{Section: n, Region: p.Region, Status: string(p.Status), Error: p.Error, Action: p.Action})
		}
	}
	return ref
}
