# METADATA
# title: Lessons learned conducted
# description: >-
#   Procedural (IR-7): after incidents, and at least once per validity period, a
#   lessons-learned (post-incident) review is held for Google Cloud and its actions are
#   fed back into the plan, detections and configuration. No API shows this, so it is
#   answered by a dated attestation for the scope: fresh passes; expired, or dated after
#   the snapshot was collected, fails; none is manual. Evidence retention and
#   post-incident records visible through the API are checked by their own checks.
# custom:
#   id: GCP-IR7-03
#   controls: [IR-7]
#   severity: low
#   requires: []
#   remediation: >-
#     Hold a blameless lessons-learned review after each significant incident (and at
#     least once per validity period, using exercises when there were no incidents):
#     timeline, root cause, what worked, what failed, and tracked actions for the plan,
#     detections and configuration. Then record an attestation in the attestations file
#     passed with --attestations: control IR-7, cloud gcp, scope the project ID (or "*"
#     for every scope of the cloud), statement, evidence (a link to the review record
#     and its actions), attested_by, date (YYYY-MM-DD) and optionally validity_days
#     (default 365). Renew it before it expires.
#   references:
#     - https://cloud.google.com/architecture/framework/security
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.gcp.ir7_03

import data.irscan.lib.attestation

# Fresh attestation: pass; dated after the snapshot, or expired: fail; none: manual.
findings contains f if {
	some f in attestation.findings("IR-7", "that lessons-learned reviews were conducted")
}
