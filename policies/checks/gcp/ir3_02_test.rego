package irscan.checks.gcp.ir3_02_test

import data.irscan.checks.gcp.ir3_02
import data.irscan.lib.gcp_test as fx

res(scope, suffix) := sprintf("//securitycenter.googleapis.com/%s/%s", [scope, suffix])

sha_resource := res("projects/acme-payments-prod", "securityHealthAnalyticsSettings")

etd_resource := res("projects/acme-payments-prod", "eventThreatDetectionSettings")

ctd_resource := res("projects/acme-payments-prod", "containerThreatDetectionSettings")

vmtd_resource := res("projects/acme-payments-prod", "virtualMachineThreatDetectionSettings")

ancestry := fx.ancestry_project_scan

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

inherited := ["INHERITED", "INHERITED", "ENABLED"]

# The Management API's answer for the project: effective states by service ID, intended
# INHERITED unless said.
service(scope, id, intended, effective) := {"name": sprintf("%s/locations/global/securityCenterServices/%s", [scope, id]), "intendedEnablementState": intended, "effectiveEnablementState": effective}

all_enabled := {"security-health-analytics": "ENABLED", "event-threat-detection": "ENABLED", "container-threat-detection": "ENABLED", "vm-threat-detection": "ENABLED"}

parents := ["projects/acme-payments-prod/locations/global", "folders/418273645/locations/global", "organizations/301234567890/locations/global"]

# The project's services (intended INHERITED), and the organisation's, which sets each to the
# project's effective state.
services(states) := {
	"parents": parents, "services": array.concat(
		[service("projects/acme-payments-prod", id, "INHERITED", st) | some id, st in states],
		[service("organizations/301234567890", id, st, st) | some id, st in states],
	),
	"serviceDisabled": [],
}

subscription(tier) := {"parent": "organizations/301234567890", "subscription": {"name": "organizations/301234567890/subscription", "tier": tier}}

snapshot_with(svc, sub, sha, etd, anc) := {
	"cloud": "gcp",
	"scope": {"type": "project", "id": "acme-payments-prod"},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {
		"securitycentermanagement.services": {"status": "ok", "data": svc},
		"securitycenter.subscription": {"status": "ok", "data": sub},
		"securitycenter.sha_settings": {"status": "ok", "data": sha},
		"securitycenter.etd_settings": {"status": "ok", "data": etd},
		"resourcemanager.ancestry": {"status": "ok", "data": anc},
	},
}

snapshot(states, tier) := snapshot_with(services(states), subscription(tier), settings("securityHealthAnalyticsSettings", inherited, "ENABLED"), settings("eventThreatDetectionSettings", inherited, "ENABLED"), ancestry)

results(fs) := {[f.resource, f.status] | some f in fs}

finding(fs, resource) := f if {
	some f in fs
	f.resource == resource
}

test_pass_when_all_four_run_on_premium if {
	fs := ir3_02.findings with input as snapshot(all_enabled, "PREMIUM")
	results(fs) == {[sha_resource, "pass"], [etd_resource, "pass"], [ctd_resource, "pass"], [vmtd_resource, "pass"]}
	f := finding(fs, etd_resource)
	f.message == "Event Threat Detection is ENABLED for projects/acme-payments-prod (inherited from organizations/301234567890) and the tier is PREMIUM on organizations/301234567890, as expected."
	f.evidence == ["/sections/securitycentermanagement.services/data/services/1", "/sections/securitycenter.subscription/data/subscription"]
	g := finding(fs, ctd_resource)
	contains(g.message, "Container Threat Detection is ENABLED for projects/acme-payments-prod (inherited from organizations/301234567890)")
}

test_enterprise_counts_as_premium if {
	fs := ir3_02.findings with input as snapshot(all_enabled, "ENTERPRISE")
	{f.status | some f in fs} == {"pass"}
}

# ETD, CTD and VM Threat Detection detect nothing on Standard, whatever their setting.
test_fail_premium_detectors_on_standard if {
	fs := ir3_02.findings with input as snapshot(all_enabled, "STANDARD")
	results(fs) == {[sha_resource, "pass"], [etd_resource, "fail"], [ctd_resource, "fail"], [vmtd_resource, "fail"]}
	f := finding(fs, etd_resource)
	contains(f.message, "Event Threat Detection is ENABLED for projects/acme-payments-prod (inherited from organizations/301234567890) but detects nothing: it runs only on the Premium and Enterprise tiers, and the tier is STANDARD on organizations/301234567890")
}

