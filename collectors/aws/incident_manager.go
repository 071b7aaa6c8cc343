package aws

import (
	"context"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/account"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts"
	contacttypes "github.com/aws/aws-sdk-go-v2/service/ssmcontacts/types"
	"github.com/aws/aws-sdk-go-v2/service/ssmincidents"
	incidenttypes "github.com/aws/aws-sdk-go-v2/service/ssmincidents/types"
)

// alternateContact reads the SECURITY alternate contact; "never set" is data.
func alternateContact(ctx context.Context, a *acct, _ string) (any, error) {
	out, err := account.NewFromConfig(a.cfg).GetAlternateContact(ctx, &account.GetAlternateContactInput{AlternateContactType: "SECURITY"})
	if isCode(err, "ResourceNotFoundException") {
		return map[string]any{"AlternateContact": nil}, nil
	}
	if err != nil {
		return nil, call("account:GetAlternateContact", err)
	}
	return map[string]any{"AlternateContact": out.AlternateContact}, nil
}

// replicationSets is the account's Incident Manager replication set(s).
type replicationSets struct {
	ReplicationSetArns []string                        `json:"ReplicationSetArns"`
	ReplicationSets    []*incidenttypes.ReplicationSet `json:"ReplicationSets"`
}

func (a *acct) replicationSets(ctx context.Context) (replicationSets, error) {
	return a.fetches.replication.Get(ctx, func(ctx context.Context) (replicationSets, error) {
		c := ssmincidents.NewFromConfig(a.cfg)
		out := replicationSets{ReplicationSetArns: []string{}, ReplicationSets: []*incidenttypes.ReplicationSet{}}
		p := ssmincidents.NewListReplicationSetsPaginator(c, &ssmincidents.ListReplicationSetsInput{})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return out, call("ssm-incidents:ListReplicationSets", err)
			}
			out.ReplicationSetArns = append(out.ReplicationSetArns, page.ReplicationSetArns...)
		}
		for _, arn := range out.ReplicationSetArns {
			rs, err := c.GetReplicationSet(ctx, &ssmincidents.GetReplicationSetInput{Arn: aws.String(arn)})
			if err != nil {
				return out, call("ssm-incidents:GetReplicationSet", err)
			}
			out.ReplicationSets = append(out.ReplicationSets, rs.ReplicationSet)
		}
		return out, nil
	})
}

func replicationSetSection(ctx context.Context, a *acct, _ string) (any, error) {
	return a.replicationSets(ctx)
}

// incidentManagerRegions are the regions of the replication set; without
// one, the account's home region (where the answers are then empty).
func incidentManagerRegions(ctx context.Context, a *acct) ([]string, error) {
	rs, err := a.replicationSets(ctx)
	if err != nil {
		// Not attempted: without the replication set the regions are unknown
		// (SECTIONS.md: the Incident Manager sections are then skipped).
		return nil, &skipError{reason: "section ssm_incidents.replication_sets could not be read, so the Incident Manager regions are unknown: " + oneLine(err.Error())}
	}
	var regions []string
	for _, set := range rs.ReplicationSets {
		for r := range set.RegionMap {
			if !slices.Contains(regions, r) {
				regions = append(regions, r)
			}
		}
	}
	if len(regions) == 0 {
		regions = []string{a.home}
	}
	slices.Sort(regions)
	return regions, nil
}

func contactsSection(ctx context.Context, a *acct, region string) (any, error) {
	c := ssmcontacts.NewFromConfig(a.cfg, func(o *ssmcontacts.Options) { o.Region = region })
	contacts := []contacttypes.Contact{}
	p := ssmcontacts.NewListContactsPaginator(c, &ssmcontacts.ListContactsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, call("ssm-contacts:ListContacts", err)
		}
		contacts = append(contacts, page.Contacts...)
	}
	channels := []contacttypes.ContactChannel{}
	details := []map[string]any{}
	for _, ct := range contacts {
		if ct.Type == contacttypes.ContactTypePersonal {
			cp := ssmcontacts.NewListContactChannelsPaginator(c, &ssmcontacts.ListContactChannelsInput{ContactId: ct.ContactArn})
			for cp.HasMorePages() {
				page, err := cp.NextPage(ctx)
				if err != nil {
					return nil, call("ssm-contacts:ListContactChannels", err)
				}
				channels = append(channels, page.ContactChannels...)
			}
		}
		out, err := c.GetContact(ctx, &ssmcontacts.GetContactInput{ContactId: ct.ContactArn})
		if err != nil {
			return nil, call("ssm-contacts:GetContact", err)
		}
		details = append(details, fields(out, nil))
	}
	return map[string]any{"Contacts": contacts, "ContactChannels": channels, "ContactDetails": details}, nil
}

// responsePlans is one Incident Manager region's response plans: the
// summaries ListResponsePlans gives and each plan's GetResponsePlan answer.
type responsePlans struct {
	summaries []incidenttypes.ResponsePlanSummary
	plans     []*ssmincidents.GetResponsePlanOutput
}

