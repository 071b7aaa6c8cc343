package irscan.checks.azure.ir3_06_test

import data.irscan.checks.azure.ir3_06

sub := "7f3c2d9e-5b1a-4c8e-9d2f-3a6b8c1e4f70"

pricing(tier) := {"name": "SqlServerVirtualMachines", "properties": {"pricingTier": tier}}

assignment(def) := {
	"id": sprintf("/providers/Microsoft.Management/managementGroups/contoso/providers/Microsoft.Authorization/policyAssignments/%s", [substring(def, count(def) - 8, 8)]),
	"name": substring(def, count(def) - 8, 8),
	"properties": {"displayName": "Defender for SQL and AMA", "policyDefinitionId": def, "scope": "/providers/Microsoft.Management/managementGroups/contoso"},
}

ama := "/providers/Microsoft.Authorization/policySetDefinitions/D7C3EA3A-EDF3-4BD5-BD64-D5B635B05393"

mcsb := "/providers/Microsoft.Authorization/policySetDefinitions/1f3afdf9-d0c9-4c3d-847f-89da613e70a8"

snapshot(tier, assignments) := {
	"cloud": "azure",
	"scope": {"type": "subscription", "id": sub},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {
		"security.pricings": {"status": "ok", "data": {"value": [pricing(tier)]}},
		"authorization.policy_assignments": {"status": "ok", "data": {"value": assignments}},
	},
}

statuses(fs) := {f.status | some f in fs}

test_pass_when_assigned_through_a_management_group if {
	fs := ir3_06.findings with input as snapshot("Standard", [assignment(mcsb), assignment(ama)])
	statuses(fs) == {"pass"}
	some f in fs
	contains(f.message, "of scope /providers/Microsoft.Management/managementGroups/contoso assigns")
	f.evidence == ["/sections/authorization.policy_assignments/data/value/1"]
}

test_fail_when_plan_on_without_initiative if {
	fs := ir3_06.findings with input as snapshot("Standard", [assignment(mcsb)])
	statuses(fs) == {"fail"}
	some f in fs
	contains(f.message, "(1 policy assignment(s) apply to it)")
}

test_pass_when_plan_off if {
	fs := ir3_06.findings with input as snapshot("Free", [])
	statuses(fs) == {"pass"}
	some f in fs
	contains(f.message, "does not apply")
}

test_no_finding_when_assignments_null if {
	s := json.patch(snapshot("Standard", []), [{"op": "replace", "path": "/sections/authorization.policy_assignments/data", "value": null}])
	count(ir3_06.findings) == 0 with input as s
}
