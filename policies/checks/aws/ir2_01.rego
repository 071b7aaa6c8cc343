# METADATA
# title: Security alternate contact registered
# description: >-
#   The account registers a SECURITY alternate contact with both an email address and a
#   phone number, so that AWS can reach the security team about incidents, abuse reports
#   and compromised credentials. GetAlternateContact answering ResourceNotFoundException
#   (no contact registered) is a failure.
# custom:
#   id: AWS-IR2-01
#   controls: [IR-2]
#   severity: medium
#   requires: [account.alternate_contacts]
#   remediation: >-
#     Register a security contact that is monitored around the clock (a team mailbox and an
#     on-call phone number, not a person). Console: signed in to the account (or to the
#     management account for a member account), open Account > Alternate contacts > Edit,
#     fill in Security contact (full name, title, email address, phone number) and save.
#     CLI: aws account put-alternate-contact --alternate-contact-type SECURITY
#     --name "Security Operations" --title "SOC on call" --email-address soc@example.com
#     --phone-number "+1-206-555-0100" (add --account-id <id> from the management or
#     delegated-admin account to set it for a member account). Verify with
#     aws account get-alternate-contact --alternate-contact-type SECURITY.
#   references:
#     - https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-update-contact-alternate.html
#     - https://docs.aws.amazon.com/accounts/latest/reference/API_GetAlternateContact.html
#     - https://docs.aws.amazon.com/securityhub/latest/userguide/account-controls.html
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.aws.ir2_01

import data.irscan.lib.scope
import data.irscan.lib.values

evidence := ["/sections/account.alternate_contacts/data"]

# GetAlternateContact answered ResourceNotFoundException, recorded as {"AlternateContact": null}.
findings contains f if {
	contact := input.sections["account.alternate_contacts"].data.AlternateContact
	not is_object(contact)
	f := {
		"resource": scope.resource,
		"status": "fail",
		"message": "No SECURITY alternate contact is registered (GetAlternateContact returned ResourceNotFoundException); expected one with an email address and a phone number.",
		"evidence": evidence,
	}
}

findings contains f if {
	contact := input.sections["account.alternate_contacts"].data.AlternateContact
	is_object(contact)
	count(problems) == 0
	f := {
		"resource": scope.resource,
		"status": "pass",
		"message": sprintf("The SECURITY alternate contact %q has email address %s and a phone number, as expected.", [object.get(contact, "Name", ""), contact.EmailAddress]),
		"evidence": evidence,
	}
}

findings contains f if {
	contact := input.sections["account.alternate_contacts"].data.AlternateContact
	is_object(contact)
	count(problems) > 0
	f := {
		"resource": scope.resource,
		"status": "fail",
		"message": sprintf("The SECURITY alternate contact is incomplete: %s; expected AlternateContactType SECURITY with an email address and a phone number.", [concat(", ", problems)]),
		"evidence": evidence,
	}
}

problems := [p |
	some p in [type_problem, email_problem, phone_problem]
	p != ""
]

type_problem := "" if {
	input.sections["account.alternate_contacts"].data.AlternateContact.AlternateContactType == "SECURITY"
} else := sprintf("AlternateContactType is %q", [object.get(input.sections["account.alternate_contacts"].data.AlternateContact, "AlternateContactType", "")])

email_problem := "" if {
	values.filled(input.sections["account.alternate_contacts"].data.AlternateContact.EmailAddress)
} else := "EmailAddress is empty"

phone_problem := "" if {
	values.filled(input.sections["account.alternate_contacts"].data.AlternateContact.PhoneNumber)
} else := "PhoneNumber is empty"
