package gcp

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// The route table is checked against Google's discovery documents, the
// same ones google.golang.org/api v0.313.0 generates its clients from: each
// route's method ID, HTTP method, path, query parameters and response
// schema must be there. The documents are trimmed to what the routes use
// and kept in testdata/fakecloud/gcp/reference (see its README.md), because
// the module cache is not part of the repository; regenerate them with
//
//	go test ./internal/fakecloud/gcp -run TestReference -update-reference

var updateReference = flag.Bool("update-reference", false,
	"regenerate testdata/fakecloud/gcp/reference from google.golang.org/api in the module cache")

const (
	referenceDir = "../../../testdata/fakecloud/gcp/reference"
	apiModule    = "google.golang.org/api"
	apiVersion   = "v0.313.0"
)

// discoveryDoc is a discovery document, reduced to what the tests read.
// Trimmed documents hold methods (flattened, by ID) instead of resources.
type discoveryDoc struct {
	Source      string                      `json:"source,omitempty"`
	SHA256      string                      `json:"sha256,omitempty"`
	Name        string                      `json:"name"`
	Version     string                      `json:"version"`
	Revision    string                      `json:"revision"`
	RootURL     string                      `json:"rootUrl"`
	ServicePath string                      `json:"servicePath"`
	Methods     map[string]*discoveryMethod `json:"methods,omitempty"`
	Resources   map[string]*discoveryRes    `json:"resources,omitempty"`
	Schemas     map[string]*schema          `json:"schemas"`
}

type discoveryRes struct {
	Methods   map[string]*discoveryMethod `json:"methods"`
	Resources map[string]*discoveryRes    `json:"resources"`
}

type discoveryMethod struct {
	ID         string                     `json:"id"`
	HTTPMethod string                     `json:"httpMethod"`
	FlatPath   string                     `json:"flatPath,omitempty"`
	Path       string                     `json:"path"`
	Parameters map[string]*discoveryParam `json:"parameters,omitempty"`
	Response   *schema                    `json:"response,omitempty"`
}

type discoveryParam struct {
	Type     string `json:"type"`
	Location string `json:"location"`
	Required bool   `json:"required,omitempty"`
	Repeated bool   `json:"repeated,omitempty"`
}

// schema is a discovery JSON schema, without descriptions.
type schema struct {
	ID                   string             `json:"id,omitempty"`
	Type                 string             `json:"type,omitempty"`
	Ref                  string             `json:"$ref,omitempty"`
	Format               string             `json:"format,omitempty"`
	Enum                 []string           `json:"enum,omitempty"`
	Properties           map[string]*schema `json:"properties,omitempty"`
	AdditionalProperties *schema            `json:"additionalProperties,omitempty"`
	Items                *schema            `json:"items,omitempty"`
}

// docFile is the trimmed document's file name: "essentialcontacts-v1.json".
func docFile(doc string) string { return strings.ReplaceAll(doc, "/", "-") + ".json" }

// routeDocs returns the discovery documents the routes use, sorted.
func routeDocs() []string {
	seen := map[string]bool{}
	var out []string
	for _, rt := range routes {
		if !seen[rt.doc] {
			seen[rt.doc] = true
			out = append(out, rt.doc)
		}
	}
	sort.Strings(out)
	return out
}

// routeMethodIDs expands a route's method ID for every container kind its
// pattern accepts.
func routeMethodIDs(rt *route) []string {
	if !strings.Contains(rt.id, "{kind}") {
		return []string{rt.id}
	}
	var out []string
	for _, k := range []string{"organizations", "folders", "projects"} {
		out = append(out, kindID(rt.id, k))
	}
	return out
}

// routePaths is a route's pattern with each container spelled out, in the
// discovery flat-path form ("v1/organizations/*/contacts:compute"), per
// container kind (one entry "" when the pattern has no {c}).
func routePaths(rt *route) map[string]string {
	p := rt.pattern
	for tok, kind := range map[string]string{"{o}": "organizations", "{p}": "projects", "{f}": "folders"} {
		p = strings.ReplaceAll(p, tok, kind+"/*")
	}
	if !strings.Contains(p, "{c}") {
		return map[string]string{"": p}
	}
	out := map[string]string{}
	for _, k := range []string{"organizations", "folders", "projects"} {
		out[k] = strings.ReplaceAll(p, "{c}", k+"/*")
	}
	return out
}

var pathParamRe = regexp.MustCompile(`\{[^}]+\}`)

// flatPath is a method's path with the service path prefixed and every
// path parameter written *.
func flatPath(doc *discoveryDoc, m *discoveryMethod) string {
	p := m.FlatPath
	if p == "" {
		p = m.Path
	}
	return pathParamRe.ReplaceAllString(doc.ServicePath+p, "*")
}

// walkMethods collects every method of a full document by ID.
func walkMethods(res map[string]*discoveryRes, out map[string]*discoveryMethod) {
	for _, r := range res {
		for _, m := range r.Methods {
			out[m.ID] = m
		}
		walkMethods(r.Resources, out)
	}
}

