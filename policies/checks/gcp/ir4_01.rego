# METADATA
# title: Data Access audit logs
# description: >-
#   Cloud Audit Logs record who read and changed data: for the scope, the IAM policies of the
#   scope and of every ancestor (folders, organisation) together enable the ADMIN_READ,
#   DATA_READ and DATA_WRITE log types for allServices (Google applies the union of the audit
#   configs up the hierarchy, so an audit config inherited from the organisation counts), and
#   no audit config on any of them, for allServices or for a single service, exempts a member
#   from logging. The finding names the resource each log type is set on and each exemption.
#   Same intent as CIS Google Cloud 2.1 (Security Health Analytics AUDIT_LOGGING_DISABLED).
#   Runs on organisation and project snapshots; in an organisation scan, a project whose
#   folders and itself carry no audit config defers to the organisation's finding (see
#   "Where each GCP check runs" in collectors/SECTIONS.md).
# custom:
#   id: GCP-IR4-01
#   controls: [IR-4]
#   severity: medium
#   requires: [resourcemanager.iam_audit_configs, resourcemanager.ancestry]
#   remediation: >-
#     Enable Data Access audit logs for all services at the organisation: Console: IAM & Admin
#     > Audit Logs (organisation selected) > Default configuration > Admin Read, Data Read,
#     Data Write > Save, and remove every exempted principal. Or edit the policy: gcloud
#     organizations get-iam-policy <org-id> --format=json > policy.json, set "auditConfigs":
#     [{"service": "allServices", "auditLogConfigs": [{"logType": "ADMIN_READ"},
#     {"logType": "DATA_READ"}, {"logType": "DATA_WRITE"}]}] without exemptedMembers, then
#     gcloud organizations set-iam-policy <org-id> policy.json. Remove exemptions added on
#     folders and projects the same way. Data Access logs are billed by volume: use exclusion
#     filters on the _Default sink rather than exemptions to control cost.
#   references:
#     - https://cloud.google.com/logging/docs/audit/configure-data-access
#     - https://cloud.google.com/resource-manager/reference/rest/v3/organizations/getIamPolicy
#     - https://cloud.google.com/security-command-center/docs/concepts-vulnerabilities-findings
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.gcp.ir4_01

collection := c if {
	c := {"organization": "organizations", "folder": "folders"}[input.scope.type]
} else := "projects"

scope_resource := sprintf("//cloudresourcemanager.googleapis.com/%s/%s", [collection, input.scope.id])

ancestry := input.sections["resourcemanager.ancestry"].data

audit := input.sections["resourcemanager.iam_audit_configs"].data.auditConfigs

required := ["ADMIN_READ", "DATA_READ", "DATA_WRITE"]

# The scope and its ancestors, nearest first.
levels := array.concat([ancestry.name], ancestry.ancestors)

# Set when the project's organisation is assessed in the same scan.
org_scan := s if {
	input.scope.type == "project"
	s := ancestry.organizationScan
	is_object(s)
}

ready if {
	is_object(audit)
	every l in levels {
		read(l)
	}
}

read(l) if is_array(audit[l])

# The levels whose policy is missing from the section cannot be assessed.
unread := [l | some l in levels; not read(l)]

# Log type -> the levels whose allServices audit config enables it, nearest first.
enabled[t] := [l |
	some l in levels
	some ac in audit[l]
	ac.service == "allServices"
	some lc in ac.auditLogConfigs
	lc.logType == t
] if {
	some t in required
}

missing := [t | some t in required; count(object.get(enabled, t, [])) == 0]

exemptions := [sprintf("%s of %s exempts %s (set on %s)", [lc.logType, ac.service, concat(", ", lc.exemptedMembers), l]) |
	some l in levels
	some ac in audit[l]
	some lc in ac.auditLogConfigs
	count(object.get(lc, "exemptedMembers", [])) > 0
]

# In an organisation scan, a project whose folders and itself carry no audit config defers
# to the organisation's finding.
findings contains f if {
	ready
	org_scan
	every l in levels {
		own_config_absent(l)
	}
	f := {
		"resource": scope_resource,
		"status": "pass",
		"message": sprintf("Neither project %s nor a folder above it has an audit config, so its Data Access logging is that of its organisation %s: this scan assesses it once, on the organisation's own finding (snapshot %s).", [input.scope.id, org_scan.organization, org_scan.snapshot]),
		"evidence": ["/sections/resourcemanager.iam_audit_configs/data/auditConfigs", "/sections/resourcemanager.ancestry/data/organizationScan"],
	}
}

own_config_absent(l) if startswith(l, "organizations/")

own_config_absent(l) if count(audit[l]) == 0

judged if {
	ready
	not org_scan
}

judged if {
	ready
	some l in levels
	not own_config_absent(l)
}

findings contains f if {
	judged
	count(missing) == 0
	count(exemptions) == 0
	f := {
		"resource": scope_resource,
		"status": "pass",
		"message": sprintf("Data Access audit logs are on for allServices for %s: %s, with no exempted member; expected ADMIN_READ, DATA_READ and DATA_WRITE for allServices and no exemption.", [ancestry.name, concat(", ", [sprintf("%s (%s)", [t, origin(t)]) | some t in required])]),
		"evidence": evidence,
	}
}

findings contains f if {
	judged
	problems := array.concat(
		[sprintf("%s not enabled for allServices on %s or any ancestor", [log_types_phrase(missing), ancestry.name]) | count(missing) > 0],
		exemptions,
	)
	count(problems) > 0
	f := {
		"resource": scope_resource,
		"status": "fail",
		"message": sprintf("Data Access audit logging is incomplete for %s: %s; expected ADMIN_READ, DATA_READ and DATA_WRITE for allServices and no exemption.", [ancestry.name, concat("; ", problems)]),
		"evidence": evidence,
	}
}

findings contains f if {
	is_object(audit)
	is_object(ancestry)
	count(unread) > 0
	f := {
		"resource": scope_resource,
		"status": "error",
		"message": sprintf("The IAM policy of %s is missing from section resourcemanager.iam_audit_configs, so the audit configs %s inherits are unknown; expected the policy of the scope and of every ancestor.", [concat(", ", unread), ancestry.name]),
		"evidence": ["/sections/resourcemanager.iam_audit_configs/data/auditConfigs"],
	}
}

origin(t) := sprintf("set on %s", [enabled[t][0]]) if {
	enabled[t][0] == ancestry.name
} else := sprintf("inherited from %s", [enabled[t][0]])

evidence := [sprintf("/sections/resourcemanager.iam_audit_configs/data/auditConfigs/%s", [esc(l)]) | some l in levels]

# JSON Pointer escaping of one reference token (RFC 6901).
esc(s) := replace(replace(s, "~", "~0"), "/", "~1")

# log_types_phrase is "X is" or "X, Y and Z are", for messages.
log_types_phrase(types) := sprintf("%s is", [types[0]]) if count(types) == 1

log_types_phrase(types) := sprintf("%s and %s are", [concat(", ", array.slice(types, 0, count(types) - 1)), types[count(types) - 1]]) if count(types) > 1
