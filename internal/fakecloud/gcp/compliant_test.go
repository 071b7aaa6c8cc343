package gcp_test

import (
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	cloudfunctions "google.golang.org/api/cloudfunctions/v2"
	crm "google.golang.org/api/cloudresourcemanager/v3"
	compute "google.golang.org/api/compute/v1"
	essentialcontacts "google.golang.org/api/essentialcontacts/v1"
	eventarc "google.golang.org/api/eventarc/v1"
	"google.golang.org/api/googleapi"
	logging "google.golang.org/api/logging/v2"
	networkmanagement "google.golang.org/api/networkmanagement/v1"
	pubsub "google.golang.org/api/pubsub/v1"
	scc "google.golang.org/api/securitycenter/v1"
	sccbeta "google.golang.org/api/securitycenter/v1beta2"
	storage "google.golang.org/api/storage/v1"

	sccv2 "cloud.google.com/go/securitycenter/apiv2"
	sccv2pb "cloud.google.com/go/securitycenter/apiv2/securitycenterpb"
	sccmgmt "cloud.google.com/go/securitycentermanagement/apiv1"
	sccmgmtpb "cloud.google.com/go/securitycentermanagement/apiv1/securitycentermanagementpb"
	"google.golang.org/api/iterator"

	"github.com/irscan/irscan/internal/fakecloud/gcp"
)

// The tests in this file read the compliant scenario with the real
// google.golang.org/api clients, the way the collector does, and check the
// IR-ready values the scenario promises. TestCompliant then proves that
// every fixture file of the scenario was served (and so decoded) by one of
// them.

const (
	sccTopic = "projects/acme-data/topics/scc-findings"
	folder   = "folders/456"
	prod     = "projects/acme-prod"
	data     = "projects/acme-data"
)

var containers = []string{org, folder, prod, data}

// compliantReaders are the reads of the compliant scenario, per API.
var compliantReaders = []struct {
	name string
	read func(t *testing.T, base string)
}{
	{"essentialcontacts", readContacts},
	{"securitycenter notifications and pubsub", readNotifications},
	{"securitycenter v1beta2", readSCCSettings},
	{"securitycenter v2 and securitycentermanagement (Cloud client libraries)", readSCCLibraries},
	{"resourcemanager", readResourceManager},
	{"compute and networkmanagement", readFlowLogs},
	{"logging", readLogging},
	{"storage", readStorage},
	{"cloudfunctions and eventarc", readAutomation},
}

