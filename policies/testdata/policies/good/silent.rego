# METADATA
# title: Test silent check
# description: A user check that emits nothing when its data is absent, to prove the engine reports that.
# custom:
#   id: TEST-SILENT-01
#   controls: [IR-4]
#   severity: low
#   requires: [account.alternate_contacts]
#   remediation: Nothing to do.
#   references: []
package irscan.checks.aws.test_silent

findings contains {"resource": "arn:aws:account::x:account", "status": "pass", "message": "Data present."} if {
	input.sections["account.alternate_contacts"].data.AlternateContact.EmailAddress != ""
}
