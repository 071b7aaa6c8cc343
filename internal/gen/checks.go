package gen

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
)

// check is what the generator needs of a built-in check: its ID, cloud and
// the sections it requires (METADATA custom.id and custom.requires).
type check struct {
	id, cloud, file string
	requires        []string
}

// loadChecks parses the METADATA of every check in dir/<cloud>/*.rego
// (tests excluded). It does not compile them: the generated schema they are
// compiled against may be what is being generated.
func loadChecks(dir string) ([]check, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*", "*.rego"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var out []check
	for _, f := range files {
		if strings.HasSuffix(f, "_test.rego") {
			continue
		}
		raw, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		m, err := ast.ParseModuleWithOpts(f, string(raw), ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
		if err != nil {
			return nil, err
		}
		var custom map[string]any
		for _, a := range m.Annotations {
			if a.Scope == "package" {
				custom = a.Custom
			}
		}
		id, _ := custom["id"].(string)
		if id == "" {
			return nil, fmt.Errorf("%s: no METADATA custom.id", f)
		}
		ch := check{id: id, cloud: filepath.Base(filepath.Dir(f)), file: filepath.ToSlash(f)}
		reqs, ok := custom["requires"].([]any)
		if !ok && custom["requires"] != nil {
			return nil, fmt.Errorf("%s: METADATA custom.requires is not a list", f)
		}
		for _, r := range reqs {
			s, ok := r.(string)
			if !ok {
				return nil, fmt.Errorf("%s: METADATA custom.requires holds %v", f, r)
			}
			ch.requires = append(ch.requires, s)
		}
		out = append(out, ch)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no check in %s", dir)
	}
	return out, nil
}

// countChecks is the number of checks of a cloud ("" for every cloud).
func (in *input) countChecks(cloud string) int {
	n := 0
	for _, ch := range in.checks {
		if cloud == "" || ch.cloud == cloud {
			n++
		}
	}
	return n
}

// checkIDs are the IDs of a cloud's checks, sorted.
func (in *input) checkIDs(cloud string) []string {
	var out []string
	for _, ch := range in.checks {
		if ch.cloud == cloud {
			out = append(out, ch.id)
		}
	}
	slices.Sort(out)
	return out
}
