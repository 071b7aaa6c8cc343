package policies

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"regexp"
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
	f, err := decodeYAMLFile(path, &w)
	if err != nil {
		return nil, err
	}
	w.File = f
	for i := range w.Items {
		it := &w.Items[i]
		where := fmt.Sprintf("%s: waiver %d", path, i+1)
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

// decodeYAMLFile strictly decodes a YAML file (unknown keys are errors) and
// returns its digest.
func decodeYAMLFile(path string, v any) (InputFile, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return InputFile{}, err
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return InputFile{}, fmt.Errorf("%s: file is empty", path)
	}
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		return InputFile{}, fmt.Errorf("%s: %s", path, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	sum := sha256.Sum256(raw)
	return InputFile{Path: path, SHA256: hex.EncodeToString(sum[:])}, nil
}
