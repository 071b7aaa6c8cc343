# METADATA
# title: Log sink buckets locked
# description: >-
#   Logs exported to Cloud Storage stay tamper-proof for as long as an investigation may need
#   them: every Cloud Storage bucket that an enabled sink routing the scope's logs writes to
#   (the scope's own sinks, and its folders' and organisation's sinks with includeChildren)
#   has a retention policy that is locked (Bucket Lock) and at least the minimum retention
#   (365 days by default, configurable with --min-retention-days). Object Versioning is not
#   required: Cloud Storage does not allow it together with a retention policy. An unlocked
#   retention policy can be shortened or removed by a bucket administrator and fails; a
#   destination bucket that no longer exists fails. A bucket without a retention policy but
#   with Object Retention Lock enabled (objectRetention.mode Enabled) is manual: the lock is
#   set per object, and whether the objects the sink writes carry a Locked-mode retention is
#   not visible in the bucket's metadata. One finding per bucket, in its location; a scope
#   whose sinks export nothing to Cloud Storage passes with a finding that says so (log
#   buckets are GCP-IR7-02's). Same rule as CIS Google Cloud 2.3 (Security Health Analytics
#   LOCKED_RETENTION_POLICY_NOT_SET). Runs on
#   organisation and project snapshots. Each destination is judged where its sink is held:
#   the organisation's sinks' buckets on the organisation's snapshot (and, in a --project or
#   --folder scan, on each project's, which holds them), the project's and its folders' on the
#   project's. A project of an --organization scan says whose sinks are judged elsewhere when
#   the organisation's snapshot is in the run, and is an error naming the organisation when
#   it is not (see "Where each GCP check runs" in snapshot/SECTIONS.md).
# custom:
#   id: GCP-IR7-01
#   controls: [IR-7]
#   severity: medium
#   requires: [logging.sinks, storage.sink_buckets, resourcemanager.ancestry]
#   remediation: >-
#     Set and lock a retention policy on each log sink bucket: gcloud storage buckets update
#     gs://<bucket> --retention-period=400d, check it, then gcloud storage buckets update
#     gs://<bucket> --lock-retention-period (locking cannot be undone: the period can then
#     only be increased, and the bucket cannot be deleted before its objects expire). Add a
#     lifecycle rule that deletes objects after the retention period to control cost (a
#     retention policy cannot be set on a bucket with Object Versioning on).
#     Console: Cloud Storage > the bucket > Protection > Bucket retention policy > Set, then
#     Lock.
#   references:
#     - https://cloud.google.com/storage/docs/bucket-lock
#     - https://cloud.google.com/storage/docs/using-bucket-lock
#     - https://cloud.google.com/logging/docs/export/configure_export_v2
#     - https://cloud.google.com/security-command-center/docs/concepts-vulnerabilities-findings
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.gcp.ir7_01

import data.irscan.lib.config
import data.irscan.lib.gcp
import data.irscan.lib.scope

ancestry := gcp.ancestry

sinks_data := input.sections["logging.sinks"].data

buckets_data := input.sections["storage.sink_buckets"].data

prefix := "storage.googleapis.com/"

min_days := config.min_retention_days

ready if {
	is_object(sinks_data)
	is_object(buckets_data)
	is_object(ancestry)
}

# Indexes of the enabled sinks of the snapshot that route the scope's logs: its own, and its
# ancestors' that include children.
routing contains i if {
	some i, s in sinks_data.sinks
	not s.disabled == true
	gcp.routes(s)
}

# The snapshot holds every sink that may route the scope's logs (its organisation's too).
complete if gcp.holds(sinks_data.parents)

# Destination bucket -> the sinks writing to it.
destinations[name] := sort({sink_text(sinks_data.sinks[j]) | some j in routing; bucket_of(sinks_data.sinks[j]) == name}) if {
	some i in routing
	name := bucket_of(sinks_data.sinks[i])
}

findings contains f if {
	ready
	some name, sinks in destinations
	some k, e in buckets_data.buckets
	e.name == name
	is_object(e.bucket)
	retention_problem(e.bucket) == ""
	f := object.union(located(e.bucket), {
		"resource": sprintf("//storage.googleapis.com/%s", [name]),
		"status": "pass",
		"message": sprintf("Bucket %s (%s) has a locked retention policy of %d days; expected a locked retention policy of at least %d days.", [name, concat(", ", sinks), retention_days(e.bucket), min_days]),
		"evidence": [sprintf("/sections/storage.sink_buckets/data/buckets/%d/bucket", [k])],
	})
}

findings contains f if {
	ready
	some name, sinks in destinations
	some k, e in buckets_data.buckets
	e.name == name
	is_object(e.bucket)
	retention_problem(e.bucket) != ""
	not object_retention(e.bucket)
	f := object.union(located(e.bucket), {
		"resource": sprintf("//storage.googleapis.com/%s", [name]),
		"status": "fail",
		"message": sprintf("Bucket %s (%s) does not keep the exported logs tamper-proof: %s; expected a locked retention policy of at least %d days.", [name, concat(", ", sinks), retention_problem(e.bucket), min_days]),
		"evidence": [sprintf("/sections/storage.sink_buckets/data/buckets/%d/bucket", [k])],
	})
}

