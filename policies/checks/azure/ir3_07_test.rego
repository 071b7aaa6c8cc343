package irscan.checks.azure.ir3_07_test

import data.irscan.checks.azure.ir3_07

sub := "7f3c2d9e-5b1a-4c8e-9d2f-3a6b8c1e4f70"

vm_id(name) := sprintf("/subscriptions/%s/resourceGroups/rg-apps/providers/Microsoft.Compute/virtualMachines/%s", [sub, name])

vm(name, pricing) := {"resource": {"id": vm_id(name), "name": name, "location": "eastus"}, "pricing": pricing}

pricing(tier, inherited) := {"name": "VirtualMachines", "properties": {"pricingTier": tier, "inherited": inherited, "inheritedFrom": sprintf("/subscriptions/%s", [sub])}}

snapshot(vms) := {
	"cloud": "azure",
	"scope": {"type": "subscription", "id": sub},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {"security.resource_pricings": {"status": "ok", "data": {"virtualMachines": vms}}},
}

results(fs) := {[f.resource, object.get(f, "region", ""), f.status] | some f in fs}

test_override_to_free_fails if {
	fs := ir3_07.findings with input as snapshot([
		vm("vm-a", pricing("Standard", "True")),
		vm("vm-b", pricing("Free", "False")),
		vm("vm-c", pricing("Standard", "False")),
		vm("vm-d", null),
	])
	results(fs) == {
		[vm_id("vm-a"), "eastus", "pass"], [vm_id("vm-b"), "eastus", "fail"],
		[vm_id("vm-c"), "eastus", "pass"], [vm_id("vm-d"), "eastus", "pass"],
	}
	some b in fs
	b.resource == vm_id("vm-b")
	contains(b.message, "its own VirtualMachines pricing (inherited False) has pricingTier Free")
	some a in fs
	a.resource == vm_id("vm-a")
	contains(a.message, "it inherits the subscription's plan (pricingTier Standard")
}

test_inherited_free_is_not_this_check if {
	fs := ir3_07.findings with input as snapshot([vm("vm-a", pricing("Free", "True"))])
	results(fs) == {[vm_id("vm-a"), "eastus", "pass"]}
}

test_pass_without_machines if {
	fs := ir3_07.findings with input as snapshot([])
	results(fs) == {[sprintf("/subscriptions/%s", [sub]), "", "pass"]}
}

test_no_finding_when_data_null if {
	s := json.patch(snapshot([]), [{"op": "replace", "path": "/sections/security.resource_pricings/data", "value": null}])
	count(ir3_07.findings) == 0 with input as s
}
