// Package gen derives files from the single source of the snapshot
// contract, the section registries (collectors/<cloud>/registry.go), with
// the per-section data schemas (snapshot/sections/<cloud>/<name>.schema.json)
// and the checks' METADATA (policies/checks/<cloud>/*.rego):
//
//   - snapshot/snapshot.schema.json: snapshot/sections/base.schema.json with
//     one entry per section (the envelope {status, error, action, calls,
//     data} or {..., regions: {<region>: {...}}} around its data schema);
//   - docs/permissions/*: the AWS IAM policies, the Azure custom role and the
//     GCP custom role, from the permission of every registry call;
//   - the text between <!-- gen:NAME --> and <!-- /gen:NAME --> in every
//     Markdown file (counts, SECTIONS.md's index and each section's
//     permissions; see Markers).
//
// cmd/irscan-gen writes them (`go generate ./...`); the package's test
// fails, naming the file, when a committed file is not what it would write.
package gen

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/irscan/irscan/collectors"
	"github.com/irscan/irscan/collectors/aws"
	"github.com/irscan/irscan/collectors/azure"
	"github.com/irscan/irscan/collectors/gcp"
)

// Command is what a contributor runs to bring the generated files up to date.
const Command = "go generate ./..."

// Cloud is one cloud's registry.
type Cloud struct {
	Name     string // aws, azure, gcp
	Title    string // AWS, Azure, GCP
	Registry string // the registry's file, relative to the repository root
	Sections []collectors.Section
	// ScopeCalls resolve the scopes to read (accounts, subscriptions)
	// rather than fill a section.
	ScopeCalls []collectors.Call
}

// Clouds are the three registries, in report order.
func Clouds() []Cloud {
	return []Cloud{
		{Name: "aws", Title: "AWS", Registry: "collectors/aws/registry.go", Sections: aws.Sections(), ScopeCalls: aws.ScopeCalls()},
		{Name: "azure", Title: "Azure", Registry: "collectors/azure/registry.go", Sections: azure.Sections(), ScopeCalls: azure.ScopeCalls()},
		{Name: "gcp", Title: "GCP", Registry: "collectors/gcp/registry.go", Sections: gcp.Sections(), ScopeCalls: gcp.ScopeCalls()},
	}
}

// Generated files, relative to the repository root.
const (
	SchemaFile       = "snapshot/snapshot.schema.json"
	BaseSchemaFile   = "snapshot/sections/base.schema.json"
	SectionsFile     = "snapshot/SECTIONS.md"
	AWSPolicyFile    = "docs/permissions/aws-iam-policy.json"
	AWSAddOnFile     = "docs/permissions/aws-securityaudit-addon.json"
	AWSOrgFile       = "docs/permissions/aws-org-scanner.json"
	AzureRoleFile    = "docs/permissions/azure-custom-role.json"
	GCPRoleFile      = "docs/permissions/gcp-custom-role.yaml"
	checksDir        = "policies/checks"
	markdownSuffix   = ".md"
	markerNamePrefix = "section:"
)

// input is everything the generated files are derived from.
type input struct {
	root   string
	clouds []Cloud
	checks []check
}

func load(root string) (*input, error) {
	in := &input{root: root, clouds: Clouds()}
	seen := map[string]string{}
	for _, c := range in.clouds {
		if err := collectors.Validate(c.Name, c.Sections); err != nil {
			return nil, err
		}
		for _, s := range c.Sections {
			if prev, dup := seen[s.Name]; dup {
				return nil, fmt.Errorf("section %s is in the %s and the %s registries", s.Name, prev, c.Name)
			}
			seen[s.Name] = c.Name
		}
	}
	checks, err := loadChecks(filepath.Join(root, checksDir))
	if err != nil {
		return nil, err
	}
	for _, ch := range checks {
		for _, r := range ch.requires {
			if seen[r] != ch.cloud {
				return nil, fmt.Errorf("%s: check %s requires section %s, which the %s registry does not list", ch.file, ch.id, r, ch.cloud)
			}
		}
	}
	in.checks = checks
	return in, nil
}

// Files returns every generated file with the content it must have, keyed
// by its path relative to root (slash-separated).
func Files(root string) (map[string][]byte, error) {
	in, err := load(root)
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	if out[SchemaFile], err = in.schema(); err != nil {
		return nil, err
	}
	for name, f := range map[string]func() ([]byte, error){
		AWSPolicyFile: in.awsPolicy, AWSAddOnFile: in.awsAddOn, AWSOrgFile: in.awsOrgScanner,
		AzureRoleFile: in.azureRole, GCPRoleFile: in.gcpRole,
	} {
		if out[name], err = f(); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	values, err := in.markerValues(out)
	if err != nil {
		return nil, err
	}
	mds, err := markdownFiles(root)
	if err != nil {
		return nil, err
	}
	for _, rel := range mds {
		raw, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
		if err != nil {
			return nil, err
		}
		text := string(raw)
		if rel == SectionsFile {
			if text, err = in.sectionStubs(text); err != nil {
				return nil, fmt.Errorf("%s: %w", rel, err)
			}
		}
		if !strings.Contains(text, markerStart) {
			continue
		}
		got, err := rewrite(text, func(name string) (string, bool) { return in.markerText(name, values) })
		if err != nil {
			return nil, fmt.Errorf("%s: %w", rel, err)
		}
		out[rel] = []byte(got)
	}
	if _, ok := out[SectionsFile]; !ok {
		return nil, fmt.Errorf("%s has no generated index (<!-- gen:sections-index -->)", SectionsFile)
	}
	return out, nil
}

// Stale lists the generated files whose committed content differs from
// what Files returns (or that are missing), sorted.
func Stale(root string, files map[string][]byte) []string {
	var stale []string
	for rel, want := range files {
		got, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(rel)))
		if err != nil || !bytes.Equal(got, want) {
			stale = append(stale, rel)
		}
	}
	sort.Strings(stale)
	return stale
}

// Write writes the files that differ, and returns their paths.
func Write(root string, files map[string][]byte) ([]string, error) {
	stale := Stale(root, files)
	for _, rel := range stale {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(p, files[rel], 0o644); err != nil {
			return nil, err
		}
	}
	return stale, nil
}

// skipDirs are not searched for Markdown: build and run output, and
// dependencies.
var skipDirs = []string{"out", "bin", "node_modules", "vendor"}

// markdownFiles lists the repository's Markdown files, slash-separated
// and relative to root.
func markdownFiles(root string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel != "." && (strings.HasPrefix(d.Name(), ".") || slices.Contains(skipDirs, rel)) {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(d.Name(), markdownSuffix) {
			out = append(out, rel)
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

// section finds a section of any registry.
func (in *input) section(name string) (Cloud, collectors.Section, bool) {
	for _, c := range in.clouds {
		for _, s := range c.Sections {
			if s.Name == name {
				return c, s, true
			}
		}
	}
	return Cloud{}, collectors.Section{}, false
}

// readers are the checks that require a section, sorted.
func (in *input) readers(section string) []string {
	var out []string
	for _, ch := range in.checks {
		if slices.Contains(ch.requires, section) {
			out = append(out, ch.id)
		}
	}
	sort.Strings(out)
	return out
}

// dependents are the sections filled after a section, in registry order.
func (in *input) dependents(c Cloud, section string) []string {
	var out []string
	for _, s := range c.Sections {
		if slices.Contains(s.After, section) {
			out = append(out, s.Name)
		}
	}
	return out
}
