package azure

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/security/armsecurity"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/storage/armstorage"
)

// TestWritesRefused: every method but GET is refused with 403
// AuthorizationFailed naming the write action, and recorded as a violation,
// whether the real clients send it (PUT, POST listKeys, DELETE) or a raw
// request without a token does.
func TestWritesRefused(t *testing.T) {
	f := startFake(t, Options{})
	cred, opts, ctx := f.credential(readerName), f.clientOptions(), context.Background()

	contacts := must(armsecurity.NewContactsClient(subID, cred, opts))
	_, err := contacts.Create(ctx, armsecurity.SecurityContactNameDefault, armsecurity.Contact{
		Properties: &armsecurity.ContactProperties{Emails: to.Ptr("attacker@example.com")}}, nil)
	checkRefused(t, err, "Microsoft.Security/securityContacts/write")

	accounts := must(armstorage.NewAccountsClient(subID, cred, opts))
	_, err = accounts.ListKeys(ctx, "rg-evidence", "stirevidence001", nil)
	checkRefused(t, err, "Microsoft.Storage/storageAccounts/listKeys/action")
	_, err = accounts.Delete(ctx, "rg-evidence", "stirevidence001", nil)
	checkRefused(t, err, "Microsoft.Storage/storageAccounts/delete")

	status, _, body := f.get(http.MethodPatch, "/subscriptions/"+subID+"/resourceGroups/rg-evidence/providers/Microsoft.Storage/storageAccounts/stirevidence001?api-version=2024-01-01", "")
	if e := armErr(t, body); status != 403 || e.Code != "AuthorizationFailed" || !strings.Contains(e.Message, "'Microsoft.Storage/storageAccounts/write'") {
		t.Errorf("anonymous PATCH: %d %s", status, body)
	}

	v := f.srv.Violations()
	var got []string
	for _, c := range v {
		got = append(got, c.Method+" "+c.Action+" "+c.Principal)
		if c.Fault != "not-a-read" || c.Status != 403 {
			t.Errorf("violation %+v", c)
		}
	}
	want := "PUT Microsoft.Security/securityContacts/write irscan-reader; POST Microsoft.Storage/storageAccounts/listKeys/action irscan-reader; " +
		"DELETE Microsoft.Storage/storageAccounts/delete irscan-reader; PATCH Microsoft.Storage/storageAccounts/write "
	if strings.Join(got, "; ") != want {
		t.Errorf("violations = %q\nwant %q", strings.Join(got, "; "), want)
	}

	// The control endpoint lists them too.
	status, _, body = f.get(http.MethodGet, ControlPrefix+"calls?violations=true", "")
	var listed []Call
	if err := json.Unmarshal(body, &listed); err != nil || status != 200 || len(listed) != 4 || !listed[0].Violation {
		t.Errorf("GET %scalls?violations=true: %d %s", ControlPrefix, status, body)
	}
	// Reads are not violations.
	pages(t, contacts.NewListPager(nil))
	if n := len(f.srv.Violations()); n != 4 {
		t.Errorf("%d violations after a read", n)
	}
}

// checkRefused checks an SDK error is the read-only refusal of action.
func checkRefused(t *testing.T, err error, action string) {
	t.Helper()
	re := responseError(t, err)
	if re.StatusCode != 403 || re.ErrorCode != "AuthorizationFailed" || !strings.Contains(err.Error(), "fakecloud is read-only") ||
		!strings.Contains(err.Error(), "perform action '"+action+"'") {
		t.Errorf("%s: %v", action, err)
	}
}
