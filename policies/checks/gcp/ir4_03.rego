# METADATA
# title: All logs exported
# description: >-
#   Every log entry of the scope is copied out of Cloud Logging's default buckets to a
#   destination the security team controls: an enabled sink with an empty filter and no
#   active exclusion routes the scope's logs, either the project's own sink or a sink of a
#   folder or of the organisation with includeChildren (which routes the logs of every project
#   below it). On an organisation (or folder) snapshot, its own sink must include children.
#   Google's _Required and _Default sinks filter their entries and do not count. The finding
#   names the sink and where it is set. Same intent as CIS Google Cloud 2.2 (Security Health
#   Analytics LOG_NOT_EXPORTED). Runs on organisation and project snapshots; in an
#   organisation scan, a project without such a sink of its own (or of a folder above it)
#   defers to the organisation's finding (see "Where each GCP check runs" in
#   collectors/SECTIONS.md).
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

collection := c if {
	c := {"organization": "organizations", "folder": "folders"}[input.scope.type]
} else := "projects"

scope_resource := sprintf("//cloudresourcemanager.googleapis.com/%s/%s", [collection, input.scope.id])

ancestry := input.sections["resourcemanager.ancestry"].data

sinks_data := input.sections["logging.sinks"].data

# Set when the project's organisation is assessed in the same scan.
org_scan := s if {
	input.scope.type == "project"
	s := ancestry.organizationScan
	is_object(s)
}

ready if {
	is_object(sinks_data)
	is_object(ancestry)
}

# Indexes of the sinks that route the scope's logs: its own, and its ancestors' that include
# children.
routing contains i if {
	some i, s in sinks_data.sinks
	parent(s) == ancestry.name
}

routing contains i if {
	some i, s in sinks_data.sinks
	parent(s) in ancestry.ancestors
	s.includeChildren == true
}

qualifying contains i if {
	some i in routing
	count(reasons(sinks_data.sinks[i])) == 0
}

deferred if {
	ready
	org_scan
	count([i | some i in qualifying; not startswith(parent(sinks_data.sinks[i]), "organizations/")]) == 0
}

findings contains f if {
	deferred
	f := {
		"resource": scope_resource,
		"status": "pass",
		"message": sprintf("Neither project %s nor a folder above it has a sink that exports every log entry, so its verdict is that of its organisation %s: this scan assesses it once, on the organisation's own finding (snapshot %s).", [input.scope.id, org_scan.organization, org_scan.snapshot]),
		"evidence": ["/sections/logging.sinks/data/sinks", "/sections/resourcemanager.ancestry/data/organizationScan"],
	}
}

findings contains f if {
	ready
	not deferred
	count(qualifying) > 0
	f := {
		"resource": scope_resource,
		"status": "pass",
		"message": sprintf("Every log entry of %s is exported: %s; expected an enabled sink with an empty filter (including children when set on an organisation or folder).", [ancestry.name, concat("; ", sort([sink_text(sinks_data.sinks[i]) | some i in qualifying]))]),
		"evidence": sort([sprintf("/sections/logging.sinks/data/sinks/%d", [i]) | some i in qualifying]),
	}
}

findings contains f if {
	ready
	not deferred
	count(qualifying) == 0
	f := {
		"resource": scope_resource,
		"status": "fail",
		"message": sprintf("No enabled sink exports every log entry of %s: %s%s; expected an enabled sink with an empty filter and no exclusion (including children when set on an organisation or folder).", [ancestry.name, candidates_text, disabled_note]),
		"evidence": ["/sections/logging.sinks/data/sinks"],
	}
}

candidates_text := "no sink routes its logs" if {
	count(routing) == 0
} else := concat("; ", sort([sprintf("%s: %s", [sink_text(sinks_data.sinks[i]), concat(", ", reasons(sinks_data.sinks[i]))]) | some i in routing]))

disabled_note := sprintf(" (the Cloud Logging API is disabled in %s: SERVICE_DISABLED)", [concat(", ", sort({e.parent | some e in sinks_data.serviceDisabled}))]) if {
	count(sinks_data.serviceDisabled) > 0
} else := ""

# Why a sink does not export every log entry of the scope; [] when it does.
reasons(s) := [r |
	some r in [
		disabled_reason(s),
		filter_reason(s),
		exclusion_reason(s),
		children_reason(s),
	]
	r != ""
]

disabled_reason(s) := "it is disabled" if {
	s.disabled == true
} else := ""

filter_reason(s) := sprintf("its filter is %s", [short(s.filter)]) if {
	trim_space(object.get(s, "filter", "")) != ""
} else := ""

exclusion_reason(s) := sprintf("it has %d active exclusion(s)", [n]) if {
	n := count([e | some e in object.get(s, "exclusions", []); not object.get(e, "disabled", false)])
	n > 0
} else := ""

# An organisation's or folder's own sink covers its projects only with includeChildren.
children_reason(s) := "it does not include children, so it exports only the logs of the resource it is set on" if {
	input.scope.type != "project"
	not object.get(s, "includeChildren", false)
} else := ""

sink_text(s) := sprintf("sink %s (%s) to %s", [s.name, origin(s), s.destination])

origin(s) := "set on it" if {
	parent(s) == ancestry.name
} else := sprintf("inherited from %s, with includeChildren", [parent(s)])

# A sink's resourceName is <parent>/sinks/<name>.
parent(s) := p if {
	parts := split(s.resourceName, "/sinks/")
	count(parts) == 2
	p := parts[0]
}

short(text) := sprintf("'%s'", [text]) if {
	count(text) <= 60
} else := sprintf("'%s…'", [substring(text, 0, 59)])
