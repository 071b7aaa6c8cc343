package irscan.checks.aws.ir3_03_test

import data.irscan.checks.aws.ir3_03
import data.irscan.lib.aws_test as fx

account := "arn:aws:account::123456789012:account"

plan_arn := "arn:aws:ssm-incidents::123456789012:response-plan/Critical-Service-Outage"

lambda_arn := "arn:aws:lambda:us-east-1:123456789012:function:quarantine-instance"

regions_data(names) := {"Regions": [{"RegionName": n, "Endpoint": sprintf("ec2.%s.amazonaws.com", [n]), "OptInStatus": "opt-in-not-required"} | some n in names]}

gd_on := {"status": "ok", "data": {"DetectorIds": ["d1"], "Detectors": [{"DetectorId": "d1", "Status": "ENABLED"}]}}

gd_off := {"status": "ok", "data": {"DetectorIds": [], "Detectors": []}}

sh_on := {"status": "ok", "data": {"Hub": {"HubArn": "arn:aws:securityhub:us-east-1:123456789012:hub/default"}, "StandardsSubscriptions": []}}

sh_off := {"status": "ok", "data": {"Hub": null, "StandardsSubscriptions": []}}

rule(name, state, pattern) := {
	"Name": name,
	"Arn": sprintf("arn:aws:events:us-east-1:123456789012:rule/%s", [name]),
	"State": state,
	"EventPattern": pattern,
	"ScheduleExpression": null,
	"EventBusName": "default",
	"ManagedBy": null,
	"Description": null,
	"RoleArn": null,
}

targets(name, arns) := {"Rule": name, "Targets": [{"Id": sprintf("t%d", [i]), "Arn": a, "RoleArn": null, "Input": null, "InputPath": null} | some i, a in arns]}

gd_pattern := `{"source":["aws.guardduty"],"detail-type":["GuardDuty Finding"],"detail":{"severity":[{"numeric":[">=",7]}]}}`

sh_pattern := `{"source":["aws.securityhub"],"detail-type":["Security Hub Findings - Imported"]}`

events(rules, tbr) := {"status": "ok", "data": {"Rules": rules, "TargetsByRule": tbr}}

snapshot(gd, sh, ev) := {
	"cloud": "aws",
	"scope": {"type": "account", "id": "123456789012"},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {
		"ec2.regions": {"status": "ok", "data": regions_data(["us-east-1"])},
		"guardduty.detectors": {"status": "ok", "regions": {"us-east-1": gd}},
		"securityhub.hubs": {"status": "ok", "regions": {"us-east-1": sh}},
		"events.rules": {"status": "ok", "regions": {"us-east-1": ev}},
	},
}

only(fs) := f if {
	count(fs) == 1
	some f in fs
}

test_pass_when_guardduty_rule_targets_a_plan if {
	fs := ir3_03.findings with input as snapshot(gd_on, sh_off, events([rule("gd-to-im", "ENABLED", gd_pattern)], [targets("gd-to-im", [plan_arn])]))
	f := only(fs)
	f.status == "pass"
	f.region == "us-east-1"
	f.resource == account
	contains(f.message, "rule gd-to-im sends GuardDuty findings to response-plan/Critical-Service-Outage")
	f.evidence == ["/sections/events.rules/regions/us-east-1/data/Rules/0"]
}

test_pass_with_securityhub_rule_without_detail_type if {
	fs := ir3_03.findings with input as snapshot(gd_on, sh_on, events([rule("sh-to-im", "ENABLED", `{"source":["aws.securityhub"]}`)], [targets("sh-to-im", [lambda_arn, plan_arn])]))
	f := only(fs)
	f.status == "pass"
	contains(f.message, "Security Hub findings")
}

test_pass_with_source_prefix if {
	fs := ir3_03.findings with input as snapshot(gd_on, sh_off, events([rule("aws-to-im", "ENABLED", `{"source":[{"prefix":"aws.guard"}]}`)], [targets("aws-to-im", [plan_arn])]))
	f := only(fs)
	f.status == "pass"
}

test_fail_when_rule_disabled if {
	fs := ir3_03.findings with input as snapshot(gd_on, sh_off, events([rule("gd-to-im", "DISABLED", gd_pattern)], [targets("gd-to-im", [plan_arn])]))
	f := only(fs)
	f.status == "fail"
	contains(f.message, "gd-to-im is DISABLED, targets response-plan/Critical-Service-Outage")
}

test_fail_when_rule_targets_only_lambda if {
	fs := ir3_03.findings with input as snapshot(gd_on, sh_off, events([rule("gd-to-lambda", "ENABLED", gd_pattern)], [targets("gd-to-lambda", [lambda_arn])]))
	f := only(fs)
	f.status == "fail"
	contains(f.message, "function:quarantine-instance")
}

