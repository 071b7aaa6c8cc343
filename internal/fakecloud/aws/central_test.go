package aws_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"

	fakeaws "github.com/irscan/irscan/internal/fakecloud/aws"
)

// The reads that find where an organisation's findings go decode, with the
// real SDK clients, against the org-central scenario: custom event buses
// and their rules, GuardDuty and Security Hub administrator accounts, and
// the Security Hub finding aggregator (a greedy path label holding an ARN).

const (
	centralSecurity = "AKIAFAKE600000000003"
	centralMember   = "AKIAFAKE600000000005"
)

func orgCentral(t *testing.T) string {
	t.Helper()
	_, url := fake(t, fakeaws.Options{Fixtures: fixtureRoot, Scenario: "org-central"})
	return url
}

func TestCentralEventBuses(t *testing.T) {
	url := orgCentral(t)
	eb := eventbridge.NewFromConfig(awsConfig(t, url, centralSecurity, "us-east-1"))
	buses, err := eb.ListEventBuses(ctx, &eventbridge.ListEventBusesInput{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, b := range buses.EventBuses {
		names = append(names, aws.ToString(b.Name))
	}
	if len(names) != 2 || names[1] != "central-security-findings" {
		t.Fatalf("buses %v", names)
	}
	// The default bus (no EventBusName) and the custom bus (keyed file) answer their own rules.
	def, err := eb.ListRules(ctx, &eventbridge.ListRulesInput{})
	if err != nil || len(def.Rules) != 1 || aws.ToString(def.Rules[0].Name) != "findings-to-central-bus" {
		t.Fatalf("default bus rules %+v, %v", def, err)
	}
	central, err := eb.ListRules(ctx, &eventbridge.ListRulesInput{EventBusName: aws.String("central-security-findings")})
	if err != nil || len(central.Rules) != 1 || aws.ToString(central.Rules[0].EventBusName) != "central-security-findings" {
		t.Fatalf("central bus rules %+v, %v", central, err)
	}
	tg, err := eb.ListTargetsByRule(ctx, &eventbridge.ListTargetsByRuleInput{Rule: central.Rules[0].Name, EventBusName: central.Rules[0].EventBusName})
	if err != nil || len(tg.Targets) != 2 {
		t.Fatalf("targets %+v, %v", tg, err)
	}

	// An account without custom buses: the default bus only.
	member := eventbridge.NewFromConfig(awsConfig(t, url, centralMember, "eu-west-1"))
	mb, err := member.ListEventBuses(ctx, &eventbridge.ListEventBusesInput{})
	if err != nil || len(mb.EventBuses) != 1 || aws.ToString(mb.EventBuses[0].Arn) != "arn:aws:events:eu-west-1:600000000005:event-bus/default" {
		t.Fatalf("member buses %+v, %v", mb, err)
	}
}

func TestCentralAdministrators(t *testing.T) {
	url := orgCentral(t)
	gd := guardduty.NewFromConfig(awsConfig(t, url, centralMember, "eu-west-1"))
	ids, err := gd.ListDetectors(ctx, &guardduty.ListDetectorsInput{})
	if err != nil || len(ids.DetectorIds) != 1 {
		t.Fatalf("ListDetectors: %+v, %v", ids, err)
	}
	adm, err := gd.GetAdministratorAccount(ctx, &guardduty.GetAdministratorAccountInput{DetectorId: &ids.DetectorIds[0]})
	if err != nil || adm.Administrator == nil || aws.ToString(adm.Administrator.AccountId) != "600000000003" || aws.ToString(adm.Administrator.RelationshipStatus) != "Enabled" {
		t.Fatalf("GuardDuty GetAdministratorAccount: %+v, %v", adm, err)
	}
	// The administrator itself: 200 without an administrator.
	sgd := guardduty.NewFromConfig(awsConfig(t, url, centralSecurity, "us-east-1"))
	self, err := sgd.GetAdministratorAccount(ctx, &guardduty.GetAdministratorAccountInput{DetectorId: aws.String("030d0c0ffeeuseastexample")})
	if err != nil || self.Administrator != nil {
		t.Fatalf("administrator's GetAdministratorAccount: %+v, %v", self, err)
	}

	sh := securityhub.NewFromConfig(awsConfig(t, url, centralMember, "us-east-1"))
	sadm, err := sh.GetAdministratorAccount(ctx, &securityhub.GetAdministratorAccountInput{})
	if err != nil || sadm.Administrator == nil || aws.ToString(sadm.Administrator.AccountId) != "600000000003" || aws.ToString(sadm.Administrator.MemberStatus) != "Enabled" {
		t.Fatalf("Security Hub GetAdministratorAccount: %+v, %v", sadm, err)
	}
}

func TestCentralFindingAggregator(t *testing.T) {
	url := orgCentral(t)
	sh := securityhub.NewFromConfig(awsConfig(t, url, centralSecurity, "us-east-1"))
	list, err := sh.ListFindingAggregators(ctx, &securityhub.ListFindingAggregatorsInput{})
	if err != nil || len(list.FindingAggregators) != 1 {
		t.Fatalf("ListFindingAggregators: %+v, %v", list, err)
	}
	agg, err := sh.GetFindingAggregator(ctx, &securityhub.GetFindingAggregatorInput{FindingAggregatorArn: list.FindingAggregators[0].FindingAggregatorArn})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(agg.FindingAggregationRegion) != "us-east-1" || aws.ToString(agg.RegionLinkingMode) != "SPECIFIED_REGIONS" || len(agg.Regions) != 1 || agg.Regions[0] != "eu-west-1" {
		t.Errorf("GetFindingAggregator: %+v", agg)
	}
	// A member has no aggregator of its own.
	member := securityhub.NewFromConfig(awsConfig(t, url, centralMember, "us-east-1"))
	none, err := member.ListFindingAggregators(ctx, &securityhub.ListFindingAggregatorsInput{})
	if err != nil || len(none.FindingAggregators) != 0 {
		t.Fatalf("member ListFindingAggregators: %+v, %v", none, err)
	}
}
