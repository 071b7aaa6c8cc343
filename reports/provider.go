package reports

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/irscan/irscan/policies"
	"github.com/irscan/irscan/snapshot"
)

// The agreement of a ProviderVerdict.
const (
	// AgreementAgree: both say pass, or both say fail.
	AgreementAgree = "agree"
	// AgreementDisagree: one says pass and the other fail; both reasons are given.
	AgreementDisagree = "disagree"
	// AgreementNoProviderData: the provider has no verdict (not assigned,
	// free tier, control skipped or unsupported, section not collected).
	AgreementNoProviderData = "no_provider_data"
	// AgreementNoIrscanVerdict: irscan's findings for the control are
	// manual, error or absent, so there is nothing to compare.
	AgreementNoIrscanVerdict = "no_irscan_verdict"
)

// ProviderStatusNoData is the status of a provider verdict that does not exist.
const ProviderStatusNoData = "no_data"

// ProviderVerdict puts the cloud provider's own verdict on one benchmark
// control of one scope beside irscan's: today Microsoft Defender for Cloud's
// regulatory compliance state of the Microsoft cloud security benchmark
// controls IR-1..IR-7 for an Azure subscription. irscan never judges with it;
// it is a second, independent opinion an auditor can compare.
type ProviderVerdict struct {
	Cloud   string         `json:"cloud"`
	Scope   snapshot.Scope `json:"scope"`
	Control string         `json:"control"`
	// Provider is the provider's verdict: status pass, fail or no_data, the
	// state as the provider spells it, its reason, and where it was read.
	Provider ProviderSide `json:"provider"`
	// Irscan is irscan's rolled-up status of the control in this scope
	// (fail > error > manual > pass; n/a without findings) and its reason.
	Irscan IrscanSide `json:"irscan"`
	// Agreement is agree, disagree, no_provider_data or no_irscan_verdict.
	Agreement string `json:"agreement"`
}

// ProviderSide is what the provider says of a control.
type ProviderSide struct {
	Source string `json:"source"`
	Status string `json:"status"`
	State  string `json:"state,omitempty"`
	Reason string `json:"reason"`
	// Evidence is a JSON pointer into the snapshot, when the control was listed.
	Evidence string `json:"evidence,omitempty"`
}

// IrscanSide is irscan's verdict on a control in one scope.
type IrscanSide struct {
	Status string   `json:"status"`
	Reason string   `json:"reason"`
	Checks []string `json:"checks"`
}

// ProviderControl is a provider verdict as read from one snapshot, before
// irscan's side is added (ProviderControls, Build).
type ProviderControl struct {
	Cloud   string
	Scope   snapshot.Scope
	Control string
	Side    ProviderSide
}

// regulatorySection is the Azure section holding Defender for Cloud's
// regulatory compliance of the Microsoft cloud security benchmark.
const regulatorySection = "security.regulatory_compliance"

// providerControls are the benchmark controls the provider verdict is shown for.
var providerControls = []string{"IR-1", "IR-2", "IR-3", "IR-4", "IR-5", "IR-6", "IR-7"}

