package gcp

import (
	"net/http"
	"strings"
)

// api is one Google API service the fake serves.
type api struct {
	service string // service name, e.g. "securitycenter.googleapis.com"
	title   string // as Google names it in SERVICE_DISABLED messages
	// legacy marks the JSON APIs (Cloud Storage, Compute Engine) whose own
	// errors carry an errors[] array with reasons such as "forbidden" and
	// "notFound" instead of a google.rpc status and ErrorInfo details.
	legacy bool
}

var (
	essentialContacts = &api{service: "essentialcontacts.googleapis.com", title: "Essential Contacts API"}
	securityCenter    = &api{service: "securitycenter.googleapis.com", title: "Security Command Center API"}
	sccManagement     = &api{service: "securitycentermanagement.googleapis.com", title: "Security Command Center Management API"}
	pubsub            = &api{service: "pubsub.googleapis.com", title: "Cloud Pub/Sub API"}
	resourceManager   = &api{service: "cloudresourcemanager.googleapis.com", title: "Cloud Resource Manager API"}
	compute           = &api{service: "compute.googleapis.com", title: "Compute Engine API", legacy: true}
	networkManagement = &api{service: "networkmanagement.googleapis.com", title: "Network Management API"}
	logging           = &api{service: "logging.googleapis.com", title: "Cloud Logging API"}
	storage           = &api{service: "storage.googleapis.com", title: "Cloud Storage API", legacy: true}
	cloudFunctions    = &api{service: "cloudfunctions.googleapis.com", title: "Cloud Functions API"}
	eventarc          = &api{service: "eventarc.googleapis.com", title: "Eventarc API"}

	apis = []*api{essentialContacts, securityCenter, sccManagement, pubsub, resourceManager, compute,
		networkManagement, logging, storage, cloudFunctions, eventarc}
)

// apiByService returns the API with the given service name, or nil.
func apiByService(service string) *api {
	for _, a := range apis {
		if a.service == service {
			return a
		}
	}
	return nil
}

// serviceNames lists the services the fake serves, for error messages.
func serviceNames() string {
	names := make([]string, len(apis))
	for i, a := range apis {
		names[i] = a.service
	}
	return strings.Join(names, ", ")
}

// route is one API method the fake answers.
//
// A pattern is the method's path after the endpoint's host, segment by
// segment, with an optional ":verb" on the last one. Besides literal
// segments it may hold:
//
//	{c}  a container: organizations/<id>, folders/<id> or projects/<id>
//	{o}  organizations/<id>     {p}  projects/<id>
//	*    any one segment (a topic, a bucket, a location such as "-")
type route struct {
	// id is the API method ID as in the discovery document; {kind} stands
	// for the container's collection (organizations, folders, projects).
	id  string
	api *api
	// doc is the discovery document ("<api>/<version>") that defines schema.
	doc string
	// method is GET, or POST for the reads Google sends as POST
	// (getIamPolicy). Anything else on a route's path is a write.
	method  string
	pattern string
	// perm is the IAM permission the call needs; {kind} stands for the
	// container's collection.
	perm string
	// schema is the response schema in doc.
	schema string
	// list names the member holding the items of a list method ("" for
	// other methods). Lists are paged with pageToken / nextPageToken.
	list string
	// keys are the query parameters that select the fixture (in this
	// order); required are those the API refuses to do without.
	keys, required []string
	// visibility means that perm filters the items the caller may see (as
	// projects.search does with resourcemanager.projects.get) instead of
	// refusing the call.
	visibility bool
	// resource returns the resource the permission is checked on; nil: the
	// container of the path.
	resource func(r *request) string
	// synth answers when no fixture does; ok=false if it cannot either.
	synth func(s *Server, r *request) (rep reply, ok bool)
	// empty is the answer under "missing: empty"; nil: an empty list for
	// list methods, 404 NOT_FOUND for the others.
	empty func(s *Server, r *request) reply
	// filter drops list items the request does not ask for or may not see.
	filter func(s *Server, r *request, item map[string]any) bool

	segs []string // pattern segments, set by init
	verb string   // pattern verb, set by init
}

