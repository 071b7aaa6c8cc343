package gcp

import (
	"context"
	"fmt"
	"strings"

	functions "google.golang.org/api/cloudfunctions/v2"
	compute "google.golang.org/api/compute/v1"
	eventarc "google.golang.org/api/eventarc/v1"
	logging "google.golang.org/api/logging/v2"
	netmgmt "google.golang.org/api/networkmanagement/v1"
	pubsub "google.golang.org/api/pubsub/v1"
	storage "google.golang.org/api/storage/v1"
)

// unreachable is the error of a list whose answer says some locations did
// not answer: the list is not complete.
func unreachable(locations []string) error {
	if len(locations) == 0 {
		return nil
	}
	return fmt.Errorf("the answer is incomplete: unreachable: %s", strings.Join(locations, ", "))
}

// --- pubsub.topics ---

type topicEntry struct {
	Name          string        `json:"name"`
	Topic         *pubsub.Topic `json:"topic"`
	Subscriptions []string      `json:"subscriptions"`
}

type topicsData struct {
	Topics []topicEntry `json:"topics"`
}

func topicsSection(ctx context.Context, t *target) (any, error) {
	nc, err := t.notificationConfigs(ctx)
	if err != nil {
		return nil, dependencyFailed("securitycenter.notification_configs", err)
	}
	d := topicsData{Topics: []topicEntry{}}
	for _, name := range configTopics(nc) {
		e := topicEntry{Name: name, Subscriptions: []string{}}
		topic, err := read(ctx, t, "topics.get "+name, func(ctx context.Context) (*pubsub.Topic, error) {
			tp, err := t.c.api.pubsub.Projects.Topics.Get(name).Context(ctx).Do()
			return tp, call("pubsub.topics.get", err)
		})
		if err != nil {
			// A deleted topic (404), or one in a project without Pub/Sub,
			// where it cannot exist: "topic": null.
			if _, ok := t.disabledIn(ctx, err, projectOf(name)); ok || isNotFound(err) {
				d.Topics = append(d.Topics, e)
				continue
			}
			return nil, err
		}
		subs, err := read(ctx, t, "topics.subscriptions.list "+name, func(ctx context.Context) ([]string, error) {
			var out []string
			err := t.c.api.pubsub.Projects.Topics.Subscriptions.List(name).Pages(ctx, func(p *pubsub.ListTopicSubscriptionsResponse) error {
				out = append(out, p.Subscriptions...)
				return nil
			})
			return out, call("pubsub.topics.get", err)
		})
		if err != nil {
			if !isNotFound(err) {
				return nil, err
			}
			topic = nil // deleted between the two calls
		}
		e.Topic = topic
		e.Subscriptions = append(e.Subscriptions, subs...)
		d.Topics = append(d.Topics, e)
	}
	return d, nil
}

// --- compute.subnetworks ---

type subnetworksData struct {
	Project         *string                                  `json:"project"`
	Items           map[string]compute.SubnetworksScopedList `json:"items"`
	ServiceDisabled []disabled                               `json:"serviceDisabled"`
}

func subnetworksSection(ctx context.Context, t *target) (any, error) {
	d := subnetworksData{Items: map[string]compute.SubnetworksScopedList{}, ServiceDisabled: []disabled{}}
	if t.Type != "project" {
		return d, nil // an organisation or folder holds no subnet: no call
	}
	project := t.ID
	d.Project = &project
	items, err := read(ctx, t, "subnetworks.aggregatedList "+project, func(ctx context.Context) (map[string]compute.SubnetworksScopedList, error) {
		out := map[string]compute.SubnetworksScopedList{}
		var unreach []string
		err := t.c.api.compute.Subnetworks.AggregatedList(project).Pages(ctx, func(p *compute.SubnetworkAggregatedList) error {
			for scope, list := range p.Items {
				cur, ok := out[scope]
				if !ok {
					out[scope] = list
					continue
				}
				cur.Subnetworks = append(cur.Subnetworks, list.Subnetworks...)
				if len(cur.Subnetworks) > 0 {
					cur.Warning = nil // NO_RESULTS_ON_PAGE of another page
				}
				out[scope] = cur
			}
			unreach = append(unreach, p.Unreachables...)
			return nil
		})
		if err == nil {
			err = unreachable(unreach)
		}
		return out, call("compute.subnetworks.list", err)
	})
	if err != nil {
		if e, ok := t.disabledIn(ctx, err, project); ok {
			d.ServiceDisabled = append(d.ServiceDisabled, e)
			return d, nil
		}
		return nil, err
	}
	recordSampling(items)
	d.Items = items
	return d, nil
}

