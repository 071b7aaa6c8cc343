package aws

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"path"
	"strings"

	"github.com/irscan/irscan/internal/fakecloud/fixture"
)

// globalDir is the region directory whose fixtures answer every region that
// has no fixture of its own (and the global services).
const globalDir = "global"

// fixtureID names one fixture file: a response to one operation in one
// account and region directory, for one key (or none), one page.
type fixtureID struct {
	account, region, service, op, key string
	page                              int
}

// fixtureFile is one loaded response file.
type fixtureFile struct {
	rel  string    // path relative to the scenario directory
	body []byte    // success body (.json / .xml)
	err  *apiError // error (.error.yaml)
}

// errorFixture is the content of an <Operation>.error.yaml file.
type errorFixture struct {
	Code    string            `yaml:"code"`
	Message string            `yaml:"message"`
	Status  int               `yaml:"status"`
	Fields  map[string]string `yaml:"fields"`
}

// fixtureSet is every response file of a scenario, loaded and checked.
type fixtureSet struct {
	files map[fixtureID]*fixtureFile
	pages map[fixtureID]int // page-less ID → number of pages
}

// loadFixtures reads every response file under the scenario directory.
// Names that do not follow the layout are errors, so that a typo in a
// hand-written scenario is reported when it loads, not silently ignored.
func loadFixtures(fsys fs.FS, sc *Scenario) (*fixtureSet, error) {
	set := &fixtureSet{files: map[fixtureID]*fixtureFile{}, pages: map[fixtureID]int{}}
	var errs []error
	top, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, err
	}
	for _, e := range top {
		name := e.Name()
		switch {
		case !e.IsDir() && (name == "scenario.yaml" || strings.HasSuffix(name, ".md")):
			continue
		case !e.IsDir() || sc.account(name) == nil:
			errs = append(errs, fmt.Errorf("%s: not an account of scenario.yaml (expected scenario.yaml, *.md or <account-id>/)", name))
			continue
		}
		errs = append(errs, set.loadAccount(fsys, sc.account(name))...)
	}
	for id, n := range set.pages {
		for p := 1; p <= n; p++ {
			pid := id
			pid.page = p
			if set.files[pid] == nil {
				errs = append(errs, fmt.Errorf("%s: page %d of %d is missing", fixtureRel(id), p, n))
			}
		}
	}
	if err := fixture.JoinErrors(errs); err != nil {
		return nil, err
	}
	return set, nil
}

// loadAccount reads <account>/<region|global>/<service>/...
func (set *fixtureSet) loadAccount(fsys fs.FS, acct *Account) []error {
	var errs []error
	regions, err := fs.ReadDir(fsys, acct.ID)
	if err != nil {
		return []error{err}
	}
	for _, r := range regions {
		rdir := path.Join(acct.ID, r.Name())
		switch {
		case !r.IsDir():
			if !strings.HasSuffix(r.Name(), ".md") {
				errs = append(errs, fmt.Errorf("%s: expected a region directory or %q", rdir, globalDir))
			}
			continue
		case r.Name() != globalDir && !regionRe.MatchString(r.Name()):
			errs = append(errs, fmt.Errorf("%s: %q is neither a region name nor %q", rdir, r.Name(), globalDir))
			continue
		case r.Name() != globalDir && !acct.regionEnabled(r.Name()):
			errs = append(errs, fmt.Errorf("%s: region %s is not in the account's regions, so it would never be served", rdir, r.Name()))
			continue
		}
		svcs, err := fs.ReadDir(fsys, rdir)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, s := range svcs {
			sdir := path.Join(rdir, s.Name())
			svc := serviceByName(s.Name())
			if !s.IsDir() || svc == nil {
				errs = append(errs, fmt.Errorf("%s: not a service directory (one of %s)", sdir, serviceNames()))
				continue
			}
			errs = append(errs, set.loadService(fsys, acct.ID, r.Name(), svc, sdir)...)
		}
	}
	return errs
}

