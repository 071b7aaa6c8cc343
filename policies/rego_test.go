package policies

import (
	"context"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/tester"
)

// TestRego runs every *_test.rego beside the embedded checks through OPA's
// tester, compiled against the snapshot schema like production.
func TestRego(t *testing.T) {
	srcs, err := embeddedSources(true)
	if err != nil {
		t.Fatal(err)
	}
	mods := map[string]*ast.Module{}
	for _, s := range srcs {
		m, err := ast.ParseModuleWithOpts(s.name, string(s.text), ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
		if err != nil {
			t.Fatal(err)
		}
		mods[s.name] = m
	}
	schema, err := InputSchema()
	if err != nil {
		t.Fatal(err)
	}
	ss := ast.NewSchemaSet()
	ss.Put(ast.SchemaRootRef, schema)
	compiler := ast.NewCompiler().WithSchemas(ss).WithCapabilities(capabilities()).WithUseTypeCheckAnnotations(true)
	ch, err := tester.NewRunner().SetCompiler(compiler).SetModules(mods).Run(context.Background(), mods)
	if err != nil {
		t.Fatal(err)
	}
	ran := 0
	for r := range ch {
		ran++
		t.Run(r.Package+"."+r.Name, func(t *testing.T) {
			switch {
			case r.Error != nil:
				t.Errorf("error: %v", r.Error)
			case r.Fail:
				t.Errorf("FAIL")
			}
		})
	}
	if ran == 0 {
		t.Fatal("no Rego tests ran")
	}
}

// TestEmbeddedChecksLoad proves every built-in check has valid metadata.
func TestEmbeddedChecksLoad(t *testing.T) {
	e, err := Load(context.Background(), Options{Config: DefaultConfig()})
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Checks()) == 0 {
		t.Fatal("no checks")
	}
	for _, c := range e.Checks() {
		if len(c.Frameworks["cis-v8"]) == 0 && len(c.Frameworks["nist-800-53-r4"]) == 0 {
			t.Errorf("%s has no framework IDs", c.ID)
		}
	}
}
