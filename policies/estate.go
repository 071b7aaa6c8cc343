package policies

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage/inmem"

	"github.com/irscan/irscan/snapshot"
)

// Estate is what the snapshots of one run offer each other (DESIGN: "the
// estate"). The first pass adds every snapshot's facts (Engine.Facts), a few
// small values its cloud's irscan.facts package derives from it: an
// organisation trail's log group, a workspace's connectors, an
// organisation's sinks. The second pass evaluates every snapshot against
// its own sections plus data.estate (Engine.Bind). The same scope given
// twice is kept once: the snapshot with the newest collected_at.
//
// Add is safe for concurrent use; Document and Bind read a complete estate.
type Estate struct {
	mu         sync.Mutex
	scopes     map[scopeKey]*estateEntry
	superseded []Superseded
}

type scopeKey struct{ cloud, typ, id string }

type estateEntry struct {
	cloud       string
	scope       snapshot.Scope
	path        string
	sha256      string
	collectedAt time.Time
	problems    []map[string]any
	facts       map[string]any
}

// Superseded is a snapshot left out because a newer one of the same scope
// was given in the same run.
type Superseded struct {
	Path        string         `json:"path"`
	SHA256      string         `json:"sha256"`
	Cloud       string         `json:"cloud"`
	Scope       snapshot.Scope `json:"scope"`
	CollectedAt time.Time      `json:"collected_at"`
	// By is the path of the snapshot judged instead.
	By string `json:"superseded_by"`
}

// NewEstate returns an empty estate.
func NewEstate() *Estate {
	return &Estate{scopes: map[scopeKey]*estateEntry{}}
}

// newer orders two snapshots of one scope: the newest collected_at wins; on
// a tie the one whose path (then digest) sorts first, so that the choice
// never depends on the order of the inputs.
func newer(a, b *estateEntry) bool {
	if !a.collectedAt.Equal(b.collectedAt) {
		return a.collectedAt.After(b.collectedAt)
	}
	return cmp.Or(cmp.Compare(a.path, b.path), cmp.Compare(a.sha256, b.sha256)) < 0
}

// Add records a snapshot and its facts. A second snapshot of the same scope
// supersedes the first when it is newer (see newer) and is superseded
// otherwise.
func (es *Estate) Add(l *snapshot.Loaded, facts map[string]any) {
	s := l.Snapshot
	ent := &estateEntry{cloud: s.Cloud, scope: s.Scope, path: l.Path, sha256: l.SHA256, collectedAt: s.CollectedAt.UTC(), facts: facts}
	for _, name := range slices.Sorted(maps.Keys(s.Sections)) {
		for _, p := range s.Sections[name].Problems() {
			ent.problems = append(ent.problems, map[string]any{"section": name, "region": p.Region, "text": problemMessage(name, p)})
		}
	}
	k := scopeKey{s.Cloud, s.Scope.Type, s.Scope.ID}
	es.mu.Lock()
	defer es.mu.Unlock()
	old, ok := es.scopes[k]
	switch {
	case !ok:
		es.scopes[k] = ent
	case newer(ent, old):
		es.scopes[k] = ent
		es.superseded = append(es.superseded, superseded(old, ent))
	default:
		es.superseded = append(es.superseded, superseded(ent, old))
	}
}

func superseded(old, by *estateEntry) Superseded {
	return Superseded{Path: old.path, SHA256: old.sha256, Cloud: old.cloud, Scope: old.scope, CollectedAt: old.collectedAt, By: by.path}
}

// Judged reports whether l is the snapshot kept for its scope (false for a
// superseded one, or one never added).
func (es *Estate) Judged(l *snapshot.Loaded) bool {
	s := l.Snapshot
	es.mu.Lock()
	defer es.mu.Unlock()
	ent, ok := es.scopes[scopeKey{s.Cloud, s.Scope.Type, s.Scope.ID}]
	return ok && ent.path == l.Path && ent.sha256 == l.SHA256
}

// Superseded lists the snapshots left out, sorted by path. A snapshot first
// kept then superseded by a newer one is listed with the one that won in
// the end.
func (es *Estate) Superseded() []Superseded {
	es.mu.Lock()
	defer es.mu.Unlock()
	out := make([]Superseded, 0, len(es.superseded))
	for _, s := range es.superseded {
		s.By = es.scopes[scopeKey{s.Cloud, s.Scope.Type, s.Scope.ID}].path
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b Superseded) int { return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.SHA256, b.SHA256)) })
	return out
}

