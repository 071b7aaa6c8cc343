package evidence

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/irscan/irscan/snapshot"
)

// Run describes the run a package is made for.
type Run struct {
	ToolVersion string
	// Command is the command line; it is passed through RedactCommand.
	Command   []string
	StartedAt time.Time
	Options   Options
	// PolicyDigest is the engine's digest (the report's policy_digest).
	PolicyDigest string
}

// Builder assembles an evidence package in an --out directory: it copies
// the run's inputs in (WriteInputs), records the reports written
// (AddReport), and writes the manifest last (WriteManifest).
type Builder struct {
	dir    string
	absDir string
	m      Manifest
	inputs []pending
	dirs   []string
	files  map[string]File
	// taken are package paths already used, by path.
	taken map[string]bool
	warn  func(string)
}

// pending is an input file to record, copied in unless it is already in
// the package directory.
type pending struct {
	kind   string
	source string
	sha256 string
	// raw is the content, when the caller holds it (the baseline).
	raw []byte
}

// NewBuilder starts a package in dir. warn receives notes about files in
// dir that are not part of the run (nil: ignored).
func NewBuilder(dir string, run Run, warn func(string)) (*Builder, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	builtin, err := BuiltinDigest()
	if err != nil {
		return nil, err
	}
	if warn == nil {
		warn = func(string) {}
	}
	return &Builder{
		dir:    dir,
		absDir: abs,
		m: Manifest{
			Schema:    Schema,
			Tool:      snapshot.Tool{Name: "irscan", Version: run.ToolVersion},
			Command:   RedactCommand(run.Command),
			StartedAt: run.StartedAt.UTC().Truncate(time.Millisecond),
			Policies:  Policies{Digest: run.PolicyDigest, BuiltinDigest: builtin},
			Options:   run.Options,
		},
		files: map[string]File{},
		taken: map[string]bool{},
		warn:  warn,
	}, nil
}

// AddSnapshot records an evaluated snapshot: its path as the reports name it
// and the SHA-256 it was evaluated with.
func (b *Builder) AddSnapshot(source, sha256 string) {
	b.inputs = append(b.inputs, pending{kind: KindSnapshot, source: source, sha256: sha256})
}

// AddInput records a waivers or attestations file.
func (b *Builder) AddInput(kind, source, sha256 string) {
	b.inputs = append(b.inputs, pending{kind: kind, source: source, sha256: sha256})
}

// AddBaseline records the baseline report (its bytes as read).
func (b *Builder) AddBaseline(source string, raw []byte) {
	b.inputs = append(b.inputs, pending{kind: KindBaseline, source: source, sha256: sha256Hex(raw), raw: raw})
}

// AddPolicyDir records a --policies directory.
func (b *Builder) AddPolicyDir(source string) {
	b.dirs = append(b.dirs, source)
}

// inPackage returns the package path of a file already inside the package
// directory, or "".
func (b *Builder) inPackage(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return ""
	}
	rel, err := filepath.Rel(b.absDir, abs)
	if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return ""
	}
	return filepath.ToSlash(rel)
}

// WriteInputs copies every recorded input that is not already in the
// package directory into it: snapshots to snapshots/, waivers,
// attestations and the baseline to inputs/, and each --policies directory
// to policies/<n>/. A copy whose content is not what the run read (the file
// changed meanwhile) is an error. Call it after evaluation succeeded and
// before the reports are written.
func (b *Builder) WriteInputs() error {
	if err := os.MkdirAll(b.dir, snapshot.DirMode); err != nil {
		return fmt.Errorf("--out %s: %w", b.dir, err)
	}
	// Files already in the package keep their place, and their names are
	// taken before copies are named.
	type job struct {
		in  pending
		dst string
	}
	var jobs []job
	for _, in := range b.inputs {
		if p := b.inPackage(in.source); p != "" && in.raw == nil {
			jobs = append(jobs, job{in, p})
			b.taken[p] = true
		}
	}
	for _, in := range b.inputs {
		if p := b.inPackage(in.source); p != "" && in.raw == nil {
			continue
		}
		var dst string
		switch in.kind {
		case KindSnapshot:
			dst = b.name(SnapshotsDir, filepath.Base(in.source))
		case KindBaseline:
			dst = b.name(InputsDir, "baseline.json")
		default:
			dst = b.name(InputsDir, in.kind+filepath.Ext(in.source))
		}
		jobs = append(jobs, job{in, dst})
	}
	for _, j := range jobs {
		raw := j.in.raw
		if raw == nil {
			var err error
			if raw, err = os.ReadFile(j.in.source); err != nil {
				return err
			}
		}
		if got := sha256Hex(raw); got != j.in.sha256 {
			return fmt.Errorf("%s changed while irscan was running (sha256 %s, evaluated %s)", j.in.source, got, j.in.sha256)
		}
		if b.inPackage(j.in.source) != j.dst {
			if err := b.write(j.dst, raw); err != nil {
				return err
			}
		}
		f := File{Path: j.dst, Kind: j.in.kind, SHA256: j.in.sha256}
		if filepath.ToSlash(j.in.source) != j.dst {
			f.Source = filepath.ToSlash(j.in.source)
		}
		b.files[j.dst] = f
	}
	for i, src := range b.dirs {
		if err := b.copyPolicyDir(i, src); err != nil {
			return err
		}
	}
	return nil
}

