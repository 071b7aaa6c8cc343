package irscan.checks.gcp.ir6_01_test

import data.irscan.checks.gcp.ir6_01
import data.irscan.lib.gcp_test as fx

project := "//cloudresourcemanager.googleapis.com/projects/acme-payments-prod"

topic := "projects/acme-secops/topics/scc-findings"

ancestry := {"name": "projects/acme-payments-prod", "ancestors": ["folders/418273645", "organizations/301234567890"], "organizationScan": null}

org_scan := {"organization": "organizations/301234567890", "snapshot": "gcp-organization-301234567890.json"}

org_config := {
	"name": "organizations/301234567890/notificationConfigs/scc-active-high",
	"pubsubTopic": topic,
	"streamingConfig": {"filter": "state=\"ACTIVE\""},
}

function(t, state) := {
	"name": "projects/acme-secops/locations/europe-west1/functions/scc-findings-responder",
	"state": state,
	"environment": "GEN_2",
	"eventTrigger": {"eventType": "google.cloud.pubsub.topic.v1.messagePublished", "pubsubTopic": t, "trigger": "projects/acme-secops/locations/europe-west1/triggers/scc-findings-responder-480021"},
}

trigger(t) := {
	"name": "projects/acme-secops/locations/europe-west1/triggers/scc-to-workflow",
	"eventFilters": [{"attribute": "type", "value": "google.cloud.pubsub.topic.v1.messagePublished"}],
	"destination": {"workflow": "projects/acme-secops/locations/europe-west1/workflows/contain-finding"},
	"transport": {"pubsub": {"topic": t, "subscription": "projects/acme-secops/subscriptions/eventarc-europe-west1-scc-to-workflow-sub-1"}},
}

snapshot(configs, functions, triggers, anc) := {
	"cloud": "gcp",
	"scope": {"type": "project", "id": "acme-payments-prod"},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {
		"securitycenter.notification_configs": {"status": "ok", "data": {"parents": ["projects/acme-payments-prod", "folders/418273645", "organizations/301234567890"], "notificationConfigs": configs}},
		"cloudfunctions.functions": {"status": "ok", "data": {"parents": ["projects/acme-secops/locations/-"], "functions": functions, "serviceDisabled": []}},
		"eventarc.triggers": {"status": "ok", "data": {"parents": ["projects/acme-secops/locations/-"], "triggers": triggers, "serviceDisabled": []}},
		"resourcemanager.ancestry": {"status": "ok", "data": anc},
	},
}

only(fs) := f if {
	count(fs) == 1
	some f in fs
}

test_pass_with_function if {
	fs := ir6_01.findings with input as snapshot([org_config], [function(topic, "ACTIVE")], [], ancestry)
	f := only(fs)
	f.status == "pass"
	f.resource == project
	contains(f.message, "projects/acme-secops/topics/scc-findings (config organizations/301234567890/notificationConfigs/scc-active-high) is consumed by Cloud Function projects/acme-secops/locations/europe-west1/functions/scc-findings-responder (ACTIVE)")
	f.evidence == ["/sections/cloudfunctions.functions/data/functions/0"]
}

test_pass_with_eventarc_trigger if {
	fs := ir6_01.findings with input as snapshot([org_config], [], [trigger(topic)], ancestry)
	f := only(fs)
	f.status == "pass"
	contains(f.message, "Eventarc trigger projects/acme-secops/locations/europe-west1/triggers/scc-to-workflow (to workflow projects/acme-secops/locations/europe-west1/workflows/contain-finding)")
}

test_fail_when_function_not_active if {
	fs := ir6_01.findings with input as snapshot([org_config], [function(topic, "FAILED")], [], ancestry)
	f := only(fs)
	f.status == "fail"
	contains(f.message, "projects/acme-secops/topics/scc-findings (config organizations/301234567890/notificationConfigs/scc-active-high) has no function or trigger")
}

