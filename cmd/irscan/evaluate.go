package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/crypto/ssh"
	"golang.org/x/term"

	"github.com/irscan/irscan/drift"
	"github.com/irscan/irscan/evidence"
	"github.com/irscan/irscan/mappings"
	"github.com/irscan/irscan/pipeline"
	"github.com/irscan/irscan/policies"
	"github.com/irscan/irscan/reports"
	"github.com/irscan/irscan/snapshot"
)

// reportFlags are shared by evaluate and scan.
type reportFlags struct {
	formats      []string
	out          string
	failOn       string
	controls     []string
	frameworks   []string
	waivers      string
	attestations string
	policyDirs   []string
	config       policies.Config

	// Evidence packages and baselines (verify.go, diff.go).
	signKey  string
	baseline string
	signer   ssh.Signer
	base     *drift.Report
	command  []string
}

var failOnLevels = []string{"critical", "high", "medium", "low", "none"}

func (rf *reportFlags) register(cmd *cobra.Command) {
	def := policies.DefaultConfig()
	f := cmd.Flags()
	f.StringSliceVarP(&rf.formats, "format", "f", []string{"table"}, "report formats, comma-separated: "+strings.Join(reports.Formats, ", "))
	f.StringVarP(&rf.out, "out", "o", "", "directory for the reports (irscan.<ext>); the table still goes to stdout")
	f.StringVar(&rf.failOn, "fail-on", "low", "exit 1 when a finding fails at or above this severity: "+strings.Join(failOnLevels, ", "))
	f.StringSliceVar(&rf.controls, "controls", nil, "only these controls, e.g. IR-2,IR-3")
	f.StringSliceVar(&rf.frameworks, "frameworks", nil, "framework editions findings and reports carry, e.g. pci-dss-4.0.1,nist-800-53-r5 (default: $"+frameworksEnv+", else "+strings.Join(mappings.CrossFrameworks, ",")+"; docs/frameworks.md)")
	f.StringVar(&rf.waivers, "waivers", "", "YAML file of approved exceptions (its shape is above)")
	f.StringVar(&rf.attestations, "attestations", "", "YAML file of attestations for procedural controls (IR-1, IR-7; its shape is above)")
	f.StringSliceVar(&rf.policyDirs, "policies", nil, "directory of your own Rego checks to add (repeatable)")
	f.StringVar(&rf.config.ClassificationKey, "classification-key", def.ClassificationKey, "tag/label key that marks a store's data classification")
	f.IntVar(&rf.config.MinRetentionDays, "min-retention-days", def.MinRetentionDays, "minimum evidence and log retention, in days")
	f.IntVar(&rf.config.AttestationValidityDays, "attestation-validity-days", def.AttestationValidityDays, "how long an attestation stays fresh when it does not say")
	f.IntVar(&rf.config.LookbackDays, "lookback-days", def.LookbackDays, "window for post-incident checks, in days")
	f.StringVar(&rf.signKey, "sign-key", "", "with --out: sign DIR/manifest.json with this SSH private key (passphrase of an encrypted key in $"+evidence.PassphraseEnv+")")
	f.StringVar(&rf.baseline, "baseline", "", "earlier JSON report or evidence directory: --fail-on then counts only failures that are new since it")
}

// inputFilesHelp shows the two YAML files' shapes in --help
// (docs/waivers-and-attestations.md says more); a test loads both.
const inputFilesHelp = `--waivers FILE: approved exceptions. A matching unexpired waiver turns fail into waived;
an expired one stays fail, shown on the finding.

  waivers:
    - check: AWS-IR2-03
      resource: "arn:aws:ssm-incidents::123456789012:response-plan/Data-Breach-*"  # glob: * any, ? one
      scope: "123456789012"      # optional: account, subscription or project ID
      reason: Plan being rebuilt with Legal (SEC-2291).
      approved_by: Priya Natarajan (CISO)
      expires: 2027-03-31        # required, YYYY-MM-DD

--attestations FILE: answers for the procedural controls (IR-1, the lessons-learned half
of IR-7): fresh -> pass, expired -> fail, absent -> manual.

  attestations:
    - control: IR-1            # IR-1 .. IR-7
      cloud: aws               # aws, azure or gcp
      scope: "123456789012"    # account, subscription or project ID, or "*" for every one
      statement: Incident response plan reviewed and tabletop-tested with the cloud team.
      evidence: https://wiki.example.com/security/ir-plan/2026-review
      attested_by: Jane Roe (Head of Security Operations)
      date: 2026-03-02
      validity_days: 365       # optional; default --attestation-validity-days

Expiry is judged against the snapshot's collected_at, not today. Unknown keys, missing
fields and bad dates are errors naming the file, the line and the entry.`