// recordSampling keeps a flow-log sampling rate of 0 in the snapshot: the
// client drops a zero float when it writes JSON, and a logConfig without
// flowSampling would read as Compute Engine's default (0.5), while 0 means
// that no flow is reported. Compute Engine returns the rate of every enabled
// logConfig.
func recordSampling(items map[string]compute.SubnetworksScopedList) {
	for _, list := range items {
		for _, s := range list.Subnetworks {
			if s.LogConfig != nil && s.LogConfig.Enable && s.LogConfig.FlowSampling == 0 {
				s.LogConfig.ForceSendFields = append(s.LogConfig.ForceSendFields, "FlowSampling")
			}
		}
	}
}

// --- networkmanagement.vpc_flow_logs_configs ---

type flowLogsData struct {
	Parents            []string                     `json:"parents"`
	VpcFlowLogsConfigs []*netmgmt.VpcFlowLogsConfig `json:"vpcFlowLogsConfigs"`
	ServiceDisabled    []disabled                   `json:"serviceDisabled"`
}

func flowLogsConfigsSection(ctx context.Context, t *target) (any, error) {
	d := flowLogsData{Parents: []string{}, VpcFlowLogsConfigs: []*netmgmt.VpcFlowLogsConfig{}, ServiceDisabled: []disabled{}}
	if t.Type == "project" {
		d.Parents = append(d.Parents, t.resourceName()+"/locations/global")
	}
	if org := t.organization(); org != "" {
		d.Parents = append(d.Parents, org+"/locations/global")
	}
	for _, parent := range d.Parents {
		list, err := read(ctx, t, "vpcFlowLogsConfigs.list "+parent, func(ctx context.Context) ([]*netmgmt.VpcFlowLogsConfig, error) {
			var out []*netmgmt.VpcFlowLogsConfig
			var unreach []string
			page := func(p *netmgmt.ListVpcFlowLogsConfigsResponse) error {
				out = append(out, p.VpcFlowLogsConfigs...)
				unreach = append(unreach, p.Unreachable...)
				return nil
			}
			var err error
			if kindOf(parent) == "organizations" {
				err = t.c.api.netmgmt.Organizations.Locations.VpcFlowLogsConfigs.List(parent).Pages(ctx, page)
			} else {
				err = t.c.api.netmgmt.Projects.Locations.VpcFlowLogsConfigs.List(parent).Pages(ctx, page)
			}
			if err == nil {
				err = unreachable(unreach)
			}
			return out, call("networkmanagement.vpcflowlogsconfigs.list", err)
		})
		if err != nil {
			if e, ok := t.disabledIn(ctx, err, projectOf(parent)); ok {
				d.ServiceDisabled = append(d.ServiceDisabled, e)
				continue
			}
			return nil, err
		}
		d.VpcFlowLogsConfigs = append(d.VpcFlowLogsConfigs, list...)
	}
	return d, nil
}

// --- logging.sinks ---

type sinksData struct {
	Parents         []string           `json:"parents"`
	Sinks           []*logging.LogSink `json:"sinks"`
	ServiceDisabled []disabled         `json:"serviceDisabled"`
}

func sinksSection(ctx context.Context, t *target) (any, error) {
	return t.sinkData(ctx)
}

// sinkData lists the sinks of the scope and each ancestor (the
// organisation's only on its own snapshot in an organisation scan), once
// per scope: storage.sink_buckets and logging.buckets follow their
// destinations.
func (t *target) sinkData(ctx context.Context) (*sinksData, error) {
	return t.sinks.Get(ctx, func(ctx context.Context) (*sinksData, error) {
		d := &sinksData{Parents: t.owned(), Sinks: []*logging.LogSink{}, ServiceDisabled: []disabled{}}
		for _, parent := range d.Parents {
			list, err := read(ctx, t, "sinks.list "+parent, func(ctx context.Context) ([]*logging.LogSink, error) {
				var out []*logging.LogSink
				page := func(p *logging.ListSinksResponse) error {
					out = append(out, p.Sinks...)
					return nil
				}
				var err error
				svc := t.c.api.logging
				switch kindOf(parent) {
				case "organizations":
					err = svc.Organizations.Sinks.List(parent).Pages(ctx, page)
				case "folders":
					err = svc.Folders.Sinks.List(parent).Pages(ctx, page)
				default:
					err = svc.Projects.Sinks.List(parent).Pages(ctx, page)
				}
				for _, s := range out {
					if s.ResourceName == "" {
						// Required by the section: where the sink is set.
						s.ResourceName = parent + "/sinks/" + s.Name
					}
				}
				return out, call("logging.sinks.list", err)
			})
			if err != nil {
				if e, ok := t.disabledIn(ctx, err, projectOf(parent)); ok {
					d.ServiceDisabled = append(d.ServiceDisabled, e)
					continue
				}
				return nil, err
			}
			d.Sinks = append(d.Sinks, list...)
		}
		return d, nil
	})
}

