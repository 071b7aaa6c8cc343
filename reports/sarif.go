package reports

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/irscan/irscan/mappings"
	"github.com/irscan/irscan/policies"
	"github.com/irscan/irscan/snapshot"
)

// SARIF writes a SARIF 2.1.0 log shaped for GitHub code scanning: one run,
// a rule per check, and a result per failing finding only. Cloud resources
// are not files, so each result carries a synthetic relative URI
// (cloud/<provider>/<scope>/<region>/<resource segments>) as its physical
// location and the real resource ID as its logical location.
type SARIF struct{}

const (
	sarifSchemaURI = "https://json.schemastore.org/sarif-2.1.0.json"
	sarifVersion   = "2.1.0"
	informationURI = "https://github.com/irscan/irscan"
	// maxDescription is GitHub's limit for rule descriptions, applied in
	// bytes so that it holds however the limit is counted.
	maxDescription = 1024
	// maxTags is GitHub's limit on tags per rule.
	maxTags = 20
)

// securitySeverity is the CVSS-like score GitHub reads from a rule's
// properties: over 9.0 critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low.
// info stays above 0, which GitHub would read as "no security severity".
var securitySeverity = map[string]string{
	"critical": "9.5",
	"high":     "8.0",
	"medium":   "5.5",
	"low":      "3.0",
	"info":     "1.0",
}

// sarifLevel maps a severity to a SARIF level. An unknown severity is
// treated as medium.
func sarifLevel(severity string) string {
	switch severity {
	case "critical", "high":
		return "error"
	case "low", "info":
		return "note"
	}
	return "warning"
}

func severityScore(severity string) string {
	if s, ok := securitySeverity[severity]; ok {
		return s
	}
	return securitySeverity["medium"]
}

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool              sarifTool          `json:"tool"`
	AutomationDetails sarifAutomation    `json:"automationDetails"`
	Invocations       []sarifInvocation  `json:"invocations"`
	Results           []sarifResult      `json:"results"`
	Properties        sarifRunProperties `json:"properties"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name            string      `json:"name"`
	Version         string      `json:"version,omitempty"`
	SemanticVersion string      `json:"semanticVersion,omitempty"`
	InformationURI  string      `json:"informationUri"`
	Rules           []sarifRule `json:"rules"`
}

// sarifInvocation carries, as tool execution notifications, what could not
// be assessed (one per scope and message, naming the checks): SARIF's
// place for it. GitHub shows such notifications only for its own tools, so
// the same findings are results too.
type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications"`
}

type sarifNotification struct {
	Level      string                  `json:"level"`
	Message    sarifText               `json:"message"`
	Properties sarifNotificationDetail `json:"properties"`
}

type sarifNotificationDetail struct {
	Cloud    string         `json:"cloud"`
	Scope    snapshot.Scope `json:"scope"`
	Resource string         `json:"resource"`
	Checks   []string       `json:"checks"`
}

type sarifAutomation struct {
	ID string `json:"id"`
}

// sarifRunProperties ties the run to its evidence, without wall-clock time.
type sarifRunProperties struct {
	GeneratedAt  time.Time       `json:"generatedAt"`
	PolicyDigest string          `json:"policyDigest,omitempty"`
	Snapshots    []sarifSnapshot `json:"snapshots"`
}

type sarifSnapshot struct {
	Path   string         `json:"path"`
	SHA256 string         `json:"sha256"`
	Cloud  string         `json:"cloud"`
	Scope  snapshot.Scope `json:"scope"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifHelp struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown"`
}

type sarifRule struct {
	ID                   string              `json:"id"`
	Name                 string              `json:"name,omitempty"`
	ShortDescription     sarifText           `json:"shortDescription"`
	FullDescription      sarifText           `json:"fullDescription"`
	Help                 sarifHelp           `json:"help"`
	HelpURI              string              `json:"helpUri,omitempty"`
	DefaultConfiguration sarifConfiguration  `json:"defaultConfiguration"`
	Properties           sarifRuleProperties `json:"properties"`
}

type sarifConfiguration struct {
	Level string `json:"level"`
}

type sarifRuleProperties struct {
	SecuritySeverity string   `json:"security-severity"`
	Precision        string   `json:"precision"`
	Tags             []string `json:"tags"`
}

