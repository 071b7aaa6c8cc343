# METADATA
# title: Security Hub enabled
# description: >-
#   AWS Security Hub is enabled (DescribeHub answers with a hub) with at least one security
#   standard whose StandardsStatus is READY (GetEnabledStandards) in every enabled region of
#   the account, so that findings from GuardDuty, Inspector, Macie, Config and the standards'
#   controls are collected and prioritised in one place. DescribeHub answering
#   InvalidAccessException (not subscribed) fails, as does a hub whose standards are all
#   disabled, pending, incomplete or failed. One finding per enabled region.
# custom:
#   id: AWS-IR3-02
#   controls: [IR-3]
#   severity: medium
#   requires: [ec2.regions, securityhub.hubs]
#   remediation: >-
#     Enable Security Hub in every enabled region, preferably for the whole organization from
#     a delegated administrator with central configuration (Security Hub > Configuration >
#     Organization), or per account and region with aws securityhub enable-security-hub
#     --enable-default-standards --region <region>. Enable at least one standard, for example
#     AWS Foundational Security Best Practices: aws securityhub batch-enable-standards
#     --standards-subscription-requests StandardsArn=arn:aws:securityhub:<region>::standards/aws-foundational-security-best-practices/v/1.0.0.
#     Check with aws securityhub get-enabled-standards that its StandardsStatus is READY.
#   references:
#     - https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-settingup.html
#     - https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-standards-enable-disable.html
#     - https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_DescribeHub.html
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.aws.ir3_02

import data.irscan.lib.aws
import data.irscan.lib.scope
import data.irscan.lib.values

region_data(region) := aws.region_data("securityhub.hubs", region)

findings contains f if {
	some region in aws.enabled_regions
	d := region_data(region)
	is_object(d.Hub)
	ready := [s | some s in values.list(d.StandardsSubscriptions); s.StandardsStatus == "READY"]
	count(ready) > 0
	f := {
		"resource": scope.resource,
		"region": region,
		"status": "pass",
		"message": sprintf("Security Hub is enabled in %s (subscribed %s) with %d standard(s) READY: %s; at least one is required.", [region, subscribed_at(d.Hub), count(ready), concat(", ", sort([standard_name(s) | some s in ready]))]),
		"evidence": array.concat([sprintf("/sections/securityhub.hubs/regions/%s/data/Hub", [region])], [sprintf("/sections/securityhub.hubs/regions/%s/data/StandardsSubscriptions/%d", [region, i]) |
			some i, s in values.list(d.StandardsSubscriptions)
			s.StandardsStatus == "READY"
		]),
	}
}

# DescribeHub answered InvalidAccessException, recorded as {"Hub": null}.
findings contains f if {
	some region in aws.enabled_regions
	d := region_data(region)
	not hub_on(d)
	f := {
		"resource": scope.resource,
		"region": region,
		"status": "fail",
		"message": sprintf("Security Hub is not enabled in %s (DescribeHub answered InvalidAccessException); expected a hub with at least one READY standard in every enabled region.", [region]),
		"evidence": [sprintf("/sections/securityhub.hubs/regions/%s/data/Hub", [region])],
	}
}

findings contains f if {
	some region in aws.enabled_regions
	d := region_data(region)
	is_object(d.Hub)
	subs := values.list(d.StandardsSubscriptions)
	not any_ready(subs)
	f := {
		"resource": scope.resource,
		"region": region,
		"status": "fail",
		"message": sprintf("Security Hub is enabled in %s but no standard is READY (%s); expected at least one enabled standard.", [region, standards_summary(subs)]),
		"evidence": [sprintf("/sections/securityhub.hubs/regions/%s/data/StandardsSubscriptions", [region])],
	}
}

# Never pass on absent data: an enabled region the snapshot holds no Security Hub answer for.
findings contains f if {
	some region in aws.enabled_regions
	is_object(input.sections["securityhub.hubs"])
	not region_data(region)
	f := {
		"resource": scope.resource,
		"region": region,
		"status": "error",
		"message": sprintf("Region %s is enabled (DescribeRegions) but section securityhub.hubs holds no data for it; expected every enabled region to be read.", [region]),
		"evidence": ["/sections/securityhub.hubs/regions", "/sections/ec2.regions/data/Regions"],
	}
}

hub_on(d) if is_object(d.Hub)

subscribed_at(hub) := hub.SubscribedAt if {
	is_string(hub.SubscribedAt)
	hub.SubscribedAt != ""
} else := "at an unknown date"

any_ready(subs) if {
	some s in subs
	s.StandardsStatus == "READY"
}

standards_summary(subs) := "no standard is enabled" if {
	count(subs) == 0
} else := concat(", ", sort([sprintf("%s is %s", [standard_name(s), s.StandardsStatus]) | some s in subs]))

# arn:aws:securityhub:<region>::standards/aws-foundational-security-best-practices/v/1.0.0
# → aws-foundational-security-best-practices/v/1.0.0; arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0 → cis-aws-foundations-benchmark/v/1.2.0
standard_name(s) := concat("/", array.slice(parts, 1, count(parts))) if {
	parts := split(s.StandardsArn, "/")
	count(parts) > 1
} else := s.StandardsArn