func TestCompliant(t *testing.T) {
	srv, base := compliant(t, gcp.Options{})
	for _, r := range compliantReaders {
		t.Run(r.name, func(t *testing.T) { r.read(t, base) })
	}
	// Every fixture file was served by a call above.
	served := map[string]bool{}
	for _, c := range srv.Calls() {
		if c.Status != 200 {
			t.Errorf("%s %s?%s: %d %s", c.Method, c.Path, c.Query, c.Status, c.ErrorReason)
		}
		served[c.Fixture] = true
	}
	err := filepath.WalkDir(srv.Dir(), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == "scenario.yaml" || strings.HasSuffix(d.Name(), ".md") {
			return err
		}
		rel, _ := filepath.Rel(srv.Dir(), path)
		if !served[filepath.ToSlash(rel)] {
			t.Errorf("%s was never served", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if v := srv.Violations(); len(v) != 0 {
		t.Errorf("violations: %+v", v)
	}
}

func readContacts(t *testing.T, base string) {
	svc := service(t, essentialcontacts.NewService, opts(base, versioned, "any-token"))
	// The organization's own contacts: two pages.
	var emails []string
	pages := 0
	err := svc.Organizations.Contacts.List(org).Pages(ctx, func(r *essentialcontacts.GoogleCloudEssentialcontactsV1ListContactsResponse) error {
		pages++
		for _, c := range r.Contacts {
			emails = append(emails, c.Email)
		}
		return nil
	})
	if err != nil || pages != 2 || !slices.Equal(emails, []string{"security-team@acme.example", "cloud-admins@acme.example"}) {
		t.Errorf("organization contacts: %v over %d pages, %v", emails, pages, err)
	}
	// Nothing is set below the organization...
	for _, list := range []*essentialcontacts.FoldersContactsListCall{svc.Folders.Contacts.List(folder)} {
		if r, err := list.Do(); err != nil || len(r.Contacts) != 0 {
			t.Errorf("folder contacts: %+v, %v", r, err)
		}
	}
	for _, p := range []string{prod, data} {
		if r, err := svc.Projects.Contacts.List(p).Do(); err != nil || len(r.Contacts) != 0 {
			t.Errorf("%s contacts: %+v, %v", p, r, err)
		}
	}
	// ... but every resource inherits the organization's SECURITY contact.
	check := func(where string, r *essentialcontacts.GoogleCloudEssentialcontactsV1ComputeContactsResponse, err error) {
		t.Helper()
		if err != nil || len(r.Contacts) != 1 {
			t.Fatalf("%s contacts:compute SECURITY: %+v, %v", where, r, err)
		}
		c := r.Contacts[0]
		if c.Email != "security-team@acme.example" || c.ValidationState != "VALID" || !slices.Contains(c.NotificationCategorySubscriptions, "SECURITY") {
			t.Errorf("%s: %+v", where, c)
		}
	}
	r, err := svc.Organizations.Contacts.Compute(org).NotificationCategories("SECURITY").Do()
	check(org, r, err)
	r, err = svc.Folders.Contacts.Compute(folder).NotificationCategories("SECURITY").Do()
	check(folder, r, err)
	for _, p := range []string{prod, data, "projects/222222222222"} {
		r, err := svc.Projects.Contacts.Compute(p).NotificationCategories("SECURITY").Do()
		check(p, r, err)
	}
}

func readNotifications(t *testing.T, base string) {
	svc := service(t, scc.NewService, opts(base, versioned, "any-token"))
	var configs []*scc.NotificationConfig
	err := svc.Organizations.NotificationConfigs.List(org).Pages(ctx, func(r *scc.ListNotificationConfigsResponse) error {
		configs = append(configs, r.NotificationConfigs...)
		return nil
	})
	if err != nil || len(configs) != 1 {
		t.Fatalf("organization notification configs: %+v, %v", configs, err)
	}
	nc := configs[0]
	f := nc.StreamingConfig.Filter
	if nc.PubsubTopic != sccTopic || !strings.Contains(f, `state = "ACTIVE"`) || !strings.Contains(f, `severity = "HIGH"`) || !strings.Contains(f, `severity = "CRITICAL"`) {
		t.Errorf("notification config: topic %q, filter %q", nc.PubsubTopic, f)
	}
	if r, err := svc.Folders.NotificationConfigs.List(folder).Do(); err != nil || len(r.NotificationConfigs) != 0 {
		t.Errorf("folder notification configs: %+v, %v", r, err)
	}
	for _, p := range []string{prod, data} {
		if r, err := svc.Projects.NotificationConfigs.List(p).Do(); err != nil || len(r.NotificationConfigs) != 0 {
			t.Errorf("%s notification configs: %+v, %v", p, r, err)
		}
	}

	ps := service(t, pubsub.NewService, opts(base, versioned, "any-token"))
	topic, err := ps.Projects.Topics.Get(nc.PubsubTopic).Do()
	if err != nil || topic.Name != sccTopic || topic.State != "ACTIVE" {
		t.Fatalf("topic: %+v, %v", topic, err)
	}
	var subs []string
	err = ps.Projects.Topics.Subscriptions.List(sccTopic).Pages(ctx, func(r *pubsub.ListTopicSubscriptionsResponse) error {
		subs = append(subs, r.Subscriptions...)
		return nil
	})
	if err != nil || len(subs) != 2 {
		t.Fatalf("subscriptions: %v, %v", subs, err)
	}
	for _, name := range subs {
		s, err := ps.Projects.Subscriptions.Get(name).Do()
		if err != nil || s.Topic != sccTopic || s.State != "ACTIVE" {
			t.Errorf("subscription %s: %+v, %v", name, s, err)
		}
	}
}

func readSCCSettings(t *testing.T, base string) {
	svc := service(t, sccbeta.NewService, opts(base, versioned, "any-token"))
	sub, err := svc.Organizations.GetSubscription(org + "/subscription").Do()
	if err != nil || sub.Tier != "PREMIUM" || sub.Details == nil || sub.Details.Type != "SUBSCRIPTION" {
		t.Errorf("subscription: %+v, %v", sub, err)
	}
	want := map[string]string{org: "ENABLED", folder: "INHERITED", prod: "INHERITED", data: "INHERITED"}
	for _, c := range containers {
		var sha *sccbeta.SecurityHealthAnalyticsSettings
		var etd *sccbeta.EventThreatDetectionSettings
		var err1, err2 error
		switch {
		case c == org:
			sha, err1 = svc.Organizations.GetSecurityHealthAnalyticsSettings(c + "/securityHealthAnalyticsSettings").Do()
			etd, err2 = svc.Organizations.GetEventThreatDetectionSettings(c + "/eventThreatDetectionSettings").Do()
		case c == folder:
			sha, err1 = svc.Folders.GetSecurityHealthAnalyticsSettings(c + "/securityHealthAnalyticsSettings").Do()
			etd, err2 = svc.Folders.GetEventThreatDetectionSettings(c + "/eventThreatDetectionSettings").Do()
		default:
			sha, err1 = svc.Projects.GetSecurityHealthAnalyticsSettings(c + "/securityHealthAnalyticsSettings").Do()
			etd, err2 = svc.Projects.GetEventThreatDetectionSettings(c + "/eventThreatDetectionSettings").Do()
		}
		if err1 != nil || err2 != nil || sha.ServiceEnablementState != want[c] || etd.ServiceEnablementState != want[c] {
			t.Errorf("%s: SHA %+v (%v), ETD %+v (%v), want %s", c, sha, err1, etd, err2, want[c])
		}
		if c == org && (sha.Modules["FLOW_LOGS_DISABLED"].ModuleEnablementState != "ENABLED" || len(etd.Modules) == 0) {
			t.Errorf("organization modules: SHA %+v, ETD %+v", sha.Modules, etd.Modules)
		}
	}
	// The effective settings of a project: inherited ENABLED.
	for _, p := range []string{prod, data} {
		sha, err1 := svc.Projects.SecurityHealthAnalyticsSettings.Calculate(p + "/securityHealthAnalyticsSettings").Do()
		etd, err2 := svc.Projects.EventThreatDetectionSettings.Calculate(p + "/eventThreatDetectionSettings").Do()
		if err1 != nil || err2 != nil || sha.ServiceEnablementState != "ENABLED" || etd.ServiceEnablementState != "ENABLED" {
			t.Errorf("%s calculate: SHA %+v (%v), ETD %+v (%v)", p, sha, err1, etd, err2)
		}
	}
}

func readResourceManager(t *testing.T, base string) {
	svc := service(t, crm.NewService, opts(base, versioned, "any-token"))
	req := &crm.GetIamPolicyRequest{Options: &crm.GetPolicyOptions{RequestedPolicyVersion: 3}}
	pol, err := svc.Organizations.GetIamPolicy(org, req).Do()
	if err != nil || len(pol.AuditConfigs) != 1 {
		t.Fatalf("organization policy: %+v, %v", pol, err)
	}
	ac := pol.AuditConfigs[0]
	var types []string
	for _, l := range ac.AuditLogConfigs {
		types = append(types, l.LogType)
		if len(l.ExemptedMembers) != 0 {
			t.Errorf("%s exempts %v", l.LogType, l.ExemptedMembers)
		}
	}
	slices.Sort(types)
	if ac.Service != "allServices" || !slices.Equal(types, []string{"ADMIN_READ", "DATA_READ", "DATA_WRITE"}) {
		t.Errorf("audit config: %s %v", ac.Service, types)
	}
	if fp, err := svc.Folders.GetIamPolicy(folder, req).Do(); err != nil || len(fp.Bindings) == 0 || len(fp.AuditConfigs) != 0 {
		t.Errorf("folder policy: %+v, %v", fp, err)
	}
	for _, p := range []string{prod, data} {
		if pp, err := svc.Projects.GetIamPolicy(p, req).Do(); err != nil || len(pp.Bindings) == 0 {
			t.Errorf("%s policy: %+v, %v", p, pp, err)
		}
	}

	// Enumeration, answered from scenario.yaml.
	var ids []string
	err = svc.Projects.Search().Pages(ctx, func(r *crm.SearchProjectsResponse) error {
		for _, p := range r.Projects {
			ids = append(ids, p.ProjectId+"="+p.Name+"<"+p.Parent)
		}
		return nil
	})
	if err != nil || !slices.Equal(ids, []string{"acme-prod=projects/111111111111<folders/456", "acme-data=projects/222222222222<organizations/123456789012"}) {
		t.Errorf("projects.search: %v, %v", ids, err)
	}
	if r, err := svc.Projects.List().Parent(folder).Do(); err != nil || len(r.Projects) != 1 || r.Projects[0].ProjectId != "acme-prod" {
		t.Errorf("projects.list under the folder: %+v, %v", r, err)
	}
	if p, err := svc.Projects.Get("projects/acme-data").Do(); err != nil || p.Name != "projects/222222222222" || p.State != "ACTIVE" {
		t.Errorf("projects.get: %+v, %v", p, err)
	}
	if f, err := svc.Folders.Get(folder).Do(); err != nil || f.Parent != org || f.DisplayName != "Production" {
		t.Errorf("folders.get: %+v, %v", f, err)
	}
	if r, err := svc.Folders.List().Parent(org).Do(); err != nil || len(r.Folders) != 1 {
		t.Errorf("folders.list: %+v, %v", r, err)
	}
	if r, err := svc.Folders.Search().Do(); err != nil || len(r.Folders) != 1 {
		t.Errorf("folders.search: %+v, %v", r, err)
	}
	if o, err := svc.Organizations.Get(org).Do(); err != nil || o.DisplayName != "acme.example" {
		t.Errorf("organizations.get: %+v, %v", o, err)
	}
	if r, err := svc.Organizations.Search().Query("domain:acme.example").Do(); err != nil || len(r.Organizations) != 1 {
		t.Errorf("organizations.search: %+v, %v", r, err)
	}
}

func readFlowLogs(t *testing.T, base string) {
	svc := service(t, compute.NewService, opts(base, computeBase, "any-token"))
	for project, want := range map[string]int{"acme-prod": 3, "acme-data": 1} {
		var subnets []*compute.Subnetwork
		pages := 0
		err := svc.Subnetworks.AggregatedList(project).Pages(ctx, func(r *compute.SubnetworkAggregatedList) error {
			pages++
			for _, scoped := range r.Items {
				subnets = append(subnets, scoped.Subnetworks...)
			}
			return nil
		})
		if err != nil || len(subnets) != want {
			t.Fatalf("%s subnets: %d over %d pages, %v", project, len(subnets), pages, err)
		}
		for _, s := range subnets {
			private := s.Purpose == "" || s.Purpose == "PRIVATE"
			if private && (s.LogConfig == nil || !s.LogConfig.Enable) {
				t.Errorf("%s: private subnet %s without flow logs", project, s.Name)
			}
		}
	}

	nm := service(t, networkmanagement.NewService, opts(base, versioned, "any-token"))
	var cfgs []*networkmanagement.VpcFlowLogsConfig
	err := nm.Projects.Locations.VpcFlowLogsConfigs.List(prod+"/locations/global").Pages(ctx, func(r *networkmanagement.ListVpcFlowLogsConfigsResponse) error {
		cfgs = append(cfgs, r.VpcFlowLogsConfigs...)
		return nil
	})
	if err != nil || len(cfgs) != 1 || cfgs[0].State != "ENABLED" || !strings.HasSuffix(cfgs[0].Network, "/networks/prod-vpc") {
		t.Errorf("acme-prod flow-log configs: %+v, %v", cfgs, err)
	}
	if r, err := nm.Projects.Locations.VpcFlowLogsConfigs.List(data + "/locations/global").Do(); err != nil || len(r.VpcFlowLogsConfigs) != 0 {
		t.Errorf("acme-data flow-log configs: %+v, %v", r, err)
	}
	if r, err := nm.Organizations.Locations.VpcFlowLogsConfigs.List(org + "/locations/global").Do(); err != nil || len(r.VpcFlowLogsConfigs) != 0 {
		t.Errorf("organization flow-log configs: %+v, %v", r, err)
	}
}

func readLogging(t *testing.T, base string) {
	svc := service(t, logging.NewService, opts(base, versioned, "any-token"))
	var sinks []*logging.LogSink
	err := svc.Organizations.Sinks.List(org).Pages(ctx, func(r *logging.ListSinksResponse) error {
		sinks = append(sinks, r.Sinks...)
		return nil
	})
	if err != nil || len(sinks) != 2 {
		t.Fatalf("organization sinks: %+v, %v", sinks, err)
	}
	all := sinks[0]
	if all.Filter != "" || !all.IncludeChildren || all.Disabled || all.Destination != "storage.googleapis.com/acme-org-audit-logs" {
		t.Errorf("organization sink: %+v", all)
	}
	if r, err := svc.Folders.Sinks.List(folder).Do(); err != nil || len(r.Sinks) != 0 {
		t.Errorf("folder sinks: %+v, %v", r, err)
	}
	for _, p := range []string{prod, data} {
		r, err := svc.Projects.Sinks.List(p).Do()
		if err != nil || len(r.Sinks) != 2 || r.Sinks[0].Name != "_Required" || r.Sinks[1].Name != "_Default" {
			t.Errorf("%s sinks: %+v, %v", p, r, err)
		}
	}
	// Log buckets, all locations: _Default locked with 400 days everywhere.
	lists := map[string]func(...googleapi.CallOption) (*logging.ListBucketsResponse, error){
		org:    svc.Organizations.Locations.Buckets.List(org + "/locations/-").Do,
		folder: svc.Folders.Locations.Buckets.List(folder + "/locations/-").Do,
		prod:   svc.Projects.Locations.Buckets.List(prod + "/locations/-").Do,
		data:   svc.Projects.Locations.Buckets.List(data + "/locations/-").Do,
	}
	for c, list := range lists {
		r, err := list()
		if err != nil || len(r.Buckets) != 2 {
			t.Fatalf("%s log buckets: %+v, %v", c, r, err)
		}
		for _, b := range r.Buckets {
			if !b.Locked || b.RetentionDays < 365 || b.LifecycleState != "ACTIVE" {
				t.Errorf("%s: %+v", b.Name, b)
			}
		}
		if !strings.HasSuffix(r.Buckets[0].Name, "/buckets/_Default") {
			t.Errorf("%s: first bucket %s", c, r.Buckets[0].Name)
		}
	}
}

func readStorage(t *testing.T, base string) {
	svc := service(t, storage.NewService, opts(base, storageBase, "any-token"))
	var names []string
	for _, p := range []string{"acme-prod", "acme-data"} {
		err := svc.Buckets.List(p).Pages(ctx, func(r *storage.Buckets) error {
			for _, b := range r.Items {
				names = append(names, b.Name)
				if b.Labels["dataclassification"] == "" {
					t.Errorf("%s has no dataclassification label: %v", b.Name, b.Labels)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatalf("buckets of %s: %v", p, err)
		}
	}
	if !slices.Equal(names, []string{"acme-prod-app-assets", "acme-org-audit-logs", "acme-data-lake"}) {
		t.Errorf("buckets: %v", names)
	}
	// The sink's destination: locked retention of at least 365 days and,
	// as Cloud Storage requires of a bucket with a retention policy, no
	// Object Versioning.
	b, err := svc.Buckets.Get("acme-org-audit-logs").Do()
	if err != nil {
		t.Fatal(err)
	}
	if rp := b.RetentionPolicy; rp == nil || !rp.IsLocked || rp.RetentionPeriod < 365*24*3600 || (b.Versioning != nil && b.Versioning.Enabled) {
		t.Errorf("audit bucket: retention %+v, versioning %+v", b.RetentionPolicy, b.Versioning)
	}
}

func readAutomation(t *testing.T, base string) {
	cf := service(t, cloudfunctions.NewService, opts(base, versioned, "any-token"))
	var fns []*cloudfunctions.Function
	for _, p := range []string{prod, data} {
		err := cf.Projects.Locations.Functions.List(p+"/locations/-").Pages(ctx, func(r *cloudfunctions.ListFunctionsResponse) error {
			fns = append(fns, r.Functions...)
			return nil
		})
		if err != nil {
			t.Fatalf("functions of %s: %v", p, err)
		}
	}
	if len(fns) != 1 || fns[0].EventTrigger == nil || fns[0].EventTrigger.PubsubTopic != sccTopic || fns[0].State != "ACTIVE" {
		t.Errorf("functions: %+v", fns)
	}

	ea := service(t, eventarc.NewService, opts(base, versioned, "any-token"))
	var triggers []*eventarc.Trigger
	for _, p := range []string{prod, data} {
		err := ea.Projects.Locations.Triggers.List(p+"/locations/-").Pages(ctx, func(r *eventarc.ListTriggersResponse) error {
			triggers = append(triggers, r.Triggers...)
			return nil
		})
		if err != nil {
			t.Fatalf("triggers of %s: %v", p, err)
		}
	}
	if len(triggers) != 1 || triggers[0].Transport == nil || triggers[0].Transport.Pubsub.Topic != sccTopic {
		t.Errorf("triggers: %+v", triggers)
	}
	if len(fns) == 1 && len(triggers) == 1 && fns[0].EventTrigger.Trigger != triggers[0].Name {
		t.Errorf("function trigger %s is not the Eventarc trigger %s", fns[0].EventTrigger.Trigger, triggers[0].Name)
	}
}

// readSCCLibraries reads with the Cloud client libraries' REST clients (the
// endpoint without a trailing slash: they append "/v1/...", "/v2/..."):
// no v2 notification config anywhere (compliant's config is a v1 one), and
// every detector service effectively ENABLED on every container, set on
// the organization and inherited below it.
func readSCCLibraries(t *testing.T, base string) {
	o := opts(base, "", "any-token")
	v2, err := sccv2.NewRESTClient(ctx, o...)
	if err != nil {
		t.Fatal(err)
	}
	defer v2.Close()
	mgmt, err := sccmgmt.NewRESTClient(ctx, o...)
	if err != nil {
		t.Fatal(err)
	}
	defer mgmt.Close()
	for _, c := range containers {
		it := v2.ListNotificationConfigs(ctx, &sccv2pb.ListNotificationConfigsRequest{Parent: c + "/locations/global"})
		if nc, err := it.Next(); err != iterator.Done {
			t.Errorf("%s v2 notification configs: %v, %v", c, nc, err)
		}
		states := map[string]string{}
		sit := mgmt.ListSecurityCenterServices(ctx, &sccmgmtpb.ListSecurityCenterServicesRequest{Parent: c + "/locations/global"})
		for {
			s, err := sit.Next()
			if err == iterator.Done {
				break
			}
			if err != nil {
				t.Fatalf("%s services: %v", c, err)
			}
			states[s.GetName()[strings.LastIndex(s.GetName(), "/")+1:]] = s.GetIntendedEnablementState().String() + "/" + s.GetEffectiveEnablementState().String()
		}
		intended := "INHERITED"
		if c == org {
			intended = "ENABLED"
		}
		for _, svc := range []string{"container-threat-detection", "event-threat-detection", "security-health-analytics", "vm-threat-detection"} {
			if states[svc] != intended+"/ENABLED" {
				t.Errorf("%s %s: %q, want %s/ENABLED", c, svc, states[svc], intended)
			}
		}
	}
}
