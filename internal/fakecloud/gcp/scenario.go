package gcp

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/irscan/irscan/internal/fakecloud/fixture"
)

// Scenario is scenario.yaml: the resource hierarchy of the fake Google Cloud,
// who may call it and how it behaves. testdata/fakecloud/gcp/README.md
// documents every field with examples.
type Scenario struct {
	// Description says what the scenario represents, for people.
	Description string `yaml:"description" json:"description,omitempty"`
	// Base makes the scenario inherit another scenario's response bodies
	// (see fixture.Base).
	Base *fixture.Base `yaml:"base" json:"base,omitempty"`
	// Missing is what a call without a fixture answers: "error" (the
	// default: 500 INTERNAL naming the files looked for) or "empty" (what a
	// resource where nothing is configured answers). Projects may override it.
	Missing string `yaml:"missing" json:"missing,omitempty"`
	// Organization is the organization at the top of the hierarchy, if any.
	Organization *Organization `yaml:"organization" json:"organization,omitempty"`
	// Folders sit under the organization or under other folders.
	Folders []*Folder `yaml:"folders" json:"folders,omitempty"`
	// Projects sit under the organization, a folder, or nothing.
	Projects []*Project `yaml:"projects" json:"projects"`
	// Principals are the callers, by OAuth access token.
	Principals []*Principal `yaml:"principals" json:"principals,omitempty"`
	// Deny lists permissions refused with PERMISSION_DENIED.
	Deny []DenyRule `yaml:"deny" json:"deny,omitempty"`
	// Faults inject latency, 429s and 5xx errors.
	Faults []Fault `yaml:"faults" json:"faults,omitempty"`
}

// Organization is a Google Cloud organization.
type Organization struct {
	// ID is the numeric organization ID ("123456789012"; quote it in YAML).
	ID string `yaml:"id" json:"id"`
	// DisplayName is the organization's domain, e.g. acme.example.
	DisplayName string `yaml:"display_name" json:"display_name,omitempty"`
	// DirectoryCustomerID is the Google Workspace customer ID.
	DirectoryCustomerID string `yaml:"directory_customer_id" json:"directory_customer_id,omitempty"`
}

// Folder is a folder of the resource hierarchy.
type Folder struct {
	ID          string `yaml:"id" json:"id"` // numeric, quoted in YAML
	DisplayName string `yaml:"display_name" json:"display_name,omitempty"`
	// Parent is "organizations/<id>" or "folders/<id>".
	Parent string `yaml:"parent" json:"parent"`
}

// Project is a Google Cloud project.
type Project struct {
	ID          string            `yaml:"id" json:"id"`         // project ID, e.g. acme-prod
	Number      string            `yaml:"number" json:"number"` // project number, quoted in YAML
	DisplayName string            `yaml:"display_name" json:"display_name,omitempty"`
	Parent      string            `yaml:"parent" json:"parent,omitempty"` // "organizations/<id>", "folders/<id>" or empty
	Labels      map[string]string `yaml:"labels" json:"labels,omitempty"`
	// DisabledAPIs are service names (securitycenter.googleapis.com) that
	// are not enabled in the project: calls that consume them answer
	// SERVICE_DISABLED.
	DisabledAPIs []string `yaml:"disabled_apis" json:"disabled_apis,omitempty"`
	// Missing overrides Scenario.Missing for calls on this project.
	Missing string `yaml:"missing" json:"missing,omitempty"`
}

// Principal is a caller: a service account or user, identified by the
// OAuth access tokens it presents.
type Principal struct {
	// Email is the caller's identity, used in error messages and the call log.
	Email string `yaml:"email" json:"email"`
	// Tokens are the access tokens that authenticate as this principal. A
	// principal without tokens is the default: it accepts any token that
	// no other principal lists. At most one principal may have none.
	Tokens []string `yaml:"tokens" json:"tokens,omitempty"`
	// Project is the principal's own project (a service account's project,
	// or a user's quota project): the consumer whose enabled APIs are
	// checked unless the request names another in X-Goog-User-Project.
	Project string `yaml:"project" json:"project,omitempty"`
	// Permissions, when set, are the only permissions the principal holds
	// (patterns with * wildcards); everything else is PERMISSION_DENIED.
	Permissions []string `yaml:"permissions" json:"permissions,omitempty"`
}

