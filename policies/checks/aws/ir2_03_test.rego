package irscan.checks.aws.ir2_03_test

import data.irscan.checks.aws.ir2_03

plan_arn(name) := sprintf("arn:aws:ssm-incidents::123456789012:response-plan/%s", [name])

escalation_arn := "arn:aws:ssm-contacts:us-east-1:123456789012:contact/oncall-escalation"

summary(name) := {"Arn": plan_arn(name), "Name": name, "DisplayName": name}

plan(name, engagements) := {
	"Arn": plan_arn(name),
	"Name": name,
	"DisplayName": name,
	"Engagements": engagements,
	"IncidentTemplate": {"Impact": 2, "Title": name},
	"Actions": null,
	"ChatChannel": null,
	"Integrations": null,
}

escalation(stages) := {
	"ContactArn": escalation_arn,
	"Alias": "oncall-escalation",
	"DisplayName": "On-call escalation",
	"Type": "ESCALATION",
	"Plan": {"Stages": stages},
}

stage := {"DurationInMinutes": 5, "Targets": [{"ContactTargetInfo": {"ContactId": "arn:aws:ssm-contacts:us-east-1:123456789012:contact/akuam", "IsEssential": true}}]}

akuam_arn := "arn:aws:ssm-contacts:us-east-1:123456789012:contact/akuam"

channel_arn := "arn:aws:ssm-contacts:us-east-1:123456789012:contact-channel/akuam/fc7405c4-46b2-48b7-87b2-93e2f225b90d"

contacts_with(details, channel_status) := {
	"Contacts": [
		{"ContactArn": escalation_arn, "Alias": "oncall-escalation", "Type": "ESCALATION"},
		{"ContactArn": akuam_arn, "Alias": "akuam", "Type": "PERSONAL"},
	],
	"ContactChannels": [{"ContactChannelArn": channel_arn, "ContactArn": akuam_arn, "Name": "akuam-email", "Type": "EMAIL", "ActivationStatus": channel_status}],
	"ContactDetails": details,
}

contacts_data(details) := contacts_with(details, "ACTIVATED")

snapshot(plans_data, contacts) := {
	"cloud": "aws",
	"scope": {"type": "account", "id": "123456789012"},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {
		"ssm_incidents.response_plans": {"status": "ok", "regions": {"us-east-1": {"status": "ok", "data": plans_data}}},
		"ssm_contacts.contacts": {"status": "ok", "regions": {"us-east-1": {"status": "ok", "data": contacts}}},
	},
}

good := snapshot(
	{"ResponsePlanSummaries": [summary("Critical")], "ResponsePlans": [plan("Critical", [escalation_arn])]},
	contacts_data([escalation([stage, stage])]),
)

test_pass_when_plans_engage_and_escalation_has_stages if {
	fs := ir2_03.findings with input as good
	count(fs) == 2
	{[f.resource, f.status] | some f in fs} == {
		[plan_arn("Critical"), "pass"],
		["arn:aws:account::123456789012:account", "pass"],
	}
	some f in fs
	f.resource == plan_arn("Critical")
	f.region == "us-east-1"
	contains(f.message, "oncall-escalation")
	f.evidence == ["/sections/ssm_incidents.response_plans/regions/us-east-1/data/ResponsePlans/0/Engagements"]
}

test_escalation_message_counts_stages if {
	fs := ir2_03.findings with input as good
	some f in fs
	f.resource == "arn:aws:account::123456789012:account"
	contains(f.message, "oncall-escalation (2 stages)")
	f.evidence == ["/sections/ssm_contacts.contacts/regions/us-east-1/data/ContactDetails/0/Plan/Stages"]
}

test_fail_when_a_plan_engages_nobody if {
	inp := snapshot(
		{
			"ResponsePlanSummaries": [summary("Critical"), summary("Data-Breach")],
			"ResponsePlans": [plan("Critical", [escalation_arn]), object.remove(plan("Data-Breach", []), ["Engagements"])],
		},
		contacts_data([escalation([stage])]),
	)
	fs := ir2_03.findings with input as inp
	{[f.resource, f.status] | some f in fs} == {
		[plan_arn("Critical"), "pass"],
		[plan_arn("Data-Breach"), "fail"],
		["arn:aws:account::123456789012:account", "pass"],
	}
}

test_fail_when_engagements_null if {
	inp := snapshot(
		{"ResponsePlanSummaries": [summary("Critical")], "ResponsePlans": [plan("Critical", null)]},
		contacts_data([escalation([stage])]),
	)
	fs := ir2_03.findings with input as inp
	some f in fs
	f.resource == plan_arn("Critical")
	f.status == "fail"
	not pass_for(fs, plan_arn("Critical"))
}

