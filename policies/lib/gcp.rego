# Helpers shared by the GCP checks and facts: where the scope sits in the resource hierarchy,
# the sinks and notification configs that apply to it, and the owner rule for the settings its
# organisation holds (policies/lib/README.md, snapshot/SECTIONS.md "Where each GCP check
# runs").
#
# In an --organization scan the organisation's own settings (notification configs and what
# they name, IAM audit configs, sinks and their destinations, the SCC tier) are in the
# organisation's snapshot only, and a project's snapshot holds its own and its folders'. A
# check that finds the organisation's part missing from a project's section applies the
# owner rule: the organisation's snapshot in the run → follow its facts (data.estate); not in
# the run → error naming it; a setting of the project or a folder that decides the verdict is
# judged locally first. A --project or --folder scan keeps the organisation's settings in
# each project's snapshot, where they are judged like the project's own.
package irscan.lib.gcp

import data.irscan.lib.estate
import data.irscan.lib.values

ancestry := input.sections["resourcemanager.ancestry"].data

# METADATA
# description: The scope's organisation (organizations/<id>) seen from a project or folder; undefined on an organisation or a project without one.
organization := o if {
	input.scope.type != "organization"
	some o in values.list(ancestry.ancestors)
	startswith(o, "organizations/")
}

# METADATA
# description: The numeric ID of the scope's organisation.
org_id := values.last_segment(organization)

# METADATA
# description: >-
#   Holds when a section that lists the resources it read (parents, an array or a set) holds
#   the organisation's own settings too, or when there is no organisation above the scope.
holds(_) if not organization

holds(parents) if organization in values.list(parents)

holds(parents) if {
	is_set(parents)
	organization in parents
}

# METADATA
# description: >-
#   The organisation's snapshot file: as the scan that wrote this one recorded it, else the name irscan gives it.
org_snapshot := s if {
	s := ancestry.organizationScan.snapshot
	is_string(s)
} else := sprintf("gcp-organization-%s.json", [org_id])

# METADATA
# description: The estate entry of the scope's organisation; undefined when its snapshot is not in the run.
org_entry := estate.scope("gcp", "organization", org_id)

# METADATA
# description: How to bring the organisation into the run.
how := sprintf("evaluate the organisation's snapshot (%s) together with this one, or scan with --organization %s", [org_snapshot, org_id])

owner := {"cloud": "gcp", "type": "organization", "id": org_id}

# METADATA
# description: The first of the sections the organisation's snapshot could not read; undefined when it read them all.
org_gap(sections) := gaps[0] if {
	gaps := [s | some s in sections; estate.unread(org_entry, s, "")]
	count(gaps) > 0
}

# METADATA
# description: >-
#   The organisation's fact when its snapshot is in the run and read every section the fact
#   comes from; undefined otherwise (then unassessed gives the finding).
org_fact(name, sections) := org_entry.facts[name] if not org_gap(sections)

# METADATA
# description: >-
#   The finding for a setting of the organisation that this snapshot does not hold and that
#   cannot be followed: f (resource, evidence) with what (the setting, as the subject of a
#   sentence); an error naming the organisation, whether its snapshot is absent, could not
#   read one of the sections, or lacks the fact. Undefined when org_fact(name, sections) is
#   defined.
unassessed(f, what, name, sections) := estate.absent(object.union(f, {"what": what, "owner": owner, "how": how})) if {
	not org_entry
} else := estate.owner_unread(object.union(f, {"what": what, "owner": owner, "section": org_gap(sections)}), org_entry) if {
	org_gap(sections)
} else := object.union(f, {
	"status": "error",
	"message": sprintf("%s is held by %s, whose snapshot %s does not show it (no %s fact); re-collect it with this version of irscan.", [what, estate.label("gcp", "organization", org_id), org_entry.snapshot, name]),
}) if {
	not org_entry.facts[name]
}

# METADATA
# description: f following the organisation's evidence (estate.follow), on the organisation's resource.
follow(f, pointers) := estate.follow(f, org_entry, sprintf("//cloudresourcemanager.googleapis.com/organizations/%s", [org_id]), pointers)

# METADATA
# description: >-
#   The pointers a followed finding cites in the organisation's snapshot: ptrs, or, when the
#   organisation has none of the settings (an empty list), the pointer to that list.
owner_pointers(ptrs, list) := ptrs if {
	count(ptrs) > 0
} else := [list]

# METADATA
# description: How findings name the organisation (organizations/<id>).
org_label := estate.label("gcp", "organization", org_id)

