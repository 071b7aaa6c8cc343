# METADATA
# title: Security Command Center active
# description: >-
#   Security Command Center produces findings for the scope: the organisation's SCC tier is
#   Premium, Enterprise or Enterprise MC (v1beta2 getSubscription), or it is Standard (or not
#   readable: SCC not activated, or a project without an organisation) and Security Health
#   Analytics is effectively ENABLED for the scope (securityHealthAnalyticsSettings:calculate,
#   Google's resolution of the scope's, folders' and organisation's settings). The finding
#   names the tier and where the deciding Security Health Analytics setting is set. The
#   Security Command Center API disabled in the project (SERVICE_DISABLED) counts as Security
#   Health Analytics not confirmed. Runs on organisation and project snapshots. The effective
#   Security Health Analytics state (:calculate) is judged on every snapshot: ENABLED passes
#   whatever the tier. The tier is the organisation's setting, judged where it is held: on the
#   organisation's snapshot and, in a --project or --folder scan, on each project's; a project
#   of an --organization scan whose Security Health Analytics is not ENABLED follows the
#   organisation's tier (its facts) when its snapshot is in the run (pass or fail, naming it),
#   and is an error naming the organisation when it is not (see "Where each GCP check runs"
#   in snapshot/SECTIONS.md).
# custom:
#   id: GCP-IR3-01
#   controls: [IR-3]
#   severity: medium
#   requires: [securitycenter.subscription, securitycenter.sha_settings, resourcemanager.ancestry]
#   remediation: >-
#     Activate Security Command Center for the organisation (Console: Security > Security
#     Command Center > Get started, choose the tier; Premium or Enterprise adds Event Threat
#     Detection, Container Threat Detection and the full set of Security Health Analytics
#     detectors). On the Standard tier, make sure Security Health Analytics is enabled:
#     Security Command Center > Settings > Security Health Analytics > Enabled at the
#     organisation, and no folder or project overrides it to Disabled (gcloud scc manage
#     services describe security-health-analytics --project=<project-id> shows the
#     effective state).
#   references:
#     - https://cloud.google.com/security-command-center/docs/service-tiers
#     - https://cloud.google.com/security-command-center/docs/activate-scc-overview
#     - https://cloud.google.com/security-command-center/docs/reference/rest/v1beta2/organizations/getSubscription
#     - https://cloud.google.com/security-command-center/docs/reference/rest/v1beta2/projects.securityHealthAnalyticsSettings/calculate
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.gcp.ir3_01

import data.irscan.lib.gcp
import data.irscan.lib.scope

sub_data := input.sections["securitycenter.subscription"].data

sha := input.sections["securitycenter.sha_settings"].data

ancestry := gcp.ancestry

premium_tiers := {"PREMIUM", "ENTERPRISE", "ENTERPRISE_MC"}

suffix := "/securityHealthAnalyticsSettings"

ready if {
	is_object(sub_data)
	is_object(sha)
	is_object(ancestry)
}

# The snapshot holds the tier (the organisation's, or the scope has no organisation).
complete if gcp.holds([sub_data.parent])

tier := t if {
	t := sub_data.subscription.tier
	is_string(t)
} else := ""

sha_state := s if {
	s := sha.effective.serviceEnablementState
	is_string(s)
} else := ""

findings contains f if {
	ready
	complete
	tier in premium_tiers
	f := {
		"resource": scope.resource,
		"status": "pass",
		"message": sprintf("Security Command Center is active: %s; expected Premium or Enterprise, or Standard with Security Health Analytics enabled.", [tier_text]),
		"evidence": ["/sections/securitycenter.subscription/data/subscription"],
	}
}

findings contains f if {
	ready
	complete
	not tier in premium_tiers
	sha_state == "ENABLED"
	f := {
		"resource": scope.resource,
		"status": "pass",
		"message": sprintf("Security Command Center is active: %s, and Security Health Analytics is ENABLED for %s (%s); expected Premium or Enterprise, or Standard with Security Health Analytics enabled.", [tier_text, ancestry.name, origin_text]),
		"evidence": ["/sections/securitycenter.subscription/data/subscription", "/sections/securitycenter.sha_settings/data/effective"],
	}
}

