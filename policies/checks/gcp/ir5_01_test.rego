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

# What the collector's evaluator (collectors/gcp/sccfilter.go, tested there) derives from the
# filters these tests use: the representative findings each selects.
sel(state, sevs, mutes) := [sprintf("%s/%s/%s", [state, s, m]) | some s in sevs; some m in mutes]

all_mutes := ["UNMUTED", "UNDEFINED", "MUTED"]

sevs := ["CRITICAL", "HIGH", "MEDIUM", "LOW"]

recommended := `state = "ACTIVE" AND mute != "MUTED" AND (severity = "HIGH" OR severity = "CRITICAL")`

selections := {
	recommended: sel("ACTIVE", ["CRITICAL", "HIGH"], ["UNMUTED", "UNDEFINED"]),
	"": array.concat(sel("ACTIVE", sevs, all_mutes), sel("INACTIVE", sevs, all_mutes)),
	`NOT severity="LOW"`: array.concat(sel("ACTIVE", ["CRITICAL", "HIGH", "MEDIUM"], all_mutes), sel("INACTIVE", ["CRITICAL", "HIGH", "MEDIUM"], all_mutes)),
	`state="ACTIVE" AND -severity="HIGH"`: sel("ACTIVE", ["CRITICAL", "MEDIUM", "LOW"], all_mutes),
	`state="ACTIVE" AND severity="HIGH"`: sel("ACTIVE", ["HIGH"], all_mutes),
	`state="ACTIVE" AND severity="CRITICAL" OR severity="HIGH"`: sel("ACTIVE", ["CRITICAL", "HIGH"], all_mutes),
	`state="ACTIVE" AND mute="UNMUTED" AND (severity="HIGH" OR severity="CRITICAL")`: sel("ACTIVE", ["CRITICAL", "HIGH"], ["UNMUTED"]),
	`state="ACTIVE" AND state="INACTIVE"`: [],
}

unevaluable := {`category="PUBLIC_BUCKET_ACL" AND state="ACTIVE"`: "it restricts category, which irscan does not evaluate (it evaluates state, severity and mute)"}

evaluations(configs) := object.union(
	{c.name: {"filter": c.streamingConfig.filter, "evaluated": true, "selected": selections[c.streamingConfig.filter]} | some c in configs; selections[c.streamingConfig.filter]},
	{c.name: {"filter": c.streamingConfig.filter, "evaluated": false, "reason": unevaluable[c.streamingConfig.filter], "selected": []} | some c in configs; unevaluable[c.streamingConfig.filter]},
)

snapshot(configs, anc) := {
	"cloud": "gcp",
	"scope": {"type": "project", "id": "acme-payments-prod"},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {
		"securitycenter.notification_configs": {"status": "ok", "data": {"parents": ["organizations/301234567890", "folders/418273645", "projects/acme-payments-prod"], "notificationConfigs": configs, "filterEvaluations": evaluations(configs)}},
		"resourcemanager.ancestry": {"status": "ok", "data": anc},
	},
}

only(fs) := f if {
	count(fs) == 1
	some f in fs
}

test_pass_with_the_recommended_filter if {
	fs := ir5_01.findings with input as snapshot([org_config(recommended)], ancestry)
	f := only(fs)
	f.status == "pass"
	f.resource == project
	contains(f.message, "organizations/301234567890/notificationConfigs/scc-active-high filters 'state = \"ACTIVE\" AND mute != \"MUTED\" AND (severity = \"HIGH\" OR severity = \"CRITICAL\")', which selects every ACTIVE unmuted HIGH and CRITICAL finding; nothing else")
	f.evidence == ["/sections/securitycenter.notification_configs/data/notificationConfigs/0"]
}

# OR binds tighter than AND in AIP-160: this is ACTIVE AND (CRITICAL OR HIGH).
test_pass_without_parentheses_saying_it_forwards_muted_findings_too if {
	f := only(ir5_01.findings) with input as snapshot([org_config(`state="ACTIVE" AND severity="CRITICAL" OR severity="HIGH"`)], ancestry)
	f.status == "pass"
	contains(f.message, "also selects muted findings (2 of 8)")
}

