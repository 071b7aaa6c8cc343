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

import data.irscan.lib.attestation

# Fresh attestation: pass; dated after the snapshot, or expired: fail; none: manual.
findings contains f if {
	some f in attestation.findings("IR-1", "that the incident response plan was reviewed and tested")
}
