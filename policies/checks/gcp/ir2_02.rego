# METADATA
# title: SCC notifications are delivered
# description: >-
#   Security Command Center findings leave the console: at least one SCC notification config
#   (on the scope or one of its ancestors) publishes to a Pub/Sub topic that exists and has at
#   least one subscription, so that someone or something consumes the findings, and whose
#   filter selects findings. A config whose topic was deleted, a topic nobody subscribes to,
#   or a filter that selects no finding (the collector evaluates each filter against
#   representative findings: see GCP-IR5-01) delivers nothing. A config with a working topic
#   whose filter irscan cannot evaluate is manual, the filter quoted, unless another config
#   delivers. Configs are listed with the v1 and v2 APIs. Runs on organisation
#   and project snapshots. A config of the project or of a folder above it that delivers is
#   judged on the project. The organisation's configs are judged where they are held: on the
#   organisation's snapshot and, in a --project or --folder scan, on each project's; a project
#   of an --organization scan without a delivering config of its own follows the
#   organisation's facts when its snapshot is in the run (pass or fail, naming it), and is an
#   error naming the organisation when it is not (see "Where each GCP check runs" in
#   snapshot/SECTIONS.md).
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

import data.irscan.lib.gcp
import data.irscan.lib.scope

configs_data := input.sections["securitycenter.notification_configs"].data

configs := configs_data.notificationConfigs

topics := input.sections["pubsub.topics"].data.topics

ancestry := gcp.ancestry

ready if {
	is_array(configs)
	is_array(topics)
	is_object(ancestry)
}

# The snapshot holds every notification config that applies to the scope (its organisation's
# too, or it has none).
complete if gcp.holds(configs_data.parents)

# [config index, topic index] of the configs whose topic delivers.
topic_ok := [[i, j] |
	some i, c in configs
	some j, t in topics
	t.name == c.pubsubTopic
	delivers(t)
]

working := [p |
	some p in topic_ok
	selects_some(gcp.evaluation(configs_data, configs[p[0]]))
]

# A working topic behind a filter irscan cannot evaluate.
unknown := [p |
	some p in topic_ok
	not gcp.evaluation(configs_data, configs[p[0]]).evaluated
]

selects_some(ev) if {
	ev.evaluated
	count(ev.selected) > 0
}

# A config in the snapshot that delivers decides: the project's, a folder's, or the
# organisation's where the snapshot holds it.
findings contains f if {
	ready
	count(working) > 0
	f := {
		"resource": scope.resource,
		"status": "pass",
		"message": sprintf("SCC findings are delivered: %s; at least one notification config with an existing, subscribed topic is required.", [concat("; ", sort({sprintf("%s publishes to %s, which has %d subscription(s)", [configs[p[0]].name, topics[p[1]].name, count(topics[p[1]].subscriptions)]) | some p in working}))]),
		"evidence": array.concat(
			[sprintf("/sections/securitycenter.notification_configs/data/notificationConfigs/%d", [p[0]]) | some p in working],
			[sprintf("/sections/pubsub.topics/data/topics/%d", [p[1]]) | some p in working],
		),
	}
}

findings contains f if {
	ready
	complete
	count(configs) == 0
	f := {
		"resource": scope.resource,
		"status": "fail",
		"message": sprintf("No Security Command Center notification config exists (listed on %s); expected one whose Pub/Sub topic exists and has at least one subscription.", [concat(", ", configs_data.parents)]),
		"evidence": ["/sections/securitycenter.notification_configs/data/notificationConfigs"],
	}
}

findings contains f if {
	ready
	complete
	count(working) == 0
	count(unknown) > 0
	f := {
		"resource": scope.resource,
		"status": "manual",
		"message": sprintf("No notification config is known to deliver SCC findings: %s; check by hand that the filter selects findings (%s).", [concat("; ", sort({unknown_text(configs[p[0]].name, gcp.evaluation(configs_data, configs[p[0]])) | some p in unknown})), concat("; ", local_reasons)]),
		"evidence": sort({sprintf("/sections/securitycenter.notification_configs/data/notificationConfigs/%d", [p[0]]) | some p in unknown}),
	}
}

findings contains f if {
	ready
	complete
	count(configs) > 0
	count(working) == 0
	count(unknown) == 0
	f := {
		"resource": scope.resource,
		"status": "fail",
		"message": sprintf("No notification config delivers SCC findings (%s); expected one whose Pub/Sub topic exists and has at least one subscription.", [concat("; ", local_reasons)]),
		"evidence": [
			"/sections/securitycenter.notification_configs/data/notificationConfigs",
			"/sections/pubsub.topics/data/topics",
		],
	}
}

# No config of the project or its folders delivers, and the organisation's are not in this
# snapshot: the organisation's snapshot decides.
org_sections := ["securitycenter.notification_configs", "pubsub.topics"]

org_configs := gcp.org_fact("notification_configs", org_sections)

base := {
	"resource": scope.resource,
	"evidence": [
		"/sections/securitycenter.notification_configs/data/notificationConfigs",
		"/sections/pubsub.topics/data/topics",
		"/sections/resourcemanager.ancestry/data/ancestors",
	],
}