// reachable adds name and every schema it refers to.
func reachable(doc *discoveryDoc, name string, keep map[string]bool) {
	if keep[name] || doc.Schemas[name] == nil {
		return
	}
	keep[name] = true
	var walk func(s *schema)
	walk = func(s *schema) {
		if s == nil {
			return
		}
		if s.Ref != "" {
			reachable(doc, s.Ref, keep)
		}
		for _, p := range s.Properties {
			walk(p)
		}
		walk(s.Items)
		walk(s.AdditionalProperties)
	}
	walk(doc.Schemas[name])
}

// handWritten are the documents of APIs google.golang.org/api has no
// client for (the collector reads them with the Cloud client libraries):
// written in the same trimmed form from Google's protos and their REST
// bindings (google.api.http), not regenerated.
var handWritten = map[string]bool{"securitycenter/v2": true, "securitycentermanagement/v1": true}

// regenerateReference trims the module cache's discovery documents.
func regenerateReference(t *testing.T) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", apiModule+"@"+apiVersion).Output()
	if err != nil {
		t.Fatalf("go list -m %s@%s: %v", apiModule, apiVersion, err)
	}
	modDir := strings.TrimSpace(string(out))
	for _, d := range routeDocs() {
		if handWritten[d] {
			continue
		}
		api, version, _ := strings.Cut(d, "/")
		rel := fmt.Sprintf("%s/%s/%s-api.json", api, version, api)
		data, err := os.ReadFile(filepath.Join(modDir, rel))
		if err != nil {
			t.Fatal(err)
		}
		var full discoveryDoc
		if err := json.Unmarshal(data, &full); err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		all := map[string]*discoveryMethod{}
		walkMethods(full.Resources, all)
		sum := sha256.Sum256(data)
		trimmed := discoveryDoc{
			Source: apiModule + "@" + apiVersion + " " + rel, SHA256: hex.EncodeToString(sum[:]),
			Name: full.Name, Version: full.Version, Revision: full.Revision, RootURL: full.RootURL, ServicePath: full.ServicePath,
			Methods: map[string]*discoveryMethod{}, Schemas: map[string]*schema{},
		}
		keep := map[string]bool{}
		for _, rt := range routes {
			if rt.doc != d {
				continue
			}
			for _, id := range routeMethodIDs(rt) {
				if m := all[id]; m != nil {
					trimmed.Methods[id] = m
					if m.Response != nil {
						reachable(&full, m.Response.Ref, keep)
					}
				}
			}
		}
		for name := range keep {
			trimmed.Schemas[name] = full.Schemas[name]
		}
		body, err := json.MarshalIndent(trimmed, "", " ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(referenceDir, docFile(d)), append(body, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// loadDoc reads a trimmed reference document.
func loadDoc(t testing.TB, doc string) *discoveryDoc {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(referenceDir, docFile(doc)))
	if err != nil {
		t.Fatalf("reference document for %s: %v (regenerate with -update-reference)", doc, err)
	}
	var d discoveryDoc
	if err := json.Unmarshal(data, &d); err != nil {
		t.Fatalf("%s: %v", docFile(doc), err)
	}
	return &d
}

// TestReference checks every route against its discovery document.
func TestReference(t *testing.T) {
	if *updateReference {
		regenerateReference(t)
	}
	docs := map[string]*discoveryDoc{}
	for _, d := range routeDocs() {
		docs[d] = loadDoc(t, d)
	}
	for _, rt := range routes {
		doc := docs[rt.doc]
		paths := routePaths(rt)
		for _, id := range routeMethodIDs(rt) {
			m := doc.Methods[id]
			if m == nil {
				t.Errorf("%s: no method %s in %s", rt.pattern, id, docFile(rt.doc))
				continue
			}
			if m.HTTPMethod != rt.method {
				t.Errorf("%s: HTTP method %s, discovery says %s", id, rt.method, m.HTTPMethod)
			}
			kind := ""
			if strings.Contains(rt.pattern, "{c}") {
				kind = strings.Split(id, ".")[1]
			}
			if got, want := paths[kind], flatPath(doc, m); got != want {
				t.Errorf("%s: path %s, discovery says %s", id, got, want)
			}
			if m.Response == nil || m.Response.Ref != rt.schema {
				t.Errorf("%s: response schema %s, discovery says %+v", id, rt.schema, m.Response)
			}
			for _, q := range append(append([]string{}, rt.keys...), rt.required...) {
				if p := m.Parameters[q]; p == nil || p.Location != "query" {
					t.Errorf("%s: %q is not a query parameter", id, q)
				}
			}
			if rt.list != "" {
				if p := m.Parameters["pageToken"]; p == nil || p.Location != "query" {
					t.Errorf("%s: a list without a pageToken parameter", id)
				}
				if s := doc.Schemas[rt.schema]; s == nil || s.Properties["nextPageToken"] == nil || s.Properties[rt.list] == nil {
					t.Errorf("%s: %s has no nextPageToken or %s", id, rt.schema, rt.list)
				}
			}
		}
		if doc.Schemas[rt.schema] == nil {
			t.Errorf("%s: schema %s is not in %s", rt.id, rt.schema, docFile(rt.doc))
		}
	}
}
