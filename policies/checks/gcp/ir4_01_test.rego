package irscan.checks.gcp.ir4_01_test

import data.irscan.checks.gcp.ir4_01
import data.irscan.lib.gcp_test as fx

project := "//cloudresourcemanager.googleapis.com/projects/acme-payments-prod"

ancestry := {"name": "projects/acme-payments-prod", "ancestors": ["folders/418273645", "organizations/301234567890"], "organizationScan": null}

org_scan := {"organization": "organizations/301234567890", "snapshot": "gcp-organization-301234567890.json"}

all_types := {"service": "allServices", "auditLogConfigs": [{"logType": "ADMIN_READ"}, {"logType": "DATA_READ"}, {"logType": "DATA_WRITE"}]}

configs(p, f, o) := {"auditConfigs": {
	"projects/acme-payments-prod": p,
	"folders/418273645": f,
	"organizations/301234567890": o,
}}

snapshot(d, anc) := {
	"cloud": "gcp",
	"scope": {"type": "project", "id": "acme-payments-prod"},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {
		"resourcemanager.iam_audit_configs": {"status": "ok", "data": d},
		"resourcemanager.ancestry": {"status": "ok", "data": anc},
	},
}

only(fs) := f if {
	count(fs) == 1
	some f in fs
}

test_pass_with_audit_config_inherited_from_organisation if {
	fs := ir4_01.findings with input as snapshot(configs([], [], [all_types]), ancestry)
	f := only(fs)
	f.status == "pass"
	f.resource == project
	contains(f.message, "ADMIN_READ (inherited from organizations/301234567890), DATA_READ (inherited from organizations/301234567890), DATA_WRITE (inherited from organizations/301234567890)")
	f.evidence == [
		"/sections/resourcemanager.iam_audit_configs/data/auditConfigs/projects~1acme-payments-prod",
		"/sections/resourcemanager.iam_audit_configs/data/auditConfigs/folders~1418273645",
		"/sections/resourcemanager.iam_audit_configs/data/auditConfigs/organizations~1301234567890",
	]
}

test_pass_with_types_spread_over_levels if {
	p := [{"service": "allServices", "auditLogConfigs": [{"logType": "DATA_WRITE"}]}]
	o := [{"service": "allServices", "auditLogConfigs": [{"logType": "ADMIN_READ"}, {"logType": "DATA_READ"}]}]
	fs := ir4_01.findings with input as snapshot(configs(p, [], o), ancestry)
	f := only(fs)
	f.status == "pass"
	contains(f.message, "DATA_WRITE (set on projects/acme-payments-prod)")
}

test_fail_when_data_read_missing if {
	o := [{"service": "allServices", "auditLogConfigs": [{"logType": "ADMIN_READ"}, {"logType": "DATA_WRITE"}]}]
	fs := ir4_01.findings with input as snapshot(configs([], [], o), ancestry)
	f := only(fs)
	f.status == "fail"
	contains(f.message, "DATA_READ is not enabled for allServices on projects/acme-payments-prod or any ancestor")
}

test_fail_when_nothing_configured if {
	fs := ir4_01.findings with input as snapshot(configs([], [], []), ancestry)
	f := only(fs)
	f.status == "fail"
	contains(f.message, "ADMIN_READ, DATA_READ and DATA_WRITE are not enabled")
}

test_fail_with_exempted_member if {
	p := [{"service": "allServices", "auditLogConfigs": [{"logType": "DATA_READ", "exemptedMembers": ["serviceAccount:payments-batch@acme-payments-prod.iam.gserviceaccount.com"]}]}]
	fs := ir4_01.findings with input as snapshot(configs(p, [], [all_types]), ancestry)
	f := only(fs)
	f.status == "fail"
	contains(f.message, "DATA_READ of allServices exempts serviceAccount:payments-batch@acme-payments-prod.iam.gserviceaccount.com (set on projects/acme-payments-prod)")
}

test_fail_with_exemption_for_one_service if {
	fo := [{"service": "storage.googleapis.com", "auditLogConfigs": [{"logType": "DATA_READ", "exemptedMembers": ["group:etl@acme.example", "user:jo@acme.example"]}]}]
	fs := ir4_01.findings with input as snapshot(configs([], fo, [all_types]), ancestry)
	f := only(fs)
	f.status == "fail"
	contains(f.message, "DATA_READ of storage.googleapis.com exempts group:etl@acme.example, user:jo@acme.example (set on folders/418273645)")
}

test_organisation_scope if {
	anc := {"name": "organizations/301234567890", "ancestors": [], "organizationScan": null}
	inp := json.patch(snapshot({"auditConfigs": {"organizations/301234567890": [all_types]}}, anc), [{"op": "replace", "path": "/scope", "value": {"type": "organization", "id": "301234567890"}}])
	fs := ir4_01.findings with input as inp
	f := only(fs)
	f.status == "pass"
	f.resource == "//cloudresourcemanager.googleapis.com/organizations/301234567890"
	contains(f.message, "ADMIN_READ (set on organizations/301234567890)")
}

test_error_when_an_ancestor_policy_is_missing if {
	fs := ir4_01.findings with input as snapshot({"auditConfigs": {"projects/acme-payments-prod": [all_types], "organizations/301234567890": [all_types]}}, ancestry)
	f := only(fs)
	f.status == "error"
	contains(f.message, "The IAM policy of folders/418273645 is missing")
}

# An organisation scan's project: the organisation's policy is in its own snapshot.
own(p, f) := {"auditConfigs": {"projects/acme-payments-prod": p, "folders/418273645": f}}

org_facts(types, exemptions) := {"audit_configs": {
	"pointer": "/sections/resourcemanager.iam_audit_configs/data/auditConfigs/organizations~1301234567890",
	"log_types": types,
	"exemptions": exemptions,
}}

