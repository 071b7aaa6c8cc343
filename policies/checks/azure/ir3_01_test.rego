package irscan.checks.azure.ir3_01_test

import data.irscan.checks.azure.ir3_01

sub := "7f3c2d9e-5b1a-4c8e-9d2f-3a6b8c1e4f70"

plan_names := [
	"VirtualMachines", "AppServices", "SqlServers", "SqlServerVirtualMachines",
	"OpenSourceRelationalDatabases", "CosmosDbs", "StorageAccounts", "Containers",
	"KeyVaults", "Arm", "Api", "CloudPosture",
]

snapshot(d) := {
	"cloud": "azure",
	"scope": {"type": "subscription", "id": sub},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {"security.pricings": {"status": "ok", "data": d}},
}

pricing_id(plan) := sprintf("/subscriptions/%s/providers/Microsoft.Security/pricings/%s", [sub, plan])

pricing(plan, props) := {
	"id": pricing_id(plan),
	"name": plan,
	"type": "Microsoft.Security/pricings",
	"properties": object.union({"freeTrialRemainingTime": "PT0S", "enforce": "False"}, props),
}

standard := {"pricingTier": "Standard", "enablementTime": "2025-03-01T12:42:42.1921106Z", "resourcesCoverageStatus": "FullyCovered"}

free := {"pricingTier": "Free", "resourcesCoverageStatus": "NotCovered"}

storage_v2(malware, discovery) := object.union(standard, {
	"subPlan": "DefenderForStorageV2",
	"extensions": [
		{"name": "OnUploadMalwareScanning", "isEnabled": malware, "additionalExtensionProperties": {"capGBPerMonthPerStorageAccount": 5000}},
		{"name": "SensitiveDataDiscovery", "isEnabled": discovery},
	],
})

all_on := [p |
	some plan in plan_names
	p := pricing(plan, props_for(plan))
]

props_for("StorageAccounts") := storage_v2("True", "True")

props_for("VirtualMachines") := object.union(standard, {"subPlan": "P2"})

props_for(plan) := standard if not plan in {"StorageAccounts", "VirtualMachines"}

with_plan(list, plan, props) := [p |
	some q in list
	p := replaced(q, plan, props)
]

replaced(q, plan, props) := pricing(plan, props) if q.name == plan

else := q

statuses(fs) := {plan: f.status | some plan in plan_names; some f in fs; f.resource == pricing_id(plan)}

test_pass_when_every_plan_is_on if {
	fs := ir3_01.findings with input as snapshot({"value": all_on})
	count(fs) == 12
	{f.status | some f in fs} == {"pass"}
	some f in fs
	f.resource == pricing_id("VirtualMachines")
	contains(f.message, "pricingTier Standard (subPlan P2)")
	contains(f.message, "Azure Policy 4da35fc9 tests the same")
	f.evidence == ["/sections/security.pricings/data/value/0/properties"]
}

test_one_finding_per_plan_with_free_plans if {
	value := with_plan(with_plan(all_on, "AppServices", free), "CosmosDbs", free)
	fs := ir3_01.findings with input as snapshot({"value": value})
	s := statuses(fs)
	s.AppServices == "fail"
	s.CosmosDbs == "fail"
	count([p | some p, st in s; st == "pass"]) == 10
	some fa in fs
	fa.resource == pricing_id("AppServices")
	contains(fa.message, "pricingTier is Free; expected pricingTier Standard (Azure Policy 2913021d tests the same)")
	some fc in fs
	fc.resource == pricing_id("CosmosDbs")
	contains(fc.message, "irscan is stricter than the Azure Policy MCSB initiative")
}

test_storage_needs_both_extensions if {
	fs := ir3_01.findings with input as snapshot({"value": with_plan(all_on, "StorageAccounts", storage_v2("True", "False"))})
	statuses(fs).StorageAccounts == "fail"
	some f in fs
	f.resource == pricing_id("StorageAccounts")
	contains(f.message, "extension SensitiveDataDiscovery is not enabled")
	not contains(f.message, "OnUploadMalwareScanning is not enabled")
}

test_storage_needs_v2_sub_plan if {
	classic := object.union(standard, {"subPlan": "PerTransaction"})
	fs := ir3_01.findings with input as snapshot({"value": with_plan(all_on, "StorageAccounts", classic)})
	statuses(fs).StorageAccounts == "fail"
	some f in fs
	f.resource == pricing_id("StorageAccounts")
	contains(f.message, "subPlan is PerTransaction")
	contains(f.message, "extension OnUploadMalwareScanning is not listed")
}

test_storage_without_sub_plan_fails if {
	fs := ir3_01.findings with input as snapshot({"value": with_plan(all_on, "StorageAccounts", standard)})
	statuses(fs).StorageAccounts == "fail"
	some f in fs
	f.resource == pricing_id("StorageAccounts")
	contains(f.message, "subPlan is unset")
}

test_storage_extension_flags_are_case_insensitive if {
	fs := ir3_01.findings with input as snapshot({"value": with_plan(all_on, "StorageAccounts", storage_v2("true", "TRUE"))})
	statuses(fs).StorageAccounts == "pass"
}

test_free_storage_reports_only_the_tier if {
	fs := ir3_01.findings with input as snapshot({"value": with_plan(all_on, "StorageAccounts", free)})
	some f in fs
	f.resource == pricing_id("StorageAccounts")
	f.status == "fail"
	contains(f.message, "not on as required: pricingTier is Free; expected")
}

test_plan_names_compared_without_case if {
	value := [p | some q in all_on; p := object.union(q, {"name": lower(q.name)})]
	fs := ir3_01.findings with input as snapshot({"value": value})
	{f.status | some f in fs} == {"pass"}
	count(fs) == 12
}

test_error_when_plan_missing if {
	value := [p | some p in all_on; p.name != "Api"]
	fs := ir3_01.findings with input as snapshot({"value": value})
	statuses(fs).Api == "error"
	count(fs) == 12
}

test_error_for_every_plan_when_list_empty if {
	fs := ir3_01.findings with input as snapshot({"value": []})
	count(fs) == 12
	{f.status | some f in fs} == {"error"}
}

test_no_finding_when_section_absent if {
	fs := ir3_01.findings with input as object.remove(snapshot(null), ["sections"])
	count(fs) == 0
}

test_no_finding_when_data_null if {
	fs := ir3_01.findings with input as snapshot(null)
	count(fs) == 0
}
