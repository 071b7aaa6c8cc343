package irscan.checks.gcp.ir7_01_test

import data.irscan.checks.gcp.ir7_01
import data.irscan.lib.gcp_test as fx

project := "//cloudresourcemanager.googleapis.com/projects/acme-payments-prod"

ancestry := {"name": "projects/acme-payments-prod", "ancestors": ["folders/418273645", "organizations/301234567890"], "organizationScan": null}

org_scan := {"organization": "organizations/301234567890", "snapshot": "gcp-organization-301234567890.json"}

sink(parent, name, destination, extra) := object.union({"name": name, "resourceName": sprintf("%s/sinks/%s", [parent, name]), "destination": destination}, extra)

default_sink := sink("projects/acme-payments-prod", "_Default", "logging.googleapis.com/projects/acme-payments-prod/locations/global/buckets/_Default", {"filter": "NOT LOG_ID(\"cloudaudit.googleapis.com/activity\")"})

project_sink := sink("projects/acme-payments-prod", "payments-audit-to-gcs", "storage.googleapis.com/acme-payments-audit-archive", {"filter": "logName:\"cloudaudit.googleapis.com\""})

org_sink := sink("organizations/301234567890", "org-all-logs-to-gcs", "storage.googleapis.com/acme-org-audit-logs", {"includeChildren": true})

bucket(name, extra) := object.union({"kind": "storage#bucket", "name": name, "location": "EUROPE-WEST1", "storageClass": "STANDARD"}, extra)

locked_400 := {"retentionPolicy": {"retentionPeriod": "34560000", "effectiveTime": "2025-01-15T09:58:12.345Z", "isLocked": true}}

snapshot(sinks, buckets, anc) := {
	"cloud": "gcp",
	"scope": {"type": "project", "id": "acme-payments-prod"},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {
		"logging.sinks": {"status": "ok", "data": {"parents": ["projects/acme-payments-prod", "folders/418273645", "organizations/301234567890"], "sinks": sinks, "serviceDisabled": []}},
		"storage.sink_buckets": {"status": "ok", "data": {"buckets": buckets}},
		"resourcemanager.ancestry": {"status": "ok", "data": anc},
	},
	"config": {"classification_key": "DataClassification", "min_retention_days": 365, "lookback_days": 90},
}

results(fs) := {[f.resource, f.status] | some f in fs}

only(fs) := f if {
	count(fs) == 1
	some f in fs
}

test_pass_with_locked_retention_without_versioning if {
	fs := ir7_01.findings with input as snapshot([default_sink, org_sink], [{"name": "acme-org-audit-logs", "bucket": bucket("acme-org-audit-logs", locked_400)}], ancestry)
	f := only(fs)
	f.status == "pass"
	f.resource == "//storage.googleapis.com/acme-org-audit-logs"
	f.region == "europe-west1"
	f.message == "Bucket acme-org-audit-logs (sink org-all-logs-to-gcs on organizations/301234567890) has a locked retention policy of 400 days; expected a locked retention policy of at least 365 days."
	f.evidence == ["/sections/storage.sink_buckets/data/buckets/0/bucket"]
}

test_fail_with_unlocked_retention_policy if {
	unlocked := {"retentionPolicy": {"retentionPeriod": "34560000", "effectiveTime": "2025-05-06T08:00:00Z"}}
	fs := ir7_01.findings with input as snapshot([default_sink, project_sink], [{"name": "acme-payments-audit-archive", "bucket": bucket("acme-payments-audit-archive", unlocked)}], ancestry)
	f := only(fs)
	f.status == "fail"
	contains(f.message, "Bucket acme-payments-audit-archive (sink payments-audit-to-gcs on projects/acme-payments-prod) does not keep the exported logs tamper-proof: its retention policy (400 days) is not locked;")
}

test_fail_when_too_short if {
	short := {"retentionPolicy": {"retentionPeriod": "7776000", "isLocked": true}}
	fs := ir7_01.findings with input as snapshot([project_sink], [{"name": "acme-payments-audit-archive", "bucket": bucket("acme-payments-audit-archive", short)}], ancestry)
	f := only(fs)
	f.status == "fail"
	contains(f.message, "its locked retention policy keeps objects for only 90 days;")
	not contains(f.message, "versioning")
}