# METADATA
# description: The resource a sink is set on (<parent>/sinks/<name>).
sink_parent(s) := p if {
	parts := split(s.resourceName, "/sinks/")
	count(parts) == 2
	p := parts[0]
}

# METADATA
# description: >-
#   Holds for a sink that routes the scope's logs: one set on the scope, or on an ancestor
#   with includeChildren.
routes(s) if sink_parent(s) == ancestry.name

routes(s) if {
	sink_parent(s) in values.list(ancestry.ancestors)
	s.includeChildren == true
}

# METADATA
# description: The active exclusions of a sink.
active_exclusions(s) := [e | some e in values.list(object.get(s, "exclusions", [])); not object.get(e, "disabled", false)]

# METADATA
# description: A notification config's streaming filter ("" when none).
config_filter(c) := values.field(values.field(c, "streamingConfig", {}), "filter", "")

# METADATA
# description: >-
#   The representative findings a notification config must forward: ACTIVE, of severity HIGH
#   or CRITICAL, and not muted (never muted, or unmuted), as "STATE/SEVERITY/MUTE".
required_findings := {"ACTIVE/CRITICAL/UNMUTED", "ACTIVE/CRITICAL/UNDEFINED", "ACTIVE/HIGH/UNMUTED", "ACTIVE/HIGH/UNDEFINED"}

# METADATA
# description: >-
#   The evaluation of a config's filter that the collector derived (the section's
#   filterEvaluations, by config name), when it is for the filter the config holds; else an
#   evaluation that says it is missing (evaluated false), so that nothing is claimed.
evaluation(d, c) := ev if {
	ev := d.filterEvaluations[c.name]
	ev.filter == config_filter(c)
} else := {"filter": config_filter(c), "evaluated": false, "reason": "the snapshot holds no evaluation of this filter by irscan's collector", "selected": []}

# METADATA
# description: Holds when an evaluated filter selects every required finding.
prioritised(ev) if {
	ev.evaluated == true
	every f in required_findings {
		f in ev.selected
	}
}

# METADATA
# description: Holds when an evaluated filter selects no representative finding at all.
selects_nothing(ev) if {
	ev.evaluated == true
	count(ev.selected) == 0
}

# METADATA
# description: What an evaluated filter selects, in words (what it forwards beyond, or short of, the required findings).
selection_text(ev) := "selects every finding" if {
	count(ev.selected) == 24
} else := "selects no finding" if {
	count(ev.selected) == 0
} else := concat("; ", [t | some t in [missing_text(ev), extra_text(ev)]; t != ""])

missing_text(ev) := sprintf("misses %s", [concat(", ", sort([f | some f in required_findings; not f in ev.selected]))]) if {
	some f in required_findings
	not f in ev.selected
} else := "selects every ACTIVE unmuted HIGH and CRITICAL finding"

extra_text(ev) := sprintf("also selects %s", [concat(", ", extras)]) if {
	extras := [t |
		some t in [
			severities_text(ev),
			sprintf("INACTIVE findings (%d of 12)", [count([f | some f in ev.selected; startswith(f, "INACTIVE/")])]),
			sprintf("muted findings (%d of 8)", [count([f | some f in ev.selected; endswith(f, "/MUTED")])]),
		]
		not endswith(t, "(0 of 12)")
		not endswith(t, "(0 of 8)")
		t != ""
	]
	count(extras) > 0
} else := "nothing else"

severities_text(ev) := sprintf("ACTIVE findings of severity %s", [concat(", ", s)]) if {
	s := sort({split(f, "/")[1] | some f in ev.selected; startswith(f, "ACTIVE/"); not split(f, "/")[1] in {"HIGH", "CRITICAL"}})
	count(s) > 0
} else := ""

# METADATA
# description: Where an Eventarc trigger sends its events, as text.
trigger_destination(t) := concat(", ", sort([sprintf("%s %s", [k, destination_text(v)]) | some k, v in t.destination])) if {
	count(object.get(t, "destination", {})) > 0
} else := "no destination"

destination_text(v) := v if {
	is_string(v)
} else := v.service if {
	is_string(v.service)
} else := "configured"

# METADATA
# description: The project of a resource name (projects/<id>/...).
project_of(name) := concat("/", array.slice(split(name, "/"), 0, 2))

# METADATA
# description: JSON Pointer escaping of one reference token (RFC 6901).
esc(s) := replace(replace(s, "~", "~0"), "/", "~1")
