package reports

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/irscan/irscan/policies"
	"github.com/irscan/irscan/snapshot"
)

const providerSub = "7f3c2d9e-5b1a-4c8e-9d2f-3a6b8c1e4f70"

// regulatorySnapshot is an Azure snapshot whose security.regulatory_compliance
// section holds data (nil: the section is absent).
func regulatorySnapshot(data any) *snapshot.Snapshot {
	s := &snapshot.Snapshot{Cloud: "azure", Scope: snapshot.Scope{Type: "subscription", ID: providerSub}, Sections: map[string]*snapshot.Section{}}
	if data != nil {
		b, _ := json.Marshal(data)
		s.Sections[regulatorySection] = &snapshot.Section{Status: snapshot.StatusOK, Data: b}
	}
	return s
}

func mcsbControl(name, state string, assessments ...map[string]any) map[string]any {
	return map[string]any{
		"control":     map[string]any{"name": name, "properties": map[string]any{"description": "d", "state": state}},
		"assessments": assessments,
	}
}

func assessment(desc, state string, failed int) map[string]any {
	return map[string]any{"name": "a", "properties": map[string]any{"description": desc, "state": state, "failedResources": failed}}
}

func finding(control, check, status, message string) policies.Finding {
	return policies.Finding{CheckID: check, Cloud: "azure", Scope: snapshot.Scope{Type: "subscription", ID: providerSub},
		Controls: []string{control}, Status: status, Message: message}
}

func byControl(vs []ProviderVerdict) map[string]ProviderVerdict {
	m := map[string]ProviderVerdict{}
	for _, v := range vs {
		m[v.Control] = v
	}
	return m
}

func TestProviderVerdictsAgreeAndDisagreeWithBothReasons(t *testing.T) {
	s := regulatorySnapshot(map[string]any{
		"standardName": "Microsoft-cloud-security-benchmark",
		"standard":     map[string]any{"name": "Microsoft-cloud-security-benchmark", "properties": map[string]any{"state": "Failed"}},
		"controls": []any{
			mcsbControl("IR.2", "Failed", assessment("Subscriptions should have a contact email address for security issues", "Failed", 1)),
			mcsbControl("IR.3", "Passed", assessment("Azure Defender for servers should be enabled", "Passed", 0)),
			mcsbControl("IR.4", "Passed", assessment("Network Watcher should be enabled", "Passed", 0)),
			mcsbControl("IR.6", "Skipped"),
		},
	})
	findings := []policies.Finding{
		finding("IR-2", "AZ-IR2-01", policies.StatusFail, "No security contact has an email address."),
		finding("IR-3", "AZ-IR3-01", policies.StatusPass, "Defender plan VirtualMachines is on."),
		finding("IR-3", "AZ-IR3-04", policies.StatusFail, "No automation exports Defender for Cloud alerts."),
		finding("IR-4", "AZ-IR4-02", policies.StatusPass, "Region eastus has Network Watcher."),
		finding("IR-1", "AZ-IR1-01", policies.StatusManual, "No IR-1 attestation."),
		finding("IR-6", "AZ-IR6-01", policies.StatusFail, "No automation runs a playbook."),
	}
	vs := compareProvider(ProviderControls(s), findings)
	if len(vs) != 7 {
		t.Fatalf("%d verdicts, want one per IR control (7)", len(vs))
	}
	m := byControl(vs)
	if v := m["IR-2"]; v.Agreement != AgreementAgree || v.Provider.Status != policies.StatusFail || !strings.Contains(v.Provider.Reason, "contact email address for security issues (1 failed resource(s))") {
		t.Errorf("IR-2: %+v", v)
	}
	v := m["IR-3"]
	if v.Agreement != AgreementDisagree || v.Provider.Status != policies.StatusPass || v.Irscan.Status != policies.StatusFail {
		t.Errorf("IR-3: %+v", v)
	}
	if !strings.Contains(v.Provider.Reason, "Passed: 1 assessment(s) passed: Azure Defender for servers should be enabled") ||
		!strings.Contains(v.Irscan.Reason, "AZ-IR3-04 fail: No automation exports Defender for Cloud alerts.") ||
		strings.Contains(v.Irscan.Reason, "AZ-IR3-01") {
		t.Errorf("IR-3 reasons: provider %q, irscan %q", v.Provider.Reason, v.Irscan.Reason)
	}
	if v.Provider.Evidence != "/sections/security.regulatory_compliance/data/controls/1" || strings.Join(v.Irscan.Checks, ",") != "AZ-IR3-01,AZ-IR3-04" {
		t.Errorf("IR-3 evidence %q, checks %v", v.Provider.Evidence, v.Irscan.Checks)
	}
	if v := m["IR-4"]; v.Agreement != AgreementAgree {
		t.Errorf("IR-4: %+v", v)
	}
	if v := m["IR-1"]; v.Agreement != AgreementNoProviderData || !strings.Contains(v.Provider.Reason, "the standard has no control IR.1") {
		t.Errorf("IR-1: %+v", v)
	}
	if v := m["IR-6"]; v.Agreement != AgreementNoProviderData || !strings.HasPrefix(v.Provider.Reason, "Skipped:") || v.Irscan.Status != policies.StatusFail {
		t.Errorf("IR-6: %+v", v)
	}
	if v := m["IR-7"]; v.Irscan.Status != StatusNA || v.Irscan.Reason != "no irscan finding maps to this control in this scope" {
		t.Errorf("IR-7: %+v", v)
	}
}

