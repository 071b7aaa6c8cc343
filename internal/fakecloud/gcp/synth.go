package gcp

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/irscan/irscan/internal/fakecloud/fixture"
)

// Synthesised answers: where Google derives an answer from other state
// (inherited contacts, effective settings, a bucket that a list already
// describes) or where scenario.yaml already holds it (projects, folders,
// the organization), the fake computes it when no fixture answers. A
// fixture always wins.

// jsonReply marshals v as a success body.
func jsonReply(v any) reply {
	body, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return reply{err: internal("fakecloud: " + err.Error())}
	}
	return reply{body: body}
}

// listItems returns every item of every page of a list fixture (pages that
// are errors contribute nothing), and whether the fixture exists.
func (s *Server) listItems(key, field string) ([]json.RawMessage, bool) {
	pages := s.fixtures.get(key)
	var out []json.RawMessage
	for _, f := range pages {
		if f.err != nil {
			continue
		}
		var obj map[string]json.RawMessage
		if json.Unmarshal(fixture.ExpandTimes(f.body, s.now()), &obj) != nil {
			continue
		}
		var items []json.RawMessage
		if json.Unmarshal(obj[field], &items) == nil {
			out = append(out, items...)
		}
	}
	return out, pages != nil
}

// object returns the decoded body of a single-object fixture (nil if there
// is none or it is an error).
func (s *Server) object(key string) map[string]any {
	pages := s.fixtures.get(key)
	if len(pages) == 0 || pages[0].err != nil {
		return nil
	}
	var obj map[string]any
	if json.Unmarshal(fixture.ExpandTimes(pages[0].body, s.now()), &obj) != nil {
		return nil
	}
	return obj
}

// computeContacts answers contacts:compute: the contacts of the container
// and of every ancestor, as Essential Contacts inherits them (the
// notificationCategories filter is applied by contactCategories).
func computeContacts(s *Server, r *request) (reply, bool) {
	var all []json.RawMessage
	found := false
	for _, level := range s.scenario.ancestry(r.container) {
		items, ok := s.listItems("v1/"+level+"/contacts", "contacts")
		all = append(all, items...)
		found = found || ok
	}
	if !found {
		return reply{}, false
	}
	return jsonReply(map[string]any{"contacts": all}), true
}

// contactCategories keeps the contacts subscribed to one of the requested
// notificationCategories (or to ALL); asking for ALL, or for nothing,
// keeps every contact.
func contactCategories(_ *Server, r *request, item map[string]any) bool {
	want := r.query["notificationCategories"]
	if len(want) == 0 || contains(want, "ALL") {
		return true
	}
	subs, _ := item["notificationCategorySubscriptions"].([]any)
	for _, sub := range subs {
		if c, _ := sub.(string); c == "ALL" || contains(want, c) {
			return true
		}
	}
	return false
}

// emptySubscription is an organization that never bought a Security Command
// Center tier: STANDARD.
func emptySubscription(_ *Server, r *request) reply {
	return jsonReply(map[string]any{"name": r.m.container + "/subscription", "tier": "STANDARD"})
}

// emptySettings are detector settings nobody set: DISABLED at the
// organization, INHERITED below it.
func emptySettings(_ *Server, r *request) reply {
	return jsonReply(defaultSettings(r.m.container, r.segs[len(r.segs)-1]))
}

func defaultSettings(container, setting string) map[string]any {
	state := "INHERITED"
	if strings.HasPrefix(container, "organizations/") {
		state = "DISABLED"
	}
	return map[string]any{"name": container + "/" + setting, "serviceEnablementState": state}
}

// calculateSettings answers securityHealthAnalyticsSettings:calculate and
// eventThreatDetectionSettings:calculate: the container's own settings
// with serviceEnablementState resolved through the hierarchy (the nearest
// ENABLED or DISABLED wins; nothing set anywhere is DISABLED).
func calculateSettings(s *Server, r *request) (reply, bool) {
	setting := r.segs[len(r.segs)-1]
	var own map[string]any
	effective, found := "", false
	for i, level := range s.scenario.ancestry(r.container) {
		obj := s.object("v1beta2/" + level + "/" + setting)
		if obj != nil {
			found = true
		} else {
			obj = defaultSettings(level, setting)
		}
		if i == 0 {
			own = obj
		}
		if st, _ := obj["serviceEnablementState"].(string); effective == "" && (st == "ENABLED" || st == "DISABLED") {
			effective = st
		}
	}
	if !found && s.scenario.missingMode(r.project) != "empty" {
		return reply{}, false
	}
	if effective == "" {
		effective = "DISABLED"
	}
	own["name"] = r.m.container + "/" + setting
	own["serviceEnablementState"] = effective
	return jsonReply(own), true
}

