package aws

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/irscan/irscan/internal/fakecloud/fixture"
)

// Scenario is scenario.yaml: who exists in the fake AWS and how it behaves.
// testdata/fakecloud/aws/README.md documents every field with examples.
type Scenario struct {
	// Description says what the scenario represents, for people.
	Description string `yaml:"description" json:"description,omitempty"`
	// Base makes the scenario inherit another scenario's response bodies
	// (see fixture.Base).
	Base *fixture.Base `yaml:"base" json:"base,omitempty"`
	// Missing is what an operation without a fixture answers: "error" (the
	// default: 500 InternalFailure naming the fixture looked for) or "empty"
	// (what an account where nothing is configured answers: empty lists, or
	// the API's "not configured" error). Accounts may override it.
	Missing string `yaml:"missing" json:"missing,omitempty"`
	// Organization is the AWS Organization the accounts belong to, if any.
	Organization *Organization `yaml:"organization" json:"organization,omitempty"`
	// Accounts are the accounts callers can reach, by access key ID.
	Accounts []*Account `yaml:"accounts" json:"accounts"`
	// Roles are the IAM roles sts:AssumeRole may assume.
	Roles []Role `yaml:"roles" json:"roles,omitempty"`
	// Deny lists IAM actions refused with the protocol's access-denied error.
	Deny []DenyRule `yaml:"deny" json:"deny,omitempty"`
	// Faults inject latency, throttling and 5xx errors.
	Faults []Fault `yaml:"faults" json:"faults,omitempty"`
}

// Organization is an AWS Organization.
type Organization struct {
	ID                string `yaml:"id" json:"id"`
	ManagementAccount string `yaml:"management_account" json:"management_account"`
	// Members are the member account IDs; empty means every account of the
	// scenario belongs to the organization.
	Members []string `yaml:"members" json:"members,omitempty"`
	// FeatureSet is ALL (default) or CONSOLIDATED_BILLING.
	FeatureSet string `yaml:"feature_set" json:"feature_set,omitempty"`
}

// Account is one AWS account.
type Account struct {
	ID    string `yaml:"id" json:"id"`
	Name  string `yaml:"name" json:"name"`
	Email string `yaml:"email" json:"email,omitempty"`
	// AccessKeys are the static access key IDs that authenticate as this
	// account (the secret key is never checked).
	AccessKeys []string `yaml:"access_keys" json:"access_keys"`
	// Principal is the caller ARN those keys stand for, used by
	// sts:GetCallerIdentity and in access-denied messages. Default:
	// arn:aws:sts::<id>:assumed-role/irscan/irscan.
	Principal string `yaml:"principal" json:"principal,omitempty"`
	// Regions are the enabled regions; calls to regional services elsewhere
	// fail like calls to a region that is not enabled. Empty: any region.
	Regions []string `yaml:"regions" json:"regions,omitempty"`
	// Missing overrides Scenario.Missing for this account.
	Missing string `yaml:"missing" json:"missing,omitempty"`
}

// Role is an IAM role that sts:AssumeRole may assume. Its account is the
// account in its ARN, which must be one of the scenario's accounts.
type Role struct {
	ARN string `yaml:"arn" json:"arn"`
	// TrustedAccounts may assume the role; empty means any scenario account.
	TrustedAccounts []string `yaml:"trusted_accounts" json:"trusted_accounts,omitempty"`
}

// DenyRule refuses an IAM action, optionally only in one account or region.
type DenyRule struct {
	// Action is an IAM action pattern such as "guardduty:GetDetector" or
	// "ssm-contacts:*" (case-insensitive, * and ? wildcards).
	Action  string `yaml:"action" json:"action"`
	Account string `yaml:"account" json:"account,omitempty"`
	Region  string `yaml:"region" json:"region,omitempty"`
}

