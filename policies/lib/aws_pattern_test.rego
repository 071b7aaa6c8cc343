# Which findings a rule's event pattern selects (irscan.lib.aws.matched_sources), and the
# matcher against finding events as GuardDuty, Security Hub CSPM and the new Security Hub
# deliver them to EventBridge (the envelopes of the GuardDuty and Security Hub user guides'
# event formats, with the severity fields of a high finding; other fields abridged).
package irscan.lib.aws_pattern_test

import data.irscan.lib.aws
import data.irscan.lib.eventpattern as ep

guardduty_event := {
	"version": "0",
	"id": "c8c4daa7-a20c-2f03-0070-b7393dd542ad",
	"detail-type": "GuardDuty Finding",
	"source": "aws.guardduty",
	"account": "123456789012",
	"time": "2026-11-20T08:12:53Z",
	"region": "us-east-1",
	"resources": [],
	"detail": {
		"schemaVersion": "2.0",
		"accountId": "123456789012",
		"region": "us-east-1",
		"partition": "aws",
		"id": "16afba5c5c43e07c9e3e5e2e544e95df",
		"arn": "arn:aws:guardduty:us-east-1:123456789012:detector/123456789012/finding/16afba5c5c43e07c9e3e5e2e544e95df",
		"type": "UnauthorizedAccess:EC2/SSHBruteForce",
		"resource": {"resourceType": "Instance", "instanceDetails": {"instanceId": "i-99999999"}},
		"service": {"serviceName": "guardduty", "detectorId": "123456789012", "archived": false, "count": 1},
		"severity": 8,
		"createdAt": "2026-11-20T08:00:00.000Z",
		"updatedAt": "2026-11-20T08:10:00.000Z",
		"title": "SSH brute force attacks against i-99999999.",
	},
}

cspm_event := {
	"version": "0",
	"id": "CWE-event-id",
	"detail-type": "Security Hub Findings - Imported",
	"source": "aws.securityhub",
	"account": "111122223333",
	"time": "2026-11-20T08:12:53Z",
	"region": "us-west-2",
	"resources": ["arn:aws:securityhub:us-west-2::product/aws/guardduty/arn:aws:guardduty:us-west-2:111122223333:detector/d1/finding/f1"],
	"detail": {"findings": [{
		"SchemaVersion": "2018-10-08",
		"ProductArn": "arn:aws:securityhub:us-west-2::product/aws/guardduty",
		"AwsAccountId": "111122223333",
		"Types": ["TTPs/Initial Access/UnauthorizedAccess:EC2-SSHBruteForce"],
		"Severity": {"Label": "HIGH", "Normalized": 80, "Product": 8},
		"Workflow": {"Status": "NEW"},
		"RecordState": "ACTIVE",
		"Title": "SSH brute force attacks against i-99999999.",
	}]},
}

v2_event := {
	"version": "0",
	"id": "CWE-event-id",
	"detail-type": "Findings Imported V2",
	"source": "aws.securityhub",
	"account": "111122223333",
	"time": "2026-11-20T08:12:53Z",
	"region": "us-west-2",
	"resources": ["e51603d1054aad9d9f498d82d6e81acf4cf6bc88140e8ad2273123c73b81084"],
	"detail": {"findings": [{
		"activity_id": 1,
		"class_uid": 2004,
		"category_uid": 2,
		"finding_info": {"uid": "f1", "title": "SSH brute force attacks against i-99999999."},
		"metadata": {"product": {"name": "GuardDuty", "vendor_name": "AWS"}, "version": "1.5.0"},
		"severity": "High",
		"severity_id": 4,
		"status": "New",
		"status_id": 1,
		"cloud": {"provider": "AWS", "region": "us-west-2", "account": {"uid": "111122223333"}},
	}]},
}

gd_rule := `{"source":["aws.guardduty"],"detail-type":["GuardDuty Finding"],"detail":{"severity":[{"numeric":[">=",7]}]}}`

cspm_rule := `{"source":["aws.securityhub"],"detail-type":["Security Hub Findings - Imported"],"detail":{"findings":{"Severity":{"Label":["CRITICAL","HIGH"]},"Workflow":{"Status":["NEW"]}}}}`

v2_rule := `{"source":["aws.securityhub"],"detail-type":["Findings Imported V2"],"detail":{"findings":{"severity":["High","Critical"]}}}`

