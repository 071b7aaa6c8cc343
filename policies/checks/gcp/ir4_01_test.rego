package irscan.checks.gcp.ir4_01_test

import data.irscan.checks.gcp.ir4_01

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

test_organisation_scan_defers_when_nothing_below if {
	fs := ir4_01.findings with input as snapshot(configs([], [], []), object.union(ancestry, {"organizationScan": org_scan}))
	f := only(fs)
	f.status == "pass"
	contains(f.message, "Neither project acme-payments-prod nor a folder above it has an audit config")
	contains(f.message, "gcp-organization-301234567890.json")
}

test_organisation_scan_judges_a_project_exemption if {
	p := [{"service": "allServices", "auditLogConfigs": [{"logType": "DATA_READ", "exemptedMembers": ["user:jo@acme.example"]}]}]
	fs := ir4_01.findings with input as snapshot(configs(p, [], [all_types]), object.union(ancestry, {"organizationScan": org_scan}))
	f := only(fs)
	f.status == "fail"
	contains(f.message, "exempts user:jo@acme.example (set on projects/acme-payments-prod)")
}

test_error_when_an_ancestor_policy_is_missing if {
	fs := ir4_01.findings with input as snapshot({"auditConfigs": {"projects/acme-payments-prod": [all_types]}}, ancestry)
	f := only(fs)
	f.status == "error"
	contains(f.message, "The IAM policy of folders/418273645, organizations/301234567890 is missing")
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
