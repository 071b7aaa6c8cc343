package aws

import "strings"

// protocol is an AWS wire protocol (Smithy names).
type protocol int

const (
	awsJSON  protocol = iota // awsJson1_1: POST /, X-Amz-Target, JSON body
	restJSON                 // restJson1: method + path, JSON bodies
	restXML                  // restXml (S3): method + path + sub-resource, XML bodies
	ec2Query                 // ec2Query: POST / form Action=..., XML in the ec2 namespace
	awsQuery                 // awsQuery (STS, IAM, SNS): POST / form Action=..., XML
)

func (p protocol) String() string {
	switch p {
	case awsJSON:
		return "awsJson1_1"
	case restJSON:
		return "restJson1"
	case restXML:
		return "restXml"
	case ec2Query:
		return "ec2Query"
	case awsQuery:
		return "awsQuery"
	}
	return "unknown"
}

// service describes one AWS service the fake can answer. Its name is the SigV4
// signing name, the IAM action prefix and the fixture directory name at once
// (they coincide for every service listed here).
type service struct {
	name     string
	protocol protocol
	// targetPrefixes are the X-Amz-Target prefixes (awsJson1_1), i.e. the
	// target without ".<Operation>". The SDK and the botocore model sometimes
	// disagree (CloudTrail), so every spelling in use is listed.
	targetPrefixes []string
	// queryVersion is the form's Version for ec2Query/awsQuery services; it
	// identifies the service when a request carries no SigV4 scope.
	queryVersion string
	// xmlns is the namespace of XML response bodies.
	xmlns string
	// global services have one endpoint per partition; calls to them are not
	// checked against the account's enabled regions.
	global bool
}

// services lists every service the fake can route. The services irscan calls
// come first; the others (config, ssm, iam, and sns but for its table entries) are answered generically from
// fixtures by operation name, without keys or pagination.
var services = []*service{
	{name: "ssm-contacts", protocol: awsJSON, targetPrefixes: []string{"SSMContacts"}},
	{name: "events", protocol: awsJSON, targetPrefixes: []string{"AWSEvents"}},
	{name: "cloudtrail", protocol: awsJSON, targetPrefixes: []string{
		"CloudTrail_20131101", // what aws-sdk-go-v2 v1.56 sends
		"com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101", // the botocore model's targetPrefix
	}},
	{name: "logs", protocol: awsJSON, targetPrefixes: []string{"Logs_20140328"}},
	{name: "organizations", protocol: awsJSON, targetPrefixes: []string{"AWSOrganizationsV20161128"}, global: true},
	{name: "account", protocol: restJSON, global: true},
	{name: "ssm-incidents", protocol: restJSON},
	{name: "guardduty", protocol: restJSON},
	{name: "securityhub", protocol: restJSON},
	{name: "security-ir", protocol: restJSON},
	{name: "s3", protocol: restXML, xmlns: "http://s3.amazonaws.com/doc/2006-03-01/"},
	{name: "ec2", protocol: ec2Query, queryVersion: "2016-11-15", xmlns: "http://ec2.amazonaws.com/doc/2016-11-15/"},
	{name: "sts", protocol: awsQuery, queryVersion: "2011-06-15", xmlns: "https://sts.amazonaws.com/doc/2011-06-15/", global: true},
	// Answered generically (no operation table entries).
	{name: "config", protocol: awsJSON, targetPrefixes: []string{"StarlingDoveService"}},
	{name: "ssm", protocol: awsJSON, targetPrefixes: []string{"AmazonSSM"}},
	{name: "sns", protocol: awsQuery, queryVersion: "2010-03-31", xmlns: "http://sns.amazonaws.com/doc/2010-03-31/"},
	{name: "iam", protocol: awsQuery, queryVersion: "2010-05-08", xmlns: "https://iam.amazonaws.com/doc/2010-05-08/", global: true},
}

// serviceByName returns the service with the given signing name, or nil.
func serviceByName(name string) *service {
	for _, s := range services {
		if s.name == name {
			return s
		}
	}
	return nil
}

// serviceByTarget splits an X-Amz-Target header into its service and
// operation. ok is false when the prefix belongs to no known service.
func serviceByTarget(target string) (svc *service, op string, ok bool) {
	i := strings.LastIndexByte(target, '.')
	if i <= 0 || i == len(target)-1 {
		return nil, "", false
	}
	prefix, op := target[:i], target[i+1:]
	for _, s := range services {
		for _, p := range s.targetPrefixes {
			if p == prefix {
				return s, op, true
			}
		}
	}
	return nil, op, false
}

// serviceByQueryVersion returns the query-protocol service whose API version
// is v, or nil.
func serviceByQueryVersion(v string) *service {
	for _, s := range services {
		if s.queryVersion != "" && s.queryVersion == v {
			return s
		}
	}
	return nil
}
