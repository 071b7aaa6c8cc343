package irscan.checks.gcp.ir5_01_test

import data.irscan.checks.gcp.ir5_01
import data.irscan.lib.gcp_test as fx

project := "//cloudresourcemanager.googleapis.com/projects/acme-payments-prod"

ancestry := {"name": "projects/acme-payments-prod", "ancestors": ["folders/418273645", "organizations/301234567890"], "organizationScan": null}

org_scan := {"organization": "organizations/301234567890", "snapshot": "gcp-organization-301234567890.json"}

config(name, filter) := {
	"name": name,
	"pubsubTopic": "projects/acme-secops/topics/scc-findings",
	"serviceAccount": "service-org-301234567890@gcp-sa-scc-notification.iam.gserviceaccount.com",
	"streamingConfig": {"filter": filter},
}

org_config(filter) := config("organizations/301234567890/notificationConfigs/scc-active-high", filter)

snapshot(configs, anc) := {
	"cloud": "gcp",
	"scope": {"type": "project", "id": "acme-payments-prod"},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {
		"securitycenter.notification_configs": {"status": "ok", "data": {"parents": ["organizations/301234567890", "folders/418273645", "projects/acme-payments-prod"], "notificationConfigs": configs}},
		"resourcemanager.ancestry": {"status": "ok", "data": anc},
	},
}

only(fs) := f if {
	count(fs) == 1
	some f in fs
}

test_pass_with_severity_and_state if {
	fs := ir5_01.findings with input as snapshot([org_config("state = \"ACTIVE\" AND mute != \"MUTED\" AND (severity = \"HIGH\" OR severity = \"CRITICAL\")")], ancestry)
	f := only(fs)
	f.status == "pass"
	f.resource == project
	contains(f.message, "organizations/301234567890/notificationConfigs/scc-active-high filters")
	f.evidence == ["/sections/securitycenter.notification_configs/data/notificationConfigs/0"]
}

test_pass_compact_syntax if {
	fs := ir5_01.findings with input as snapshot([org_config("state=\"ACTIVE\" AND severity=\"CRITICAL\"")], ancestry)
	f := only(fs)
	f.status == "pass"
}

test_pass_when_one_of_two_configs_filters if {
	fs := ir5_01.findings with input as snapshot([config("projects/acme-payments-prod/notificationConfigs/all", ""), org_config("state=\"ACTIVE\" AND severity=\"HIGH\"")], ancestry)
	f := only(fs)
	f.status == "pass"
	f.evidence == ["/sections/securitycenter.notification_configs/data/notificationConfigs/1"]
}

test_fail_without_filter if {
	fs := ir5_01.findings with input as snapshot([org_config("")], ancestry)
	f := only(fs)
	f.status == "fail"
	contains(f.message, "scc-active-high has no filter (every finding)")
}

test_fail_when_streaming_config_absent if {
	fs := ir5_01.findings with input as snapshot([object.remove(org_config(""), ["streamingConfig"])], ancestry)
	f := only(fs)
	f.status == "fail"
}

test_fail_without_state if {
	fs := ir5_01.findings with input as snapshot([org_config("severity=\"HIGH\" OR severity=\"CRITICAL\"")], ancestry)
	f := only(fs)
	f.status == "fail"
}

test_fail_with_low_severity_or_inactive if {
	fs := ir5_01.findings with input as snapshot([org_config("state=\"INACTIVE\" AND severity=\"HIGH\""), config("projects/acme-payments-prod/notificationConfigs/low", "state=\"ACTIVE\" AND severity=\"LOW\"")], ancestry)
	f := only(fs)
	f.status == "fail"
	contains(f.message, "low filters 'state=\"ACTIVE\" AND severity=\"LOW\"'")
}

test_fail_when_no_config if {
	fs := ir5_01.findings with input as snapshot([], ancestry)
	f := only(fs)
	f.status == "fail"
	contains(f.message, "listed on organizations/301234567890, folders/418273645, projects/acme-payments-prod")
}

test_project_scan_snapshot_holding_organisation_configs_is_judged_locally if {
	fs := ir5_01.findings with input as snapshot([config("projects/acme-payments-prod/notificationConfigs/all", "")], object.union(ancestry, {"organizationScan": org_scan}))
	f := only(fs)
	f.status == "fail"
}

# An organisation scan's project: the organisation's configs are in its own snapshot.
org_scan_snapshot(configs) := json.patch(snapshot(configs, fx.ancestry_org_scan), [{"op": "replace", "path": "/sections/securitycenter.notification_configs/data/parents", "value": ["projects/acme-payments-prod", "folders/418273645"]}])

