// Package policies loads the Rego checks (embedded and the user's own),
// compiles them once against the snapshot schema, and evaluates snapshots
// into findings. The engine, not the rules, enforces fail-closed: a check
// whose required section was not read completely yields `error`.
package policies

import (
	"bytes"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/irscan/irscan/mappings"
	"github.com/irscan/irscan/snapshot"
)

// Embedded holds the built-in checks, the shared Rego library (lib:
// irscan.lib.*), the estate facts (facts: irscan.facts.<cloud>) and their
// tests.
//
//go:embed checks lib facts
var Embedded embed.FS

// embeddedRoots are the folders of Embedded, in load (and digest) order.
var embeddedRoots = []string{"checks", "facts", "lib"}

// Clouds the engine knows, in report order.
var Clouds = []string{"aws", "azure", "gcp"}

// Options configures Load.
type Options struct {
	// UserDirs are --policies directories whose *.rego files (tests
	// excluded) are added to the built-in checks.
	UserDirs []string
	Config   Config
	// Controls, when not empty, keeps only checks mapped to one of these.
	Controls []string
}

// Engine evaluates snapshots with a compiled, prepared set of checks. It is
// safe for concurrent use.
type Engine struct {
	checks   []Check
	byCloud  map[string][]*Check
	compiler *ast.Compiler
	// facts are the prepared queries of the estate facts, per cloud.
	facts   map[string]rego.PreparedEvalQuery
	empty   *Evaluator
	digest  string
	config  Config
	catalog *mappings.Catalogue
}

