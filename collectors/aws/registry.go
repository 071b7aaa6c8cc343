package aws

import (
	"context"

	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"

	"github.com/irscan/irscan/collectors"
)

// Where regional sections are read.
const (
	everyRegion     = "every enabled region"
	incidentManager = "Incident Manager regions"
)

// Statements of docs/permissions/aws-securityaudit-addon.json: the reads the
// AWS managed policy SecurityAudit lacks.
const (
	incidentManagerReads = "IrscanIncidentManagerReads"
	securityIRReads      = "IrscanSecurityIncidentResponseReads"
	organizationReads    = "IrscanOrganizationReads"
)

// entry is one section of the registry: its contract and how the collector
// fills it.
type entry struct {
	collectors.Section
	// regions, for regional sections that do not cover every enabled region
	// (Incident Manager), picks the regions; nil means every enabled region.
	regions func(ctx context.Context, a *acct) ([]string, error)
	// collect reads the section's data (nil for ec2.regions, which
	// collectRegions reads first because the regional sections need it).
	collect func(ctx context.Context, a *acct, region string) (any, error)
}

// registry lists every section the AWS collector fills, in collection
// order, with the calls that fill it: the single source of the AWS part of
// the snapshot contract (see collectors.Section; `go generate ./...` writes
// the schema entries, SECTIONS.md's index and the IAM policies from it).
var registry = []entry{
	{Section: section("ec2.regions",
		"ec2 DescribeRegions (AllRegions false: the regions enabled for the account), aws-sdk-go-v2 field names.",
		op("ec2", "DescribeRegions"))},
	{Section: section("account.alternate_contacts",
		"account GetAlternateContact(AlternateContactType=SECURITY) response body.",
		op("account", "GetAlternateContact")),
		collect: alternateContact},
	{Section: section("ssm_incidents.replication_sets",
		"ssm-incidents ListReplicationSets and GetReplicationSet per ARN (one replication set per account), aws-sdk-go-v2 field names.",
		addOn(incidentManagerReads, op("ssm-incidents", "ListReplicationSets"), op("ssm-incidents", "GetReplicationSet"))...),
		collect: replicationSetSection},
	{Section: section("security_ir.memberships",
		"security-ir (AWS Security Incident Response, REST API signed with SigV4) ListMemberships in the home region, GetMembership per membership in its region (incidentResponseTeam without e-mail addresses), and ListCases in the region of the first Active membership (Cases null when none is Active); wire (camelCase) field names, timestamps in epoch seconds.",
		addOn(securityIRReads, op("security-ir", "ListMemberships"), op("security-ir", "GetMembership"), op("security-ir", "ListCases"))...),
		collect: securityIRSection},
	{Section: imSection("ssm_contacts.contacts",
		"ssm-contacts ListContacts, ListContactChannels (per PERSONAL contact), GetContact (per contact), aws-sdk-go-v2 field names.",
		op("ssm-contacts", "ListContacts"), op("ssm-contacts", "ListContactChannels"), op("ssm-contacts", "GetContact")),
		regions: incidentManagerRegions, collect: contactsSection},
	{Section: imSection("ssm_incidents.response_plans",
		"ssm-incidents ListResponsePlans and GetResponsePlan per plan, aws-sdk-go-v2 field names.",
		op("ssm-incidents", "ListResponsePlans"), op("ssm-incidents", "GetResponsePlan")),
		regions: incidentManagerRegions, collect: responsePlansSection},
	{Section: with(imSection("sns.subscriptions",
		"sns ListSubscriptionsByTopic for every SNS topic a response plan of the region notifies (incident template notification targets, chat channel topics; the plans as ssm_incidents.response_plans reads them, skipped when it could not), in the topic's region: each subscription's ARN (PendingConfirmation until confirmed), Protocol, Owner and TopicArn, not its Endpoint; Exists false for a topic that does not exist.",
		op("sns", "ListSubscriptionsByTopic")),
		after("ssm_incidents.replication_sets", "ssm_incidents.response_plans")),
		regions: incidentManagerRegions, collect: notificationTopicsSection},
	{Section: imSection("ssm_incidents.incident_records",
		"ssm-incidents ListIncidentRecords and ListRelatedItems per RESOLVED record, aws-sdk-go-v2 field names.",
		op("ssm-incidents", "ListIncidentRecords"), op("ssm-incidents", "ListRelatedItems")),
		regions: incidentManagerRegions, collect: incidentRecordsSection},
	{Section: regional("guardduty.detectors",
		"guardduty ListDetectors, and GetDetector and GetAdministratorAccount per detector, aws-sdk-go-v2 field names.",
		op("guardduty", "ListDetectors"), op("guardduty", "GetDetector"),
		grant(organizationReads, op("guardduty", "GetAdministratorAccount"))),
		collect: guardDutySection},
	{Section: regional("guardduty.publishing_destinations",
		"guardduty ListDetectors and ListPublishingDestinations per detector: where each detector exports its findings (S3), aws-sdk-go-v2 field names.",
		op("guardduty", "ListDetectors"), op("guardduty", "ListPublishingDestinations")),
		collect: publishingDestinationsSection},
	{Section: regional("securityhub.hubs",
		"securityhub DescribeHub (Hub null when not subscribed: InvalidAccessException), GetEnabledStandards, GetAdministratorAccount, ListFindingAggregators and GetFindingAggregator (in the aggregator's home Region), aws-sdk-go-v2 field names.",
		op("securityhub", "DescribeHub"), op("securityhub", "GetEnabledStandards"),
		grant(organizationReads, op("securityhub", "GetAdministratorAccount")),
		grant(organizationReads, op("securityhub", "ListFindingAggregators")),
		grant(organizationReads, op("securityhub", "GetFindingAggregator"))),
		collect: securityHubSection},
	{Section: regional("events.rules",
		"events (EventBridge) ListEventBuses, ListRules on every event bus (the default one and each custom bus) and ListTargetsByRule per rule, aws-sdk-go-v2 field names.",
		grant(organizationReads, op("events", "ListEventBuses")), op("events", "ListRules"), op("events", "ListTargetsByRule")),
		collect: eventRulesSection},
	{Section: with(section("cloudtrail.trails",
		"cloudtrail DescribeTrails (IncludeShadowTrails), and GetTrailStatus and GetEventSelectors per trail in its home region, aws-sdk-go-v2 field names.",
		op("cloudtrail", "DescribeTrails"), op("cloudtrail", "GetTrailStatus"), op("cloudtrail", "GetEventSelectors")),
		func(s *collectors.Section) { s.Regions = "read in every enabled region, merged" }),
		collect: trailsSection},
	{Section: regional("ec2.vpc_flow_logs",
		"ec2 DescribeVpcs and DescribeFlowLogs, aws-sdk-go-v2 field names.",
		op("ec2", "DescribeVpcs"), op("ec2", "DescribeFlowLogs")),
		collect: vpcFlowLogsSection},
	{Section: section("s3.buckets",
		"s3 ListBuckets (pages merged) and GetBucketTagging per bucket (TagSet [] on NoSuchTagSet), aws-sdk-go-v2 field names.",
		opAs("s3", "ListBuckets", "s3:ListAllMyBuckets"), op("s3", "GetBucketTagging")),
		collect: bucketsSection},
	{Section: with(section("s3.trail_buckets",
		"For every CloudTrail trail's S3 bucket: whether the account owns it (in its ListBuckets) and, for the buckets it owns, s3 GetObjectLockConfiguration (null on ObjectLockConfigurationNotFoundError) and GetBucketVersioning, aws-sdk-go-v2 field names.",
		opAs("s3", "ListBuckets", "s3:ListAllMyBuckets"),
		opAs("s3", "GetObjectLockConfiguration", "s3:GetBucketObjectLockConfiguration"), op("s3", "GetBucketVersioning")),
		after("cloudtrail.trails")),
		collect: trailBucketsSection},
	{Section: regional("logs.log_groups",
		"logs (CloudWatch Logs) DescribeLogGroups, pages merged, aws-sdk-go-v2 field names.",
		op("logs", "DescribeLogGroups")),
		collect: logGroupsSection},
}

