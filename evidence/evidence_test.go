package evidence

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/irscan/irscan/policies"
)

const (
	demo      = "../testdata/demo"
	userGood  = "../policies/testdata/policies/good"
	demoSnap  = demo + "/aws-123456789012.json"
	demoWaive = demo + "/waivers.yaml"
)

func TestBuiltinDigestIsTheEngines(t *testing.T) {
	e, err := policies.Load(context.Background(), policies.Options{Config: policies.DefaultConfig()})
	if err != nil {
		t.Fatal(err)
	}
	got, err := BuiltinDigest()
	if err != nil {
		t.Fatal(err)
	}
	if got != e.Digest() {
		t.Fatalf("BuiltinDigest %s, engine %s: evidence.policyDigest no longer hashes like policies.Load", got, e.Digest())
	}
}

// buildPackage writes a small package: one snapshot and the waivers copied
// in, one user policy folder, a fake report.
func buildPackage(t *testing.T, dir string, policyDigest string) *Manifest {
	t.Helper()
	b, err := NewBuilder(dir, Run{
		ToolVersion:  "test",
		Command:      []string{"irscan", "evaluate", demoSnap, "--external-id=s3cr3t"},
		StartedAt:    time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC),
		Options:      Options{FailOn: "low", Config: policies.DefaultConfig()},
		PolicyDigest: policyDigest,
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	snap, _ := os.ReadFile(demoSnap)
	waivers, _ := os.ReadFile(demoWaive)
	b.AddSnapshot(demoSnap, sha256Hex(snap))
	b.AddInput(KindWaivers, demoWaive, sha256Hex(waivers))
	b.AddPolicyDir(userGood)
	if err := b.WriteInputs(); err != nil {
		t.Fatal(err)
	}
	report := []byte("{\"schema\": \"irscan.report/v1\"}\n")
	if err := os.WriteFile(filepath.Join(dir, "irscan.json"), report, 0o644); err != nil {
		t.Fatal(err)
	}
	b.AddReport("json", "irscan.json", report)
	if err := b.WriteManifest(time.Date(2026, 11, 20, 9, 0, 1, 0, time.UTC), nil); err != nil {
		t.Fatal(err)
	}
	m, _, err := ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestPackageLayoutAndUserPolicyDigest(t *testing.T) {
	orig, err := policies.Load(context.Background(), policies.Options{UserDirs: []string{userGood}, Config: policies.DefaultConfig()})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	m := buildPackage(t, dir, orig.Digest())
	var paths []string
	for _, f := range m.Files {
		paths = append(paths, f.Path+" "+f.Kind)
	}
	want := []string{
		"inputs/waivers.yaml waivers",
		"irscan.json report",
		"policies/1/always_pass.rego policy",
		"policies/1/regional.rego policy",
		"policies/1/silent.rego policy",
		"snapshots/aws-123456789012.json snapshot",
	}
	if !slices.Equal(paths, want) {
		t.Errorf("files %v, want %v", paths, want)
	}
	if got := strings.Join(m.Command, " "); strings.Contains(got, "s3cr3t") || !strings.Contains(got, "--external-id=REDACTED") {
		t.Errorf("command not redacted: %s", got)
	}
	if p := Check(dir, m); p != nil {
		t.Fatalf("fresh package: %v", p)
	}
	// The copied policies, under their original names, give the digest the
	// engine gave the original folder, and the check sources map back.
	pp, err := m.PackagePolicies(dir)
	if err != nil {
		t.Fatal(err)
	}
	if pp.Digest != orig.Digest() {
		t.Errorf("package policy digest %s, original run %s", pp.Digest, orig.Digest())
	}
	again, err := policies.Load(context.Background(), policies.Options{UserDirs: pp.Dirs, Config: policies.DefaultConfig()})
	if err != nil {
		t.Fatal(err)
	}
	origSources := map[string]string{}
	for _, c := range orig.Checks() {
		origSources[c.ID] = c.Source
	}
	user := 0
	for _, c := range again.Checks() {
		if strings.HasPrefix(c.Source, "embedded:") {
			continue
		}
		user++
		if pp.Sources[c.Source] != origSources[c.ID] {
			t.Errorf("check %s: source %s maps to %q, want %q", c.ID, c.Source, pp.Sources[c.Source], origSources[c.ID])
		}
	}
	if user != 3 {
		t.Errorf("%d user checks loaded from the package, want 3", user)
	}
}

func TestCheckNamesTheFile(t *testing.T) {
	base := t.TempDir()
	buildPackage(t, base, "sha256:x")
	for _, tc := range []struct {
		name, file string
		change     func(dir string)
	}{
		{"snapshot byte", "snapshots/aws-123456789012.json", func(dir string) { flipByte(t, filepath.Join(dir, "snapshots/aws-123456789012.json"), -1) }},
		{"report byte", "irscan.json", func(dir string) { flipByte(t, filepath.Join(dir, "irscan.json"), 3) }},
		{"policy byte", "policies/1/regional.rego", func(dir string) { flipByte(t, filepath.Join(dir, "policies/1/regional.rego"), 0) }},
		{"missing input", "inputs/waivers.yaml", func(dir string) { os.Remove(filepath.Join(dir, "inputs/waivers.yaml")) }},
		{"extra snapshot in snapshots/", "snapshots/extra.json", func(dir string) {
			copyFile(t, demoSnap, filepath.Join(dir, "snapshots/extra.json"))
		}},
		{"extra snapshot elsewhere", "other/snap.json", func(dir string) {
			os.MkdirAll(filepath.Join(dir, "other"), 0o755)
			copyFile(t, demoSnap, filepath.Join(dir, "other/snap.json"))
		}},
		{"extra policy", "policies/1/more.rego", func(dir string) {
			os.WriteFile(filepath.Join(dir, "policies/1/more.rego"), []byte("package x\n"), 0o644)
		}},
		{"stale report", "irscan.sarif", func(dir string) { os.WriteFile(filepath.Join(dir, "irscan.sarif"), []byte("{}"), 0o644) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			copyTree(t, base, dir)
			tc.change(dir)
			m, _, err := ReadManifest(dir)
			if err != nil {
				t.Fatal(err)
			}
			p := Check(dir, m)
			if p == nil || p.File != tc.file {
				t.Fatalf("Check = %v, want a problem with %s", p, tc.file)
			}
		})
	}
	// Files that are not package files (a call log, say) are left alone.
	dir := t.TempDir()
	copyTree(t, base, dir)
	os.WriteFile(filepath.Join(dir, "calls.jsonl"), []byte("{}\n"), 0o644)
	m, _, _ := ReadManifest(dir)
	if p := Check(dir, m); p != nil {
		t.Errorf("unrelated file: %v", p)
	}
}

// TestManifestDetectsAnySingleByteChange changes every byte of a manifest,
// two ways each, and expects every result to be refused.
func TestManifestDetectsAnySingleByteChange(t *testing.T) {
	dir := t.TempDir()
	buildPackage(t, dir, "sha256:x")
	raw, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParseManifest(raw); err != nil {
		t.Fatalf("untouched manifest refused: %v", err)
	}
	for i := range raw {
		for _, mask := range []byte{0x01, 0x20} {
			b := slices.Clone(raw)
			b[i] ^= mask
			if _, err := ParseManifest(b); err == nil {
				t.Fatalf("byte %d (%q → %q) changed and the manifest was accepted", i, raw[i], b[i])
			}
		}
	}
	if _, err := ParseManifest(append(slices.Clone(raw), '\n')); err == nil {
		t.Error("a byte appended and the manifest was accepted")
	}
	// A key repeated (the last one would win) is named, before any digest is compared.
	dup := bytes.Replace(raw, []byte(`"schema":`), []byte(`"schema": "x", "schema":`), 1)
	if _, err := ParseManifest(dup); err == nil || !strings.Contains(err.Error(), `duplicate key "schema"`) {
		t.Errorf("duplicate key: %v", err)
	}
}

func TestRedactCommand(t *testing.T) {
	got := RedactCommand([]string{
		"irscan", "scan", "aws", "--external-id=abc", "--external-id", "def", "--role-name=audit",
		"--endpoint-url=https://user:pw@example.com/x?sig=zzz", "--access-token-file=/tmp/tok", "--client-secret=q",
	})
	want := []string{
		"irscan", "scan", "aws", "--external-id=REDACTED", "--external-id", "REDACTED", "--role-name=audit",
		"--endpoint-url=https://REDACTED@example.com/x?sig=REDACTED", "--access-token-file=/tmp/tok", "--client-secret=REDACTED",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

// writeKey writes an OpenSSH ed25519 key pair (encrypted when passphrase
// is not empty) and returns the private and public key paths.
func writeKey(t *testing.T, dir, name, passphrase string) (string, string) {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	var block *pem.Block
	if passphrase == "" {
		block, err = ssh.MarshalPrivateKey(priv, "irscan test")
	} else {
		block, err = ssh.MarshalPrivateKeyWithPassphrase(priv, "irscan test", []byte(passphrase))
	}
	if err != nil {
		t.Fatal(err)
	}
	sshPub, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	privPath, pubPath := filepath.Join(dir, name), filepath.Join(dir, name+".pub")
	if err := os.WriteFile(privPath, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(pubPath, ssh.MarshalAuthorizedKey(sshPub), 0o644); err != nil {
		t.Fatal(err)
	}
	return privPath, pubPath
}

func TestSignAndVerify(t *testing.T) {
	dir := t.TempDir()
	priv, pub := writeKey(t, dir, "key", "")
	_, otherPub := writeKey(t, dir, "other", "")
	signer, err := LoadSigner(priv)
	if err != nil {
		t.Fatal(err)
	}
	manifest := []byte("{\"schema\": \"irscan.manifest/v1\"}\n")
	sig, err := Sign(signer, manifest)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(sig), "-----BEGIN SSH SIGNATURE-----") {
		t.Errorf("signature is not armored: %.40s", sig)
	}
	keys, err := LoadPublicKeys(pub)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := VerifySignature(manifest, sig, keys); err != nil {
		t.Errorf("good signature refused: %v", err)
	}
	tampered := slices.Clone(manifest)
	tampered[5] ^= 1
	if _, err := VerifySignature(tampered, sig, keys); err == nil {
		t.Error("signature accepted for a changed manifest")
	}
	others, _ := LoadPublicKeys(otherPub)
	if _, err := VerifySignature(manifest, sig, others); err == nil || !strings.Contains(err.Error(), "not the given public key") {
		t.Errorf("wrong key: %v", err)
	}
	if _, err := LoadPublicKeys(priv); err == nil {
		t.Error("a private key was accepted as --pubkey")
	}
}

func TestEncryptedKeyPassphraseFromEnv(t *testing.T) {
	dir := t.TempDir()
	priv, _ := writeKey(t, dir, "enc", "correct horse")
	t.Setenv(PassphraseEnv, "")
	if _, err := LoadSigner(priv); err == nil || !strings.Contains(err.Error(), PassphraseEnv) {
		t.Errorf("no passphrase: %v", err)
	}
	t.Setenv(PassphraseEnv, "wrong")
	if _, err := LoadSigner(priv); err == nil || !strings.Contains(err.Error(), "wrong passphrase") {
		t.Errorf("wrong passphrase: %v", err)
	}
	t.Setenv(PassphraseEnv, "correct horse")
	if _, err := LoadSigner(priv); err != nil {
		t.Errorf("right passphrase: %v", err)
	}
}

func flipByte(t *testing.T, path string, at int) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if at < 0 {
		at = len(b) / 2
	}
	b[at] ^= 0x01
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		copyFile(t, p, filepath.Join(to, rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestSymlinkedFoldersAreRefused: a package whose snapshots/ folder (or a
// file in it) is a symbolic link is refused, naming the link, even when the
// link leads to identical bytes elsewhere.
func TestSymlinkedFoldersAreRefused(t *testing.T) {
	dir := t.TempDir()
	m := buildPackage(t, dir, "sha256:x")
	if p := Check(dir, m); p != nil {
		t.Fatalf("untouched package: %v", p)
	}
	outside := filepath.Join(t.TempDir(), "elsewhere")
	if err := os.Rename(filepath.Join(dir, SnapshotsDir), outside); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, SnapshotsDir)); err != nil {
		t.Fatal(err)
	}
	if p := Check(dir, m); p == nil || p.File != SnapshotsDir || !strings.Contains(p.Reason, "symbolic link") {
		t.Errorf("symlinked %s/: %v", SnapshotsDir, p)
	}
}
