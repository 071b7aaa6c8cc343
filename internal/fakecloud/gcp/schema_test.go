package gcp

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/irscan/irscan/internal/fakecloud/fixture"
)

// The Go clients decode any JSON they are given and drop unknown members
// silently, so a misspelt field in a fixture would go unnoticed until a
// check judged its absence. These tests hold every fixture of every
// scenario, and every answer the fake synthesises, to the discovery
// schema of the route that serves it: member names, types, formats and
// enum values exactly.

// validate checks a decoded JSON value against a schema of doc and
// returns one message per mismatch, located by a JSON path.
func validate(doc *discoveryDoc, s *schema, v any, at string) []string {
	if s == nil {
		return nil
	}
	if s.Ref != "" {
		ref := doc.Schemas[s.Ref]
		if ref == nil {
			return []string{fmt.Sprintf("%s: schema %s is not in the reference document", at, s.Ref)}
		}
		return validate(doc, ref, v, at)
	}
	bad := func(want string) []string { return []string{fmt.Sprintf("%s: %s is not %s", at, short(v), want)} }
	switch s.Type {
	case "any":
		return nil
	case "object", "":
		obj, ok := v.(map[string]any)
		if !ok {
			return bad("an object")
		}
		var errs []string
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			switch p := s.Properties[k]; {
			case p != nil:
				errs = append(errs, validate(doc, p, obj[k], at+"."+k)...)
			case s.AdditionalProperties != nil:
				errs = append(errs, validate(doc, s.AdditionalProperties, obj[k], at+"["+strconv.Quote(k)+"]")...)
			case s.Properties != nil:
				errs = append(errs, fmt.Sprintf("%s: unknown member %q", at, k))
			}
		}
		return errs
	case "array":
		arr, ok := v.([]any)
		if !ok {
			return bad("an array")
		}
		var errs []string
		for i, it := range arr {
			errs = append(errs, validate(doc, s.Items, it, fmt.Sprintf("%s[%d]", at, i))...)
		}
		return errs
	case "boolean":
		if _, ok := v.(bool); !ok {
			return bad("a boolean")
		}
	case "number":
		if _, ok := v.(float64); !ok {
			return bad("a number")
		}
	case "integer":
		f, ok := v.(float64)
		if !ok || f != math.Trunc(f) {
			return bad("an integer")
		}
	case "string":
		str, ok := v.(string)
		if !ok {
			return bad("a string")
		}
		if len(s.Enum) > 0 && !contains(s.Enum, str) {
			return bad("one of " + strings.Join(s.Enum, ", "))
		}
		var err error
		switch s.Format {
		case "int64":
			_, err = strconv.ParseInt(str, 10, 64)
		case "uint64":
			_, err = strconv.ParseUint(str, 10, 64)
		case "byte":
			_, err = base64.StdEncoding.DecodeString(str)
			if err != nil {
				_, err = base64.URLEncoding.DecodeString(str)
			}
		case "google-datetime", "date-time":
			_, err = time.Parse(time.RFC3339Nano, str)
		case "google-duration":
			if _, perr := strconv.ParseFloat(strings.TrimSuffix(str, "s"), 64); perr != nil || !strings.HasSuffix(str, "s") {
				err = fmt.Errorf("not a duration such as 3.5s")
			}
		}
		if err != nil {
			return bad("a " + s.Format + " string")
		}
	default:
		return []string{fmt.Sprintf("%s: schema type %q not understood", at, s.Type)}
	}
	return nil
}

func short(v any) string {
	b, _ := json.Marshal(v)
	if len(b) > 60 {
		return string(b[:57]) + "..."
	}
	return string(b)
}

// scenarioDirs lists every scenario directory: the shared ones and this
// package's own.
func scenarioDirs(t *testing.T) []string {
	var dirs []string
	for _, root := range []string{"../../../testdata/fakecloud/gcp", "testdata/gcp"} {
		entries, err := os.ReadDir(root)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if _, err := os.Stat(filepath.Join(root, e.Name(), "scenario.yaml")); err == nil {
				dirs = append(dirs, filepath.Join(root, e.Name()))
			}
		}
	}
	if len(dirs) < 2 {
		t.Fatalf("found only the scenarios %v", dirs)
	}
	return dirs
}

// TestFixturesFollowTheDiscoverySchemas loads every scenario and validates
// every JSON fixture against the response schema of its route.
func TestFixturesFollowTheDiscoverySchemas(t *testing.T) {
	docs := map[string]*discoveryDoc{}
	for _, d := range routeDocs() {
		docs[d] = loadDoc(t, d)
	}
	for _, dir := range scenarioDirs(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			s, err := New(Options{Fixtures: dir})
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for key, pages := range s.fixtures.pages {
				rt, _, err := checkKey(s.scenario, key)
				if err != nil {
					t.Fatalf("%s: %v", key, err)
				}
				doc := docs[rt.doc]
				for _, f := range pages {
					if f.err != nil {
						continue
					}
					var v any
					if err := json.Unmarshal(fixture.ExpandTimes(f.body, time.Now()), &v); err != nil {
						t.Errorf("%s: %v", f.rel, err)
						continue
					}
					for _, e := range validate(doc, &schema{Ref: rt.schema}, v, rt.schema) {
						t.Errorf("%s: %s", f.rel, e)
					}
					n++
				}
			}
			t.Logf("%d JSON fixtures valid", n)
		})
	}
}

