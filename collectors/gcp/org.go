package gcp

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	sccv2 "cloud.google.com/go/securitycenter/apiv2"
	sccv2pb "cloud.google.com/go/securitycenter/apiv2/securitycenterpb"
	sccmgmt "cloud.google.com/go/securitycentermanagement/apiv1"
	sccmgmtpb "cloud.google.com/go/securitycentermanagement/apiv1/securitycentermanagementpb"
	"google.golang.org/api/iterator"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	crm "google.golang.org/api/cloudresourcemanager/v3"
	contacts "google.golang.org/api/essentialcontacts/v1"
	scc "google.golang.org/api/securitycenter/v1"
	sccb2 "google.golang.org/api/securitycenter/v1beta2"
)

// kindOf is the collection of a resource name: organizations, folders,
// projects (or billingAccounts).
func kindOf(name string) string { return strings.SplitN(name, "/", 2)[0] }

// --- resourcemanager.ancestry ---

type ancestryData struct {
	Name             string   `json:"name"`
	Ancestors        []string `json:"ancestors"`
	OrganizationScan *orgScan `json:"organizationScan"`
}

// ancestrySection records the scope resolution: no call of its own.
func ancestrySection(ctx context.Context, t *target) (any, error) {
	t.importCalls(ctx, t.Resolution)
	anc := t.Ancestors
	if anc == nil {
		anc = []string{}
	}
	return ancestryData{Name: t.resourceName(), Ancestors: anc, OrganizationScan: t.OrgScan}, nil
}

// --- essentialcontacts.security_contacts ---

type contactsData struct {
	Parent string `json:"parent"`
	// ComputedFor is the ancestor contacts:compute was asked for when the
	// Essential Contacts API is disabled in the project (SERVICE_DISABLED):
	// the contacts the project inherits, which Google still notifies (the
	// API is needed to manage contacts, not to receive notifications).
	// Omitted when the scope answered.
	ComputedFor string                                            `json:"computedFor,omitempty"`
	Contacts    []*contacts.GoogleCloudEssentialcontactsV1Contact `json:"contacts"`
	// ServiceDisabled is optional here (SECTIONS.md): written only when
	// the API is disabled in the project.
	ServiceDisabled []disabled `json:"serviceDisabled,omitempty"`
}

func contactsSection(ctx context.Context, t *target) (any, error) {
	parent := t.resourceName()
	d := &contactsData{Parent: parent, Contacts: []*contacts.GoogleCloudEssentialcontactsV1Contact{}}
	list, err := t.computeContacts(ctx, parent)
	if err != nil {
		e, ok := t.disabledIn(ctx, err, projectOf(parent))
		if !ok {
			return nil, err
		}
		d.ServiceDisabled = []disabled{e}
		if len(t.Ancestors) == 0 {
			return d, nil // nothing above the project to inherit from
		}
		// The API is disabled in the project, not above it: the contacts
		// the project inherits are its nearest ancestor's effective ones.
		up := t.Ancestors[0]
		if list, err = t.computeContacts(ctx, up); err != nil {
			return nil, err
		}
		d.ComputedFor = up
	}
	d.Contacts = append(d.Contacts, list...)
	return d, nil
}

// computeContacts is contacts:compute (SECURITY) for one resource, read
// once per run.
func (t *target) computeContacts(ctx context.Context, parent string) ([]*contacts.GoogleCloudEssentialcontactsV1Contact, error) {
	return read(ctx, t, "contacts.compute "+parent, func(ctx context.Context) ([]*contacts.GoogleCloudEssentialcontactsV1Contact, error) {
		var out []*contacts.GoogleCloudEssentialcontactsV1Contact
		page := func(p *contacts.GoogleCloudEssentialcontactsV1ComputeContactsResponse) error {
			out = append(out, p.Contacts...)
			return nil
		}
		var err error
		svc := t.c.api.contacts
		switch kindOf(parent) {
		case "organizations":
			err = svc.Organizations.Contacts.Compute(parent).NotificationCategories("SECURITY").Pages(ctx, page)
		case "folders":
			err = svc.Folders.Contacts.Compute(parent).NotificationCategories("SECURITY").Pages(ctx, page)
		default:
			err = svc.Projects.Contacts.Compute(parent).NotificationCategories("SECURITY").Pages(ctx, page)
		}
		return out, call("essentialcontacts.contacts.list", err)
	})
}

