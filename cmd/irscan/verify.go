package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/crypto/ssh"

	"github.com/irscan/irscan/drift"
	"github.com/irscan/irscan/evidence"
	"github.com/irscan/irscan/pipeline"
	"github.com/irscan/irscan/policies"
	"github.com/irscan/irscan/reports"
	"github.com/irscan/irscan/snapshot"
)

func newVerifyCmd() *cobra.Command {
	var pubkey string
	cmd := &cobra.Command{
		Use:   "verify DIR",
		Short: "Check that an evidence package (an --out directory) is intact and reproduces its reports",
		Long: `Verify checks an evidence package written by 'irscan evaluate --out DIR' or
'irscan scan ... --out DIR': it recomputes the SHA-256 of every file listed in
DIR/manifest.json, refuses snapshots, inputs, policies or reports the manifest does not
list, checks the signature (manifest.json.sig) with --pubkey, and re-evaluates the
package's snapshots with its policies, waivers, attestations, baseline and recorded options,
then confirms every report in DIR is byte for byte what the re-evaluation gives.

The built-in checks must be those of the irscan that made the package: otherwise verify
says which version made it. Exit 0 when the package is intact; 1 naming the first file
that does not match; 2 for a usage error.`,
		Example: `  irscan verify report/
  irscan verify report/ --pubkey irscan-signing.pub`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError("verify needs one evidence directory (see 'irscan verify --help')")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runVerify(cmd.Context(), args[0], pubkey, cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&pubkey, "pubkey", "", "SSH public key file (authorized_keys format, e.g. key.pub) the manifest must be signed with")
	return cmd
}

// notIntact is verify's failure: exit 1, naming the file at fault.
func notIntact(dir, file, reason string) error {
	return &exitError{code: exitFindings, err: fmt.Errorf("verify: %s: %s", filepath.Join(dir, filepath.FromSlash(file)), reason)}
}

func runVerify(ctx context.Context, dir, pubkey string, stdout io.Writer) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return usageError("verify %s: not a directory", dir)
	}
	var keys []ssh.PublicKey
	if pubkey != "" {
		var err error
		if keys, err = evidence.LoadPublicKeys(pubkey); err != nil {
			return usageError("--pubkey %v", err)
		}
	}
	m, raw, err := evidence.ReadManifest(dir)
	if err != nil {
		return notIntact(dir, evidence.ManifestName, err.Error())
	}
	var lines []string
	say := func(format string, args ...any) { lines = append(lines, fmt.Sprintf(format, args...)) }
	say("manifest: %s by irscan %s, %s .. %s", evidence.ManifestName, m.Tool.Version, m.StartedAt.Format(time.RFC3339), m.FinishedAt.Format(time.RFC3339))

	sig, sigErr := os.ReadFile(filepath.Join(dir, evidence.SignatureName))
	switch {
	case keys != nil && errors.Is(sigErr, fs.ErrNotExist):
		return notIntact(dir, evidence.SignatureName, "missing: the package is not signed, but --pubkey was given")
	case keys != nil && sigErr != nil:
		return notIntact(dir, evidence.SignatureName, sigErr.Error())
	case keys != nil:
		k, err := evidence.VerifySignature(raw, sig, keys)
		if err != nil {
			return notIntact(dir, evidence.SignatureName, err.Error())
		}
		say("signature: good, %s %s (namespace %q)", k.Type(), ssh.FingerprintSHA256(k), evidence.SignatureNamespace)
	case sigErr == nil:
		say("signature: %s present but not checked (give --pubkey)", evidence.SignatureName)
	default:
		say("signature: none")
	}

	if p := evidence.Check(dir, m); p != nil {
		return notIntact(dir, p.File, p.Reason)
	}
	say("files: %d listed, every sha256 matches, none unlisted", len(m.Files))

	builtin, err := evidence.BuiltinDigest()
	if err != nil {
		return err
	}
	if builtin != m.Policies.BuiltinDigest {
		return notIntact(dir, evidence.ManifestName, fmt.Sprintf(
			"the package was made by irscan %s, whose built-in checks (%s) differ from this irscan's (%s, %s); verify it with irscan %s",
			m.Tool.Version, m.Policies.BuiltinDigest, version, builtin, m.Tool.Version))
	}
	pp, err := m.PackagePolicies(dir)
	if err != nil {
		return notIntact(dir, evidence.PoliciesDir, err.Error())
	}
	if pp.Digest != m.Policies.Digest {
		return notIntact(dir, evidence.ManifestName, fmt.Sprintf("policy digest %s does not match the package's policies (%s)", m.Policies.Digest, pp.Digest))
	}
	say("policies: built-in checks %s (this irscan's), %d user policy folder(s)", builtin, len(m.Policies.User))
	if m.Tool.Version != version {
		say("note: made by irscan %s, verified with irscan %s (same built-in checks)", m.Tool.Version, version)
	}

	rep, perr := reevaluate(ctx, dir, m, pp)
	if perr != nil {
		return notIntact(dir, perr.File, perr.Reason)
	}
	var compared []string
	for _, f := range m.FilesOf(evidence.KindReport) {
		w, err := reports.Get(f.Format, reports.Options{})
		if err != nil {
			return notIntact(dir, f.Path, err.Error())
		}
		var buf bytes.Buffer
		if err := w.Write(&buf, rep); err != nil {
			return notIntact(dir, f.Path, "re-rendering: "+err.Error())
		}
		recorded, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.Path)))
		if err != nil {
			return notIntact(dir, f.Path, err.Error())
		}
		if !bytes.Equal(recorded, buf.Bytes()) {
			return notIntact(dir, f.Path, "differs from a re-evaluation of the package: "+explainDifference(f.Format, recorded, buf.Bytes()))
		}
		compared = append(compared, f.Path)
	}
	if len(compared) == 0 {
		say("re-evaluation: %d findings from %d snapshots; the package holds no report file to compare them with", len(rep.Findings), len(rep.Snapshots))
	} else {
		say("re-evaluation: %d findings from %d snapshots, identical to %s", len(rep.Findings), len(rep.Snapshots), strings.Join(compared, ", "))
	}
	say("OK: %s is an intact evidence package", dir)
	_, err = io.WriteString(stdout, strings.Join(lines, "\n")+"\n")
	return err
}

