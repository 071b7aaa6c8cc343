# METADATA
# title: Log retention
# description: >-
#   Every CloudWatch Logs log group a CloudTrail trail delivers to
#   (CloudWatchLogsLogGroupArn) keeps its events for at least the minimum retention (365
#   days by default, configurable with --min-retention-days): DescribeLogGroups
#   RetentionInDays is at least the minimum, or absent, which means the events never
#   expire. The log group's account is the one in its ARN: a log group of this account is
#   judged in this snapshot; one of another account (the management account's log group of
#   an organization trail, seen from a member) is judged on that account's DescribeLogGroups
#   in its snapshot of the same run, and the finding names it; when that account is not in
#   the run the finding is error naming it (scan with --org). A log group that no longer
#   exists fails; an account where no trail delivers to CloudWatch Logs fails too
#   (AWS-IR4-03). One finding per log group.
# custom:
#   id: AWS-IR7-02
#   controls: [IR-7]
#   severity: medium
#   requires: [cloudtrail.trails, logs.log_groups]
#   remediation: >-
#     Raise the retention of the CloudTrail log group: CloudWatch console > Log groups >
#     <group> > Actions > Edit retention setting, or aws logs put-retention-policy
#     --log-group-name <group> --retention-in-days 365 --region <region> (or 400, 545, 731,
#     1096 ... up to 3653, or delete the policy with aws logs delete-retention-policy so the
#     events never expire). Keep the long-term copy in the trail's S3 bucket under Object
#     Lock as well (AWS-IR7-01).
#   references:
#     - https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention
#     - https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
#     - https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.aws.ir7_02

import data.irscan.lib.aws
import data.irscan.lib.config
import data.irscan.lib.estate
import data.irscan.lib.scope
import data.irscan.lib.values

trail_data := aws.trail_data

min_days := config.min_retention_days

# The trails' log groups by ARN (without the trailing ":*"): region, account, name and the
# names of the trails that deliver there.
# arn:aws:logs:us-east-1:123456789012:log-group:aws-cloudtrail-logs:*
targets[arn] := object.union(g, {"trails": trails}) if {
	some t in values.list(trail_data.TrailList)
	arn := aws.log_group_arn(t)
	g := aws.log_group_parts(arn)
	trails := sort({u.Name | some u in values.list(trail_data.TrailList); aws.log_group_arn(u) == arn})
}

local(g) if g.account in {input.scope.id, ""}

region_data(region) := aws.region_data("logs.log_groups", region)

# A log group of this account: judged here.
findings contains f if {
	some arn, g in targets
	local(g)
	some i, lg in values.list(region_data(g.region).LogGroups)
	lg.LogGroupName == g.name
	f := object.union(verdict(g, lg), {
		"resource": arn,
		"region": g.region,
		"evidence": [sprintf("/sections/logs.log_groups/regions/%s/data/LogGroups/%d%s", [g.region, i, retention_suffix(lg)])],
	})
}

findings contains f if {
	some arn, g in targets
	local(g)
	d := region_data(g.region)
	not exists(d, g.name)
	f := {
		"resource": arn,
		"region": g.region,
		"status": "fail",
		"message": missing_text(g, "in"),
		"evidence": [sprintf("/sections/logs.log_groups/regions/%s/data/LogGroups", [g.region])],
	}
}

# Never pass on absent data: the log group's region was not read.
findings contains f if {
	is_object(input.sections["logs.log_groups"])
	some arn, g in targets
	local(g)
	not region_data(g.region)
	f := {
		"resource": arn,
		"region": g.region,
		"status": "error",
		"message": sprintf("Section logs.log_groups holds no data for %s, the region of log group %s (trail %s); expected the log groups of every enabled region.", [g.region, g.name, concat(", ", g.trails)]),
		"evidence": ["/sections/logs.log_groups/regions"],
	}
}

# A log group of another account (an organization trail's, in the management account):
# judged on that account's snapshot (the owner rule).
findings contains f if {
	some arn, g in targets
	not local(g)
	f := owned_finding(arn, g)
}

