package irscan.checks.azure.ir2_02_test

import data.irscan.checks.azure.ir2_02

sub := "7f3c2d9e-5b1a-4c8e-9d2f-3a6b8c1e4f70"

snapshot(d) := {
	"cloud": "azure",
	"scope": {"type": "subscription", "id": sub},
	"collected_at": "2026-11-20T09:00:00Z",
	"sections": {"security.contacts": {"status": "ok", "data": d}},
}

contacts(enabled, sources) := {"value": [{
	"id": sprintf("/subscriptions/%s/providers/Microsoft.Security/securityContacts/default", [sub]),
	"name": "default",
	"type": "Microsoft.Security/securityContacts",
	"properties": {
		"emails": "soc@contoso.com",
		"isEnabled": enabled,
		"notificationsByRole": {"state": "On", "roles": ["Owner"]},
		"notificationsSources": sources,
	},
}]}

attack_path := {"sourceType": "AttackPath", "minimalRiskLevel": "Critical"}

alert(severity) := {"sourceType": "Alert", "minimalSeverity": severity}

test_pass_with_medium_severity if {
	fs := ir2_02.findings with input as snapshot(contacts(true, [attack_path, alert("Medium")]))
	count(fs) == 1
	some f in fs
	f.status == "pass"
	f.resource == sprintf("/subscriptions/%s", [sub])
	contains(f.message, "severity Medium and above")
	f.evidence == [
		"/sections/security.contacts/data/value/0/properties/isEnabled",
		"/sections/security.contacts/data/value/0/properties/notificationsSources/1",
		"/sections/security.contacts/data/value/0/properties/emails",
		"/sections/security.contacts/data/value/0/properties/notificationsByRole",
	]
	contains(f.message, "to soc@contoso.com and the subscription's Owner")
}

test_pass_with_high_and_low_severity if {
	every severity in ["High", "Low"] {
		fs := ir2_02.findings with input as snapshot(contacts(true, [alert(severity)]))
		{f.status | some f in fs} == {"pass"}
	}
}

test_fail_when_contact_disabled if {
	fs := ir2_02.findings with input as snapshot(contacts(false, [alert("High")]))
	count(fs) == 1
	some f in fs
	f.status == "fail"
	contains(f.message, "isEnabled is false")
	not contains(f.message, "stricter")
}

test_fail_without_alert_source if {
	fs := ir2_02.findings with input as snapshot(contacts(true, [attack_path]))
	count(fs) == 1
	some f in fs
	f.status == "fail"
	contains(f.message, "no Alert notification source")
}

test_fail_without_severity_says_stricter_than_azure_policy if {
	fs := ir2_02.findings with input as snapshot(contacts(true, [{"sourceType": "Alert"}]))
	count(fs) == 1
	some f in fs
	f.status == "fail"
	contains(f.message, `minimalSeverity "unset"`)
	contains(f.message, "stricter than Azure Policy 6e2593d9")
}

test_fail_with_unknown_severity if {
	fs := ir2_02.findings with input as snapshot(contacts(true, [alert("Critical")]))
	{f.status | some f in fs} == {"fail"}
}

test_fail_when_no_contact if {
	fs := ir2_02.findings with input as snapshot({"value": []})
	{f.status | some f in fs} == {"fail"}
}

test_no_finding_when_section_absent if {
	fs := ir2_02.findings with input as object.remove(snapshot(null), ["sections"])
	count(fs) == 0
}

test_no_finding_when_data_null if {
	fs := ir2_02.findings with input as snapshot(null)
	count(fs) == 0
}

test_one_pass_when_several_contacts_and_sources_qualify if {
	one := contacts(true, [alert("High"), alert("Low")])
	fs := ir2_02.findings with input as snapshot({"value": array.concat(one.value, [object.union(one.value[0], {"name": "second"})])})
	count(fs) == 1
	some f in fs
	f.status == "pass"
	contains(f.message, "severity High and above")
}

recipients(emails, by_role) := {"value": [object.union(contacts(true, [alert("High")]).value[0], {"properties": {"emails": emails, "notificationsByRole": by_role}})]}

test_fail_when_nobody_receives_the_mails if {
	fs := ir2_02.findings with input as snapshot(recipients("", {"state": "Off", "roles": ["Owner"]}))
	{f.status | some f in fs} == {"fail"}
	some f in fs
	contains(f.message, "contact default: nobody receives the mails (emails is empty and notificationsByRole is Off)")
	contains(f.message, "which tests neither the severity nor the recipients")
}

test_fail_when_roles_on_without_a_role_and_no_address if {
	fs := ir2_02.findings with input as snapshot(recipients(" ; ", {"state": "On", "roles": []}))
	{f.status | some f in fs} == {"fail"}
	some f in fs
	contains(f.message, "nobody receives the mails (emails is empty and notificationsByRole is On with no role)")
}

test_pass_with_roles_only if {
	fs := ir2_02.findings with input as snapshot(recipients("", {"state": "On", "roles": ["Owner", "Contributor"]}))
	{f.status | some f in fs} == {"pass"}
	some f in fs
	contains(f.message, "to the subscription's Owner, Contributor")
}

test_pass_with_addresses_only if {
	fs := ir2_02.findings with input as snapshot(recipients("a@contoso.com;b@contoso.com", {"state": "Off", "roles": []}))
	{f.status | some f in fs} == {"pass"}
	some f in fs
	contains(f.message, "to a@contoso.com, b@contoso.com;")
}
