package irscan.checks.gcp.ir5_02_test

import data.irscan.checks.gcp.ir5_02

bucket(name, labels) := object.union(
	{"kind": "storage#bucket", "id": name, "name": name, "projectNumber": "555555555555", "location": "EUROPE-WEST1", "locationType": "region", "storageClass": "STANDARD"},
	labels_member(labels),
)

labels_member(null) := {}

labels_member(labels) := {"labels": labels} if labels != null

snapshot(items) := {
	"cloud": "gcp",
	"scope": {"type": "project", "id": "acme-payments-prod"},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {"storage.buckets": {"status": "ok", "data": {"project": "acme-payments-prod", "items": items, "serviceDisabled": []}}},
	"config": {"classification_key": "DataClassification", "min_retention_days": 365, "lookback_days": 90},
}

results(fs) := {[f.resource, f.status] | some f in fs}

finding(fs, resource) := f if {
	some f in fs
	f.resource == resource
}

test_pass_when_labelled_key_compared_without_case if {
	fs := ir5_02.findings with input as snapshot([bucket("acme-payments-exports", {"dataclassification": "confidential", "team": "payments"})])
	results(fs) == {["//storage.googleapis.com/acme-payments-exports", "pass"]}
	f := finding(fs, "//storage.googleapis.com/acme-payments-exports")
	f.region == "europe-west1"
	f.message == "Bucket acme-payments-exports is classified: dataclassification=confidential (--classification-key DataClassification, compared without case: Google Cloud label keys are lower-case), as expected."
	f.evidence == ["/sections/storage.buckets/data/items/0/labels"]
}

test_no_case_note_for_a_lower_case_key if {
	inp := json.patch(snapshot([bucket("a", {"sensitivity": "internal"})]), [{"op": "replace", "path": "/config/classification_key", "value": "sensitivity"}])
	fs := ir5_02.findings with input as inp
	f := finding(fs, "//storage.googleapis.com/a")
	f.status == "pass"
	f.message == "Bucket a is classified: sensitivity=internal, as expected."
}

test_one_finding_per_bucket if {
	fs := ir5_02.findings with input as snapshot([
		bucket("a", {"dataclassification": "restricted"}),
		bucket("b", null),
		bucket("c", {"team": "web", "env": "prod"}),
		bucket("d", {"dataclassification": ""}),
	])
	results(fs) == {
		["//storage.googleapis.com/a", "pass"],
		["//storage.googleapis.com/b", "fail"],
		["//storage.googleapis.com/c", "fail"],
		["//storage.googleapis.com/d", "fail"],
	}
	contains(finding(fs, "//storage.googleapis.com/b").message, "it has no labels; expected a dataclassification label with a value (--classification-key DataClassification")
	contains(finding(fs, "//storage.googleapis.com/c").message, "its labels are env, team")
	contains(finding(fs, "//storage.googleapis.com/d").message, "its dataclassification label is empty")
}

test_default_key_without_config if {
	fs := ir5_02.findings with input as object.remove(snapshot([bucket("a", {"dataclassification": "internal"})]), ["config"])
	results(fs) == {["//storage.googleapis.com/a", "pass"]}
}

test_pass_when_no_buckets if {
	fs := ir5_02.findings with input as snapshot([])
	count(fs) == 1
	some f in fs
	f.status == "pass"
	f.resource == "//cloudresourcemanager.googleapis.com/projects/acme-payments-prod"
	contains(f.message, "buckets.list returned none")
}

test_service_disabled_is_data if {
	inp := json.patch(snapshot([]), [{"op": "replace", "path": "/sections/storage.buckets/data/serviceDisabled", "value": [{"parent": "projects/acme-payments-prod", "service": "storage.googleapis.com"}]}])
	fs := ir5_02.findings with input as inp
	count(fs) == 1
	some f in fs
	f.status == "pass"
	contains(f.message, "the Cloud Storage API is disabled in it (SERVICE_DISABLED)")
}

test_organisation_snapshot_says_buckets_are_per_project if {
	inp := json.patch(snapshot([]), [
		{"op": "replace", "path": "/scope", "value": {"type": "organization", "id": "301234567890"}},
		{"op": "replace", "path": "/sections/storage.buckets/data/project", "value": null},
	])
	fs := ir5_02.findings with input as inp
	count(fs) == 1
	some f in fs
	f.status == "pass"
	f.resource == "//cloudresourcemanager.googleapis.com/organizations/301234567890"
	contains(f.message, "organizations/301234567890 holds no bucket of its own")
}

test_no_finding_when_section_absent if {
	fs := ir5_02.findings with input as object.remove(snapshot([]), ["sections"])
	count(fs) == 0
}

test_no_finding_when_data_null if {
	inp := json.patch(snapshot([]), [{"op": "replace", "path": "/sections/storage.buckets/data", "value": null}])
	fs := ir5_02.findings with input as inp
	count(fs) == 0
}