test_fail_without_retention_policy if {
	fs := ir7_01.findings with input as snapshot([project_sink], [{"name": "acme-payments-audit-archive", "bucket": bucket("acme-payments-audit-archive", {"versioning": {"enabled": true}})}], ancestry)
	f := only(fs)
	f.status == "fail"
	contains(f.message, "it has no retention policy")
}

# Versioning on a locked bucket cannot happen (Cloud Storage refuses it), and is not what
# protects the logs: it neither passes nor fails a bucket.
test_versioning_neither_required_nor_enough if {
	both := object.union(locked_400, {"versioning": {"enabled": true}})
	fs := ir7_01.findings with input as snapshot([org_sink], [{"name": "acme-org-audit-logs", "bucket": bucket("acme-org-audit-logs", both)}], ancestry)
	f := only(fs)
	f.status == "pass"
	gs := ir7_01.findings with input as snapshot([org_sink], [{"name": "acme-org-audit-logs", "bucket": bucket("acme-org-audit-logs", {"versioning": {"enabled": true}})}], ancestry)
	g := only(gs)
	g.status == "fail"
}

test_object_retention_lock_is_manual if {
	orl := {"objectRetention": {"mode": "Enabled"}}
	fs := ir7_01.findings with input as snapshot([project_sink], [{"name": "acme-payments-audit-archive", "bucket": bucket("acme-payments-audit-archive", orl)}], ancestry)
	f := only(fs)
	f.status == "manual"
	contains(f.message, "has Object Retention Lock enabled and it has no retention policy: each object's own retention decides")
	f.region == "europe-west1"
}

# A locked bucket policy decides even when Object Retention Lock is enabled too.
test_locked_policy_with_object_retention_passes if {
	both := object.union(locked_400, {"objectRetention": {"mode": "Enabled"}})
	fs := ir7_01.findings with input as snapshot([org_sink], [{"name": "acme-org-audit-logs", "bucket": bucket("acme-org-audit-logs", both)}], ancestry)
	f := only(fs)
	f.status == "pass"
}

test_configurable_minimum if {
	inp := json.patch(snapshot([org_sink], [{"name": "acme-org-audit-logs", "bucket": bucket("acme-org-audit-logs", locked_400)}], ancestry), [{"op": "replace", "path": "/config/min_retention_days", "value": 730}])
	fs := ir7_01.findings with input as inp
	f := only(fs)
	f.status == "fail"
	contains(f.message, "only 400 days")
}

test_fail_when_bucket_deleted if {
	fs := ir7_01.findings with input as snapshot([project_sink], [{"name": "acme-payments-audit-archive", "bucket": null}], ancestry)
	f := only(fs)
	f.status == "fail"
	contains(f.message, "does not exist")
}

test_error_when_bucket_not_read if {
	fs := ir7_01.findings with input as snapshot([project_sink], [], ancestry)
	f := only(fs)
	f.status == "error"
	contains(f.message, "missing from section storage.sink_buckets")
}

test_a_sink_with_a_filter_still_has_its_bucket_assessed if {
	fs := ir7_01.findings with input as snapshot([project_sink], [{"name": "acme-payments-audit-archive", "bucket": bucket("acme-payments-audit-archive", locked_400)}], ancestry)
	results(fs) == {["//storage.googleapis.com/acme-payments-audit-archive", "pass"]}
}

test_disabled_and_non_inherited_sinks_are_ignored if {
	off := sink("projects/acme-payments-prod", "old", "storage.googleapis.com/old-bucket", {"disabled": true})
	org_only := sink("organizations/301234567890", "org-only", "storage.googleapis.com/org-only-bucket", {})
	fs := ir7_01.findings with input as snapshot([default_sink, off, org_only], [], ancestry)
	f := only(fs)
	f.status == "pass"
	f.resource == project
	contains(f.message, "(1 sink(s) route them)")
}

