# METADATA
# title: Findings create incidents
# description: >-
#   In every enabled region where GuardDuty (a detector ENABLED) or Security Hub (a hub) is
#   on, an ENABLED EventBridge rule on the default event bus matches GuardDuty findings
#   (source aws.guardduty, detail-type "GuardDuty Finding") or Security Hub findings (source
#   aws.securityhub, detail-type "Security Hub Findings - Imported") of a service that is on
#   in that region, and targets an Incident Manager response plan, so that high-quality
#   alerts open incidents automatically. A rule without a detail-type matches every event
#   of its source; a DISABLED rule does not count. Regions where neither service is on pass
#   with a note (AWS-IR3-01 and AWS-IR3-02 report them). One finding per enabled region.
# custom:
#   id: AWS-IR3-03
#   controls: [IR-3]
#   severity: medium
#   requires: [ec2.regions, guardduty.detectors, securityhub.hubs, events.rules]
#   remediation: >-
#     In each region, create an EventBridge rule on the default event bus that matches the
#     findings worth an incident and targets a response plan: aws events put-rule --name
#     securityhub-findings-to-incidents --event-pattern
#     '{"source":["aws.securityhub"],"detail-type":["Security Hub Findings - Imported"],"detail":{"findings":{"Severity":{"Label":["CRITICAL","HIGH"]},"Workflow":{"Status":["NEW"]}}}}'
#     (or source aws.guardduty with detail-type "GuardDuty Finding"), then aws events
#     put-targets --rule securityhub-findings-to-incidents --targets
#     Id=incident,Arn=arn:aws:ssm-incidents::<account>:response-plan/<plan>,RoleArn=<role allowed ssm-incidents:StartIncident>.
#     Incident Manager's console can create the rule for you (Response plans > Edit >
#     Triggers). Keep the rule ENABLED.
#   references:
#     - https://docs.aws.amazon.com/incident-manager/latest/userguide/incident-creation.html
#     - https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-cwe-integration-types.html
#     - https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings_eventbridge.html
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.aws.ir3_03

account_arn := sprintf("arn:aws:account::%s:account", [input.scope.id])

target_kind := "an Incident Manager response plan"

wanted_target(arn) if regex.match(`^arn:aws[a-z-]*:ssm-incidents::[0-9]{12}:response-plan/.+`, arn)

findings contains f if {
	some region in enabled_regions
	readable(region)
	count(sources(region)) == 0
	f := {
		"resource": account_arn,
		"region": region,
		"status": "pass",
		"message": sprintf("Neither GuardDuty nor Security Hub is enabled in %s, so there are no findings to route there (AWS-IR3-01 and AWS-IR3-02 report that); nothing else is required.", [region]),
		"evidence": [
			sprintf("/sections/guardduty.detectors/regions/%s/data", [region]),
			sprintf("/sections/securityhub.hubs/regions/%s/data", [region]),
		],
	}
}

findings contains f if {
	some region in enabled_regions
	readable(region)
	count(sources(region)) > 0
	good := routing_rules(region)
	count(good) > 0
	f := {
		"resource": account_arn,
		"region": region,
		"status": "pass",
		"message": sprintf("In %s, %s; an ENABLED findings rule targeting %s is required.", [region, concat("; ", sort([sprintf("rule %s sends %s findings to %s", [r.name, concat(" and ", r.sources), concat(", ", r.targets)]) | some r in good])), target_kind]),
		"evidence": [sprintf("/sections/events.rules/regions/%s/data/Rules/%d", [region, r.index]) | some r in good],
	}
}

findings contains f if {
	some region in enabled_regions
	readable(region)
	count(sources(region)) > 0
	count(routing_rules(region)) == 0
	count(untargeted(region)) == 0
	f := {
		"resource": account_arn,
		"region": region,
		"status": "fail",
		"message": sprintf("In %s (%s on), %s; expected an ENABLED rule on the default event bus matching those findings and targeting %s.", [region, concat(" and ", sort([source_name[x] | some x in sources(region)])), rules_summary(region), target_kind]),
		"evidence": [sprintf("/sections/events.rules/regions/%s/data", [region])],
	}
}

# A findings rule whose ListTargetsByRule result is missing might be the one that routes.
findings contains f if {
	some region in enabled_regions
	readable(region)
	count(sources(region)) > 0
	count(routing_rules(region)) == 0
	count(untargeted(region)) > 0
	f := {
		"resource": account_arn,
		"region": region,
		"status": "error",
		"message": sprintf("In %s, the targets of findings rule(s) %s are missing from the snapshot (no ListTargetsByRule result); expected them to assess where findings go.", [region, concat(", ", sort(untargeted(region)))]),
		"evidence": [sprintf("/sections/events.rules/regions/%s/data/TargetsByRule", [region])],
	}
}