test_pass_without_filter_saying_it_forwards_everything if {
	f := only(ir5_01.findings) with input as snapshot([org_config("")], ancestry)
	f.status == "pass"
	contains(f.message, "scc-active-high has no filter (it forwards every finding)")
}

test_pass_with_not_low_saying_what_else if {
	f := only(ir5_01.findings) with input as snapshot([org_config(`NOT severity="LOW"`)], ancestry)
	f.status == "pass"
	contains(f.message, "which selects every ACTIVE unmuted HIGH and CRITICAL finding; also selects ACTIVE findings of severity MEDIUM, INACTIVE findings (9 of 12), muted findings (6 of 8)")
}

test_pass_when_one_of_two_configs_selects_them if {
	f := only(ir5_01.findings) with input as snapshot([config("projects/acme-payments-prod/notificationConfigs/high", `state="ACTIVE" AND severity="HIGH"`), org_config(recommended)], ancestry)
	f.status == "pass"
	f.evidence == ["/sections/securitycenter.notification_configs/data/notificationConfigs/1"]
}

test_fail_when_high_is_negated if {
	f := only(ir5_01.findings) with input as snapshot([org_config(`state="ACTIVE" AND -severity="HIGH"`)], ancestry)
	f.status == "fail"
	contains(f.message, "misses ACTIVE/HIGH/UNDEFINED, ACTIVE/HIGH/UNMUTED; also selects ACTIVE findings of severity LOW, MEDIUM, muted findings (3 of 8)")
}

test_fail_without_critical if {
	f := only(ir5_01.findings) with input as snapshot([org_config(`state="ACTIVE" AND severity="HIGH"`)], ancestry)
	f.status == "fail"
	contains(f.message, "misses ACTIVE/CRITICAL/UNDEFINED, ACTIVE/CRITICAL/UNMUTED")
}

# mute="UNMUTED" misses every finding that was never muted (UNDEFINED): every new one.
test_fail_when_only_unmuted_findings_are_selected if {
	f := only(ir5_01.findings) with input as snapshot([org_config(`state="ACTIVE" AND mute="UNMUTED" AND (severity="HIGH" OR severity="CRITICAL")`)], ancestry)
	f.status == "fail"
	contains(f.message, "misses ACTIVE/CRITICAL/UNDEFINED, ACTIVE/HIGH/UNDEFINED")
}

test_fail_when_the_filter_selects_nothing if {
	f := only(ir5_01.findings) with input as snapshot([org_config(`state="ACTIVE" AND state="INACTIVE"`)], ancestry)
	f.status == "fail"
	contains(f.message, "which selects no finding")
}

test_manual_when_the_filter_cannot_be_evaluated if {
	fs := ir5_01.findings with input as snapshot([org_config(`category="PUBLIC_BUCKET_ACL" AND state="ACTIVE"`), config("projects/acme-payments-prod/notificationConfigs/high", `state="ACTIVE" AND severity="HIGH"`)], ancestry)
	f := only(fs)
	f.status == "manual"
	contains(f.message, "irscan cannot evaluate organizations/301234567890/notificationConfigs/scc-active-high's filter 'category=\"PUBLIC_BUCKET_ACL\" AND state=\"ACTIVE\"' (it restricts category, which irscan does not evaluate")
	f.evidence == ["/sections/securitycenter.notification_configs/data/notificationConfigs/0"]
}

# A config the collector did not evaluate (or evaluated for another filter) claims nothing.
test_manual_when_the_evaluation_is_missing if {
	inp := json.patch(snapshot([org_config(recommended)], ancestry), [{"op": "replace", "path": "/sections/securitycenter.notification_configs/data/filterEvaluations", "value": {}}])
	f := only(ir5_01.findings) with input as inp
	f.status == "manual"
	contains(f.message, "the snapshot holds no evaluation of this filter")
	inp2 := json.patch(snapshot([org_config(recommended)], ancestry), [{"op": "replace", "path": "/sections/securitycenter.notification_configs/data/filterEvaluations/organizations~1301234567890~1notificationConfigs~1scc-active-high/filter", "value": "other"}])
	g := only(ir5_01.findings) with input as inp2
	g.status == "manual"
}

