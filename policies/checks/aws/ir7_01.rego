# METADATA
# title: Evidence bucket is immutable
# description: >-
#   The S3 bucket of every CloudTrail trail keeps its log files immutable: Object Lock is
#   enabled (GetObjectLockConfiguration ObjectLockEnabled Enabled) with a default retention
#   in COMPLIANCE mode of at least the minimum retention (365 days by default, configurable
#   with --min-retention-days; Years count as 365 days), and versioning is Enabled
#   (GetBucketVersioning), so that not even the root user can delete or overwrite the
#   evidence before it expires. GetObjectLockConfiguration answering
#   ObjectLockConfigurationNotFoundError (Object Lock never enabled) fails, and so does
#   GOVERNANCE mode, which users with s3:BypassGovernanceRetention can override. Stricter
#   than Security Hub S3.15, which accepts any mode and any period. A bucket of this account
#   (one of its ListBuckets) is judged in this snapshot. A bucket of another account (the
#   log-archive bucket of an organization trail, whose Object Lock only its own account can
#   read) is judged on the snapshot of the account of the run that owns it, and the finding
#   names that account; when no account of the run owns it, the finding is error: the bucket
#   belongs to an account that is not in this run (scan with --org, including the
#   log-archive account). One finding per bucket.
# custom:
#   id: AWS-IR7-01
#   controls: [IR-7]
#   severity: medium
#   requires: [cloudtrail.trails, s3.trail_buckets]
#   remediation: >-
#     Object Lock can be enabled on an existing bucket (aws s3api
#     put-object-lock-configuration --bucket <bucket> --object-lock-configuration
#     '{"ObjectLockEnabled":"Enabled","Rule":{"DefaultRetention":{"Mode":"COMPLIANCE","Days":365}}}'),
#     which also requires versioning Enabled (aws s3api put-bucket-versioning --bucket <bucket>
#     --versioning-configuration Status=Enabled); or create a new bucket with
#     --object-lock-enabled-for-bucket and point the trail at it (aws cloudtrail update-trail
#     --name <trail> --s3-bucket-name <bucket>). COMPLIANCE mode cannot be shortened or
#     removed, so test the period on a non-production bucket first and add an S3 Lifecycle
#     rule to expire logs after the retention period.
#   references:
#     - https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html
#     - https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-configure.html
#     - https://docs.aws.amazon.com/awscloudtrail/latest/userguide/creating-trail-organization.html
#     - https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.aws.ir7_01

import data.irscan.lib.aws
import data.irscan.lib.config
import data.irscan.lib.estate
import data.irscan.lib.scope
import data.irscan.lib.values

trail_data := aws.trail_data

bucket_data := input.sections["s3.trail_buckets"].data

min_days := config.min_retention_days

# The trails' buckets, each with the names of the trails that write to it.
trail_buckets[name] := sort({t.Name | some t in values.list(trail_data.TrailList); t.S3BucketName == name}) if {
	some t in values.list(trail_data.TrailList)
	name := t.S3BucketName
	values.filled(name)
}

# A bucket this account owns (read here; snapshots from before OwnedByAccount was recorded
# only hold buckets that were read).
owned(b) if values.field(b, "OwnedByAccount", true) != false

findings contains f if {
	some name, trails in trail_buckets
	some i, b in values.list(bucket_data.Buckets)
	b.Bucket == name
	owned(b)
	f := object.union(located(b), object.union(verdict(name, trails, b), {
		"resource": sprintf("arn:aws:s3:::%s", [name]),
		"evidence": [sprintf("/sections/s3.trail_buckets/data/Buckets/%d", [i])],
	}))
}

# A bucket of another account: judged on the snapshot of the account of the run that owns it.
findings contains f if {
	some name, trails in trail_buckets
	some i, b in values.list(bucket_data.Buckets)
	b.Bucket == name
	not owned(b)
	f := foreign_finding(name, trails, i)
}

foreign_finding(name, trails, i) := estate.follow(
	object.union(located(fact), object.union(verdict(name, trails, fact), {
		"resource": sprintf("arn:aws:s3:::%s", [name]),
		"evidence": [sprintf("/sections/s3.trail_buckets/data/Buckets/%d", [i])],
	})),
	e,
	sprintf("arn:aws:s3:::%s", [name]),
	[fact.pointer],
) if {
	owners := sort([id | some id, e in estate.scopes("aws", "account"); e.facts.trail_buckets[name]])
	count(owners) > 0
	e := estate.scope("aws", "account", owners[0])
	fact := object.union(e.facts.trail_buckets[name], {"BucketRegion": e.facts.trail_buckets[name].region})
} else := {
	"resource": sprintf("arn:aws:s3:::%s", [name]),
	"status": "error",
	"message": sprintf("Bucket %s (trail %s) is not one of this account's buckets (ListBuckets), and no account of this run shows it among the trail buckets it owns: it belongs to an account that is not in this run, or to one of those whose trail buckets could not be read (%s), so its Object Lock could not be assessed; scan with --org with access to every account, including the log-archive account that owns the bucket.", [name, concat(", ", trails), concat(", ", unread_accounts)]),
	"evidence": [sprintf("/sections/s3.trail_buckets/data/Buckets/%d", [i])],
} if {
	count(unread_accounts) > 0
} else := {
	"resource": sprintf("arn:aws:s3:::%s", [name]),
	"status": "error",
	"message": sprintf("Bucket %s (trail %s) is not one of this account's buckets (ListBuckets), and no account of this run holds it among the trail buckets it owns: it belongs to an account that is not in this run, so its Object Lock could not be read; scan with --org (irscan scan aws --org), including the log-archive account that owns the bucket.", [name, concat(", ", trails)]),
	"evidence": [sprintf("/sections/s3.trail_buckets/data/Buckets/%d", [i])],
}

