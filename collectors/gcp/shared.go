package gcp

import (
	"context"
	"sync"

	"github.com/irscan/irscan/collectors"
	"github.com/irscan/irscan/snapshot"
)

// Reading each resource once per run. A folder's settings are read for
// every project below it, the organisation's detector settings (which
// name where an effective value is set) for every project, and the
// organisation's other settings for every project of a --project or
// --folder scan; a topic, a sink bucket or a project's functions may be
// named by several scopes. Every read goes through
// collector.reads, keyed by what it reads, so the API sees it once; each
// snapshot that uses it gets a copy of its calls (with that snapshot's
// call IDs), so that every snapshot stands on its own and its sections
// cite the calls that filled them.

type captureKey struct{}

// capture gathers the calls made under one context (one read).
type capture struct {
	mu    sync.Mutex
	calls []snapshot.Call
}

func (c *capture) add(call snapshot.Call) {
	c.mu.Lock()
	c.calls = append(c.calls, call)
	c.mu.Unlock()
}

func (c *capture) list() []snapshot.Call {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]snapshot.Call(nil), c.calls...)
}

func withCapture(ctx context.Context) (context.Context, *capture) {
	c := &capture{}
	return context.WithValue(ctx, captureKey{}, c), c
}

func captureFrom(ctx context.Context) *capture {
	c, _ := ctx.Value(captureKey{}).(*capture)
	return c
}

// reads memoises the API reads of one run.
type reads struct {
	mu sync.Mutex
	m  map[string]*readEntry
}

type readEntry struct {
	once  sync.Once
	val   any
	err   error
	calls []snapshot.Call
}

// do runs fn the first time key is asked for and returns its result, its
// error and the calls it made every time.
func (r *reads) do(ctx context.Context, key string, fn func(context.Context) (any, error)) (any, []snapshot.Call, error) {
	r.mu.Lock()
	if r.m == nil {
		r.m = map[string]*readEntry{}
	}
	e := r.m[key]
	if e == nil {
		e = &readEntry{}
		r.m[key] = e
	}
	r.mu.Unlock()
	e.once.Do(func() {
		cctx, cp := withCapture(ctx)
		e.val, e.err = fn(cctx)
		e.calls = cp.list()
	})
	return e.val, e.calls, e.err
}

// readTyped is reads.do for a typed result.
func readTyped[T any](ctx context.Context, c *collector, key string, fn func(context.Context) (T, error)) (T, []snapshot.Call, error) {
	v, calls, err := c.reads.do(ctx, key, func(ctx context.Context) (any, error) { return fn(ctx) })
	out, _ := v.(T)
	return out, calls, err
}

// read is a run-wide read used by one scope: the first use in the scope
// copies the read's calls into the scope's snapshot, and every use cites
// them in the section being filled (collectors.Fetch).
func read[T any](ctx context.Context, t *target, key string, fn func(context.Context) (T, error)) (T, error) {
	t.mu.Lock()
	f := t.fetches[key]
	if f == nil {
		f = &collectors.Fetch[any]{}
		t.fetches[key] = f
	}
	t.mu.Unlock()
	v, err := f.Get(ctx, func(fctx context.Context) (any, error) {
		val, calls, err := t.c.reads.do(fctx, key, func(ctx context.Context) (any, error) { return fn(ctx) })
		t.importCalls(fctx, calls)
		return val, err
	})
	out, _ := v.(T)
	return out, err
}

// importCalls copies calls made elsewhere into the scope's snapshot, cited
// by ctx's section.
func (t *target) importCalls(ctx context.Context, calls []snapshot.Call) {
	for _, c := range calls {
		t.rec.Add(ctx, c)
	}
}
