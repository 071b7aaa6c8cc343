# Helpers shared by the Azure checks and the Azure estate facts (policies/facts/azure.rego):
# reading the Sentinel sections of a subscription snapshot, the criteria the Sentinel checks
# apply to a workspace's connectors, analytics rules, automation rules and incidents, and the
# owner rule for a subscription whose Sentinel workspace is in another subscription.
#
# The criteria are written once and used twice: by a check judging the subscription's own
# workspaces, and by the facts package judging a workspace for the subscriptions its Defender
# for Cloud connectors name. Dates are judged at the snapshot's collected_at (for facts, the
# owner's).
package irscan.lib.azure

import data.irscan.lib.config
import data.irscan.lib.estate
import data.irscan.lib.values

workspaces_data := input.sections["operationalinsights.workspaces"].data

onboarding_data := input.sections["securityinsights.onboarding_states"].data

connectors_data := input.sections["securityinsights.data_connectors"].data

alert_rules_data := input.sections["securityinsights.alert_rules"].data

automation_rules_data := input.sections["securityinsights.automation_rules"].data

incidents_data := input.sections["securityinsights.incidents"].data

# METADATA
# description: Lower-cased IDs of the subscription's workspaces with Microsoft Sentinel onboarded.
sentinel contains lower(e.workspaceId) if {
	some e in onboarding_data.onboardingStatesByWorkspace
	count(e.value) > 0
}

# METADATA
# description: Holds when the onboarding state of workspace id was read.
onboarding_read(id) if {
	some e in onboarding_data.onboardingStatesByWorkspace
	lower(e.workspaceId) == lower(id)
}

# METADATA
# description: The last segment of a workspace ID, its name ("unknown" when it has none).
workspace_name(id) := values.last_segment(id) if is_string(id)

else := "unknown"

# METADATA
# description: The subscription ID (lower case) of an ARM resource ID; undefined for other strings.
subscription_of(id) := lower(parts[2]) if {
	is_string(id)
	parts := split(id, "/")
	count(parts) > 2
	parts[0] == ""
	lower(parts[1]) == "subscriptions"
	parts[2] != ""
}

# METADATA
# description: s when it is a non-empty string, else "unset".
text(s) := s if {
	is_string(s)
	s != ""
} else := "unset"

# METADATA
# description: The list of a per-workspace entry ({workspaceId, value}); [] when value is not a list.
entries(e) := values.list(object.get(e, "value", null))

# METADATA
# description: A rule's displayName, else its name.
display_name(r) := r.properties.displayName if {
	is_string(r.properties.displayName)
	r.properties.displayName != ""
} else := text(object.get(r, "name", null))

# METADATA
# description: At most ten items, sorted, and how many more there are.
first_ten(items) := concat(", ", sort(items)) if {
	count(items) <= 10
} else := sprintf("%s and %d more", [concat(", ", array.slice(sort(items), 0, 10)), count(items) - 10])

# ---------------------------------------------------------------------------------------------
# Data connectors (AZ-IR3-02)

# METADATA
# description: >-
#   A Microsoft Defender for Cloud connector (kind AzureSecurityCenter, the subscription-based
#   connector): the only Defender connector that names a subscription (properties.subscriptionId).
defender_for_cloud(c) if c.kind == "AzureSecurityCenter"

# METADATA
# description: The subscription a connector names, lower case ("unset" when it names none).
connected_subscription(c) := lower(s) if {
	s := c.properties.subscriptionId
	is_string(s)
	s != ""
} else := "unset"

# METADATA
# description: The state of one of a connector's data types ("unset" when absent).
data_type_state(c, t) := s if {
	s := c.properties.dataTypes[t].state
	is_string(s)
	s != ""
} else := "unset"

# ---------------------------------------------------------------------------------------------
# Analytics rules (AZ-IR3-03)

# METADATA
# description: >-
#   An enabled analytics rule that turns alerts into incidents: a MicrosoftSecurityIncidentCreation
#   rule whose productFilter is Defender for Cloud (a rule for another product creates no
#   incident from this subscription's Defender for Cloud alerts), Fusion, or Scheduled/NRT with
#   incidentConfiguration.createIncident true.
creates_incidents(r) if incidents_from_defender_for_cloud(r)

creates_incidents(r) if {
	r.properties.enabled == true
	r.kind == "Fusion"
}

creates_incidents(r) if {
	r.properties.enabled == true
	r.kind in {"Scheduled", "NRT"}
	r.properties.incidentConfiguration.createIncident == true
}

# The productFilter value of a Microsoft incident creation rule for Microsoft Defender for Cloud
# alerts (MicrosoftSecurityProductName "Azure Security Center").
defender_for_cloud_product := "Azure Security Center"

# METADATA
# description: >-
#   An enabled Microsoft incident creation rule whose productFilter is Defender for Cloud
#   ("Azure Security Center"): it turns every Defender for Cloud alert the workspace receives
#   (of the severities it filters on) into an incident.
incidents_from_defender_for_cloud(r) if {
	r.properties.enabled == true
	r.kind == "MicrosoftSecurityIncidentCreation"
	r.properties.productFilter == defender_for_cloud_product
}