type sarifResult struct {
	RuleID              string                `json:"ruleId"`
	RuleIndex           int                   `json:"ruleIndex"`
	Level               string                `json:"level"`
	Message             sarifText             `json:"message"`
	Locations           []sarifLocation       `json:"locations"`
	PartialFingerprints map[string]string     `json:"partialFingerprints"`
	Properties          sarifResultProperties `json:"properties"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysicalLocation  `json:"physicalLocation"`
	LogicalLocations []sarifLogicalLocation `json:"logicalLocations"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           sarifRegion           `json:"region"`
}

type sarifArtifactLocation struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn"`
}

type sarifLogicalLocation struct {
	Name               string `json:"name"`
	Kind               string `json:"kind"`
	FullyQualifiedName string `json:"fullyQualifiedName"`
}

type sarifResultProperties struct {
	// Status is "fail", or "error" for a finding that could not be assessed.
	Status     string              `json:"status"`
	Cloud      string              `json:"cloud"`
	Scope      snapshot.Scope      `json:"scope"`
	Resource   string              `json:"resource"`
	Region     string              `json:"region,omitempty"`
	Severity   string              `json:"severity"`
	Controls   []string            `json:"controls"`
	Frameworks map[string][]string `json:"frameworks"`
	Evidence   policies.Evidence   `json:"evidence"`
	// Owner is the scope whose evidence the verdict follows, if another.
	Owner *policies.Owner `json:"owner,omitempty"`
}

// Write implements Writer.
func (SARIF) Write(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(buildSARIF(prepare(r)))
}

func buildSARIF(r *Report) sarifLog {
	checks := reportChecks(r)
	index := make(map[string]int, len(checks))
	rules := make([]sarifRule, len(checks))
	for i, c := range checks {
		index[c.ID] = i
		rules[i] = sarifRuleFor(c, r.Frameworks)
	}

	results := []sarifResult{}
	for _, f := range r.Findings {
		if f.Status != policies.StatusFail && f.Status != policies.StatusError {
			continue
		}
		resource := resourceLabel(f)
		level := sarifLevel(f.Severity)
		msg := sentence(f.Message, fmt.Sprintf("%s: '%s' does not pass", cmp.Or(f.Title, f.CheckID), resource))
		fingerprint := primaryLocationLineHash(f.CheckID, resource, f.Region)
		if f.Status == policies.StatusError {
			// Not assessed: an alert of its own (its own fingerprint, so a
			// later fail or pass is a new alert, not this one), a warning
			// whatever the check's severity.
			level = "warning"
			msg = "Not assessed: " + sentence(f.Message, "the data this check needs could not be read")
			fingerprint = primaryLocationLineHash(f.CheckID+"|error", resource, f.Region)
		}
		results = append(results, sarifResult{
			RuleID:    f.CheckID,
			RuleIndex: index[f.CheckID],
			Level:     level,
			Message:   sarifText{Text: msg},
			Locations: []sarifLocation{{
				PhysicalLocation: sarifPhysicalLocation{
					ArtifactLocation: sarifArtifactLocation{URI: artifactURI(f)},
					Region:           sarifRegion{StartLine: 1, StartColumn: 1, EndLine: 1, EndColumn: 1},
				},
				LogicalLocations: []sarifLogicalLocation{{
					Name:               lastSegment(resource),
					Kind:               "resource",
					FullyQualifiedName: resource,
				}},
			}},
			PartialFingerprints: map[string]string{"primaryLocationLineHash": fingerprint},
			Properties: sarifResultProperties{
				Status:     f.Status,
				Cloud:      f.Cloud,
				Scope:      f.Scope,
				Resource:   f.Resource,
				Region:     f.Region,
				Severity:   f.Severity,
				Controls:   nonNil(f.Controls),
				Frameworks: f.Frameworks,
				Evidence:   f.Evidence,
				Owner:      f.Owner,
			},
		})
	}

	snaps := make([]sarifSnapshot, len(r.Snapshots))
	for i, s := range r.Snapshots {
		snaps[i] = sarifSnapshot{Path: s.Path, SHA256: s.SHA256, Cloud: s.Cloud, Scope: s.Scope}
	}
	return sarifLog{
		Schema:  sarifSchemaURI,
		Version: sarifVersion,
		Runs: []sarifRun{{
			Tool: sarifTool{Driver: sarifDriver{
				Name:            "irscan",
				Version:         r.Tool.Version,
				SemanticVersion: semanticVersion(r.Tool.Version),
				InformationURI:  informationURI,
				Rules:           rules,
			}},
			AutomationDetails: sarifAutomation{ID: automationID(r)},
			Invocations:       []sarifInvocation{{ExecutionSuccessful: true, ToolExecutionNotifications: notifications(r)}},
			Results:           results,
			Properties: sarifRunProperties{
				GeneratedAt:  r.GeneratedAt.UTC(),
				PolicyDigest: r.PolicyDigest,
				Snapshots:    snaps,
			},
		}},
	}
}