// --- securitycenter.notification_configs ---

type notificationData struct {
	Parents             []string                  `json:"parents"`
	NotificationConfigs []*scc.NotificationConfig `json:"notificationConfigs"`
	// FilterEvaluations is derived by irscan, not read: what each config's
	// filter selects among representative findings (sccfilter.go), by
	// config name.
	FilterEvaluations map[string]filterEvaluation `json:"filterEvaluations"`
	// ServiceDisabled is optional here (SECTIONS.md).
	ServiceDisabled []disabled `json:"serviceDisabled,omitempty"`
}

// v2Location is the location whose SCC v2 notification configs are
// listed: configs created with the v2 API live under a location, and
// global is where Security Command Center keeps them unless data residency
// is on.
const v2Location = "global"

func notificationConfigsSection(ctx context.Context, t *target) (any, error) {
	return t.notificationConfigs(ctx)
}

// notificationConfigs lists the configs of the scope and each ancestor
// (but the organisation's only on its own snapshot in an organisation scan:
// scope.owned), once per scope: pubsub.topics, cloudfunctions.functions and
// eventarc.triggers follow them.
func (t *target) notificationConfigs(ctx context.Context) (*notificationData, error) {
	return t.notifications.Get(ctx, func(ctx context.Context) (*notificationData, error) {
		d := &notificationData{Parents: t.owned(), NotificationConfigs: []*scc.NotificationConfig{}}
		for _, parent := range d.Parents {
			list, err := read(ctx, t, "notificationConfigs.list "+parent, func(ctx context.Context) ([]*scc.NotificationConfig, error) {
				var out []*scc.NotificationConfig
				page := func(p *scc.ListNotificationConfigsResponse) error {
					out = append(out, p.NotificationConfigs...)
					return nil
				}
				var err error
				svc := t.c.api.scc
				switch kindOf(parent) {
				case "organizations":
					err = svc.Organizations.NotificationConfigs.List(parent).Pages(ctx, page)
				case "folders":
					err = svc.Folders.NotificationConfigs.List(parent).Pages(ctx, page)
				default:
					err = svc.Projects.NotificationConfigs.List(parent).Pages(ctx, page)
				}
				return out, call("securitycenter.notificationconfig.list", err)
			})
			if err != nil {
				if e, ok := t.disabledIn(ctx, err, projectOf(parent)); ok {
					d.ServiceDisabled = append(d.ServiceDisabled, e)
					continue
				}
				return nil, err
			}
			d.NotificationConfigs = append(d.NotificationConfigs, list...)
			v2, err := t.v2NotificationConfigs(ctx, parent)
			if err != nil {
				if e, ok := t.disabledIn(ctx, err, projectOf(parent)); ok {
					d.ServiceDisabled = append(d.ServiceDisabled, e)
					continue
				}
				return nil, err
			}
			for _, c := range v2 {
				// A config created with v1 is also served by v2 under
				// locations/global: the same config, listed once.
				if !slices.ContainsFunc(list, func(v1 *scc.NotificationConfig) bool {
					return v1.Name == strings.Replace(c.Name, "/locations/"+v2Location+"/", "/", 1)
				}) {
					d.NotificationConfigs = append(d.NotificationConfigs, c)
				}
			}
		}
		d.FilterEvaluations = map[string]filterEvaluation{}
		for _, c := range d.NotificationConfigs {
			filter := ""
			if c.StreamingConfig != nil {
				filter = c.StreamingConfig.Filter
			}
			d.FilterEvaluations[c.Name] = evaluateFilter(filter)
		}
		return d, nil
	})
}

