# Helpers shared by the AWS checks and the AWS estate facts (policies/facts/aws.rego):
# ARNs and regions, CloudTrail trails seen from their own account or from a member of an
# organization, and the routing of GuardDuty and Security Hub findings through EventBridge
# (the default bus, custom buses, and the administrator account that receives a member's
# findings).
#
# The criteria are written once and used twice: by a check judging what its own snapshot
# holds, and by the facts package describing what an account owns for the other accounts
# of the run (an organization trail's status, a central event bus's rules). When a setting
# is held by another account, the check applies the owner rule of irscan.lib.estate.
package irscan.lib.aws

import data.irscan.lib.config
import data.irscan.lib.estate
import data.irscan.lib.eventpattern
import data.irscan.lib.values

trail_data := input.sections["cloudtrail.trails"].data

# ---------------------------------------------------------------------------------------------
# ARNs, accounts and regions

# METADATA
# description: The account field of an ARN ("" when it has none, as for S3 buckets).
arn_account(arn) := parts[4] if {
	is_string(arn)
	parts := split(arn, ":")
	count(parts) > 5
} else := ""

# METADATA
# description: The ARN irscan gives an AWS account (matches policies.ScopeResource).
account_arn(id) := sprintf("arn:aws:account::%s:account", [id])

# METADATA
# description: The account's enabled regions (DescribeRegions without AllRegions).
enabled_regions contains r.RegionName if {
	some r in values.list(input.sections["ec2.regions"].data.Regions)
	r.OptInStatus != "not-opted-in"
}

# METADATA
# description: The data of a regional section in one region; undefined when it was not read.
region_data(section, region) := d if {
	d := input.sections[section].regions[region].data
	is_object(d)
}

# METADATA
# description: The scope reference of another AWS account, for the owner rule.
owner(id) := {"cloud": "aws", "type": "account", "id": id}

# METADATA
# description: How a finding says to bring another account into the run.
how(id) := sprintf("scan with --org (irscan scan aws --org) so that AWS account %s is in the run, or evaluate its snapshot together with this one", [id])

# METADATA
# description: How a finding names another AWS account.
label(id) := estate.label("aws", "account", id)

# ---------------------------------------------------------------------------------------------
# CloudTrail trails

# METADATA
# description: >-
#   The account a trail belongs to: the account in its TrailARN (its home account). A member
#   of an organization sees the organization trail with the management account's ARN.
trail_account(t) := a if {
	a := arn_account(t.TrailARN)
	a != ""
} else := input.scope.id

# METADATA
# description: Holds for a trail of another account (an organization trail seen from a member).
foreign(t) if trail_account(t) != input.scope.id

# METADATA
# description: Index of a trail's GetTrailStatus result in TrailStatusByTrail.
status_index(arn) := i if {
	some i, s in values.list(trail_data.TrailStatusByTrail)
	s.TrailARN == arn
}

# METADATA
# description: Index of a trail's GetEventSelectors result in EventSelectorsByTrail.
selectors_index(arn) := i if {
	some i, s in values.list(trail_data.EventSelectorsByTrail)
	s.TrailARN == arn
}

# METADATA
# description: The GetTrailStatus members the checks judge (the rest stay in the snapshot).
status_summary(s) := {
	"IsLogging": values.field(s, "IsLogging", null),
	"LatestCloudWatchLogsDeliveryTime": values.field(s, "LatestCloudWatchLogsDeliveryTime", null),
	"LatestCloudWatchLogsDeliveryError": values.field(s, "LatestCloudWatchLogsDeliveryError", null),
	"LatestDeliveryTime": values.field(s, "LatestDeliveryTime", null),
	"LatestDeliveryError": values.field(s, "LatestDeliveryError", null),
}

# METADATA
# description: >-
#   Where a trail's GetTrailStatus and GetEventSelectors results are judged from. A trail of
#   this account: its own snapshot ("local"; status or management null when that result is
#   missing). A trail of another account: that account's snapshot, through its facts
#   ("owner"), because GetTrailStatus called from a member omits the delivery fields of an
#   organization trail; "owner-unread" when the owner could not read its trails,
#   "owner-missing" when the owner's snapshot does not list the trail, "absent" when the
#   owner is not in the run.
trail_source(t) := {
	"kind": "local",
	"status": local_status(t),
	"management": local_management(t),
	"pointers": local_trail_pointers(t),
	"now_ns": config.collected_ns,
} if {
	not foreign(t)
} else := {
	"kind": "owner",
	"entry": e,
	"status": f.status,
	"management": f.management_problems,
	"pointers": [p | some p in [f.pointers.trail, f.pointers.status, f.pointers.selectors]; is_string(p)],
	"now_ns": time.parse_rfc3339_ns(e.collected_at),
} if {
	e := estate.scope("aws", "account", trail_account(t))
	f := e.facts.trails[t.TrailARN]
} else := {"kind": "owner-unread", "entry": e} if {
	e := estate.scope("aws", "account", trail_account(t))
	estate.unread(e, "cloudtrail.trails", "")
} else := {"kind": "owner-missing", "entry": e} if {
	e := estate.scope("aws", "account", trail_account(t))
} else := {"kind": "absent", "owner": trail_account(t)}

local_status(t) := s if {
	s := status_summary(trail_data.TrailStatusByTrail[status_index(t.TrailARN)])
} else := null

local_management(t) := m if {
	m := management_problems(trail_data.EventSelectorsByTrail[selectors_index(t.TrailARN)])
} else := null

