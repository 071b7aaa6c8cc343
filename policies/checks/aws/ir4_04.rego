# METADATA
# title: VPC flow logs
# description: >-
#   Every VPC in every enabled region has an active VPC flow log: a flow log whose
#   ResourceId is the VPC, whose FlowLogStatus is ACTIVE, whose delivery has not failed
#   (DeliverLogsStatus not FAILED) and whose TrafficType is ALL or REJECT, so that
#   investigators can see which addresses talked to which, and which probes and scans were
#   refused: a flow log that records only ACCEPT traffic misses those and fails. Flow logs on
#   single subnets or network interfaces do not cover the VPC. Default VPCs are judged like
#   any other (never skipped): one that is unused should be deleted. A VPC
#   shared with this account through AWS RAM (DescribeVpcs OwnerId is another account) is
#   covered by its owner's flow logs, which a participant account cannot see: unless this
#   account's own DescribeFlowLogs shows an active flow log on it, it is judged on the
#   owner's DescribeFlowLogs in the owner's snapshot of the same run, and the finding names
#   the owner; when the owner is not in the run the finding is error naming it (scan with
#   --org). One finding per VPC; a region without VPCs passes with a finding that says so.
# custom:
#   id: AWS-IR4-04
#   controls: [IR-4]
#   severity: medium
#   requires: [ec2.regions, ec2.vpc_flow_logs]
#   remediation: >-
#     Create a flow log for each VPC, capturing ALL (or REJECT besides ACCEPT) traffic to CloudWatch
#     Logs or to an S3 bucket: VPC console > Your VPCs > <vpc> > Flow logs > Create flow log,
#     or aws ec2 create-flow-logs --resource-type VPC --resource-ids <vpc-id> --traffic-type
#     ALL --log-destination-type s3 --log-destination arn:aws:s3:::<bucket>/vpc-flow-logs/
#     --region <region>. When DeliverLogsStatus is FAILED, fix the delivery role or bucket
#     policy named in DeliverLogsErrorMessage. Delete default VPCs that are not used instead
#     of logging them.
#   references:
#     - https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html
#     - https://docs.aws.amazon.com/vpc/latest/userguide/working-with-flow-logs.html
#     - https://docs.aws.amazon.com/vpc/latest/userguide/vpc-sharing.html
#     - https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.aws.ir4_04

import data.irscan.lib.aws
import data.irscan.lib.estate
import data.irscan.lib.scope
import data.irscan.lib.values

region_data(region) := aws.region_data("ec2.vpc_flow_logs", region)

# A VPC with an active flow log in this snapshot: this account's, or a shared one it logs
# itself (judged here).
findings contains f if {
	some region in aws.enabled_regions
	d := region_data(region)
	some i, vpc in values.list(d.Vpcs)
	logs := [fl | some fl in values.list(d.FlowLogs); fl.ResourceId == vpc.VpcId; good(fl)]
	count(logs) > 0
	f := {
		"resource": vpc_arn(region, vpc),
		"region": region,
		"status": "pass",
		"message": pass_text(vpc, region, logs),
		"evidence": array.concat([sprintf("/sections/ec2.vpc_flow_logs/regions/%s/data/Vpcs/%d", [region, i])], [sprintf("/sections/ec2.vpc_flow_logs/regions/%s/data/FlowLogs/%d", [region, j]) |
			some j, fl in values.list(d.FlowLogs)
			fl.ResourceId == vpc.VpcId
			good(fl)
		]),
	}
}

findings contains f if {
	some region in aws.enabled_regions
	d := region_data(region)
	some i, vpc in values.list(d.Vpcs)
	aws.vpc_owner(vpc) == input.scope.id
	not any_good(values.list(d.FlowLogs), vpc.VpcId)
	f := {
		"resource": vpc_arn(region, vpc),
		"region": region,
		"status": "fail",
		"message": fail_text(vpc, region, [fl | some fl in values.list(d.FlowLogs); fl.ResourceId == vpc.VpcId]),
		"evidence": [
			sprintf("/sections/ec2.vpc_flow_logs/regions/%s/data/Vpcs/%d", [region, i]),
			sprintf("/sections/ec2.vpc_flow_logs/regions/%s/data/FlowLogs", [region]),
		],
	}
}

# A VPC shared with this account (AWS RAM): the owner's flow logs, from the owner's snapshot.
findings contains f if {
	some region in aws.enabled_regions
	d := region_data(region)
	some i, vpc in values.list(d.Vpcs)
	aws.vpc_owner(vpc) != input.scope.id
	not any_good(values.list(d.FlowLogs), vpc.VpcId)
	f := shared_finding(region, i, vpc)
}

