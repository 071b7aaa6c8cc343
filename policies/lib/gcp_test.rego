package irscan.lib.gcp_test

import data.irscan.lib.gcp

# Fixtures shared by the GCP check tests: a project in folder 418273645 of organisation
# 301234567890, and the estate entries of that organisation.

org := "organizations/301234567890"

org_id := "301234567890"

org_resource := "//cloudresourcemanager.googleapis.com/organizations/301234567890"

org_snapshot_path := "snapshots/gcp-organization-301234567890.json"

org_scan := {"organization": org, "snapshot": "gcp-organization-301234567890.json"}

# The project's ancestry in an --organization scan (the organisation's settings are in its own
# snapshot) and in a --project or --folder scan.
ancestry_org_scan := {"name": "projects/acme-payments-prod", "ancestors": ["folders/418273645", org], "organizationScan": org_scan}

ancestry_project_scan := {"name": "projects/acme-payments-prod", "ancestors": ["folders/418273645", org], "organizationScan": null}

# The organisation's estate entry with the given facts and problems.
org_entry(facts, problems) := {
	"cloud": "gcp", "type": "organization", "id": org_id, "name": "acme.example",
	"snapshot": org_snapshot_path, "collected_at": "2026-11-20T09:00:00Z",
	"problems": problems, "facts": facts,
}

# data.estate with the organisation's snapshot in the run.
estate(facts) := {"gcp": {"organization": {org_id: org_entry(facts, [])}}}

# data.estate where the organisation's snapshot could not read a section.
estate_unread(section) := {"gcp": {"organization": {org_id: org_entry({}, [{"section": section, "region": "", "text": sprintf("Section %q could not be read: permission denied.", [section])}])}}}

project(sections) := {
	"cloud": "gcp",
	"scope": {"type": "project", "id": "acme-payments-prod"},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": sections,
}

with_ancestry(sections, anc) := object.union(sections, {"resourcemanager.ancestry": {"status": "ok", "data": anc}})

test_organization_of_a_project if {
	gcp.organization == org with input as project(with_ancestry({}, ancestry_org_scan))
	gcp.org_id == org_id with input as project(with_ancestry({}, ancestry_org_scan))
}

test_no_organization_above_an_organisation_or_an_orphan_project if {
	not gcp.organization with input as object.union(project(with_ancestry({}, {"name": org, "ancestors": [], "organizationScan": null})), {"scope": {"type": "organization", "id": org_id}})
	not gcp.organization with input as project(with_ancestry({}, {"name": "projects/p", "ancestors": [], "organizationScan": null}))
}

test_holds if {
	gcp.holds(["projects/acme-payments-prod", "folders/418273645", org]) with input as project(with_ancestry({}, ancestry_project_scan))
	not gcp.holds(["projects/acme-payments-prod", "folders/418273645"]) with input as project(with_ancestry({}, ancestry_org_scan))
	gcp.holds(["projects/p"]) with input as project(with_ancestry({}, {"name": "projects/p", "ancestors": [], "organizationScan": null}))
}

test_org_snapshot_name if {
	gcp.org_snapshot == "gcp-organization-301234567890.json" with input as project(with_ancestry({}, ancestry_org_scan))
	gcp.org_snapshot == "gcp-organization-301234567890.json" with input as project(with_ancestry({}, ancestry_project_scan))
}

f := {"resource": "r", "evidence": ["/e"]}

test_unassessed_when_the_organisation_is_absent if {
	g := gcp.unassessed(f, "The thing", "fact", ["s"]) with input as project(with_ancestry({}, ancestry_org_scan)) with data.estate as {}
	g.status == "error"
	g.message == "The thing is held by organizations/301234567890, which is not in this run, so it could not be assessed here; evaluate the organisation's snapshot (gcp-organization-301234567890.json) together with this one, or scan with --organization 301234567890."
	not gcp.org_fact("fact", ["s"]) with input as project(with_ancestry({}, ancestry_org_scan)) with data.estate as {}
}

test_unassessed_when_the_organisation_could_not_read_it if {
	g := gcp.unassessed(f, "The thing", "fact", ["a", "s"]) with input as project(with_ancestry({}, ancestry_org_scan)) with data.estate as estate_unread("s")
	g.status == "error"
	g.message == "The thing is held by organizations/301234567890, whose snapshot snapshots/gcp-organization-301234567890.json could not show it: Section \"s\" could not be read: permission denied."
	not gcp.org_fact("fact", ["a", "s"]) with input as project(with_ancestry({}, ancestry_org_scan)) with data.estate as estate_unread("s")
}

test_unassessed_when_the_fact_is_missing if {
	g := gcp.unassessed(f, "The thing", "fact", ["s"]) with input as project(with_ancestry({}, ancestry_org_scan)) with data.estate as estate({})
	g.status == "error"
	contains(g.message, "does not show it (no fact fact)")
}

