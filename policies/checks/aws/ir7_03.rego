# METADATA
# title: Post-incident analyses
# description: >-
#   Incidents are tracked and each one closed in the look-back window (90 days before the
#   snapshot by default, configurable with --lookback-days) has its lessons learned. With
#   Incident Manager (an ACTIVE replication set): every incident resolved in the window
#   (ListIncidentRecords Status RESOLVED and ResolvedTime) has a related item of type ANALYSIS
#   (ListRelatedItems), an Incident Manager post-incident analysis; one finding per resolved
#   incident, and an Incident Manager region without incidents resolved in the window passes
#   with a finding that says so. With AWS Security Incident Response (an Active membership):
#   every case closed in the window (ListCases caseStatus Closed, closedDate) is manual, since
#   the service keeps no analysis object irscan could read (record the review and attest it,
#   AWS-IR7-04); without a case closed in the window it passes with a finding that says so.
#   An account with neither service tracks no incident at all and fails, saying so: having no
#   resolved incident is then not evidence of anything.
# custom:
#   id: AWS-IR7-03
#   controls: [IR-7]
#   severity: medium
#   requires: [ssm_incidents.incident_records, ssm_incidents.replication_sets, security_ir.memberships]
#   remediation: >-
#     Track incidents in a service first (AWS-IR1-01): AWS Security Incident Response (aws
#     security-ir create-membership) or, for accounts that have it, Incident Manager. For
#     each incident resolved in Incident Manager, create a post-incident analysis from the
#     incident: Incident Manager > Incidents > <incident> > Create analysis (timeline,
#     impact, root cause, lessons, action items); it is linked as a related item of type
#     ANALYSIS (aws ssm-incidents list-related-items --incident-record-arn <arn>). For each
#     Security Incident Response case closed, hold the lessons-learned review, keep its
#     record with the case (a comment or attachment) and attest it (AWS-IR7-04). Make the
#     analysis a required step of closing an incident.
#   references:
#     - https://docs.aws.amazon.com/incident-manager/latest/userguide/analysis.html
#     - https://docs.aws.amazon.com/incident-manager/latest/APIReference/API_ListRelatedItems.html
#     - https://docs.aws.amazon.com/incident-manager/latest/APIReference/API_ListIncidentRecords.html
#     - https://docs.aws.amazon.com/security-ir/latest/userguide/case-management.html
#     - https://docs.aws.amazon.com/security-ir/latest/APIReference/API_ListCases.html
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.aws.ir7_03

import data.irscan.lib.aws
import data.irscan.lib.config
import data.irscan.lib.scope
import data.irscan.lib.values

lookback_days := config.lookback_days

window_start_ns := config.collected_ns - (((lookback_days * 24) * 3600) * 1000000000)

window_start := time.format([window_start_ns, "UTC", "2006-01-02T15:04:05Z07:00"])

# Indexes of the incidents resolved in the window, per region.
resolved(d) := {i |
	some i, rec in values.list(d.IncidentRecordSummaries)
	rec.Status == "RESOLVED"
	is_string(rec.ResolvedTime)
	time.parse_rfc3339_ns(rec.ResolvedTime) >= window_start_ns
}

findings contains f if {
	some region, r in input.sections["ssm_incidents.incident_records"].regions
	some i in resolved(r.data)
	rec := r.data.IncidentRecordSummaries[i]
	some j, entry in values.list(r.data.RelatedItemsByIncident)
	entry.IncidentRecordArn == rec.Arn
	analyses := [k | some k, item in values.list(entry.RelatedItems); item.Identifier.Type == "ANALYSIS"]
	count(analyses) > 0
	f := {
		"resource": rec.Arn,
		"region": region,
		"status": "pass",
		"message": sprintf("Incident %q (impact %v), resolved %s, has %d post-incident analysis item(s) (%s); expected one for every incident resolved since %s.", [title(rec), rec.Impact, rec.ResolvedTime, count(analyses), concat(", ", [item_title(entry.RelatedItems[k]) | some k in analyses]), window_start]),
		"evidence": [sprintf("/sections/ssm_incidents.incident_records/regions/%s/data/RelatedItemsByIncident/%d/RelatedItems/%d", [region, j, k]) | some k in analyses],
	}
}

findings contains f if {
	some region, r in input.sections["ssm_incidents.incident_records"].regions
	some i in resolved(r.data)
	rec := r.data.IncidentRecordSummaries[i]
	some j, entry in values.list(r.data.RelatedItemsByIncident)
	entry.IncidentRecordArn == rec.Arn
	not has_analysis(entry)
	f := {
		"resource": rec.Arn,
		"region": region,
		"status": "fail",
		"message": sprintf("Incident %q (impact %v), resolved %s, has no post-incident analysis (related items: %s); expected a related item of type ANALYSIS for every incident resolved since %s.", [title(rec), rec.Impact, rec.ResolvedTime, items_summary(entry), window_start]),
		"evidence": [
			sprintf("/sections/ssm_incidents.incident_records/regions/%s/data/IncidentRecordSummaries/%d", [region, i]),
			sprintf("/sections/ssm_incidents.incident_records/regions/%s/data/RelatedItemsByIncident/%d", [region, j]),
		],
	}
}