# METADATA
# description: The severities a Microsoft incident creation rule filters on ("all severities" when none).
severities_text(r) := concat(", ", sort(s)) if {
	s := r.properties.severitiesFilter
	is_array(s)
	count(s) > 0
} else := "all severities"

# ---------------------------------------------------------------------------------------------
# Automation rules (AZ-IR5-01, AZ-IR6-02)

# The incident properties a ModifyProperties action can set to triage an incident.
triage_fields := ["severity", "owner", "status", "labels"]

# METADATA
# description: Why an automation rule is not in force at the snapshot time ("" when it is).
enabled_problem(r) := "disabled" if {
	not r.properties.triggeringLogic.isEnabled == true
} else := sprintf("expired on %s", [r.properties.triggeringLogic.expirationTimeUtc]) if {
	expired(r)
} else := ""

expired(r) if {
	t := r.properties.triggeringLogic.expirationTimeUtc
	is_string(t)
	time.parse_rfc3339_ns(t) <= config.collected_ns
}

# METADATA
# description: An automation rule's actions ([] when absent).
actions(r) := values.list(object.get(object.get(r, "properties", {}), "actions", null))

actions_text(r) := "none" if {
	count(actions(r)) == 0
} else := concat(", ", sort({text(object.get(a, "actionType", null)) | some a in actions(r)}))

trigger_field(r, name) := v if {
	v := r.properties.triggeringLogic[name]
	is_string(v)
	v != ""
} else := "unset"

trigger_text(r) := sprintf("%s %s", [trigger_field(r, "triggersOn"), trigger_field(r, "triggersWhen")])

# METADATA
# description: Why an automation rule does not triage new incidents ([] when it does).
triage_problems(r) := [p |
	some p in [enabled_problem(r), trigger_problem(r), action_problem(r), closing_problem(r)]
	p != ""
]

# A rule that sets status Closed on incident creation suppresses the incidents it matches
# (Microsoft's documented use of automation rules for suppression): whatever else it sets,
# nobody triages an incident closed the moment it is created.
closing_problem(r) := "it closes the incident (status Closed): suppression, not triage" if {
	some a in actions(r)
	a.actionType == "ModifyProperties"
	a.actionConfiguration.status == "Closed"
} else := ""

trigger_problem(r) := "" if {
	r.properties.triggeringLogic.triggersOn == "Incidents"
	r.properties.triggeringLogic.triggersWhen == "Created"
} else := sprintf("triggers on %s %s", [trigger_field(r, "triggersOn"), trigger_field(r, "triggersWhen")])

action_problem(r) := "" if {
	count(modified(r)) > 0
} else := sprintf("its actions are %s", [actions_text(r)])

# METADATA
# description: The triage fields the rule's ModifyProperties actions set.
modified(r) := sort({f |
	some f in triage_fields
	some a in actions(r)
	a.actionType == "ModifyProperties"
	set_value(a.actionConfiguration[f])
})

set_value(v) if is_string(v)

set_value(v) if {
	is_array(v)
	count(v) > 0
}

set_value(v) if {
	is_object(v)
	count(v) > 0
}

# METADATA
# description: The names of the Logic Apps the rule's RunPlaybook actions run.
playbooks(r) := sort({values.last_segment(id) | some id in playbook_ids(r)})

playbook_ids(r) := {a.actionConfiguration.logicAppResourceId |
	some a in actions(r)
	a.actionType == "RunPlaybook"
	is_string(a.actionConfiguration.logicAppResourceId)
}

workflows_data := input.sections["logic.workflows"].data

standard_data := object.get(input, ["sections", "logic.standard_workflows", "data"], null)

# METADATA
# description: >-
#   What the snapshot shows of the Logic App a playbook ID names: "Enabled", another state,
#   "missing" (not in this subscription's workflows list), "external" (in another subscription,
#   which this snapshot cannot show) or "unread" (the list that would hold it was not read). A
#   Logic App Standard workflow (Microsoft.Web/sites/<app>/workflows/<name>) is looked up in
#   logic.standard_workflows: its flowState, or "in stopped app <app> (state X)" when the app
#   does not run.
playbook_state(id) := remote_playbook_state(id) if {
	subscription_of(id) != lower(input.scope.id)
} else := standard_state(id) if {
	is_standard(id)
} else := "unread" if {
	not is_object(workflows_data)
} else := text(object.get(object.get(wf, "properties", {}), "state", null)) if {
	some wf in values.list(workflows_data.value)
	lower(wf.id) == lower(id)
} else := "missing"

# The state of a playbook of another subscription: from that subscription's facts when it is
# in the run ("unread" when it could not read its workflows, "missing" when it has no such
# workflow), else "external".
remote_playbook_state(id) := "external" if {
	count(remote_entries(id)) == 0
} else := "unread" if {
	some e in remote_entries(id)
	not is_object(object.get(e, ["facts", "playbooks"], null))
} else := s.state if {
	some e in remote_entries(id)
	s := e.facts.playbooks[lower(id)]
} else := "missing"

remote_entries(id) := [e |
	some sid, e in estate.scopes("azure", "subscription")
	lower(sid) == subscription_of(id)
]

