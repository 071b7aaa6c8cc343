package gcp_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/irscan/irscan/internal/fakecloud/gcp"
)

// writeScenario writes files (path → content) into a new scenario
// directory and returns it.
func writeScenario(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
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

// wantErrors checks that New fails on dir with every message part.
func wantErrors(t *testing.T, dir string, parts ...string) {
	t.Helper()
	_, err := gcp.New(gcp.Options{Fixtures: dir})
	if err == nil {
		t.Fatal("no error")
	}
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("error does not mention %q:\n%v", p, err)
		}
	}
}

const minimalScenario = `
organization: {id: "123456789012"}
projects:
  - {id: acme-prod, number: "111111111111", parent: organizations/123456789012}
`

func TestScenarioIsChecked(t *testing.T) {
	dir := writeScenario(t, map[string]string{"scenario.yaml": `
missing: sometimes
organization: {id: acme}
folders:
  - {id: "456", parent: folders/999}
projects:
  - {id: Bad_ID, number: "12x"}
  - {id: acme-prod, number: "111111111111", parent: organizations/123456789012, disabled_apis: [securitycenter, bigquery.googleapis.com]}
principals:
  - {email: a@x.example, tokens: [t1]}
  - {email: b@x.example, tokens: [t1]}
  - {email: c@x.example}
  - {email: d@x.example, permissions: ["not a permission"]}
deny:
  - {permission: "logging sinks"}
faults:
  - {errors: 1, error_status: 404}
`})
	wantErrors(t, dir,
		`missing: "sometimes"`,
		`organization.id: "acme" is not a numeric organization ID`,
		`folders[0].parent: "folders/999"`,
		`projects[0].id: "Bad_ID" is not a project ID`,
		`projects[0].number: "12x"`,
		`projects[1].parent: "organizations/123456789012" is neither`,
		`"securitycenter" is not a service name`,
		`bigquery.googleapis.com is not served by fakecloud`,
		`principals[1].tokens: "t1" is also a token of a@x.example`,
		`2 principals have no tokens`,
		`principals[3].permissions`,
		`deny[0].permission`,
		`faults[0]: error_status: 404`,
	)

	dir = writeScenario(t, map[string]string{"scenario.yaml": minimalScenario + "acounts: []\n"})
	wantErrors(t, dir, "field acounts not found")
}

func TestFixtureLayoutIsChecked(t *testing.T) {
	dir := writeScenario(t, map[string]string{
		"scenario.yaml": minimalScenario,
		"README.md":     "ignored",
		"v1/projects/acme-prod/contacts:compute.json":                     `{}`,
		"v1/projects/nope/contacts.json":                                  `{}`,
		"v1/projects/111111111111/notificationConfigs.json":               `{}`,
		"v1/organizations/123456789012/contacts.page3.json":               `{}`,
		"v3/projects/acme-prod%3AgetIamPolicy.page2.json":                 `{}`,
		"v3/projects/acme-prod%3AgetIamPolicy.json":                       `{}`,
		"v1/projects/acme-prod/whatever.json":                             `{}`,
		"storage/v1/b.json":                                               `{}`,
		"storage/v1/b%3Fproject=nope.json":                                `{}`,
		"storage/v1/b%3Fproject=111111111111.json":                        `{}`,
		"v2/projects/acme-prod/sinks.json":                                `{"sinks": [`,
		"v1/projects/acme-prod/topics/t.error.yaml":                       "code: 200\n",
		"v1/projects/acme-prod/topics/u.error.yaml":                       "code: 404\nmesage: typo\n",
		"compute/v1/projects/acme-prod/aggregated/subnetworks.page1.json": `{}`,
		"notes.txt": "x",
	})
	wantErrors(t, dir,
		"contacts:compute.json: file names must not contain",
		"v1/projects/nope/contacts.json: projects/nope is not in scenario.yaml",
		"v1/projects/111111111111/notificationConfigs.json: name the project by its ID: projects/acme-prod",
		"v1/organizations/123456789012/contacts: page 1 of 3 is missing",
		"v1/organizations/123456789012/contacts: page 2 of 3 is missing",
		"acme-prod%3AgetIamPolicy.page2.json: cloudresourcemanager.projects.getIamPolicy is not a list",
		`whatever.json: "v1/projects/acme-prod/whatever" is not a request fakecloud serves`,
		"storage/v1/b.json: storage.buckets.list answers per project: name the file b%3Fproject=<value>",
		`b%3Fproject=nope.json: project "nope" is not in scenario.yaml`,
		"b%3Fproject=111111111111.json: name the project by its ID: acme-prod",
		"sinks.json: not a JSON object",
		"t.error.yaml: code 200 is not an HTTP error status",
		"u.error.yaml: yaml: unmarshal errors",
		"subnetworks.page1.json: pages are numbered from 2",
		"notes.txt: expected <request>",
	)
	if _, err := gcp.New(gcp.Options{Fixtures: dir}); strings.Contains(err.Error(), "README.md:") {
		t.Errorf("README.md is not ignored: %v", err)
	}
}

func TestScenarioDir(t *testing.T) {
	for _, c := range []struct{ fixtures, name, want string }{
		{fixtureRoot, "compliant", filepath.Join(fixtureRoot, "gcp", "compliant")},
		{filepath.Join(fixtureRoot, "gcp"), "compliant", filepath.Join(fixtureRoot, "gcp", "compliant")},
		{"some/dir", "", "some/dir"},
	} {
		if got, err := gcp.ScenarioDir(c.fixtures, c.name); err != nil || got != c.want {
			t.Errorf("ScenarioDir(%q, %q) = %q, %v; want %q", c.fixtures, c.name, got, err, c.want)
		}
	}
	for _, name := range []string{"../compliant", "nope"} {
		if _, err := gcp.ScenarioDir(fixtureRoot, name); err == nil {
			t.Errorf("ScenarioDir(%q): no error", name)
		}
	}
}
