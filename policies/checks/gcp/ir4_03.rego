# METADATA
# title: All logs exported
# description: >-
#   Every log entry of the scope is copied out of Cloud Logging's default buckets to a
#   destination the security team controls: an enabled sink with an empty filter and no
#   active exclusion routes the scope's logs, either the project's own sink or a sink of a
#   folder or of the organisation with includeChildren (which routes the logs of every project
#   below it). On an organisation (or folder) snapshot, its own sink must include children.
#   Google's _Required and _Default sinks filter their entries and do not count, and neither
#   does a sink whose destination is the scope's own _Default log bucket (the entries stay in
#   the project). The finding
#   names the sink and where it is set. Same intent as CIS Google Cloud 2.2 (Security Health
#   Analytics LOG_NOT_EXPORTED). Runs on organisation and project snapshots. A sink of the
#   project, or of a folder above it with includeChildren, that exports everything is judged
#   on the project. The organisation's sinks are judged where they are held: on the
#   organisation's snapshot and, in a --project or --folder scan, on each project's; a project
#   of an --organization scan without such a sink of its own follows the organisation's sinks
#   (its facts) when its snapshot is in the run (pass or fail, naming it), and is an error
#   naming the organisation when it is not (see "Where each GCP check runs" in
#   snapshot/SECTIONS.md).
# custom:
#   id: GCP-IR4-03
#   controls: [IR-4]
#   severity: medium
#   requires: [logging.sinks, resourcemanager.ancestry]
#   remediation: >-
#     Create an aggregated sink at the organisation that exports every log entry of every
#     project: gcloud logging sinks create org-all-logs
#     storage.googleapis.com/<locked-bucket> --organization=<org-id> --include-children (no
#     --log-filter), then grant the sink's writer identity roles/storage.objectCreator on the
#     bucket (or BigQuery / Pub/Sub / a log bucket in a central project). Console: Logging >
#     Log Router > Create sink, with the organisation selected, no inclusion filter and "Include
#     logs ingested by this organization and all child resources". Lock the destination
#     (GCP-IR7-01, GCP-IR7-02).
#   references:
#     - https://cloud.google.com/logging/docs/export/aggregated_sinks
#     - https://cloud.google.com/logging/docs/export/configure_export_v2
#     - https://cloud.google.com/logging/docs/reference/v2/rest/v2/organizations.sinks/list
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.gcp.ir4_03

import data.irscan.lib.gcp
import data.irscan.lib.scope

ancestry := gcp.ancestry

sinks_data := input.sections["logging.sinks"].data

ready if {
	is_object(sinks_data)
	is_object(ancestry)
}

# The snapshot holds every sink that may route the scope's logs (its organisation's too).
complete if gcp.holds(sinks_data.parents)

# Indexes of the sinks that route the scope's logs: its own, and its ancestors' that include
# children.
routing contains i if {
	some i, s in sinks_data.sinks
	gcp.routes(s)
}

qualifying contains i if {
	some i in routing
	count(reasons(sinks_data.sinks[i])) == 0
}

# A sink in the snapshot that exports everything decides: the project's, a folder's, or the
# organisation's where the snapshot holds it.
findings contains f if {
	ready
	count(qualifying) > 0
	f := {
		"resource": scope.resource,
		"status": "pass",
		"message": sprintf("Every log entry of %s is exported: %s; expected an enabled sink with an empty filter (including children when set on an organisation or folder).", [ancestry.name, concat("; ", sort([sink_text(sinks_data.sinks[i]) | some i in qualifying]))]),
		"evidence": sort([sprintf("/sections/logging.sinks/data/sinks/%d", [i]) | some i in qualifying]),
	}
}

findings contains f if {
	ready
	complete
	count(qualifying) == 0
	f := {
		"resource": scope.resource,
		"status": "fail",
		"message": sprintf("No enabled sink exports every log entry of %s: %s%s; expected an enabled sink with an empty filter and no exclusion (including children when set on an organisation or folder).", [ancestry.name, candidates_text(local_candidates), disabled_note]),
		"evidence": ["/sections/logging.sinks/data/sinks"],
	}
}

# No sink of the project or its folders exports everything, and the organisation's sinks are
# not in this snapshot: the organisation's snapshot decides.
org_sections := ["logging.sinks"]

org_sinks := gcp.org_fact("sinks", org_sections)

base := {"resource": scope.resource, "evidence": ["/sections/logging.sinks/data/sinks", "/sections/resourcemanager.ancestry/data/ancestors"]}

findings contains f if {
	ready
	not complete
	count(qualifying) == 0
	f := gcp.unassessed(
		base,
		sprintf("The export of every log entry of %s (no sink of the project or its folders exports everything; its organisation's sinks with includeChildren apply too)", [ancestry.name]),
		"sinks", org_sections,
	)
}

