package gcp

import (
	"context"

	"github.com/irscan/irscan/collectors"
)

// allScopes: every GCP section is written on every scope type ("Where each
// GCP check runs" in snapshot/SECTIONS.md); project-only data
// (compute.subnetworks, storage.buckets) is an empty answer elsewhere.
var allScopes = []string{"organization", "folder", "project"}

// Container kinds of the Google methods defined on each of them.
const (
	anyContainer = "{projects,folders,organizations}"
	orgOrProject = "{projects,organizations}"
)

// entry is one section of the registry: its contract and how the collector
// fills it.
type entry struct {
	collectors.Section
	collect func(ctx context.Context, t *target) (any, error)
}

// registry lists every section the GCP collector fills, with the Google
// API methods that fill it: the single source of the GCP part of the
// snapshot contract (see collectors.Section; `go generate ./...` writes the
// schema entries, SECTIONS.md's index and the custom role from it).
// Sections run concurrently; a section that depends on another reads it
// through the scope's memoised copy (target.notificationConfigs,
// target.sinkData) and is skipped when it failed (After).
var registry = []entry{
	{section("resourcemanager.ancestry",
		"The scope's resource name, its ancestors nearest first, and whether the same run wrote its organisation's snapshot (the GCP scope rule); the scope resolution's reads.",
		method("cloudresourcemanager", "cloudresourcemanager.projects.get", "resourcemanager.projects.get"),
		method("cloudresourcemanager", "cloudresourcemanager.folders.get", "resourcemanager.folders.get"),
		method("cloudresourcemanager", "cloudresourcemanager.organizations.get", "resourcemanager.organizations.get"),
		method("cloudresourcemanager", "cloudresourcemanager.projects.list", "resourcemanager.projects.list"),
		method("cloudresourcemanager", "cloudresourcemanager.folders.list", "resourcemanager.folders.list")),
		ancestrySection},
	{section("essentialcontacts.security_contacts",
		"essentialcontacts {parent}.contacts.compute?notificationCategories=SECURITY, pages merged.",
		method("essentialcontacts", "essentialcontacts."+anyContainer+".contacts.compute", "essentialcontacts.contacts.list")),
		contactsSection},
	{section("securitycenter.notification_configs",
		"securitycenter v1 notificationConfigs.list and v2 locations.notificationConfigs.list (locations/global) for the scope and each of its ancestors, pages merged (a v1 config that v2 serves too is listed once); filterEvaluations is derived by irscan: what each config's filter selects among representative findings.",
		method("securitycenter", "securitycenter."+anyContainer+".notificationConfigs.list", "securitycenter.notificationconfig.list"),
		method("securitycenter", "securitycenter."+anyContainer+".locations.notificationConfigs.list", "securitycenter.notificationconfig.list")),
		notificationConfigsSection},
	{after(section("pubsub.topics",
		"pubsub topics.get and topics.subscriptions.list for every topic named by a securitycenter.notification_configs entry.",
		method("pubsub", "pubsub.projects.topics.get", "pubsub.topics.get"),
		method("pubsub", "pubsub.projects.topics.subscriptions.list", "pubsub.topics.get")),
		"securitycenter.notification_configs"),
		topicsSection},
	{section("securitycenter.subscription",
		"securitycenter v1beta2 organizations.getSubscription for the scope's organisation (not on a project of an --organization scan, whose organisation's snapshot holds it: parent null).",
		method("securitycenter", "securitycenter.organizations.getSubscription", "securitycenter.subscription.get")),
		subscriptionSection},
	{section("securitycenter.sha_settings",
		"securitycenter v1beta2 getSecurityHealthAnalyticsSettings for the scope and each ancestor (settings, nearest first) and its :calculate for the scope (effective).",
		method("securitycenter", "securitycenter."+anyContainer+".getSecurityHealthAnalyticsSettings", "securitycenter.securityhealthanalyticssettings.get"),
		method("securitycenter", "securitycenter."+anyContainer+".securityHealthAnalyticsSettings.calculate", "securitycenter.securityhealthanalyticssettings.calculate")),
		shaSettingsSection},
	{section("securitycenter.etd_settings",
		"securitycenter v1beta2 getEventThreatDetectionSettings for the scope and each ancestor (settings, nearest first) and its :calculate for the scope (effective).",
		method("securitycenter", "securitycenter."+anyContainer+".getEventThreatDetectionSettings", "securitycenter.eventthreatdetectionsettings.get"),
		method("securitycenter", "securitycenter."+anyContainer+".eventThreatDetectionSettings.calculate", "securitycenter.eventthreatdetectionsettings.calculate")),
		etdSettingsSection},
	{section("securitycentermanagement.services",
		"securitycentermanagement v1 locations.securityCenterServices.list (locations/global) for the scope and each ancestor: each detector service's intended state on each level and its effective state.",
		method("securitycentermanagement", "securitycentermanagement."+anyContainer+".locations.securityCenterServices.list", "securitycentermanagement.securitycenterservices.list")),
		servicesSection},
	{section("resourcemanager.iam_audit_configs",
		"cloudresourcemanager v3 getIamPolicy auditConfigs of the scope and each ancestor, keyed by resource name.",
		method("cloudresourcemanager", "cloudresourcemanager.projects.getIamPolicy", "resourcemanager.projects.getIamPolicy"),
		method("cloudresourcemanager", "cloudresourcemanager.folders.getIamPolicy", "resourcemanager.folders.getIamPolicy"),
		method("cloudresourcemanager", "cloudresourcemanager.organizations.getIamPolicy", "resourcemanager.organizations.getIamPolicy")),
		auditConfigsSection},
	{with(section("compute.subnetworks",
		"compute v1 subnetworks.aggregatedList of a project, pages merged (project null and no call on other scopes).",
		method("compute", "compute.subnetworks.aggregatedList", "compute.subnetworks.list")),
		"regions inside the data"),
		subnetworksSection},
	{section("networkmanagement.vpc_flow_logs_configs",
		"networkmanagement v1 {projects,organizations}.locations.vpcFlowLogsConfigs.list (global) for the scope and its organisation.",
		method("networkmanagement", "networkmanagement."+orgOrProject+".locations.vpcFlowLogsConfigs.list", "networkmanagement.vpcflowlogsconfigs.list")),
		flowLogsConfigsSection},
	{section("logging.sinks",
		"logging v2 {projects,folders,organizations}.sinks.list for the scope and each ancestor, pages merged.",
		method("logging", "logging."+anyContainer+".sinks.list", "logging.sinks.list")),
		sinksSection},
	{after(section("storage.sink_buckets",
		"storage v1 buckets.get for every Cloud Storage destination of logging.sinks.",
		method("storage", "storage.buckets.get", "storage.buckets.get")),
		"logging.sinks"),
		sinkBucketsSection},
	{after(section("logging.buckets",
		"logging v2 locations.buckets.list (locations/-) for the scope and every container a log-bucket destination of logging.sinks names.",
		method("logging", "logging."+anyContainer+".locations.buckets.list", "logging.buckets.list")),
		"logging.sinks"),
		logBucketsSection},
	{section("storage.buckets",
		"storage v1 buckets.list?project= of a project, pages merged (project null and no call on other scopes).",
		method("storage", "storage.buckets.list", "storage.buckets.list")),
		bucketsSection},
	{after(section("cloudfunctions.functions",
		"cloudfunctions v2 projects.locations.functions.list (locations/-) for every project holding a topic of securitycenter.notification_configs.",
		method("cloudfunctions", "cloudfunctions.projects.locations.functions.list", "cloudfunctions.functions.list")),
		"securitycenter.notification_configs"),
		functionsSection},
	{after(section("eventarc.triggers",
		"eventarc v1 projects.locations.triggers.list (locations/-) for every project holding a topic of securitycenter.notification_configs.",
		method("eventarc", "eventarc.projects.locations.triggers.list", "eventarc.triggers.list")),
		"securitycenter.notification_configs"),
		triggersSection},
}

// Sections is the GCP section registry, in registry order.
func Sections() []collectors.Section {
	out := make([]collectors.Section, len(registry))
	for i, e := range registry {
		out[i] = e.Section
	}
	return out
}

// ScopeCalls are the GCP calls made outside any section: none, since the
// scope resolution is recorded as resourcemanager.ancestry.
func ScopeCalls() []collectors.Call { return nil }

// sectionSpecs are the registry's entries as the collector runs them.
var sectionSpecs = func() []spec {
	out := make([]spec, len(registry))
	for i, e := range registry {
		out[i] = spec{name: e.Name, scopes: e.Scopes, collect: e.collect}
	}
	return out
}()

func section(name, summary string, calls ...collectors.Call) collectors.Section {
	return collectors.Section{Cloud: "gcp", Name: name, Summary: summary, Scopes: allScopes, Calls: calls}
}

func after(s collectors.Section, sections ...string) collectors.Section {
	s.After = sections
	return s
}

func with(s collectors.Section, regions string) collectors.Section {
	s.Regions = regions
	return s
}

// method is a Google API method (its ID as in the discovery document) and
// the IAM permission it needs.
func method(api, id, permission string) collectors.Call {
	return collectors.Call{Service: api, Operation: id, Permission: permission}
}
