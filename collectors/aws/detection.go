package aws

import (
	"context"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	gdtypes "github.com/aws/aws-sdk-go-v2/service/guardduty/types"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	shtypes "github.com/aws/aws-sdk-go-v2/service/securityhub/types"

	"github.com/irscan/irscan/collectors"
)

// guardDutySection reads the region's detectors and, for each, the
// GuardDuty administrator account it reports to (GetAdministratorAccount:
// no administrator for an administrator or a standalone account).
func guardDutySection(ctx context.Context, a *acct, region string) (any, error) {
	c := guardduty.NewFromConfig(a.cfg, func(o *guardduty.Options) { o.Region = region })
	ids, err := a.detectorIDs(ctx, c, region)
	if err != nil {
		return nil, err
	}
	detectors := []map[string]any{}
	admins := []map[string]any{}
	for _, id := range ids {
		out, err := c.GetDetector(ctx, &guardduty.GetDetectorInput{DetectorId: aws.String(id)})
		if err != nil {
			return nil, call("guardduty:GetDetector", err)
		}
		detectors = append(detectors, fields(out, map[string]any{"DetectorId": id}))
		adm, err := c.GetAdministratorAccount(ctx, &guardduty.GetAdministratorAccountInput{DetectorId: aws.String(id)})
		if err != nil {
			return nil, call("guardduty:GetAdministratorAccount", err)
		}
		admins = append(admins, map[string]any{"DetectorId": id, "Administrator": adm.Administrator})
	}
	return map[string]any{"DetectorIds": ids, "Detectors": detectors, "AdministratorByDetector": admins}, nil
}

// detectorIDs lists the region's detectors once for the sections that need
// them (guardduty.detectors, guardduty.publishing_destinations).
func (a *acct) detectorIDs(ctx context.Context, c *guardduty.Client, region string) ([]string, error) {
	return a.fetches.detectors.in(region).Get(ctx, func(ctx context.Context) ([]string, error) {
		ids := []string{}
		p := guardduty.NewListDetectorsPaginator(c, &guardduty.ListDetectorsInput{})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return nil, call("guardduty:ListDetectors", err)
			}
			ids = append(ids, page.DetectorIds...)
		}
		return ids, nil
	})
}

// publishingDestinationsSection reads where each detector of the region
// exports its findings (ListPublishingDestinations): GuardDuty keeps
// findings 90 days, an S3 destination keeps them as evidence.
func publishingDestinationsSection(ctx context.Context, a *acct, region string) (any, error) {
	c := guardduty.NewFromConfig(a.cfg, func(o *guardduty.Options) { o.Region = region })
	ids, err := a.detectorIDs(ctx, c, region)
	if err != nil {
		return nil, err
	}
	byDetector := []map[string]any{}
	for _, id := range ids {
		dests := []gdtypes.Destination{}
		p := guardduty.NewListPublishingDestinationsPaginator(c, &guardduty.ListPublishingDestinationsInput{DetectorId: aws.String(id)})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return nil, call("guardduty:ListPublishingDestinations", err)
			}
			dests = append(dests, page.Destinations...)
		}
		byDetector = append(byDetector, map[string]any{"DetectorId": id, "Destinations": dests})
	}
	return map[string]any{"DetectorIds": ids, "DestinationsByDetector": byDetector}, nil
}

// perRegion memoises one read per region.
type perRegion[T any] struct {
	mu sync.Mutex
	m  map[string]*collectors.Fetch[T]
}

func (p *perRegion[T]) in(region string) *collectors.Fetch[T] {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.m == nil {
		p.m = map[string]*collectors.Fetch[T]{}
	}
	if p.m[region] == nil {
		p.m[region] = &collectors.Fetch[T]{}
	}
	return p.m[region]
}

