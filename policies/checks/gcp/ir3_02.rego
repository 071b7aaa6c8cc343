# METADATA
# title: Threat detectors on
# description: >-
#   The four Security Command Center detector services run for the scope: Security Health
#   Analytics (misconfigurations and vulnerabilities), Event Threat Detection (threats in the
#   logs), Container Threat Detection (GKE runtime) and Virtual Machine Threat Detection
#   (Compute Engine memory). Each is effectively ENABLED for the scope according to the
#   Security Command Center Management API (securityCenterServices.list on the scope,
#   effectiveEnablementState: Google's resolution of the scope's, its folders' and its
#   organisation's settings, which are listed too). Security Health Analytics runs on every tier; Event Threat,
#   Container Threat and VM Threat Detection run only on the Premium and Enterprise tiers, so
#   an ENABLED state on Standard (or with SCC not activated) detects nothing and fails. One
#   finding per detector service, naming where the deciding setting is set (the v1beta2
#   settings of the scope and its ancestors for Security Health Analytics and Event Threat
#   Detection, the Management API's intended states of each level for the other two). A service the Management API does not list for the scope, and the Security
#   Command Center Management API disabled in the project (SERVICE_DISABLED), fail: the
#   detector is not confirmed. The effective state is judged on every organisation and
#   project snapshot, whatever the scan; the tier is the organisation's (v1beta2
#   getSubscription), judged where it is held: a project of an --organization scan follows
#   the organisation's tier (its facts) when its snapshot is in the run, and is an error
#   naming the organisation when it is not; a project without an organisation is manual for
#   the three Premium detectors (its tier cannot be read: getSubscription exists only for
#   organisations). See "Where each GCP check runs" in snapshot/SECTIONS.md.
# custom:
#   id: GCP-IR3-02
#   controls: [IR-3]
#   severity: high
#   requires: [securitycentermanagement.services, securitycenter.subscription, securitycenter.sha_settings, securitycenter.etd_settings, resourcemanager.ancestry]
#   remediation: >-
#     Activate the Premium or Enterprise tier of Security Command Center for the organisation
#     (Event Threat, Container Threat and VM Threat Detection are not part of Standard), then
#     enable the services at the organisation and remove overrides below it: gcloud scc manage
#     services update event-threat-detection --organization=<org-id>
#     --enablement-state=ENABLED (likewise security-health-analytics,
#     container-threat-detection, vm-threat-detection), and gcloud scc manage services update
#     <service> --project=<project-id> --enablement-state=INHERITED for an override; gcloud scc
#     manage services describe <service> --project=<project-id> shows the effective state.
#     Console: Security Command Center > Settings > Services.
#   references:
#     - https://cloud.google.com/security-command-center/docs/reference/security-center-management/rest/v1/organizations.locations.securityCenterServices/list
#     - https://cloud.google.com/security-command-center/docs/service-tiers
#     - https://cloud.google.com/security-command-center/docs/concepts-security-health-analytics
#     - https://cloud.google.com/security-command-center/docs/concepts-event-threat-detection-overview
#     - https://cloud.google.com/security-command-center/docs/concepts-container-threat-detection-overview
#     - https://cloud.google.com/security-command-center/docs/concepts-vm-threat-detection-overview
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.gcp.ir3_02

import data.irscan.lib.gcp
import data.irscan.lib.scope
import data.irscan.lib.values

ancestry := gcp.ancestry

services_data := input.sections["securitycentermanagement.services"].data

sub_data := input.sections["securitycenter.subscription"].data

premium_tiers := {"PREMIUM", "ENTERPRISE", "ENTERPRISE_MC"}

# The detector services: their Management API ID, name, settings resource, whether they need
# Premium or Enterprise, and the v1beta2 settings section that says where each level sets
# them ("" when irscan reads none).
services := {
	"security-health-analytics": {"label": "Security Health Analytics", "suffix": "securityHealthAnalyticsSettings", "premium": false, "settings": "securitycenter.sha_settings"},
	"event-threat-detection": {"label": "Event Threat Detection", "suffix": "eventThreatDetectionSettings", "premium": true, "settings": "securitycenter.etd_settings"},
	"container-threat-detection": {"label": "Container Threat Detection", "suffix": "containerThreatDetectionSettings", "premium": true, "settings": ""},
	"vm-threat-detection": {"label": "VM Threat Detection", "suffix": "virtualMachineThreatDetectionSettings", "premium": true, "settings": ""},
}

