package irscan.checks.gcp.ir2_02_test

import data.irscan.checks.gcp.ir2_02
import data.irscan.lib.gcp_test as fx

topic_name := "projects/acme-secops/topics/scc-findings"

config := {
	"name": "organizations/301234567890/notificationConfigs/scc-active-high",
	"description": "Active HIGH and CRITICAL findings to the SOC",
	"pubsubTopic": topic_name,
	"serviceAccount": "service-org-301234567890@gcp-sa-scc-notification.iam.gserviceaccount.com",
	"streamingConfig": {"filter": "state=\"ACTIVE\" AND (severity=\"HIGH\" OR severity=\"CRITICAL\")"},
}

project_config := object.union(config, {"name": "projects/acme-payments-prod/notificationConfigs/own"})

topic(exists, subscriptions) := {
	"name": topic_name,
	"topic": topic_body(exists),
	"subscriptions": subscriptions,
}

topic_body(true) := {"name": topic_name, "messageRetentionDuration": "604800s"}

topic_body(false) := null

all_parents := ["projects/acme-payments-prod", "folders/418273645", "organizations/301234567890"]

own_parents := ["projects/acme-payments-prod", "folders/418273645"]

# A --project scan: the organisation's configs are in the snapshot.
snapshot(configs, topics) := snapshot_of(all_parents, configs, topics, fx.ancestry_project_scan)

# An --organization scan: the project's and its folders' only.
org_scan_snapshot(configs, topics) := snapshot_of(own_parents, configs, topics, fx.ancestry_org_scan)

# The collector's evaluation of each config's filter (collectors/gcp/sccfilter.go): the ACTIVE
# HIGH and CRITICAL findings for the filters here, none for the filter that selects nothing,
# not evaluated for one on category.
selects_high := {"evaluated": true, "selected": ["ACTIVE/CRITICAL/UNMUTED", "ACTIVE/CRITICAL/UNDEFINED", "ACTIVE/CRITICAL/MUTED", "ACTIVE/HIGH/UNMUTED", "ACTIVE/HIGH/UNDEFINED", "ACTIVE/HIGH/MUTED"]}

nothing_filter := "state=\"ACTIVE\" AND state=\"INACTIVE\""

category_filter := "category=\"PUBLIC_BUCKET_ACL\""

evaluation_of(filter) := {"filter": filter, "evaluated": true, "selected": []} if {
	filter == nothing_filter
} else := {"filter": filter, "evaluated": false, "reason": "it restricts category, which irscan does not evaluate (it evaluates state, severity and mute)", "selected": []} if {
	filter == category_filter
} else := object.union(selects_high, {"filter": filter})

with_filter(c, filter) := object.union(c, {"streamingConfig": {"filter": filter}})

snapshot_of(parents, configs, topics, anc) := fx.project(fx.with_ancestry(
	{
		"securitycenter.notification_configs": {"status": "ok", "data": {"parents": parents, "notificationConfigs": configs, "filterEvaluations": {c.name: evaluation_of(c.streamingConfig.filter) | some c in configs}}},
		"pubsub.topics": {"status": "ok", "data": {"topics": topics}},
	},
	anc,
))

# The organisation's facts (policies/facts/gcp.rego) for one config.
org_facts(exists, subscriptions) := org_facts_filtered(exists, subscriptions, config.streamingConfig.filter)

org_facts_filtered(exists, subscriptions, filter) := {"notification_configs": {config.name: {
	"pointer": "/sections/securitycenter.notification_configs/data/notificationConfigs/0",
	"filter": filter,
	"evaluation": evaluation_of(filter),
	"topic": {"name": topic_name, "read": true, "exists": exists, "subscriptions": subscriptions, "pointer": "/sections/pubsub.topics/data/topics/0"},
	"consumers": [], "consumers_read": true,
}}}

test_pass_when_topic_exists_and_is_subscribed if {
	fs := ir2_02.findings with input as snapshot([config], [topic(true, ["projects/acme-secops/subscriptions/scc-findings-soar"])])
	count(fs) == 1
	some f in fs
	f.status == "pass"
	f.resource == "//cloudresourcemanager.googleapis.com/projects/acme-payments-prod"
	contains(f.message, "which has 1 subscription(s)")
	f.evidence == [
		"/sections/securitycenter.notification_configs/data/notificationConfigs/0",
		"/sections/pubsub.topics/data/topics/0",
	]
}

test_pass_when_one_of_two_configs_works if {
	broken := object.union(config, {"name": "projects/acme-payments-prod/notificationConfigs/old", "pubsubTopic": "projects/acme-payments-prod/topics/deleted"})
	fs := ir2_02.findings with input as snapshot([broken, config], [
		{"name": "projects/acme-payments-prod/topics/deleted", "topic": null, "subscriptions": []},
		topic(true, ["projects/acme-secops/subscriptions/scc-findings-soar"]),
	])
	{f.status | some f in fs} == {"pass"}
}

