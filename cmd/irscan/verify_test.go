package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"

	"github.com/irscan/irscan/evidence"
)

// demoPackage is the demo evaluated (waivers and attestations included)
// into every format, once for the test binary: read it, or change a copy
// (makePackage). It returns the directory and the table (stdout).
func demoPackage(t *testing.T) (string, string) {
	t.Helper()
	r := once(t, "demo-package", func(t *testing.T, out string) *cloudRun {
		r := runCLI(t, nil, demoArgs("--format", "table,"+allFileFormats, "--out", out)...)
		if r.code != exitFindings {
			t.Fatalf("making the package: exit %d, want 1; stderr %s", r.code, r.stderr)
		}
		r.out = out
		return &cloudRun{cliResult: r}
	})
	return r.out, r.stdout
}

// makePackage returns a fresh evidence directory of the demo (waivers and
// attestations included): a copy of demoPackage, or with extra flags (other
// than --format json, which the package holds) a run of its own.
func makePackage(t *testing.T, extra ...string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "out")
	if len(extra) == 0 {
		shared, _ := demoPackage(t)
		pkgCopyTree(t, shared, dir)
		return dir
	}
	args := append([]string{"--out", dir}, extra...)
	if !slices.Contains(extra, "--format") {
		args = append(args, "--format", allFileFormats)
	}
	code, _, stderr := irscan(t, demoArgs(args...)...)
	if code != exitFindings {
		t.Fatalf("making the package: exit %d, want 1; stderr %s", code, stderr)
	}
	return dir
}

func verifyExit(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	return irscan(t, append([]string{"verify"}, args...)...)
}

func TestEvaluateOutIsAnEvidencePackage(t *testing.T) {
	t.Parallel()
	dir := makePackage(t)
	m, _, err := evidence.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, f := range m.Files {
		kinds[f.Kind]++
	}
	if kinds["snapshot"] != 3 || kinds["waivers"] != 1 || kinds["attestations"] != 1 || kinds["report"] != 5 {
		t.Errorf("manifest lists %v", kinds)
	}
	for _, p := range []string{"snapshots/aws-123456789012.json", "inputs/waivers.yaml", "inputs/attestations.yaml", "irscan.json"} {
		if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
			t.Errorf("%s not in the package: %v", p, err)
		}
	}
	if m.Options.FailOn != "low" || m.Command[0] != "irscan" || m.Command[1] != "evaluate" || m.StartedAt.IsZero() || m.FinishedAt.Before(m.StartedAt) {
		t.Errorf("manifest run data: %+v %v %v..%v", m.Options, m.Command, m.StartedAt, m.FinishedAt)
	}
	// The report stays free of wall-clock data: two packages differ in
	// their manifests only.
	other := filepath.Join(t.TempDir(), "out")
	if code, _, stderr := irscan(t, demoArgs("--format", allFileFormats, "--out", other)...); code != exitFindings {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, name := range []string{"irscan.json", "irscan.sarif", "irscan.html", "irscan.csv", "irscan.xml", "snapshots/gcp-acme-payments-prod.json"} {
		a, _ := os.ReadFile(filepath.Join(dir, name))
		b, _ := os.ReadFile(filepath.Join(other, name))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between two runs", name)
		}
	}
}

func TestVerifyIntactPackage(t *testing.T) {
	t.Parallel()
	dir := makePackage(t)
	code, stdout, stderr := verifyExit(t, dir)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"OK:", "identical to irscan.csv, irscan.html, irscan.json, irscan.sarif, irscan.xml", "signature: none"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	// Evaluating the package's own snapshots into it again keeps one copy
	// of each, and the package still verifies.
	args := []string{"evaluate", filepath.Join(dir, "snapshots"), "--waivers", filepath.Join(dir, "inputs/waivers.yaml"),
		"--attestations", filepath.Join(dir, "inputs/attestations.yaml"), "--format", allFileFormats, "--out", dir}
	if code, _, stderr = irscan(t, args...); code != exitFindings {
		t.Fatalf("re-evaluating in place: exit %d: %s", code, stderr)
	}
	if code, _, stderr = verifyExit(t, dir); code != exitOK {
		t.Fatalf("in-place package: exit %d: %s", code, stderr)
	}
	if entries, _ := os.ReadDir(filepath.Join(dir, "snapshots")); len(entries) != 3 {
		t.Errorf("snapshots/ holds %d files, want 3", len(entries))
	}
}

