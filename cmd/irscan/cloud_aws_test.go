package main

// The AWS harness of the conformance suite: fakecloud's AWS half
// (internal/fakecloud/aws) serving testdata/fakecloud/aws/, the real
// aws-sdk-go-v2 clients of the collector signing in with a scenario
// account's static key, and the tests only AWS has.

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	awscol "github.com/irscan/irscan/collectors/aws"
	fakeaws "github.com/irscan/irscan/internal/fakecloud/aws"
	"github.com/irscan/irscan/policies"
	"github.com/irscan/irscan/snapshot"
)

const (
	// testSecretKey is the secret access key every AWS run signs with; it
	// must never appear in a snapshot, report or log.
	testSecretKey = "irscanTestSecretKey/MustNeverBeWritten+0123"
	orgExternal   = "irscan-e2e-7c1e4a"
	awsIAMPolicy  = "../../docs/permissions/aws-iam-policy.json"
)

// centralControls are the controls the org-central scenarios are about.
var centralControls = []string{"IR-3", "IR-4", "IR-6", "IR-7"}

func TestAWS(t *testing.T) {
	t.Parallel()
	cl := awsCloud()
	runConformance(t, cl)
	t.Run("RegionFlag", func(t *testing.T) { t.Parallel(); testAWSRegionFlag(t, cl) })
}

var credentialElement = regexp.MustCompile(`<(AccessKeyId|SecretAccessKey|SessionToken)>([^<]+)<`)