var (
	builtinID = regexp.MustCompile(`^(AWS|AZ|GCP)-IR[1-7]-[0-9]{2}$`)
	anyID     = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]*$`)
	cloudOfID = map[string]string{"AWS": "aws", "AZ": "azure", "GCP": "gcp"}
)

// source is one policy file.
type source struct {
	name string // embedded:checks/aws/ir2_01.rego or the user's path
	text []byte
	user bool
}

// Load reads, validates, compiles and prepares every check.
func Load(ctx context.Context, opts Options) (*Engine, error) {
	srcs, err := embeddedSources(false)
	if err != nil {
		return nil, err
	}
	for _, dir := range opts.UserDirs {
		us, err := userSources(dir)
		if err != nil {
			return nil, err
		}
		srcs = append(srcs, us...)
	}
	cat, err := mappings.Load()
	if err != nil {
		return nil, err
	}
	// Every check, and so every finding, carries the IDs of the selected
	// frameworks only, as mappings/*.yaml give them for its controls.
	if cat, err = cat.Select(opts.Config.Frameworks); err != nil {
		return nil, err
	}
	mods := map[string]*ast.Module{}
	h := sha256.New()
	for _, s := range srcs {
		m, err := ast.ParseModuleWithOpts(s.name, string(s.text), ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
		if err != nil {
			return nil, fmt.Errorf("%s", firstError(err))
		}
		mods[s.name] = m
		fmt.Fprintf(h, "%s\x00%d\x00", s.name, len(s.text))
		h.Write(s.text)
	}
	e := &Engine{
		byCloud: map[string][]*Check{},
		digest:  "sha256:" + hex.EncodeToString(h.Sum(nil)),
		config:  opts.Config,
		catalog: cat,
	}
	seen := map[string]string{}
	for _, s := range srcs {
		if isSupport(mods[s.name]) {
			continue
		}
		c, err := checkFromModule(s, mods[s.name], cat)
		if err != nil {
			return nil, err
		}
		if prev, dup := seen[c.ID]; dup {
			return nil, fmt.Errorf("%s: check ID %s is already defined in %s", s.name, c.ID, prev)
		}
		seen[c.ID] = s.name
		if len(opts.Controls) > 0 && !intersects(c.Controls, opts.Controls) {
			continue
		}
		e.checks = append(e.checks, c)
	}
	sort.Slice(e.checks, func(i, j int) bool { return e.checks[i].ID < e.checks[j].ID })
	for i := range e.checks {
		c := &e.checks[i]
		e.byCloud[c.Cloud] = append(e.byCloud[c.Cloud], c)
	}

	compiler, err := Compile(mods)
	if err != nil {
		return nil, err
	}
	e.compiler = compiler
	e.facts = map[string]rego.PreparedEvalQuery{}
	for _, cloud := range Clouds {
		pq, err := rego.New(
			rego.Query("data.irscan.facts."+cloud),
			rego.Compiler(compiler),
			rego.Capabilities(capabilities()),
		).PrepareForEval(ctx)
		if err != nil {
			return nil, fmt.Errorf("preparing %s facts: %w", cloud, err)
		}
		e.facts[cloud] = pq
	}
	if e.empty, err = e.Bind(ctx, NewEstate()); err != nil {
		return nil, err
	}
	return e, nil
}

// supportPrefixes are the packages that are not checks: the shared library
// and the estate facts.
var supportPrefixes = []string{"data.irscan.lib.", "data.irscan.facts."}

// isSupport reports whether a module is library or facts code rather than a
// check.
func isSupport(m *ast.Module) bool {
	p := m.Package.Path.String()
	for _, pre := range supportPrefixes {
		if strings.HasPrefix(p, pre) {
			return true
		}
	}
	return false
}

// Compile type-checks modules against the snapshot schema in strict mode,
// with the offline, deterministic capabilities the engine evaluates with.
// Errors name the file and line.
func Compile(mods map[string]*ast.Module) (*ast.Compiler, error) {
	schema, err := InputSchema()
	if err != nil {
		return nil, err
	}
	ss := ast.NewSchemaSet()
	ss.Put(ast.SchemaRootRef, schema)
	c := ast.NewCompiler().
		WithStrict(true).
		WithSchemas(ss).
		WithCapabilities(capabilities()).
		WithUseTypeCheckAnnotations(true)
	c.Compile(mods)
	if c.Failed() {
		return nil, fmt.Errorf("%s", firstError(c.Errors))
	}
	return c, nil
}

// InputSchema is the snapshot schema decoded for OPA's type checker.
func InputSchema() (any, error) {
	var schema any
	if err := json.Unmarshal(snapshot.SchemaJSON, &schema); err != nil {
		return nil, fmt.Errorf("snapshot schema: %w", err)
	}
	return schema, nil
}

// capabilities removes the built-ins that reach the network or the wall
// clock, so evaluation is offline and the same snapshot always gives the
// same findings.
// bannedBuiltins are the built-ins policies may not call, besides net.*:
// the network, the clock and randomness (directly, or inside a built-in that
// checks a token's or a certificate's validity against the current time), so
// that the same snapshots and inputs always give the same findings.
var bannedBuiltins = []string{
	"http.send", "opa.runtime", "time.now_ns", "rand.intn", "uuid.rfc4122", "trace",
	"io.jwt.decode_verify",
	"crypto.x509.parse_and_verify_certificates", "crypto.x509.parse_and_verify_certificates_with_options",
}

func capabilities() *ast.Capabilities {
	caps := ast.CapabilitiesForThisVersion()
	banned := func(name string) bool {
		return slices.Contains(bannedBuiltins, name) || strings.HasPrefix(name, "net.")
	}
	var keep []*ast.Builtin
	for _, b := range caps.Builtins {
		if !banned(b.Name) {
			keep = append(keep, b)
		}
	}
	caps.Builtins = keep
	return caps
}

// firstError formats an OPA error as one line: "file:row: message".
func firstError(err error) string {
	if errs, ok := err.(ast.Errors); ok && len(errs) > 0 {
		e := errs[0]
		msg := e.Message
		if e.Location != nil {
			return fmt.Sprintf("%s:%d: %s: %s", e.Location.File, e.Location.Row, e.Code, msg)
		}
		return fmt.Sprintf("%s: %s", e.Code, msg)
	}
	return strings.SplitN(err.Error(), "\n", 2)[0]
}

// EmbeddedFile is one built-in policy file as the engine names and hashes it.
type EmbeddedFile struct {
	Name string // embedded:checks/aws/ir2_01.rego
	Text []byte
}

// EmbeddedFiles lists the built-in policy files (tests excluded) in the
// order Load reads and hashes them.
func EmbeddedFiles() ([]EmbeddedFile, error) {
	srcs, err := embeddedSources(false)
	out := make([]EmbeddedFile, 0, len(srcs))
	for _, s := range srcs {
		out = append(out, EmbeddedFile{Name: s.name, Text: s.text})
	}
	return out, err
}

func embeddedSources(withTests bool) ([]source, error) {
	var out []source
	for _, root := range embeddedRoots {
		err := fs.WalkDir(Embedded, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".rego") {
				return err
			}
			if !withTests && strings.HasSuffix(p, "_test.rego") {
				return nil
			}
			b, err := Embedded.ReadFile(p)
			if err != nil {
				return err
			}
			out = append(out, source{name: "embedded:" + p, text: b})
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

func userSources(dir string) ([]source, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("--policies %s: %w", dir, unwrapPath(err))
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("--policies %s: not a directory", dir)
	}
	var out []source
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".rego") || strings.HasSuffix(p, "_test.rego") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out = append(out, source{name: filepath.ToSlash(p), text: b, user: true})
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("--policies %s: no .rego files", dir)
	}
	return out, nil
}

func unwrapPath(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

// checkFromModule reads and validates a module's package METADATA.
func checkFromModule(s source, m *ast.Module, cat *mappings.Catalogue) (Check, error) {
	pkg := strings.TrimPrefix(m.Package.Path.String(), "data.")
	row := m.Package.Location.Row
	fail := func(format string, args ...any) (Check, error) {
		return Check{}, fmt.Errorf("%s:%d: %s", s.name, row, fmt.Sprintf(format, args...))
	}
	parts := strings.Split(pkg, ".")
	if len(parts) < 4 || parts[0] != "irscan" || parts[1] != "checks" || !slices.Contains(Clouds, parts[2]) {
		return fail("package %s: a check's package must be irscan.checks.<aws|azure|gcp>.<name> (shared code goes in irscan.lib.<name>)", pkg)
	}
	var ann *ast.Annotations
	for _, a := range m.Annotations {
		if a.Scope == "package" {
			ann = a
		}
	}
	if ann == nil {
		return fail("package %s has no # METADATA block (title, description, custom: id, controls, severity, requires, remediation, references)", pkg)
	}
	c := Check{
		Title:       ann.Title,
		Description: ann.Description,
		Cloud:       parts[2],
		Package:     "data." + pkg,
		Source:      s.name,
	}
	cu := ann.Custom
	str := func(key string) string { v, _ := cu[key].(string); return strings.TrimSpace(v) }
	list := func(key string) ([]string, bool) {
		raw, ok := cu[key].([]any)
		if !ok {
			return nil, cu[key] == nil
		}
		out := make([]string, 0, len(raw))
		for _, v := range raw {
			sv, ok := v.(string)
			if !ok {
				return nil, false
			}
			out = append(out, sv)
		}
		return out, true
	}
	c.ID = str("id")
	c.Severity = str("severity")
	c.Remediation = str("remediation")
	switch {
	case c.ID == "":
		return fail("METADATA custom.id is missing")
	case !s.user && !builtinID.MatchString(c.ID):
		return fail("METADATA custom.id %q does not look like AWS-IR2-01", c.ID)
	case s.user && !anyID.MatchString(c.ID):
		return fail("METADATA custom.id %q: use letters, digits, '-', '_' or '.'", c.ID)
	case !s.user && cloudOfID[strings.SplitN(c.ID, "-", 2)[0]] != c.Cloud:
		return fail("check %s is in package %s of another cloud", c.ID, pkg)
	case c.Title == "" || c.Description == "":
		return fail("check %s: METADATA title and description are required", c.ID)
	case SeverityRank(c.Severity) >= len(Severities):
		return fail("check %s: METADATA custom.severity %q: want one of %s", c.ID, c.Severity, strings.Join(Severities, ", "))
	case c.Remediation == "":
		return fail("check %s: METADATA custom.remediation is required", c.ID)
	}
	var ok bool
	if c.Controls, ok = list("controls"); !ok || len(c.Controls) == 0 {
		return fail("check %s: METADATA custom.controls must list one or more of IR-1..IR-7", c.ID)
	}
	for _, ctl := range c.Controls {
		if _, known := cat.Control(ctl); !known {
			return fail("check %s: METADATA custom.controls: unknown control %q", c.ID, ctl)
		}
	}
	if c.Requires, ok = list("requires"); !ok {
		return fail("check %s: METADATA custom.requires must be a list of snapshot section names ([] for none)", c.ID)
	}
	if c.References, ok = list("references"); !ok {
		return fail("check %s: METADATA custom.references must be a list of URLs", c.ID)
	}
	if c.Requires == nil {
		c.Requires = []string{}
	}
	if c.References == nil {
		c.References = []string{}
	}
	hasFindings := false
	for _, r := range m.Rules {
		if r.Head.Name.String() == "findings" || (len(r.Head.Reference) == 1 && r.Head.Reference[0].Value.Compare(ast.Var("findings")) == 0) {
			hasFindings = true
		}
	}
	if !hasFindings {
		return fail("check %s: package %s defines no `findings contains ...` rule", c.ID, pkg)
	}
	c.Frameworks = cat.CrossReference(c.Controls)
	return c, nil
}

func intersects(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

// Checks returns the checks the engine evaluates, sorted by ID.
func (e *Engine) Checks() []Check { return e.checks }

// Digest is the SHA-256 over every policy file compiled (names and contents).
func (e *Engine) Digest() string { return e.digest }

// Config returns the thresholds passed to the checks.
func (e *Engine) Config() Config { return e.config }

// Catalogue returns the control catalogue findings are mapped with.
func (e *Engine) Catalogue() *mappings.Catalogue { return e.catalog }

// rawFinding is what a rule emits.
type rawFinding struct {
	Resource    string       `json:"resource"`
	Status      string       `json:"status"`
	Message     string       `json:"message"`
	Region      string       `json:"region"`
	Evidence    []string     `json:"evidence"`
	Attestation *Attestation `json:"attestation"`
	// Owner is set by irscan.lib.estate.follow: the verdict was drawn
	// from another scope's snapshot.
	Owner *rawOwner `json:"owner"`
}

type rawOwner struct {
	Cloud    string   `json:"cloud"`
	Type     string   `json:"type"`
	ID       string   `json:"id"`
	Resource string   `json:"resource"`
	Evidence []string `json:"evidence"`
}

// Evaluate runs every check of the snapshot's cloud, with no other scope in
// the estate, and returns its findings, sorted. atts are the attestations
// that apply (see Attestations.For); they are passed to the rules as
// input.attestations. Runs over several snapshots use Bind.
func (e *Engine) Evaluate(ctx context.Context, l *snapshot.Loaded, atts []Attestation) ([]Finding, error) {
	return e.empty.Evaluate(ctx, l, atts)
}

// input is the document the rules see: the snapshot, the attestations and
// the configuration.
// With only non-nil, input.sections holds only those sections (what a check
// from --policies declares in requires).
func (e *Engine) input(l *snapshot.Loaded, atts []Attestation, only []string) (ast.Value, error) {
	doc, ok := l.Document.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s: snapshot is not a JSON object", l.Path)
	}
	input := make(map[string]any, len(doc)+2)
	for k, v := range doc {
		input[k] = v
	}
	if only != nil {
		all, _ := doc["sections"].(map[string]any)
		declared := make(map[string]any, len(only))
		for _, name := range only {
			if sec, ok := all[name]; ok {
				declared[name] = sec
			}
		}
		input["sections"] = declared
	}
	attList := make([]any, 0, len(atts))
	for _, a := range atts {
		attList = append(attList, toJSONValue(a))
	}
	input["attestations"] = attList
	input["config"] = toJSONValue(e.config)
	value, err := ast.InterfaceToValue(input)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", l.Path, err)
	}
	return value, nil
}

// Evaluate runs every check of the snapshot's cloud against the snapshot and
// the bound estate, and returns its findings, sorted.
func (v *Evaluator) Evaluate(ctx context.Context, l *snapshot.Loaded, atts []Attestation) ([]Finding, error) {
	e := v.engine
	snap := l.Snapshot
	checks := e.byCloud[snap.Cloud]
	if len(checks) == 0 {
		return nil, nil
	}
	value, err := e.input(l, atts, nil)
	if err != nil {
		return nil, err
	}
	rs, err := v.queries[snap.Cloud].Eval(ctx, rego.EvalParsedInput(value))
	if err != nil {
		return nil, fmt.Errorf("%s: evaluating %s checks: %w", l.Path, snap.Cloud, err)
	}
	var tree any
	if len(rs) > 0 {
		tree = rs[0].Bindings["x"]
	}
	var out []Finding
	for _, c := range checks {
		set := findingsOf(tree, c)
		if !c.builtIn() {
			// A check of one's own sees only the sections it declares, so that
			// one reading an undeclared section cannot pass where that section
			// could not be read: the engine fails closed on declared sections.
			var stopped string
			if set, stopped, err = v.ownFindings(ctx, c, l, atts); err != nil {
				return nil, err
			}
			if stopped != "" {
				out = append(out, e.stoppedFinding(c, l, stopped))
				continue
			}
		}
		raws, err := rawFindings(set, c)
		if err != nil {
			return nil, err
		}
		if !c.builtIn() && len(raws) > MaxFindingsPerCheck {
			out = append(out, e.stoppedFinding(c, l, fmt.Sprintf("it produced %d findings on this snapshot, more than the %d a check may; they are withheld", len(raws), MaxFindingsPerCheck)))
			continue
		}
		fs, err := e.assemble(c, l, raws, v.estate)
		if err != nil {
			return nil, err
		}
		out = append(out, fs...)
	}
	SortFindings(out)
	return out, nil
}

// findingsOf is a built-in check's findings set in the result of its cloud's
// query (builtInQuery), nil when it has none.
func findingsOf(tree any, c *Check) any {
	m, _ := tree.(map[string]any)
	return m[c.Package]
}

// Bounds on a check of one's own (--policies, or the policies of an
// evidence package): how long it may evaluate on one snapshot and how many
// findings it may produce there. Beyond either, the check is stopped and
// reported as one error finding that names it.
var (
	CheckTimeout        = 30 * time.Second
	MaxFindingsPerCheck = 10000
)

// ownFindings evaluates a check from --policies on the snapshot reduced to
// the sections it requires, and returns its findings set; stopped says why
// it was stopped (its deadline), if it was.
func (v *Evaluator) ownFindings(ctx context.Context, c *Check, l *snapshot.Loaded, atts []Attestation) (set any, stopped string, err error) {
	value, err := v.engine.input(l, atts, append([]string{}, c.Requires...))
	if err != nil {
		return nil, "", err
	}
	cctx, cancel := context.WithTimeout(ctx, CheckTimeout)
	defer cancel()
	rs, err := v.own[c.ID].Eval(cctx, rego.EvalParsedInput(value))
	if err != nil {
		if ctx.Err() == nil && cctx.Err() != nil {
			return nil, fmt.Sprintf("it did not finish within %s on this snapshot", CheckTimeout), nil
		}
		return nil, "", fmt.Errorf("%s: evaluating %s: %w", l.Path, c.ID, err)
	}
	if len(rs) == 0 || len(rs[0].Expressions) == 0 {
		return nil, "", nil
	}
	return rs[0].Expressions[0].Value, "", nil
}

// stoppedFinding is the one finding of a check the engine stopped.
func (e *Engine) stoppedFinding(c *Check, l *snapshot.Loaded, why string) Finding {
	snap := l.Snapshot
	return Finding{
		CheckID: c.ID, Title: c.Title, Controls: c.Controls, Frameworks: c.Frameworks,
		Cloud: snap.Cloud, Scope: snap.Scope, Severity: c.Severity, Remediation: c.Remediation,
		Resource: ScopeResource(snap.Cloud, snap.Scope), Status: StatusError,
		Message:  fmt.Sprintf("Check %s (%s) was stopped: %s.", c.ID, c.Source, why),
		Evidence: Evidence{Snapshot: filepath.ToSlash(l.Path), Pointers: []string{}, Calls: []string{}},
	}
}

// builtIn reports whether the check ships with irscan (its requires are
// reviewed and tested) rather than coming from --policies.
func (c *Check) builtIn() bool { return strings.HasPrefix(c.Source, "embedded:") }

// rawFindings reads a check's `findings` set (a JSON array; nil when the
// check has none).
func rawFindings(findings any, c *Check) ([]rawFinding, error) {
	set, _ := findings.([]any)
	out := make([]rawFinding, 0, len(set))
	for i, item := range set {
		b, err := json.Marshal(item)
		if err != nil {
			return nil, err
		}
		var rf rawFinding
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&rf); err != nil {
			return nil, fmt.Errorf("%s: check %s: finding %d: %w (want resource, status, message, and optionally region, evidence, attestation)", c.Source, c.ID, i+1, err)
		}
		switch rf.Status {
		case StatusPass, StatusFail, StatusManual, StatusError:
		default:
			return nil, fmt.Errorf("%s: check %s: finding %d has status %q; want pass, fail, manual or error", c.Source, c.ID, i+1, rf.Status)
		}
		if rf.Resource == "" || rf.Message == "" {
			return nil, fmt.Errorf("%s: check %s: finding %d needs a resource and a message", c.Source, c.ID, i+1)
		}
		out = append(out, rf)
	}
	return out, nil
}

// assemble applies fail-closed and turns rule output into findings.
func (e *Engine) assemble(c *Check, l *snapshot.Loaded, raws []rawFinding, es *Estate) ([]Finding, error) {
	snap := l.Snapshot
	scopeResource := ScopeResource(snap.Cloud, snap.Scope)
	base := Finding{
		CheckID: c.ID, Title: c.Title, Controls: c.Controls, Frameworks: c.Frameworks,
		Cloud: snap.Cloud, Scope: snap.Scope, Severity: c.Severity, Remediation: c.Remediation,
	}
	evidence := func(pointers []string, region string) Evidence {
		ev := Evidence{Snapshot: filepath.ToSlash(l.Path), Pointers: []string{}, Calls: []string{}}
		ev.Pointers = append(ev.Pointers, pointers...)
		for _, req := range c.Requires {
			sec := snap.Sections[req]
			if sec == nil {
				continue
			}
			if len(pointers) == 0 {
				p := "/sections/" + pointerEscape(req)
				if region != "" && len(sec.Regions) > 0 {
					p += "/regions/" + pointerEscape(region)
				}
				ev.Pointers = append(ev.Pointers, p+"/data")
			}
			if region != "" && sec.Regions[region] != nil {
				ev.Calls = append(ev.Calls, sec.Calls...)
				ev.Calls = append(ev.Calls, sec.Regions[region].Calls...)
			} else {
				ev.Calls = append(ev.Calls, sec.AllCalls()...)
			}
		}
		slices.Sort(ev.Pointers)
		ev.Pointers = slices.Compact(ev.Pointers)
		ev.Calls = slices.Compact(ev.Calls)
		return ev
	}

	// Fail closed: every required section must be present and ok.
	var out []Finding
	badRegions := map[string]bool{}
	for _, req := range c.Requires {
		sec := snap.Sections[req]
		if sec == nil {
			f := base
			f.Resource, f.Status = scopeResource, StatusError
			f.Message = fmt.Sprintf("Section %q was not collected, so %s could not be assessed.", req, c.ID)
			f.Evidence = Evidence{Snapshot: filepath.ToSlash(l.Path), Pointers: []string{"/sections"}, Calls: []string{}}
			return []Finding{f}, nil
		}
		for _, p := range sec.Problems() {
			f := base
			f.Resource, f.Status = scopeResource, StatusError
			f.Region = p.Region
			f.Message = problemMessage(req, p)
			ptr := "/sections/" + pointerEscape(req)
			if p.Region != "" {
				ptr += "/regions/" + pointerEscape(p.Region)
			}
			f.Evidence = Evidence{Snapshot: filepath.ToSlash(l.Path), Pointers: []string{ptr}, Calls: append([]string{}, p.Calls...)}
			if p.Region == "" {
				// A global section that could not be read voids the whole check.
				return []Finding{f}, nil
			}
			badRegions[p.Region] = true
			out = append(out, f)
		}
	}
	kept := 0
	for _, rf := range raws {
		if rf.Region != "" && badRegions[rf.Region] {
			continue // that region already reports error
		}
		f := base
		f.Resource, f.Status, f.Message, f.Region = rf.Resource, rf.Status, rf.Message, rf.Region
		f.Attestation = rf.Attestation
		if rf.Owner != nil {
			o, err := es.owner(rf.Owner)
			if err != nil {
				return nil, fmt.Errorf("%s: check %s: finding on %s: %w", c.Source, c.ID, rf.Resource, err)
			}
			f.Owner = o
		}
		if rf.Region == "" && len(badRegions) > 0 && rf.Status == StatusPass {
			// A verdict over all regions cannot pass when some were not read.
			f.Status = StatusError
			f.Message = fmt.Sprintf("%s Not all regions could be read, so this cannot pass: %s.", rf.Message, strings.Join(slices.Sorted(maps.Keys(badRegions)), ", "))
		}
		f.Evidence = evidence(rf.Evidence, rf.Region)
		out = append(out, f)
		kept++
	}
	if kept == 0 && len(badRegions) == 0 {
		f := base
		f.Resource, f.Status = scopeResource, StatusError
		f.Message = fmt.Sprintf("Check %s produced no result: the data it reads is missing from section(s) %s.", c.ID, strings.Join(c.Requires, ", "))
		if len(c.Requires) == 0 {
			f.Message = fmt.Sprintf("Check %s produced no result for this scope.", c.ID)
		}
		f.Evidence = evidence(nil, "")
		out = append(out, f)
	}
	return out, nil
}

func problemMessage(section string, p snapshot.Problem) string {
	where := fmt.Sprintf("Section %q", section)
	if p.Region != "" {
		where += fmt.Sprintf(" in region %s", p.Region)
	}
	switch p.Status {
	case snapshot.StatusDenied:
		msg := where + " could not be read: permission denied"
		if p.Action != "" {
			msg += " (missing " + p.Action + ")"
		}
		if p.Error != "" {
			msg += ": " + strings.TrimSuffix(p.Error, ".")
		}
		return msg + "."
	case snapshot.StatusSkipped:
		return fmt.Sprintf("%s was skipped: %s.", where, strings.TrimSuffix(orDefault(p.Error, "no reason given"), "."))
	default:
		return fmt.Sprintf("%s could not be read: %s.", where, strings.TrimSuffix(orDefault(p.Error, "unknown error"), "."))
	}
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// pointerEscape escapes one JSON Pointer reference token (RFC 6901).
func pointerEscape(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// ScopeResource is the canonical resource ID of a whole scope, used for
// scope-level findings.
func ScopeResource(cloud string, s snapshot.Scope) string {
	switch cloud {
	case "aws":
		if s.Type == "organization" {
			return "arn:aws:organizations::" + s.ID + ":organization"
		}
		return "arn:aws:account::" + s.ID + ":account"
	case "azure":
		if s.Type == "management_group" {
			return "/providers/Microsoft.Management/managementGroups/" + s.ID
		}
		return "/subscriptions/" + s.ID
	case "gcp":
		switch s.Type {
		case "organization":
			return "//cloudresourcemanager.googleapis.com/organizations/" + s.ID
		case "folder":
			return "//cloudresourcemanager.googleapis.com/folders/" + s.ID
		}
		return "//cloudresourcemanager.googleapis.com/projects/" + s.ID
	}
	return s.ID
}

// SortFindings orders findings by cloud, scope, check, resource, region.
func SortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		for _, p := range [][2]string{{a.Cloud, b.Cloud}, {a.Scope.ID, b.Scope.ID}, {a.CheckID, b.CheckID}, {a.Resource, b.Resource}, {a.Region, b.Region}, {a.Status, b.Status}, {a.Message, b.Message}} {
			if p[0] != p[1] {
				return p[0] < p[1]
			}
		}
		return false
	})
}

func toJSONValue(v any) any {
	b, _ := json.Marshal(v)
	var out any
	_ = json.Unmarshal(b, &out)
	return out
}