test_fail_when_rule_matches_a_service_that_is_off if {
	fs := ir3_03.findings with input as snapshot(gd_off, sh_on, events([rule("gd-to-im", "ENABLED", gd_pattern)], [targets("gd-to-im", [plan_arn])]))
	f := only(fs)
	f.status == "fail"
	contains(f.message, "no rule on the default event bus selects high or critical")
}

test_fail_when_detail_type_is_not_findings if {
	fs := ir3_03.findings with input as snapshot(gd_off, sh_on, events([rule("sh-insights", "ENABLED", `{"source":["aws.securityhub"],"detail-type":["Security Hub Insight Results"]}`)], [targets("sh-insights", [plan_arn])]))
	f := only(fs)
	f.status == "fail"
}

test_fail_when_no_rules if {
	fs := ir3_03.findings with input as snapshot(gd_on, sh_on, events(null, null))
	f := only(fs)
	f.status == "fail"
	contains(f.message, "GuardDuty and Security Hub on")
}

test_fail_on_invalid_or_null_pattern if {
	fs := ir3_03.findings with input as snapshot(gd_on, sh_off, events([rule("broken", "ENABLED", "{not json"), rule("scheduled", "ENABLED", null)], [targets("broken", [plan_arn]), targets("scheduled", [plan_arn])]))
	f := only(fs)
	f.status == "fail"
}

test_error_when_targets_missing if {
	fs := ir3_03.findings with input as snapshot(gd_on, sh_off, events([rule("gd-to-im", "ENABLED", gd_pattern)], []))
	f := only(fs)
	f.status == "error"
	contains(f.message, "gd-to-im")
}

test_pass_not_applicable_when_both_off if {
	fs := ir3_03.findings with input as snapshot(gd_off, sh_off, events([], []))
	f := only(fs)
	f.status == "pass"
	contains(f.message, "Neither GuardDuty nor Security Hub is enabled in us-east-1")
}

test_error_when_region_not_read if {
	inp := json.patch(snapshot(gd_on, sh_on, events([], [])), [{"op": "remove", "path": "/sections/events.rules/regions/us-east-1"}])
	fs := ir3_03.findings with input as inp
	f := only(fs)
	f.status == "error"
	contains(f.message, "events.rules")
}

test_no_pass_when_region_data_null if {
	fs := ir3_03.findings with input as snapshot(gd_on, sh_on, {"status": "ok", "data": null})
	{f.status | some f in fs} == {"error"}
}

test_no_finding_when_sections_absent if {
	fs := ir3_03.findings with input as object.remove(snapshot(gd_on, sh_on, events([], [])), ["sections"])
	count(fs) == 0
}

# ---------------------------------------------------------------------------------------------
# Findings delivered elsewhere: the GuardDuty and Security Hub administrator account (with a
# finding aggregator), and event buses that rules forward findings to.

by_region(fs) := {f.region: f | some f in fs}

test_member_follows_the_administrator_in_both_regions if {
	fs := by_region(ir3_03.findings) with input as fx.member_snapshot with data.estate as fx.sound
	us := fs["us-east-1"]
	us.status == "pass"
	contains(us.message, "GuardDuty publishes this account's findings to its GuardDuty administrator, AWS account 600000000003, in us-east-1")
	contains(us.message, "forwards GuardDuty findings to event bus central of AWS account 600000000003 (us-east-1)")
	contains(us.message, "sends GuardDuty findings to response-plan/SOC-Critical")
	us.owner.id == fx.security
	"/sections/events.rules/regions/us-east-1/data/Rules/1" in us.owner.evidence
	eu := fs["eu-west-1"]
	eu.status == "pass"
	contains(eu.message, "whose finding aggregator links eu-west-1 to its home Region us-east-1")
	eu.owner.id == fx.security
	"/sections/securityhub.hubs/regions/us-east-1/data/FindingAggregators/0" in eu.owner.evidence
}

# The central rule DISABLED: the members fail too, naming the administrator.
test_member_fails_with_the_administrator if {
	fs := by_region(ir3_03.findings) with input as fx.member_snapshot with data.estate as fx.broken
	fs["us-east-1"].status == "fail"
	contains(fs["us-east-1"].message, "central-findings-to-response is DISABLED")
	fs["us-east-1"].owner.id == fx.security
	fs["eu-west-1"].status == "fail"
	fs["eu-west-1"].owner.id == fx.security
}

test_member_error_when_administrator_absent if {
	fs := by_region(ir3_03.findings) with input as fx.member_snapshot with data.estate as {}
	every r in ["us-east-1", "eu-west-1"] {
		fs[r].status == "error"
		contains(fs[r].message, sprintf("The default event bus in %s, which receives this account's findings", [r]))
		contains(fs[r].message, "is held by AWS account 600000000003, which is not in this run")
		not fs[r].owner
	}
}

