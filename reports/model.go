// Package reports renders one report model in six formats: table, json,
// sarif, html, csv and junit. Every format is a pure function of the Report;
// none re-evaluates anything, and all but the terminal table are byte-for-byte
// deterministic for the same Report.
package reports

import (
	"cmp"
	"path"
	"slices"
	"time"

	"github.com/irscan/irscan/mappings"
	"github.com/irscan/irscan/policies"
	"github.com/irscan/irscan/snapshot"
)

// SchemaVersion is the "schema" field of the JSON report.
const SchemaVersion = "irscan.report/v1"

// Report is everything a run produced.
type Report struct {
	Schema string        `json:"schema"`
	Tool   snapshot.Tool `json:"tool"`
	// GeneratedAt is the latest collected_at of the snapshots, not the wall
	// clock, so that re-rendering the same evidence gives the same bytes.
	GeneratedAt time.Time `json:"generated_at"`
	// PolicyDigest is the SHA-256 over every policy file evaluated.
	PolicyDigest string          `json:"policy_digest"`
	Config       policies.Config `json:"config"`
	// FailOn is the --fail-on threshold; ControlsFilter the --controls list.
	FailOn         string        `json:"fail_on"`
	ControlsFilter []string      `json:"controls_filter,omitempty"`
	Inputs         []InputFile   `json:"inputs"`
	Snapshots      []SnapshotRef `json:"snapshots"`
	// Superseded lists the snapshots given but not judged, because a newer
	// snapshot of the same scope was given in the same run.
	Superseded []policies.Superseded `json:"superseded,omitempty"`
	// Frameworks and Controls are the catalogue the findings map to.
	Frameworks []mappings.Framework `json:"frameworks"`
	Controls   []mappings.Control   `json:"controls"`
	// Crosswalk holds, when current editions are selected (--frameworks),
	// the lines that carry the benchmark's IDs to theirs, each with its
	// source and, when its transition document could not be read, why it is
	// unverified.
	Crosswalk []mappings.Line `json:"crosswalk,omitempty"`
	// Checks are the checks evaluated (the appendix), sorted by ID.
	Checks []policies.Check `json:"checks"`
	// Findings are sorted by cloud, scope, check ID, resource, region.
	Findings []policies.Finding `json:"findings"`
	// Waivers lists every waiver given, with how many findings it matched.
	Waivers []WaiverUse `json:"waivers"`
	Summary Summary     `json:"summary"`
	// ProviderVerdicts sets the cloud provider's own verdict per benchmark
	// control and scope beside irscan's (Microsoft Defender for Cloud's
	// regulatory compliance for Azure subscriptions), sorted by cloud, scope
	// and control; absent when no snapshot offers one.
	ProviderVerdicts []ProviderVerdict `json:"provider_verdicts,omitempty"`
	// Baseline is the earlier report given with --baseline (absent without
	// it): --fail-on then counts only failures that are new since it, and
	// Summary.NewFailures says how many there are. Set by the CLI after Build.
	Baseline *BaselineRef `json:"baseline,omitempty"`
}

// BaselineRef identifies the baseline report a run was compared with.
type BaselineRef struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
}

// InputFile is a waivers or attestations file that was used.
type InputFile struct {
	Kind   string `json:"kind"` // "waivers" or "attestations"
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
}

// SnapshotRef identifies one evaluated snapshot.
type SnapshotRef struct {
	Path        string         `json:"path"`
	SHA256      string         `json:"sha256"`
	Cloud       string         `json:"cloud"`
	Scope       snapshot.Scope `json:"scope"`
	CollectedAt time.Time      `json:"collected_at"`
	// Gaps lists the sections (and regions) that were not ok: coverage gaps.
	Gaps []Gap `json:"gaps"`
	// Calls are the API calls of the snapshot that findings cite as
	// evidence (operation, time, provider request ID): what an auditor
	// looks up in CloudTrail or the Activity Log.
	Calls []snapshot.Call `json:"calls,omitempty"`
}

// Gap is a section or region of a snapshot that could not be read.
type Gap struct {
	Section string `json:"section"`
	Region  string `json:"region,omitempty"`
	Status  string `json:"status"`
	Error   string `json:"error,omitempty"`
	Action  string `json:"action,omitempty"`
}

// WaiverUse is one waiver with its effect on this run.
type WaiverUse struct {
	Check      string `json:"check"`
	Resource   string `json:"resource"`
	Scope      string `json:"scope,omitempty"`
	Reason     string `json:"reason"`
	ApprovedBy string `json:"approved_by"`
	Expires    string `json:"expires"`
	Expired    bool   `json:"expired"`
	Matched    int    `json:"matched"`
}

