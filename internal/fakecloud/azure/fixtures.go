package azure

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/irscan/irscan/internal/fakecloud/fixture"
)

// fixtureKey names the responses to one ARM path (lower-cased), pinned to
// one api-version or answering any ("").
type fixtureKey struct {
	path, apiVersion string
}

// fixtureFile is one loaded response file: one page of a list, a single
// resource, an error, or a body served byte for byte.
type fixtureFile struct {
	rel  string        // path relative to the scenario directory
	body []byte        // JSON body (.json, .raw.json)
	raw  bool          // .raw.json: served verbatim, nextLink and placeholders untouched
	err  *errorFixture // .error.yaml
}

// errorFixture is the content of a <name>.error.yaml file.
type errorFixture struct {
	Code    string `yaml:"code"`
	Message string `yaml:"message"`
	Status  int    `yaml:"status"`
}

// fixtureSet is every response file of a scenario, loaded and checked.
type fixtureSet struct {
	pages    map[fixtureKey][]*fixtureFile // page i+1 at index i
	versions map[string][]string           // path → api-versions pinned by some fixture
}

var (
	apiVersionRe = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}(-[a-z]+)?$`)
)

// loadFixtures reads every response file under the scenario directory.
// Names that do not follow the layout are errors, so that a typo in a
// hand-written scenario is reported when it loads, not silently ignored.
func loadFixtures(fsys fs.FS, sc *Scenario) (*fixtureSet, error) {
	set := &fixtureSet{pages: map[fixtureKey][]*fixtureFile{}, versions: map[string][]string{}}
	found := map[fixtureKey]map[int]*fixtureFile{}
	var errs []error
	err := fs.WalkDir(fsys, ".", func(rel string, d fs.DirEntry, err error) error {
		if err != nil {
			errs = append(errs, err)
			return nil
		}
		if rel == "." || strings.HasSuffix(d.Name(), ".md") || rel == "scenario.yaml" {
			return nil
		}
		if d.IsDir() {
			if !strings.Contains(rel, "/") && !isTopLevel(rel) {
				errs = append(errs, fmt.Errorf("%s: not an ARM path root (subscriptions/, providers/ or tenants)", rel))
				return fs.SkipDir
			}
			return nil
		}
		key, page, f, err := loadFixture(fsys, rel, sc)
		if err != nil {
			errs = append(errs, err)
			return nil
		}
		if found[key] == nil {
			found[key] = map[int]*fixtureFile{}
		}
		if prev := found[key][page]; prev != nil {
			errs = append(errs, fmt.Errorf("%s: answers the same path, api-version and page as %s", rel, prev.rel))
			return nil
		}
		found[key][page] = f
		return nil
	})
	if err != nil {
		errs = append(errs, err)
	}
	for key, byPage := range found {
		pages := make([]*fixtureFile, len(byPage))
		for n, f := range byPage {
			if n > len(byPage) {
				errs = append(errs, fmt.Errorf("%s: page %d, but only %d pages exist: pages are numbered 1, 2, 3... (page 1 is the file without .pageN)", f.rel, n, len(byPage)))
				continue
			}
			pages[n-1] = f
		}
		set.pages[key] = pages
		if key.apiVersion != "" {
			set.versions[key.path] = append(set.versions[key.path], key.apiVersion)
		}
	}
	for _, v := range set.versions {
		sort.Strings(v)
	}
	if err := fixture.JoinErrors(errs); err != nil {
		return nil, err
	}
	return set, nil
}

// isTopLevel reports whether a top-level directory can hold ARM paths.
func isTopLevel(name string) bool {
	return name == "subscriptions" || name == "providers" || name == "tenants"
}

// loadFixture reads and checks one file:
// <arm path>[@<api-version>][.pageN].json | .raw.json | .error.yaml.
func loadFixture(fsys fs.FS, rel string, sc *Scenario) (fixtureKey, int, *fixtureFile, error) {
	dir, name := path.Split(rel)
	base, kind, ok := cutKind(name)
	if !ok {
		return fixtureKey{}, 0, nil, fmt.Errorf("%s: expected <name>[@<api-version>][.pageN].json, .raw.json or .error.yaml", rel)
	}
	base, page, _ := fixture.SplitPage(base)
	if page < 1 {
		return fixtureKey{}, 0, nil, fmt.Errorf("%s: pages are numbered from 1 (page 1 is the file without .pageN)", rel)
	}
	apiVersion := ""
	if i := strings.LastIndexByte(base, '@'); i >= 0 {
		base, apiVersion = base[:i], base[i+1:]
		if !apiVersionRe.MatchString(apiVersion) {
			return fixtureKey{}, 0, nil, fmt.Errorf("%s: %q is not an api-version such as 2023-12-01-preview", rel, apiVersion)
		}
	}
	armPath, err := url.PathUnescape("/" + dir + base)
	if err != nil {
		return fixtureKey{}, 0, nil, fmt.Errorf("%s: %w", rel, err)
	}
	rp, err := parsePath(armPath)
	if err != nil {
		return fixtureKey{}, 0, nil, fmt.Errorf("%s: %w", rel, err)
	}
	if rp.subscription != "" && sc.subscription(rp.subscription) == nil {
		return fixtureKey{}, 0, nil, fmt.Errorf("%s: subscription %s is not in scenario.yaml, so this file would never be served", rel, rp.subscription)
	}
	if page > 1 && !rp.collection {
		return fixtureKey{}, 0, nil, fmt.Errorf("%s: %s names a single resource (its path ends with a name), so it has no pages", rel, armPath)
	}
	if page > 1 && kind == "raw" {
		return fixtureKey{}, 0, nil, fmt.Errorf("%s: a .raw.json body is served verbatim, with its own nextLink, so it has no pages", rel)
	}
	data, err := fs.ReadFile(fsys, rel)
	if err != nil {
		return fixtureKey{}, 0, nil, err
	}
	f := &fixtureFile{rel: rel}
	switch kind {
	case "error":
		var ef errorFixture
		if err := fixture.DecodeYAML(data, &ef); err != nil {
			return fixtureKey{}, 0, nil, fmt.Errorf("%s: %w", rel, err)
		}
		if ef.Code == "" {
			return fixtureKey{}, 0, nil, fmt.Errorf("%s: code is required", rel)
		}
		if ef.Status == 0 {
			ef.Status = defaultStatus(ef.Code)
		}
		if ef.Status < 400 || ef.Status > 599 {
			return fixtureKey{}, 0, nil, fmt.Errorf("%s: status %d is not an error status", rel, ef.Status)
		}
		f.err = &ef
	case "raw":
		if !json.Valid(data) {
			return fixtureKey{}, 0, nil, fmt.Errorf("%s: not valid JSON", rel)
		}
		f.body, f.raw = data, true
	case "json":
		if err := checkBody(fixture.ExpandRFC3339Times(data, time.Unix(0, 0)), rp.collection); err != nil {
			return fixtureKey{}, 0, nil, fmt.Errorf("%s: %w", rel, err)
		}
		f.body = bytes.TrimSpace(data)
	}
	return fixtureKey{path: rp.key(), apiVersion: apiVersion}, page, f, nil
}

// cutKind splits a file name into its base and kind (json, raw or error).
func cutKind(name string) (base, kind string, ok bool) {
	for _, k := range []struct{ suffix, kind string }{
		{".error.yaml", "error"}, {".error.yml", "error"}, {".raw.json", "raw"}, {".json", "json"},
	} {
		if b, found := strings.CutSuffix(name, k.suffix); found && b != "" {
			return b, k.kind, true
		}
	}
	return "", "", false
}

// checkBody checks a JSON body: an object, and for a list path one with a
// "value" array (ARM's list envelope).
func checkBody(data []byte, collection bool) error {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(data, &obj); err != nil {
		return fmt.Errorf("not a JSON object: %w", err)
	}
	if !collection {
		return nil
	}
	var list []json.RawMessage
	if v, ok := obj["value"]; !ok || json.Unmarshal(v, &list) != nil {
		return errors.New(`the path names a list, so the body must be {"value": [...]} (ARM's list envelope)`)
	}
	return nil
}

// lookup returns the key and pages answering a path at an api-version: the
// fixture pinned to that api-version, else the unpinned one. When neither
// exists it returns the api-versions other fixtures of the path are pinned to.
func (set *fixtureSet) lookup(path, apiVersion string) (key fixtureKey, pages []*fixtureFile, pinned []string) {
	for _, k := range []fixtureKey{{path, strings.ToLower(apiVersion)}, {path, ""}} {
		if p := set.pages[k]; p != nil {
			return k, p, nil
		}
	}
	return fixtureKey{}, nil, set.versions[path]
}

// tried is the list of files looked for, for missing-fixture messages.
func tried(rp resourcePath, apiVersion string) string {
	rel := strings.TrimPrefix(rp.clean, "/")
	return fmt.Sprintf("%s@%s.json, %s.json (.raw.json, .error.yaml)", rel, apiVersion, rel)
}
