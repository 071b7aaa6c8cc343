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
#   Health Analytics not confirmed. Runs on organisation and project snapshots; in an
#   organisation scan, a project whose Security Health Analytics state is INHERITED from its
#   organisation defers to the organisation's finding (see "Where each GCP check runs" in
#   collectors/SECTIONS.md).
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

collection := c if {
	c := {"organization": "organizations", "folder": "folders"}[input.scope.type]
} else := "projects"

scope_resource := sprintf("//cloudresourcemanager.googleapis.com/%s/%s", [collection, input.scope.id])

sub_data := input.sections["securitycenter.subscription"].data

sha := input.sections["securitycenter.sha_settings"].data

ancestry := input.sections["resourcemanager.ancestry"].data

premium_tiers := {"PREMIUM", "ENTERPRISE", "ENTERPRISE_MC"}

suffix := "/securityHealthAnalyticsSettings"

# Set when the project's organisation is assessed in the same scan.
org_scan := s if {
	input.scope.type == "project"
	s := ancestry.organizationScan
	is_object(s)
}

ready if {
	is_object(sub_data)
	is_object(sha)
	is_object(ancestry)
}

tier := t if {
	t := sub_data.subscription.tier
	is_string(t)
} else := ""

sha_state := s if {
	s := sha.effective.serviceEnablementState
	is_string(s)
} else := ""

# Nothing below the organisation sets Security Health Analytics: the project's state is its
# organisation's (or Google's default).
deferred if {
	ready
	org_scan
	count(sha.serviceDisabled) == 0
	every s in sha.settings {
		not own_setting(s)
	}
}

own_setting(s) if {
	not startswith(s.name, "organizations/")
	s.serviceEnablementState in {"ENABLED", "DISABLED"}
}

findings contains f if {
	deferred
	f := {
		"resource": scope_resource,
		"status": "pass",
		"message": sprintf("Project %s and the folders above it leave Security Health Analytics INHERITED and the SCC tier is set on the organisation (%s), so its verdict is that of its organisation %s: this scan assesses it once, on the organisation's own finding (snapshot %s).", [input.scope.id, tier_text, org_scan.organization, org_scan.snapshot]),
		"evidence": ["/sections/securitycenter.subscription/data/subscription", "/sections/securitycenter.sha_settings/data/settings", "/sections/resourcemanager.ancestry/data/organizationScan"],
	}
}

findings contains f if {
	ready
	not deferred
	tier in premium_tiers
	f := {
		"resource": scope_resource,
		"status": "pass",
		"message": sprintf("Security Command Center is active: %s; expected Premium or Enterprise, or Standard with Security Health Analytics enabled.", [tier_text]),
		"evidence": ["/sections/securitycenter.subscription/data/subscription"],
	}
}

findings contains f if {
	ready
	not deferred
	not tier in premium_tiers
	sha_state == "ENABLED"
	f := {
		"resource": scope_resource,
		"status": "pass",
		"message": sprintf("Security Command Center is active: %s, and Security Health Analytics is ENABLED for %s (%s); expected Premium or Enterprise, or Standard with Security Health Analytics enabled.", [tier_text, ancestry.name, origin_text]),
		"evidence": ["/sections/securitycenter.subscription/data/subscription", "/sections/securitycenter.sha_settings/data/effective"],
	}
}

findings contains f if {
	ready
	not deferred
	not tier in premium_tiers
	sha_state != "ENABLED"
	f := {
		"resource": scope_resource,
		"status": "fail",
		"message": sprintf("Security Command Center is not active for %s: %s, and %s; expected Premium or Enterprise, or Standard with Security Health Analytics enabled.", [ancestry.name, tier_text, sha_text]),
		"evidence": ["/sections/securitycenter.subscription/data", "/sections/securitycenter.sha_settings/data"],
	}
}

tier_text := sprintf("tier %s on %s%s", [tier, sub_data.parent, term]) if {
	tier != ""
} else := sprintf("SCC is not activated for %s (getSubscription answered NOT_FOUND)", [sub_data.parent]) if {
	is_string(sub_data.parent)
} else := "the SCC tier cannot be read (the scope has no organisation, and getSubscription exists only for organisations)"

term := sprintf(", subscription until %s", [sub_data.subscription.details.endTime]) if {
	is_string(sub_data.subscription.details.endTime)
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
