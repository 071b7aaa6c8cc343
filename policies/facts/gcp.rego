# What a gcp snapshot offers the other scopes of the run (data.estate["gcp"][type][id].facts).
# Every rule of this package is one fact; keep them small (kilobytes per scope) and sorted.
#
# An organisation's snapshot offers the settings it owns that apply to every project below it
# and that, in an --organization scan, only its snapshot holds (snapshot/SECTIONS.md "Where
# each GCP check runs"): its SCC notification configs (filter, topic, who consumes it), the
# audit configs of its IAM policy, its sinks and its SCC tier. Each value carries the JSON
# pointers into the organisation's snapshot it was read from. Projects offer nothing: folders
# are not scopes, and a project's settings apply to itself only.
package irscan.facts.gcp

import data.irscan.lib.gcp
import data.irscan.lib.scope
import data.irscan.lib.values

# Only the facts are rules here (the engine keeps every rule of the package as a fact): the
# helpers are functions.

# METADATA
# description: >-
#   The organisation's SCC notification configs by name: pointer, filter, the collector's
#   evaluation of the filter (evaluated, reason, selected: see filterEvaluations), its Pub/Sub topic
#   (read, exists, subscription count, pointer) and the ACTIVE Cloud Functions and Eventarc
#   triggers consuming it (consumers_read: the topic's project was listed for both).
notification_configs := {c.name: {
	"pointer": sprintf("/sections/securitycenter.notification_configs/data/notificationConfigs/%d", [i]),
	"filter": gcp.config_filter(c),
	"evaluation": gcp.evaluation(d, c),
	"topic": topic_fact(object.get(c, "pubsubTopic", "")),
	"consumers": consumers(object.get(c, "pubsubTopic", "")),
	"consumers_read": consumers_read(object.get(c, "pubsubTopic", "")),
} |
	some i, c in d.notificationConfigs
	startswith(c.name, sprintf("%s/", [scope.gcp_name]))
} if {
	input.scope.type == "organization"
	d := input.sections["securitycenter.notification_configs"].data
	is_array(d.notificationConfigs)
}

topic_fact(name) := {"name": name, "read": true, "exists": is_object(t.topic), "subscriptions": count(values.list(t.subscriptions)), "pointer": sprintf("/sections/pubsub.topics/data/topics/%d", [j])} if {
	name != ""
	some j, t in values.list(input.sections["pubsub.topics"].data.topics)
	t.name == name
} else := {"name": name, "read": false, "exists": false, "subscriptions": 0, "pointer": "/sections/pubsub.topics/data/topics"}

consumers(topic) := [] if {
	topic == ""
} else := sort(array.concat(
	[{"text": sprintf("Cloud Function %s (ACTIVE)", [fn.name]), "pointer": sprintf("/sections/cloudfunctions.functions/data/functions/%d", [i])} |
		some i, fn in values.list(input.sections["cloudfunctions.functions"].data.functions)
		fn.eventTrigger.pubsubTopic == topic
		fn.state == "ACTIVE"
	],
	[{"text": sprintf("Eventarc trigger %s (to %s)", [t.name, gcp.trigger_destination(t)]), "pointer": sprintf("/sections/eventarc.triggers/data/triggers/%d", [i])} |
		some i, t in values.list(input.sections["eventarc.triggers"].data.triggers)
		t.transport.pubsub.topic == topic
	],
))

# Always true or false: the fact is never left out.
consumers_read(topic) if {
	topic != ""
	parent := sprintf("%s/locations/-", [gcp.project_of(topic)])
	parent in values.list(input.sections["cloudfunctions.functions"].data.parents)
	parent in values.list(input.sections["eventarc.triggers"].data.parents)
} else := false

# METADATA
# description: The APIs that answered SERVICE_DISABLED when the consumers of the topics were listed ("<service> in <project>").
consumer_apis_disabled := sort({sprintf("%s in %s", [e.service, e.parent]) |
	some e in array.concat(values.list(functions.serviceDisabled), values.list(triggers.serviceDisabled))
}) if {
	input.scope.type == "organization"
	functions := input.sections["cloudfunctions.functions"].data
	triggers := input.sections["eventarc.triggers"].data
	is_object(functions)
	is_object(triggers)
}

# METADATA
# description: >-
#   The audit configs of the organisation's IAM policy: the log types enabled for allServices
#   and every exemption (any service), with the pointer to the policy's audit configs.
audit_configs := {
	"pointer": sprintf("/sections/resourcemanager.iam_audit_configs/data/auditConfigs/%s", [gcp.esc(scope.gcp_name)]),
	"log_types": sort({lc.logType |
		some ac in acs
		ac.service == "allServices"
		some lc in values.list(ac.auditLogConfigs)
	}),
	"exemptions": sort({{"service": ac.service, "log_type": lc.logType, "members": sort(lc.exemptedMembers)} |
		some ac in acs
		some lc in values.list(ac.auditLogConfigs)
		count(values.list(object.get(lc, "exemptedMembers", []))) > 0
	}),
} if {
	input.scope.type == "organization"
	acs := input.sections["resourcemanager.iam_audit_configs"].data.auditConfigs[scope.gcp_name]
	is_array(acs)
}

# METADATA
# description: >-
#   The organisation's own sinks by resource name: destination, includeChildren, filter,
#   disabled, the number of active exclusions, and the pointer.
sinks := {s.resourceName: {
	"name": s.name,
	"destination": object.get(s, "destination", ""),
	"include_children": object.get(s, "includeChildren", false),
	"filter": object.get(s, "filter", ""),
	"disabled": object.get(s, "disabled", false),
	"active_exclusions": count(gcp.active_exclusions(s)),
	"pointer": sprintf("/sections/logging.sinks/data/sinks/%d", [i]),
} |
	some i, s in list
	gcp.sink_parent(s) == scope.gcp_name
} if {
	input.scope.type == "organization"
	list := input.sections["logging.sinks"].data.sinks
	is_array(list)
}

# METADATA
# description: >-
#   The organisation's Security Command Center subscription: tier ("" when SCC was never
#   activated: getSubscription answered NOT_FOUND), the term's end, and the pointer.
scc_subscription := {
	"tier": values.field(d.subscription, "tier", ""),
	"end_time": values.field(values.field(d.subscription, "details", {}), "endTime", ""),
	"pointer": "/sections/securitycenter.subscription/data/subscription",
} if {
	input.scope.type == "organization"
	d := input.sections["securitycenter.subscription"].data
	d.parent == scope.gcp_name
}

# METADATA
# description: >-
#   The Cloud Storage buckets the organisation's sinks write to, by name: whether the bucket
#   exists, whether its retention policy is locked, the retention in seconds, and the pointer
#   (what GCP-IR7-01 judges, for GCP-IR7-02's projects).
sink_buckets := {e.name: {
	"exists": is_object(e.bucket),
	"locked": bucket_locked(e),
	"retention_seconds": retention_seconds(e),
	"pointer": sprintf("/sections/storage.sink_buckets/data/buckets/%d", [i]),
} |
	some i, e in list
} if {
	input.scope.type == "organization"
	list := input.sections["storage.sink_buckets"].data.buckets
	is_array(list)
}

# Always true or false: the fact is never left out.
bucket_locked(e) if {
	e.bucket.retentionPolicy.isLocked == true
} else := false

retention_seconds(e) := to_number(e.bucket.retentionPolicy.retentionPeriod) if {
	is_string(e.bucket.retentionPolicy.retentionPeriod)
} else := 0