func sarifRuleFor(c policies.Check, frameworks []mappings.Framework) sarifRule {
	short := cmp.Or(strings.TrimSpace(c.Title), c.ID)
	full := cmp.Or(strings.TrimSpace(c.Description), short)
	rule := sarifRule{
		ID:                   c.ID,
		Name:                 pascalCase(c.Title),
		ShortDescription:     sarifText{Text: truncate(short, maxDescription)},
		FullDescription:      sarifText{Text: truncate(full, maxDescription)},
		Help:                 sarifHelp{Text: helpText(c, frameworks), Markdown: helpMarkdown(c, frameworks)},
		DefaultConfiguration: sarifConfiguration{Level: sarifLevel(c.Severity)},
		Properties: sarifRuleProperties{
			SecuritySeverity: severityScore(c.Severity),
			Precision:        "high",
			Tags:             ruleTags(c),
		},
	}
	for _, ref := range c.References {
		if isWebURL(ref) {
			rule.HelpURI = uriReference(ref)
			break
		}
	}
	return rule
}

// ruleTags are "security", the cloud, then one "<framework>/<id>" tag per
// MCSB control and cross-framework ID, deduplicated and capped at 20.
func ruleTags(c policies.Check) []string {
	tags := []string{"security"}
	add := func(t string) {
		if !slices.Contains(tags, t) {
			tags = append(tags, t)
		}
	}
	if c.Cloud != "" {
		add(c.Cloud)
	}
	for _, ctl := range c.Controls {
		add(mappings.MCSB + "/" + ctl)
	}
	for _, fw := range mapKeys(c.Frameworks) {
		for _, id := range c.Frameworks[fw] {
			add(fw + "/" + id)
		}
	}
	return tags[:min(len(tags), maxTags)]
}

// helpText is the plain-text help: remediation, mappings and references.
func helpText(c policies.Check, frameworks []mappings.Framework) string {
	var b strings.Builder
	b.WriteString(cmp.Or(strings.TrimSpace(c.Remediation), "No remediation is given for this check."))
	fmt.Fprintf(&b, "\n\n%s: %s", frameworkLabel(frameworks, mappings.MCSB), orNone(c.Controls, ", "))
	for _, fw := range crossKeys(frameworks) {
		fmt.Fprintf(&b, "\n%s: %s", frameworkLabel(frameworks, fw), frameworkIDs(c.Frameworks, fw, ", "))
	}
	if len(c.References) > 0 {
		b.WriteString("\n\nReferences:")
		for _, ref := range c.References {
			b.WriteString("\n- " + ref)
		}
	}
	return b.String()
}

// helpMarkdown is the help GitHub shows: remediation, a mapping table and
// the references, linked only when they are http(s) URLs.
func helpMarkdown(c policies.Check, frameworks []mappings.Framework) string {
	var b strings.Builder
	b.WriteString("**Remediation.** " + markdownEscape(cmp.Or(strings.TrimSpace(c.Remediation), "No remediation is given for this check.")))
	b.WriteString("\n\n| Framework | IDs |\n|---|---|\n")
	fmt.Fprintf(&b, "| %s | %s |\n", markdownEscape(frameworkLabel(frameworks, mappings.MCSB)), markdownEscape(orNone(c.Controls, ", ")))
	for _, fw := range crossKeys(frameworks) {
		fmt.Fprintf(&b, "| %s | %s |\n", markdownEscape(frameworkLabel(frameworks, fw)), markdownEscape(frameworkIDs(c.Frameworks, fw, ", ")))
	}
	if len(c.References) > 0 {
		b.WriteString("\n**References**\n")
		for _, ref := range c.References {
			if isWebURL(ref) {
				fmt.Fprintf(&b, "\n- [%s](%s)", markdownEscape(ref), markdownURL(ref))
			} else {
				b.WriteString("\n- " + markdownEscape(ref))
			}
		}
	}
	return b.String()
}

