package azure

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/security/armsecurity"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/storage/armstorage"
)

// TestMissingFixtures: a single resource without a fixture is 404 in ARM's
// shape (ResourceNotFound in a resource group); a list without one is a 500
// naming the files looked for under missing: error, and an empty list under
// missing: empty (which a subscription may override).
func TestMissingFixtures(t *testing.T) {
	const two = "77777777-7777-7777-7777-777777777777"
	f := startScenario(t, `
missing: error
tenant: {id: 99999999-9999-9999-9999-999999999999}
principals:
  - {name: irscan-reader, client_id: 22222222-2222-2222-2222-222222222222, client_secret: s3cret}
subscriptions:
  - {id: 11111111-1111-1111-1111-111111111111}
  - {id: 77777777-7777-7777-7777-777777777777, missing: empty}
`, map[string]string{}, Options{})
	opts := f.clientOptions()
	opts.Retry = policy.RetryOptions{MaxRetries: -1} // a 500 is retried otherwise
	cred, ctx := f.credential(readerName), context.Background()

	accounts := must(armstorage.NewAccountsClient(subID, cred, opts))
	_, err := accounts.GetProperties(ctx, "rg1", "nosuchaccount", nil)
	if re := responseError(t, err); re.StatusCode != 404 || re.ErrorCode != "ResourceNotFound" ||
		!strings.Contains(re.Error(), "The Resource 'Microsoft.Storage/storageAccounts/nosuchaccount' under resource group 'rg1' was not found") {
		t.Errorf("missing storage account: %v", err)
	}
	contacts := must(armsecurity.NewContactsClient(subID, cred, opts))
	_, err = contacts.Get(ctx, armsecurity.SecurityContactNameDefault, nil)
	if re := responseError(t, err); re.StatusCode != 404 || re.ErrorCode != "NotFound" {
		t.Errorf("missing contact: %v", err)
	}
	_, err = contacts.NewListPager(nil).NextPage(ctx)
	if re := responseError(t, err); re.StatusCode != 500 || !strings.Contains(re.Error(), "fakecloud: no fixture for GET /subscriptions/"+subID+"/providers/Microsoft.Security/securityContacts (api-version 2023-12-01-preview): looked for subscriptions/"+subID+"/providers/Microsoft.Security/securityContacts@2023-12-01-preview.json") {
		t.Errorf("missing list under missing: error: %v", err)
	}
	page, err := must(armsecurity.NewContactsClient(two, cred, opts)).NewListPager(nil).NextPage(ctx)
	if err != nil || page.Value == nil || len(page.Value) != 0 {
		t.Errorf("missing list under missing: empty: %s, %v", mustJSON(page), err)
	}
	for _, c := range f.armCalls() {
		if c.Fault != "missing-fixture" {
			t.Errorf("%s: fault %q, want missing-fixture", c.Path, c.Fault)
		}
	}
}

// TestFixtureKinds: error fixtures, api-version pins and verbatim bodies.
func TestFixtureKinds(t *testing.T) {
	sec := "subscriptions/" + subID + "/providers/Microsoft.Security/"
	f := startScenario(t, minimalScenario, map[string]string{
		sec + "securityContacts/default.error.yaml":                 "code: ContactNotConfigured\nmessage: No security contact is configured.\nstatus: 404\n",
		sec + "pricings.error.yaml":                                 "code: SubscriptionNotRegistered\nmessage: The subscription is not registered to use namespace 'Microsoft.Security'.\n",
		sec + "securityContacts@2020-01-01-preview.json":            `{"value": []}`,
		sec + "automations.raw.json":                                `{"value": [], "nextLink": null, "note": "{{now}} stays"}`,
		sec + "settings/MCAS@2022-05-01.json":                       `{"kind": "DataExportSettings", "properties": {"enabled": true}}`,
		sec + "settings/MCAS@2021-07-01.json":                       `{"kind": "DataExportSettings", "properties": {"enabled": false}}`,
		"subscriptions/" + subID + "/resourceGroups/rg1.json":       `{"id": "/subscriptions/` + subID + `/resourceGroups/rg1", "name": "rg1", "location": "eastus", "properties": {"provisioningState": "Succeeded"}}`,
		"subscriptions/" + subID + "/resourceGroups/rg2.error.yaml": "code: ResourceGroupNotFound\nmessage: Resource group 'rg2' could not be found.\n",
	}, Options{})
	token := f.token(readerName)
	for _, c := range []struct {
		path   string
		status int
		code   string
		body   string
	}{
		{sec + "securityContacts/default?api-version=2023-12-01-preview", 404, "ContactNotConfigured", ""},
		{sec + "pricings?api-version=2024-01-01", 400, "SubscriptionNotRegistered", ""},     // status by code
		{sec + "securityContacts?api-version=2020-01-01-preview", 200, "", `{"value": []}`}, // served as written
		{sec + "securityContacts?api-version=2023-12-01-preview", 400, "NoRegisteredProviderFound", ""},
		{sec + "automations?api-version=2023-12-01-preview", 200, "", `{"value": [], "nextLink": null, "note": "{{now}} stays"}`},
		{sec + "settings/MCAS?api-version=2022-05-01", 200, "", `{"kind": "DataExportSettings", "properties": {"enabled": true}}`},
		{sec + "settings/MCAS?api-version=2021-07-01", 200, "", `{"kind": "DataExportSettings", "properties": {"enabled": false}}`},
		{"subscriptions/" + subID + "/resourcegroups/RG1?api-version=2022-09-01", 200, "", ""}, // paths are case-insensitive
		{"subscriptions/" + subID + "/resourceGroups/rg2?api-version=2022-09-01", 404, "ResourceGroupNotFound", ""},
	} {
		status, _, body := f.get(http.MethodGet, "/"+c.path, token)
		if status != c.status || (c.code != "" && armErr(t, body).Code != c.code) || (c.body != "" && string(body) != c.body) {
			t.Errorf("GET %s: %d %s, want %d %s %s", c.path, status, body, c.status, c.code, c.body)
		}
	}
	// The NoRegisteredProviderFound message lists the pinned versions.
	_, _, body := f.get(http.MethodGet, "/"+sec+"settings/MCAS?api-version=2019-01-01", token)
	if e := armErr(t, body); !strings.Contains(e.Message, "The supported api-versions are '2021-07-01, 2022-05-01'") {
		t.Errorf("pinned versions message: %s", e.Message)
	}
}