local_trail_pointers(t) := [p |
	some i, u in values.list(trail_data.TrailList)
	u.TrailARN == t.TrailARN
	some p in array.concat(
		[sprintf("/sections/cloudtrail.trails/data/TrailList/%d", [i])],
		array.concat(
			[sprintf("/sections/cloudtrail.trails/data/TrailStatusByTrail/%d", [j]) | j := status_index(t.TrailARN)],
			[sprintf("/sections/cloudtrail.trails/data/EventSelectorsByTrail/%d", [k]) | k := selectors_index(t.TrailARN)],
		),
	)
]

# METADATA
# description: 'How a finding names a trail: its name, and its account when it is another one.'
trail_label(t) := sprintf("%s (organization trail of %s)", [t.Name, label(trail_account(t))]) if {
	foreign(t)
	t.IsOrganizationTrail == true
} else := sprintf("%s (trail of %s)", [t.Name, label(trail_account(t))]) if {
	foreign(t)
} else := t.Name

# METADATA
# description: '"" when GetTrailStatus says the trail is logging, else the problem.'
logging_problem(status) := "" if {
	status.IsLogging == true
} else := "is not logging (IsLogging false)"

# METADATA
# description: >-
#   The empty string when GetTrailStatus shows the trail delivering log files to S3 (a
#   LatestDeliveryTime within a day of now_ns and no LatestDeliveryError), else the problem.
#   A trail whose deliveries fail (a bucket policy or KMS key that refuses CloudTrail) is not
#   logging anything an investigator can read.
s3_delivery_problem(status, now_ns) := sprintf("fails to deliver log files to S3 (LatestDeliveryError %q)", [status.LatestDeliveryError]) if {
	values.filled(status.LatestDeliveryError)
} else := "" if {
	values.filled(status.LatestDeliveryTime)
	now_ns - time.parse_rfc3339_ns(status.LatestDeliveryTime) <= (24 * 3600) * 1000000000
} else := sprintf("last delivered log files to S3 at %s, more than a day before the snapshot", [status.LatestDeliveryTime]) if {
	values.filled(status.LatestDeliveryTime)
} else := "has never delivered log files to S3 (no LatestDeliveryTime)"

# METADATA
# description: >-
#   What keeps a trail's event selectors (a GetEventSelectors result) from logging every read
#   and write management event: [] when they log them all. Basic selectors must include
#   management events with ReadWriteType All (or ReadOnly and WriteOnly together) and no
#   ExcludeManagementEventSources; advanced selectors, when present, replace the basic ones.
management_problems(sel) := [p |
	some p in array.concat([coverage_problem(sel)], exclusion_problems(sel))
	p != ""
]

coverage_problem(sel) := "" if {
	covers(sel, "read")
	covers(sel, "write")
} else := "does not log write management events" if {
	covers(sel, "read")
} else := "does not log read management events" if {
	covers(sel, "write")
} else := "does not log management events"

advanced(sel) if count(values.list(sel.AdvancedEventSelectors)) > 0

read_write_types := {"read": {"All", "ReadOnly"}, "write": {"All", "WriteOnly"}}

covers(sel, kind) if {
	not advanced(sel)
	some s in values.list(sel.EventSelectors)
	s.IncludeManagementEvents == true
	s.ReadWriteType in read_write_types[kind]
}

readonly_value := {"read": "true", "write": "false"}

covers(sel, kind) if {
	advanced(sel)
	some a in values.list(sel.AdvancedEventSelectors)
	management(a)
	readonly_allows(a, readonly_value[kind])
}

management(a) if {
	some fs in values.list(a.FieldSelectors)
	fs.Field == "eventCategory"
	"Management" in values.list(fs.Equals)
}

readonly_allows(a, _) if {
	not has_field(a, "readOnly")
}

readonly_allows(a, v) if {
	some fs in values.list(a.FieldSelectors)
	fs.Field == "readOnly"
	v in values.list(fs.Equals)
}

readonly_allows(a, v) if {
	some fs in values.list(a.FieldSelectors)
	fs.Field == "readOnly"
	count(values.list(fs.NotEquals)) > 0
	not v in values.list(fs.NotEquals)
}

has_field(a, field) if {
	some fs in values.list(a.FieldSelectors)
	fs.Field == field
}

exclusion_problems(sel) := [sprintf("excludes management events from %s (ExcludeManagementEventSources)", [concat(", ", sort(excluded))])] if {
	not advanced(sel)
	excluded := {src |
		some s in values.list(sel.EventSelectors)
		s.IncludeManagementEvents == true
		some src in values.list(s.ExcludeManagementEventSources)
	}
	count(excluded) > 0
} else := [sprintf("filters management events (%s)", [concat("; ", sort(filters))])] if {
	# Advanced selectors are ORed: an event is logged when any selector matches it, so a
	# filtered selector only matters when no unfiltered one covers what it filters.
	advanced(sel)
	not clean_covers(sel, "read")
	filters := {f |
		some a in values.list(sel.AdvancedEventSelectors)
		management(a)
		some f in other_filters(a)
	}
	count(filters) > 0
} else := [sprintf("filters management events (%s)", [concat("; ", sort(filters))])] if {
	advanced(sel)
	not clean_covers(sel, "write")
	filters := {f |
		some a in values.list(sel.AdvancedEventSelectors)
		management(a)
		some f in other_filters(a)
	}
	count(filters) > 0
} else := []

