# METADATA
# title: Response plans exist
# description: >-
#   Incident Manager has at least one response plan (ListResponsePlans) in each Incident
#   Manager region, so that incidents are opened with a prepared template, engagements,
#   chat channel and runbook instead of being improvised. One finding per Incident Manager
#   region. An Active AWS Security Incident Response membership (GetMembership
#   membershipStatus Active) meets the control instead: incidents are then opened as its cases
#   and handled under the service's response process; one passing finding per such membership,
#   and the regions where Incident Manager has no plan are not reported as failures.
# custom:
#   id: AWS-IR1-02
#   controls: [IR-1]
#   severity: medium
#   requires: [ssm_incidents.response_plans, security_ir.memberships]
#   remediation: >-
#     Create a response plan for each kind of incident the plan covers (for example
#     critical service outage, suspected data breach, compromised credentials): open Systems
#     Manager > Incident Manager > Response plans > Create response plan, set the incident
#     template (title, impact, summary), engagements (contacts or escalation plans), a chat
#     channel and an SSM Automation runbook, or use aws ssm-incidents create-response-plan
#     --name <name> --incident-template '{"title":"...","impact":2}'. Check with aws
#     ssm-incidents list-response-plans in the Incident Manager region. Without Incident
#     Manager (closed to new customers since 2025-11-07), onboard AWS Security Incident
#     Response instead (console: Security Incident Response > Get started).
#   references:
#     - https://docs.aws.amazon.com/incident-manager/latest/userguide/response-plans.html
#     - https://docs.aws.amazon.com/incident-manager/latest/APIReference/API_ListResponsePlans.html
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.aws.ir1_02

import data.irscan.lib.aws
import data.irscan.lib.scope
import data.irscan.lib.values

# AWS Security Incident Response: every Active membership meets the control.
findings contains f if {
	some e in aws.sir_active
	f := {
		"resource": object.get(e.membership, "membershipArn", scope.resource),
		"status": "pass",
		"message": sprintf("The control is met by AWS Security Incident Response: membership %s is Active, so incidents are opened as its cases and handled under the service's response process.", [aws.sir_label(e.membership)]),
		"evidence": [sprintf("/sections/security_ir.memberships/data/Memberships/%d/membershipStatus", [e.index])],
	}
}

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
	count(aws.sir_active) == 0
	f := {
		"resource": scope.resource,
		"region": region,
		"status": "fail",
		"message": sprintf("Incident Manager in %s has no response plan (ListResponsePlans returned none) and AWS Security Incident Response has no Active membership (ListMemberships: %s); expected at least one response plan or an Active membership.", [region, aws.sir_inactive_text]),
		"evidence": [sprintf("/sections/ssm_incidents.response_plans/regions/%s/data/ResponsePlanSummaries", [region]), "/sections/security_ir.memberships/data/Memberships"],
	}
}

# A plan is named by its Name, or by its ARN when the name is missing.
name(p) := p.Name if {
	is_string(p.Name)
	p.Name != ""
} else := p.Arn
