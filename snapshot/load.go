package snapshot

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/irscan/irscan/internal/strictjson"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// SchemaJSON is the JSON Schema of irscan.snapshot/v1. It validates snapshots
// on load and types `input` when the Rego checks are compiled.
//
//go:embed snapshot.schema.json
var SchemaJSON []byte

// Loaded is a snapshot read from disk: its typed form, its raw document (for
// the policy engine, decoded once) and the digest of the file's bytes.
type Loaded struct {
	Path     string
	SHA256   string
	Snapshot *Snapshot
	// Document is the decoded JSON (numbers as json.Number), as validated.
	Document any
}

var sectionName = regexp.MustCompile(`^[a-z0-9_]+(\.[a-z0-9_]+)+$`)

var (
	schemaOnce sync.Once
	schema     *jsonschema.Schema
	schemaErr  error
)

func compiledSchema() (*jsonschema.Schema, error) {
	schemaOnce.Do(func() {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(SchemaJSON))
		if err != nil {
			schemaErr = fmt.Errorf("snapshot schema: %w", err)
			return
		}
		c := jsonschema.NewCompiler()
		if err := c.AddResource("snapshot.schema.json", doc); err != nil {
			schemaErr = fmt.Errorf("snapshot schema: %w", err)
			return
		}
		schema, schemaErr = c.Compile("snapshot.schema.json")
	})
	return schema, schemaErr
}

// Parse validates raw snapshot bytes against the schema and decodes them.
// name is used in error messages (usually the file path).
func Parse(name string, raw []byte) (*Loaded, error) {
	return parseSnapshot(name, raw, sha256.Sum256(raw), true)
}

// Validated remembers the digests of the snapshots it has validated, so that
// reading the same bytes again (the second pass of a run) skips the schema
// validation: the same bytes validate the same way. Safe for concurrent use;
// the zero value is ready.
type Validated struct {
	seen sync.Map // [32]byte → struct{}
}

// Load reads a snapshot file, validating it unless the same bytes were
// validated before.
func (v *Validated) Load(path string) (*Loaded, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(raw)
	_, known := v.seen.Load(sum)
	l, err := parseSnapshot(path, raw, sum, !known)
	if err == nil {
		v.seen.Store(sum, struct{}{})
	}
	return l, err
}

func parseSnapshot(name string, raw []byte, sum [32]byte, validate bool) (*Loaded, error) {
	sch, err := compiledSchema()
	if err != nil {
		return nil, err
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("%s: not valid JSON: %w", name, err)
	}
	// Before the schema, whose enum error would not say what is wrong.
	if m, ok := doc.(map[string]any); ok {
		if s, ok := m["schema"].(string); ok && isSnapshotSchema(s) && s != SchemaVersion {
			return nil, unsupportedSchema(name, s)
		}
	}
	if validate {
		if err := strictjson.Check(raw); err != nil {
			return nil, fmt.Errorf("%s: invalid snapshot: %w", name, err)
		}
		if err := sch.Validate(doc); err != nil {
			return nil, fmt.Errorf("%s: %s", name, describeValidation(err))
		}
	}
	var s Snapshot
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	// Checked here rather than with the schema's propertyNames, whose
	// errors the validator reports at a wrong location.
	for _, n := range sortedKeys(s.Sections) {
		if !sectionName.MatchString(n) {
			return nil, fmt.Errorf("%s: invalid snapshot at /sections: section name %q: want dotted lower-case words such as \"guardduty.detectors\"", name, n)
		}
	}
	if validate {
		if err := consistentStatuses(s.Sections); err != nil {
			return nil, fmt.Errorf("%s: invalid snapshot at %w", name, err)
		}
	}
	return &Loaded{Path: name, SHA256: hex.EncodeToString(sum[:]), Snapshot: &s, Document: doc}, nil
}

// consistentStatuses refuses a regional section whose own status says it
// could not be read while every region says ok: a collector records the
// worst of its regions, so one of the two was altered, and the engine
// cannot tell which to believe.
func consistentStatuses(sections map[string]*Section) error {
	for _, n := range sortedKeys(sections) {
		sec := sections[n]
		if sec == nil || len(sec.Regions) == 0 || sec.Status == StatusOK {
			continue
		}
		allOK := true
		for _, r := range sec.Regions {
			if r == nil || r.Status != StatusOK {
				allOK = false
			}
		}
		if allOK {
			return fmt.Errorf("/sections/%s/status: %q while every region says \"ok\" (a section's status is the worst of its regions')", n, sec.Status)
		}
	}
	return nil
}

