# METADATA
# title: IR plan reviewed and tested
# description: >-
#   Procedural (IR-1): the incident response plan covers AWS and has been reviewed and
#   tested (tabletop exercise or simulation) within its validity period. No API shows
#   this, so it is answered by a dated attestation for the scope: fresh passes; expired,
#   or dated after the snapshot was collected, fails; none is manual. Incident Manager
#   response plans and other API-visible artefacts are checked by their own checks.
# custom:
#   id: AWS-IR1-03
#   controls: [IR-1]
#   severity: medium
#   requires: []
#   remediation: >-
#     Review the incident response plan with the teams that run the AWS workloads
#     (roles, contacts, escalation, evidence handling, cloud-specific playbooks), test
#     it with a tabletop exercise or simulation, and fix what the test found. Then
#     record an attestation in the attestations file passed with --attestations: control
#     IR-1, cloud aws, scope the account ID (or "*" for every scope of the cloud),
#     statement, evidence (a link to the review and test record), attested_by, date
#     (YYYY-MM-DD) and optionally validity_days (default 365). Renew it before it
#     expires.
#   references:
#     - https://docs.aws.amazon.com/security-ir/latest/userguide/develop-incident-response-playbooks.html
#     - https://docs.aws.amazon.com/whitepapers/latest/aws-security-incident-response-guide/welcome.html
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.aws.ir1_03

import data.irscan.lib.attestation

# Fresh attestation: pass; dated after the snapshot, or expired: fail; none: manual.
findings contains f if {
	some f in attestation.findings("IR-1", "that the incident response plan was reviewed and tested")
}