# The conditions of an advanced selector on fields other than eventCategory and readOnly.
other_filters(a) := {sprintf("%s %s [%s]", [fs.Field, op, concat(", ", values.list(object.get(fs, op, [])))]) |
	some fs in values.list(a.FieldSelectors)
	not fs.Field in {"eventCategory", "readOnly"}
	some op in ["Equals", "NotEquals", "StartsWith", "NotStartsWith", "EndsWith", "NotEndsWith"]
	count(values.list(object.get(fs, op, []))) > 0
}

# A management selector with no other filter covers every event of the readOnly values it allows.
clean_covers(sel, kind) if {
	some a in values.list(sel.AdvancedEventSelectors)
	management(a)
	count(other_filters(a)) == 0
	readonly_allows(a, readonly_value[kind])
}

# METADATA
# description: The log group ARN a trail names, without its trailing ":*" ("" when none).
log_group_arn(t) := trim_suffix(t.CloudWatchLogsLogGroupArn, ":*") if {
	values.filled(object.get(t, "CloudWatchLogsLogGroupArn", null))
} else := ""

# METADATA
# description: >-
#   The region, account and name of a log group ARN
#   (arn:aws:logs:us-east-1:123456789012:log-group:aws-cloudtrail-logs); undefined for
#   anything else.
log_group_parts(arn) := {"region": parts[3], "account": parts[4], "name": concat(":", array.slice(parts, 6, count(parts)))} if {
	parts := split(arn, ":")
	count(parts) >= 7
	parts[5] == "log-group"
}

# METADATA
# description: The account that owns a VPC (DescribeVpcs OwnerId; this account when unset).
vpc_owner(vpc) := vpc.OwnerId if {
	values.filled(vpc.OwnerId)
} else := input.scope.id

# ---------------------------------------------------------------------------------------------
# GuardDuty and Security Hub findings in EventBridge (AWS-IR3-03, AWS-IR6-02)

finding_sources := ["aws.guardduty", "aws.securityhub"]

source_name := {"aws.guardduty": "GuardDuty", "aws.securityhub": "Security Hub"}

# METADATA
# description: >-
#   The high and critical findings of each source as EventBridge delivers them, for
#   eventpattern.selects: the source, the detail-type and the severity fields each event
#   format carries; every other field may take any value. GuardDuty ("GuardDuty Finding"):
#   detail.severity, high 7.0-8.9 and critical 9.0-10.0, on a grid of 0.1. Security Hub CSPM
#   ("Security Hub Findings - Imported", ASFF): detail.findings[].Severity.Label HIGH with
#   Normalized 70-89, CRITICAL with 90-100. The new Security Hub ("Findings Imported V2",
#   OCSF): detail.findings[].severity High, Critical or Fatal with severity_id 4, 5 or 6.
#   Within one class the fields agree, so a pattern asking for Label HIGH and Normalized 95
#   selects nothing.
severe_findings := {
	"aws.guardduty": [
		{"source": "aws.guardduty", "detail-type": "GuardDuty Finding", "detail": {"severity": tenths(70, 89)}},
		{"source": "aws.guardduty", "detail-type": "GuardDuty Finding", "detail": {"severity": tenths(90, 100)}},
	],
	"aws.securityhub": [
		{"source": "aws.securityhub", "detail-type": "Security Hub Findings - Imported", "detail": {"findings": {"Severity": {"Label": "HIGH", "Normalized": numbers.range(70, 89)}}}},
		{"source": "aws.securityhub", "detail-type": "Security Hub Findings - Imported", "detail": {"findings": {"Severity": {"Label": "CRITICAL", "Normalized": numbers.range(90, 100)}}}},
		{"source": "aws.securityhub", "detail-type": "Findings Imported V2", "detail": {"findings": {"severity": "High", "severity_id": 4}}},
		{"source": "aws.securityhub", "detail-type": "Findings Imported V2", "detail": {"findings": {"severity": "Critical", "severity_id": 5}}},
		{"source": "aws.securityhub", "detail-type": "Findings Imported V2", "detail": {"findings": {"severity": "Fatal", "severity_id": 6}}},
	],
}

# lo/10 .. hi/10 in steps of 0.1.
tenths(lo, hi) := [x |
	some n in numbers.range(lo, hi)
	x := n / 10
]

# METADATA
# description: The event bus of a rule; a rule listed without one is on the default bus.
bus_of(rule) := rule.EventBusName if {
	values.filled(rule.EventBusName)
} else := "default"

# METADATA
# description: >-
#   The findings sources (aws.guardduty, aws.securityhub) whose high or critical findings an
#   event pattern (a JSON string) selects, by the EventBridge grammar (irscan.lib.eventpattern):
#   a pattern that can never match a high or critical finding of a source does not count for it.
matched_sources(rule) := {s |
	is_string(rule.EventPattern)
	json.is_valid(rule.EventPattern)
	pattern := json.unmarshal(rule.EventPattern)
	some s in finding_sources
	some event in severe_findings[s]
	eventpattern.selects(pattern, event)
}

# METADATA
# description: >-
#   The findings rules of one region's events.rules data, in the form the facts keep: every
#   rule of any bus whose pattern matches GuardDuty or Security Hub findings, with its bus,
#   state, the sources it matches, its target ARNs (null when ListTargetsByRule is missing)
#   and the JSON pointer of the rule.
findings_rules(d, region) := [r |
	some i, rule in values.list(d.Rules)
	srcs := matched_sources(rule)
	count(srcs) > 0
	r := {
		"bus": bus_of(rule),
		"name": rule.Name,
		"state": rule.State,
		"sources": sort(srcs),
		"targets": rule_targets(d, rule),
		"pointer": sprintf("/sections/events.rules/regions/%s/data/Rules/%d", [region, i]),
	}
]

