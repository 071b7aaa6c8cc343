package aws_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/account"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/ssmcontacts"
	"github.com/aws/aws-sdk-go-v2/service/ssmincidents"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	fakeaws "github.com/irscan/irscan/internal/fakecloud/aws"
)

// The tests in this file prove that every operation irscan calls decodes,
// with the real SDK clients, against the compliant scenario, and that the
// decoded values are the IR-ready ones the scenario promises.

var regions = []string{"us-east-1", "eu-west-1"}

func TestCompliantGuardDuty(t *testing.T) {
	_, url := compliant(t, fakeaws.Options{})
	for _, region := range regions {
		gd := guardduty.NewFromConfig(awsConfig(t, url, compliantKey, region))
		var ids []string
		p := guardduty.NewListDetectorsPaginator(gd, &guardduty.ListDetectorsInput{})
		for p.HasMorePages() {
			out, err := p.NextPage(ctx)
			if err != nil {
				t.Fatalf("%s ListDetectors: %v", region, err)
			}
			ids = append(ids, out.DetectorIds...)
		}
		if len(ids) != 1 {
			t.Fatalf("%s: detectors = %v, want one", region, ids)
		}
		det, err := gd.GetDetector(ctx, &guardduty.GetDetectorInput{DetectorId: &ids[0]})
		if err != nil {
			t.Fatalf("%s GetDetector: %v", region, err)
		}
		if det.Status != "ENABLED" || len(det.Features) == 0 || det.Features[0].Status != "ENABLED" {
			t.Errorf("%s: detector status %q, features %+v", region, det.Status, det.Features)
		}
		if det.DataSources == nil || det.DataSources.CloudTrail.Status != "ENABLED" {
			t.Errorf("%s: dataSources not decoded: %+v", region, det.DataSources)
		}
	}
}

func TestCompliantSecurityHub(t *testing.T) {
	_, url := compliant(t, fakeaws.Options{})
	for _, region := range regions {
		sh := securityhub.NewFromConfig(awsConfig(t, url, compliantKey, region))
		hub, err := sh.DescribeHub(ctx, &securityhub.DescribeHubInput{})
		if err != nil {
			t.Fatalf("%s DescribeHub: %v", region, err)
		}
		if want := "arn:aws:securityhub:" + region + ":111111111111:hub/default"; aws.ToString(hub.HubArn) != want {
			t.Errorf("HubArn = %q, want %q", aws.ToString(hub.HubArn), want)
		}
		var subs int
		p := securityhub.NewGetEnabledStandardsPaginator(sh, &securityhub.GetEnabledStandardsInput{})
		for p.HasMorePages() {
			out, err := p.NextPage(ctx)
			if err != nil {
				t.Fatalf("%s GetEnabledStandards: %v", region, err)
			}
			for _, s := range out.StandardsSubscriptions {
				if s.StandardsStatus != "READY" {
					t.Errorf("%s: standard %s is %s", region, aws.ToString(s.StandardsArn), s.StandardsStatus)
				}
				subs++
			}
		}
		if subs != 2 {
			t.Errorf("%s: %d enabled standards, want 2", region, subs)
		}
	}
}

