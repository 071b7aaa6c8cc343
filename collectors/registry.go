package collectors

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"
)

// Section is one entry of a cloud's section registry (collectors/<cloud>/
// registry.go): the snapshot section a collector fills, the API calls it
// makes to fill it and the permission each call needs. The registry is the
// single source of the snapshot contract: the collector runs from it, and
// `go generate ./...` (cmd/irscan-gen) writes from it the section entries of
// snapshot/snapshot.schema.json (with the data schema of
// snapshot/sections/<cloud>/<name>.schema.json), the index and the
// per-section permissions of snapshot/SECTIONS.md, and docs/permissions.
// The checks that read a section are not listed here: they are derived
// from the checks' METADATA `requires`.
type Section struct {
	// Cloud is aws, azure or gcp.
	Cloud string
	// Name is the section's stable name, <service>.<resource>.
	Name string
	// Summary says in one line what the section holds and from which calls
	// (the description of its schema entry and its SECTIONS.md row).
	Summary string
	// Scopes are the scope types whose snapshots hold the section
	// (account; subscription; organization, folder, project).
	Scopes []string
	// Regional sections hold one entry per region under `regions`; Regions
	// says which regions ("every enabled region"). For a section that is not
	// regional, Regions may say how regions are handled ("read in every
	// enabled region, merged").
	Regional bool
	Regions  string
	// Calls are the API calls that fill the section.
	Calls []Call
	// After lists the sections this one is filled after: when one of them
	// cannot be read, this one is skipped.
	After []string
}

// Call is one API call of a section (or of the scope resolution), as the
// cloud's call log names it, and the permission it needs.
type Call struct {
	// Service is the AWS signing name (guardduty, ssm-contacts), the Azure
	// resource provider (Microsoft.Security) or the Google API
	// (securitycenter).
	Service string
	// Operation is the AWS operation (ListDetectors), the Azure request
	// ("GET /subscriptions/{subscriptionId}/providers/..."; {storageAccountId}
	// stands for a storage account's ARM ID, any other {name} for one path
	// segment) or the Google API method ID, whose {a,b,c} alternatives stand
	// for one method per container kind
	// ("logging.{projects,folders,organizations}.sinks.list").
	Operation string
	// APIVersion is the Azure api-version the call sends.
	APIVersion string
	// Permission is the IAM action, Azure RBAC action or Google IAM
	// permission the call needs.
	Permission string
	// Grant, for AWS, is the statement of
	// docs/permissions/aws-securityaudit-addon.json (or, for a scope call,
	// aws-org-scanner.json) that grants Permission: set for the actions the
	// AWS managed policy SecurityAudit lacks.
	Grant string
	// Resource is the IAM resource the grant is limited to ("*" when empty).
	Resource string
	// Flag, for a scope call, is the command-line flag that makes it ("" when
	// every scan makes it); such calls are not in the permission documents
	// of a plain scan.
	Flag string
}

// SchemaFile is the section's data schema, relative to the repository root.
func (s Section) SchemaFile() string {
	return path.Join("snapshot", "sections", s.Cloud, s.Name+".schema.json")
}

// Permissions are the distinct permissions of the section's calls, in call
// order.
func (s Section) Permissions() []string {
	var out []string
	for _, c := range s.Calls {
		if !slices.Contains(out, c.Permission) {
			out = append(out, c.Permission)
		}
	}
	return out
}

// Operations expands a Google method ID's {a,b,c} alternatives (Operation
// with one alternative list; other operations are returned as they are).
func (c Call) Operations() []string {
	open := strings.Index(c.Operation, "{")
	end := strings.Index(c.Operation, "}")
	if open < 0 || end < open || !strings.Contains(c.Operation[open:end], ",") {
		return []string{c.Operation}
	}
	var out []string
	for _, alt := range strings.Split(c.Operation[open+1:end], ",") {
		out = append(out, c.Operation[:open]+alt+c.Operation[end+1:])
	}
	return out
}

// Reads are the calls a section may cite in its snapshot entry: its own and
// those of the sections it is filled after, whose shared reads it reuses.
func Reads(secs []Section, name string) []Call {
	i := slices.IndexFunc(secs, func(s Section) bool { return s.Name == name })
	if i < 0 {
		return nil
	}
	out := slices.Clone(secs[i].Calls)
	for _, d := range secs[i].After {
		out = append(out, Reads(secs, d)...)
	}
	return out
}

