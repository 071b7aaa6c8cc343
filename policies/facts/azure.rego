# What a azure snapshot offers the other scopes of the run (data.estate["azure"][type][id].facts).
# Every rule of this package is one fact; keep them small (kilobytes per scope) and sorted.
#
# A subscription offers its Log Analytics workspaces, its Microsoft Sentinel workspaces with
# the verdict inputs of the six Sentinel checks (AZ-IR3-02, IR3-03, IR5-01, IR6-02, IR7-02,
# IR7-03) for the subscriptions their Defender for Cloud connectors name, and the workspaces of
# other subscriptions it sends data to (so that a scan without them can name their
# subscription). The helpers are in policies/lib/azure.rego.
package irscan.facts.azure

import data.irscan.lib.azure

# METADATA
# description: >-
#   Every Log Analytics workspace of the subscription, sorted by lower-cased ID: {id, key, name,
#   sentinel (true when Microsoft Sentinel is onboarded, null when unknown), pointer}.
workspaces := azure.workspace_facts

# METADATA
# description: >-
#   The workspaces with Microsoft Sentinel onboarded, sorted by lower-cased ID: {id, key, name,
#   pointer, retention_days, tables [{name, analytics, total, pointer} or {name, missing}],
#   defender_connectors [{subscription, alerts, pointer}], incident_rules, triage_rules
#   {count, qualifying, others}, playbook_rules {count, qualifying, others, unverified},
#   incidents {since, listed, closed, lacking_count, lacking, pointer}}; a list not read is
#   null.
sentinel_workspaces := azure.sentinel_facts

# METADATA
# description: >-
#   The workspaces of other subscriptions this subscription sends data to (enabled continuous
#   exports, activity-log diagnostic settings): [{workspace, key, subscription, via, pointer}].
workspace_pointers := azure.workspace_pointers

# METADATA
# description: >-
#   The subscription's Logic App workflows (Consumption and Standard), for playbooks that other
#   subscriptions' workflow automations and automation rules name: lower-cased ID → {state,
#   pointer}; null when a workflows list was not read.
playbooks := azure.playbook_facts