// Fault injects misbehaviour into the calls it matches.
type Fault struct {
	// Operation is a pattern over "<service>:<Operation>" or the IAM action
	// ("events:ListRules", "s3:ListBuckets", "guardduty:*", "*").
	Operation string `yaml:"operation" json:"operation"`
	Account   string `yaml:"account" json:"account,omitempty"`
	Region    string `yaml:"region" json:"region,omitempty"`
	// Latency delays every matching call.
	Latency time.Duration `yaml:"latency" json:"latency,omitempty"`
	// Throttle answers the first Throttle matching calls (counted per account
	// and region) with the protocol's throttling error.
	Throttle int `yaml:"throttle" json:"throttle,omitempty"`
	// Errors answers the next Errors matching calls with a 5xx error.
	Errors int `yaml:"errors" json:"errors,omitempty"`
	// ErrorStatus is the status of those errors: 500 (default) or 502-504.
	ErrorStatus int `yaml:"error_status" json:"error_status,omitempty"`
	// ThrottleCode overrides the throttling error code.
	ThrottleCode string `yaml:"throttle_code" json:"throttle_code,omitempty"`
	// Rate limits matching calls to Rate per second (burst Rate) per account,
	// region and operation; calls beyond it are throttled.
	Rate float64 `yaml:"rate" json:"rate,omitempty"`
}