// responsePlans reads a region's response plans once, for
// ssm_incidents.response_plans and sns.subscriptions.
func (a *acct) responsePlans(ctx context.Context, region string) (responsePlans, error) {
	return a.fetches.plans.in(region).Get(ctx, func(ctx context.Context) (responsePlans, error) {
		c := ssmincidents.NewFromConfig(a.cfg, func(o *ssmincidents.Options) { o.Region = region })
		out := responsePlans{summaries: []incidenttypes.ResponsePlanSummary{}}
		p := ssmincidents.NewListResponsePlansPaginator(c, &ssmincidents.ListResponsePlansInput{})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return out, call("ssm-incidents:ListResponsePlans", err)
			}
			out.summaries = append(out.summaries, page.ResponsePlanSummaries...)
		}
		for _, s := range out.summaries {
			plan, err := c.GetResponsePlan(ctx, &ssmincidents.GetResponsePlanInput{Arn: s.Arn})
			if err != nil {
				return out, call("ssm-incidents:GetResponsePlan", err)
			}
			out.plans = append(out.plans, plan)
		}
		return out, nil
	})
}

func responsePlansSection(ctx context.Context, a *acct, region string) (any, error) {
	rp, err := a.responsePlans(ctx, region)
	if err != nil {
		return nil, err
	}
	plans := []map[string]any{}
	for _, out := range rp.plans {
		plans = append(plans, fields(out, nil))
	}
	return map[string]any{"ResponsePlanSummaries": rp.summaries, "ResponsePlans": plans}, nil
}

// planTopics are the SNS topics a region's response plans notify: the
// incident template's notification targets and the chat channel's topics
// (AWS Chatbot), sorted, each once.
func planTopics(rp responsePlans) []string {
	var arns []string
	add := func(arn string) {
		if arn != "" && !slices.Contains(arns, arn) {
			arns = append(arns, arn)
		}
	}
	for _, plan := range rp.plans {
		if plan.IncidentTemplate != nil {
			for _, t := range plan.IncidentTemplate.NotificationTargets {
				if sns, ok := t.(*incidenttypes.NotificationTargetItemMemberSnsTopicArn); ok {
					add(sns.Value)
				}
			}
		}
		if ch, ok := plan.ChatChannel.(*incidenttypes.ChatChannelMemberChatbotSns); ok {
			for _, arn := range ch.Value {
				add(arn)
			}
		}
	}
	slices.Sort(arns)
	return arns
}

// notificationTopicsSection reads the subscriptions of every SNS topic the
// region's response plans notify, in the topic's own region. A topic that
// does not exist is data (Exists false). Each subscription keeps its ARN
// (the string PendingConfirmation until the endpoint confirms), protocol and
// owner; its Endpoint (an address, a phone number, a URL that may carry a
// token) is not kept.
func notificationTopicsSection(ctx context.Context, a *acct, region string) (any, error) {
	rp, err := a.responsePlans(ctx, region)
	if err != nil {
		return nil, &skipError{reason: "section ssm_incidents.response_plans could not be read, so the topics its plans notify are unknown: " + oneLine(err.Error())}
	}
	topics := []map[string]any{}
	for _, arn := range planTopics(rp) {
		topicRegion := region
		if parts := strings.Split(arn, ":"); len(parts) == 6 && parts[3] != "" {
			topicRegion = parts[3]
		}
		c := sns.NewFromConfig(a.cfg, func(o *sns.Options) { o.Region = topicRegion })
		subs := []map[string]any{}
		exists := true
		p := sns.NewListSubscriptionsByTopicPaginator(c, &sns.ListSubscriptionsByTopicInput{TopicArn: aws.String(arn)})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if isCode(err, "NotFound") {
				exists = false
				break
			}
			if err != nil {
				return nil, call("sns:ListSubscriptionsByTopic", err)
			}
			for _, s := range page.Subscriptions {
				subs = append(subs, map[string]any{"SubscriptionArn": aws.ToString(s.SubscriptionArn),
					"Protocol": aws.ToString(s.Protocol), "Owner": aws.ToString(s.Owner), "TopicArn": aws.ToString(s.TopicArn)})
			}
		}
		topics = append(topics, map[string]any{"TopicArn": arn, "Exists": exists, "Subscriptions": subs})
	}
	return map[string]any{"Topics": topics}, nil
}

func incidentRecordsSection(ctx context.Context, a *acct, region string) (any, error) {
	c := ssmincidents.NewFromConfig(a.cfg, func(o *ssmincidents.Options) { o.Region = region })
	records := []incidenttypes.IncidentRecordSummary{}
	p := ssmincidents.NewListIncidentRecordsPaginator(c, &ssmincidents.ListIncidentRecordsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, call("ssm-incidents:ListIncidentRecords", err)
		}
		records = append(records, page.IncidentRecordSummaries...)
	}
	related := []map[string]any{}
	for _, r := range records {
		if r.Status != incidenttypes.IncidentRecordStatusResolved {
			continue
		}
		items := []incidenttypes.RelatedItem{}
		rp := ssmincidents.NewListRelatedItemsPaginator(c, &ssmincidents.ListRelatedItemsInput{IncidentRecordArn: r.Arn})
		for rp.HasMorePages() {
			page, err := rp.NextPage(ctx)
			if err != nil {
				return nil, call("ssm-incidents:ListRelatedItems", err)
			}
			items = append(items, page.RelatedItems...)
		}
		related = append(related, map[string]any{"IncidentRecordArn": aws.ToString(r.Arn), "RelatedItems": items})
	}
	return map[string]any{"IncidentRecordSummaries": records, "RelatedItemsByIncident": related}, nil
}
