package evidence

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/irscan/irscan/reports"
	"github.com/irscan/irscan/snapshot"
)

// Problem is the first thing wrong with a package: the file at fault
// (relative to the package directory) and what is wrong with it.
type Problem struct {
	File   string
	Reason string
}

func (p *Problem) Error() string { return p.File + ": " + p.Reason }

// Check recomputes the SHA-256 of every file the manifest lists, in its
// order, and then looks for files the manifest does not list (see
// Unlisted). It returns the first problem, or nil.
func Check(dir string, m *Manifest) *Problem {
	seen := map[string]bool{}
	for _, f := range m.Files {
		if !validPath(f.Path) || seen[f.Path] || f.Path == ManifestName || f.Path == SignatureName {
			return &Problem{File: ManifestName, Reason: fmt.Sprintf("lists an invalid or repeated file path %q", f.Path)}
		}
		seen[f.Path] = true
		if link := symlinkOn(dir, f.Path); link != "" {
			return &Problem{File: link, Reason: "is a symbolic link: a package holds its files itself, and a link could lead out of it"}
		}
		raw, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.Path)))
		if errors.Is(err, fs.ErrNotExist) {
			return &Problem{File: f.Path, Reason: "missing (listed in " + ManifestName + ")"}
		}
		if err != nil {
			return &Problem{File: f.Path, Reason: err.Error()}
		}
		if got := sha256Hex(raw); got != f.SHA256 {
			return &Problem{File: f.Path, Reason: fmt.Sprintf("sha256 %s does not match the manifest's %s (the file was changed)", got, f.SHA256)}
		}
	}
	if extra := Unlisted(dir, m); len(extra) > 0 {
		return &Problem{File: extra[0], Reason: "not listed in " + ManifestName + " (added after the package was made, or left from another run)"}
	}
	return nil
}

// symlinkOn returns the first element of the package path rel (a folder
// such as snapshots/ or inputs/, or the file itself) that is a symbolic
// link, or "".
func symlinkOn(dir, rel string) string {
	parts := strings.Split(rel, "/")
	for i := range parts {
		p := path.Join(parts[:i+1]...)
		info, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			return ""
		}
		if info.Mode()&fs.ModeSymlink != 0 {
			return p
		}
	}
	return ""
}

// validPath accepts clean, relative, slash-separated paths inside the package.
func validPath(p string) bool {
	return p != "" && p == path.Clean(p) && !path.IsAbs(p) && p != ".." && !strings.HasPrefix(p, "../") && !strings.Contains(p, "\\")
}

// reportNames are the files irscan writes reports to.
func reportNames() []string {
	var out []string
	for _, f := range reports.Formats {
		out = append(out, "irscan."+reports.Extension(f))
	}
	return out
}

// Unlisted returns, sorted, the files in dir that belong to a package but
// that the manifest does not list: anything in snapshots/, inputs/,
// policies/ and the user policy folders, irscan.<ext> reports, and any
// snapshot file anywhere. Other files (a call log beside the reports, say)
// are not part of the package and are left alone.
func Unlisted(dir string, m *Manifest) []string {
	listed := map[string]bool{ManifestName: true, SignatureName: true}
	for _, f := range m.Files {
		listed[f.Path] = true
	}
	areas := []string{SnapshotsDir, InputsDir, PoliciesDir}
	for _, u := range m.Policies.User {
		areas = append(areas, u.Dir)
	}
	inArea := func(rel string) bool {
		for _, a := range areas {
			if rel == a || strings.HasPrefix(rel, a+"/") {
				return true
			}
		}
		return false
	}
	var out []string
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		r, err := filepath.Rel(dir, p)
		if err != nil {
			return nil
		}
		rel := filepath.ToSlash(r)
		if listed[rel] {
			return nil
		}
		if inArea(rel) || slices.Contains(reportNames(), rel) ||
			(strings.HasSuffix(rel, ".json") && snapshot.IsSnapshotFile(p)) {
			out = append(out, rel)
		}
		return nil
	})
	slices.Sort(out)
	return out
}
