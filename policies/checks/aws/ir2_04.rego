# METADATA
# title: Incident notifications reach a confirmed subscriber
# description: >-
#   Every SNS topic an Incident Manager response plan notifies (the incident template's
#   notification targets and the chat channel's AWS Chatbot topics) exists and has at least one
#   confirmed subscription (ListSubscriptionsByTopic; SNS lists a subscription as
#   PendingConfirmation until its endpoint confirms it, and removes unconfirmed ones after 48
#   hours). A topic without a confirmed subscriber delivers the incident's notifications to
#   nobody. One finding per topic, in each Incident Manager region; a region whose plans notify
#   no topic passes saying so (AWS-IR2-02 and AWS-IR2-03 judge the contacts the plans engage).
#   A topic in another account is read with this account's credentials, so its topic policy
#   must allow sns:ListSubscriptionsByTopic; otherwise the section is denied and the finding an
#   error.
# custom:
#   id: AWS-IR2-04
#   controls: [IR-2]
#   severity: medium
#   requires: [ssm_incidents.response_plans, sns.subscriptions]
#   remediation: >-
#     Subscribe the people or the paging service that must hear about incidents to each topic
#     the response plans notify, and confirm the subscription: aws sns subscribe --topic-arn
#     <topic-arn> --protocol email --notification-endpoint soc@example.com, then open the
#     confirmation link (or, for https endpoints such as PagerDuty or Opsgenie, let the service
#     confirm it). Check with aws sns list-subscriptions-by-topic --topic-arn <topic-arn>: a
#     confirmed subscription has an ARN, not PendingConfirmation. If the topic was deleted,
#     recreate it or point the response plan's notification targets and chat channel at a
#     topic that exists (aws ssm-incidents update-response-plan).
#   references:
#     - https://docs.aws.amazon.com/incident-manager/latest/userguide/response-plans.html
#     - https://docs.aws.amazon.com/sns/latest/api/API_ListSubscriptionsByTopic.html
#     - https://docs.aws.amazon.com/sns/latest/dg/sns-create-subscribe-endpoint-to-topic.html
#     - https://docs.aws.amazon.com/sns/latest/dg/sns-delete-subscription-topic.html
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.aws.ir2_04

import data.irscan.lib.scope
import data.irscan.lib.values

findings contains f if {
	some region, r in input.sections["sns.subscriptions"].regions
	some i, t in values.list(r.data.Topics)
	confirmed := [s.Protocol | some s in values.list(t.Subscriptions); is_confirmed(s)]
	f := {
		"resource": t.TopicArn,
		"region": region,
		"status": verdict(t),
		"message": message(t, confirmed, plans(region, t.TopicArn)),
		"evidence": array.concat(
			[sprintf("/sections/sns.subscriptions/regions/%s/data/Topics/%d", [region, i])],
			plan_pointers(region, t.TopicArn),
		),
	}
}

findings contains f if {
	some region, r in input.sections["sns.subscriptions"].regions
	count(values.list(r.data.Topics)) == 0
	f := {
		"resource": scope.resource,
		"region": region,
		"status": "pass",
		"message": sprintf("No response plan in %s notifies an SNS topic (%d plan(s)), so there is no notification topic to check; AWS-IR2-02 and AWS-IR2-03 judge the contacts the plans engage.", [region, count(values.list(input.sections["ssm_incidents.response_plans"].regions[region].data.ResponsePlans))]),
		"evidence": [
			sprintf("/sections/sns.subscriptions/regions/%s/data/Topics", [region]),
			sprintf("/sections/ssm_incidents.response_plans/regions/%s/data/ResponsePlans", [region]),
		],
	}
}

# A confirmed subscription is listed with its ARN; an unconfirmed one as PendingConfirmation
# (or "pending confirmation"), one being removed as Deleted.
is_confirmed(s) if startswith(s.SubscriptionArn, "arn:")

verdict(t) := "fail" if {
	t.Exists == false
} else := "pass" if {
	some s in values.list(t.Subscriptions)
	is_confirmed(s)
} else := "fail"

message(t, confirmed, by) := sprintf("SNS topic %s, notified by response plan(s) %s, does not exist (ListSubscriptionsByTopic: NotFound): the notifications go nowhere.", [t.TopicArn, by]) if {
	t.Exists == false
} else := sprintf("SNS topic %s, notified by response plan(s) %s, has %d confirmed subscription(s) (%s) of %d.", [t.TopicArn, by, count(confirmed), concat(", ", sort(confirmed)), count(values.list(t.Subscriptions))]) if {
	count(confirmed) > 0
} else := sprintf("SNS topic %s, notified by response plan(s) %s, has no confirmed subscription (%d pending confirmation or being deleted): the notifications reach nobody.", [t.TopicArn, by, count(values.list(t.Subscriptions))])

# The plans of a region that notify a topic, by name.
plans(region, arn) := concat(", ", sort({p.Name |
	some p in values.list(input.sections["ssm_incidents.response_plans"].regions[region].data.ResponsePlans)
	notifies(p, arn)
})) if {
	count({1 | some p in values.list(input.sections["ssm_incidents.response_plans"].regions[region].data.ResponsePlans); notifies(p, arn)}) > 0
} else := "(unknown)"

plan_pointers(region, arn) := [sprintf("/sections/ssm_incidents.response_plans/regions/%s/data/ResponsePlans/%d", [region, i]) |
	some i, p in values.list(input.sections["ssm_incidents.response_plans"].regions[region].data.ResponsePlans)
	notifies(p, arn)
]

notifies(p, arn) if {
	some t in values.list(p.IncidentTemplate.NotificationTargets)
	t.SnsTopicArn == arn
}

notifies(p, arn) if {
	some a in values.list(p.ChatChannel.ChatbotSns)
	a == arn
}

# A topic a plan notifies that the section does not list was not read: never a pass.
findings contains f if {
	some region, r in input.sections["ssm_incidents.response_plans"].regions
	some i, p in values.list(r.data.ResponsePlans)
	some arn in plan_topics(p)
	read := input.sections["sns.subscriptions"].regions[region].data
	not arn in {t.TopicArn | some t in values.list(read.Topics)}
	f := {
		"resource": arn,
		"region": region,
		"status": "error",
		"message": sprintf("Response plan %s in %s notifies SNS topic %s, whose subscriptions are not in the snapshot (sns.subscriptions lists %d topic(s)); collect again to judge it.", [p.Name, region, arn, count(values.list(read.Topics))]),
		"evidence": [sprintf("/sections/ssm_incidents.response_plans/regions/%s/data/ResponsePlans/%d", [region, i])],
	}
}

plan_topics(p) := {t.SnsTopicArn | some t in values.list(p.IncidentTemplate.NotificationTargets); is_string(t.SnsTopicArn)} | {a | some a in values.list(p.ChatChannel.ChatbotSns); is_string(a)}
