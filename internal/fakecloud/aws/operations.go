package aws

import (
	"fmt"
	"net/http"
	"strings"
)

// paramIn says where a request carries a parameter.
type paramIn int

const (
	inJSON      paramIn = iota + 1 // a top-level member of the JSON body
	inQuery                        // a query-string parameter
	inForm                         // an ec2Query / awsQuery form parameter
	inPath                         // the resource ID in a REST path (detector ID, S3 bucket)
	inEC2Filter                    // the values of an EC2 filter (Filter.N.Name=name)
)

// param locates one request parameter.
type param struct {
	in   paramIn
	name string
}

// operation is what the fake knows about one API operation beyond its name:
// its IAM action when that differs from "<service>:<Operation>", the request
// parameter that keys its fixtures, how it paginates, and its "empty" answer.
// Operations not in the table are still answered from fixtures by name
// (without keys or pagination) when they are reads.
type operation struct {
	service string
	name    string
	action  string // IAM action; "" means service:name
	key     *param // the parameter that selects a keyed fixture, if any
	// tokenIn and tokenOut name the pagination token in the request and in the
	// response (JSON member or XML element); both empty if not paginated.
	tokenIn  *param
	tokenOut string
	// xmlRoot is the root element an XML response body must have.
	xmlRoot string
	// synth answers from scenario.yaml when there is no fixture (whatever the
	// missing-fixture mode): STS, DescribeRegions, Organizations.
	synth func(s *Server, c *callContext) reply
	// empty answers like an account where nothing is configured; it is used
	// when there is no fixture and the scenario says `missing: empty`.
	empty func(c *callContext) reply
}

func (o *operation) paginated() bool { return o != nil && o.tokenOut != "" }

func jsonKey(name string) *param  { return &param{inJSON, name} }
func queryKey(name string) *param { return &param{inQuery, name} }
func formKey(name string) *param  { return &param{inForm, name} }
func pathKey(name string) *param  { return &param{inPath, name} }

// emptyBody answers with a fixed body.
func emptyBody(body string) func(*callContext) reply {
	return func(*callContext) reply { return reply{body: []byte(body)} }
}

// emptyError answers with an error whose message may use the request key.
func emptyError(status int, code, format string) func(*callContext) reply {
	return func(c *callContext) reply {
		msg := format
		if strings.Contains(format, "%") {
			msg = fmt.Sprintf(format, c.keyOrAccount())
		}
		return reply{err: &apiError{Status: status, Code: code, Message: msg}}
	}
}

const (
	ec2NS = "http://ec2.amazonaws.com/doc/2016-11-15/"
	s3NS  = "http://s3.amazonaws.com/doc/2006-03-01/"
)

