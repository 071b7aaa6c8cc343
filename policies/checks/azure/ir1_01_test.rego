package irscan.checks.azure.ir1_01_test

import data.irscan.checks.azure.ir1_01

resource := "/subscriptions/7f3c2d9e-5b1a-4c8e-9d2f-3a6b8c1e4f70"

snapshot(attestations) := {
	"cloud": "azure",
	"scope": {"type": "subscription", "id": "7f3c2d9e-5b1a-4c8e-9d2f-3a6b8c1e4f70"},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {},
	"attestations": attestations,
}

attestation(control, date, expires) := {
	"control": control,
	"cloud": "azure",
	"scope": "7f3c2d9e-5b1a-4c8e-9d2f-3a6b8c1e4f70",
	"statement": "Reviewed with the cloud team.",
	"evidence": "https://wiki.example.com/security/ir/review",
	"attested_by": "Jane Roe (Head of Security Operations)",
	"date": date,
	"validity_days": 365,
	"expires": expires,
}

fresh := attestation("IR-1", "2026-03-02", "2027-03-02")

expired := attestation("IR-1", "2025-01-15", "2026-01-15")

only(fs) := f if {
	count(fs) == 1
	some f in fs
}

test_pass_when_fresh if {
	fs := ir1_01.findings with input as snapshot([fresh])
	f := only(fs)
	f.status == "pass"
	f.resource == resource
	f.attestation == fresh
	contains(f.message, "2027-03-02")
	endswith(f.message, ".")
}

test_pass_on_the_expiry_day if {
	fs := ir1_01.findings with input as snapshot([attestation("IR-1", "2025-11-20", "2026-11-20")])
	f := only(fs)
	f.status == "pass"
}

test_fail_when_expired if {
	fs := ir1_01.findings with input as snapshot([expired])
	f := only(fs)
	f.status == "fail"
	f.resource == resource
	f.attestation == expired
	contains(f.message, "expired on 2026-01-15")
}

test_fail_names_the_latest_expiry if {
	fs := ir1_01.findings with input as snapshot([expired, attestation("IR-1", "2025-06-01", "2026-06-01")])
	f := only(fs)
	f.status == "fail"
	contains(f.message, "expired on 2026-06-01")
}

test_manual_when_absent if {
	fs := ir1_01.findings with input as object.remove(snapshot([]), ["attestations"])
	f := only(fs)
	f.status == "manual"
	f.resource == resource
	not f.attestation
}

test_manual_when_empty if {
	fs := ir1_01.findings with input as snapshot([])
	f := only(fs)
	f.status == "manual"
}

test_manual_when_only_the_other_control_is_attested if {
	fs := ir1_01.findings with input as snapshot([attestation("IR-7", "2026-03-02", "2027-03-02")])
	f := only(fs)
	f.status == "manual"
}

test_manual_when_attested_for_another_scope if {
	fs := ir1_01.findings with input as snapshot([object.union(fresh, {"scope": "other-scope-000"})])
	f := only(fs)
	f.status == "manual"
}

test_manual_when_attested_for_another_cloud if {
	fs := ir1_01.findings with input as snapshot([object.union(fresh, {"cloud": "gcp"})])
	f := only(fs)
	f.status == "manual"
}

test_pass_with_wildcard_scope if {
	fs := ir1_01.findings with input as snapshot([object.union(fresh, {"scope": "*"})])
	f := only(fs)
	f.status == "pass"
}

test_fresh_wins_over_expired if {
	fs := ir1_01.findings with input as snapshot([expired, fresh])
	f := only(fs)
	f.status == "pass"
	f.attestation == fresh
}

test_latest_fresh_is_attached if {
	newer := attestation("IR-1", "2026-09-01", "2027-09-01")
	fs := ir1_01.findings with input as snapshot([newer, fresh])
	f := only(fs)
	f.status == "pass"
	f.attestation == newer
}

# The snapshot was collected on 2026-11-20: an attestation of that day counts, one of
# the day after does not.
test_pass_when_dated_on_the_collection_day if {
	fs := ir1_01.findings with input as snapshot([attestation("IR-1", "2026-11-20", "2027-11-20")])
	f := only(fs)
	f.status == "pass"
}

test_fail_when_dated_after_collection if {
	later := attestation("IR-1", "2026-11-21", "2027-11-21")
	fs := ir1_01.findings with input as snapshot([later])
	f := only(fs)
	f.status == "fail"
	f.resource == resource
	f.attestation == later
	contains(f.message, "attested on 2026-11-21")
	contains(f.message, "dated after the evidence was collected (collected_at 2026-11-20T09:00:00Z)")
}

test_fail_names_the_later_attestation_over_an_expired_one if {
	later := attestation("IR-1", "2027-01-10", "2028-01-10")
	fs := ir1_01.findings with input as snapshot([expired, later])
	f := only(fs)
	f.status == "fail"
	f.attestation == later
	contains(f.message, "dated after the evidence was collected")
}

test_fresh_wins_over_one_dated_after_collection if {
	fs := ir1_01.findings with input as snapshot([attestation("IR-1", "2026-12-01", "2027-12-01"), fresh])
	f := only(fs)
	f.status == "pass"
	f.attestation == fresh
}
