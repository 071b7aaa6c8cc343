# METADATA
# title: Test contacts in every region
# description: A user check used by the engine tests; passes for every region that has contacts.
# custom:
#   id: TEST-REGIONAL-01
#   controls: [IR-3]
#   severity: high
#   requires: [ssm_contacts.contacts]
#   remediation: Turn the detector on.
#   references: [https://example.com/detectors]
package irscan.checks.aws.test_regional

findings contains {"resource": sprintf("arn:aws:ssm-contacts:%s:%s:contacts", [region, input.scope.id]), "region": region, "status": status, "message": msg} if {
	some region, r in input.sections["ssm_contacts.contacts"].regions
	status := verdict(r.data)
	msg := sprintf("%s has %d contacts.", [region, count(r.data.Contacts)])
}

findings contains {"resource": sprintf("arn:aws:account::%s:account", [input.scope.id]), "status": "pass", "message": "Every region was looked at."} if {
	input.sections["ssm_contacts.contacts"].regions
}

verdict(d) := "pass" if count(d.Contacts) > 0

verdict(d) := "fail" if count(d.Contacts) == 0