// Summary is counted from the findings.
type Summary struct {
	// ByStatus counts findings per status (pass, fail, error, manual, waived).
	ByStatus map[string]int `json:"by_status"`
	// FailBySeverity counts failing findings per severity.
	FailBySeverity map[string]int `json:"fail_by_severity"`
	// Controls gives, per control and cloud, the rolled-up status.
	Controls []ControlSummary `json:"controls"`
	// Frameworks gives, per cross framework and ID, the rolled-up status.
	Frameworks []FrameworkSummary `json:"frameworks"`
	Total      int                `json:"total"`
	// NewFailures counts failing findings (any severity) that did not fail
	// in the baseline report; only with --baseline.
	NewFailures *int `json:"new_failures,omitempty"`
}

// ControlSummary is one control's status on one cloud.
type ControlSummary struct {
	Control string         `json:"control"`
	Cloud   string         `json:"cloud"`
	Status  string         `json:"status"` // fail > error > manual > pass; "n/a" when no findings
	Counts  map[string]int `json:"counts"`
}

// FrameworkSummary is one framework ID's status across the run.
type FrameworkSummary struct {
	Framework string         `json:"framework"`
	ID        string         `json:"id"`
	Controls  []string       `json:"controls"`
	Status    string         `json:"status"`
	Counts    map[string]int `json:"counts"`
}

// BuildInput is what a run hands to Build.
type BuildInput struct {
	ToolVersion string
	Engine      interface {
		Checks() []policies.Check
		Digest() string
		Config() policies.Config
		Catalogue() *mappings.Catalogue
	}
	FailOn    string
	Controls  []string
	Inputs    []InputFile
	Snapshots []SnapshotRef
	// Superseded are snapshots left out for a newer one of the same scope.
	Superseded []policies.Superseded
	Findings   []policies.Finding
	Waivers    *policies.Waivers
	// Provider are the provider verdicts read from the snapshots
	// (ProviderControls); Build adds irscan's side to each.
	Provider []ProviderControl
}

// Build assembles the report model: sorted findings, the catalogue, the
// waivers with their use, and the summary.
func Build(in BuildInput) *Report {
	cat := in.Engine.Catalogue()
	findings := append([]policies.Finding(nil), in.Findings...)
	policies.SortFindings(findings)
	snaps := append([]SnapshotRef(nil), in.Snapshots...)
	cited := map[string]bool{}
	for _, f := range in.Findings {
		for _, c := range f.Evidence.Calls {
			cited[f.Evidence.Snapshot+"\x00"+c] = true
		}
	}
	for i := range snaps {
		var keep []snapshot.Call
		for _, c := range snaps[i].Calls {
			if cited[snaps[i].Path+"\x00"+c.ID] || cited[path.Base(snaps[i].Path)+"\x00"+c.ID] {
				keep = append(keep, c)
			}
		}
		snaps[i].Calls = keep
	}
	slices.SortStableFunc(snaps, func(a, b SnapshotRef) int {
		return cmp.Or(cmp.Compare(a.Cloud, b.Cloud), cmp.Compare(a.Scope.ID, b.Scope.ID), cmp.Compare(a.Path, b.Path))
	})
	var generated time.Time
	for _, s := range snaps {
		if s.CollectedAt.After(generated) {
			generated = s.CollectedAt
		}
	}
	r := &Report{
		Schema:         SchemaVersion,
		Tool:           snapshot.Tool{Name: "irscan", Version: in.ToolVersion},
		GeneratedAt:    generated.UTC(),
		PolicyDigest:   in.Engine.Digest(),
		Config:         in.Engine.Config(),
		FailOn:         in.FailOn,
		ControlsFilter: in.Controls,
		Inputs:         append([]InputFile{}, in.Inputs...),
		Snapshots:      snaps,
		Superseded:     in.Superseded,
		Frameworks:     cat.Frameworks,
		Controls:       cat.Controls,
		Checks:         in.Engine.Checks(),
		Findings:       findings,
		Waivers:        []WaiverUse{},
	}
	for _, l := range cat.Lines {
		if slices.Contains(cat.Selected(), l.Edition) {
			r.Crosswalk = append(r.Crosswalk, l)
		}
	}
	if r.Snapshots == nil {
		r.Snapshots = []SnapshotRef{}
	}
	if r.Findings == nil {
		r.Findings = []policies.Finding{}
	}
	if w := in.Waivers; w != nil {
		day := generated.UTC().Format("2006-01-02")
		for i, it := range w.Items {
			r.Waivers = append(r.Waivers, WaiverUse{
				Check: it.Check, Resource: it.Resource, Scope: it.Scope, Reason: it.Reason, ApprovedBy: it.ApprovedBy,
				Expires: it.Expires, Expired: it.Expires < day, Matched: w.Matched[i],
			})
		}
	}
	r.Summary = Summarize(findings, cat)
	if len(in.Provider) > 0 {
		r.ProviderVerdicts = compareProvider(in.Provider, findings)
	}
	return r
}