// name returns a free package path dir/base, adding -2, -3... before the
// extension when two inputs have the same base name.
func (b *Builder) name(dir, base string) string {
	ext := path.Ext(base)
	stem := strings.TrimSuffix(base, ext)
	p := path.Join(dir, base)
	for n := 2; b.taken[p]; n++ {
		p = path.Join(dir, stem+"-"+strconv.Itoa(n)+ext)
	}
	b.taken[p] = true
	return p
}

func (b *Builder) write(pkgPath string, raw []byte) error {
	full := filepath.Join(b.dir, filepath.FromSlash(pkgPath))
	if err := os.MkdirAll(filepath.Dir(full), snapshot.DirMode); err != nil {
		return err
	}
	return snapshot.WriteFileAtomic(full, raw)
}

func (b *Builder) copyPolicyDir(i int, src string) error {
	rels, err := policyFiles(src)
	if err != nil {
		return fmt.Errorf("--policies %s: %w", src, err)
	}
	pkgDir := b.inPackage(src)
	inPlace := pkgDir != ""
	if !inPlace {
		pkgDir = path.Join(PoliciesDir, strconv.Itoa(i+1))
	}
	b.m.Policies.User = append(b.m.Policies.User, PolicyDir{Source: src, Dir: pkgDir})
	for _, rel := range rels {
		raw, err := os.ReadFile(filepath.Join(src, rel))
		if err != nil {
			return err
		}
		dst := path.Join(pkgDir, filepath.ToSlash(rel))
		if !inPlace {
			if err := b.write(dst, raw); err != nil {
				return err
			}
		}
		// The engine names the file by the path it walked to it.
		b.files[dst] = File{Path: dst, Kind: KindPolicy, Source: filepath.ToSlash(filepath.Join(src, rel)), SHA256: sha256Hex(raw)}
		if b.files[dst].Source == dst {
			f := b.files[dst]
			f.Source = ""
			b.files[dst] = f
		}
	}
	return nil
}

// AddReport records a report written to DIR/name.
func (b *Builder) AddReport(format, name string, raw []byte) {
	p := filepath.ToSlash(name)
	b.files[p] = File{Path: p, Kind: KindReport, Format: format, SHA256: sha256Hex(raw)}
}

// WriteManifest writes manifest.json atomically, last, and, with a signer,
// manifest.json.sig; without one it removes a signature left by an earlier
// run (it could not match). It also warns about files in the package's
// folders that this run did not write.
func (b *Builder) WriteManifest(finished time.Time, signer ssh.Signer) error {
	b.m.FinishedAt = finished.UTC().Truncate(time.Millisecond)
	b.m.Files = make([]File, 0, len(b.files))
	for _, f := range b.files {
		b.m.Files = append(b.m.Files, f)
	}
	slices.SortFunc(b.m.Files, func(x, y File) int { return strings.Compare(x.Path, y.Path) })
	raw, err := b.m.Encode()
	if err != nil {
		return err
	}
	var sig []byte
	if signer != nil {
		if sig, err = Sign(signer, raw); err != nil {
			return fmt.Errorf("signing %s: %w", ManifestName, err)
		}
	}
	for _, p := range Unlisted(b.dir, &b.m) {
		b.warn(fmt.Sprintf("%s is not part of this run; 'irscan verify' rejects the package until it is removed", filepath.Join(b.dir, filepath.FromSlash(p))))
	}
	if err := b.write(ManifestName, raw); err != nil {
		return err
	}
	sigPath := filepath.Join(b.dir, SignatureName)
	if sig == nil {
		if err := os.Remove(sigPath); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		return nil
	}
	return b.write(SignatureName, sig)
}

// Manifest returns the manifest as built so far.
func (b *Builder) Manifest() *Manifest { return &b.m }
