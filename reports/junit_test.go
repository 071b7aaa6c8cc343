package reports

import (
	"bytes"
	"encoding/xml"
	"slices"
	"strings"
	"testing"

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
			if slices.Contains(f.Controls, ctl.ID) {
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
	if doc.Tests != total || doc.Failures == 0 || doc.Errors == 0 {
		t.Errorf("testsuites totals %d/%d/%d (sum of suites %d)", doc.Tests, doc.Failures, doc.Errors, total)
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
			cases[tc.ClassName+" "+tc.Name] = tc
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
	// A finding with two controls is a case in both suites.
	n := 0
	for _, s := range doc.Suites {
		for _, tc := range s.Cases {
			if tc.ClassName == "AZ-IR3-01" {
				n++
			}
		}
	}
	if n != 2 {
		t.Errorf("AZ-IR3-01 (IR-3, IR-5) appears in %d suites, want 2", n)
	}
}

// A status the model does not know is reported as an error, never a pass.
func TestJUnitUnknownStatusIsError(t *testing.T) {
	tc := junitCaseFor(policies.Finding{CheckID: "X", Resource: "r", Status: "bogus"})
	if tc.Error == nil {
		t.Errorf("unknown status gave %+v", tc)
	}
}