# METADATA
# description: >-
#   The subscription's Logic App workflows, Consumption and Standard, offered to the playbook
#   checks of other subscriptions: lower-cased ID → {state, pointer}, where state is what
#   playbook_state would say here; null when either workflows list was not read.
playbook_facts := object.union(
	{lower(wf.id): {"state": text(object.get(object.get(wf, "properties", {}), "state", null)), "pointer": sprintf("/sections/logic.workflows/data/value/%d", [i])} |
		some i, wf in workflows_data.value
		is_string(wf.id)
	},
	{lower(wf.id): {"state": standard_state(wf.id), "pointer": sprintf("/sections/logic.standard_workflows/data/sites/%d/workflows/%d", [i, j])} |
		some i, site in standard_data.sites
		some j, wf in site.workflows
		is_string(wf.id)
	},
) if {
	is_object(workflows_data)
	is_object(standard_data)
} else := null

# METADATA
# description: The ID names a Logic App Standard workflow (Microsoft.Web/sites/<app>/workflows/<name>).
is_standard(id) if contains(lower(id), "/providers/microsoft.web/sites/")

standard_state(id) := "unread" if {
	not is_object(standard_data)
} else := sprintf("in stopped app %s (state %s)", [site.name, text(object.get(object.get(site, "properties", {}), "state", null))]) if {
	some site in values.list(standard_data.sites)
	some wf in values.list(site.workflows)
	lower(wf.id) == lower(id)
	object.get(object.get(site, "properties", {}), "state", null) != "Running"
} else := text(object.get(object.get(wf, "properties", {}), "flowState", null)) if {
	some site in values.list(standard_data.sites)
	some wf in values.list(site.workflows)
	lower(wf.id) == lower(id)
} else := "missing"

# METADATA
# description: The playbooks of the rule whose Logic App exists and is Enabled.
ready_playbooks(r) := sort({values.last_segment(id) | some id in playbook_ids(r); playbook_state(id) == "Enabled"})

# METADATA
# description: The playbooks of the rule that cannot be verified here (another subscription, or a list not read).
external_playbooks(r) := sort({values.last_segment(id) | some id in playbook_ids(r); playbook_state(id) in {"external", "unread"}})

playbook_state_text(id) := sprintf("%s does not exist (not in the subscription's Logic App Standard workflows)", [values.last_segment(id)]) if {
	playbook_state(id) == "missing"
	is_standard(id)
} else := sprintf("%s does not exist (not in the workflows of %s, which this run includes)", [values.last_segment(id), estate.label("azure", "subscription", subscription_of(id))]) if {
	playbook_state(id) == "missing"
	subscription_of(id) != lower(input.scope.id)
} else := sprintf("%s does not exist (not in the subscription's Microsoft.Logic/workflows list)", [values.last_segment(id)]) if {
	playbook_state(id) == "missing"
} else := sprintf("%s could not be verified (its workflows list was not read)", [values.last_segment(id)]) if {
	playbook_state(id) == "unread"
} else := sprintf("%s is in subscription %s, which is not in this run (scan it too so that its workflows can be checked)", [values.last_segment(id), subscription_of(id)]) if {
	playbook_state(id) == "external"
} else := sprintf("%s is %s, not Enabled", [values.last_segment(id), playbook_state(id)])

# METADATA
# description: Why a rule does not run a playbook (AZ-IR6-02).
playbook_reason(r) := sprintf("%s, runs %s", [enabled_problem(r), concat(", ", playbooks(r))]) if {
	enabled_problem(r) != ""
	count(playbooks(r)) > 0
} else := sprintf("no RunPlaybook action (actions: %s)", [actions_text(r)]) if {
	count(playbooks(r)) == 0
} else := sprintf("runs %s", [concat(", ", sort([playbook_state_text(id) | some id in playbook_ids(r)]))])

# ---------------------------------------------------------------------------------------------
# Incidents (AZ-IR7-03)

window_start_ns := config.collected_ns - (((config.lookback_days * 24) * 3600) * 1000000000)

# METADATA
# description: The start of the look-back window (RFC 3339), lookback days before collected_at.
window_start := time.format([window_start_ns, "UTC", "2006-01-02T15:04:05Z07:00"])

# The classifications that state a conclusion.
conclusions := {"TruePositive", "BenignPositive", "FalsePositive"}

# METADATA
# description: Holds for an incident closed in the look-back window (Closed, lastModifiedTimeUtc in it).
closed_in_window(inc) if {
	inc.properties.status == "Closed"
	is_string(inc.properties.lastModifiedTimeUtc)
	time.parse_rfc3339_ns(inc.properties.lastModifiedTimeUtc) >= window_start_ns
}

# METADATA
# description: What a closed incident does not record ([] when it has a conclusion and a comment).
incident_problems(inc) := [p |
	some p in [classification_problem(inc), comment_problem(inc)]
	p != ""
]

classification_problem(inc) := "" if {
	inc.properties.classification in conclusions
} else := sprintf("classification is %s", [text(object.get(object.get(inc, "properties", {}), "classification", null))])

comment_problem(inc) := "" if {
	values.filled(inc.properties.classificationComment)
} else := "there is no closing comment"

# METADATA
# description: How a message names an incident (number and title, else its name).
incident_title(inc) := sprintf("%d %q", [inc.properties.incidentNumber, inc.properties.title]) if {
	is_number(inc.properties.incidentNumber)
	is_string(inc.properties.title)
} else := text(object.get(inc, "name", null))

