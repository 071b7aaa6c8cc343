package irscan.checks.gcp.ir7_02_test

import data.irscan.checks.gcp.ir7_02
import data.irscan.lib.gcp_test as fx

project := "//cloudresourcemanager.googleapis.com/projects/acme-payments-prod"

ancestry := {"name": "projects/acme-payments-prod", "ancestors": ["folders/418273645", "organizations/301234567890"], "organizationScan": null}

org_scan := {"organization": "organizations/301234567890", "snapshot": "gcp-organization-301234567890.json"}

bucket_name(container, id) := sprintf("%s/locations/global/buckets/%s", [container, id])

sink(parent, name, destination, extra) := object.union({"name": name, "resourceName": sprintf("%s/sinks/%s", [parent, name]), "destination": destination}, extra)

to_bucket(parent, name, container, id, extra) := sink(parent, name, sprintf("logging.googleapis.com/%s", [bucket_name(container, id)]), extra)

required_sink := to_bucket("projects/acme-payments-prod", "_Required", "projects/acme-payments-prod", "_Required", {"filter": "LOG_ID(\"cloudaudit.googleapis.com/activity\")"})

default_sink := to_bucket("projects/acme-payments-prod", "_Default", "projects/acme-payments-prod", "_Default", {"filter": "NOT LOG_ID(\"cloudaudit.googleapis.com/activity\")"})

log_bucket(container, id, days, locked) := object.union(
	{"name": bucket_name(container, id), "retentionDays": days, "lifecycleState": "ACTIVE"},
	{k: v | some k, v in {"locked": locked}; locked == true},
)

snapshot(sinks, buckets, anc) := snapshot_gcs(sinks, buckets, [], anc)

snapshot_gcs(sinks, buckets, gcs, anc) := {
	"cloud": "gcp",
	"scope": {"type": "project", "id": "acme-payments-prod"},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {
		"logging.sinks": {"status": "ok", "data": {"parents": ["projects/acme-payments-prod", "folders/418273645", "organizations/301234567890"], "sinks": sinks, "serviceDisabled": []}},
		"logging.buckets": {"status": "ok", "data": {"parents": ["projects/acme-payments-prod"], "buckets": buckets, "serviceDisabled": []}},
		"storage.sink_buckets": {"status": "ok", "data": {"buckets": gcs}},
		"resourcemanager.ancestry": {"status": "ok", "data": anc},
	},
	"config": {"classification_key": "DataClassification", "min_retention_days": 365, "lookback_days": 90},
}

results(fs) := {[f.resource, f.region, f.status] | some f in fs}

finding(fs, resource) := f if {
	some f in fs
	f.resource == resource
}

default_resource := "//logging.googleapis.com/projects/acme-payments-prod/locations/global/buckets/_Default"

required_resource := "//logging.googleapis.com/projects/acme-payments-prod/locations/global/buckets/_Required"

test_pass_locked_and_long_enough if {
	fs := ir7_02.findings with input as snapshot([default_sink], [log_bucket("projects/acme-payments-prod", "_Default", 400, true)], ancestry)
	results(fs) == {[default_resource, "global", "pass"]}
	f := finding(fs, default_resource)
	f.message == "Log bucket projects/acme-payments-prod/locations/global/buckets/_Default (sink _Default on projects/acme-payments-prod) is locked and keeps logs for 400 days; expected a locked bucket retaining logs for at least 365 days."
	f.evidence == ["/sections/logging.buckets/data/buckets/0"]
}

test_default_bucket_fails_and_required_passes if {
	fs := ir7_02.findings with input as snapshot(
		[required_sink, default_sink], [
			log_bucket("projects/acme-payments-prod", "_Default", 30, false),
			log_bucket("projects/acme-payments-prod", "_Required", 400, false),
		],
		ancestry,
	)
	results(fs) == {[default_resource, "global", "fail"], [required_resource, "global", "pass"]}
	contains(finding(fs, default_resource).message, "it is not locked, it keeps logs for 30 days")
	contains(finding(fs, required_resource).message, "(Google fixes the _Required bucket)")
}

