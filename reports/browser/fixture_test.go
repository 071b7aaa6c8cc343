package browser_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/irscan/irscan/mappings"
	"github.com/irscan/irscan/policies"
	"github.com/irscan/irscan/reports"
	"github.com/irscan/irscan/snapshot"
)

// Hostile strings planted in every free-text field of the fixture. Each one
// would run script, fire an event handler, open a dialog or fetch something
// if it reached the page unescaped; the canaries all write window.__pwned.
// The URLs point at the discard port on loopback, never at another host.
const (
	hostileScript   = `<script>window.__pwned="script"</script>`
	hostileAlert    = `<script>alert("pwned")</script>`
	hostileImg      = `<img src=x onerror="window.__pwned='onerror'">`
	hostileAttr     = `" autofocus onfocus="window.__pwned='attr'" x="`
	hostileSVG      = `<svg onload="window.__pwned='svg'"></svg>`
	hostileJSURL    = `javascript:window.__pwned='jsurl'`
	hostileBreakout = `</script><script>window.__pwned='breakout'</script>`
	hostileComment  = `--><script>window.__pwned='comment'</script><!--`
	hostileStyle    = `</style><style>body{background:url(http://127.0.0.1:9/style.png)}</style>`
	hostileFetch    = `<img src="http://127.0.0.1:9/pixel.png"><link rel=stylesheet href="http://127.0.0.1:9/x.css"><iframe src="http://127.0.0.1:9/frame"></iframe>`
	hostileMeta     = `<meta http-equiv="refresh" content="0;url=http://127.0.0.1:9/refresh">`
	hostileBase     = `<base href="http://127.0.0.1:9/">`
	hostileLink     = `http://127.0.0.1:9/ref" onmouseover="window.__pwned='href`
	// hostileXML breaks XML: a CDATA end, an entity, a processing
	// instruction and control characters XML 1.0 forbids.
	hostileXML = "]]><!ENTITY x SYSTEM \"file:///etc/passwd\">&x;<?pi?>\x00\x07\x1b[31m\ufffe"
)

// visibleHostile are strings that must be shown literally, as text, in the
// HTML report: escaping keeps them, it does not strip them.
var visibleHostile = []string{hostileScript, hostileAlert, hostileImg, hostileSVG, hostileJSURL, hostileBreakout, hostileFetch}

