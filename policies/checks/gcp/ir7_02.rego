# METADATA
# title: Log buckets locked
# description: >-
#   Logs kept in Cloud Logging stay as long as an investigation may need them and cannot be
#   purged early: every log bucket that an enabled sink routing the scope's logs writes to (the
#   scope's own sinks, Google's _Required and _Default among them, and its folders' and
#   organisation's sinks with includeChildren) is locked and retains logs for at least the
#   minimum retention (365 days by default, configurable with --min-retention-days). Google
#   keeps the _Required bucket for 400 days and lets no one change or delete it, so it counts
#   as locked; _Default keeps 30 days unless changed. A destination bucket missing from its
#   (listed) container does not exist and fails. One finding per log bucket, in its location;
#   a scope whose sinks write to no log bucket passes with a finding that says so. A log
#   bucket that is not locked or keeps logs too briefly (the project's _Default, typically)
#   passes anyway when every log entry of the scope is also archived where GCP-IR7-01 is
#   satisfied: an enabled sink routing the scope's logs (its own, or an ancestor's with
#   includeChildren) with an empty filter and no active exclusion writes to a Cloud Storage
#   bucket whose retention policy is locked and keeps objects for at least the minimum; the
#   finding names that sink and bucket. Where the archive is the organisation's sink in an
#   --organization scan, the project's finding follows the organisation's snapshot (its sinks
#   and their buckets), and is an error naming the organisation when it is not in the run.
#   Runs on
#   organisation and project snapshots. Each destination is judged where its sink is held:
#   the organisation's sinks' log buckets on the organisation's snapshot (and, in a --project
#   or --folder scan, on each project's, which holds them), the project's and its folders' on
#   the project's. A project of an --organization scan says whose sinks are judged elsewhere
#   when the organisation's snapshot is in the run, and is an error naming the organisation
#   when it is not (see "Where each GCP check runs" in snapshot/SECTIONS.md).
# custom:
#   id: GCP-IR7-02
#   controls: [IR-7]
#   severity: medium
#   requires: [logging.sinks, logging.buckets, storage.sink_buckets, resourcemanager.ancestry]
#   remediation: >-
#     Raise the retention and lock the bucket: gcloud logging buckets update _Default
#     --location=global --project=<project-id> --retention-days=400, check it, then gcloud
#     logging buckets update _Default --location=global --project=<project-id> --locked
#     (locking cannot be undone: retention can then only be increased, and the bucket cannot
#     be deleted). Console: Logging > Logs Storage > the bucket > Edit bucket > Retention
#     period, then Lock bucket. Retention beyond 30 days is billed; route long-term evidence to
#     a central log bucket or a locked Cloud Storage bucket (GCP-IR7-01) if cheaper.
#   references:
#     - https://cloud.google.com/logging/docs/buckets
#     - https://cloud.google.com/logging/docs/buckets#locking-logs-buckets
#     - https://cloud.google.com/logging/docs/routing/overview#required-bucket
#     - https://cloud.google.com/logging/docs/reference/v2/rest/v2/projects.locations.buckets/list
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.gcp.ir7_02

import data.irscan.lib.config
import data.irscan.lib.gcp
import data.irscan.lib.scope

ancestry := gcp.ancestry

sinks_data := input.sections["logging.sinks"].data

buckets_data := input.sections["logging.buckets"].data

gcs_data := input.sections["storage.sink_buckets"].data

destination_pattern := `^logging\.googleapis\.com/((?:projects|folders|organizations|billingAccounts)/[^/]+/locations/[^/]+/buckets/[^/]+)$`

min_days := config.min_retention_days