// scopeCalls are the calls that find the accounts to read rather than fill
// a section: the caller's identity, and with --org the organisation's
// accounts and the audit role in each (docs/permissions/aws-org-scanner.json).
var scopeCalls = []collectors.Call{
	op("sts", "GetCallerIdentity"),
	{Service: "organizations", Operation: "ListAccounts", Permission: "organizations:ListAccounts", Grant: "ListTheOrganisation", Flag: "--org"},
	{Service: "sts", Operation: "AssumeRole", Permission: "sts:AssumeRole", Grant: "AssumeTheAuditRoleInEachAccount",
		Resource: "arn:aws:iam::*:role/irscan-audit", Flag: "--org"},
}

// Sections is the AWS section registry, in collection order.
func Sections() []collectors.Section {
	out := make([]collectors.Section, len(registry))
	for i, e := range registry {
		out[i] = e.Section
	}
	return out
}

// ScopeCalls are the AWS calls that resolve the accounts to read.
func ScopeCalls() []collectors.Call { return append([]collectors.Call(nil), scopeCalls...) }

// sectionSpecs are the registry's entries as the collector runs them.
var sectionSpecs = func() []spec {
	out := make([]spec, len(registry))
	for i, e := range registry {
		out[i] = spec{name: e.Name, regional: e.Regional, regions: e.regions, collect: e.collect}
	}
	return out
}()

