# METADATA
# title: Response plans exist
# description: >-
#   Incident Manager has at least one response plan (ListResponsePlans) in each Incident
#   Manager region, so that incidents are opened with a prepared template, engagements,
#   chat channel and runbook instead of being improvised. One finding per Incident Manager
#   region.
# custom:
#   id: AWS-IR1-02
#   controls: [IR-1]
#   severity: medium
#   requires: [ssm_incidents.response_plans]
#   remediation: >-
#     Create a response plan for each kind of incident the plan covers (for example
#     critical service outage, suspected data breach, compromised credentials): open Systems
#     Manager > Incident Manager > Response plans > Create response plan, set the incident
#     template (title, impact, summary), engagements (contacts or escalation plans), a chat
#     channel and an SSM Automation runbook, or use aws ssm-incidents create-response-plan
#     --name <name> --incident-template '{"title":"...","impact":2}'. Check with aws
#     ssm-incidents list-response-plans in the Incident Manager region.
#   references:
#     - https://docs.aws.amazon.com/incident-manager/latest/userguide/response-plans.html
#     - https://docs.aws.amazon.com/incident-manager/latest/APIReference/API_ListResponsePlans.html
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.aws.ir1_02

import data.irscan.lib.scope
import data.irscan.lib.values

findings contains f if {
	some region, r in input.sections["ssm_incidents.response_plans"].regions
	plans := values.list(r.data.ResponsePlanSummaries)
	count(plans) > 0
	f := {
		"resource": scope.resource,
		"region": region,
		"status": "pass",
		"message": sprintf("Incident Manager in %s has %d response plan(s) (%s); at least one is required.", [region, count(plans), concat(", ", sort([name(p) | some p in plans]))]),
		"evidence": [sprintf("/sections/ssm_incidents.response_plans/regions/%s/data/ResponsePlanSummaries", [region])],
	}
}

findings contains f if {
	some region, r in input.sections["ssm_incidents.response_plans"].regions
	count(values.list(r.data.ResponsePlanSummaries)) == 0
	f := {
		"resource": scope.resource,
		"region": region,
		"status": "fail",
		"message": sprintf("Incident Manager in %s has no response plan (ListResponsePlans returned none); expected at least one.", [region]),
		"evidence": [sprintf("/sections/ssm_incidents.response_plans/regions/%s/data/ResponsePlanSummaries", [region])],
	}
}

# A plan is named by its Name, or by its ARN when the name is missing.
name(p) := p.Name if {
	is_string(p.Name)
	p.Name != ""
} else := p.Arn
