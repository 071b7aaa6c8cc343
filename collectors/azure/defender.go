package azure

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
)

// Api-versions of the per-resource Defender reads (generic ARM reader).
const (
	synapseAPIVersion     = "2021-06-01"
	postgresAPIVersion    = "2025-08-01"
	mysqlAPIVersion       = "2023-12-30"
	computeAPIVersion     = "2024-07-01"
	pricingsAPIVersion    = "2024-01-01"
	assignmentsAPIVersion = "2023-04-01"
)

// sqlKind is one resource type whose Defender for SQL state the MCSB
// initiative audits per resource, and the child setting that holds it.
type sqlKind struct {
	key, list, apiVersion, setting string
	// skip leaves out resources of the list the policy does not judge.
	skip func(r armResource) bool
}

var sqlKinds = []sqlKind{
	// Policy abfb4388 judges servers whose kind does not contain "analytics"
	// (dedicated SQL pools of Synapse are listed as such servers).
	{"sqlServers", "Microsoft.Sql/servers", sqlAPIVersion, "securityAlertPolicies/Default",
		func(r armResource) bool { return strings.Contains(strings.ToLower(r.Kind), "analytics") }},
	{"sqlManagedInstances", "Microsoft.Sql/managedInstances", sqlAPIVersion, "securityAlertPolicies/Default", nil},
	{"synapseWorkspaces", "Microsoft.Synapse/workspaces", synapseAPIVersion, "securityAlertPolicies/Default", nil},
	{"postgresqlFlexibleServers", "Microsoft.DBforPostgreSQL/flexibleServers", postgresAPIVersion, "advancedThreatProtectionSettings/Default", nil},
	{"mysqlFlexibleServers", "Microsoft.DBforMySQL/flexibleServers", mysqlAPIVersion, "advancedThreatProtectionSettings/Default", nil},
}

// armResource is a listed resource trimmed to what identifies it (a
// server's administrator login and endpoints are not stored).
type armResource struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Type     string `json:"type,omitempty"`
	Kind     string `json:"kind,omitempty"`
	Location string `json:"location,omitempty"`
}

// stateSetting is a Defender setting trimmed to its state (a security alert
// policy can hold a storage account access key, which is never stored).
type stateSetting struct {
	ID         string `json:"id,omitempty"`
	Name       string `json:"name,omitempty"`
	Properties struct {
		State        string `json:"state"`
		CreationTime string `json:"creationTime,omitempty"`
	} `json:"properties"`
}

// sqlResources reads, for every database resource type of sqlKinds, the
// resources of the subscription and each one's Defender for SQL setting; a
// setting that does not exist (404) is null.
func sqlResources(ctx context.Context, s *sub) (any, error) {
	out := map[string]any{}
	for _, k := range sqlKinds {
		var raws []json.RawMessage
		var err error
		if k.key == "sqlServers" {
			raws, err = s.servers(ctx)
		} else {
			raws, err = s.r.list(ctx, "/subscriptions/"+s.id+"/providers/"+k.list, k.apiVersion)
		}
		if err != nil {
			return nil, err
		}
		entries := []map[string]any{}
		for _, raw := range raws {
			var r armResource
			if err := json.Unmarshal(raw, &r); err != nil {
				return nil, fmt.Errorf("%s: %w", k.list, err)
			}
			if k.skip != nil && k.skip(r) {
				continue
			}
			entry := map[string]any{"resource": r, "setting": nil}
			body, err := s.r.get(ctx, r.ID+"/"+k.setting, k.apiVersion)
			switch {
			case isStatus(err, 404):
			case err != nil:
				return nil, err
			default:
				var st stateSetting
				if err := json.Unmarshal(body, &st); err != nil {
					return nil, fmt.Errorf("%s/%s: %w", r.ID, k.setting, err)
				}
				entry["setting"] = st
			}
			entries = append(entries, entry)
		}
		out[k.key] = entries
	}
	return out, nil
}

// resourcePricing is a Defender plan as set on one resource.
type resourcePricing struct {
	ID         string `json:"id,omitempty"`
	Name       string `json:"name,omitempty"`
	Properties struct {
		PricingTier   string `json:"pricingTier"`
		SubPlan       string `json:"subPlan,omitempty"`
		Inherited     string `json:"inherited,omitempty"`
		InheritedFrom string `json:"inheritedFrom,omitempty"`
	} `json:"properties"`
}

// resourcePricings reads the Defender for Servers plan as each virtual
// machine of the subscription has it: the subscription's plan inherited, or a
// resource-level override (inherited "False") that may switch it off.
func resourcePricings(ctx context.Context, s *sub) (any, error) {
	raws, err := s.r.list(ctx, "/subscriptions/"+s.id+"/providers/Microsoft.Compute/virtualMachines", computeAPIVersion)
	if err != nil {
		return nil, err
	}
	vms := []map[string]any{}
	for _, raw := range raws {
		var r armResource
		if err := json.Unmarshal(raw, &r); err != nil {
			return nil, fmt.Errorf("Microsoft.Compute/virtualMachines: %w", err)
		}
		entry := map[string]any{"resource": r, "pricing": nil}
		body, err := s.r.get(ctx, r.ID+"/providers/Microsoft.Security/pricings/VirtualMachines", pricingsAPIVersion)
		switch {
		case isStatus(err, 404):
		case err != nil:
			return nil, err
		default:
			var p resourcePricing
			if err := json.Unmarshal(body, &p); err != nil {
				return nil, fmt.Errorf("%s pricing: %w", r.ID, err)
			}
			entry["pricing"] = p
		}
		vms = append(vms, entry)
	}
	return map[string]any{"virtualMachines": vms}, nil
}

// policyAssignment is a policy assignment trimmed to what names it and the
// definition it assigns (its parameters are not stored).
type policyAssignment struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Properties struct {
		DisplayName        string `json:"displayName,omitempty"`
		PolicyDefinitionID string `json:"policyDefinitionId"`
		Scope              string `json:"scope,omitempty"`
		EnforcementMode    string `json:"enforcementMode,omitempty"`
	} `json:"properties"`
}

// policyAssignments lists the policy assignments that apply to the
// subscription (its own and those inherited from management groups).
func policyAssignments(ctx context.Context, s *sub) (any, error) {
	raws, err := s.r.list(ctx, "/subscriptions/"+s.id+"/providers/Microsoft.Authorization/policyAssignments", assignmentsAPIVersion)
	if err != nil {
		return nil, err
	}
	out := make([]policyAssignment, 0, len(raws))
	for _, raw := range raws {
		var a policyAssignment
		if err := json.Unmarshal(raw, &a); err != nil {
			return nil, fmt.Errorf("policy assignment: %w", err)
		}
		out = append(out, a)
	}
	return value(out), nil
}
