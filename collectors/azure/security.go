package azure

import (
	"context"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/security/armsecurity"
)

// pages reads every page of an azcore pager and returns the items.
func pages[T any, R any](ctx context.Context, p *runtime.Pager[R], items func(R) []T) ([]T, error) {
	out := []T{}
	for p.More() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		out = append(out, items(page)...)
	}
	return out, nil
}

// value is the ARM list response shape the sections store.
func value[T any](items []T) map[string]any { return map[string]any{"value": items} }

// securityContacts lists Microsoft.Security/securityContacts (ContactsClient,
// api-version 2023-12-01-preview).
func securityContacts(ctx context.Context, s *sub) (any, error) {
	client, err := armsecurity.NewContactsClient(s.id, s.c.cred, s.c.clientOptions(s.rec))
	if err != nil {
		return nil, err
	}
	items, err := pages(ctx, client.NewListPager(nil), func(r armsecurity.ContactsClientListResponse) []*armsecurity.Contact { return r.Value })
	return value(items), err
}

// pricings lists the Defender plans (PricingsClient, api-version 2024-01-01).
func pricings(ctx context.Context, s *sub) (any, error) {
	client, err := armsecurity.NewPricingsClient(s.c.cred, s.c.clientOptions(s.rec))
	if err != nil {
		return nil, err
	}
	resp, err := client.List(ctx, "subscriptions/"+s.id, nil)
	if err != nil {
		return nil, err
	}
	return value(orEmpty(resp.Value)), nil
}

// automations lists Defender for Cloud workflow automations and continuous
// exports (AutomationsClient, api-version 2023-12-01-preview).
func automations(ctx context.Context, s *sub) (any, error) {
	client, err := armsecurity.NewAutomationsClient(s.id, s.c.cred, s.c.clientOptions(s.rec))
	if err != nil {
		return nil, err
	}
	items, err := pages(ctx, client.NewListPager(nil), func(r armsecurity.AutomationsClientListResponse) []*armsecurity.Automation { return r.Value })
	return value(items), err
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