# ---------------------------------------------------------------------------------------------
# Workspaces this subscription sends data to (continuous export, activity-log export)

automations_data := input.sections["security.automations"].data

diagnostics_data := input.sections["insights.subscription_diagnostic_settings"].data

# METADATA
# description: >-
#   The Log Analytics workspaces of other subscriptions this subscription sends data to, sorted:
#   the targets of its enabled Defender for Cloud continuous exports (security.automations
#   actions of type Workspace) and of its activity-log diagnostic settings (workspaceId). Each
#   is {workspace, key (lower case), subscription, via, pointer}; continuous exports (which
#   carry the Defender for Cloud alerts) come first.
workspace_pointers := [p |
	some k in sort(object.keys(pointer_set))
	p := pointer_set[k]
]

# Keyed [rank, pointer]: continuous exports rank 0, activity-log settings 1.

pointer_set[k] := p if {
	some i, a in values.list(automations_data.value)
	a.properties.isEnabled == true
	some j, act in values.list(a.properties.actions)
	act.actionType == "Workspace"
	ws := act.workspaceResourceId
	sub := subscription_of(ws)
	sub != lower(input.scope.id)
	p := {
		"workspace": ws, "key": lower(ws), "subscription": sub,
		"via": sprintf("continuous export %s", [text(object.get(a, "name", null))]),
		"pointer": sprintf("/sections/security.automations/data/value/%d/properties/actions/%d/workspaceResourceId", [i, j]),
	}
	k := [0, p.pointer]
}

pointer_set[k] := p if {
	some i, d in values.list(diagnostics_data.value)
	ws := d.properties.workspaceId
	sub := subscription_of(ws)
	sub != lower(input.scope.id)
	p := {
		"workspace": ws, "key": lower(ws), "subscription": sub,
		"via": sprintf("diagnostic setting %s", [text(object.get(d, "name", null))]),
		"pointer": sprintf("/sections/insights.subscription_diagnostic_settings/data/value/%d/properties/workspaceId", [i]),
	}
	k := [1, p.pointer]
}

# The sections whose reading tells where the subscription sends its data.
pointer_sections := ["insights.subscription_diagnostic_settings", "security.automations"]

# Sections of pointer_sections the snapshot could not read.
unread_pointer_sections := [s |
	some s in pointer_sections
	not section_read(s)
]

section_read(s) if is_object(input.sections[s].data)

# ---------------------------------------------------------------------------------------------
# The owner rule: a subscription whose Sentinel workspace is in another subscription of the run.
#
# Microsoft recommends one Sentinel workspace per tenant where possible, held by a security
# (SOC) subscription; the subscription-based Microsoft Defender for Cloud connector is enabled
# per subscription and names it (properties.subscriptionId). A subscription with no Sentinel
# workspace of its own is therefore judged on the Sentinel workspaces of the other
# subscriptions of the run whose Defender for Cloud connector names it (data.estate, facts
# sentinel_workspaces); a subscription with a Sentinel workspace of its own is judged locally.

# The sections of the owner that show its Sentinel workspaces and their connectors.
discovery_sections := ["operationalinsights.workspaces", "securityinsights.onboarding_states", "securityinsights.data_connectors"]

# METADATA
# description: >-
#   The Sentinel workspaces of other subscriptions of the run whose Defender for Cloud connector
#   names this subscription, sorted by subscription then workspace: [{entry, ws}].
owners := [{"entry": subs[id], "ws": subs[id].facts.sentinel_workspaces[i]} | some [id, i] in owner_keys]

subs := estate.scopes("azure", "subscription")

owner_keys := sort([[id, i] |
	some id, e in subs
	lower(id) != lower(input.scope.id)
	some i, w in values.list(object.get(e.facts, "sentinel_workspaces", null))
	names(w, input.scope.id)
])

# METADATA
# description: Holds when a workspace fact has a Defender for Cloud connector naming the subscription.
names(w, sub) if {
	some c in values.list(w.defender_connectors)
	c.subscription == lower(sub)
}

# METADATA
# description: The Defender for Cloud connectors of an owner's workspace that name this subscription.
named_connectors(o) := [c |
	some c in values.list(o.ws.defender_connectors)
	c.subscription == lower(input.scope.id)
]

# METADATA
# description: Holds when an owner's workspace receives this subscription's alerts (a connector for it with alerts Enabled).
alerts_enabled(o) if {
	some c in named_connectors(o)
	c.alerts == "Enabled"
}

# METADATA
# description: How a message names a workspace of the estate (workspace <name> of subscription <id>).
owner_label(o) := sprintf("workspace %s of %s", [o.ws.name, estate.label("azure", "subscription", o.entry.id)])

# METADATA
# description: >-
#   The findings of a check for a subscription with no Sentinel workspace of its own (the
#   caller verified that its own data is complete and shows none). f is the finding the check
#   gave before the estate existed ({resource, status: "fail", message, evidence}); c says how
#   the check judges a workspace of another subscription:
#     c.what     the setting, as the subject of a sentence ("The Sentinel incident creation ...")
#     c.section  the owner's section the verdict reads
#     c.mode     "any" (one passing workspace suffices) or "all" (every naming workspace must pass)
#   and verdicts holds, for each element of owners (same order), {status: pass|fail|unread,
#   message, pointers}: "unread" when the owner's facts lack the data.
#   Outcomes: owner in the run → follows its verdict; owner unread → error; this subscription
#   sends data to a workspace of a subscription not in the run → error naming it; else f, which
#   says that a central workspace would count if its subscription were scanned too.
central(f, c, verdicts) := out if {
	count(owners) > 0
	out := followed(f, c, verdicts)
} else := out if {
	out := pointed(f, c)
} else := object.union(f, {"message": sprintf("%s %s", [f.message, hint])})

