# METADATA
# title: Log retention
# description: >-
#   Every CloudWatch Logs log group a CloudTrail trail delivers to
#   (CloudWatchLogsLogGroupArn) keeps its events for at least the minimum retention (365
#   days by default, configurable with --min-retention-days): DescribeLogGroups
#   RetentionInDays is at least the minimum, or absent, which means the events never
#   expire. A log group that no longer exists fails; an account where no trail delivers to
#   CloudWatch Logs fails too (AWS-IR4-03). One finding per log group.
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

account_arn := sprintf("arn:aws:account::%s:account", [input.scope.id])

trail_data := input.sections["cloudtrail.trails"].data

min_days := n if {
	n := input.config.min_retention_days
	is_number(n)
	n > 0
} else := 365

# The trails' log groups by ARN (without the trailing ":*"): region, name and trail names.
# arn:aws:logs:us-east-1:123456789012:log-group:aws-cloudtrail-logs:*
targets[arn] := {"region": parts[3], "name": name, "trails": trails} if {
	some t in list(trail_data.TrailList)
	filled(t.CloudWatchLogsLogGroupArn)
	arn := trim_suffix(t.CloudWatchLogsLogGroupArn, ":*")
	parts := split(arn, ":")
	count(parts) >= 7
	parts[5] == "log-group"
	name := concat(":", array.slice(parts, 6, count(parts)))
	trails := sort({u.Name | some u in list(trail_data.TrailList); trim_suffix(u.CloudWatchLogsLogGroupArn, ":*") == arn})
}

region_data(region) := d if {
	d := input.sections["logs.log_groups"].regions[region].data
	is_object(d)
}

findings contains f if {
	some arn, g in targets
	some i, lg in list(region_data(g.region).LogGroups)
	lg.LogGroupName == g.name
	not is_number(lg.RetentionInDays)
	f := {
		"resource": arn,
		"region": g.region,
		"status": "pass",
		"message": sprintf("Log group %s (trail %s) never expires its events (no RetentionInDays); expected at least %d days.", [g.name, concat(", ", g.trails), min_days]),
		"evidence": [sprintf("/sections/logs.log_groups/regions/%s/data/LogGroups/%d", [g.region, i])],
	}
}

findings contains f if {
	some arn, g in targets
	some i, lg in list(region_data(g.region).LogGroups)
	lg.LogGroupName == g.name
	is_number(lg.RetentionInDays)
	lg.RetentionInDays >= min_days
	f := {
		"resource": arn,
		"region": g.region,
		"status": "pass",
		"message": sprintf("Log group %s (trail %s) keeps events for %d days; expected at least %d days.", [g.name, concat(", ", g.trails), lg.RetentionInDays, min_days]),
		"evidence": [sprintf("/sections/logs.log_groups/regions/%s/data/LogGroups/%d/RetentionInDays", [g.region, i])],
	}
}

findings contains f if {
	some arn, g in targets
	some i, lg in list(region_data(g.region).LogGroups)
	lg.LogGroupName == g.name
	is_number(lg.RetentionInDays)
	lg.RetentionInDays < min_days
	f := {
		"resource": arn,
		"region": g.region,
		"status": "fail",
		"message": sprintf("Log group %s (trail %s) keeps events for only %d days; expected at least %d days, or no expiry.", [g.name, concat(", ", g.trails), lg.RetentionInDays, min_days]),
		"evidence": [sprintf("/sections/logs.log_groups/regions/%s/data/LogGroups/%d/RetentionInDays", [g.region, i])],
	}
}

findings contains f if {
	some arn, g in targets
	d := region_data(g.region)
	not exists(d, g.name)
	f := {
		"resource": arn,
		"region": g.region,
		"status": "fail",
		"message": sprintf("Log group %s, named by trail %s, does not exist in %s (DescribeLogGroups does not list it), so no events are retained there; expected it to keep events for at least %d days.", [g.name, concat(", ", g.trails), g.region, min_days]),
		"evidence": [sprintf("/sections/logs.log_groups/regions/%s/data/LogGroups", [g.region])],
	}
}

# Never pass on absent data: the log group's region was not read.
findings contains f if {
	is_object(input.sections["logs.log_groups"])
	some arn, g in targets
	not region_data(g.region)
	f := {
		"resource": arn,
		"region": g.region,
		"status": "error",
		"message": sprintf("Section logs.log_groups holds no data for %s, the region of log group %s (trail %s); expected the log groups of every enabled region.", [g.region, g.name, concat(", ", g.trails)]),
		"evidence": ["/sections/logs.log_groups/regions"],
	}
}

findings contains f if {
	is_object(trail_data)
	is_object(input.sections["logs.log_groups"])
	count(targets) == 0
	f := {
		"resource": account_arn,
		"status": "fail",
		"message": sprintf("No CloudTrail trail delivers to a CloudWatch Logs log group (%d trail(s), none with CloudWatchLogsLogGroupArn), so there is no CloudTrail log group to retain events; expected one that keeps them for at least %d days (AWS-IR4-03).", [count(list(trail_data.TrailList)), min_days]),
		"evidence": ["/sections/cloudtrail.trails/data/TrailList"],
	}
}

exists(d, name) if {
	some lg in list(d.LogGroups)
	lg.LogGroupName == name
}

filled(s) if {
	is_string(s)
	trim_space(s) != ""
}

# Go marshals a nil slice as null: treat it as empty.
list(v) := v if is_array(v)

else := []