test_fail_when_topic_deleted if {
	fs := ir2_02.findings with input as snapshot([config], [topic(false, [])])
	count(fs) == 1
	some f in fs
	f.status == "fail"
	contains(f.message, "does not exist")
}

test_fail_when_topic_has_no_subscription if {
	fs := ir2_02.findings with input as snapshot([config], [topic(true, [])])
	count(fs) == 1
	some f in fs
	f.status == "fail"
	contains(f.message, "has no subscription")
}

test_fail_when_topic_not_read if {
	fs := ir2_02.findings with input as snapshot([config], [])
	count(fs) == 1
	some f in fs
	f.status == "fail"
	contains(f.message, "was not read")
}

test_fail_when_no_notification_config if {
	fs := ir2_02.findings with input as snapshot([], [])
	count(fs) == 1
	some f in fs
	f.status == "fail"
	contains(f.message, "listed on projects/acme-payments-prod, folders/418273645, organizations/301234567890")
}

test_no_finding_when_topics_section_absent if {
	inp := json.patch(snapshot([config], []), [{"op": "remove", "path": "/sections/pubsub.topics"}])
	fs := ir2_02.findings with input as inp
	count(fs) == 0
}

test_no_finding_when_configs_section_absent if {
	inp := json.patch(snapshot([config], [topic(true, ["s"])]), [{"op": "remove", "path": "/sections/securitycenter.notification_configs"}])
	fs := ir2_02.findings with input as inp
	count(fs) == 0
}

test_no_finding_when_data_null if {
	inp := json.patch(snapshot([config], [topic(true, ["s"])]), [
		{"op": "replace", "path": "/sections/securitycenter.notification_configs/data", "value": null},
		{"op": "replace", "path": "/sections/pubsub.topics/data", "value": null},
	])
	fs := ir2_02.findings with input as inp
	count(fs) == 0
}

test_no_finding_when_ancestry_absent if {
	inp := json.patch(snapshot([config], [topic(true, ["s"])]), [{"op": "remove", "path": "/sections/resourcemanager.ancestry"}])
	fs := ir2_02.findings with input as inp
	count(fs) == 0
}

test_organisation_scope if {
	inp := json.patch(snapshot_of(["organizations/301234567890"], [config], [topic(true, ["s"])], {"name": "organizations/301234567890", "ancestors": [], "organizationScan": null}), [{"op": "replace", "path": "/scope", "value": {"type": "organization", "id": "301234567890"}}])
	fs := ir2_02.findings with input as inp
	count(fs) == 1
	some f in fs
	f.status == "pass"
	f.resource == "//cloudresourcemanager.googleapis.com/organizations/301234567890"
}

# An organisation scan's project: the organisation's configs are in its own snapshot.

test_local_config_that_delivers_is_judged_locally if {
	inp := org_scan_snapshot([project_config], [topic(true, ["s"])])
	fs := ir2_02.findings with input as inp with data.estate as {}
	count(fs) == 1
	some f in fs
	f.status == "pass"
	contains(f.message, "projects/acme-payments-prod/notificationConfigs/own publishes to")
	not contains(f.message, "Judged on")
}

test_follows_the_organisation_when_it_delivers if {
	fs := ir2_02.findings with input as org_scan_snapshot([], []) with data.estate as fx.estate(org_facts(true, 2))
	count(fs) == 1
	some f in fs
	f.status == "pass"
	f.message == "SCC findings of projects/acme-payments-prod are delivered by its organisation's notification config(s): organizations/301234567890/notificationConfigs/scc-active-high publishes to projects/acme-secops/topics/scc-findings, which has 2 subscription(s); at least one notification config with an existing, subscribed topic is required. Judged on organizations/301234567890's evidence (snapshot snapshots/gcp-organization-301234567890.json)."
	f.owner.resource == fx.org_resource
	f.owner.evidence == ["/sections/pubsub.topics/data/topics/0", "/sections/securitycenter.notification_configs/data/notificationConfigs/0"]
}

test_follows_the_organisation_when_it_does_not_deliver if {
	fs := ir2_02.findings with input as org_scan_snapshot([], []) with data.estate as fx.estate(org_facts(true, 0))
	count(fs) == 1
	some f in fs
	f.status == "fail"
	contains(f.message, "No notification config delivers SCC findings for projects/acme-payments-prod (organizations/301234567890/notificationConfigs/scc-active-high: topic projects/acme-secops/topics/scc-findings has no subscription)")
	contains(f.message, "Judged on organizations/301234567890's evidence")
	f.owner.id == fx.org_id
}

