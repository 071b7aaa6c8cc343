package reports

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/irscan/irscan/mappings"
	"github.com/irscan/irscan/policies"
	"github.com/irscan/irscan/snapshot"
)

// page is a rendered HTML report, parsed.
type page struct {
	raw  []byte
	root *html.Node
}

func renderPage(t *testing.T, r *Report) page {
	t.Helper()
	raw := render(t, "html", r)
	root, err := html.Parse(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	return page{raw: raw, root: root}
}

// all returns every element node under n, in document order.
func all(n *html.Node) []*html.Node {
	var out []*html.Node
	for c := range n.Descendants() {
		if c.Type == html.ElementNode {
			out = append(out, c)
		}
	}
	return out
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// text is the text content of n, as a browser would show it.
func text(n *html.Node) string {
	var b strings.Builder
	for c := range n.Descendants() {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return b.String()
}

func (p page) section(t *testing.T, id string) *html.Node {
	t.Helper()
	for _, n := range all(p.root) {
		if v, _ := attr(n, "id"); v == id && n.DataAtom == atom.Section {
			return n
		}
	}
	t.Fatalf("no <section id=%q>", id)
	return nil
}

func TestHTMLSections(t *testing.T) {
	p := renderPage(t, testReport(t))
	for _, id := range []string{"scope", "summary", "controls", "manual", "waivers", "errors", "appendix"} {
		p.section(t, id)
	}
	var style string
	for _, n := range all(p.root) {
		if n.DataAtom == atom.Style {
			style += text(n)
		}
	}
	if !strings.Contains(style, "@media print") {
		t.Error("no print stylesheet")
	}
}

// The page must load nothing and run nothing: no external resources, no
// script but the JSON data block, no event handlers, links only to http(s)
// or to anchors in the page.
func TestHTMLIsSelfContained(t *testing.T) {
	p := renderPage(t, testReport(t))
	scripts := 0
	for _, n := range all(p.root) {
		switch n.DataAtom {
		case atom.Script:
			scripts++
			typ, _ := attr(n, "type")
			id, _ := attr(n, "id")
			if typ != "application/json" || id != "irscan-data" {
				t.Errorf("unexpected script element type=%q id=%q", typ, id)
			}
		case atom.Link, atom.Img, atom.Iframe, atom.Object, atom.Embed, atom.Base, atom.Form, atom.Video, atom.Audio, atom.Source:
			t.Errorf("element <%s> in a self-contained report", n.Data)
		case atom.Svg:
			// The charts: drawing elements only, links only to the page.
			for _, c := range all(n)[1:] {
				if !slices.Contains([]string{"title", "rect", "text", "a"}, c.Data) {
					t.Errorf("element <%s> in an inline chart", c.Data)
				}
				if href, ok := attr(c, "href"); ok && !strings.HasPrefix(href, "#") {
					t.Errorf("chart link to %q", href)
				}
			}
		case atom.Style:
			if css := text(n); strings.Contains(css, "url(") || strings.Contains(css, "@import") {
				t.Error("stylesheet loads an external resource")
			}
		case atom.Meta:
			if v, _ := attr(n, "http-equiv"); strings.EqualFold(v, "refresh") {
				t.Error("meta refresh")
			}
		}
		for _, a := range n.Attr {
			key := strings.ToLower(a.Key)
			switch {
			case strings.HasPrefix(key, "on"):
				t.Errorf("<%s> has event handler %s=%q", n.Data, a.Key, a.Val)
			case key == "style" && strings.Contains(a.Val, "url("):
				t.Errorf("<%s> style loads a resource", n.Data)
			case key == "href":
				ok := strings.HasPrefix(a.Val, "#") ||
					(n.DataAtom == atom.A && (strings.HasPrefix(a.Val, "https://") || strings.HasPrefix(a.Val, "http://")))
				if !ok {
					t.Errorf("<%s href=%q> is not an http(s) link or an anchor", n.Data, a.Val)
				}
			case key == "src" || key == "srcset" || key == "action" || key == "formaction" || key == "poster" || key == "data" || key == "xlink:href":
				t.Errorf("<%s> has %s=%q", n.Data, a.Key, a.Val)
			}
		}
	}
	if scripts != 1 {
		t.Errorf("%d script elements, want only the JSON data block", scripts)
	}
}

func TestHTMLEscapesHostileStrings(t *testing.T) {
	p := renderPage(t, testReport(t))
	// Markup in data stays text: the parser sees it, escaped, as characters.
	if bytes.Contains(p.raw, []byte(hostileScript)) {
		t.Error("raw <script> from the data reached the page")
	}
	if !bytes.Contains(p.raw, []byte("&lt;script&gt;alert(1)&lt;/script&gt;")) {
		t.Error("hostile markup not shown escaped")
	}
	if !strings.Contains(text(p.section(t, "controls")), "Bucket '"+hostileScript+"' has no label") {
		t.Error("hostile message not shown as text")
	}
	if bytes.Contains(p.raw, []byte(hostileAttr)) || !strings.Contains(text(p.section(t, "controls")), "VPC "+hostileAttr) {
		t.Error("attribute-breaking quote not escaped, or not shown")
	}
	// javascript: never lands in an href, only as text.
	for _, n := range all(p.root) {
		if v, ok := attr(n, "href"); ok && strings.Contains(strings.ToLower(v), "javascript") {
			t.Errorf("href %q", v)
		}
	}
	appendix := text(p.section(t, "appendix"))
	if !strings.Contains(appendix, hostileJSURL) {
		t.Error("javascript: reference not listed as text in the appendix")
	}
	var links []string
	for _, n := range all(p.section(t, "appendix")) {
		if v, ok := attr(n, "href"); ok {
			links = append(links, v)
		}
	}
	if !reflect.DeepEqual(links, []string{
		"https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-update-contact-alternate.html",
		"https://cloud.google.com/storage/docs/tags-and-labels",
	}) {
		t.Errorf("appendix links = %v", links)
	}
}

// The JSON block holds the whole report, safely escaped, and the page shows
// the SHA-256 of exactly its bytes.
func TestHTMLEmbeddedData(t *testing.T) {
	r := testReport(t)
	p := renderPage(t, r)
	var data string
	for _, n := range all(p.root) {
		if id, _ := attr(n, "id"); id == "irscan-data" {
			data = text(n)
		}
	}
	if data == "" {
		t.Fatal("no data block")
	}
	if strings.ContainsAny(data, "<>") {
		t.Error("data block holds a raw < or >: it could close the script element")
	}
	var back Report
	if err := json.Unmarshal([]byte(data), &back); err != nil {
		t.Fatalf("data block is not JSON: %v", err)
	}
	if !reflect.DeepEqual(back.Findings, prepare(r).Findings) || !reflect.DeepEqual(back.Summary, r.Summary) {
		t.Error("data block findings or summary differ from the report")
	}
	sum := sha256.Sum256([]byte(data))
	if !strings.Contains(text(p.section(t, "scope")), hex.EncodeToString(sum[:])) {
		t.Error("the scope section does not show the SHA-256 of the data block")
	}
}

func TestHTMLScopeSection(t *testing.T) {
	r := testReport(t)
	scope := text(renderPage(t, r).section(t, "scope"))
	want := []string{"irscan v0.4.0", "2026-11-20T09:30:00Z", "high", r.PolicyDigest, "DataClassification", "365 days", "90 days"}
	for _, s := range r.Snapshots {
		want = append(want, s.SHA256, s.Path, s.Scope.ID)
	}
	for _, in := range r.Inputs {
		want = append(want, in.SHA256, in.Path)
	}
	for _, w := range want {
		if !strings.Contains(scope, w) {
			t.Errorf("scope section lacks %q", w)
		}
	}
}

func TestHTMLSummarySection(t *testing.T) {
	summary := text(renderPage(t, testReport(t)).section(t, "summary"))
	for _, w := range []string{"CIS Controls v8", "NIST SP 800-53 Rev. 4", "PCI-DSS v3.2.1", "17.9", "IR-8", "12.10",
		"IR-4, IR-6: none", "n/a", "critical", "1 pass, 1 fail, 1 waived"} {
		if !strings.Contains(summary, w) {
			t.Errorf("summary section lacks %q", w)
		}
	}
}

// Passing evidence is in the controls section, folded: inside a <details>
// that is not open, with its JSON pointer and call ID.
func TestHTMLControlsShowFoldedPassingEvidence(t *testing.T) {
	p := renderPage(t, testReport(t))
	controls := p.section(t, "controls")
	var found bool
	for _, n := range all(controls) {
		if n.DataAtom != atom.Tr || !strings.Contains(text(n), gcpPrivate) {
			continue
		}
		found = true
		row := text(n)
		if !strings.Contains(row, "/sections/gcp-ir4-02/data") || !strings.Contains(row, "call-gcp-ir4-02") {
			t.Errorf("passing row lacks evidence: %q", row)
		}
		folded := false
		for a := n.Parent; a != nil; a = a.Parent {
			if a.DataAtom == atom.Details {
				_, open := attr(a, "open")
				folded = !open
				break
			}
		}
		if !folded {
			t.Error("passing row is not folded")
		}
	}
	if !found {
		t.Fatal("passing finding not in the controls section")
	}
	// A failing row is shown without opening anything.
	for _, n := range all(controls) {
		if n.DataAtom == atom.Details && strings.Contains(text(n), "IR-4") {
			if id, _ := attr(n, "id"); id == "control-IR-4" {
				if _, open := attr(n, "open"); !open {
					t.Error("failing control IR-4 is folded")
				}
			}
		}
	}
	text := text(controls)
	for _, w := range []string{"AWS-IR2-01", "Security alternate contact registered",
		"No findings for this check in this run"} {
		if !strings.Contains(text, w) {
			t.Errorf("controls section lacks %q", w)
		}
	}
}

func TestHTMLManualWaiversErrors(t *testing.T) {
	p := renderPage(t, testReport(t))
	checks := map[string][]string{
		"manual": {"AWS-IR1-03", "AZ-IR1-01", "no attestation found", "Lessons-learned review held after INC-2041.",
			"ir-lead@example.com", "2027-09-01"},
		"waivers": {"rg-logs/*", "Log archive classified at the management group", "ciso@contoso.example", "2027-06-30",
			"rg%20odd/*", "ops@contoso.example", "2026-01-31", "expired", "active", "Findings under a waiver"},
		"errors": {"AWS-IR4-04", "ec2:DescribeFlowLogs", "GCP-IR2-01", "ec2.flow_logs", "ap-south-1",
			"essentialcontacts.contacts.list", "denied"},
	}
	for id, wants := range checks {
		s := text(p.section(t, id))
		for _, w := range wants {
			if !strings.Contains(s, w) {
				t.Errorf("%s section lacks %q", id, w)
			}
		}
	}
	var evidenceLink bool
	for _, n := range all(p.section(t, "manual")) {
		if v, _ := attr(n, "href"); v == "https://wiki.example.com/ir/INC-2041" {
			evidenceLink = true
		}
	}
	if !evidenceLink {
		t.Error("attestation evidence is not linked")
	}
}

func TestHTMLAppendixListsEveryCheck(t *testing.T) {
	r := testReport(t)
	appendix := text(renderPage(t, r).section(t, "appendix"))
	for _, c := range r.Checks {
		for _, w := range []string{c.ID, c.Title, c.Severity} {
			if !strings.Contains(appendix, w) {
				t.Errorf("appendix lacks %q", w)
			}
		}
	}
	if !strings.Contains(appendix, "CIS Controls v8: 17.1, 17.3, 17.6") || !strings.Contains(appendix, "CIS Controls v8: none") {
		t.Error("appendix lacks framework IDs or none")
	}
}

func TestHTMLEmptyReport(t *testing.T) {
	p := renderPage(t, &Report{Controls: testReport(t).Controls})
	for _, id := range []string{"scope", "summary", "controls", "manual", "waivers", "errors", "appendix"} {
		p.section(t, id)
	}
	if !strings.Contains(text(p.section(t, "errors")), "None") {
		t.Error("empty errors section says nothing")
	}
}

// The HTML names the owner whose evidence a finding follows, and lists the
// snapshots superseded by a newer one of the same scope.
func TestHTMLOwnerAndSuperseded(t *testing.T) {
	r := testReport(t)
	r.Findings[0].Owner = &policies.Owner{Cloud: "aws", Scope: snapshot.Scope{Type: "account", ID: "500000000001"}, Resource: "arn:aws:logs:us-east-1:500000000001:log-group:org-trail", Snapshot: "snapshots/aws-500000000001.json", Pointers: []string{"/sections/logs.log_groups/regions/us-east-1/data/LogGroups/0"}}
	r.Superseded = []policies.Superseded{{Path: "old/aws-111.json", SHA256: "abc123", Cloud: "aws", Scope: snapshot.Scope{Type: "account", ID: "111"}, By: "new/aws-111.json"}}
	p := renderPage(t, r)
	body := text(p.root)
	for _, w := range []string{"snapshots/aws-500000000001.json", "arn:aws:logs:us-east-1:500000000001:log-group:org-trail", "/sections/logs.log_groups/regions/us-east-1/data/LogGroups/0", "Superseded snapshots", "old/aws-111.json", "new/aws-111.json"} {
		if !strings.Contains(body, w) {
			t.Errorf("HTML lacks %q", w)
		}
	}
	if strings.Contains(text(renderPage(t, testReport(t)).root), "Superseded snapshots") {
		t.Error("a report without superseded snapshots shows the section")
	}
}

// TestHTMLOpensWithTheVerdict: the first section is the verdict: a
// sentence per cloud, a chart per control (and one per framework, with
// links to each ID's findings), the most severe failures with their
// remediation beside them.
func TestHTMLOpensWithTheVerdict(t *testing.T) {
	r := testReport(t)
	p := renderPage(t, r)
	var sections []string
	var verdict *html.Node
	for _, n := range all(p.root) {
		if n.DataAtom == atom.Section {
			id, _ := attr(n, "id")
			sections = append(sections, id)
			if id == "verdict" {
				verdict = n
			}
		}
	}
	if len(sections) == 0 || sections[0] != "verdict" || verdict == nil {
		t.Fatalf("sections %v: the verdict does not come first", sections)
	}
	txt := text(verdict)
	for _, want := range []string{"AWS (1 account) is not ready", "AZURE (1 subscription)", "GCP (1 project)", "The failures that matter most"} {
		if !strings.Contains(txt, want) {
			t.Errorf("verdict lacks %q:\n%s", want, txt)
		}
	}
	charts := strings.Count(string(p.raw), `<svg class="chart"`)
	if charts != 1+len(mappings.CrossFrameworks) {
		t.Errorf("%d charts, want one for the controls and one per framework", charts)
	}
	// The top failures: most severe first, each with its check's remediation.
	var rows []*html.Node
	for _, n := range all(verdict) {
		if n.DataAtom == atom.Tr && n.Parent != nil && n.Parent.DataAtom == atom.Tbody {
			rows = append(rows, n)
		}
	}
	if want := min(10, r.Summary.ByStatus["fail"]); len(rows) != want {
		t.Fatalf("%d top failures, want %d", len(rows), want)
	}
	if !strings.Contains(text(rows[0]), "high") {
		t.Errorf("first top failure is not the most severe: %s", text(rows[0]))
	}
	for _, row := range rows {
		var cells []string
		for _, c := range all(row) {
			if c.DataAtom == atom.Td {
				cells = append(cells, text(c))
			}
		}
		if len(cells) != 6 || strings.TrimSpace(cells[5]) == "" {
			t.Errorf("top failure without remediation beside it: %q", cells)
		}
	}
}

// TestHTMLLinksAndCalls: every in-page link has its target (framework IDs
// to their findings, check IDs to the catalogue), and a finding's evidence
// lists each API call once with operation, time and request ID.
func TestHTMLLinksAndCalls(t *testing.T) {
	r := testReport(t)
	r.Snapshots[0].Calls = []snapshot.Call{{ID: "c0001", Service: "guardduty", Operation: "ListDetectors", Region: "eu-west-1", RequestID: "req-0001", HTTPStatus: 200}}
	for i := range r.Findings {
		if r.Findings[i].Cloud == r.Snapshots[0].Cloud {
			r.Findings[i].Evidence.Snapshot = r.Snapshots[0].Path
			r.Findings[i].Evidence.Calls = []string{"c0001", "c0001"}
		}
	}
	p := renderPage(t, r)
	ids := map[string]bool{}
	var hrefs []string
	for _, n := range all(p.root) {
		if id, ok := attr(n, "id"); ok {
			ids[id] = true
		}
		if h, ok := attr(n, "href"); ok && strings.HasPrefix(h, "#") {
			hrefs = append(hrefs, h[1:])
		}
	}
	kinds := map[string]int{}
	for _, h := range hrefs {
		if !ids[h] {
			t.Errorf("link to #%s, which is not in the page", h)
		}
		kinds[strings.SplitN(h, "-", 2)[0]]++
	}
	if kinds["check"] == 0 || kinds["fw"] == 0 || kinds["control"] == 0 {
		t.Errorf("links by kind %v: want check, framework and control links", kinds)
	}
	raw := string(p.raw)
	if n := strings.Count(raw, "req-0001"); n == 0 {
		t.Error("the evidence does not show the call's request ID")
	}
	if strings.Contains(raw, "req-0001</code></li><li><code>guardduty ListDetectors") {
		t.Error("a call is listed twice for one finding")
	}
	if strings.Contains(raw, "overflow-wrap: anywhere") {
		t.Error("overflow-wrap: anywhere squeezes short columns to one letter")
	}
}
