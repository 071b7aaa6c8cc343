package irscan.checks.gcp.ir3_01_test

import data.irscan.checks.gcp.ir3_01
import data.irscan.lib.gcp_test as fx

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

# An organisation scan's project: the tier is the organisation's, held by its own snapshot
# (no call: "parent": null).
not_held := {"parent": null, "subscription": null}

org_facts(tier) := {"scc_subscription": {"tier": tier, "end_time": "2027-01-01T00:00:00Z", "pointer": "/sections/securitycenter.subscription/data/subscription"}}

test_effective_sha_enabled_passes_whatever_the_tier if {
	fs := ir3_01.findings with input as snapshot(not_held, sha("INHERITED", "INHERITED", "ENABLED", "ENABLED"), fx.ancestry_org_scan) with data.estate as {}
	f := only(fs)
	f.status == "pass"
	f.message == "Security Command Center is active: Security Health Analytics is ENABLED for projects/acme-payments-prod (inherited from organizations/301234567890), whatever the tier set on organizations/301234567890; expected Premium or Enterprise, or Standard with Security Health Analytics enabled."
}

test_follows_a_premium_organisation if {
	fs := ir3_01.findings with input as snapshot(not_held, sha("INHERITED", "INHERITED", "DISABLED", "DISABLED"), fx.ancestry_org_scan) with data.estate as fx.estate(org_facts("PREMIUM"))
	f := only(fs)
	f.status == "pass"
	contains(f.message, "Security Command Center is active: tier PREMIUM on organizations/301234567890, subscription until 2027-01-01T00:00:00Z;")
	contains(f.message, "Judged on organizations/301234567890's evidence")
	f.owner.evidence == ["/sections/securitycenter.subscription/data/subscription"]
}

test_follows_a_standard_organisation if {
	fs := ir3_01.findings with input as snapshot(not_held, sha("DISABLED", "INHERITED", "ENABLED", "DISABLED"), fx.ancestry_org_scan) with data.estate as fx.estate(org_facts("STANDARD"))
	f := only(fs)
	f.status == "fail"
	contains(f.message, "Security Command Center is not active for projects/acme-payments-prod: tier STANDARD on organizations/301234567890, subscription until 2027-01-01T00:00:00Z, and Security Health Analytics is DISABLED (set on projects/acme-payments-prod)")
}

test_follows_an_organisation_without_scc if {
	fs := ir3_01.findings with input as snapshot(not_held, sha("INHERITED", "INHERITED", "DISABLED", "DISABLED"), fx.ancestry_org_scan) with data.estate as fx.estate(org_facts(""))
	f := only(fs)
	f.status == "fail"
	contains(f.message, "SCC is not activated for organizations/301234567890 (getSubscription answered NOT_FOUND)")
}

test_error_when_the_organisation_is_not_in_the_run if {
	fs := ir3_01.findings with input as snapshot(not_held, sha("INHERITED", "INHERITED", "DISABLED", "DISABLED"), fx.ancestry_org_scan) with data.estate as {}
	f := only(fs)
	f.status == "error"
	contains(f.message, "The Security Command Center tier that applies to projects/acme-payments-prod (Security Health Analytics is DISABLED (inherited from organizations/301234567890), so the tier decides) is held by organizations/301234567890, which is not in this run")
}

test_error_when_the_organisation_could_not_read_its_tier if {
	fs := ir3_01.findings with input as snapshot(not_held, sha("INHERITED", "INHERITED", "DISABLED", "DISABLED"), fx.ancestry_org_scan) with data.estate as fx.estate_unread("securitycenter.subscription")
	f := only(fs)
	f.status == "error"
	contains(f.message, "could not show it")
}

test_project_scan_judges_the_tier_it_holds if {
	fs := ir3_01.findings with input as snapshot(subscription("STANDARD"), sha("DISABLED", "INHERITED", "ENABLED", "DISABLED"), fx.ancestry_project_scan) with data.estate as fx.estate(org_facts("PREMIUM"))
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
