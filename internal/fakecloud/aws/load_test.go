package aws_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	fakeaws "github.com/irscan/irscan/internal/fakecloud/aws"
)

const minimalScenario = `accounts:
  - id: "111111111111"
    access_keys: [AKIATEST111111111111]
    regions: [us-east-1]
`

// writeScenario writes files (path → content) into a new scenario directory.
func writeScenario(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if _, ok := files["scenario.yaml"]; !ok {
		files["scenario.yaml"] = minimalScenario
	}
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestLoadRejectsMistakes: a hand-written scenario with a mistake fails to
// load with a message naming the file and the problem.
func TestLoadRejectsMistakes(t *testing.T) {
	const acct = "111111111111/"
	cases := map[string]struct {
		files map[string]string
		want  string
	}{
		"unknown scenario field": {map[string]string{"scenario.yaml": minimalScenario + "regoins: [x]\n"}, "field regoins not found"},
		"unquoted short account": {map[string]string{"scenario.yaml": "accounts:\n  - id: 42\n    access_keys: [K]\n"}, "not a 12-digit account ID"},
		"duplicate key": {map[string]string{"scenario.yaml": minimalScenario + `  - id: "222222222222"
    access_keys: [AKIATEST111111111111]
`}, "also a key of account 111111111111"},
		"role of an unknown account": {map[string]string{"scenario.yaml": minimalScenario + "roles:\n  - arn: arn:aws:iam::999999999999:role/x\n"}, "account 999999999999 is not one of the accounts"},
		"bad fault":                  {map[string]string{"scenario.yaml": minimalScenario + "faults:\n  - operation: ListRules\n"}, "is not an action pattern"},
		"unknown account dir":        {map[string]string{"222222222222/global/s3/ListBuckets.xml": "<ListAllMyBucketsResult/>"}, "not an account of scenario.yaml"},
		"region not enabled":         {map[string]string{acct + "eu-west-1/guardduty/ListDetectors.json": "{}"}, "not in the account's regions"},
		"not a region":               {map[string]string{acct + "us-east/guardduty/ListDetectors.json": "{}"}, "neither a region name nor"},
		"unknown service":            {map[string]string{acct + "global/gaurdduty/ListDetectors.json": "{}"}, "not a service directory"},
		"bad file name":              {map[string]string{acct + "global/events/ListRules.txt": "{}"}, "expected <Operation>"},
		"typo in operation":          {map[string]string{acct + "global/events/ListRule.json": "{}"}, "did you mean ListRules?"},
		"write operation":            {map[string]string{acct + "global/events/PutRule.json": "{}"}, "is not a read"},
		"page gap":                   {map[string]string{acct + "global/events/ListRules.json": "{}", acct + "global/events/ListRules.page3.json": "{}"}, "page 2 of 3 is missing"},
		"pages not paginated":        {map[string]string{acct + "global/cloudtrail/DescribeTrails.json": "{}", acct + "global/cloudtrail/DescribeTrails.page2.json": "{}"}, "not paginated"},
		"json for an xml API":        {map[string]string{acct + "global/ec2/DescribeVpcs.json": "{}"}, "its responses are .xml"},
		"xml for a json API":         {map[string]string{acct + "global/logs/DescribeLogGroups.xml": "<x/>"}, "its responses are .json"},
		"wrong xml root":             {map[string]string{acct + "global/ec2/DescribeVpcs.xml": "<DescribeVpcResponse/>"}, "the SDK expects <DescribeVpcsResponse>"},
		"s3 write":                   {map[string]string{acct + "global/s3/PutBucketTagging/b.xml": "<Tagging/>"}, "is not a read"},
		"wrong s3 root":              {map[string]string{acct + "global/s3/GetBucketTagging/b.xml": "<TagSet/>"}, "the SDK expects <Tagging>"},
		"broken xml":                 {map[string]string{acct + "global/s3/ListBuckets.xml": "<ListAllMyBucketsResult>"}, "not well-formed XML"},
		"broken json":                {map[string]string{acct + "global/logs/DescribeLogGroups.json": `{"logGroups": [}`}, "not a JSON object"},
		"keyed unkeyed op":           {map[string]string{acct + "global/logs/DescribeLogGroups/x.json": "{}"}, "not keyed by a request parameter"},
		"error without code":         {map[string]string{acct + "global/events/ListRules.error.yaml": "message: x\n"}, "code is required"},
		"error unknown field":        {map[string]string{acct + "global/events/ListRules.error.yaml": "code: X\nstatuss: 400\n"}, "field statuss not found"},
		"error with 200 status":      {map[string]string{acct + "global/events/ListRules.error.yaml": "code: X\nstatus: 200\n"}, "not an error status"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			dir := writeScenario(t, tc.files)
			_, err := fakeaws.New(fakeaws.Options{Fixtures: dir})
			if err == nil {
				t.Fatalf("scenario loaded; want an error containing %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not contain %q", err, tc.want)
			}
		})
	}
}

