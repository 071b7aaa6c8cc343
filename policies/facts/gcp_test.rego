package irscan.facts.gcp_test

import data.irscan.facts.gcp

org := "organizations/301234567890"

topic := "projects/acme-secops/topics/scc-findings"

config(name, t, filter) := {"name": name, "pubsubTopic": t, "streamingConfig": {"filter": filter}}

organization(sections) := {
	"cloud": "gcp",
	"scope": {"type": "organization", "id": "301234567890"},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": sections,
}

ok(d) := {"status": "ok", "data": d}

notification_sections(subscriptions, functions, read) := {
	"securitycenter.notification_configs": ok({
		"parents": [org], "notificationConfigs": [
			config(sprintf("%s/notificationConfigs/b-high", [org]), topic, "state=\"ACTIVE\" AND severity=\"HIGH\""),
			config(sprintf("%s/notificationConfigs/a-gone", [org]), "projects/acme-secops/topics/gone", ""),
		],
		"filterEvaluations": {sprintf("%s/notificationConfigs/b-high", [org]): high},
	}),
	"pubsub.topics": ok({"topics": [
		{"name": topic, "topic": {"name": topic}, "subscriptions": subscriptions},
		{"name": "projects/acme-secops/topics/gone", "topic": null, "subscriptions": []},
	]}),
	"cloudfunctions.functions": ok({"parents": read, "functions": functions, "serviceDisabled": []}),
	"eventarc.triggers": ok({"parents": read, "triggers": [], "serviceDisabled": [{"parent": "projects/acme-secops", "service": "eventarc.googleapis.com"}]}),
}

high := {"filter": "state=\"ACTIVE\" AND severity=\"HIGH\"", "evaluated": true, "selected": ["ACTIVE/HIGH/UNMUTED", "ACTIVE/HIGH/UNDEFINED", "ACTIVE/HIGH/MUTED"]}

responder := {"name": "projects/acme-secops/locations/europe-west1/functions/r", "state": "ACTIVE", "eventTrigger": {"pubsubTopic": topic}}

test_notification_configs if {
	facts := gcp with input as organization(notification_sections(["s1", "s2"], [responder], ["projects/acme-secops/locations/-"]))
	facts.notification_configs == {
		"organizations/301234567890/notificationConfigs/a-gone": {
			"pointer": "/sections/securitycenter.notification_configs/data/notificationConfigs/1",
			"filter": "",
			"evaluation": {"filter": "", "evaluated": false, "reason": "the snapshot holds no evaluation of this filter by irscan's collector", "selected": []},
			"topic": {"name": "projects/acme-secops/topics/gone", "read": true, "exists": false, "subscriptions": 0, "pointer": "/sections/pubsub.topics/data/topics/1"},
			"consumers": [],
			"consumers_read": true,
		},
		"organizations/301234567890/notificationConfigs/b-high": {
			"pointer": "/sections/securitycenter.notification_configs/data/notificationConfigs/0",
			"filter": "state=\"ACTIVE\" AND severity=\"HIGH\"",
			"evaluation": high,
			"topic": {"name": topic, "read": true, "exists": true, "subscriptions": 2, "pointer": "/sections/pubsub.topics/data/topics/0"},
			"consumers": [{"text": "Cloud Function projects/acme-secops/locations/europe-west1/functions/r (ACTIVE)", "pointer": "/sections/cloudfunctions.functions/data/functions/0"}],
			"consumers_read": true,
		},
	}
	facts.consumer_apis_disabled == ["eventarc.googleapis.com in projects/acme-secops"]
}

test_consumers_unread_and_topic_unread if {
	sections := json.patch(notification_sections([], [], []), [{"op": "replace", "path": "/pubsub.topics/data/topics", "value": []}])
	facts := gcp with input as organization(sections)
	c := facts.notification_configs["organizations/301234567890/notificationConfigs/b-high"]
	c.consumers_read == false
	c.topic == {"name": topic, "read": false, "exists": false, "subscriptions": 0, "pointer": "/sections/pubsub.topics/data/topics"}
}

