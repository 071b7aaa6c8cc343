package reports

import (
	"reflect"
	"slices"
	"testing"

	"github.com/irscan/irscan/mappings"
	"github.com/irscan/irscan/policies"
	"github.com/irscan/irscan/snapshot"
)

func TestSummarizeCountsEveryStatusAndSeverity(t *testing.T) {
	r := testReport(t)
	s := r.Summary
	if s.Total != len(r.Findings) {
		t.Errorf("Total = %d, want %d", s.Total, len(r.Findings))
	}
	for _, st := range Statuses {
		n, ok := s.ByStatus[st]
		if !ok {
			t.Errorf("ByStatus lacks %q", st)
		}
		if want := countStatus(r, st); n != want {
			t.Errorf("ByStatus[%s] = %d, want %d", st, n, want)
		}
		if n == 0 {
			t.Errorf("fixture has no %s finding", st)
		}
	}
	wantSev := map[string]int{}
	for _, f := range r.Findings {
		if f.Status == policies.StatusFail {
			wantSev[f.Severity]++
		}
	}
	for _, sev := range policies.Severities {
		if n, ok := s.FailBySeverity[sev]; !ok || n != wantSev[sev] {
			t.Errorf("FailBySeverity[%s] = %d (present %v), want %d", sev, n, ok, wantSev[sev])
		}
	}
}

func TestSummarizeEmptyIsStable(t *testing.T) {
	s := Summarize(nil, mappings.MustLoad())
	if s.ByStatus == nil || s.FailBySeverity == nil || s.Controls == nil || s.Frameworks == nil {
		t.Fatalf("nil map or list in %+v", s)
	}
	if len(s.ByStatus) != len(Statuses) || len(s.FailBySeverity) != len(policies.Severities) {
		t.Errorf("ByStatus %v / FailBySeverity %v do not hold every key", s.ByStatus, s.FailBySeverity)
	}
	if len(s.Controls) != 0 {
		t.Errorf("no findings, so no clouds: got %v", s.Controls)
	}
	for _, fs := range s.Frameworks {
		if fs.Status != StatusNA {
			t.Errorf("%s %s = %s, want n/a", fs.Framework, fs.ID, fs.Status)
		}
	}
}

func TestSummarizeRollUp(t *testing.T) {
	f := func(cloud, control, status string) policies.Finding {
		return policies.Finding{CheckID: "X-" + control, Cloud: cloud, Controls: []string{control}, Status: status,
			Scope: snapshot.Scope{Type: "account", ID: "1"}, Severity: "low"}
	}
	findings := []policies.Finding{
		f("aws", "IR-1", "pass"), f("aws", "IR-1", "fail"), f("aws", "IR-1", "error"),
		f("aws", "IR-2", "manual"), f("aws", "IR-2", "error"),
		f("aws", "IR-3", "pass"), f("aws", "IR-3", "manual"),
		f("aws", "IR-4", "pass"), f("aws", "IR-4", "waived"),
		f("aws", "IR-5", "waived"),
		f("aws", "IR-6", "bogus"), f("aws", "IR-6", "pass"),
		// IR-7: no finding on aws; gcp has one, so both clouds are columns.
		f("gcp", "IR-7", "pass"),
	}
	s := Summarize(findings, mappings.MustLoad())
	want := map[[2]string]string{
		{"IR-1", "aws"}: "fail", {"IR-2", "aws"}: "error", {"IR-3", "aws"}: "manual",
		{"IR-4", "aws"}: "pass", {"IR-5", "aws"}: "pass", {"IR-6", "aws"}: "error",
		{"IR-7", "aws"}: "n/a", {"IR-7", "gcp"}: "pass", {"IR-1", "gcp"}: "n/a",
	}
	got := map[[2]string]ControlSummary{}
	var order [][2]string
	for _, cs := range s.Controls {
		got[[2]string{cs.Control, cs.Cloud}] = cs
		order = append(order, [2]string{cs.Control, cs.Cloud})
		for _, st := range Statuses {
			if _, ok := cs.Counts[st]; !ok {
				t.Errorf("%s/%s counts lack %s", cs.Control, cs.Cloud, st)
			}
		}
	}
	if len(s.Controls) != 14 { // 7 controls × 2 clouds present; azure absent
		t.Errorf("got %d control summaries, want 14: %v", len(s.Controls), order)
	}
	if order[0] != [2]string{"IR-1", "aws"} || order[1] != [2]string{"IR-1", "gcp"} || order[13] != [2]string{"IR-7", "gcp"} {
		t.Errorf("order = %v, want control then cloud", order)
	}
	for k, st := range want {
		if got[k].Status != st {
			t.Errorf("%s on %s = %q, want %q", k[0], k[1], got[k].Status, st)
		}
	}
	if c := got[[2]string{"IR-4", "aws"}].Counts; c["waived"] != 1 || c["pass"] != 1 {
		t.Errorf("IR-4 aws counts = %v", c)
	}
}

