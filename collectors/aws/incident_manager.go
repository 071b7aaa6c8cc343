package aws

import (
	"context"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/account"
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

func responsePlansSection(ctx context.Context, a *acct, region string) (any, error) {
	c := ssmincidents.NewFromConfig(a.cfg, func(o *ssmincidents.Options) { o.Region = region })
	summaries := []incidenttypes.ResponsePlanSummary{}
	p := ssmincidents.NewListResponsePlansPaginator(c, &ssmincidents.ListResponsePlansInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, call("ssm-incidents:ListResponsePlans", err)
		}
		summaries = append(summaries, page.ResponsePlanSummaries...)
	}
	plans := []map[string]any{}
	for _, s := range summaries {
		out, err := c.GetResponsePlan(ctx, &ssmincidents.GetResponsePlanInput{Arn: s.Arn})
		if err != nil {
			return nil, call("ssm-incidents:GetResponsePlan", err)
		}
		plans = append(plans, fields(out, nil))
	}
	return map[string]any{"ResponsePlanSummaries": summaries, "ResponsePlans": plans}, nil
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
