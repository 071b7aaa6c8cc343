package irscan.checks.aws.ir5_02_test

import data.irscan.checks.aws.ir5_02

bucket(name) := {"Name": name, "BucketArn": null, "BucketRegion": "us-east-1", "CreationDate": "2024-01-15T10:00:00Z"}

tagging(name, tags) := {"Bucket": name, "TagSet": tags}

tag(k, v) := {"Key": k, "Value": v}

snapshot(buckets, taggings) := {
	"cloud": "aws",
	"scope": {"type": "account", "id": "123456789012"},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {"s3.buckets": {"status": "ok", "data": {"Buckets": buckets, "Owner": {"DisplayName": null, "ID": "abc"}, "TaggingByBucket": taggings}}},
	"config": {"classification_key": "DataClassification", "min_retention_days": 365, "lookback_days": 90},
}

results(fs) := {[f.resource, f.status] | some f in fs}

test_pass_when_classified if {
	fs := ir5_02.findings with input as snapshot([bucket("acme-exports")], [tagging("acme-exports", [tag("Team", "payments"), tag("DataClassification", "Restricted")])])
	results(fs) == {["arn:aws:s3:::acme-exports", "pass"]}
	some f in fs
	f.region == "us-east-1"
	contains(f.message, "DataClassification=Restricted")
	f.evidence == ["/sections/s3.buckets/data/TaggingByBucket/0/TagSet"]
}

test_one_finding_per_bucket if {
	fs := ir5_02.findings with input as snapshot(
		[bucket("a"), bucket("b"), bucket("c"), bucket("d")],
		[
			tagging("a", [tag("DataClassification", "Internal")]),
			tagging("b", []),
			tagging("c", [tag("Team", "web"), tag("dataclassification", "Public")]),
			tagging("d", [tag("DataClassification", " ")]),
		],
	)
	results(fs) == {["arn:aws:s3:::a", "pass"], ["arn:aws:s3:::b", "fail"], ["arn:aws:s3:::c", "fail"], ["arn:aws:s3:::d", "fail"]}
	some fb in fs
	fb.resource == "arn:aws:s3:::b"
	contains(fb.message, "NoSuchTagSet")
	some fc in fs
	fc.resource == "arn:aws:s3:::c"
	contains(fc.message, "its tags are Team, dataclassification")
	some fd in fs
	fd.resource == "arn:aws:s3:::d"
	contains(fd.message, "DataClassification tag is empty")
}

test_fail_when_tag_set_null if {
	fs := ir5_02.findings with input as snapshot([bucket("b")], [tagging("b", null)])
	results(fs) == {["arn:aws:s3:::b", "fail"]}
}

test_configurable_key if {
	inp := json.patch(snapshot([bucket("a")], [tagging("a", [tag("DataClassification", "Internal")])]), [{"op": "replace", "path": "/config/classification_key", "value": "sensitivity"}])
	fs := ir5_02.findings with input as inp
	results(fs) == {["arn:aws:s3:::a", "fail"]}
	some f in fs
	contains(f.message, "expected a sensitivity tag")
}

test_default_key_without_config if {
	fs := ir5_02.findings with input as object.remove(snapshot([bucket("a")], [tagging("a", [tag("DataClassification", "Internal")])]), ["config"])
	results(fs) == {["arn:aws:s3:::a", "pass"]}
}

test_no_region_when_unknown if {
	fs := ir5_02.findings with input as snapshot([object.union(bucket("a"), {"BucketRegion": null})], [tagging("a", [])])
	some f in fs
	not f.region
}

test_error_when_tagging_missing if {
	fs := ir5_02.findings with input as snapshot([bucket("a")], null)
	results(fs) == {["arn:aws:s3:::a", "error"]}
}

test_pass_without_buckets if {
	fs := ir5_02.findings with input as snapshot(null, null)
	results(fs) == {["arn:aws:account::123456789012:account", "pass"]}
}

test_no_finding_when_section_absent if {
	fs := ir5_02.findings with input as object.remove(snapshot([], []), ["sections"])
	count(fs) == 0
}

test_no_finding_when_data_null if {
	fs := ir5_02.findings with input as json.patch(snapshot([], []), [{"op": "replace", "path": "/sections/s3.buckets/data", "value": null}])
	count(fs) == 0
}
