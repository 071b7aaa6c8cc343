package gen

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/irscan/irscan/collectors"
)

// Markers: generated text in a hand-written Markdown file sits between
// <!-- gen:NAME --> and <!-- /gen:NAME -->. Inline (the start marker is not
// followed by a line break) the text is a value, such as a count; as a
// block (start and end markers on lines of their own) it is lines of
// Markdown. The names (Markers lists them):
//
//	checks-total, checks-aws, checks-azure, checks-gcp      number of built-in checks
//	sections-total, sections-aws, sections-azure, sections-gcp number of snapshot sections
//	checks-range-aws, checks-range-azure, checks-range-gcp   first and last check ID ("AWS-IR1-01 .. AWS-IR7-04")
//	iam-actions        actions of docs/permissions/aws-iam-policy.json
//	azure-permissions  actions of docs/permissions/azure-custom-role.json
//	gcp-permissions    permissions of docs/permissions/gcp-custom-role.yaml
//	sections-index     SECTIONS.md's table of every section (block)
//	section:<name>     a section's permissions, schema and readers (block;
//	                   SECTIONS.md gets one under a new heading for a section
//	                   that has none yet)
//
// Any other name is an error, so that a misspelt marker is not left stale.
const (
	markerStart = "<!-- gen:"
	markerEnd   = "<!-- /gen:"
	markerClose = " -->"
)

// Markers are the names of the inline values and blocks the generator
// knows, section blocks aside.
var Markers = []string{
	"checks-total", "checks-aws", "checks-azure", "checks-gcp",
	"checks-range-aws", "checks-range-azure", "checks-range-gcp",
	"sections-total", "sections-aws", "sections-azure", "sections-gcp",
	"iam-actions", "azure-permissions", "gcp-permissions", "sections-index",
}

// markerValues are the inline values, from the registries, the checks and
// the generated permission documents.
func (in *input) markerValues(files map[string][]byte) (map[string]string, error) {
	v := map[string]string{"checks-total": strconv.Itoa(in.countChecks(""))}
	total := 0
	for _, c := range in.clouds {
		v["checks-"+c.Name] = strconv.Itoa(in.countChecks(c.Name))
		if ids := in.checkIDs(c.Name); len(ids) > 0 {
			v["checks-range-"+c.Name] = ids[0] + " .. " + ids[len(ids)-1]
		}
		v["sections-"+c.Name] = strconv.Itoa(len(c.Sections))
		total += len(c.Sections)
	}
	v["sections-total"] = strconv.Itoa(total)
	var policy iamPolicy
	if err := json.Unmarshal(files[AWSPolicyFile], &policy); err != nil {
		return nil, err
	}
	v["iam-actions"] = strconv.Itoa(len(policy.Statement[0].Action))
	var role struct{ Actions []string }
	if err := json.Unmarshal(files[AzureRoleFile], &role); err != nil {
		return nil, err
	}
	v["azure-permissions"] = strconv.Itoa(len(role.Actions))
	var gcpRole struct {
		IncludedPermissions []string `yaml:"includedPermissions"`
	}
	if err := yaml.Unmarshal(files[GCPRoleFile], &gcpRole); err != nil {
		return nil, err
	}
	v["gcp-permissions"] = strconv.Itoa(len(gcpRole.IncludedPermissions))
	return v, nil
}

// markerText is the generated text of a marker name.
func (in *input) markerText(name string, values map[string]string) (string, bool) {
	if v, ok := values[name]; ok {
		return v, true
	}
	if name == "sections-index" {
		return in.sectionsIndex(), true
	}
	if sec, ok := strings.CutPrefix(name, markerNamePrefix); ok {
		if c, s, ok := in.section(sec); ok {
			return in.sectionBlock(c, s), true
		}
	}
	return "", false
}