// routes is every method the fake serves. The IAM permissions are Google's
// (see testdata/fakecloud/gcp/README.md for the table and its sources).
var routes = []*route{
	// Essential Contacts v1.
	{id: "essentialcontacts.{kind}.contacts.list", api: essentialContacts, doc: "essentialcontacts/v1",
		pattern: "v1/{c}/contacts", perm: "essentialcontacts.contacts.list",
		schema: "GoogleCloudEssentialcontactsV1ListContactsResponse", list: "contacts"},
	{id: "essentialcontacts.{kind}.contacts.compute", api: essentialContacts, doc: "essentialcontacts/v1",
		pattern: "v1/{c}/contacts:compute", perm: "essentialcontacts.contacts.list",
		schema: "GoogleCloudEssentialcontactsV1ComputeContactsResponse", list: "contacts",
		synth: computeContacts, filter: contactCategories},

	// Security Command Center v1.
	{id: "securitycenter.{kind}.notificationConfigs.list", api: securityCenter, doc: "securitycenter/v1",
		pattern: "v1/{c}/notificationConfigs", perm: "securitycenter.notificationconfig.list",
		schema: "ListNotificationConfigsResponse", list: "notificationConfigs"},

	// Security Command Center v2: notification configs under a location.
	// A scenario without a file has none (v1 configs are not repeated).
	{id: "securitycenter.{kind}.locations.notificationConfigs.list", api: securityCenter, doc: "securitycenter/v2",
		pattern: "v2/{c}/locations/*/notificationConfigs", perm: "securitycenter.notificationconfig.list",
		schema: "ListNotificationConfigsResponse", list: "notificationConfigs", synth: noV2Configs},

	// Security Command Center Management v1: each service's intended and
	// effective state for the container; answered from the v1beta2
	// settings of the container and its ancestors when no file does.
	{id: "securitycentermanagement.{kind}.locations.securityCenterServices.list", api: sccManagement, doc: "securitycentermanagement/v1",
		pattern: "v1/{c}/locations/*/securityCenterServices", perm: "securitycentermanagement.securitycenterservices.list",
		schema: "ListSecurityCenterServicesResponse", list: "securityCenterServices", synth: listSecurityCenterServices},

	// Security Command Center v1beta2.
	{id: "securitycenter.organizations.getSubscription", api: securityCenter, doc: "securitycenter/v1beta2",
		pattern: "v1beta2/{o}/subscription", perm: "securitycenter.subscription.get",
		schema: "Subscription", empty: emptySubscription},
	{id: "securitycenter.{kind}.getSecurityHealthAnalyticsSettings", api: securityCenter, doc: "securitycenter/v1beta2",
		pattern: "v1beta2/{c}/securityHealthAnalyticsSettings", perm: "securitycenter.securityhealthanalyticssettings.get",
		schema: "SecurityHealthAnalyticsSettings", empty: emptySettings},
	{id: "securitycenter.{kind}.securityHealthAnalyticsSettings.calculate", api: securityCenter, doc: "securitycenter/v1beta2",
		pattern: "v1beta2/{c}/securityHealthAnalyticsSettings:calculate", perm: "securitycenter.securityhealthanalyticssettings.calculate",
		schema: "SecurityHealthAnalyticsSettings", synth: calculateSettings},
	{id: "securitycenter.{kind}.getEventThreatDetectionSettings", api: securityCenter, doc: "securitycenter/v1beta2",
		pattern: "v1beta2/{c}/eventThreatDetectionSettings", perm: "securitycenter.eventthreatdetectionsettings.get",
		schema: "EventThreatDetectionSettings", empty: emptySettings},
	{id: "securitycenter.{kind}.eventThreatDetectionSettings.calculate", api: securityCenter, doc: "securitycenter/v1beta2",
		pattern: "v1beta2/{c}/eventThreatDetectionSettings:calculate", perm: "securitycenter.eventthreatdetectionsettings.calculate",
		schema: "EventThreatDetectionSettings", synth: calculateSettings},

	// Pub/Sub v1. Listing a topic's subscriptions needs pubsub.topics.get
	// on the topic (there is no pubsub.topics.listSubscriptions).
	{id: "pubsub.projects.topics.get", api: pubsub, doc: "pubsub/v1",
		pattern: "v1/{p}/topics/*", perm: "pubsub.topics.get", schema: "Topic",
		resource: pathResource, empty: pubsubNotFound},
	{id: "pubsub.projects.topics.subscriptions.list", api: pubsub, doc: "pubsub/v1",
		pattern: "v1/{p}/topics/*/subscriptions", perm: "pubsub.topics.get",
		schema: "ListTopicSubscriptionsResponse", list: "subscriptions",
		resource: topicResource, empty: emptyTopicSubscriptions},
	{id: "pubsub.projects.subscriptions.get", api: pubsub, doc: "pubsub/v1",
		pattern: "v1/{p}/subscriptions/*", perm: "pubsub.subscriptions.get", schema: "Subscription",
		resource: pathResource, empty: pubsubNotFound},

	// Resource Manager v3. Projects, folders and the organization are
	// answered from scenario.yaml unless a fixture exists.
	{id: "cloudresourcemanager.projects.search", api: resourceManager, doc: "cloudresourcemanager/v3",
		pattern: "v3/projects:search", perm: "resourcemanager.projects.get", visibility: true,
		schema: "SearchProjectsResponse", list: "projects", synth: searchProjects, filter: visibleProject},
	{id: "cloudresourcemanager.projects.list", api: resourceManager, doc: "cloudresourcemanager/v3",
		pattern: "v3/projects", perm: "resourcemanager.projects.list", keys: []string{"parent"}, required: []string{"parent"},
		schema: "ListProjectsResponse", list: "projects", resource: parentResource, synth: listProjects},
	{id: "cloudresourcemanager.projects.get", api: resourceManager, doc: "cloudresourcemanager/v3",
		pattern: "v3/{p}", perm: "resourcemanager.projects.get", schema: "Project", synth: getProject},
	{id: "cloudresourcemanager.folders.search", api: resourceManager, doc: "cloudresourcemanager/v3",
		pattern: "v3/folders:search", perm: "resourcemanager.folders.get", visibility: true,
		schema: "SearchFoldersResponse", list: "folders", synth: searchFolders, filter: visibleByName},
	{id: "cloudresourcemanager.folders.list", api: resourceManager, doc: "cloudresourcemanager/v3",
		pattern: "v3/folders", perm: "resourcemanager.folders.list", keys: []string{"parent"}, required: []string{"parent"},
		schema: "ListFoldersResponse", list: "folders", resource: parentResource, synth: listFolders},
	{id: "cloudresourcemanager.folders.get", api: resourceManager, doc: "cloudresourcemanager/v3",
		pattern: "v3/{f}", perm: "resourcemanager.folders.get", schema: "Folder", synth: getFolder},
	{id: "cloudresourcemanager.organizations.search", api: resourceManager, doc: "cloudresourcemanager/v3",
		pattern: "v3/organizations:search", perm: "resourcemanager.organizations.get", visibility: true,
		schema: "SearchOrganizationsResponse", list: "organizations", synth: searchOrganizations, filter: visibleByName},
	{id: "cloudresourcemanager.organizations.get", api: resourceManager, doc: "cloudresourcemanager/v3",
		pattern: "v3/{o}", perm: "resourcemanager.organizations.get", schema: "Organization", synth: getOrganization},
	{id: "cloudresourcemanager.{kind}.getIamPolicy", api: resourceManager, doc: "cloudresourcemanager/v3",
		method: http.MethodPost, pattern: "v3/{c}:getIamPolicy", perm: "resourcemanager.{kind}.getIamPolicy",
		schema: "Policy", empty: emptyPolicy},

	// Compute Engine v1 (endpoint <base>/compute/v1/).
	{id: "compute.subnetworks.aggregatedList", api: compute, doc: "compute/v1",
		pattern: "compute/v1/{p}/aggregated/subnetworks", perm: "compute.subnetworks.list",
		schema: "SubnetworkAggregatedList", list: "items", empty: emptyAggregatedList},

	// Network Management v1.
	{id: "networkmanagement.projects.locations.vpcFlowLogsConfigs.list", api: networkManagement, doc: "networkmanagement/v1",
		pattern: "v1/{p}/locations/*/vpcFlowLogsConfigs", perm: "networkmanagement.vpcflowlogsconfigs.list",
		schema: "ListVpcFlowLogsConfigsResponse", list: "vpcFlowLogsConfigs"},
	{id: "networkmanagement.organizations.locations.vpcFlowLogsConfigs.list", api: networkManagement, doc: "networkmanagement/v1",
		pattern: "v1/{o}/locations/*/vpcFlowLogsConfigs", perm: "networkmanagement.vpcflowlogsconfigs.list",
		schema: "ListVpcFlowLogsConfigsResponse", list: "vpcFlowLogsConfigs"},

	// Cloud Logging v2.
	{id: "logging.{kind}.sinks.list", api: logging, doc: "logging/v2",
		pattern: "v2/{c}/sinks", perm: "logging.sinks.list", schema: "ListSinksResponse", list: "sinks"},
	{id: "logging.{kind}.locations.buckets.list", api: logging, doc: "logging/v2",
		pattern: "v2/{c}/locations/*/buckets", perm: "logging.buckets.list", schema: "ListBucketsResponse", list: "buckets"},

	// Cloud Storage JSON API v1 (endpoint <base>/storage/v1/).
	{id: "storage.buckets.list", api: storage, doc: "storage/v1",
		pattern: "storage/v1/b", perm: "storage.buckets.list", keys: []string{"project"}, required: []string{"project"},
		schema: "Buckets", list: "items", resource: projectQueryResource, empty: emptyBuckets},
	{id: "storage.buckets.get", api: storage, doc: "storage/v1",
		pattern: "storage/v1/b/*", perm: "storage.buckets.get", schema: "Bucket",
		resource: bucketResource, synth: bucketFromList, empty: bucketNotFound},

	// Cloud Functions v2.
	{id: "cloudfunctions.projects.locations.functions.list", api: cloudFunctions, doc: "cloudfunctions/v2",
		pattern: "v2/{p}/locations/*/functions", perm: "cloudfunctions.functions.list",
		schema: "ListFunctionsResponse", list: "functions"},

	// Eventarc v1.
	{id: "eventarc.projects.locations.triggers.list", api: eventarc, doc: "eventarc/v1",
		pattern: "v1/{p}/locations/*/triggers", perm: "eventarc.triggers.list",
		schema: "ListTriggersResponse", list: "triggers"},
}

