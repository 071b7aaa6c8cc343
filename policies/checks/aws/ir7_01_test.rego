package irscan.checks.aws.ir7_01_test

import data.irscan.checks.aws.ir7_01
import data.irscan.lib.aws_test as fx

trail(name, bucket) := {
	"Name": name,
	"TrailARN": sprintf("arn:aws:cloudtrail:us-east-1:123456789012:trail/%s", [name]),
	"HomeRegion": "us-east-1",
	"IsMultiRegionTrail": true,
	"S3BucketName": bucket,
}

lock(mode, days, years) := {
	"ObjectLockEnabled": "Enabled",
	"Rule": {"DefaultRetention": {"Mode": mode, "Days": days, "Years": years, "DefaultEventHold": null}},
}

bucket(name, olc, versioning) := {
	"Bucket": name,
	"BucketRegion": "us-east-1",
	"ObjectLockConfiguration": olc,
	"Versioning": {"Status": versioning, "MFADelete": ""},
}

snapshot(trails, buckets) := {
	"cloud": "aws",
	"scope": {"type": "account", "id": "123456789012"},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {
		"cloudtrail.trails": {"status": "ok", "data": {"TrailList": trails, "TrailStatusByTrail": [], "EventSelectorsByTrail": []}},
		"s3.trail_buckets": {"status": "ok", "data": {"Buckets": buckets}},
	},
	"config": {"classification_key": "DataClassification", "min_retention_days": 365, "lookback_days": 90},
}

one(olc, versioning) := snapshot([trail("management-events", "acme-trail")], [bucket("acme-trail", olc, versioning)])

only(fs) := f if {
	count(fs) == 1
	some f in fs
}

test_pass_with_compliance_mode_and_enough_days if {
	fs := ir7_01.findings with input as one(lock("COMPLIANCE", 400, null), "Enabled")
	f := only(fs)
	f.status == "pass"
	f.resource == "arn:aws:s3:::acme-trail"
	f.region == "us-east-1"
	contains(f.message, "400 days")
	contains(f.message, "trail management-events")
	f.evidence == ["/sections/s3.trail_buckets/data/Buckets/0"]
}

test_pass_with_years if {
	fs := ir7_01.findings with input as one(lock("COMPLIANCE", null, 1), "Enabled")
	f := only(fs)
	f.status == "pass"
	contains(f.message, "365 days")
}

test_fail_when_object_lock_not_found if {
	fs := ir7_01.findings with input as one(null, "Enabled")
	f := only(fs)
	f.status == "fail"
	contains(f.message, "ObjectLockConfigurationNotFoundError")
}

test_fail_in_governance_mode if {
	fs := ir7_01.findings with input as one(lock("GOVERNANCE", 400, null), "Enabled")
	f := only(fs)
	f.status == "fail"
	contains(f.message, "GOVERNANCE mode")
}

test_fail_when_retention_too_short if {
	fs := ir7_01.findings with input as one(lock("COMPLIANCE", 90, null), "Enabled")
	f := only(fs)
	f.status == "fail"
	contains(f.message, "the default retention is 90 days")
}

test_min_days_is_configurable if {
	inp := json.patch(one(lock("COMPLIANCE", 90, null), "Enabled"), [{"op": "replace", "path": "/config/min_retention_days", "value": 90}])
	fs := ir7_01.findings with input as inp
	f := only(fs)
	f.status == "pass"
}

test_fail_without_default_retention if {
	fs := ir7_01.findings with input as one({"ObjectLockEnabled": "Enabled", "Rule": null}, "Enabled")
	f := only(fs)
	f.status == "fail"
	contains(f.message, "no default retention")
}

test_fail_when_versioning_suspended if {
	fs := ir7_01.findings with input as one(lock("COMPLIANCE", 400, null), "Suspended")
	f := only(fs)
	f.status == "fail"
	contains(f.message, "versioning is Suspended")
}

test_fail_when_versioning_never_enabled if {
	fs := ir7_01.findings with input as one(null, "")
	f := only(fs)
	f.status == "fail"
	contains(f.message, "versioning is not enabled")
}

