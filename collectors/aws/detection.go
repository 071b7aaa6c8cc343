package aws

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	shtypes "github.com/aws/aws-sdk-go-v2/service/securityhub/types"
)

func guardDutySection(ctx context.Context, a *acct, region string) (any, error) {
	c := guardduty.NewFromConfig(a.cfg, func(o *guardduty.Options) { o.Region = region })
	ids := []string{}
	p := guardduty.NewListDetectorsPaginator(c, &guardduty.ListDetectorsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, call("guardduty:ListDetectors", err)
		}
		ids = append(ids, page.DetectorIds...)
	}
	detectors := []map[string]any{}
	for _, id := range ids {
		out, err := c.GetDetector(ctx, &guardduty.GetDetectorInput{DetectorId: aws.String(id)})
		if err != nil {
			return nil, call("guardduty:GetDetector", err)
		}
		detectors = append(detectors, fields(out, map[string]any{"DetectorId": id}))
	}
	return map[string]any{"DetectorIds": ids, "Detectors": detectors}, nil
}

// securityHubSection reads the hub; InvalidAccessException means the
// account is not subscribed in that region, which is data (Hub null).
func securityHubSection(ctx context.Context, a *acct, region string) (any, error) {
	c := securityhub.NewFromConfig(a.cfg, func(o *securityhub.Options) { o.Region = region })
	hub, err := c.DescribeHub(ctx, &securityhub.DescribeHubInput{})
	if isCode(err, "InvalidAccessException", "ResourceNotFoundException") {
		return map[string]any{"Hub": nil, "StandardsSubscriptions": []shtypes.StandardsSubscription{}}, nil
	}
	if err != nil {
		return nil, call("securityhub:DescribeHub", err)
	}
	subs := []shtypes.StandardsSubscription{}
	p := securityhub.NewGetEnabledStandardsPaginator(c, &securityhub.GetEnabledStandardsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, call("securityhub:GetEnabledStandards", err)
		}
		subs = append(subs, page.StandardsSubscriptions...)
	}
	return map[string]any{"Hub": fields(hub, nil), "StandardsSubscriptions": subs}, nil
}

// eventRulesSection reads the default event bus's rules and their targets.
func eventRulesSection(ctx context.Context, a *acct, region string) (any, error) {
	c := eventbridge.NewFromConfig(a.cfg, func(o *eventbridge.Options) { o.Region = region })
	rules := []ebtypes.Rule{}
	in := &eventbridge.ListRulesInput{}
	for {
		out, err := c.ListRules(ctx, in)
		if err != nil {
			return nil, call("events:ListRules", err)
		}
		rules = append(rules, out.Rules...)
		if aws.ToString(out.NextToken) == "" {
			break
		}
		in.NextToken = out.NextToken
	}
	targets := []map[string]any{}
	for _, r := range rules {
		list := []ebtypes.Target{}
		tin := &eventbridge.ListTargetsByRuleInput{Rule: r.Name, EventBusName: r.EventBusName}
		for {
			out, err := c.ListTargetsByRule(ctx, tin)
			if err != nil {
				return nil, call("events:ListTargetsByRule", err)
			}
			list = append(list, out.Targets...)
			if aws.ToString(out.NextToken) == "" {
				break
			}
			tin.NextToken = out.NextToken
		}
		targets = append(targets, map[string]any{"Rule": aws.ToString(r.Name), "Targets": list})
	}
	return map[string]any{"Rules": rules, "TargetsByRule": targets}, nil
}