# Never pass on absent data: an enabled region one of the sections holds no data for.
findings contains f if {
	some region in enabled_regions
	missing := [s |
		some s in ["guardduty.detectors", "securityhub.hubs", "events.rules"]
		is_object(input.sections[s])
		not region_data(s, region)
	]
	count(missing) > 0
	f := {
		"resource": account_arn,
		"region": region,
		"status": "error",
		"message": sprintf("Region %s is enabled (DescribeRegions) but section(s) %s hold no data for it; expected every enabled region to be read.", [region, concat(", ", missing)]),
		"evidence": ["/sections/ec2.regions/data/Regions"],
	}
}

# The account's enabled regions (DescribeRegions without AllRegions).
enabled_regions contains r.RegionName if {
	some r in list(input.sections["ec2.regions"].data.Regions)
	r.OptInStatus != "not-opted-in"
}

region_data(section, region) := d if {
	d := input.sections[section].regions[region].data
	is_object(d)
}

readable(region) if {
	region_data("guardduty.detectors", region)
	region_data("securityhub.hubs", region)
	region_data("events.rules", region)
}

# The findings sources that are on in the region.
sources(region) := {s |
	some s in ["aws.guardduty", "aws.securityhub"]
	active(region, s)
}

active(region, "aws.guardduty") if {
	some det in list(region_data("guardduty.detectors", region).Detectors)
	det.Status == "ENABLED"
}

active(region, "aws.securityhub") if is_object(region_data("securityhub.hubs", region).Hub)

# Rules (any state) whose pattern matches findings of a source that is on in the region.
findings_rules(region) := [{"index": i, "rule": rule, "sources": srcs} |
	some i, rule in list(region_data("events.rules", region).Rules)
	srcs := matched_sources(rule) & sources(region)
	count(srcs) > 0
]

# ENABLED findings rules with at least one wanted target.
routing_rules(region) := [{"index": fr.index, "name": fr.rule.Name, "sources": sort([source_name[s] | some s in fr.sources]), "targets": sort(targets)} |
	some fr in findings_rules(region)
	enabled(fr.rule)
	targets := [short_arn(t.Arn) | some t in targets_of(region, fr.rule.Name); wanted_target(t.Arn)]
	count(targets) > 0
]

untargeted(region) := {fr.rule.Name |
	some fr in findings_rules(region)
	enabled(fr.rule)
	not targets_of(region, fr.rule.Name)
}

targets_of(region, name) := list(entry.Targets) if {
	some entry in list(region_data("events.rules", region).TargetsByRule)
	entry.Rule == name
}

rules_summary(region) := "no rule on the default event bus matches GuardDuty or Security Hub findings" if {
	count(findings_rules(region)) == 0
} else := sprintf("the findings rules do not qualify: %s", [concat("; ", sort([rule_summary(region, fr.rule) | some fr in findings_rules(region)]))])

rule_summary(region, rule) := sprintf("%s is %s, targets %s", [rule.Name, rule.State, targets_summary(targets_of(region, rule.Name))])

targets_summary(ts) := "nothing" if {
	count(ts) == 0
} else := concat(", ", sort([short_arn(t.Arn) | some t in ts]))

# ENABLED or ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS.
enabled(rule) if startswith(rule.State, "ENABLED")

source_name := {"aws.guardduty": "GuardDuty", "aws.securityhub": "Security Hub"}

finding_detail_type := {"aws.guardduty": "GuardDuty Finding", "aws.securityhub": "Security Hub Findings - Imported"}

# The findings sources an event pattern (a JSON string) matches.
matched_sources(rule) := {s |
	is_string(rule.EventPattern)
	json.is_valid(rule.EventPattern)
	pattern := json.unmarshal(rule.EventPattern)
	is_object(pattern)
	some s in ["aws.guardduty", "aws.securityhub"]
	some v in values(pattern, "source")
	value_matches(v, s)
	detail_type_ok(pattern, s)
}

# A pattern without detail-type matches every event of its source.
detail_type_ok(pattern, _) if not pattern["detail-type"]

detail_type_ok(pattern, s) if {
	some v in values(pattern, "detail-type")
	value_matches(v, finding_detail_type[s])
}

values(pattern, key) := pattern[key] if {
	is_array(pattern[key])
} else := [pattern[key]] if {
	is_string(pattern[key])
} else := []

value_matches(v, want) if v == want

value_matches(v, want) if {
	is_string(v.prefix)
	startswith(want, v.prefix)
}

# arn:aws:ssm-incidents::123456789012:response-plan/Critical → response-plan/Critical
short_arn(arn) := concat(":", array.slice(parts, 5, count(parts))) if {
	parts := split(arn, ":")
	count(parts) > 5
} else := arn

# Go marshals a nil slice as null: treat it as empty.
list(v) := v if is_array(v)

else := []
