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
#   than Security Hub S3.15, which accepts any mode and any period. One finding per bucket.
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
#     - https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.aws.ir7_01

account_arn := sprintf("arn:aws:account::%s:account", [input.scope.id])

trail_data := input.sections["cloudtrail.trails"].data

bucket_data := input.sections["s3.trail_buckets"].data

min_days := n if {
	n := input.config.min_retention_days
	is_number(n)
	n > 0
} else := 365

# The trails' buckets, each with the names of the trails that write to it.
trail_buckets[name] := sort({t.Name | some t in list(trail_data.TrailList); t.S3BucketName == name}) if {
	some t in list(trail_data.TrailList)
	name := t.S3BucketName
	filled(name)
}

findings contains f if {
	some name, trails in trail_buckets
	some i, b in list(bucket_data.Buckets)
	b.Bucket == name
	count(problems(b)) == 0
	f := object.union(located(b), {
		"resource": sprintf("arn:aws:s3:::%s", [name]),
		"status": "pass",
		"message": sprintf("Bucket %s (trail %s) has Object Lock in COMPLIANCE mode with a default retention of %d days and versioning Enabled; expected COMPLIANCE mode and at least %d days.", [name, concat(", ", trails), retention_days(b), min_days]),
		"evidence": [sprintf("/sections/s3.trail_buckets/data/Buckets/%d", [i])],
	})
}

findings contains f if {
	some name, trails in trail_buckets
	some i, b in list(bucket_data.Buckets)
	b.Bucket == name
	count(problems(b)) > 0
	f := object.union(located(b), {
		"resource": sprintf("arn:aws:s3:::%s", [name]),
		"status": "fail",
		"message": sprintf("Bucket %s (trail %s) does not keep evidence immutable: %s; expected Object Lock in COMPLIANCE mode with a default retention of at least %d days and versioning Enabled.", [name, concat(", ", trails), concat(", ", problems(b)), min_days]),
		"evidence": [sprintf("/sections/s3.trail_buckets/data/Buckets/%d", [i])],
	})
}

# A trail bucket the snapshot has no Object Lock answer for cannot be assessed.
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
		"resource": account_arn,
		"status": "fail",
		"message": "No CloudTrail trail delivers to an S3 bucket (DescribeTrails returned no trail), so no API activity evidence is retained; expected a trail whose bucket has Object Lock in COMPLIANCE mode (AWS-IR4-01).",
		"evidence": ["/sections/cloudtrail.trails/data/TrailList"],
	}
}

read(name) if {
	some b in list(bucket_data.Buckets)
	b.Bucket == name
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
	filled(b.Versioning.Status)
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
	filled(b.BucketRegion)
} else := {}

text(s) := s if {
	filled(s)
} else := "empty"

filled(s) if {
	is_string(s)
	trim_space(s) != ""
}

# Go marshals a nil slice as null: treat it as empty.
list(v) := v if is_array(v)

else := []
