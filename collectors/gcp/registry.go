package gcp

// allScopes: every GCP section is written on every scope type ("Where each
// GCP check runs" in snapshot/SECTIONS.md); project-only data
// (compute.subnetworks, storage.buckets) is an empty answer elsewhere.
var allScopes = []string{"organization", "folder", "project"}

// sectionSpecs lists every section the GCP collector fills (see
// snapshot/SECTIONS.md), with the scope types it applies to. Sections
// run concurrently; a section that depends on another reads it through the
// scope's memoised copy (target.notificationConfigs, target.sinkData) and
// is skipped when it failed.
var sectionSpecs = []spec{
	{name: "resourcemanager.ancestry", scopes: allScopes, collect: ancestrySection},
	{name: "essentialcontacts.security_contacts", scopes: allScopes, collect: contactsSection},
	{name: "securitycenter.notification_configs", scopes: allScopes, collect: notificationConfigsSection},
	{name: "pubsub.topics", scopes: allScopes, collect: topicsSection},
	{name: "securitycenter.subscription", scopes: allScopes, collect: subscriptionSection},
	{name: "securitycenter.sha_settings", scopes: allScopes, collect: shaSettingsSection},
	{name: "securitycenter.etd_settings", scopes: allScopes, collect: etdSettingsSection},
	{name: "resourcemanager.iam_audit_configs", scopes: allScopes, collect: auditConfigsSection},
	{name: "compute.subnetworks", scopes: allScopes, collect: subnetworksSection},
	{name: "networkmanagement.vpc_flow_logs_configs", scopes: allScopes, collect: flowLogsConfigsSection},
	{name: "logging.sinks", scopes: allScopes, collect: sinksSection},
	{name: "storage.sink_buckets", scopes: allScopes, collect: sinkBucketsSection},
	{name: "logging.buckets", scopes: allScopes, collect: logBucketsSection},
	{name: "storage.buckets", scopes: allScopes, collect: bucketsSection},
	{name: "cloudfunctions.functions", scopes: allScopes, collect: functionsSection},
	{name: "eventarc.triggers", scopes: allScopes, collect: triggersSection},
}
