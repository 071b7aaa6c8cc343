# METADATA
# title: Test evaluates without end
# description: Counts to two hundred million; the engine must stop it.
# custom:
#   id: TEST-LOOP-01
#   controls: [IR-3]
#   severity: low
#   requires: []
#   remediation: None.
#   references: []
package irscan.checks.aws.test_loop

findings contains {"resource": "r", "status": "pass", "message": sprintf("%d", [n])} if {
	n := count(numbers.range(1, 200000000))
}