// DenyRule refuses a permission, optionally only to one principal, on some
// resources or paths.
type DenyRule struct {
	// Permission is a pattern such as "securitycenter.notificationconfig.list"
	// or "logging.*" (* matches any characters).
	Permission string `yaml:"permission" json:"permission"`
	// Principal is the email of the principal refused; empty: everyone.
	Principal string `yaml:"principal" json:"principal,omitempty"`
	// Resource is a pattern over the resource the permission is checked on
	// ("organizations/123456789012", "projects/acme-data*"); empty: any.
	Resource string `yaml:"resource" json:"resource,omitempty"`
	// Path is a pattern over the request path ("/v1/projects/*/contacts");
	// empty: any.
	Path string `yaml:"path" json:"path,omitempty"`
}

// Fault injects misbehaviour into the calls it matches.
type Fault struct {
	// Permission is a pattern over the route's permission ("logging.*",
	// "*"); empty matches every call.
	Permission string `yaml:"permission" json:"permission,omitempty"`
	// Path is a pattern over the request path; empty matches every path.
	Path string `yaml:"path" json:"path,omitempty"`
	// Principal is the email of the principal affected; empty: everyone.
	Principal string `yaml:"principal" json:"principal,omitempty"`
	// Latency delays every matching call.
	Latency time.Duration `yaml:"latency" json:"latency,omitempty"`
	// Throttle answers the first Throttle matching calls with 429
	// RESOURCE_EXHAUSTED.
	Throttle int `yaml:"throttle" json:"throttle,omitempty"`
	// Errors answers the next Errors matching calls with a 5xx error.
	Errors int `yaml:"errors" json:"errors,omitempty"`
	// ErrorStatus is the status of those errors: 503 (default) or 500-599.
	ErrorStatus int `yaml:"error_status" json:"error_status,omitempty"`
	// Rate limits matching calls to Rate per second per principal and
	// route (burst: one second's worth); calls beyond it get 429.
	Rate float64 `yaml:"rate" json:"rate,omitempty"`
}

var (
	numericRe   = regexp.MustCompile(`^[0-9]{1,19}$`)
	projectIDRe = regexp.MustCompile(`^[a-z][a-z0-9-]{4,28}[a-z0-9]$`)
	emailRe     = regexp.MustCompile(`^[^@\s]+@[^@\s]+$`)
	serviceRe   = regexp.MustCompile(`^[a-z0-9-]+\.googleapis\.com$`)
)