func TestCompliantEventBridge(t *testing.T) {
	srv, url := compliant(t, fakeaws.Options{})
	wantRules := map[string]int{"us-east-1": 5, "eu-west-1": 3}
	for _, region := range regions {
		eb := eventbridge.NewFromConfig(awsConfig(t, url, compliantKey, region))
		// EventBridge has no ListRules paginator: follow NextToken by hand.
		var rules []string
		routed := map[string]bool{}
		var token *string
		for {
			out, err := eb.ListRules(ctx, &eventbridge.ListRulesInput{NextToken: token})
			if err != nil {
				t.Fatalf("%s ListRules: %v", region, err)
			}
			for _, r := range out.Rules {
				rules = append(rules, aws.ToString(r.Name))
				targets, err := eb.ListTargetsByRule(ctx, &eventbridge.ListTargetsByRuleInput{Rule: r.Name})
				if err != nil {
					t.Fatalf("%s ListTargetsByRule %s: %v", region, aws.ToString(r.Name), err)
				}
				var pattern struct {
					Source []string `json:"source"`
				}
				if r.EventPattern != nil {
					if err := json.Unmarshal([]byte(*r.EventPattern), &pattern); err != nil {
						t.Errorf("rule %s: EventPattern is not JSON: %v", aws.ToString(r.Name), err)
					}
				}
				for _, tg := range targets.Targets {
					for _, src := range pattern.Source {
						routed[src+" -> "+strings.SplitN(aws.ToString(tg.Arn), ":", 4)[2]] = true
					}
				}
			}
			if out.NextToken == nil {
				break
			}
			token = out.NextToken
		}
		if len(rules) != wantRules[region] {
			t.Errorf("%s: %d rules over all pages (%v), want %d", region, len(rules), rules, wantRules[region])
		}
		for _, want := range []string{"aws.guardduty -> ssm-incidents", "aws.securityhub -> ssm-incidents", "aws.guardduty -> lambda"} {
			if !routed[want] {
				t.Errorf("%s: no rule routes %s (routes: %v)", region, want, routed)
			}
		}
	}
	pages := map[string]bool{}
	for _, c := range callsOf(srv, "events", "ListRules") {
		pages[c.Region+"/"+c.Params["page"]] = true
	}
	for _, want := range []string{"us-east-1/1", "us-east-1/2", "us-east-1/3", "eu-west-1/1", "eu-west-1/2"} {
		if !pages[want] {
			t.Errorf("ListRules page %s was not served (served: %v)", want, pages)
		}
	}
}

func TestCompliantCloudTrail(t *testing.T) {
	_, url := compliant(t, fakeaws.Options{})
	for _, region := range regions {
		ct := cloudtrail.NewFromConfig(awsConfig(t, url, compliantKey, region))
		trails, err := ct.DescribeTrails(ctx, &cloudtrail.DescribeTrailsInput{})
		if err != nil {
			t.Fatalf("%s DescribeTrails: %v", region, err)
		}
		if len(trails.TrailList) != 1 {
			t.Fatalf("%s: %d trails, want 1", region, len(trails.TrailList))
		}
		tr := trails.TrailList[0]
		if !aws.ToBool(tr.IsMultiRegionTrail) || !aws.ToBool(tr.LogFileValidationEnabled) || tr.CloudWatchLogsLogGroupArn == nil {
			t.Errorf("%s: trail %+v is not multi-region with validation and CloudWatch Logs", region, tr)
		}
		// Both the trail name and its ARN select the same fixture.
		for _, name := range []*string{tr.Name, tr.TrailARN} {
			st, err := ct.GetTrailStatus(ctx, &cloudtrail.GetTrailStatusInput{Name: name})
			if err != nil {
				t.Fatalf("%s GetTrailStatus(%s): %v", region, aws.ToString(name), err)
			}
			if !aws.ToBool(st.IsLogging) || st.StartLoggingTime == nil {
				t.Errorf("%s: trail status %+v", region, st)
			}
		}
		sel, err := ct.GetEventSelectors(ctx, &cloudtrail.GetEventSelectorsInput{TrailName: tr.TrailARN})
		if err != nil {
			t.Fatalf("%s GetEventSelectors: %v", region, err)
		}
		if len(sel.EventSelectors) != 1 || sel.EventSelectors[0].ReadWriteType != "All" || !aws.ToBool(sel.EventSelectors[0].IncludeManagementEvents) {
			t.Errorf("%s: event selectors %+v", region, sel.EventSelectors)
		}
	}
}

