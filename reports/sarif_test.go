package reports

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/irscan/irscan/policies"
	"github.com/irscan/irscan/snapshot"
)

const sarifSchemaSHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"

// sarifSchema compiles the official SARIF 2.1.0 schema from testdata,
// after checking that the file is the one SOURCE.md names.
func sarifSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	raw, err := os.ReadFile("testdata/sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	if sum := sha256.Sum256(raw); hex.EncodeToString(sum[:]) != sarifSchemaSHA256 {
		t.Fatalf("testdata/sarif-schema-2.1.0.json has sha256 %x, want %s", sum, sarifSchemaSHA256)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("sarif-schema-2.1.0.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

func validateSchema(sch *jsonschema.Schema, doc []byte) error {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return err
	}
	return sch.Validate(inst)
}

// The parts of a SARIF log that GitHub code scanning reads, typed loosely
// enough (any, pointers) to see a wrong type or a missing field.
type ghLog struct {
	Schema  string  `json:"$schema"`
	Version string  `json:"version"`
	Runs    []ghRun `json:"runs"`
}

type ghRun struct {
	Tool struct {
		Driver struct {
			Name  string    `json:"name"`
			Rules *[]ghRule `json:"rules"`
		} `json:"driver"`
	} `json:"tool"`
	AutomationDetails struct {
		ID string `json:"id"`
	} `json:"automationDetails"`
	Results *[]ghResult `json:"results"`
}

type ghRule struct {
	ID               string  `json:"id"`
	Name             string  `json:"name"`
	ShortDescription ghText  `json:"shortDescription"`
	FullDescription  ghText  `json:"fullDescription"`
	Help             ghText  `json:"help"`
	Properties       ghProps `json:"properties"`
}

type ghText struct {
	Text string `json:"text"`
}

type ghProps struct {
	SecuritySeverity any      `json:"security-severity"`
	Tags             []string `json:"tags"`
}

type ghResult struct {
	RuleID    string `json:"ruleId"`
	RuleIndex *int   `json:"ruleIndex"`
	Level     string `json:"level"`
	Message   ghText `json:"message"`
	Locations []struct {
		PhysicalLocation *struct {
			ArtifactLocation struct {
				URI string `json:"uri"`
			} `json:"artifactLocation"`
			Region *struct {
				StartLine int `json:"startLine"`
			} `json:"region"`
		} `json:"physicalLocation"`
		LogicalLocations []struct {
			Name               string `json:"name"`
			Kind               string `json:"kind"`
			FullyQualifiedName string `json:"fullyQualifiedName"`
		} `json:"logicalLocations"`
	} `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Properties          struct {
		Resource string `json:"resource"`
	} `json:"properties"`
}

// githubProblems lists every way doc breaks GitHub code scanning's upload
// rules (notes/sarif-opa.md §1.1, §1.2, §2.2) or our own: one run per file.
func githubProblems(doc []byte) []string {
	var p []string
	bad := func(format string, args ...any) { p = append(p, fmt.Sprintf(format, args...)) }

	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	gz.Write(doc)
	gz.Close()
	if buf.Len() >= 10<<20 {
		bad("gzip size %d is over 10 MB", buf.Len())
	}
	var log ghLog
	if err := json.Unmarshal(doc, &log); err != nil {
		return append(p, "not a SARIF log: "+err.Error())
	}
	if log.Schema == "" {
		bad("$schema missing")
	}
	if log.Version != "2.1.0" {
		bad("version %q", log.Version)
	}
	if len(log.Runs) != 1 {
		bad("%d runs, want exactly one", len(log.Runs))
	}
	seen := map[string]bool{}
	for ri, run := range log.Runs {
		key := run.Tool.Driver.Name + "\x00" + run.AutomationDetails.ID
		if seen[key] {
			bad("run %d repeats tool and category %q", ri, run.AutomationDetails.ID)
		}
		seen[key] = true
		if run.Tool.Driver.Name == "" {
			bad("run %d: driver name missing", ri)
		}
		if run.Tool.Driver.Rules == nil {
			bad("run %d: rules missing", ri)
			continue
		}
		rules := *run.Tool.Driver.Rules
		if len(rules) > 25000 {
			bad("run %d: %d rules", ri, len(rules))
		}
		for _, r := range rules {
			where := "rule " + r.ID
			if r.ID == "" {
				bad("rule without id")
			}
			for name, text := range map[string]string{"shortDescription": r.ShortDescription.Text, "fullDescription": r.FullDescription.Text} {
				if text == "" || utf8.RuneCountInString(text) > 1024 || !utf8.ValidString(text) {
					bad("%s: %s is empty, invalid or over 1024 characters (%d)", where, name, utf8.RuneCountInString(text))
				}
			}
			if r.Help.Text == "" {
				bad("%s: help.text empty", where)
			}
			if len(r.Name) > 255 {
				bad("%s: name over 255 characters", where)
			}
			s, ok := r.Properties.SecuritySeverity.(string)
			if !ok {
				bad("%s: security-severity %v is not a string", where, r.Properties.SecuritySeverity)
			} else if v, err := strconv.ParseFloat(s, 64); err != nil || v <= 0 || v > 10 {
				bad("%s: security-severity %q is not a number in (0, 10]", where, s)
			}
			if len(r.Properties.Tags) > 20 {
				bad("%s: %d tags", where, len(r.Properties.Tags))
			}
		}
		if run.Results == nil {
			bad("run %d: results missing", ri)
			continue
		}
		if len(*run.Results) > 25000 {
			bad("run %d: %d results", ri, len(*run.Results))
		}
		for i, res := range *run.Results {
			where := fmt.Sprintf("result %d (%s)", i, res.RuleID)
			if res.RuleIndex == nil || *res.RuleIndex < 0 || *res.RuleIndex >= len(rules) || rules[*res.RuleIndex].ID != res.RuleID {
				bad("%s: ruleIndex %v does not point at rule %q", where, res.RuleIndex, res.RuleID)
			}
			if res.Message.Text == "" {
				bad("%s: message.text empty", where)
			}
			if res.PartialFingerprints["primaryLocationLineHash"] == "" {
				bad("%s: primaryLocationLineHash missing", where)
			}
			if len(res.Locations) == 0 || res.Locations[0].PhysicalLocation == nil {
				bad("%s: no physical location", where)
				continue
			}
			pl := res.Locations[0].PhysicalLocation
			if pl.Region == nil || pl.Region.StartLine < 1 {
				bad("%s: region.startLine missing or below 1", where)
			}
			for _, msg := range uriProblems(pl.ArtifactLocation.URI) {
				bad("%s: uri %q: %s", where, pl.ArtifactLocation.URI, msg)
			}
		}
	}
	return p
}

// uriProblems checks a result URI: non-empty, relative, validly escaped,
// no spaces and no "." or ".." segment, raw or unescaped.
func uriProblems(uri string) []string {
	var p []string
	if uri == "" {
		return []string{"empty"}
	}
	u, err := url.Parse(uri)
	switch {
	case err != nil:
		p = append(p, "does not parse: "+err.Error())
	case u.IsAbs() || u.Scheme != "" || u.Host != "":
		p = append(p, "is absolute")
	}
	if strings.HasPrefix(uri, "/") || strings.HasPrefix(uri, `\`) {
		p = append(p, "starts with a slash")
	}
	if strings.ContainsAny(uri, " \t\n") {
		p = append(p, "contains white space")
	}
	decoded, err := url.PathUnescape(uri)
	if err != nil {
		p = append(p, "bad percent-escape: "+err.Error())
	}
	for _, form := range []string{uri, decoded} {
		for _, seg := range strings.FieldsFunc(form, func(r rune) bool { return r == '/' || r == '\\' }) {
			if seg == "." || seg == ".." {
				p = append(p, "has a dot segment")
			}
		}
	}
	return p
}

func TestSARIFPassesSchemaAndGitHubRules(t *testing.T) {
	doc := render(t, "sarif", testReport(t))
	if err := validateSchema(sarifSchema(t), doc); err != nil {
		t.Fatalf("SARIF fails the 2.1.0 schema: %v", err)
	}
	for _, p := range githubProblems(doc) {
		t.Error(p)
	}
}

// An empty run (no findings, no checks) must still be a valid upload.
func TestSARIFEmptyReport(t *testing.T) {
	doc := render(t, "sarif", &Report{})
	if err := validateSchema(sarifSchema(t), doc); err != nil {
		t.Fatalf("empty SARIF fails the schema: %v", err)
	}
	for _, p := range githubProblems(doc) {
		t.Error(p)
	}
	if !bytes.Contains(doc, []byte(`"results": []`)) {
		t.Error("empty run has no results array")
	}
}

// The validators must be able to fail: each mutation of a good document
// has to be caught by the schema, by the GitHub rules, or by both.
func TestSARIFValidatorsCatchBrokenDocuments(t *testing.T) {
	good := render(t, "sarif", testReport(t))
	sch := sarifSchema(t)
	run := func(d map[string]any) map[string]any { return d["runs"].([]any)[0].(map[string]any) }
	driver := func(d map[string]any) map[string]any {
		return run(d)["tool"].(map[string]any)["driver"].(map[string]any)
	}
	rule := func(d map[string]any, i int) map[string]any { return driver(d)["rules"].([]any)[i].(map[string]any) }
	result := func(d map[string]any, i int) map[string]any { return run(d)["results"].([]any)[i].(map[string]any) }
	location := func(d map[string]any) map[string]any {
		return result(d, 0)["locations"].([]any)[0].(map[string]any)["physicalLocation"].(map[string]any)
	}
	setURI := func(uri string) func(map[string]any) {
		return func(d map[string]any) { location(d)["artifactLocation"].(map[string]any)["uri"] = uri }
	}

	cases := []struct {
		name         string
		mutate       func(map[string]any)
		schema, rule bool // which validator must object
	}{
		{"driver without name", func(d map[string]any) { delete(driver(d), "name") }, true, true},
		{"level critical", func(d map[string]any) { result(d, 0)["level"] = "critical" }, true, false},
		{"startLine 0", func(d map[string]any) { location(d)["region"].(map[string]any)["startLine"] = 0 }, true, true},
		{"raw ARN as uri", setURI("arn:aws:s3:::bucket"), false, true},
		{"GCP name as uri", setURI("//compute.googleapis.com/projects/p"), false, true},
		{"uri with a space", setURI("cloud/azure/rg 1/vm"), false, true},
		{"uri with a bare %", setURI("cloud/aws/100%/x"), true, true},
		{"uri with ..", setURI("cloud/aws/../../etc/passwd"), false, true},
		{"uri with escaped ..", setURI("cloud/aws/x/..%2F..%2Fetc"), false, true},
		{"empty uri", setURI(""), false, true},
		{"no physical location", func(d map[string]any) {
			delete(result(d, 0)["locations"].([]any)[0].(map[string]any), "physicalLocation")
		}, false, true},
		{"no locations", func(d map[string]any) { result(d, 0)["locations"] = []any{} }, false, true},
		{"severity not a string", func(d map[string]any) { rule(d, 0)["properties"].(map[string]any)["security-severity"] = 8.0 }, false, true},
		{"severity zero", func(d map[string]any) { rule(d, 0)["properties"].(map[string]any)["security-severity"] = "0.0" }, false, true},
		{"severity a word", func(d map[string]any) { rule(d, 0)["properties"].(map[string]any)["security-severity"] = "high" }, false, true},
		{"21 tags", func(d map[string]any) {
			tags := []any{}
			for i := range 21 {
				tags = append(tags, fmt.Sprint("t", i))
			}
			rule(d, 0)["properties"].(map[string]any)["tags"] = tags
		}, false, true},
		{"empty fullDescription", func(d map[string]any) { rule(d, 0)["fullDescription"] = map[string]any{"text": ""} }, false, true},
		{"long shortDescription", func(d map[string]any) {
			rule(d, 0)["shortDescription"] = map[string]any{"text": strings.Repeat("x", 1025)}
		}, false, true},
		{"no help", func(d map[string]any) { delete(rule(d, 0), "help") }, false, true},
		{"wrong ruleIndex", func(d map[string]any) { result(d, 0)["ruleIndex"] = 0 }, false, true},
		{"no fingerprint", func(d map[string]any) { delete(result(d, 0), "partialFingerprints") }, false, true},
		{"no results", func(d map[string]any) { delete(run(d), "results") }, false, true},
		{"two runs", func(d map[string]any) { d["runs"] = append(d["runs"].([]any), d["runs"].([]any)[0]) }, false, true},
		{"message id only", func(d map[string]any) { result(d, 0)["message"] = map[string]any{"id": "default"} }, false, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var d map[string]any
			if err := json.Unmarshal(good, &d); err != nil {
				t.Fatal(err)
			}
			tc.mutate(d)
			doc, err := json.Marshal(d)
			if err != nil {
				t.Fatal(err)
			}
			if tc.schema && validateSchema(sch, doc) == nil {
				t.Error("the schema accepted it")
			}
			if tc.rule && len(githubProblems(doc)) == 0 {
				t.Error("the GitHub rules accepted it")
			}
		})
	}
}

// TestSARIFFailingAndUnassessedFindings: every failing finding and every
// finding that could not be assessed is a result (GitHub shows results,
// not tool notifications, for a third-party tool), counted as the report
// counts them; the unassessed ones are also tool execution notifications.
func TestSARIFFailingAndUnassessedFindings(t *testing.T) {
	r := testReport(t)
	var log sarifLog
	if err := json.Unmarshal(render(t, "sarif", r), &log); err != nil {
		t.Fatal(err)
	}
	results := log.Runs[0].Results
	byStatus := map[string]int{}
	for _, res := range results {
		byStatus[res.Properties.Status]++
	}
	if byStatus["fail"] != r.Summary.ByStatus["fail"] || byStatus["error"] != r.Summary.ByStatus["error"] || len(results) != byStatus["fail"]+byStatus["error"] {
		t.Fatalf("results by status %v; the report has %d fail, %d error", byStatus, r.Summary.ByStatus["fail"], r.Summary.ByStatus["error"])
	}
	inv := log.Runs[0].Invocations
	if len(inv) != 1 || len(inv[0].ToolExecutionNotifications) != r.Summary.ByStatus["error"] {
		t.Errorf("invocations %+v; want one notification per errored finding (%d, none alike)", inv, r.Summary.ByStatus["error"])
	}
	want := map[string]string{}
	for _, f := range r.Findings {
		if f.Status == policies.StatusFail || f.Status == policies.StatusError {
			want[f.CheckID+" "+f.Resource+" "+f.Region] = f.Status
		}
	}
	seen := map[string]bool{}
	for _, res := range results {
		p := res.Properties
		if want[res.RuleID+" "+p.Resource+" "+p.Region] != p.Status {
			t.Errorf("result %s %s (%s) is not such a finding", res.RuleID, p.Resource, p.Status)
		}
		if fp := res.PartialFingerprints["primaryLocationLineHash"]; seen[fp] {
			t.Errorf("fingerprint %s twice", fp)
		} else {
			seen[fp] = true
		}
		if p.Status == "error" && (res.Level != "warning" || !strings.HasPrefix(res.Message.Text, "Not assessed: ")) {
			t.Errorf("unassessed result %s: level %s, message %q", res.RuleID, res.Level, res.Message.Text)
		}
		if !strings.HasSuffix(res.Message.Text, ".") {
			t.Errorf("message %q does not end with a period", res.Message.Text)
		}
		ll := res.Locations[0].LogicalLocations
		if len(ll) != 1 || ll[0].Kind != "resource" || ll[0].FullyQualifiedName != p.Resource || ll[0].Name == "" {
			t.Errorf("logical location %+v does not carry resource %q", ll, p.Resource)
		}
	}
}

func TestSARIFRules(t *testing.T) {
	r := testReport(t)
	var log sarifLog
	if err := json.Unmarshal(render(t, "sarif", r), &log); err != nil {
		t.Fatal(err)
	}
	d := log.Runs[0].Tool.Driver
	if d.Name != "irscan" || d.Version != "v0.4.0" || d.SemanticVersion != "0.4.0" || d.InformationURI == "" {
		t.Errorf("driver = %+v", d)
	}
	if len(d.Rules) != len(r.Checks) {
		t.Fatalf("%d rules, want one per check (%d)", len(d.Rules), len(r.Checks))
	}
	byID := map[string]sarifRule{}
	for i, rule := range d.Rules {
		if i > 0 && d.Rules[i-1].ID >= rule.ID {
			t.Errorf("rules not sorted: %s before %s", d.Rules[i-1].ID, rule.ID)
		}
		byID[rule.ID] = rule
	}
	score := map[string]string{"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0", "info": "1.0"}
	level := map[string]string{"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}
	for _, c := range r.Checks {
		rule := byID[c.ID]
		if rule.Properties.SecuritySeverity != score[c.Severity] || rule.DefaultConfiguration.Level != level[c.Severity] {
			t.Errorf("%s (%s): security-severity %q level %q", c.ID, c.Severity, rule.Properties.SecuritySeverity, rule.DefaultConfiguration.Level)
		}
		for _, ctl := range c.Controls {
			if !contains(rule.Properties.Tags, "mcsb/"+ctl) {
				t.Errorf("%s tags %v lack mcsb/%s", c.ID, rule.Properties.Tags, ctl)
			}
		}
		if !contains(rule.Properties.Tags, "security") || !contains(rule.Properties.Tags, c.Cloud) {
			t.Errorf("%s tags %v lack security or the cloud", c.ID, rule.Properties.Tags)
		}
	}

	ir2 := byID["AWS-IR2-01"]
	if ir2.Name != "SecurityAlternateContactRegistered" {
		t.Errorf("name = %q", ir2.Name)
	}
	for _, tag := range []string{"cis-v8/17.1", "nist-800-53-r4/IR-4", "pci-dss-3.2.1/12.10"} {
		if !contains(ir2.Properties.Tags, tag) {
			t.Errorf("AWS-IR2-01 tags %v lack %s", ir2.Properties.Tags, tag)
		}
	}
	if ir2.HelpURI != "https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-update-contact-alternate.html" || !strings.Contains(ir2.Help.Markdown, "]("+ir2.HelpURI+")") {
		t.Errorf("helpUri %q / markdown %q do not link the reference", ir2.HelpURI, ir2.Help.Markdown)
	}
	if !strings.Contains(ir2.Help.Text, "put-alternate-contact") || !strings.Contains(ir2.Help.Text, "17.1, 17.3, 17.6") {
		t.Errorf("help text %q lacks remediation or framework IDs", ir2.Help.Text)
	}
	if !strings.Contains(byID["AWS-IR4-04"].Help.Text, "CIS Controls v8: none") {
		t.Errorf("empty CIS list not shown as none: %q", byID["AWS-IR4-04"].Help.Text)
	}

	// The hostile reference is neither the helpUri nor a link.
	gcp := byID["GCP-IR5-01"]
	if gcp.HelpURI != "https://cloud.google.com/storage/docs/tags-and-labels" {
		t.Errorf("helpUri = %q, want the first http(s) reference", gcp.HelpURI)
	}
	if strings.Contains(gcp.Help.Markdown, "]("+hostileJSURL) {
		t.Errorf("javascript: reference became a link: %q", gcp.Help.Markdown)
	}

	long := byID["AZ-IR4-03"].FullDescription.Text
	if len(long) > 1024 || !utf8.ValidString(long) || !strings.HasSuffix(long, "…") {
		t.Errorf("long description not truncated safely: %d bytes, valid %v", len(long), utf8.ValidString(long))
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func TestArtifactURI(t *testing.T) {
	f := func(cloud, scope, region, resource string) policies.Finding {
		return policies.Finding{Cloud: cloud, Scope: snapshot.Scope{Type: "account", ID: scope}, Region: region, Resource: resource}
	}
	cases := []struct {
		finding policies.Finding
		want    string
	}{
		{f("aws", "123456789012", "us-east-1", "arn:aws:ec2:us-east-1:123456789012:vpc/vpc-1"), "aws/123456789012/us-east-1/ec2/vpc/vpc-1"},
		{f("aws", "123456789012", "", "arn:aws:s3:::my-bucket"), "aws/123456789012/global/s3/my-bucket"},
		{f("aws", "123456789012", "eu-west-1", "arn:aws:account::123456789012:account"), "aws/123456789012/eu-west-1/account"},
		{f("aws", "123456789012", "us-east-1", "arn:aws:logs:us-east-1:123456789012:log-group:trail-logs"), "aws/123456789012/us-east-1/logs/log-group:trail-logs"},
		{f("gcp", "acme-prod", "us-central1", "//compute.googleapis.com/projects/acme-prod/regions/us-central1/subnetworks/default"),
			"gcp/acme-prod/us-central1/compute/regions/us-central1/subnetworks/default"},
		{f("azure", "sub-1", "westeurope", "/subscriptions/sub-1/resourceGroups/rg prod/providers/Microsoft.Network/virtualNetworks/vnet 1"),
			"azure/sub-1/westeurope/resourceGroups/rg%20prod/Microsoft.Network/virtualNetworks/vnet%201"},
		{f("azure", "sub-1", "", "/subscriptions/sub-1"), "azure/sub-1/global/subscription"},
		{f("azure", "s", "", "/subscriptions/s/resourceGroups/100%/x/../y/./z//"),
			"azure/s/global/resourceGroups/100%25/x/_../y/_./z"},
		{f("aws", "1", "", "../../etc/passwd"), "aws/1/global/_..%2F_..%2Fetc%2Fpasswd"},
		{f("aws", "1", "..", `..\..\x`), "aws/1/_../_..%5C_..%5Cx"},
		{f("", "", "", ""), "unknown/unknown/global"},
	}
	for _, tc := range cases {
		got := artifactURI(tc.finding)
		if got != tc.want {
			t.Errorf("artifactURI(%q) = %q, want %q", tc.finding.Resource, got, tc.want)
		}
		for _, p := range uriProblems(got) {
			t.Errorf("artifactURI(%q) = %q: %s", tc.finding.Resource, got, p)
		}
	}
}

func TestFingerprintIsStableAndIgnoresMessage(t *testing.T) {
	r := testReport(t)
	fingerprints := func(r *Report) map[string]string {
		var log sarifLog
		if err := json.Unmarshal(render(t, "sarif", r), &log); err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, res := range log.Runs[0].Results {
			out[res.RuleID+" "+res.Properties.Resource+" "+res.Properties.Region] = res.PartialFingerprints["primaryLocationLineHash"]
		}
		return out
	}
	first := fingerprints(r)
	changed := testReport(t)
	for i := range changed.Findings {
		changed.Findings[i].Message = "reworded: " + changed.Findings[i].Message
		changed.Findings[i].Evidence.Calls = []string{"call-other"}
	}
	second := fingerprints(changed)
	if len(first) == 0 || len(first) != len(second) {
		t.Fatalf("fingerprints %v vs %v", first, second)
	}
	for k, v := range first {
		if second[k] != v {
			t.Errorf("%s: fingerprint %q changed to %q with the message", k, v, second[k])
		}
		if len(v) != 18 || !strings.HasSuffix(v, ":1") {
			t.Errorf("%s: fingerprint %q is not 16 hex digits and :1", k, v)
		}
	}
	// The documented formula, and case-insensitivity of the resource.
	sum := sha256.Sum256([]byte("AWS-IR2-01|arn:aws:account::123456789012:account"))
	want := hex.EncodeToString(sum[:])[:16] + ":1"
	if got := primaryLocationLineHash("AWS-IR2-01", "ARN:AWS:account::123456789012:ACCOUNT", ""); got != want {
		t.Errorf("primaryLocationLineHash = %q, want %q", got, want)
	}
	if primaryLocationLineHash("A", "x", "") == primaryLocationLineHash("B", "x", "") || primaryLocationLineHash("A", "x", "us-east-1") == primaryLocationLineHash("A", "x", "eu-west-1") {
		t.Error("fingerprint ignores the check ID")
	}
}

func TestSARIFAutomationID(t *testing.T) {
	r := testReport(t)
	if got := automationID(r); got != "irscan/multi/multi/" {
		t.Errorf("multi-cloud automation id = %q", got)
	}
	one := &Report{Snapshots: r.Snapshots[:1]}
	if got := automationID(one); got != "irscan/aws/123456789012/" {
		t.Errorf("single-scope automation id = %q", got)
	}
	two := &Report{Snapshots: []SnapshotRef{r.Snapshots[0], r.Snapshots[0]}}
	two.Snapshots[1].Scope.ID = "210987654321"
	if got := automationID(two); got != "irscan/aws/multi/" {
		t.Errorf("two AWS accounts automation id = %q", got)
	}
}

func TestSARIFRuleForUnlistedCheck(t *testing.T) {
	r := testReport(t)
	r.Checks = r.Checks[1:] // drop GCP-IR5-01, which has a failing finding
	doc := render(t, "sarif", r)
	if problems := githubProblems(doc); len(problems) > 0 {
		t.Fatalf("SARIF with an unlisted check: %v", problems)
	}
	if !bytes.Contains(doc, []byte(`"id": "GCP-IR5-01"`)) {
		t.Error("no rule was made for the unlisted check")
	}
}

func TestTruncate(t *testing.T) {
	s := strings.Repeat("é", 600) // 1200 bytes
	got := truncate(s, 1024)
	if len(got) > 1024 || !utf8.ValidString(got) || !strings.HasSuffix(got, "…") {
		t.Errorf("truncate gave %d bytes, valid %v", len(got), utf8.ValidString(got))
	}
	if truncate("short", 1024) != "short" {
		t.Error("truncate changed a short string")
	}
}
