package policies

// Config holds the check thresholds marked configurable in the catalogue.
// The values used appear in every report.
type Config struct {
	// ClassificationKey is the tag or label that marks a store's data classification.
	ClassificationKey string `json:"classification_key" yaml:"classification_key"`
	// MinRetentionDays is the minimum evidence / log retention.
	MinRetentionDays int `json:"min_retention_days" yaml:"min_retention_days"`
	// AttestationValidityDays is how long an attestation stays fresh when it
	// does not say so itself.
	AttestationValidityDays int `json:"attestation_validity_days" yaml:"attestation_validity_days"`
	// LookbackDays is the window for post-incident checks.
	LookbackDays int `json:"lookback_days" yaml:"lookback_days"`
	// Frameworks are the cross frameworks findings carry and reports show
	// (--frameworks), in order; empty means the benchmark's own editions
	// (mappings.CrossFrameworks). Checks do not read it.
	Frameworks []string `json:"frameworks,omitempty" yaml:"frameworks,omitempty"`
}

// DefaultConfig is the catalogue's defaults.
func DefaultConfig() Config {
	return Config{
		ClassificationKey:       "DataClassification",
		MinRetentionDays:        365,
		AttestationValidityDays: 365,
		LookbackDays:            90,
	}
}