// TestStaleReportIsNamed: a report left by an earlier run into the same
// directory is not part of the new package: irscan warns, verify refuses.
func TestStaleReportIsNamed(t *testing.T) {
	t.Parallel()
	dir := makePackage(t)
	code, _, stderr := irscanLogging(t, demoArgs("--format", "json", "--out", dir)...)
	if code != exitFindings || !strings.Contains(stderr, filepath.Join(dir, "irscan.html")+" is not part of this run") {
		t.Fatalf("exit %d; stderr %s", code, stderr)
	}
	if code, _, stderr := verifyExit(t, dir); code != exitFindings || !strings.Contains(stderr, "irscan.csv: not listed in manifest.json") {
		t.Fatalf("verify: exit %d; stderr %s", code, stderr)
	}
}

func TestVerifyNamesTheFileThatDoesNotMatch(t *testing.T) {
	t.Parallel()
	base := makePackage(t)
	snap := "snapshots/aws-123456789012.json"
	for _, tc := range []struct {
		name, file string
		change     func(dir string)
	}{
		{"snapshot byte", snap, func(d string) { pkgFlipByte(t, filepath.Join(d, snap), -1) }},
		{"snapshot last byte", snap, func(d string) { pkgFlipByte(t, filepath.Join(d, snap), -2) }},
		{"json report byte", "irscan.json", func(d string) { pkgFlipByte(t, filepath.Join(d, "irscan.json"), -1) }},
		{"sarif report byte", "irscan.sarif", func(d string) { pkgFlipByte(t, filepath.Join(d, "irscan.sarif"), 10) }},
		{"html report byte", "irscan.html", func(d string) { pkgFlipByte(t, filepath.Join(d, "irscan.html"), -1) }},
		{"manifest byte", "manifest.json", func(d string) { pkgFlipByte(t, filepath.Join(d, "manifest.json"), -1) }},
		{"manifest timestamp digit", "manifest.json", func(d string) {
			p := filepath.Join(d, "manifest.json")
			b, _ := os.ReadFile(p)
			i := bytes.Index(b, []byte(`"started_at": "20`)) + len(`"started_at": "20`)
			b[i]++ // 2026 → 2036: still valid JSON, still a date
			os.WriteFile(p, b, 0o644)
		}},
		{"waivers byte", "inputs/waivers.yaml", func(d string) { pkgFlipByte(t, filepath.Join(d, "inputs/waivers.yaml"), -1) }},
		{"missing snapshot", snap, func(d string) { os.Remove(filepath.Join(d, snap)) }},
		{"missing report", "irscan.xml", func(d string) { os.Remove(filepath.Join(d, "irscan.xml")) }},
		{"missing manifest", "manifest.json", func(d string) { os.Remove(filepath.Join(d, "manifest.json")) }},
		{"extra unlisted snapshot", "snapshots/aws-999999999999.json", func(d string) {
			pkgCopyFile(t, filepath.Join(d, snap), filepath.Join(d, "snapshots/aws-999999999999.json"))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(t.TempDir(), "pkg")
			pkgCopyTree(t, base, dir)
			tc.change(dir)
			code, _, stderr := verifyExit(t, dir)
			if code != exitFindings || !strings.Contains(stderr, filepath.Join(dir, tc.file)+":") {
				t.Fatalf("exit %d, want 1 naming %s; stderr %s", code, tc.file, stderr)
			}
		})
	}
}

// rewriteManifest changes a manifest and re-encodes it consistently, as a
// forger without the signing key could.
func rewriteManifest(t *testing.T, dir string, change func(m *evidence.Manifest)) {
	t.Helper()
	m, _, err := evidence.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	change(m)
	raw, err := m.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, evidence.ManifestName), raw, 0o644); err != nil {
		t.Fatal(err)
	}
}

