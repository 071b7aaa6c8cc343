package irscan.checks.gcp.ir5_01_test

import data.irscan.checks.gcp.ir5_01

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

test_organisation_scan_defers_to_the_organisation if {
	fs := ir5_01.findings with input as snapshot([org_config("")], object.union(ancestry, {"organizationScan": org_scan}))
	f := only(fs)
	f.status == "pass"
	contains(f.message, "(1 config(s) come from its organisation)")
}

test_organisation_scan_judges_a_project_config if {
	fs := ir5_01.findings with input as snapshot([config("projects/acme-payments-prod/notificationConfigs/all", "")], object.union(ancestry, {"organizationScan": org_scan}))
	f := only(fs)
	f.status == "fail"
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