// rewrite replaces the text between every pair of markers. Markers inside
// code (fenced blocks, `code spans`) are text, not markers: docs may show
// them.
func rewrite(text string, gen func(name string) (string, bool)) (string, error) {
	code := codeMask(text)
	find := func(from int, needle string) int {
		for {
			k := strings.Index(text[from:], needle)
			if k < 0 {
				return -1
			}
			if !code[from+k] {
				return from + k
			}
			from += k + 1
		}
	}
	var b strings.Builder
	pos := 0
	for {
		i := find(pos, markerStart)
		if i < 0 {
			if j := find(pos, markerEnd); j >= 0 {
				return "", fmt.Errorf("line %d: end marker without a start", lineOf(text, j))
			}
			b.WriteString(text[pos:])
			return b.String(), nil
		}
		if j := find(pos, markerEnd); j >= 0 && j < i {
			return "", fmt.Errorf("line %d: end marker without a start", lineOf(text, j))
		}
		line := lineOf(text, i)
		nameAt := i + len(markerStart)
		n := strings.Index(text[nameAt:], markerClose)
		if n < 0 || strings.Contains(text[nameAt:nameAt+n], "\n") {
			return "", fmt.Errorf("line %d: unterminated marker", line)
		}
		name := text[nameAt : nameAt+n]
		bodyAt := nameAt + n + len(markerClose)
		end := markerEnd + name + markerClose
		k := find(bodyAt, end)
		if k < 0 {
			return "", fmt.Errorf("line %d: marker %s has no %s", line, name, end)
		}
		if s := find(bodyAt, markerStart); s >= 0 && s < k {
			return "", fmt.Errorf("line %d: marker %s holds another marker", line, name)
		}
		out, ok := gen(name)
		if !ok {
			return "", fmt.Errorf("line %d: unknown generated text %q (known: %s, section:<name>)", line, name, strings.Join(Markers, ", "))
		}
		b.WriteString(text[pos:bodyAt])
		if strings.HasPrefix(text[bodyAt:], "\n") {
			b.WriteString("\n" + strings.TrimSuffix(out, "\n") + "\n")
		} else {
			if strings.Contains(out, "\n") {
				return "", fmt.Errorf("line %d: %s is a block: put its markers on lines of their own", line, name)
			}
			b.WriteString(out)
		}
		b.WriteString(end)
		pos = k + len(end)
	}
}

// codeMask marks the bytes of text that are code: fenced blocks and code
// spans (a span closes on the same line, with a run of as many backticks).
func codeMask(text string) []bool {
	mask := make([]bool, len(text)+1)
	fence := ""
	at := 0
	for _, line := range strings.SplitAfter(text, "\n") {
		trimmed := strings.TrimLeft(line, " ")
		switch {
		case fence != "":
			for k := range line {
				mask[at+k] = true
			}
			if strings.HasPrefix(trimmed, fence) {
				fence = ""
			}
		case strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~"):
			fence = trimmed[:3]
			for k := range line {
				mask[at+k] = true
			}
		default:
			for k := 0; k < len(line); {
				if line[k] != '`' {
					k++
					continue
				}
				run := 1
				for k+run < len(line) && line[k+run] == '`' {
					run++
				}
				ticks := strings.Repeat("`", run)
				close := strings.Index(line[k+run:], ticks)
				if close < 0 {
					k += run
					continue
				}
				stop := k + run + close + run
				for m := k; m < stop; m++ {
					mask[at+m] = true
				}
				k = stop
			}
		}
		at += len(line)
	}
	return mask
}

func lineOf(s string, offset int) int { return strings.Count(s[:offset], "\n") + 1 }

// anchor is GitHub's anchor of a "### `name`" heading.
func anchor(name string) string { return strings.ReplaceAll(name, ".", "") }

// sectionsIndex is SECTIONS.md's table of every section.
func (in *input) sectionsIndex() string {
	var b strings.Builder
	b.WriteString("| section | cloud | regional | read by |\n|---|---|---|---|\n")
	for _, c := range in.clouds {
		for _, s := range c.Sections {
			regional := "no"
			switch {
			case s.Regional:
				regional = "yes (" + s.Regions + ")"
			case s.Regions != "":
				regional = "no (" + s.Regions + ")"
			}
			fmt.Fprintf(&b, "| [`%s`](#%s) | %s | %s | %s |\n", s.Name, anchor(s.Name), c.Name, regional, in.readBy(c, s))
		}
	}
	return b.String()
}

// readBy lists the checks that require a section and the sections filled
// after it.
func (in *input) readBy(c Cloud, s collectors.Section) string {
	text := strings.Join(in.readers(s.Name), ", ")
	if deps := in.dependents(c, s.Name); len(deps) > 0 {
		quoted := make([]string, len(deps))
		for i, d := range deps {
			quoted[i] = "`" + d + "`"
		}
		collector := "the collector, for " + strings.Join(quoted, ", ")
		if text == "" {
			text = collector
		} else {
			text += " (and " + collector + ")"
		}
	}
	if text == "" {
		text = "no check yet"
	}
	return text
}