# A resolved incident whose ListRelatedItems result is missing cannot be assessed.
findings contains f if {
	some region, r in input.sections["ssm_incidents.incident_records"].regions
	some i in resolved(r.data)
	rec := r.data.IncidentRecordSummaries[i]
	not related_read(r.data, rec.Arn)
	f := {
		"resource": rec.Arn,
		"region": region,
		"status": "error",
		"message": sprintf("Incident %q, resolved %s, has no ListRelatedItems result in the snapshot; expected its related items to look for a post-incident analysis.", [title(rec), rec.ResolvedTime]),
		"evidence": [sprintf("/sections/ssm_incidents.incident_records/regions/%s/data/IncidentRecordSummaries/%d", [region, i])],
	}
}

findings contains f if {
	count(aws.im_active) > 0
	some region, r in input.sections["ssm_incidents.incident_records"].regions
	is_object(r.data)
	count(resolved(r.data)) == 0
	f := {
		"resource": scope.resource,
		"region": region,
		"status": "pass",
		"message": sprintf("No incident in %s was resolved in the %d days since %s (%d incident record(s) in total), so no post-incident analysis is due.", [region, lookback_days, window_start, count(values.list(r.data.IncidentRecordSummaries))]),
		"evidence": [sprintf("/sections/ssm_incidents.incident_records/regions/%s/data/IncidentRecordSummaries", [region])],
	}
}

# AWS Security Incident Response: the cases closed in the window.
sir_cases := input.sections["security_ir.memberships"].data.Cases

closed_in_window := [i |
	some i, c in values.list(sir_cases)
	c.caseStatus == "Closed"
	is_number(c.closedDate)
	c.closedDate * 1000000000 >= window_start_ns
]

findings contains f if {
	count(aws.sir_active) > 0
	some i in closed_in_window
	c := sir_cases[i]
	f := {
		"resource": object.get(c, "caseArn", scope.resource),
		"status": "manual",
		"message": sprintf("AWS Security Incident Response case %s (%q, %s) was closed on %s; the service keeps no post-incident analysis irscan can read, so the lessons-learned review of this case must be attested (AWS-IR7-04).", [c.caseId, object.get(c, "title", ""), object.get(c, "engagementType", "unknown engagement"), time.format([c.closedDate * 1000000000, "UTC", "2006-01-02"])]),
		"evidence": [sprintf("/sections/security_ir.memberships/data/Cases/%d", [i])],
	}
}

findings contains f if {
	count(aws.sir_active) > 0
	is_array(sir_cases)
	count(closed_in_window) == 0
	f := {
		"resource": scope.resource,
		"status": "pass",
		"message": sprintf("AWS Security Incident Response (membership %s, Active) tracks incidents and closed no case in the %d days since %s (%d case(s) in total), so no post-incident analysis is due.", [aws.sir_label(aws.sir_active[0].membership), lookback_days, window_start, count(sir_cases)]),
		"evidence": ["/sections/security_ir.memberships/data/Cases"],
	}
}

findings contains f if {
	count(aws.sir_active) > 0
	not is_array(sir_cases)
	f := {
		"resource": scope.resource,
		"status": "error",
		"message": sprintf("AWS Security Incident Response membership %s is Active but its cases (ListCases) are missing from the snapshot; expected them to find the cases closed since %s.", [aws.sir_label(aws.sir_active[0].membership), window_start]),
		"evidence": ["/sections/security_ir.memberships/data/Cases"],
	}
}

# No incident-tracking service: the absence of resolved incidents proves nothing.
findings contains f if {
	count(aws.im_active) == 0
	count(aws.sir_active) == 0
	is_object(input.sections["ssm_incidents.replication_sets"].data)
	f := {
		"resource": scope.resource,
		"status": "fail",
		"message": sprintf("No incident is tracked: neither AWS Security Incident Response (ListMemberships: %s) nor Incident Manager (no ACTIVE replication set) is onboarded, so no incident record or case exists to hold post-incident analyses; expected one of them (AWS-IR1-01) and an analysis for every incident closed since %s.", [aws.sir_inactive_text, window_start]),
		"evidence": ["/sections/security_ir.memberships/data/Memberships", "/sections/ssm_incidents.replication_sets/data/ReplicationSets"],
	}
}

has_analysis(entry) if {
	some item in values.list(entry.RelatedItems)
	item.Identifier.Type == "ANALYSIS"
}

related_read(d, arn) if {
	some entry in values.list(d.RelatedItemsByIncident)
	entry.IncidentRecordArn == arn
}

items_summary(entry) := "none" if {
	count(values.list(entry.RelatedItems)) == 0
} else := concat(", ", sort([sprintf("%s %s", [item_type(item), item_title(item)]) | some item in values.list(entry.RelatedItems)]))

item_type(item) := item.Identifier.Type if {
	is_string(item.Identifier.Type)
} else := "UNKNOWN"

item_title(item) := sprintf("%q", [item.Title]) if {
	is_string(item.Title)
	item.Title != ""
} else := "(untitled)"

title(rec) := rec.Title if {
	is_string(rec.Title)
	rec.Title != ""
} else := rec.Arn