hint := sprintf("No Sentinel workspace of another subscription in this run has a Defender for Cloud connector naming subscription %s%s; a central Sentinel workspace in another subscription counts when it does and its subscription is scanned in the same run (give every --subscription, or none to scan all).", [input.scope.id, hint_gaps])

hint_gaps := "" if {
	count(unread_pointer_sections) == 0
	count(unread_scopes) == 0
} else := sprintf(" (not searched: %s)", [concat("; ", array.concat(
	[sprintf("section %s of this snapshot could not be read, so the workspaces it exports to are unknown", [s]) | some s in unread_pointer_sections],
	[sprintf("%s could not show its Sentinel workspaces' connectors", [estate.label("azure", "subscription", id)]) | some id in unread_scopes],
))])

# Other subscriptions of the run that could not read the sections showing their Sentinel workspaces.
unread_scopes := sort({id |
	some id, e in subs
	lower(id) != lower(input.scope.id)
	some s in discovery_sections
	estate.unread(e, s, "")
})

# -- owner in the run

followed(f, c, verdicts) := out if {
	relevant := [i | some i, v in verdicts; v.status == "pass"]
	passed(c.mode, verdicts, relevant)
	out := follow(f, "pass", verdicts, relevant)
} else := out if {
	some i, v in verdicts
	v.status == "unread"
	o := owners[i]
	out := unread_finding(f, c, o)
} else := out if {
	relevant := [i | some i, v in verdicts; v.status == "fail"]
	out := follow(f, "fail", verdicts, relevant)
}

passed("any", _, relevant) if count(relevant) > 0

passed("all", verdicts, relevant) if count(relevant) == count(verdicts)

# The finding following the first relevant owner; the message holds every relevant verdict.
follow(f, status, verdicts, relevant) := estate.follow(
	object.union(f, {"status": status, "message": concat(" ", [verdicts[i].message | some i in relevant])}),
	owners[relevant[0]].entry,
	owners[relevant[0]].ws.id,
	verdicts[relevant[0]].pointers,
)

unread_finding(f, c, o) := estate.owner_unread(object.union(f, {"what": sprintf("%s (Sentinel %s)", [c.what, owner_label(o)]), "section": c.section}), o.entry) if {
	estate.unread(o.entry, c.section, "")
} else := object.union(f, {
	"status": "error",
	"message": sprintf("%s (Sentinel %s) is held by %s, whose snapshot %s does not hold that workspace's entry in section %s, so it could not be assessed; expected every Sentinel workspace to be read.", [c.what, owner_label(o), estate.label("azure", "subscription", o.entry.id), o.entry.snapshot, c.section]),
})

# -- no workspace of the run names this subscription: where does it send its data?

pointed(f, c) := out if {
	# It sends data to a workspace of a subscription of the run that could not show its
	# Sentinel workspaces.
	some p in workspace_pointers
	e := pointer_scope(p)
	some s in discovery_sections
	estate.unread(e, s, "")
	out := estate.owner_unread(object.union(f, {"what": sprintf("%s (this subscription sends data to Log Analytics workspace %s through its %s)", [c.what, workspace_name(p.workspace), p.via]), "section": s}), e)
} else := out if {
	# It sends data to a workspace of a subscription not in the run.
	absent := [p | some p in workspace_pointers; not pointer_scope(p)]
	count(absent) > 0
	p := absent[0]
	out := estate.absent(object.union(f, {
		"what": sprintf("%s (this subscription sends data to Log Analytics workspace %s through its %s, so a Sentinel workspace there may be the one that counts)", [c.what, workspace_name(p.workspace), p.via]),
		"owner": {"cloud": "azure", "type": "subscription", "id": p.subscription},
		"how": sprintf("add it to the scan (irscan scan azure --subscription %s --subscription %s, or no --subscription to scan every subscription the credential can see) or evaluate its snapshot together with this one", [input.scope.id, p.subscription]),
		"evidence": [p.pointer],
	}))
} else := out if {
	# Every workspace it sends to is in the run and none names it: fail, on that evidence.
	some p in workspace_pointers
	e := pointer_scope(p)
	out := estate.follow(
		object.union(f, {"message": sprintf("%s It sends data to workspace %s of %s (its %s), but %s.", [f.message, workspace_name(p.workspace), estate.label("azure", "subscription", e.id), p.via, why_not(e, p)])}),
		e, p.workspace, why_not_pointers(e, p),
	)
}

# The estate entry of the subscription a pointer names.
pointer_scope(p) := e if {
	some id, e in subs
	lower(id) == p.subscription
}