func TestCompliantLogGroups(t *testing.T) {
	srv, url := compliant(t, fakeaws.Options{})
	want := map[string]int{"us-east-1": 4, "eu-west-1": 2}
	for _, region := range regions {
		logs := cloudwatchlogs.NewFromConfig(awsConfig(t, url, compliantKey, region))
		var n int
		p := cloudwatchlogs.NewDescribeLogGroupsPaginator(logs, &cloudwatchlogs.DescribeLogGroupsInput{})
		for p.HasMorePages() {
			out, err := p.NextPage(ctx)
			if err != nil {
				t.Fatalf("%s DescribeLogGroups: %v", region, err)
			}
			for _, g := range out.LogGroups {
				if aws.ToInt32(g.RetentionInDays) != 400 {
					t.Errorf("%s: %s retention %d, want 400", region, aws.ToString(g.LogGroupName), aws.ToInt32(g.RetentionInDays))
				}
				n++
			}
		}
		if n != want[region] {
			t.Errorf("%s: paginator read %d log groups, want %d", region, n, want[region])
		}
	}
	if got := len(callsOf(srv, "logs", "DescribeLogGroups")); got != 3 {
		t.Errorf("DescribeLogGroups called %d times, want 3 (2 pages + 1 page)", got)
	}
}

func TestCompliantEC2(t *testing.T) {
	_, url := compliant(t, fakeaws.Options{})
	cfg := awsConfig(t, url, compliantKey, "us-east-1")
	regionsOut, err := ec2.NewFromConfig(cfg).DescribeRegions(ctx, &ec2.DescribeRegionsInput{})
	if err != nil {
		t.Fatalf("DescribeRegions: %v", err)
	}
	var names []string
	for _, r := range regionsOut.Regions {
		names = append(names, aws.ToString(r.RegionName))
	}
	if strings.Join(names, ",") != "eu-west-1,us-east-1" {
		t.Errorf("DescribeRegions = %v, want the scenario's regions", names)
	}
	wantVPCs := map[string]int{"us-east-1": 2, "eu-west-1": 1}
	for _, region := range regions {
		client := ec2.NewFromConfig(awsConfig(t, url, compliantKey, region))
		var vpcs []ec2types.Vpc
		p := ec2.NewDescribeVpcsPaginator(client, &ec2.DescribeVpcsInput{})
		for p.HasMorePages() {
			out, err := p.NextPage(ctx)
			if err != nil {
				t.Fatalf("%s DescribeVpcs: %v", region, err)
			}
			vpcs = append(vpcs, out.Vpcs...)
		}
		if len(vpcs) != wantVPCs[region] {
			t.Fatalf("%s: paginator read %d VPCs, want %d", region, len(vpcs), wantVPCs[region])
		}
		for _, v := range vpcs {
			out, err := client.DescribeFlowLogs(ctx, &ec2.DescribeFlowLogsInput{Filter: []ec2types.Filter{
				{Name: aws.String("resource-id"), Values: []string{aws.ToString(v.VpcId)}}}})
			if err != nil {
				t.Fatalf("%s DescribeFlowLogs(%s): %v", region, aws.ToString(v.VpcId), err)
			}
			if len(out.FlowLogs) != 1 || aws.ToString(out.FlowLogs[0].ResourceId) != aws.ToString(v.VpcId) ||
				aws.ToString(out.FlowLogs[0].FlowLogStatus) != "ACTIVE" {
				t.Errorf("%s: flow logs of %s = %+v", region, aws.ToString(v.VpcId), out.FlowLogs)
			}
		}
		all, err := client.DescribeFlowLogs(ctx, &ec2.DescribeFlowLogsInput{})
		if err != nil || len(all.FlowLogs) != len(vpcs) {
			t.Errorf("%s: unfiltered DescribeFlowLogs = %d flow logs, %v; want %d", region, len(all.FlowLogs), err, len(vpcs))
		}
	}
}