# Accounts of the run whose trail buckets could not be read (one of them may own the bucket).
unread_accounts := sort([estate.label("aws", "account", id) |
	some id, e in estate.scopes("aws", "account")
	id != input.scope.id
	some section in ["s3.trail_buckets", "s3.buckets"]
	estate.unread(e, section, "")
])

# A trail bucket the snapshot has no answer for cannot be assessed.
findings contains f if {
	is_object(bucket_data)
	some name, trails in trail_buckets
	not read(name)
	f := {
		"resource": sprintf("arn:aws:s3:::%s", [name]),
		"status": "error",
		"message": sprintf("Bucket %s (trail %s) is missing from section s3.trail_buckets; expected its GetObjectLockConfiguration and GetBucketVersioning results.", [name, concat(", ", trails)]),
		"evidence": ["/sections/s3.trail_buckets/data/Buckets"],
	}
}

findings contains f if {
	is_object(trail_data)
	is_object(bucket_data)
	count(trail_buckets) == 0
	f := {
		"resource": scope.resource,
		"status": "fail",
		"message": "No CloudTrail trail delivers to an S3 bucket (DescribeTrails returned no trail), so no API activity evidence is retained; expected a trail whose bucket has Object Lock in COMPLIANCE mode (AWS-IR4-01).",
		"evidence": ["/sections/cloudtrail.trails/data/TrailList"],
	}
}

read(name) if {
	some b in values.list(bucket_data.Buckets)
	b.Bucket == name
}

# The verdict on a bucket's ObjectLockConfiguration and Versioning (as read in its account).
verdict(name, trails, b) := {
	"status": "pass",
	"message": sprintf("Bucket %s (trail %s) has Object Lock in COMPLIANCE mode with a default retention of %d days and versioning Enabled; expected COMPLIANCE mode and at least %d days.", [name, concat(", ", trails), retention_days(b), min_days]),
} if {
	count(problems(b)) == 0
} else := {
	"status": "fail",
	"message": sprintf("Bucket %s (trail %s) does not keep evidence immutable: %s; expected Object Lock in COMPLIANCE mode with a default retention of at least %d days and versioning Enabled.", [name, concat(", ", trails), concat(", ", problems(b)), min_days]),
}

problems(b) := [p |
	some p in [lock_problem(b), versioning_problem(b)]
	p != ""
]

# null when S3 answered ObjectLockConfigurationNotFoundError.
lock_problem(b) := "Object Lock is not enabled (GetObjectLockConfiguration answered ObjectLockConfigurationNotFoundError)" if {
	not is_object(object.get(b, "ObjectLockConfiguration", null))
} else := sprintf("ObjectLockEnabled is %q", [text(b.ObjectLockConfiguration.ObjectLockEnabled)]) if {
	b.ObjectLockConfiguration.ObjectLockEnabled != "Enabled"
} else := "Object Lock has no default retention" if {
	not default_retention(b)
} else := sprintf("the default retention is in %s mode, which can be bypassed", [text(b.ObjectLockConfiguration.Rule.DefaultRetention.Mode)]) if {
	b.ObjectLockConfiguration.Rule.DefaultRetention.Mode != "COMPLIANCE"
} else := sprintf("the default retention is %d days", [retention_days(b)]) if {
	retention_days(b) < min_days
} else := ""

versioning_problem(b) := "" if {
	b.Versioning.Status == "Enabled"
} else := sprintf("versioning is %s", [versioning_text(b)])

versioning_text(b) := b.Versioning.Status if {
	values.filled(b.Versioning.Status)
} else := "not enabled"

default_retention(b) if is_object(b.ObjectLockConfiguration.Rule.DefaultRetention)

# Days, or Years counted as 365 days.
retention_days(b) := d if {
	d := b.ObjectLockConfiguration.Rule.DefaultRetention.Days
	is_number(d)
	d > 0
} else := y * 365 if {
	y := b.ObjectLockConfiguration.Rule.DefaultRetention.Years
	is_number(y)
} else := 0

# The bucket's region, when the collector recorded it.
located(b) := {"region": b.BucketRegion} if {
	values.filled(b.BucketRegion)
} else := {}

text(s) := s if {
	values.filled(s)
} else := "empty"
