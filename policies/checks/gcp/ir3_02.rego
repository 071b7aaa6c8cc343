# METADATA
# title: Threat detectors on
# description: >-
#   Security Health Analytics (misconfigurations and vulnerabilities) and Event Threat
#   Detection (threats in the logs) are both effectively ENABLED for the scope: Google's
#   :calculate answer, which resolves the scope's, its folders' and its organisation's
#   settings (nearest ENABLED or DISABLED wins, INHERITED passes the question up, then
#   Google's default). One finding per detector service, naming where the deciding setting is
#   set ("inherited from organizations/..."). The Security Command Center API disabled in the
#   project (SERVICE_DISABLED) means the detector is not confirmed and fails. Event Threat
#   Detection needs the Premium or Enterprise tier. :calculate is Google's effective answer
#   for the scope, so this is judged on every organisation and project snapshot, whatever the
#   scan (see "Where each GCP check runs" in snapshot/SECTIONS.md).
# custom:
#   id: GCP-IR3-02
#   controls: [IR-3]
#   severity: high
#   requires: [securitycenter.sha_settings, securitycenter.etd_settings, resourcemanager.ancestry]
#   remediation: >-
#     Enable both services at the organisation and remove overrides below it: Console:
#     Security Command Center > Settings > Services > Security Health Analytics and Event
#     Threat Detection > Enable (at the organisation), then check each folder and project that
#     shows Disabled and set it back to Inherit. CLI: gcloud scc manage services update
#     event-threat-detection --organization=<org-id> --enablement-state=ENABLED (and
#     security-health-analytics), gcloud scc manage services update ... --project=<project-id>
#     --enablement-state=INHERITED for an override. Event Threat Detection requires the
#     Premium or Enterprise tier.
#   references:
#     - https://cloud.google.com/security-command-center/docs/concepts-security-health-analytics
#     - https://cloud.google.com/security-command-center/docs/concepts-event-threat-detection-overview
#     - https://cloud.google.com/security-command-center/docs/reference/rest/v1beta2/projects.eventThreatDetectionSettings/calculate
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.gcp.ir3_02

import data.irscan.lib.scope

ancestry := input.sections["resourcemanager.ancestry"].data

# The two detector services: their section, name and settings resource.
services := {
	"securitycenter.sha_settings": {"label": "Security Health Analytics", "suffix": "securityHealthAnalyticsSettings"},
	"securitycenter.etd_settings": {"label": "Event Threat Detection", "suffix": "eventThreatDetectionSettings"},
}

resource(svc) := sprintf("//securitycenter.googleapis.com/%s/%s", [scope.gcp_name, svc.suffix])

findings contains f if {
	some section, svc in services
	d := input.sections[section].data
	is_object(d)
	is_object(ancestry)
	state(d) == "ENABLED"
	f := {
		"resource": resource(svc),
		"status": "pass",
		"message": sprintf("%s is ENABLED for %s (%s), as expected.", [svc.label, ancestry.name, origin(d, svc)]),
		"evidence": [sprintf("/sections/%s/data/effective", [section]), sprintf("/sections/%s/data/settings", [section])],
	}
}

findings contains f if {
	some section, svc in services
	d := input.sections[section].data
	is_object(d)
	is_object(ancestry)
	state(d) != "ENABLED"
	f := {
		"resource": resource(svc),
		"status": "fail",
		"message": sprintf("%s is not running for %s: %s; expected it ENABLED (or inherited enabled).", [svc.label, ancestry.name, why(d, svc)]),
		"evidence": [sprintf("/sections/%s/data", [section])],
	}
}

state(d) := s if {
	s := d.effective.serviceEnablementState
	is_string(s)
} else := ""

why(d, svc) := sprintf("the Security Command Center API is disabled in %s (SERVICE_DISABLED), so %s is not confirmed to run there", [e.parent, svc.label]) if {
	some e in d.serviceDisabled
} else := sprintf("it is %s (%s)", [state(d), origin(d, svc)]) if {
	state(d) != ""
} else := "the effective state (:calculate) is missing"

# Where the effective state comes from: the nearest level that sets it, else Google's default.
origin(d, svc) := sprintf("%s %s", [verb, where]) if {
	s := [x | some x in d.settings; x.serviceEnablementState == state(d)][0]
	where := trim_suffix(s.name, concat("", ["/", svc.suffix]))
	verb := {true: "set on", false: "inherited from"}[where == ancestry.name]
} else := "Google's default: no level sets it"
