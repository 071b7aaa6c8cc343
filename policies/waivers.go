package policies

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Waiver is an approved exception: a failing finding of Check on a resource
// matching Resource becomes `waived` until Expires.
type Waiver struct {
	Check string `yaml:"check" json:"check"`
	// Resource is a glob over the resource ID: * matches any characters
	// (including / and :), ? one character.
	Resource   string `yaml:"resource" json:"resource"`
	Scope      string `yaml:"scope" json:"scope,omitempty"`
	Reason     string `yaml:"reason" json:"reason"`
	ApprovedBy string `yaml:"approved_by" json:"approved_by"`
	Expires    string `yaml:"expires" json:"expires"`

	match *regexp.Regexp
}

// Waivers is a loaded waivers file.
type Waivers struct {
	File  InputFile
	Items []Waiver `yaml:"waivers"`
	// Matched counts, per waiver, the findings it matched.
	Matched []int `yaml:"-"`
}

// LoadWaivers reads and validates a waivers file. Errors name the file and the entry.
func LoadWaivers(path string) (*Waivers, error) {
	var w Waivers
	f, lines, err := decodeYAMLFile(path, &w, "waivers", "waiver")
	if err != nil {
		return nil, err
	}
	w.File = f
	for i := range w.Items {
		it := &w.Items[i]
		where := entryWhere(path, lines, "waiver", i)
		if it.Check != "" {
			where += " (" + it.Check + ")"
		}
		switch {
		case strings.TrimSpace(it.Check) == "":
			return nil, fmt.Errorf("%s: check is required (a check ID such as AWS-IR2-01)", where)
		case strings.TrimSpace(it.Resource) == "":
			return nil, fmt.Errorf("%s: resource is required (a resource ID or glob, e.g. \"arn:aws:s3:::logs-*\")", where)
		case strings.TrimSpace(it.Reason) == "":
			return nil, fmt.Errorf("%s: reason is required", where)
		case strings.TrimSpace(it.ApprovedBy) == "":
			return nil, fmt.Errorf("%s: approved_by is required", where)
		case it.Expires == "":
			return nil, fmt.Errorf("%s: expires is required (YYYY-MM-DD); waivers never last forever", where)
		}
		if _, err := time.Parse(dateLayout, it.Expires); err != nil {
			return nil, fmt.Errorf("%s: expires %q is not a date (YYYY-MM-DD)", where, it.Expires)
		}
		it.match = globRegexp(it.Resource)
	}
	w.Matched = make([]int, len(w.Items))
	return &w, nil
}

