# METADATA
# title: Test detector on in every region
# description: A user check used by the engine tests; passes for every region listed in the data.
# custom:
#   id: TEST-REGIONAL-01
#   controls: [IR-3]
#   severity: high
#   requires: [test.detectors]
#   remediation: Turn the detector on.
#   references: [https://example.com/detectors]
package irscan.checks.aws.test_regional

findings contains {"resource": sprintf("arn:aws:test:%s:%s:detector", [region, input.scope.id]), "region": region, "status": status, "message": msg} if {
	some region, r in input.sections["test.detectors"].regions
	status := verdict(r.data)
	msg := sprintf("Detector in %s is %v.", [region, r.data.enabled])
}

findings contains {"resource": sprintf("arn:aws:account::%s:account", [input.scope.id]), "status": "pass", "message": "Every region was looked at."} if {
	input.sections["test.detectors"].regions
}

verdict(d) := "pass" if d.enabled == true

verdict(d) := "fail" if d.enabled != true
