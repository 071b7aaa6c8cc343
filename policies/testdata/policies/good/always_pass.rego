# METADATA
# title: Test always passes
# description: A user check that passes whatever the data says, to prove the engine fails closed.
# custom:
#   id: TEST-ALWAYS-01
#   controls: [IR-2]
#   severity: medium
#   requires: [account.alternate_contacts]
#   remediation: Nothing to do.
#   references: []
package irscan.checks.aws.test_always

findings contains {"resource": "arn:aws:account::x:account", "status": "pass", "message": "Always passes."}