test_fail_when_consumers_use_another_topic if {
	fs := ir6_01.findings with input as snapshot([org_config], [function("projects/acme-secops/topics/other", "ACTIVE")], [trigger("projects/acme-secops/topics/other")], ancestry)
	f := only(fs)
	f.status == "fail"
}

test_fail_when_no_config if {
	fs := ir6_01.findings with input as snapshot([], [function(topic, "ACTIVE")], [], ancestry)
	f := only(fs)
	f.status == "fail"
	contains(f.message, "No Security Command Center notification config exists")
}

test_service_disabled_is_data if {
	inp := json.patch(snapshot([org_config], [], [], ancestry), [{"op": "replace", "path": "/sections/cloudfunctions.functions/data/serviceDisabled", "value": [{"parent": "projects/acme-secops", "service": "cloudfunctions.googleapis.com"}]}])
	fs := ir6_01.findings with input as inp
	f := only(fs)
	f.status == "fail"
	contains(f.message, "(disabled: cloudfunctions.googleapis.com in projects/acme-secops)")
}

test_error_when_topic_project_not_read if {
	other := object.union(org_config, {"pubsubTopic": "projects/acme-other/topics/scc"})
	fs := ir6_01.findings with input as snapshot([other], [], [], ancestry)
	f := only(fs)
	f.status == "error"
	contains(f.message, "topic(s) projects/acme-other/topics/scc")
}

# An organisation scan's project: the organisation's configs (and their topics' consumers)
# are in its own snapshot.
org_scan_snapshot(configs, functions) := json.patch(snapshot(configs, functions, [], fx.ancestry_org_scan), [
	{"op": "replace", "path": "/sections/securitycenter.notification_configs/data/parents", "value": ["projects/acme-payments-prod", "folders/418273645"]},
	{"op": "replace", "path": "/sections/cloudfunctions.functions/data/parents", "value": local_parents(configs)},
	{"op": "replace", "path": "/sections/eventarc.triggers/data/parents", "value": local_parents(configs)},
])

# The collector lists the functions and triggers of the projects of the configs' topics.
local_parents(configs) := sort({sprintf("%s/locations/-", [concat("/", array.slice(split(c.pubsubTopic, "/"), 0, 2))]) | some c in configs})

org_facts(consumers, read, disabled) := {
	"notification_configs": {org_config.name: {
		"pointer": "/sections/securitycenter.notification_configs/data/notificationConfigs/0",
		"filter": "state=\"ACTIVE\"",
		"topic": {"name": topic, "read": true, "exists": true, "subscriptions": 1, "pointer": "/sections/pubsub.topics/data/topics/0"},
		"consumers": consumers, "consumers_read": read,
	}},
	"consumer_apis_disabled": disabled,
}

responder := {"text": "Cloud Function projects/acme-secops/locations/europe-west1/functions/scc-findings-responder (ACTIVE)", "pointer": "/sections/cloudfunctions.functions/data/functions/0"}

own := object.union(org_config, {"name": "projects/acme-payments-prod/notificationConfigs/mine", "pubsubTopic": "projects/acme-payments-prod/topics/mine"})

test_local_consumed_topic_is_judged_locally if {
	fn := object.union(function("projects/acme-payments-prod/topics/mine", "ACTIVE"), {"name": "projects/acme-payments-prod/locations/europe-west1/functions/mine"})
	fs := ir6_01.findings with input as org_scan_snapshot([own], [fn]) with data.estate as {}
	f := only(fs)
	f.status == "pass"
	contains(f.message, "projects/acme-payments-prod/topics/mine (config projects/acme-payments-prod/notificationConfigs/mine) is consumed by Cloud Function")
	not contains(f.message, "Judged on")
}

