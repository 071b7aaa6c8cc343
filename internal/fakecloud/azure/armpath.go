package azure

import (
	"fmt"
	"net/http"
	"strings"
)

// resourcePath is an ARM request path taken apart: which subscription and
// resource group it is in, the resource provider namespace and the chain of
// resource types it names, and whether it names one resource or a
// collection (a list).
type resourcePath struct {
	clean         string   // the path without trailing "/", as requested
	subscription  string   // "" outside /subscriptions/{id}
	resourceGroup string   // "" outside .../resourceGroups/{name}
	namespace     string   // e.g. "Microsoft.Security"; "Microsoft.Resources" for subscriptions, resource groups and tenants
	types         []string // resource type chain, e.g. ["networkWatchers", "flowLogs"]
	collection    bool     // the path ends with a type (a list), not a name
}

// parsePath takes an ARM path apart. It accepts /subscriptions,
// /subscriptions/{id}[/resourceGroups[/{rg}]][/<type>/<name>...]
// [/providers/<Namespace>/<type>[/<name>/<type>...]] (provider parts may
// repeat, for extension resources such as Sentinel's), /providers/... at
// tenant scope and /tenants.
func parsePath(p string) (resourcePath, error) {
	clean := strings.TrimRight(p, "/")
	segs := strings.Split(strings.TrimPrefix(clean, "/"), "/")
	if clean == "" || !strings.HasPrefix(p, "/") {
		return resourcePath{}, fmt.Errorf("%q is not an ARM path", p)
	}
	for _, s := range segs {
		if s == "" {
			return resourcePath{}, fmt.Errorf("%q has an empty segment", p)
		}
	}
	rp := resourcePath{clean: clean, namespace: "Microsoft.Resources"}
	var rest []string
	switch {
	case strings.EqualFold(segs[0], "tenants"):
		rp.types = []string{"tenants"}
		rp.collection = len(segs) == 1
		if len(segs) > 2 {
			return resourcePath{}, fmt.Errorf("%q: only /tenants and /tenants/{id} are tenant paths", p)
		}
		return rp, nil
	case strings.EqualFold(segs[0], "providers"):
		rest = segs
	case strings.EqualFold(segs[0], "subscriptions"):
		rp.types = []string{"subscriptions"}
		if len(segs) == 1 {
			rp.collection = true
			return rp, nil
		}
		rp.subscription = strings.ToLower(segs[1])
		rest = segs[2:]
		if len(rest) > 0 && strings.EqualFold(rest[0], "resourceGroups") {
			rp.types = append(rp.types, "resourceGroups")
			if len(rest) == 1 {
				rp.collection = true
				return rp, nil
			}
			rp.resourceGroup = rest[1]
			rest = rest[2:]
		}
	default:
		return resourcePath{}, fmt.Errorf("%q is not an ARM path (/subscriptions/..., /providers/... or /tenants)", p)
	}

	// What follows alternates <type>/<name>, except where "providers"
	// switches to a resource provider namespace (the last one wins: an
	// extension resource belongs to its own provider).
	for i := 0; i < len(rest); {
		if strings.EqualFold(rest[i], "providers") {
			if i+1 == len(rest) {
				// GET .../providers: the registered resource providers.
				rp.namespace, rp.types, rp.collection = "Microsoft.Resources", []string{"subscriptions", "providers"}, true
				return rp, nil
			}
			rp.namespace, rp.types, rp.collection = rest[i+1], nil, false
			i += 2
			if i == len(rest) {
				// GET .../providers/<Namespace>: one resource provider.
				rp.namespace, rp.types = "Microsoft.Resources", []string{"subscriptions", "providers"}
				return rp, nil
			}
			continue
		}
		rp.types = append(rp.types, rest[i])
		rp.collection = i+1 == len(rest)
		i += 2
	}
	return rp, nil
}

// Action returns the Azure RBAC action a request needs: for GET
// "<Namespace>/<type>[/<child type>...]/read", the resource types named by
// the path after its last /providers/<Namespace> (names dropped), e.g.
//
//	GET /subscriptions/{s}/providers/Microsoft.Security/securityContacts → Microsoft.Security/securityContacts/read
//	GET /subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.Network/networkWatchers/{nw}/flowLogs → Microsoft.Network/networkWatchers/flowLogs/read
//	GET .../workspaces/{ws}/providers/Microsoft.SecurityInsights/alertRules → Microsoft.SecurityInsights/alertRules/read
//	GET /subscriptions/{s} → Microsoft.Resources/subscriptions/read
//	GET /subscriptions/{s}/resourceGroups → Microsoft.Resources/subscriptions/resourceGroups/read
//
// PUT and PATCH need ".../write", DELETE ".../delete", and POST
// "<Namespace>/<type>/<operation>/action" (POST .../storageAccounts/{a}/listKeys →
// Microsoft.Storage/storageAccounts/listKeys/action). It returns "" for a
// path that is not an ARM path.
func Action(method, path string) string {
	rp, err := parsePath(path)
	if err != nil {
		return ""
	}
	return rp.action(method)
}

// action is the RBAC action of method on the path.
func (rp resourcePath) action(method string) string {
	verb := "read"
	switch method {
	case http.MethodPut, http.MethodPatch:
		verb = "write"
	case http.MethodDelete:
		verb = "delete"
	case http.MethodPost:
		verb = "action"
	}
	return rp.namespace + "/" + strings.Join(rp.types, "/") + "/" + verb
}

// scope is the scope AuthorizationFailed messages name: the resource itself,
// or for a list the resource (or subscription) the list is in.
func (rp resourcePath) scope() string {
	if !rp.collection {
		return rp.clean
	}
	s := rp.clean[:strings.LastIndexByte(rp.clean, '/')]
	if i := strings.LastIndexByte(s, '/'); i >= 0 && strings.HasSuffix(strings.ToLower(s[:i]), "/providers") {
		s = s[:i-len("/providers")]
	}
	if s == "" {
		return "/"
	}
	return s
}

// key is the case-insensitive fixture key of the path.
func (rp resourcePath) key() string { return strings.ToLower(rp.clean) }

// typeName is "<Namespace>/<types...>", e.g. "Microsoft.Storage/storageAccounts".
func (rp resourcePath) typeName() string {
	return rp.namespace + "/" + strings.Join(rp.types, "/")
}

// name is the last segment of a single-resource path.
func (rp resourcePath) name() string {
	return rp.clean[strings.LastIndexByte(rp.clean, '/')+1:]
}