// loadService reads <Operation>[.pageN].{json,xml,error.yaml} files and
// <Operation>/<key>[.pageN].{json,xml,error.yaml} files of one service.
func (set *fixtureSet) loadService(fsys fs.FS, account, region string, svc *service, sdir string) []error {
	var errs []error
	entries, err := fs.ReadDir(fsys, sdir)
	if err != nil {
		return []error{err}
	}
	for _, e := range entries {
		if e.IsDir() {
			op := e.Name()
			spec := lookupOperation(svc.name, op)
			if (spec == nil || spec.key == nil) && svc.name != "s3" {
				errs = append(errs, fmt.Errorf("%s/%s: %s:%s is not keyed by a request parameter, so it cannot have a directory of keyed responses",
					sdir, op, svc.name, op))
				continue
			}
			if err := checkOperationName(svc, op); err != nil {
				errs = append(errs, fmt.Errorf("%s/%s: %w", sdir, op, err))
				continue
			}
			keyed, err := fs.ReadDir(fsys, path.Join(sdir, op))
			if err != nil {
				errs = append(errs, err)
				continue
			}
			for _, k := range keyed {
				rel := path.Join(sdir, op, k.Name())
				base, page, kind, ok := parseFixtureName(k.Name())
				if k.IsDir() || !ok {
					errs = append(errs, fmt.Errorf("%s: expected <key>[.pageN].json|.xml|.error.yaml", rel))
					continue
				}
				key, err := url.PathUnescape(base)
				if err != nil {
					errs = append(errs, fmt.Errorf("%s: key: %w", rel, err))
					continue
				}
				id := fixtureID{account, region, svc.name, op, key, page}
				if err := set.add(fsys, id, rel, kind, svc, spec); err != nil {
					errs = append(errs, err)
				}
			}
			continue
		}
		rel := path.Join(sdir, e.Name())
		if strings.HasSuffix(e.Name(), ".md") {
			continue
		}
		op, page, kind, ok := parseFixtureName(e.Name())
		if !ok || !isOperationName(op) {
			errs = append(errs, fmt.Errorf("%s: expected <Operation>[.pageN].json|.xml|.error.yaml", rel))
			continue
		}
		if err := checkOperationName(svc, op); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", rel, err))
			continue
		}
		id := fixtureID{account, region, svc.name, op, "", page}
		if err := set.add(fsys, id, rel, kind, svc, lookupOperation(svc.name, op)); err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

// add checks one file and stores it.
func (set *fixtureSet) add(fsys fs.FS, id fixtureID, rel, kind string, svc *service, spec *operation) error {
	if id.page > 1 && !spec.paginated() {
		return fmt.Errorf("%s: %s:%s is not paginated by fakecloud, so it cannot have pages", rel, id.service, id.op)
	}
	if id.page < 1 {
		return fmt.Errorf("%s: pages are numbered from 1 (page1 is the file without .pageN)", rel)
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
			return fmt.Errorf("%s: %w", rel, err)
		}
		if ef.Code == "" {
			return fmt.Errorf("%s: code is required", rel)
		}
		if ef.Status == 0 {
			ef.Status = defaultStatus(svc.protocol, ef.Code)
		}
		if ef.Status < 400 || ef.Status > 599 {
			return fmt.Errorf("%s: status %d is not an error status", rel, ef.Status)
		}
		f.err = &apiError{Status: ef.Status, Code: ef.Code, Message: ef.Message, Fields: ef.Fields}
	case "json":
		if svc.protocol != awsJSON && svc.protocol != restJSON {
			return fmt.Errorf("%s: %s speaks %s: its responses are .xml", rel, svc.name, svc.protocol)
		}
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(data, &obj); err != nil {
			return fmt.Errorf("%s: not a JSON object: %w", rel, err)
		}
		f.body = bytes.TrimSpace(data)
	case "xml":
		if svc.protocol == awsJSON || svc.protocol == restJSON {
			return fmt.Errorf("%s: %s speaks %s: its responses are .json", rel, svc.name, svc.protocol)
		}
		root, err := xmlRoot(data)
		if err != nil {
			return fmt.Errorf("%s: %w", rel, err)
		}
		want := ""
		switch {
		case spec != nil && spec.xmlRoot != "":
			want = spec.xmlRoot
		case svc.protocol == ec2Query || svc.protocol == awsQuery:
			want = id.op + "Response"
		}
		if want != "" && root != want {
			return fmt.Errorf("%s: the root element is <%s>; the SDK expects <%s>", rel, root, want)
		}
		f.body = bytes.TrimSpace(data)
	}
	set.files[id] = f
	pid := id
	pid.page = 0
	if id.page > set.pages[pid] {
		set.pages[pid] = id.page
	}
	return nil
}

