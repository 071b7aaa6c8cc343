package aws

import (
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	logtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// trails lists every trail visible in the collected regions (shadow trails
// of multi-region trails included), once per account, merged by ARN.
func (a *acct) trails(ctx context.Context) ([]cttypes.Trail, error) {
	return a.fetches.trails.Get(ctx, func(ctx context.Context) ([]cttypes.Trail, error) {
		var mu sync.Mutex
		var firstErr error
		byARN := map[string]cttypes.Trail{}
		var wg sync.WaitGroup
		for _, r := range a.regions {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c := cloudtrail.NewFromConfig(a.cfg, func(o *cloudtrail.Options) { o.Region = r })
				out, err := c.DescribeTrails(ctx, &cloudtrail.DescribeTrailsInput{IncludeShadowTrails: aws.Bool(true)})
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					if firstErr == nil {
						firstErr = call("cloudtrail:DescribeTrails", err)
					}
					return
				}
				for _, t := range out.TrailList {
					byARN[aws.ToString(t.TrailARN)] = t
				}
			}()
		}
		wg.Wait()
		if firstErr != nil {
			return nil, firstErr
		}
		out := make([]cttypes.Trail, 0, len(byARN))
		for _, t := range byARN {
			out = append(out, t)
		}
		slices.SortFunc(out, func(x, y cttypes.Trail) int {
			return strings.Compare(aws.ToString(x.TrailARN), aws.ToString(y.TrailARN))
		})
		return out, nil
	})
}

// trailsSection adds each trail's status and event selectors, read in the
// trail's home region.
func trailsSection(ctx context.Context, a *acct, _ string) (any, error) {
	trails, err := a.trails(ctx)
	if err != nil {
		return nil, err
	}
	statuses := []map[string]any{}
	selectors := []map[string]any{}
	for _, t := range trails {
		home := aws.ToString(t.HomeRegion)
		if home == "" {
			home = a.home
		}
		c := cloudtrail.NewFromConfig(a.cfg, func(o *cloudtrail.Options) { o.Region = home })
		st, err := c.GetTrailStatus(ctx, &cloudtrail.GetTrailStatusInput{Name: t.TrailARN})
		if err != nil {
			return nil, call("cloudtrail:GetTrailStatus", err)
		}
		statuses = append(statuses, fields(st, map[string]any{"TrailARN": aws.ToString(t.TrailARN)}))
		es, err := c.GetEventSelectors(ctx, &cloudtrail.GetEventSelectorsInput{TrailName: t.TrailARN})
		if err != nil {
			return nil, call("cloudtrail:GetEventSelectors", err)
		}
		selectors = append(selectors, map[string]any{
			"TrailARN":               aws.ToString(t.TrailARN),
			"EventSelectors":         orEmpty(es.EventSelectors),
			"AdvancedEventSelectors": orEmpty(es.AdvancedEventSelectors),
		})
	}
	return map[string]any{"TrailList": trails, "TrailStatusByTrail": statuses, "EventSelectorsByTrail": selectors}, nil
}

func logGroupsSection(ctx context.Context, a *acct, region string) (any, error) {
	c := cloudwatchlogs.NewFromConfig(a.cfg, func(o *cloudwatchlogs.Options) { o.Region = region })
	groups := []logtypes.LogGroup{}
	p := cloudwatchlogs.NewDescribeLogGroupsPaginator(c, &cloudwatchlogs.DescribeLogGroupsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, call("logs:DescribeLogGroups", err)
		}
		groups = append(groups, page.LogGroups...)
	}
	return map[string]any{"LogGroups": groups}, nil
}

func vpcFlowLogsSection(ctx context.Context, a *acct, region string) (any, error) {
	c := ec2.NewFromConfig(a.cfg, func(o *ec2.Options) { o.Region = region })
	vpcs := []ec2types.Vpc{}
	p := ec2.NewDescribeVpcsPaginator(c, &ec2.DescribeVpcsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, call("ec2:DescribeVpcs", err)
		}
		vpcs = append(vpcs, page.Vpcs...)
	}
	logs := []ec2types.FlowLog{}
	if len(vpcs) > 0 {
		fp := ec2.NewDescribeFlowLogsPaginator(c, &ec2.DescribeFlowLogsInput{})
		for fp.HasMorePages() {
			page, err := fp.NextPage(ctx)
			if err != nil {
				return nil, call("ec2:DescribeFlowLogs", err)
			}
			logs = append(logs, page.FlowLogs...)
		}
	}
	return map[string]any{"Vpcs": vpcs, "FlowLogs": logs}, nil
}
