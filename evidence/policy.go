package evidence

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/irscan/irscan/policies"
)

// policySource is one policy file as the engine names and hashes it.
type policySource struct {
	name string
	text []byte
}

// policyDigest hashes policy files exactly as policies.Load does for the
// report's policy_digest: per file its name, a NUL, its length, a NUL and
// its bytes, built-in checks first, then each --policies directory in order.
// A test holds it equal to Engine.Digest.
func policyDigest(srcs []policySource) string {
	h := sha256.New()
	for _, s := range srcs {
		fmt.Fprintf(h, "%s\x00%d\x00", s.name, len(s.text))
		h.Write(s.text)
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

func builtinSources() ([]policySource, error) {
	files, err := policies.EmbeddedFiles()
	out := make([]policySource, 0, len(files))
	for _, f := range files {
		out = append(out, policySource{name: f.Name, text: f.Text})
	}
	return out, err
}

// BuiltinDigest is the digest of this binary's built-in checks: the
// policy_digest of a run without --policies.
func BuiltinDigest() (string, error) {
	srcs, err := builtinSources()
	if err != nil {
		return "", err
	}
	return policyDigest(srcs), nil
}

// isPolicyFile is the engine's filter for --policies files: *.rego but not
// *_test.rego.
func isPolicyFile(p string) bool {
	return strings.HasSuffix(p, ".rego") && !strings.HasSuffix(p, "_test.rego")
}

// policyFiles lists the files policies.Load reads from a --policies
// directory, in its order (filepath.WalkDir), as paths relative to dir.
func policyFiles(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !isPolicyFile(p) {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		out = append(out, rel)
		return nil
	})
	return out, err
}

// PackagePolicies is the user policy bundle of a package, ready to load.
type PackagePolicies struct {
	// Dirs are the package's copies of the --policies directories, in
	// order, as paths to load with policies.Load.
	Dirs []string
	// Digest is the policy_digest the original run computed, recomputed from
	// the copies under the names the run gave them.
	Digest string
	// Sources maps the name the engine gives a copied file (as Check.Source)
	// to the name it had in the original run.
	Sources map[string]string
}

// Policies recomputes the policy digest of the package's policies (the
// running binary's built-in checks and the copied user policies, under
// their original names) and says how to load them. Files must already have
// been checked with Check.
func (m *Manifest) PackagePolicies(dir string) (*PackagePolicies, error) {
	srcs, err := builtinSources()
	if err != nil {
		return nil, err
	}
	byPath := map[string]File{}
	for _, f := range m.FilesOf(KindPolicy) {
		byPath[f.Path] = f
	}
	pp := &PackagePolicies{Sources: map[string]string{}}
	for _, u := range m.Policies.User {
		local := filepath.Join(dir, filepath.FromSlash(u.Dir))
		rels, err := policyFiles(local)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", u.Dir, err)
		}
		for _, rel := range rels {
			pkgPath := filepath.ToSlash(filepath.Join(u.Dir, rel))
			f, ok := byPath[pkgPath]
			if !ok {
				return nil, fmt.Errorf("%s: not listed in the manifest", pkgPath)
			}
			text, err := os.ReadFile(filepath.Join(local, rel))
			if err != nil {
				return nil, err
			}
			srcs = append(srcs, policySource{name: f.SourceOrPath(), text: text})
			pp.Sources[filepath.ToSlash(filepath.Join(local, rel))] = f.SourceOrPath()
		}
		pp.Dirs = append(pp.Dirs, local)
	}
	pp.Digest = policyDigest(srcs)
	return pp, nil
}