ready if {
	is_array(services_data.services)
	is_object(sub_data)
	is_object(ancestry)
}

resource(svc) := sprintf("//securitycenter.googleapis.com/%s/%s", [scope.gcp_name, svc.suffix])

# The scope's listed service of that ID: [index, service].
listed(id) := [i, s] if {
	some i, s in services_data.services
	s.name == sprintf("%s/locations/global/securityCenterServices/%s", [scope.gcp_name, id])
}

state(id) := s if {
	[_, svc] := listed(id)
	s := svc.effectiveEnablementState
	is_string(s)
} else := ""

pointer(id) := sprintf("/sections/securitycentermanagement.services/data/services/%d", [i]) if {
	[i, _] := listed(id)
} else := "/sections/securitycentermanagement.services/data/services"

# The tier that applies, when this snapshot holds it: the organisation's subscription, or
# "" when SCC was never activated.
tier_held if gcp.holds([sub_data.parent])

tier := t if {
	t := sub_data.subscription.tier
	is_string(t)
} else := ""

runs_on_tier(svc, _) if not svc.premium

runs_on_tier(_, t) if t in premium_tiers

# Not running whatever the tier: not ENABLED, not listed, or the API disabled.
findings contains f if {
	ready
	some id, svc in services
	state(id) != "ENABLED"
	f := {
		"resource": resource(svc),
		"status": "fail",
		"message": sprintf("%s is not running for %s: %s; expected it ENABLED (or inherited enabled)%s.", [svc.label, ancestry.name, why(id, svc), premium_note(svc)]),
		"evidence": [pointer(id)],
	}
}

# ENABLED, and the tier is in this snapshot (an organisation, or a --project/--folder scan).
findings contains f if {
	ready
	tier_held
	is_string(sub_data.parent)
	some id, svc in services
	state(id) == "ENABLED"
	runs_on_tier(svc, tier)
	f := {
		"resource": resource(svc),
		"status": "pass",
		"message": sprintf("%s is ENABLED for %s (%s)%s, as expected.", [svc.label, ancestry.name, origin(id, svc), tier_note(svc, tier_text)]),
		"evidence": array.concat([pointer(id)], tier_evidence(svc)),
	}
}

findings contains f if {
	ready
	tier_held
	is_string(sub_data.parent)
	some id, svc in services
	state(id) == "ENABLED"
	not runs_on_tier(svc, tier)
	f := {
		"resource": resource(svc),
		"status": "fail",
		"message": sprintf("%s is ENABLED for %s (%s) but detects nothing: it runs only on the Premium and Enterprise tiers, and %s; expected Premium or Enterprise with %s enabled.", [svc.label, ancestry.name, origin(id, svc), tier_text, svc.label]),
		"evidence": [pointer(id), "/sections/securitycenter.subscription/data"],
	}
}

# A project without an organisation: Security Health Analytics decides alone; the tier of
# the others cannot be read.
findings contains f if {
	ready
	not gcp.organization
	input.scope.type == "project"
	some id, svc in services
	state(id) == "ENABLED"
	not svc.premium
	f := {
		"resource": resource(svc),
		"status": "pass",
		"message": sprintf("%s is ENABLED for %s (%s), as expected.", [svc.label, ancestry.name, origin(id, svc)]),
		"evidence": [pointer(id)],
	}
}

findings contains f if {
	ready
	not gcp.organization
	input.scope.type == "project"
	some id, svc in services
	state(id) == "ENABLED"
	svc.premium
	f := {
		"resource": resource(svc),
		"status": "manual",
		"message": sprintf("%s is ENABLED for %s (%s), but it runs only on the Premium and Enterprise tiers, and the tier of a project without an organisation cannot be read (getSubscription exists only for organisations); confirm that the project has Security Command Center Premium or Enterprise.", [svc.label, ancestry.name, origin(id, svc)]),
		"evidence": [pointer(id)],
	}
}

# A project of an --organization scan: the organisation's snapshot holds the tier.
org_sections := ["securitycenter.subscription"]

org_subscription := gcp.org_fact("scc_subscription", org_sections)

