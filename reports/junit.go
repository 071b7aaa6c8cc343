package reports

import (
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/irscan/irscan/mappings"
	"github.com/irscan/irscan/policies"
)

// JUnit writes a JUnit XML document for CI test views: one test case per
// finding, so the totals are the report's (a check mapped to two controls
// is counted once), in the test suite of the finding's first control. A
// case's classname is "<control>.<check>" (Jenkins shows the control as the
// package and the check as the class; GitLab shows the whole classname as
// the suite) and its name the resource and region, unique in the document
// (GitLab keeps only the first of cases with the same classname and name).
// fail is a failure, error an error, manual and waived are skipped with the
// reason, pass is a plain test case.
// Durations are always 0: the report has no wall-clock data. The output is
// valid against the Jenkins JUnit schema (reports/testdata/jenkins-junit.xsd,
// checked with xmllint by `make validate`): <testsuites> carries no skipped
// count (each <testsuite> does) and a skip reason is the text of <skipped>.
type JUnit struct{}

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       string          `xml:"time,attr"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	ClassName string        `xml:"classname,attr"`
	Name      string        `xml:"name,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitProblem `xml:"failure"`
	Error     *junitProblem `xml:"error"`
	Skipped   *junitSkipped `xml:"skipped"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

type junitSkipped struct {
	Message string `xml:",chardata"`
}

// Write implements Writer.
func (JUnit) Write(w io.Writer, r *Report) error {
	doc := buildJUnit(prepare(r))
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func buildJUnit(r *Report) junitSuites {
	// One suite per catalogue control, then any other control a finding
	// names first, so that no finding is dropped; a finding without a
	// control goes to a suite of its own.
	controls := slices.Clone(r.Controls)
	for i, f := range r.Findings {
		if len(f.Controls) == 0 {
			r.Findings[i].Controls = []string{"(no control)"}
		}
		for _, id := range r.Findings[i].Controls[:1] {
			if !slices.ContainsFunc(controls, func(c mappings.Control) bool { return c.ID == id }) {
				controls = append(controls, mappings.Control{ID: id})
			}
		}
	}

	doc := junitSuites{Name: "irscan", Time: "0", Suites: []junitSuite{}}
	seen := map[string]int{}
	for _, ctl := range controls {
		suite := junitSuite{
			Name:  strings.TrimSpace(ctl.ID + " " + ctl.Title),
			Time:  "0",
			Cases: []junitCase{},
		}
		for _, fw := range crossKeys(r.Frameworks) {
			suite.Properties = append(suite.Properties, junitProperty{Name: fw, Value: orNone(ctl.IDs(fw), ", ")})
		}
		for _, f := range r.Findings {
			if len(f.Controls) == 0 || f.Controls[0] != ctl.ID {
				continue
			}
			tc := junitCaseFor(f)
			key := tc.ClassName + "\x00" + tc.Name
			if seen[key]++; seen[key] > 1 {
				tc.Name += fmt.Sprintf(" [%d]", seen[key])
			}
			suite.Tests++
			switch {
			case tc.Failure != nil:
				suite.Failures++
			case tc.Error != nil:
				suite.Errors++
			case tc.Skipped != nil:
				suite.Skipped++
			}
			suite.Cases = append(suite.Cases, tc)
		}
		doc.Tests += suite.Tests
		doc.Failures += suite.Failures
		doc.Errors += suite.Errors
		doc.Suites = append(doc.Suites, suite)
	}
	return doc
}

func junitCaseFor(f policies.Finding) junitCase {
	name := resourceLabel(f)
	if f.Region != "" {
		name += " (" + f.Region + ")"
	}
	class := f.CheckID
	if len(f.Controls) > 0 {
		// Jenkins splits the classname at its last dot: package and class.
		class = strings.ReplaceAll(f.Controls[0], ".", "-") + "." + strings.ReplaceAll(f.CheckID, ".", "-")
	}
	tc := junitCase{ClassName: class, Name: name, Time: "0"}
	switch f.Status {
	case policies.StatusPass:
	case policies.StatusFail:
		tc.Failure = &junitProblem{Message: f.Message, Type: f.Severity, Text: junitDetails(f)}
	case policies.StatusManual:
		tc.Skipped = &junitSkipped{Message: "manual: needs attestation"}
	case policies.StatusWaived:
		msg := "waived"
		if w := f.Waiver; w != nil {
			msg = fmt.Sprintf("waived: %s (approved by %s until %s)", w.Reason, w.ApprovedBy, w.Expires)
		}
		tc.Skipped = &junitSkipped{Message: msg}
	default: // error, and any status the model does not know: never a pass
		tc.Error = &junitProblem{Message: f.Message, Type: f.Status, Text: junitDetails(f)}
	}
	return tc
}

// junitDetails is the body of a failure or error: everything a CI reader
// needs to act without opening another report.
func junitDetails(f policies.Finding) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s\n", f.CheckID, f.Title)
	fmt.Fprintf(&b, "cloud: %s, %s: %s\n", f.Cloud, f.Scope.Type, f.Scope.ID)
	fmt.Fprintf(&b, "resource: %s\n", resourceLabel(f))
	if f.Region != "" {
		fmt.Fprintf(&b, "region: %s\n", f.Region)
	}
	fmt.Fprintf(&b, "severity: %s\n", f.Severity)
	fmt.Fprintf(&b, "controls: %s\n", orNone(f.Controls, ", "))
	for _, fw := range mapKeys(f.Frameworks) {
		fmt.Fprintf(&b, "%s: %s\n", fw, frameworkIDs(f.Frameworks, fw, ", "))
	}
	if w := f.Waiver; w != nil && w.Expired {
		fmt.Fprintf(&b, "expired waiver: %s (approved by %s, expired %s)\n", w.Reason, w.ApprovedBy, w.Expires)
	}
	if f.Remediation != "" {
		fmt.Fprintf(&b, "remediation: %s\n", f.Remediation)
	}
	if len(f.Evidence.Pointers) > 0 {
		fmt.Fprintf(&b, "evidence: %s %s\n", f.Evidence.Snapshot, strings.Join(f.Evidence.Pointers, " "))
	}
	if len(f.Evidence.Calls) > 0 {
		fmt.Fprintf(&b, "calls: %s\n", strings.Join(f.Evidence.Calls, " "))
	}
	return b.String()
}
