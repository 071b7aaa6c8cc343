# METADATA
# title: Response plans run automation
# description: >-
#   At least one Incident Manager response plan in each Incident Manager region runs an SSM
#   Automation runbook when an incident starts (GetResponsePlan Actions with SsmAutomation
#   and a DocumentName), so that the first diagnosis and containment steps happen
#   automatically and consistently. One finding per Incident Manager region. An Active AWS
#   Security Incident Response membership whose opt-in feature Triage (proactive response) is
#   enabled (GetMembership optInFeatures) meets the control instead: the service's automated
#   triage investigates the account's GuardDuty and Security Hub findings as they arrive. One
#   passing finding per such membership; the regions without an automated plan are then not
#   reported as failures (a plan whose details are missing still is an error).
# custom:
#   id: AWS-IR6-01
#   controls: [IR-6]
#   severity: medium
#   requires: [ssm_incidents.response_plans, security_ir.memberships]
#   remediation: >-
#     Write (or start from AWSIncidents-CriticalIncidentRunbookTemplate) an SSM Automation
#     runbook with the first steps of the response (collect diagnostics, snapshot, isolate,
#     notify) and attach it to the response plans: Incident Manager > Response plans > <plan> >
#     Edit > Runbook, choosing the document and a role Incident Manager can pass, or aws
#     ssm-incidents update-response-plan --arn <plan-arn> --actions
#     '[{"ssmAutomation":{"documentName":"<runbook>","roleArn":"<role-arn>"}}]'. Test it with
#     aws ssm-incidents start-incident --response-plan-arn <plan-arn>. With AWS Security
#     Incident Response instead, enable proactive response (Triage) in the membership's
#     settings.
#   references:
#     - https://docs.aws.amazon.com/incident-manager/latest/userguide/runbooks.html
#     - https://docs.aws.amazon.com/incident-manager/latest/userguide/response-plans.html
#     - https://docs.aws.amazon.com/incident-manager/latest/APIReference/API_SsmAutomation.html
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.aws.ir6_01

import data.irscan.lib.aws
import data.irscan.lib.scope
import data.irscan.lib.values

# AWS Security Incident Response: an Active membership with its Triage feature enabled.
findings contains f if {
	some e in aws.sir_with_triage
	f := {
		"resource": object.get(e.membership, "membershipArn", scope.resource),
		"status": "pass",
		"message": sprintf("The control is met by AWS Security Incident Response: membership %s is Active with its opt-in feature Triage enabled (proactive response), so the service investigates findings automatically as they arrive.", [aws.sir_label(e.membership)]),
		"evidence": [sprintf("/sections/security_ir.memberships/data/Memberships/%d/optInFeatures", [e.index])],
	}
}

sir_text := sprintf("AWS Security Incident Response has no Active membership with Triage enabled (ListMemberships: %s)", [aws.sir_inactive_text])

findings contains f if {
	some region, r in input.sections["ssm_incidents.response_plans"].regions
	automated := automated_plans(r.data)
	count(automated) > 0
	f := {
		"resource": scope.resource,
		"region": region,
		"status": "pass",
		"message": sprintf("%d of %d response plan(s) in %s run SSM Automation: %s; at least one is required.", [count(automated), count(values.list(r.data.ResponsePlans)), region, concat("; ", sort([sprintf("%s runs %s", [p.name, concat(", ", p.documents)]) | some p in automated]))]),
		"evidence": sort([sprintf("/sections/ssm_incidents.response_plans/regions/%s/data/ResponsePlans/%d/Actions", [region, p.index]) | some p in automated]),
	}
}

findings contains f if {
	some region, r in input.sections["ssm_incidents.response_plans"].regions
	is_object(r.data)
	count(automated_plans(r.data)) == 0
	count(missing_details(r.data)) == 0
	count(aws.sir_with_triage) == 0
	f := {
		"resource": scope.resource,
		"region": region,
		"status": "fail",
		"message": sprintf("None of the %d response plan(s) in %s runs an SSM Automation runbook (no Actions with SsmAutomation) and %s; expected at least one, or such a membership.", [count(values.list(r.data.ResponsePlans)), region, sir_text]),
		"evidence": [sprintf("/sections/ssm_incidents.response_plans/regions/%s/data/ResponsePlans", [region]), "/sections/security_ir.memberships/data/Memberships"],
	}
}

# A listed plan whose GetResponsePlan result is missing might be the automated one.
findings contains f if {
	some region, r in input.sections["ssm_incidents.response_plans"].regions
	is_object(r.data)
	count(automated_plans(r.data)) == 0
	count(missing_details(r.data)) > 0
	f := {
		"resource": scope.resource,
		"region": region,
		"status": "error",
		"message": sprintf("Response plan(s) %s in %s are listed but their GetResponsePlan result is missing from the snapshot; expected the plans' details to read their actions.", [concat(", ", sort(missing_details(r.data))), region]),
		"evidence": [sprintf("/sections/ssm_incidents.response_plans/regions/%s/data/ResponsePlanSummaries", [region])],
	}
}

automated_plans(d) := {{"index": i, "name": plan_name(plan), "documents": documents} |
	some i, plan in values.list(d.ResponsePlans)
	documents := sort([a.SsmAutomation.DocumentName |
		some a in values.list(plan.Actions)
		values.filled(a.SsmAutomation.DocumentName)
	])
	count(documents) > 0
}

missing_details(d) := {plan_name(s) |
	some s in values.list(d.ResponsePlanSummaries)
	not detailed(d, s.Arn)
}

detailed(d, arn) if {
	some plan in values.list(d.ResponsePlans)
	plan.Arn == arn
}

# A plan is named by its Name, or by its ARN when the name is missing.
plan_name(p) := p.Name if {
	values.filled(p.Name)
} else := p.Arn
