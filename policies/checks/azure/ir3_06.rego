# METADATA
# title: SQL servers on machines auto-provisioned
# description: >-
#   When the Defender for SQL servers on machines plan is on (pricing
#   SqlServerVirtualMachines with pricingTier Standard), one of the two initiatives that
#   install Microsoft Defender for SQL and the Azure Monitor Agent on SQL virtual machines and
#   Arc-enabled SQL servers is assigned to the subscription (itself or through a management
#   group): policy set de01d381-bae9-4670-8870-786f89f49e26 (with a user-defined Log Analytics
#   workspace) or d7c3ea3a-edf3-4bd5-bd64-d5b635b05393 (with the default workspace). This is
#   Azure Policy c6283572 ("SQL server-targeted autoprovisioning should be enabled for SQL
#   servers on machines plan") of the MCSB initiative's IR-3/IR-5 group, as its definition
#   reads: it judges the pricing and looks for such an assignment; it does not read
#   autoProvisioningSettings. Without the plan on, the policy does not apply and the finding
#   passes saying so (AZ-IR3-01 requires the plan). One finding per subscription.
# custom:
#   id: AZ-IR3-06
#   controls: [IR-3, IR-5]
#   severity: medium
#   requires: [security.pricings, authorization.policy_assignments]
#   remediation: >-
#     Microsoft Defender for Cloud > Environment settings > the subscription > Defender plans
#     > Databases > Settings > SQL Server on machines: turn on auto-provisioning of the Azure
#     Monitor Agent for SQL servers on machines, which assigns the initiative "Configure SQL
#     VMs and Arc-enabled SQL Servers to install Microsoft Defender for SQL and AMA with a LA
#     workspace"; or assign that initiative (d7c3ea3a, or de01d381 with your own workspace) at
#     the management group.
#   references:
#     - https://learn.microsoft.com/en-us/azure/defender-for-cloud/defender-for-sql-autoprovisioning
#     - https://learn.microsoft.com/en-us/rest/api/policy/policy-assignments/list
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.azure.ir3_06

import data.irscan.lib.scope

pricings_data := input.sections["security.pricings"].data

assignments_data := input.sections["authorization.policy_assignments"].data

initiatives := {
	"/providers/microsoft.authorization/policysetdefinitions/de01d381-bae9-4670-8870-786f89f49e26",
	"/providers/microsoft.authorization/policysetdefinitions/d7c3ea3a-edf3-4bd5-bd64-d5b635b05393",
}

plan_on if {
	some p in pricings_data.value
	lower(p.name) == "sqlservervirtualmachines"
	lower(p.properties.pricingTier) == "standard"
}

assigned := [i |
	some i, a in assignments_data.value
	lower(a.properties.policyDefinitionId) in initiatives
]

findings contains f if {
	is_object(assignments_data)
	plan_on
	count(assigned) > 0
	a := assignments_data.value[assigned[0]]
	f := {
		"resource": scope.resource,
		"status": "pass",
		"message": sprintf("Defender for SQL servers on machines is on and auto-provisioned: assignment %s (%s) of scope %s assigns %s; expected one of the Defender for SQL and AMA initiatives assigned, as Azure Policy c6283572 requires.", [a.name, a.properties.displayName, a.properties.scope, a.properties.policyDefinitionId]),
		"evidence": [sprintf("/sections/authorization.policy_assignments/data/value/%d", [i]) | some i in assigned],
	}
}

findings contains f if {
	is_object(assignments_data)
	plan_on
	count(assigned) == 0
	f := {
		"resource": scope.resource,
		"status": "fail",
		"message": sprintf("Defender for SQL servers on machines is on, but neither initiative that installs Defender for SQL and the Azure Monitor Agent on SQL machines (de01d381, d7c3ea3a) is assigned to the subscription (%d policy assignment(s) apply to it), so SQL servers on machines are not auto-provisioned; Azure Policy c6283572 fails it too.", [count(assignments_data.value)]),
		"evidence": ["/sections/authorization.policy_assignments/data/value", "/sections/security.pricings/data/value"],
	}
}

findings contains f if {
	is_object(assignments_data)
	is_object(pricings_data)
	not plan_on
	f := {
		"resource": scope.resource,
		"status": "pass",
		"message": "The Defender for SQL servers on machines plan (SqlServerVirtualMachines) is not Standard, so SQL auto-provisioning does not apply (Azure Policy c6283572 judges only a Standard plan; AZ-IR3-01 reports the plan).",
		"evidence": ["/sections/security.pricings/data/value"],
	}
}