// parseFixtureName splits "ListRules.page2.json" into ("ListRules", 2, "json").
func parseFixtureName(name string) (base string, page int, kind string, ok bool) {
	switch {
	case strings.HasSuffix(name, ".error.yaml"):
		base, kind = strings.TrimSuffix(name, ".error.yaml"), "error"
	case strings.HasSuffix(name, ".error.yml"):
		base, kind = strings.TrimSuffix(name, ".error.yml"), "error"
	case strings.HasSuffix(name, ".json"):
		base, kind = strings.TrimSuffix(name, ".json"), "json"
	case strings.HasSuffix(name, ".xml"):
		base, kind = strings.TrimSuffix(name, ".xml"), "xml"
	default:
		return "", 0, "", false
	}
	base, page, err := fixture.SplitPage(base)
	if err != nil {
		return "", 0, "", false
	}
	return base, page, kind, base != ""
}

// checkOperationName rejects fixtures that could never be served: writes
// (the fake refuses them before looking for a fixture) and names one or two
// letters away from an operation the fake knows (a typo such as ListRule).
func checkOperationName(svc *service, op string) error {
	if !isReadName(svc.name, op) && !(svc.protocol == restXML && strings.HasPrefix(op, "Head")) {
		return fmt.Errorf("%s:%s is not a read, so fakecloud refuses it and never serves this file", svc.name, op)
	}
	if lookupOperation(svc.name, op) != nil {
		return nil
	}
	for _, o := range operationTable {
		if o.service == svc.name && editDistance(o.name, op) <= 2 {
			return fmt.Errorf("unknown operation %s:%s: did you mean %s?", svc.name, op, o.name)
		}
	}
	return nil
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func isOperationName(s string) bool {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	for _, c := range s {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// xmlRoot checks that data is well-formed XML and returns its root element.
func xmlRoot(data []byte) (string, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	root := ""
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", fmt.Errorf("not well-formed XML: %w", err)
		}
		if se, ok := tok.(xml.StartElement); ok && root == "" {
			root = se.Name.Local
		}
	}
	if root == "" {
		return "", errors.New("no XML element")
	}
	return root, nil
}

// keyCandidates are the file keys tried for a request key: the key itself,
// then its short form (the part after the last "/", or after the last ":"
// when there is no "/"), so that an ARN such as
// arn:aws:ssm-contacts:us-east-1:111111111111:contact/akuam finds akuam.json.
func keyCandidates(key string) []string {
	if key == "" {
		return nil
	}
	out := []string{key}
	short := key
	if i := strings.LastIndexByte(key, '/'); i >= 0 {
		short = key[i+1:]
	} else if strings.HasPrefix(key, "arn:") {
		short = key[strings.LastIndexByte(key, ':')+1:]
	}
	if short != key && short != "" {
		out = append(out, short)
	}
	return out
}

// resolve finds the fixture that answers (account, region, service, op, key):
// the region's directory first (keyed file, then the unkeyed file), then
// global/ in the same order. It returns the page-less ID of the fixture
// found, or ok=false and the files it looked for.
func (set *fixtureSet) resolve(account, region, service, op, key string) (id fixtureID, ok bool, tried []string) {
	dirs := []string{region, globalDir}
	if region == globalDir || region == "" {
		dirs = []string{globalDir}
	}
	for _, dir := range dirs {
		for _, k := range append(keyCandidates(key), "") {
			id := fixtureID{account, dir, service, op, k, 0}
			if set.pages[id] > 0 {
				return id, true, nil
			}
			tried = append(tried, fixtureRel(id))
		}
	}
	return fixtureID{}, false, tried
}

// page returns page n (1-based) of a resolved fixture and the page count.
func (set *fixtureSet) page(id fixtureID, n int) (*fixtureFile, int) {
	id.page = n
	pid := id
	pid.page = 0
	return set.files[id], set.pages[pid]
}

// fixtureRel is the relative path of a fixture without extension, for
// messages: "111111111111/us-east-1/guardduty/GetDetector/abc".
func fixtureRel(id fixtureID) string {
	p := path.Join(id.account, id.region, id.service, id.op)
	if id.key != "" {
		p = path.Join(p, url.PathEscape(id.key))
	}
	return p
}

func serviceNames() string {
	var names []string
	for _, s := range services {
		names = append(names, s.name)
	}
	return strings.Join(names, ", ")
}