// operationTable lists every operation irscan calls (and a few neighbours).
var operationTable = []*operation{
	// SSM Contacts (awsJson1_1).
	{service: "ssm-contacts", name: "ListContacts", tokenIn: jsonKey("NextToken"), tokenOut: "NextToken",
		empty: emptyBody(`{"Contacts":[]}`)},
	{service: "ssm-contacts", name: "ListContactChannels", key: jsonKey("ContactId"), tokenIn: jsonKey("NextToken"), tokenOut: "NextToken",
		empty: emptyError(400, "ResourceNotFoundException", "Contact %s not found")},
	{service: "ssm-contacts", name: "GetContact", key: jsonKey("ContactId"),
		empty: emptyError(400, "ResourceNotFoundException", "Contact %s not found")},
	{service: "ssm-contacts", name: "ListEngagements", tokenIn: jsonKey("NextToken"), tokenOut: "NextToken",
		empty: emptyBody(`{"Engagements":[]}`)},

	// EventBridge (awsJson1_1).
	// ListRules is keyed by EventBusName: the default bus is listed without
	// one (the unkeyed file), a custom bus by name (ListRules/<bus>.json).
	{service: "events", name: "ListRules", key: jsonKey("EventBusName"), tokenIn: jsonKey("NextToken"), tokenOut: "NextToken",
		empty: emptyBody(`{"Rules":[]}`)},
	{service: "events", name: "ListTargetsByRule", key: jsonKey("Rule"), tokenIn: jsonKey("NextToken"), tokenOut: "NextToken",
		empty: emptyError(400, "ResourceNotFoundException", "Rule %s does not exist on EventBus default.")},
	{service: "events", name: "DescribeRule", key: jsonKey("Name"),
		empty: emptyError(400, "ResourceNotFoundException", "Rule %s does not exist on EventBus default.")},
	{service: "events", name: "ListEventBuses", tokenIn: jsonKey("NextToken"), tokenOut: "NextToken", empty: defaultEventBus},

	// CloudTrail (awsJson1_1).
	{service: "cloudtrail", name: "DescribeTrails", empty: emptyBody(`{"trailList":[]}`)},
	{service: "cloudtrail", name: "GetTrailStatus", key: jsonKey("Name"),
		empty: emptyError(400, "TrailNotFoundException", "Unknown trail: %s")},
	{service: "cloudtrail", name: "GetEventSelectors", key: jsonKey("TrailName"),
		empty: emptyError(400, "TrailNotFoundException", "Unknown trail: %s")},
	{service: "cloudtrail", name: "ListTrails", tokenIn: jsonKey("NextToken"), tokenOut: "NextToken",
		empty: emptyBody(`{"Trails":[]}`)},

	// CloudWatch Logs (awsJson1_1; camelCase members).
	{service: "logs", name: "DescribeLogGroups", tokenIn: jsonKey("nextToken"), tokenOut: "nextToken",
		empty: emptyBody(`{"logGroups":[]}`)},
	{service: "logs", name: "DescribeMetricFilters", tokenIn: jsonKey("nextToken"), tokenOut: "nextToken",
		empty: emptyBody(`{"metricFilters":[]}`)},

	// Organizations (awsJson1_1, global). Without a fixture, answered from
	// scenario.yaml's organization.
	{service: "organizations", name: "DescribeOrganization", synth: synthDescribeOrganization},
	{service: "organizations", name: "ListAccounts", tokenIn: jsonKey("NextToken"), tokenOut: "NextToken", synth: synthListAccounts},

	// Account Management (restJson1, global).
	{service: "account", name: "GetAlternateContact", key: jsonKey("AlternateContactType"),
		empty: emptyError(404, "ResourceNotFoundException", "No contact of the inputted alternate contact type found.")},

	// Incident Manager (restJson1, camelCase members).
	{service: "ssm-incidents", name: "ListReplicationSets", tokenIn: jsonKey("nextToken"), tokenOut: "nextToken",
		empty: emptyBody(`{"replicationSetArns":[]}`)},
	{service: "ssm-incidents", name: "GetReplicationSet", key: queryKey("arn"), empty: incidentsNotFound("REPLICATION_SET")},
	{service: "ssm-incidents", name: "ListResponsePlans", tokenIn: jsonKey("nextToken"), tokenOut: "nextToken",
		empty: emptyBody(`{"responsePlanSummaries":[]}`)},
	{service: "ssm-incidents", name: "GetResponsePlan", key: queryKey("arn"), empty: incidentsNotFound("RESPONSE_PLAN")},
	{service: "ssm-incidents", name: "ListIncidentRecords", tokenIn: jsonKey("nextToken"), tokenOut: "nextToken",
		empty: emptyBody(`{"incidentRecordSummaries":[]}`)},
	{service: "ssm-incidents", name: "ListRelatedItems", key: jsonKey("incidentRecordArn"), tokenIn: jsonKey("nextToken"), tokenOut: "nextToken",
		empty: emptyBody(`{"relatedItems":[]}`)},

	// GuardDuty (restJson1, camelCase members).
	{service: "guardduty", name: "ListDetectors", tokenIn: queryKey("nextToken"), tokenOut: "nextToken",
		empty: emptyBody(`{"detectorIds":[]}`)},
	{service: "guardduty", name: "GetDetector", key: pathKey("detectorId"),
		empty: emptyError(400, "BadRequestException", "The request is rejected because the input detectorId is not owned by the current account.")},
	// An administrator or standalone account answers 200 with no administrator.
	{service: "guardduty", name: "GetAdministratorAccount", key: pathKey("detectorId"), empty: emptyBody(`{}`)},
	{service: "guardduty", name: "ListPublishingDestinations", key: pathKey("detectorId"), tokenIn: queryKey("nextToken"), tokenOut: "nextToken",
		empty: emptyBody(`{"destinations":[]}`)},

	// Security Hub (restJson1, PascalCase members). An account without
	// Security Hub answers InvalidAccessException to both calls.
	{service: "securityhub", name: "DescribeHub", empty: securityHubOff},
	{service: "securityhub", name: "GetEnabledStandards", tokenIn: jsonKey("NextToken"), tokenOut: "NextToken", empty: securityHubOff},
	// A member without an administrator answers 200 without Administrator;
	// without cross-Region aggregation there is no finding aggregator.
	{service: "securityhub", name: "GetAdministratorAccount", empty: emptyBody(`{}`)},
	{service: "securityhub", name: "ListFindingAggregators", tokenIn: queryKey("NextToken"), tokenOut: "NextToken",
		empty: emptyBody(`{"FindingAggregators":[]}`)},
	// Keyed by the aggregator ARN (a greedy path label): GetFindingAggregator/<id>.json.
	{service: "securityhub", name: "GetFindingAggregator", key: pathKey("FindingAggregatorArn"),
		empty: emptyError(404, "ResourceNotFoundException", "Finding aggregator %s not found")},

	// S3 (restXml, path-style; keyed by bucket).
	{service: "s3", name: "ListBuckets", action: "s3:ListAllMyBuckets", tokenIn: queryKey("continuation-token"), tokenOut: "ContinuationToken",
		xmlRoot: "ListAllMyBucketsResult", empty: emptyListBuckets},
	{service: "s3", name: "GetBucketTagging", action: "s3:GetBucketTagging", key: pathKey("bucket"), xmlRoot: "Tagging",
		empty: emptyError(404, "NoSuchTagSet", "The TagSet does not exist")},
	{service: "s3", name: "GetObjectLockConfiguration", action: "s3:GetBucketObjectLockConfiguration", key: pathKey("bucket"), xmlRoot: "ObjectLockConfiguration",
		empty: emptyError(404, "ObjectLockConfigurationNotFoundError", "Object Lock configuration does not exist for this bucket")},
	{service: "s3", name: "GetBucketVersioning", action: "s3:GetBucketVersioning", key: pathKey("bucket"), xmlRoot: "VersioningConfiguration",
		empty: emptyBody(`<VersioningConfiguration xmlns="` + s3NS + `"/>`)},
	{service: "s3", name: "GetBucketLogging", action: "s3:GetBucketLogging", key: pathKey("bucket"), xmlRoot: "BucketLoggingStatus",
		empty: emptyBody(`<BucketLoggingStatus xmlns="` + s3NS + `"/>`)},
	{service: "s3", name: "GetBucketPolicy", action: "s3:GetBucketPolicy", key: pathKey("bucket"),
		empty: emptyError(404, "NoSuchBucketPolicy", "The bucket policy does not exist")},
	{service: "s3", name: "GetBucketLocation", action: "s3:GetBucketLocation", key: pathKey("bucket"), xmlRoot: "LocationConstraint",
		empty: emptyBody(`<LocationConstraint xmlns="` + s3NS + `"/>`)},

	// EC2 (ec2Query).
	{service: "ec2", name: "DescribeRegions", synth: synthDescribeRegions},
	{service: "ec2", name: "DescribeVpcs", tokenIn: formKey("NextToken"), tokenOut: "nextToken",
		empty: emptyBody(`<DescribeVpcsResponse xmlns="` + ec2NS + `"><vpcSet/></DescribeVpcsResponse>`)},
	{service: "ec2", name: "DescribeFlowLogs", key: &param{inEC2Filter, "resource-id"}, tokenIn: formKey("NextToken"), tokenOut: "nextToken",
		empty: emptyBody(`<DescribeFlowLogsResponse xmlns="` + ec2NS + `"><flowLogSet/></DescribeFlowLogsResponse>`)},

	// SNS (awsQuery): the subscriptions of a topic, keyed by its ARN (the
	// file is named after the topic's name, the ARN's last part).
	{service: "sns", name: "ListSubscriptionsByTopic", key: formKey("TopicArn"), tokenIn: formKey("NextToken"), tokenOut: "NextToken",
		xmlRoot: "ListSubscriptionsByTopicResponse",
		empty:   emptyError(http.StatusNotFound, "NotFound", "Topic does not exist")},

	// AWS Security Incident Response (restJson1, camelCase members). An
	// account that never joined lists no membership.
	{service: "security-ir", name: "ListMemberships", tokenIn: jsonKey("nextToken"), tokenOut: "nextToken",
		empty: emptyBody(`{"items":[]}`)},
	{service: "security-ir", name: "GetMembership", key: pathKey("membershipId"),
		empty: emptyError(http.StatusNotFound, "ResourceNotFoundException", "Membership %s not found")},
	{service: "security-ir", name: "ListCases", tokenIn: jsonKey("nextToken"), tokenOut: "nextToken",
		empty: emptyBody(`{"items":[],"total":0}`)},

	// STS (awsQuery): always answered from scenario.yaml unless a fixture exists.
	{service: "sts", name: "GetCallerIdentity", synth: synthGetCallerIdentity},
	{service: "sts", name: "AssumeRole", key: formKey("RoleArn"), synth: synthAssumeRole},
}