rule_targets(d, rule) := [t.Arn | some t in values.list(entry.Targets)] if {
	some entry in values.list(d.TargetsByRule)
	entry.Rule == rule.Name
	object.get(entry, "EventBusName", "default") == bus_of(rule)
} else := null

# METADATA
# description: >-
#   An event bus ARN (arn:aws:events:<region>:<account>:event-bus/<name>) as {region, account,
#   name}; undefined for any other ARN.
event_bus(arn) := {"region": parts[3], "account": parts[4], "name": trim_prefix(parts[5], "event-bus/"), "arn": arn} if {
	is_string(arn)
	parts := split(arn, ":")
	count(parts) == 6
	parts[2] == "events"
	startswith(parts[5], "event-bus/")
}

# The kinds of target a check requires, and how a message names them.
target_kind_text := {
	"response-plan": "an Incident Manager response plan",
	"automation": "a Lambda function, an SSM Automation runbook or a Step Functions state machine",
}

# METADATA
# description: Holds when a target ARN is of the kind a check requires.
qualifying("response-plan", arn) if regex.match(`^arn:aws[a-z-]*:ssm-incidents::[0-9]{12}:response-plan/.+`, arn)

# Lambda function (optionally with a version or alias).
qualifying("automation", arn) if regex.match(`^arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:.+`, arn)

# SSM Automation runbook: arn:aws:ssm:<region>:<account>:automation-definition/<document>:<version>.
qualifying("automation", arn) if regex.match(`^arn:aws[a-z-]*:ssm:[a-z0-9-]+:[0-9]{12}:automation-definition/.+`, arn)

# Step Functions state machine.
qualifying("automation", arn) if regex.match(`^arn:aws[a-z-]*:states:[a-z0-9-]+:[0-9]{12}:stateMachine:.+`, arn)

# METADATA
# description: arn:aws:ssm-incidents::123456789012:response-plan/Critical → response-plan/Critical
short_arn(arn) := concat(":", array.slice(parts, 5, count(parts))) if {
	parts := split(arn, ":")
	count(parts) > 5
} else := arn

# METADATA
# description: >-
#   The administrator account that receives this account's findings of a source in a region:
#   GuardDuty GetAdministratorAccount (RelationshipStatus Enabled) of an ENABLED detector,
#   Security Hub GetAdministratorAccount (MemberStatus Enabled) of an enabled hub. GuardDuty
#   publishes a member's findings in the administrator account's same Region; Security Hub's
#   event feed in an administrator account holds its members' findings.
administrator(region, "aws.guardduty") := a.Administrator.AccountId if {
	d := region_data("guardduty.detectors", region)
	some a in values.list(d.AdministratorByDetector)
	lower(values.field(a.Administrator, "RelationshipStatus", "")) == "enabled"
	values.filled(a.Administrator.AccountId)
	a.Administrator.AccountId != input.scope.id
}

administrator(region, "aws.securityhub") := a.AccountId if {
	d := region_data("securityhub.hubs", region)
	a := d.Administrator
	lower(values.field(a, "MemberStatus", "")) == "enabled"
	values.filled(a.AccountId)
	a.AccountId != input.scope.id
}

# METADATA
# description: >-
#   The finding aggregators in the form the facts keep ({arn, home_region, linking_mode,
#   regions, pointer}), from the securityhub.hubs data of their home Region ([] when the
#   account has none, or the home Region was not read). An account has at most one.
aggregators_of(sections) := [{
	"arn": fa.FindingAggregatorArn,
	"home_region": fa.FindingAggregationRegion,
	"linking_mode": values.field(fa, "RegionLinkingMode", ""),
	"regions": values.list(values.field(fa, "Regions", null)),
	"pointer": sprintf("/sections/securityhub.hubs/regions/%s/data/FindingAggregators/%d", [region, i]),
} |
	some region, r in sections["securityhub.hubs"].regions
	is_object(r.data)
	some i, fa in values.list(r.data.FindingAggregators)
	values.filled(fa.FindingAggregationRegion)
	fa.FindingAggregationRegion == region
]

# METADATA
# description: >-
#   Holds when a finding aggregator brings a region's findings to its home Region
#   (RegionLinkingMode ALL_REGIONS, ALL_REGIONS_EXCEPT_SPECIFIED without the region, or
#   SPECIFIED_REGIONS with it).
links(agg, region) if {
	agg.linking_mode == "ALL_REGIONS"
	region != agg.home_region
}

links(agg, region) if {
	agg.linking_mode == "ALL_REGIONS_EXCEPT_SPECIFIED"
	region != agg.home_region
	not region in agg.regions
}

links(agg, region) if {
	agg.linking_mode == "SPECIFIED_REGIONS"
	region != agg.home_region
	region in agg.regions
}