# The organisation's sinks that route its projects' logs.
org_routing := {name | some name, s in org_sinks; s.include_children}

org_qualifying := {name |
	some name in org_routing
	s := org_sinks[name]
	not s.disabled
	trim_space(s.filter) == ""
	s.active_exclusions == 0
	own_default_reason(s.destination) == ""
}

findings contains f if {
	ready
	not complete
	count(qualifying) == 0
	is_object(org_sinks)
	count(org_qualifying) > 0
	f := gcp.follow(
		object.union(base, {
			"status": "pass",
			"message": sprintf("Every log entry of %s is exported by its organisation: %s; expected an enabled sink with an empty filter (including children when set on an organisation or folder).", [ancestry.name, concat("; ", sort([org_sink_text(n) | some n in org_qualifying]))]),
		}),
		sort([org_sinks[n].pointer | some n in org_qualifying]),
	)
}

findings contains f if {
	ready
	not complete
	count(qualifying) == 0
	is_object(org_sinks)
	count(org_qualifying) == 0
	candidates := array.concat(local_candidates, sort([sprintf("%s: %s", [org_sink_text(n), concat(", ", org_reasons(org_sinks[n]))]) | some n in org_routing]))
	f := gcp.follow(
		object.union(base, {
			"status": "fail",
			"message": sprintf("No enabled sink exports every log entry of %s: %s%s; expected an enabled sink with an empty filter and no exclusion (including children when set on an organisation or folder).", [ancestry.name, candidates_text(candidates), disabled_note]),
		}),
		gcp.owner_pointers(sort([org_sinks[n].pointer | some n in org_routing]), "/sections/logging.sinks/data/sinks"),
	)
}

local_candidates := sort([sprintf("%s: %s", [sink_text(sinks_data.sinks[i]), concat(", ", reasons(sinks_data.sinks[i]))]) | some i in routing])

candidates_text(candidates) := "no sink routes its logs" if {
	count(candidates) == 0
} else := concat("; ", candidates)

disabled_note := sprintf(" (the Cloud Logging API is disabled in %s: SERVICE_DISABLED)", [concat(", ", sort({e.parent | some e in sinks_data.serviceDisabled}))]) if {
	count(sinks_data.serviceDisabled) > 0
} else := ""

# Why a sink does not export every log entry of the scope; [] when it does.
reasons(s) := [r |
	some r in [
		disabled_reason(object.get(s, "disabled", false)),
		filter_reason(object.get(s, "filter", "")),
		exclusion_reason(count(gcp.active_exclusions(s))),
		children_reason(s),
		own_default_reason(object.get(s, "destination", "")),
	]
	r != ""
]

org_reasons(s) := [r |
	some r in [disabled_reason(s.disabled), filter_reason(s.filter), exclusion_reason(s.active_exclusions), own_default_reason(s.destination)]
	r != ""
]

disabled_reason(true) := "it is disabled"

disabled_reason(false) := ""

filter_reason(filter) := sprintf("its filter is %s", [short(filter)]) if {
	trim_space(filter) != ""
} else := ""

exclusion_reason(n) := sprintf("it has %d active exclusion(s)", [n]) if {
	n > 0
} else := ""

# An organisation's or folder's own sink covers its projects only with includeChildren.
children_reason(s) := "it does not include children, so it exports only the logs of the resource it is set on" if {
	input.scope.type != "project"
	not object.get(s, "includeChildren", false)
} else := ""

# A sink to the scope's own _Default log bucket keeps the entries where Cloud Logging keeps
# them anyway: nothing leaves the project.
own_default_reason(dest) := sprintf("its destination is the _Default log bucket of %s itself, so nothing is copied out of it", [ancestry.name]) if {
	parts := split(trim_prefix(dest, "logging.googleapis.com/"), "/")
	startswith(dest, "logging.googleapis.com/")
	count(parts) == 6
	concat("/", [parts[0], parts[1]]) == ancestry.name
	parts[2] == "locations"
	parts[4] == "buckets"
	parts[5] == "_Default"
} else := ""

sink_text(s) := sprintf("sink %s (%s) to %s", [s.name, origin(s), s.destination])

org_sink_text(name) := sprintf("sink %s (inherited from %s, with includeChildren) to %s", [org_sinks[name].name, gcp.organization, org_sinks[name].destination])

origin(s) := "set on it" if {
	gcp.sink_parent(s) == ancestry.name
} else := sprintf("inherited from %s, with includeChildren", [gcp.sink_parent(s)])

short(text) := sprintf("'%s'", [text]) if {
	count(text) <= 60
} else := sprintf("'%s…'", [substring(text, 0, 59)])