var markdownSpecial = regexp.MustCompile("[\\\\`*_\\[\\]<>|~]")

// markdownEscape backslash-escapes the Markdown punctuation that could
// format text, open a link or an HTML tag, or end a table cell. The text is
// folded onto one line, so line-start markers (#, -, 1.) cannot apply.
func markdownEscape(s string) string {
	s = strings.Join(strings.Fields(s), " ") // one line: no breaking out of a table cell or list item
	return markdownSpecial.ReplaceAllString(s, `\$0`)
}

// markdownURL percent-encodes the characters that would end a Markdown
// link destination early.
func markdownURL(s string) string {
	u, _ := url.Parse(s) // callers pass only isWebURL strings
	return strings.NewReplacer("(", "%28", ")", "%29", "<", "%3C", ">", "%3E", " ", "%20").Replace(u.String())
}

// uriReference percent-encodes the bytes RFC 3986 does not allow in a URI
// (space, quotes, <, >, \, ^, `, {, |, }, controls, non-ASCII, and a "%"
// that starts no escape), so that a check's reference is a valid SARIF
// helpUri; valid URIs are returned unchanged.
func uriReference(s string) string {
	const hex = "0123456789ABCDEF"
	isHex := func(c byte) bool { return strings.IndexByte(hex, c) >= 0 || ('a' <= c && c <= 'f') }
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', strings.IndexByte("-._~:/?#[]@!$&'()*+,;=", c) >= 0,
			c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}

// artifactURI builds the synthetic relative URI for a finding, short and
// readable where GitHub shows it: <provider>/<scope id>/<region or
// "global">/<resource path>, where the resource path leaves out what the
// prefix already says: an ARN's "arn:<partition>:" and account
// ("aws/123456789012/us-east-1/ec2/vpc/vpc-1"), an ARM ID's subscription and
// "providers" ("azure/<sub>/westeurope/resourceGroups/rg/Microsoft.Network/
// virtualNetworks/vnet"), a Google resource name's "//" and ".googleapis.com"
// and its own project ("gcp/acme-prod/us-central1/compute/regions/…").
// Each segment is escaped with url.PathEscape; the result never starts with
// "/" or a scheme and has no "." or ".." segment, even once unescaped.
func artifactURI(f policies.Finding) string {
	segs := []string{
		cmp.Or(f.Cloud, "unknown"),
		cmp.Or(f.Scope.ID, "unknown"),
		cmp.Or(f.Region, "global"),
	}
	segs = append(segs, resourceSegments(f.Cloud, f.Scope.ID, f.Resource)...)
	for i, s := range segs {
		segs[i] = url.PathEscape(defuseDots(s))
	}
	return strings.Join(segs, "/")
}

func resourceSegments(cloud, scope, resource string) []string {
	split := func(s string) []string {
		return slices.DeleteFunc(strings.Split(s, "/"), func(s string) bool { return s == "" })
	}
	switch {
	case cloud == "aws" && strings.HasPrefix(resource, "arn:"):
		// arn:partition:service:region:account:resource
		p := strings.SplitN(resource, ":", 6)
		if len(p) == 6 {
			if p[2] == "account" && p[5] == "account" {
				return []string{"account"}
			}
			return append([]string{p[2]}, split(p[5])...)
		}
	case cloud == "azure":
		segs := split(resource)
		if len(segs) >= 2 && strings.EqualFold(segs[0], "subscriptions") && segs[1] == scope {
			segs = segs[2:]
		}
		segs = slices.DeleteFunc(segs, func(s string) bool { return strings.EqualFold(s, "providers") })
		if len(segs) == 0 {
			return []string{"subscription"}
		}
		return segs
	case cloud == "gcp":
		segs := split(strings.TrimPrefix(resource, "//"))
		if len(segs) > 0 {
			segs[0] = strings.TrimSuffix(segs[0], ".googleapis.com")
		}
		if len(segs) >= 3 && segs[1] == "projects" && segs[2] == scope {
			segs = append(segs[:1], segs[3:]...)
		}
		return segs
	}
	// Anything unrecognised stays one segment.
	if resource == "" {
		return nil
	}
	return []string{resource}
}