func TestProviderVerdictsIrscanWithoutVerdict(t *testing.T) {
	s := regulatorySnapshot(map[string]any{"standardName": "x", "standard": map[string]any{"name": "x"},
		"controls": []any{mcsbControl("IR.1", "Passed")}})
	vs := compareProvider(ProviderControls(s), []policies.Finding{finding("IR-1", "AZ-IR1-01", policies.StatusManual, "No attestation.")})
	if v := byControl(vs)["IR-1"]; v.Agreement != AgreementNoIrscanVerdict || v.Irscan.Status != policies.StatusManual {
		t.Errorf("IR-1: %+v", v)
	}
}

func TestProviderVerdictsSayWhyThereIsNoData(t *testing.T) {
	denied := regulatorySnapshot(nil)
	denied.Sections[regulatorySection] = &snapshot.Section{Status: snapshot.StatusDenied, Action: "Microsoft.Security/regulatoryComplianceStandards/read"}
	for name, tc := range map[string]struct {
		s    *snapshot.Snapshot
		want string
	}{
		"absent":       {regulatorySnapshot(nil), "section security.regulatory_compliance was not collected"},
		"denied":       {denied, "is denied (missing Microsoft.Security/regulatoryComplianceStandards/read)"},
		"not assigned": {regulatorySnapshot(map[string]any{"standardName": "x", "standard": nil, "controls": []any{}}), "Defender for Cloud has no Microsoft-cloud-security-benchmark standard for this subscription"},
	} {
		pcs := ProviderControls(tc.s)
		if len(pcs) != 7 {
			t.Fatalf("%s: %d controls", name, len(pcs))
		}
		for _, pc := range pcs {
			if pc.Side.Status != ProviderStatusNoData || !strings.Contains(pc.Side.Reason, tc.want) {
				t.Errorf("%s: %s %+v", name, pc.Control, pc.Side)
			}
		}
	}
	if pcs := ProviderControls(&snapshot.Snapshot{Cloud: "aws"}); pcs != nil {
		t.Errorf("aws: %v", pcs)
	}
}

func TestJSONCarriesProviderVerdicts(t *testing.T) {
	r := testReport(t)
	if bytes.Contains(render(t, "json", r), []byte("provider_verdicts")) {
		t.Error("a report without provider data has provider_verdicts")
	}
	r.ProviderVerdicts = compareProvider(ProviderControls(regulatorySnapshot(nil)), nil)
	var back Report
	if err := json.Unmarshal(render(t, "json", r), &back); err != nil {
		t.Fatal(err)
	}
	if len(back.ProviderVerdicts) != 7 || back.ProviderVerdicts[0].Agreement != AgreementNoProviderData || back.ProviderVerdicts[0].Irscan.Checks == nil {
		t.Errorf("provider verdicts do not survive the JSON round trip: %+v", back.ProviderVerdicts)
	}
}
