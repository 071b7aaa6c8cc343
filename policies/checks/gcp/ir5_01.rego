# METADATA
# title: Notifications filter by severity
# description: >-
#   Security Command Center findings reach responders already prioritised: at least one
#   notification config that applies to the scope (on the scope or one of its ancestors)
#   streams only active findings of high severity, i.e. its streamingConfig.filter selects
#   state = "ACTIVE" and severity = "HIGH" or "CRITICAL" (compared as written in SCC's filter
#   syntax, = or :, quotes optional). A config without a filter forwards every finding,
#   whatever its severity or state, and does not count. Whether the topic delivers is
#   GCP-IR2-02's question. Runs on organisation and project snapshots. A prioritised config
#   of the project or of a folder above it is judged on the project. The organisation's configs
#   are judged where they are held: on the organisation's snapshot and, in a --project or
#   --folder scan, on each project's; a project of an --organization scan without a
#   prioritised config of its own follows the organisation's facts when its snapshot is in the
#   run (pass or fail, naming it), and is an error naming the organisation when it is not (see
#   "Where each GCP check runs" in snapshot/SECTIONS.md).
# custom:
#   id: GCP-IR5-01
#   controls: [IR-5]
#   severity: low
#   requires: [securitycenter.notification_configs, resourcemanager.ancestry]
#   remediation: >-
#     Give the notification config that pages responders a filter on severity and state:
#     gcloud scc notifications update <config-id> --organization=<org-id> --location=global
#     --filter='state="ACTIVE" AND mute!="MUTED" AND (severity="HIGH" OR
#     severity="CRITICAL")'. Keep a second, unfiltered export (for example to BigQuery) if
#     lower severities must be kept for analysis. Console: Security Command Center > Settings
#     > Continuous exports > the export > Edit > Findings query.
#   references:
#     - https://cloud.google.com/security-command-center/docs/how-to-notifications
#     - https://cloud.google.com/security-command-center/docs/how-to-api-filter-notifications
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

prioritised contains i if {
	some i, c in configs_data.notificationConfigs
	gcp.prioritised(gcp.config_filter(c))
}

# A prioritised config in the snapshot decides: the project's, a folder's, or the
# organisation's where the snapshot holds it.
findings contains f if {
	ready
	count(prioritised) > 0
	f := {
		"resource": scope.resource,
		"status": "pass",
		"message": sprintf("SCC findings are forwarded by severity: %s; expected a notification config whose filter selects ACTIVE findings of severity HIGH or CRITICAL.", [concat("; ", sort([config_text(configs_data.notificationConfigs[i].name, gcp.config_filter(configs_data.notificationConfigs[i])) | some i in prioritised]))]),
		"evidence": sort([sprintf("/sections/securitycenter.notification_configs/data/notificationConfigs/%d", [i]) | some i in prioritised]),
	}
}

findings contains f if {
	ready
	complete
	count(configs_data.notificationConfigs) > 0
	count(prioritised) == 0
	f := {
		"resource": scope.resource,
		"status": "fail",
		"message": sprintf("No notification config selects ACTIVE findings of severity HIGH or CRITICAL (%s); expected a filter such as state=\"ACTIVE\" AND (severity=\"HIGH\" OR severity=\"CRITICAL\").", [concat("; ", local_texts)]),
		"evidence": ["/sections/securitycenter.notification_configs/data/notificationConfigs"],
	}
}

findings contains f if {
	ready
	complete
	count(configs_data.notificationConfigs) == 0
	f := {
		"resource": scope.resource,
		"status": "fail",
		"message": sprintf("No Security Command Center notification config exists (listed on %s), so no finding is forwarded by severity; expected one whose filter selects ACTIVE findings of severity HIGH or CRITICAL (see GCP-IR2-02).", [concat(", ", configs_data.parents)]),
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
	count(prioritised) == 0
	f := gcp.unassessed(
		base,
		sprintf("Severity filtering of the SCC notifications for %s (no notification config of the project or its folders selects ACTIVE HIGH or CRITICAL findings; its organisation's apply too)", [ancestry.name]),
		"notification_configs", org_sections,
	)
}

org_prioritised := {name | some name, c in org_configs; gcp.prioritised(c.filter)}

findings contains f if {
	ready
	not complete
	count(prioritised) == 0
	is_object(org_configs)
	count(org_prioritised) > 0
	f := gcp.follow(
		object.union(base, {
			"status": "pass",
			"message": sprintf("SCC findings of %s are forwarded by severity by its organisation's notification config(s): %s; expected a notification config whose filter selects ACTIVE findings of severity HIGH or CRITICAL.", [ancestry.name, concat("; ", sort([config_text(n, org_configs[n].filter) | some n in org_prioritised]))]),
		}),
		sort([org_configs[n].pointer | some n in org_prioritised]),
	)
}

findings contains f if {
	ready
	not complete
	count(prioritised) == 0
	is_object(org_configs)
	count(org_prioritised) == 0
	texts := array.concat(local_texts, sort([config_text(n, c.filter) | some n, c in org_configs]))
	f := gcp.follow(
		object.union(base, {
			"status": "fail",
			"message": sprintf("No notification config selects ACTIVE findings of severity HIGH or CRITICAL for %s (%s); expected a filter such as state=\"ACTIVE\" AND (severity=\"HIGH\" OR severity=\"CRITICAL\") (see GCP-IR2-02).", [ancestry.name, none_text(texts)]),
		}),
		gcp.owner_pointers(sort([c.pointer | some c in org_configs]), "/sections/securitycenter.notification_configs/data/notificationConfigs"),
	)
}

none_text(texts) := concat("; ", texts) if {
	count(texts) > 0
} else := sprintf("none is set on %s or on %s", [concat(", ", configs_data.parents), gcp.org_label])

local_texts := sort([config_text(c.name, gcp.config_filter(c)) | some c in configs_data.notificationConfigs])

config_text(name, filter) := sprintf("%s has no filter (every finding)", [name]) if {
	trim_space(filter) == ""
} else := sprintf("%s filters '%s'", [name, filter])