# ---------------------------------------------------------------------------------------------
# Where a region's findings go, and whether a rule there sends them to a qualifying target.
#
# An outcome is one way findings can travel: {status: pass | fail | unknown, text (how a
# message describes it), owner (the account whose snapshot the verdict is drawn from; "" for
# this one), pointers (into this snapshot), owner_pointers, and, for unknown, error (the
# finding to report)}. Findings start on this account's default event bus; a rule may forward
# them to another event bus (of this account or another), where a rule must send them to a
# qualifying target. GuardDuty publishes a member's findings to EventBridge in its
# administrator account's same Region as well, and Security Hub's event feed in an
# administrator account holds its members' findings, and in a finding aggregator's home
# Region the findings of the Regions it links.

# METADATA
# description: The findings sources that are on in a region (an ENABLED detector, a hub).
sources(region) := {s | some s in finding_sources; active(region, s)}

active(region, "aws.guardduty") if {
	some det in values.list(region_data("guardduty.detectors", region).Detectors)
	det.Status == "ENABLED"
}

active(region, "aws.securityhub") if is_object(region_data("securityhub.hubs", region).Hub)

# METADATA
# description: Holds when the three sections the findings checks read hold data for the region.
readable(region) if {
	region_data("guardduty.detectors", region)
	region_data("securityhub.hubs", region)
	region_data("events.rules", region)
}

# The findings rules at an account and region: this snapshot's, or another account's facts.
rules_at(account, region) := {"kind": "local", "rules": findings_rules(d, region)} if {
	account == input.scope.id
	d := region_data("events.rules", region)
} else := {"kind": "local-unread"} if {
	account == input.scope.id
} else := {"kind": "owner-unread", "entry": e} if {
	e := estate.scope("aws", "account", account)
	estate.unread(e, "events.rules", region)
} else := {"kind": "owner", "entry": e, "rules": values.list(e.facts.findings_rules[region])} if {
	e := estate.scope("aws", "account", account)
	is_array(e.facts.findings_rules[region])
} else := {"kind": "owner-noregion", "entry": e} if {
	e := estate.scope("aws", "account", account)
} else := {"kind": "absent"}

# ENABLED or ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS.
enabled_state(r) if startswith(r.state, "ENABLED")

# Enabled rules on a bus matching one of srcs.
matching(rules, bus, srcs) := [r |
	some r in rules
	r.bus == bus
	enabled_state(r)
	count({s | some s in r.sources} & srcs) > 0
]

qualifying_targets(r, kind) := sort([short_arn(a) | some a in values.list(r.targets); qualifying(kind, a)])

bus_targets(r) := [b | some a in values.list(r.targets); b := event_bus(a)]

sources_text(r, srcs) := concat(" and ", sort([source_name[s] | some s in r.sources; s in srcs]))

where_text(account, region, bus) := sprintf("event bus %s of %s in %s", [bus, label(account), region]) if {
	account != input.scope.id
} else := sprintf("event bus %s in %s", [bus, region])

owner_id(account) := account if {
	account != input.scope.id
} else := ""

# METADATA
# description: >-
#   The outcomes of findings of srcs arriving on an event bus at (account, region): each
#   enabled matching rule with a qualifying target passes; each one forwarding to another bus
#   is followed there (one hop: a rule on that bus must send them to a qualifying target);
#   none is a failure. via says how the findings got there; ptrs are the pointers into this
#   snapshot that led there.
location_outcomes(account, region, bus, srcs, kind, via, ptrs) := [unknown_outcome(at, account, region, bus, via, ptrs)] if {
	at := rules_at(account, region)
	not at.rules
} else := outs if {
	at := rules_at(account, region)
	outs := array.concat(
		array.concat(direct_outcomes(at.rules, account, region, bus, srcs, kind, via, ptrs), forward_outcomes(at.rules, account, region, bus, srcs, kind, via, ptrs)),
		untargeted_outcomes(at.rules, account, region, bus, srcs, via, ptrs),
	)
	count(outs) > 0
} else := [{
	"status": "fail",
	"text": sprintf("%s%s", [via, no_rule_text(rules_at(account, region).rules, account, region, bus, srcs)]),
	"owner": owner_id(account),
	"pointers": array.concat(ptrs, [p | account == input.scope.id; p := sprintf("/sections/events.rules/regions/%s/data", [region])]),
	"owner_pointers": [p | account != input.scope.id; p := sprintf("/sections/events.rules/regions/%s/data", [region])],
}]

direct_outcomes(rules, account, region, bus, srcs, kind, via, ptrs) := [o |
	some r in matching(rules, bus, srcs)
	ts := qualifying_targets(r, kind)
	count(ts) > 0
	o := {
		"status": "pass",
		"text": sprintf("%s%s", [via, hop_text(r, account, region, bus, srcs, ts)]),
		"owner": owner_id(account),
		"pointers": array.concat(ptrs, [r.pointer | account == input.scope.id]),
		"owner_pointers": [r.pointer | account != input.scope.id],
	}
]

hop_text(r, account, region, bus, srcs, ts) := sprintf("rule %s sends %s findings to %s", [r.name, sources_text(r, srcs), concat(", ", ts)]) if {
	account == input.scope.id
	bus == "default"
} else := sprintf("rule %s on %s sends %s findings to %s", [r.name, where_text(account, region, bus), sources_text(r, srcs), concat(", ", ts)])

