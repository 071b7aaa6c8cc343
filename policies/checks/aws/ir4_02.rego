# METADATA
# title: CloudTrail log file validation
# description: >-
#   Every multi-region CloudTrail trail has log file validation enabled
#   (LogFileValidationEnabled), so that CloudTrail writes signed digest files and
#   investigators can prove that the log files they rely on were not modified or deleted
#   after delivery. One finding per multi-region trail; an account without any multi-region
#   trail fails (AWS-IR4-01 reports the missing trail). An organization trail seen from a
#   member account is judged there too: DescribeTrails (IncludeShadowTrails) returns its
#   settings, LogFileValidationEnabled included, in every member account, so the member's
#   own snapshot shows the value that applies to it; the finding names the account that
#   owns the trail.
# custom:
#   id: AWS-IR4-02
#   controls: [IR-4]
#   severity: low
#   requires: [cloudtrail.trails]
#   remediation: >-
#     Turn on log file validation for the trail: CloudTrail console > Trails > <trail> >
#     General details > Edit > Log file validation: Enabled, or aws cloudtrail update-trail
#     --name <trail> --enable-log-file-validation (in the trail's home region). Validate
#     delivered logs with aws cloudtrail validate-logs --trail-arn <arn> --start-time <time>.
#   references:
#     - https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html
#     - https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-enabling.html
#     - https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.aws.ir4_02

import data.irscan.lib.aws
import data.irscan.lib.scope
import data.irscan.lib.values

trail_data := aws.trail_data

findings contains f if {
	some i, t in values.list(trail_data.TrailList)
	t.IsMultiRegionTrail == true
	t.LogFileValidationEnabled == true
	f := {
		"resource": t.TrailARN,
		"region": t.HomeRegion,
		"status": "pass",
		"message": sprintf("Multi-region trail %s has log file validation enabled, as expected.", [aws.trail_label(t)]),
		"evidence": [sprintf("/sections/cloudtrail.trails/data/TrailList/%d/LogFileValidationEnabled", [i])],
	}
}

findings contains f if {
	some i, t in values.list(trail_data.TrailList)
	t.IsMultiRegionTrail == true
	t.LogFileValidationEnabled != true
	f := {
		"resource": t.TrailARN,
		"region": t.HomeRegion,
		"status": "fail",
		"message": sprintf("Multi-region trail %s does not validate its log files (LogFileValidationEnabled is %v); expected log file validation enabled.", [aws.trail_label(t), t.LogFileValidationEnabled]),
		"evidence": [sprintf("/sections/cloudtrail.trails/data/TrailList/%d/LogFileValidationEnabled", [i])],
	}
}

findings contains f if {
	is_object(trail_data)
	count([t | some t in values.list(trail_data.TrailList); t.IsMultiRegionTrail == true]) == 0
	f := {
		"resource": scope.resource,
		"status": "fail",
		"message": sprintf("No multi-region trail exists (%d trail(s) in total), so no trail's log files can be validated; expected every multi-region trail to validate its log files, and at least one such trail (AWS-IR4-01).", [count(values.list(trail_data.TrailList))]),
		"evidence": ["/sections/cloudtrail.trails/data/TrailList"],
	}
}
