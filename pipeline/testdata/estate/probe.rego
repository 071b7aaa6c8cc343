# METADATA
# title: Estate probe
# description: Test check that follows every other account of the run, or errs when it is alone.
# custom:
#   id: TEST-ESTATE-01
#   controls: [IR-4]
#   severity: medium
#   requires: []
#   remediation: Nothing to do; this is a test check.
#   references: []
package irscan.checks.aws.estate_probe

import data.irscan.lib.estate

findings contains f if {
	some id, entry in estate.scopes("aws", "account")
	id != input.scope.id
	f := estate.follow(
		{
			"resource": sprintf("arn:aws:account::%s:account", [input.scope.id]),
			"status": entry.facts.probe_status,
			"message": sprintf("Account %s reports %s.", [id, entry.facts.probe_status]),
			"evidence": [],
		},
		entry, sprintf("arn:aws:account::%s:account", [id]), ["/scope/id"],
	)
}

findings contains f if {
	count(estate.scopes("aws", "account")) < 2
	f := estate.absent({
		"resource": sprintf("arn:aws:account::%s:account", [input.scope.id]),
		"what": "The probe's setting",
		"owner": {"cloud": "aws", "type": "account", "id": "999999999999"},
		"how": "scan with --org",
		"evidence": [],
	})
}
