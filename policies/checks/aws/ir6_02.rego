# METADATA
# title: Findings trigger automation
# description: >-
#   In every enabled region where GuardDuty (a detector ENABLED) or Security Hub (a hub) is on,
#   an ENABLED EventBridge rule selects high or critical GuardDuty findings (source aws.guardduty, detail-type
#   "GuardDuty Finding", detail.severity 7.0-10.0) or Security Hub findings (source
#   aws.securityhub: Security Hub CSPM's "Security Hub Findings - Imported", ASFF
#   Severity.Label HIGH or CRITICAL; the new Security Hub's "Findings Imported V2", OCSF
#   severity_id 4-6) of a service that is on in that region, and targets
#   automation that contains or enriches them: a Lambda function, an SSM Automation runbook
#   (automation-definition) or a Step Functions state machine; on this account's default event
#   bus, or where the findings are delivered. The pattern is matched by the EventBridge grammar (literals, prefix, suffix, anything-but, wildcard, equals-ignore-case, numeric, exists, $or): a field it does not constrain matches anything, and a pattern that can never match a high or critical finding does not count; a DISABLED rule does not count. Findings that this account's rules do not
#   send there are followed where AWS delivers them: a rule that forwards them to an event bus
#   (target arn:aws:events:<region>:<account>:event-bus/<name>, of this account or another) is
#   followed to that bus, whose rules must send them on to such a target (one hop); GuardDuty
#   findings of a member account are published in its GuardDuty administrator account's same
#   Region (GetAdministratorAccount, RelationshipStatus Enabled; the GuardDuty guide: "findings
#   for each member account roll up to the corresponding region in the master account");
#   Security Hub findings of a member reach its Security Hub administrator
#   (GetAdministratorAccount, MemberStatus Enabled: "for administrator accounts, the event feed
#   in EventBridge includes events for findings from both their account and from their member
#   accounts") and, with a finding aggregator, its home Region ("in an aggregation Region, the
#   event feed includes events for findings from the aggregation Region and the linked
#   Regions"). The verdict is then that account's rules', and the finding names the account; an
#   account that is not in the run is an error naming it (scan with --org). A local rule that
#   qualifies decides on its own. Regions where neither service is on pass with a note
#   (AWS-IR3-01 and AWS-IR3-02 report them). One finding per enabled region, saying which way
#   met the control.
# custom:
#   id: AWS-IR6-02
#   controls: [IR-6]
#   severity: medium
#   requires: [ec2.regions, guardduty.detectors, securityhub.hubs, events.rules]
#   remediation: >-
#     Automate the first containment or enrichment step for the findings that matter: write
#     it as an SSM Automation runbook, a Step Functions state machine or a Lambda function
#     (for example isolate an instance, disable an access key, snapshot a volume, tag and
#     notify), then create an EventBridge rule on the default event bus in each region:
#     aws events put-rule --name guardduty-findings-auto-response --event-pattern
#     '{"source":["aws.guardduty"],"detail-type":["GuardDuty Finding"],"detail":{"severity":[{"numeric":[">=",7]}]}}'
#     and aws events put-targets --rule guardduty-findings-auto-response --targets
#     Id=runbook,Arn=arn:aws:ssm:<region>:<account>:automation-definition/<runbook>:$DEFAULT,RoleArn=<role>
#     (or a Lambda or state machine ARN). Test it with a sample finding (aws guardduty
#     create-sample-findings) and keep the rule ENABLED.
#     In an organization, the rule can live in the GuardDuty and Security Hub delegated
#     administrator account (in each Region, or for Security Hub findings in the finding
#     aggregator's home Region), or on a central event bus the findings are forwarded to;
#     it then covers every member, and scanning with --org lets irscan see it.
#   references:
#     - https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings_eventbridge.html
#     - https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-cloudwatch-events.html
#     - https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-targets.html
#     - https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-cwe-integration-types.html
#     - https://docs.aws.amazon.com/securityhub/latest/userguide/finding-aggregation.html
#     - https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_accounts.html
#     - https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cross-account.html
#     - https://learn.microsoft.com/en-us/security/benchmark/azure/mcsb-incident-response
package irscan.checks.aws.ir6_02

import data.irscan.lib.aws

# The routing rule (this account's own rules first, then where its findings are delivered:
# a central event bus, the GuardDuty and Security Hub administrator accounts, a finding
# aggregator's home Region) is written once in irscan.lib.aws, for this check and its twin.
findings contains f if {
	some f in aws.route_findings("automation")
}
