# METADATA
# title: Findings trigger automation
# description: >-
#   Security Command Center findings start an automated response: the Pub/Sub topic of at
#   least one notification config that applies to the scope (on the scope or one of its
#   ancestors) is consumed by an ACTIVE Cloud Function (eventTrigger.pubsubTopic, 1st or 2nd
#   gen) or by an Eventarc trigger (transport.pubsub.topic, to Cloud Run, Workflows, GKE or a
#   function), the pattern of Google's security-response-automation. Functions and triggers
#   are read in the projects that hold the topics (they consume topics of their own project);
#   the Cloud Functions or Eventarc API disabled there (SERVICE_DISABLED) means none exists.
#   Runs on organisation and project snapshots. A config of the project or of a folder above it
#   whose topic is consumed is judged on the project. The organisation's configs are judged
#   where they are held: on the organisation's snapshot and, in a --project or --folder scan,
#   on each project's; a project of an --organization scan without such a config of its own
#   follows the organisation's facts when its snapshot is in the run (pass or fail, naming
#   it), and is an error naming the organisation when it is not (see "Where each GCP check
#   runs" in snapshot/SECTIONS.md).
# custom:
#   id: GCP-IR6-01
#   controls: [IR-6]
#   severity: medium
#   requires: [securitycenter.notification_configs, cloudfunctions.functions, eventarc.triggers, resourcemanager.ancestry]
#   remediation: >-
#     Deploy a responder on the SCC notification topic: a Cloud Function (gcloud functions
#     deploy scc-responder --gen2 --region=<region> --runtime=go122 --trigger-topic=<topic>
#     --source=. --entry-point=HandleFinding --service-account=<least-privilege SA>) or an
#     Eventarc trigger that starts a Workflow or Cloud Run service (gcloud eventarc triggers
#     create scc-to-workflow --location=<region> --destination-workflow=<workflow>
#     --event-filters=type=google.cloud.pubsub.topic.v1.messagePublished
#     --transport-topic=<topic> --service-account=<SA>). Start with containment actions that
#     are safe to automate (snapshot a disk, revoke a key, isolate a VM with a firewall tag,
#     open a ticket) and page a human for the rest. Google's security-response-automation
#     repository has ready-made responders.
#   references:
#     - https://cloud.google.com/security-command-center/docs/how-to-notifications
#     - https://cloud.google.com/functions/docs/calling/pubsub
#     - https://cloud.google.com/eventarc/docs/creating-triggers
#     - https://github.com/GoogleCloudPlatform/security-response-automation
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.gcp.ir6_01

import data.irscan.lib.gcp
import data.irscan.lib.scope
import data.irscan.lib.values

ancestry := gcp.ancestry

configs_data := input.sections["securitycenter.notification_configs"].data

configs := configs_data.notificationConfigs

functions_data := input.sections["cloudfunctions.functions"].data

triggers_data := input.sections["eventarc.triggers"].data

ready if {
	is_array(configs)
	is_object(functions_data)
	is_object(triggers_data)
	is_object(ancestry)
}

# The snapshot holds every notification config that applies to the scope.
complete if gcp.holds(configs_data.parents)

# The distinct topics of the notification configs.
topics := {c.pubsubTopic | some c in configs; object.get(c, "pubsubTopic", "") != ""}

# What consumes each topic, as text, with the evidence pointer.
consumers[topic] := array.concat(
	[[sprintf("Cloud Function %s (ACTIVE)", [fn.name]), sprintf("/sections/cloudfunctions.functions/data/functions/%d", [i])] |
		some i, fn in functions_data.functions
		fn.eventTrigger.pubsubTopic == topic
		fn.state == "ACTIVE"
	],
	[[sprintf("Eventarc trigger %s (to %s)", [t.name, gcp.trigger_destination(t)]), sprintf("/sections/eventarc.triggers/data/triggers/%d", [i])] |
		some i, t in triggers_data.triggers
		t.transport.pubsub.topic == topic
	],
) if {
	some topic in topics
}

consumed := {topic | some topic in topics; count(consumers[topic]) > 0}

# Topics whose project's functions or triggers were not read cannot be judged.
unread := {topic |
	some topic in topics
	not read(topic)
}

read(topic) if {
	parent := sprintf("%s/locations/-", [gcp.project_of(topic)])
	parent in functions_data.parents
	parent in triggers_data.parents
}

# A consumed topic of a config in the snapshot decides: the project's, a folder's, or the
# organisation's where the snapshot holds it.
findings contains f if {
	ready
	count(consumed) > 0
	f := {
		"resource": scope.resource,
		"status": "pass",
		"message": sprintf("SCC findings trigger automation: %s; expected a Cloud Function or Eventarc trigger consuming a notification config's topic.", [concat("; ", sort([sprintf("%s (%s) is consumed by %s", [topic, configs_of(topic), concat(", ", [c[0] | some c in consumers[topic]])]) | some topic in consumed]))]),
		"evidence": sort([c[1] | some topic in consumed; some c in consumers[topic]]),
	}
}

findings contains f if {
	ready
	complete
	count(configs) > 0
	count(consumed) == 0
	count(unread) == 0
	f := {
		"resource": scope.resource,
		"status": "fail",
		"message": sprintf("No notification config's topic is consumed by an automated responder: %s%s; expected an ACTIVE Cloud Function or an Eventarc trigger on a notification config's topic.", [concat("; ", local_texts), disabled_note(local_disabled)]),
		"evidence": ["/sections/securitycenter.notification_configs/data/notificationConfigs", "/sections/cloudfunctions.functions/data/functions", "/sections/eventarc.triggers/data/triggers"],
	}
}