// defuseDots prefixes "_" to every dot-only part of a segment (between "/"
// or "\" separators), so that neither the segment nor its unescaped form
// can climb out of the cloud/ prefix.
func defuseDots(seg string) string {
	var b strings.Builder
	start := 0
	for i := 0; i <= len(seg); i++ {
		if i < len(seg) && seg[i] != '/' && seg[i] != '\\' {
			continue
		}
		part := seg[start:i]
		if part != "" && strings.Trim(part, ".") == "" {
			b.WriteByte('_')
		}
		b.WriteString(part)
		if i < len(seg) {
			b.WriteByte(seg[i])
		}
		start = i + 1
	}
	return b.String()
}

// lastSegment is a resource's short name: the part after the last "/", or,
// for an ARN without one, after the last ":".
func lastSegment(resource string) string {
	s := strings.TrimRight(resource, "/")
	s = s[strings.LastIndex(s, "/")+1:]
	if strings.HasPrefix(resource, "arn:") {
		if i := strings.LastIndex(s, ":"); i >= 0 && i < len(s)-1 {
			s = s[i+1:]
		}
	}
	return cmp.Or(s, resource)
}

// notifications are the errored findings grouped like the terminal
// table's rows: one per scope, resource and message.
func notifications(r *Report) []sarifNotification {
	var errs []policies.Finding
	for _, f := range r.Findings {
		if f.Status == policies.StatusError {
			errs = append(errs, f)
		}
	}
	out := []sarifNotification{}
	for _, g := range groupErrors(errs) {
		out = append(out, sarifNotification{
			Level: "error",
			Message: sarifText{Text: fmt.Sprintf("%s %s %s: %d check(s) not assessed (%s): %s",
				g.Cloud, g.Scope.Type, g.Scope.ID, len(g.checks), strings.Join(g.checks, ", "), sentence(g.Message, "data missing"))},
			Properties: sarifNotificationDetail{Cloud: g.Cloud, Scope: g.Scope, Resource: resourceLabel(g.Finding), Checks: g.checks},
		})
	}
	return out
}

// primaryLocationLineHash is the fingerprint GitHub tracks a result by: the
// first 16 hex digits of sha256(checkID|lower(resource)), with "|region"
// appended for regional findings (a scope-level resource can fail in several
// regions), then ":1". It depends on nothing else, so a finding keeps it
// across runs and messages.
func primaryLocationLineHash(checkID, resource, region string) string {
	key := checkID + "|" + strings.ToLower(resource)
	if region != "" {
		key += "|" + region
	}
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:])[:16] + ":1"
}

// automationID is the run's category for GitHub: one cloud and scope, or
// "multi" for either when the run covers several.
func automationID(r *Report) string {
	var clouds, scopes []string
	add := func(cloud, scope string) {
		if !slices.Contains(clouds, cloud) {
			clouds = append(clouds, cloud)
		}
		if !slices.Contains(scopes, scope) {
			scopes = append(scopes, scope)
		}
	}
	for _, s := range r.Snapshots {
		add(s.Cloud, s.Scope.ID)
	}
	if len(r.Snapshots) == 0 {
		for _, f := range r.Findings {
			add(f.Cloud, f.Scope.ID)
		}
	}
	one := func(vals []string) string {
		if len(vals) == 1 && vals[0] != "" {
			return url.PathEscape(vals[0])
		}
		return "multi"
	}
	return "irscan/" + one(clouds) + "/" + one(scopes) + "/"
}

var semverPattern = regexp.MustCompile(`^v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)$`)

// semanticVersion returns the tool version without its "v" when it is a
// semantic version, else "" (a development build).
func semanticVersion(v string) string {
	if m := semverPattern.FindStringSubmatch(v); m != nil {
		return m[1]
	}
	return ""
}

// pascalCase turns a title into a rule name: "VPC flow logs" → "VPCFlowLogs".
func pascalCase(title string) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(title, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		r, n := utf8.DecodeRuneInString(w)
		b.WriteRune(unicode.ToUpper(r))
		b.WriteString(w[n:])
	}
	return truncate(b.String(), 255)
}

// sentence trims s (or fallback when s is empty) and ends it with a period.
func sentence(s, fallback string) string {
	s = cmp.Or(strings.TrimSpace(s), fallback)
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

// truncate shortens s to at most limit bytes on a rune boundary, marking the
// cut with an ellipsis.
func truncate(s string, limit int) string {
	if len(s) <= limit {
		return s
	}
	const ellipsis = "…"
	cut := limit - len(ellipsis)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + ellipsis
}