// TestPaging: list fixtures with pages get an absolute nextLink to the fake
// with the request's query and a $skiptoken; the last page has none, any
// nextLink in a file is replaced, and only tokens the fake wrote for this
// list are honoured.
func TestPaging(t *testing.T) {
	dir := "subscriptions/" + subID + "/providers/Microsoft.Network/"
	f := startScenario(t, minimalScenario, map[string]string{
		dir + "virtualNetworks.json":       `{"value": [{"name": "a"}], "nextLink": "https://example.com/ignored"}`,
		dir + "virtualNetworks.page2.json": `{"value": [{"name": "b"}]}`,
		dir + "virtualNetworks.page3.json": `{"value": [{"name": "c"}], "nextLink": "https://example.com/ignored"}`,
		dir + "networkWatchers.json":       `{"value": [{"name": "w"}]}`,
		dir + "networkWatchers.page2.json": `{"value": [{"name": "x"}]}`,
	}, Options{})
	token := f.token(readerName)
	type page struct {
		Value []struct {
			Name string `json:"name"`
		} `json:"value"`
		NextLink *string `json:"nextLink"`
	}
	next := f.ts.URL + "/" + dir + "virtualNetworks?api-version=2025-01-01&$filter=x"
	var names []string
	var links []string
	for next != "" {
		status, _, body := f.get(http.MethodGet, strings.TrimPrefix(next, f.ts.URL), token)
		var p page
		if err := json.Unmarshal(body, &p); err != nil || status != 200 {
			t.Fatalf("GET %s: %d %s", next, status, body)
		}
		for _, v := range p.Value {
			names = append(names, v.Name)
		}
		next = ""
		if p.NextLink != nil {
			next = *p.NextLink
			links = append(links, next)
		}
	}
	if strings.Join(names, "") != "abc" || len(links) != 2 {
		t.Fatalf("names %q, nextLinks %q", names, links)
	}
	u, err := url.Parse(links[0])
	if err != nil || u.Scheme != "https" || u.Host != strings.TrimPrefix(f.ts.URL, "https://") ||
		u.Query().Get("api-version") != "2025-01-01" || u.Query().Get("$filter") != "x" || u.Query().Get("$skiptoken") == "" {
		t.Errorf("nextLink = %s", links[0])
	}
	if calls := f.armCalls(); calls[1].Page != 2 || calls[2].Page != 3 || calls[1].Query["$skiptoken"] == "" {
		t.Errorf("call log pages: %+v", calls)
	}

	// A token for another list, a made-up token, a page beyond the last.
	tok := u.Query().Get("$skiptoken")
	for _, bad := range []string{
		"/" + dir + "networkWatchers?api-version=2025-01-01&$skiptoken=" + url.QueryEscape(tok),
		"/" + dir + "virtualNetworks?api-version=2025-01-01&$skiptoken=abc",
		"/" + dir + "virtualNetworks?api-version=2025-01-01&$skiptoken=" + strings.Replace(tok, "-p2-", "-p9-", 1),
	} {
		if status, _, body := f.get(http.MethodGet, bad, token); status != 400 || armErr(t, body).Code != "InvalidSkipToken" {
			t.Errorf("GET %s: %d %s", bad, status, body)
		}
	}
}