// --- storage.sink_buckets ---

type sinkBucket struct {
	Name   string          `json:"name"`
	Bucket *storage.Bucket `json:"bucket"`
}

type sinkBucketsData struct {
	Buckets []sinkBucket `json:"buckets"`
}

const storageDestination = "storage.googleapis.com/"

func sinkBucketsSection(ctx context.Context, t *target) (any, error) {
	sinks, err := t.sinkData(ctx)
	if err != nil {
		return nil, dependencyFailed("logging.sinks", err)
	}
	var names []string
	for _, s := range sinks.Sinks {
		if b, ok := strings.CutPrefix(s.Destination, storageDestination); ok {
			b, _, _ = strings.Cut(b, "/")
			if b != "" && !contains(names, b) {
				names = append(names, b)
			}
		}
	}
	d := sinkBucketsData{Buckets: []sinkBucket{}}
	for _, name := range names {
		b, err := read(ctx, t, "buckets.get "+name, func(ctx context.Context) (*storage.Bucket, error) {
			b, err := t.c.api.storage.Buckets.Get(name).Context(ctx).Do()
			return b, call("storage.buckets.get", err)
		})
		if err != nil {
			if !isNotFound(err) {
				return nil, err
			}
			b = nil // the bucket no longer exists
		}
		d.Buckets = append(d.Buckets, sinkBucket{Name: name, Bucket: b})
	}
	return d, nil
}

// --- logging.buckets ---

type logBucketsData struct {
	Parents         []string             `json:"parents"`
	Buckets         []*logging.LogBucket `json:"buckets"`
	ServiceDisabled []disabled           `json:"serviceDisabled"`
}

const loggingDestination = "logging.googleapis.com/"

// logBucketContainer is the container of a log bucket destination
// (logging.googleapis.com/<container>/locations/<l>/buckets/<b>), or "".
func logBucketContainer(dest string) string {
	rest, ok := strings.CutPrefix(dest, loggingDestination)
	if !ok {
		return ""
	}
	parts := strings.Split(rest, "/")
	if len(parts) >= 6 && parts[2] == "locations" && parts[4] == "buckets" && parts[1] != "" {
		return parts[0] + "/" + parts[1]
	}
	return ""
}

func logBucketsSection(ctx context.Context, t *target) (any, error) {
	sinks, err := t.sinkData(ctx)
	if err != nil {
		return nil, dependencyFailed("logging.sinks", err)
	}
	d := logBucketsData{Parents: []string{t.resourceName()}, Buckets: []*logging.LogBucket{}, ServiceDisabled: []disabled{}}
	for _, s := range sinks.Sinks {
		if c := logBucketContainer(s.Destination); c != "" && !contains(d.Parents, c) {
			d.Parents = append(d.Parents, c)
		}
	}
	for _, container := range d.Parents {
		parent := container + "/locations/-"
		list, err := read(ctx, t, "buckets.list "+parent, func(ctx context.Context) ([]*logging.LogBucket, error) {
			var out []*logging.LogBucket
			page := func(p *logging.ListBucketsResponse) error {
				out = append(out, p.Buckets...)
				return nil
			}
			var err error
			svc := t.c.api.logging
			switch kindOf(container) {
			case "organizations":
				err = svc.Organizations.Locations.Buckets.List(parent).Pages(ctx, page)
			case "folders":
				err = svc.Folders.Locations.Buckets.List(parent).Pages(ctx, page)
			case "billingAccounts":
				err = svc.BillingAccounts.Locations.Buckets.List(parent).Pages(ctx, page)
			default:
				err = svc.Projects.Locations.Buckets.List(parent).Pages(ctx, page)
			}
			return out, call("logging.buckets.list", err)
		})
		if err != nil {
			if e, ok := t.disabledIn(ctx, err, projectOf(container)); ok {
				d.ServiceDisabled = append(d.ServiceDisabled, e)
				continue
			}
			return nil, err
		}
		d.Buckets = append(d.Buckets, list...)
	}
	return d, nil
}

// --- storage.buckets ---