// sectionBlock is a section's generated lines in SECTIONS.md: its
// permissions and where its schema, registry entry and readers are.
func (in *input) sectionBlock(c Cloud, s collectors.Section) string {
	var perms []string
	for _, call := range s.Calls {
		p := "`" + call.Permission + "`"
		if c.Name == "aws" && call.Permission != call.Service+":"+call.Operation {
			p += " (" + call.Operation + ")"
		}
		if !slices.Contains(perms, p) {
			perms = append(perms, p)
		}
	}
	label := "Permission"
	if len(perms) > 1 {
		label = "Permissions"
	}
	var notIn []string
	for _, call := range s.Calls {
		if q := "`" + call.Permission + "`"; call.Grant != "" && !slices.Contains(notIn, q) {
			notIn = append(notIn, q)
		}
	}
	line := fmt.Sprintf("- **%s**: %s.", label, strings.Join(perms, ", "))
	switch {
	case len(notIn) == 0:
	case len(notIn) == len(s.Permissions()):
		line += " None is in the SecurityAudit managed policy: `docs/permissions/aws-securityaudit-addon.json` grants them."
	default:
		line += fmt.Sprintf(" Not in the SecurityAudit managed policy: %s (`docs/permissions/aws-securityaudit-addon.json` grants them).", strings.Join(notIn, ", "))
	}
	readers := strings.Join(in.readers(s.Name), ", ")
	if readers == "" {
		readers = "no check yet"
	}
	schema := strings.TrimPrefix(s.SchemaFile(), "snapshot/")
	contract := fmt.Sprintf("- **Contract**: data schema [`%s`](%s); registry `%s`; read by %s.", schema, schema, c.Registry, readers)
	return wrap(line) + "\n" + wrap(contract)
}

// wrapWidth is the width of the generated Markdown lines, as the
// hand-written ones.
const wrapWidth = 100

// wrap breaks a list item into lines of at most wrapWidth characters (a
// longer word stays whole), continuation lines indented by two spaces.
func wrap(text string) string { return wrapIndent(text, "  ") }

// wrapIndent breaks text into lines of at most wrapWidth characters,
// continuation lines indented.
func wrapIndent(text, indent string) string {
	var b strings.Builder
	n := 0
	for i, w := range strings.Fields(text) {
		switch {
		case i == 0:
		case n+1+len(w) > wrapWidth:
			b.WriteString("\n" + indent)
			n = len(indent)
		default:
			b.WriteByte(' ')
			n++
		}
		b.WriteString(w)
		n += len(w)
	}
	return b.String()
}

// sectionStubs adds to SECTIONS.md a heading and a generated block for
// every section that has none (at the end of its cloud's part), and fails
// on a block of a section no registry lists.
func (in *input) sectionStubs(text string) (string, error) {
	for i := 0; ; {
		j := strings.Index(text[i:], markerStart+markerNamePrefix)
		if j < 0 {
			break
		}
		i += j + len(markerStart+markerNamePrefix)
		name, _, _ := strings.Cut(text[i:], markerClose)
		if _, _, ok := in.section(name); !ok {
			return "", fmt.Errorf("a generated block names section %s, which no registry lists: remove its heading and block", name)
		}
	}
	for ci, c := range in.clouds {
		for _, s := range c.Sections {
			if strings.Contains(text, markerStart+markerNamePrefix+s.Name+markerClose) {
				continue
			}
			stub := fmt.Sprintf("### `%s`\n\n%s\n\n%s%s%s%s\n%s%s%s%s\n",
				s.Name, wrapIndent(s.Summary, ""), markerStart, markerNamePrefix, s.Name, markerClose, markerEnd, markerNamePrefix, s.Name, markerClose)
			at := len(text)
			if ci+1 < len(in.clouds) {
				next := "\n## " + in.clouds[ci+1].Title + "\n"
				k := strings.Index(text, next)
				if k < 0 {
					return "", fmt.Errorf("no %q heading to add section %s before", strings.TrimSpace(next), s.Name)
				}
				at = k + 1
				// Before the rule that closes the cloud's part, if any.
				if r := strings.TrimRight(text[:at], "\n"); strings.HasSuffix(r, "\n---") {
					at = len(r) - len("---")
				}
			}
			before := text[:at]
			if !strings.HasSuffix(before, "\n\n") {
				stub = "\n" + stub
			}
			if at < len(text) {
				stub += "\n"
			}
			text = before + stub + text[at:]
		}
	}
	return text, nil
}
