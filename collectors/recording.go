package collectors

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sync"

	"github.com/irscan/irscan/snapshot"
)

// Recorder collects the API calls one scope's collection makes, in order,
// giving each its snapshot call ID (c0001, c0002, ...). It is safe for
// concurrent use.
type Recorder struct {
	mu    sync.Mutex
	calls []snapshot.Call
	// Log, when set, is told of every call (debug logging).
	Log func(snapshot.Call)
}

// Add records a call, attributes it to the context's sink (the section
// being collected) and returns its ID.
func (r *Recorder) Add(ctx context.Context, c snapshot.Call) string {
	r.mu.Lock()
	c.ID = fmt.Sprintf("c%04d", len(r.calls)+1)
	r.calls = append(r.calls, c)
	r.mu.Unlock()
	if r.Log != nil {
		r.Log(c)
	}
	if s := SinkFrom(ctx); s != nil {
		s.Add(c.ID)
	}
	return c.ID
}

// Calls returns the calls recorded so far (never nil: a snapshot lists
// its calls even when there are none).
func (r *Recorder) Calls() []snapshot.Call {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]snapshot.Call{}, r.calls...)
}

type sinkKey struct{}

// Sink gathers the IDs of the calls made under one context: the calls
// that filled one section.
type Sink struct {
	mu  sync.Mutex
	ids []string
}

// Add appends call IDs.
func (s *Sink) Add(ids ...string) {
	s.mu.Lock()
	s.ids = append(s.ids, ids...)
	s.mu.Unlock()
}

// IDs returns the call IDs gathered so far.
func (s *Sink) IDs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.ids)
}

// WithSink returns a context whose calls are attributed to a new sink.
func WithSink(ctx context.Context) (context.Context, *Sink) {
	s := &Sink{}
	return context.WithValue(ctx, sinkKey{}, s), s
}

// SinkFrom returns the context's sink, or nil.
func SinkFrom(ctx context.Context) *Sink {
	s, _ := ctx.Value(sinkKey{}).(*Sink)
	return s
}

// Fetch memoises one read that several sections need (e.g. the trails
// both cloudtrail.trails and s3.trail_buckets use): it is made once, and
// every section that uses it cites its calls.
type Fetch[T any] struct {
	once  sync.Once
	val   T
	err   error
	calls []string
}

// Get runs fn the first time and returns its result every time, adding
// the calls it made to ctx's sink.
func (f *Fetch[T]) Get(ctx context.Context, fn func(context.Context) (T, error)) (T, error) {
	f.once.Do(func() {
		fctx, sk := WithSink(context.WithoutCancel(ctx))
		f.val, f.err = fn(fctx)
		f.calls = sk.IDs()
	})
	if s := SinkFrom(ctx); s != nil {
		s.Add(f.calls...)
	}
	return f.val, f.err
}

// Fill collects one section: it runs read with a fresh sink, stores the
// data as JSON with secrets scrubbed, or lets fail turn the error into the
// section's status (denied with the permission, error, skipped). The
// section cites the calls read made.
func Fill(ctx context.Context, read func(context.Context) (any, error), fail func(*snapshot.Section, error)) *snapshot.Section {
	sctx, sk := WithSink(ctx)
	data, err := read(sctx)
	sec := &snapshot.Section{Status: snapshot.StatusOK, Calls: sk.IDs()}
	if err != nil {
		fail(sec, err)
		return sec
	}
	raw, err := json.Marshal(data)
	if err != nil {
		// Section data are SDK models and JSON values, which always marshal.
		panic(err)
	}
	sec.Data = snapshot.Scrub(raw)
	return sec
}

// Progress counts units of collection work (scope × section × region)
// across goroutines and reports them to a callback (the CLI's progress bar).
type Progress struct {
	mu          sync.Mutex
	done, total int
	// Report, when set, is told the running counts.
	Report func(done, total int)
}

// Add adds to the units done and to the units known.
func (p *Progress) Add(done, total int) {
	if p == nil || p.Report == nil {
		return
	}
	p.mu.Lock()
	p.done += done
	p.total += total
	d, t := p.done, p.total
	p.mu.Unlock()
	p.Report(d, t)
}