func section(name, summary string, calls ...collectors.Call) collectors.Section {
	return collectors.Section{Cloud: "aws", Name: name, Summary: summary, Scopes: []string{"account"}, Calls: calls}
}

func regional(name, summary string, calls ...collectors.Call) collectors.Section {
	s := section(name, summary, calls...)
	s.Regional, s.Regions = true, everyRegion
	return s
}

// imSection is an Incident Manager section: read in the Incident Manager
// regions, which come from ssm_incidents.replication_sets, with reads
// SecurityAudit lacks.
func imSection(name, summary string, calls ...collectors.Call) collectors.Section {
	s := section(name, summary, addOn(incidentManagerReads, calls...)...)
	s.Regional, s.Regions = true, incidentManager
	s.After = []string{"ssm_incidents.replication_sets"}
	return s
}

func with(s collectors.Section, edit func(*collectors.Section)) collectors.Section {
	edit(&s)
	return s
}

func after(sections ...string) func(*collectors.Section) {
	return func(s *collectors.Section) { s.After = sections }
}

// op is an operation whose IAM action is <service>:<Operation>.
func op(service, operation string) collectors.Call {
	return opAs(service, operation, service+":"+operation)
}

// opAs is an operation whose IAM action has another name (S3).
func opAs(service, operation, action string) collectors.Call {
	return collectors.Call{Service: service, Operation: operation, Permission: action}
}

// grant marks a call whose action SecurityAudit lacks, with the add-on
// statement that grants it.
func grant(statement string, c collectors.Call) collectors.Call {
	c.Grant = statement
	return c
}

func addOn(statement string, calls ...collectors.Call) []collectors.Call {
	out := make([]collectors.Call, len(calls))
	for i, c := range calls {
		out[i] = grant(statement, c)
	}
	return out
}

// fetches are the reads shared between sections of one account, each made once.
type fetches struct {
	detectors   perRegion[[]string]
	plans       perRegion[responsePlans]
	replication collectors.Fetch[replicationSets]
	trails      collectors.Fetch[[]cttypes.Trail]
	buckets     collectors.Fetch[bucketList]
}
