package gcp

import (
	"fmt"
	"slices"
	"strings"

	"go.einride.tech/aip/filtering"
	expr "google.golang.org/genproto/googleapis/api/expr/v1alpha1"
)

// A notification config's streaming filter is written in Security Command
// Center's filter language, AIP-160. Whether it forwards the findings that
// matter is a question about what it selects, which a pattern over its text
// cannot answer (NOT, "-", OR binding tighter than AND, a mute value that
// misses findings never muted). The collector parses each filter and
// evaluates it against representative findings: every state × severity ×
// mute combination. The result is recorded beside the configs, as data
// irscan derived (section securitycenter.notification_configs,
// filterEvaluations), and the checks decide from it in Rego.

// Representative findings: the values of the three fields every SCC finding
// has that a notification filter commonly restricts.
var (
	findingStates     = []string{"ACTIVE", "INACTIVE"}
	findingSeverities = []string{"CRITICAL", "HIGH", "MEDIUM", "LOW"}
	// UNDEFINED: a finding that was never muted or unmuted (every new one).
	findingMutes = []string{"UNMUTED", "UNDEFINED", "MUTED"}
)

// findingFields are the fields the evaluator knows, with the values each may
// hold (as the API names them; the enum's _UNSPECIFIED member included so
// that a filter naming it is understood).
var findingFields = map[string][]string{
	"state":    {"ACTIVE", "INACTIVE", "STATE_UNSPECIFIED"},
	"severity": {"CRITICAL", "HIGH", "MEDIUM", "LOW", "SEVERITY_UNSPECIFIED"},
	"mute":     {"MUTED", "UNMUTED", "UNDEFINED", "MUTE_UNSPECIFIED"},
}

// filterEvaluation is what irscan derived from one filter.
type filterEvaluation struct {
	// Filter is the filter evaluated, as the config holds it.
	Filter string `json:"filter"`
	// Evaluated is false when the filter holds a construct the evaluator
	// does not understand (Reason says which): nothing is claimed about it.
	Evaluated bool   `json:"evaluated"`
	Reason    string `json:"reason,omitempty"`
	// Selected lists the representative findings the filter selects, as
	// "STATE/SEVERITY/MUTE", in a fixed order; empty when not evaluated.
	Selected []string `json:"selected"`
}

// evaluateFilter evaluates an SCC notification filter against every
// representative finding. An empty filter selects every finding.
func evaluateFilter(filter string) filterEvaluation {
	ev := filterEvaluation{Filter: filter, Selected: []string{}}
	var root *expr.Expr
	if strings.TrimSpace(filter) != "" {
		var p filtering.Parser
		p.Init(filter)
		parsed, err := p.Parse()
		if err != nil {
			ev.Reason = "it does not parse as an AIP-160 filter: " + err.Error()
			return ev
		}
		root = parsed.GetExpr()
	}
	for _, state := range findingStates {
		for _, severity := range findingSeverities {
			for _, mute := range findingMutes {
				f := map[string]string{"state": state, "severity": severity, "mute": mute}
				ok := true
				if root != nil {
					var err error
					if ok, err = selects(root, f); err != nil {
						ev.Reason = err.Error()
						ev.Selected = []string{}
						return ev
					}
				}
				if ok {
					ev.Selected = append(ev.Selected, state+"/"+severity+"/"+mute)
				}
			}
		}
	}
	ev.Evaluated = true
	return ev
}

// selects evaluates e for the finding f; an error names the construct that
// cannot be evaluated.
func selects(e *expr.Expr, f map[string]string) (bool, error) {
	c := e.GetCallExpr()
	if c == nil {
		return false, fmt.Errorf("a bare value (%s) searches every field of a finding, which irscan does not evaluate", text(e))
	}
	args := c.GetArgs()
	switch c.GetFunction() {
	case filtering.FunctionAnd, filtering.FunctionFuzzyAnd:
		for _, a := range args {
			ok, err := selects(a, f)
			if err != nil || !ok {
				return false, err
			}
		}
		return true, nil
	case filtering.FunctionOr:
		any := false
		for _, a := range args {
			ok, err := selects(a, f)
			if err != nil {
				return false, err
			}
			any = any || ok
		}
		return any, nil
	case filtering.FunctionNot:
		if len(args) != 1 {
			return false, fmt.Errorf("NOT with %d arguments", len(args))
		}
		ok, err := selects(args[0], f)
		return !ok, err
	case filtering.FunctionEquals, filtering.FunctionNotEquals, filtering.FunctionHas:
		if len(args) != 2 {
			return false, fmt.Errorf("%s with %d arguments", c.GetFunction(), len(args))
		}
		field := args[0].GetIdentExpr().GetName()
		known, ok := findingFields[field]
		if !ok {
			return false, fmt.Errorf("it restricts %s, which irscan does not evaluate (it evaluates state, severity and mute)", text(args[0]))
		}
		value, ok := literal(args[1])
		if !ok || !slices.Contains(known, value) {
			return false, fmt.Errorf("%s is compared with %s, which is not one of its values (%s)", field, text(args[1]), strings.Join(known, ", "))
		}
		// On these enum fields ":" (has) matches the whole value, as "=".
		if c.GetFunction() == filtering.FunctionNotEquals {
			return f[field] != value, nil
		}
		return f[field] == value, nil
	default:
		return false, fmt.Errorf("it uses the operator %q, which irscan does not evaluate", c.GetFunction())
	}
}

// literal is the text of a string constant or of a bare word (state=ACTIVE).
func literal(e *expr.Expr) (string, bool) {
	if s, ok := e.GetConstExpr().GetConstantKind().(*expr.Constant_StringValue); ok {
		return s.StringValue, true
	}
	if id := e.GetIdentExpr(); id != nil {
		return id.GetName(), true
	}
	return "", false
}

// text renders an operand for a reason.
func text(e *expr.Expr) string {
	switch {
	case e.GetIdentExpr() != nil:
		return e.GetIdentExpr().GetName()
	case e.GetSelectExpr() != nil:
		return text(e.GetSelectExpr().GetOperand()) + "." + e.GetSelectExpr().GetField()
	case e.GetConstExpr() != nil:
		if s, ok := e.GetConstExpr().GetConstantKind().(*expr.Constant_StringValue); ok {
			return fmt.Sprintf("%q", s.StringValue)
		}
		return strings.TrimSpace(fmt.Sprint(e.GetConstExpr()))
	case e.GetCallExpr() != nil:
		return "a " + e.GetCallExpr().GetFunction() + " expression"
	}
	return "an expression"
}
