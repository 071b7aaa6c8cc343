package reports

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/irscan/irscan/mappings"
	"github.com/irscan/irscan/policies"
)

func TestJUnitParsesBackWithCounts(t *testing.T) {
	r := testReport(t)
	out := render(t, "junit", r)
	if !bytes.HasPrefix(out, []byte(xml.Header)) {
		t.Error("no XML declaration")
	}
	var doc junitSuites
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Suites) != len(r.Controls) {
		t.Fatalf("%d suites, want one per control (%d)", len(doc.Suites), len(r.Controls))
	}
	total := 0
	for i, suite := range doc.Suites {
		ctl := r.Controls[i]
		if suite.Name != ctl.ID+" "+ctl.Title {
			t.Errorf("suite %d name = %q", i, suite.Name)
		}
		want := map[string]int{}
		for _, f := range r.Findings {
			if len(f.Controls) > 0 && f.Controls[0] == ctl.ID {
				want[f.Status]++
				want["tests"]++
			}
		}
		counted := map[string]int{}
		for _, tc := range suite.Cases {
			switch {
			case tc.Failure != nil:
				counted["fail"]++
			case tc.Error != nil:
				counted["error"]++
			case tc.Skipped != nil && strings.HasPrefix(tc.Skipped.Message, "manual:"):
				counted["manual"]++
			case tc.Skipped != nil && strings.HasPrefix(tc.Skipped.Message, "waived:"):
				counted["waived"]++
			default:
				counted["pass"]++
			}
		}
		if suite.Tests != want["tests"] || len(suite.Cases) != want["tests"] ||
			suite.Failures != want["fail"] || suite.Errors != want["error"] || suite.Skipped != want["manual"]+want["waived"] {
			t.Errorf("%s: tests/failures/errors/skipped = %d/%d/%d/%d, want %v",
				ctl.ID, suite.Tests, suite.Failures, suite.Errors, suite.Skipped, want)
		}
		for _, st := range Statuses {
			if counted[st] != want[st] {
				t.Errorf("%s: %d %s cases, want %d", ctl.ID, counted[st], st, want[st])
			}
		}
		props := map[string]string{}
		for _, p := range suite.Properties {
			props[p.Name] = p.Value
		}
		if props["cis-v8"] != orNone(ctl.CIS, ", ") || props["nist-800-53-r4"] != orNone(ctl.NIST, ", ") || props["pci-dss-3.2.1"] != orNone(ctl.PCI, ", ") {
			t.Errorf("%s properties = %v", ctl.ID, props)
		}
		total += suite.Tests
	}
	// <testsuites> has no skipped attribute in the JUnit schemas; suites do.
	// The totals are the report's: every finding once.
	s := r.Summary
	if doc.Tests != total || doc.Tests != len(r.Findings) || doc.Failures != s.ByStatus["fail"] || doc.Errors != s.ByStatus["error"] {
		t.Errorf("testsuites totals %d/%d/%d (sum of suites %d); the report has %d findings, %d fail, %d error",
			doc.Tests, doc.Failures, doc.Errors, total, len(r.Findings), s.ByStatus["fail"], s.ByStatus["error"])
	}
}

