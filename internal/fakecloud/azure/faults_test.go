package azure

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/network/armnetwork/v7"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/security/armsecurity"
)

// callsTo returns the ARM calls whose action is action.
func callsTo(f *fake, action string) []Call {
	var out []Call
	for _, c := range f.armCalls() {
		if c.Action == action {
			out = append(out, c)
		}
	}
	return out
}

// TestThrottlingRecovers: a 429 with Retry-After is retried by azcore's
// retry policy after the delay the fake asked for, and the call succeeds.
func TestThrottlingRecovers(t *testing.T) {
	second := time.Second
	f := startFake(t, Options{Faults: []Fault{{Path: "/subscriptions/*/providers/Microsoft.Security/pricings", Throttle: 1, RetryAfter: &second}}})
	// azcore gives up at once when Retry-After exceeds MaxRetryDelay (the
	// test default is 50ms; azcore's own default is 60s).
	opts := f.clientOptions()
	opts.Retry.MaxRetryDelay = 5 * time.Second
	list, err := must(armsecurity.NewPricingsClient(f.credential(readerName), opts)).List(context.Background(), "subscriptions/"+subID, nil)
	if err != nil || len(list.Value) != 12 {
		t.Fatalf("pricings after throttling: %d plans, %v", len(list.Value), err)
	}
	calls := callsTo(f, "Microsoft.Security/pricings/read")
	if len(calls) != 2 || calls[0].Status != 429 || calls[0].Fault != "throttle" || calls[0].ErrorCode != "SubscriptionRequestsThrottled" || calls[1].Status != 200 {
		t.Fatalf("calls = %+v", calls)
	}
	// The client's own retry delay is 5ms: the wait is the server's Retry-After.
	if gap := calls[1].Time.Sub(calls[0].Time); gap < 900*time.Millisecond {
		t.Errorf("retried after %v, want about the 1s Retry-After", gap)
	}
}

// TestThrottlingExhaustsRetries: more 429s than the client retries surface
// as ARM's throttling error with its Retry-After.
func TestThrottlingExhaustsRetries(t *testing.T) {
	zero := time.Duration(0)
	f := startFake(t, Options{Faults: []Fault{{Action: "Microsoft.Security/automations/read", Throttle: 10, RetryAfter: &zero, ThrottleCode: "TooManyRequests"}}})
	_, err := must(armsecurity.NewAutomationsClient(subID, f.credential(readerName), f.clientOptions())).NewListPager(nil).NextPage(context.Background())
	re := responseError(t, err)
	if re.StatusCode != 429 || re.ErrorCode != "TooManyRequests" || re.RawResponse.Header.Get("Retry-After") != "0" {
		t.Errorf("throttled: %v", err)
	}
	if n := len(callsTo(f, "Microsoft.Security/automations/read")); n != 4 {
		t.Errorf("%d calls, want 4 (1 + MaxRetries 3)", n)
	}
}

// TestServerErrorsRecover: a burst of 5xx errors is retried away; throttling
// comes first, then the errors, then answers.
func TestServerErrorsRecover(t *testing.T) {
	zero := time.Duration(0)
	f := startFake(t, Options{Faults: []Fault{{Path: "/subscriptions/" + subID + "/providers/Microsoft.Network/virtualNetworks", Throttle: 1, RetryAfter: &zero, Errors: 2, ErrorStatus: 503}}})
	vnets := pages(t, must(armnetwork.NewVirtualNetworksClient(subID, f.credential(readerName), f.clientOptions())).NewListAllPager(nil))
	if len(vnets[0].Value) != 2 {
		t.Fatalf("vnets = %s", mustJSON(vnets))
	}
	var got []string
	for _, c := range callsTo(f, "Microsoft.Network/virtualNetworks/read") {
		got = append(got, c.Fault+":"+c.ErrorCode)
	}
	if strings.Join(got, " ") != "throttle:SubscriptionRequestsThrottled 5xx:ServiceUnavailable 5xx:ServiceUnavailable :" {
		t.Errorf("calls = %q", got)
	}
}

// TestLatency: latency applies to the calls a fault matches (by action and
// principal) plus the server-wide latency.
func TestLatency(t *testing.T) {
	f := startFake(t, Options{Latency: 10 * time.Millisecond, Faults: []Fault{{Action: "Microsoft.Network/*", Principal: readerName, Latency: 80 * time.Millisecond}}})
	cred, opts := f.credential(readerName), f.clientOptions()
	pages(t, must(armnetwork.NewWatchersClient(subID, cred, opts)).NewListAllPager(nil))
	pages(t, must(armsecurity.NewContactsClient(subID, cred, opts)).NewListPager(nil))
	watch := callsTo(f, "Microsoft.Network/networkWatchers/read")[0]
	cont := callsTo(f, "Microsoft.Security/securityContacts/read")[0]
	if watch.Duration < 90*time.Millisecond || watch.Fault != "latency" {
		t.Errorf("watchers: %v %q", watch.Duration, watch.Fault)
	}
	if cont.Duration < 10*time.Millisecond || cont.Duration >= 80*time.Millisecond || cont.Fault != "latency" {
		t.Errorf("contacts: %v %q", cont.Duration, cont.Fault)
	}
}

// TestFaultsFromScenario: faults in scenario.yaml apply like Options.Faults.
func TestFaultsFromScenario(t *testing.T) {
	f := startScenario(t, minimalScenario+`
faults:
  - {path: "*", errors: 1, error_status: 502}
`, map[string]string{"subscriptions/" + subID + "/providers/Microsoft.Security/pricings.json": `{"value": []}`}, Options{})
	if _, err := must(armsecurity.NewPricingsClient(f.credential(readerName), f.clientOptions())).List(context.Background(), "subscriptions/"+subID, nil); err != nil {
		t.Fatal(err)
	}
	calls := f.armCalls()
	if len(calls) != 2 || calls[0].Status != 502 || calls[0].ErrorCode != "BadGateway" || calls[1].Status != 200 {
		t.Errorf("calls = %+v", calls)
	}
}