func TestSummarizeFrameworks(t *testing.T) {
	cat := mappings.MustLoad()
	findings := []policies.Finding{
		{CheckID: "A", Cloud: "aws", Controls: []string{"IR-2"}, Status: "fail", Severity: "high"},
		// IR-3 and IR-5 both map to NIST IR-4: this finding counts once there.
		{CheckID: "B", Cloud: "azure", Controls: []string{"IR-3", "IR-5"}, Status: "pass", Severity: "high"},
	}
	s := Summarize(findings, cat)
	byKey := map[string]FrameworkSummary{}
	var ids = map[string][]string{}
	for _, fs := range s.Frameworks {
		byKey[fs.Framework+" "+fs.ID] = fs
		ids[fs.Framework] = append(ids[fs.Framework], fs.ID)
	}
	for _, fw := range mappings.CrossFrameworks {
		var want []string
		for _, row := range cat.Pivot(fw) {
			want = append(want, row.ID)
		}
		if len(ids[fw]) != len(want) {
			t.Errorf("%s IDs = %v, want every ID of %v", fw, ids[fw], want)
		}
	}
	if got := ids[mappings.CISv8]; !slices.Equal(got, []string{"17.1", "17.3", "17.4", "17.6", "17.7", "17.8", "17.9"}) {
		t.Errorf("CIS order = %v", got)
	}
	if got := ids[mappings.PCI321]; !slices.Equal(got, []string{"10.8", "12.10"}) {
		t.Errorf("PCI order = %v", got)
	}
	check := func(key, status string, counts map[string]int) {
		t.Helper()
		fs, ok := byKey[key]
		if !ok {
			t.Fatalf("no summary for %s", key)
		}
		if fs.Status != status {
			t.Errorf("%s status = %s, want %s", key, fs.Status, status)
		}
		for st, n := range counts {
			if fs.Counts[st] != n {
				t.Errorf("%s counts = %v, want %s=%d", key, fs.Counts, st, n)
			}
		}
	}
	check("cis-v8 17.1", "fail", map[string]int{"fail": 1})
	check("cis-v8 17.9", "pass", map[string]int{"pass": 1}) // IR-3 and IR-5
	check("cis-v8 17.8", "n/a", map[string]int{"pass": 0, "fail": 0})
	check("nist-800-53-r4 IR-4", "fail", map[string]int{"fail": 1, "pass": 1})
	check("nist-800-53-r4 IR-8", "fail", map[string]int{"fail": 1, "pass": 0})
	check("pci-dss-3.2.1 10.8", "pass", map[string]int{"pass": 1})
	if got := byKey["nist-800-53-r4 IR-4"].Controls; len(got) != 7 {
		t.Errorf("NIST IR-4 controls = %v, want all seven", got)
	}
}

func TestSummarizeIgnoresFindingOrder(t *testing.T) {
	r := testReport(t)
	cat := mappings.MustLoad()
	want := Summarize(r.Findings, cat)
	for seed := range uint64(5) {
		if got := Summarize(shuffled(r, seed).Findings, cat); !reflect.DeepEqual(got, want) {
			t.Fatalf("seed %d: summary depends on finding order", seed)
		}
	}
}

func TestCompareIDs(t *testing.T) {
	ordered := []string{"10.8", "12.9", "12.10", "17.1", "17.10", "IR-4", "IR-10"}
	for i := range ordered {
		for j := range ordered {
			got := compareIDs(ordered[i], ordered[j])
			if (i < j && got >= 0) || (i > j && got <= 0) || (i == j && got != 0) {
				t.Errorf("compareIDs(%q, %q) = %d", ordered[i], ordered[j], got)
			}
		}
	}
}