// securityHubSection reads the hub; InvalidAccessException means the
// account is not subscribed in that region, which is data (Hub null). For
// an enabled hub it also reads the enabled standards, the Security Hub
// administrator account (GetAdministratorAccount) and the finding
// aggregators (ListFindingAggregators), each detailed with
// GetFindingAggregator in its home Region only (the Region of its ARN).
func securityHubSection(ctx context.Context, a *acct, region string) (any, error) {
	c := securityhub.NewFromConfig(a.cfg, func(o *securityhub.Options) { o.Region = region })
	hub, err := c.DescribeHub(ctx, &securityhub.DescribeHubInput{})
	if isCode(err, "InvalidAccessException", "ResourceNotFoundException") {
		return map[string]any{"Hub": nil, "StandardsSubscriptions": []shtypes.StandardsSubscription{},
			"Administrator": nil, "FindingAggregators": []map[string]any{}}, nil
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
	adm, err := c.GetAdministratorAccount(ctx, &securityhub.GetAdministratorAccountInput{})
	if err != nil {
		return nil, call("securityhub:GetAdministratorAccount", err)
	}
	aggregators := []map[string]any{}
	ap := securityhub.NewListFindingAggregatorsPaginator(c, &securityhub.ListFindingAggregatorsInput{})
	for ap.HasMorePages() {
		page, err := ap.NextPage(ctx)
		if err != nil {
			return nil, call("securityhub:ListFindingAggregators", err)
		}
		for _, fa := range page.FindingAggregators {
			arn := aws.ToString(fa.FindingAggregatorArn)
			entry := map[string]any{"FindingAggregatorArn": arn, "FindingAggregationRegion": nil, "RegionLinkingMode": nil, "Regions": nil}
			if arnRegion(arn) == region {
				out, err := c.GetFindingAggregator(ctx, &securityhub.GetFindingAggregatorInput{FindingAggregatorArn: aws.String(arn)})
				if err != nil {
					return nil, call("securityhub:GetFindingAggregator", err)
				}
				entry = fields(out, nil)
			}
			aggregators = append(aggregators, entry)
		}
	}
	return map[string]any{"Hub": fields(hub, nil), "StandardsSubscriptions": subs,
		"Administrator": adm.Administrator, "FindingAggregators": aggregators}, nil
}

// arnRegion is the region field of an ARN ("" when it has none).
func arnRegion(arn string) string {
	parts := strings.SplitN(arn, ":", 5)
	if len(parts) < 5 {
		return ""
	}
	return parts[3]
}

// eventRulesSection reads the region's event buses (ListEventBuses), the
// rules of every bus (the default bus without EventBusName, the others by
// name) and their targets. A rule's target may be another event bus (its
// ARN names the bus's account and region); the checks follow it.
func eventRulesSection(ctx context.Context, a *acct, region string) (any, error) {
	c := eventbridge.NewFromConfig(a.cfg, func(o *eventbridge.Options) { o.Region = region })
	buses := []ebtypes.EventBus{}
	bin := &eventbridge.ListEventBusesInput{}
	for {
		out, err := c.ListEventBuses(ctx, bin)
		if err != nil {
			return nil, call("events:ListEventBuses", err)
		}
		buses = append(buses, out.EventBuses...)
		if aws.ToString(out.NextToken) == "" {
			break
		}
		bin.NextToken = out.NextToken
	}
	rules, err := listRules(ctx, c, "")
	if err != nil {
		return nil, err
	}
	for _, b := range buses {
		name := aws.ToString(b.Name)
		if name == "" || name == "default" {
			continue
		}
		more, err := listRules(ctx, c, name)
		if err != nil {
			return nil, err
		}
		rules = append(rules, more...)
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
		targets = append(targets, map[string]any{"Rule": aws.ToString(r.Name), "EventBusName": busName(r.EventBusName), "Targets": list})
	}
	return map[string]any{"EventBuses": buses, "Rules": rules, "TargetsByRule": targets}, nil
}

// listRules reads every rule of one event bus ("" is the default bus, read
// without EventBusName as before there were custom buses); each rule keeps
// the name of its bus.
func listRules(ctx context.Context, c *eventbridge.Client, bus string) ([]ebtypes.Rule, error) {
	rules := []ebtypes.Rule{}
	in := &eventbridge.ListRulesInput{}
	if bus != "" {
		in.EventBusName = aws.String(bus)
	}
	for {
		out, err := c.ListRules(ctx, in)
		if err != nil {
			return nil, call("events:ListRules", err)
		}
		for _, r := range out.Rules {
			if bus != "" && aws.ToString(r.EventBusName) == "" {
				r.EventBusName = aws.String(bus)
			}
			rules = append(rules, r)
		}
		if aws.ToString(out.NextToken) == "" {
			break
		}
		in.NextToken = out.NextToken
	}
	return rules, nil
}

// busName is a rule's event bus name; a rule listed without one is on the
// default bus.
func busName(name *string) string {
	if n := aws.ToString(name); n != "" {
		return n
	}
	return "default"
}
