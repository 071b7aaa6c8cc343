# METADATA
# title: Responders reachable
# description: >-
#   Incident Manager can page at least one person: in the Incident Manager home region at
#   least one PERSONAL contact has a contact channel (email, SMS or voice) whose
#   ActivationStatus is ACTIVATED. Incident Manager cannot engage a contact through a channel
#   that was never activated. An Active AWS Security Incident Response membership with an
#   incident response team (GetMembership incidentResponseTeam: the API requires two to ten
#   members, each with an e-mail address, which the snapshot does not keep) meets the control
#   instead, one passing finding per such membership naming its members; the Incident Manager
#   regions without a reachable contact are then not reported as failures.
# custom:
#   id: AWS-IR2-02
#   controls: [IR-2]
#   severity: high
#   requires: [ssm_contacts.contacts, security_ir.memberships]
#   remediation: >-
#     In the Incident Manager home region, open Systems Manager > Incident Manager > Contacts,
#     create a contact for each responder (Create contact: alias, name, contact channels) and
#     activate every channel: Incident Manager sends a one-time code to the address, which
#     is entered under Activate devices (console) or with aws ssm-contacts
#     activate-contact-channel --contact-channel-id <channel-arn> --activation-code <code>.
#     A channel stuck in NOT_ACTIVATED can be sent a new code with aws ssm-contacts
#     send-activation-code --contact-channel-id <channel-arn>. Check the result with
#     aws ssm-contacts list-contact-channels --contact-id <contact-arn>. With AWS Security
#     Incident Response instead, name the incident response team in the membership (console:
#     Security Incident Response > Membership > Incident response team).
#   references:
#     - https://docs.aws.amazon.com/incident-manager/latest/userguide/contacts.html
#     - https://docs.aws.amazon.com/incident-manager/latest/APIReference/API_SSMContacts_ActivateContactChannel.html
#     - https://docs.aws.amazon.com/incident-manager/latest/APIReference/API_SSMContacts_ListContactChannels.html
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.aws.ir2_02

import data.irscan.lib.aws
import data.irscan.lib.scope

# AWS Security Incident Response: an Active membership with an incident response team.
findings contains f if {
	some e in aws.sir_with_team
	team := sort([member_name(t) | some t in e.membership.incidentResponseTeam])
	f := {
		"resource": object.get(e.membership, "membershipArn", scope.resource),
		"status": "pass",
		"message": sprintf("The control is met by AWS Security Incident Response: membership %s is Active with an incident response team of %d (%s), whom the service contacts by e-mail (the API requires each member's address; the snapshot does not keep it).", [aws.sir_label(e.membership), count(team), concat(", ", team)]),
		"evidence": [sprintf("/sections/security_ir.memberships/data/Memberships/%d/incidentResponseTeam", [e.index])],
	}
}

member_name(t) := sprintf("%s, %s", [t.name, t.jobTitle]) if {
	is_string(t.jobTitle)
	t.jobTitle != ""
} else := t.name

sir_text := sprintf("AWS Security Incident Response has no Active membership with an incident response team (ListMemberships: %s)", [aws.sir_inactive_text])

findings contains f if {
	some region, r in input.sections["ssm_contacts.contacts"].regions
	d := r.data
	personal := [c | some c in d.Contacts; c.Type == "PERSONAL"]
	reachable := sort({name(c) | some c in personal; activated(d, c.ContactArn)})
	count(reachable) > 0
	f := {
		"resource": scope.resource,
		"region": region,
		"status": "pass",
		"message": sprintf("%d of %d personal contacts in %s have an ACTIVATED contact channel (%s); at least one is required.", [count(reachable), count(personal), region, concat(", ", reachable)]),
		"evidence": [sprintf("/sections/ssm_contacts.contacts/regions/%s/data/ContactChannels/%d", [region, i]) |
			some i, ch in d.ContactChannels
			ch.ActivationStatus == "ACTIVATED"
			some c in personal
			c.ContactArn == ch.ContactArn
		],
	}
}

findings contains f if {
	some region, r in input.sections["ssm_contacts.contacts"].regions
	d := r.data
	personal := [c | some c in d.Contacts; c.Type == "PERSONAL"]
	count(personal) == 0
	count(aws.sir_with_team) == 0
	f := {
		"resource": scope.resource,
		"region": region,
		"status": "fail",
		"message": sprintf("Incident Manager in %s has no personal contacts (%d contacts of other types) and %s; expected at least one contact with an ACTIVATED channel or such a membership.", [region, count(d.Contacts), sir_text]),
		"evidence": [sprintf("/sections/ssm_contacts.contacts/regions/%s/data/Contacts", [region])],
	}
}

findings contains f if {
	some region, r in input.sections["ssm_contacts.contacts"].regions
	d := r.data
	personal := [c | some c in d.Contacts; c.Type == "PERSONAL"]
	count(personal) > 0
	reachable := {c.ContactArn | some c in personal; activated(d, c.ContactArn)}
	count(reachable) == 0
	count(aws.sir_with_team) == 0
	f := {
		"resource": scope.resource,
		"region": region,
		"status": "fail",
		"message": sprintf("None of the %d personal contacts in %s (%s) has an ACTIVATED contact channel (%d channels, all NOT_ACTIVATED or missing) and %s; expected at least one.", [count(personal), region, concat(", ", sort({name(c) | some c in personal})), count(d.ContactChannels), sir_text]),
		"evidence": [
			sprintf("/sections/ssm_contacts.contacts/regions/%s/data/Contacts", [region]),
			sprintf("/sections/ssm_contacts.contacts/regions/%s/data/ContactChannels", [region]),
		],
	}
}

activated(d, arn) if {
	some ch in d.ContactChannels
	ch.ContactArn == arn
	ch.ActivationStatus == "ACTIVATED"
}

# A contact is named by its alias, or by its ARN when the alias is empty.
name(c) := c.Alias if {
	c.Alias != ""
} else := c.ContactArn