# Object Retention Lock is set per object: the bucket's metadata does not show whether the
# objects the sink writes are locked.
findings contains f if {
	ready
	some name, sinks in destinations
	some k, e in buckets_data.buckets
	e.name == name
	is_object(e.bucket)
	retention_problem(e.bucket) != ""
	object_retention(e.bucket)
	f := object.union(located(e.bucket), {
		"resource": sprintf("//storage.googleapis.com/%s", [name]),
		"status": "manual",
		"message": sprintf("Bucket %s (%s) has Object Retention Lock enabled and %s: each object's own retention decides, which the bucket's metadata does not show; confirm that the objects the sink writes carry a retention in Locked mode of at least %d days (or set and lock a bucket retention policy).", [name, concat(", ", sinks), retention_problem(e.bucket), min_days]),
		"evidence": [sprintf("/sections/storage.sink_buckets/data/buckets/%d/bucket", [k])],
	})
}

findings contains f if {
	ready
	some name, sinks in destinations
	some k, e in buckets_data.buckets
	e.name == name
	is_null(e.bucket)
	f := {
		"resource": sprintf("//storage.googleapis.com/%s", [name]),
		"status": "fail",
		"message": sprintf("Bucket %s (%s) does not exist (buckets.get answered 404), so the sink exports nothing; expected an existing bucket with a locked retention policy of at least %d days.", [name, concat(", ", sinks), min_days]),
		"evidence": [sprintf("/sections/storage.sink_buckets/data/buckets/%d", [k])],
	}
}

# Never pass on absent data: a destination bucket the snapshot has no answer for.
findings contains f if {
	ready
	some name, sinks in destinations
	not bucket_read(name)
	f := {
		"resource": sprintf("//storage.googleapis.com/%s", [name]),
		"status": "error",
		"message": sprintf("Bucket %s (%s) is missing from section storage.sink_buckets; expected its buckets.get answer.", [name, concat(", ", sinks)]),
		"evidence": ["/sections/storage.sink_buckets/data/buckets"],
	}
}

findings contains f if {
	ready
	complete
	count(destinations) == 0
	f := {
		"resource": scope.resource,
		"status": "pass",
		"message": sprintf("No enabled sink routing the logs of %s exports to Cloud Storage (%d sink(s) route them), so there is no log sink bucket to lock; log buckets are checked by GCP-IR7-02.", [ancestry.name, count(routing)]),
		"evidence": ["/sections/logging.sinks/data/sinks"],
	}
}

# The organisation's sinks are not in this snapshot: their destinations are judged on the
# organisation's snapshot, which must be in the run.
org_sections := ["logging.sinks"]

org_sinks := gcp.org_fact("sinks", org_sections)

findings contains f if {
	ready
	not complete
	f := gcp.unassessed(
		{"resource": scope.resource, "evidence": ["/sections/logging.sinks/data/parents", "/sections/resourcemanager.ancestry/data/ancestors"]},
		sprintf("The locking of the Cloud Storage buckets that the sinks of its organisation export the logs of %s to", [ancestry.name]),
		"sinks", org_sections,
	)
}

findings contains f if {
	ready
	not complete
	is_object(org_sinks)
	count(destinations) == 0
	f := {
		"resource": scope.resource,
		"status": "pass",
		"message": sprintf("No enabled sink of %s or of its folders exports to Cloud Storage (%d sink(s) route its logs), so there is no log sink bucket of its own to lock; %s; log buckets are checked by GCP-IR7-02.", [ancestry.name, count(routing), org_note]),
		"evidence": ["/sections/logging.sinks/data/sinks", "/sections/resourcemanager.ancestry/data/ancestors"],
	}
}

# The organisation's enabled sinks with includeChildren route the scope's logs too.
org_routing := sort([s.name | some s in org_sinks; s.include_children; not s.disabled])

org_note := sprintf("the sink(s) of %s that route its logs (%s) are judged with their destinations on %s's snapshot %s", [gcp.org_label, concat(", ", org_routing), gcp.org_label, gcp.org_entry.snapshot]) if {
	count(org_routing) > 0
} else := sprintf("%s has no enabled sink with includeChildren (snapshot %s)", [gcp.org_label, gcp.org_entry.snapshot])

bucket_read(name) if {
	some e in buckets_data.buckets
	e.name == name
}

retention_problem(b) := "it has no retention policy" if {
	not has_retention_policy(b)
} else := sprintf("its retention policy (%d days) is not locked", [retention_days(b)]) if {
	not b.retentionPolicy.isLocked == true
} else := sprintf("its locked retention policy keeps objects for only %d days", [retention_days(b)]) if {
	retention_seconds(b) < min_days * 86400
} else := ""

has_retention_policy(b) if is_object(b.retentionPolicy)

object_retention(b) if b.objectRetention.mode == "Enabled"

retention_seconds(b) := to_number(b.retentionPolicy.retentionPeriod) if {
	is_string(b.retentionPolicy.retentionPeriod)
} else := 0

retention_days(b) := floor(retention_seconds(b) / 86400)

bucket_of(s) := substring(s.destination, count(prefix), -1) if startswith(s.destination, prefix)

sink_text(s) := sprintf("sink %s on %s", [s.name, gcp.sink_parent(s)])

located(b) := {"region": lower(b.location)} if {
	is_string(b.location)
	b.location != ""
} else := {}