func init() {
	for _, rt := range routes {
		if rt.method == "" {
			rt.method = http.MethodGet
		}
		rt.segs, rt.verb = splitPath(rt.pattern)
	}
}

// splitPath splits "v1/projects/p/contacts:compute" into its segments and
// the verb after the last segment's colon ("compute").
func splitPath(p string) (segs []string, verb string) {
	segs = strings.Split(strings.Trim(p, "/"), "/")
	last := segs[len(segs)-1]
	if i := strings.IndexByte(last, ':'); i >= 0 {
		segs[len(segs)-1], verb = last[:i], last[i+1:]
	}
	return segs, verb
}

// match is what a route's pattern captured from a path.
type match struct {
	container string   // "projects/111111111111" as in the path, "" if none
	kind      string   // the container's collection
	cIndex    int      // index of the container's first segment
	vars      []string // segments matched by *
}

// match reports whether the path segments and verb fit the route's pattern.
func (rt *route) match(segs []string, verb string) (m match, ok bool) {
	if verb != rt.verb {
		return m, false
	}
	m.cIndex = -1
	i := 0
	for _, p := range rt.segs {
		switch p {
		case "{c}", "{o}", "{p}", "{f}":
			if i+1 >= len(segs) || segs[i+1] == "" {
				return m, false
			}
			kind := segs[i]
			want := map[string]string{"{o}": "organizations", "{p}": "projects", "{f}": "folders"}[p]
			if want != "" && kind != want || want == "" && kind != "organizations" && kind != "folders" && kind != "projects" {
				return m, false
			}
			m.container, m.kind, m.cIndex = kind+"/"+segs[i+1], kind, i
			i += 2
		case "*":
			if i >= len(segs) || segs[i] == "" {
				return m, false
			}
			m.vars = append(m.vars, segs[i])
			i++
		default:
			if i >= len(segs) || segs[i] != p {
				return m, false
			}
			i++
		}
	}
	return m, i == len(segs)
}

