# METADATA
# title: IR plan reviewed and tested
# description: >-
#   Procedural (IR-1): the incident response plan covers Azure and has been reviewed and
#   tested (tabletop exercise or simulation) within its validity period. No API shows
#   this, so it is answered by a dated attestation for the scope: fresh passes; expired,
#   or dated after the snapshot was collected, fails; none is manual. Incident Manager
#   response plans and other API-visible artefacts are checked by their own checks.
# custom:
#   id: AZ-IR1-01
#   controls: [IR-1]
#   severity: medium
#   requires: []
#   remediation: >-
#     Review the incident response plan with the teams that run the Azure workloads
#     (roles, contacts, escalation, evidence handling, cloud-specific playbooks), test
#     it with a tabletop exercise or simulation, and fix what the test found. Then
#     record an attestation in the attestations file passed with --attestations: control
#     IR-1, cloud azure, scope the subscription ID (or "*" for every scope of the
#     cloud), statement, evidence (a link to the review and test record), attested_by,
#     date (YYYY-MM-DD) and optionally validity_days (default 365). Renew it before it
#     expires.
#   references:
#     - https://learn.microsoft.com/en-us/security/operations/incident-response-planning
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.azure.ir1_01

import data.irscan.lib.scope

control := "IR-1"

what := "that the incident response plan was reviewed and tested"

today := substring(input.collected_at, 0, 10)

# Indexes of the attestations for this control that cover this scope. The engine passes
# only the scope's attestations; cloud and scope are checked again when present.
matching contains i if {
	some i, a in input.attestations
	a.control == control
	object.get(a, "cloud", input.cloud) == input.cloud
	object.get(a, "scope", input.scope.id) in {"*", input.scope.id}
}

# Attestations dated after the snapshot was collected: they cannot vouch for the
# evidence, so they are never fresh.
future contains i if {
	some i in matching
	object.get(input.attestations[i], "date", "") > today
}

fresh contains i if {
	some i in matching
	not i in future
	input.attestations[i].expires >= today
}

# The latest fresh attestation: newest date, then latest expiry, then last in the file.
latest_fresh := max({[object.get(a, "date", ""), a.expires, i] | some i in fresh; a := input.attestations[i]})[2]

latest_future := max({[object.get(a, "date", ""), a.expires, i] | some i in future; a := input.attestations[i]})[2]

latest_expired := max({[object.get(a, "expires", ""), object.get(a, "date", ""), i] | some i in matching; a := input.attestations[i]})[2]

findings contains f if {
	count(fresh) > 0
	a := input.attestations[latest_fresh]
	f := {
		"resource": scope.resource,
		"status": "pass",
		"message": sprintf("%s was attested on %s by %s, valid until %s; expected an attestation valid on the snapshot date %s.", [control, object.get(a, "date", "an unknown date"), object.get(a, "attested_by", "an unnamed attester"), a.expires, today]),
		"evidence": [],
		"attestation": a,
	}
}

findings contains f if {
	count(fresh) == 0
	count(future) > 0
	a := input.attestations[latest_future]
	f := {
		"resource": scope.resource,
		"status": "fail",
		"message": sprintf("The latest %s attestation (attested on %s by %s) is dated after the evidence was collected (collected_at %s); expected one dated on or before the snapshot date %s and valid on it.", [control, object.get(a, "date", "an unknown date"), object.get(a, "attested_by", "an unnamed attester"), input.collected_at, today]),
		"evidence": [],
		"attestation": a,
	}
}

findings contains f if {
	count(matching) > 0
	count(fresh) == 0
	count(future) == 0
	a := input.attestations[latest_expired]
	f := {
		"resource": scope.resource,
		"status": "fail",
		"message": sprintf("The latest %s attestation (attested on %s by %s) expired on %s; expected one valid on the snapshot date %s.", [control, object.get(a, "date", "an unknown date"), object.get(a, "attested_by", "an unnamed attester"), object.get(a, "expires", "an unknown date"), today]),
		"evidence": [],
		"attestation": a,
	}
}

findings contains f if {
	count(matching) == 0
	f := {
		"resource": scope.resource,
		"status": "manual",
		"message": sprintf("No %s attestation covers this scope; expected a dated attestation %s, valid on the snapshot date %s.", [control, what, today]),
		"evidence": [],
	}
}
