# METADATA
# title: GuardDuty protection plans are on
# description: >-
#   Every ENABLED GuardDuty detector in every enabled region has its protection plans on, so
#   that detection covers more than the foundational sources (CloudTrail management events,
#   VPC flow logs, DNS logs): S3 Protection (feature S3_DATA_EVENTS), EKS Protection
#   (EKS_AUDIT_LOGS), Runtime Monitoring (RUNTIME_MONITORING, or the older
#   EKS_RUNTIME_MONITORING), Malware Protection for EC2 (EBS_MALWARE_PROTECTION), RDS
#   Protection (RDS_LOGIN_EVENTS) and Lambda Protection (LAMBDA_NETWORK_LOGS), as GetDetector
#   reports them in Features. A plan whose Status is not ENABLED, or that GetDetector does not
#   report at all, is off. The finding names, per detector, the plans that are off; a plan
#   matters only where the account runs that kind of workload, so waive the ones it does not.
#   A region without an ENABLED detector passes with a finding that says so (AWS-IR3-01 judges
#   the detector). One finding per detector.
# custom:
#   id: AWS-IR3-04
#   controls: [IR-3]
#   severity: low
#   requires: [ec2.regions, guardduty.detectors]
#   remediation: >-
#     Turn on the protection plans for the workloads the account runs: GuardDuty console >
#     Protection plans (S3 Protection, EKS Protection, Runtime Monitoring, Malware Protection
#     for EC2, RDS Protection, Lambda Protection) in each Region, or aws guardduty
#     update-detector --detector-id <id> --features
#     '[{"Name":"S3_DATA_EVENTS","Status":"ENABLED"},{"Name":"EKS_AUDIT_LOGS","Status":"ENABLED"},{"Name":"RUNTIME_MONITORING","Status":"ENABLED"},{"Name":"EBS_MALWARE_PROTECTION","Status":"ENABLED"},{"Name":"RDS_LOGIN_EVENTS","Status":"ENABLED"},{"Name":"LAMBDA_NETWORK_LOGS","Status":"ENABLED"}]'
#     --region <region>. In an organization, the GuardDuty delegated administrator can enable
#     them for every member (update-organization-configuration with AutoEnable ALL).
#   references:
#     - https://docs.aws.amazon.com/guardduty/latest/ug/guardduty-features-activation-model.html
#     - https://docs.aws.amazon.com/guardduty/latest/APIReference/API_GetDetector.html
#     - https://docs.aws.amazon.com/securityhub/latest/userguide/guardduty-controls.html
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.aws.ir3_04

import data.irscan.lib.aws
import data.irscan.lib.scope
import data.irscan.lib.values

# The protection plans and the GetDetector feature names that turn each on.
plans := {
	"S3 Protection": {"S3_DATA_EVENTS"},
	"EKS Protection": {"EKS_AUDIT_LOGS"},
	"Runtime Monitoring": {"RUNTIME_MONITORING", "EKS_RUNTIME_MONITORING"},
	"Malware Protection for EC2": {"EBS_MALWARE_PROTECTION"},
	"RDS Protection": {"RDS_LOGIN_EVENTS"},
	"Lambda Protection": {"LAMBDA_NETWORK_LOGS"},
}

region_data(region) := aws.region_data("guardduty.detectors", region)

detector_arn(region, id) := sprintf("arn:aws:guardduty:%s:%s:detector/%s", [region, input.scope.id, id])

on(det, plan) if {
	some feat in values.list(det.Features)
	feat.Name in plans[plan]
	feat.Status == "ENABLED"
}

off(det) := sort([plan | some plan, _ in plans; not on(det, plan)])

findings contains f if {
	some region in aws.enabled_regions
	some i, det in values.list(region_data(region).Detectors)
	det.Status == "ENABLED"
	count(off(det)) == 0
	f := {
		"resource": detector_arn(region, det.DetectorId),
		"region": region,
		"status": "pass",
		"message": sprintf("GuardDuty detector %s in %s has every protection plan on (%s), as expected.", [det.DetectorId, region, concat(", ", sort(object.keys(plans)))]),
		"evidence": [sprintf("/sections/guardduty.detectors/regions/%s/data/Detectors/%d/Features", [region, i])],
	}
}

findings contains f if {
	some region in aws.enabled_regions
	some i, det in values.list(region_data(region).Detectors)
	det.Status == "ENABLED"
	count(off(det)) > 0
	f := {
		"resource": detector_arn(region, det.DetectorId),
		"region": region,
		"status": "fail",
		"message": sprintf("GuardDuty detector %s in %s has %d protection plan(s) off: %s (a plan whose feature is not ENABLED in GetDetector, or not reported); expected every plan on for the workloads the account runs.", [det.DetectorId, region, count(off(det)), concat(", ", off(det))]),
		"evidence": [sprintf("/sections/guardduty.detectors/regions/%s/data/Detectors/%d", [region, i])],
	}
}

findings contains f if {
	some region in aws.enabled_regions
	d := region_data(region)
	count([det | some det in values.list(d.Detectors); det.Status == "ENABLED"]) == 0
	f := {
		"resource": scope.resource,
		"region": region,
		"status": "pass",
		"message": sprintf("GuardDuty has no ENABLED detector in %s, so there are no protection plans to judge (AWS-IR3-01 judges the detector).", [region]),
		"evidence": [sprintf("/sections/guardduty.detectors/regions/%s/data/Detectors", [region])],
	}
}

# Never pass on absent data: an enabled region the snapshot holds no GuardDuty answer for.
findings contains f if {
	some region in aws.enabled_regions
	is_object(input.sections["guardduty.detectors"])
	not region_data(region)
	f := {
		"resource": scope.resource,
		"region": region,
		"status": "error",
		"message": sprintf("Region %s is enabled (DescribeRegions) but section guardduty.detectors holds no data for it; expected every enabled region to be read.", [region]),
		"evidence": ["/sections/guardduty.detectors/regions", "/sections/ec2.regions/data/Regions"],
	}
}
