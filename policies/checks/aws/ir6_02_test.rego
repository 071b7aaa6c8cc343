package irscan.checks.aws.ir6_02_test

import data.irscan.checks.aws.ir6_02
import data.irscan.lib.aws_test as fx

account := "arn:aws:account::123456789012:account"

plan_arn := "arn:aws:ssm-incidents::123456789012:response-plan/Critical-Service-Outage"

lambda_arn := "arn:aws:lambda:us-east-1:123456789012:function:quarantine-instance"

runbook_arn := "arn:aws:ssm:us-east-1:123456789012:automation-definition/AWS-DisableS3BucketPublicReadWrite:$DEFAULT"

state_machine_arn := "arn:aws:states:us-east-1:123456789012:stateMachine:triage"

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

test_pass_when_guardduty_rule_targets_lambda if {
	fs := ir6_02.findings with input as snapshot(gd_on, sh_off, events([rule("gd-to-lambda", "ENABLED", gd_pattern)], [targets("gd-to-lambda", [lambda_arn])]))
	f := only(fs)
	f.status == "pass"
	f.region == "us-east-1"
	f.resource == account
	contains(f.message, "rule gd-to-lambda sends GuardDuty findings to function:quarantine-instance")
	f.evidence == ["/sections/events.rules/regions/us-east-1/data/Rules/0"]
}

test_pass_when_rule_targets_ssm_automation if {
	fs := ir6_02.findings with input as snapshot(gd_off, sh_on, events([rule("sh-runbook", "ENABLED", sh_pattern)], [targets("sh-runbook", [runbook_arn])]))
	f := only(fs)
	f.status == "pass"
	contains(f.message, "automation-definition/AWS-DisableS3BucketPublicReadWrite:$DEFAULT")
}

test_pass_when_rule_targets_step_functions if {
	fs := ir6_02.findings with input as snapshot(gd_on, sh_on, events([rule("sh-sfn", "ENABLED", sh_pattern)], [targets("sh-sfn", [state_machine_arn])]))
	f := only(fs)
	f.status == "pass"
	contains(f.message, "stateMachine:triage")
}

test_pass_with_securityhub_rule_without_detail_type if {
	fs := ir6_02.findings with input as snapshot(gd_on, sh_on, events([rule("sh-to-im", "ENABLED", `{"source":["aws.securityhub"]}`)], [targets("sh-to-im", [plan_arn, lambda_arn])]))
	f := only(fs)
	f.status == "pass"
	contains(f.message, "Security Hub findings")
}

test_pass_with_source_prefix if {
	fs := ir6_02.findings with input as snapshot(gd_on, sh_off, events([rule("aws-to-im", "ENABLED", `{"source":[{"prefix":"aws.guard"}]}`)], [targets("aws-to-im", [lambda_arn])]))
	f := only(fs)
	f.status == "pass"
}

test_fail_when_rule_disabled if {
	fs := ir6_02.findings with input as snapshot(gd_on, sh_off, events([rule("gd-to-lambda", "DISABLED", gd_pattern)], [targets("gd-to-lambda", [lambda_arn])]))
	f := only(fs)
	f.status == "fail"
	contains(f.message, "gd-to-lambda is DISABLED, targets function:quarantine-instance")
}

test_fail_when_rule_targets_only_a_response_plan if {
	fs := ir6_02.findings with input as snapshot(gd_on, sh_off, events([rule("gd-to-im", "ENABLED", gd_pattern)], [targets("gd-to-im", [plan_arn])]))
	f := only(fs)
	f.status == "fail"
	contains(f.message, "response-plan/Critical-Service-Outage")
}

test_fail_when_rule_matches_a_service_that_is_off if {
	fs := ir6_02.findings with input as snapshot(gd_off, sh_on, events([rule("gd-to-im", "ENABLED", gd_pattern)], [targets("gd-to-im", [lambda_arn])]))
	f := only(fs)
	f.status == "fail"
	contains(f.message, "no rule on the default event bus selects high or critical")
}

test_fail_when_detail_type_is_not_findings if {
	fs := ir6_02.findings with input as snapshot(gd_off, sh_on, events([rule("sh-insights", "ENABLED", `{"source":["aws.securityhub"],"detail-type":["Security Hub Insight Results"]}`)], [targets("sh-insights", [lambda_arn])]))
	f := only(fs)
	f.status == "fail"
}

test_fail_when_no_rules if {
	fs := ir6_02.findings with input as snapshot(gd_on, sh_on, events(null, null))
	f := only(fs)
	f.status == "fail"
	contains(f.message, "GuardDuty and Security Hub on")
}

test_fail_on_invalid_or_null_pattern if {
	fs := ir6_02.findings with input as snapshot(gd_on, sh_off, events([rule("broken", "ENABLED", "{not json"), rule("scheduled", "ENABLED", null)], [targets("broken", [lambda_arn]), targets("scheduled", [lambda_arn])]))
	f := only(fs)
	f.status == "fail"
}

