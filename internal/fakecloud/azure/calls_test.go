package azure

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/storage/armstorage"
)

// TestCallLog: every call is recorded with the caller, api-version, action,
// status, the request IDs the fake issued (unique, and the ones in the
// response headers) and the client's own request ID.
func TestCallLog(t *testing.T) {
	f := startFake(t, Options{})
	var headers []http.Header
	opts := f.clientOptions()
	opts.PerCallPolicies = append(opts.PerCallPolicies, headerRecorder{&headers})
	pages(t, must(armstorage.NewAccountsClient(subID, f.credential(readerName), opts)).NewListPager(&armstorage.AccountsClientListOptions{}))

	calls := f.armCalls()
	if len(calls) != 2 || len(headers) != 2 {
		t.Fatalf("%d calls, %d responses", len(calls), len(headers))
	}
	seen := map[string]bool{}
	for i, c := range calls {
		if c.Method != "GET" || c.APIVersion != "2024-01-01" || c.Action != "Microsoft.Storage/storageAccounts/read" || c.Subscription != subID ||
			c.Principal != readerName || c.Status != 200 || c.Page != i+1 || c.Seq != i+3 ||
			!strings.HasSuffix(c.Fixture, map[int]string{0: "storageAccounts.json", 1: "storageAccounts.page2.json"}[i]) {
			t.Errorf("call %d = %+v", i, c)
		}
		if headers[i].Get("x-ms-request-id") != c.RequestID || headers[i].Get("x-ms-correlation-request-id") != c.CorrelationID {
			t.Errorf("call %d: headers %v, log %s/%s", i, headers[i], c.RequestID, c.CorrelationID)
		}
		for _, id := range []string{c.RequestID, c.CorrelationID} {
			if seen[id] || len(id) != 36 {
				t.Errorf("request ID %q reused or malformed", id)
			}
			seen[id] = true
		}
	}
	// MSAL sends client-request-id to Entra; azcore's ARM pipeline sends
	// no x-ms-client-request-id unless a policy adds one.
	if entra := f.srv.Calls()[0]; entra.API != "entra" || entra.ClientRequestID == "" {
		t.Errorf("Entra call = %+v", entra)
	}
	if calls[1].Query["$skiptoken"] == "" {
		t.Errorf("page 2 query = %v", calls[1].Query)
	}

	// The control endpoint serves the same log; DELETE clears it.
	status, _, body := f.get(http.MethodGet, ControlPrefix+"calls", "")
	var listed []Call
	if err := json.Unmarshal(body, &listed); err != nil || status != 200 || len(listed) != 4 || listed[2].RequestID != calls[0].RequestID {
		t.Fatalf("GET calls: %d %s", status, body)
	}
	if status, _, _ := f.get(http.MethodDelete, ControlPrefix+"calls", ""); status != 204 || len(f.srv.Calls()) != 0 {
		t.Errorf("DELETE calls: %d, %d left", status, len(f.srv.Calls()))
	}
	if status, _, _ := f.get(http.MethodGet, ControlPrefix+"nothing", ""); status != 404 {
		t.Errorf("unknown control path: %d", status)
	}

	var buf bytes.Buffer
	if err := WriteCallsJSONLines(&buf, calls); err != nil || strings.Count(buf.String(), "\n") != 2 {
		t.Errorf("JSON lines: %q %v", buf.String(), err)
	}
}

// headerRecorder is a pipeline policy keeping each response's headers.
type headerRecorder struct{ into *[]http.Header }

func (h headerRecorder) Do(req *policy.Request) (*http.Response, error) {
	resp, err := req.Next()
	if resp != nil {
		*h.into = append(*h.into, resp.Header.Clone())
	}
	return resp, err
}
