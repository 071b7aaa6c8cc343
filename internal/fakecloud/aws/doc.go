// Package server is the AWS half of fakecloud: an http.Handler that answers
// the real, unmodified aws-sdk-go-v2 clients with recorded responses, in each
// service's own wire protocol, so that irscan's collectors can be tested,
// benchmarked and demonstrated without an AWS account.
//
// A Server is built from a scenario directory (testdata/fakecloud/aws/<name>,
// documented in testdata/fakecloud/aws/README.md): scenario.yaml describes the
// accounts, their access keys and enabled regions, the organization, the roles
// that may be assumed, denied actions and faults; the files beside it are
// response bodies per account, region (or "global"), service and operation.
//
// Point an SDK client at it with config.WithBaseEndpoint(url), static
// credentials whose access key ID is listed in scenario.yaml, and a region
// (plus o.UsePathStyle = true for S3). The server identifies each request the
// way AWS does:
//
//   - awsJson1_1 (ssm-contacts, events, cloudtrail, logs, organizations):
//     POST / with an X-Amz-Target header;
//   - restJson1 (account, ssm-incidents, guardduty, securityhub): method + path;
//   - restXml (s3, path-style), ec2Query (ec2) and awsQuery (sts): method,
//     path, query string or the form's Action;
//
// and takes the region and signing service from the SigV4 credential scope
// (Credential=AKID/date/<region>/<service>/aws4_request) and the account from
// the access key ID. Signatures are not checked.
//
// Every request is recorded (see Call); anything that is not a read is
// refused with 403 and recorded as a violation, so a test can prove a scan
// never writes. Latency, throttling, 5xx bursts and access denial can be
// injected per operation, account and region.
package aws
