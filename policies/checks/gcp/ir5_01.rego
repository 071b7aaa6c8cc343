# METADATA
# title: Notifications filter by severity
# description: >-
#   Security Command Center findings reach responders already prioritised: at least one
#   notification config that applies to the scope (on the scope or one of its ancestors, v1
#   or v2) has a streamingConfig.filter that selects every ACTIVE finding of severity HIGH or
#   CRITICAL that is not muted. The filter (SCC's filter language, AIP-160) is parsed and
#   evaluated by the collector against representative findings, every state (ACTIVE,
#   INACTIVE) x severity (CRITICAL, HIGH, MEDIUM, LOW) x mute (UNMUTED, UNDEFINED, MUTED)
#   (securitycenter.notification_configs filterEvaluations); the finding says what the filter
#   selects besides. A config without a filter forwards every finding and passes, saying so.
#   A filter that restricts a field or uses an operator irscan does not evaluate (anything but
#   =, !=, : on state, severity and mute, with AND, OR, NOT, -) is manual, with the filter
#   quoted, unless another config passes. Whether the topic delivers is GCP-IR2-02's
#   question. Runs on organisation and project snapshots. A prioritised config of the project
#   or of a folder above it is judged on the project. The organisation's configs are judged
#   where they are held: on the organisation's snapshot and, in a --project or --folder scan,
#   on each project's; a project of an --organization scan without a prioritised config of
#   its own follows the organisation's facts when its snapshot is in the run (pass, manual or
#   fail, naming it), and is an error naming the organisation when it is not (see "Where each
#   GCP check runs" in snapshot/SECTIONS.md).
# custom:
#   id: GCP-IR5-01
#   controls: [IR-5]
#   severity: low
#   requires: [securitycenter.notification_configs, resourcemanager.ancestry]
#   remediation: >-
#     Give the notification config that pages responders a filter on severity and state:
#     gcloud scc notifications update <config-id> --organization=<org-id> --location=global
#     --filter='state="ACTIVE" AND mute!="MUTED" AND (severity="HIGH" OR
#     severity="CRITICAL")' (mute="UNMUTED" would miss findings never muted). Keep a second,
#     unfiltered export (for example to BigQuery) if lower severities must be kept for
#     analysis. Console: Security Command Center > Settings > Continuous exports > the export
#     > Edit > Findings query.
#   references:
#     - https://cloud.google.com/security-command-center/docs/how-to-notifications
#     - https://cloud.google.com/security-command-center/docs/how-to-api-filter-notifications
#     - https://google.aip.dev/160
#     - https://cloud.google.com/security-command-center/docs/finding-classes
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.gcp.ir5_01

import data.irscan.lib.gcp
import data.irscan.lib.scope

ancestry := gcp.ancestry

configs_data := input.sections["securitycenter.notification_configs"].data

ready if {
	is_array(configs_data.notificationConfigs)
	is_object(ancestry)
}

# The snapshot holds every notification config that applies to the scope.
complete if gcp.holds(configs_data.parents)

# name -> {pointer, filter, evaluation} of every config in the snapshot.
local := {c.name: {
	"pointer": sprintf("/sections/securitycenter.notification_configs/data/notificationConfigs/%d", [i]),
	"filter": gcp.config_filter(c),
	"evaluation": gcp.evaluation(configs_data, c),
} |
	some i, c in configs_data.notificationConfigs
}

prioritised(configs) := {n | some n, c in configs; gcp.prioritised(c.evaluation)}

unevaluated(configs) := {n | some n, c in configs; not c.evaluation.evaluated}

# A prioritised config in the snapshot decides: the project's, a folder's, or the
# organisation's where the snapshot holds it.
findings contains f if {
	ready
	count(prioritised(local)) > 0
	f := {
		"resource": scope.resource,
		"status": "pass",
		"message": sprintf("SCC findings are forwarded by severity: %s; expected a notification config whose filter selects every ACTIVE, unmuted finding of severity HIGH or CRITICAL.", [texts(local, prioritised(local))]),
		"evidence": sort([local[n].pointer | some n in prioritised(local)]),
	}
}

findings contains f if {
	ready
	complete
	count(prioritised(local)) == 0
	count(unevaluated(local)) > 0
	f := {
		"resource": scope.resource,
		"status": "manual",
		"message": manual_text(local, ""),
		"evidence": sort([local[n].pointer | some n in unevaluated(local)]),
	}
}

findings contains f if {
	ready
	complete
	count(local) > 0
	count(prioritised(local)) == 0
	count(unevaluated(local)) == 0
	f := {
		"resource": scope.resource,
		"status": "fail",
		"message": sprintf("No notification config selects every ACTIVE, unmuted finding of severity HIGH or CRITICAL (%s); expected a filter such as state=\"ACTIVE\" AND mute!=\"MUTED\" AND (severity=\"HIGH\" OR severity=\"CRITICAL\").", [texts(local, object.keys(local))]),
		"evidence": ["/sections/securitycenter.notification_configs/data/notificationConfigs"],
	}
}

