# METADATA
# title: GuardDuty findings exported to S3
# description: >-
#   Every GuardDuty detector in every enabled region exports its findings to an Amazon S3
#   bucket: ListPublishingDestinations names a destination of type S3 whose Status is
#   PUBLISHING. GuardDuty keeps findings for 90 days, so without an export the findings behind
#   an incident are gone before a late investigation or the lessons-learned review needs them.
#   A destination PENDING_VERIFICATION, STOPPED or UNABLE_TO_PUBLISH_FIX_DESTINATION_PROPERTY
#   does not count. A region without a detector passes with a finding that says so (AWS-IR3-01
#   judges the detector). In an organisation the GuardDuty administrator account may export
#   its members' findings instead: a member without an export of its own fails here, and is
#   waived when the administrator's export covers it. One finding per detector.
# custom:
#   id: AWS-IR7-05
#   controls: [IR-7]
#   severity: medium
#   requires: [ec2.regions, guardduty.publishing_destinations]
#   remediation: >-
#     Export the findings of every detector to an S3 bucket encrypted with a KMS key that
#     GuardDuty may use: GuardDuty console > Settings > Findings export options > S3 bucket >
#     Configure now, in each Region, or aws guardduty create-publishing-destination
#     --detector-id <id> --destination-type S3 --destination-properties
#     DestinationArn=arn:aws:s3:::<bucket>,KmsKeyArn=<key-arn> --region <region>. A destination
#     UNABLE_TO_PUBLISH_FIX_DESTINATION_PROPERTY needs the bucket policy and key policy of the
#     GuardDuty guide; keep the bucket under Object Lock or a retention rule as long as your
#     evidence must be kept.
#   references:
#     - https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_exportfindings.html
#     - https://docs.aws.amazon.com/guardduty/latest/APIReference/API_ListPublishingDestinations.html
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.aws.ir7_05

import data.irscan.lib.aws
import data.irscan.lib.scope
import data.irscan.lib.values

section := "guardduty.publishing_destinations"

region_data(region) := aws.region_data(section, region)

detector_arn(region, id) := sprintf("arn:aws:guardduty:%s:%s:detector/%s", [region, input.scope.id, id])

publishing(dest) if {
	dest.DestinationType == "S3"
	dest.Status == "PUBLISHING"
}

# The first destination of a detector that publishes, if any.
first_publishing(entry) := min({j |
	some j, dest in values.list(entry.Destinations)
	publishing(dest)
})

findings contains f if {
	some region in aws.enabled_regions
	d := region_data(region)
	some i, entry in values.list(d.DestinationsByDetector)
	j := first_publishing(entry)
	dest := entry.Destinations[j]
	f := {
		"resource": detector_arn(region, entry.DetectorId),
		"region": region,
		"status": "pass",
		"message": sprintf("GuardDuty detector %s in %s exports its findings to S3 (publishing destination %s is PUBLISHING).", [entry.DetectorId, region, dest.DestinationId]),
		"evidence": [sprintf("/sections/%s/regions/%s/data/DestinationsByDetector/%d/Destinations/%d", [section, region, i, j])],
	}
}

findings contains f if {
	some region in aws.enabled_regions
	d := region_data(region)
	some i, entry in values.list(d.DestinationsByDetector)
	not first_publishing(entry)
	f := {
		"resource": detector_arn(region, entry.DetectorId),
		"region": region,
		"status": "fail",
		"message": sprintf("GuardDuty detector %s in %s exports its findings nowhere (%s); expected an S3 publishing destination with Status PUBLISHING, since GuardDuty keeps findings for 90 days.", [entry.DetectorId, region, destinations(entry)]),
		"evidence": [sprintf("/sections/%s/regions/%s/data/DestinationsByDetector/%d", [section, region, i])],
	}
}

destinations(entry) := "ListPublishingDestinations returned none" if {
	count(values.list(entry.Destinations)) == 0
} else := concat(", ", sort([sprintf("destination %v is %v, %v", [dest.DestinationId, dest.DestinationType, dest.Status]) |
	some dest in values.list(entry.Destinations)
]))

findings contains f if {
	some region in aws.enabled_regions
	d := region_data(region)
	count(values.list(d.DetectorIds)) == 0
	count(values.list(d.DestinationsByDetector)) == 0
	f := {
		"resource": scope.resource,
		"region": region,
		"status": "pass",
		"message": sprintf("GuardDuty has no detector in %s, so there are no findings to export (AWS-IR3-01 judges the detector).", [region]),
		"evidence": [sprintf("/sections/%s/regions/%s/data/DetectorIds", [section, region])],
	}
}

# A listed detector whose ListPublishingDestinations result is missing might export nowhere.
findings contains f if {
	some region in aws.enabled_regions
	d := region_data(region)
	some id in values.list(d.DetectorIds)
	not listed(d, id)
	f := {
		"resource": detector_arn(region, id),
		"region": region,
		"status": "error",
		"message": sprintf("GuardDuty detector %s in %s is listed but its ListPublishingDestinations result is missing from the snapshot; expected it to read where its findings go.", [id, region]),
		"evidence": [sprintf("/sections/%s/regions/%s/data/DetectorIds", [section, region])],
	}
}

listed(d, id) if {
	some entry in values.list(d.DestinationsByDetector)
	entry.DetectorId == id
}

# Never pass on absent data: an enabled region the snapshot holds no answer for.
findings contains f if {
	some region in aws.enabled_regions
	is_object(input.sections[section])
	not region_data(region)
	f := {
		"resource": scope.resource,
		"region": region,
		"status": "error",
		"message": sprintf("Region %s is enabled (DescribeRegions) but section %s holds no data for it; expected every enabled region to be read.", [region, section]),
		"evidence": [sprintf("/sections/%s/regions", [section]), "/sections/ec2.regions/data/Regions"],
	}
}