// TestLoadAcceptsLayout: the documented layout loads, including keys that
// are escaped ARNs, Markdown notes and generic (table-less) operations.
func TestLoadAcceptsLayout(t *testing.T) {
	dir := writeScenario(t, map[string]string{
		"README.md": "notes",
		"111111111111/global/ssm-contacts/GetContact/arn:aws:ssm-contacts:us-east-1:111111111111:contact%2Fakuam.json": `{"Alias": "akuam"}`,
		"111111111111/us-east-1/events/ListRules.json":                                                                 `{"Rules": []}`,
		"111111111111/us-east-1/events/ListRules.page2.json":                                                           `{"Rules": [], "NextToken": "ignored"}`,
		"111111111111/us-east-1/events/DescribeEventBus.json":                                                          `{"Name": "default"}`,
		"111111111111/us-east-1/config/DescribeConfigurationRecorders.json":                                            `{"ConfigurationRecorders": []}`,
		"111111111111/global/sns/ListTopics.xml":                                                                       `<ListTopicsResponse><ListTopicsResult><Topics/></ListTopicsResult></ListTopicsResponse>`,
	})
	srv, err := fakeaws.New(fakeaws.Options{Fixtures: dir})
	if err != nil {
		t.Fatal(err)
	}
	if srv.Dir() != dir || srv.AccessKey("111111111111") != "AKIATEST111111111111" || srv.Scenario().Accounts[0].Principal == "" {
		t.Errorf("Dir %q, AccessKey %q, principal %q", srv.Dir(), srv.AccessKey("111111111111"), srv.Scenario().Accounts[0].Principal)
	}
}

func TestScenarioDir(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"aws/a", "b"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, d, "scenario.yaml"), []byte(minimalScenario), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, want := range map[string]string{"a": filepath.Join(root, "aws", "a"), "b": filepath.Join(root, "b")} {
		if got, err := fakeaws.ScenarioDir(root, name); err != nil || got != want {
			t.Errorf("ScenarioDir(%s) = %q, %v; want %q", name, got, err, want)
		}
	}
	for _, bad := range []string{"missing", "../b", "a/b"} {
		if _, err := fakeaws.ScenarioDir(root, bad); err == nil {
			t.Errorf("ScenarioDir(%q) succeeded", bad)
		}
	}
}

// TestAllScenariosLoad loads every scenario of the shared fixture directory,
// so that a mistake in a hand-written scenario fails `go test`.
func TestAllScenariosLoad(t *testing.T) {
	entries, err := os.ReadDir(filepath.Join(fixtureRoot, "aws"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		n++
		t.Run(e.Name(), func(t *testing.T) {
			if _, err := fakeaws.New(fakeaws.Options{Fixtures: fixtureRoot, Scenario: e.Name()}); err != nil {
				t.Error(err)
			}
		})
	}
	if n == 0 {
		t.Fatal("no scenario found")
	}
}
