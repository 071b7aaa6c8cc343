# METADATA
# title: Incidents carry impact
# description: >-
#   Incidents are prioritised from the moment they open: every Incident Manager response
#   plan sets an impact (1 critical to 5 no impact) in its incident template
#   (GetResponsePlan IncidentTemplate.Impact), and the plans of each Incident Manager region
#   cover at least two impact levels, so that not every incident gets the same priority.
#   One finding per response plan, and one per region for the range of impact levels.
#   An Active AWS Security Incident Response membership whose opt-in feature Triage
#   (proactive response) is enabled (GetMembership optInFeatures) meets the control instead:
#   the service triages the account's GuardDuty and Security Hub findings and prioritises
#   those it escalates as cases. One passing finding per such membership; the regions whose
#   plans cover fewer than two impact levels are then not reported as failures (a plan without
#   a valid impact still is).
# custom:
#   id: AWS-IR5-01
#   controls: [IR-5]
#   severity: low
#   requires: [ssm_incidents.response_plans, security_ir.memberships]
#   remediation: >-
#     Give each response plan the impact that matches the incidents it handles (1 critical:
#     full application failure affecting many customers; 2 high: full failure affecting a
#     subset; 3 medium: partial failure; 4 low: intermittent failures; 5 no impact) and
#     create plans for more than one severity, for example a critical outage plan and a
#     lower-impact plan for single-resource findings: Incident Manager > Response plans >
#     <plan> > Edit > Incident defaults > Impact, or aws ssm-incidents update-response-plan
#     --arn <plan-arn> --incident-template-impact <1-5>. With AWS Security Incident
#     Response instead, enable proactive response (Triage) in the membership's settings.
#   references:
#     - https://docs.aws.amazon.com/incident-manager/latest/userguide/response-plans.html
#     - https://docs.aws.amazon.com/incident-manager/latest/userguide/tracking-details.html
#     - https://docs.aws.amazon.com/incident-manager/latest/APIReference/API_IncidentTemplate.html
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.aws.ir5_01

import data.irscan.lib.aws
import data.irscan.lib.scope
import data.irscan.lib.values

# AWS Security Incident Response: an Active membership with its Triage feature enabled.
findings contains f if {
	some e in aws.sir_with_triage
	f := {
		"resource": object.get(e.membership, "membershipArn", scope.resource),
		"status": "pass",
		"message": sprintf("The control is met by AWS Security Incident Response: membership %s is Active with its opt-in feature Triage enabled (proactive response), so the service triages findings and prioritises those it escalates as cases.", [aws.sir_label(e.membership)]),
		"evidence": [sprintf("/sections/security_ir.memberships/data/Memberships/%d/optInFeatures", [e.index])],
	}
}

sir_text := sprintf("AWS Security Incident Response has no Active membership with Triage enabled (ListMemberships: %s)", [aws.sir_inactive_text])

impact_names := {1: "critical", 2: "high", 3: "medium", 4: "low", 5: "no impact"}

findings contains f if {
	some region, r in input.sections["ssm_incidents.response_plans"].regions
	some s in values.list(r.data.ResponsePlanSummaries)
	some i, plan in values.list(r.data.ResponsePlans)
	plan.Arn == s.Arn
	valid_impact(plan)
	impact := plan.IncidentTemplate.Impact
	f := {
		"resource": s.Arn,
		"region": region,
		"status": "pass",
		"message": sprintf("Response plan %s opens incidents with impact %d (%s), as expected.", [name(s), impact, impact_names[impact]]),
		"evidence": [sprintf("/sections/ssm_incidents.response_plans/regions/%s/data/ResponsePlans/%d/IncidentTemplate/Impact", [region, i])],
	}
}

findings contains f if {
	some region, r in input.sections["ssm_incidents.response_plans"].regions
	some s in values.list(r.data.ResponsePlanSummaries)
	some i, plan in values.list(r.data.ResponsePlans)
	plan.Arn == s.Arn
	not valid_impact(plan)
	f := {
		"resource": s.Arn,
		"region": region,
		"status": "fail",
		"message": sprintf("Response plan %s sets no valid impact in its incident template (Impact is %v); expected an impact from 1 (critical) to 5 (no impact).", [name(s), impact_of(plan)]),
		"evidence": [sprintf("/sections/ssm_incidents.response_plans/regions/%s/data/ResponsePlans/%d/IncidentTemplate", [region, i])],
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
		"message": sprintf("Response plan %s is listed but its GetResponsePlan result is missing from the snapshot; expected the plan's details to read its impact.", [name(s)]),
		"evidence": [sprintf("/sections/ssm_incidents.response_plans/regions/%s/data/ResponsePlanSummaries/%d", [region, j])],
	}
}

# One finding per region for the range of impact levels.
findings contains f if {
	some region, r in input.sections["ssm_incidents.response_plans"].regions
	levels := region_levels(r.data)
	count(levels) >= 2
	f := {
		"resource": scope.resource,
		"region": region,
		"status": "pass",
		"message": sprintf("The response plans in %s cover %d impact levels (%s); at least two are required.", [region, count(levels), levels_text(levels)]),
		"evidence": [sprintf("/sections/ssm_incidents.response_plans/regions/%s/data/ResponsePlans", [region])],
	}
}

findings contains f if {
	some region, r in input.sections["ssm_incidents.response_plans"].regions
	is_object(r.data)
	levels := region_levels(r.data)
	count(levels) < 2
	count(aws.sir_with_triage) == 0
	f := {
		"resource": scope.resource,
		"region": region,
		"status": "fail",
		"message": sprintf("The %d response plan(s) in %s cover %s and %s; expected plans for at least two impact levels so that incidents are prioritised, or such a membership.", [count(values.list(r.data.ResponsePlans)), region, coverage_text(levels), sir_text]),
		"evidence": [sprintf("/sections/ssm_incidents.response_plans/regions/%s/data/ResponsePlans", [region]), "/sections/security_ir.memberships/data/Memberships"],
	}
}

region_levels(d) := {impact |
	some plan in values.list(d.ResponsePlans)
	impact := plan.IncidentTemplate.Impact
	impact_names[impact]
}

# An impact from 1 to 5; a null template or impact is none.
valid_impact(plan) if impact_names[plan.IncidentTemplate.Impact]

impact_of(plan) := v if {
	v := plan.IncidentTemplate.Impact
} else := null

levels_text(levels) := concat(", ", [sprintf("%d %s", [l, impact_names[l]]) | some l in sort(levels)])

coverage_text(levels) := "no impact level" if {
	count(levels) == 0
} else := sprintf("only impact %s", [levels_text(levels)])

detailed(d, arn) if {
	some plan in values.list(d.ResponsePlans)
	plan.Arn == arn
}

# A plan is named by its Name, or by its ARN when the name is missing.
name(s) := s.Name if {
	is_string(s.Name)
	s.Name != ""
} else := s.Arn