owned_finding(arn, g) := estate.follow(
	object.union(verdict(g, {"RetentionInDays": lg.retention_in_days}), {
		"resource": arn,
		"region": g.region,
		"evidence": trail_pointers(arn),
	}),
	e,
	arn,
	[lg.pointer],
) if {
	e := estate.scope("aws", "account", g.account)
	lg := e.facts.trail_log_groups[arn]
	lg.exists == true
} else := estate.follow(
	{
		"resource": arn,
		"region": g.region,
		"status": "fail",
		"message": missing_text(g, sprintf("in %s's", [aws.label(g.account)])),
		"evidence": trail_pointers(arn),
	},
	e,
	arn,
	[e.facts.trail_log_groups[arn].pointer],
) if {
	e := estate.scope("aws", "account", g.account)
	e.facts.trail_log_groups[arn].exists == false
} else := estate.owner_unread(
	{
		"resource": arn,
		"region": g.region,
		"what": sprintf("The retention of log group %s (trail %s)", [g.name, concat(", ", g.trails)]),
		"section": "logs.log_groups",
		"evidence": trail_pointers(arn),
	},
	e,
) if {
	e := estate.scope("aws", "account", g.account)
	estate.unread(e, "logs.log_groups", g.region)
} else := {
	"resource": arn,
	"region": g.region,
	"status": "error",
	"message": sprintf("Log group %s (trail %s) is in %s, whose snapshot (%s) shows no trail delivering to it and no log groups of %s, so its retention could not be assessed.", [g.name, concat(", ", g.trails), aws.label(g.account), e.snapshot, g.region]),
	"evidence": trail_pointers(arn),
} if {
	e := estate.scope("aws", "account", g.account)
} else := estate.absent({
	"resource": arn,
	"region": g.region,
	"what": sprintf("The retention of log group %s (trail %s)", [g.name, concat(", ", g.trails)]),
	"owner": aws.owner(g.account),
	"how": aws.how(g.account),
	"evidence": trail_pointers(arn),
})

trail_pointers(arn) := [sprintf("/sections/cloudtrail.trails/data/TrailList/%d/CloudWatchLogsLogGroupArn", [i]) |
	some i, t in values.list(trail_data.TrailList)
	aws.log_group_arn(t) == arn
]

# The verdict on a log group's RetentionInDays (absent or null: never expires).
verdict(g, lg) := {
	"status": "pass",
	"message": sprintf("Log group %s (trail %s) never expires its events (no RetentionInDays); expected at least %d days.", [g.name, concat(", ", g.trails), min_days]),
} if {
	not is_number(object.get(lg, "RetentionInDays", null))
} else := {
	"status": "pass",
	"message": sprintf("Log group %s (trail %s) keeps events for %d days; expected at least %d days.", [g.name, concat(", ", g.trails), lg.RetentionInDays, min_days]),
} if {
	lg.RetentionInDays >= min_days
} else := {
	"status": "fail",
	"message": sprintf("Log group %s (trail %s) keeps events for only %d days; expected at least %d days, or no expiry.", [g.name, concat(", ", g.trails), lg.RetentionInDays, min_days]),
}

retention_suffix(lg) := "/RetentionInDays" if is_number(object.get(lg, "RetentionInDays", null))

else := ""

missing_text(g, where) := sprintf("Log group %s, named by trail %s, does not exist %s %s (DescribeLogGroups does not list it), so no events are retained there; expected it to keep events for at least %d days.", [g.name, concat(", ", g.trails), where, g.region, min_days])

findings contains f if {
	is_object(trail_data)
	is_object(input.sections["logs.log_groups"])
	count(targets) == 0
	f := {
		"resource": scope.resource,
		"status": "fail",
		"message": sprintf("No CloudTrail trail delivers to a CloudWatch Logs log group (%d trail(s), none with CloudWatchLogsLogGroupArn), so there is no CloudTrail log group to retain events; expected one that keeps them for at least %d days (AWS-IR4-03).", [count(values.list(trail_data.TrailList)), min_days]),
		"evidence": ["/sections/cloudtrail.trails/data/TrailList"],
	}
}

exists(d, name) if {
	some lg in values.list(d.LogGroups)
	lg.LogGroupName == name
}
