package irscan.checks.gcp.ir4_03_test

import data.irscan.checks.gcp.ir4_03
import data.irscan.lib.gcp_test as fx

project := "//cloudresourcemanager.googleapis.com/projects/acme-payments-prod"

ancestry := {"name": "projects/acme-payments-prod", "ancestors": ["folders/418273645", "organizations/301234567890"], "organizationScan": null}

org_scan := {"organization": "organizations/301234567890", "snapshot": "gcp-organization-301234567890.json"}

sink(parent, name, destination, extra) := object.union({"name": name, "resourceName": sprintf("%s/sinks/%s", [parent, name]), "destination": destination}, extra)

required := sink("projects/acme-payments-prod", "_Required", "logging.googleapis.com/projects/acme-payments-prod/locations/global/buckets/_Required", {"filter": "LOG_ID(\"cloudaudit.googleapis.com/activity\") OR LOG_ID(\"externalaudit.googleapis.com/activity\") OR LOG_ID(\"cloudaudit.googleapis.com/system_event\")"})

default_sink := sink("projects/acme-payments-prod", "_Default", "logging.googleapis.com/projects/acme-payments-prod/locations/global/buckets/_Default", {"filter": "NOT LOG_ID(\"cloudaudit.googleapis.com/activity\")"})

org_all := sink("organizations/301234567890", "org-all-logs-to-gcs", "storage.googleapis.com/acme-org-audit-logs", {"includeChildren": true})

snapshot(sinks, anc) := {
	"cloud": "gcp",
	"scope": {"type": "project", "id": "acme-payments-prod"},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {
		"logging.sinks": {"status": "ok", "data": {"parents": ["projects/acme-payments-prod", "folders/418273645", "organizations/301234567890"], "sinks": sinks, "serviceDisabled": []}},
		"resourcemanager.ancestry": {"status": "ok", "data": anc},
	},
}

only(fs) := f if {
	count(fs) == 1
	some f in fs
}

test_pass_with_organisation_sink_including_children if {
	fs := ir4_03.findings with input as snapshot([required, default_sink, org_all], ancestry)
	f := only(fs)
	f.status == "pass"
	f.resource == project
	contains(f.message, "sink org-all-logs-to-gcs (inherited from organizations/301234567890, with includeChildren) to storage.googleapis.com/acme-org-audit-logs")
	f.evidence == ["/sections/logging.sinks/data/sinks/2"]
}

test_pass_with_project_sink if {
	own := sink("projects/acme-payments-prod", "all-to-bq", "bigquery.googleapis.com/projects/acme-payments-prod/datasets/all_logs", {})
	fs := ir4_03.findings with input as snapshot([required, default_sink, own], ancestry)
	f := only(fs)
	f.status == "pass"
	contains(f.message, "sink all-to-bq (set on it)")
}

test_fail_with_a_filter if {
	filtered := sink("organizations/301234567890", "org-audit-to-bq", "bigquery.googleapis.com/projects/acme-secops/datasets/audit", {"includeChildren": true, "filter": "logName:\"cloudaudit.googleapis.com\""})
	fs := ir4_03.findings with input as snapshot([required, default_sink, filtered], ancestry)
	f := only(fs)
	f.status == "fail"
	contains(f.message, "sink org-audit-to-bq (inherited from organizations/301234567890, with includeChildren) to bigquery.googleapis.com/projects/acme-secops/datasets/audit: its filter is 'logName:\"cloudaudit.googleapis.com\"'")
	contains(f.message, "sink _Required (set on it)")
}

test_fail_when_ancestor_sink_excludes_children if {
	no_children := sink("organizations/301234567890", "org-only", "storage.googleapis.com/acme-org-audit-logs", {})
	fs := ir4_03.findings with input as snapshot([no_children], ancestry)
	f := only(fs)
	f.status == "fail"
	contains(f.message, "no sink routes its logs")
}

test_fail_when_disabled_or_excluding if {
	off := sink("organizations/301234567890", "org-all", "storage.googleapis.com/b", {"includeChildren": true, "disabled": true})
	excl := sink("folders/418273645", "folder-all", "storage.googleapis.com/c", {"includeChildren": true, "exclusions": [{"name": "no-debug", "filter": "severity<INFO"}, {"name": "old", "filter": "x", "disabled": true}]})
	fs := ir4_03.findings with input as snapshot([off, excl], ancestry)
	f := only(fs)
	f.status == "fail"
	contains(f.message, "sink org-all (inherited from organizations/301234567890, with includeChildren) to storage.googleapis.com/b: it is disabled")
	contains(f.message, "sink folder-all (inherited from folders/418273645, with includeChildren) to storage.googleapis.com/c: it has 1 active exclusion(s)")
}