func TestCompliantS3(t *testing.T) {
	_, url := compliant(t, fakeaws.Options{})
	client := s3.NewFromConfig(awsConfig(t, url, compliantKey, "us-east-1"), func(o *s3.Options) { o.UsePathStyle = true })
	var buckets []string
	p := s3.NewListBucketsPaginator(client, &s3.ListBucketsInput{})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			t.Fatalf("ListBuckets: %v", err)
		}
		for _, b := range out.Buckets {
			buckets = append(buckets, aws.ToString(b.Name))
		}
	}
	if len(buckets) != 3 {
		t.Fatalf("buckets = %v, want 3", buckets)
	}
	locked := 0
	for _, b := range buckets {
		tags, err := client.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: &b})
		if err != nil {
			t.Fatalf("GetBucketTagging(%s): %v", b, err)
		}
		classified := false
		for _, tag := range tags.TagSet {
			classified = classified || aws.ToString(tag.Key) == "DataClassification"
		}
		if !classified {
			t.Errorf("%s has no DataClassification tag: %+v", b, tags.TagSet)
		}
		ver, err := client.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: &b})
		if err != nil || ver.Status != "Enabled" {
			t.Errorf("GetBucketVersioning(%s) = %q, %v", b, ver.Status, err)
		}
		lock, err := client.GetObjectLockConfiguration(ctx, &s3.GetObjectLockConfigurationInput{Bucket: &b})
		if err != nil {
			// The customer-data bucket has no Object Lock: an error fixture.
			wantAPIError(t, err, "ObjectLockConfigurationNotFoundError")
			continue
		}
		r := lock.ObjectLockConfiguration.Rule.DefaultRetention
		if lock.ObjectLockConfiguration.ObjectLockEnabled != "Enabled" || r.Mode != "COMPLIANCE" || aws.ToInt32(r.Days) != 400 {
			t.Errorf("%s object lock = %+v / %+v", b, lock.ObjectLockConfiguration, r)
		}
		locked++
	}
	if locked != 2 {
		t.Errorf("%d buckets with Object Lock, want 2 (trail and evidence buckets)", locked)
	}
}

func TestCompliantIncidentManager(t *testing.T) {
	_, url := compliant(t, fakeaws.Options{})
	im := ssmincidents.NewFromConfig(awsConfig(t, url, compliantKey, "us-east-1"))
	var sets []string
	rs := ssmincidents.NewListReplicationSetsPaginator(im, &ssmincidents.ListReplicationSetsInput{})
	for rs.HasMorePages() {
		out, err := rs.NextPage(ctx)
		if err != nil {
			t.Fatalf("ListReplicationSets: %v", err)
		}
		sets = append(sets, out.ReplicationSetArns...)
	}
	if len(sets) != 1 {
		t.Fatalf("replication sets = %v", sets)
	}
	set, err := im.GetReplicationSet(ctx, &ssmincidents.GetReplicationSetInput{Arn: &sets[0]})
	if err != nil {
		t.Fatalf("GetReplicationSet: %v", err)
	}
	if set.ReplicationSet.Status != "ACTIVE" || set.ReplicationSet.RegionMap["us-east-1"].Status != "ACTIVE" {
		t.Errorf("replication set %+v", set.ReplicationSet)
	}

	impacts := map[int32]bool{}
	plans := ssmincidents.NewListResponsePlansPaginator(im, &ssmincidents.ListResponsePlansInput{})
	for plans.HasMorePages() {
		out, err := plans.NextPage(ctx)
		if err != nil {
			t.Fatalf("ListResponsePlans: %v", err)
		}
		for _, s := range out.ResponsePlanSummaries {
			plan, err := im.GetResponsePlan(ctx, &ssmincidents.GetResponsePlanInput{Arn: s.Arn})
			if err != nil {
				t.Fatalf("GetResponsePlan(%s): %v", aws.ToString(s.Arn), err)
			}
			if len(plan.Engagements) == 0 || len(plan.Actions) == 0 {
				t.Errorf("plan %s: engagements %v, actions %v", aws.ToString(plan.Name), plan.Engagements, plan.Actions)
			}
			impacts[aws.ToInt32(plan.IncidentTemplate.Impact)] = true
		}
	}
	if !impacts[1] || !impacts[3] {
		t.Errorf("impacts = %v, want 1 and 3", impacts)
	}

	recs := ssmincidents.NewListIncidentRecordsPaginator(im, &ssmincidents.ListIncidentRecordsInput{})
	analyses := 0
	for recs.HasMorePages() {
		out, err := recs.NextPage(ctx)
		if err != nil {
			t.Fatalf("ListIncidentRecords: %v", err)
		}
		for _, r := range out.IncidentRecordSummaries {
			if r.Status != "RESOLVED" || r.CreationTime == nil {
				t.Errorf("incident %+v", r)
			}
			items := ssmincidents.NewListRelatedItemsPaginator(im, &ssmincidents.ListRelatedItemsInput{IncidentRecordArn: r.Arn})
			for items.HasMorePages() {
				page, err := items.NextPage(ctx)
				if err != nil {
					t.Fatalf("ListRelatedItems: %v", err)
				}
				for _, it := range page.RelatedItems {
					if it.Identifier.Type == "ANALYSIS" {
						analyses++
					}
				}
			}
		}
	}
	if analyses != 1 {
		t.Errorf("%d ANALYSIS related items, want 1", analyses)
	}
}

