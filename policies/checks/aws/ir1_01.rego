# METADATA
# title: An incident response service is onboarded
# description: >-
#   The account is onboarded to a service that tracks and runs incident response: AWS Security
#   Incident Response (a membership whose membershipStatus is Active: ListMemberships,
#   GetMembership) or AWS Systems Manager Incident Manager (a replication set whose Status is
#   ACTIVE: ListReplicationSets, GetReplicationSet; Incident Manager has been closed to new
#   customers since 2025-11-07, so Security Incident Response is the way for an account that
#   never had it). Each Active membership and each ACTIVE replication set passes, naming the
#   service that meets the control. A replication set that is CREATING, UPDATING, DELETING or
#   FAILED fails, unless a Security Incident Response membership is Active (then it passes
#   with a note: the control is met by the other service). An account with neither fails with
#   one finding naming what each service answered.
# custom:
#   id: AWS-IR1-01
#   controls: [IR-1]
#   severity: medium
#   requires: [ssm_incidents.replication_sets, security_ir.memberships]
#   remediation: >-
#     Onboard AWS Security Incident Response: open the Security Incident Response console (in
#     the organization's management or delegated administrator account for an organization),
#     choose Sign up, pick the membership's home Region, the accounts it covers, the incident
#     response team (name, job title, e-mail of at least two responders) and opt in to
#     proactive response (Triage), or run aws security-ir create-membership --membership-name
#     <name> --incident-response-team '[{"name":"...","jobTitle":"...","email":"..."}]'
#     --opt-in-features featureName=Triage,isEnabled=true. Accounts that already use
#     Incident Manager keep it: its replication set must be ACTIVE (aws ssm-incidents
#     get-replication-set --arn <arn>; a FAILED set shows the cause in
#     regionMap.<region>.statusMessage).
#   references:
#     - https://docs.aws.amazon.com/security-ir/latest/userguide/getting-started.html
#     - https://docs.aws.amazon.com/security-ir/latest/APIReference/API_GetMembership.html
#     - https://docs.aws.amazon.com/incident-manager/latest/userguide/getting-started.html
#     - https://docs.aws.amazon.com/incident-manager/latest/userguide/replication.html
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.aws.ir1_01

import data.irscan.lib.aws
import data.irscan.lib.scope
import data.irscan.lib.values

section := input.sections["ssm_incidents.replication_sets"].data

# AWS Security Incident Response: every Active membership meets the control.
findings contains f if {
	some e in aws.sir_active
	m := e.membership
	f := {
		"resource": object.get(m, "membershipArn", scope.resource),
		"status": "pass",
		"message": sprintf("AWS Security Incident Response membership %s is Active (incident response team of %d, customer type %s), as expected of an incident response service.", [aws.sir_label(m), count(values.list(m.incidentResponseTeam)), object.get(m, "customerType", "unknown")]),
		"evidence": [sprintf("/sections/security_ir.memberships/data/Memberships/%d", [e.index])],
	}
}

findings contains f if {
	some i, rs in values.list(section.ReplicationSets)
	rs.Status == "ACTIVE"
	f := {
		"resource": rs.Arn,
		"status": "pass",
		"message": sprintf("The Incident Manager replication set is ACTIVE, replicating to %s, as expected.", [region_list(rs)]),
		"evidence": [sprintf("/sections/ssm_incidents.replication_sets/data/ReplicationSets/%d", [i])],
	}
}

findings contains f if {
	some i, rs in values.list(section.ReplicationSets)
	rs.Status != "ACTIVE"
	count(aws.sir_active) == 0
	f := {
		"resource": rs.Arn,
		"status": "fail",
		"message": sprintf("The Incident Manager replication set has Status %s (regions: %s); expected ACTIVE.", [status_name(rs.Status), region_list(rs)]),
		"evidence": [sprintf("/sections/ssm_incidents.replication_sets/data/ReplicationSets/%d", [i])],
	}
}

# A replication set that is not ACTIVE does not decide the control when Security Incident
# Response meets it.
findings contains f if {
	some i, rs in values.list(section.ReplicationSets)
	rs.Status != "ACTIVE"
	count(aws.sir_active) > 0
	f := {
		"resource": rs.Arn,
		"status": "pass",
		"message": sprintf("The Incident Manager replication set has Status %s (regions: %s), but the control is met by AWS Security Incident Response (membership %s is Active).", [status_name(rs.Status), region_list(rs), aws.sir_label(aws.sir_active[0].membership)]),
		"evidence": [
			sprintf("/sections/ssm_incidents.replication_sets/data/ReplicationSets/%d", [i]),
			sprintf("/sections/security_ir.memberships/data/Memberships/%d", [aws.sir_active[0].index]),
		],
	}
}

# Neither service: Incident Manager was never onboarded (ListReplicationSets answered an
# empty list) and no Security Incident Response membership is Active.
findings contains f if {
	count(values.list(section.ReplicationSetArns)) == 0
	count(values.list(section.ReplicationSets)) == 0
	count(aws.sir_active) == 0
	f := {
		"resource": scope.resource,
		"status": "fail",
		"message": sprintf("No incident response service is onboarded: AWS Security Incident Response has no Active membership (ListMemberships: %s) and Incident Manager has no replication set (ListReplicationSets returned none); expected an Active Security Incident Response membership or an ACTIVE Incident Manager replication set.", [aws.sir_inactive_text]),
		"evidence": ["/sections/security_ir.memberships/data/Memberships", "/sections/ssm_incidents.replication_sets/data/ReplicationSetArns"],
	}
}

# A listed replication set whose GetReplicationSet result is missing cannot be assessed.
findings contains f if {
	some i, arn in values.list(section.ReplicationSetArns)
	not detailed(arn)
	f := {
		"resource": arn,
		"status": "error",
		"message": "The replication set is listed but its GetReplicationSet result is missing from the snapshot; expected its details to read its Status.",
		"evidence": [sprintf("/sections/ssm_incidents.replication_sets/data/ReplicationSetArns/%d", [i])],
	}
}

detailed(arn) if {
	some rs in values.list(section.ReplicationSets)
	rs.Arn == arn
}

region_list(rs) := concat(", ", regions) if {
	regions := sort([sprintf("%s (%s)", [r, status_name(info.Status)]) | some r, info in obj(rs.RegionMap)])
	count(regions) > 0
} else := "no regions"

status_name(s) := s if {
	is_string(s)
	s != ""
} else := "unknown"

# Go marshals a nil slice or map as null: treat it as empty.

obj(v) := v if is_object(v)

else := {}