test_long_filter_is_shortened if {
	long := sink("projects/acme-payments-prod", "x", "storage.googleapis.com/b", {"filter": concat("", ["resource.type=\"gce_instance\" AND ", concat(" OR ", [sprintf("severity=%d", [n]) | some n in numbers.range(1, 20)])])})
	fs := ir4_03.findings with input as snapshot([long], ancestry)
	f := only(fs)
	contains(f.message, "…")
}

test_organisation_scope_needs_include_children if {
	anc := {"name": "organizations/301234567890", "ancestors": [], "organizationScan": null}
	no_children := sink("organizations/301234567890", "org-only", "storage.googleapis.com/acme-org-audit-logs", {})
	inp := json.patch(snapshot([no_children], anc), [{"op": "replace", "path": "/scope", "value": {"type": "organization", "id": "301234567890"}}])
	fs := ir4_03.findings with input as inp
	f := only(fs)
	f.status == "fail"
	f.resource == "//cloudresourcemanager.googleapis.com/organizations/301234567890"
	contains(f.message, "it does not include children")
}

test_organisation_scope_pass if {
	anc := {"name": "organizations/301234567890", "ancestors": [], "organizationScan": null}
	inp := json.patch(snapshot([org_all], anc), [{"op": "replace", "path": "/scope", "value": {"type": "organization", "id": "301234567890"}}])
	fs := ir4_03.findings with input as inp
	f := only(fs)
	f.status == "pass"
	contains(f.message, "sink org-all-logs-to-gcs (set on it)")
}

# An organisation scan's project: the organisation's sinks are in its own snapshot.
org_scan_snapshot(sinks) := json.patch(snapshot(sinks, fx.ancestry_org_scan), [{"op": "replace", "path": "/sections/logging.sinks/data/parents", "value": ["projects/acme-payments-prod", "folders/418273645"]}])

org_sink_fact(filter, disabled) := {
	"name": "org-all-logs-to-gcs", "destination": "storage.googleapis.com/acme-org-audit-logs",
	"include_children": true, "filter": filter, "disabled": disabled, "active_exclusions": 0,
	"pointer": "/sections/logging.sinks/data/sinks/0",
}

org_facts(filter, disabled) := {"sinks": {
	"organizations/301234567890/sinks/org-all-logs-to-gcs": org_sink_fact(filter, disabled),
	"organizations/301234567890/sinks/org-only": object.union(org_sink_fact("", false), {"name": "org-only", "include_children": false, "pointer": "/sections/logging.sinks/data/sinks/1"}),
}}

test_local_sink_that_exports_everything_is_judged_locally if {
	mine := sink("projects/acme-payments-prod", "all", "storage.googleapis.com/mine", {})
	fs := ir4_03.findings with input as org_scan_snapshot([required, mine]) with data.estate as {}
	f := only(fs)
	f.status == "pass"
	contains(f.message, "sink all (set on it) to storage.googleapis.com/mine")
	not contains(f.message, "Judged on")
}

test_follows_an_organisation_sink_that_exports_everything if {
	fs := ir4_03.findings with input as org_scan_snapshot([required, default_sink]) with data.estate as fx.estate(org_facts("", false))
	f := only(fs)
	f.status == "pass"
	f.message == "Every log entry of projects/acme-payments-prod is exported by its organisation: sink org-all-logs-to-gcs (inherited from organizations/301234567890, with includeChildren) to storage.googleapis.com/acme-org-audit-logs; expected an enabled sink with an empty filter (including children when set on an organisation or folder). Judged on organizations/301234567890's evidence (snapshot snapshots/gcp-organization-301234567890.json)."
	f.owner.evidence == ["/sections/logging.sinks/data/sinks/0"]
}

test_follows_a_filtered_organisation_sink if {
	fs := ir4_03.findings with input as org_scan_snapshot([required]) with data.estate as fx.estate(org_facts("severity>=ERROR", false))
	f := only(fs)
	f.status == "fail"
	contains(f.message, "sink org-all-logs-to-gcs (inherited from organizations/301234567890, with includeChildren) to storage.googleapis.com/acme-org-audit-logs: its filter is 'severity>=ERROR'")
	contains(f.message, "sink _Required (set on it)")
	not contains(f.message, "org-only")
	f.owner.id == "301234567890"
}