var (
	accountIDRe = regexp.MustCompile(`^[0-9]{12}$`)
	regionRe    = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`)
	roleARNRe   = regexp.MustCompile(`^arn:aws[a-z-]*:iam::([0-9]{12}):role/(?:[\w+=,.@/-]*/)?([\w+=,.@-]+)$`)
)

// validate checks the scenario and fills defaults.
func (sc *Scenario) validate() error {
	var errs []error
	if err := fixture.CheckMissing(sc.Missing); err != nil {
		errs = append(errs, fmt.Errorf("missing: %w", err))
	}
	if len(sc.Accounts) == 0 {
		errs = append(errs, errors.New("accounts: at least one account is required"))
	}
	keys := map[string]string{}
	ids := map[string]bool{}
	for i, a := range sc.Accounts {
		where := fmt.Sprintf("accounts[%d]", i)
		if !accountIDRe.MatchString(a.ID) {
			errs = append(errs, fmt.Errorf("%s.id: %q is not a 12-digit account ID (quote it in YAML)", where, a.ID))
		}
		if ids[a.ID] {
			errs = append(errs, fmt.Errorf("%s.id: account %s is listed twice", where, a.ID))
		}
		ids[a.ID] = true
		if len(a.AccessKeys) == 0 {
			errs = append(errs, fmt.Errorf("%s.access_keys: at least one access key ID is required", where))
		}
		for _, k := range a.AccessKeys {
			if prev, dup := keys[k]; dup {
				errs = append(errs, fmt.Errorf("%s.access_keys: %s is also a key of account %s", where, k, prev))
			}
			keys[k] = a.ID
		}
		for _, r := range a.Regions {
			if !regionRe.MatchString(r) {
				errs = append(errs, fmt.Errorf("%s.regions: %q is not a region name", where, r))
			}
		}
		if err := fixture.CheckMissing(a.Missing); err != nil {
			errs = append(errs, fmt.Errorf("%s.missing: %w", where, err))
		}
		if a.Principal == "" {
			a.Principal = "arn:aws:sts::" + a.ID + ":assumed-role/irscan/irscan"
		}
		if a.Name == "" {
			a.Name = a.ID
		}
	}
	if o := sc.Organization; o != nil {
		if !strings.HasPrefix(o.ID, "o-") {
			errs = append(errs, fmt.Errorf("organization.id: %q does not look like o-xxxxxxxxxx", o.ID))
		}
		if !ids[o.ManagementAccount] {
			errs = append(errs, fmt.Errorf("organization.management_account: %q is not one of the accounts", o.ManagementAccount))
		}
		for _, m := range o.Members {
			if !ids[m] {
				errs = append(errs, fmt.Errorf("organization.members: %q is not one of the accounts", m))
			}
		}
		if o.FeatureSet == "" {
			o.FeatureSet = "ALL"
		}
	}
	for i, r := range sc.Roles {
		m := roleARNRe.FindStringSubmatch(r.ARN)
		if m == nil {
			errs = append(errs, fmt.Errorf("roles[%d].arn: %q is not an IAM role ARN", i, r.ARN))
			continue
		}
		if !ids[m[1]] {
			errs = append(errs, fmt.Errorf("roles[%d].arn: account %s is not one of the accounts", i, m[1]))
		}
		for _, t := range r.TrustedAccounts {
			if !ids[t] {
				errs = append(errs, fmt.Errorf("roles[%d].trusted_accounts: %q is not one of the accounts", i, t))
			}
		}
	}
	for i, d := range sc.Deny {
		if err := checkPattern(d.Action); err != nil {
			errs = append(errs, fmt.Errorf("deny[%d].action: %w", i, err))
		}
		if d.Account != "" && !ids[d.Account] {
			errs = append(errs, fmt.Errorf("deny[%d].account: %q is not one of the accounts", i, d.Account))
		}
	}
	for i, f := range sc.Faults {
		if err := f.validate(ids); err != nil {
			errs = append(errs, fmt.Errorf("faults[%d]: %w", i, err))
		}
	}
	return errors.Join(errs...)
}

func (f Fault) validate(ids map[string]bool) error {
	if err := checkPattern(f.Operation); err != nil {
		return fmt.Errorf("operation: %w", err)
	}
	if f.Account != "" && ids != nil && !ids[f.Account] {
		return fmt.Errorf("account: %q is not one of the accounts", f.Account)
	}
	if f.Latency < 0 || f.Throttle < 0 || f.Errors < 0 || f.Rate < 0 {
		return errors.New("latency, throttle, errors and rate must not be negative")
	}
	if f.ErrorStatus != 0 && (f.ErrorStatus < 500 || f.ErrorStatus > 599) {
		return fmt.Errorf("error_status: %d is not a 5xx status", f.ErrorStatus)
	}
	return nil
}

// checkPattern accepts "*" or "<service>:<pattern>".
func checkPattern(p string) error {
	if p == "*" {
		return nil
	}
	if svc, rest, ok := strings.Cut(p, ":"); !ok || svc == "" || rest == "" {
		return fmt.Errorf("%q is not an action pattern like \"guardduty:GetDetector\" or \"ssm-contacts:List*\"", p)
	}
	return nil
}

// account returns the account with the given ID, or nil.
func (sc *Scenario) account(id string) *Account {
	for _, a := range sc.Accounts {
		if a.ID == id {
			return a
		}
	}
	return nil
}

// missingMode is the effective missing-fixture mode of an account.
func (sc *Scenario) missingMode(a *Account) string {
	if a != nil {
		return fixture.MissingMode(a.Missing, sc.Missing)
	}
	return fixture.MissingMode(sc.Missing)
}

// regionEnabled reports whether the account may call regional services in
// region.
func (a *Account) regionEnabled(region string) bool {
	if len(a.Regions) == 0 {
		return true
	}
	for _, r := range a.Regions {
		if r == region {
			return true
		}
	}
	return false
}

// inOrganization reports whether the account belongs to the organization.
func (sc *Scenario) inOrganization(id string) bool {
	o := sc.Organization
	if o == nil {
		return false
	}
	if id == o.ManagementAccount || len(o.Members) == 0 {
		return sc.account(id) != nil
	}
	for _, m := range o.Members {
		if m == id {
			return true
		}
	}
	return false
}

// role returns the role with the given ARN and its account ID.
func (sc *Scenario) role(arn string) (*Role, string) {
	for i := range sc.Roles {
		if sc.Roles[i].ARN == arn {
			return &sc.Roles[i], roleARNRe.FindStringSubmatch(arn)[1]
		}
	}
	return nil, ""
}

// Inherits returns the scenario's base, if any (fixture.Inheritor).
func (sc *Scenario) Inherits() *fixture.Base { return sc.Base }