func TestCompliantContacts(t *testing.T) {
	srv, url := compliant(t, fakeaws.Options{})
	sc := ssmcontacts.NewFromConfig(awsConfig(t, url, compliantKey, "us-east-1"))
	var contacts int
	stages := 0
	p := ssmcontacts.NewListContactsPaginator(sc, &ssmcontacts.ListContactsInput{})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			t.Fatalf("ListContacts: %v", err)
		}
		for _, c := range out.Contacts {
			contacts++
			got, err := sc.GetContact(ctx, &ssmcontacts.GetContactInput{ContactId: c.ContactArn})
			if err != nil {
				t.Fatalf("GetContact(%s): %v", aws.ToString(c.ContactArn), err)
			}
			if c.Type == "ESCALATION" {
				stages += len(got.Plan.Stages)
				continue
			}
			ch := ssmcontacts.NewListContactChannelsPaginator(sc, &ssmcontacts.ListContactChannelsInput{ContactId: c.ContactArn})
			for ch.HasMorePages() {
				page, err := ch.NextPage(ctx)
				if err != nil {
					t.Fatalf("ListContactChannels(%s): %v", aws.ToString(c.ContactArn), err)
				}
				if len(page.ContactChannels) == 0 {
					t.Errorf("%s has no channels", aws.ToString(c.Alias))
				}
				for _, cc := range page.ContactChannels {
					if cc.ActivationStatus != "ACTIVATED" {
						t.Errorf("channel %s is %s", aws.ToString(cc.Name), cc.ActivationStatus)
					}
				}
			}
		}
	}
	if contacts != 4 || stages != 3 {
		t.Errorf("%d contacts and %d escalation stages, want 4 and 3", contacts, stages)
	}
	if got := len(callsOf(srv, "ssm-contacts", "ListContacts")); got != 2 {
		t.Errorf("ListContacts paginator made %d calls, want 2 pages", got)
	}
}

func TestCompliantAccountOrganizationsSTS(t *testing.T) {
	_, url := compliant(t, fakeaws.Options{})
	cfg := awsConfig(t, url, compliantKey, "us-east-1")
	ac, err := account.NewFromConfig(cfg).GetAlternateContact(ctx, &account.GetAlternateContactInput{AlternateContactType: "SECURITY"})
	if err != nil {
		t.Fatalf("GetAlternateContact: %v", err)
	}
	if ac.AlternateContact.AlternateContactType != "SECURITY" || aws.ToString(ac.AlternateContact.EmailAddress) == "" {
		t.Errorf("alternate contact %+v", ac.AlternateContact)
	}

	org := organizations.NewFromConfig(cfg)
	d, err := org.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
	if err != nil {
		t.Fatalf("DescribeOrganization: %v", err)
	}
	if aws.ToString(d.Organization.MasterAccountId) != compliantAccount {
		t.Errorf("organization %+v", d.Organization)
	}
	var ids []string
	p := organizations.NewListAccountsPaginator(org, &organizations.ListAccountsInput{})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			t.Fatalf("ListAccounts: %v", err)
		}
		for _, a := range out.Accounts {
			ids = append(ids, aws.ToString(a.Id))
		}
	}
	if strings.Join(ids, ",") != compliantAccount {
		t.Errorf("accounts = %v", ids)
	}

	who, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatalf("GetCallerIdentity: %v", err)
	}
	if aws.ToString(who.Account) != compliantAccount || aws.ToString(who.Arn) != "arn:aws:sts::111111111111:assumed-role/irscan/irscan-scan" {
		t.Errorf("caller = %s %s", aws.ToString(who.Account), aws.ToString(who.Arn))
	}
}