// validate checks the flags before any work is done.
func (rf *reportFlags) validate() error {
	rf.formats = commaList(rf.formats)
	if len(rf.formats) == 0 {
		return usageError("--format: give at least one of %s", strings.Join(reports.Formats, ", "))
	}
	seen := map[string]bool{}
	for _, f := range rf.formats {
		if err := oneOf("--format", f, reports.Formats); err != nil {
			return err
		}
		if seen[f] {
			return usageError("--format %q is given twice", f)
		}
		seen[f] = true
	}
	if rf.out == "" && len(rf.formats) > 1 {
		return usageError("--format %s: several formats need --out DIR", strings.Join(rf.formats, ","))
	}
	if err := oneOf("--fail-on", rf.failOn, failOnLevels); err != nil {
		return err
	}
	rf.controls = commaList(rf.controls)
	for i, c := range rf.controls {
		c = strings.ToUpper(c)
		rf.controls[i] = c
		if len(c) != 4 || !strings.HasPrefix(c, "IR-") || c[3] < '1' || c[3] > '7' {
			return usageError("--controls %q: want IR-1 .. IR-7", c)
		}
	}
	if err := rf.selectFrameworks(); err != nil {
		return err
	}
	for name, v := range map[string]int{"--min-retention-days": rf.config.MinRetentionDays, "--attestation-validity-days": rf.config.AttestationValidityDays, "--lookback-days": rf.config.LookbackDays} {
		if v <= 0 {
			return usageError("%s %d: must be a positive number of days", name, v)
		}
	}
	if strings.TrimSpace(rf.config.ClassificationKey) == "" {
		return usageError("--classification-key must not be empty")
	}
	if rf.out != "" {
		if st, err := os.Stat(rf.out); err == nil && !st.IsDir() {
			return usageError("--out %s: exists and is not a directory", rf.out)
		}
	}
	if err := rf.loadSigner(); err != nil {
		return err
	}
	return rf.loadBaseline()
}

// frameworksEnv is the environment variable that gives --frameworks when the
// flag is not set, so that a pipeline can choose the editions once.
const frameworksEnv = "IRSCAN_FRAMEWORKS"

// selectFrameworks reads --frameworks (or $IRSCAN_FRAMEWORKS) into the
// config the engine and the reports use; unset keeps the benchmark's own
// editions and leaves the config as it was.
func (rf *reportFlags) selectFrameworks() error {
	name := "--frameworks"
	if len(rf.frameworks) == 0 {
		if env := strings.TrimSpace(os.Getenv(frameworksEnv)); env != "" {
			name, rf.frameworks = "$"+frameworksEnv, strings.Split(env, ",")
		}
	}
	rf.frameworks = commaList(rf.frameworks)
	if len(rf.frameworks) == 0 {
		return nil
	}
	cat, err := mappings.MustLoad().Select(rf.frameworks)
	if err != nil {
		return usageError("%s: %v", name, err)
	}
	rf.config.Frameworks = cat.Selected()
	return nil
}

