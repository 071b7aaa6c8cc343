# METADATA
# title: Incidents closed with lessons
# description: >-
#   Every Microsoft Sentinel incident closed in the look-back window (90 days before the
#   snapshot by default, configurable with --lookback-days) records what was learned: a
#   classification that states a conclusion (TruePositive, BenignPositive or FalsePositive;
#   Undetermined does not) and a non-blank closing comment (classificationComment). The
#   incidents API has no closing time, so an incident counts as closed in the window when
#   its status is Closed and its lastModifiedTimeUtc falls in the window (a closed incident
#   changed later, for example commented, is assessed again). One finding per such incident;
#   a Sentinel workspace without incidents closed in the window passes with a finding that
#   says so. A subscription without a Sentinel workspace of its own gets one finding that
#   follows the central Sentinel workspaces of other subscriptions of the run whose Defender
#   for Cloud connector names its subscriptionId (see AZ-IR3-02): its incidents are handled
#   there, so every incident such a workspace closed in the window (judged at that
#   subscription's collection time) must record a classification and a comment; those
#   incidents include the other subscriptions' the workspace serves, as the incidents API does
#   not say which subscription an incident came from. When no workspace of the run names the
#   subscription but it exports data to a workspace of a subscription not in the run, the
#   finding is error naming that subscription; when nothing points elsewhere the check fails.
#   Azure Policy has no IR-7 check.
# custom:
#   id: AZ-IR7-03
#   controls: [IR-7]
#   severity: medium
#   requires: [operationalinsights.workspaces, securityinsights.onboarding_states, securityinsights.incidents]
#   remediation: >-
#     When closing an incident in Microsoft Sentinel (Incidents > the incident > Status >
#     Closed, or in the Defender portal), choose the classification that states the outcome
#     (True positive, Benign positive or False positive, with its reason) and write a comment
#     that records the root cause, what was done and the follow-up actions; for incidents
#     already closed without one, reopen them briefly or add the analysis as a comment and
#     set the classification (az sentinel incident update ... --classification
#     <classification> --classification-comment "<lessons>"). An automation rule on incident
#     closure can reject or flag closures without a comment.
#   references:
#     - https://learn.microsoft.com/en-us/azure/sentinel/investigate-incidents
#     - https://learn.microsoft.com/en-us/azure/sentinel/incident-investigation
#     - https://learn.microsoft.com/en-us/rest/api/securityinsights/incidents/list
#     - https://learn.microsoft.com/en-us/azure/sentinel/best-practices-workspace-architecture
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.azure.ir7_03

import data.irscan.lib.azure
import data.irscan.lib.config
import data.irscan.lib.scope

workspaces_data := azure.workspaces_data

onboarding_data := azure.onboarding_data

incidents_data := azure.incidents_data

window_start := azure.window_start

sentinel := azure.sentinel

# Indexes of the incidents of an entry closed in the window.
closed(e) := {k |
	some k, inc in e.value
	azure.closed_in_window(inc)
}

findings contains f if {
	is_object(workspaces_data)
	some j, e in incidents_data.incidentsByWorkspace
	lower(e.workspaceId) in sentinel
	some k in closed(e)
	inc := e.value[k]
	count(azure.incident_problems(inc)) == 0
	f := {
		"resource": inc.id,
		"status": "pass",
		"message": sprintf("Incident %s, closed as %s (last modified %s), has a closing comment: %q; expected a classification and a comment for every incident closed since %s.", [azure.incident_title(inc), inc.properties.classification, inc.properties.lastModifiedTimeUtc, short(inc.properties.classificationComment), window_start]),
		"evidence": [sprintf("/sections/securityinsights.incidents/data/incidentsByWorkspace/%d/value/%d/properties", [j, k])],
	}
}

findings contains f if {
	is_object(workspaces_data)
	some j, e in incidents_data.incidentsByWorkspace
	lower(e.workspaceId) in sentinel
	some k in closed(e)
	inc := e.value[k]
	count(azure.incident_problems(inc)) > 0
	f := {
		"resource": inc.id,
		"status": "fail",
		"message": sprintf("Incident %s, closed (last modified %s), does not record what was learned: %s; expected a classification of TruePositive, BenignPositive or FalsePositive and a closing comment for every incident closed since %s.", [azure.incident_title(inc), inc.properties.lastModifiedTimeUtc, concat(", ", azure.incident_problems(inc)), window_start]),
		"evidence": [sprintf("/sections/securityinsights.incidents/data/incidentsByWorkspace/%d/value/%d/properties", [j, k])],
	}
}

findings contains f if {
	is_object(workspaces_data)
	some j, e in incidents_data.incidentsByWorkspace
	lower(e.workspaceId) in sentinel
	count(closed(e)) == 0
	f := {
		"resource": e.workspaceId,
		"status": "pass",
		"message": sprintf("No incident of Sentinel workspace %s was closed in the %d days since %s (%d incident(s) listed), so no closing record is due.", [azure.workspace_name(e.workspaceId), config.lookback_days, window_start, count(e.value)]),
		"evidence": [sprintf("/sections/securityinsights.incidents/data/incidentsByWorkspace/%d/value", [j])],
	}
}