// describeValidation turns a schema error into one line naming the deepest
// failing field, e.g. `/sections/security.contacts/status: value must be one of ...`.
func describeValidation(err error) string {
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return err.Error()
	}
	// Follow the first cause down to the leaf; keep the deepest instance
	// location on the way (a propertyNames error's leaf has an empty one).
	leaf, where := ve, ve.InstanceLocation
	for len(leaf.Causes) > 0 {
		leaf = leaf.Causes[0]
		if len(leaf.InstanceLocation) >= len(where) {
			where = leaf.InstanceLocation
		}
	}
	loc := "/" + strings.Join(where, "/")
	msg := leaf.ErrorKind.LocalizedString(message.NewPrinter(language.English))
	return fmt.Sprintf("invalid snapshot at %s: %s", loc, msg)
}

// Load reads and validates one snapshot file.
func Load(path string) (*Loaded, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, raw)
}

// Expand turns files and directories into the sorted list of snapshot files
// they name. A directory contributes, searched recursively, its *.json files
// whose top-level "schema" is SchemaVersion; other JSON beside them (reports,
// manifests) is skipped. An explicitly named file is always taken. A file in
// either place that declares another irscan.snapshot/ version is an error
// rather than being dropped, and so is a *.json file under a directory that
// cannot be read.
func Expand(args []string) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", a, errors.Unwrap(err))
		}
		if !st.IsDir() {
			// An unreadable file is taken all the same: Load reports it.
			if s, _ := SnapshotSchema(a); isSnapshotSchema(s) && s != SchemaVersion {
				return nil, unsupportedSchema(a, s)
			}
			if !seen[a] {
				seen[a] = true
				out = append(out, a)
			}
			continue
		}
		var found []string
		err = filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() || !strings.HasSuffix(p, ".json") {
				return nil
			}
			s, err := SnapshotSchema(p)
			switch {
			case err != nil:
				return err
			case !isSnapshotSchema(s):
				return nil
			case s != SchemaVersion:
				return unsupportedSchema(p, s)
			}
			found = append(found, p)
			return nil
		})
		if err != nil {
			return nil, err
		}
		if len(found) == 0 {
			return nil, fmt.Errorf("%s: no snapshot files (*.json with \"schema\": %q) in directory", a, SchemaVersion)
		}
		slices.Sort(found)
		for _, f := range found {
			if !seen[f] {
				seen[f] = true
				out = append(out, f)
			}
		}
	}
	return out, nil
}

// snapshotSchemaPrefix starts the "schema" of every snapshot version.
const snapshotSchemaPrefix = "irscan.snapshot/"

func isSnapshotSchema(s string) bool { return strings.HasPrefix(s, snapshotSchemaPrefix) }

func unsupportedSchema(name, s string) error {
	return fmt.Errorf("%s: snapshot schema %q is not supported by this irscan (it reads %s)", name, s, SchemaVersion)
}

// IsSnapshotFile reports whether a file is JSON whose top-level "schema"
// starts with "irscan.snapshot/", of this version or another.
func IsSnapshotFile(path string) bool {
	s, err := SnapshotSchema(path)
	return err == nil && isSnapshotSchema(s)
}

// SnapshotSchema returns the string value of the top-level "schema" key of a
// JSON file, wherever the key sits in the object. The file is read as a
// stream of tokens and the values of other keys are skipped without being
// kept, so memory stays small however large the file; reading stops at the
// key. A file that is not JSON, not an object, or has no top-level string
// "schema" gives "" and no error; the error is for a file that cannot be
// opened or read.
func SnapshotSchema(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	r := &readErr{r: f}
	s, _ := topLevelSchema(json.NewDecoder(r))
	if r.err != nil {
		return "", fmt.Errorf("%s: %w", path, r.err)
	}
	return s, nil
}

// readErr remembers a read error, which the JSON decoder would otherwise
// report like malformed JSON.
type readErr struct {
	r   io.Reader
	err error
}

func (e *readErr) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err != nil && err != io.EOF && e.err == nil {
		e.err = err
	}
	return n, err
}

// topLevelSchema reads tokens up to the top-level "schema" key and returns
// its value when that is a string ("" otherwise). The error is the
// decoder's, for input that is not JSON or not an object.
func topLevelSchema(dec *json.Decoder) (string, error) {
	tok, err := dec.Token()
	if err != nil {
		return "", err
	}
	if tok != json.Delim('{') {
		return "", errors.New("not a JSON object")
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return "", err
		}
		if tok == "schema" {
			v, err := dec.Token()
			if err != nil {
				return "", err
			}
			s, _ := v.(string)
			return s, nil
		}
		if err := skipValue(dec); err != nil {
			return "", err
		}
	}
	return "", nil
}

// skipValue consumes one JSON value token by token, keeping none of it.
func skipValue(dec *json.Decoder) error {
	depth := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
		if depth == 0 {
			return nil
		}
	}
}

// Each loads the snapshots one at a time, in order, and hands each to fn,
// so that memory does not grow with their number; files whose bytes v has
// validated before are not validated again. It stops at the first error,
// from loading or from fn.
func (v *Validated) Each(paths []string, fn func(*Loaded) error) error {
	for _, p := range paths {
		l, err := v.Load(p)
		if err != nil {
			return err
		}
		if err := fn(l); err != nil {
			return err
		}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}
