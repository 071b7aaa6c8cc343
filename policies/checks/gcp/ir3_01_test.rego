package irscan.checks.gcp.ir3_01_test

import data.irscan.checks.gcp.ir3_01

project := "//cloudresourcemanager.googleapis.com/projects/acme-payments-prod"

ancestry := {"name": "projects/acme-payments-prod", "ancestors": ["folders/418273645", "organizations/301234567890"], "organizationScan": null}

org_scan := {"organization": "organizations/301234567890", "snapshot": "gcp-organization-301234567890.json"}

subscription(tier) := {"parent": "organizations/301234567890", "subscription": {
	"name": "organizations/301234567890/subscription", "tier": tier,
	"details": {"type": "SUBSCRIPTION", "startTime": "2026-01-01T00:00:00Z", "endTime": "2027-01-01T00:00:00Z"},
}}

setting(resource, state) := {"name": sprintf("%s/securityHealthAnalyticsSettings", [resource]), "serviceEnablementState": state}

sha(project_state, folder_state, org_state, effective) := {
	"settings": [
		setting("projects/acme-payments-prod", project_state),
		setting("folders/418273645", folder_state),
		setting("organizations/301234567890", org_state),
	],
	"effective": setting("projects/acme-payments-prod", effective),
	"serviceDisabled": [],
}

snapshot(sub, settings, anc) := {
	"cloud": "gcp",
	"scope": {"type": "project", "id": "acme-payments-prod"},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {
		"securitycenter.subscription": {"status": "ok", "data": sub},
		"securitycenter.sha_settings": {"status": "ok", "data": settings},
		"resourcemanager.ancestry": {"status": "ok", "data": anc},
	},
}

only(fs) := f if {
	count(fs) == 1
	some f in fs
}

test_pass_with_premium_tier if {
	fs := ir3_01.findings with input as snapshot(subscription("PREMIUM"), sha("INHERITED", "INHERITED", "DISABLED", "DISABLED"), ancestry)
	f := only(fs)
	f.status == "pass"
	f.resource == project
	contains(f.message, "tier PREMIUM on organizations/301234567890, subscription until 2027-01-01T00:00:00Z")
}

test_pass_with_standard_and_inherited_sha if {
	fs := ir3_01.findings with input as snapshot(subscription("STANDARD"), sha("INHERITED", "INHERITED", "ENABLED", "ENABLED"), ancestry)
	f := only(fs)
	f.status == "pass"
	contains(f.message, "Security Health Analytics is ENABLED for projects/acme-payments-prod (inherited from organizations/301234567890)")
}

test_pass_with_googles_default if {
	fs := ir3_01.findings with input as snapshot(subscription("STANDARD"), sha("INHERITED", "INHERITED", "INHERITED", "ENABLED"), ancestry)
	f := only(fs)
	f.status == "pass"
	contains(f.message, "Google's default")
}

test_fail_with_standard_and_sha_disabled_on_folder if {
	fs := ir3_01.findings with input as snapshot(subscription("STANDARD"), sha("INHERITED", "DISABLED", "ENABLED", "DISABLED"), ancestry)
	f := only(fs)
	f.status == "fail"
	contains(f.message, "Security Health Analytics is DISABLED (inherited from folders/418273645)")
}

test_fail_when_scc_not_activated if {
	sub := {"parent": "organizations/301234567890", "subscription": null}
	fs := ir3_01.findings with input as snapshot(sub, sha("INHERITED", "INHERITED", "INHERITED", "DISABLED"), ancestry)
	f := only(fs)
	f.status == "fail"
	contains(f.message, "SCC is not activated for organizations/301234567890")
}

test_project_without_organisation_relies_on_sha if {
	sub := {"parent": null, "subscription": null}
	anc := {"name": "projects/acme-payments-prod", "ancestors": [], "organizationScan": null}
	settings := {"settings": [setting("projects/acme-payments-prod", "ENABLED")], "effective": setting("projects/acme-payments-prod", "ENABLED"), "serviceDisabled": []}
	fs := ir3_01.findings with input as snapshot(sub, settings, anc)
	f := only(fs)
	f.status == "pass"
	contains(f.message, "the SCC tier cannot be read")
	contains(f.message, "set on projects/acme-payments-prod")
}

test_service_disabled_is_data if {
	settings := {
		"settings": [setting("folders/418273645", "INHERITED"), setting("organizations/301234567890", "ENABLED")],
		"effective": null,
		"serviceDisabled": [{"parent": "projects/acme-payments-prod", "service": "securitycenter.googleapis.com", "consumer": "projects/555555555555"}],
	}
	fs := ir3_01.findings with input as snapshot(subscription("STANDARD"), settings, ancestry)
	f := only(fs)
	f.status == "fail"
	contains(f.message, "the Security Command Center API is disabled in projects/acme-payments-prod (SERVICE_DISABLED)")
}

test_service_disabled_with_premium_passes if {
	settings := {"settings": [], "effective": null, "serviceDisabled": [{"parent": "projects/acme-payments-prod", "service": "securitycenter.googleapis.com"}]}
	fs := ir3_01.findings with input as snapshot(subscription("ENTERPRISE"), settings, ancestry)
	f := only(fs)
	f.status == "pass"
}

test_organisation_scope if {
	inp := json.patch(snapshot(subscription("STANDARD"), {"settings": [setting("organizations/301234567890", "ENABLED")], "effective": setting("organizations/301234567890", "ENABLED"), "serviceDisabled": []}, {"name": "organizations/301234567890", "ancestors": [], "organizationScan": null}), [{"op": "replace", "path": "/scope", "value": {"type": "organization", "id": "301234567890"}}])
	fs := ir3_01.findings with input as inp
	f := only(fs)
	f.status == "pass"
	f.resource == "//cloudresourcemanager.googleapis.com/organizations/301234567890"
}

test_organisation_scan_defers_inherited_settings if {
	fs := ir3_01.findings with input as snapshot(subscription("STANDARD"), sha("INHERITED", "INHERITED", "DISABLED", "DISABLED"), object.union(ancestry, {"organizationScan": org_scan}))
	f := only(fs)
	f.status == "pass"
	contains(f.message, "this scan assesses it once, on the organisation's own finding (snapshot gcp-organization-301234567890.json)")
}

test_organisation_scan_judges_a_project_override if {
	fs := ir3_01.findings with input as snapshot(subscription("STANDARD"), sha("DISABLED", "INHERITED", "ENABLED", "DISABLED"), object.union(ancestry, {"organizationScan": org_scan}))
	f := only(fs)
	f.status == "fail"
	contains(f.message, "set on projects/acme-payments-prod")
}

test_no_finding_when_section_absent if {
	inp := json.patch(snapshot(subscription("PREMIUM"), sha("INHERITED", "INHERITED", "ENABLED", "ENABLED"), ancestry), [{"op": "remove", "path": "/sections/securitycenter.sha_settings"}])
	fs := ir3_01.findings with input as inp
	count(fs) == 0
}

test_no_finding_when_data_null if {
	fs := ir3_01.findings with input as snapshot(null, null, null)
	count(fs) == 0
}
