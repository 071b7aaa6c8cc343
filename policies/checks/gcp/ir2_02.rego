# METADATA
# title: SCC notifications are delivered
# description: >-
#   Security Command Center findings leave the console: at least one SCC notification config
#   (on the scope or one of its ancestors) publishes to a Pub/Sub topic that exists and has at
#   least one subscription, so that someone or something consumes the findings. A config whose
#   topic was deleted, or a topic nobody subscribes to, delivers nothing. Runs on organisation
#   and project snapshots; in an organisation scan, a project without a notification config
#   of its own (or of a folder above it) defers to the organisation's finding (see "Where
#   each GCP check runs" in collectors/SECTIONS.md).
# custom:
#   id: GCP-IR2-02
#   controls: [IR-2]
#   severity: high
#   requires: [securitycenter.notification_configs, pubsub.topics, resourcemanager.ancestry]
#   remediation: >-
#     Create a topic and a subscription that your alerting or SOAR pipeline reads (gcloud
#     pubsub topics create scc-findings --project=<project-id>; gcloud pubsub subscriptions
#     create scc-findings-soc --topic=scc-findings --project=<project-id>), then a
#     notification config that streams active findings to it (gcloud scc notifications create
#     scc-high-findings --organization=<org-id> --location=global
#     --pubsub-topic=projects/<project-id>/topics/scc-findings --filter='state="ACTIVE"'),
#     and grant the SCC service agent roles/pubsub.publisher on the topic. Console: Security
#     Command Center > Settings > Continuous exports > Create Pub/Sub export. For a config
#     whose topic is missing, recreate the topic or point the config at an existing one.
#   references:
#     - https://cloud.google.com/security-command-center/docs/how-to-notifications
#     - https://cloud.google.com/security-command-center/docs/reference/rest/v1/organizations.notificationConfigs
#     - https://cloud.google.com/pubsub/docs/create-subscription
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.gcp.ir2_02

collection := c if {
	c := {"organization": "organizations", "folder": "folders"}[input.scope.type]
} else := "projects"

scope_resource := sprintf("//cloudresourcemanager.googleapis.com/%s/%s", [collection, input.scope.id])

ancestry := input.sections["resourcemanager.ancestry"].data

# Set when the project's organisation is assessed in the same scan: a project with no
# notification config of its own (or of a folder above it) then defers to the
# organisation's finding.
org_scan := s if {
	input.scope.type == "project"
	s := ancestry.organizationScan
	is_object(s)
}

deferred if {
	org_scan
	configs := input.sections["securitycenter.notification_configs"].data.notificationConfigs
	is_array(input.sections["pubsub.topics"].data.topics)
	count([c | some c in configs; not startswith(c.name, "organizations/")]) == 0
}

findings contains f if {
	deferred
	configs := input.sections["securitycenter.notification_configs"].data.notificationConfigs
	f := {
		"resource": scope_resource,
		"status": "pass",
		"message": sprintf("No SCC notification config is set on project %s or on a folder above it (%d config(s) come from its organisation), so its verdict is that of its organisation %s: this scan assesses it once, on the organisation's own finding (snapshot %s).", [input.scope.id, count(configs), org_scan.organization, org_scan.snapshot]),
		"evidence": ["/sections/securitycenter.notification_configs/data/notificationConfigs", "/sections/resourcemanager.ancestry/data/organizationScan"],
	}
}

findings contains f if {
	not deferred
	configs := input.sections["securitycenter.notification_configs"].data.notificationConfigs
	topics := input.sections["pubsub.topics"].data.topics
	working := [[i, j] |
		some i, c in configs
		some j, t in topics
		t.name == c.pubsubTopic
		delivers(t)
	]
	count(working) > 0
	f := {
		"resource": scope_resource,
		"status": "pass",
		"message": sprintf("SCC findings are delivered: %s; at least one notification config with an existing, subscribed topic is required.", [concat("; ", sort({sprintf("%s publishes to %s, which has %d subscription(s)", [configs[p[0]].name, topics[p[1]].name, count(topics[p[1]].subscriptions)]) | some p in working}))]),
		"evidence": array.concat(
			[sprintf("/sections/securitycenter.notification_configs/data/notificationConfigs/%d", [p[0]]) | some p in working],
			[sprintf("/sections/pubsub.topics/data/topics/%d", [p[1]]) | some p in working],
		),
	}
}

findings contains f if {
	not deferred
	d := input.sections["securitycenter.notification_configs"].data
	is_array(input.sections["pubsub.topics"].data.topics)
	count(d.notificationConfigs) == 0
	f := {
		"resource": scope_resource,
		"status": "fail",
		"message": sprintf("No Security Command Center notification config exists (listed on %s); expected one whose Pub/Sub topic exists and has at least one subscription.", [concat(", ", d.parents)]),
		"evidence": ["/sections/securitycenter.notification_configs/data/notificationConfigs"],
	}
}

findings contains f if {
	not deferred
	configs := input.sections["securitycenter.notification_configs"].data.notificationConfigs
	topics := input.sections["pubsub.topics"].data.topics
	count(configs) > 0
	every c in configs {
		not delivered(c, topics)
	}
	f := {
		"resource": scope_resource,
		"status": "fail",
		"message": sprintf("No notification config delivers SCC findings (%s); expected one whose Pub/Sub topic exists and has at least one subscription.", [concat("; ", sort({sprintf("%s: %s", [c.name, reason(c)]) | some c in configs}))]),
		"evidence": [
			"/sections/securitycenter.notification_configs/data/notificationConfigs",
			"/sections/pubsub.topics/data/topics",
		],
	}
}

delivers(t) if {
	is_object(t.topic)
	count(t.subscriptions) > 0
}

delivered(c, topics) if {
	some t in topics
	t.name == c.pubsubTopic
	delivers(t)
}

reason(c) := "pubsubTopic is empty" if {
	object.get(c, "pubsubTopic", "") == ""
} else := sprintf("topic %s was not read", [c.pubsubTopic]) if {
	not topic_read(c.pubsubTopic)
} else := sprintf("topic %s does not exist", [c.pubsubTopic]) if {
	some t in input.sections["pubsub.topics"].data.topics
	t.name == c.pubsubTopic
	not is_object(t.topic)
} else := sprintf("topic %s has no subscription", [c.pubsubTopic])

topic_read(name) if {
	some t in input.sections["pubsub.topics"].data.topics
	t.name == name
}
