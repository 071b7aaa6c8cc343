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
#   Runs on organisation and project snapshots. An exemption set on the project or a folder
#   above it fails the project, judged there. The organisation's audit configs are judged
#   where they are held: on the organisation's snapshot and, in a --project or --folder scan,
#   on each project's; a project of an --organization scan without such an exemption follows
#   the union of its own, its folders' and the organisation's audit configs (the organisation's
#   from its facts) when the organisation's snapshot is in the run (pass or fail, naming it),
#   and is an error naming the organisation when it is not (see "Where each GCP check runs"
#   in snapshot/SECTIONS.md).
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

import data.irscan.lib.gcp
import data.irscan.lib.scope

ancestry := gcp.ancestry

audit := input.sections["resourcemanager.iam_audit_configs"].data.auditConfigs

required := ["ADMIN_READ", "DATA_READ", "DATA_WRITE"]

# The scope and its ancestors, nearest first.
levels := array.concat([ancestry.name], ancestry.ancestors)

# The snapshot holds the policy of every level (its organisation's too).
complete if gcp.holds(object.keys(audit))

# The levels whose policy this snapshot must hold: all of them, or all but the organisation's
# (held by its own snapshot in an organisation scan).
held_levels := levels if {
	complete
} else := [l | some l in levels; l != gcp.organization]

ready if {
	is_object(audit)
	every l in held_levels {
		read(l)
	}
}

read(l) if is_array(audit[l])

# The levels whose policy is missing from the section cannot be assessed.
unread := [l | some l in held_levels; not read(l)]

# Log type -> the levels of this snapshot whose allServices audit config enables it, nearest
# first.
enabled[t] := [l |
	some l in held_levels
	some ac in audit[l]
	ac.service == "allServices"
	some lc in ac.auditLogConfigs
	lc.logType == t
] if {
	some t in required
}

missing := [t | some t in required; count(object.get(enabled, t, [])) == 0]

exemptions := [sprintf("%s of %s exempts %s (set on %s)", [lc.logType, ac.service, concat(", ", lc.exemptedMembers), l]) |
	some l in held_levels
	some ac in audit[l]
	some lc in ac.auditLogConfigs
	count(object.get(lc, "exemptedMembers", [])) > 0
]

findings contains f if {
	ready
	complete
	count(missing) == 0
	count(exemptions) == 0
	f := {
		"resource": scope.resource,
		"status": "pass",
		"message": sprintf("Data Access audit logs are on for allServices for %s: %s, with no exempted member; expected ADMIN_READ, DATA_READ and DATA_WRITE for allServices and no exemption.", [ancestry.name, concat(", ", [sprintf("%s (%s)", [t, origin(enabled[t][0])]) | some t in required])]),
		"evidence": evidence,
	}
}

findings contains f if {
	ready
	complete
	problems := array.concat(
		[sprintf("%s not enabled for allServices on %s or any ancestor", [log_types_phrase(missing), ancestry.name]) | count(missing) > 0],
		exemptions,
	)
	count(problems) > 0
	f := {
		"resource": scope.resource,
		"status": "fail",
		"message": sprintf("Data Access audit logging is incomplete for %s: %s; expected ADMIN_READ, DATA_READ and DATA_WRITE for allServices and no exemption.", [ancestry.name, concat("; ", problems)]),
		"evidence": evidence,
	}
}

# An exemption on the project or a folder fails it whatever its organisation sets.
findings contains f if {
	ready
	not complete
	count(exemptions) > 0
	f := {
		"resource": scope.resource,
		"status": "fail",
		"message": sprintf("Data Access audit logging is incomplete for %s: %s; expected ADMIN_READ, DATA_READ and DATA_WRITE for allServices and no exemption.", [ancestry.name, concat("; ", exemptions)]),
		"evidence": evidence,
	}
}

# No exemption below the organisation, whose policy is not in this snapshot: the union with
# the organisation's audit configs decides.
org_sections := ["resourcemanager.iam_audit_configs"]

org_audit := gcp.org_fact("audit_configs", org_sections)

findings contains f if {
	ready
	not complete
	count(exemptions) == 0
	f := gcp.unassessed(
		{"resource": scope.resource, "evidence": evidence},
		sprintf("Data Access audit logging for %s (the union of the audit configs of the project, its folders and its organisation)", [ancestry.name]),
		"audit_configs", org_sections,
	)
}

# Log types enabled nowhere in this snapshot nor on the organisation.
org_missing := [t | some t in missing; not t in org_audit.log_types]

org_exemptions := sort([sprintf("%s of %s exempts %s (set on %s)", [e.log_type, e.service, concat(", ", e.members), gcp.organization]) | some e in org_audit.exemptions])

findings contains f if {
	ready
	not complete
	count(exemptions) == 0
	is_object(org_audit)
	count(org_missing) == 0
	count(org_exemptions) == 0
	f := gcp.follow(
		{
			"resource": scope.resource, "status": "pass", "evidence": evidence,
			"message": sprintf("Data Access audit logs are on for allServices for %s: %s, with no exempted member; expected ADMIN_READ, DATA_READ and DATA_WRITE for allServices and no exemption.", [ancestry.name, concat(", ", [sprintf("%s (%s)", [t, follow_origin(t)]) | some t in required])]),
		},
		[org_audit.pointer],
	)
}

findings contains f if {
	ready
	not complete
	count(exemptions) == 0
	is_object(org_audit)
	problems := array.concat(
		[sprintf("%s not enabled for allServices on %s or any ancestor", [log_types_phrase(org_missing), ancestry.name]) | count(org_missing) > 0],
		org_exemptions,
	)
	count(problems) > 0
	f := gcp.follow(
		{
			"resource": scope.resource, "status": "fail", "evidence": evidence,
			"message": sprintf("Data Access audit logging is incomplete for %s: %s; expected ADMIN_READ, DATA_READ and DATA_WRITE for allServices and no exemption.", [ancestry.name, concat("; ", problems)]),
		},
		[org_audit.pointer],
	)
}

findings contains f if {
	is_object(audit)
	is_object(ancestry)
	count(unread) > 0
	f := {
		"resource": scope.resource,
		"status": "error",
		"message": sprintf("The IAM policy of %s is missing from section resourcemanager.iam_audit_configs, so the audit configs %s inherits are unknown; expected the policy of the scope and of every ancestor%s.", [concat(", ", unread), ancestry.name, org_note]),
		"evidence": ["/sections/resourcemanager.iam_audit_configs/data/auditConfigs"],
	}
}

org_note := sprintf(" (but %s's, held by its own snapshot)", [gcp.organization]) if {
	not complete
} else := ""

origin(level) := sprintf("set on %s", [level]) if {
	level == ancestry.name
} else := sprintf("inherited from %s", [level])

follow_origin(t) := origin(enabled[t][0]) if {
	count(object.get(enabled, t, [])) > 0
} else := origin(gcp.organization)

evidence := [sprintf("/sections/resourcemanager.iam_audit_configs/data/auditConfigs/%s", [gcp.esc(l)]) | some l in held_levels]

# log_types_phrase is "X is" or "X, Y and Z are", for messages.
log_types_phrase(types) := sprintf("%s is", [types[0]]) if count(types) == 1

log_types_phrase(types) := sprintf("%s and %s are", [concat(", ", array.slice(types, 0, count(types) - 1)), types[count(types) - 1]]) if count(types) > 1
