package azure

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/resources/armsubscriptions"

	"github.com/irscan/irscan/collectors"
)

const (
	// subscriptionsAPIVersion reads one subscription (as armsubscriptions does).
	subscriptionsAPIVersion = "2022-12-01"
	// managementGroupsAPIVersion lists a management group's descendants.
	managementGroupsAPIVersion = "2020-05-01"
)

// subscriptions resolves which subscriptions to collect: those named, those
// under a management group, or every enabled one the credential sees.
func (c *collector) subscriptions(ctx context.Context, rec *collectors.Recorder) ([]subscription, error) {
	var out []subscription
	switch {
	case len(c.opts.Subscriptions) > 0:
		for _, id := range c.opts.Subscriptions {
			out = append(out, subscription{ID: id})
		}
	case c.opts.ManagementGroup != "":
		r, err := c.newReader(rec)
		if err != nil {
			return nil, err
		}
		items, err := r.list(ctx, "/providers/Microsoft.Management/managementGroups/"+c.opts.ManagementGroup+"/descendants", managementGroupsAPIVersion)
		if err != nil {
			return nil, fmt.Errorf("azure: --management-group %s: listing its subscriptions (Microsoft.Management/managementGroups/descendants/read) failed: %s", c.opts.ManagementGroup, errorText(err))
		}
		for _, raw := range items {
			var d struct {
				Name       string `json:"name"`
				Type       string `json:"type"`
				Properties struct {
					DisplayName string `json:"displayName"`
				} `json:"properties"`
			}
			if json.Unmarshal(raw, &d) == nil && strings.EqualFold(d.Type, "Microsoft.Management/managementGroups/subscriptions") {
				out = append(out, subscription{ID: d.Name, Name: d.Properties.DisplayName})
			}
		}
	default:
		client, err := armsubscriptions.NewClient(c.cred, c.clientOptions(rec))
		if err != nil {
			return nil, err
		}
		p := client.NewListPager(nil)
		for p.More() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return nil, fmt.Errorf("azure: listing subscriptions failed: %s", errorText(err))
			}
			for _, s := range page.Value {
				if s == nil || s.SubscriptionID == nil {
					continue
				}
				// Warned and PastDue subscriptions still run resources and
				// are readable; only Disabled and Deleted ones are passed over,
				// and the log says so.
				if s.State != nil && (*s.State == armsubscriptions.SubscriptionStateDisabled || *s.State == armsubscriptions.SubscriptionStateDeleted) {
					slog.Info("azure subscription not scanned", "subscription", *s.SubscriptionID, "state", string(*s.State))
					continue
				}
				name := ""
				if s.DisplayName != nil {
					name = *s.DisplayName
				}
				out = append(out, subscription{ID: *s.SubscriptionID, Name: name})
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("azure: no subscriptions to scan (the credential sees none; name them with --subscription)")
	}
	sortedIDs(out)
	out = slices.CompactFunc(out, func(a, b subscription) bool { return a.ID == b.ID })
	return out, nil
}
