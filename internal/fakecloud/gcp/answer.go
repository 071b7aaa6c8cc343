package gcp

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"

	"github.com/irscan/irscan/internal/fakecloud/fixture"
)

// answer serves the call's fixture, or a synthesised, "empty" or
// missing-fixture reply.
func (s *Server) answer(r *request) reply {
	rt := r.route
	if pages := s.fixtures.get(r.key); pages != nil {
		return s.serveFixture(r, pages)
	}
	if rt.synth != nil {
		if rep, ok := rt.synth(s, r); ok {
			if rep.err == nil && rt.list != "" {
				return s.serveList(r, rep)
			}
			return rep
		}
	}
	if s.scenario.missingMode(r.project) == "empty" {
		return s.emptyAnswer(r)
	}
	return reply{fault: "missing-fixture", err: internal(fmt.Sprintf(
		"fakecloud: no fixture for %s %s (%s): looked for %s.json or .error.yaml in %s",
		r.hr.Method, r.hr.URL.Path, kindID(rt.id, r.m.kind), fixtureName(r.key), s.dir))}
}

// emptyAnswer is what a resource where nothing is configured answers. An
// empty list has a single page, so any page token is one the fake did not
// issue.
func (s *Server) emptyAnswer(r *request) reply {
	if tok := r.query.Get("pageToken"); tok != "" && r.route.list != "" {
		return invalidPageToken(tok)
	}
	switch {
	case r.route.empty != nil:
		return r.route.empty(s, r)
	case r.route.list != "":
		return reply{body: []byte("{}")}
	}
	return reply{err: notFound("Requested entity was not found.")}
}

// serveFixture answers from a fixture, picking the page the request's
// pageToken asks for and writing the next page's token.
func (s *Server) serveFixture(r *request, pages []*fixtureFile) reply {
	n := 1
	if r.route.list != "" {
		if tok := r.query.Get("pageToken"); tok != "" {
			p, ok := tokenPage(tok, r.key)
			if !ok || p > len(pages) {
				return invalidPageToken(tok)
			}
			n = p
		}
	}
	f := pages[n-1]
	rep := reply{fixture: f.rel, page: n}
	if f.err != nil {
		rep.err = f.err
		return rep
	}
	rep.body = fixture.ExpandTimes(f.body, s.now())
	if r.route.list != "" {
		next := ""
		if n < len(pages) {
			next = pageToken(n+1, r.key)
		}
		body, err := s.listPage(r, rep.body, nil, next)
		if err != nil {
			return reply{err: internal(fmt.Sprintf("fakecloud: %s: %v", f.rel, err)), fixture: f.rel}
		}
		rep.body = body
	}
	return rep
}

// serveList pages a synthesised list by the request's pageSize (all at
// once when it is not set).
func (s *Server) serveList(r *request, rep reply) reply {
	var obj map[string]json.RawMessage
	var items []json.RawMessage
	if err := json.Unmarshal(rep.body, &obj); err != nil {
		return reply{err: internal("fakecloud: synthesised list: " + err.Error())}
	}
	if raw, ok := obj[r.route.list]; ok {
		if err := json.Unmarshal(raw, &items); err != nil {
			return reply{err: internal("fakecloud: synthesised list: " + err.Error())}
		}
	}
	items = s.filterItems(r, items)
	size, _ := strconv.Atoi(r.query.Get("pageSize"))
	if size <= 0 || size > len(items) {
		size = max(len(items), 1)
	}
	pages := max((len(items)+size-1)/size, 1)
	n := 1
	if tok := r.query.Get("pageToken"); tok != "" {
		p, ok := tokenPage(tok, r.key)
		if !ok || p > pages {
			return invalidPageToken(tok)
		}
		n = p
	}
	next := ""
	if n < pages {
		next = pageToken(n+1, r.key)
	}
	page := items[min((n-1)*size, len(items)):min(n*size, len(items))]
	body, err := s.listPage(r, rep.body, page, next)
	if err != nil {
		return reply{err: internal("fakecloud: synthesised list: " + err.Error())}
	}
	return reply{body: body, page: n}
}

// listPage returns a list body with its items filtered (or replaced by
// items, when not nil) and its nextPageToken set to next, or removed on
// the last page, whatever the body held.
func (s *Server) listPage(r *request, body []byte, items []json.RawMessage, next string) ([]byte, error) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(body, &obj); err != nil {
		return nil, err
	}
	switch {
	case items != nil:
		if len(items) == 0 {
			delete(obj, r.route.list)
		} else {
			obj[r.route.list], _ = json.Marshal(items)
		}
	case r.route.filter != nil:
		if raw, ok := obj[r.route.list]; ok {
			var all []json.RawMessage
			if err := json.Unmarshal(raw, &all); err != nil {
				return nil, fmt.Errorf("%s: %w", r.route.list, err)
			}
			if kept := s.filterItems(r, all); len(kept) > 0 {
				obj[r.route.list], _ = json.Marshal(kept)
			} else {
				delete(obj, r.route.list)
			}
		}
	}
	delete(obj, "nextPageToken")
	if next != "" {
		obj["nextPageToken"], _ = json.Marshal(next)
	}
	return json.MarshalIndent(obj, "", "  ")
}

// filterItems keeps the list items the route's filter lets through.
func (s *Server) filterItems(r *request, items []json.RawMessage) []json.RawMessage {
	if r.route.filter == nil {
		return items
	}
	kept := make([]json.RawMessage, 0, len(items))
	for _, raw := range items {
		var item map[string]any
		if json.Unmarshal(raw, &item) == nil && r.route.filter(s, r, item) {
			kept = append(kept, raw)
		}
	}
	return kept
}

// Paging: a list fixture may have several pages (<name>.json,
// <name>.page2.json, ...) and synthesised lists are cut by pageSize. The
// fake writes a token into every page but the last and reads it back from
// pageToken to pick the next page. Tokens are opaque to clients and bound
// to the request key they were issued for.

// pageToken is the token that asks for page n of a request key.
func pageToken(n int, key string) string {
	return fmt.Sprintf("fakecloud-p%d-%s", n, tokenHash(key))
}

func tokenHash(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:6])
}

var tokenRe = regexp.MustCompile(`^fakecloud-p([0-9]+)-([0-9a-f]{12})$`)

// tokenPage returns the page a token asks for; ok is false when the token
// was not issued for this key.
func tokenPage(token, key string) (int, bool) {
	m := tokenRe.FindStringSubmatch(token)
	if m == nil || m[2] != tokenHash(key) {
		return 0, false
	}
	n, err := strconv.Atoi(m[1])
	return n, err == nil && n >= 2
}

// invalidPageToken is the 400 for a token the fake did not issue.
func invalidPageToken(token string) reply {
	return reply{fault: "invalid-page-token", err: &apiError{Code: http.StatusBadRequest, Legacy: "invalid",
		Message: fmt.Sprintf("The page token %q is invalid.", token)}}
}
