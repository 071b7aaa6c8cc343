package azure

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestScenariosLoad loads every scenario under testdata/fakecloud/azure, so
// that a layout or format mistake in a hand-written scenario fails the tests.
func TestScenariosLoad(t *testing.T) {
	dirs, err := os.ReadDir(filepath.Join(fixturesRoot, "azure"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(fixturesRoot, "azure", d.Name(), "scenario.yaml")); err != nil {
			continue
		}
		n++
		if _, err := New(Options{Fixtures: fixturesRoot, Scenario: d.Name()}); err != nil {
			t.Errorf("scenario %s: %v", d.Name(), err)
		}
	}
	if n == 0 {
		t.Fatal("no scenario found")
	}
}

// TestFixtureLayoutErrors: every file that does not follow the layout is
// reported, with its name, when the scenario loads.
func TestFixtureLayoutErrors(t *testing.T) {
	s := "subscriptions/" + subID + "/providers/Microsoft.Security/"
	dir := writeScenario(t, minimalScenario, map[string]string{
		"resourcegroups/x.json": `{}`,
		"subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Security/pricings.json": `{"value": []}`,
		s + "pricings.json":                          `{"plans": []}`,
		s + "automations.json":                       `{"value": [] `,
		s + "securityContacts/default.page2.json":    `{}`,
		s + "settings.json":                          `{"value": []}`,
		s + "settings.page3.json":                    `{"value": []}`,
		s + "alerts@latest.json":                     `{"value": []}`,
		s + "assessments.error.yaml":                 "message: no code\n",
		s + "tasks.error.yaml":                       "code: Boom\nstatus: 200\n",
		s + "locations.txt":                          "hello",
		s + "connectors.json":                        `{"value": []}`,
		s + "connectors.error.yaml":                  "code: NotFound\n",
		s + "secureScores.page2.raw.json":            `{}`,
		s + "regulatoryComplianceStandards.raw.json": `not json`,
		"README.md":                                  "notes are fine",
		s + "NOTES.md":                               "anywhere",
	})
	_, err := New(Options{Fixtures: dir})
	if err == nil {
		t.Fatal("the scenario loaded")
	}
	msg := err.Error()
	for _, want := range []string{
		"resourcegroups: not an ARM path root",
		"subscription 00000000-0000-0000-0000-000000000000 is not in scenario.yaml",
		s + `pricings.json: the path names a list, so the body must be {"value": [...]}`,
		s + "automations.json: not a JSON object",
		s + "securityContacts/default.page2.json: ",
		"names a single resource (its path ends with a name), so it has no pages",
		s + "settings.page3.json: page 3, but only 2 pages exist",
		s + `alerts@latest.json: "latest" is not an api-version`,
		s + "assessments.error.yaml: code is required",
		s + "tasks.error.yaml: status 200 is not an error status",
		s + "locations.txt: expected <name>[@<api-version>][.pageN].json, .raw.json or .error.yaml",
		"answers the same path, api-version and page as",
		s + "secureScores.page2.raw.json: a .raw.json body is served verbatim",
		s + "regulatoryComplianceStandards.raw.json: not valid JSON",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error does not mention %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, ".md") {
		t.Errorf("markdown files reported:\n%s", msg)
	}
}

// TestScenarioValidation: mistakes in scenario.yaml are reported together.
func TestScenarioValidation(t *testing.T) {
	dir := writeScenario(t, `
missing: sometimes
tenant: {id: not-a-guid}
principals:
  - {name: a, client_id: 22222222-2222-2222-2222-222222222222}
  - {name: a, client_id: nope, client_secret: x, subscriptions: [88888888-8888-8888-8888-888888888888]}
subscriptions:
  - {id: 11111111-1111-1111-1111-111111111111, state: Frozen}
  - {id: 11111111-1111-1111-1111-111111111111}
deny:
  - {action: read}
  - {action: "Microsoft.Security/*", principal: nobody}
faults:
  - {latency: 1s}
  - {path: "/subscriptions/*", retry_after: 1500ms, error_status: 404}
`, map[string]string{})
	_, err := New(Options{Fixtures: dir})
	if err == nil {
		t.Fatal("the scenario loaded")
	}
	for _, want := range []string{
		`missing: "sometimes" is neither`,
		`tenant.id: "not-a-guid" is not a GUID`,
		"principals[0].client_secret: a secret is required",
		`principals[1]: name or client ID "a" is also used by principals[0]`,
		`principals[1].client_id: "nope" is not a GUID`,
		`principals[1].subscriptions: "88888888-8888-8888-8888-888888888888" is not one of the subscriptions`,
		`subscriptions[0].state: "Frozen" is not one of`,
		"subscriptions[1].id: subscription 11111111-1111-1111-1111-111111111111 is listed twice",
		`deny[0].action: "read" is not an RBAC action pattern`,
		`deny[1].principal: "nobody" is not the name or client ID of a principal`,
		"faults[0]: path or action is required",
		"faults[1]: retry_after: 1.5s is not a whole number of seconds",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %q:\n%v", want, err)
		}
	}

	// Options are checked too.
	if _, err := New(Options{Fixtures: fixturesRoot, Scenario: "compliant", Deny: []string{"nope"}}); err == nil {
		t.Error("Deny: nope accepted")
	}
	if _, err := New(Options{Fixtures: fixturesRoot, Scenario: "compliant", Faults: []Fault{{Path: "x"}}}); err == nil {
		t.Error("fault path x accepted")
	}
}

func TestScenarioDir(t *testing.T) {
	for _, c := range []struct{ fixtures, name, want string }{
		{fixturesRoot, "compliant", filepath.Join(fixturesRoot, "azure", "compliant")},
		{filepath.Join(fixturesRoot, "azure"), "compliant", filepath.Join(fixturesRoot, "azure", "compliant")},
		{"some/dir", "", "some/dir"},
	} {
		if got, err := ScenarioDir(c.fixtures, c.name); err != nil || got != c.want {
			t.Errorf("ScenarioDir(%q, %q) = %q, %v", c.fixtures, c.name, got, err)
		}
	}
	for _, name := range []string{"no-such", "../azure", ".."} {
		if _, err := ScenarioDir(fixturesRoot, name); err == nil {
			t.Errorf("ScenarioDir(%q) succeeded", name)
		}
	}
}