# Rules that forward the findings to another event bus, followed one hop. The verdict is
# drawn from the first other account on the way (the pointers of a third account's rules
# are named in the message only).
forward_outcomes(rules, account, region, bus, srcs, kind, via, ptrs) := [o |
	some r in matching(rules, bus, srcs)
	count(qualifying_targets(r, kind)) == 0
	some b in bus_targets(r)
	b.arn != sprintf("arn:aws:events:%s:%s:event-bus/%s", [region, account, bus])
	hop_srcs := {s | some s in r.sources; s in srcs}
	fvia := sprintf("%s%s forwards %s findings to %s, where ", [via, forward_rule_text(r, account, region), sources_text(r, srcs), bus_text(b)])
	fptrs := array.concat(ptrs, [r.pointer | account == input.scope.id])
	some o0 in hop_outcomes(b, hop_srcs, kind, fvia, fptrs)
	o := object.union(o0, forward_owner(owner_id(account), r, o0))
]

forward_owner("", _, _) := {}

forward_owner(a, r, o0) := {"owner_pointers": array.concat([r.pointer], o0.owner_pointers)} if {
	a != ""
	o0.owner == a
}

forward_owner(a, r, o0) := {"owner": a, "owner_pointers": [r.pointer]} if {
	a != ""
	o0.owner != a
}

forward_rule_text(r, account, region) := sprintf("rule %s", [r.name]) if {
	account == input.scope.id
	r.bus == "default"
} else := sprintf("rule %s on %s", [r.name, where_text(account, region, r.bus)])

bus_text(b) := sprintf("event bus %s (%s)", [b.name, b.region]) if {
	b.account == input.scope.id
} else := sprintf("event bus %s of %s (%s)", [b.name, label(b.account), b.region])

# The bus a rule forwards to: a matching enabled rule there with a qualifying target passes;
# a rule that forwards again is not followed further.
hop_outcomes(b, srcs, kind, via, ptrs) := [unknown_outcome(at, b.account, b.region, b.name, via, ptrs)] if {
	at := rules_at(b.account, b.region)
	not at.rules
} else := outs if {
	at := rules_at(b.account, b.region)
	outs := array.concat(direct_outcomes(at.rules, b.account, b.region, b.name, srcs, kind, via, ptrs), untargeted_outcomes(at.rules, b.account, b.region, b.name, srcs, via, ptrs))
	count(outs) > 0
} else := [{
	"status": "fail",
	"text": sprintf("%s%s", [via, no_rule_text(rules_at(b.account, b.region).rules, b.account, b.region, b.name, srcs)]),
	"owner": owner_id(b.account),
	"pointers": array.concat(ptrs, [p | b.account == input.scope.id; p := sprintf("/sections/events.rules/regions/%s/data", [b.region])]),
	"owner_pointers": [p | b.account != input.scope.id; p := sprintf("/sections/events.rules/regions/%s/data", [b.region])],
}]

# Enabled matching rules whose ListTargetsByRule result is missing: they might be the ones
# that route, so the path cannot be judged.
untargeted_outcomes(rules, account, region, bus, srcs, via, ptrs) := [o |
	some r in matching(rules, bus, srcs)
	r.targets == null
	o := {
		"status": "unknown",
		"text": sprintf("%srule %s has no ListTargetsByRule result", [via, r.name]),
		"owner": owner_id(account),
		"pointers": ptrs,
		"owner_pointers": [r.pointer | account != input.scope.id],
		"error": {
			"kind": "untargeted",
			"message": sprintf("In %s, the targets of findings rule %s on %s are missing from the snapshot (no ListTargetsByRule result); expected them to assess where findings go.", [region, r.name, where_text(account, region, bus)]),
		},
	}
]

no_rule_text(rules, _, _, bus, srcs) := sprintf("no rule on %s selects high or critical %s findings", [bus_phrase(bus), concat(" or ", sort([source_name[s] | some s in srcs]))]) if {
	count([r | some r in rules; r.bus == bus; count({s | some s in r.sources} & srcs) > 0]) == 0
} else := sprintf("the findings rules on %s do not qualify: %s", [bus_phrase(bus), concat("; ", sort([sprintf("%s is %s, targets %s", [r.name, r.state, targets_text(r.targets)]) |
	some r in rules
	r.bus == bus
	count({s | some s in r.sources} & srcs) > 0
]))])

bus_phrase("default") := "the default event bus"

bus_phrase(bus) := sprintf("event bus %s", [bus]) if bus != "default"

targets_text(ts) := "nothing" if {
	count(values.list(ts)) == 0
} else := concat(", ", sort([short_arn(a) | some a in values.list(ts)]))

# An outcome that cannot be judged because the rules of that account and region are not in
# the run (the owner rule) or were not read.
unknown_outcome(at, account, region, bus, via, ptrs) := {
	"status": "unknown",
	"text": via,
	"owner": owner_id(account),
	"pointers": ptrs,
	"owner_pointers": [],
	"error": unknown_error(at, account, region, bus),
}

unknown_error(at, account, region, bus) := {"kind": "absent", "owner": account, "region": region, "bus": bus} if {
	at.kind == "absent"
} else := {"kind": "owner-unread", "entry": at.entry, "region": region, "bus": bus} if {
	at.kind == "owner-unread"
} else := {"kind": "message", "message": sprintf("The snapshot of %s (%s) holds no EventBridge rules for %s (the region was not collected there), so %s could not be assessed.", [label(account), at.entry.snapshot, region, where_text(account, region, bus)])} if {
	at.kind == "owner-noregion"
} else := {"kind": "message", "message": sprintf("Section events.rules holds no data for %s, so %s could not be assessed; expected every enabled region to be read.", [region, where_text(account, region, bus)])}