func pkgSHA256(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func TestVerifyReEvaluatesTheFindings(t *testing.T) {
	t.Parallel()
	dir := makePackage(t)
	// A finding's status changed in the report, and the manifest's digest
	// updated to match: only the re-evaluation can tell.
	p := filepath.Join(dir, "irscan.json")
	raw, _ := os.ReadFile(p)
	forged := bytes.Replace(raw, []byte(`"status": "waived"`), []byte(`"status": "pass"`), 1)
	if bytes.Equal(forged, raw) {
		t.Fatal("the demo report has no waived finding to forge")
	}
	os.WriteFile(p, forged, 0o644)
	rewriteManifest(t, dir, func(m *evidence.Manifest) {
		for i := range m.Files {
			if m.Files[i].Path == "irscan.json" {
				m.Files[i].SHA256 = pkgSHA256(t, p)
			}
		}
	})
	code, _, stderr := verifyExit(t, dir)
	if code != exitFindings || !strings.Contains(stderr, "irscan.json: differs from a re-evaluation") || !strings.Contains(stderr, "AWS-IR2-03") {
		t.Fatalf("exit %d, want 1 naming irscan.json and the finding; stderr %s", code, stderr)
	}

	// A recorded option changed (fail-on): the reports no longer match.
	dir = makePackage(t, "--format", "json")
	rewriteManifest(t, dir, func(m *evidence.Manifest) { m.Options.FailOn = "high" })
	if code, _, stderr := verifyExit(t, dir); code != exitFindings || !strings.Contains(stderr, `field "fail_on" differs`) {
		t.Fatalf("changed option: exit %d; stderr %s", code, stderr)
	}
}

func TestVerifyRefusesAnotherIrscansBuiltinChecks(t *testing.T) {
	t.Parallel()
	dir := makePackage(t)
	rewriteManifest(t, dir, func(m *evidence.Manifest) {
		m.Tool.Version = "0.9.0"
		m.Policies.BuiltinDigest = "sha256:0000"
	})
	code, _, stderr := verifyExit(t, dir)
	if code != exitFindings || !strings.Contains(stderr, "made by irscan 0.9.0") || !strings.Contains(stderr, "verify it with irscan 0.9.0") {
		t.Fatalf("exit %d; stderr %s", code, stderr)
	}
}

func TestVerifyPackageWithUserPolicies(t *testing.T) {
	t.Parallel()
	dir := makePackage(t, "--policies", "../../policies/testdata/policies/good")
	code, stdout, stderr := verifyExit(t, dir)
	if code != exitOK || !strings.Contains(stdout, "1 user policy folder") {
		t.Fatalf("exit %d: %s%s", code, stdout, stderr)
	}
	rego := "policies/1/always_pass.rego"
	if _, err := os.Stat(filepath.Join(dir, rego)); err != nil {
		t.Fatalf("user policy not copied: %v", err)
	}
	pkgFlipByte(t, filepath.Join(dir, rego), -1)
	if code, _, stderr := verifyExit(t, dir); code != exitFindings || !strings.Contains(stderr, filepath.Join(dir, rego)+":") {
		t.Fatalf("changed policy: exit %d; stderr %s", code, stderr)
	}
}

// writeSSHKey writes an OpenSSH ed25519 key pair, encrypted when
// passphrase is not empty, and returns the private and public key paths.
func writeSSHKey(t *testing.T, dir, name, passphrase string) (string, string) {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	var block *pem.Block
	if passphrase == "" {
		block, err = ssh.MarshalPrivateKey(priv, name)
	} else {
		block, err = ssh.MarshalPrivateKeyWithPassphrase(priv, name, []byte(passphrase))
	}
	if err != nil {
		t.Fatal(err)
	}
	sshPub, _ := ssh.NewPublicKey(pub)
	privPath, pubPath := filepath.Join(dir, name), filepath.Join(dir, name+".pub")
	os.WriteFile(privPath, pem.EncodeToMemory(block), 0o600)
	os.WriteFile(pubPath, ssh.MarshalAuthorizedKey(sshPub), 0o644)
	return privPath, pubPath
}

// sshKeygenVerify runs OpenSSH's own verifier, as an auditor would (README).
func sshKeygenVerify(t *testing.T, dir, pubPath string) (bool, string) {
	t.Helper()
	keygen, err := exec.LookPath("ssh-keygen")
	if err != nil {
		t.Fatalf("ssh-keygen (OpenSSH client) is needed to check signatures with an external tool: %v", err)
	}
	pub, _ := os.ReadFile(pubPath)
	allowed := filepath.Join(t.TempDir(), "allowed_signers")
	os.WriteFile(allowed, []byte("irscan-signer "+string(pub)), 0o644)
	manifest, err := os.Open(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer manifest.Close()
	cmd := exec.Command(keygen, "-Y", "verify", "-f", allowed, "-I", "irscan-signer", "-n", "irscan", "-s", filepath.Join(dir, "manifest.json.sig"))
	cmd.Stdin = manifest
	out, err := cmd.CombinedOutput()
	return err == nil, string(out)
}

func TestSignedPackage(t *testing.T) {
	t.Parallel()
	keys := t.TempDir()
	priv, pub := writeSSHKey(t, keys, "irscan-signing", "")
	_, otherPub := writeSSHKey(t, keys, "someone-else", "")
	dir := makePackage(t, "--sign-key", priv)
	if _, err := os.Stat(filepath.Join(dir, "manifest.json.sig")); err != nil {
		t.Fatal(err)
	}
	if code, stdout, stderr := verifyExit(t, dir, "--pubkey", pub); code != exitOK || !strings.Contains(stdout, "signature: good, ssh-ed25519") {
		t.Fatalf("--pubkey: exit %d: %s%s", code, stdout, stderr)
	}
	if code, stdout, _ := verifyExit(t, dir); code != exitOK || !strings.Contains(stdout, "not checked") {
		t.Errorf("without --pubkey: exit %d: %s", code, stdout)
	}
	if code, _, stderr := verifyExit(t, dir, "--pubkey", otherPub); code != exitFindings || !strings.Contains(stderr, "manifest.json.sig:") || !strings.Contains(stderr, "not the given public key") {
		t.Errorf("wrong key: exit %d: %s", code, stderr)
	}
	if code, _, stderr := verifyExit(t, dir, "--pubkey", priv); code != exitUsage {
		t.Errorf("private key as --pubkey: exit %d: %s", code, stderr)
	}

	// OpenSSH's ssh-keygen, which irscan did not write, accepts the signature...
	if ok, out := sshKeygenVerify(t, dir, pub); !ok || !strings.Contains(out, `Good "irscan" signature for irscan-signer`) {
		t.Fatalf("ssh-keygen -Y verify refused the signature: %s", out)
	}
	// ...and refuses it for another key or a changed manifest.
	if ok, out := sshKeygenVerify(t, dir, otherPub); ok {
		t.Errorf("ssh-keygen accepted another key: %s", out)
	}
	tampered := filepath.Join(t.TempDir(), "pkg")
	pkgCopyTree(t, dir, tampered)
	rewriteManifest(t, tampered, func(m *evidence.Manifest) { m.Command = append(m.Command, "--fail-on=none") })
	if ok, out := sshKeygenVerify(t, tampered, pub); ok {
		t.Errorf("ssh-keygen accepted a changed manifest: %s", out)
	}
	if code, _, stderr := verifyExit(t, tampered, "--pubkey", pub); code != exitFindings || !strings.Contains(stderr, "manifest.json.sig:") {
		t.Errorf("irscan verify accepted a re-encoded manifest with the old signature: exit %d: %s", code, stderr)
	}

	// A signature made by ssh-keygen -Y sign is accepted by irscan verify.
	resigned := filepath.Join(t.TempDir(), "pkg")
	pkgCopyTree(t, dir, resigned)
	os.Remove(filepath.Join(resigned, "manifest.json.sig"))
	out, err := exec.Command("ssh-keygen", "-Y", "sign", "-f", priv, "-n", "irscan", filepath.Join(resigned, "manifest.json")).CombinedOutput()
	if err != nil {
		t.Fatalf("ssh-keygen -Y sign: %v: %s", err, out)
	}
	if code, _, stderr := verifyExit(t, resigned, "--pubkey", pub); code != exitOK {
		t.Errorf("ssh-keygen's signature: exit %d: %s", code, stderr)
	}

	// An unsigned package fails --pubkey.
	unsigned, _ := demoPackage(t)
	if code, _, stderr := verifyExit(t, unsigned, "--pubkey", pub); code != exitFindings || !strings.Contains(stderr, "not signed") {
		t.Errorf("unsigned with --pubkey: exit %d: %s", code, stderr)
	}
}

func TestSignKeyPassphraseFromEnvironment(t *testing.T) {
	t.Parallel()
	keys := t.TempDir()
	priv, pub := writeSSHKey(t, keys, "enc", "s3cret passphrase")
	out := filepath.Join(t.TempDir(), "out")
	r := runCLI(t, []string{evidence.PassphraseEnv + "="}, demoArgs("--format", "json", "--out", out, "--sign-key", priv)...)
	if r.code != exitUsage || !strings.Contains(r.stderr, evidence.PassphraseEnv) {
		t.Fatalf("encrypted key without passphrase: exit %d: %s", r.code, r.stderr)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Error("--out written although the key could not be read")
	}
	passphrase := []string{evidence.PassphraseEnv + "=s3cret passphrase"}
	if r = runCLI(t, passphrase, demoArgs("--format", "json", "--out", out, "--sign-key", priv)...); r.code != exitFindings {
		t.Fatalf("with the passphrase: exit %d: %s", r.code, r.stderr)
	}
	if code, _, stderr := verifyExit(t, out, "--pubkey", pub); code != exitOK {
		t.Fatalf("verify: exit %d: %s", code, stderr)
	}
	raw, _ := os.ReadFile(filepath.Join(out, "manifest.json"))
	if bytes.Contains(raw, []byte("s3cret")) {
		t.Error("the passphrase reached the manifest")
	}
	if r = runCLI(t, passphrase, demoArgs("--format", "json", "--sign-key", priv)...); r.code != exitUsage || !strings.Contains(r.stderr, "needs --out") {
		t.Errorf("--sign-key without --out: exit %d: %s", r.code, r.stderr)
	}
}

func TestVerifyUsage(t *testing.T) {
	t.Parallel()
	if code, _, _ := verifyExit(t, filepath.Join(t.TempDir(), "nope")); code != exitUsage {
		t.Errorf("missing directory: exit %d, want 2", code)
	}
	if code, _, stderr := verifyExit(t, t.TempDir()); code != exitFindings || !strings.Contains(stderr, "manifest.json") {
		t.Errorf("no manifest: exit %d: %s", code, stderr)
	}
}

func TestScanOutIsAVerifiablePackage(t *testing.T) {
	t.Parallel()
	cl := awsCloud()
	// The organisation scan of the conformance suite (every format).
	r := cl.scenarioRun(t, cl.scenario(cl.collectThenEvaluate))
	if r.code != exitFindings {
		t.Fatalf("scan: exit %d: %s", r.code, r.stderr)
	}
	m, raw, err := evidence.ReadManifest(r.out)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(m.FilesOf(evidence.KindSnapshot)); n != 3 {
		t.Errorf("manifest lists %d snapshots, want 3", n)
	}
	if bytes.Contains(raw, []byte(orgExternal)) || !bytes.Contains(raw, []byte("--external-id=REDACTED")) {
		t.Errorf("external ID not redacted in the manifest's command line: %s", m.Command)
	}
	if code, stdout, stderr := verifyExit(t, r.out); code != exitOK {
		t.Fatalf("verify: exit %d: %s%s", code, stdout, stderr)
	}
}

func pkgFlipByte(t *testing.T, path string, at int) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	switch at {
	case -1:
		at = len(b) / 2
	case -2:
		at = len(b) - 2
	}
	b[at] ^= 0x01
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func pkgCopyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Dir(to), 0o755)
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func pkgCopyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		pkgCopyFile(t, p, filepath.Join(to, rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func pkgReadJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}