// validate checks the scenario, reporting every problem at once, and fills
// defaults.
func (sc *Scenario) validate() error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if err := fixture.CheckMissing(sc.Missing); err != nil {
		add("missing: %w", err)
	}
	if o := sc.Organization; o != nil {
		if !numericRe.MatchString(o.ID) {
			add("organization.id: %q is not a numeric organization ID (quote it in YAML)", o.ID)
		}
		if o.DisplayName == "" {
			o.DisplayName = "organization-" + o.ID
		}
	}
	folders := map[string]bool{}
	for i, f := range sc.Folders {
		if !numericRe.MatchString(f.ID) {
			add("folders[%d].id: %q is not a numeric folder ID (quote it in YAML)", i, f.ID)
		}
		if folders[f.ID] {
			add("folders[%d].id: folder %s is listed twice", i, f.ID)
		}
		folders[f.ID] = true
		if f.DisplayName == "" {
			f.DisplayName = "folder-" + f.ID
		}
	}
	for i, f := range sc.Folders {
		if f.Parent == "" || !sc.knownParent(f.Parent) {
			add("folders[%d].parent: %q is neither the organization nor one of the folders", i, f.Parent)
		}
	}
	if cycle := sc.folderCycle(); cycle != "" {
		add("folders: %s is its own ancestor", cycle)
	}
	if len(sc.Projects) == 0 {
		add("projects: at least one project is required")
	}
	ids, numbers := map[string]bool{}, map[string]bool{}
	for i, p := range sc.Projects {
		where := fmt.Sprintf("projects[%d]", i)
		if !projectIDRe.MatchString(p.ID) {
			add("%s.id: %q is not a project ID (6-30 lower-case letters, digits and hyphens, starting with a letter)", where, p.ID)
		}
		if !numericRe.MatchString(p.Number) {
			add("%s.number: %q is not a project number (quote it in YAML)", where, p.Number)
		}
		if ids[p.ID] || numbers[p.Number] {
			add("%s: project %s (%s) is listed twice", where, p.ID, p.Number)
		}
		ids[p.ID], numbers[p.Number] = true, true
		if p.Parent != "" && !sc.knownParent(p.Parent) {
			add("%s.parent: %q is neither the organization nor one of the folders", where, p.Parent)
		}
		for _, a := range p.DisabledAPIs {
			if !serviceRe.MatchString(a) {
				add("%s.disabled_apis: %q is not a service name such as securitycenter.googleapis.com", where, a)
			} else if apiByService(a) == nil {
				add("%s.disabled_apis: %s is not served by fakecloud (one of %s)", where, a, serviceNames())
			}
		}
		if err := fixture.CheckMissing(p.Missing); err != nil {
			add("%s.missing: %w", where, err)
		}
		if p.DisplayName == "" {
			p.DisplayName = p.ID
		}
	}
	tokens := map[string]string{}
	defaults := 0
	for i, pr := range sc.Principals {
		where := fmt.Sprintf("principals[%d]", i)
		if !emailRe.MatchString(pr.Email) {
			add("%s.email: %q is not an email address", where, pr.Email)
		}
		if len(pr.Tokens) == 0 {
			defaults++
		}
		for _, t := range pr.Tokens {
			if t == "" || strings.ContainsAny(t, " \t\r\n") {
				add("%s.tokens: %q is not a bearer token", where, t)
			}
			if prev, dup := tokens[t]; dup {
				add("%s.tokens: %q is also a token of %s", where, t, prev)
			}
			tokens[t] = pr.Email
		}
		if pr.Project != "" && sc.project(pr.Project) == nil {
			add("%s.project: %q is not one of the projects", where, pr.Project)
		}
		for _, p := range pr.Permissions {
			if err := checkPermissionPattern(p); err != nil {
				add("%s.permissions: %v", where, err)
			}
		}
	}
	if defaults > 1 {
		add("principals: %d principals have no tokens; at most one may be the default", defaults)
	}
	for i, d := range sc.Deny {
		if err := checkPermissionPattern(d.Permission); err != nil {
			add("deny[%d].permission: %v", i, err)
		}
		if d.Principal != "" && sc.principal(d.Principal) == nil {
			add("deny[%d].principal: %q is not one of the principals", i, d.Principal)
		}
	}
	for i, f := range sc.Faults {
		if err := f.validate(); err != nil {
			add("faults[%d]: %v", i, err)
		}
		if f.Principal != "" && sc.principal(f.Principal) == nil {
			add("faults[%d].principal: %q is not one of the principals", i, f.Principal)
		}
	}
	return errors.Join(errs...)
}

func (f Fault) validate() error {
	if f.Permission != "" {
		if err := checkPermissionPattern(f.Permission); err != nil {
			return fmt.Errorf("permission: %w", err)
		}
	}
	if f.Latency < 0 || f.Throttle < 0 || f.Errors < 0 || f.Rate < 0 {
		return errors.New("latency, throttle, errors and rate must not be negative")
	}
	if f.ErrorStatus != 0 && (f.ErrorStatus < 500 || f.ErrorStatus > 599) {
		return fmt.Errorf("error_status: %d is not a 5xx status", f.ErrorStatus)
	}
	return nil
}