var (
	storageAccountParam = regexp.MustCompile(`\\\{storageAccountId\\\}`)
	pathParam           = regexp.MustCompile(`\\\{[A-Za-z]+\\\}`)
)

// MatchRequest reports whether an HTTP request is this Azure call
// ("GET /subscriptions/{subscriptionId}/..."): {storageAccountId} matches a
// storage account's ARM ID, any other {name} one path segment; ARM paths
// compare without regard to case. The api-version is not compared.
func (c Call) MatchRequest(method, urlPath string) bool {
	re := regexp.QuoteMeta(c.Operation)
	re = storageAccountParam.ReplaceAllString(re, `/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.Storage/storageAccounts/[^/]+`)
	re = pathParam.ReplaceAllString(re, `[^/]+`)
	ok, err := regexp.MatchString(`(?i)^`+re+`$`, method+" "+urlPath)
	return err == nil && ok
}

// SectionPermissions maps every section of a registry to its permissions and
// to the sections it is filled after: what a test needs to predict which
// sections, and so which checks, one missing permission leaves unread.
func SectionPermissions(secs []Section) (perms, after map[string][]string) {
	perms, after = map[string][]string{}, map[string][]string{}
	for _, s := range secs {
		perms[s.Name] = s.Permissions()
		if len(s.After) > 0 {
			after[s.Name] = slices.Clone(s.After)
		}
	}
	return perms, after
}

// Unread are the sections a missing permission leaves unread: those with a
// call that needs it (denied), then those filled after them, directly or
// not (skipped). equal compares permissions (strings.EqualFold for Azure's
// case-insensitive actions).
func Unread(secs []Section, permission string, equal func(a, b string) bool) (denied, skipped []string) {
	if equal == nil {
		equal = func(a, b string) bool { return a == b }
	}
	unread := map[string]bool{}
	for _, s := range secs {
		if slices.ContainsFunc(s.Permissions(), func(p string) bool { return equal(p, permission) }) {
			unread[s.Name] = true
			denied = append(denied, s.Name)
		}
	}
	for changed := true; changed; {
		changed = false
		for _, s := range secs {
			if !unread[s.Name] && slices.ContainsFunc(s.After, func(d string) bool { return unread[d] }) {
				unread[s.Name], changed = true, true
				skipped = append(skipped, s.Name)
			}
		}
	}
	return denied, skipped
}

// Validate checks a cloud's registry: names well formed and unique, every
// section with a summary, scopes and calls, After naming earlier sections of
// the same registry, every call with an operation and a permission.
func Validate(cloud string, secs []Section) error {
	seen := map[string]bool{}
	for i, s := range secs {
		where := fmt.Sprintf("%s registry entry %d (%s)", cloud, i+1, s.Name)
		switch {
		case s.Cloud != cloud:
			return fmt.Errorf("%s: cloud %q", where, s.Cloud)
		case !validName(s.Name):
			return fmt.Errorf("%s: a section name is <service>.<resource> in lower case", where)
		case seen[s.Name]:
			return fmt.Errorf("%s: listed twice", where)
		case strings.TrimSpace(s.Summary) == "" || strings.Contains(s.Summary, "\n"):
			return fmt.Errorf("%s: the summary must be one line", where)
		case len(s.Scopes) == 0:
			return fmt.Errorf("%s: no scope type", where)
		case len(s.Calls) == 0:
			return fmt.Errorf("%s: no API call", where)
		case s.Regional && s.Regions == "":
			return fmt.Errorf("%s: a regional section says which regions", where)
		}
		for _, d := range s.After {
			if !seen[d] {
				return fmt.Errorf("%s: filled after %s, which is not an earlier section of the registry", where, d)
			}
		}
		for _, c := range s.Calls {
			if c.Service == "" || c.Operation == "" || c.Permission == "" {
				return fmt.Errorf("%s: call %+v lacks a service, operation or permission", where, c)
			}
			if cloud == "azure" && c.APIVersion == "" {
				return fmt.Errorf("%s: Azure call %s has no api-version", where, c.Operation)
			}
		}
		seen[s.Name] = true
	}
	return nil
}

func validName(n string) bool {
	parts := strings.Split(n, ".")
	if len(parts) < 2 {
		return false
	}
	for _, p := range parts {
		if p == "" {
			return false
		}
		for _, r := range p {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
				return false
			}
		}
	}
	return true
}
