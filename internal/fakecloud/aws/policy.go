package aws

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Policy is an IAM identity-based policy document, reduced to what the fake
// evaluates: Effect and Action / NotAction. Resource and Condition are
// ignored (every statement applies to every resource).
type Policy struct {
	Statements []Statement
}

// Statement is one policy statement.
type Statement struct {
	Effect    string
	Actions   []string // Action patterns
	NotAction []string // NotAction patterns
}

// ParsePolicy parses an IAM policy document (JSON). Statement, Action and
// NotAction may each be a single value or a list, as in IAM.
func ParsePolicy(data []byte) (*Policy, error) {
	var doc struct {
		Version   string          `json:"Version"`
		Statement json.RawMessage `json:"Statement"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("policy: %w", err)
	}
	var raw []json.RawMessage
	if err := unmarshalOneOrMany(doc.Statement, &raw); err != nil {
		return nil, fmt.Errorf("policy: Statement: %w", err)
	}
	if len(raw) == 0 {
		return nil, errors.New("policy: no Statement")
	}
	p := &Policy{}
	for i, r := range raw {
		var st struct {
			Effect    string          `json:"Effect"`
			Action    json.RawMessage `json:"Action"`
			NotAction json.RawMessage `json:"NotAction"`
		}
		if err := json.Unmarshal(r, &st); err != nil {
			return nil, fmt.Errorf("policy: Statement[%d]: %w", i, err)
		}
		if st.Effect != "Allow" && st.Effect != "Deny" {
			return nil, fmt.Errorf("policy: Statement[%d]: Effect %q is neither Allow nor Deny", i, st.Effect)
		}
		s := Statement{Effect: st.Effect}
		if len(st.Action) > 0 {
			if err := unmarshalOneOrMany(st.Action, &s.Actions); err != nil {
				return nil, fmt.Errorf("policy: Statement[%d].Action: %w", i, err)
			}
		}
		if len(st.NotAction) > 0 {
			if err := unmarshalOneOrMany(st.NotAction, &s.NotAction); err != nil {
				return nil, fmt.Errorf("policy: Statement[%d].NotAction: %w", i, err)
			}
		}
		if len(s.Actions) == 0 && len(s.NotAction) == 0 {
			return nil, fmt.Errorf("policy: Statement[%d]: neither Action nor NotAction", i)
		}
		p.Statements = append(p.Statements, s)
	}
	return p, nil
}

// unmarshalOneOrMany decodes a JSON value that is either T or []T.
func unmarshalOneOrMany[T any](data json.RawMessage, out *[]T) error {
	if len(data) == 0 {
		return nil
	}
	if data[0] == '[' {
		return json.Unmarshal(data, out)
	}
	var one T
	if err := json.Unmarshal(data, &one); err != nil {
		return err
	}
	*out = []T{one}
	return nil
}

// decision is the outcome of evaluating a policy for an action.
type decision int

const (
	implicitDeny decision = iota // no statement allows it
	allowed
	explicitDeny // a Deny statement matches
)

// evaluate decides an action the way IAM does for a single identity policy:
// an explicit Deny wins, then an Allow, else the action is implicitly denied.
func (p *Policy) evaluate(action string) decision {
	d := implicitDeny
	for _, s := range p.Statements {
		if !s.matches(action) {
			continue
		}
		if s.Effect == "Deny" {
			return explicitDeny
		}
		d = allowed
	}
	return d
}

func (s Statement) matches(action string) bool {
	if len(s.NotAction) > 0 {
		for _, pat := range s.NotAction {
			if matchAction(pat, action) {
				return false
			}
		}
		return true
	}
	for _, pat := range s.Actions {
		if matchAction(pat, action) {
			return true
		}
	}
	return false
}

// matchAction matches an IAM action against a pattern with * and ?
// wildcards, case-insensitively ("ssm-contacts:List*", "*").
func matchAction(pattern, action string) bool {
	return wildcard(strings.ToLower(pattern), strings.ToLower(action))
}

// wildcard matches s against p, where * matches any run and ? one character.
func wildcard(p, s string) bool {
	// Iterative matcher with backtracking to the last star.
	pi, si, star, mark := 0, 0, -1, 0
	for si < len(s) {
		switch {
		case pi < len(p) && (p[pi] == '?' || p[pi] == s[si]):
			pi++
			si++
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, si
			pi++
		case star >= 0:
			pi = star + 1
			mark++
			si = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}

// denial is why an action is refused, for the access-denied message.
type denial struct {
	action   string
	explicit bool // an explicit deny (a deny rule, --deny, a Deny statement)
}

// authorize decides whether the caller may perform the request's action in
// its account and region. sts:GetCallerIdentity is always allowed, as in AWS.
func (s *Server) authorize(c *callContext) *denial {
	action := c.req.action()
	if strings.EqualFold(action, "sts:GetCallerIdentity") {
		return nil
	}
	for _, d := range s.deny {
		if d.Account != "" && d.Account != c.account.ID {
			continue
		}
		if d.Region != "" && d.Region != c.req.region {
			continue
		}
		if matchAction(d.Action, action) {
			return &denial{action: action, explicit: true}
		}
	}
	if s.policy != nil {
		switch s.policy.evaluate(action) {
		case explicitDeny:
			return &denial{action: action, explicit: true}
		case implicitDeny:
			return &denial{action: action}
		}
	}
	return nil
}

// deniedMessage words an access denial like AWS does:
// "User: arn:aws:sts::111111111111:assumed-role/irscan/x is not authorized to
// perform: guardduty:ListDetectors on resource: arn:aws:guardduty:us-east-1:
// 111111111111:detector/* because no identity-based policy allows the
// guardduty:ListDetectors action".
func deniedMessage(c *callContext, d *denial) string {
	var b strings.Builder
	if c.req.svc.protocol == ec2Query {
		b.WriteString("You are not authorized to perform this operation. ")
	}
	fmt.Fprintf(&b, "User: %s is not authorized to perform: %s", c.id.principal, d.action)
	if res := deniedResource(c); res != "" && c.req.svc.protocol != ec2Query {
		fmt.Fprintf(&b, " on resource: %s", res)
	}
	if d.explicit {
		b.WriteString(" with an explicit deny in an identity-based policy")
	} else {
		fmt.Fprintf(&b, " because no identity-based policy allows the %s action", d.action)
	}
	return b.String()
}

// deniedResource is the resource ARN an access-denied message names.
func deniedResource(c *callContext) string {
	acct, region, key := c.account.ID, c.req.region, c.key
	if strings.HasPrefix(key, "arn:") {
		return key
	}
	if key == "" {
		key = "*"
	}
	switch c.req.svc.name {
	case "guardduty":
		return fmt.Sprintf("arn:aws:guardduty:%s:%s:detector/%s", region, acct, key)
	case "securityhub":
		return fmt.Sprintf("arn:aws:securityhub:%s:%s:hub/default", region, acct)
	case "events":
		return fmt.Sprintf("arn:aws:events:%s:%s:rule/%s", region, acct, key)
	case "cloudtrail":
		return fmt.Sprintf("arn:aws:cloudtrail:%s:%s:trail/%s", region, acct, key)
	case "logs":
		return fmt.Sprintf("arn:aws:logs:%s:%s:log-group:*", region, acct)
	case "ssm-contacts":
		return fmt.Sprintf("arn:aws:ssm-contacts:%s:%s:contact/%s", region, acct, key)
	case "ssm-incidents":
		return fmt.Sprintf("arn:aws:ssm-incidents::%s:*", acct)
	case "account":
		return fmt.Sprintf("arn:aws:account::%s:account", acct)
	case "s3":
		return "arn:aws:s3:::" + key
	case "organizations":
		return "*"
	}
	return fmt.Sprintf("arn:aws:%s:%s:%s:*", c.req.svc.name, region, acct)
}