test_no_plan_finding_when_lists_null if {
	inp := snapshot({"ResponsePlanSummaries": null, "ResponsePlans": null}, contacts_data([escalation([stage])]))
	fs := ir2_03.findings with input as inp
	{f.resource | some f in fs} == {"arn:aws:account::123456789012:account"}
}

test_fail_when_no_escalation_plan if {
	inp := snapshot(
		{"ResponsePlanSummaries": [summary("Critical")], "ResponsePlans": [plan("Critical", [escalation_arn])]},
		{"Contacts": [{"ContactArn": "arn:aws:ssm-contacts:us-east-1:123456789012:contact/akuam", "Alias": "akuam", "Type": "PERSONAL"}], "ContactChannels": [], "ContactDetails": []},
	)
	fs := ir2_03.findings with input as inp
	some f in fs
	f.resource == "arn:aws:account::123456789012:account"
	f.status == "fail"
	contains(f.message, "no escalation plan")
}

test_fail_when_escalation_plan_has_no_stage if {
	inp := snapshot(
		{"ResponsePlanSummaries": [], "ResponsePlans": []},
		contacts_data([escalation([])]),
	)
	fs := ir2_03.findings with input as inp
	count(fs) == 1
	some f in fs
	f.status == "fail"
	contains(f.message, "oncall-escalation")
}

test_fail_when_escalation_detail_missing if {
	fs := ir2_03.findings with input as snapshot({"ResponsePlanSummaries": [], "ResponsePlans": []}, contacts_data([]))
	{f.status | some f in fs} == {"fail"}
}

test_error_when_plan_detail_missing if {
	inp := snapshot(
		{"ResponsePlanSummaries": [summary("Critical")], "ResponsePlans": []},
		contacts_data([escalation([stage])]),
	)
	fs := ir2_03.findings with input as inp
	some f in fs
	f.resource == plan_arn("Critical")
	f.status == "error"
	not pass_for(fs, plan_arn("Critical"))
}

test_no_finding_when_sections_absent if {
	fs := ir2_03.findings with input as object.remove(good, ["sections"])
	count(fs) == 0
}

test_no_finding_when_region_data_null if {
	fs := ir2_03.findings with input as snapshot(null, null)
	count(fs) == 0
}

test_no_escalation_finding_without_contacts_data if {
	inp := json.patch(good, [{"op": "remove", "path": "/sections/ssm_contacts.contacts"}])
	fs := ir2_03.findings with input as inp
	{f.resource | some f in fs} == {plan_arn("Critical")}
}

pass_for(fs, resource) if {
	some f in fs
	f.resource == resource
	f.status == "pass"
}

# A stage engages someone only through a contact that exists with an ACTIVATED channel.
test_fail_when_stage_targets_a_deleted_contact if {
	gone := {"DurationInMinutes": 5, "Targets": [{"ContactTargetInfo": {"ContactId": "arn:aws:ssm-contacts:us-east-1:123456789012:contact/left-the-company", "IsEssential": true}}]}
	fs := ir2_03.findings with input as snapshot({"ResponsePlanSummaries": [], "ResponsePlans": []}, contacts_data([escalation([stage, gone])]))
	some f in fs
	f.resource == "arn:aws:account::123456789012:account"
	f.status == "fail"
	contains(f.message, "oncall-escalation: stage(s) 2 engage no existing contact with an ACTIVATED channel")
}

test_fail_when_the_contact_was_never_activated if {
	fs := ir2_03.findings with input as snapshot({"ResponsePlanSummaries": [], "ResponsePlans": []}, contacts_with([escalation([stage])], "NOT_ACTIVATED"))
	some f in fs
	f.status == "fail"
	contains(f.message, "stage(s) 1 engage no existing contact")
}

test_pass_with_an_activated_channel_target if {
	by_channel := {"DurationInMinutes": 5, "Targets": [{"ChannelTargetInfo": {"ContactChannelId": channel_arn, "RetryIntervalInMinutes": 1}}]}
	fs := ir2_03.findings with input as snapshot({"ResponsePlanSummaries": [], "ResponsePlans": []}, contacts_data([escalation([by_channel])]))
	some f in fs
	f.status == "pass"
	contains(f.message, "oncall-escalation (1 stages)")
}

test_fail_with_a_channel_target_not_activated if {
	by_channel := {"DurationInMinutes": 5, "Targets": [{"ChannelTargetInfo": {"ContactChannelId": channel_arn, "RetryIntervalInMinutes": 1}}]}
	fs := ir2_03.findings with input as snapshot({"ResponsePlanSummaries": [], "ResponsePlans": []}, contacts_with([escalation([by_channel])], "NOT_ACTIVATED"))
	some f in fs
	f.status == "fail"
}
