# Procedural controls answered by a dated attestation (IR-1 plan reviewed and tested, IR-7
# lessons learned), for every cloud: the engine passes the scope's attestations (from
# --attestations) as input.attestations, each with its computed expires date.
package irscan.lib.attestation

import data.irscan.lib.scope

# METADATA
# description: >-
#   The findings of a procedural check answered by a dated attestation for the scope (the
#   engine passes the scope's attestations as input.attestations): the latest fresh one
#   passes; one dated after the snapshot was collected, or only expired ones, fail; none is
#   manual. what says what the attestation states.
findings(control, what) := {f |
	matching := {i |
		some i, a in input.attestations
		a.control == control
		object.get(a, "cloud", input.cloud) == input.cloud
		object.get(a, "scope", input.scope.id) in {"*", input.scope.id}
	}
	some f in verdicts(control, what, matching)
}

today := substring(input.collected_at, 0, 10)

verdicts(control, what, matching) := [{
	"resource": scope.resource,
	"status": "manual",
	"message": sprintf("No %s attestation covers this scope; expected a dated attestation %s, valid on the snapshot date %s.", [control, what, today]),
	"evidence": [],
}] if {
	count(matching) == 0
} else := [{
	"resource": scope.resource,
	"status": "pass",
	"message": sprintf("%s was attested on %s by %s, valid until %s; expected an attestation valid on the snapshot date %s.", [control, object.get(a, "date", "an unknown date"), object.get(a, "attested_by", "an unnamed attester"), a.expires, today]),
	"evidence": [],
	"attestation": a,
}] if {
	# Attestations dated after the snapshot was collected cannot vouch for the evidence, so
	# they are never fresh. The latest fresh one: newest date, then latest expiry, then last
	# in the file.
	fresh := {i | some i in matching; not future(i); input.attestations[i].expires >= today}
	count(fresh) > 0
	a := input.attestations[max({[object.get(x, "date", ""), x.expires, i] | some i in fresh; x := input.attestations[i]})[2]]
} else := [{
	"resource": scope.resource,
	"status": "fail",
	"message": sprintf("The latest %s attestation (attested on %s by %s) is dated after the evidence was collected (collected_at %s); expected one dated on or before the snapshot date %s and valid on it.", [control, object.get(a, "date", "an unknown date"), object.get(a, "attested_by", "an unnamed attester"), input.collected_at, today]),
	"evidence": [],
	"attestation": a,
}] if {
	futures := {i | some i in matching; future(i)}
	count(futures) > 0
	a := input.attestations[max({[object.get(x, "date", ""), x.expires, i] | some i in futures; x := input.attestations[i]})[2]]
} else := [{
	"resource": scope.resource,
	"status": "fail",
	"message": sprintf("The latest %s attestation (attested on %s by %s) expired on %s; expected one valid on the snapshot date %s.", [control, object.get(a, "date", "an unknown date"), object.get(a, "attested_by", "an unnamed attester"), object.get(a, "expires", "an unknown date"), today]),
	"evidence": [],
	"attestation": a,
}] if {
	a := input.attestations[max({[object.get(x, "expires", ""), object.get(x, "date", ""), i] | some i in matching; x := input.attestations[i]})[2]]
}

future(i) if object.get(input.attestations[i], "date", "") > today