func awsCloud() *cloud {
	cl := &cloud{
		name:             "aws",
		requestIDHeaders: []string{"x-amzn-RequestId", "x-amz-request-id"},
		scopeOf:          func(*http.Request) (string, bool) { return "", true },
		endpoint:         func(tp *tap) []string { return []string{"--endpoint-url", tp.url} },
		compliant:        "compliant",
		secretsIn: func(body []byte) []string {
			var out []string
			for _, m := range credentialElement.FindAllSubmatch(body, -1) {
				out = append(out, string(m[2]))
			}
			return out
		},
		// The AssumeRole requests, for checkAssumeRoles.
		note: func(r *http.Request, body []byte) string {
			if v, err := url.ParseQuery(string(body)); err == nil && v.Get("Action") == "AssumeRole" {
				return v.Encode()
			}
			return ""
		},
		scopes: func(f *fake, args []string) []string {
			sc := f.srv.(*fakeaws.Server).Scenario()
			var out []string
			for _, a := range sc.Accounts {
				out = append(out, "account/"+a.ID)
			}
			if !slices.Contains(args, "--org") {
				out = out[:1]
			}
			slices.Sort(out)
			return out
		},
		secretPatterns:      []*regexp.Regexp{regexp.MustCompile(`\b(AKIA|ASIA)[A-Z0-9]{16}\b`)},
		collectThenEvaluate: "org",
	}
	cl.start = awsStart
	cl.signIn = func(t *testing.T, tp *tap, identity string) ([]string, []string) {
		key := identity
		if key == "" {
			key = tp.f.srv.(*fakeaws.Server).Scenario().Accounts[0].AccessKeys[0]
		}
		return awsEnv(key), []string{key, testSecretKey}
	}

	orgArgs := []string{"--org", "--role-name", "irscan-audit", "--external-id", orgExternal}
	centralArgs := []string{"--org", "--role-name", "irscan-audit"}
	member := aloneCase{
		name: "workload-prod alone", file: "aws-account-600000000005.json",
		with:     []string{"aws-account-600000000001.json", "aws-account-600000000002.json", "aws-account-600000000003.json", "aws-account-600000000004.json"},
		controls: centralControls, exit: exitFindings,
		heading: "## Findings of workload-prod's snapshot evaluated alone",
		errors: map[string][]string{
			"AWS-IR3-03": heldBy("600000000003"), "AWS-IR6-02": heldBy("600000000003"),
			"AWS-IR4-01": heldBy("600000000001"), "AWS-IR4-03": heldBy("600000000001"), "AWS-IR7-02": heldBy("600000000001"),
			"AWS-IR4-04": heldBy("600000000004"),
			// A bucket's name does not say which account owns it.
			"AWS-IR7-01": {"not in this run", "--org"},
		},
	}
	cl.scenarios = []scenarioCase{
		{name: "compliant", scenario: "compliant", table: "testdata/aws-compliant.md", exit: exitOK},
		{name: "nothing", scenario: "nothing", exit: exitFindings},
		{name: "no-incident-manager", scenario: "no-incident-manager", exit: exitFindings, errorSays: noErrors},
		{name: "no-incident-manager-broken", scenario: "no-incident-manager-broken", exit: exitFindings, errorSays: noErrors},
		{name: "mixed-regions", scenario: "mixed-regions", exit: exitFindings},
		{name: "denied", scenario: "denied", exit: exitErrors},
		{name: "org", scenario: "org", args: orgArgs, exit: exitFindings,
			// A member whose audit role cannot be assumed: every check is
			// error naming the role and AccessDenied.
			errorSays: func(r *cloudRun, fd policies.Finding) string {
				role := "arn:aws:iam::" + fd.Scope.ID + ":role/irscan-audit"
				if !strings.Contains(fd.Message, role) || !strings.Contains(fd.Message, "AccessDenied") {
					return "does not name the role " + role + " and AccessDenied"
				}
				return ""
			},
			check: checkAssumeRoles},
		{name: "org-central", scenario: "org-central", args: centralArgs, exit: exitFindings,
			controls: centralControls, errorSays: noErrors, check: checkOrgCentral, alone: []aloneCase{member}},
		{name: "org-central-broken", scenario: "org-central-broken", args: centralArgs, exit: exitFindings,
			controls: centralControls, errorSays: noErrors, check: checkOrgCentral, alone: []aloneCase{member}},
	}

	cl.callLog.minCalls = 40
	cl.callLog.fields = []string{"service=", "operation=", "region=", "status=", "request_id="}

	cl.permissions = permissionsCase{
		sections: awscol.Sections(),
		documented: func(t *testing.T) []string {
			raw, err := os.ReadFile(awsIAMPolicy)
			must(t, err)
			var doc struct {
				Statement []struct{ Action []string }
			}
			must(t, json.Unmarshal(raw, &doc))
			var out []string
			for _, st := range doc.Statement {
				out = append(out, st.Action...)
			}
			return out
		},
		baselines:      [][]string{nil},
		names:          strings.Contains,
		skippedMayBeOK: true,
		short:          "events:ListTargetsByRule",
		beyond:         true,
	}

	// security-ir:ListMemberships is read by the collector's own signed REST
	// reader: its retries are the SDK retryer's, recorded like the SDK's.
	throttled := []string{"events:ListRules", "guardduty:ListDetectors", "s3:ListBuckets", "ec2:DescribeVpcs", "security-ir:ListMemberships"}
	cl.throttle = throttleCase{
		want: map[string]int{},
		which: func(c call) string {
			if c.Fault != "throttle" {
				return ""
			}
			raw := c.raw.(fakeaws.Call)
			return raw.Service + ":" + raw.Operation
		},
		recorded: func(t *testing.T, snaps []*snapshot.Snapshot, calls []call, recorded map[string]bool) {
			n := 0
			for _, s := range snaps {
				for _, c := range s.Calls {
					if c.ErrorCode != "" && c.HTTPStatus >= 400 {
						n++
					}
				}
			}
			if n < 2*len(throttled) {
				t.Errorf("the snapshot records %d failed attempts, want at least %d", n, 2*len(throttled))
			}
		},
	}
	for _, op := range throttled {
		cl.throttle.want[op] = 2
	}
	cl.parallel = parallelCase{scenario: "mixed-regions", latency: 5 * time.Millisecond, defaultPeak: 2}

	cl.badSignIn = func(t *testing.T, tp *tap) (env, args, want, forbidden []string) {
		return awsEnv("AKIAFAKE999999999999"), []string{"--quiet"}, []string{"irscan: aws: cannot sign in (sts GetCallerIdentity): STS refused the credentials: ", "aws configure"}, []string{"operation error", "RequestID"}
	}
	// An organisation scan: the temporary credentials of the one role it
	// assumes (access key, secret key, session token).
	cl.secretRuns = []secretRun{{scenario: "org", args: []string{"--org", "--external-id", orgExternal}, issued: 3}}
	return cl
}

