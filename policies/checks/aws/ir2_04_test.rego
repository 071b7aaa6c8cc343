package irscan.checks.aws.ir2_04_test

import data.irscan.checks.aws.ir2_04

topic_arn(name) := sprintf("arn:aws:sns:us-east-1:123456789012:%s", [name])

plan(name, targets, chat) := {
	"Name": name,
	"Arn": sprintf("arn:aws:ssm-incidents::123456789012:response-plan/%s", [name]),
	"IncidentTemplate": {"Impact": 1, "Title": name, "NotificationTargets": [{"SnsTopicArn": topic_arn(t)} | some t in targets]},
	"ChatChannel": {"ChatbotSns": [topic_arn(t) | some t in chat]},
}

confirmed(protocol) := {"SubscriptionArn": "arn:aws:sns:us-east-1:123456789012:t:6b0e71bd", "Protocol": protocol, "Owner": "123456789012"}

pending(protocol) := {"SubscriptionArn": "PendingConfirmation", "Protocol": protocol, "Owner": "123456789012"}

topic(name, subs) := {"TopicArn": topic_arn(name), "Exists": true, "Subscriptions": subs}

snapshot(plans, topics) := {
	"cloud": "aws",
	"scope": {"type": "account", "id": "123456789012"},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {
		"ssm_incidents.response_plans": {"status": "ok", "regions": {"us-east-1": {"status": "ok", "data": {"ResponsePlanSummaries": [], "ResponsePlans": plans}}}},
		"sns.subscriptions": {"status": "ok", "regions": {"us-east-1": {"status": "ok", "data": {"Topics": topics}}}},
	},
}

statuses(fs) := {[f.resource, f.status] | some f in fs}

test_pass_with_a_confirmed_subscription if {
	fs := ir2_04.findings with input as snapshot(
		[plan("Critical", ["ir-notifications"], ["ir-notifications"]), plan("Moderate", ["ir-notifications"], [])],
		[topic("ir-notifications", [pending("https"), confirmed("email")])],
	)
	statuses(fs) == {[topic_arn("ir-notifications"), "pass"]}
	some f in fs
	contains(f.message, "notified by response plan(s) Critical, Moderate, has 1 confirmed subscription(s) (email) of 2")
	f.evidence == [
		"/sections/sns.subscriptions/regions/us-east-1/data/Topics/0",
		"/sections/ssm_incidents.response_plans/regions/us-east-1/data/ResponsePlans/0",
		"/sections/ssm_incidents.response_plans/regions/us-east-1/data/ResponsePlans/1",
	]
}

test_fail_when_every_subscription_is_pending if {
	fs := ir2_04.findings with input as snapshot(
		[plan("Critical", ["ir-notifications"], [])],
		[topic("ir-notifications", [pending("email"), {"SubscriptionArn": "Deleted", "Protocol": "sms"}])],
	)
	statuses(fs) == {[topic_arn("ir-notifications"), "fail"]}
	some f in fs
	contains(f.message, "has no confirmed subscription (2 pending confirmation or being deleted)")
}

test_fail_when_the_topic_has_no_subscription if {
	fs := ir2_04.findings with input as snapshot([plan("Critical", [], ["chat"])], [topic("chat", [])])
	statuses(fs) == {[topic_arn("chat"), "fail"]}
}

test_fail_when_the_topic_does_not_exist if {
	fs := ir2_04.findings with input as snapshot(
		[plan("Critical", ["gone"], [])],
		[{"TopicArn": topic_arn("gone"), "Exists": false, "Subscriptions": []}],
	)
	statuses(fs) == {[topic_arn("gone"), "fail"]}
	some f in fs
	contains(f.message, "does not exist")
}

test_one_finding_per_topic if {
	fs := ir2_04.findings with input as snapshot(
		[plan("Critical", ["a", "b"], [])],
		[topic("a", [confirmed("email")]), topic("b", [pending("email")])],
	)
	statuses(fs) == {[topic_arn("a"), "pass"], [topic_arn("b"), "fail"]}
}

test_pass_saying_so_when_no_plan_notifies_a_topic if {
	fs := ir2_04.findings with input as snapshot([plan("Critical", [], [])], [])
	statuses(fs) == {["arn:aws:account::123456789012:account", "pass"]}
	some f in fs
	contains(f.message, "No response plan in us-east-1 notifies an SNS topic (1 plan(s))")
}

test_error_when_a_notified_topic_was_not_read if {
	fs := ir2_04.findings with input as snapshot([plan("Critical", ["a", "unread"], [])], [topic("a", [confirmed("email")])])
	statuses(fs) == {[topic_arn("a"), "pass"], [topic_arn("unread"), "error"]}
}

test_no_finding_when_region_data_null if {
	inp := json.patch(snapshot([], []), [{"op": "replace", "path": "/sections/sns.subscriptions/regions/us-east-1/data", "value": null}])
	fs := ir2_04.findings with input as inp
	count(fs) == 0
}

test_no_pass_when_section_denied if {
	inp := json.patch(snapshot([plan("Critical", ["a"], [])], []), [{"op": "replace", "path": "/sections/sns.subscriptions", "value": {"status": "denied", "action": "sns:ListSubscriptionsByTopic"}}])
	fs := ir2_04.findings with input as inp
	not "pass" in {f.status | some f in fs}
}