// findRoute returns the route whose pattern matches a path, whatever the
// method; nil if none does.
func findRoute(path string) (*route, match) {
	segs, verb := splitPath(path)
	for _, rt := range routes {
		if m, ok := rt.match(segs, verb); ok {
			return rt, m
		}
	}
	return nil, match{}
}

// kindID fills {kind} in a route's method ID or permission.
func kindID(s, kind string) string {
	if kind == "" {
		kind = "projects"
	}
	return strings.ReplaceAll(s, "{kind}", kind)
}

// The resource functions name the resource a permission is checked on
// when it is not the container of the path.

// pathResource is the resource named by the whole path after the version
// ("projects/p/topics/t").
func pathResource(r *request) string {
	segs := r.segs[r.m.cIndex:]
	return r.server.scenario.canonical(segs[0]+"/"+segs[1]) + "/" + strings.Join(segs[2:], "/")
}

// topicResource is the topic whose subscriptions are listed.
func topicResource(r *request) string {
	return r.server.scenario.canonical(r.m.container) + "/topics/" + r.m.vars[0]
}

// parentResource is the parent a projects.list or folders.list lists.
func parentResource(r *request) string { return r.server.scenario.canonical(r.query.Get("parent")) }

// projectQueryResource is the project a storage buckets.list lists.
func projectQueryResource(r *request) string {
	return r.server.scenario.canonical("projects/" + r.query.Get("project"))
}

// bucketResource is the bucket a storage buckets.get reads.
func bucketResource(r *request) string { return "projects/_/buckets/" + r.m.vars[0] }