exempt := [{"service": "allServices", "auditLogConfigs": [{"logType": "DATA_READ", "exemptedMembers": ["user:jo@acme.example"]}]}]

test_local_exemption_fails_whatever_the_organisation if {
	fs := ir4_01.findings with input as snapshot(own(exempt, []), fx.ancestry_org_scan) with data.estate as {}
	f := only(fs)
	f.status == "fail"
	contains(f.message, "DATA_READ of allServices exempts user:jo@acme.example (set on projects/acme-payments-prod)")
	not contains(f.message, "Judged on")
	fs2 := ir4_01.findings with input as snapshot(own(exempt, []), fx.ancestry_org_scan) with data.estate as fx.estate(org_facts(["ADMIN_READ", "DATA_READ", "DATA_WRITE"], []))
	fs2 == fs
}

test_folder_exemption_fails_the_project if {
	fs := ir4_01.findings with input as snapshot(own([], exempt), fx.ancestry_org_scan) with data.estate as {}
	f := only(fs)
	f.status == "fail"
	contains(f.message, "(set on folders/418273645)")
}

test_follows_the_organisation_when_it_logs_everything if {
	fs := ir4_01.findings with input as snapshot(own([], []), fx.ancestry_org_scan) with data.estate as fx.estate(org_facts(["ADMIN_READ", "DATA_READ", "DATA_WRITE"], []))
	f := only(fs)
	f.status == "pass"
	f.message == "Data Access audit logs are on for allServices for projects/acme-payments-prod: ADMIN_READ (inherited from organizations/301234567890), DATA_READ (inherited from organizations/301234567890), DATA_WRITE (inherited from organizations/301234567890), with no exempted member; expected ADMIN_READ, DATA_READ and DATA_WRITE for allServices and no exemption. Judged on organizations/301234567890's evidence (snapshot snapshots/gcp-organization-301234567890.json)."
	f.owner.evidence == ["/sections/resourcemanager.iam_audit_configs/data/auditConfigs/organizations~1301234567890"]
	f.evidence == [
		"/sections/resourcemanager.iam_audit_configs/data/auditConfigs/projects~1acme-payments-prod",
		"/sections/resourcemanager.iam_audit_configs/data/auditConfigs/folders~1418273645",
	]
}

test_follows_the_union_with_the_organisation if {
	p := [{"service": "allServices", "auditLogConfigs": [{"logType": "DATA_WRITE"}]}]
	fs := ir4_01.findings with input as snapshot(own(p, []), fx.ancestry_org_scan) with data.estate as fx.estate(org_facts(["ADMIN_READ", "DATA_READ"], []))
	f := only(fs)
	f.status == "pass"
	contains(f.message, "DATA_READ (inherited from organizations/301234567890), DATA_WRITE (set on projects/acme-payments-prod)")
}

test_follows_the_organisation_when_data_read_is_missing if {
	fs := ir4_01.findings with input as snapshot(own([], []), fx.ancestry_org_scan) with data.estate as fx.estate(org_facts(["ADMIN_READ", "DATA_WRITE"], []))
	f := only(fs)
	f.status == "fail"
	contains(f.message, "DATA_READ is not enabled for allServices on projects/acme-payments-prod or any ancestor")
	contains(f.message, "Judged on organizations/301234567890's evidence")
}

test_follows_an_organisation_exemption if {
	fs := ir4_01.findings with input as snapshot(own([], []), fx.ancestry_org_scan) with data.estate as fx.estate(org_facts(["ADMIN_READ", "DATA_READ", "DATA_WRITE"], [{"service": "storage.googleapis.com", "log_type": "DATA_READ", "members": ["serviceAccount:etl@x.iam.gserviceaccount.com"]}]))
	f := only(fs)
	f.status == "fail"
	contains(f.message, "DATA_READ of storage.googleapis.com exempts serviceAccount:etl@x.iam.gserviceaccount.com (set on organizations/301234567890)")
}

test_error_when_the_organisation_is_not_in_the_run if {
	fs := ir4_01.findings with input as snapshot(own([], []), fx.ancestry_org_scan) with data.estate as {}
	f := only(fs)
	f.status == "error"
	contains(f.message, "Data Access audit logging for projects/acme-payments-prod (the union of the audit configs of the project, its folders and its organisation) is held by organizations/301234567890, which is not in this run")
}

test_error_when_the_organisation_could_not_read_its_policy if {
	fs := ir4_01.findings with input as snapshot(own([], []), fx.ancestry_org_scan) with data.estate as fx.estate_unread("resourcemanager.iam_audit_configs")
	f := only(fs)
	f.status == "error"
	contains(f.message, "could not show it")
}

test_error_when_a_folder_policy_is_missing_in_an_organisation_scan if {
	fs := ir4_01.findings with input as snapshot({"auditConfigs": {"projects/acme-payments-prod": []}}, fx.ancestry_org_scan) with data.estate as fx.estate(org_facts(["ADMIN_READ", "DATA_READ", "DATA_WRITE"], []))
	f := only(fs)
	f.status == "error"
	contains(f.message, "The IAM policy of folders/418273645 is missing")
	contains(f.message, "(but organizations/301234567890's, held by its own snapshot)")
}

test_no_finding_when_section_absent if {
	inp := json.patch(snapshot(configs([], [], [all_types]), ancestry), [{"op": "remove", "path": "/sections/resourcemanager.iam_audit_configs"}])
	fs := ir4_01.findings with input as inp
	count(fs) == 0
}

test_no_finding_when_data_null if {
	fs := ir4_01.findings with input as snapshot(null, null)
	count(fs) == 0
}