// operationIndex maps "service:Operation" to its table entry.
var operationIndex = func() map[string]*operation {
	m := make(map[string]*operation, len(operationTable))
	for _, o := range operationTable {
		if o.xmlRoot == "" && (o.service == "ec2" || o.service == "sts") {
			o.xmlRoot = o.name + "Response"
		}
		m[o.service+":"+o.name] = o
	}
	return m
}()

func lookupOperation(service, op string) *operation { return operationIndex[service+":"+op] }

// isReadName applies the fake's definition of a read to an operation name:
// List*, Get*, Describe*, BatchGet*, plus sts:AssumeRole and
// sts:GetCallerIdentity. (S3 is judged by HTTP method instead.)
func isReadName(service, op string) bool {
	if service == "sts" && (op == "AssumeRole" || op == "GetCallerIdentity") {
		return true
	}
	for _, p := range []string{"List", "Get", "Describe", "BatchGet"} {
		if strings.HasPrefix(op, p) && len(op) > len(p) && op[len(p)] >= 'A' && op[len(p)] <= 'Z' {
			return true
		}
	}
	return false
}

// s3Actions maps S3 operations to IAM actions where the names differ.
var s3Actions = map[string]string{
	"ListBuckets":                        "s3:ListAllMyBuckets",
	"GetObjectLockConfiguration":         "s3:GetBucketObjectLockConfiguration",
	"GetBucketLifecycleConfiguration":    "s3:GetLifecycleConfiguration",
	"GetBucketNotificationConfiguration": "s3:GetBucketNotification",
	"GetPublicAccessBlock":               "s3:GetBucketPublicAccessBlock",
	"GetBucketEncryption":                "s3:GetEncryptionConfiguration",
	"GetBucketReplication":               "s3:GetReplicationConfiguration",
	"GetBucketCors":                      "s3:GetBucketCORS",
	"GetBucketAccelerateConfiguration":   "s3:GetAccelerateConfiguration",
	"HeadBucket":                         "s3:ListBucket",
	"ListObjects":                        "s3:ListBucket",
	"ListObjectsV2":                      "s3:ListBucket",
	"ListObjectVersions":                 "s3:ListBucketVersions",
	"HeadObject":                         "s3:GetObject",
	"PutBucketLifecycleConfiguration":    "s3:PutLifecycleConfiguration",
	"PutObjectLockConfiguration":         "s3:PutBucketObjectLockConfiguration",
	"PutPublicAccessBlock":               "s3:PutBucketPublicAccessBlock",
	"PutBucketEncryption":                "s3:PutEncryptionConfiguration",
	"DeleteBucketTagging":                "s3:PutBucketTagging",
	"DeleteBucketEncryption":             "s3:PutEncryptionConfiguration",
}