func TestJUnitCases(t *testing.T) {
	r := testReport(t)
	var doc junitSuites
	if err := xml.Unmarshal(render(t, "junit", r), &doc); err != nil {
		t.Fatal(err)
	}
	cases := map[string]junitCase{}
	for _, s := range doc.Suites {
		for _, tc := range s.Cases {
			cases[tc.ClassName[strings.IndexByte(tc.ClassName, '.')+1:]+" "+tc.Name] = tc
		}
	}
	fail := cases["AWS-IR3-01 arn:aws:account::123456789012:account (eu-west-1)"]
	if fail.Failure == nil || fail.Failure.Type != "high" || fail.Failure.Message != "No GuardDuty detector in 'eu-west-1'." {
		t.Errorf("failing case = %+v", fail)
	}
	if !strings.Contains(fail.Failure.Text, "cis-v8: 17.9") {
		t.Errorf("failure body lacks framework IDs: %q", fail.Failure.Text)
	}
	waived := cases["AZ-IR5-02 "+azureLogs]
	if waived.Skipped == nil || waived.Skipped.Message != "waived: Log archive classified at the management group (approved by ciso@contoso.example until 2027-06-30)" {
		t.Errorf("waived case = %+v", waived.Skipped)
	}
	expired := cases["AZ-IR5-02 "+azureOdd]
	if expired.Failure == nil || !strings.Contains(expired.Failure.Text, "expired waiver") {
		t.Errorf("expired-waiver case = %+v", expired)
	}
	manual := cases["AWS-IR1-03 "+awsAccount]
	if manual.Skipped == nil || manual.Skipped.Message != "manual: needs attestation" {
		t.Errorf("manual case = %+v", manual.Skipped)
	}
	errored := cases["AWS-IR4-04 arn:aws:ec2:ap-south-1:123456789012:vpc/vpc-0a1b2c3d (ap-south-1)"]
	if errored.Error == nil || errored.Failure != nil {
		t.Errorf("errored case = %+v", errored)
	}
	pass := cases["GCP-IR4-02 "+gcpPrivate+" (europe-west1)"]
	if pass.ClassName == "" || pass.Failure != nil || pass.Error != nil || pass.Skipped != nil {
		t.Errorf("passing case = %+v", pass)
	}
	// A finding with two controls is one case, in its first control's suite.
	var in []string
	for _, suite := range doc.Suites {
		for _, tc := range suite.Cases {
			if strings.HasSuffix(tc.ClassName, ".AZ-IR3-01") {
				in = append(in, suite.Name[:4]+" "+tc.ClassName)
			}
		}
	}
	if len(in) != 1 || in[0] != "IR-3 IR-3.AZ-IR3-01" {
		t.Errorf("AZ-IR3-01 (IR-3, IR-5) cases: %v, want one in IR-3", in)
	}
}

// A status the model does not know is reported as an error, never a pass.
func TestJUnitUnknownStatusIsError(t *testing.T) {
	tc := junitCaseFor(policies.Finding{CheckID: "X", Resource: "r", Status: "bogus"})
	if tc.Error == nil {
		t.Errorf("unknown status gave %+v", tc)
	}
}

// TestJUnitAsJenkinsAndGitLabReadIt reads the document as the two CI
// servers document they do, and compares with the report's summary.
// Jenkins (junit plugin, CaseResult): a case's classname is split at its
// last dot into package and class, and the totals are its cases counted by
// outcome. GitLab (unit test reports): the classname is the suite shown,
// the name the test, and of cases with the same classname and name only
// the first is kept. Both must count every finding once and show the
// control, the check and the resource.
func TestJUnitAsJenkinsAndGitLabReadIt(t *testing.T) {
	r := testReport(t)
	// Two findings of one check on the same resource and region (a second
	// message) must both survive GitLab's de-duplication.
	dup := r.Findings[0]
	dup.Message += " (second)"
	r.Findings = append(r.Findings, dup)
	r.Summary = Summarize(r.Findings, mappings.MustLoad())
	var doc junitSuites
	if err := xml.Unmarshal(render(t, "junit", r), &doc); err != nil {
		t.Fatal(err)
	}
	jenkins := map[string]int{}
	gitlab := map[string]bool{}
	gitlabCount := map[string]int{}
	for _, suite := range doc.Suites {
		for _, tc := range suite.Cases {
			outcome := "pass"
			switch {
			case tc.Failure != nil:
				outcome = "fail"
			case tc.Error != nil:
				outcome = "error"
			case tc.Skipped != nil:
				outcome = "skipped"
			}
			// Jenkins: package.class.
			dot := strings.LastIndexByte(tc.ClassName, '.')
			pkg, class := tc.ClassName[:max(dot, 0)], tc.ClassName[dot+1:]
			if !strings.HasPrefix(pkg, "IR-") || !strings.Contains(class, "-IR") {
				t.Errorf("Jenkins would show package %q class %q for %s", pkg, class, tc.ClassName)
			}
			jenkins[outcome]++
			jenkins["total"]++
			// GitLab: the first of (classname, name) only.
			key := tc.ClassName + "\x00" + tc.Name
			if gitlab[key] {
				continue
			}
			gitlab[key] = true
			gitlabCount[outcome]++
			gitlabCount["total"]++
		}
	}
	s := r.Summary
	want := map[string]int{"total": s.Total, "pass": s.ByStatus["pass"], "fail": s.ByStatus["fail"], "error": s.ByStatus["error"],
		"skipped": s.ByStatus["manual"] + s.ByStatus["waived"]}
	for k, v := range want {
		if jenkins[k] != v {
			t.Errorf("Jenkins counts %d %s, the report %d", jenkins[k], k, v)
		}
		if gitlabCount[k] != v {
			t.Errorf("GitLab counts %d %s, the report %d", gitlabCount[k], k, v)
		}
	}
}