type bucketsData struct {
	Project         *string           `json:"project"`
	Items           []*storage.Bucket `json:"items"`
	ServiceDisabled []disabled        `json:"serviceDisabled"`
}

func bucketsSection(ctx context.Context, t *target) (any, error) {
	d := bucketsData{Items: []*storage.Bucket{}, ServiceDisabled: []disabled{}}
	if t.Type != "project" {
		return d, nil // an organisation or folder holds no bucket: no call
	}
	project := t.ID
	d.Project = &project
	items, err := read(ctx, t, "buckets.list "+project, func(ctx context.Context) ([]*storage.Bucket, error) {
		var out []*storage.Bucket
		err := t.c.api.storage.Buckets.List(project).Pages(ctx, func(p *storage.Buckets) error {
			out = append(out, p.Items...)
			return nil
		})
		return out, call("storage.buckets.list", err)
	})
	if err != nil {
		if e, ok := t.disabledIn(ctx, err, project); ok {
			d.ServiceDisabled = append(d.ServiceDisabled, e)
			return d, nil
		}
		return nil, err
	}
	d.Items = append(d.Items, items...)
	return d, nil
}

// --- cloudfunctions.functions, eventarc.triggers ---

// topicProjects are the "projects/<p>/locations/-" parents of the projects
// holding a topic of the notification configs, in order.
func topicProjects(nc *notificationData) []string {
	out := []string{}
	for _, topic := range configTopics(nc) {
		if p := projectOf(topic); p != "" && !contains(out, "projects/"+p+"/locations/-") {
			out = append(out, "projects/"+p+"/locations/-")
		}
	}
	return out
}

type functionsData struct {
	Parents         []string              `json:"parents"`
	Functions       []*functions.Function `json:"functions"`
	ServiceDisabled []disabled            `json:"serviceDisabled"`
}

func functionsSection(ctx context.Context, t *target) (any, error) {
	nc, err := t.notificationConfigs(ctx)
	if err != nil {
		return nil, dependencyFailed("securitycenter.notification_configs", err)
	}
	d := functionsData{Parents: topicProjects(nc), Functions: []*functions.Function{}, ServiceDisabled: []disabled{}}
	for _, parent := range d.Parents {
		list, err := read(ctx, t, "functions.list "+parent, func(ctx context.Context) ([]*functions.Function, error) {
			var out []*functions.Function
			var unreach []string
			err := t.c.api.functions.Projects.Locations.Functions.List(parent).Pages(ctx, func(p *functions.ListFunctionsResponse) error {
				out = append(out, p.Functions...)
				unreach = append(unreach, p.Unreachable...)
				return nil
			})
			if err == nil {
				err = unreachable(unreach)
			}
			return out, call("cloudfunctions.functions.list", err)
		})
		if err != nil {
			if e, ok := t.disabledIn(ctx, err, projectOf(parent)); ok {
				d.ServiceDisabled = append(d.ServiceDisabled, e)
				continue
			}
			return nil, err
		}
		d.Functions = append(d.Functions, list...)
	}
	return d, nil
}

type triggersData struct {
	Parents         []string            `json:"parents"`
	Triggers        []*eventarc.Trigger `json:"triggers"`
	ServiceDisabled []disabled          `json:"serviceDisabled"`
}

func triggersSection(ctx context.Context, t *target) (any, error) {
	nc, err := t.notificationConfigs(ctx)
	if err != nil {
		return nil, dependencyFailed("securitycenter.notification_configs", err)
	}
	d := triggersData{Parents: topicProjects(nc), Triggers: []*eventarc.Trigger{}, ServiceDisabled: []disabled{}}
	for _, parent := range d.Parents {
		list, err := read(ctx, t, "triggers.list "+parent, func(ctx context.Context) ([]*eventarc.Trigger, error) {
			var out []*eventarc.Trigger
			var unreach []string
			err := t.c.api.eventarc.Projects.Locations.Triggers.List(parent).Pages(ctx, func(p *eventarc.ListTriggersResponse) error {
				out = append(out, p.Triggers...)
				unreach = append(unreach, p.Unreachable...)
				return nil
			})
			if err == nil {
				err = unreachable(unreach)
			}
			return out, call("eventarc.triggers.list", err)
		})
		if err != nil {
			if e, ok := t.disabledIn(ctx, err, projectOf(parent)); ok {
				d.ServiceDisabled = append(d.ServiceDisabled, e)
				continue
			}
			return nil, err
		}
		d.Triggers = append(d.Triggers, list...)
	}
	return d, nil
}