why_not(e, p) := "Microsoft Sentinel is not onboarded on that workspace" if {
	some w in values.list(e.facts.workspaces)
	w.key == p.key
	not w.sentinel
} else := sprintf("no Defender for Cloud connector of that Sentinel workspace names this subscription (it names %s)", [named_text(w)]) if {
	some w in values.list(e.facts.sentinel_workspaces)
	w.key == p.key
} else := "that subscription lists no such workspace"

named_text(w) := "none" if {
	count(values.list(w.defender_connectors)) == 0
} else := concat(", ", sort({c.subscription | some c in values.list(w.defender_connectors)}))

why_not_pointers(e, p) := [w.pointer] if {
	some w in values.list(e.facts.workspaces)
	w.key == p.key
} else := ["/sections/operationalinsights.workspaces/data/value"]

# ---------------------------------------------------------------------------------------------
# What a subscription's Sentinel workspaces offer the other subscriptions of the run, for
# policies/facts/azure.rego: each workspace's verdict inputs of AZ-IR3-02, IR3-03, IR5-01,
# IR6-02, IR7-02 and IR7-03, judged at this snapshot's collected_at, with JSON pointers into
# this snapshot. A list the snapshot does not hold for a workspace is null.

# [lower-cased ID, index] of the workspaces of the workspaces section, sorted.
workspace_keys := sort([[lower(w.id), i] |
	some i, w in values.list(workspaces_data.value)
	is_string(w.id)
])

# METADATA
# description: >-
#   Every Log Analytics workspace of the subscription: {id, key, name, sentinel (null when its
#   onboarding state was not read), pointer}.
workspace_facts := [{
	"id": w.id, "key": k, "name": text(object.get(w, "name", null)),
	"sentinel": onboarded_fact(k),
	"pointer": sprintf("/sections/operationalinsights.workspaces/data/value/%d", [i]),
} |
	is_object(onboarding_data)
	some [k, i] in workspace_keys
	w := workspaces_data.value[i]
]

onboarded_fact(k) := k in sentinel if onboarding_read(k)

else := null

# METADATA
# description: The facts of every workspace with Microsoft Sentinel onboarded (see sentinel_fact).
sentinel_facts := [sentinel_fact(workspaces_data.value[i], i) |
	some [k, i] in workspace_keys
	k in sentinel
]

sentinel_fact(w, i) := {
	"id": w.id,
	"key": lower(w.id),
	"name": text(object.get(w, "name", null)),
	"pointer": sprintf("/sections/operationalinsights.workspaces/data/value/%d", [i]),
	"retention_days": retention_days(w),
	"tables": table_facts(lower(w.id)),
	"defender_connectors": connector_facts(lower(w.id)),
	"incident_rules": incident_rule_facts(lower(w.id)),
	"triage_rules": triage_rule_facts(lower(w.id)),
	"playbook_rules": playbook_rule_facts(lower(w.id)),
	"incidents": incident_facts(lower(w.id)),
}

retention_days(w) := d if {
	d := w.properties.retentionInDays
	is_number(d)
} else := null

# ---------------------------------------------------------------------------------------------
# Per-table retention (AZ-IR7-02)

tables_data := input.sections["operationalinsights.tables"].data

# The tables incident evidence lives in: Sentinel's incidents and alerts (present in every
# Sentinel workspace) and, where the workspace has them, the activity, security event and
# sign-in logs an investigation reads.
required_tables := ["SecurityIncident", "SecurityAlert"]

evidence_tables := [
	"SecurityIncident", "SecurityAlert", "AzureActivity", "SecurityEvent", "SigninLogs",
	"AuditLogs", "CommonSecurityLog", "OfficeActivity", "Syslog",
]

# METADATA
# description: >-
#   The evidence tables of a workspace (lower-cased ID) as listed: [{name, analytics, total,
#   pointer}] in evidence_tables order (total is totalRetentionInDays, else retentionInDays;
#   null when neither is set), plus the required tables it does not list as {name, missing:
#   true}. null when the workspace's tables were not read.
table_facts(key) := array.concat(
	[{
		"name": t.name,
		"analytics": table_days(t, "retentionInDays"),
		"total": total_days(t),
		"pointer": sprintf("/sections/operationalinsights.tables/data/tablesByWorkspace/%d/value/%d/properties", [j, k]),
	} |
		some name in evidence_tables
		some k, t in entries(tables_data.tablesByWorkspace[j])
		t.name == name
	],
	[{"name": name, "missing": true} |
		some name in required_tables
		not listed_table(tables_data.tablesByWorkspace[j], name)
	],
) if {
	j := entry_index(tables_data.tablesByWorkspace, key)
} else := null

listed_table(e, name) if {
	some t in entries(e)
	t.name == name
}

table_days(t, field) := d if {
	d := t.properties[field]
	is_number(d)
} else := null

total_days(t) := d if {
	d := table_days(t, "totalRetentionInDays")
	d != null
} else := table_days(t, "retentionInDays")

# METADATA
# description: Why a workspace's evidence tables (table_facts) do not keep data for min days ([] when they do).
table_problems(tables, min) := [p |
	some t in tables
	p := table_problem(t, min)
	p != ""
]

table_problem(t, min) := sprintf("table %s is not in the workspace's tables list", [t.name]) if {
	t.missing == true
} else := sprintf("table %s keeps data for an unknown time (no retention is set)", [t.name]) if {
	t.total == null
} else := sprintf("table %s keeps data for %d days (totalRetentionInDays; %s days interactive)", [t.name, t.total, days_or_unset(t.analytics)]) if {
	t.total < min
} else := ""

