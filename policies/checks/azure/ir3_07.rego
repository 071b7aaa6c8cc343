# METADATA
# title: No machine opts out of Defender for Servers
# description: >-
#   No virtual machine switches the Defender for Servers plan off for itself: Defender plans
#   can be set per resource (Microsoft.Security/pricings at a virtual machine's scope), and a
#   machine whose VirtualMachines pricing is set there (inherited "False") to pricingTier Free
#   is not protected although the subscription's plan is on, which neither AZ-IR3-01 nor the
#   MCSB initiative's subscription-level policy (4da35fc9) sees. A machine that inherits the
#   subscription's plan, or whose own setting is Standard, passes; a machine inheriting a Free
#   plan is reported by AZ-IR3-01, not here. One finding per virtual machine; a subscription
#   without any gets one passing finding saying so.
# custom:
#   id: AZ-IR3-07
#   controls: [IR-3, IR-5]
#   severity: high
#   requires: [security.resource_pricings]
#   remediation: >-
#     Remove the override so that the machine inherits the subscription's plan: az rest
#     --method delete --url
#     "https://management.azure.com/<vm-resource-id>/providers/Microsoft.Security/pricings/VirtualMachines?api-version=2024-01-01",
#     or set it to Standard (az rest --method put with body
#     '{"properties":{"pricingTier":"Standard","subPlan":"P1"}}'). Review who may write
#     Microsoft.Security/pricings on resources.
#   references:
#     - https://learn.microsoft.com/en-us/azure/defender-for-cloud/tutorial-enable-servers-plan#enable-the-plan-at-the-resource-level
#     - https://learn.microsoft.com/en-us/rest/api/defenderforcloud/pricings/get?view=rest-defenderforcloud-2024-01-01
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.azure.ir3_07

import data.irscan.lib.azure
import data.irscan.lib.scope

vms_data := input.sections["security.resource_pricings"].data

opted_out(e) if {
	lower(e.pricing.properties.inherited) == "false"
	not lower(e.pricing.properties.pricingTier) == "standard"
}

findings contains f if {
	some i, e in vms_data.virtualMachines
	not opted_out(e)
	f := object.union(azure.located(e.resource), {
		"resource": e.resource.id,
		"status": "pass",
		"message": sprintf("Virtual machine %s does not opt out of Defender for Servers: %s; expected no resource-level VirtualMachines pricing set to Free.", [e.resource.name, observed(e)]),
		"evidence": [sprintf("/sections/security.resource_pricings/data/virtualMachines/%d/pricing", [i])],
	})
}

findings contains f if {
	some i, e in vms_data.virtualMachines
	opted_out(e)
	f := object.union(azure.located(e.resource), {
		"resource": e.resource.id,
		"status": "fail",
		"message": sprintf("Virtual machine %s opts out of Defender for Servers: its own VirtualMachines pricing (inherited False) has pricingTier %s, so it is not protected whatever the subscription's plan; expected it to inherit the subscription's plan or be Standard.", [e.resource.name, e.pricing.properties.pricingTier]),
		"evidence": [sprintf("/sections/security.resource_pricings/data/virtualMachines/%d/pricing", [i])],
	})
}

findings contains f if {
	is_object(vms_data)
	count(vms_data.virtualMachines) == 0
	f := {
		"resource": scope.resource,
		"status": "pass",
		"message": "The subscription has no virtual machine, so no machine can opt out of Defender for Servers; expected no resource-level VirtualMachines pricing set to Free.",
		"evidence": ["/sections/security.resource_pricings/data/virtualMachines"],
	}
}

observed(e) := "no pricing is set at its scope (the GET answered 404), so it follows the subscription's plan" if {
	e.pricing == null
} else := sprintf("it inherits the subscription's plan (pricingTier %s from %s)", [azure.text(object.get(e.pricing.properties, "pricingTier", null)), azure.text(object.get(e.pricing.properties, "inheritedFrom", null))]) if {
	lower(e.pricing.properties.inherited) == "true"
} else := sprintf("its own pricing is %s", [azure.text(object.get(e.pricing.properties, "pricingTier", null))])