org_facts(filter) := {"notification_configs": {"organizations/301234567890/notificationConfigs/scc-active-high": {
	"pointer": "/sections/securitycenter.notification_configs/data/notificationConfigs/0",
	"filter": filter,
	"topic": {"name": "projects/acme-secops/topics/scc-findings", "read": true, "exists": true, "subscriptions": 1, "pointer": "/sections/pubsub.topics/data/topics/0"},
	"consumers": [], "consumers_read": true,
}}}

test_local_prioritised_config_is_judged_locally if {
	fs := ir5_01.findings with input as org_scan_snapshot([config("folders/418273645/notificationConfigs/high", "state=\"ACTIVE\" AND severity=\"HIGH\"")]) with data.estate as {}
	f := only(fs)
	f.status == "pass"
	contains(f.message, "folders/418273645/notificationConfigs/high filters")
	not contains(f.message, "Judged on")
}

test_follows_a_prioritised_organisation_config if {
	fs := ir5_01.findings with input as org_scan_snapshot([config("projects/acme-payments-prod/notificationConfigs/all", "")]) with data.estate as fx.estate(org_facts("state=\"ACTIVE\" AND severity=\"CRITICAL\""))
	f := only(fs)
	f.status == "pass"
	contains(f.message, "SCC findings of projects/acme-payments-prod are forwarded by severity by its organisation's notification config(s): organizations/301234567890/notificationConfigs/scc-active-high filters 'state=\"ACTIVE\" AND severity=\"CRITICAL\"'")
	endswith(f.message, "Judged on organizations/301234567890's evidence (snapshot snapshots/gcp-organization-301234567890.json).")
	f.owner.evidence == ["/sections/securitycenter.notification_configs/data/notificationConfigs/0"]
}

test_follows_an_unfiltered_organisation_config if {
	fs := ir5_01.findings with input as org_scan_snapshot([config("projects/acme-payments-prod/notificationConfigs/all", "")]) with data.estate as fx.estate(org_facts(""))
	f := only(fs)
	f.status == "fail"
	contains(f.message, "(projects/acme-payments-prod/notificationConfigs/all has no filter (every finding); organizations/301234567890/notificationConfigs/scc-active-high has no filter (every finding))")
	f.owner.id == "301234567890"
}

test_follows_an_organisation_without_configs if {
	fs := ir5_01.findings with input as org_scan_snapshot([]) with data.estate as fx.estate({"notification_configs": {}})
	f := only(fs)
	f.status == "fail"
	contains(f.message, "none is set on projects/acme-payments-prod, folders/418273645 or on organizations/301234567890")
}

test_error_when_the_organisation_is_not_in_the_run if {
	fs := ir5_01.findings with input as org_scan_snapshot([]) with data.estate as {}
	f := only(fs)
	f.status == "error"
	contains(f.message, "is held by organizations/301234567890, which is not in this run")
	contains(f.message, "gcp-organization-301234567890.json")
}

test_error_when_the_organisation_could_not_read_its_configs if {
	fs := ir5_01.findings with input as org_scan_snapshot([]) with data.estate as fx.estate_unread("securitycenter.notification_configs")
	f := only(fs)
	f.status == "error"
	contains(f.message, "could not show it: Section \"securitycenter.notification_configs\" could not be read")
}

test_organisation_scope if {
	anc := {"name": "organizations/301234567890", "ancestors": [], "organizationScan": null}
	inp := json.patch(snapshot([org_config("state=\"ACTIVE\" AND severity=\"HIGH\"")], anc), [{"op": "replace", "path": "/scope", "value": {"type": "organization", "id": "301234567890"}}])
	fs := ir5_01.findings with input as inp
	f := only(fs)
	f.status == "pass"
	f.resource == "//cloudresourcemanager.googleapis.com/organizations/301234567890"
}

test_no_finding_when_section_absent if {
	inp := json.patch(snapshot([org_config("")], ancestry), [{"op": "remove", "path": "/sections/securitycenter.notification_configs"}])
	fs := ir5_01.findings with input as inp
	count(fs) == 0
}

test_no_finding_when_data_null if {
	inp := json.patch(snapshot([org_config("")], null), [{"op": "replace", "path": "/sections/securitycenter.notification_configs/data", "value": null}])
	fs := ir5_01.findings with input as inp
	count(fs) == 0
}
