package azure

import (
	"context"
	"strings"

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

// mcsbStandard is the name of the Microsoft cloud security benchmark in
// Defender for Cloud's regulatory compliance API.
const mcsbStandard = "Microsoft-cloud-security-benchmark"

// regulatoryCompliance reads Defender for Cloud's own verdict on the MCSB
// Incident Response controls: the standard, its IR controls and each
// control's assessments (RegulatoryCompliance*Client, api-version
// 2019-01-01-preview). A standard that does not exist for the subscription
// (404: not assigned, or regulatory compliance not available) is data:
// {"standard": null, "controls": []}.
func regulatoryCompliance(ctx context.Context, s *sub) (any, error) {
	opts := s.c.clientOptions(s.rec)
	standards, err := armsecurity.NewRegulatoryComplianceStandardsClient(s.id, s.c.cred, opts)
	if err != nil {
		return nil, err
	}
	std, err := standards.Get(ctx, mcsbStandard, nil)
	if isStatus(err, 404) {
		return map[string]any{"standardName": mcsbStandard, "standard": nil, "controls": []any{}}, nil
	}
	if err != nil {
		return nil, err
	}
	controls, err := armsecurity.NewRegulatoryComplianceControlsClient(s.id, s.c.cred, opts)
	if err != nil {
		return nil, err
	}
	all, err := pages(ctx, controls.NewListPager(mcsbStandard, nil), func(r armsecurity.RegulatoryComplianceControlsClientListResponse) []*armsecurity.RegulatoryComplianceControl {
		return r.Value
	})
	if err != nil {
		return nil, err
	}
	assessments, err := armsecurity.NewRegulatoryComplianceAssessmentsClient(s.id, s.c.cred, opts)
	if err != nil {
		return nil, err
	}
	out := []map[string]any{}
	for _, c := range all {
		if c == nil || !isIRControl(deref(c.Name)) {
			continue
		}
		items, err := pages(ctx, assessments.NewListPager(mcsbStandard, deref(c.Name), nil), func(r armsecurity.RegulatoryComplianceAssessmentsClientListResponse) []*armsecurity.RegulatoryComplianceAssessment {
			return r.Value
		})
		if err != nil {
			return nil, err
		}
		out = append(out, map[string]any{"control": c, "assessments": items})
	}
	return map[string]any{"standardName": mcsbStandard, "standard": std.RegulatoryComplianceStandard, "controls": out}, nil
}

// isIRControl holds for the MCSB Incident Response controls, named IR.1 to
// IR.7 in Defender for Cloud (IR-1 in the benchmark's text).
func isIRControl(name string) bool {
	n := strings.ToUpper(strings.TrimSpace(name))
	return strings.HasPrefix(n, "IR.") || strings.HasPrefix(n, "IR-")
}