findings contains f if {
	ready
	complete
	count(local) == 0
	f := {
		"resource": scope.resource,
		"status": "fail",
		"message": sprintf("No Security Command Center notification config exists (listed on %s, v1 and v2), so no finding is forwarded by severity; expected one whose filter selects every ACTIVE, unmuted finding of severity HIGH or CRITICAL (see GCP-IR2-02).", [concat(", ", configs_data.parents)]),
		"evidence": ["/sections/securitycenter.notification_configs/data/notificationConfigs"],
	}
}

# No config of the project or its folders is prioritised, and the organisation's are not in
# this snapshot: the organisation's snapshot decides.
org_sections := ["securitycenter.notification_configs"]

org_configs := gcp.org_fact("notification_configs", org_sections)

base := {
	"resource": scope.resource,
	"evidence": ["/sections/securitycenter.notification_configs/data/notificationConfigs", "/sections/resourcemanager.ancestry/data/ancestors"],
}

findings contains f if {
	ready
	not complete
	count(prioritised(local)) == 0
	f := gcp.unassessed(
		base,
		sprintf("Severity filtering of the SCC notifications for %s (no notification config of the project or its folders selects every ACTIVE, unmuted HIGH and CRITICAL finding; its organisation's apply too)", [ancestry.name]),
		"notification_configs", org_sections,
	)
}

findings contains f if {
	ready
	not complete
	count(prioritised(local)) == 0
	is_object(org_configs)
	count(prioritised(org_configs)) > 0
	f := gcp.follow(
		object.union(base, {
			"status": "pass",
			"message": sprintf("SCC findings of %s are forwarded by severity by its organisation's notification config(s): %s; expected a notification config whose filter selects every ACTIVE, unmuted finding of severity HIGH or CRITICAL.", [ancestry.name, texts(org_configs, prioritised(org_configs))]),
		}),
		sort([org_configs[n].pointer | some n in prioritised(org_configs)]),
	)
}

findings contains f if {
	ready
	not complete
	count(prioritised(local)) == 0
	is_object(org_configs)
	count(prioritised(org_configs)) == 0
	count(unevaluated(local)) + count(unevaluated(org_configs)) > 0
	f := gcp.follow(
		object.union(base, {
			"status": "manual",
			"message": manual_text(object.union(local, org_configs), sprintf(" for %s", [ancestry.name])),
		}),
		sort([org_configs[n].pointer | some n in unevaluated(org_configs)]),
	)
}

findings contains f if {
	ready
	not complete
	count(prioritised(local)) == 0
	is_object(org_configs)
	count(prioritised(org_configs)) == 0
	count(unevaluated(local)) + count(unevaluated(org_configs)) == 0
	all := object.union(local, org_configs)
	f := gcp.follow(
		object.union(base, {
			"status": "fail",
			"message": sprintf("No notification config selects every ACTIVE, unmuted finding of severity HIGH or CRITICAL for %s (%s); expected a filter such as state=\"ACTIVE\" AND mute!=\"MUTED\" AND (severity=\"HIGH\" OR severity=\"CRITICAL\") (see GCP-IR2-02).", [ancestry.name, none_text(all)]),
		}),
		gcp.owner_pointers(sort([c.pointer | some c in org_configs]), "/sections/securitycenter.notification_configs/data/notificationConfigs"),
	)
}

none_text(configs) := texts(configs, object.keys(configs)) if {
	count(configs) > 0
} else := sprintf("none is set on %s or on %s", [concat(", ", configs_data.parents), gcp.org_label])

manual_text(configs, for_scope) := sprintf("No notification config%s is known to select every ACTIVE, unmuted finding of severity HIGH or CRITICAL, and irscan cannot evaluate %s; check by hand that one selects them all (%s).", [
	for_scope,
	concat("; ", sort([sprintf("%s's filter '%s' (%s)", [n, configs[n].filter, configs[n].evaluation.reason]) | some n in unevaluated(configs)])),
	texts(configs, object.keys(configs)),
])

texts(configs, names) := concat("; ", sort([config_text(n, configs[n]) | some n in names]))

config_text(name, c) := sprintf("%s has no filter (it forwards every finding)", [name]) if {
	trim_space(c.filter) == ""
} else := sprintf("%s filters '%s', which irscan does not evaluate", [name, c.filter]) if {
	not c.evaluation.evaluated
} else := sprintf("%s filters '%s', which %s", [name, c.filter, gcp.selection_text(c.evaluation)])
