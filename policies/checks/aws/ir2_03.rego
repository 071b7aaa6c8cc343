# METADATA
# title: Escalation is defined
# description: >-
#   Incidents reach people: every Incident Manager response plan engages at least one contact
#   or escalation plan (GetResponsePlan Engagements), and at least one escalation plan exists
#   in the Incident Manager home region whose stages (GetContact Plan.Stages) each engage
#   someone who can be reached: a contact target that exists (ListContacts) and, for a
#   personal contact, has an ACTIVATED channel (ListContactChannels), or a channel target
#   whose channel is ACTIVATED. A plan whose stage names a deleted contact or only channels
#   never activated pages no one at that stage and does not count. One finding per response
#   plan, and one for the escalation plan per region.
# custom:
#   id: AWS-IR2-03
#   controls: [IR-2]
#   severity: medium
#   requires: [ssm_incidents.response_plans, ssm_contacts.contacts]
#   remediation: >-
#     Create an escalation plan in Incident Manager > Contacts > Create escalation plan, with
#     at least one stage that engages the on-call contacts (or aws ssm-contacts create-contact
#     --type ESCALATION --alias <alias> --plan '{"Stages":[{"DurationInMinutes":5,"Targets":
#     [{"ContactTargetInfo":{"ContactId":"<contact-arn>","IsEssential":true}}]}]}'). Then open
#     each response plan (Incident Manager > Response plans > Edit) and under Engagements add
#     the escalation plan or contacts (or aws ssm-incidents update-response-plan --arn
#     <plan-arn> --engagements <escalation-plan-arn>).
#   references:
#     - https://docs.aws.amazon.com/incident-manager/latest/userguide/escalation.html
#     - https://docs.aws.amazon.com/incident-manager/latest/userguide/response-plans.html
#     - https://docs.aws.amazon.com/incident-manager/latest/APIReference/API_GetResponsePlan.html
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.aws.ir2_03

import data.irscan.lib.scope
import data.irscan.lib.values

# One finding per response plan: it engages at least one contact or escalation plan.
findings contains f if {
	some region, r in input.sections["ssm_incidents.response_plans"].regions
	some s in values.list(r.data.ResponsePlanSummaries)
	some i, plan in values.list(r.data.ResponsePlans)
	plan.Arn == s.Arn
	engaged := values.list(plan.Engagements)
	count(engaged) > 0
	f := {
		"resource": s.Arn,
		"region": region,
		"status": "pass",
		"message": sprintf("Response plan %s engages %d contact(s) or escalation plan(s) (%s); at least one is required.", [s.Name, count(engaged), concat(", ", [values.last_segment(e) | some e in engaged])]),
		"evidence": [sprintf("/sections/ssm_incidents.response_plans/regions/%s/data/ResponsePlans/%d/Engagements", [region, i])],
	}
}

findings contains f if {
	some region, r in input.sections["ssm_incidents.response_plans"].regions
	some s in values.list(r.data.ResponsePlanSummaries)
	some i, plan in values.list(r.data.ResponsePlans)
	plan.Arn == s.Arn
	count(values.list(object.get(plan, "Engagements", []))) == 0
	f := {
		"resource": s.Arn,
		"region": region,
		"status": "fail",
		"message": sprintf("Response plan %s engages no contact or escalation plan (Engagements is empty); expected at least one.", [s.Name]),
		"evidence": [sprintf("/sections/ssm_incidents.response_plans/regions/%s/data/ResponsePlans/%d", [region, i])],
	}
}

# A listed plan whose GetResponsePlan result is missing cannot be assessed.
findings contains f if {
	some region, r in input.sections["ssm_incidents.response_plans"].regions
	some j, s in values.list(r.data.ResponsePlanSummaries)
	not detailed(r.data, s.Arn)
	f := {
		"resource": s.Arn,
		"region": region,
		"status": "error",
		"message": sprintf("Response plan %s is listed but its GetResponsePlan result is missing from the snapshot; expected the plan's details to assess its engagements.", [s.Name]),
		"evidence": [sprintf("/sections/ssm_incidents.response_plans/regions/%s/data/ResponsePlanSummaries/%d", [region, j])],
	}
}

