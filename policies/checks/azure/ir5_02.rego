# METADATA
# title: Sensitive stores are classified
# description: >-
#   Every storage account, key vault and Azure SQL logical server of the subscription
#   carries the data classification tag (key DataClassification by default, configurable
#   with --classification-key) with a non-empty value, so that responders can tell at once
#   how sensitive the data in an affected store is and prioritise the incident accordingly.
#   Tag names are matched without regard to case, as Azure treats them; values must not be
#   blank. One finding per store; a subscription without any of these stores passes with a
#   finding that says so. No Azure Policy in the MCSB initiative covers this.
# custom:
#   id: AZ-IR5-02
#   controls: [IR-5]
#   severity: low
#   requires: [storage.accounts, keyvault.vaults, sql.servers]
#   remediation: >-
#     Agree on the classification levels (for example Public, Internal, Confidential,
#     Restricted) and tag every store with its level: Azure portal > the resource > Tags, or
#     az tag update --resource-id <resource-id> --operation Merge --tags
#     DataClassification=Confidential (Merge keeps the existing tags). Enforce it for new
#     resources with the built-in policy "Require a tag on resources" (871b6d14) scoped to
#     the storage, Key Vault and SQL resource types, and use Microsoft Purview or Defender
#     for Storage sensitive data discovery to find sensitive data in stores that are not
#     classified yet.
#   references:
#     - https://learn.microsoft.com/en-us/azure/azure-resource-manager/management/tag-resources
#     - https://learn.microsoft.com/en-us/azure/cloud-adoption-framework/govern/classify-data
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.azure.ir5_02

import data.irscan.lib.azure
import data.irscan.lib.scope
import data.irscan.lib.values

key := k if {
	k := input.config.classification_key
	is_string(k)
	k != ""
} else := "DataClassification"

# The stores by kind: the section, and how a finding names one.
kinds := {
	"storage.accounts": "Storage account",
	"keyvault.vaults": "Key vault",
	"sql.servers": "SQL server",
}

findings contains f if {
	some section, label in kinds
	some i, r in values.list(input.sections[section].data.value)
	some name, value in tags(r)
	lower(name) == lower(key)
	values.filled(value)
	f := object.union(azure.located(r), {
		"resource": r.id,
		"status": "pass",
		"message": sprintf("%s %s is classified: %s=%s, as expected.", [label, r.name, name, value]),
		"evidence": [sprintf("/sections/%s/data/value/%d/tags", [section, i])],
	})
}

findings contains f if {
	some section, label in kinds
	some i, r in values.list(input.sections[section].data.value)
	not classified(r)
	f := object.union(azure.located(r), {
		"resource": r.id,
		"status": "fail",
		"message": sprintf("%s %s is not classified: %s; expected a %s tag with a value.", [label, r.name, tags_text(r), key]),
		"evidence": [sprintf("/sections/%s/data/value/%d", [section, i])],
	})
}

findings contains f if {
	every section, _ in kinds {
		is_object(input.sections[section].data)
		count(values.list(input.sections[section].data.value)) == 0
	}
	f := {
		"resource": scope.resource,
		"status": "pass",
		"message": "The subscription has no storage account, key vault or SQL server (the three lists are empty), so there is no store to classify.",
		"evidence": [sprintf("/sections/%s/data/value", [section]) | some section, _ in kinds],
	}
}

classified(r) if {
	some name, value in tags(r)
	lower(name) == lower(key)
	values.filled(value)
}

# ARM omits tags (or answers null or {}) on a resource without tags.
tags(r) := t if {
	t := r.tags
	is_object(t)
} else := {}

tags_text(r) := "it has no tags" if {
	count(tags(r)) == 0
} else := sprintf("its %s tag is empty", [name]) if {
	some name, _ in tags(r)
	lower(name) == lower(key)
} else := sprintf("its tags are %s", [concat(", ", sort([name | some name, _ in tags(r)]))])
