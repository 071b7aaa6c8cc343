# METADATA
# title: Notifications filter by severity
# description: >-
#   Security Command Center findings reach responders already prioritised: at least one
#   notification config that applies to the scope (on the scope or one of its ancestors)
#   streams only active findings of high severity, i.e. its streamingConfig.filter selects
#   state = "ACTIVE" and severity = "HIGH" or "CRITICAL" (compared as written in SCC's filter
#   syntax, = or :, quotes optional). A config without a filter forwards every finding,
#   whatever its severity or state, and does not count. Whether the topic delivers is
#   GCP-IR2-02's question. Runs on organisation and project snapshots; in an organisation
#   scan, a project without a notification config of its own (or of a folder above it)
#   defers to the organisation's finding (see "Where each GCP check runs" in
#   collectors/SECTIONS.md).
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

collection := c if {
	c := {"organization": "organizations", "folder": "folders"}[input.scope.type]
} else := "projects"

scope_resource := sprintf("//cloudresourcemanager.googleapis.com/%s/%s", [collection, input.scope.id])

ancestry := input.sections["resourcemanager.ancestry"].data

configs_data := input.sections["securitycenter.notification_configs"].data

# Set when the project's organisation is assessed in the same scan.
org_scan := s if {
	input.scope.type == "project"
	s := ancestry.organizationScan
	is_object(s)
}

ready if {
	is_array(configs_data.notificationConfigs)
	is_object(ancestry)
}

active_pattern := `(^|[^A-Za-z_.])state\s*[=:]\s*"?ACTIVE"?`

severity_pattern := `(^|[^A-Za-z_.])severity\s*[=:]\s*"?(HIGH|CRITICAL)"?`

prioritised contains i if {
	some i, c in configs_data.notificationConfigs
	regex.match(active_pattern, filter(c))
	regex.match(severity_pattern, filter(c))
}

deferred if {
	ready
	org_scan
	count([c | some c in configs_data.notificationConfigs; not startswith(c.name, "organizations/")]) == 0
}

findings contains f if {
	deferred
	f := {
		"resource": scope_resource,
		"status": "pass",
		"message": sprintf("No SCC notification config is set on project %s or on a folder above it (%d config(s) come from its organisation), so its verdict is that of its organisation %s: this scan assesses it once, on the organisation's own finding (snapshot %s).", [input.scope.id, count(configs_data.notificationConfigs), org_scan.organization, org_scan.snapshot]),
		"evidence": ["/sections/securitycenter.notification_configs/data/notificationConfigs", "/sections/resourcemanager.ancestry/data/organizationScan"],
	}
}

findings contains f if {
	ready
	not deferred
	count(prioritised) > 0
	f := {
		"resource": scope_resource,
		"status": "pass",
		"message": sprintf("SCC findings are forwarded by severity: %s; expected a notification config whose filter selects ACTIVE findings of severity HIGH or CRITICAL.", [concat("; ", sort([config_text(configs_data.notificationConfigs[i]) | some i in prioritised]))]),
		"evidence": sort([sprintf("/sections/securitycenter.notification_configs/data/notificationConfigs/%d", [i]) | some i in prioritised]),
	}
}

findings contains f if {
	ready
	not deferred
	count(configs_data.notificationConfigs) > 0
	count(prioritised) == 0
	f := {
		"resource": scope_resource,
		"status": "fail",
		"message": sprintf("No notification config selects ACTIVE findings of severity HIGH or CRITICAL (%s); expected a filter such as state=\"ACTIVE\" AND (severity=\"HIGH\" OR severity=\"CRITICAL\").", [concat("; ", sort([config_text(c) | some c in configs_data.notificationConfigs]))]),
		"evidence": ["/sections/securitycenter.notification_configs/data/notificationConfigs"],
	}
}

findings contains f if {
	ready
	not deferred
	count(configs_data.notificationConfigs) == 0
	f := {
		"resource": scope_resource,
		"status": "fail",
		"message": sprintf("No Security Command Center notification config exists (listed on %s), so no finding is forwarded by severity; expected one whose filter selects ACTIVE findings of severity HIGH or CRITICAL (see GCP-IR2-02).", [concat(", ", configs_data.parents)]),
		"evidence": ["/sections/securitycenter.notification_configs/data/notificationConfigs"],
	}
}

filter(c) := object.get(object.get(c, "streamingConfig", {}), "filter", "")

config_text(c) := sprintf("%s has no filter (every finding)", [c.name]) if {
	trim_space(filter(c)) == ""
} else := sprintf("%s filters '%s'", [c.name, filter(c)])
