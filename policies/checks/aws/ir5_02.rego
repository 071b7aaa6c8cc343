# METADATA
# title: Sensitive stores are classified
# description: >-
#   Every S3 bucket carries the data classification tag (key DataClassification by default,
#   configurable with --classification-key) with a non-empty value (GetBucketTagging), so
#   that responders can tell at once how sensitive the data in an affected bucket is and
#   prioritise the incident accordingly. A bucket without tags (GetBucketTagging answered
#   NoSuchTagSet) fails. Tag keys are matched exactly, as S3 tag keys are case-sensitive.
#   One finding per bucket.
# custom:
#   id: AWS-IR5-02
#   controls: [IR-5]
#   severity: low
#   requires: [s3.buckets]
#   remediation: >-
#     Agree on the classification levels (for example Public, Internal, Confidential,
#     Restricted) and tag every bucket with its level: S3 console > <bucket> > Properties >
#     Tags > Edit, or aws s3api put-bucket-tagging --bucket <bucket> --tagging
#     'TagSet=[{Key=DataClassification,Value=Confidential}]' (put-bucket-tagging replaces the
#     whole tag set, so include the existing tags). Enforce it for new buckets with a tag
#     policy or an SCP on s3:CreateBucket, and use Amazon Macie to find sensitive data in
#     buckets that are not classified yet.
#   references:
#     - https://docs.aws.amazon.com/AmazonS3/latest/userguide/tagging-managing.html
#     - https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketTagging.html
#     - https://docs.aws.amazon.com/whitepapers/latest/data-classification/data-classification.html
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.aws.ir5_02

import data.irscan.lib.config
import data.irscan.lib.scope
import data.irscan.lib.values

buckets_data := input.sections["s3.buckets"].data

key := config.classification_key

findings contains f if {
	some b in values.list(buckets_data.Buckets)
	some j, tagging in values.list(buckets_data.TaggingByBucket)
	tagging.Bucket == b.Name
	some tag in values.list(tagging.TagSet)
	tag.Key == key
	values.filled(tag.Value)
	f := object.union(located(b), {
		"resource": bucket_arn(b),
		"status": "pass",
		"message": sprintf("Bucket %s is classified: %s=%s, as expected.", [b.Name, key, tag.Value]),
		"evidence": [sprintf("/sections/s3.buckets/data/TaggingByBucket/%d/TagSet", [j])],
	})
}

findings contains f if {
	some b in values.list(buckets_data.Buckets)
	some j, tagging in values.list(buckets_data.TaggingByBucket)
	tagging.Bucket == b.Name
	not classified(tagging)
	f := object.union(located(b), {
		"resource": bucket_arn(b),
		"status": "fail",
		"message": sprintf("Bucket %s is not classified: %s; expected a %s tag with a value.", [b.Name, tags_text(tagging), key]),
		"evidence": [sprintf("/sections/s3.buckets/data/TaggingByBucket/%d/TagSet", [j])],
	})
}

# A listed bucket whose GetBucketTagging result is missing cannot be assessed.
findings contains f if {
	some i, b in values.list(buckets_data.Buckets)
	not tagging_read(b.Name)
	f := object.union(located(b), {
		"resource": bucket_arn(b),
		"status": "error",
		"message": sprintf("Bucket %s is listed but its GetBucketTagging result is missing from the snapshot; expected its tags to read the %s tag.", [b.Name, key]),
		"evidence": [sprintf("/sections/s3.buckets/data/Buckets/%d", [i])],
	})
}

findings contains f if {
	is_object(buckets_data)
	count(values.list(buckets_data.Buckets)) == 0
	f := {
		"resource": scope.resource,
		"status": "pass",
		"message": "The account has no S3 buckets (ListBuckets returned none), so there is no bucket to classify.",
		"evidence": ["/sections/s3.buckets/data/Buckets"],
	}
}

classified(tagging) if {
	some tag in values.list(tagging.TagSet)
	tag.Key == key
	values.filled(tag.Value)
}

tagging_read(name) if {
	some tagging in values.list(buckets_data.TaggingByBucket)
	tagging.Bucket == name
}

tags_text(tagging) := "it has no tags (GetBucketTagging answered NoSuchTagSet)" if {
	count(values.list(tagging.TagSet)) == 0
} else := sprintf("its %s tag is empty", [key]) if {
	some tag in values.list(tagging.TagSet)
	tag.Key == key
} else := sprintf("its tags are %s", [concat(", ", sort([tag.Key | some tag in values.list(tagging.TagSet)]))])

bucket_arn(b) := sprintf("arn:aws:s3:::%s", [b.Name])

# The bucket's region, when ListBuckets reported it.
located(b) := {"region": b.BucketRegion} if {
	values.filled(b.BucketRegion)
} else := {}