// awsEnv gives the SDK's default chain exactly one source of credentials:
// the static key of a scenario identity (the child's HOME is empty, so
// there are no shared files; IMDS is off).
func awsEnv(accessKey string) []string {
	return []string{
		"AWS_ACCESS_KEY_ID=" + accessKey,
		"AWS_SECRET_ACCESS_KEY=" + testSecretKey,
		"AWS_REGION=us-east-1",
		"AWS_EC2_METADATA_DISABLED=true",
	}
}

// awsStart serves an AWS scenario: with fakeOptions.documented, every
// caller has the documented IAM policy (less one action).
func awsStart(scenario string, o fakeOptions) (*fake, error) {
	opts := fakeaws.Options{Fixtures: fakeFixtures, Scenario: scenario, Latency: o.latency}
	if o.documented {
		raw, err := os.ReadFile(awsIAMPolicy)
		if err != nil {
			return nil, err
		}
		for _, action := range o.without {
			if raw, err = policyWithout(raw, action); err != nil {
				return nil, err
			}
		}
		if opts.AllowPolicy, err = fakeaws.ParsePolicy(raw); err != nil {
			return nil, err
		}
	}
	if o.throttle {
		for _, op := range []string{"events:ListRules", "guardduty:ListDetectors", "s3:ListBuckets", "ec2:DescribeVpcs", "security-ir:ListMemberships"} {
			opts.Faults = append(opts.Faults, fakeaws.Fault{Operation: op, Region: "us-east-1", Throttle: 2})
		}
	}
	srv, err := fakeaws.New(opts)
	if err != nil {
		return nil, err
	}
	f := &fake{scenario: scenario, handler: srv, srv: srv}
	for _, d := range srv.Scenario().Deny {
		f.denied = append(f.denied, d.Action)
	}
	f.log = func() []call {
		var out []call
		for _, c := range srv.Calls() {
			perm := c.Action
			if perm == "sts:GetCallerIdentity" {
				perm = "" // needs no permission, as in AWS
			}
			params := c.Params
			if params == nil {
				params = fakeaws.Params{}
			}
			out = append(out, call{
				ID: c.RequestID, API: true, Method: c.Method, Path: c.Path, Permission: perm,
				Op: c.Operation, Region: c.Region, Status: c.Status, ErrorCode: c.ErrorCode,
				Scope: c.Account, Principal: c.Principal, Fault: c.Fault, Violation: c.Violation,
				Read:    awsRead(c.Operation),
				Same:    fmt.Sprintf("%s %s %s %v", c.Account, c.Region, c.Action, map[string]string(params)),
				Scoping: c.Action == "sts:GetCallerIdentity",
				raw:     c,
			})
		}
		return out
	}
	return f, nil
}

// awsRead is the read-only rule: List*, Get*, Describe*, BatchGet*, and
// sts:AssumeRole.
func awsRead(op string) bool {
	for _, p := range []string{"List", "Get", "Describe", "BatchGet", "AssumeRole"} {
		if strings.HasPrefix(op, p) {
			return true
		}
	}
	return false
}

// policyWithout returns the policy document with one action removed.
func policyWithout(raw []byte, action string) ([]byte, error) {
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, err
	}
	removed := 0
	for _, st := range doc["Statement"].([]any) {
		st := st.(map[string]any)
		var kept []any
		for _, a := range st["Action"].([]any) {
			if a == action {
				removed++
				continue
			}
			kept = append(kept, a)
		}
		st["Action"] = kept
	}
	if removed != 1 {
		return nil, fmt.Errorf("%s appears %d times in the policy", action, removed)
	}
	return json.Marshal(doc)
}

// heldBy is what a member's finding alone says of the account holding
// the setting it follows.
func heldBy(account string) []string {
	return []string{"held by AWS account " + account + ", which is not in this run", "--org"}
}

// noErrors: the scenario has no error finding.
func noErrors(*cloudRun, policies.Finding) string { return "unexpected error" }

