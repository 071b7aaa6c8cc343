# METADATA
# title: VPC flow logs
# description: >-
#   Every VPC in every enabled region has an active VPC flow log: a flow log whose
#   ResourceId is the VPC, whose FlowLogStatus is ACTIVE and whose delivery has not failed
#   (DeliverLogsStatus not FAILED), so that investigators can see which addresses talked to
#   which. Flow logs on single subnets or network interfaces do not cover the VPC. One finding
#   per VPC; a region without VPCs passes with a finding that says so.
# custom:
#   id: AWS-IR4-04
#   controls: [IR-4]
#   severity: medium
#   requires: [ec2.regions, ec2.vpc_flow_logs]
#   remediation: >-
#     Create a flow log for each VPC, capturing ALL (or at least REJECT) traffic to CloudWatch
#     Logs or to an S3 bucket: VPC console > Your VPCs > <vpc> > Flow logs > Create flow log,
#     or aws ec2 create-flow-logs --resource-type VPC --resource-ids <vpc-id> --traffic-type
#     ALL --log-destination-type s3 --log-destination arn:aws:s3:::<bucket>/vpc-flow-logs/
#     --region <region>. When DeliverLogsStatus is FAILED, fix the delivery role or bucket
#     policy named in DeliverLogsErrorMessage. Delete default VPCs that are not used instead
#     of logging them.
#   references:
#     - https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html
#     - https://docs.aws.amazon.com/vpc/latest/userguide/working-with-flow-logs.html
#     - https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.aws.ir4_04

account_arn := sprintf("arn:aws:account::%s:account", [input.scope.id])

# The account's enabled regions (DescribeRegions without AllRegions).
enabled_regions contains r.RegionName if {
	some r in list(input.sections["ec2.regions"].data.Regions)
	r.OptInStatus != "not-opted-in"
}

region_data(region) := d if {
	d := input.sections["ec2.vpc_flow_logs"].regions[region].data
	is_object(d)
}

findings contains f if {
	some region in enabled_regions
	d := region_data(region)
	some i, vpc in list(d.Vpcs)
	logs := [fl | some fl in list(d.FlowLogs); fl.ResourceId == vpc.VpcId; active(fl)]
	count(logs) > 0
	f := {
		"resource": vpc_arn(region, vpc),
		"region": region,
		"status": "pass",
		"message": sprintf("VPC %s in %s has an active flow log (%s), as expected.", [vpc_name(vpc), region, concat(", ", sort([sprintf("%s: %s traffic to %s", [fl.FlowLogId, fl.TrafficType, destination(fl)]) | some fl in logs]))]),
		"evidence": array.concat([sprintf("/sections/ec2.vpc_flow_logs/regions/%s/data/Vpcs/%d", [region, i])], [sprintf("/sections/ec2.vpc_flow_logs/regions/%s/data/FlowLogs/%d", [region, j]) |
			some j, fl in list(d.FlowLogs)
			fl.ResourceId == vpc.VpcId
			active(fl)
		]),
	}
}

findings contains f if {
	some region in enabled_regions
	d := region_data(region)
	some i, vpc in list(d.Vpcs)
	not any_active(d, vpc.VpcId)
	f := {
		"resource": vpc_arn(region, vpc),
		"region": region,
		"status": "fail",
		"message": sprintf("VPC %s in %s has no active flow log (%s); expected a flow log on the VPC with FlowLogStatus ACTIVE.", [vpc_name(vpc), region, inactive_summary(d, vpc.VpcId)]),
		"evidence": [
			sprintf("/sections/ec2.vpc_flow_logs/regions/%s/data/Vpcs/%d", [region, i]),
			sprintf("/sections/ec2.vpc_flow_logs/regions/%s/data/FlowLogs", [region]),
		],
	}
}

findings contains f if {
	some region in enabled_regions
	d := region_data(region)
	count(list(d.Vpcs)) == 0
	f := {
		"resource": account_arn,
		"region": region,
		"status": "pass",
		"message": sprintf("There are no VPCs in %s (DescribeVpcs returned none), so no flow logs are needed there.", [region]),
		"evidence": [sprintf("/sections/ec2.vpc_flow_logs/regions/%s/data/Vpcs", [region])],
	}
}

# Never pass on absent data: an enabled region the snapshot holds no VPC answer for.
findings contains f if {
	some region in enabled_regions
	is_object(input.sections["ec2.vpc_flow_logs"])
	not region_data(region)
	f := {
		"resource": account_arn,
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

any_active(d, vpc_id) if {
	some fl in list(d.FlowLogs)
	fl.ResourceId == vpc_id
	active(fl)
}

inactive_summary(d, vpc_id) := "no flow log names it" if {
	count([fl | some fl in list(d.FlowLogs); fl.ResourceId == vpc_id]) == 0
} else := concat(", ", sort([sprintf("%s is %s with delivery %s%s", [fl.FlowLogId, text(fl.FlowLogStatus), text(fl.DeliverLogsStatus), error_text(fl)]) |
	some fl in list(d.FlowLogs)
	fl.ResourceId == vpc_id
]))

error_text(fl) := sprintf(" (%s)", [fl.DeliverLogsErrorMessage]) if {
	is_string(fl.DeliverLogsErrorMessage)
	fl.DeliverLogsErrorMessage != ""
} else := ""

destination(fl) := fl.LogDestination if {
	is_string(fl.LogDestination)
	fl.LogDestination != ""
} else := fl.LogGroupName if {
	is_string(fl.LogGroupName)
	fl.LogGroupName != ""
} else := text(fl.LogDestinationType)

# arn:aws:ec2:<region>:<owner>:vpc/<id>; a shared VPC belongs to its owner.
vpc_arn(region, vpc) := sprintf("arn:aws:ec2:%s:%s:vpc/%s", [region, owner(vpc), vpc.VpcId])

owner(vpc) := vpc.OwnerId if {
	is_string(vpc.OwnerId)
	vpc.OwnerId != ""
} else := input.scope.id

# A VPC is named by its ID, with its Name tag and "default" when they apply.
vpc_name(vpc) := sprintf("%s (%s)", [vpc.VpcId, concat(", ", labels)]) if {
	labels := array.concat(
		[sprintf("%q", [t.Value]) | some t in list(vpc.Tags); t.Key == "Name"],
		[l | vpc.IsDefault == true; l := "default VPC"],
	)
	count(labels) > 0
} else := vpc.VpcId

text(s) := s if {
	is_string(s)
	s != ""
} else := "unknown"

# Go marshals a nil slice as null: treat it as empty.
list(v) := v if is_array(v)

else := []
