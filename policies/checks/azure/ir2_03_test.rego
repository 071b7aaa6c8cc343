package irscan.checks.azure.ir2_03_test

import data.irscan.checks.azure.ir2_03

sub := "7f3c2d9e-5b1a-4c8e-9d2f-3a6b8c1e4f70"

snapshot(d) := {
	"cloud": "azure",
	"scope": {"type": "subscription", "id": sub},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {"security.contacts": {"status": "ok", "data": d}},
}

contacts(by_role) := {"value": [{
	"id": sprintf("/subscriptions/%s/providers/Microsoft.Security/securityContacts/default", [sub]),
	"name": "default",
	"type": "Microsoft.Security/securityContacts",
	"properties": {
		"emails": "soc@contoso.com",
		"isEnabled": true,
		"notificationsByRole": by_role,
		"notificationsSources": [{"sourceType": "Alert", "minimalSeverity": "High"}],
	},
}]}

test_pass_when_owner_notified if {
	fs := ir2_03.findings with input as snapshot(contacts({"state": "On", "roles": ["Owner", "ServiceAdmin"]}))
	count(fs) == 1
	some f in fs
	f.status == "pass"
	f.resource == sprintf("/subscriptions/%s", [sub])
	f.evidence == ["/sections/security.contacts/data/value/0/properties/notificationsByRole"]
}

test_fail_when_state_off if {
	fs := ir2_03.findings with input as snapshot(contacts({"state": "Off", "roles": ["Owner"]}))
	count(fs) == 1
	some f in fs
	f.status == "fail"
	contains(f.message, "state Off with roles [Owner]")
}

test_fail_when_owner_not_in_roles_says_stricter if {
	fs := ir2_03.findings with input as snapshot(contacts({"state": "On", "roles": ["AccountAdmin"]}))
	count(fs) == 1
	some f in fs
	f.status == "fail"
	contains(f.message, "roles [AccountAdmin]")
	contains(f.message, "Azure Policy 0b15565f passes this subscription (contact default)")
	contains(f.message, "never reads the roles, so irscan is stricter")
}

test_fail_when_notifications_by_role_absent if {
	fs := ir2_03.findings with input as snapshot({"value": [{"name": "default", "properties": {"emails": "soc@contoso.com"}}]})
	count(fs) == 1
	some f in fs
	f.status == "fail"
	contains(f.message, "state unset")
}

test_fail_when_no_contact if {
	fs := ir2_03.findings with input as snapshot({"value": []})
	{f.status | some f in fs} == {"fail"}
}

test_no_finding_when_section_absent if {
	fs := ir2_03.findings with input as object.remove(snapshot(null), ["sections"])
	count(fs) == 0
}

test_no_finding_when_data_null if {
	fs := ir2_03.findings with input as snapshot(null)
	count(fs) == 0
}

test_one_pass_when_several_contacts_qualify if {
	one := contacts({"state": "On", "roles": ["Owner"]})
	fs := ir2_03.findings with input as snapshot({"value": array.concat(one.value, [object.union(one.value[0], {"name": "second"})])})
	count(fs) == 1
	some f in fs
	f.status == "pass"
}

with_sources(by_role, sources) := {"value": [object.union(contacts(by_role).value[0], {"properties": {"notificationsSources": sources}})]}

test_policy_fails_too_when_off_and_high_only if {
	fs := ir2_03.findings with input as snapshot(contacts({"state": "Off", "roles": ["Owner"]}))
	some f in fs
	f.status == "fail"
	contains(f.message, "Azure Policy 0b15565f fails it too")
}

test_policy_passes_when_off_but_medium if {
	fs := ir2_03.findings with input as snapshot(with_sources({"state": "Off", "roles": ["Owner"]}, [{"sourceType": "Alert", "minimalSeverity": "Medium"}]))
	some f in fs
	f.status == "fail"
	contains(f.message, "Azure Policy 0b15565f passes this subscription (contact default)")
}

test_policy_passes_when_state_absent if {
	fs := ir2_03.findings with input as snapshot({"value": [json.remove(contacts({}).value[0], ["properties/notificationsByRole"])]})
	some f in fs
	f.status == "fail"
	contains(f.message, "Azure Policy 0b15565f passes this subscription")
}

test_policy_fails_too_on_the_2020_shape if {
	c := json.remove(object.union(contacts({"state": "Off", "roles": []}).value[0], {"properties": {"alertNotifications": {"state": "On", "minimalSeverity": "High"}}}), ["properties/notificationsSources"])
	fs := ir2_03.findings with input as snapshot({"value": [c]})
	some f in fs
	f.status == "fail"
	contains(f.message, "Azure Policy 0b15565f fails it too")
}

test_policy_fails_too_without_contacts if {
	fs := ir2_03.findings with input as snapshot({"value": []})
	some f in fs
	contains(f.message, "Azure Policy 0b15565f fails it too (no securityContacts resource exists)")
}

test_pass_says_policy_passes_too if {
	fs := ir2_03.findings with input as snapshot(contacts({"state": "On", "roles": ["Owner"]}))
	some f in fs
	f.status == "pass"
	contains(f.message, "Azure Policy 0b15565f passes it too.")
}
