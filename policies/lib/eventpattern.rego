# Amazon EventBridge event patterns, matched by what they select.
#
# The grammar is the one the EventBridge user guide documents ("Creating event patterns",
# "Comparison operators for use in event patterns"): a pattern is a JSON object whose leaves
# are arrays of conditions; the conditions of one leaf are ORed, the leaves are ANDed, and
# "$or" holds alternative sub-patterns. A condition is a literal (string, number, boolean,
# null: equal to the event's value), or one of {"prefix": s}, {"suffix": s} (either with
# {"equals-ignore-case": s}), {"equals-ignore-case": s}, {"wildcard": "a*b"} (\* is a
# literal star), {"anything-but": value | [values] | {"prefix"|"suffix": s} |
# {"equals-ignore-case": s | [s]} | {"wildcard": w | [w]}}, {"numeric": [op, n(, op, n)]}
# (=, <, <=, >, >=) and {"exists": true|false}. An event's array matches when one of its
# elements does. Anything but "exists": false needs the field to be present.
#
# Not understood: "cidr" (the network built-ins are unavailable to checks; it never
# matches here) and "$or" inside an alternative of another "$or" (supported(pattern) is
# false for such a pattern, and it matches nothing).
#
# Rego rules cannot recurse, so the pattern and the event are flattened into key paths
# (array indices dropped): a leaf of the pattern is judged on the values the event holds at
# the same key path.
package irscan.lib.eventpattern

# METADATA
# description: Holds when the event pattern (an object) matches the event.
matches(pattern, event) if match(pattern, event, false)

# METADATA
# description: >-
#   Holds when the pattern selects some event shaped like template: the template's values
#   are the ones an event may have (an array lists alternatives, as an event's array
#   does), and a field the template does not describe may take any value or be absent, so a
#   condition on it can always be met.
selects(pattern, template) if match(pattern, template, true)

# METADATA
# description: Holds when the matcher understands every part of the pattern.
supported(pattern) if {
	is_object(pattern)
	count(base_leaves(pattern)) + count(or_groups(pattern)) > 0
	count([1 |
		some g in or_groups(pattern)
		some alt in g.alts
		not nested_ok(alt)
	]) == 0
}

nested_ok(alt) if {
	is_object(alt)
	count([1 | walk(alt, [p, _]); strings_only(p); count(p) > 0; p[count(p) - 1] == "$or"]) == 0
	count(alt_leaves([], alt)) > 0
}

match(pattern, event, free) if {
	supported(pattern)
	every leaf in base_leaves(pattern) {
		leaf_ok(leaf, event, free)
	}
	every g in or_groups(pattern) {
		some alt in g.alts
		every leaf in alt_leaves(g.path, alt) {
			leaf_ok(leaf, event, free)
		}
	}
}

strings_only(p) if every k in p {
	is_string(k)
}

# The leaves outside any "$or": {path, conditions}.
base_leaves(pattern) := [{"path": p, "conds": v} |
	walk(pattern, [p, v])
	count(p) > 0
	strings_only(p)
	is_array(v)
	not "$or" in p
]

# Every "$or" array: {path of the object that holds it, alternatives}.
or_groups(pattern) := [{"path": array.slice(p, 0, count(p) - 1), "alts": v} |
	walk(pattern, [p, v])
	count(p) > 0
	strings_only(p)
	p[count(p) - 1] == "$or"
	is_array(v)
]

alt_leaves(prefix, alt) := [{"path": array.concat(prefix, p), "conds": v} |
	walk(alt, [p, v])
	count(p) > 0
	strings_only(p)
	is_array(v)
	not "$or" in p
]

# The event's scalar values at a key path, through its arrays.
values_at(event, path) := [v |
	walk(event, [p, v])
	not is_object(v)
	not is_array(v)
	[k | some k in p; is_string(k)] == path
]

# A path the template describes (it holds values there, or below it).
described(template, path) if {
	walk(template, [p, v])
	not is_object(v)
	not is_array(v)
	keys := [k | some k in p; is_string(k)]
	count(keys) >= count(path)
	array.slice(keys, 0, count(path)) == path
}