// ProviderControls reads the provider's own verdict per control from a
// snapshot: for an Azure subscription, Defender for Cloud's regulatory
// compliance state of each MCSB Incident Response control; nothing for
// other clouds. Every control gets an entry, saying why when there is no
// verdict.
func ProviderControls(s *snapshot.Snapshot) []ProviderControl {
	if s == nil || s.Cloud != "azure" {
		return nil
	}
	type assessment struct {
		Name       string `json:"name"`
		Properties struct {
			Description     string `json:"description"`
			State           string `json:"state"`
			FailedResources *int   `json:"failedResources"`
		} `json:"properties"`
	}
	type control struct {
		Control struct {
			Name       string `json:"name"`
			Properties struct {
				Description       string `json:"description"`
				State             string `json:"state"`
				PassedAssessments *int   `json:"passedAssessments"`
				FailedAssessments *int   `json:"failedAssessments"`
			} `json:"properties"`
		} `json:"control"`
		Assessments []assessment `json:"assessments"`
	}
	var data struct {
		StandardName string          `json:"standardName"`
		Standard     json.RawMessage `json:"standard"`
		Controls     []control       `json:"controls"`
	}
	source := "Microsoft Defender for Cloud regulatory compliance, standard Microsoft-cloud-security-benchmark"
	out := make([]ProviderControl, 0, len(providerControls))
	noData := func(reason string) []ProviderControl {
		for _, c := range providerControls {
			out = append(out, ProviderControl{Cloud: s.Cloud, Scope: s.Scope, Control: c,
				Side: ProviderSide{Source: source, Status: ProviderStatusNoData, Reason: reason}})
		}
		return out
	}
	sec := s.Sections[regulatorySection]
	switch {
	case sec == nil:
		return noData("section " + regulatorySection + " was not collected (a snapshot of an older irscan, or a partial collection)")
	case sec.Status != snapshot.StatusOK:
		reason := fmt.Sprintf("section %s is %s", regulatorySection, sec.Status)
		if sec.Action != "" {
			reason += " (missing " + sec.Action + ")"
		}
		return noData(reason)
	}
	if err := json.Unmarshal(sec.Data, &data); err != nil {
		return noData(fmt.Sprintf("section %s could not be read: %v", regulatorySection, err))
	}
	if len(data.Standard) == 0 || string(data.Standard) == "null" {
		return noData("Defender for Cloud has no Microsoft-cloud-security-benchmark standard for this subscription (it is not assigned, or regulatory compliance is not available on its plan), so Microsoft gives no verdict")
	}
	for _, id := range providerControls {
		name := strings.Replace(id, "-", ".", 1)
		side := ProviderSide{Source: source + ", control " + name, Status: ProviderStatusNoData}
		i := slices.IndexFunc(data.Controls, func(c control) bool {
			return strings.EqualFold(c.Control.Name, name) || strings.EqualFold(c.Control.Name, id)
		})
		if i < 0 {
			side.Reason = fmt.Sprintf("the standard has no control %s", name)
			out = append(out, ProviderControl{Cloud: s.Cloud, Scope: s.Scope, Control: id, Side: side})
			continue
		}
		c := data.Controls[i]
		side.State = c.Control.Properties.State
		side.Evidence = fmt.Sprintf("/sections/%s/data/controls/%d", regulatorySection, i)
		var passed, failed []string
		for _, a := range c.Assessments {
			desc := cmp.Or(a.Properties.Description, a.Name)
			switch {
			case strings.EqualFold(a.Properties.State, "Failed"):
				if a.Properties.FailedResources != nil {
					desc = fmt.Sprintf("%s (%d failed resource(s))", desc, *a.Properties.FailedResources)
				}
				failed = append(failed, desc)
			case strings.EqualFold(a.Properties.State, "Passed"):
				passed = append(passed, desc)
			}
		}
		switch {
		case strings.EqualFold(side.State, "Passed"):
			side.Status = policies.StatusPass
			side.Reason = fmt.Sprintf("Passed: %d assessment(s) passed: %s", len(passed), listOrNone(passed))
		case strings.EqualFold(side.State, "Failed"):
			side.Status = policies.StatusFail
			side.Reason = fmt.Sprintf("Failed: %d assessment(s) failed: %s", len(failed), listOrNone(failed))
		case strings.EqualFold(side.State, "Skipped"):
			side.Reason = "Skipped: no assessment of Defender for Cloud applies to this control (the benchmark's Azure Policy initiative has none for it, or none is assessed in this subscription)"
		default:
			side.Reason = fmt.Sprintf("%s: Defender for Cloud gives no verdict for this control", cmp.Or(side.State, "no state"))
		}
		out = append(out, ProviderControl{Cloud: s.Cloud, Scope: s.Scope, Control: id, Side: side})
	}
	return out
}

func listOrNone(items []string) string {
	if len(items) == 0 {
		return "none listed"
	}
	return strings.Join(items, "; ")
}

// compareProvider adds irscan's side to each provider control: the
// rolled-up status of the scope's findings of that control, and why.
func compareProvider(pcs []ProviderControl, findings []policies.Finding) []ProviderVerdict {
	out := make([]ProviderVerdict, 0, len(pcs))
	for _, pc := range pcs {
		counts := statusCounts()
		var checks, reasons []string
		for _, f := range findings {
			if f.Cloud != pc.Cloud || f.Scope.ID != pc.Scope.ID || !slices.Contains(f.Controls, pc.Control) {
				continue
			}
			counts[f.Status]++
			if !slices.Contains(checks, f.CheckID) {
				checks = append(checks, f.CheckID)
			}
		}
		slices.Sort(checks)
		status := rollUp(counts)
		// The reason is the findings that make the rolled-up status.
		for _, f := range findings {
			if f.Cloud == pc.Cloud && f.Scope.ID == pc.Scope.ID && slices.Contains(f.Controls, pc.Control) && f.Status == status {
				reasons = append(reasons, fmt.Sprintf("%s %s: %s", f.CheckID, f.Status, f.Message))
			}
		}
		v := ProviderVerdict{Cloud: pc.Cloud, Scope: pc.Scope, Control: pc.Control, Provider: pc.Side,
			Irscan: IrscanSide{Status: status, Checks: nonNil(checks), Reason: irscanReason(status, reasons)}}
		switch {
		case pc.Side.Status == ProviderStatusNoData:
			v.Agreement = AgreementNoProviderData
		case status != policies.StatusPass && status != policies.StatusFail:
			v.Agreement = AgreementNoIrscanVerdict
		case status == pc.Side.Status:
			v.Agreement = AgreementAgree
		default:
			v.Agreement = AgreementDisagree
		}
		out = append(out, v)
	}
	slices.SortStableFunc(out, func(a, b ProviderVerdict) int {
		return cmp.Or(cmp.Compare(a.Cloud, b.Cloud), cmp.Compare(a.Scope.ID, b.Scope.ID), cmp.Compare(a.Control, b.Control))
	})
	return out
}

// irscanReason names the findings behind irscan's status (at most five).
func irscanReason(status string, reasons []string) string {
	if status == StatusNA {
		return "no irscan finding maps to this control in this scope"
	}
	slices.Sort(reasons)
	more := ""
	if len(reasons) > 5 {
		more = fmt.Sprintf(" (and %d more)", len(reasons)-5)
		reasons = reasons[:5]
	}
	return strings.Join(reasons, " | ") + more
}
