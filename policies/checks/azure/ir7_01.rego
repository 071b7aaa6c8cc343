# METADATA
# title: Evidence storage is immutable
# description: >-
#   Every storage account that receives the subscription's activity log export (a
#   subscription diagnostic setting with a storageAccountId and an enabled log category, see
#   AZ-IR4-01) keeps it immutable for at least the minimum retention (365 days by default,
#   configurable with --min-retention-days): either version-level immutability is enabled on
#   the account with a default policy, or the container insights-activity-logs (where Azure
#   Monitor writes the activity log) has an immutability policy (a time-based retention
#   policy, or the default policy of container-level version-level immutability); in both
#   cases the policy must be Locked, because an Unlocked policy can be shortened or deleted
#   and Microsoft documents it for testing only, and its immutabilityPeriodSinceCreationInDays
#   must reach the minimum. Azure Monitor writes the activity log as append blobs (one per
#   hour, appended to as events arrive), which a Locked policy blocks unless it allows
#   protected append writes (allowProtectedAppendWrites or allowProtectedAppendWritesAll
#   true): a policy without them stops the export itself, so it fails and the finding says
#   so. Version-level immutability without a Locked default policy of
#   that length does not protect the export. No diagnostic setting exporting to storage
#   fails. One finding per storage account; Azure Policy has no IR-7 check.
# custom:
#   id: AZ-IR7-01
#   controls: [IR-7]
#   severity: medium
#   requires: [insights.subscription_diagnostic_settings, storage.immutability]
#   remediation: >-
#     Azure portal: the storage account > Data management > Data protection, enable
#     version-level immutability support and set a default time-based retention policy of at
#     least 365 days (or: Containers > insights-activity-logs > Access policy > Add policy >
#     Time-based retention, 365 days, "Allow protected append writes to append blobs", since
#     Azure Monitor writes append blobs), check that new logs still arrive, then lock the
#     policy (Lock policy). CLI: az storage container immutability-policy create
#     --account-name <account> --container-name insights-activity-logs --period 365
#     --allow-protected-append-writes-all true, then az storage container immutability-policy
#     lock with the policy's etag. A Locked policy cannot be shortened or removed: test it
#     first. Export the activity log to such an account (AZ-IR4-01).
#   references:
#     - https://learn.microsoft.com/en-us/azure/storage/blobs/immutable-storage-overview
#     - https://learn.microsoft.com/en-us/azure/storage/blobs/immutable-version-level-worm-policies
#     - https://learn.microsoft.com/en-us/azure/storage/blobs/immutable-time-based-retention-policy-overview
#     - https://learn.microsoft.com/en-us/azure/azure-monitor/essentials/activity-log
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.azure.ir7_01

import data.irscan.lib.azure
import data.irscan.lib.config
import data.irscan.lib.scope
import data.irscan.lib.values

settings_data := input.sections["insights.subscription_diagnostic_settings"].data

immutability_data := input.sections["storage.immutability"].data

# Azure Monitor writes the activity log export to this container.
container := "insights-activity-logs"

# The storage accounts the activity log is exported to, by lower-cased ID: the ID as the
# first setting names it, and the names of the settings.
export_accounts[id] := {"id": min(ids), "settings": sort(names)} if {
	some s in settings_data.value
	exports_logs(s)
	id := lower(s.properties.storageAccountId)
	ids := {t.properties.storageAccountId | some t in settings_data.value; exports_logs(t); lower(t.properties.storageAccountId) == id}
	names := {azure.name_of(t) | some t in settings_data.value; exports_logs(t); lower(t.properties.storageAccountId) == id}
}

findings contains f if {
	some id, a in export_accounts
	some i, e in immutability_data.storageAccounts
	lower(e.storageAccountId) == id
	protection := protected_by(e)
	f := object.union(located(e), {
		"resource": a.id,
		"status": "pass",
		"message": sprintf("Storage account %s (activity log export of setting %s) keeps it immutable: %s; expected a Locked version-level or time-based retention policy of at least %d days that allows protected append writes.", [values.last_segment(a.id), concat(", ", a.settings), protection, config.min_retention_days]),
		"evidence": [sprintf("/sections/storage.immutability/data/storageAccounts/%d", [i])],
	})
}

findings contains f if {
	some id, a in export_accounts
	some i, e in immutability_data.storageAccounts
	lower(e.storageAccountId) == id
	not protected_by(e)
	not policy_unread(e)
	f := object.union(located(e), {
		"resource": a.id,
		"status": "fail",
		"message": sprintf("Storage account %s (activity log export of setting %s) does not keep it immutable: %s; expected version-level immutability on the account or an immutability policy on container %s, Locked, of at least %d days, allowing protected append writes.", [values.last_segment(a.id), concat(", ", a.settings), concat("; ", problems(e)), container, config.min_retention_days]),
		"evidence": [sprintf("/sections/storage.immutability/data/storageAccounts/%d", [i])],
	})
}