# Never pass on absent data: a Sentinel workspace whose incidents were not read.
findings contains f if {
	is_object(incidents_data)
	some ws in sentinel
	not incidents_read(ws)
	f := {
		"resource": workspace_id(ws),
		"status": "error",
		"message": sprintf("The incidents of Sentinel workspace %s are missing from section securityinsights.incidents; expected them to check the incidents closed since %s.", [azure.workspace_name(ws), window_start]),
		"evidence": ["/sections/securityinsights.incidents/data/incidentsByWorkspace"],
	}
}

# No Sentinel workspace of its own: the central workspaces of other subscriptions of the run
# whose Defender for Cloud connector names this subscription (the owner rule, lib/azure.rego).
findings contains f if {
	is_object(workspaces_data)
	is_object(onboarding_data)
	is_object(incidents_data)
	count(sentinel) == 0
	count(unread) == 0
	f := azure.central(
		{
			"resource": scope.resource,
			"status": "fail",
			"message": sprintf("Microsoft Sentinel is not onboarded on any Log Analytics workspace of the subscription (%d found), so incidents are not tracked and closed there; expected Sentinel incidents closed with a classification and a comment (see AZ-IR3-02).", [count(workspaces_data.value)]),
			"evidence": ["/sections/securityinsights.onboarding_states/data/onboardingStatesByWorkspace"],
		},
		{"what": "The closing record of this subscription's incidents", "section": "securityinsights.incidents", "mode": "all"},
		[verdict(o) | some o in azure.owners],
	)
}

# Never pass on absent data: a workspace whose onboarding state was not read may be a
# Sentinel workspace with incidents.
findings contains f if {
	is_object(onboarding_data)
	is_object(incidents_data)
	some w in workspaces_data.value
	not azure.onboarding_read(w.id)
	f := {
		"resource": w.id,
		"status": "error",
		"message": sprintf("The onboarding state of workspace %s is missing from section securityinsights.onboarding_states, so it is unknown whether its incidents must be checked; expected every workspace to be read.", [w.name]),
		"evidence": ["/sections/securityinsights.onboarding_states/data/onboardingStatesByWorkspace"],
	}
}

# The verdict of a central workspace whose Defender for Cloud connector names this subscription.
# Its incidents are judged in the look-back window at its own snapshot's collected_at (facts).
verdict(o) := {"status": "unread"} if {
	o.ws.incidents == null
} else := {
	"status": "pass",
	"message": sprintf("No incident of Sentinel %s, whose Defender for Cloud connector names this subscription, was closed since %s (%d incident(s) listed), so no closing record is due.", [azure.owner_label(o), o.ws.incidents.since, o.ws.incidents.listed]),
	"pointers": [o.ws.incidents.pointer],
} if {
	o.ws.incidents.closed == 0
} else := {
	"status": "pass",
	"message": sprintf("Every one of the %d incident(s) Sentinel %s closed since %s records a classification that states a conclusion and a closing comment; that workspace's Defender for Cloud connector names this subscription, and its incidents include those of every subscription it serves; expected a classification and a comment for every incident closed in the window.", [o.ws.incidents.closed, azure.owner_label(o), o.ws.incidents.since]),
	"pointers": [o.ws.incidents.pointer],
} if {
	o.ws.incidents.lacking_count == 0
} else := {
	"status": "fail",
	"message": sprintf("%d of the %d incident(s) Sentinel %s closed since %s do not record what was learned: %s; that workspace's Defender for Cloud connector names this subscription, and its incidents include those of every subscription it serves; expected a classification of TruePositive, BenignPositive or FalsePositive and a closing comment for every incident closed in the window.", [
		o.ws.incidents.lacking_count, o.ws.incidents.closed, azure.owner_label(o), o.ws.incidents.since,
		lacking_text(o.ws.incidents),
	]),
	"pointers": [i.pointer | some i in o.ws.incidents.lacking],
}

lacking_text(incs) := concat("; ", [sprintf("incident %s (%s)", [i.title, concat(", ", i.problems)]) | some i in incs.lacking]) if {
	incs.lacking_count <= count(incs.lacking)
} else := sprintf("%s and %d more", [
	concat("; ", [sprintf("incident %s (%s)", [i.title, concat(", ", i.problems)]) | some i in incs.lacking]),
	incs.lacking_count - count(incs.lacking),
])

# Long closing comments are cut to their first 200 characters in messages.
short(s) := s if {
	count(s) <= 200
} else := concat("", [substring(s, 0, 200), "..."])

unread contains w.name if {
	some w in workspaces_data.value
	not azure.onboarding_read(w.id)
}

incidents_read(ws) if {
	some e in incidents_data.incidentsByWorkspace
	lower(e.workspaceId) == ws
}

# The workspace ID as the onboarding section spells it.
workspace_id(ws) := min({e.workspaceId | some e in onboarding_data.onboardingStatesByWorkspace; lower(e.workspaceId) == ws})