test_follows_the_organisation_with_a_deleted_topic_and_a_broken_local_config if {
	local := object.union(project_config, {"pubsubTopic": "projects/acme-payments-prod/topics/gone"})
	fs := ir2_02.findings with input as org_scan_snapshot([local], [{"name": "projects/acme-payments-prod/topics/gone", "topic": null, "subscriptions": []}]) with data.estate as fx.estate(org_facts(false, 0))
	count(fs) == 1
	some f in fs
	f.status == "fail"
	contains(f.message, "projects/acme-payments-prod/notificationConfigs/own: topic projects/acme-payments-prod/topics/gone does not exist; organizations/301234567890/notificationConfigs/scc-active-high: topic projects/acme-secops/topics/scc-findings does not exist")
}

test_follows_an_organisation_without_configs if {
	fs := ir2_02.findings with input as org_scan_snapshot([], []) with data.estate as fx.estate({"notification_configs": {}})
	count(fs) == 1
	some f in fs
	f.status == "fail"
	contains(f.message, "none is set on projects/acme-payments-prod, folders/418273645 or on organizations/301234567890")
	f.owner.evidence == ["/sections/securitycenter.notification_configs/data/notificationConfigs"]
}

test_error_when_the_organisation_is_not_in_the_run if {
	fs := ir2_02.findings with input as org_scan_snapshot([], []) with data.estate as {}
	count(fs) == 1
	some f in fs
	f.status == "error"
	contains(f.message, "is held by organizations/301234567890, which is not in this run")
	contains(f.message, "evaluate the organisation's snapshot (gcp-organization-301234567890.json) together with this one, or scan with --organization 301234567890")
}

test_error_when_the_organisation_could_not_read_its_topics if {
	fs := ir2_02.findings with input as org_scan_snapshot([], []) with data.estate as fx.estate_unread("pubsub.topics")
	count(fs) == 1
	some f in fs
	f.status == "error"
	contains(f.message, "whose snapshot snapshots/gcp-organization-301234567890.json could not show it: Section \"pubsub.topics\" could not be read")
}

# A --project scan's snapshot holds the organisation's configs: judged there, whatever the
# estate.
test_project_scan_judges_the_organisation_configs_it_holds if {
	fs := ir2_02.findings with input as snapshot([config], [topic(true, [])]) with data.estate as fx.estate(org_facts(true, 5))
	{f.status | some f in fs} == {"fail"}
}

# A filter that selects nothing delivers nothing, however good its topic.
test_fail_when_the_filter_selects_nothing if {
	fs := ir2_02.findings with input as snapshot([with_filter(config, nothing_filter)], [topic(true, ["s"])])
	count(fs) == 1
	some f in fs
	f.status == "fail"
	contains(f.message, "organizations/301234567890/notificationConfigs/scc-active-high: its filter 'state=\"ACTIVE\" AND state=\"INACTIVE\"' selects no finding")
}

test_manual_when_the_filter_cannot_be_evaluated if {
	fs := ir2_02.findings with input as snapshot([with_filter(config, category_filter)], [topic(true, ["s"])])
	count(fs) == 1
	some f in fs
	f.status == "manual"
	contains(f.message, "organizations/301234567890/notificationConfigs/scc-active-high publishes to a subscribed topic, but irscan cannot evaluate its filter 'category=\"PUBLIC_BUCKET_ACL\"' (it restricts category")
	f.evidence == ["/sections/securitycenter.notification_configs/data/notificationConfigs/0"]
}

test_pass_when_another_config_delivers_beside_an_unevaluable_one if {
	fs := ir2_02.findings with input as snapshot([with_filter(config, category_filter), project_config], [topic(true, ["s"])])
	{f.status | some f in fs} == {"pass"}
}

# An unevaluable filter behind a topic nobody reads is still a fail: the topic decides.
test_fail_when_the_unevaluable_config_has_no_subscription if {
	fs := ir2_02.findings with input as snapshot([with_filter(config, category_filter)], [topic(true, [])])
	{f.status | some f in fs} == {"fail"}
}

test_follows_an_organisation_config_that_selects_nothing if {
	fs := ir2_02.findings with input as org_scan_snapshot([], []) with data.estate as fx.estate(org_facts_filtered(true, 2, nothing_filter))
	count(fs) == 1
	some f in fs
	f.status == "fail"
	contains(f.message, "selects no finding")
	f.owner.id == fx.org_id
}

test_follows_an_organisation_config_it_cannot_evaluate if {
	fs := ir2_02.findings with input as org_scan_snapshot([], []) with data.estate as fx.estate(org_facts_filtered(true, 2, category_filter))
	count(fs) == 1
	some f in fs
	f.status == "manual"
	contains(f.message, "No notification config is known to deliver SCC findings for projects/acme-payments-prod")
	f.owner.evidence == ["/sections/securitycenter.notification_configs/data/notificationConfigs/0"]
}