// engineView is the re-evaluation's engine as the original run saw it: the
// policy digest and check sources under the names the run gave them.
type engineView struct {
	*policies.Engine
	digest string
	checks []policies.Check
}

func (v engineView) Digest() string           { return v.digest }
func (v engineView) Checks() []policies.Check { return v.checks }

// reevaluate runs the package's snapshots through its policies, waivers,
// attestations, baseline and recorded options, as runPipeline did.
func reevaluate(ctx context.Context, dir string, m *evidence.Manifest, pp *evidence.PackagePolicies) (*reports.Report, *evidence.Problem) {
	at := func(f evidence.File) string { return filepath.Join(dir, filepath.FromSlash(f.Path)) }
	cfg := m.Options.Config
	var (
		waivers *policies.Waivers
		atts    *policies.Attestations
		inputs  []reports.InputFile
		err     error
	)
	if fs := m.FilesOf(evidence.KindWaivers); len(fs) > 0 {
		if waivers, err = policies.LoadWaivers(at(fs[0])); err != nil {
			return nil, &evidence.Problem{File: fs[0].Path, Reason: err.Error()}
		}
		inputs = append(inputs, reports.InputFile{Kind: "waivers", Path: fs[0].SourceOrPath(), SHA256: waivers.File.SHA256})
	}
	if fs := m.FilesOf(evidence.KindAttestations); len(fs) > 0 {
		if atts, err = policies.LoadAttestations(at(fs[0]), cfg.AttestationValidityDays); err != nil {
			return nil, &evidence.Problem{File: fs[0].Path, Reason: err.Error()}
		}
		inputs = append(inputs, reports.InputFile{Kind: "attestations", Path: fs[0].SourceOrPath(), SHA256: atts.File.SHA256})
	}
	engine, err := policies.Load(ctx, policies.Options{UserDirs: pp.Dirs, Config: cfg, Controls: m.Options.Controls})
	if err != nil {
		return nil, &evidence.Problem{File: evidence.PoliciesDir, Reason: err.Error()}
	}
	checks := slices.Clone(engine.Checks())
	for i := range checks {
		if src, ok := pp.Sources[checks[i].Source]; ok {
			checks[i].Source = src
		}
	}
	files := m.FilesOf(evidence.KindSnapshot)
	var bad *evidence.Problem
	src := pipeline.Source{Count: len(files), Each: func(fn func(*snapshot.Loaded) error) error {
		for _, f := range files {
			l, err := snapshot.Load(at(f))
			if err != nil {
				bad = &evidence.Problem{File: f.Path, Reason: err.Error()}
				return err
			}
			l.Path = f.SourceOrPath()
			if err := fn(l); err != nil {
				return err
			}
		}
		return nil
	}}
	rep, err := pipeline.Run(ctx, src, pipeline.Options{
		ToolVersion:  m.Tool.Version,
		Engine:       engine,
		View:         engineView{Engine: engine, digest: pp.Digest, checks: checks},
		FailOn:       m.Options.FailOn,
		Controls:     m.Options.Controls,
		Inputs:       inputs,
		Waivers:      waivers,
		Attestations: atts,
	})
	if bad != nil {
		return nil, bad
	}
	if err != nil {
		return nil, &evidence.Problem{File: evidence.ManifestName, Reason: err.Error()}
	}
	if fs := m.FilesOf(evidence.KindBaseline); len(fs) > 0 {
		base, err := drift.Load(at(fs[0]))
		if err != nil {
			return nil, &evidence.Problem{File: fs[0].Path, Reason: err.Error()}
		}
		base.Path = fs[0].SourceOrPath()
		applyBaseline(rep, base)
	}
	return rep, nil
}