test_one_finding_per_bucket if {
	folder_sink := sink("folders/418273645", "folder-to-gcs", "storage.googleapis.com/acme-folder-logs", {"includeChildren": true})
	fs := ir7_01.findings with input as snapshot(
		[project_sink, folder_sink, org_sink], [
			{"name": "acme-payments-audit-archive", "bucket": bucket("acme-payments-audit-archive", {})},
			{"name": "acme-folder-logs", "bucket": bucket("acme-folder-logs", locked_400)},
			{"name": "acme-org-audit-logs", "bucket": bucket("acme-org-audit-logs", locked_400)},
		],
		ancestry,
	)
	results(fs) == {
		["//storage.googleapis.com/acme-payments-audit-archive", "fail"],
		["//storage.googleapis.com/acme-folder-logs", "pass"],
		["//storage.googleapis.com/acme-org-audit-logs", "pass"],
	}
}

# An organisation scan's project: the organisation's sinks (and their buckets) are in its own
# snapshot.
org_scan_snapshot(sinks, buckets) := json.patch(snapshot(sinks, buckets, fx.ancestry_org_scan), [{"op": "replace", "path": "/sections/logging.sinks/data/parents", "value": ["projects/acme-payments-prod", "folders/418273645"]}])

org_facts := {"sinks": {"organizations/301234567890/sinks/org-all-logs-to-gcs": {
	"name": "org-all-logs-to-gcs", "destination": "storage.googleapis.com/acme-org-audit-logs",
	"include_children": true, "filter": "", "disabled": false, "active_exclusions": 0,
	"pointer": "/sections/logging.sinks/data/sinks/0",
}}}

test_organisation_sinks_are_judged_on_the_organisation_snapshot if {
	fs := ir7_01.findings with input as org_scan_snapshot([default_sink], []) with data.estate as fx.estate(org_facts)
	f := only(fs)
	f.status == "pass"
	f.resource == project
	f.message == "No enabled sink of projects/acme-payments-prod or of its folders exports to Cloud Storage (1 sink(s) route its logs), so there is no log sink bucket of its own to lock; the sink(s) of organizations/301234567890 that route its logs (org-all-logs-to-gcs) are judged with their destinations on organizations/301234567890's snapshot snapshots/gcp-organization-301234567890.json; log buckets are checked by GCP-IR7-02."
}

test_project_buckets_are_judged_on_the_project if {
	fs := ir7_01.findings with input as org_scan_snapshot([default_sink, project_sink], [{"name": "acme-payments-audit-archive", "bucket": bucket("acme-payments-audit-archive", {})}]) with data.estate as fx.estate(org_facts)
	results(fs) == {["//storage.googleapis.com/acme-payments-audit-archive", "fail"]}
}

test_error_when_the_organisation_is_not_in_the_run if {
	fs := ir7_01.findings with input as org_scan_snapshot([default_sink, project_sink], [{"name": "acme-payments-audit-archive", "bucket": bucket("acme-payments-audit-archive", locked_400)}]) with data.estate as {}
	results(fs) == {["//storage.googleapis.com/acme-payments-audit-archive", "pass"], [project, "error"]}
	some f in fs
	f.status == "error"
	contains(f.message, "The locking of the Cloud Storage buckets that the sinks of its organisation export the logs of projects/acme-payments-prod to is held by organizations/301234567890, which is not in this run")
}

test_error_when_the_organisation_could_not_read_its_sinks if {
	fs := ir7_01.findings with input as org_scan_snapshot([default_sink], []) with data.estate as fx.estate_unread("logging.sinks")
	f := only(fs)
	f.status == "error"
	contains(f.message, "could not show it")
}

test_organisation_scope if {
	anc := {"name": "organizations/301234567890", "ancestors": [], "organizationScan": null}
	inp := json.patch(snapshot([org_sink], [{"name": "acme-org-audit-logs", "bucket": bucket("acme-org-audit-logs", locked_400)}], anc), [{"op": "replace", "path": "/scope", "value": {"type": "organization", "id": "301234567890"}}])
	fs := ir7_01.findings with input as inp
	results(fs) == {["//storage.googleapis.com/acme-org-audit-logs", "pass"]}
}

test_no_finding_when_section_absent if {
	inp := json.patch(snapshot([org_sink], [], ancestry), [{"op": "remove", "path": "/sections/storage.sink_buckets"}])
	fs := ir7_01.findings with input as inp
	count(fs) == 0
}

test_no_finding_when_data_null if {
	fs := ir7_01.findings with input as snapshot(null, null, null)
	count(fs) == 0
}
