// Package evidence makes and checks evidence packages: an --out directory
// that holds every snapshot, input file, user policy and report of one run,
// with a manifest (manifest.json) recording the SHA-256 of each, the tool
// and policy versions, the options and the (redacted) command line, and
// optionally an SSH signature of the manifest (manifest.json.sig) that
// `ssh-keygen -Y verify` checks.
package evidence

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/irscan/irscan/internal/strictjson"
	"github.com/irscan/irscan/policies"
	"github.com/irscan/irscan/snapshot"
)

// File names inside an evidence package.
const (
	ManifestName  = "manifest.json"
	SignatureName = "manifest.json.sig"
	// SnapshotsDir, InputsDir and PoliciesDir are where copies go.
	SnapshotsDir = "snapshots"
	InputsDir    = "inputs"
	PoliciesDir  = "policies"
)

// Schema is the "schema" field of manifest.json.
const Schema = "irscan.manifest/v1"

// File kinds.
const (
	KindSnapshot     = "snapshot"
	KindWaivers      = "waivers"
	KindAttestations = "attestations"
	KindBaseline     = "baseline"
	KindPolicy       = "policy"
	KindReport       = "report"
)

// Manifest is manifest.json.
type Manifest struct {
	Schema string        `json:"schema"`
	Tool   snapshot.Tool `json:"tool"`
	// Command is the command line, secrets replaced by "REDACTED".
	Command []string `json:"command"`
	// StartedAt and FinishedAt are wall-clock times; they appear only here,
	// never in a report, so reports stay reproducible.
	StartedAt  time.Time `json:"started_at"`
	FinishedAt time.Time `json:"finished_at"`
	Policies   Policies  `json:"policies"`
	Options    Options   `json:"options"`
	// Files lists every file of the package but the manifest and its
	// signature, sorted by path.
	Files []File `json:"files"`
	// ManifestSHA256 is the SHA-256 of this manifest as written with this
	// field empty, so that a change to any byte of the manifest is noticed
	// even without a signature.
	ManifestSHA256 string `json:"manifest_sha256"`
}

// Policies records the policy bundle the findings came from.
type Policies struct {
	// Digest is the report's policy_digest: built-in checks and user
	// policies (names as given on the command line, and contents).
	Digest string `json:"digest"`
	// BuiltinDigest is the digest of the built-in checks alone; it is the
	// same for every build of one irscan version.
	BuiltinDigest string `json:"builtin_digest"`
	// User lists the --policies directories in order, with where their
	// .rego files are kept in the package.
	User []PolicyDir `json:"user,omitempty"`
}

// PolicyDir is one --policies directory.
type PolicyDir struct {
	// Source is the directory as given with --policies.
	Source string `json:"source"`
	// Dir is its copy in the package, e.g. "policies/1".
	Dir string `json:"dir"`
}

// Options are the evaluation options of the run, so that verify can
// re-evaluate with them.
type Options struct {
	FailOn   string          `json:"fail_on"`
	Controls []string        `json:"controls,omitempty"`
	Config   policies.Config `json:"config"`
}

// File is one file of the package.
type File struct {
	// Path is relative to the package directory, with forward slashes.
	Path string `json:"path"`
	Kind string `json:"kind"`
	// Format is the report format, for reports.
	Format string `json:"format,omitempty"`
	// Source is the path the run read the file from (and the path the
	// reports name it by), when that differs from Path.
	Source string `json:"source,omitempty"`
	SHA256 string `json:"sha256"`
}

// Encode renders the manifest as written to disk (indented JSON, trailing
// newline) and fills in ManifestSHA256.
func (m *Manifest) Encode() ([]byte, error) {
	m.ManifestSHA256 = ""
	raw, err := encode(m)
	if err != nil {
		return nil, err
	}
	m.ManifestSHA256 = sha256Hex(raw)
	return encode(m)
}

func encode(m *Manifest) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ErrNoManifest is returned by ReadManifest when the directory has no manifest.json.
var ErrNoManifest = errors.New("no " + ManifestName + " (not an irscan evidence package, or it was removed)")

// ReadManifest reads DIR/manifest.json and returns it with its raw bytes.
// It fails if the manifest is not exactly as irscan writes it: unknown
// fields, another encoding, or content that does not match its
// manifest_sha256, so a change to any single byte is detected.
func ReadManifest(dir string) (*Manifest, []byte, error) {
	raw, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, ErrNoManifest
	}
	if err != nil {
		return nil, nil, err
	}
	m, err := ParseManifest(raw)
	return m, raw, err
}

// ParseManifest decodes and checks manifest bytes (see ReadManifest).
func ParseManifest(raw []byte) (*Manifest, error) {
	var m Manifest
	if err := strictjson.Check(raw); err != nil {
		return nil, fmt.Errorf("not a valid manifest: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("not a valid manifest: %w", err)
	}
	if dec.More() {
		return nil, fmt.Errorf("not a valid manifest: data after the JSON object")
	}
	if m.Schema != Schema {
		return nil, fmt.Errorf("schema %q: want %q", m.Schema, Schema)
	}
	recorded := m.ManifestSHA256
	again, err := encode(&m)
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(again, raw) {
		return nil, fmt.Errorf("modified after irscan wrote it (its bytes are not irscan's encoding of its content)")
	}
	if _, err := m.Encode(); err != nil {
		return nil, err
	}
	if m.ManifestSHA256 != recorded {
		return nil, fmt.Errorf("modified after irscan wrote it (manifest_sha256 %s does not match its content, %s)", recorded, m.ManifestSHA256)
	}
	return &m, nil
}

// FilesOf returns the manifest's files of one kind, in manifest order.
func (m *Manifest) FilesOf(kind string) []File {
	var out []File
	for _, f := range m.Files {
		if f.Kind == kind {
			out = append(out, f)
		}
	}
	return out
}

// SourceOrPath is the name the reports know a file by.
func (f File) SourceOrPath() string {
	if f.Source != "" {
		return f.Source
	}
	return f.Path
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