test_follows_the_organisation_when_its_topic_is_consumed if {
	fs := ir6_01.findings with input as org_scan_snapshot([own], []) with data.estate as fx.estate(org_facts([responder], true, []))
	f := only(fs)
	f.status == "pass"
	contains(f.message, "SCC findings of projects/acme-payments-prod trigger automation through its organisation's notification config(s): projects/acme-secops/topics/scc-findings (config organizations/301234567890/notificationConfigs/scc-active-high) is consumed by Cloud Function projects/acme-secops/locations/europe-west1/functions/scc-findings-responder (ACTIVE)")
	contains(f.message, "Judged on organizations/301234567890's evidence")
	f.owner.evidence == ["/sections/cloudfunctions.functions/data/functions/0"]
}

test_follows_the_organisation_when_nothing_consumes_its_topic if {
	fs := ir6_01.findings with input as org_scan_snapshot([own], []) with data.estate as fx.estate(org_facts([], true, ["cloudfunctions.googleapis.com in projects/acme-secops"]))
	f := only(fs)
	f.status == "fail"
	contains(f.message, "projects/acme-payments-prod/topics/mine (config projects/acme-payments-prod/notificationConfigs/mine) has no function or trigger; projects/acme-secops/topics/scc-findings (config organizations/301234567890/notificationConfigs/scc-active-high) has no function or trigger (disabled: cloudfunctions.googleapis.com in projects/acme-secops)")
	f.owner.id == "301234567890"
}

test_follows_an_organisation_without_configs if {
	fs := ir6_01.findings with input as org_scan_snapshot([], []) with data.estate as fx.estate({"notification_configs": {}})
	f := only(fs)
	f.status == "fail"
	contains(f.message, "no notification config with a topic is set on projects/acme-payments-prod, folders/418273645 or on organizations/301234567890")
}

test_error_when_the_organisation_did_not_list_the_consumers if {
	fs := ir6_01.findings with input as org_scan_snapshot([], []) with data.estate as fx.estate(org_facts([], false, []))
	f := only(fs)
	f.status == "error"
	contains(f.message, "The consumers of the topic(s) projects/acme-secops/topics/scc-findings of organizations/301234567890's notification configs are unknown")
}

test_error_when_the_organisation_is_not_in_the_run if {
	fs := ir6_01.findings with input as org_scan_snapshot([], []) with data.estate as {}
	f := only(fs)
	f.status == "error"
	contains(f.message, "is held by organizations/301234567890, which is not in this run")
}

test_error_when_the_organisation_could_not_read_its_functions if {
	fs := ir6_01.findings with input as org_scan_snapshot([], []) with data.estate as fx.estate_unread("cloudfunctions.functions")
	f := only(fs)
	f.status == "error"
	contains(f.message, "could not show it: Section \"cloudfunctions.functions\" could not be read")
}

test_organisation_scan_judges_a_project_config if {
	own := object.union(org_config, {"name": "projects/acme-payments-prod/notificationConfigs/mine"})
	fs := ir6_01.findings with input as snapshot([own], [function(topic, "ACTIVE")], [], object.union(ancestry, {"organizationScan": org_scan}))
	f := only(fs)
	f.status == "pass"
	contains(f.message, "config projects/acme-payments-prod/notificationConfigs/mine")
}

test_organisation_scope if {
	anc := {"name": "organizations/301234567890", "ancestors": [], "organizationScan": null}
	inp := json.patch(snapshot([org_config], [], [trigger(topic)], anc), [{"op": "replace", "path": "/scope", "value": {"type": "organization", "id": "301234567890"}}])
	fs := ir6_01.findings with input as inp
	f := only(fs)
	f.status == "pass"
	f.resource == "//cloudresourcemanager.googleapis.com/organizations/301234567890"
}

test_no_finding_when_section_absent if {
	inp := json.patch(snapshot([org_config], [function(topic, "ACTIVE")], [], ancestry), [{"op": "remove", "path": "/sections/eventarc.triggers"}])
	fs := ir6_01.findings with input as inp
	count(fs) == 0
}

test_no_finding_when_data_null if {
	inp := json.patch(snapshot([org_config], [], [], ancestry), [{"op": "replace", "path": "/sections/cloudfunctions.functions/data", "value": null}])
	fs := ir6_01.findings with input as inp
	count(fs) == 0
}
