package azure

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// denial is a refused RBAC action and the scope it was refused over.
type denial struct {
	action string
	scope  string
}

// authorize applies the allow-list (Options.Allow) and the deny rules
// (scenario and options) to a call. It returns nil when the call may proceed.
func (s *Server) authorize(c *callContext) *denial {
	action := c.path.action(c.method)
	if len(s.allow) > 0 && !slices.ContainsFunc(s.allow, func(p string) bool { return matchGlob(p, action) }) {
		return &denial{action: action, scope: c.path.scope()}
	}
	for _, d := range s.deny {
		if d.Principal != "" && !c.principal.is(d.Principal) {
			continue
		}
		if d.Scope != "" && !matchGlob(d.Scope, c.path.clean) {
			continue
		}
		if matchGlob(d.Action, action) {
			return &denial{action: action, scope: c.path.scope()}
		}
	}
	return nil
}

// authorizationFailed is ARM's 403 for a missing role assignment, naming the
// client, the action and the scope as Azure does.
func authorizationFailed(p *Principal, action, scope string) reply {
	return armError(http.StatusForbidden, "AuthorizationFailed", authorizationFailedMessage(p, action, scope))
}

// authorizationFailedMessage is ARM's AuthorizationFailed message. For a
// service principal ARM names its object ID twice.
func authorizationFailedMessage(p *Principal, action, scope string) string {
	return fmt.Sprintf(
		"The client '%s' with object id '%s' does not have authorization to perform action '%s' over scope '%s' or the scope is invalid. If access was recently granted, please refresh your credentials.",
		p.ObjectID, p.ObjectID, action, scope)
}

// is reports whether the principal is the one named (by name or client ID).
func (p *Principal) is(nameOrClientID string) bool {
	return p != nil && (strings.EqualFold(p.Name, nameOrClientID) || strings.EqualFold(p.ClientID, nameOrClientID))
}

// matchGlob matches s against a case-insensitive pattern where * matches any
// run of characters ("/" included) and ? any one character.
func matchGlob(pattern, s string) bool {
	p, t := []rune(strings.ToLower(pattern)), []rune(strings.ToLower(s))
	// Iterative wildcard matching with single-star backtracking.
	pi, ti, star, mark := 0, 0, -1, 0
	for ti < len(t) {
		switch {
		case pi < len(p) && (p[pi] == '?' || p[pi] == t[ti]):
			pi++
			ti++
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, ti
			pi++
		case star >= 0:
			pi, mark = star+1, mark+1
			ti = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}
