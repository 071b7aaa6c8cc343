package gcp

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"sort"
	"strings"

	"github.com/irscan/irscan/internal/fakecloud/fixture"
)

// A fixture answers one request key: the request path (without the leading
// slash, projects named by ID) plus, for the few routes whose answer depends
// on a query parameter, "?name=value". Its file mirrors that key, each path
// segment escaped (see escapeSegment) so that every name is valid on every
// file system and in a Go module zip:
//
//	v1/organizations/123456789012/contacts                 → v1/organizations/123456789012/contacts.json
//	v1/projects/acme-prod/contacts:compute                 → v1/projects/acme-prod/contacts%3Acompute.json
//	v3/projects/acme-prod:getIamPolicy                     → v3/projects/acme-prod%3AgetIamPolicy.json
//	storage/v1/b?project=acme-data                         → storage/v1/b%3Fproject=acme-data.json
//	v3/projects?parent=folders/456                         → v3/projects%3Fparent=folders%2F456.json
//
// Page n of a list is <name>.page<n>.json; <name>.error.yaml answers with an
// error instead (also per page: <name>.page2.error.yaml).

// fixtureFile is one loaded response file.
type fixtureFile struct {
	rel  string    // path relative to the scenario directory
	body []byte    // success body (.json)
	err  *apiError // error (.error.yaml)
}

// errorFixture is the content of a .error.yaml file.
type errorFixture struct {
	Code     int               `yaml:"code"`
	Status   string            `yaml:"status"`
	Message  string            `yaml:"message"`
	Reason   string            `yaml:"reason"`
	Domain   string            `yaml:"domain"`
	Metadata map[string]string `yaml:"metadata"`
}

// fixtureSet is every response file of a scenario, by request key; pages[k]
// holds page 1, 2, ... of key k.
type fixtureSet struct {
	pages map[string][]*fixtureFile
}

// get returns the pages of a key, or nil.
func (set *fixtureSet) get(key string) []*fixtureFile { return set.pages[key] }

