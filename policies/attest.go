package policies

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
