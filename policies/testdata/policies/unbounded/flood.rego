# METADATA
# title: Test floods findings
# description: Produces more findings than a check may.
# custom:
#   id: TEST-FLOOD-01
#   controls: [IR-3]
#   severity: low
#   requires: []
#   remediation: None.
#   references: []
package irscan.checks.aws.test_flood

findings contains {"resource": sprintf("r%d", [i]), "status": "pass", "message": "m"} if {
	some i in numbers.range(1, 20)
}
