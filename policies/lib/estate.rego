# The owner rule: how a check judges a setting that another scope of the run owns (an
# organisation trail's log group in the management account, a Sentinel workspace in the SOC
# subscription, a GCP organisation's sinks). Every check that reads such a setting applies it
# through these functions, so the rule is written once:
#
#   - owner in the run: the finding follows the owner's evidence (pass or fail from the
#     owner's data, never an unconditional pass), names the owner and points at its snapshot;
#   - owner not in the run: an `error` finding naming the owner and how to include it;
#   - owner in the run but its section unreadable: `error` naming the owner and the gap;
#   - a setting the scope overrides locally is judged locally (the check decides that, before
#     asking for the owner).
#
# data.estate is built by the engine from the facts (package irscan.facts.<cloud>) of every
# snapshot of the run:
#   data.estate[cloud][scope type][scope id] = {cloud, type, id, name, snapshot, collected_at,
#                                              problems: [{section, region, text}], facts}
package irscan.lib.estate

# METADATA
# description: The estate entry of a scope of the run; undefined when it is not in the run.
scope(cloud, kind, id) := data.estate[cloud][kind][id]

# METADATA
# description: Every estate entry of a cloud and scope type, keyed by scope ID ({} when none).
scopes(cloud, kind) := s if {
	s := data.estate[cloud][kind]
} else := {}

# METADATA
# description: Holds when the scope is in the run.
in_run(cloud, kind, id) if data.estate[cloud][kind][id]

# METADATA
# description: How a finding names a scope (AWS account 111111111111, organizations/123).
label("aws", "account", id) := sprintf("AWS account %s", [id])

label("aws", "organization", id) := sprintf("AWS organization %s", [id])

label("azure", "subscription", id) := sprintf("subscription %s", [id])

label("azure", "management_group", id) := sprintf("management group %s", [id])

label("gcp", "organization", id) := sprintf("organizations/%s", [id])

label("gcp", "folder", id) := sprintf("folders/%s", [id])

label("gcp", "project", id) := sprintf("projects/%s", [id])

# METADATA
# description: >-
#   Why the owner could not read a section (in a region, or "" for a global one): the text of
#   its snapshot's problem; undefined when the owner read it.
unread(entry, section, region) := p.text if {
	some p in entry.problems
	p.section == section
	p.region in {"", region}
}

# METADATA
# description: >-
#   The finding for a setting whose owner is not in the run: never a pass. f holds resource,
#   (region,) what (the setting, as the subject of a sentence), owner {cloud, type, id}, how
#   (what to run to include the owner) and evidence (pointers into this snapshot).
absent(f) := object.union(object.remove(f, ["what", "owner", "how"]), {
	"status": "error",
	"message": sprintf("%s is held by %s, which is not in this run, so it could not be assessed here; %s.", [
		f.what, label(f.owner.cloud, f.owner.type, f.owner.id), trim_suffix(f.how, "."),
	]),
})

# METADATA
# description: >-
#   The finding for a setting whose owner is in the run but could not read the section that
#   holds it: error, naming the owner and its gap. f as for absent (without how), plus section.
owner_unread(f, entry) := object.union(object.remove(f, ["what", "owner", "section", "how"]), {
	"status": "error",
	"message": sprintf("%s is held by %s, whose snapshot %s could not show it: %s", [
		f.what, label(entry.cloud, entry.type, entry.id), entry.snapshot, unread(entry, f.section, object.get(f, "region", "")),
	]),
})

# METADATA
# description: >-
#   A finding that follows the owner's evidence: f (resource, region, status, message,
#   evidence in this snapshot) plus the owner's scope, the owner's resource and the JSON
#   pointers into the owner's snapshot the verdict was drawn from. The message gains one
#   sentence naming the owner and its snapshot.
follow(f, entry, resource, pointers) := object.union(f, {
	"message": sprintf("%s Judged on %s's evidence (snapshot %s).", [f.message, label(entry.cloud, entry.type, entry.id), entry.snapshot]),
	"owner": {"cloud": entry.cloud, "type": entry.type, "id": entry.id, "resource": resource, "evidence": pointers},
})