// Document is data.estate: cloud → scope type → scope ID → {cloud, type,
// id, name, snapshot, collected_at, problems, facts}.
func (es *Estate) Document() map[string]any {
	es.mu.Lock()
	defer es.mu.Unlock()
	doc := map[string]any{}
	for k, ent := range es.scopes {
		byType, _ := doc[k.cloud].(map[string]any)
		if byType == nil {
			byType = map[string]any{}
			doc[k.cloud] = byType
		}
		byID, _ := byType[k.typ].(map[string]any)
		if byID == nil {
			byID = map[string]any{}
			byType[k.typ] = byID
		}
		problems := make([]any, 0, len(ent.problems))
		for _, p := range ent.problems {
			problems = append(problems, p)
		}
		facts := ent.facts
		if facts == nil {
			facts = map[string]any{}
		}
		byID[k.id] = map[string]any{
			"cloud": ent.cloud, "type": ent.scope.Type, "id": ent.scope.ID, "name": ent.scope.Name,
			"snapshot": ent.path, "collected_at": ent.collectedAt.Format(time.RFC3339),
			"problems": problems, "facts": facts,
		}
	}
	return doc
}

// owner resolves a finding's owner reference against the estate: the scope
// must be in it.
func (es *Estate) owner(r *rawOwner) (*Owner, error) {
	es.mu.Lock()
	ent, ok := es.scopes[scopeKey{r.Cloud, r.Type, r.ID}]
	es.mu.Unlock()
	if !ok {
		return nil, fmt.Errorf("owner %s %s %s is not in the estate", r.Cloud, r.Type, r.ID)
	}
	ptrs := slices.Clone(r.Evidence)
	if ptrs == nil {
		ptrs = []string{}
	}
	slices.Sort(ptrs)
	return &Owner{Cloud: ent.cloud, Scope: ent.scope, Resource: r.Resource, Snapshot: ent.path, Pointers: slices.Compact(ptrs)}, nil
}

// Facts evaluates the snapshot's cloud's irscan.facts package: what the
// snapshot offers the other scopes of the run.
func (e *Engine) Facts(ctx context.Context, l *snapshot.Loaded) (map[string]any, error) {
	pq, ok := e.facts[l.Snapshot.Cloud]
	if !ok {
		return map[string]any{}, nil
	}
	value, err := e.input(l, nil, nil)
	if err != nil {
		return nil, err
	}
	rs, err := pq.Eval(ctx, rego.EvalParsedInput(value))
	if err != nil {
		return nil, fmt.Errorf("%s: deriving %s facts: %w", l.Path, l.Snapshot.Cloud, err)
	}
	out := map[string]any{}
	if len(rs) > 0 && len(rs[0].Expressions) > 0 {
		if m, ok := rs[0].Expressions[0].Value.(map[string]any); ok {
			out = m
		}
	}
	return out, nil
}

// Evaluator evaluates snapshots against one estate. It is safe for
// concurrent use.
type Evaluator struct {
	engine  *Engine
	estate  *Estate
	queries map[string]rego.PreparedEvalQuery
	// own are the queries of the checks from --policies, by check ID: each
	// is evaluated on an input holding only the sections it declares.
	own map[string]rego.PreparedEvalQuery
}

// builtInQuery is one query for the built-in checks of a cloud: an object
// of each check's findings by package path. The checks of one's own are not
// in it: each runs by its own query, on its declared sections, with bounds.
func builtInQuery(checks []*Check) string {
	var parts []string
	for _, c := range checks {
		if c.builtIn() {
			parts = append(parts, fmt.Sprintf("%q: %s.findings", c.Package, c.Package))
		}
	}
	return "x := {" + strings.Join(parts, ", ") + "}"
}

// Bind prepares the checks with data.estate set to the estate's document.
// The estate must be complete: call Bind after every Add.
func (e *Engine) Bind(ctx context.Context, es *Estate) (*Evaluator, error) {
	store := inmem.NewFromObjectWithOpts(map[string]any{"estate": es.Document()}, inmem.OptRoundTripOnWrite(true))
	v := &Evaluator{engine: e, estate: es, queries: map[string]rego.PreparedEvalQuery{}, own: map[string]rego.PreparedEvalQuery{}}
	for _, cloud := range Clouds {
		if len(e.byCloud[cloud]) == 0 {
			continue
		}
		pq, err := rego.New(
			rego.Query(builtInQuery(e.byCloud[cloud])),
			rego.Compiler(e.compiler),
			rego.Store(store),
			rego.Capabilities(capabilities()),
		).PrepareForEval(ctx)
		if err != nil {
			return nil, fmt.Errorf("preparing %s checks: %w", cloud, err)
		}
		v.queries[cloud] = pq
		for _, c := range e.byCloud[cloud] {
			if c.builtIn() {
				continue
			}
			pq, err := rego.New(
				rego.Query(c.Package+".findings"),
				rego.Compiler(e.compiler),
				rego.Store(store),
				rego.Capabilities(capabilities()),
			).PrepareForEval(ctx)
			if err != nil {
				return nil, fmt.Errorf("preparing %s: %w", c.ID, err)
			}
			v.own[c.ID] = pq
		}
	}
	return v, nil
}