// keysWithPrefix returns the keys starting with prefix, sorted.
func (set *fixtureSet) keysWithPrefix(prefix string) []string {
	var out []string
	for k := range set.pages {
		if strings.HasPrefix(k, prefix) {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// loadFixtures reads every response file under the scenario directory and
// checks it: its name must be the key of a request the fake serves, on a
// resource of the scenario, and its body well-formed. Every problem is
// reported at once, with the file named.
func loadFixtures(fsys fs.FS, sc *Scenario) (*fixtureSet, error) {
	set := &fixtureSet{pages: map[string][]*fixtureFile{}}
	var errs []error
	err := fs.WalkDir(fsys, ".", func(rel string, d fs.DirEntry, err error) error {
		if err != nil {
			errs = append(errs, err)
			return nil
		}
		if d.IsDir() || rel == "scenario.yaml" || strings.HasSuffix(rel, ".md") {
			return nil
		}
		if err := set.load(fsys, sc, rel); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", rel, err))
		}
		return nil
	})
	if err != nil {
		errs = append(errs, err)
	}
	for key, pages := range set.pages {
		for i, f := range pages {
			if f == nil {
				errs = append(errs, fmt.Errorf("%s: page %d of %d is missing", fixtureName(key), i+1, len(pages)))
			}
		}
	}
	if err := fixture.JoinErrors(errs); err != nil {
		return nil, err
	}
	return set, nil
}

// load checks one file and stores it.
func (set *fixtureSet) load(fsys fs.FS, sc *Scenario, rel string) error {
	key, page, kind, err := parseFixturePath(rel)
	if err != nil {
		return err
	}
	rt, m, err := checkKey(sc, key)
	if err != nil {
		return err
	}
	if page > 1 && rt.list == "" {
		return fmt.Errorf("%s is not a list, so it cannot have pages", kindID(rt.id, m.kind))
	}
	data, err := fs.ReadFile(fsys, rel)
	if err != nil {
		return err
	}
	f := &fixtureFile{rel: rel}
	switch kind {
	case "error":
		var ef errorFixture
		if err := fixture.DecodeYAML(data, &ef); err != nil {
			return err
		}
		if ef.Code < 400 || ef.Code > 599 {
			return fmt.Errorf("code %d is not an HTTP error status (400-599)", ef.Code)
		}
		f.err = &apiError{Code: ef.Code, Status: ef.Status, Message: ef.Message,
			Reason: ef.Reason, Domain: ef.Domain, Metadata: ef.Metadata, Legacy: ef.Reason}
	case "json":
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(data, &obj); err != nil {
			return fmt.Errorf("not a JSON object: %w", err)
		}
		f.body = bytes.TrimSpace(data)
	}
	pages := set.pages[key]
	for len(pages) < page {
		pages = append(pages, nil)
	}
	if pages[page-1] != nil {
		return fmt.Errorf("answers the same request as %s", pages[page-1].rel)
	}
	pages[page-1] = f
	set.pages[key] = pages
	return nil
}

// parseFixturePath splits a file path into its request key, page number
// and kind ("json" or "error").
func parseFixturePath(rel string) (key string, page int, kind string, err error) {
	if strings.ContainsAny(rel, `:?*"<>|\`) {
		return "", 0, "", errors.New(`file names must not contain : ? * " < > | or \ (Windows and Go module zips cannot hold them): write ':' as %3A and '?' as %3F`)
	}
	dir, name := path.Split(rel)
	switch {
	case strings.HasSuffix(name, ".error.yaml"):
		name, kind = strings.TrimSuffix(name, ".error.yaml"), "error"
	case strings.HasSuffix(name, ".error.yml"):
		name, kind = strings.TrimSuffix(name, ".error.yml"), "error"
	case strings.HasSuffix(name, ".json"):
		name, kind = strings.TrimSuffix(name, ".json"), "json"
	default:
		return "", 0, "", errors.New("expected <request>[.pageN].json or <request>[.pageN].error.yaml")
	}
	base, page, _ := fixture.SplitPage(name)
	if base != name && page < 2 {
		return "", 0, "", errors.New("pages are numbered from 2 (page 1 is the file without .pageN)")
	}
	name = base
	var parts []string
	for _, seg := range strings.Split(strings.TrimSuffix(dir, "/"), "/") {
		if seg != "" {
			parts = append(parts, seg)
		}
	}
	parts = append(parts, name)
	for i, p := range parts {
		u, err := url.PathUnescape(p)
		if err != nil {
			return "", 0, "", fmt.Errorf("segment %q: %w", p, err)
		}
		parts[i] = u
	}
	return strings.Join(parts, "/"), page, kind, nil
}

// checkKey checks that a fixture's request key is one the fake can be
// asked: a route's path on a resource of the scenario, with the query
// parameters that route is keyed by, projects named by ID.
func checkKey(sc *Scenario, key string) (*route, match, error) {
	p, rawQuery, hasQuery := strings.Cut(key, "?")
	rt, m := findRoute(p)
	if rt == nil {
		return nil, m, fmt.Errorf("%q is not a request fakecloud serves (see the route table in testdata/fakecloud/gcp/README.md)", key)
	}
	if m.container != "" {
		if !sc.exists(m.container) {
			return nil, m, fmt.Errorf("%s is not in scenario.yaml", m.container)
		}
		if canon := sc.canonical(m.container); canon != m.container {
			return nil, m, fmt.Errorf("name the project by its ID: %s, not %s", canon, m.container)
		}
	}
	q := url.Values{}
	if hasQuery {
		for _, kv := range strings.Split(rawQuery, "&") {
			k, v, _ := strings.Cut(kv, "=")
			q.Add(k, v)
		}
	}
	for k := range q {
		if !contains(rt.keys, k) {
			return nil, m, fmt.Errorf("%s is not keyed by the query parameter %q (keys: %v)", rt.id, k, rt.keys)
		}
	}
	for _, k := range rt.keys {
		v := q.Get(k)
		switch {
		case v == "":
			return nil, m, fmt.Errorf("%s answers per %s: name the file %s<value>", rt.id, k, escapeSegment(path.Base(p)+"?"+k+"="))
		case k == "project" && sc.project(v) == nil:
			return nil, m, fmt.Errorf("project %q is not in scenario.yaml", v)
		case k == "project" && sc.project(v).ID != v:
			return nil, m, fmt.Errorf("name the project by its ID: %s, not %s", sc.project(v).ID, v)
		case k == "parent" && !sc.exists(v):
			return nil, m, fmt.Errorf("parent %q is not in scenario.yaml", v)
		}
	}
	return rt, m, nil
}

// fixtureName is the file name (without extension) of a request key.
func fixtureName(key string) string {
	p, q, hasQuery := strings.Cut(key, "?")
	segs := strings.Split(p, "/")
	if hasQuery {
		segs[len(segs)-1] += "?" + q
	}
	for i, s := range segs {
		segs[i] = escapeSegment(s)
	}
	return strings.Join(segs, "/")
}

// escapeSegment escapes one path segment of a fixture file name: letters,
// digits and -._~=&@,+!$()[]{}^ stay as they are, every other byte becomes
// %XX (':' → %3A, '?' → %3F, '/' → %2F, '%' → %25).
func escapeSegment(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~=&@,+!$()[]{}^", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