shared_finding(region, i, vpc) := estate.follow(
	{
		"resource": vpc_arn(region, vpc),
		"region": region,
		"status": status,
		"message": message,
		"evidence": [sprintf("/sections/ec2.vpc_flow_logs/regions/%s/data/Vpcs/%d", [region, i])],
	},
	e,
	vpc_arn(region, vpc),
	array.concat([o.pointer], [fl.pointer | some fl in o.flow_logs]),
) if {
	e := estate.scope("aws", "account", vpc.OwnerId)
	o := e.facts.vpcs[region][vpc.VpcId]
	logs := [fl | some fl in o.flow_logs; good(fl)]
	status := verdict_status(logs)
	message := verdict_text(vpc, region, logs, o.flow_logs)
} else := estate.owner_unread(
	{
		"resource": vpc_arn(region, vpc),
		"region": region,
		"what": sprintf("The flow log configuration of VPC %s in %s, shared with this account by its owner,", [vpc_name(vpc), region]),
		"section": "ec2.vpc_flow_logs",
		"evidence": [sprintf("/sections/ec2.vpc_flow_logs/regions/%s/data/Vpcs/%d", [region, i])],
	},
	e,
) if {
	e := estate.scope("aws", "account", vpc.OwnerId)
	estate.unread(e, "ec2.vpc_flow_logs", region)
} else := {
	"resource": vpc_arn(region, vpc),
	"region": region,
	"status": "error",
	"message": sprintf("VPC %s in %s is shared with this account by %s, but that account's snapshot (%s) does not list it among its VPCs of %s, so its flow logs could not be assessed.", [vpc_name(vpc), region, aws.label(vpc.OwnerId), e.snapshot, region]),
	"evidence": [sprintf("/sections/ec2.vpc_flow_logs/regions/%s/data/Vpcs/%d", [region, i])],
} if {
	e := estate.scope("aws", "account", vpc.OwnerId)
} else := estate.absent({
	"resource": vpc_arn(region, vpc),
	"region": region,
	"what": sprintf("The flow log configuration of VPC %s in %s, shared with this account through AWS RAM,", [vpc_name(vpc), region]),
	"owner": aws.owner(vpc.OwnerId),
	"how": aws.how(vpc.OwnerId),
	"evidence": [sprintf("/sections/ec2.vpc_flow_logs/regions/%s/data/Vpcs/%d", [region, i])],
})

verdict_status(logs) := "pass" if {
	count(logs) > 0
} else := "fail"

verdict_text(vpc, region, logs, _) := pass_text(vpc, region, logs) if {
	count(logs) > 0
}

verdict_text(vpc, region, logs, all_logs) := fail_text(vpc, region, all_logs) if {
	count(logs) == 0
}

pass_text(vpc, region, logs) := sprintf("VPC %s in %s has an active flow log (%s), as expected.", [vpc_name(vpc), region, concat(", ", sort([sprintf("%s: %s traffic to %s", [fl.FlowLogId, fl.TrafficType, destination(fl)]) | some fl in logs]))])

fail_text(vpc, region, logs) := sprintf("VPC %s in %s has only flow logs that record ACCEPT traffic (%s), which miss the refused probes and scans an investigation needs; expected a flow log on the VPC with FlowLogStatus ACTIVE and TrafficType ALL (or REJECT alongside).", [vpc_name(vpc), region, inactive_summary(logs)]) if {
	some fl in logs
	active(fl)
} else := sprintf("VPC %s in %s has no active flow log (%s); expected a flow log on the VPC with FlowLogStatus ACTIVE and TrafficType ALL (or REJECT alongside).", [vpc_name(vpc), region, inactive_summary(logs)])

findings contains f if {
	some region in aws.enabled_regions
	d := region_data(region)
	count(values.list(d.Vpcs)) == 0
	f := {
		"resource": scope.resource,
		"region": region,
		"status": "pass",
		"message": sprintf("There are no VPCs in %s (DescribeVpcs returned none), so no flow logs are needed there.", [region]),
		"evidence": [sprintf("/sections/ec2.vpc_flow_logs/regions/%s/data/Vpcs", [region])],
	}
}

# Never pass on absent data: an enabled region the snapshot holds no VPC answer for.
findings contains f if {
	some region in aws.enabled_regions
	is_object(input.sections["ec2.vpc_flow_logs"])
	not region_data(region)
	f := {
		"resource": scope.resource,
		"region": region,
		"status": "error",
		"message": sprintf("Region %s is enabled (DescribeRegions) but section ec2.vpc_flow_logs holds no data for it; expected every enabled region to be read.", [region]),
		"evidence": ["/sections/ec2.vpc_flow_logs/regions", "/sections/ec2.regions/data/Regions"],
	}
}

active(fl) if {
	fl.FlowLogStatus == "ACTIVE"
	fl.DeliverLogsStatus != "FAILED"
}

# An active flow log that records rejected traffic.
good(fl) if {
	active(fl)
	fl.TrafficType in {"ALL", "REJECT"}
}

any_good(logs, vpc_id) if {
	some fl in logs
	fl.ResourceId == vpc_id
	good(fl)
}

inactive_summary(logs) := "no flow log names it" if {
	count(logs) == 0
} else := concat(", ", sort([sprintf("%s is %s with delivery %s%s, traffic %s", [fl.FlowLogId, text(fl.FlowLogStatus), text(fl.DeliverLogsStatus), error_text(fl), text(fl.TrafficType)]) |
	some fl in logs
]))

error_text(fl) := sprintf(" (%s)", [fl.DeliverLogsErrorMessage]) if {
	values.filled(fl.DeliverLogsErrorMessage)
} else := ""

destination(fl) := fl.LogDestination if {
	values.filled(fl.LogDestination)
} else := fl.LogGroupName if {
	values.filled(fl.LogGroupName)
} else := text(fl.LogDestinationType)

# arn:aws:ec2:<region>:<owner>:vpc/<id>; a shared VPC belongs to its owner.
vpc_arn(region, vpc) := sprintf("arn:aws:ec2:%s:%s:vpc/%s", [region, aws.vpc_owner(vpc), vpc.VpcId])

# A VPC is named by its ID, with its Name tag and "default" when they apply.
vpc_name(vpc) := sprintf("%s (%s)", [vpc.VpcId, concat(", ", labels)]) if {
	labels := array.concat(
		[sprintf("%q", [t.Value]) | some t in values.list(vpc.Tags); t.Key == "Name"],
		[l | vpc.IsDefault == true; l := "default VPC"],
	)
	count(labels) > 0
} else := vpc.VpcId

text(s) := s if {
	values.filled(s)
} else := "unknown"