# METADATA
# description: >-
#   Where else a region's findings arrive besides this account's own default event bus:
#   [{account, region, sources, via, pointers}]. The GuardDuty administrator account in the
#   same Region; the Security Hub administrator account in the same Region, and in the home
#   Region of its finding aggregator when that links the region; this account's own finding
#   aggregator's home Region.
deliveries(region) := array.concat(array.concat(gd_admin_delivery(region), sh_admin_deliveries(region)), own_aggregator_delivery(region))

gd_admin_delivery(region) := [{
	"account": a,
	"region": region,
	"sources": {"aws.guardduty"},
	"via": sprintf("GuardDuty publishes this account's findings to its GuardDuty administrator, %s, in %s, where ", [label(a), region]),
	"pointers": [sprintf("/sections/guardduty.detectors/regions/%s/data/AdministratorByDetector", [region])],
} |
	"aws.guardduty" in sources(region)
	a := administrator(region, "aws.guardduty")
]

sh_admin_deliveries(region) := array.concat(
	[{
		"account": a,
		"region": region,
		"sources": {"aws.securityhub"},
		"via": sprintf("Security Hub sends this account's findings to its Security Hub administrator, %s, in %s, where ", [label(a), region]),
		"pointers": [sprintf("/sections/securityhub.hubs/regions/%s/data/Administrator", [region])],
	} |
		"aws.securityhub" in sources(region)
		a := administrator(region, "aws.securityhub")
	],
	[{
		"account": a,
		"region": agg.home_region,
		"sources": {"aws.securityhub"},
		"via": sprintf("Security Hub sends this account's findings to its Security Hub administrator, %s, whose finding aggregator links %s to its home Region %s, where ", [label(a), region, agg.home_region]),
		"pointers": [sprintf("/sections/securityhub.hubs/regions/%s/data/Administrator", [region])],
		"owner_pointers": [agg.pointer],
	} |
		"aws.securityhub" in sources(region)
		a := administrator(region, "aws.securityhub")
		some agg in values.list(estate.scope("aws", "account", a).facts.securityhub_aggregators)
		links(agg, region)
	],
)

own_aggregator_delivery(region) := [{
	"account": input.scope.id,
	"region": agg.home_region,
	"sources": {"aws.securityhub"},
	"via": sprintf("this account's Security Hub finding aggregator links %s to its home Region %s, where ", [region, agg.home_region]),
	"pointers": [agg.pointer],
} |
	"aws.securityhub" in sources(region)
	some agg in aggregators_of(input.sections)
	links(agg, region)
]

# METADATA
# description: Every outcome of a region's findings for a check that requires targets of kind.
outcomes(region, kind) := array.concat(
	location_outcomes(input.scope.id, region, "default", sources(region), kind, "", []),
	[o |
		some dl in deliveries(region)
		some o0 in location_outcomes(dl.account, dl.region, "default", dl.sources, kind, dl.via, dl.pointers)
		o := object.union(o0, {"owner_pointers": array.concat(values.field(dl, "owner_pointers", []), o0.owner_pointers)})
	],
)

route_verb := {"response-plan": "route", "automation": "automate"}

# METADATA
# description: >-
#   The findings of AWS-IR3-03 (kind response-plan) and AWS-IR6-02 (kind automation): one per
#   enabled region. A local ENABLED findings rule with a qualifying target passes; otherwise
#   the findings are followed where they go (an event bus a rule forwards them to, the
#   GuardDuty and Security Hub administrator accounts, a finding aggregator's home Region) and
#   the verdict is drawn from the rules there, naming the account that holds them; an account
#   that is not in the run is an error naming it.
route_findings(kind) := {f |
	some region in enabled_regions
	some f in region_route_findings(region, kind)
}

region_route_findings(region, kind) := [{
	"resource": account_arn(input.scope.id),
	"region": region,
	"status": "pass",
	"message": sprintf("Neither GuardDuty nor Security Hub is enabled in %s, so there are no findings to %s there (AWS-IR3-01 and AWS-IR3-02 report that); nothing else is required.", [region, route_verb[kind]]),
	"evidence": [
		sprintf("/sections/guardduty.detectors/regions/%s/data", [region]),
		sprintf("/sections/securityhub.hubs/regions/%s/data", [region]),
	],
}] if {
	readable(region)
	count(sources(region)) == 0
} else := [route_verdict(region, kind, outcomes(region, kind))] if {
	readable(region)
} else := [{
	"resource": account_arn(input.scope.id),
	"region": region,
	"status": "error",
	"message": sprintf("Region %s is enabled (DescribeRegions) but section(s) %s hold no data for it; expected every enabled region to be read.", [region, concat(", ", missing)]),
	"evidence": ["/sections/ec2.regions/data/Regions"],
}] if {
	missing := [s |
		some s in ["guardduty.detectors", "securityhub.hubs", "events.rules"]
		is_object(input.sections[s])
		not region_data(s, region)
	]
	count(missing) > 0
} else := []

