package policies

import "github.com/irscan/irscan/snapshot"

// Finding statuses.
const (
	StatusPass   = "pass"
	StatusFail   = "fail"
	StatusError  = "error"
	StatusManual = "manual"
	StatusWaived = "waived"
)

// Severities, most severe first.
var Severities = []string{"critical", "high", "medium", "low", "info"}

// SeverityRank orders severities: critical 0 .. info 4; unknown 5.
func SeverityRank(s string) int {
	for i, v := range Severities {
		if v == s {
			return i
		}
	}
	return len(Severities)
}

// Check is one Rego check's metadata, read from its # METADATA block.
type Check struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Cloud       string   `json:"cloud"`
	Controls    []string `json:"controls"`
	Severity    string   `json:"severity"`
	Requires    []string `json:"requires"`
	Remediation string   `json:"remediation"`
	References  []string `json:"references"`
	// Frameworks maps each selected framework key (Config.Frameworks; by
	// default cis-v8, nist-800-53-r4, pci-dss-3.2.1) to the IDs its controls
	// carry, from mappings.
	Frameworks map[string][]string `json:"frameworks"`
	// Source is the policy file, relative to its bundle ("embedded:aws/ir2_01.rego"
	// or the user's path).
	Source string `json:"source"`
	// Package is the Rego package path, e.g. data.irscan.checks.aws.ir2_01.
	Package string `json:"package"`
}

// Finding is one check × one resource.
type Finding struct {
	CheckID     string              `json:"check_id"`
	Title       string              `json:"title"`
	Controls    []string            `json:"controls"`
	Frameworks  map[string][]string `json:"frameworks"`
	Cloud       string              `json:"cloud"`
	Scope       snapshot.Scope      `json:"scope"`
	Resource    string              `json:"resource"`
	Region      string              `json:"region,omitempty"`
	Status      string              `json:"status"`
	Severity    string              `json:"severity"`
	Message     string              `json:"message"`
	Evidence    Evidence            `json:"evidence"`
	Remediation string              `json:"remediation"`
	// Waiver is set when a waiver matched: the finding is waived, or stays
	// fail because the waiver expired (Waiver.Expired).
	Waiver *AppliedWaiver `json:"waiver,omitempty"`
	// Attestation is set on attestation checks when one was found.
	Attestation *Attestation `json:"attestation,omitempty"`
	// Owner is set when the verdict was drawn from another scope of the
	// run, which owns the setting (an organisation trail's log group, a
	// central Sentinel workspace, an organisation's sinks).
	Owner *Owner `json:"owner,omitempty"`
}

// Owner is the scope whose evidence a finding follows: its snapshot, the
// resource there, and JSON pointers into that snapshot.
type Owner struct {
	Cloud    string         `json:"cloud"`
	Scope    snapshot.Scope `json:"scope"`
	Resource string         `json:"resource"`
	Snapshot string         `json:"snapshot"`
	Pointers []string       `json:"pointers"`
}

// Evidence points into the snapshot: JSON pointers to the data a verdict
// was drawn from, and the IDs of the API calls that produced it.
type Evidence struct {
	Snapshot string   `json:"snapshot"`
	Pointers []string `json:"pointers"`
	Calls    []string `json:"calls"`
}

// AppliedWaiver records a waiver that matched a finding.
type AppliedWaiver struct {
	Reason     string `json:"reason"`
	ApprovedBy string `json:"approved_by"`
	Expires    string `json:"expires"`
	Expired    bool   `json:"expired"`
	Pattern    string `json:"resource"`
}