// TestSynthesisedAnswersFollowTheDiscoverySchemas validates the answers
// the fake computes (Resource Manager from scenario.yaml, inherited
// contacts, effective settings, buckets from lists, "missing: empty").
func TestSynthesisedAnswersFollowTheDiscoverySchemas(t *testing.T) {
	docs := map[string]*discoveryDoc{}
	for _, d := range routeDocs() {
		docs[d] = loadDoc(t, d)
	}
	cases := []struct{ scenario, method, path string }{
		{"compliant", "GET", "/v3/projects:search"},
		{"compliant", "GET", "/v3/projects?parent=folders/456"},
		{"compliant", "GET", "/v3/projects/acme-prod"},
		{"compliant", "GET", "/v3/folders:search"},
		{"compliant", "GET", "/v3/folders?parent=organizations/123456789012"},
		{"compliant", "GET", "/v3/folders/456"},
		{"compliant", "GET", "/v3/organizations:search"},
		{"compliant", "GET", "/v3/organizations/123456789012"},
		{"compliant", "GET", "/v1/projects/acme-prod/contacts:compute?notificationCategories=SECURITY"},
		{"compliant", "GET", "/v1beta2/projects/acme-prod/securityHealthAnalyticsSettings:calculate"},
		{"compliant", "GET", "/v1beta2/folders/456/eventThreatDetectionSettings:calculate"},
		{"compliant", "GET", "/storage/v1/b/acme-org-audit-logs"},
		// A project where nothing is configured (missing: empty).
		{"unit", "GET", "/v1beta2/organizations/123456789012/subscription"},
		{"unit", "GET", "/v1beta2/projects/unit-empty/securityHealthAnalyticsSettings"},
		{"unit", "GET", "/v1beta2/organizations/123456789012/eventThreatDetectionSettings"},
		{"unit", "POST", "/v3/projects/unit-empty:getIamPolicy"},
		{"unit", "GET", "/compute/v1/projects/unit-empty/aggregated/subnetworks"},
		{"unit", "GET", "/storage/v1/b?project=unit-empty"},
		{"unit", "GET", "/v2/projects/unit-empty/sinks"},
	}
	servers := map[string]*Server{}
	for _, sc := range []string{"compliant", "unit"} {
		root := "../../../testdata/fakecloud"
		if sc == "unit" {
			root = "testdata"
		}
		s, err := New(Options{Fixtures: root, Scenario: sc})
		if err != nil {
			t.Fatal(err)
		}
		servers[sc] = s
	}
	for _, c := range cases {
		req := httptest.NewRequest(c.method, c.path, nil)
		req.Header.Set("Authorization", "Bearer "+unitToken)
		rec := httptest.NewRecorder()
		servers[c.scenario].ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Errorf("%s %s: %d %s", c.method, c.path, rec.Code, rec.Body)
			continue
		}
		rt, _ := findRoute(req.URL.Path)
		var v any
		if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
			t.Errorf("%s: %v", c.path, err)
			continue
		}
		for _, e := range validate(docs[rt.doc], &schema{Ref: rt.schema}, v, rt.schema) {
			t.Errorf("%s %s: %s", c.method, c.path, e)
		}
		if calls := servers[c.scenario].Calls(); calls[len(calls)-1].Fixture != "" && !strings.Contains(c.path, "%") {
			t.Errorf("%s: served %s, want a synthesised answer", c.path, calls[len(calls)-1].Fixture)
		}
	}
}

// TestValidateCatchesMistakes proves the validator fails on the mistakes it
// is there for.
func TestValidateCatchesMistakes(t *testing.T) {
	doc := loadDoc(t, "storage/v1")
	for body, want := range map[string]string{
		`{"items": [{"name": "b", "retentionPolicy": {"isLocked": true, "retentionPeriod": "400d"}}]}`: "is not a int64 string",
		`{"items": [{"name": "b", "versionning": {"enabled": true}}]}`:                                 `unknown member "versionning"`,
		`{"items": [{"name": "b", "labels": {"dataclassification": 1}}]}`:                              "is not a string",
		`{"items": [{"name": "b", "timeCreated": "yesterday"}]}`:                                       "is not a date-time string",
		`{"items": {"name": "b"}}`: "is not an array",
	} {
		var v any
		if err := json.Unmarshal([]byte(body), &v); err != nil {
			t.Fatal(err)
		}
		errs := validate(doc, &schema{Ref: "Buckets"}, v, "Buckets")
		if len(errs) == 0 || !strings.Contains(strings.Join(errs, "\n"), want) {
			t.Errorf("%s: errors %q, want one containing %q", body, errs, want)
		}
	}
	doc = loadDoc(t, "securitycenter/v1beta2")
	var v any
	_ = json.Unmarshal([]byte(`{"tier": "GOLD"}`), &v)
	if errs := validate(doc, &schema{Ref: "Subscription"}, v, "Subscription"); len(errs) != 1 {
		t.Errorf("an unknown enum value: errors %q, want one", errs)
	}
}

// unitToken authenticates as the unit scenario's scanner (and as the
// compliant scenario's default principal, which takes any token).
const unitToken = "tok-scanner"