// pubsubNotFound is Pub/Sub's 404 for a topic or subscription.
func pubsubNotFound(_ *Server, r *request) reply {
	return reply{err: notFound(fmt.Sprintf("Resource not found (resource=%s).", r.m.vars[0]))}
}

// emptyTopicSubscriptions lists no subscriptions of a topic that exists
// (has a fixture), and is 404 for one that does not.
func emptyTopicSubscriptions(s *Server, r *request) reply {
	if s.object("v1/"+r.container+"/topics/"+r.m.vars[0]) == nil {
		return pubsubNotFound(s, r)
	}
	return reply{body: []byte("{}")}
}

// emptyPolicy is the IAM policy of a resource without bindings.
func emptyPolicy(*Server, *request) reply {
	return jsonReply(map[string]any{"version": 1, "etag": "BwYAAAAAAAA="})
}

// emptyAggregatedList is a project without subnetworks.
func emptyAggregatedList(_ *Server, r *request) reply {
	id := r.container + "/aggregated/subnetworks"
	return jsonReply(map[string]any{"kind": "compute#subnetworkAggregatedList", "id": id, "items": map[string]any{},
		"selfLink": "https://www.googleapis.com/compute/v1/" + id})
}

// emptyBuckets is a project without buckets.
func emptyBuckets(*Server, *request) reply {
	return jsonReply(map[string]any{"kind": "storage#buckets"})
}

// bucketFromList answers buckets.get from the buckets.list fixture that
// holds the bucket, so a bucket is written down once.
func bucketFromList(s *Server, r *request) (reply, bool) {
	for _, key := range s.fixtures.keysWithPrefix("storage/v1/b?project=") {
		items, _ := s.listItems(key, "items")
		for _, raw := range items {
			var b struct {
				Name string `json:"name"`
			}
			if json.Unmarshal(raw, &b) == nil && b.Name == r.m.vars[0] {
				var out bytes.Buffer
				_ = json.Indent(&out, raw, "", "  ")
				return reply{body: out.Bytes()}, true
			}
		}
	}
	return reply{}, false
}

// bucketNotFound is Cloud Storage's 404.
func bucketNotFound(*Server, *request) reply {
	return reply{err: notFound("The specified bucket does not exist.")}
}

// Resource Manager answers from scenario.yaml.

// created is the creation time the fake gives projects, folders and the
// organization.
const created = "2023-01-10T09:00:00.000Z"

func etag(name string) string {
	sum := sha256.Sum256([]byte(name))
	return `W/"` + hex.EncodeToString(sum[:8]) + `"`
}

func projectJSON(p *Project) map[string]any {
	out := map[string]any{
		"name": "projects/" + p.Number, "projectId": p.ID, "state": "ACTIVE", "displayName": p.DisplayName,
		"createTime": created, "updateTime": created, "etag": etag(p.ID),
	}
	if p.Parent != "" {
		out["parent"] = p.Parent
	}
	if len(p.Labels) > 0 {
		out["labels"] = p.Labels
	}
	return out
}

func folderJSON(f *Folder) map[string]any {
	return map[string]any{"name": "folders/" + f.ID, "parent": f.Parent, "displayName": f.DisplayName,
		"state": "ACTIVE", "createTime": created, "updateTime": created, "etag": etag("folders/" + f.ID)}
}

func organizationJSON(o *Organization) map[string]any {
	out := map[string]any{"name": "organizations/" + o.ID, "displayName": o.DisplayName, "state": "ACTIVE",
		"createTime": created, "updateTime": created, "etag": etag("organizations/" + o.ID)}
	if o.DirectoryCustomerID != "" {
		out["directoryCustomerId"] = o.DirectoryCustomerID
	}
	return out
}

