# METADATA
# title: Defender plans on
# description: >-
#   The Microsoft Defender for Cloud plans that detect threats to the subscription's
#   workloads are on (Microsoft.Security/pricings, pricingTier Standard): VirtualMachines,
#   AppServices, SqlServers, SqlServerVirtualMachines, OpenSourceRelationalDatabases,
#   CosmosDbs, StorageAccounts, Containers, KeyVaults, Arm, Api and CloudPosture. Defender
#   for Storage must also be the DefenderForStorageV2 sub-plan with the
#   OnUploadMalwareScanning and SensitiveDataDiscovery extensions enabled. One finding per
#   plan. Each plan is tested as its Azure Policy in the Microsoft cloud security benchmark
#   IR-3/IR-5 group tests it (pricingTier Standard; for Storage, policy 640d2586); CosmosDbs
#   has no policy there, so requiring it is stricter than the initiative. The rest of the
#   group is tested by AZ-IR3-05 (Defender for SQL per server, policies abfb4388, abfb7388,
#   d31e5c31, d38668f5, 3bc8a0d5), AZ-IR3-06 (SQL auto-provisioning, c6283572) and AZ-IR3-07
#   (machines opting out of the plan at resource level). A plan missing from the pricings
#   list cannot be assessed and is reported as an error.
# custom:
#   id: AZ-IR3-01
#   controls: [IR-3, IR-5]
#   severity: high
#   requires: [security.pricings]
#   remediation: >-
#     Azure portal: Microsoft Defender for Cloud > Environment settings > select the
#     subscription > Defender plans, turn the plan On (Storage: also open Settings and enable
#     "On-upload malware scanning" and "Sensitive data threat detection"), and save. CLI: az
#     security pricing create --name <Plan> --tier Standard; for Storage az security pricing
#     create --name StorageAccounts --tier Standard --subplan DefenderForStorageV2
#     --extensions name=OnUploadMalwareScanning isEnabled=True
#     --extensions name=SensitiveDataDiscovery isEnabled=True. Enforce the plans for new
#     subscriptions with the "Configure Microsoft Defender ... to be enabled" DeployIfNotExists
#     policies at the management group.
#   references:
#     - https://learn.microsoft.com/en-us/azure/defender-for-cloud/enable-all-plans
#     - https://learn.microsoft.com/en-us/azure/defender-for-cloud/tutorial-enable-storage-plan
#     - https://learn.microsoft.com/en-us/rest/api/defenderforcloud/pricings/list?view=rest-defenderforcloud-2024-01-01
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.azure.ir3_01

import data.irscan.lib.azure

pricings_data := input.sections["security.pricings"].data

# Every plan irscan requires, with the Azure Policy of the MCSB IR-3/IR-5 group that tests it.
plans := {
	"VirtualMachines": "4da35fc9",
	"AppServices": "2913021d",
	"SqlServers": "7fe3b40f",
	"SqlServerVirtualMachines": "6581d072",
	"OpenSourceRelationalDatabases": "0a9fbe0d",
	"CosmosDbs": "",
	"StorageAccounts": "640d2586",
	"Containers": "1c988dd6",
	"KeyVaults": "0e6763cc",
	"Arm": "c3d20c29",
	"Api": "7926a6d1",
	"CloudPosture": "1f90fc71",
}

storage_sub_plan := "DefenderForStorageV2"

storage_extensions := ["OnUploadMalwareScanning", "SensitiveDataDiscovery"]

pricing_id(plan) := sprintf("/subscriptions/%s/providers/Microsoft.Security/pricings/%s", [input.scope.id, plan])

# The index of each plan's pricing in the list (names compared without case).
index[plan] := min([i | some i, p in pricings_data.value; lower(p.name) == lower(plan)]) if {
	some plan, _ in plans
	some p in pricings_data.value
	lower(p.name) == lower(plan)
}

findings contains f if {
	some plan, i in index
	p := pricings_data.value[i]
	count(problems(plan, p)) == 0
	f := {
		"resource": pricing_id(plan),
		"status": "pass",
		"message": sprintf("Defender plan %s is on: %s, as expected%s.", [plan, observed(plan, p), anchor_note(plan)]),
		"evidence": [sprintf("/sections/security.pricings/data/value/%d/properties", [i])],
	}
}

findings contains f if {
	some plan, i in index
	p := pricings_data.value[i]
	count(problems(plan, p)) > 0
	f := {
		"resource": pricing_id(plan),
		"status": "fail",
		"message": sprintf("Defender plan %s is not on as required: %s; expected %s%s.", [plan, concat(", ", problems(plan, p)), expected(plan), anchor_note(plan)]),
		"evidence": [sprintf("/sections/security.pricings/data/value/%d/properties", [i])],
	}
}

# Never pass on absent data: a required plan the pricings list does not name.
findings contains f if {
	is_object(pricings_data)
	some plan, _ in plans
	not index[plan]
	f := {
		"resource": pricing_id(plan),
		"status": "error",
		"message": sprintf("The pricings list has no %s plan, so it could not be assessed (the plan may not be offered in this cloud); expected %s.", [plan, expected(plan)]),
		"evidence": ["/sections/security.pricings/data/value"],
	}
}

problems(plan, p) := [msg |
	some msg in array.concat([tier_problem(p)], storage_problems(plan, p))
	msg != ""
]

tier_problem(p) := "" if {
	p.properties.pricingTier == "Standard"
} else := sprintf("pricingTier is %s", [azure.text(object.get(object.get(p, "properties", {}), "pricingTier", null))])

# Defender for Storage also needs the V2 sub-plan and both extensions (as policy 640d2586).
storage_problems(plan, p) := array.concat(
	[msg |
		not p.properties.subPlan == storage_sub_plan
		msg := sprintf("subPlan is %s", [azure.text(object.get(p.properties, "subPlan", null))])
	],
	[msg |
		some ext in storage_extensions
		not extension_enabled(p, ext)
		msg := sprintf("extension %s is %s", [ext, extension_state(p, ext)])
	],
) if {
	plan == "StorageAccounts"
	p.properties.pricingTier == "Standard"
} else := []

# The API returns isEnabled as the string "True" or "False".
extension_enabled(p, name) if {
	some ext in p.properties.extensions
	ext.name == name
	lower(sprintf("%v", [ext.isEnabled])) == "true"
}

extension_state(p, name) := "not listed" if {
	not listed(p, name)
} else := "not enabled"

listed(p, name) if {
	some ext in p.properties.extensions
	ext.name == name
}

observed(plan, p) := sprintf("pricingTier Standard, subPlan %s, with %s enabled", [p.properties.subPlan, concat(" and ", storage_extensions)]) if {
	plan == "StorageAccounts"
} else := sprintf("pricingTier Standard (subPlan %s)", [p.properties.subPlan]) if {
	is_string(p.properties.subPlan)
	p.properties.subPlan != ""
} else := "pricingTier Standard"

expected(plan) := sprintf("pricingTier Standard with subPlan %s and the %s extensions enabled", [storage_sub_plan, concat(" and ", storage_extensions)]) if {
	plan == "StorageAccounts"
} else := "pricingTier Standard"

anchor_note(plan) := sprintf(" (Azure Policy %s tests the same)", [plans[plan]]) if {
	plans[plan] != ""
} else := " (irscan is stricter than the Azure Policy MCSB initiative, which has no IR-3/IR-5 policy for this plan)"