leaf_ok(leaf, event, true) if {
	not described(event, leaf.path)
	count(leaf.conds) > 0
}

leaf_ok(leaf, event, _) if {
	vs := values_at(event, leaf.path)
	some c in leaf.conds
	cond_ok(c, vs)
}

# A literal: equal to one of the values.
cond_ok(c, vs) if {
	not is_object(c)
	some v in vs
	type_name(v) == type_name(c)
	v == c
}

cond_ok({"exists": true}, vs) if count(vs) > 0

cond_ok({"exists": false}, vs) if count(vs) == 0

cond_ok(c, vs) if {
	is_string(c.prefix)
	some v in vs
	is_string(v)
	startswith(v, c.prefix)
}

cond_ok(c, vs) if {
	is_string(c.prefix["equals-ignore-case"])
	some v in vs
	is_string(v)
	startswith(lower(v), lower(c.prefix["equals-ignore-case"]))
}

cond_ok(c, vs) if {
	is_string(c.suffix)
	some v in vs
	is_string(v)
	endswith(v, c.suffix)
}

cond_ok(c, vs) if {
	is_string(c.suffix["equals-ignore-case"])
	some v in vs
	is_string(v)
	endswith(lower(v), lower(c.suffix["equals-ignore-case"]))
}

cond_ok(c, vs) if {
	is_string(c["equals-ignore-case"])
	some v in vs
	is_string(v)
	lower(v) == lower(c["equals-ignore-case"])
}

cond_ok(c, vs) if {
	is_string(c.wildcard)
	some v in vs
	is_string(v)
	wildcard_match(c.wildcard, v)
}

cond_ok(c, vs) if {
	is_array(c.numeric)
	some v in vs
	is_number(v)
	numeric_ok(c.numeric, v)
}

cond_ok(c, vs) if {
	object.keys(c) == {"anything-but"}
	some v in vs
	not excluded(c["anything-but"], v)
}

# What anything-but excludes.
excluded(x, v) if {
	not is_object(x)
	not is_array(x)
	type_name(x) == type_name(v)
	x == v
}

excluded(x, v) if {
	is_array(x)
	some e in x
	type_name(e) == type_name(v)
	e == v
}

excluded(x, v) if {
	is_string(x.prefix)
	is_string(v)
	startswith(v, x.prefix)
}

excluded(x, v) if {
	is_string(x.suffix)
	is_string(v)
	endswith(v, x.suffix)
}

excluded(x, v) if {
	is_string(v)
	some s in as_list(x["equals-ignore-case"])
	lower(v) == lower(s)
}

excluded(x, v) if {
	is_string(v)
	some w in as_list(x.wildcard)
	wildcard_match(w, v)
}

# anything-but with an operator this matcher does not know excludes everything (fail closed).
excluded(x, _) if {
	is_object(x)
	count(object.keys(x) - {"prefix", "suffix", "equals-ignore-case", "wildcard"}) > 0
}

as_list(x) := x if is_array(x)

else := [x] if is_string(x)

else := []

# A wildcard is the whole value: * matches any run of characters, \* a star.
wildcard_match(w, v) if regex.match(wildcard_regex(w), v)

wildcard_regex(w) := sprintf("^%s$", [concat(`\*`, [concat(".*", [quote(piece) | some piece in split(part, "*")]) | some part in split(w, `\*`)])])

# The regular expression matching a literal string.
quote(s) := regex.replace(s, `([\\.+?^$|()\[\]{}*])`, `\$1`)

numeric_ok(spec, v) if {
	count(spec) in {2, 4}
	every i in numbers.range(0, (count(spec) / 2) - 1) {
		compare(spec[2 * i], v, spec[(2 * i) + 1])
	}
}

compare("=", v, n) if v == n

compare("<", v, n) if v < n

compare("<=", v, n) if v <= n

compare(">", v, n) if v > n

compare(">=", v, n) if v >= n
