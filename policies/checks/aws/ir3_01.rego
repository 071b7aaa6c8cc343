# METADATA
# title: GuardDuty enabled
# description: >-
#   Amazon GuardDuty has a detector with Status ENABLED in every enabled region of the
#   account (ec2 DescribeRegions), so that threats are detected wherever workloads or
#   attackers can run. A region without a detector, or whose detectors are all DISABLED
#   (suspended), fails. One finding per enabled region.
# custom:
#   id: AWS-IR3-01
#   controls: [IR-3]
#   severity: high
#   requires: [ec2.regions, guardduty.detectors]
#   remediation: >-
#     Enable GuardDuty in every enabled region, ideally for the whole organization from a
#     delegated administrator account (GuardDuty > Settings > Accounts > Auto-enable). For
#     one account and region: aws guardduty create-detector --enable --region <region>; a
#     suspended detector is re-enabled with aws guardduty update-detector --detector-id <id>
#     --enable --region <region>. Regions that must not be used are better disabled
#     (Account > AWS Regions) or blocked with a service control policy than left unmonitored.
#   references:
#     - https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_settingup.html
#     - https://docs.aws.amazon.com/securityhub/latest/userguide/guardduty-controls.html
#     - https://docs.aws.amazon.com/guardduty/latest/APIReference/API_GetDetector.html
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.aws.ir3_01

import data.irscan.lib.aws
import data.irscan.lib.scope
import data.irscan.lib.values

region_data(region) := aws.region_data("guardduty.detectors", region)

findings contains f if {
	some region in aws.enabled_regions
	d := region_data(region)
	some i, det in values.list(d.Detectors)
	det.Status == "ENABLED"
	f := {
		"resource": scope.resource,
		"region": region,
		"status": "pass",
		"message": sprintf("GuardDuty detector %s is ENABLED in %s, as expected.", [det.DetectorId, region]),
		"evidence": [sprintf("/sections/guardduty.detectors/regions/%s/data/Detectors/%d", [region, i])],
	}
}

findings contains f if {
	some region in aws.enabled_regions
	d := region_data(region)
	count(values.list(d.DetectorIds)) == 0
	count(values.list(d.Detectors)) == 0
	f := {
		"resource": scope.resource,
		"region": region,
		"status": "fail",
		"message": sprintf("GuardDuty has no detector in %s (ListDetectors returned none); expected a detector with Status ENABLED in every enabled region.", [region]),
		"evidence": [sprintf("/sections/guardduty.detectors/regions/%s/data/DetectorIds", [region])],
	}
}

findings contains f if {
	some region in aws.enabled_regions
	d := region_data(region)
	detectors := values.list(d.Detectors)
	count(detectors) > 0
	not any_enabled(detectors)
	count(missing_details(d)) == 0
	f := {
		"resource": scope.resource,
		"region": region,
		"status": "fail",
		"message": sprintf("No GuardDuty detector is enabled in %s (%s); expected a detector with Status ENABLED in every enabled region.", [region, concat(", ", sort([sprintf("%s is %s", [det.DetectorId, status_name(det.Status)]) | some det in detectors]))]),
		"evidence": [sprintf("/sections/guardduty.detectors/regions/%s/data/Detectors", [region])],
	}
}

# A listed detector whose GetDetector result is missing might be the enabled one.
findings contains f if {
	some region in aws.enabled_regions
	d := region_data(region)
	not any_enabled(values.list(d.Detectors))
	count(missing_details(d)) > 0
	f := {
		"resource": scope.resource,
		"region": region,
		"status": "error",
		"message": sprintf("GuardDuty detector(s) %s in %s are listed but their GetDetector result is missing from the snapshot; expected the details to read their Status.", [concat(", ", sort(missing_details(d))), region]),
		"evidence": [sprintf("/sections/guardduty.detectors/regions/%s/data/DetectorIds", [region])],
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

any_enabled(detectors) if {
	some det in detectors
	det.Status == "ENABLED"
}

missing_details(d) := {id |
	some id in values.list(d.DetectorIds)
	not detailed(d, id)
}

detailed(d, id) if {
	some det in values.list(d.Detectors)
	det.DetectorId == id
}

status_name(s) := s if {
	is_string(s)
	s != ""
} else := "without a status"