test_fail_when_scc_is_not_activated if {
	inp := json.patch(snapshot(all_enabled, ""), [{"op": "replace", "path": "/sections/securitycenter.subscription/data/subscription", "value": null}])
	fs := ir3_02.findings with input as inp
	f := finding(fs, vmtd_resource)
	f.status == "fail"
	contains(f.message, "Security Command Center is not activated for organizations/301234567890")
}

test_fail_when_a_service_is_disabled if {
	fs := ir3_02.findings with input as snapshot(object.union(all_enabled, {"container-threat-detection": "DISABLED"}), "PREMIUM")
	f := finding(fs, ctd_resource)
	f.status == "fail"
	f.message == "Container Threat Detection is not running for projects/acme-payments-prod: it is DISABLED (inherited from organizations/301234567890); expected it ENABLED (or inherited enabled), on the Premium or Enterprise tier."
}

test_fail_when_a_folder_disables_sha if {
	sha := settings("securityHealthAnalyticsSettings", ["INHERITED", "DISABLED", "ENABLED"], "DISABLED")
	inp := snapshot_with(services(object.union(all_enabled, {"security-health-analytics": "DISABLED"})), subscription("PREMIUM"), sha, settings("eventThreatDetectionSettings", inherited, "ENABLED"), ancestry)
	f := finding(ir3_02.findings, sha_resource) with input as inp
	f.status == "fail"
	contains(f.message, "it is DISABLED (inherited from folders/418273645)")
}

test_pass_when_set_on_the_project if {
	svc := {"parents": parents, "services": [service("projects/acme-payments-prod", "vm-threat-detection", "ENABLED", "ENABLED"), service("organizations/301234567890", "vm-threat-detection", "DISABLED", "DISABLED")], "serviceDisabled": []}
	inp := snapshot_with(svc, subscription("PREMIUM"), settings("securityHealthAnalyticsSettings", inherited, "ENABLED"), settings("eventThreatDetectionSettings", inherited, "ENABLED"), ancestry)
	fs := ir3_02.findings with input as inp
	contains(finding(fs, vmtd_resource).message, "(set on projects/acme-payments-prod)")
}

# A folder's DISABLED setting is named.
test_fail_when_a_folder_disables_ctd if {
	svc := {
		"parents": parents, "services": [
			service("projects/acme-payments-prod", "container-threat-detection", "INHERITED", "DISABLED"),
			service("folders/418273645", "container-threat-detection", "DISABLED", "DISABLED"),
			service("organizations/301234567890", "container-threat-detection", "ENABLED", "ENABLED"),
		],
		"serviceDisabled": [],
	}
	inp := snapshot_with(svc, subscription("PREMIUM"), settings("securityHealthAnalyticsSettings", inherited, "ENABLED"), settings("eventThreatDetectionSettings", inherited, "ENABLED"), ancestry)
	f := finding(ir3_02.findings, ctd_resource) with input as inp
	f.status == "fail"
	contains(f.message, "it is DISABLED (inherited from folders/418273645)")
}

# Only the scope's own entry gives the effective state: an ancestor's ENABLED does not.
test_an_ancestors_entry_is_not_the_scopes if {
	svc := {"parents": parents, "services": [service("organizations/301234567890", "container-threat-detection", "ENABLED", "ENABLED")], "serviceDisabled": []}
	inp := snapshot_with(svc, subscription("PREMIUM"), settings("securityHealthAnalyticsSettings", inherited, "ENABLED"), settings("eventThreatDetectionSettings", inherited, "ENABLED"), ancestry)
	f := finding(ir3_02.findings, ctd_resource) with input as inp
	f.status == "fail"
	contains(f.message, "lists no container-threat-detection service for it")
}

# A service the Management API does not list for the scope is not confirmed to run.
test_fail_when_a_service_is_not_listed if {
	fs := ir3_02.findings with input as snapshot(object.remove(all_enabled, ["vm-threat-detection"]), "PREMIUM")
	f := finding(fs, vmtd_resource)
	f.status == "fail"
	contains(f.message, "the Security Command Center Management API lists no vm-threat-detection service for it")
}

test_service_disabled_is_data if {
	svc := {"parents": parents, "services": [], "serviceDisabled": [{"parent": "projects/acme-payments-prod", "service": "securitycentermanagement.googleapis.com", "consumer": "projects/555555555555"}]}
	inp := snapshot_with(svc, subscription("PREMIUM"), settings("securityHealthAnalyticsSettings", inherited, "ENABLED"), settings("eventThreatDetectionSettings", inherited, "ENABLED"), ancestry)
	fs := ir3_02.findings with input as inp
	results(fs) == {[sha_resource, "fail"], [etd_resource, "fail"], [ctd_resource, "fail"], [vmtd_resource, "fail"]}
	contains(finding(fs, sha_resource).message, "the Security Command Center Management API is disabled in projects/acme-payments-prod (SERVICE_DISABLED)")
}