# Never pass on absent data: an export account, or its container's policy, that the
# snapshot does not hold.
findings contains f if {
	is_object(immutability_data)
	some id, a in export_accounts
	not account_read(id)
	f := {
		"resource": a.id,
		"status": "error",
		"message": sprintf("Storage account %s receives the activity log export (setting %s) but is missing from section storage.immutability; expected its containers and immutability policies.", [values.last_segment(a.id), concat(", ", a.settings)]),
		"evidence": ["/sections/storage.immutability/data/storageAccounts"],
	}
}

findings contains f if {
	some id, a in export_accounts
	some i, e in immutability_data.storageAccounts
	lower(e.storageAccountId) == id
	not protected_by(e)
	policy_unread(e)
	f := object.union(located(e), {
		"resource": a.id,
		"status": "error",
		"message": sprintf("Storage account %s has container %s but its immutability policy is missing from section storage.immutability; expected the immutabilityPolicies/default answer for it.", [values.last_segment(a.id), container]),
		"evidence": [sprintf("/sections/storage.immutability/data/storageAccounts/%d/immutabilityPolicies", [i])],
	})
}

findings contains f if {
	is_object(settings_data)
	is_object(immutability_data)
	count(export_accounts) == 0
	f := {
		"resource": scope.resource,
		"status": "fail",
		"message": sprintf("No diagnostic setting exports the activity log to a storage account (%d setting(s)), so no immutable copy of it is kept; expected the export to a storage account with a Locked immutability policy of at least %d days (AZ-IR4-01).", [count(settings_data.value), config.min_retention_days]),
		"evidence": ["/sections/insights.subscription_diagnostic_settings/data/value"],
	}
}

exports_logs(s) if {
	values.filled(s.properties.storageAccountId)
	some l in s.properties.logs
	l.enabled == true
}

account_read(id) if {
	some e in immutability_data.storageAccounts
	lower(e.storageAccountId) == id
}

# How the export is protected: the account-level policy first, then the container's.
protected_by(e) := sprintf("version-level immutability on the account with a Locked default policy of %d days allowing protected append writes", [days(account_policy(e))]) if {
	e.storageAccount.properties.immutableStorageWithVersioning.enabled == true
	locked_long_enough(account_policy(e))
} else := sprintf("container %s has a Locked %s of %d days allowing protected append writes", [container, container_policy_kind(e), days(container_policy(e))]) if {
	locked_long_enough(container_policy(e))
}

locked_long_enough(p) if {
	p.state == "Locked"
	days(p) >= config.min_retention_days
	appends_allowed(p)
}

# Azure Monitor appends to the activity log blobs: the policy must allow protected append writes.
appends_allowed(p) if p.allowProtectedAppendWrites == true

appends_allowed(p) if p.allowProtectedAppendWritesAll == true

blocks_appends(p) if {
	p.state == "Locked"
	days(p) >= config.min_retention_days
	not appends_allowed(p)
}

account_policy(e) := e.storageAccount.properties.immutableStorageWithVersioning.immutabilityPolicy

# The first policy answer for the container (an entry per container is expected).
container_policy(e) := policies[0] if {
	policies := [p.immutabilityPolicy.properties |
		some p in e.immutabilityPolicies
		p.containerName == container
		is_object(p.immutabilityPolicy)
	]
	count(policies) > 0
}

has_account_policy(e) if is_object(account_policy(e))

has_container_policy(e) if is_object(container_policy(e))

container_item(e) := items[0] if {
	items := [c | some c in e.containers; c.name == container]
	count(items) > 0
}

container_policy_kind(e) := "version-level default policy" if {
	container_item(e).properties.immutableStorageWithVersioning.enabled == true
} else := "time-based retention policy"

# The container exists but the snapshot has no answer for its policy.
policy_unread(e) if {
	container_item(e)
	not policy_entry(e)
}

policy_entry(e) if {
	some p in e.immutabilityPolicies
	p.containerName == container
}

problems(e) := ["the storage account does not exist (its GET answered 404)"] if {
	e.storageAccount == null
} else := [account_problem(e), container_problem(e)]

account_problem(e) := "version-level immutability is not enabled on the account" if {
	not e.storageAccount.properties.immutableStorageWithVersioning.enabled == true
} else := "account-level version-level immutability has no default policy" if {
	not has_account_policy(e)
} else := sprintf("the account-level default policy is %s", [policy_text(account_policy(e))])

container_problem(e) := sprintf("container %s does not exist (no activity log has been written to the account yet)", [container]) if {
	not container_item(e)
} else := sprintf("container %s has no immutability policy", [container]) if {
	not has_container_policy(e)
} else := sprintf("the %s of container %s is %s", [container_policy_kind(e), container, policy_text(container_policy(e))])

policy_text(p) := sprintf("%s with %d days but allows no protected append writes, so it blocks the append blobs Azure Monitor writes the activity log to", [azure.text(object.get(p, "state", null)), days(p)]) if {
	blocks_appends(p)
} else := sprintf("%s with %d days", [azure.text(object.get(p, "state", null)), days(p)])

days(p) := d if {
	d := p.immutabilityPeriodSinceCreationInDays
	is_number(d)
} else := 0

# The account's region, when the account was read.

located(e) := azure.located(object.get(e, "storageAccount", null))
