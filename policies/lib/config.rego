# The thresholds marked configurable in the catalogue (input.config), with their defaults.
package irscan.lib.config

# METADATA
# description: Minimum evidence and log retention in days (--min-retention-days).
min_retention_days := n if {
	n := input.config.min_retention_days
	is_number(n)
	n > 0
} else := 365

# METADATA
# description: Look-back window of the post-incident checks in days (--lookback-days).
lookback_days := n if {
	n := input.config.lookback_days
	is_number(n)
	n > 0
} else := 90

# METADATA
# description: Tag or label key that marks a store's data classification (--classification-key).
classification_key := k if {
	k := input.config.classification_key
	is_string(k)
	k != ""
} else := "DataClassification"

# METADATA
# description: The snapshot's collected_at in nanoseconds (checks judge dates at collection, never at the wall clock).
collected_ns := time.parse_rfc3339_ns(input.collected_at)
