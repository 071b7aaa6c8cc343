package azure

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/irscan/irscan/internal/fakecloud/fixture"
)

// Scenario is scenario.yaml: who exists in the fake Azure and how it behaves.
// testdata/fakecloud/azure/README.md documents every field with examples.
type Scenario struct {
	// Description says what the scenario represents, for people.
	Description string `yaml:"description" json:"description,omitempty"`
	// Base makes the scenario inherit another scenario's response bodies
	// (see fixture.Base).
	Base *fixture.Base `yaml:"base" json:"base,omitempty"`
	// Missing is what a list path without a fixture answers: "error" (the
	// default: 500 naming the fixture looked for) or "empty" ({"value": []}).
	// A single resource without a fixture is 404 in both modes.
	// Subscriptions may override it.
	Missing string `yaml:"missing" json:"missing,omitempty"`
	// Tenant is the Microsoft Entra tenant every principal and subscription
	// belongs to.
	Tenant Tenant `yaml:"tenant" json:"tenant"`
	// Principals are the service principals that may obtain a token.
	Principals []*Principal `yaml:"principals" json:"principals"`
	// Subscriptions are the subscriptions of the tenant.
	Subscriptions []*Subscription `yaml:"subscriptions" json:"subscriptions"`
	// Deny refuses RBAC actions with 403 AuthorizationFailed.
	Deny []DenyRule `yaml:"deny" json:"deny,omitempty"`
	// Faults inject latency, throttling and 5xx errors.
	Faults []Fault `yaml:"faults" json:"faults,omitempty"`
}

// Tenant is a Microsoft Entra tenant.
type Tenant struct {
	// ID is the tenant ID (a GUID): AZURE_TENANT_ID.
	ID string `yaml:"id" json:"id"`
	// Domain is its default domain (default <first 8 hex of ID>.onmicrosoft.com);
	// token requests may name the tenant by it.
	Domain string `yaml:"domain" json:"domain,omitempty"`
	// DisplayName is what GET /tenants returns (default "Contoso").
	DisplayName string `yaml:"display_name" json:"display_name,omitempty"`
}

// Principal is a service principal (an app registration with a client
// secret), selected by the client ID of the token it obtained.
type Principal struct {
	// Name is a label for messages and the call log, e.g. "irscan-reader".
	Name string `yaml:"name" json:"name"`
	// ClientID is the application (client) ID: AZURE_CLIENT_ID.
	ClientID string `yaml:"client_id" json:"client_id"`
	// ClientSecret is the secret the token endpoint accepts: AZURE_CLIENT_SECRET.
	ClientSecret string `yaml:"client_secret" json:"-"`
	// ObjectID is the service principal's object ID (the token's oid claim,
	// named in AuthorizationFailed messages); default: derived from ClientID.
	ObjectID string `yaml:"object_id" json:"object_id,omitempty"`
	// Subscriptions limits the subscriptions the principal has a role on
	// (GET /subscriptions lists only these; others answer
	// AuthorizationFailed). Empty: every subscription.
	Subscriptions []string `yaml:"subscriptions" json:"subscriptions,omitempty"`
}

// Subscription is one Azure subscription.
type Subscription struct {
	// ID is the subscription ID (a GUID).
	ID string `yaml:"id" json:"id"`
	// DisplayName is the subscription's name (default: its ID).
	DisplayName string `yaml:"display_name" json:"display_name,omitempty"`
	// State is Enabled (default), Warned, PastDue, Disabled or Deleted.
	State string `yaml:"state" json:"state,omitempty"`
	// Tags are the subscription's tags.
	Tags map[string]string `yaml:"tags" json:"tags,omitempty"`
	// Missing overrides Scenario.Missing for paths in this subscription.
	Missing string `yaml:"missing" json:"missing,omitempty"`
}

// DenyRule refuses RBAC actions, like a role assignment that lacks them.
type DenyRule struct {
	// Action is an RBAC action pattern such as
	// "Microsoft.SecurityInsights/alertRules/read" or
	// "Microsoft.SecurityInsights/*" (case-insensitive, * and ? wildcards).
	Action string `yaml:"action" json:"action"`
	// Principal limits the rule to one principal (its name or client ID).
	Principal string `yaml:"principal" json:"principal,omitempty"`
	// Scope limits the rule to request paths matching this pattern, e.g.
	// "/subscriptions/1111*/resourceGroups/rg-security/*".
	Scope string `yaml:"scope" json:"scope,omitempty"`
}