// checkAssumeRoles: an organisation scan assumes the audit role in each
// member account, with the session name and the external ID.
func checkAssumeRoles(t *testing.T, r *cloudRun, _ []policies.Finding) {
	t.Helper()
	r.tap.done()
	var roles []string
	for _, n := range r.tap.notes {
		form, _ := url.ParseQuery(n)
		roles = append(roles, form.Get("RoleArn"))
		if form.Get("ExternalId") != orgExternal || form.Get("RoleSessionName") == "" {
			t.Errorf("AssumeRole %s: ExternalId %q, RoleSessionName %q; want %q and a session name", form.Get("RoleArn"), form.Get("ExternalId"), form.Get("RoleSessionName"), orgExternal)
		}
	}
	slices.Sort(roles)
	if want := []string{"arn:aws:iam::500000000002:role/irscan-audit", "arn:aws:iam::500000000003:role/irscan-audit"}; !slices.Equal(roles, want) {
		t.Errorf("AssumeRole calls for %v, want one each for %v", roles, want)
	}
}

// checkOrgCentral: the management account's scan reads the organisation's
// settings (event buses, administrator accounts, finding aggregators)
// without a fault.
func checkOrgCentral(t *testing.T, r *cloudRun, _ []policies.Finding) {
	read := map[string]bool{}
	for _, c := range r.tap.calls() {
		if c.Fault != "" {
			t.Errorf("call %s", c)
		}
		read[c.raw.(fakeaws.Call).Action] = true
	}
	for _, action := range []string{"events:ListEventBuses", "guardduty:GetAdministratorAccount", "securityhub:GetAdministratorAccount", "securityhub:ListFindingAggregators", "securityhub:GetFindingAggregator"} {
		if !read[action] {
			t.Errorf("the scan never called %s", action)
		}
	}
}

// testAWSRegionFlag: --region us-east-1 collects only us-east-1 and says so.
func testAWSRegionFlag(t *testing.T, cl *cloud) {
	r := cl.run(t, cl.fake(t, "mixed-regions", fakeOptions{}), "", "collect", []string{"--region", "us-east-1", "--log-level", "info"})
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "irscan: info: aws regions: ") || !strings.Contains(r.stderr, "regions=us-east-1 ") || !strings.Contains(r.stderr, "--region") {
		t.Errorf("stderr does not say only us-east-1 was collected because of --region:\n%s", r.stderr)
	}
	snaps := readSnapshots(t, r.out)
	if len(snaps) != 1 {
		t.Fatalf("%d snapshots", len(snaps))
	}
	var regions struct {
		Regions []struct{ RegionName string }
	}
	must(t, json.Unmarshal(snaps[0].Sections["ec2.regions"].Data, &regions))
	if len(regions.Regions) != 1 || regions.Regions[0].RegionName != "us-east-1" {
		t.Errorf("ec2.regions = %+v, want only us-east-1", regions.Regions)
	}
	regional := 0
	for name, sec := range snaps[0].Sections {
		if sec.Regions == nil {
			continue
		}
		regional++
		if got := slices.Sorted(maps.Keys(sec.Regions)); !slices.Equal(got, []string{"us-east-1"}) {
			t.Errorf("section %s has regions %v, want [us-east-1]", name, got)
		}
	}
	if regional < 6 {
		t.Errorf("only %d regional sections", regional)
	}
	code, fs := judge(t, r.out)
	if code != exitFindings {
		t.Errorf("exit %d, want 1", code)
	}
	for _, fd := range fs {
		if fd.Region != "" && fd.Region != "us-east-1" && fd.CheckID != "AWS-IR5-02" {
			t.Errorf("%s has a finding in %s", fd.CheckID, fd.Region)
		}
	}
	// Regional services were called in us-east-1 only; S3 bucket reads go to
	// the bucket's own region whatever --region says (s3.buckets is global).
	for _, c := range r.tap.calls() {
		if c.Region != "us-east-1" && c.raw.(fakeaws.Call).Service != "s3" {
			t.Errorf("%s called in %s", c.Permission, c.Region)
		}
	}
}