test_audit_configs if {
	facts := gcp with input as organization({"resourcemanager.iam_audit_configs": ok({"auditConfigs": {org: [
		{"service": "allServices", "auditLogConfigs": [{"logType": "DATA_WRITE"}, {"logType": "ADMIN_READ"}]},
		{"service": "storage.googleapis.com", "auditLogConfigs": [{"logType": "DATA_READ", "exemptedMembers": ["user:b@x", "user:a@x"]}]},
	]}})})
	facts.audit_configs == {
		"pointer": "/sections/resourcemanager.iam_audit_configs/data/auditConfigs/organizations~1301234567890",
		"log_types": ["ADMIN_READ", "DATA_WRITE"],
		"exemptions": [{"service": "storage.googleapis.com", "log_type": "DATA_READ", "members": ["user:a@x", "user:b@x"]}],
	}
}

test_sinks if {
	facts := gcp with input as organization({"logging.sinks": ok({"parents": [org], "serviceDisabled": [], "sinks": [
		{"name": "all", "resourceName": sprintf("%s/sinks/all", [org]), "destination": "storage.googleapis.com/b", "includeChildren": true, "exclusions": [{"name": "x"}, {"name": "y", "disabled": true}]},
		{"name": "audit", "resourceName": sprintf("%s/sinks/audit", [org]), "destination": "bigquery.googleapis.com/projects/p/datasets/d", "filter": "logName:cloudaudit", "disabled": true},
	]})})
	facts.sinks == {
		"organizations/301234567890/sinks/all": {"name": "all", "destination": "storage.googleapis.com/b", "include_children": true, "filter": "", "disabled": false, "active_exclusions": 1, "pointer": "/sections/logging.sinks/data/sinks/0"},
		"organizations/301234567890/sinks/audit": {"name": "audit", "destination": "bigquery.googleapis.com/projects/p/datasets/d", "include_children": false, "filter": "logName:cloudaudit", "disabled": true, "active_exclusions": 0, "pointer": "/sections/logging.sinks/data/sinks/1"},
	}
}

test_scc_subscription if {
	facts := gcp with input as organization({"securitycenter.subscription": ok({"parent": org, "subscription": {"name": "x", "tier": "PREMIUM", "details": {"endTime": "2027-01-01T00:00:00Z"}}})})
	facts.scc_subscription == {"tier": "PREMIUM", "end_time": "2027-01-01T00:00:00Z", "pointer": "/sections/securitycenter.subscription/data/subscription"}
	never := gcp with input as organization({"securitycenter.subscription": ok({"parent": org, "subscription": null})})
	never.scc_subscription == {"tier": "", "end_time": "", "pointer": "/sections/securitycenter.subscription/data/subscription"}
}

# A section the organisation could not read gives no fact (the check then names the gap).
test_no_fact_from_unread_sections if {
	facts := gcp with input as organization({
		"securitycenter.notification_configs": {"status": "denied", "data": null},
		"resourcemanager.iam_audit_configs": {"status": "error", "data": null},
		"logging.sinks": {"status": "denied", "data": null},
		"securitycenter.subscription": {"status": "error", "data": null},
	})
	facts == {}
}

# A project offers nothing.
test_projects_offer_nothing if {
	inp := object.union(organization(notification_sections(["s"], [responder], ["projects/acme-secops/locations/-"])), {"scope": {"type": "project", "id": "acme-secops"}})
	facts := gcp with input as inp
	facts == {}
}

test_sink_buckets if {
	facts := gcp with input as organization({"storage.sink_buckets": ok({"buckets": [
		{"name": "locked", "bucket": {"name": "locked", "retentionPolicy": {"retentionPeriod": "34560000", "isLocked": true}}},
		{"name": "open", "bucket": {"name": "open", "retentionPolicy": {"retentionPeriod": "86400"}}},
		{"name": "gone", "bucket": null},
	]})})
	facts.sink_buckets == {
		"locked": {"exists": true, "locked": true, "retention_seconds": 34560000, "pointer": "/sections/storage.sink_buckets/data/buckets/0"},
		"open": {"exists": true, "locked": false, "retention_seconds": 86400, "pointer": "/sections/storage.sink_buckets/data/buckets/1"},
		"gone": {"exists": false, "locked": false, "retention_seconds": 0, "pointer": "/sections/storage.sink_buckets/data/buckets/2"},
	}
}