test_followed_when_the_fact_is_there if {
	inp := project(with_ancestry({}, ancestry_org_scan))
	not gcp.unassessed(f, "The thing", "fact", ["s"]) with input as inp with data.estate as estate({"fact": {}})
	gcp.org_fact("fact", ["s"]) == {} with input as inp with data.estate as estate({"fact": {}})
	g := gcp.follow(object.union(f, {"status": "pass", "message": "Fine."}), ["/p"]) with input as inp with data.estate as estate({"fact": {}})
	g.message == "Fine. Judged on organizations/301234567890's evidence (snapshot snapshots/gcp-organization-301234567890.json)."
	g.owner == {"cloud": "gcp", "type": "organization", "id": org_id, "resource": org_resource, "evidence": ["/p"]}
}

test_owner_pointers if {
	gcp.owner_pointers(["/a"], "/list") == ["/a"]
	gcp.owner_pointers([], "/list") == ["/list"]
}

test_routes if {
	inp := project(with_ancestry({}, ancestry_project_scan))
	gcp.routes({"resourceName": "projects/acme-payments-prod/sinks/a"}) with input as inp
	gcp.routes({"resourceName": "organizations/301234567890/sinks/b", "includeChildren": true}) with input as inp
	not gcp.routes({"resourceName": "organizations/301234567890/sinks/b"}) with input as inp
	not gcp.routes({"resourceName": "projects/other/sinks/c", "includeChildren": true}) with input as inp
}

sel(state, sevs, mutes) := [sprintf("%s/%s/%s", [state, s, m]) | some s in sevs; some m in mutes]

unmuted := ["UNMUTED", "UNDEFINED"]

all_mutes := ["UNMUTED", "UNDEFINED", "MUTED"]

every_finding := array.concat(sel("ACTIVE", ["CRITICAL", "HIGH", "MEDIUM", "LOW"], all_mutes), sel("INACTIVE", ["CRITICAL", "HIGH", "MEDIUM", "LOW"], all_mutes))

test_prioritised if {
	gcp.prioritised({"evaluated": true, "selected": sel("ACTIVE", ["HIGH", "CRITICAL"], unmuted)})
	gcp.prioritised({"evaluated": true, "selected": every_finding})
	not gcp.prioritised({"evaluated": true, "selected": sel("ACTIVE", ["HIGH"], all_mutes)})
	not gcp.prioritised({"evaluated": true, "selected": sel("ACTIVE", ["HIGH", "CRITICAL"], ["UNMUTED"])})
	not gcp.prioritised({"evaluated": false, "reason": "x", "selected": []})
	gcp.selects_nothing({"evaluated": true, "selected": []})
	not gcp.selects_nothing({"evaluated": false, "selected": []})
}

test_selection_text if {
	gcp.selection_text({"selected": every_finding}) == "selects every finding"
	gcp.selection_text({"selected": []}) == "selects no finding"
	gcp.selection_text({"selected": sel("ACTIVE", ["HIGH", "CRITICAL"], unmuted)}) == "selects every ACTIVE unmuted HIGH and CRITICAL finding; nothing else"
	gcp.selection_text({"selected": array.concat(sel("ACTIVE", ["HIGH", "CRITICAL", "MEDIUM"], all_mutes), sel("INACTIVE", ["HIGH"], ["MUTED"]))}) == "selects every ACTIVE unmuted HIGH and CRITICAL finding; also selects ACTIVE findings of severity MEDIUM, INACTIVE findings (1 of 12), muted findings (4 of 8)"
	gcp.selection_text({"selected": sel("ACTIVE", ["HIGH"], ["UNMUTED"])}) == "misses ACTIVE/CRITICAL/UNDEFINED, ACTIVE/CRITICAL/UNMUTED, ACTIVE/HIGH/UNDEFINED; nothing else"
}

test_evaluation_is_for_the_filter_the_config_holds if {
	c := {"name": "n", "streamingConfig": {"filter": "state=\"ACTIVE\""}}
	ev := {"filter": "state=\"ACTIVE\"", "evaluated": true, "selected": ["ACTIVE/HIGH/MUTED"]}
	gcp.evaluation({"filterEvaluations": {"n": ev}}, c) == ev
	gcp.evaluation({"filterEvaluations": {"n": object.union(ev, {"filter": "other"})}}, c).evaluated == false
	gcp.evaluation({}, c).evaluated == false
}

test_active_exclusions if {
	count(gcp.active_exclusions({"exclusions": [{"name": "a"}, {"name": "b", "disabled": true}]})) == 1
	count(gcp.active_exclusions({})) == 0
}
