package irscan.checks.gcp.ir3_02_test

import data.irscan.checks.gcp.ir3_02

sha_resource := "//securitycenter.googleapis.com/projects/acme-payments-prod/securityHealthAnalyticsSettings"

etd_resource := "//securitycenter.googleapis.com/projects/acme-payments-prod/eventThreatDetectionSettings"

ancestry := {"name": "projects/acme-payments-prod", "ancestors": ["folders/418273645", "organizations/301234567890"], "organizationScan": null}

org_scan := {"organization": "organizations/301234567890", "snapshot": "gcp-organization-301234567890.json"}

setting(resource, kind, state) := {"name": sprintf("%s/%s", [resource, kind]), "serviceEnablementState": state}

settings(kind, states, effective) := {
	"settings": [
		setting("projects/acme-payments-prod", kind, states[0]),
		setting("folders/418273645", kind, states[1]),
		setting("organizations/301234567890", kind, states[2]),
	],
	"effective": setting("projects/acme-payments-prod", kind, effective),
	"serviceDisabled": [],
}

sha(states, effective) := settings("securityHealthAnalyticsSettings", states, effective)

etd(states, effective) := settings("eventThreatDetectionSettings", states, effective)

snapshot(s, e, anc) := {
	"cloud": "gcp",
	"scope": {"type": "project", "id": "acme-payments-prod"},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {
		"securitycenter.sha_settings": {"status": "ok", "data": s},
		"securitycenter.etd_settings": {"status": "ok", "data": e},
		"resourcemanager.ancestry": {"status": "ok", "data": anc},
	},
}

inherited := ["INHERITED", "INHERITED", "ENABLED"]

results(fs) := {[f.resource, f.status] | some f in fs}

finding(fs, resource) := f if {
	some f in fs
	f.resource == resource
}

test_pass_when_both_inherited_enabled if {
	fs := ir3_02.findings with input as snapshot(sha(inherited, "ENABLED"), etd(inherited, "ENABLED"), ancestry)
	results(fs) == {[sha_resource, "pass"], [etd_resource, "pass"]}
	f := finding(fs, etd_resource)
	f.message == "Event Threat Detection is ENABLED for projects/acme-payments-prod (inherited from organizations/301234567890), as expected."
}

test_pass_when_set_on_the_project if {
	fs := ir3_02.findings with input as snapshot(sha(["ENABLED", "DISABLED", "DISABLED"], "ENABLED"), etd(inherited, "ENABLED"), ancestry)
	f := finding(fs, sha_resource)
	f.status == "pass"
	contains(f.message, "(set on projects/acme-payments-prod)")
}

test_fail_when_etd_disabled if {
	fs := ir3_02.findings with input as snapshot(sha(inherited, "ENABLED"), etd(["INHERITED", "INHERITED", "INHERITED"], "DISABLED"), ancestry)
	results(fs) == {[sha_resource, "pass"], [etd_resource, "fail"]}
	f := finding(fs, etd_resource)
	contains(f.message, "it is DISABLED (Google's default: no level sets it)")
}

test_fail_when_a_folder_disables_it if {
	fs := ir3_02.findings with input as snapshot(sha(["INHERITED", "DISABLED", "ENABLED"], "DISABLED"), etd(inherited, "ENABLED"), ancestry)
	f := finding(fs, sha_resource)
	f.status == "fail"
	contains(f.message, "inherited from folders/418273645")
}

test_service_disabled_is_data if {
	s := {"settings": [setting("folders/418273645", "securityHealthAnalyticsSettings", "INHERITED"), setting("organizations/301234567890", "securityHealthAnalyticsSettings", "ENABLED")], "effective": null, "serviceDisabled": [{"parent": "projects/acme-payments-prod", "service": "securitycenter.googleapis.com", "consumer": "projects/555555555555"}]}
	fs := ir3_02.findings with input as snapshot(s, etd(inherited, "ENABLED"), ancestry)
	f := finding(fs, sha_resource)
	f.status == "fail"
	contains(f.message, "disabled in projects/acme-payments-prod (SERVICE_DISABLED)")
}

test_organisation_scope if {
	anc := {"name": "organizations/301234567890", "ancestors": [], "organizationScan": null}
	s := {"settings": [setting("organizations/301234567890", "securityHealthAnalyticsSettings", "ENABLED")], "effective": setting("organizations/301234567890", "securityHealthAnalyticsSettings", "ENABLED"), "serviceDisabled": []}
	e := {"settings": [setting("organizations/301234567890", "eventThreatDetectionSettings", "DISABLED")], "effective": setting("organizations/301234567890", "eventThreatDetectionSettings", "DISABLED"), "serviceDisabled": []}
	inp := json.patch(snapshot(s, e, anc), [{"op": "replace", "path": "/scope", "value": {"type": "organization", "id": "301234567890"}}])
	fs := ir3_02.findings with input as inp
	results(fs) == {
		["//securitycenter.googleapis.com/organizations/301234567890/securityHealthAnalyticsSettings", "pass"],
		["//securitycenter.googleapis.com/organizations/301234567890/eventThreatDetectionSettings", "fail"],
	}
	f := finding(fs, "//securitycenter.googleapis.com/organizations/301234567890/eventThreatDetectionSettings")
	contains(f.message, "(set on organizations/301234567890)")
}

# :calculate is the effective value at the scope: judged there in every scan, naming where it
# is set; whether the organisation's snapshot is in the run changes nothing.
test_organisation_scan_judges_the_effective_value if {
	anc := object.union(ancestry, {"organizationScan": org_scan})
	fs := ir3_02.findings with input as snapshot(sha(inherited, "ENABLED"), etd(["DISABLED", "INHERITED", "ENABLED"], "DISABLED"), anc)
	results(fs) == {[sha_resource, "pass"], [etd_resource, "fail"]}
	f := finding(fs, sha_resource)
	contains(f.message, "Security Health Analytics is ENABLED for projects/acme-payments-prod (inherited from organizations/301234567890)")
	g := finding(fs, etd_resource)
	contains(g.message, "(set on projects/acme-payments-prod)")
}

test_organisation_scan_fails_on_a_failing_organisation if {
	anc := object.union(ancestry, {"organizationScan": org_scan})
	inp := snapshot(sha(inherited, "ENABLED"), etd(["INHERITED", "INHERITED", "DISABLED"], "DISABLED"), anc)
	fs := ir3_02.findings with input as inp
	results(fs) == {[sha_resource, "pass"], [etd_resource, "fail"]}
	f := finding(fs, etd_resource)
	contains(f.message, "it is DISABLED (inherited from organizations/301234567890)")
	fs_alone := ir3_02.findings with input as inp with data.estate as {}
	fs_alone == fs
}

test_no_etd_finding_when_its_section_absent if {
	inp := json.patch(snapshot(sha(inherited, "ENABLED"), etd(inherited, "ENABLED"), ancestry), [{"op": "remove", "path": "/sections/securitycenter.etd_settings"}])
	fs := ir3_02.findings with input as inp
	results(fs) == {[sha_resource, "pass"]}
}

test_no_finding_when_data_null if {
	fs := ir3_02.findings with input as snapshot(null, null, null)
	count(fs) == 0
}