test_organisation_scope if {
	anc := {"name": "organizations/301234567890", "ancestors": [], "organizationScan": null}
	svc := {"parents": ["organizations/301234567890/locations/global"], "services": [service("organizations/301234567890", id, st, st) | some id, st in object.union(all_enabled, {"event-threat-detection": "DISABLED"})], "serviceDisabled": []}
	e := {"settings": [setting("organizations/301234567890", "eventThreatDetectionSettings", "DISABLED")], "effective": setting("organizations/301234567890", "eventThreatDetectionSettings", "DISABLED"), "serviceDisabled": []}
	inp := json.patch(snapshot_with(svc, subscription("PREMIUM"), settings("securityHealthAnalyticsSettings", inherited, "ENABLED"), e, anc), [{"op": "replace", "path": "/scope", "value": {"type": "organization", "id": "301234567890"}}])
	fs := ir3_02.findings with input as inp
	results(fs) == {
		[res("organizations/301234567890", "securityHealthAnalyticsSettings"), "pass"],
		[res("organizations/301234567890", "eventThreatDetectionSettings"), "fail"],
		[res("organizations/301234567890", "containerThreatDetectionSettings"), "pass"],
		[res("organizations/301234567890", "virtualMachineThreatDetectionSettings"), "pass"],
	}
	contains(finding(fs, res("organizations/301234567890", "eventThreatDetectionSettings")).message, "(set on organizations/301234567890)")
}

# A project of an --organization scan: the effective state is judged there, the tier follows
# the organisation's snapshot.
org_scan_snapshot(states) := snapshot_with(services(states), {"parent": null, "subscription": null}, settings("securityHealthAnalyticsSettings", inherited, "ENABLED"), settings("eventThreatDetectionSettings", inherited, "ENABLED"), fx.ancestry_org_scan)

test_organisation_scan_follows_the_organisations_tier if {
	fs := ir3_02.findings with input as org_scan_snapshot(all_enabled) with data.estate as fx.estate({"scc_subscription": {"tier": "PREMIUM", "end_time": "", "pointer": "/sections/securitycenter.subscription/data/subscription"}})
	results(fs) == {[sha_resource, "pass"], [etd_resource, "pass"], [ctd_resource, "pass"], [vmtd_resource, "pass"]}
	f := finding(fs, etd_resource)
	contains(f.message, "(inherited from organizations/301234567890) and the tier is PREMIUM on organizations/301234567890, as expected.")
	f.owner.evidence == ["/sections/securitycenter.subscription/data/subscription"]
	not finding(fs, sha_resource).owner
}

test_organisation_scan_fails_on_a_standard_organisation if {
	fs := ir3_02.findings with input as org_scan_snapshot(all_enabled) with data.estate as fx.estate({"scc_subscription": {"tier": "STANDARD", "end_time": "", "pointer": "/sections/securitycenter.subscription/data/subscription"}})
	results(fs) == {[sha_resource, "pass"], [etd_resource, "fail"], [ctd_resource, "fail"], [vmtd_resource, "fail"]}
	finding(fs, ctd_resource).owner.id == fx.org_id
}

test_organisation_scan_error_without_the_organisation if {
	fs := ir3_02.findings with input as org_scan_snapshot(all_enabled) with data.estate as {}
	results(fs) == {[sha_resource, "pass"], [etd_resource, "error"], [ctd_resource, "error"], [vmtd_resource, "error"]}
	contains(finding(fs, etd_resource).message, "which is not in this run")
}

# A disabled detector fails without the tier: nothing to follow.
test_organisation_scan_disabled_fails_alone if {
	fs := ir3_02.findings with input as org_scan_snapshot(object.union(all_enabled, {"event-threat-detection": "DISABLED"})) with data.estate as {}
	finding(fs, etd_resource).status == "fail"
}

test_project_without_organisation_is_manual_for_premium_detectors if {
	anc := {"name": "projects/acme-payments-prod", "ancestors": [], "organizationScan": null}
	inp := snapshot_with(services(all_enabled), {"parent": null, "subscription": null}, settings("securityHealthAnalyticsSettings", inherited, "ENABLED"), settings("eventThreatDetectionSettings", inherited, "ENABLED"), anc)
	fs := ir3_02.findings with input as inp
	results(fs) == {[sha_resource, "pass"], [etd_resource, "manual"], [ctd_resource, "manual"], [vmtd_resource, "manual"]}
	contains(finding(fs, etd_resource).message, "the tier of a project without an organisation cannot be read")
}

test_no_finding_when_data_null if {
	fs := ir3_02.findings with input as snapshot_with(null, null, null, null, null)
	count(fs) == 0
}
