# METADATA
# title: Typo
# description: Reads a field the snapshot schema does not have.
# custom:
#   id: TEST-TYPO-01
#   controls: [IR-1]
#   severity: low
#   requires: []
#   remediation: x
#   references: []
package irscan.checks.aws.test_typo

findings contains {"resource": "x", "status": "pass", "message": "x."} if {
	input.colected_at != ""
}
