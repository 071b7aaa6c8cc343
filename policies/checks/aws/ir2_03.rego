# METADATA
# title: Escalation is defined
# description: >-
#   Incidents reach people: every Incident Manager response plan engages at least one contact
#   or escalation plan (GetResponsePlan Engagements), and at least one escalation plan with
#   at least one stage exists in the Incident Manager home region (GetContact Plan.Stages).
#   One finding per response plan, and one for the escalation plan per region.
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
		"message": sprintf("No escalation plan in %s has a stage (%s: no Plan.Stages recorded); expected at least one escalation plan with a stage.", [region, concat(", ", sort({c.Alias | some c in escalations}))]),
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
	count(detail.Plan.Stages) > 0
}

detailed(d, arn) if {
	some plan in values.list(d.ResponsePlans)
	plan.Arn == arn
}