// v2NotificationConfigs lists the SCC v2 notification configs of a
// container (<parent>/locations/global), in the v1 shape the section holds
// (the two APIs' NotificationConfig have the same members).
func (t *target) v2NotificationConfigs(ctx context.Context, parent string) ([]*scc.NotificationConfig, error) {
	loc := parent + "/locations/" + v2Location
	return read(ctx, t, "v2 notificationConfigs.list "+loc, func(ctx context.Context) ([]*scc.NotificationConfig, error) {
		client, err := sccv2.NewRESTClient(ctx, t.c.libraryOptions(ctx, "securitycenter")...)
		if err != nil {
			return nil, fmt.Errorf("gcp: securitycenter v2 client: %w", err)
		}
		defer client.Close()
		var out []*scc.NotificationConfig
		it := client.ListNotificationConfigs(ctx, &sccv2pb.ListNotificationConfigsRequest{Parent: loc})
		for {
			c, err := it.Next()
			if err == iterator.Done {
				return out, nil
			}
			if err != nil {
				return nil, call("securitycenter.notificationconfig.list", err)
			}
			var v1 scc.NotificationConfig
			if err := fromProto(c, &v1); err != nil {
				return nil, err
			}
			out = append(out, &v1)
		}
	})
}

// fromProto converts a Cloud client library message to the REST shape of
// the same resource: protojson writes the JSON Google's REST API sends.
func fromProto(m proto.Message, v any) error {
	raw, err := protojson.Marshal(m)
	if err != nil {
		return err
	}
	return json.Unmarshal(raw, v)
}