test_one_finding_per_bucket if {
	inp := snapshot(
		[trail("a", "bucket-a"), trail("b", "bucket-b"), trail("c", "bucket-a")],
		[bucket("bucket-a", lock("COMPLIANCE", 400, null), "Enabled"), bucket("bucket-b", null, "Enabled")],
	)
	fs := ir7_01.findings with input as inp
	{[f.resource, f.status] | some f in fs} == {["arn:aws:s3:::bucket-a", "pass"], ["arn:aws:s3:::bucket-b", "fail"]}
	some f in fs
	f.resource == "arn:aws:s3:::bucket-a"
	contains(f.message, "trail a, c")
}

test_error_when_bucket_not_read if {
	fs := ir7_01.findings with input as snapshot([trail("a", "bucket-a")], null)
	f := only(fs)
	f.status == "error"
}

test_fail_without_trails if {
	fs := ir7_01.findings with input as snapshot(null, null)
	f := only(fs)
	f.status == "fail"
	f.resource == "arn:aws:account::123456789012:account"
}

test_no_finding_when_sections_absent if {
	fs := ir7_01.findings with input as object.remove(one(null, ""), ["sections"])
	count(fs) == 0
}

test_no_finding_when_data_null if {
	inp := json.patch(one(lock("COMPLIANCE", 400, null), "Enabled"), [{"op": "replace", "path": "/sections/s3.trail_buckets/data", "value": null}])
	fs := ir7_01.findings with input as inp
	count(fs) == 0
}

# ---------------------------------------------------------------------------------------------
# The log-archive bucket of an organization trail belongs to another account: the member
# records it as not owned, and judges it on the snapshot of the account of the run that owns it.

bucket_arn := sprintf("arn:aws:s3:::%s", [fx.bucket])

test_member_follows_the_account_that_owns_the_bucket if {
	fs := ir7_01.findings with input as fx.member_snapshot with data.estate as fx.sound
	f := only(fs)
	f.status == "pass"
	f.resource == bucket_arn
	f.region == "us-east-1"
	contains(f.message, "COMPLIANCE mode with a default retention of 365 days")
	f.owner.id == fx.archive
	f.owner.evidence == ["/sections/s3.trail_buckets/data/Buckets/0"]
	f.evidence == ["/sections/s3.trail_buckets/data/Buckets/0"]
}

test_member_fails_with_the_owner if {
	fs := ir7_01.findings with input as fx.member_snapshot with data.estate as fx.broken
	f := only(fs)
	f.status == "fail"
	contains(f.message, "Object Lock is not enabled")
	f.owner.id == fx.archive
}

# No account of the run owns the bucket: error, never a pass, saying to scan with --org.
test_member_error_when_no_account_of_the_run_owns_it if {
	es := fx.estate([fx.entry(fx.mgmt_snapshot(fx.full_status, fx.all_management, 731), [])])
	fs := ir7_01.findings with input as fx.member_snapshot with data.estate as es
	f := only(fs)
	f.status == "error"
	contains(f.message, "belongs to an account that is not in this run")
	contains(f.message, "--org")
	not f.owner
}

test_member_error_names_accounts_that_could_not_read_their_buckets if {
	fs := ir7_01.findings with input as fx.member_snapshot with data.estate as fx.unread("s3.trail_buckets", "")
	f := only(fs)
	f.status == "error"
	contains(f.message, "AWS account 600000000002")
}

# The bucket's owner judges it locally.
test_owner_judges_its_own_bucket if {
	fs := ir7_01.findings with input as fx.archive_snapshot(365) with data.estate as {}
	f := only(fs)
	f.status == "pass"
	not f.owner
}

# A snapshot collected before OwnedByAccount was recorded only holds buckets that were read.
test_bucket_without_owned_flag_is_local if {
	b := object.remove(bucket("acme-trail", lock("COMPLIANCE", 400, null), "Enabled"), ["OwnedByAccount"])
	fs := ir7_01.findings with input as snapshot([trail("management-events", "acme-trail")], [b])
	f := only(fs)
	f.status == "pass"
}