test_error_when_targets_missing if {
	fs := ir6_02.findings with input as snapshot(gd_on, sh_off, events([rule("gd-to-im", "ENABLED", gd_pattern)], []))
	f := only(fs)
	f.status == "error"
	contains(f.message, "gd-to-im")
}

test_pass_not_applicable_when_both_off if {
	fs := ir6_02.findings with input as snapshot(gd_off, sh_off, events([], []))
	f := only(fs)
	f.status == "pass"
	contains(f.message, "Neither GuardDuty nor Security Hub is enabled in us-east-1")
}

test_error_when_region_not_read if {
	inp := json.patch(snapshot(gd_on, sh_on, events([], [])), [{"op": "remove", "path": "/sections/events.rules/regions/us-east-1"}])
	fs := ir6_02.findings with input as inp
	f := only(fs)
	f.status == "error"
	contains(f.message, "events.rules")
}

test_no_pass_when_region_data_null if {
	fs := ir6_02.findings with input as snapshot(gd_on, sh_on, {"status": "ok", "data": null})
	{f.status | some f in fs} == {"error"}
}

test_no_finding_when_sections_absent if {
	fs := ir6_02.findings with input as object.remove(snapshot(gd_on, sh_on, events([], [])), ["sections"])
	count(fs) == 0
}

# ---------------------------------------------------------------------------------------------
# Findings delivered to the administrator account and on to its central event bus.

by_region(fs) := {f.region: f | some f in fs}

test_member_follows_the_administrator if {
	fs := by_region(ir6_02.findings) with input as fx.member_snapshot with data.estate as fx.sound
	every r in ["us-east-1", "eu-west-1"] {
		fs[r].status == "pass"
		contains(fs[r].message, "automation-definition/SOC-Contain:$DEFAULT")
		fs[r].owner.id == fx.security
	}
}

test_member_fails_with_the_administrator if {
	fs := by_region(ir6_02.findings) with input as fx.member_snapshot with data.estate as fx.broken
	every r in ["us-east-1", "eu-west-1"] {
		fs[r].status == "fail"
		fs[r].owner.id == fx.security
	}
}

test_member_error_when_administrator_absent if {
	fs := by_region(ir6_02.findings) with input as fx.member_snapshot with data.estate as {}
	every r in ["us-east-1", "eu-west-1"] {
		fs[r].status == "error"
		contains(fs[r].message, "is held by AWS account 600000000003, which is not in this run")
	}
}

test_member_own_rule_overrides if {
	snap := json.patch(fx.member_snapshot, [{"op": "replace", "path": "/sections/events.rules/regions/eu-west-1/data", "value": {
		"Rules": [rule("gd-to-lambda", "ENABLED", gd_pattern)],
		"TargetsByRule": [targets("gd-to-lambda", [lambda_arn])],
	}}])
	fs := by_region(ir6_02.findings) with input as snap with data.estate as {}
	fs["eu-west-1"].status == "pass"
	not fs["eu-west-1"].owner
	fs["us-east-1"].status == "error"
}

# A response plan on the central bus does not count as automation: the path fails.
test_central_bus_without_automation_fails if {
	sec := json.patch(fx.security_snapshot("ENABLED"), [{"op": "replace", "path": "/sections/events.rules/regions/us-east-1/data/TargetsByRule/1/Targets", "value": [{"Id": "t0", "Arn": fx.plan_arn}]}])
	fs := by_region(ir6_02.findings) with input as fx.member_snapshot with data.estate as fx.estate([fx.entry(sec, [])])
	fs["us-east-1"].status == "fail"
	contains(fs["us-east-1"].message, "central-findings-to-response is ENABLED, targets response-plan/SOC-Critical")
}

# The new Security Hub's events: detail-type "Findings Imported V2", OCSF severity fields.
test_pass_with_new_security_hub_rule if {
	fs := ir6_02.findings with input as snapshot(gd_off, sh_on, events([rule("v2", "ENABLED", `{"source":["aws.securityhub"],"detail-type":["Findings Imported V2"],"detail":{"findings":{"severity_id":[{"numeric":[">=",4]}]}}}`)], [targets("v2", [lambda_arn])]))
	f := only(fs)
	f.status == "pass"
	contains(f.message, "rule v2 sends Security Hub findings")
}

# A rule that can never match a high or critical finding does not route the findings that matter.
test_fail_when_rule_selects_only_low_findings if {
	fs := ir6_02.findings with input as snapshot(gd_on, sh_off, events([rule("low", "ENABLED", `{"source":["aws.guardduty"],"detail-type":["GuardDuty Finding"],"detail":{"severity":[{"numeric":["<",4]}]}}`)], [targets("low", [lambda_arn])]))
	f := only(fs)
	f.status == "fail"
	contains(f.message, "no rule on the default event bus selects high or critical GuardDuty findings")
}