// hostileReport builds a report whose findings cover every status and
// every report section, with hostile strings in resource names, tags,
// messages, check metadata, waivers, attestations, gaps and file names.
func hostileReport(t testing.TB) *reports.Report {
	t.Helper()
	cat := mappings.MustLoad()
	scope := snapshot.Scope{Type: "account", ID: "123456789012", Name: hostileImg}
	azScope := snapshot.Scope{Type: "subscription", ID: "00000000-0000-0000-0000-00000000beef", Name: hostileSVG}

	checks := []policies.Check{
		{ID: "USR-XSS-01", Title: "Hostile title " + hostileScript + hostileAlert, Cloud: "aws", Controls: []string{"IR-2", "IR-3"},
			Severity: "critical", Description: "Hostile description " + hostileSVG + hostileComment,
			Requires:    []string{"account.alternate_contacts", hostileAttr},
			Remediation: "Hostile remediation " + hostileStyle + hostileBase,
			References:  []string{hostileJSURL, hostileLink, "https://docs.example.com/ir?q=" + hostileAttr},
			Source:      "policies/" + hostileComment + ".rego", Package: "data.user." + hostileAttr},
		{ID: "USR-XSS-02", Title: "Tag " + hostileImg, Cloud: "aws", Controls: []string{"IR-5"}, Severity: "high",
			Description: "Classification tag value " + hostileFetch, Remediation: hostileMeta, References: []string{"https://example.com/" + hostileBreakout}},
		{ID: "USR-XSS-03", Title: "Plan attested " + hostileSVG, Cloud: "aws", Controls: []string{"IR-1"}, Severity: "medium",
			Description: "Attestation " + hostileScript},
		{ID: "USR-XSS-04", Title: "Lessons learned " + hostileAlert, Cloud: "azure", Controls: []string{"IR-7"}, Severity: "low",
			Description: "Attestation " + hostileXML},
		{ID: "USR-XSS-05", Title: "Flow logs " + hostileXML, Cloud: "azure", Controls: []string{"IR-4", "IR-6"}, Severity: "info",
			Description: hostileBreakout, Remediation: hostileXML},
	}
	for i := range checks {
		checks[i].Frameworks = cat.CrossReference(checks[i].Controls)
	}
	byID := map[string]policies.Check{}
	for _, c := range checks {
		byID[c.ID] = c
	}
	finding := func(check string, s snapshot.Scope, resource, region, status, msg string) policies.Finding {
		c := byID[check]
		return policies.Finding{
			CheckID: c.ID, Title: c.Title, Controls: c.Controls, Frameworks: c.Frameworks, Cloud: c.Cloud, Scope: s,
			Resource: resource, Region: region, Status: status, Severity: c.Severity, Message: msg, Remediation: c.Remediation,
			Evidence: policies.Evidence{
				Snapshot: "snapshots/" + hostileScript + ".json",
				Pointers: []string{"/sections/" + hostileAttr + "/data", "/sections/tags/" + hostileImg},
				Calls:    []string{"call-" + hostileSVG, "req-" + hostileXML},
			},
		}
	}
	azVNet := "/subscriptions/" + azScope.ID + "/resourceGroups/rg " + hostileScript + "/providers/Microsoft.Network/virtualNetworks/" + hostileImg
	findings := []policies.Finding{
		finding("USR-XSS-01", scope, hostileJSURL, "us-east-1", "fail", "Message "+hostileScript+hostileAlert+hostileFetch),
		finding("USR-XSS-01", scope, "arn:aws:s3:::bucket/"+hostileBreakout, hostileAttr, "pass", "Passing "+hostileImg+hostileMeta),
		finding("USR-XSS-01", scope, "arn:aws:sns:us-east-1:123456789012:"+hostileComment, "us-east-1", "error",
			"Section could not be read: "+hostileStyle+hostileXML),
		finding("USR-XSS-02", scope, "arn:aws:s3:::"+hostileImg, "", "waived", "Tag DataClassification="+hostileSVG),
		finding("USR-XSS-02", scope, "arn:aws:s3:::"+hostileAttr, "", "fail", "Tag DataClassification="+hostileAttr+hostileBase),
		finding("USR-XSS-03", scope, "", "", "manual", "No attestation "+hostileAlert),
		finding("USR-XSS-04", azScope, "/subscriptions/"+azScope.ID, "", "pass", "Attested "+hostileScript),
		finding("USR-XSS-05", azScope, azVNet, "westeurope", "fail", "VNet "+hostileXML+hostileBreakout),
	}
	for i := range findings {
		f := &findings[i]
		switch {
		case f.Status == "waived":
			f.Waiver = &policies.AppliedWaiver{Reason: "Reason " + hostileMeta + hostileScript, ApprovedBy: hostileImg, Expires: "2027-01-31", Pattern: "arn:aws:s3:::*"}
		case f.Status == "fail" && f.CheckID == "USR-XSS-02":
			f.Waiver = &policies.AppliedWaiver{Reason: "Expired " + hostileAttr, ApprovedBy: hostileSVG, Expires: "2026-01-31", Expired: true, Pattern: "arn:aws:s3:::*" + hostileAttr}
		case f.CheckID == "USR-XSS-04":
			f.Attestation = &policies.Attestation{Control: "IR-7", Cloud: "azure", Scope: "*", Statement: "Statement " + hostileScript + hostileXML,
				Evidence: hostileJSURL, AttestedBy: hostileSVG, Date: "2026-09-01", ValidityDays: 365, Expires: "2027-09-01"}
		}
	}

	collected := time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)
	return &reports.Report{
		Schema:       reports.SchemaVersion,
		Tool:         snapshot.Tool{Name: "irscan", Version: "v0.0.0-hostile"},
		GeneratedAt:  collected,
		PolicyDigest: strings.Repeat("ab", 32),
		Config:       policies.DefaultConfig(),
		FailOn:       "high",
		Inputs: []reports.InputFile{
			{Kind: "waivers", Path: "waivers/" + hostileBase + ".yaml", SHA256: strings.Repeat("cd", 32)},
			{Kind: "attestations", Path: hostileMeta, SHA256: strings.Repeat("ef", 32)},
		},
		Snapshots: []reports.SnapshotRef{
			{Path: "snapshots/" + hostileScript + ".json", SHA256: strings.Repeat("01", 32), Cloud: "aws", Scope: scope, CollectedAt: collected,
				Gaps: []reports.Gap{{Section: "sns.topics " + hostileImg, Region: hostileAttr, Status: "denied", Error: "AccessDenied " + hostileFetch, Action: "sns:" + hostileSVG}}},
			{Path: "snapshots/" + hostileBreakout + ".json", SHA256: strings.Repeat("02", 32), Cloud: "azure", Scope: azScope, CollectedAt: collected.Add(-time.Hour),
				Gaps: []reports.Gap{}},
		},
		Frameworks: cat.Frameworks,
		Controls:   cat.Controls,
		Checks:     checks,
		Findings:   findings,
		Waivers: []reports.WaiverUse{
			{Check: "USR-XSS-02", Resource: "arn:aws:s3:::*", Scope: hostileAttr, Reason: "Reason " + hostileMeta + hostileScript,
				ApprovedBy: hostileImg, Expires: "2027-01-31", Matched: 1},
			{Check: "USR-XSS-02", Resource: "arn:aws:s3:::*" + hostileAttr, Reason: "Expired " + hostileAttr,
				ApprovedBy: hostileSVG, Expires: "2026-01-31", Expired: true, Matched: 1},
		},
		Summary: reports.Summarize(findings, cat),
	}
}