func globRegexp(glob string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("^")
	for _, r := range glob {
		switch r {
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}

// Apply marks failing findings that a waiver covers. Expiry is judged
// against the day the snapshot was collected (asOf), so evaluating the same
// evidence later gives the same answer. An expired waiver is recorded on the
// finding, which stays fail. Apply is not safe for concurrent use.
func (w *Waivers) Apply(fs []Finding, asOf time.Time) {
	if w == nil {
		return
	}
	day := asOf.UTC().Format(dateLayout)
	for i := range fs {
		f := &fs[i]
		if f.Status != StatusFail {
			continue
		}
		best := -1
		for j, it := range w.Items {
			if it.Check != f.CheckID || !it.match.MatchString(f.Resource) || (it.Scope != "" && it.Scope != f.Scope.ID) {
				continue
			}
			// Prefer an unexpired waiver; among those, the one expiring last.
			if best < 0 || betterWaiver(it, w.Items[best], day) {
				best = j
			}
		}
		if best < 0 {
			continue
		}
		it := w.Items[best]
		w.Matched[best]++
		expired := it.Expires < day
		f.Waiver = &AppliedWaiver{Reason: it.Reason, ApprovedBy: it.ApprovedBy, Expires: it.Expires, Expired: expired, Pattern: it.Resource}
		if !expired {
			f.Status = StatusWaived
		}
	}
}

func betterWaiver(a, b Waiver, day string) bool {
	aLive, bLive := a.Expires >= day, b.Expires >= day
	if aLive != bLive {
		return aLive
	}
	return a.Expires > b.Expires
}

// decodeYAMLFile strictly decodes a YAML file (unknown keys are errors)
// whose entries are a list under key, each called entry ("waiver"), and
// returns its digest and the line of each entry. A decoding error reads
// "FILE:LINE: ENTRY N: problem", in YAML's words, not Go's.
func decodeYAMLFile(path string, v any, key, entry string) (InputFile, []int, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return InputFile{}, nil, err
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return InputFile{}, nil, fmt.Errorf("%s: file is empty", path)
	}
	lines := entryLines(raw, key)
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		var te *yaml.TypeError
		if errors.As(err, &te) && len(te.Errors) > 0 {
			msg = te.Errors[0]
		}
		m := yamlLine.FindStringSubmatch(msg)
		if m == nil {
			return InputFile{}, nil, fmt.Errorf("%s: %s", path, msg)
		}
		line, _ := strconv.Atoi(m[1])
		where := fmt.Sprintf("%s:%d: ", path, line)
		for i := len(lines) - 1; i >= 0; i-- {
			if lines[i] <= line {
				where += fmt.Sprintf("%s %d: ", entry, i+1)
				break
			}
		}
		return InputFile{}, nil, fmt.Errorf("%s%s", where, yamlProblem(m[2], key))
	}
	sum := sha256.Sum256(raw)
	return InputFile{Path: path, SHA256: hex.EncodeToString(sum[:])}, lines, nil
}

var (
	yamlLine    = regexp.MustCompile(`^line (\d+): (.*)$`)
	yamlUnknown = regexp.MustCompile(`^field (\S+) not found in type \S+$`)
	yamlType    = regexp.MustCompile(`^cannot unmarshal !!(\w+)(?: ` + "`" + `(.*)` + "`" + `)? into (\S+)$`)
)

// yamlProblem rewords a YAML decoding problem without Go type names.
func yamlProblem(msg, key string) string {
	if m := yamlUnknown.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("unknown key %q (the keys are listed in docs/waivers-and-attestations.md and irscan evaluate --help)", m[1])
	}
	if m := yamlType.FindStringSubmatch(msg); m != nil {
		got := map[string]string{"seq": "a list", "map": "a mapping", "str": "text", "int": "a number", "bool": "true or false", "float": "a number", "null": "nothing"}[m[1]]
		if got == "" {
			got = m[1]
		}
		if m[2] != "" {
			got += fmt.Sprintf(" (%q)", m[2])
		}
		want := "a mapping"
		switch t := m[3]; {
		case t == "string":
			want = "text"
		case strings.HasPrefix(t, "int"):
			want = "a whole number"
		case strings.HasPrefix(t, "[]"):
			want = "a list"
		}
		if want == "a mapping" && m[1] != "map" {
			want = fmt.Sprintf("a mapping with the key %q holding a list of entries", key)
		}
		return fmt.Sprintf("want %s here, found %s", want, got)
	}
	return msg
}

// entryLines returns the line of each entry of the list under key, or nil
// when the file does not parse.
func entryLines(raw []byte, key string) []int {
	var doc yaml.Node
	if yaml.Unmarshal(raw, &doc) != nil || len(doc.Content) == 0 {
		return nil
	}
	top := doc.Content[0]
	if top.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(top.Content); i += 2 {
		if top.Content[i].Value == key && top.Content[i+1].Kind == yaml.SequenceNode {
			var lines []int
			for _, it := range top.Content[i+1].Content {
				lines = append(lines, it.Line)
			}
			return lines
		}
	}
	return nil
}

// entryWhere names entry i of a file for an error: "FILE:LINE: waiver 2".
func entryWhere(path string, lines []int, entry string, i int) string {
	if i < len(lines) {
		return fmt.Sprintf("%s:%d: %s %d", path, lines[i], entry, i+1)
	}
	return fmt.Sprintf("%s: %s %d", path, entry, i+1)
}
