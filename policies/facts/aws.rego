# What a aws snapshot offers the other scopes of the run (data.estate["aws"][type][id].facts).
# Every rule of this package is one fact; keep them small (kilobytes per scope) and sorted.
#
# An AWS account offers what it owns and what other accounts see but cannot read in full:
# its trails (a member sees an organization trail, but GetTrailStatus called there omits
# the delivery fields), the log groups its trails deliver to, the trail buckets it owns (a
# log-archive bucket's Object Lock is readable only in its own account), the VPCs it owns
# (a participant of a VPC shared through RAM does not see the owner's flow logs), and the
# EventBridge rules and Security Hub aggregation through which findings travel. Every value
# carries JSON pointers into this snapshot.
package irscan.facts.aws

import data.irscan.lib.aws
import data.irscan.lib.values

# Trails this account owns (the account in TrailARN is this one), keyed by TrailARN: what
# AWS-IR4-01, AWS-IR4-03 judge from GetTrailStatus and GetEventSelectors, as read here.
# status and management_problems are null when that result is missing.
trails[t.TrailARN] := {
	"name": t.Name,
	"home_region": values.field(t, "HomeRegion", null),
	"multi_region": t.IsMultiRegionTrail == true,
	"organization": t.IsOrganizationTrail == true,
	"log_group_arn": values.field(t, "CloudWatchLogsLogGroupArn", null),
	"bucket": values.field(t, "S3BucketName", null),
	"status": aws.local_status(t),
	"management_problems": aws.local_management(t),
	"pointers": {
		"trail": sprintf("/sections/cloudtrail.trails/data/TrailList/%d", [i]),
		"status": status_pointer(t),
		"selectors": selectors_pointer(t),
	},
} if {
	some i, t in values.list(aws.trail_data.TrailList)
	not aws.foreign(t)
}

status_pointer(t) := sprintf("/sections/cloudtrail.trails/data/TrailStatusByTrail/%d", [i]) if {
	i := aws.status_index(t.TrailARN)
} else := null

selectors_pointer(t) := sprintf("/sections/cloudtrail.trails/data/EventSelectorsByTrail/%d", [i]) if {
	i := aws.selectors_index(t.TrailARN)
} else := null

# The log groups of this account its trails deliver to, keyed by log group ARN (without
# ":*"), in the regions that were read: whether the group exists, and its RetentionInDays
# (null: never expires). AWS-IR7-02 judges an organization trail's log group here.
trail_log_groups[arn] := group if {
	some t in values.list(aws.trail_data.TrailList)
	arn := aws.log_group_arn(t)
	g := aws.log_group_parts(arn)
	g.account == input.scope.id
	d := aws.region_data("logs.log_groups", g.region)
	group := log_group_fact(d, g)
}

log_group_fact(d, g) := {
	"region": g.region,
	"name": g.name,
	"exists": true,
	"retention_in_days": values.field(lg, "RetentionInDays", null),
	"pointer": sprintf("/sections/logs.log_groups/regions/%s/data/LogGroups/%d", [g.region, i]),
} if {
	some i, lg in values.list(d.LogGroups)
	lg.LogGroupName == g.name
} else := {
	"region": g.region,
	"name": g.name,
	"exists": false,
	"retention_in_days": null,
	"pointer": sprintf("/sections/logs.log_groups/regions/%s/data/LogGroups", [g.region]),
}

# The trail buckets this account owns (in its ListBuckets), keyed by bucket name, with their
# Object Lock configuration and versioning as read here. AWS-IR7-01 judges a log-archive
# bucket, which another account's trail names, from these.
trail_buckets[b.Bucket] := {
	"region": values.field(b, "BucketRegion", null),
	"ObjectLockConfiguration": values.field(b, "ObjectLockConfiguration", null),
	"Versioning": values.field(b, "Versioning", null),
	"pointer": sprintf("/sections/s3.trail_buckets/data/Buckets/%d", [i]),
} if {
	some i, b in values.list(input.sections["s3.trail_buckets"].data.Buckets)
	values.field(b, "OwnedByAccount", true) != false
}

# The VPCs this account owns (OwnerId is this account), per region read, keyed by VPC ID,
# with the flow logs that name them. AWS-IR4-04 judges a VPC shared with a participant
# account through RAM here.
vpcs[region] := {vpc.VpcId: vpc_fact(region, i, vpc, d) |
	some i, vpc in values.list(d.Vpcs)
	aws.vpc_owner(vpc) == input.scope.id
} if {
	some region in aws.enabled_regions
	d := aws.region_data("ec2.vpc_flow_logs", region)
}

vpc_fact(region, i, vpc, d) := {
	"tags": [{"Key": t.Key, "Value": t.Value} | some t in values.list(vpc.Tags); t.Key == "Name"],
	"is_default": vpc.IsDefault == true,
	"flow_logs": [object.union(flow_log_summary(fl), {"pointer": sprintf("/sections/ec2.vpc_flow_logs/regions/%s/data/FlowLogs/%d", [region, j])}) |
		some j, fl in values.list(d.FlowLogs)
		fl.ResourceId == vpc.VpcId
	],
	"pointer": sprintf("/sections/ec2.vpc_flow_logs/regions/%s/data/Vpcs/%d", [region, i]),
}

flow_log_summary(fl) := {k: v |
	some k in ["FlowLogId", "FlowLogStatus", "DeliverLogsStatus", "DeliverLogsErrorMessage", "TrafficType", "LogDestination", "LogDestinationType", "LogGroupName", "ResourceId"]
	v := values.field(fl, k, null)
}

# The EventBridge rules of every bus, per region read, that match GuardDuty or Security Hub
# findings: bus, name, state, sources, target ARNs (null when ListTargetsByRule is missing).
# AWS-IR3-03 and AWS-IR6-02 follow a member's findings to an administrator account's rules
# and to a central event bus with these.
findings_rules[region] := aws.findings_rules(d, region) if {
	some region in aws.enabled_regions
	d := aws.region_data("events.rules", region)
}

# The event buses of each region read (names, sorted).
event_buses[region] := sort([b.Name | some b in values.list(d.EventBuses)]) if {
	some region in aws.enabled_regions
	d := aws.region_data("events.rules", region)
}

# Security Hub cross-Region aggregation: the account's finding aggregator (its home Region,
# linking mode and Regions), [] when it has none.
securityhub_aggregators := aws.aggregators_of(input.sections)

# The administrator accounts this account's findings go to, per region: GuardDuty (from its
# detectors' GetAdministratorAccount) and Security Hub (GetAdministratorAccount).
guardduty_administrators[region] := sort({a.Administrator.AccountId |
	some a in values.list(d.AdministratorByDetector)
	values.filled(a.Administrator.AccountId)
}) if {
	some region in aws.enabled_regions
	d := aws.region_data("guardduty.detectors", region)
}

securityhub_administrators[region] := [d.Administrator.AccountId | values.filled(d.Administrator.AccountId)] if {
	some region in aws.enabled_regions
	d := aws.region_data("securityhub.hubs", region)
}
