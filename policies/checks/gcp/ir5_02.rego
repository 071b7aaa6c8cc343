# METADATA
# title: Sensitive stores are classified
# description: >-
#   Every Cloud Storage bucket of the project carries the data classification label with a
#   non-empty value, so that responders can tell at once how sensitive the data in an
#   affected bucket is and prioritise the incident accordingly. The label key is
#   --classification-key (DataClassification by default) compared without regard to case:
#   Google Cloud label keys and values can only hold lower-case letters, digits, _ and -, so
#   the label is dataclassification. One finding per bucket, in its location. A project
#   without buckets (or with the Cloud Storage API disabled: SERVICE_DISABLED) passes with a
#   finding that says so; on an organisation snapshot the check passes with a finding saying
#   that buckets are assessed in each project's snapshot.
# custom:
#   id: GCP-IR5-02
#   controls: [IR-5]
#   severity: low
#   requires: [storage.buckets]
#   remediation: >-
#     Agree on the classification levels (for example public, internal, confidential,
#     restricted: label values are lower-case) and label every bucket with its level:
#     Console: Cloud Storage > Buckets > the bucket > Configuration > Labels > Edit, or
#     gcloud storage buckets update gs://<bucket> --update-labels=dataclassification=confidential
#     (--update-labels keeps the other labels). Enforce it for new buckets with an
#     organisation policy custom constraint or infrastructure-as-code checks, and use
#     Sensitive Data Protection discovery to find sensitive data in buckets that are not
#     classified yet.
#   references:
#     - https://cloud.google.com/storage/docs/using-bucket-labels
#     - https://cloud.google.com/resource-manager/docs/labels-overview
#     - https://cloud.google.com/sensitive-data-protection/docs/data-profiles
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.gcp.ir5_02

import data.irscan.lib.config
import data.irscan.lib.scope
import data.irscan.lib.values

buckets_data := input.sections["storage.buckets"].data

key := config.classification_key

# Google Cloud label keys are lower-case: the configured key is compared without case.
label := lower(key)

case_note := "" if {
	key == label
} else := sprintf(" (--classification-key %s, compared without case: Google Cloud label keys are lower-case)", [key])

findings contains f if {
	some i, b in buckets_data.items
	some name, value in labels(b)
	lower(name) == label
	values.filled(value)
	f := object.union(located(b), {
		"resource": resource(b),
		"status": "pass",
		"message": sprintf("Bucket %s is classified: %s=%s%s, as expected.", [b.name, name, value, case_note]),
		"evidence": [sprintf("/sections/storage.buckets/data/items/%d/labels", [i])],
	})
}

findings contains f if {
	some i, b in buckets_data.items
	not classified(b)
	f := object.union(located(b), {
		"resource": resource(b),
		"status": "fail",
		"message": sprintf("Bucket %s is not classified: %s; expected a %s label with a value%s.", [b.name, labels_text(b), label, case_note]),
		"evidence": [sprintf("/sections/storage.buckets/data/items/%d", [i])],
	})
}

findings contains f if {
	is_object(buckets_data)
	count(buckets_data.items) == 0
	f := {
		"resource": scope.resource,
		"status": "pass",
		"message": empty_text,
		"evidence": ["/sections/storage.buckets/data/items"],
	}
}

empty_text := sprintf("%s holds no bucket of its own: buckets belong to projects, and each project is assessed in its own snapshot.", [trim_prefix(scope.resource, "//cloudresourcemanager.googleapis.com/")]) if {
	input.scope.type != "project"
} else := sprintf("Project %s has no Cloud Storage bucket: the Cloud Storage API is disabled in it (SERVICE_DISABLED), so there is no bucket to classify.", [input.scope.id]) if {
	count(buckets_data.serviceDisabled) > 0
} else := sprintf("Project %s has no Cloud Storage bucket (buckets.list returned none), so there is no bucket to classify.", [input.scope.id])

classified(b) if {
	some name, value in labels(b)
	lower(name) == label
	values.filled(value)
}

# Google omits labels on a bucket without labels.
labels(b) := l if {
	l := b.labels
	is_object(l)
} else := {}

labels_text(b) := "it has no labels" if {
	count(labels(b)) == 0
} else := sprintf("its %s label is empty", [name]) if {
	some name, _ in labels(b)
	lower(name) == label
} else := sprintf("its labels are %s", [concat(", ", sort([name | some name, _ in labels(b)]))])

resource(b) := sprintf("//storage.googleapis.com/%s", [b.name])

# The bucket's location (a region, dual-region or multi-region), lower-cased.
located(b) := {"region": lower(b.location)} if {
	values.filled(b.location)
} else := {}
