# METADATA
# title: Test reads a section it does not declare
# description: >-
#   Declares no section but passes when guardduty.detectors says ENABLED, even where that
#   section could not be read; the engine must not let it pass on undeclared data.
# custom:
#   id: TEST-UNDECLARED-01
#   controls: [IR-3]
#   severity: high
#   requires: []
#   remediation: Declare what you read.
#   references: []
package irscan.checks.aws.test_undeclared

findings contains {"resource": "arn:aws:account::x:account", "status": "pass", "message": "GuardDuty is on."} if {
	some _, r in input.sections["guardduty.detectors"].regions
	some d in r.data.Detectors
	d.Status == "ENABLED"
}