test_follows_a_disabled_organisation_sink if {
	fs := ir4_03.findings with input as org_scan_snapshot([]) with data.estate as fx.estate(org_facts("", true))
	f := only(fs)
	f.status == "fail"
	contains(f.message, "it is disabled")
}

test_follows_an_organisation_without_sinks if {
	fs := ir4_03.findings with input as org_scan_snapshot([]) with data.estate as fx.estate({"sinks": {}})
	f := only(fs)
	f.status == "fail"
	contains(f.message, "no sink routes its logs")
	f.owner.evidence == ["/sections/logging.sinks/data/sinks"]
}

test_error_when_the_organisation_is_not_in_the_run if {
	fs := ir4_03.findings with input as org_scan_snapshot([required, default_sink]) with data.estate as {}
	f := only(fs)
	f.status == "error"
	contains(f.message, "is held by organizations/301234567890, which is not in this run")
	contains(f.message, "gcp-organization-301234567890.json")
}

test_error_when_the_organisation_could_not_read_its_sinks if {
	fs := ir4_03.findings with input as org_scan_snapshot([required]) with data.estate as fx.estate_unread("logging.sinks")
	f := only(fs)
	f.status == "error"
	contains(f.message, "could not show it: Section \"logging.sinks\" could not be read")
}

test_organisation_scan_judges_a_folder_sink if {
	folder_all := sink("folders/418273645", "folder-all", "storage.googleapis.com/c", {"includeChildren": true})
	fs := ir4_03.findings with input as snapshot([required, folder_all], object.union(ancestry, {"organizationScan": org_scan}))
	f := only(fs)
	f.status == "pass"
	contains(f.message, "inherited from folders/418273645")
}

test_service_disabled_is_noted if {
	inp := json.patch(snapshot([], ancestry), [{"op": "replace", "path": "/sections/logging.sinks/data/serviceDisabled", "value": [{"parent": "projects/acme-payments-prod", "service": "logging.googleapis.com"}]}])
	fs := ir4_03.findings with input as inp
	f := only(fs)
	f.status == "fail"
	contains(f.message, "the Cloud Logging API is disabled in projects/acme-payments-prod")
}

test_no_finding_when_section_absent if {
	inp := json.patch(snapshot([org_all], ancestry), [{"op": "remove", "path": "/sections/logging.sinks"}])
	fs := ir4_03.findings with input as inp
	count(fs) == 0
}

test_no_finding_when_data_null if {
	fs := ir4_03.findings with input as snapshot(null, null)
	count(fs) == 0
}

# A sink to the project's own _Default bucket copies nothing out of the project.
test_fail_with_a_sink_to_the_own_default_bucket if {
	to_default := sink("projects/acme-payments-prod", "everything-to-default", "logging.googleapis.com/projects/acme-payments-prod/locations/global/buckets/_Default", {})
	fs := ir4_03.findings with input as snapshot([required, default_sink, to_default], ancestry)
	f := only(fs)
	f.status == "fail"
	contains(f.message, "sink everything-to-default (set on it) to logging.googleapis.com/projects/acme-payments-prod/locations/global/buckets/_Default: its destination is the _Default log bucket of projects/acme-payments-prod itself, so nothing is copied out of it")
}

# Another project's _Default bucket, or a bucket of the project's own other than _Default, is
# a destination outside Cloud Logging's default storage of the scope.
test_pass_with_a_sink_to_another_projects_bucket_or_an_own_user_bucket if {
	central := sink("projects/acme-payments-prod", "to-central", "logging.googleapis.com/projects/acme-secops/locations/global/buckets/_Default", {})
	fs := ir4_03.findings with input as snapshot([required, central], ancestry)
	only(fs).status == "pass"
	own := sink("projects/acme-payments-prod", "to-archive", "logging.googleapis.com/projects/acme-payments-prod/locations/eu/buckets/archive", {})
	gs := ir4_03.findings with input as snapshot([required, own], ancestry)
	only(gs).status == "pass"
}

# An organisation sink with includeChildren to a project's _Default bucket exports the other
# projects' logs, not that project's own.
test_follows_an_organisation_sink_to_the_projects_own_default_bucket if {
	facts := {"sinks": {"organizations/301234567890/sinks/org-all-logs-to-gcs": object.union(org_sink_fact("", false), {"destination": "logging.googleapis.com/projects/acme-payments-prod/locations/global/buckets/_Default"})}}
	fs := ir4_03.findings with input as org_scan_snapshot([required]) with data.estate as fx.estate(facts)
	f := only(fs)
	f.status == "fail"
	contains(f.message, "its destination is the _Default log bucket of projects/acme-payments-prod itself")
}
