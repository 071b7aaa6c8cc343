package aws

import (
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"

	"github.com/irscan/irscan/collectors"
)

// sectionSpecs lists every section the AWS collector fills (see
// snapshot/SECTIONS.md). ec2.regions is collected first, by
// collectRegions, because the regional sections depend on it.
var sectionSpecs = []spec{
	{name: "ec2.regions"},
	{name: "account.alternate_contacts", collect: alternateContact},
	{name: "ssm_incidents.replication_sets", collect: replicationSetSection},
	{name: "ssm_contacts.contacts", regional: true, regions: incidentManagerRegions, collect: contactsSection},
	{name: "ssm_incidents.response_plans", regional: true, regions: incidentManagerRegions, collect: responsePlansSection},
	{name: "ssm_incidents.incident_records", regional: true, regions: incidentManagerRegions, collect: incidentRecordsSection},
	{name: "guardduty.detectors", regional: true, collect: guardDutySection},
	{name: "securityhub.hubs", regional: true, collect: securityHubSection},
	{name: "events.rules", regional: true, collect: eventRulesSection},
	{name: "cloudtrail.trails", collect: trailsSection},
	{name: "ec2.vpc_flow_logs", regional: true, collect: vpcFlowLogsSection},
	{name: "s3.buckets", collect: bucketsSection},
	{name: "s3.trail_buckets", collect: trailBucketsSection},
	{name: "logs.log_groups", regional: true, collect: logGroupsSection},
}

// fetches are the reads shared between sections of one account, each made once.
type fetches struct {
	replication collectors.Fetch[replicationSets]
	trails      collectors.Fetch[[]cttypes.Trail]
	buckets     collectors.Fetch[bucketList]
}