func getProject(s *Server, r *request) (reply, bool) {
	return jsonReply(projectJSON(s.scenario.project(strings.TrimPrefix(r.container, "projects/")))), true
}

func getFolder(s *Server, r *request) (reply, bool) {
	return jsonReply(folderJSON(s.scenario.folder(strings.TrimPrefix(r.container, "folders/")))), true
}

func getOrganization(s *Server, _ *request) (reply, bool) {
	return jsonReply(organizationJSON(s.scenario.Organization)), true
}

// listProjects answers projects.list: the direct children of the parent.
func listProjects(s *Server, r *request) (reply, bool) {
	parent := s.scenario.canonical(r.query.Get("parent"))
	var out []any
	for _, p := range s.scenario.Projects {
		if p.Parent == parent {
			out = append(out, projectJSON(p))
		}
	}
	return jsonReply(map[string]any{"projects": out}), true
}

// listFolders answers folders.list: the direct children of the parent.
func listFolders(s *Server, r *request) (reply, bool) {
	parent := r.query.Get("parent")
	var out []any
	for _, f := range s.scenario.Folders {
		if f.Parent == parent {
			out = append(out, folderJSON(f))
		}
	}
	return jsonReply(map[string]any{"folders": out}), true
}

// searchProjects answers projects.search: every project matching the
// query (filtered by visibleProject).
func searchProjects(s *Server, r *request) (reply, bool) {
	terms, err := parseSearchQuery(r.query.Get("query"))
	if err != nil {
		return reply{err: invalidArgument(err.Error())}, true
	}
	var out []any
	for _, p := range s.scenario.Projects {
		ptype, pid, _ := strings.Cut(p.Parent, "/")
		attrs := map[string]string{
			"parent": p.Parent, "parent.type": strings.TrimSuffix(ptype, "s"), "parent.id": pid,
			"id": p.ID, "projectid": p.ID, "name": p.DisplayName, "displayname": p.DisplayName, "state": "ACTIVE",
		}
		for k, v := range p.Labels {
			attrs["labels."+strings.ToLower(k)] = v
		}
		ok, err := terms.match(attrs, "labels.")
		if err != nil {
			return reply{err: invalidArgument(err.Error())}, true
		}
		if ok {
			out = append(out, projectJSON(p))
		}
	}
	return jsonReply(map[string]any{"projects": out}), true
}

// searchFolders answers folders.search.
func searchFolders(s *Server, r *request) (reply, bool) {
	terms, err := parseSearchQuery(r.query.Get("query"))
	if err != nil {
		return reply{err: invalidArgument(err.Error())}, true
	}
	var out []any
	for _, f := range s.scenario.Folders {
		attrs := map[string]string{"parent": f.Parent, "displayname": f.DisplayName, "state": "ACTIVE"}
		ok, err := terms.match(attrs, "")
		if err != nil {
			return reply{err: invalidArgument(err.Error())}, true
		}
		if ok {
			out = append(out, folderJSON(f))
		}
	}
	return jsonReply(map[string]any{"folders": out}), true
}

// searchOrganizations answers organizations.search.
func searchOrganizations(s *Server, r *request) (reply, bool) {
	terms, err := parseSearchQuery(r.query.Get("query"))
	if err != nil {
		return reply{err: invalidArgument(err.Error())}, true
	}
	var out []any
	if o := s.scenario.Organization; o != nil {
		attrs := map[string]string{"domain": o.DisplayName, "directorycustomerid": o.DirectoryCustomerID, "state": "ACTIVE"}
		ok, err := terms.match(attrs, "")
		if err != nil {
			return reply{err: invalidArgument(err.Error())}, true
		}
		if ok {
			out = append(out, organizationJSON(o))
		}
	}
	return jsonReply(map[string]any{"organizations": out}), true
}

// visibleProject keeps the projects the caller may get
// (resourcemanager.projects.get), as projects.search does.
func visibleProject(s *Server, r *request, item map[string]any) bool {
	id, _ := item["projectId"].(string)
	return s.authorize(r, r.perm, "projects/"+id) == nil
}

// visibleByName keeps the folders or organizations the caller may get.
func visibleByName(s *Server, r *request, item map[string]any) bool {
	name, _ := item["name"].(string)
	return s.authorize(r, r.perm, name) == nil
}