test_fail_locked_but_short if {
	fs := ir7_02.findings with input as snapshot([default_sink], [log_bucket("projects/acme-payments-prod", "_Default", 90, true)], ancestry)
	f := finding(fs, default_resource)
	f.status == "fail"
	contains(f.message, ": it keeps logs for 90 days;")
}

test_configurable_minimum if {
	inp := json.patch(snapshot([default_sink], [log_bucket("projects/acme-payments-prod", "_Default", 90, true)], ancestry), [{"op": "replace", "path": "/config/min_retention_days", "value": 30}])
	fs := ir7_02.findings with input as inp
	results(fs) == {[default_resource, "global", "pass"]}
}

test_fail_when_destination_bucket_missing if {
	fs := ir7_02.findings with input as snapshot([default_sink], [], ancestry)
	f := finding(fs, default_resource)
	f.status == "fail"
	contains(f.message, "does not exist")
}

test_error_when_container_not_listed if {
	central := to_bucket("projects/acme-payments-prod", "to-central", "projects/acme-central-logs", "audit", {})
	fs := ir7_02.findings with input as snapshot([central], [], ancestry)
	f := finding(fs, "//logging.googleapis.com/projects/acme-central-logs/locations/global/buckets/audit")
	f.status == "error"
	contains(f.message, "The log buckets of projects/acme-central-logs are missing")
}

test_inherited_folder_sink_is_assessed if {
	folder_sink := to_bucket("folders/418273645", "folder-to-central", "projects/acme-payments-prod", "central", {"includeChildren": true})
	fs := ir7_02.findings with input as snapshot([folder_sink], [log_bucket("projects/acme-payments-prod", "central", 400, true)], ancestry)
	f := finding(fs, "//logging.googleapis.com/projects/acme-payments-prod/locations/global/buckets/central")
	f.status == "pass"
	contains(f.message, "sink folder-to-central on folders/418273645")
}

test_other_destinations_are_ignored if {
	gcs := sink("projects/acme-payments-prod", "to-gcs", "storage.googleapis.com/acme-payments-audit-archive", {})
	bq := sink("projects/acme-payments-prod", "to-bq", "bigquery.googleapis.com/projects/acme-payments-prod/datasets/logs", {})
	fs := ir7_02.findings with input as snapshot([gcs, bq], [], ancestry)
	count(fs) == 1
	some f in fs
	f.status == "pass"
	f.resource == project
	contains(f.message, "(2 sink(s) route them)")
}

# An organisation scan's project: the organisation's sinks are in its own snapshot.
org_scan_snapshot(sinks, buckets) := json.patch(snapshot(sinks, buckets, fx.ancestry_org_scan), [{"op": "replace", "path": "/sections/logging.sinks/data/parents", "value": ["projects/acme-payments-prod", "folders/418273645"]}])

org_facts := {
	"sinks": {"organizations/301234567890/sinks/org-to-bucket": {
		"name": "org-to-bucket", "destination": "logging.googleapis.com/projects/acme-secops/locations/global/buckets/org-logs",
		"include_children": true, "filter": "", "disabled": false, "active_exclusions": 0,
		"pointer": "/sections/logging.sinks/data/sinks/0",
	}},
	"sink_buckets": {},
}

test_organisation_scan_judges_the_project_buckets_only if {
	fs := ir7_02.findings with input as org_scan_snapshot([default_sink], [log_bucket("projects/acme-payments-prod", "_Default", 30, false)]) with data.estate as fx.estate(org_facts)
	results(fs) == {[default_resource, "global", "fail"]}
}

test_organisation_sinks_are_judged_on_the_organisation_snapshot if {
	disabled_default := object.union(default_sink, {"disabled": true})
	fs := ir7_02.findings with input as org_scan_snapshot([disabled_default], []) with data.estate as fx.estate(org_facts)
	count(fs) == 1
	some f in fs
	f.status == "pass"
	f.resource == project
	contains(f.message, "so there is no log bucket of its own to assess; the sink(s) of organizations/301234567890 that route its logs (org-to-bucket) are judged with their destinations on organizations/301234567890's snapshot snapshots/gcp-organization-301234567890.json")
}