test_member_error_when_administrator_could_not_read_its_rules if {
	fs := by_region(ir3_03.findings) with input as fx.member_snapshot with data.estate as fx.unread("events.rules", "us-east-1")
	fs["us-east-1"].status == "error"
	contains(fs["us-east-1"].message, "could not show it")
}

# A qualifying rule of the member's own decides locally, whatever the administrator's state.
test_member_own_rule_overrides if {
	snap := json.patch(fx.member_snapshot, [{"op": "replace", "path": "/sections/events.rules/regions/us-east-1/data", "value": {
		"Rules": [rule("gd-to-im", "ENABLED", gd_pattern)],
		"TargetsByRule": [targets("gd-to-im", [plan_arn])],
	}}])
	fs := by_region(ir3_03.findings) with input as snap with data.estate as fx.broken
	fs["us-east-1"].status == "pass"
	not fs["us-east-1"].owner
	contains(fs["us-east-1"].message, "rule gd-to-im sends GuardDuty findings to response-plan/Critical-Service-Outage")
}

# A rule forwarding findings to a custom bus of the same account is followed there.
test_forward_to_own_custom_bus if {
	bus := "arn:aws:events:us-east-1:123456789012:event-bus/security"
	ev := events(
		[rule("to-bus", "ENABLED", gd_pattern), object.union(rule("bus-to-im", "ENABLED", gd_pattern), {"EventBusName": "security"})],
		[targets("to-bus", [bus]), object.union(targets("bus-to-im", [plan_arn]), {"EventBusName": "security"})],
	)
	f := only(ir3_03.findings) with input as snapshot(gd_on, sh_off, ev)
	f.status == "pass"
	contains(f.message, "rule to-bus forwards GuardDuty findings to event bus security (us-east-1), where rule bus-to-im on event bus security in us-east-1 sends GuardDuty findings to response-plan/Critical-Service-Outage")
	not f.owner
}

test_forward_to_own_custom_bus_without_a_qualifying_rule_fails if {
	bus := "arn:aws:events:us-east-1:123456789012:event-bus/security"
	ev := events([rule("to-bus", "ENABLED", gd_pattern)], [targets("to-bus", [bus])])
	f := only(ir3_03.findings) with input as snapshot(gd_on, sh_off, ev)
	f.status == "fail"
	contains(f.message, "where no rule on event bus security selects high or critical GuardDuty findings")
}

# A rule forwarding findings to another account's bus: that account must be in the run.
test_forward_to_a_bus_of_an_account_not_in_the_run if {
	bus := "arn:aws:events:us-east-1:210987654321:event-bus/soc"
	ev := events([rule("to-soc", "ENABLED", gd_pattern)], [targets("to-soc", [bus])])
	f := only(ir3_03.findings) with input as snapshot(gd_on, sh_off, ev) with data.estate as {}
	f.status == "error"
	contains(f.message, "Event bus soc in us-east-1, which receives this account's findings (rule to-soc forwards GuardDuty findings to event bus soc of AWS account 210987654321 (us-east-1)), is held by AWS account 210987654321, which is not in this run")
}

# The administrator itself: its own aggregator brings eu-west-1's Security Hub findings home.
test_administrator_own_aggregator if {
	fs := by_region(ir3_03.findings) with input as fx.security_snapshot("ENABLED") with data.estate as {}
	fs["eu-west-1"].status == "pass"
	contains(fs["eu-west-1"].message, "this account's Security Hub finding aggregator links eu-west-1 to its home Region us-east-1")
	not fs["eu-west-1"].owner
	fs["us-east-1"].status == "pass"
}

# The new Security Hub's events: detail-type "Findings Imported V2", OCSF severity fields.
test_pass_with_new_security_hub_rule if {
	fs := ir3_03.findings with input as snapshot(gd_off, sh_on, events([rule("v2", "ENABLED", `{"source":["aws.securityhub"],"detail-type":["Findings Imported V2"],"detail":{"findings":{"severity_id":[{"numeric":[">=",4]}]}}}`)], [targets("v2", [plan_arn])]))
	f := only(fs)
	f.status == "pass"
	contains(f.message, "rule v2 sends Security Hub findings")
}

# A rule that can never match a high or critical finding does not route the findings that matter.
test_fail_when_rule_selects_only_low_findings if {
	fs := ir3_03.findings with input as snapshot(gd_on, sh_off, events([rule("low", "ENABLED", `{"source":["aws.guardduty"],"detail-type":["GuardDuty Finding"],"detail":{"severity":[{"numeric":["<",4]}]}}`)], [targets("low", [plan_arn])]))
	f := only(fs)
	f.status == "fail"
	contains(f.message, "no rule on the default event bus selects high or critical GuardDuty findings")
}
