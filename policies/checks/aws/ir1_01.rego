# METADATA
# title: Incident Manager is onboarded
# description: >-
#   AWS Systems Manager Incident Manager is onboarded: the account has a replication set
#   (ListReplicationSets, GetReplicationSet) whose Status is ACTIVE, so that response plans,
#   contacts and incident records can be used. An account without a replication set has
#   never been onboarded and fails; a replication set that is CREATING, UPDATING, DELETING
#   or FAILED fails as well. One finding per replication set, or one for the account when
#   there is none.
# custom:
#   id: AWS-IR1-01
#   controls: [IR-1]
#   severity: medium
#   requires: [ssm_incidents.replication_sets]
#   remediation: >-
#     Onboard Incident Manager in the region that will hold incident data: open Systems
#     Manager > Incident Manager > Get prepared, accept the terms, choose the regions of the
#     replication set (and a KMS key) and create it, or run aws ssm-incidents
#     create-replication-set --regions '{"us-east-1":{}}'. Wait until aws ssm-incidents
#     get-replication-set --arn <arn> shows status ACTIVE; a FAILED set shows the cause in
#     regionMap.<region>.statusMessage. Then add contacts, escalation plans and response
#     plans (AWS-IR1-02, AWS-IR2-02, AWS-IR2-03).
#   references:
#     - https://docs.aws.amazon.com/incident-manager/latest/userguide/getting-started.html
#     - https://docs.aws.amazon.com/incident-manager/latest/userguide/replication.html
#     - https://docs.aws.amazon.com/incident-manager/latest/APIReference/API_GetReplicationSet.html
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.aws.ir1_01

import data.irscan.lib.scope
import data.irscan.lib.values

section := input.sections["ssm_incidents.replication_sets"].data

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
	f := {
		"resource": rs.Arn,
		"status": "fail",
		"message": sprintf("The Incident Manager replication set has Status %s (regions: %s); expected ACTIVE.", [status_name(rs.Status), region_list(rs)]),
		"evidence": [sprintf("/sections/ssm_incidents.replication_sets/data/ReplicationSets/%d", [i])],
	}
}

# ListReplicationSets answered an empty list: Incident Manager was never onboarded.
findings contains f if {
	count(values.list(section.ReplicationSetArns)) == 0
	count(values.list(section.ReplicationSets)) == 0
	f := {
		"resource": scope.resource,
		"status": "fail",
		"message": "Incident Manager is not onboarded: ListReplicationSets returned no replication set; expected one with Status ACTIVE.",
		"evidence": ["/sections/ssm_incidents.replication_sets/data/ReplicationSetArns"],
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
