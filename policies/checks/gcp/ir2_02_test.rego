package irscan.checks.gcp.ir2_02_test

import data.irscan.checks.gcp.ir2_02

topic_name := "projects/acme-secops/topics/scc-findings"

config := {
	"name": "organizations/301234567890/notificationConfigs/scc-active-high",
	"description": "Active HIGH and CRITICAL findings to the SOC",
	"pubsubTopic": topic_name,
	"serviceAccount": "service-org-301234567890@gcp-sa-scc-notification.iam.gserviceaccount.com",
	"streamingConfig": {"filter": "state=\"ACTIVE\" AND (severity=\"HIGH\" OR severity=\"CRITICAL\")"},
}

topic(exists, subscriptions) := {
	"name": topic_name,
	"topic": topic_body(exists),
	"subscriptions": subscriptions,
}

topic_body(true) := {"name": topic_name, "messageRetentionDuration": "604800s"}

topic_body(false) := null

snapshot(configs, topics) := {
	"cloud": "gcp",
	"scope": {"type": "project", "id": "acme-payments-prod"},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {
		"securitycenter.notification_configs": {"status": "ok", "data": {"parents": ["organizations/301234567890", "projects/acme-payments-prod"], "notificationConfigs": configs}},
		"pubsub.topics": {"status": "ok", "data": {"topics": topics}},
	},
}

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
	contains(f.message, "organizations/301234567890, projects/acme-payments-prod")
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

ancestry := {"name": "projects/acme-payments-prod", "ancestors": ["folders/418273645", "organizations/301234567890"], "organizationScan": null}

org_scan := {"organization": "organizations/301234567890", "snapshot": "gcp-organization-301234567890.json"}

with_ancestry(inp, anc) := json.patch(inp, [{"op": "add", "path": "/sections/resourcemanager.ancestry", "value": {"status": "ok", "data": anc}}])

test_organisation_scan_defers_organisation_configs if {
	inp := with_ancestry(snapshot([config], [topic(false, [])]), object.union(ancestry, {"organizationScan": org_scan}))
	fs := ir2_02.findings with input as inp
	count(fs) == 1
	some f in fs
	f.status == "pass"
	contains(f.message, "No SCC notification config is set on project acme-payments-prod or on a folder above it (1 config(s) come from its organisation)")
}

test_organisation_scan_judges_a_project_config if {
	own := object.union(config, {"name": "projects/acme-payments-prod/notificationConfigs/own"})
	inp := with_ancestry(snapshot([own], [topic(true, [])]), object.union(ancestry, {"organizationScan": org_scan}))
	fs := ir2_02.findings with input as inp
	count(fs) == 1
	some f in fs
	f.status == "fail"
	contains(f.message, "has no subscription")
}

test_without_organisation_scan_inherited_configs_are_judged if {
	inp := with_ancestry(snapshot([config], [topic(false, [])]), ancestry)
	fs := ir2_02.findings with input as inp
	{f.status | some f in fs} == {"fail"}
}

test_organisation_scope if {
	inp := json.patch(with_ancestry(snapshot([config], [topic(true, ["s"])]), {"name": "organizations/301234567890", "ancestors": [], "organizationScan": null}), [{"op": "replace", "path": "/scope", "value": {"type": "organization", "id": "301234567890"}}])
	fs := ir2_02.findings with input as inp
	count(fs) == 1
	some f in fs
	f.status == "pass"
	f.resource == "//cloudresourcemanager.googleapis.com/organizations/301234567890"
}