// Fault injects misbehaviour into the ARM calls it matches. A fault matches
// a call when every selector it sets (Path, Action, Principal) matches.
type Fault struct {
	// Path is a pattern over the request path, e.g.
	// "/subscriptions/*/providers/Microsoft.Security/pricings" (* crosses "/").
	Path string `yaml:"path" json:"path,omitempty"`
	// Action is an RBAC action pattern, e.g. "Microsoft.Network/*".
	Action string `yaml:"action" json:"action,omitempty"`
	// Principal limits the fault to one principal (name or client ID).
	Principal string `yaml:"principal" json:"principal,omitempty"`
	// Latency delays every matching call.
	Latency time.Duration `yaml:"latency" json:"latency,omitempty"`
	// Throttle answers the first Throttle matching calls with 429.
	Throttle int `yaml:"throttle" json:"throttle,omitempty"`
	// RetryAfter is the Retry-After of those 429s (whole seconds; default
	// 1s; 0s sends "Retry-After: 0", which lets the client pick its delay).
	RetryAfter *time.Duration `yaml:"retry_after" json:"retry_after,omitempty"`
	// ThrottleCode is the error code of those 429s (default
	// SubscriptionRequestsThrottled, or TenantRequestsThrottled outside a
	// subscription).
	ThrottleCode string `yaml:"throttle_code" json:"throttle_code,omitempty"`
	// Errors answers the next Errors matching calls with a 5xx error.
	Errors int `yaml:"errors" json:"errors,omitempty"`
	// ErrorStatus is their status: 500 (default) or another 5xx.
	ErrorStatus int `yaml:"error_status" json:"error_status,omitempty"`
}

var (
	guidRe       = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	subStates    = []string{"Enabled", "Warned", "PastDue", "Disabled", "Deleted"}
	defaultRetry = time.Second
)

// ScenarioDir resolves the directory of a scenario: <fixtures>/azure/<name>
// when it exists, else <fixtures>/<name>; with name empty, fixtures itself.
func ScenarioDir(fixtures, name string) (string, error) {
	return fixture.ScenarioDir(fixtures, "azure", name)
}

// validate checks the scenario and fills defaults.
func (sc *Scenario) validate() error {
	var errs []error
	if err := fixture.CheckMissing(sc.Missing); err != nil {
		errs = append(errs, fmt.Errorf("missing: %w", err))
	}
	if !guidRe.MatchString(sc.Tenant.ID) {
		errs = append(errs, fmt.Errorf("tenant.id: %q is not a GUID", sc.Tenant.ID))
	} else {
		sc.Tenant.ID = strings.ToLower(sc.Tenant.ID)
	}
	if sc.Tenant.Domain == "" && len(sc.Tenant.ID) >= 8 {
		sc.Tenant.Domain = sc.Tenant.ID[:8] + ".onmicrosoft.com"
	}
	if sc.Tenant.DisplayName == "" {
		sc.Tenant.DisplayName = "Contoso"
	}

	subs := map[string]bool{}
	if len(sc.Subscriptions) == 0 {
		errs = append(errs, errors.New("subscriptions: at least one subscription is required"))
	}
	for i, s := range sc.Subscriptions {
		where := fmt.Sprintf("subscriptions[%d]", i)
		if !guidRe.MatchString(s.ID) {
			errs = append(errs, fmt.Errorf("%s.id: %q is not a GUID", where, s.ID))
		}
		s.ID = strings.ToLower(s.ID)
		if subs[s.ID] {
			errs = append(errs, fmt.Errorf("%s.id: subscription %s is listed twice", where, s.ID))
		}
		subs[s.ID] = true
		if s.DisplayName == "" {
			s.DisplayName = s.ID
		}
		if s.State == "" {
			s.State = "Enabled"
		}
		if !containsFold(subStates, s.State) {
			errs = append(errs, fmt.Errorf("%s.state: %q is not one of %s", where, s.State, strings.Join(subStates, ", ")))
		}
		if err := fixture.CheckMissing(s.Missing); err != nil {
			errs = append(errs, fmt.Errorf("%s.missing: %w", where, err))
		}
	}

	if len(sc.Principals) == 0 {
		errs = append(errs, errors.New("principals: at least one principal is required"))
	}
	seen := map[string]string{}
	for i, p := range sc.Principals {
		where := fmt.Sprintf("principals[%d]", i)
		if !guidRe.MatchString(p.ClientID) {
			errs = append(errs, fmt.Errorf("%s.client_id: %q is not a GUID", where, p.ClientID))
		}
		p.ClientID = strings.ToLower(p.ClientID)
		if p.Name == "" {
			p.Name = p.ClientID
		}
		for _, k := range []string{strings.ToLower(p.Name), p.ClientID} {
			if prev, dup := seen[k]; dup && prev != where {
				errs = append(errs, fmt.Errorf("%s: name or client ID %q is also used by %s", where, k, prev))
			}
			seen[k] = where
		}
		if p.ClientSecret == "" {
			errs = append(errs, fmt.Errorf("%s.client_secret: a secret is required", where))
		}
		if p.ObjectID == "" {
			p.ObjectID = derivedObjectID(p.ClientID)
		} else if !guidRe.MatchString(p.ObjectID) {
			errs = append(errs, fmt.Errorf("%s.object_id: %q is not a GUID", where, p.ObjectID))
		}
		p.ObjectID = strings.ToLower(p.ObjectID)
		for j, s := range p.Subscriptions {
			p.Subscriptions[j] = strings.ToLower(s)
			if !subs[p.Subscriptions[j]] {
				errs = append(errs, fmt.Errorf("%s.subscriptions: %q is not one of the subscriptions", where, s))
			}
		}
	}

	for i, d := range sc.Deny {
		where := fmt.Sprintf("deny[%d]", i)
		if err := checkActionPattern(d.Action); err != nil {
			errs = append(errs, fmt.Errorf("%s.action: %w", where, err))
		}
		if d.Principal != "" && sc.principal(d.Principal) == nil {
			errs = append(errs, fmt.Errorf("%s.principal: %q is not the name or client ID of a principal", where, d.Principal))
		}
		if d.Scope != "" && !strings.HasPrefix(d.Scope, "/") && d.Scope != "*" {
			errs = append(errs, fmt.Errorf("%s.scope: %q is not a path pattern starting with /", where, d.Scope))
		}
	}
	for i, f := range sc.Faults {
		if err := f.validate(sc); err != nil {
			errs = append(errs, fmt.Errorf("faults[%d]: %w", i, err))
		}
	}
	return errors.Join(errs...)
}

