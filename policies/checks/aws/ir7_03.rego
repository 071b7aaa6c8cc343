# METADATA
# title: Post-incident analyses
# description: >-
#   Every Incident Manager incident resolved in the look-back window (90 days before the
#   snapshot by default, configurable with --lookback-days; ListIncidentRecords Status
#   RESOLVED and ResolvedTime) has a related item of type ANALYSIS (ListRelatedItems), i.e.
#   an Incident Manager post-incident analysis, so that lessons are learned from each
#   incident. One finding per resolved incident; an Incident Manager region without
#   incidents resolved in the window passes with a finding that says so.
# custom:
#   id: AWS-IR7-03
#   controls: [IR-7]
#   severity: medium
#   requires: [ssm_incidents.incident_records]
#   remediation: >-
#     For each resolved incident, create a post-incident analysis from the incident:
#     Incident Manager > Incidents > <incident> > Create analysis, using the AWS template
#     or your own (timeline, impact, root cause, lessons, action items), then review it with
#     the teams involved and track its action items to completion. The analysis is linked to
#     the incident as a related item of type ANALYSIS (aws ssm-incidents list-related-items
#     --incident-record-arn <arn>). Make the analysis a required step of closing an
#     incident.
#   references:
#     - https://docs.aws.amazon.com/incident-manager/latest/userguide/analysis.html
#     - https://docs.aws.amazon.com/incident-manager/latest/APIReference/API_ListRelatedItems.html
#     - https://docs.aws.amazon.com/incident-manager/latest/APIReference/API_ListIncidentRecords.html
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.aws.ir7_03

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