// render writes r in one format.
func render(t testing.TB, format string, r *reports.Report) []byte {
	t.Helper()
	w, err := reports.Get(format, reports.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := w.Write(&buf, r); err != nil {
		t.Fatalf("%s: %v", format, err)
	}
	return buf.Bytes()
}

// repoRoot is the module root: the nearest parent with a go.mod.
func repoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test directory")
		}
		dir = parent
	}
}

// outDir is where the tests leave their artifacts: $IRSCAN_OUT (default
// <repo>/out) joined with sub.
func outDir(t testing.TB, sub string) string {
	t.Helper()
	base := os.Getenv("IRSCAN_OUT")
	if base == "" {
		base = filepath.Join(repoRoot(t), "out")
	}
	dir := filepath.Join(base, sub)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestHostileFixture writes the hostile report in every file format to
// out/hostile/ (irscan.json, .sarif, .html, .csv, .xml), as the CLI would,
// for `make validate` to check with the SARIF multitool and xmllint and for
// the browser test. It needs no external tool.
func TestHostileFixture(t *testing.T) {
	r := hostileReport(t)
	dir := outDir(t, "hostile")
	for _, format := range reports.Formats {
		if format == "table" {
			continue
		}
		out := render(t, format, r)
		if len(out) == 0 {
			t.Fatalf("%s: empty output", format)
		}
		path := filepath.Join(dir, "irscan."+reports.Extension(format))
		if err := os.WriteFile(path, out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("hostile fixture written to %s", dir)

	// The multitool (make validate) flagged hostile check references as
	// helpUri values that are not RFC 3986 URIs; they must now be escaped.
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID      string `json:"id"`
						HelpURI string `json:"helpUri"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(render(t, "sarif", r), &log); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, rule := range log.Runs[0].Tool.Driver.Rules {
		if rule.HelpURI == "" {
			continue
		}
		n++
		if !rfc3986.MatchString(rule.HelpURI) {
			t.Errorf("%s: helpUri %q is not an RFC 3986 URI", rule.ID, rule.HelpURI)
		}
	}
	if n < 2 {
		t.Errorf("%d rules with a helpUri, want the hostile ones", n)
	}
}

// rfc3986 matches the characters a URI may hold, with well-formed escapes.
var rfc3986 = regexp.MustCompile(`^(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$`)
