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
#   says so, and the check fails when Sentinel is not onboarded on any workspace of the
#   subscription. Azure Policy has no IR-7 check.
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
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.azure.ir7_03

subscription := sprintf("/subscriptions/%s", [input.scope.id])

workspaces_data := input.sections["operationalinsights.workspaces"].data

onboarding_data := input.sections["securityinsights.onboarding_states"].data

incidents_data := input.sections["securityinsights.incidents"].data

lookback_days := n if {
	n := input.config.lookback_days
	is_number(n)
	n > 0
} else := 90

collected_ns := time.parse_rfc3339_ns(input.collected_at)

window_start_ns := collected_ns - (((lookback_days * 24) * 3600) * 1000000000)

window_start := time.format([window_start_ns, "UTC", "2006-01-02T15:04:05Z07:00"])

# The classifications that state a conclusion.
conclusions := {"TruePositive", "BenignPositive", "FalsePositive"}

# Lower-cased IDs of the workspaces with Microsoft Sentinel onboarded.
sentinel contains lower(e.workspaceId) if {
	some e in onboarding_data.onboardingStatesByWorkspace
	count(e.value) > 0
}

# Indexes of the incidents of an entry closed in the window.
closed(e) := {k |
	some k, inc in e.value
	inc.properties.status == "Closed"
	is_string(inc.properties.lastModifiedTimeUtc)
	time.parse_rfc3339_ns(inc.properties.lastModifiedTimeUtc) >= window_start_ns
}

findings contains f if {
	is_object(workspaces_data)
	some j, e in incidents_data.incidentsByWorkspace
	lower(e.workspaceId) in sentinel
	some k in closed(e)
	inc := e.value[k]
	count(problems(inc)) == 0
	f := {
		"resource": inc.id,
		"status": "pass",
		"message": sprintf("Incident %s, closed as %s (last modified %s), has a closing comment: %q; expected a classification and a comment for every incident closed since %s.", [title(inc), inc.properties.classification, inc.properties.lastModifiedTimeUtc, short(inc.properties.classificationComment), window_start]),
		"evidence": [sprintf("/sections/securityinsights.incidents/data/incidentsByWorkspace/%d/value/%d/properties", [j, k])],
	}
}

findings contains f if {
	is_object(workspaces_data)
	some j, e in incidents_data.incidentsByWorkspace
	lower(e.workspaceId) in sentinel
	some k in closed(e)
	inc := e.value[k]
	count(problems(inc)) > 0
	f := {
		"resource": inc.id,
		"status": "fail",
		"message": sprintf("Incident %s, closed (last modified %s), does not record what was learned: %s; expected a classification of TruePositive, BenignPositive or FalsePositive and a closing comment for every incident closed since %s.", [title(inc), inc.properties.lastModifiedTimeUtc, concat(", ", problems(inc)), window_start]),
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
		"message": sprintf("No incident of Sentinel workspace %s was closed in the %d days since %s (%d incident(s) listed), so no closing record is due.", [workspace_name(e.workspaceId), lookback_days, window_start, count(e.value)]),
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
		"message": sprintf("The incidents of Sentinel workspace %s are missing from section securityinsights.incidents; expected them to check the incidents closed since %s.", [workspace_name(ws), window_start]),
		"evidence": ["/sections/securityinsights.incidents/data/incidentsByWorkspace"],
	}
}

findings contains f if {
	is_object(workspaces_data)
	is_object(onboarding_data)
	is_object(incidents_data)
	count(sentinel) == 0
	count(unread) == 0
	f := {
		"resource": subscription,
		"status": "fail",
		"message": sprintf("Microsoft Sentinel is not onboarded on any Log Analytics workspace of the subscription (%d found), so incidents are not tracked and closed there; expected Sentinel incidents closed with a classification and a comment (see AZ-IR3-02).", [count(workspaces_data.value)]),
		"evidence": ["/sections/securityinsights.onboarding_states/data/onboardingStatesByWorkspace"],
	}
}

# Never pass on absent data: a workspace whose onboarding state was not read may be a
# Sentinel workspace with incidents.
findings contains f if {
	is_object(onboarding_data)
	is_object(incidents_data)
	some w in workspaces_data.value
	not onboarding_read(w.id)
	f := {
		"resource": w.id,
		"status": "error",
		"message": sprintf("The onboarding state of workspace %s is missing from section securityinsights.onboarding_states, so it is unknown whether its incidents must be checked; expected every workspace to be read.", [w.name]),
		"evidence": ["/sections/securityinsights.onboarding_states/data/onboardingStatesByWorkspace"],
	}
}

problems(inc) := [p |
	some p in [classification_problem(inc), comment_problem(inc)]
	p != ""
]

classification_problem(inc) := "" if {
	inc.properties.classification in conclusions
} else := sprintf("classification is %s", [text(object.get(object.get(inc, "properties", {}), "classification", null))])

comment_problem(inc) := "" if {
	is_string(inc.properties.classificationComment)
	trim_space(inc.properties.classificationComment) != ""
} else := "there is no closing comment"

# Long closing comments are cut to their first 200 characters in messages.
short(s) := s if {
	count(s) <= 200
} else := concat("", [substring(s, 0, 200), "..."])

unread contains w.name if {
	some w in workspaces_data.value
	not onboarding_read(w.id)
}

onboarding_read(id) if {
	some e in onboarding_data.onboardingStatesByWorkspace
	lower(e.workspaceId) == lower(id)
}

incidents_read(ws) if {
	some e in incidents_data.incidentsByWorkspace
	lower(e.workspaceId) == ws
}

# The workspace ID as the onboarding section spells it.
workspace_id(ws) := min({e.workspaceId | some e in onboarding_data.onboardingStatesByWorkspace; lower(e.workspaceId) == ws})

title(inc) := sprintf("%d %q", [inc.properties.incidentNumber, inc.properties.title]) if {
	is_number(inc.properties.incidentNumber)
	is_string(inc.properties.title)
} else := text(object.get(inc, "name", null))

workspace_name(id) := parts[count(parts) - 1] if {
	parts := split(id, "/")
} else := "unknown"

text(s) := s if {
	is_string(s)
	s != ""
} else := "unset"
