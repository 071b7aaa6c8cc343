package policies

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Attestation is a dated statement that a procedural control was carried out
// (IR-1 plan reviewed and tested, IR-7 lessons learned), for one scope.
type Attestation struct {
	Control string `yaml:"control" json:"control"`
	// Cloud is aws, azure or gcp.
	Cloud string `yaml:"cloud" json:"cloud"`
	// Scope is the account, subscription or project ID it covers, or "*" for
	// every scope of that cloud.
	Scope      string `yaml:"scope" json:"scope"`
	Statement  string `yaml:"statement" json:"statement"`
	Evidence   string `yaml:"evidence" json:"evidence"`
	AttestedBy string `yaml:"attested_by" json:"attested_by"`
	// Date is the day of the attestation (YYYY-MM-DD).
	Date string `yaml:"date" json:"date"`
	// ValidityDays defaults to Config.AttestationValidityDays.
	ValidityDays int `yaml:"validity_days" json:"validity_days"`
	// Expires is Date + ValidityDays (YYYY-MM-DD), computed on load.
	Expires string `yaml:"-" json:"expires"`
}

// Attestations is a loaded attestations file.
type Attestations struct {
	File  InputFile
	Items []Attestation `yaml:"attestations"`
}

// InputFile is a file given on the command line, with its digest.
type InputFile struct {
	Path   string
	SHA256 string
}

const dateLayout = "2006-01-02"

// LoadAttestations reads and validates an attestations file. Errors name the
// file and the entry. Every field but validity_days is required, evidence
// included: an attestation without a record to check is only a claim.
func LoadAttestations(path string, defaultValidity int) (*Attestations, error) {
	var a Attestations
	f, lines, err := decodeYAMLFile(path, &a, "attestations", "attestation")
	if err != nil {
		return nil, err
	}
	a.File = f
	for i := range a.Items {
		it := &a.Items[i]
		where := entryWhere(path, lines, "attestation", i)
		if it.Control != "" {
			where += " (" + it.Control + ")"
		}
		switch {
		case !isControl(it.Control):
			return nil, fmt.Errorf("%s: control %q: want one of IR-1..IR-7", where, it.Control)
		case !slices.Contains(Clouds, it.Cloud):
			return nil, fmt.Errorf("%s: cloud %q: want aws, azure or gcp", where, it.Cloud)
		case strings.TrimSpace(it.Scope) == "":
			return nil, fmt.Errorf("%s: scope is required (an account, subscription or project ID, or \"*\")", where)
		case strings.TrimSpace(it.Statement) == "":
			return nil, fmt.Errorf("%s: statement is required", where)
		case strings.TrimSpace(it.Evidence) == "":
			return nil, fmt.Errorf("%s: evidence is required (a link to the record of the review or exercise)", where)
		case strings.TrimSpace(it.AttestedBy) == "":
			return nil, fmt.Errorf("%s: attested_by is required", where)
		case it.ValidityDays < 0:
			return nil, fmt.Errorf("%s: validity_days %d must not be negative", where, it.ValidityDays)
		}
		d, err := time.Parse(dateLayout, it.Date)
		if err != nil {
			return nil, fmt.Errorf("%s: date %q is not a date (YYYY-MM-DD)", where, it.Date)
		}
		if it.ValidityDays == 0 {
			it.ValidityDays = defaultValidity
		}
		it.Expires = d.AddDate(0, 0, it.ValidityDays).Format(dateLayout)
	}
	return &a, nil
}

// For returns the attestations that cover one scope of a cloud.
func (a *Attestations) For(cloud, scopeID string) []Attestation {
	if a == nil {
		return nil
	}
	var out []Attestation
	for _, it := range a.Items {
		if it.Cloud == cloud && (it.Scope == "*" || it.Scope == scopeID) {
			out = append(out, it)
		}
	}
	return out
}

func isControl(s string) bool {
	return len(s) == 4 && strings.HasPrefix(s, "IR-") && s[3] >= '1' && s[3] <= '7'
}