findings contains f if {
	ready
	not tier_held
	some id, svc in services
	state(id) == "ENABLED"
	not svc.premium
	f := {
		"resource": resource(svc),
		"status": "pass",
		"message": sprintf("%s is ENABLED for %s (%s), as expected (it runs on every tier).", [svc.label, ancestry.name, origin(id, svc)]),
		"evidence": [pointer(id)],
	}
}

findings contains f if {
	ready
	not tier_held
	some id, svc in services
	state(id) == "ENABLED"
	svc.premium
	f := gcp.unassessed(
		{"resource": resource(svc), "evidence": [pointer(id), "/sections/resourcemanager.ancestry/data/ancestors"]},
		sprintf("The Security Command Center tier that %s needs to run for %s (it is ENABLED there)", [svc.label, ancestry.name]),
		"scc_subscription", org_sections,
	)
}

findings contains f if {
	ready
	not tier_held
	some id, svc in services
	state(id) == "ENABLED"
	svc.premium
	is_string(org_subscription.tier)
	f := gcp.follow(
		{
			"resource": resource(svc),
			"evidence": [pointer(id), "/sections/resourcemanager.ancestry/data/ancestors"],
			"status": {true: "pass", false: "fail"}[org_subscription.tier in premium_tiers],
			"message": org_message(id, svc, org_subscription.tier in premium_tiers),
		},
		[org_subscription.pointer],
	)
}

org_message(id, svc, true) := sprintf("%s is ENABLED for %s (%s) and %s, as expected.", [svc.label, ancestry.name, origin(id, svc), org_tier_text])

org_message(id, svc, false) := sprintf("%s is ENABLED for %s (%s) but detects nothing: it runs only on the Premium and Enterprise tiers, and %s; expected Premium or Enterprise with %s enabled.", [svc.label, ancestry.name, origin(id, svc), org_tier_text, svc.label])

tier_text := sprintf("the tier is %s on %s", [tier, sub_data.parent]) if {
	tier != ""
} else := sprintf("Security Command Center is not activated for %s (getSubscription answered NOT_FOUND)", [sub_data.parent])

org_tier_text := sprintf("the tier is %s on %s", [org_subscription.tier, gcp.organization]) if {
	org_subscription.tier != ""
} else := sprintf("Security Command Center is not activated for %s (getSubscription answered NOT_FOUND)", [gcp.organization])

tier_note(svc, text) := sprintf(" and %s", [text]) if svc.premium

tier_note(svc, _) := "" if not svc.premium

tier_evidence(svc) := ["/sections/securitycenter.subscription/data/subscription"] if svc.premium

tier_evidence(svc) := [] if not svc.premium

premium_note(svc) := ", on the Premium or Enterprise tier" if svc.premium

premium_note(svc) := "" if not svc.premium

why(id, svc) := sprintf("the Security Command Center Management API is disabled in %s (SERVICE_DISABLED), so %s is not confirmed to run there", [e.parent, svc.label]) if {
	some e in services_data.serviceDisabled
} else := sprintf("the Security Command Center Management API lists no %s service for it", [id]) if {
	not listed(id)
} else := sprintf("it is %s (%s)", [state(id), origin(id, svc)]) if {
	state(id) != ""
} else := "its effective state is missing"

# Where the effective state comes from: the nearest level (the scope, then its ancestors) that
# sets it, from the v1beta2 settings where irscan reads them, else from the Management API's
# intended states of each level; else Google's default.
origin(id, svc) := sprintf("%s %s", [verb, where]) if {
	where := setter(id, svc)
	verb := {true: "set on", false: "inherited from"}[where == ancestry.name]
} else := "Google's default: no level sets it"

setter(id, svc) := trim_suffix(s.name, concat("", ["/", svc.suffix])) if {
	svc.settings != ""
	s := [x | some x in values.list(input.sections[svc.settings].data.settings); x.serviceEnablementState == state(id)][0]
} else := levels[0] if {
	levels := [level |
		some level in array.concat([ancestry.name], values.list(ancestry.ancestors))
		some x in services_data.services
		x.name == sprintf("%s/locations/global/securityCenterServices/%s", [level, id])
		x.intendedEnablementState == state(id)
	]
	count(levels) > 0
}