// explainDifference says where a recorded report departs from the
// re-rendered one: for JSON the first differing finding or field, else the
// first differing line.
func explainDifference(format string, recorded, again []byte) string {
	if format == "json" {
		var a, b struct {
			Findings []policies.Finding `json:"findings"`
		}
		if json.Unmarshal(recorded, &a) == nil && json.Unmarshal(again, &b) == nil {
			if len(a.Findings) != len(b.Findings) {
				return fmt.Sprintf("it lists %d findings, the re-evaluation gives %d", len(a.Findings), len(b.Findings))
			}
			for i := range a.Findings {
				x, _ := json.Marshal(a.Findings[i])
				y, _ := json.Marshal(b.Findings[i])
				if !bytes.Equal(x, y) {
					fa, fb := a.Findings[i], b.Findings[i]
					return fmt.Sprintf("finding %d (%s on %s %s) says %s %q, the re-evaluation gives %s %q",
						i+1, fa.CheckID, fa.Resource, fa.Region, fa.Status, fa.Message, fb.Status, fb.Message)
				}
			}
			var ka, kb map[string]json.RawMessage
			if json.Unmarshal(recorded, &ka) == nil && json.Unmarshal(again, &kb) == nil {
				keys := map[string]bool{}
				for k := range ka {
					keys[k] = true
				}
				for k := range kb {
					keys[k] = true
				}
				for _, k := range slices.Sorted(maps.Keys(keys)) {
					var x, y bytes.Buffer
					_ = json.Compact(&x, ka[k])
					_ = json.Compact(&y, kb[k])
					if !bytes.Equal(x.Bytes(), y.Bytes()) {
						return fmt.Sprintf("the findings are identical but field %q differs", k)
					}
				}
			}
		}
	}
	la, lb := strings.Split(string(recorded), "\n"), strings.Split(string(again), "\n")
	for i := 0; i < min(len(la), len(lb)); i++ {
		if la[i] != lb[i] {
			return fmt.Sprintf("first difference at line %d", i+1)
		}
	}
	return fmt.Sprintf("it has %d lines, the re-rendering %d", len(la), len(lb))
}

// loadSigner reads --sign-key before any work is done, so a wrong key or
// passphrase writes nothing.
func (rf *reportFlags) loadSigner() error {
	if rf.signKey == "" {
		return nil
	}
	if rf.out == "" {
		return usageError("--sign-key signs DIR/%s: it needs --out DIR", evidence.ManifestName)
	}
	s, err := evidence.LoadSigner(rf.signKey)
	if err != nil {
		return usageError("--sign-key %v", err)
	}
	rf.signer = s
	return nil
}

// evidenceBuilder prepares the evidence package of a run with --out (nil
// without): the snapshots evaluated, the waivers, attestations, baseline
// and policy folders, and the options to re-evaluate with.
func (rf *reportFlags) evidenceBuilder(started time.Time, policyDigest string, rep *reports.Report, inputs []reports.InputFile) (*evidence.Builder, error) {
	if rf.out == "" {
		return nil, nil
	}
	b, err := evidence.NewBuilder(rf.out, evidence.Run{
		ToolVersion:  version,
		Command:      rf.command,
		StartedAt:    started,
		Options:      evidence.Options{FailOn: rf.failOn, Controls: rf.controls, Config: rf.config},
		PolicyDigest: policyDigest,
	}, func(msg string) { slog.Warn(msg) })
	if err != nil {
		return nil, err
	}
	for _, r := range rep.Snapshots {
		b.AddSnapshot(r.Path, r.SHA256)
	}
	for _, r := range rep.Superseded {
		b.AddSnapshot(filepath.ToSlash(r.Path), r.SHA256)
	}
	for _, in := range inputs {
		b.AddInput(in.Kind, in.Path, in.SHA256)
	}
	for _, d := range rf.policyDirs {
		b.AddPolicyDir(d)
	}
	if rf.base != nil {
		b.AddBaseline(rf.base.Path, rf.base.Raw)
	}
	return b, nil
}

// commandLine is the command as run, flags in --name=value form (sorted,
// one per value of a list); evidence.RedactCommand removes secrets.
func commandLine(cmd *cobra.Command, args []string) []string {
	out := append(strings.Fields(cmd.CommandPath()), args...)
	cmd.Flags().Visit(func(f *pflag.Flag) {
		if sv, ok := f.Value.(pflag.SliceValue); ok {
			for _, v := range sv.GetSlice() {
				out = append(out, "--"+f.Name+"="+v)
			}
			return
		}
		out = append(out, "--"+f.Name+"="+f.Value.String())
	})
	return out
}