# One finding per region for the escalation plan.
findings contains f if {
	some region, r in input.sections["ssm_contacts.contacts"].regions
	d := r.data
	staged := staged_plans(d)
	count(staged) > 0
	f := {
		"resource": scope.resource,
		"region": region,
		"status": "pass",
		"message": sprintf("Escalation plan(s) with stages exist in %s: %s; at least one is required.", [region, concat(", ", sort({sprintf("%s (%d stages)", [p.alias, p.stages]) | some p in staged}))]),
		"evidence": [sprintf("/sections/ssm_contacts.contacts/regions/%s/data/ContactDetails/%d/Plan/Stages", [region, p.index]) | some p in staged],
	}
}

findings contains f if {
	some region, r in input.sections["ssm_contacts.contacts"].regions
	d := r.data
	escalations := [c | some c in d.Contacts; c.Type == "ESCALATION"]
	count(escalations) == 0
	f := {
		"resource": scope.resource,
		"region": region,
		"status": "fail",
		"message": sprintf("Incident Manager in %s has no escalation plan (%d contacts, none of Type ESCALATION); expected at least one escalation plan with a stage.", [region, count(d.Contacts)]),
		"evidence": [sprintf("/sections/ssm_contacts.contacts/regions/%s/data/Contacts", [region])],
	}
}

findings contains f if {
	some region, r in input.sections["ssm_contacts.contacts"].regions
	d := r.data
	escalations := [c | some c in d.Contacts; c.Type == "ESCALATION"]
	count(escalations) > 0
	count(staged_plans(d)) == 0
	f := {
		"resource": scope.resource,
		"region": region,
		"status": "fail",
		"message": sprintf("No escalation plan in %s engages a reachable contact in every stage (%s); expected at least one escalation plan whose every stage targets a contact that exists with an ACTIVATED channel, or an ACTIVATED channel.", [region, concat("; ", sort({plan_problem(d, c) | some c in escalations}))]),
		"evidence": [
			sprintf("/sections/ssm_contacts.contacts/regions/%s/data/Contacts", [region]),
			sprintf("/sections/ssm_contacts.contacts/regions/%s/data/ContactDetails", [region]),
		],
	}
}

staged_plans(d) := {{"alias": c.Alias, "stages": count(detail.Plan.Stages), "index": i} |
	some c in d.Contacts
	c.Type == "ESCALATION"
	some i, detail in d.ContactDetails
	detail.ContactArn == c.ContactArn
	count(values.list(detail.Plan.Stages)) > 0
	count(dead_stages(d, detail)) == 0
}

# The stages (numbered from 1) that engage no one who can be reached.
dead_stages(d, detail) := [k |
	some n, st in values.list(detail.Plan.Stages)
	not stage_reaches(d, st)
	k := n + 1
]

stage_reaches(d, st) if {
	some t in values.list(st.Targets)
	reachable(d, t)
}

# A contact target that exists: an escalation plan or on-call schedule, or a personal
# contact with an ACTIVATED channel.
reachable(d, t) if {
	some c in values.list(d.Contacts)
	c.ContactArn == t.ContactTargetInfo.ContactId
	c.Type != "PERSONAL"
}

reachable(d, t) if {
	some c in values.list(d.Contacts)
	c.ContactArn == t.ContactTargetInfo.ContactId
	c.Type == "PERSONAL"
	some ch in values.list(d.ContactChannels)
	ch.ContactArn == c.ContactArn
	ch.ActivationStatus == "ACTIVATED"
}

# A channel target whose channel is ACTIVATED.
reachable(d, t) if {
	some ch in values.list(d.ContactChannels)
	ch.ContactChannelArn == t.ChannelTargetInfo.ContactChannelId
	ch.ActivationStatus == "ACTIVATED"
}

plan_problem(d, c) := sprintf("%s: stage(s) %s engage no existing contact with an ACTIVATED channel", [c.Alias, concat(", ", [sprintf("%d", [n]) | some n in dead_stages(d, detail)])]) if {
	some detail in values.list(d.ContactDetails)
	detail.ContactArn == c.ContactArn
	count(values.list(detail.Plan.Stages)) > 0
} else := sprintf("%s: no Plan.Stages recorded", [c.Alias])

detailed(d, arn) if {
	some plan in values.list(d.ResponsePlans)
	plan.Arn == arn
}
