# METADATA
# title: Broken
# description: Broken on purpose.
# custom:
#   id: TEST-BROKEN-01
#   controls: [IR-1]
#   severity: low
#   requires: []
#   remediation: x
#   references: []
package irscan.checks.aws.test_broken

findings contains f if {
	f := {"resource": "x", "status": "pass", "message": "x."
}
