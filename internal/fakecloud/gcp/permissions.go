package gcp

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// PermissionSet is an allow-list of IAM permissions, as a role grants them:
// every permission it does not contain is PERMISSION_DENIED. It is how a
// test proves that the roles irscan documents are enough.
type PermissionSet struct {
	patterns []string // sorted, deduplicated; may hold * wildcards
}

// permissionRe is service.resource.verb (with * wildcards allowed).
var permissionRe = regexp.MustCompile(`^[a-z*][a-zA-Z0-9*]*(\.[a-zA-Z0-9*]+){1,3}$`)

// checkPermissionPattern accepts "*" and patterns over permission names.
func checkPermissionPattern(p string) error {
	if p == "*" || permissionRe.MatchString(p) {
		return nil
	}
	return fmt.Errorf("%q is not a permission such as securitycenter.notificationconfig.list (or a pattern like logging.*)", p)
}

// ParsePermissions reads an allow-list in any of these forms:
//
//   - a custom role, as `gcloud iam roles describe` prints it, in YAML or
//     JSON: its includedPermissions are granted;
//   - a JSON or YAML list of permissions, or an object with "permissions";
//   - plain text, one permission per line; blank lines and # comments are
//     ignored.
//
// Permissions may use * wildcards ("logging.*").
func ParsePermissions(data []byte) (*PermissionSet, error) {
	perms, err := parsePermissionDoc(data)
	if err != nil {
		return nil, err
	}
	ps := &PermissionSet{}
	seen := map[string]bool{}
	var errs []error
	for _, p := range perms {
		p = strings.TrimSpace(p)
		if err := checkPermissionPattern(p); err != nil {
			errs = append(errs, err)
			continue
		}
		if !seen[p] {
			seen[p] = true
			ps.patterns = append(ps.patterns, p)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if len(ps.patterns) == 0 {
		return nil, errors.New("no permissions found (expected includedPermissions, a list, or one permission per line)")
	}
	sort.Strings(ps.patterns)
	return ps, nil
}

// parsePermissionDoc extracts the permission strings of a role document,
// a list, or plain lines.
func parsePermissionDoc(data []byte) ([]string, error) {
	trimmed := bytes.TrimSpace(data)
	var doc any
	if len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '[') {
		// JSON; the YAML decoder reads it too.
		if err := yaml.Unmarshal(trimmed, &doc); err != nil {
			return nil, fmt.Errorf("malformed JSON: %w", err)
		}
		return permissionsOf(doc)
	}
	// A YAML role or list; plain text decodes to a single string instead
	// and is read line by line.
	if err := yaml.Unmarshal(trimmed, &doc); err == nil {
		switch doc.(type) {
		case []any, map[string]any:
			return permissionsOf(doc)
		}
	}
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return out, sc.Err()
}

// permissionsOf returns the permissions of a decoded list, or of a role's
// includedPermissions (or permissions) member.
func permissionsOf(doc any) ([]string, error) {
	switch v := doc.(type) {
	case []any:
		return stringList(v, "list")
	case map[string]any:
		for _, key := range []string{"includedPermissions", "permissions"} {
			if list, ok := v[key]; ok {
				items, ok := list.([]any)
				if !ok {
					return nil, fmt.Errorf("%s: not a list", key)
				}
				return stringList(items, key)
			}
		}
		return nil, errors.New("a role document without includedPermissions (or permissions)")
	}
	return nil, errors.New("neither a list of permissions nor a role document")
}

func stringList(items []any, what string) ([]string, error) {
	out := make([]string, 0, len(items))
	for i, it := range items {
		str, ok := it.(string)
		if !ok {
			return nil, fmt.Errorf("%s[%d]: %v is not a string", what, i, it)
		}
		out = append(out, str)
	}
	return out, nil
}

// ReadPermissions reads one or more allow-list files (see ParsePermissions)
// and grants the union of their permissions, as binding several roles does.
func ReadPermissions(paths ...string) (*PermissionSet, error) {
	if len(paths) == 0 {
		return nil, errors.New("no permission files")
	}
	union := &PermissionSet{}
	seen := map[string]bool{}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		ps, err := ParsePermissions(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		for _, pat := range ps.patterns {
			if !seen[pat] {
				seen[pat] = true
				union.patterns = append(union.patterns, pat)
			}
		}
	}
	sort.Strings(union.patterns)
	return union, nil
}

// Allows reports whether the set grants perm. A nil set grants everything.
func (ps *PermissionSet) Allows(perm string) bool {
	if ps == nil {
		return true
	}
	return anyMatch(ps.patterns, perm)
}

// Permissions returns the set's permissions (and patterns), sorted.
func (ps *PermissionSet) Permissions() []string {
	if ps == nil {
		return nil
	}
	return append([]string(nil), ps.patterns...)
}

// anyMatch reports whether any pattern matches s.
func anyMatch(patterns []string, s string) bool {
	for _, p := range patterns {
		if matchPattern(p, s) {
			return true
		}
	}
	return false
}

// matchPattern matches s against a pattern where * stands for any run of
// characters (slashes and dots included) and ? for one character.
func matchPattern(pattern, s string) bool {
	if pattern == "" {
		return s == ""
	}
	// Iterative wildcard matching with backtracking to the last *.
	p, i, star, mark := 0, 0, -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && (pattern[p] == '?' || pattern[p] == s[i]):
			p++
			i++
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, i
			p++
		case star >= 0:
			p = star + 1
			mark++
			i = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}

// denial says why a call was refused, for the call log.
type denial struct {
	perm, resource, why string
}

// authorize decides whether the call's principal holds its permission on
// its resource: deny rules (scenario and options) first, then the
// principal's own permissions, then the server's allow-list.
func (s *Server) authorize(r *request, perm, resource string) *denial {
	for _, d := range s.deny {
		if !matchPattern(d.Permission, perm) {
			continue
		}
		if d.Principal != "" && d.Principal != r.principal.Email {
			continue
		}
		if d.Resource != "" && !matchPattern(d.Resource, resource) {
			continue
		}
		if d.Path != "" && !matchPattern(d.Path, r.hr.URL.Path) {
			continue
		}
		return &denial{perm, resource, "deny rule"}
	}
	if len(r.principal.Permissions) > 0 && !anyMatch(r.principal.Permissions, perm) {
		return &denial{perm, resource, "not among the principal's permissions"}
	}
	if !s.allow.Allows(perm) {
		return &denial{perm, resource, "not in the allow-list"}
	}
	return nil
}