sources(pattern) := aws.matched_sources({"EventPattern": pattern})

test_real_events_match_the_rules_written_for_them if {
	ep.matches(json.unmarshal(gd_rule), guardduty_event)
	ep.matches(json.unmarshal(cspm_rule), cspm_event)
	ep.matches(json.unmarshal(v2_rule), v2_event)
	not ep.matches(json.unmarshal(gd_rule), cspm_event)
	not ep.matches(json.unmarshal(cspm_rule), v2_event)
	not ep.matches(json.unmarshal(v2_rule), cspm_event)
	ep.matches({"detail": {"findings": {"severity_id": [{"numeric": [">=", 4]}]}}}, v2_event)
	ep.matches({"detail": {"findings": {"metadata": {"product": {"name": [{"equals-ignore-case": "guardduty"}]}}}}}, v2_event)
	not ep.matches({"detail": {"severity": [{"numeric": [">=", 9]}]}}, guardduty_event)
	ep.matches({"detail": {"type": [{"wildcard": "UnauthorizedAccess:*/SSH*"}]}}, guardduty_event)
}

test_rules_that_select_severe_findings if {
	sources(gd_rule) == {"aws.guardduty"}
	sources(cspm_rule) == {"aws.securityhub"}
	sources(v2_rule) == {"aws.securityhub"}
	sources(`{"source":["aws.securityhub"],"detail-type":["Findings Imported V2"],"detail":{"findings":{"severity_id":[{"numeric":[">=",5]}]}}}`) == {"aws.securityhub"}
	sources(`{"source":["aws.guardduty"],"detail":{"severity":[{"numeric":[">",8.9]}]}}`) == {"aws.guardduty"}
	sources(`{"source":[{"prefix":"aws."}]}`) == {"aws.guardduty", "aws.securityhub"}
	sources(`{"source":[{"anything-but":"aws.ec2"}]}`) == {"aws.guardduty", "aws.securityhub"}
	sources(`{"source":[{"equals-ignore-case":"AWS.GuardDuty"}],"detail-type":[{"wildcard":"GuardDuty *"}]}`) == {"aws.guardduty"}
	sources(`{"detail-type":[{"prefix":"Findings Imported"}],"source":["aws.securityhub"]}`) == {"aws.securityhub"}
	sources(`{"source":["aws.guardduty"],"detail":{"type":[{"prefix":"UnauthorizedAccess:"}]}}`) == {"aws.guardduty"}
	sources(`{"source":["aws.guardduty","aws.securityhub"],"$or":[{"detail":{"severity":[{"numeric":[">=",7]}]}},{"detail":{"findings":{"Severity":{"Label":["HIGH"]}}}}]}`) == {"aws.guardduty", "aws.securityhub"}
}

test_rules_that_can_never_match_a_severe_finding if {
	count(sources(`{"source":["aws.guardduty"],"detail":{"severity":[{"numeric":["<",7]}]}}`)) == 0
	count(sources(`{"source":["aws.securityhub"],"detail-type":["Security Hub Findings - Imported"],"detail":{"findings":{"Severity":{"Label":["LOW","MEDIUM"]}}}}`)) == 0
	count(sources(`{"source":["aws.securityhub"],"detail-type":["Findings Imported V2"],"detail":{"findings":{"severity_id":[1,2,3]}}}`)) == 0
	count(sources(`{"source":["aws.securityhub"],"detail-type":["Security Hub Findings - Imported"],"detail":{"findings":{"Severity":{"Label":["HIGH"],"Normalized":[{"numeric":[">=",90]}]}}}}`)) == 0
	count(sources(`{"source":["aws.securityhub"],"detail-type":["Security Hub Findings - Custom Action"]}`)) == 0
	count(sources(`{"source":["aws.guardduty"],"detail-type":["GuardDuty Runtime Protection Health"]}`)) == 0
	count(sources(`{"source":[{"anything-but":{"prefix":"aws."}}]}`)) == 0
	count(sources(`{"source":["aws.guardduty"],"detail":{"severity":[{"exists":false}]}}`)) == 0
	count(sources(`{"source":["aws.ec2"]}`)) == 0
	count(sources(`not json`)) == 0
	count(sources(`{"source":["aws.guardduty"],"$or":[{"a":["x"]},{"$or":[{"b":["y"]}]}]}`)) == 0
}