# A local pass first (this account's own rules decide); then a pass drawn from another
# account; then an error for a way that could not be judged; then a failure of every way.
route_verdict(region, kind, os) := {
	"resource": account_arn(input.scope.id),
	"region": region,
	"status": "pass",
	"message": sprintf("In %s, %s; an ENABLED findings rule targeting %s is required.", [region, concat("; ", sort([o.text | some o in os; o.status == "pass"; o.owner == ""])), target_kind_text[kind]]),
	"evidence": sort({p | some o in os; o.status == "pass"; o.owner == ""; some p in o.pointers}),
} if {
	some o in os
	o.status == "pass"
	o.owner == ""
} else := estate.follow(
	{
		"resource": account_arn(input.scope.id),
		"region": region,
		"status": "pass",
		"message": sprintf("In %s, %s; an ENABLED findings rule targeting %s is required.", [region, concat("; ", sort([o.text | some o in os; o.status == "pass"; o.owner == owner])), target_kind_text[kind]]),
		"evidence": sort({p | some o in os; o.status == "pass"; o.owner == owner; some p in o.pointers}),
	},
	estate.scope("aws", "account", owner),
	account_arn(owner),
	sort({p | some o in os; o.status == "pass"; o.owner == owner; some p in o.owner_pointers}),
) if {
	owner := min({o.owner | some o in os; o.status == "pass"})
} else := unknown_finding(region, o) if {
	unknowns := [o | some o in os; o.status == "unknown"]
	count(unknowns) > 0
	o := unknowns[0]
} else := fail_finding(region, kind, os)

fail_finding(region, kind, os) := f if {
	f := fail_base(region, kind, os)
	count({o.owner | some o in os; o.owner != ""}) == 0
} else := estate.follow(
	fail_base(region, kind, os),
	estate.scope("aws", "account", owner),
	account_arn(owner),
	sort({p | some o in os; o.owner == owner; some p in o.owner_pointers}),
) if {
	owner := min({o.owner | some o in os; o.owner != ""})
}

fail_base(region, kind, os) := {
	"resource": account_arn(input.scope.id),
	"region": region,
	"status": "fail",
	"message": sprintf("In %s (%s on), %s; expected %s targeting %s.", [
		region,
		concat(" and ", sort([source_name[s] | some s in sources(region)])),
		concat("; ", [o.text | some o in os]),
		expected_rule_text(region),
		target_kind_text[kind],
	]),
	"evidence": sort({p | some o in os; some p in o.pointers}),
}

expected_rule_text(region) := "an ENABLED rule on the default event bus matching those findings and" if {
	count(deliveries(region)) == 0
} else := "an ENABLED rule matching those findings, on this account's default event bus or where they are delivered, and"

unknown_finding(region, o) := estate.absent({
	"resource": account_arn(input.scope.id),
	"region": region,
	"what": unknown_what(o),
	"owner": owner(o.error.owner),
	"how": how(o.error.owner),
	"evidence": o.pointers,
}) if {
	o.error.kind == "absent"
} else := object.union(
	estate.owner_unread(
		{
			"resource": account_arn(input.scope.id),
			"region": o.error.region,
			"what": unknown_what(o),
			"section": "events.rules",
			"evidence": o.pointers,
		},
		o.error.entry,
	),
	{"region": region},
) if {
	o.error.kind == "owner-unread"
} else := {
	"resource": account_arn(input.scope.id),
	"region": region,
	"status": "error",
	"message": o.error.message,
	"evidence": o.pointers,
}

unknown_what(o) := sprintf("%s%s in %s, which receives this account's findings (%s),", [upper(substring(bus_phrase(o.error.bus), 0, 1)), substring(bus_phrase(o.error.bus), 1, -1), o.error.region, trim_suffix(o.text, ", where ")])

# ---------------------------------------------------------------------------------------------
# Incident tracking: AWS Security Incident Response and Incident Manager (IR-1, IR-7).

# METADATA
# description: >-
#   The AWS Security Incident Response memberships of section security_ir.memberships as
#   [{index, membership}], and the Active ones ([] when the section is absent: older snapshots).
sir_memberships := [{"index": i, "membership": m} | some i, m in values.list(input.sections["security_ir.memberships"].data.Memberships)]

sir_active := [e | some e in sir_memberships; e.membership.membershipStatus == "Active"]

# METADATA
# description: The Incident Manager replication sets whose Status is ACTIVE, as [{index, set}].
im_active := [{"index": i, "set": rs} |
	some i, rs in values.list(input.sections["ssm_incidents.replication_sets"].data.ReplicationSets)
	rs.Status == "ACTIVE"
]

# METADATA
# description: How a message names an Active Security Incident Response membership.
sir_label(m) := sprintf("%s (%s, %s)", [object.get(m, "membershipName", m.membershipId), m.membershipId, object.get(m, "region", "unknown region")]) if {
	values.filled(object.get(m, "membershipName", ""))
} else := sprintf("%s (%s)", [m.membershipId, object.get(m, "region", "unknown region")])

# METADATA
# description: The statuses of the memberships that are not Active, for messages ("none" when there are none).
sir_inactive_text := "no membership" if {
	count(sir_memberships) == 0
} else := concat(", ", sort([sprintf("%s %s", [e.membership.membershipId, e.membership.membershipStatus]) | some e in sir_memberships]))

# METADATA
# description: >-
#   The Active Security Incident Response memberships with an incident response team (GetMembership
#   incidentResponseTeam, at least one member; the API requires each member's e-mail address, which the
#   snapshot does not keep), as [{index, membership}].
sir_with_team := [e | some e in sir_active; count(values.list(e.membership.incidentResponseTeam)) > 0]

# METADATA
# description: >-
#   The Active Security Incident Response memberships whose opt-in feature Triage (proactive response)
#   is enabled (GetMembership optInFeatures, isEnabled true), as [{index, membership}].
sir_with_triage := [e |
	some e in sir_active
	some feature in values.list(e.membership.optInFeatures)
	feature.featureName == "Triage"
	feature.isEnabled == true
]