test_fail_when_no_config if {
	fs := ir5_01.findings with input as snapshot([], ancestry)
	f := only(fs)
	f.status == "fail"
	contains(f.message, "listed on organizations/301234567890, folders/418273645, projects/acme-payments-prod, v1 and v2")
}

test_project_scan_snapshot_holding_organisation_configs_is_judged_locally if {
	fs := ir5_01.findings with input as snapshot([config("projects/acme-payments-prod/notificationConfigs/high", `state="ACTIVE" AND severity="HIGH"`)], object.union(ancestry, {"organizationScan": org_scan}))
	f := only(fs)
	f.status == "fail"
}

# An organisation scan's project: the organisation's configs are in its own snapshot.
org_scan_snapshot(configs) := json.patch(snapshot(configs, fx.ancestry_org_scan), [{"op": "replace", "path": "/sections/securitycenter.notification_configs/data/parents", "value": ["projects/acme-payments-prod", "folders/418273645"]}])

org_facts(filter) := {"notification_configs": {"organizations/301234567890/notificationConfigs/scc-active-high": {
	"pointer": "/sections/securitycenter.notification_configs/data/notificationConfigs/0",
	"filter": filter,
	"evaluation": evaluations([org_config(filter)])["organizations/301234567890/notificationConfigs/scc-active-high"],
	"topic": {"name": "projects/acme-secops/topics/scc-findings", "read": true, "exists": true, "subscriptions": 1, "pointer": "/sections/pubsub.topics/data/topics/0"},
	"consumers": [], "consumers_read": true,
}}}

test_local_prioritised_config_is_judged_locally if {
	fs := ir5_01.findings with input as org_scan_snapshot([config("folders/418273645/notificationConfigs/high", recommended)]) with data.estate as {}
	f := only(fs)
	f.status == "pass"
	contains(f.message, "folders/418273645/notificationConfigs/high filters")
	not contains(f.message, "Judged on")
}

test_follows_a_prioritised_organisation_config if {
	fs := ir5_01.findings with input as org_scan_snapshot([config("projects/acme-payments-prod/notificationConfigs/high", `state="ACTIVE" AND severity="HIGH"`)]) with data.estate as fx.estate(org_facts(recommended))
	f := only(fs)
	f.status == "pass"
	contains(f.message, "SCC findings of projects/acme-payments-prod are forwarded by severity by its organisation's notification config(s): organizations/301234567890/notificationConfigs/scc-active-high filters 'state = \"ACTIVE\"")
	endswith(f.message, "Judged on organizations/301234567890's evidence (snapshot snapshots/gcp-organization-301234567890.json).")
	f.owner.evidence == ["/sections/securitycenter.notification_configs/data/notificationConfigs/0"]
}

test_follows_an_organisation_config_that_misses_critical if {
	fs := ir5_01.findings with input as org_scan_snapshot([config("projects/acme-payments-prod/notificationConfigs/high", `state="ACTIVE" AND severity="HIGH"`)]) with data.estate as fx.estate(org_facts(`state="ACTIVE" AND -severity="HIGH"`))
	f := only(fs)
	f.status == "fail"
	contains(f.message, "organizations/301234567890/notificationConfigs/scc-active-high filters 'state=\"ACTIVE\" AND -severity=\"HIGH\"', which misses")
	contains(f.message, "projects/acme-payments-prod/notificationConfigs/high filters")
	f.owner.id == "301234567890"
}

test_follows_an_organisation_config_it_cannot_evaluate if {
	fs := ir5_01.findings with input as org_scan_snapshot([]) with data.estate as fx.estate(org_facts(`category="PUBLIC_BUCKET_ACL" AND state="ACTIVE"`))
	f := only(fs)
	f.status == "manual"
	contains(f.message, "No notification config for projects/acme-payments-prod is known to select")
	f.owner.evidence == ["/sections/securitycenter.notification_configs/data/notificationConfigs/0"]
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
	inp := json.patch(snapshot([org_config(recommended)], anc), [{"op": "replace", "path": "/scope", "value": {"type": "organization", "id": "301234567890"}}])
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
