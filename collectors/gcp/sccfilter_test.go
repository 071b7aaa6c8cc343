package gcp

import (
	"slices"
	"strings"
	"testing"
)

// TestEvaluateFilter: filters are judged by what they select among the
// representative findings (state × severity × mute), including the
// constructs a pattern over the text misread: NOT, "-", OR binding tighter
// than AND, a missing CRITICAL, a mute value that misses new findings.
func TestEvaluateFilter(t *testing.T) {
	active := func(sev ...string) []string {
		var out []string
		for _, s := range sev {
			for _, m := range findingMutes {
				out = append(out, "ACTIVE/"+s+"/"+m)
			}
		}
		return out
	}
	all := evaluateFilter("").Selected
	if len(all) != 24 {
		t.Fatalf("an empty filter selects %d findings, want 24", len(all))
	}
	for _, c := range []struct {
		filter string
		has    []string // selected
		hasNot []string // not selected
		count  int      // -1: not checked
		reason string   // not evaluated: part of the reason
	}{
		{filter: `state="ACTIVE" AND (severity="HIGH" OR severity="CRITICAL")`, has: active("HIGH", "CRITICAL"), hasNot: []string{"INACTIVE/HIGH/UNMUTED", "ACTIVE/MEDIUM/UNMUTED"}, count: 6},
		// OR binds tighter than AND in AIP-160: the same selection without parentheses.
		{filter: `state="ACTIVE" AND severity="HIGH" OR severity="CRITICAL"`, has: active("HIGH", "CRITICAL"), count: 6},
		{filter: `state = ACTIVE AND severity : "HIGH"`, has: active("HIGH"), hasNot: []string{"ACTIVE/CRITICAL/UNMUTED"}, count: 3},
		{filter: `NOT severity="LOW"`, has: active("HIGH", "CRITICAL", "MEDIUM"), hasNot: []string{"ACTIVE/LOW/UNMUTED"}, count: 18},
		{filter: `-severity="HIGH"`, has: active("CRITICAL"), hasNot: []string{"ACTIVE/HIGH/UNMUTED"}, count: 18},
		{filter: `state="ACTIVE" AND mute!="MUTED"`, has: []string{"ACTIVE/HIGH/UNMUTED", "ACTIVE/HIGH/UNDEFINED"}, hasNot: []string{"ACTIVE/HIGH/MUTED"}, count: 8},
		{filter: `state="ACTIVE" AND mute="UNMUTED"`, hasNot: []string{"ACTIVE/HIGH/UNDEFINED"}, count: 4},
		{filter: `state="ACTIVE" AND state="INACTIVE"`, count: 0},
		{filter: `severity!="LOW" state="ACTIVE"`, has: active("HIGH"), count: 9}, // a sequence is an AND
		{filter: `category="PUBLIC_BUCKET_ACL" AND state="ACTIVE"`, reason: "it restricts category"},
		{filter: `resource.type="google.compute.Instance"`, reason: "it restricts resource.type"},
		{filter: `severity>"LOW"`, reason: `the operator ">"`},
		{filter: `state="active"`, reason: `state is compared with "active", which is not one of its values`},
		{filter: `HIGH`, reason: "a bare value (HIGH)"},
		{filter: `state="ACTIVE" AND (`, reason: "does not parse"},
	} {
		ev := evaluateFilter(c.filter)
		if c.reason != "" {
			if ev.Evaluated || !strings.Contains(ev.Reason, c.reason) || len(ev.Selected) != 0 {
				t.Errorf("%s: evaluated %v, reason %q, selected %v; want not evaluated, reason with %q", c.filter, ev.Evaluated, ev.Reason, ev.Selected, c.reason)
			}
			continue
		}
		if !ev.Evaluated || ev.Reason != "" {
			t.Errorf("%s: not evaluated: %s", c.filter, ev.Reason)
			continue
		}
		for _, f := range c.has {
			if !slices.Contains(ev.Selected, f) {
				t.Errorf("%s: does not select %s (selects %v)", c.filter, f, ev.Selected)
			}
		}
		for _, f := range c.hasNot {
			if slices.Contains(ev.Selected, f) {
				t.Errorf("%s: selects %s", c.filter, f)
			}
		}
		if c.count >= 0 && len(ev.Selected) != c.count {
			t.Errorf("%s: selects %d findings, want %d: %v", c.filter, len(ev.Selected), c.count, ev.Selected)
		}
	}
}