test_organisation_without_sinks_is_named if {
	fs := ir7_02.findings with input as org_scan_snapshot([], []) with data.estate as fx.estate({"sinks": {}})
	count(fs) == 1
	some f in fs
	f.status == "pass"
	contains(f.message, "organizations/301234567890 has no enabled sink with includeChildren (snapshot snapshots/gcp-organization-301234567890.json)")
}

test_error_when_the_organisation_is_not_in_the_run if {
	fs := ir7_02.findings with input as org_scan_snapshot([default_sink], [log_bucket("projects/acme-payments-prod", "_Default", 400, true)]) with data.estate as {}
	{[f.resource, f.status] | some f in fs} == {[default_resource, "pass"], [project, "error"]}
}

# A failing bucket whose fate the organisation's archive decides is an error without it.
test_error_for_a_short_bucket_when_the_organisation_is_not_in_the_run if {
	fs := ir7_02.findings with input as org_scan_snapshot([default_sink], [log_bucket("projects/acme-payments-prod", "_Default", 30, false)]) with data.estate as {}
	{[f.resource, f.status] | some f in fs} == {[default_resource, "error"], [project, "error"]}
	contains(finding(fs, default_resource).message, "Whether the logs of projects/acme-payments-prod that log bucket projects/acme-payments-prod/locations/global/buckets/_Default keeps too briefly or unlocked (it is not locked, it keeps logs for 30 days) are archived by its organisation's sinks is held by organizations/301234567890")
}

test_error_when_the_organisation_could_not_read_its_sinks if {
	fs := ir7_02.findings with input as org_scan_snapshot([], []) with data.estate as fx.estate_unread("logging.sinks")
	count(fs) == 1
	some f in fs
	f.status == "error"
	contains(f.message, "The locking of the log buckets that the sinks of its organisation write the logs of projects/acme-payments-prod to is held by organizations/301234567890, whose snapshot")
}

test_organisation_scope if {
	anc := {"name": "organizations/301234567890", "ancestors": [], "organizationScan": null}
	org_default := to_bucket("organizations/301234567890", "_Default", "organizations/301234567890", "_Default", {})
	inp := json.patch(snapshot([org_default], [log_bucket("organizations/301234567890", "_Default", 400, true)], anc), [
		{"op": "replace", "path": "/scope", "value": {"type": "organization", "id": "301234567890"}},
		{"op": "replace", "path": "/sections/logging.buckets/data/parents", "value": ["organizations/301234567890"]},
	])
	fs := ir7_02.findings with input as inp
	results(fs) == {["//logging.googleapis.com/organizations/301234567890/locations/global/buckets/_Default", "global", "pass"]}
}

test_no_finding_when_section_absent if {
	inp := json.patch(snapshot([default_sink], [], ancestry), [{"op": "remove", "path": "/sections/logging.buckets"}])
	fs := ir7_02.findings with input as inp
	count(fs) == 0
}

test_no_finding_when_data_null if {
	fs := ir7_02.findings with input as snapshot(null, null, null)
	count(fs) == 0
}

# Every entry archived in a locked Cloud Storage bucket (what GCP-IR7-01 passes): the
# project's short _Default bucket is not the only copy.
locked_gcs(name, seconds) := {"name": name, "bucket": {"name": name, "retentionPolicy": {"retentionPeriod": sprintf("%d", [seconds]), "isLocked": true}}}

org_archive := sink("organizations/301234567890", "org-all-to-gcs", "storage.googleapis.com/acme-org-audit-logs", {"includeChildren": true})

test_pass_when_an_organisation_sink_archives_every_entry_in_a_locked_bucket if {
	fs := ir7_02.findings with input as snapshot_gcs([default_sink, org_archive], [log_bucket("projects/acme-payments-prod", "_Default", 30, false)], [locked_gcs("acme-org-audit-logs", 34560000)], ancestry)
	f := finding(fs, default_resource)
	f.status == "pass"
	contains(f.message, "(sink _Default on projects/acme-payments-prod) would not do alone (it is not locked, it keeps logs for 30 days), but every log entry of projects/acme-payments-prod is also archived: sink org-all-to-gcs on organizations/301234567890 exports every entry to Cloud Storage bucket acme-org-audit-logs, whose locked retention policy keeps objects for 400 days")
	f.evidence == ["/sections/logging.buckets/data/buckets/0", "/sections/storage.sink_buckets/data/buckets/0"]
}