ready if {
	is_object(sinks_data)
	is_object(buckets_data)
	is_object(gcs_data)
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

# Destination log bucket name -> the sinks writing to it.
destinations[name] := sort({sink_text(sinks_data.sinks[j]) | some j in routing; bucket_of(sinks_data.sinks[j]) == name}) if {
	some i in routing
	name := bucket_of(sinks_data.sinks[i])
}

findings contains f if {
	ready
	some name, sinks in destinations
	some k, b in buckets_data.buckets
	b.name == name
	count(problems(b)) == 0
	f := {
		"resource": resource(name),
		"region": location(name),
		"status": "pass",
		"message": sprintf("Log bucket %s (%s) %s; expected a locked bucket retaining logs for at least %d days.", [name, concat(", ", sinks), good_text(b), min_days]),
		"evidence": [sprintf("/sections/logging.buckets/data/buckets/%d", [k])],
	}
}

findings contains f if {
	ready
	some name, sinks in destinations
	some k, b in buckets_data.buckets
	b.name == name
	count(problems(b)) > 0
	count(archives) == 0
	complete
	f := fail_finding(name, sinks, k, b)
}

fail_finding(name, sinks, k, b) := {
	"resource": resource(name),
	"region": location(name),
	"status": "fail",
	"message": sprintf("Log bucket %s (%s) does not keep logs long enough or can be changed: %s; expected a locked bucket retaining logs for at least %d days, or every log entry archived in a locked Cloud Storage bucket (GCP-IR7-01).", [name, concat(", ", sinks), concat(", ", problems(b)), min_days]),
	"evidence": [sprintf("/sections/logging.buckets/data/buckets/%d", [k])],
}

# Every log entry of the scope is archived in a locked Cloud Storage bucket by a sink in this
# snapshot: the log bucket's own retention does not decide.
findings contains f if {
	ready
	some name, sinks in destinations
	some k, b in buckets_data.buckets
	b.name == name
	count(problems(b)) > 0
	count(archives) > 0
	f := {
		"resource": resource(name),
		"region": location(name),
		"status": "pass",
		"message": sprintf("Log bucket %s (%s) would not do alone (%s), but every log entry of %s is also archived: %s; expected a locked bucket retaining logs for at least %d days, or every log entry archived in a locked Cloud Storage bucket (GCP-IR7-01).", [name, concat(", ", sinks), concat(", ", problems(b)), ancestry.name, concat("; ", sort([archive_text(sinks_data.sinks[j], e.bucket) | some [j, e] in archives])), min_days]),
		"evidence": array.concat([sprintf("/sections/logging.buckets/data/buckets/%d", [k])], sort([sprintf("/sections/storage.sink_buckets/data/buckets/%d", [x]) | some [_, e] in archives; some x, y in gcs_data.buckets; y.name == e.name])),
	}
}

# The organisation's sinks are not in this snapshot: whether one archives every entry is
# the organisation's to show.
findings contains f if {
	ready
	not complete
	some name, sinks in destinations
	some k, b in buckets_data.buckets
	b.name == name
	count(problems(b)) > 0
	count(archives) == 0
	f := gcp.unassessed(
		{"resource": resource(name), "region": location(name), "evidence": [sprintf("/sections/logging.buckets/data/buckets/%d", [k]), "/sections/resourcemanager.ancestry/data/ancestors"]},
		sprintf("Whether the logs of %s that log bucket %s keeps too briefly or unlocked (%s) are archived by its organisation's sinks", [ancestry.name, name, concat(", ", problems(b))]),
		"sinks", archive_sections,
	)
}

findings contains f if {
	ready
	not complete
	some name, sinks in destinations
	some k, b in buckets_data.buckets
	b.name == name
	count(problems(b)) > 0
	count(archives) == 0
	is_object(org_sinks)
	is_object(org_buckets)
	count(org_archives) > 0
	f := gcp.follow(
		{
			"resource": resource(name),
			"region": location(name),
			"evidence": [sprintf("/sections/logging.buckets/data/buckets/%d", [k])],
			"status": "pass",
			"message": sprintf("Log bucket %s (%s) would not do alone (%s), but every log entry of %s is also archived by its organisation: %s; expected a locked bucket retaining logs for at least %d days, or every log entry archived in a locked Cloud Storage bucket (GCP-IR7-01).", [name, concat(", ", sinks), concat(", ", problems(b)), ancestry.name, concat("; ", sort([org_archive_text(n) | some n in org_archives])), min_days]),
		},
		sort({p | some n in org_archives; some p in [org_sinks[n].pointer, org_buckets[gcs_bucket(org_sinks[n].destination)].pointer]}),
	)
}

findings contains f if {
	ready
	not complete
	some name, sinks in destinations
	some k, b in buckets_data.buckets
	b.name == name
	count(problems(b)) > 0
	count(archives) == 0
	is_object(org_sinks)
	is_object(org_buckets)
	count(org_archives) == 0
	f := gcp.follow(
		fail_finding(name, sinks, k, b),
		gcp.owner_pointers(sort([s.pointer | some s in org_sinks; s.include_children]), "/sections/logging.sinks/data/sinks"),
	)
}

findings contains f if {
	ready
	some name, sinks in destinations
	not bucket_listed(name)
	container(name) in buckets_data.parents
	f := {
		"resource": resource(name),
		"region": location(name),
		"status": "fail",
		"message": sprintf("Log bucket %s (%s) does not exist: the buckets of %s do not include it, so the sink stores nothing; expected an existing, locked bucket retaining logs for at least %d days.", [name, concat(", ", sinks), container(name), min_days]),
		"evidence": ["/sections/logging.buckets/data/buckets"],
	}
}

# Never pass on absent data: a destination whose container was not listed.
findings contains f if {
	ready
	some name, sinks in destinations
	not bucket_listed(name)
	not container(name) in buckets_data.parents
	f := {
		"resource": resource(name),
		"region": location(name),
		"status": "error",
		"message": sprintf("The log buckets of %s are missing from section logging.buckets, so log bucket %s (%s) cannot be assessed; expected every destination's container to be listed.", [container(name), name, concat(", ", sinks)]),
		"evidence": ["/sections/logging.buckets/data/parents"],
	}
}

findings contains f if {
	ready
	complete
	count(destinations) == 0
	f := {
		"resource": scope.resource,
		"status": "pass",
		"message": sprintf("No enabled sink routing the logs of %s writes to a log bucket (%d sink(s) route them), so there is no log bucket to assess; Cloud Storage destinations are checked by GCP-IR7-01.", [ancestry.name, count(routing)]),
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
		sprintf("The locking of the log buckets that the sinks of its organisation write the logs of %s to", [ancestry.name]),
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
		"message": sprintf("No enabled sink of %s or of its folders writes to a log bucket (%d sink(s) route its logs), so there is no log bucket of its own to assess; %s; Cloud Storage destinations are checked by GCP-IR7-01.", [ancestry.name, count(routing), org_note]),
		"evidence": ["/sections/logging.sinks/data/sinks", "/sections/resourcemanager.ancestry/data/ancestors"],
	}
}

# The organisation's enabled sinks with includeChildren route the scope's logs too.
org_routing := sort([s.name | some s in org_sinks; s.include_children; not s.disabled])

org_note := sprintf("the sink(s) of %s that route its logs (%s) are judged with their destinations on %s's snapshot %s", [gcp.org_label, concat(", ", org_routing), gcp.org_label, gcp.org_entry.snapshot]) if {
	count(org_routing) > 0
} else := sprintf("%s has no enabled sink with includeChildren (snapshot %s)", [gcp.org_label, gcp.org_entry.snapshot])

# Archives in this snapshot: [sink index, storage.sink_buckets entry] of the enabled sinks
# routing the scope's logs that export every entry to a Cloud Storage bucket whose retention
# policy is locked and long enough (what GCP-IR7-01 passes).
archives contains [j, e] if {
	some j in routing
	s := sinks_data.sinks[j]
	trim_space(object.get(s, "filter", "")) == ""
	count(gcp.active_exclusions(s)) == 0
	some e in gcs_data.buckets
	e.name == gcs_bucket(s.destination)
	locked_long(e.bucket)
}

locked_long(b) if {
	b.retentionPolicy.isLocked == true
	to_number(b.retentionPolicy.retentionPeriod) >= min_days * 86400
}

archive_text(s, b) := sprintf("sink %s on %s exports every entry to Cloud Storage bucket %s, whose locked retention policy keeps objects for %d days", [s.name, gcp.sink_parent(s), b.name, floor(to_number(b.retentionPolicy.retentionPeriod) / 86400)])

gcs_bucket(dest) := b if {
	startswith(dest, "storage.googleapis.com/")
	b := split(substring(dest, count("storage.googleapis.com/"), -1), "/")[0]
}

archive_sections := ["logging.sinks", "storage.sink_buckets"]

org_buckets := gcp.org_fact("sink_buckets", archive_sections)

org_archives := {n |
	some n, s in org_sinks
	s.include_children
	not s.disabled
	trim_space(s.filter) == ""
	s.active_exclusions == 0
	ob := org_buckets[gcs_bucket(s.destination)]
	ob.locked
	ob.retention_seconds >= min_days * 86400
}

org_archive_text(n) := sprintf("sink %s on %s (includeChildren) exports every entry to Cloud Storage bucket %s, whose locked retention policy keeps objects for %d days", [org_sinks[n].name, gcp.organization, gcs_bucket(org_sinks[n].destination), floor(org_buckets[gcs_bucket(org_sinks[n].destination)].retention_seconds / 86400)])

bucket_listed(name) if {
	some b in buckets_data.buckets
	b.name == name
}

problems(b) := [p |
	some p in [lock_problem(b), retention_problem(b)]
	p != ""
]

lock_problem(b) := "" if {
	locked(b)
} else := "it is not locked"

retention_problem(b) := sprintf("it keeps logs for %d days", [days(b)]) if {
	days(b) < min_days
} else := ""

locked(b) if b.locked == true

# Google fixes the _Required bucket: nobody can change its retention or delete it.
locked(b) if required_bucket(b.name)

required_bucket(name) if endswith(name, "/buckets/_Required")

days(b) := object.get(b, "retentionDays", 0)

good_text(b) := sprintf("keeps logs for %d days and cannot be changed or deleted (Google fixes the _Required bucket)", [days(b)]) if {
	required_bucket(b.name)
	not b.locked == true
} else := sprintf("is locked and keeps logs for %d days", [days(b)])

bucket_of(s) := m[0][1] if {
	m := regex.find_all_string_submatch_n(destination_pattern, s.destination, 1)
	count(m) == 1
}

container(name) := concat("/", array.slice(split(name, "/"), 0, 2))

location(name) := split(name, "/")[3]

resource(name) := sprintf("//logging.googleapis.com/%s", [name])

sink_text(s) := sprintf("sink %s on %s", [s.name, gcp.sink_parent(s)])