findings contains f if {
	ready
	not complete
	count(working) == 0
	f := gcp.unassessed(
		base,
		sprintf("Delivery of SCC findings for %s (no notification config of the project or its folders delivers them; its organisation's apply too)", [ancestry.name]),
		"notification_configs", org_sections,
	)
}

org_topic_ok := {name | some name, c in org_configs; c.topic.exists; c.topic.subscriptions > 0}

org_delivering := {name | some name in org_topic_ok; selects_some(org_configs[name].evaluation)}

org_unknown := {name | some name in org_topic_ok; not org_configs[name].evaluation.evaluated}

findings contains f if {
	ready
	not complete
	count(working) == 0
	is_object(org_configs)
	count(org_delivering) > 0
	f := gcp.follow(
		object.union(base, {
			"status": "pass",
			"message": sprintf("SCC findings of %s are delivered by its organisation's notification config(s): %s; at least one notification config with an existing, subscribed topic is required.", [ancestry.name, concat("; ", sort({sprintf("%s publishes to %s, which has %d subscription(s)", [n, org_configs[n].topic.name, org_configs[n].topic.subscriptions]) | some n in org_delivering}))]),
		}),
		sort({p | some n in org_delivering; some p in [org_configs[n].pointer, org_configs[n].topic.pointer]}),
	)
}

findings contains f if {
	ready
	not complete
	count(working) == 0
	is_object(org_configs)
	count(org_delivering) == 0
	count(unknown) + count(org_unknown) > 0
	texts := array.concat(
		[unknown_text(configs[p[0]].name, gcp.evaluation(configs_data, configs[p[0]])) | some p in unknown],
		[unknown_text(n, org_configs[n].evaluation) | some n in org_unknown],
	)
	f := gcp.follow(
		object.union(base, {
			"status": "manual",
			"message": sprintf("No notification config is known to deliver SCC findings for %s: %s; check by hand that the filter selects findings.", [ancestry.name, concat("; ", sort(texts))]),
		}),
		gcp.owner_pointers(sort([org_configs[n].pointer | some n in org_unknown]), "/sections/securitycenter.notification_configs/data/notificationConfigs"),
	)
}

findings contains f if {
	ready
	not complete
	count(working) == 0
	is_object(org_configs)
	count(org_delivering) == 0
	count(unknown) + count(org_unknown) == 0
	reasons := array.concat(local_reasons, sort({sprintf("%s: %s", [n, org_reason(c)]) | some n, c in org_configs}))
	f := gcp.follow(
		object.union(base, {
			"status": "fail",
			"message": sprintf("No notification config delivers SCC findings for %s (%s); expected one whose Pub/Sub topic exists and has at least one subscription.", [ancestry.name, none_text(reasons)]),
		}),
		gcp.owner_pointers(sort({c.pointer | some c in org_configs} | {c.topic.pointer | some c in org_configs}), "/sections/securitycenter.notification_configs/data/notificationConfigs"),
	)
}

none_text(reasons) := concat("; ", reasons) if {
	count(reasons) > 0
} else := sprintf("none is set on %s or on %s", [concat(", ", configs_data.parents), gcp.org_label])

local_reasons := sort({sprintf("%s: %s", [c.name, reason(c)]) | some c in configs})

delivers(t) if {
	is_object(t.topic)
	count(t.subscriptions) > 0
}

unknown_text(name, ev) := sprintf("%s publishes to a subscribed topic, but irscan cannot evaluate its filter '%s' (%s)", [name, ev.filter, ev.reason])

reason(c) := "pubsubTopic is empty" if {
	object.get(c, "pubsubTopic", "") == ""
} else := sprintf("topic %s was not read", [c.pubsubTopic]) if {
	not topic_read(c.pubsubTopic)
} else := sprintf("topic %s does not exist", [c.pubsubTopic]) if {
	some t in topics
	t.name == c.pubsubTopic
	not is_object(t.topic)
} else := sprintf("topic %s has no subscription", [c.pubsubTopic]) if {
	not topic_delivers(c.pubsubTopic)
} else := filter_reason(gcp.evaluation(configs_data, c))

filter_reason(ev) := sprintf("its filter '%s' selects no finding", [ev.filter]) if {
	gcp.selects_nothing(ev)
} else := sprintf("its filter '%s' cannot be evaluated (%s)", [ev.filter, ev.reason])

topic_delivers(name) if {
	some t in topics
	t.name == name
	delivers(t)
}

org_reason(c) := "pubsubTopic is empty" if {
	c.topic.name == ""
} else := sprintf("topic %s was not read", [c.topic.name]) if {
	not c.topic.read
} else := sprintf("topic %s does not exist", [c.topic.name]) if {
	not c.topic.exists
} else := sprintf("topic %s has no subscription", [c.topic.name]) if {
	c.topic.subscriptions == 0
} else := filter_reason(c.evaluation)

topic_read(name) if {
	some t in topics
	t.name == name
}