// validate checks a fault; sc may be nil (faults given as Options).
func (f Fault) validate(sc *Scenario) error {
	if f.Path == "" && f.Action == "" {
		return errors.New(`path or action is required (use path: "*" for every call)`)
	}
	if f.Path != "" && f.Path != "*" && !strings.HasPrefix(f.Path, "/") {
		return fmt.Errorf("path: %q is not a path pattern starting with /", f.Path)
	}
	if f.Action != "" {
		if err := checkActionPattern(f.Action); err != nil {
			return fmt.Errorf("action: %w", err)
		}
	}
	if f.Principal != "" && sc != nil && sc.principal(f.Principal) == nil {
		return fmt.Errorf("principal: %q is not the name or client ID of a principal", f.Principal)
	}
	if f.Latency < 0 || f.Throttle < 0 || f.Errors < 0 || (f.RetryAfter != nil && *f.RetryAfter < 0) {
		return errors.New("latency, throttle, retry_after and errors must not be negative")
	}
	if f.RetryAfter != nil && *f.RetryAfter%time.Second != 0 {
		return fmt.Errorf("retry_after: %v is not a whole number of seconds (Retry-After counts seconds)", *f.RetryAfter)
	}
	if f.ErrorStatus != 0 && (f.ErrorStatus < 500 || f.ErrorStatus > 599) {
		return fmt.Errorf("error_status: %d is not a 5xx status", f.ErrorStatus)
	}
	return nil
}

// checkActionPattern accepts "*" or "<Namespace>/<...>".
func checkActionPattern(p string) error {
	if p == "*" {
		return nil
	}
	if ns, rest, ok := strings.Cut(p, "/"); !ok || ns == "" || rest == "" {
		return fmt.Errorf("%q is not an RBAC action pattern like \"Microsoft.Security/pricings/read\" or \"Microsoft.SecurityInsights/*\"", p)
	}
	return nil
}

// principal returns the principal with the given name or client ID, or nil.
func (sc *Scenario) principal(nameOrClientID string) *Principal {
	for _, p := range sc.Principals {
		if strings.EqualFold(p.Name, nameOrClientID) || strings.EqualFold(p.ClientID, nameOrClientID) {
			return p
		}
	}
	return nil
}

// subscription returns the subscription with the given ID, or nil.
func (sc *Scenario) subscription(id string) *Subscription {
	for _, s := range sc.Subscriptions {
		if strings.EqualFold(s.ID, id) {
			return s
		}
	}
	return nil
}

// missingMode is the effective missing-fixture mode in a subscription
// (nil: outside any subscription).
func (sc *Scenario) missingMode(s *Subscription) string {
	if s != nil {
		return fixture.MissingMode(s.Missing, sc.Missing)
	}
	return fixture.MissingMode(sc.Missing)
}

// hasName reports whether name (from an Entra URL) designates the tenant:
// its ID or its domain.
func (t Tenant) hasName(name string) bool {
	return strings.EqualFold(name, t.ID) || strings.EqualFold(name, t.Domain)
}

// canSee reports whether the principal has a role on the subscription.
func (p *Principal) canSee(subID string) bool {
	if len(p.Subscriptions) == 0 {
		return true
	}
	return containsFold(p.Subscriptions, subID)
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}

// Inherits returns the scenario's base, if any (fixture.Inheritor).
func (sc *Scenario) Inherits() *fixture.Base { return sc.Base }
