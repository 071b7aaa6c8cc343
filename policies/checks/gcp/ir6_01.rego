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
#   Runs on organisation and project snapshots; in an organisation scan, a project without a
#   notification config of its own (or of a folder above it) defers to the organisation's
#   finding (see "Where each GCP check runs" in collectors/SECTIONS.md).
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

collection := c if {
	c := {"organization": "organizations", "folder": "folders"}[input.scope.type]
} else := "projects"

scope_resource := sprintf("//cloudresourcemanager.googleapis.com/%s/%s", [collection, input.scope.id])

ancestry := input.sections["resourcemanager.ancestry"].data

configs := input.sections["securitycenter.notification_configs"].data.notificationConfigs

functions_data := input.sections["cloudfunctions.functions"].data

triggers_data := input.sections["eventarc.triggers"].data

# Set when the project's organisation is assessed in the same scan.
org_scan := s if {
	input.scope.type == "project"
	s := ancestry.organizationScan
	is_object(s)
}

ready if {
	is_array(configs)
	is_object(functions_data)
	is_object(triggers_data)
	is_object(ancestry)
}

# The distinct topics of the notification configs.
topics := {c.pubsubTopic | some c in configs; object.get(c, "pubsubTopic", "") != ""}

# What consumes each topic, as text, with the evidence pointer.
consumers[topic] := array.concat(
	[[sprintf("Cloud Function %s (ACTIVE)", [fn.name]), sprintf("/sections/cloudfunctions.functions/data/functions/%d", [i])] |
		some i, fn in functions_data.functions
		fn.eventTrigger.pubsubTopic == topic
		fn.state == "ACTIVE"
	],
	[[sprintf("Eventarc trigger %s (to %s)", [t.name, destination(t)]), sprintf("/sections/eventarc.triggers/data/triggers/%d", [i])] |
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
	parent := sprintf("%s/locations/-", [topic_project(topic)])
	parent in functions_data.parents
	parent in triggers_data.parents
}

deferred if {
	ready
	org_scan
	count([c | some c in configs; not startswith(c.name, "organizations/")]) == 0
}

findings contains f if {
	deferred
	f := {
		"resource": scope_resource,
		"status": "pass",
		"message": sprintf("No SCC notification config is set on project %s or on a folder above it (%d config(s) come from its organisation), so its verdict is that of its organisation %s: this scan assesses it once, on the organisation's own finding (snapshot %s).", [input.scope.id, count(configs), org_scan.organization, org_scan.snapshot]),
		"evidence": ["/sections/securitycenter.notification_configs/data/notificationConfigs", "/sections/resourcemanager.ancestry/data/organizationScan"],
	}
}

findings contains f if {
	ready
	not deferred
	count(consumed) > 0
	f := {
		"resource": scope_resource,
		"status": "pass",
		"message": sprintf("SCC findings trigger automation: %s; expected a Cloud Function or Eventarc trigger consuming a notification config's topic.", [concat("; ", sort([sprintf("%s (%s) is consumed by %s", [topic, configs_of(topic), concat(", ", [c[0] | some c in consumers[topic]])]) | some topic in consumed]))]),
		"evidence": sort([c[1] | some topic in consumed; some c in consumers[topic]]),
	}
}

findings contains f if {
	ready
	not deferred
	count(configs) > 0
	count(consumed) == 0
	count(unread) == 0
	f := {
		"resource": scope_resource,
		"status": "fail",
		"message": sprintf("No notification config's topic is consumed by an automated responder: %s%s; expected an ACTIVE Cloud Function or an Eventarc trigger on a notification config's topic.", [concat("; ", sort([sprintf("%s (%s) has no function or trigger", [topic, configs_of(topic)]) | some topic in topics])), disabled_note]),
		"evidence": ["/sections/securitycenter.notification_configs/data/notificationConfigs", "/sections/cloudfunctions.functions/data/functions", "/sections/eventarc.triggers/data/triggers"],
	}
}

findings contains f if {
	ready
	not deferred
	count(configs) == 0
	f := {
		"resource": scope_resource,
		"status": "fail",
		"message": "No Security Command Center notification config exists, so no finding can trigger automation; expected a notification config (GCP-IR2-02) whose topic an ACTIVE Cloud Function or an Eventarc trigger consumes.",
		"evidence": ["/sections/securitycenter.notification_configs/data/notificationConfigs"],
	}
}

# Never fail on absent data: a topic whose project was not read.
findings contains f if {
	ready
	not deferred
	count(consumed) == 0
	count(unread) > 0
	f := {
		"resource": scope_resource,
		"status": "error",
		"message": sprintf("The functions or Eventarc triggers of the project of topic(s) %s are missing from sections cloudfunctions.functions and eventarc.triggers, so their consumers are unknown; expected both lists for every topic's project.", [concat(", ", sort(unread))]),
		"evidence": ["/sections/cloudfunctions.functions/data/parents", "/sections/eventarc.triggers/data/parents"],
	}
}

configs_of(topic) := concat(", ", sort([sprintf("config %s", [c.name]) | some c in configs; c.pubsubTopic == topic]))

topic_project(topic) := concat("/", array.slice(split(topic, "/"), 0, 2))

destination(t) := concat(", ", sort([sprintf("%s %s", [k, text(v)]) | some k, v in t.destination])) if {
	count(object.get(t, "destination", {})) > 0
} else := "no destination"

text(v) := v if {
	is_string(v)
} else := v.service if {
	is_string(v.service)
} else := "configured"

disabled_note := sprintf(" (disabled: %s)", [concat(", ", sort({sprintf("%s in %s", [e.service, e.parent]) | some e in array.concat(functions_data.serviceDisabled, triggers_data.serviceDisabled)}))]) if {
	count(functions_data.serviceDisabled) + count(triggers_data.serviceDisabled) > 0
} else := ""
