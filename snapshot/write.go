package snapshot

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
)

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// FileName is the file a snapshot is written to: <cloud>-<scope type>-<id>.json.
func FileName(s *Snapshot) string {
	return fmt.Sprintf("%s-%s-%s.json", s.Cloud, s.Scope.Type, unsafeName.ReplaceAllString(s.Scope.ID, "_"))
}

// Marshal encodes a snapshot as indented JSON with "schema" first, and
// checks the result against the schema, so a collector can never write a
// snapshot that evaluate would refuse.
func Marshal(s *Snapshot) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return nil, err
	}
	if _, err := Parse(FileName(s), buf.Bytes()); err != nil {
		return nil, fmt.Errorf("collector produced an invalid snapshot: %w", err)
	}
	return buf.Bytes(), nil
}

// Write marshals each snapshot and writes it into dir atomically
// (temporary file, then rename). It returns the paths written.
func Write(dir string, snaps []*Snapshot) ([]string, error) {
	encoded := make([][]byte, len(snaps))
	for i, s := range snaps {
		b, err := Marshal(s)
		if err != nil {
			return nil, err
		}
		encoded[i] = b
	}
	if err := os.MkdirAll(dir, DirMode); err != nil {
		return nil, err
	}
	var paths []string
	for i, s := range snaps {
		path := filepath.Join(dir, FileName(s))
		if err := WriteFileAtomic(path, encoded[i]); err != nil {
			return nil, err
		}
		paths = append(paths, path)
	}
	return paths, nil
}

// FileMode and DirMode are the permissions of what irscan writes (snapshots,
// evidence packages, reports): readable by the user who ran it only, since
// a snapshot describes an estate's defences in detail. Folders that exist
// already keep theirs.
const (
	FileMode os.FileMode = 0o600
	DirMode  os.FileMode = 0o700
)

// WriteFileAtomic writes data to a temporary file beside path and renames
// it over path, so readers never see a half-written file.
func WriteFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	name := tmp.Name()
	_, werr := tmp.Write(data)
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(name, FileMode)
	}
	if werr == nil {
		werr = os.Rename(name, path)
	}
	if werr != nil {
		os.Remove(name)
		return fmt.Errorf("writing %s: %w", path, werr)
	}
	return nil
}
