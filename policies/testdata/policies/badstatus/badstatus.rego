# METADATA
# title: Bad status
# description: Emits a status the engine does not know.
# custom:
#   id: TEST-BADSTATUS-01
#   controls: [IR-1]
#   severity: low
#   requires: []
#   remediation: x
#   references: []
package irscan.checks.aws.test_badstatus

findings contains {"resource": "x", "status": "ok", "message": "x."}