findings contains f if {
	ready
	complete
	count(configs) == 0
	f := {
		"resource": scope.resource,
		"status": "fail",
		"message": "No Security Command Center notification config exists, so no finding can trigger automation; expected a notification config (GCP-IR2-02) whose topic an ACTIVE Cloud Function or an Eventarc trigger consumes.",
		"evidence": ["/sections/securitycenter.notification_configs/data/notificationConfigs"],
	}
}

# Never fail on absent data: a topic whose project was not read.
unread_finding := {
	"resource": scope.resource,
	"status": "error",
	"message": sprintf("The functions or Eventarc triggers of the project of topic(s) %s are missing from sections cloudfunctions.functions and eventarc.triggers, so their consumers are unknown; expected both lists for every topic's project.", [concat(", ", sort(unread))]),
	"evidence": ["/sections/cloudfunctions.functions/data/parents", "/sections/eventarc.triggers/data/parents"],
}

findings contains unread_finding if {
	ready
	complete
	count(consumed) == 0
	count(unread) > 0
}

# No topic of a config of the project or its folders is consumed, and the organisation's
# configs are not in this snapshot: the organisation's snapshot decides.
org_sections := ["securitycenter.notification_configs", "cloudfunctions.functions", "eventarc.triggers"]

org_configs := gcp.org_fact("notification_configs", org_sections)

base := {
	"resource": scope.resource,
	"evidence": ["/sections/securitycenter.notification_configs/data/notificationConfigs", "/sections/resourcemanager.ancestry/data/ancestors"],
}

findings contains f if {
	ready
	not complete
	count(consumed) == 0
	f := gcp.unassessed(
		base,
		sprintf("Automated response to the SCC findings of %s (no notification config of the project or its folders has a consumed topic; its organisation's apply too)", [ancestry.name]),
		"notification_configs", org_sections,
	)
}

org_consumed := {name | some name, c in org_configs; count(c.consumers) > 0}

org_unread := {c.topic.name | some c in org_configs; c.topic.name != ""; not c.consumers_read}

findings contains f if {
	ready
	not complete
	count(consumed) == 0
	is_object(org_configs)
	count(org_consumed) > 0
	f := gcp.follow(
		object.union(base, {
			"status": "pass",
			"message": sprintf("SCC findings of %s trigger automation through its organisation's notification config(s): %s; expected a Cloud Function or Eventarc trigger consuming a notification config's topic.", [ancestry.name, concat("; ", sort([sprintf("%s (config %s) is consumed by %s", [org_configs[n].topic.name, n, concat(", ", [c.text | some c in org_configs[n].consumers])]) | some n in org_consumed]))]),
		}),
		sort([c.pointer | some n in org_consumed; some c in org_configs[n].consumers]),
	)
}

# The consumers of a topic of a config of the project or its folders, or of the
# organisation's, are unknown: never a fail on absent data.
findings contains unread_finding if {
	ready
	not complete
	count(consumed) == 0
	is_object(org_configs)
	count(org_consumed) == 0
	count(unread) > 0
}

findings contains f if {
	ready
	not complete
	count(consumed) == 0
	count(unread) == 0
	is_object(org_configs)
	count(org_consumed) == 0
	count(org_unread) > 0
	f := gcp.follow(
		object.union(base, {
			"status": "error",
			"message": sprintf("The consumers of the topic(s) %s of %s's notification configs are unknown: its snapshot lists no functions or Eventarc triggers of their project; expected both lists for every topic's project.", [concat(", ", sort(org_unread)), gcp.org_label]),
		}),
		gcp.owner_pointers(sort([c.pointer | some c in org_configs]), "/sections/securitycenter.notification_configs/data/notificationConfigs"),
	)
}

findings contains f if {
	ready
	not complete
	count(consumed) == 0
	count(unread) == 0
	is_object(org_configs)
	count(org_consumed) == 0
	count(org_unread) == 0
	texts := array.concat(local_texts, sort([sprintf("%s (config %s) has no function or trigger", [c.topic.name, n]) | some n, c in org_configs; c.topic.name != ""]))
	f := gcp.follow(
		object.union(base, {
			"status": "fail",
			"message": sprintf("No notification config's topic is consumed by an automated responder for %s: %s%s; expected an ACTIVE Cloud Function or an Eventarc trigger on a notification config's topic.", [ancestry.name, none_text(texts), disabled_note(local_disabled | {x | some x in object.get(gcp.org_entry.facts, "consumer_apis_disabled", [])})]),
		}),
		gcp.owner_pointers(sort([c.pointer | some c in org_configs]), "/sections/securitycenter.notification_configs/data/notificationConfigs"),
	)
}

none_text(texts) := concat("; ", texts) if {
	count(texts) > 0
} else := sprintf("no notification config with a topic is set on %s or on %s", [concat(", ", configs_data.parents), gcp.org_label])

local_texts := sort([sprintf("%s (%s) has no function or trigger", [topic, configs_of(topic)]) | some topic in topics])

local_disabled := {sprintf("%s in %s", [e.service, e.parent]) | some e in array.concat(values.list(functions_data.serviceDisabled), values.list(triggers_data.serviceDisabled))}

configs_of(topic) := concat(", ", sort([sprintf("config %s", [c.name]) | some c in configs; c.pubsubTopic == topic]))

disabled_note(disabled) := sprintf(" (disabled: %s)", [concat(", ", sort(disabled))]) if {
	count(disabled) > 0
} else := ""