findings contains f if {
	ready
	complete
	not tier in premium_tiers
	sha_state != "ENABLED"
	f := {
		"resource": scope.resource,
		"status": "fail",
		"message": sprintf("Security Command Center is not active for %s: %s, and %s; expected Premium or Enterprise, or Standard with Security Health Analytics enabled.", [ancestry.name, tier_text, sha_text]),
		"evidence": ["/sections/securitycenter.subscription/data", "/sections/securitycenter.sha_settings/data"],
	}
}

# The tier is its organisation's, held by the organisation's snapshot: Security Health
# Analytics effectively ENABLED for the scope decides alone.
findings contains f if {
	ready
	not complete
	sha_state == "ENABLED"
	f := {
		"resource": scope.resource,
		"status": "pass",
		"message": sprintf("Security Command Center is active: Security Health Analytics is ENABLED for %s (%s), whatever the tier set on %s; expected Premium or Enterprise, or Standard with Security Health Analytics enabled.", [ancestry.name, origin_text, gcp.organization]),
		"evidence": ["/sections/securitycenter.sha_settings/data/effective"],
	}
}

# Otherwise the organisation's tier decides.
org_sections := ["securitycenter.subscription"]

org_subscription := gcp.org_fact("scc_subscription", org_sections)

base := {"resource": scope.resource, "evidence": ["/sections/securitycenter.sha_settings/data", "/sections/resourcemanager.ancestry/data/ancestors"]}

findings contains f if {
	ready
	not complete
	sha_state != "ENABLED"
	f := gcp.unassessed(
		base,
		sprintf("The Security Command Center tier that applies to %s (%s, so the tier decides)", [ancestry.name, sha_text]),
		"scc_subscription", org_sections,
	)
}

findings contains f if {
	ready
	not complete
	sha_state != "ENABLED"
	org_subscription.tier in premium_tiers
	f := gcp.follow(
		object.union(base, {
			"status": "pass",
			"message": sprintf("Security Command Center is active: %s; expected Premium or Enterprise, or Standard with Security Health Analytics enabled.", [org_tier_text]),
		}),
		[org_subscription.pointer],
	)
}

findings contains f if {
	ready
	not complete
	sha_state != "ENABLED"
	is_string(org_subscription.tier)
	not org_subscription.tier in premium_tiers
	f := gcp.follow(
		object.union(base, {
			"status": "fail",
			"message": sprintf("Security Command Center is not active for %s: %s, and %s; expected Premium or Enterprise, or Standard with Security Health Analytics enabled.", [ancestry.name, org_tier_text, sha_text]),
		}),
		[org_subscription.pointer],
	)
}

tier_text := sprintf("tier %s on %s%s", [tier, sub_data.parent, term(object.get(object.get(sub_data.subscription, "details", {}), "endTime", ""))]) if {
	tier != ""
} else := sprintf("SCC is not activated for %s (getSubscription answered NOT_FOUND)", [sub_data.parent]) if {
	is_string(sub_data.parent)
} else := "the SCC tier cannot be read (the scope has no organisation, and getSubscription exists only for organisations)"

org_tier_text := sprintf("tier %s on %s%s", [org_subscription.tier, gcp.organization, term(org_subscription.end_time)]) if {
	org_subscription.tier != ""
} else := sprintf("SCC is not activated for %s (getSubscription answered NOT_FOUND)", [gcp.organization])

term(end) := sprintf(", subscription until %s", [end]) if {
	is_string(end)
	end != ""
} else := ""

sha_text := sprintf("the Security Command Center API is disabled in %s (SERVICE_DISABLED), so Security Health Analytics is not confirmed to run there", [e.parent]) if {
	some e in sha.serviceDisabled
} else := sprintf("Security Health Analytics is %s (%s)", [sha_state, origin_text]) if {
	sha_state != ""
} else := "the effective Security Health Analytics state is missing"

# Where the effective state comes from: the nearest level that sets it, else Google's default.
origin_text := sprintf("%s %s", [verb, where]) if {
	s := [x | some x in sha.settings; x.serviceEnablementState == sha_state][0]
	where := trim_suffix(s.name, suffix)
	verb := {true: "set on", false: "inherited from"}[where == ancestry.name]
} else := "Google's default: no level sets it"