test_fail_when_the_archive_is_unlocked_short_filtered_or_excluding if {
	unlocked := {"name": "acme-org-audit-logs", "bucket": {"name": "acme-org-audit-logs", "retentionPolicy": {"retentionPeriod": "34560000"}}}
	inputs := [
		snapshot_gcs([default_sink, org_archive], [log_bucket("projects/acme-payments-prod", "_Default", 30, false)], [unlocked], ancestry),
		snapshot_gcs([default_sink, org_archive], [log_bucket("projects/acme-payments-prod", "_Default", 30, false)], [locked_gcs("acme-org-audit-logs", 7776000)], ancestry),
		snapshot_gcs([default_sink, object.union(org_archive, {"filter": "severity>=ERROR"})], [log_bucket("projects/acme-payments-prod", "_Default", 30, false)], [locked_gcs("acme-org-audit-logs", 34560000)], ancestry),
		snapshot_gcs([default_sink, object.union(org_archive, {"exclusions": [{"name": "x", "filter": "true"}]})], [log_bucket("projects/acme-payments-prod", "_Default", 30, false)], [locked_gcs("acme-org-audit-logs", 34560000)], ancestry),
		snapshot_gcs([default_sink, object.remove(org_archive, ["includeChildren"])], [log_bucket("projects/acme-payments-prod", "_Default", 30, false)], [locked_gcs("acme-org-audit-logs", 34560000)], ancestry),
	]
	every inp in inputs {
		f := finding(ir7_02.findings, default_resource) with input as inp
		f.status == "fail"
	}
}

org_archive_facts(locked, seconds) := {
	"sinks": {"organizations/301234567890/sinks/org-all-to-gcs": {
		"name": "org-all-to-gcs", "destination": "storage.googleapis.com/acme-org-audit-logs",
		"include_children": true, "filter": "", "disabled": false, "active_exclusions": 0,
		"pointer": "/sections/logging.sinks/data/sinks/2",
	}},
	"sink_buckets": {"acme-org-audit-logs": {"exists": true, "locked": locked, "retention_seconds": seconds, "pointer": "/sections/storage.sink_buckets/data/buckets/0"}},
}

test_follows_an_organisation_archive if {
	fs := ir7_02.findings with input as org_scan_snapshot([default_sink], [log_bucket("projects/acme-payments-prod", "_Default", 30, false)]) with data.estate as fx.estate(org_archive_facts(true, 34560000))
	f := finding(fs, default_resource)
	f.status == "pass"
	contains(f.message, "is also archived by its organisation: sink org-all-to-gcs on organizations/301234567890 (includeChildren) exports every entry to Cloud Storage bucket acme-org-audit-logs, whose locked retention policy keeps objects for 400 days")
	contains(f.message, "Judged on organizations/301234567890's evidence")
	f.owner.evidence == ["/sections/logging.sinks/data/sinks/2", "/sections/storage.sink_buckets/data/buckets/0"]
}

test_follows_an_organisation_whose_archive_is_not_locked if {
	fs := ir7_02.findings with input as org_scan_snapshot([default_sink], [log_bucket("projects/acme-payments-prod", "_Default", 30, false)]) with data.estate as fx.estate(org_archive_facts(false, 34560000))
	f := finding(fs, default_resource)
	f.status == "fail"
	f.owner.id == fx.org_id
}

test_error_when_the_organisation_could_not_read_its_sink_buckets if {
	fs := ir7_02.findings with input as org_scan_snapshot([default_sink], [log_bucket("projects/acme-payments-prod", "_Default", 30, false)]) with data.estate as fx.estate_unread("storage.sink_buckets")
	finding(fs, default_resource).status == "error"
}