// knownParent reports whether name is the organization or a folder.
func (sc *Scenario) knownParent(name string) bool {
	kind, id, ok := strings.Cut(name, "/")
	if !ok {
		return false
	}
	switch kind {
	case "organizations":
		return sc.Organization != nil && sc.Organization.ID == id
	case "folders":
		return sc.folder(id) != nil
	}
	return false
}

// folderCycle returns a folder that is its own ancestor, or "".
func (sc *Scenario) folderCycle() string {
	for _, f := range sc.Folders {
		seen := map[string]bool{}
		for cur := f; cur != nil; {
			if seen[cur.ID] {
				return "folders/" + cur.ID
			}
			seen[cur.ID] = true
			kind, id, _ := strings.Cut(cur.Parent, "/")
			if kind != "folders" {
				break
			}
			cur = sc.folder(id)
		}
	}
	return ""
}

// project returns the project with the given ID or number, or nil.
func (sc *Scenario) project(idOrNumber string) *Project {
	for _, p := range sc.Projects {
		if p.ID == idOrNumber || p.Number == idOrNumber {
			return p
		}
	}
	return nil
}

// folder returns the folder with the given ID, or nil.
func (sc *Scenario) folder(id string) *Folder {
	for _, f := range sc.Folders {
		if f.ID == id {
			return f
		}
	}
	return nil
}

// principal returns the principal with the given email, or nil.
func (sc *Scenario) principal(email string) *Principal {
	for _, p := range sc.Principals {
		if p.Email == email {
			return p
		}
	}
	return nil
}

// exists reports whether a container ("organizations/1", "folders/2",
// "projects/acme-prod" or "projects/111") is part of the scenario.
func (sc *Scenario) exists(container string) bool {
	kind, id, _ := strings.Cut(container, "/")
	switch kind {
	case "organizations":
		return sc.Organization != nil && sc.Organization.ID == id
	case "folders":
		return sc.folder(id) != nil
	case "projects":
		return sc.project(id) != nil
	}
	return false
}

// parentOf returns the parent of a container, or "" at the top.
func (sc *Scenario) parentOf(container string) string {
	kind, id, _ := strings.Cut(container, "/")
	switch kind {
	case "folders":
		if f := sc.folder(id); f != nil {
			return f.Parent
		}
	case "projects":
		if p := sc.project(id); p != nil {
			return p.Parent
		}
	}
	return ""
}

// ancestry returns a container followed by its ancestors up to the top
// ("projects/acme-prod", "folders/456", "organizations/123456789012"),
// projects named by ID.
func (sc *Scenario) ancestry(container string) []string {
	var out []string
	for cur := sc.canonical(container); cur != "" && len(out) < 32; cur = sc.parentOf(cur) {
		out = append(out, cur)
	}
	return out
}

// canonical names a project container by its ID ("projects/111111111111"
// → "projects/acme-prod"); other names are returned unchanged.
func (sc *Scenario) canonical(container string) string {
	if id, ok := strings.CutPrefix(container, "projects/"); ok {
		if p := sc.project(id); p != nil {
			return "projects/" + p.ID
		}
	}
	return container
}

// missingMode is the missing-fixture mode for a call on a project (nil: a
// call on the organization, a folder or nothing in particular).
func (sc *Scenario) missingMode(p *Project) string {
	if p != nil {
		return fixture.MissingMode(p.Missing, sc.Missing)
	}
	return fixture.MissingMode(sc.Missing)
}

// apiDisabled reports whether service is disabled in project p.
func (p *Project) apiDisabled(service string) bool {
	if p == nil {
		return false
	}
	for _, a := range p.DisabledAPIs {
		if a == service {
			return true
		}
	}
	return false
}

// Inherits returns the scenario's base, if any (fixture.Inheritor).
func (sc *Scenario) Inherits() *fixture.Base { return sc.Base }