func s3Action(op string) string {
	if a, ok := s3Actions[op]; ok {
		return a
	}
	return "s3:" + op
}

func incidentsNotFound(resourceType string) func(*callContext) reply {
	return func(c *callContext) reply {
		return reply{err: &apiError{Status: http.StatusNotFound, Code: "ResourceNotFoundException",
			Message: "Resource not found: " + c.key,
			Fields:  map[string]string{"resourceIdentifier": c.key, "resourceType": resourceType}}}
	}
}

func securityHubOff(c *callContext) reply {
	return reply{err: &apiError{Status: http.StatusUnauthorized, Code: "InvalidAccessException",
		Message: fmt.Sprintf("Account %s is not subscribed to AWS Security Hub", c.account.ID)}}
}

// defaultEventBus is ListEventBuses in an account without custom buses:
// only the default bus, which every account has in every region.
func defaultEventBus(c *callContext) reply {
	return reply{body: []byte(fmt.Sprintf(`{"EventBuses":[{"Name":"default","Arn":"arn:aws:events:%s:%s:event-bus/default"}]}`,
		c.req.region, c.account.ID))}
}

func emptyListBuckets(c *callContext) reply {
	return reply{body: []byte(fmt.Sprintf(`<ListAllMyBucketsResult xmlns="%s"><Owner><ID>%s</ID></Owner><Buckets></Buckets></ListAllMyBucketsResult>`,
		s3NS, canonicalUserID(c.account.ID)))}
}

// canonicalUserID is a stable fake S3 canonical user ID for an account.
func canonicalUserID(account string) string {
	return strings.Repeat(account[:4], 16)
}