days_or_unset(d) := sprintf("%d", [d]) if is_number(d)

else := "unset"

# METADATA
# description: The evidence tables and their total retention, for a passing message.
tables_text(tables) := concat(", ", [sprintf("%s %d days", [t.name, t.total]) | some t in tables; not t.missing])

# The index of a workspace's entry in a per-workspace list (the first when listed twice).
entry_index(list, key) := min({j |
	some j, e in values.list(list)
	lower(e.workspaceId) == key
})

# METADATA
# description: The workspace's Defender for Cloud connectors, each {subscription, alerts, pointer}.
connector_facts(key) := [{
	"subscription": connected_subscription(c),
	"alerts": data_type_state(c, "alerts"),
	"pointer": sprintf("/sections/securityinsights.data_connectors/data/dataConnectorsByWorkspace/%d/value/%d", [j, k]),
} |
	some k, c in entries(connectors_data.dataConnectorsByWorkspace[j])
	defender_for_cloud(c)
] if {
	j := entry_index(connectors_data.dataConnectorsByWorkspace, key)
} else := null

# METADATA
# description: >-
#   The workspace's analytics rules: how many, the enabled Microsoft incident creation rules for
#   Defender for Cloud alerts [{name, severities, pointer}], and the others (first ten).
incident_rule_facts(key) := {
	"count": count(rules),
	"qualifying": [{
		"name": display_name(r), "severities": severities_text(r),
		"pointer": sprintf("/sections/securityinsights.alert_rules/data/alertRulesByWorkspace/%d/value/%d", [j, k]),
	} |
		some k, r in rules
		incidents_from_defender_for_cloud(r)
	],
	"others": first_ten([sprintf("%q (%s, %s)", [display_name(r), text(object.get(r, "kind", null)), dfc_reason(r)]) |
		some r in rules
		not incidents_from_defender_for_cloud(r)
	]),
} if {
	j := entry_index(alert_rules_data.alertRulesByWorkspace, key)
	rules := entries(alert_rules_data.alertRulesByWorkspace[j])
} else := null

# Why an analytics rule does not turn Defender for Cloud alerts into incidents.
dfc_reason(r) := "disabled" if {
	not r.properties.enabled == true
} else := sprintf("productFilter %s", [text(r.properties.productFilter)]) if {
	r.kind == "MicrosoftSecurityIncidentCreation"
} else := "not a Microsoft incident creation rule"

# METADATA
# description: >-
#   The workspace's automation rules: how many, those in force that triage new incidents
#   [{name, sets, pointer}], and the others with their problems (first ten).
triage_rule_facts(key) := {
	"count": count(rules),
	"qualifying": [{
		"name": display_name(r), "sets": modified(r),
		"pointer": sprintf("/sections/securityinsights.automation_rules/data/automationRulesByWorkspace/%d/value/%d", [j, k]),
	} |
		some k, r in rules
		count(triage_problems(r)) == 0
	],
	"others": first_ten([sprintf("%q (%s)", [display_name(r), concat(", ", triage_problems(r))]) |
		some r in rules
		count(triage_problems(r)) > 0
	]),
} if {
	j := entry_index(automation_rules_data.automationRulesByWorkspace, key)
	rules := entries(automation_rules_data.automationRulesByWorkspace[j])
} else := null

# METADATA
# description: >-
#   The workspace's automation rules: how many, those in force that run a playbook whose Logic
#   App exists in the subscription and is Enabled [{name, playbooks, trigger, pointer}], the
#   others with the reason (first ten), and the rules in force whose only playbooks are in
#   another subscription (unverified). null when the rules or the workflows were not read.
playbook_rule_facts(key) := {
	"count": count(rules),
	"qualifying": [{
		"name": display_name(r), "playbooks": ready_playbooks(r), "trigger": trigger_text(r),
		"pointer": sprintf("/sections/securityinsights.automation_rules/data/automationRulesByWorkspace/%d/value/%d", [j, k]),
	} |
		some k, r in rules
		runs_playbook(r)
	],
	"others": first_ten([sprintf("%q (%s)", [display_name(r), playbook_reason(r)]) |
		some r in rules
		not runs_playbook(r)
	]),
	"unverified": [display_name(r) | some r in rules; unverified_playbook(r)],
} if {
	is_object(workflows_data)
	j := entry_index(automation_rules_data.automationRulesByWorkspace, key)
	rules := entries(automation_rules_data.automationRulesByWorkspace[j])
} else := null

# METADATA
# description: An automation rule in force at the snapshot time with a RunPlaybook action.
runs_playbook(r) if {
	enabled_problem(r) == ""
	count(ready_playbooks(r)) > 0
}

# METADATA
# description: An automation rule in force whose playbooks, none verified Enabled here, include one of another subscription.
unverified_playbook(r) if {
	enabled_problem(r) == ""
	count(ready_playbooks(r)) == 0
	count(external_playbooks(r)) > 0
}