func newEvaluateCmd(g *globalFlags) *cobra.Command {
	rf := &reportFlags{}
	cmd := &cobra.Command{
		Use:   "evaluate SNAPSHOT_OR_DIR...",
		Short: "Evaluate saved snapshots offline and write reports",
		Long: `Evaluate reads irscan.snapshot/v1 files (or every snapshot file in the given
directories), runs the Rego checks on each, applies waivers and attestations, and writes
the reports. Nothing is sent anywhere: evaluation is offline and deterministic, so the same
snapshots, policies and options always give the same reports, byte for byte.

` + inputFilesHelp,
		Example: `  # table on the terminal
  irscan evaluate testdata/demo

  # every format into report/, failing the pipeline on high or critical failures only
  irscan evaluate testdata/demo --format table,json,sarif,html,csv,junit --out report/ --fail-on high

  # with exceptions and procedural attestations
  irscan evaluate snapshots/ --waivers waivers.yaml --attestations attestations.yaml

  # only the notification control, with your own checks added
  irscan evaluate snapshots/ --controls IR-2 --policies ./my-checks`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError("evaluate needs at least one snapshot file or directory (see 'irscan evaluate --help')")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := rf.validate(); err != nil {
				return err
			}
			paths, err := snapshot.Expand(args)
			if err != nil {
				return usageError("%v", err)
			}
			src := pipeline.Files(paths)
			rf.command = commandLine(cmd, args)
			return runPipeline(cmd.Context(), rf, g, src, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	rf.register(cmd)
	return cmd
}

// runPipeline evaluates snapshots and writes the reports. It is shared by
// evaluate and scan.
// prepared is what a run needs besides the snapshots, read and checked
// before any work: waivers, attestations, the compiled checks, the report
// writers.
type prepared struct {
	waivers *policies.Waivers
	atts    *policies.Attestations
	inputs  []reports.InputFile
	engine  *policies.Engine
	writers map[string]reports.Writer
}

// prepare reads and checks every input of a run (a bad one is a usage
// error naming it), so that `scan` refuses them before its first API call.
func prepare(ctx context.Context, rf *reportFlags, g *globalFlags, stdout io.Writer) (*prepared, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	p := &prepared{writers: map[string]reports.Writer{}}
	var err error
	if rf.waivers != "" {
		if p.waivers, err = policies.LoadWaivers(rf.waivers); err != nil {
			return nil, usageError("--waivers %v", err)
		}
		p.inputs = append(p.inputs, reports.InputFile{Kind: "waivers", Path: filepath.ToSlash(rf.waivers), SHA256: p.waivers.File.SHA256})
	}
	if rf.attestations != "" {
		if p.atts, err = policies.LoadAttestations(rf.attestations, rf.config.AttestationValidityDays); err != nil {
			return nil, usageError("--attestations %v", err)
		}
		p.inputs = append(p.inputs, reports.InputFile{Kind: "attestations", Path: filepath.ToSlash(rf.attestations), SHA256: p.atts.File.SHA256})
	}
	if p.engine, err = policies.Load(ctx, policies.Options{UserDirs: rf.policyDirs, Config: rf.config, Controls: rf.controls}); err != nil {
		return nil, usageError("%v", err)
	}
	for _, f := range rf.formats {
		w, err := reports.Get(f, reports.Options{Color: f == "table" && colour(stdout), Width: g.termWidth(stdout)})
		if err != nil {
			return nil, usageError("%v", err)
		}
		p.writers[f] = w
	}
	return p, nil
}

func runPipeline(ctx context.Context, rf *reportFlags, g *globalFlags, src pipeline.Source, stdout, stderr io.Writer) error {
	p, err := prepare(ctx, rf, g, stdout)
	if err != nil {
		return err
	}
	return runPrepared(ctx, p, rf, g, src, stdout, stderr)
}

// runPrepared evaluates the snapshots with prepared inputs and writes the
// reports.
func runPrepared(ctx context.Context, p *prepared, rf *reportFlags, g *globalFlags, src pipeline.Source, stdout, stderr io.Writer) error {
	if ctx == nil {
		ctx = context.Background()
	}
	started := time.Now()
	engine, waivers, atts, inputs, writers := p.engine, p.waivers, p.atts, p.inputs, p.writers
	bar := newProgress(stderr, 2*src.Count, "evaluating", g.quiet)
	rep, err := pipeline.Run(ctx, src, pipeline.Options{
		ToolVersion:  version,
		Engine:       engine,
		FailOn:       rf.failOn,
		Controls:     rf.controls,
		Inputs:       inputs,
		Waivers:      waivers,
		Attestations: atts,
		Progress:     bar.Add,
	})
	bar.Finish()
	if err != nil {
		return usageError("%v", err)
	}
	isNew := applyBaseline(rep, rf.base)
	pkg, err := rf.evidenceBuilder(started, engine.Digest(), rep, inputs)
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	if err := writeReports(rep, rf, writers, stdout, pkg); err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	return verdict(rep, rf.failOn, isNew)
}

// verdict maps findings to the exit code: 1 for a failure at or above
// --fail-on, else 3 when anything could not be assessed, else 0. With
// --baseline, isNew limits the failures that count to those new since it.
func verdict(rep *reports.Report, failOn string, isNew func(policies.Finding) bool) error {
	errored := false
	for _, f := range rep.Findings {
		switch f.Status {
		case policies.StatusFail:
			if failOn != "none" && policies.SeverityRank(f.Severity) <= policies.SeverityRank(failOn) && (isNew == nil || isNew(f)) {
				return &exitError{code: exitFindings}
			}
		case policies.StatusError:
			errored = true
		}
	}
	if errored {
		return &exitError{code: exitErrors}
	}
	return nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
