package azure

import (
	"context"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/security/armsecurity"
)

// securityContacts lists Microsoft.Security/securityContacts
// (armsecurity ContactsClient, api-version 2023-12-01-preview).
func securityContacts(ctx context.Context, s *sub) (any, error) {
	client, err := armsecurity.NewContactsClient(s.id, s.c.cred, s.c.clientOptions(s.rec))
	if err != nil {
		return nil, err
	}
	items := []*armsecurity.Contact{}
	p := client.NewListPager(nil)
	for p.More() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		items = append(items, page.Value...)
	}
	return map[string]any{"value": items}, nil
}