# METADATA
# description: >-
#   The workspace's incidents in the look-back window: its start, how many are listed, how many
#   were closed in it, and those closed without a conclusion or a comment (the first ten, with
#   their problems, and how many in all).
incident_facts(key) := {
	"since": window_start,
	"listed": count(incs),
	"closed": count([1 | some inc in incs; closed_in_window(inc)]),
	"lacking_count": count(lacking),
	"lacking": [{
		"id": text(object.get(incs[k], "id", null)), "title": incident_title(incs[k]), "problems": incident_problems(incs[k]),
		"pointer": sprintf("/sections/securityinsights.incidents/data/incidentsByWorkspace/%d/value/%d/properties", [j, k]),
	} |
		some k in array.slice(lacking, 0, 10)
	],
	"pointer": sprintf("/sections/securityinsights.incidents/data/incidentsByWorkspace/%d/value", [j]),
} if {
	j := entry_index(incidents_data.incidentsByWorkspace, key)
	incs := entries(incidents_data.incidentsByWorkspace[j])
	lacking := [k |
		some k, inc in incs
		closed_in_window(inc)
		count(incident_problems(inc)) > 0
	]
} else := null

# ---------------------------------------------------------------------------------------------
# Shared by the other Azure checks

# METADATA
# description: An ARM location as a region name ("West Europe" becomes westeurope).
norm_location(location) := lower(replace(location, " ", ""))

# METADATA
# description: The finding's region, {"region" - the resource's normalised location}, or {} when r has none.
located(r) := {"region": norm_location(r.location)} if {
	values.filled(r.location)
} else := {}

# METADATA
# description: Why a Defender for Cloud automation or security contact is not enabled ("" when it is).
enabled_flag_problem(x) := "" if {
	x.properties.isEnabled == true
} else := sprintf("isEnabled is %v", [object.get(object.get(x, "properties", {}), "isEnabled", "unset")])

# METADATA
# description: The event sources of a Defender for Cloud automation.
automation_sources(a) := {s.eventSource | some s in a.properties.sources}

# METADATA
# description: Why an automation does not act on alerts ("" when Alerts is one of its sources).
alerts_source_problem(a) := "" if {
	"Alerts" in automation_sources(a)
} else := sprintf("its sources are %s, not Alerts", [list_text(sort(automation_sources(a)))])

# METADATA
# description: Items joined by commas, or "none".
list_text(items) := "none" if {
	count(items) == 0
} else := concat(", ", items)

# METADATA
# description: A resource's name, or "(unnamed)".
name_of(r) := r.name if {
	values.filled(r.name)
} else := "(unnamed)"

# ---------------------------------------------------------------------------------------------
# Defender for Cloud automations (AZ-IR3-04 continuous export, AZ-IR6-01 workflow automation):
# what they cover. An automation acts on the events of its scopes (scopePath: the subscription,
# or one resource group of it) that match one of its source's ruleSets (ruleSets are ORed, the
# rules of a ruleSet ANDed; no ruleSet means every event of the source).

# The alert severities an automation must cover to count.
required_severities := ["High", "Medium"]

# METADATA
# description: Holds when one of the automation's scopes is the whole subscription (scopePath /subscriptions/<id>).
covers_subscription(a) if {
	some s in values.list(a.properties.scopes)
	is_string(s.scopePath)
	lower(trim_right(s.scopePath, "/")) == lower(sprintf("/subscriptions/%s", [input.scope.id]))
}

# METADATA
# description: The scopePaths of an automation, for messages.
scope_paths(a) := [t | some s in values.list(a.properties.scopes); t := text(object.get(s, "scopePath", null))]

# METADATA
# description: The severities of required_severities that the automation's Alerts sources let through.
alert_severities(a) := [sev |
	some sev in required_severities
	some src in values.list(a.properties.sources)
	src.eventSource == "Alerts"
	admits(src, sev)
]

# No ruleSet: every alert.
admits(src, _) if count(values.list(object.get(src, "ruleSets", null))) == 0

# A ruleSet lets every alert of severity sev through when each of its rules is about Severity
# and admits sev (a rule on another property narrows the ruleSet to some alerts only).
admits(src, sev) if {
	some rs in values.list(src.ruleSets)
	rules := values.list(object.get(rs, "rules", null))
	count(rules) > 0
	every r in rules {
		severity_rule_admits(r, sev)
	}
}

severity_rule_admits(r, sev) if {
	lower(r.propertyJPath) == "severity"
	string_match(r.operator, lower(sev), lower(r.expectedValue))
}

string_match("Equals", v, e) if v == e

string_match("NotEquals", v, e) if v != e

string_match("Contains", v, e) if contains(v, e)

string_match("StartsWith", v, e) if startswith(v, e)

string_match("EndsWith", v, e) if endswith(v, e)

# METADATA
# description: Why an automation does not cover the subscription and its high and medium alerts ([] when it does).
coverage_problems(a) := [p |
	some p in [scope_problem(a), severity_problem(a)]
	p != ""
]

scope_problem(a) := "" if {
	covers_subscription(a)
} else := sprintf("its scopes are %s, not the whole subscription", [list_text(sort(scope_paths(a)))])

severity_problem(a) := "" if {
	count(alert_severities(a)) == count(required_severities)
} else := "" if {
	not "Alerts" in automation_sources(a)
} else := sprintf("its Alerts ruleSets leave out %s alerts", [concat(" and ", [s | some s in required_severities; not s in alert_severities(a)])])