// searchTerms is a parsed Resource Manager search query: terms that must
// all match ("parent:folders/456 state:ACTIVE"; a trailing * matches a
// prefix).
type searchTerms []struct{ key, value string }

func parseSearchQuery(q string) (searchTerms, error) {
	var out searchTerms
	for _, tok := range strings.Fields(q) {
		if strings.EqualFold(tok, "AND") {
			continue
		}
		i := strings.IndexAny(tok, ":=")
		if i <= 0 {
			return nil, fmt.Errorf("fakecloud: cannot parse the query term %q (expected key:value)", tok)
		}
		out = append(out, struct{ key, value string }{strings.ToLower(tok[:i]), strings.Trim(tok[i+1:], `"'`)})
	}
	return out, nil
}

// match reports whether attrs satisfy every term; a key that attrs do not
// have (and that does not start with anyPrefix) is an error.
func (ts searchTerms) match(attrs map[string]string, anyPrefix string) (bool, error) {
	for _, t := range ts {
		v, ok := attrs[t.key]
		if !ok && (anyPrefix == "" || !strings.HasPrefix(t.key, anyPrefix)) {
			return false, fmt.Errorf("fakecloud: the query key %q is not supported", t.key)
		}
		if prefix, wild := strings.CutSuffix(t.value, "*"); wild {
			if !strings.HasPrefix(strings.ToLower(v), strings.ToLower(prefix)) {
				return false, nil
			}
		} else if !strings.EqualFold(v, t.value) {
			return false, nil
		}
	}
	return true, nil
}

// noV2Configs answers the SCC v2 notification configs of a location without
// a file: none (a scenario's configs are v1 ones unless it says otherwise).
func noV2Configs(*Server, *request) (reply, bool) {
	return reply{body: []byte("{}")}, true
}

// sccServices are the Security Command Center services the fake answers
// for, and the v1beta2 settings that hold the same state where there are
// any.
var sccServices = []struct{ id, settings string }{
	{"container-threat-detection", ""},
	{"event-threat-detection", "eventThreatDetectionSettings"},
	{"security-health-analytics", "securityHealthAnalyticsSettings"},
	{"vm-threat-detection", ""},
}

// listSecurityCenterServices answers securityCenterServices.list without a
// file for the container: each service's intended state on the container,
// and its effective state resolved through the hierarchy as Google does
// (the nearest ENABLED or DISABLED wins; nothing set anywhere is
// DISABLED). A level's intended state comes from that level's own list
// file, else from its v1beta2 settings (Security Health Analytics, Event
// Threat Detection), else INHERITED (DISABLED at the organization).
func listSecurityCenterServices(s *Server, r *request) (reply, bool) {
	location := r.segs[len(r.segs)-2]
	found := false
	var out []map[string]any
	for _, svc := range sccServices {
		intended, effective := "", ""
		for i, level := range s.scenario.ancestry(r.container) {
			state := ""
			items, ok := s.listItems("v1/"+level+"/locations/"+location+"/securityCenterServices", "securityCenterServices")
			found = found || ok
			for _, raw := range items {
				var item map[string]any
				if json.Unmarshal(raw, &item) == nil && strings.HasSuffix(fmt.Sprint(item["name"]), "/"+svc.id) {
					state, _ = item["intendedEnablementState"].(string)
				}
			}
			if state == "" && svc.settings != "" {
				if obj := s.object("v1beta2/" + level + "/" + svc.settings); obj != nil {
					found = true
					state, _ = obj["serviceEnablementState"].(string)
				}
			}
			if state == "" {
				state, _ = defaultSettings(level, svc.id)["serviceEnablementState"].(string)
			}
			if i == 0 {
				intended = state
			}
			if effective == "" && (state == "ENABLED" || state == "DISABLED") {
				effective = state
			}
		}
		if effective == "" {
			effective = "DISABLED"
		}
		out = append(out, map[string]any{
			"name":                     r.m.container + "/locations/" + location + "/securityCenterServices/" + svc.id,
			"intendedEnablementState":  intended,
			"effectiveEnablementState": effective,
		})
	}
	if !found && s.scenario.missingMode(r.project) != "empty" {
		return reply{}, false
	}
	return jsonReply(map[string]any{"securityCenterServices": out}), true
}