// configTopics are the distinct Pub/Sub topics the configs publish to, in
// order.
func configTopics(d *notificationData) []string {
	var out []string
	for _, c := range d.NotificationConfigs {
		if c.PubsubTopic != "" && !contains(out, c.PubsubTopic) {
			out = append(out, c.PubsubTopic)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// --- securitycenter.subscription ---

type subscriptionData struct {
	Parent       *string             `json:"parent"`
	Subscription *sccb2.Subscription `json:"subscription"`
}

func subscriptionSection(ctx context.Context, t *target) (any, error) {
	org := t.organization()
	if org == "" || t.OrgScan != nil {
		// A project without an organisation has no tier to read; in an
		// organisation scan the tier is the organisation's setting, held
		// by its snapshot. No call either way.
		return subscriptionData{}, nil
	}
	sub, err := read(ctx, t, "getSubscription "+org, func(ctx context.Context) (*sccb2.Subscription, error) {
		s, err := t.c.api.sccb2.Organizations.GetSubscription(org + "/subscription").Context(ctx).Do()
		return s, call("securitycenter.subscription.get", err)
	})
	if err != nil {
		if !isNotFound(err) {
			return nil, err
		}
		sub = nil // SCC never activated
	}
	return subscriptionData{Parent: &org, Subscription: sub}, nil
}

// --- securitycenter.sha_settings, securitycenter.etd_settings ---

type settingsData[S any] struct {
	Settings        []S        `json:"settings"`
	Effective       S          `json:"effective"`
	ServiceDisabled []disabled `json:"serviceDisabled"`
}

// settingsAPI is one detector's settings methods.
type settingsAPI[S any] struct {
	suffix            string // securityHealthAnalyticsSettings
	getPerm, calcPerm string
	get, calc         func(ctx context.Context, name string) (S, error)
}

// collectSettings reads a detector's settings on the scope and each
// ancestor (get), then the scope's effective settings (calculate).
func collectSettings[S any](ctx context.Context, t *target, api settingsAPI[S]) (any, error) {
	d := &settingsData[S]{Settings: []S{}, ServiceDisabled: []disabled{}}
	scopeDisabled := false
	for i, res := range t.chain() {
		name := res + "/" + api.suffix
		s, err := read(ctx, t, "get "+name, func(ctx context.Context) (S, error) {
			s, err := api.get(ctx, name)
			return s, call(api.getPerm, err)
		})
		if err != nil {
			if e, ok := t.disabledIn(ctx, err, projectOf(res)); ok {
				d.ServiceDisabled = append(d.ServiceDisabled, e)
				scopeDisabled = scopeDisabled || i == 0
				continue
			}
			return nil, err
		}
		d.Settings = append(d.Settings, s)
	}
	if scopeDisabled {
		// The API is disabled in the project: nothing to calculate
		// (effective stays null).
		return d, nil
	}
	name := t.resourceName() + "/" + api.suffix
	eff, err := read(ctx, t, "calculate "+name, func(ctx context.Context) (S, error) {
		s, err := api.calc(ctx, name)
		return s, call(api.calcPerm, err)
	})
	if err != nil {
		if e, ok := t.disabledIn(ctx, err, projectOf(name)); ok {
			d.ServiceDisabled = append(d.ServiceDisabled, e)
			return d, nil
		}
		return nil, err
	}
	d.Effective = eff
	return d, nil
}

func shaSettingsSection(ctx context.Context, t *target) (any, error) {
	svc := t.c.api.sccb2
	return collectSettings(ctx, t, settingsAPI[*sccb2.SecurityHealthAnalyticsSettings]{
		suffix:   "securityHealthAnalyticsSettings",
		getPerm:  "securitycenter.securityhealthanalyticssettings.get",
		calcPerm: "securitycenter.securityhealthanalyticssettings.calculate",
		get: func(ctx context.Context, name string) (*sccb2.SecurityHealthAnalyticsSettings, error) {
			switch kindOf(name) {
			case "organizations":
				return svc.Organizations.GetSecurityHealthAnalyticsSettings(name).Context(ctx).Do()
			case "folders":
				return svc.Folders.GetSecurityHealthAnalyticsSettings(name).Context(ctx).Do()
			}
			return svc.Projects.GetSecurityHealthAnalyticsSettings(name).Context(ctx).Do()
		},
		calc: func(ctx context.Context, name string) (*sccb2.SecurityHealthAnalyticsSettings, error) {
			switch kindOf(name) {
			case "organizations":
				return svc.Organizations.SecurityHealthAnalyticsSettings.Calculate(name).Context(ctx).Do()
			case "folders":
				return svc.Folders.SecurityHealthAnalyticsSettings.Calculate(name).Context(ctx).Do()
			}
			return svc.Projects.SecurityHealthAnalyticsSettings.Calculate(name).Context(ctx).Do()
		},
	})
}

func etdSettingsSection(ctx context.Context, t *target) (any, error) {
	svc := t.c.api.sccb2
	return collectSettings(ctx, t, settingsAPI[*sccb2.EventThreatDetectionSettings]{
		suffix:   "eventThreatDetectionSettings",
		getPerm:  "securitycenter.eventthreatdetectionsettings.get",
		calcPerm: "securitycenter.eventthreatdetectionsettings.calculate",
		get: func(ctx context.Context, name string) (*sccb2.EventThreatDetectionSettings, error) {
			switch kindOf(name) {
			case "organizations":
				return svc.Organizations.GetEventThreatDetectionSettings(name).Context(ctx).Do()
			case "folders":
				return svc.Folders.GetEventThreatDetectionSettings(name).Context(ctx).Do()
			}
			return svc.Projects.GetEventThreatDetectionSettings(name).Context(ctx).Do()
		},
		calc: func(ctx context.Context, name string) (*sccb2.EventThreatDetectionSettings, error) {
			switch kindOf(name) {
			case "organizations":
				return svc.Organizations.EventThreatDetectionSettings.Calculate(name).Context(ctx).Do()
			case "folders":
				return svc.Folders.EventThreatDetectionSettings.Calculate(name).Context(ctx).Do()
			}
			return svc.Projects.EventThreatDetectionSettings.Calculate(name).Context(ctx).Do()
		},
	})
}

// --- resourcemanager.iam_audit_configs ---

type auditData struct {
	AuditConfigs map[string][]*crm.AuditConfig `json:"auditConfigs"`
}

// auditConfigsSection reads the IAM policies of the scope and each ancestor
// (the organisation's only on its own snapshot in an organisation scan).
func auditConfigsSection(ctx context.Context, t *target) (any, error) {
	d := auditData{AuditConfigs: map[string][]*crm.AuditConfig{}}
	for _, res := range t.owned() {
		cfgs, err := read(ctx, t, "getIamPolicy "+res, func(ctx context.Context) ([]*crm.AuditConfig, error) {
			req := &crm.GetIamPolicyRequest{Options: &crm.GetPolicyOptions{RequestedPolicyVersion: 3}}
			var p *crm.Policy
			var err error
			svc := t.c.api.crm
			kind := kindOf(res)
			switch kind {
			case "organizations":
				p, err = svc.Organizations.GetIamPolicy(res, req).Context(ctx).Do()
			case "folders":
				p, err = svc.Folders.GetIamPolicy(res, req).Context(ctx).Do()
			default:
				p, err = svc.Projects.GetIamPolicy(res, req).Context(ctx).Do()
			}
			if err != nil {
				return nil, call("resourcemanager."+kind+".getIamPolicy", err)
			}
			// Only the audit configs are kept: bindings list people.
			out := p.AuditConfigs
			if out == nil {
				out = []*crm.AuditConfig{}
			}
			return out, nil
		})
		if err != nil {
			return nil, err
		}
		d.AuditConfigs[res] = cfgs
	}
	return d, nil
}

// --- securitycentermanagement.services ---

type servicesData struct {
	Parents         []string          `json:"parents"`
	Services        []json.RawMessage `json:"services"`
	ServiceDisabled []disabled        `json:"serviceDisabled"`
}

// servicesSection lists the Security Command Center services of the scope
// and of each ancestor with the Management API: on the scope,
// effectiveEnablementState is Google's resolution of the scope's, its
// folders' and its organisation's settings; the ancestors' intended states
// say where the deciding one is set.
func servicesSection(ctx context.Context, t *target) (any, error) {
	d := servicesData{Parents: []string{}, Services: []json.RawMessage{}, ServiceDisabled: []disabled{}}
	for _, res := range t.chain() {
		parent := res + "/locations/" + v2Location
		d.Parents = append(d.Parents, parent)
		list, err := read(ctx, t, "securityCenterServices.list "+parent, func(ctx context.Context) ([]json.RawMessage, error) {
			client, err := sccmgmt.NewRESTClient(ctx, t.c.libraryOptions(ctx, "securitycentermanagement")...)
			if err != nil {
				return nil, fmt.Errorf("gcp: securitycentermanagement client: %w", err)
			}
			defer client.Close()
			var out []json.RawMessage
			it := client.ListSecurityCenterServices(ctx, &sccmgmtpb.ListSecurityCenterServicesRequest{Parent: parent})
			for {
				s, err := it.Next()
				if err == iterator.Done {
					return out, nil
				}
				if err != nil {
					return nil, call("securitycentermanagement.securitycenterservices.list", err)
				}
				// Only what the checks read: a service's config may hold more.
				raw, err := protojson.Marshal(&sccmgmtpb.SecurityCenterService{
					Name:                     s.GetName(),
					IntendedEnablementState:  s.GetIntendedEnablementState(),
					EffectiveEnablementState: s.GetEffectiveEnablementState(),
				})
				if err != nil {
					return nil, err
				}
				out = append(out, raw)
			}
		})
		if err != nil {
			if e, ok := t.disabledIn(ctx, err, projectOf(parent)); ok {
				d.ServiceDisabled = append(d.ServiceDisabled, e)
				continue
			}
			return nil, err
		}
		d.Services = append(d.Services, list...)
	}
	return d, nil
}
