package main

// The Azure harness of the conformance suite: fakecloud's Azure half
// (internal/fakecloud/azure) serving testdata/fakecloud/azure/ over TLS,
// the real azure-sdk-for-go clients of the collector (azidentity's
// DefaultAzureCredential with a scenario principal's client secret, the
// arm* clients, the ARM reader), and the tests only Azure has.

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/irscan/irscan/collectors"
	azcol "github.com/irscan/irscan/collectors/azure"
	fakeazure "github.com/irscan/irscan/internal/fakecloud/azure"
	"github.com/irscan/irscan/pipeline"
	"github.com/irscan/irscan/policies"
	"github.com/irscan/irscan/reports"
	"github.com/irscan/irscan/snapshot"
)

const (
	// The subscriptions of the scenarios.
	compliantSub = "11111111-1111-1111-1111-111111111111"
	devSub       = "66666666-6666-6666-6666-666666666666"
	lockedSub    = "77777777-7777-7777-7777-777777777777"
	// The SOC scenarios: a SOC subscription whose Sentinel workspace law-soc
	// has Defender for Cloud connectors naming two workload subscriptions
	// that have no workspace of their own.
	socSub      = "88888888-8888-8888-8888-888888888888"
	paymentsSub = "44444444-4444-4444-4444-444444444444"
	webSub      = "55555555-5555-5555-5555-555555555555"
	socWS       = "/subscriptions/" + socSub + "/resourceGroups/rg-soc/providers/Microsoft.OperationalInsights/workspaces/law-soc"
	// subscriptionsRead is what reading a subscription needs.
	subscriptionsRead = "Microsoft.Resources/subscriptions/read"
	azureCustomRole   = "../../docs/permissions/azure-custom-role.json"
)

// sentinelChecks are the checks a workload follows the SOC's workspace in.
var sentinelChecks = []string{"AZ-IR3-02", "AZ-IR3-03", "AZ-IR5-01", "AZ-IR6-02", "AZ-IR7-02", "AZ-IR7-03"}

func TestAzure(t *testing.T) {
	t.Parallel()
	cl := azureCloud()
	runConformance(t, cl)
	t.Run("SubscriptionFlag", func(t *testing.T) { t.Parallel(); testAzureSubscriptionFlag(t, cl) })
	t.Run("SOCCollection", func(t *testing.T) { t.Parallel(); testAzureSOCCollection(t, cl) })
}

var (
	armRoot        = regexp.MustCompile(`(?i)^/(subscriptions|providers|tenants)(/|$)`)
	subscriptionOf = regexp.MustCompile(`(?i)^/subscriptions/([^/]+)`)
	jwt            = regexp.MustCompile(`eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}`)
)

// azureTLS is the TLS identity every Azure fake serves, and the file of its
// CA, which each child trusts through SSL_CERT_FILE.
var azureTLS = sync.OnceValues(func() (*fakeazure.TLSIdentity, error) {
	return fakeazure.NewTLSIdentity(time.Now(), 24*time.Hour)
})

var azureCA = sync.OnceValues(func() (string, error) {
	id, err := azureTLS()
	if err != nil {
		return "", err
	}
	file := filepath.Join(scratch, "fakecloud-azure-ca.pem")
	return file, os.WriteFile(file, id.CAPEM, 0o600)
})

func azureCloud() *cloud {
	cl := &cloud{
		name:             "azure",
		requestIDHeaders: []string{"x-ms-request-id"},
		endpoint:         func(tp *tap) []string { return []string{"--arm-endpoint", tp.url} },
		compliant:        "compliant",
		scopeOf: func(r *http.Request) (string, bool) {
			if !armRoot.MatchString(r.URL.Path) {
				return "", false // Entra
			}
			if m := subscriptionOf.FindStringSubmatch(r.URL.Path); m != nil {
				return strings.ToLower(m[1]), true
			}
			return "", true
		},
		secretsIn: accessToken,
		scopes: func(f *fake, args []string) []string {
			var out []string
			for i, a := range args {
				if a == "--subscription" {
					out = append(out, "subscription/"+args[i+1])
				}
			}
			if out == nil {
				for _, s := range f.srv.(*fakeazure.Server).Scenario().Subscriptions {
					out = append(out, "subscription/"+s.ID)
				}
			}
			slices.Sort(out)
			return out
		},
		secretPatterns: []*regexp.Regexp{jwt},
		// connectionRuntimeUrl: compliant's Logic App Standard workflow GET
		// carries connections.json, which logic.standard_workflows must drop.
		secretMarkers:       []string{"bearer ", "connectionRuntimeUrl", "example.invalid/apim"},
		collectThenEvaluate: "three-subscriptions",
	}
	cl.start = azureStart
	cl.signIn = func(t *testing.T, tp *tap, identity string) ([]string, []string) {
		if identity == "" {
			identity = "irscan-reader"
		}
		p := azurePrincipal(t, tp.f, identity)
		return azureEnv(t, tp, p, p.ClientSecret), []string{p.ClientSecret}
	}

	alone := map[string][]string{}
	for _, c := range sentinelChecks {
		alone[c] = []string{"continuous export ExportToSOC", "is held by subscription " + socSub + ", which is not in this run, so it could not be assessed here; add it to the scan (irscan scan azure --subscription " + paymentsSub + " --subscription " + socSub}
	}
	cl.scenarios = []scenarioCase{
		{name: "compliant", scenario: "compliant", table: "testdata/azure-compliant.md", exit: exitOK,
			check: checkProviderVerdicts(map[string]string{"IR-1": reports.AgreementNoProviderData, "IR-2": reports.AgreementAgree, "IR-3": reports.AgreementAgree,
				"IR-4": reports.AgreementAgree, "IR-5": reports.AgreementAgree, "IR-6": reports.AgreementNoProviderData, "IR-7": reports.AgreementNoProviderData})},
		{name: "nothing", scenario: "nothing", exit: exitFindings,
			check: checkProviderVerdicts(map[string]string{"IR-1": reports.AgreementNoProviderData, "IR-2": reports.AgreementNoProviderData, "IR-3": reports.AgreementNoProviderData,
				"IR-4": reports.AgreementNoProviderData, "IR-5": reports.AgreementNoProviderData, "IR-6": reports.AgreementNoProviderData, "IR-7": reports.AgreementNoProviderData})},
		{name: "no-sentinel", scenario: "no-sentinel", exit: exitFindings},
		{name: "denied", scenario: "denied", identity: "irscan-partial", exit: exitErrors},
		{name: "three-subscriptions", scenario: "three-subscriptions", exit: exitFindings,
			// The subscription the principal cannot read: every check is
			// error naming the action and AuthorizationFailed.
			errorSays: func(r *cloudRun, fd policies.Finding) string {
				if fd.Scope.ID != lockedSub || !strings.Contains(fd.Message, "(missing "+subscriptionsRead+")") || !strings.Contains(fd.Message, "AuthorizationFailed") {
					return fmt.Sprintf("does not name %s and AuthorizationFailed for %s", subscriptionsRead, lockedSub)
				}
				return ""
			},
			check: checkLockedSubscription},
		{name: "soc-central", scenario: "soc-central", exit: exitFindings, errorSays: noErrors, check: checkSOC,
			alone: []aloneCase{{
				name: "payments alone", file: "azure-subscription-" + paymentsSub + ".json", with: []string{"azure-subscription-" + socSub + ".json"},
				// Failures outside the Sentinel checks.
				exit: exitFindings, heading: "## Findings of irscan-payments's snapshot evaluated alone", errors: alone,
			}}},
		{name: "soc-central-broken", scenario: "soc-central-broken", exit: exitFindings, errorSays: noErrors, check: checkSOC},
		{name: "half-wired", scenario: "half-wired", exit: exitFindings, errorSays: noErrors,
			check: checkProviderVerdicts(map[string]string{"IR-1": reports.AgreementNoProviderData, "IR-2": reports.AgreementAgree, "IR-3": reports.AgreementDisagree,
				"IR-4": reports.AgreementAgree, "IR-5": reports.AgreementDisagree, "IR-6": reports.AgreementNoProviderData, "IR-7": reports.AgreementNoProviderData})},
	}

	cl.callLog.minCalls = 25
	cl.callLog.fields = []string{"operation=", "status=", "request_id=", "ms="}
	cl.callLog.extra = checkAzureCallLog

	cl.permissions = permissionsCase{
		sections:   azcol.Sections(),
		documented: roleActions,
		baselines:  [][]string{nil},
		same:       strings.EqualFold,
		names:      strings.Contains,
		// Reading the subscriptions finds the scopes; reading Defender's
		// regulatory compliance feeds the report's Microsoft verdicts, which
		// no check reads: each has its own test of a scan without it.
		scoping: func(perm string) bool {
			return strings.EqualFold(perm, subscriptionsRead) || strings.HasPrefix(strings.ToLower(perm), "microsoft.security/regulatorycompliancestandards/")
		},
		without: func(t *testing.T, cl *cloud, perm string, baseline []policies.Finding, used []map[string]bool) {
			if strings.EqualFold(perm, subscriptionsRead) {
				withoutSubscriptionRead(t, cl, perm, baseline, used)
				return
			}
			withoutRegulatoryCompliance(t, cl, perm, baseline)
		},
		short: "Microsoft.SecurityInsights/alertRules/read",
	}

	throttled := azureThrottled()
	cl.throttle = throttleCase{
		want: map[string]int{},
		which: func(c call) string {
			if c.Fault != "throttle" || c.Status != http.StatusTooManyRequests {
				return ""
			}
			for _, p := range throttled {
				if globMatch(p, c.Path) {
					return p
				}
			}
			return "other " + c.Path
		},
		// The snapshots record the throttled attempts of the subscription's
		// own reads (the subscription list is made before any snapshot).
		recorded: func(t *testing.T, snaps []*snapshot.Snapshot, calls []call, recorded map[string]bool) {
			n := 0
			for _, s := range snaps {
				for _, c := range s.Calls {
					if c.HTTPStatus == http.StatusTooManyRequests && c.ErrorCode == "SubscriptionRequestsThrottled" {
						n++
					}
				}
			}
			if n != 2*(len(throttled)-1) {
				t.Errorf("the snapshot records %d throttled attempts, want %d", n, 2*(len(throttled)-1))
			}
		},
	}
	for _, p := range throttled {
		cl.throttle.want[p] = 2
	}
	cl.parallel = parallelCase{scenario: "three-subscriptions", latency: 10 * time.Millisecond, defaultPeak: 4, scopes: true}

	// A wrong secret: one error line with Entra's reason, and the secret is
	// not echoed.
	cl.badSignIn = func(t *testing.T, tp *tap) (env, args, want, forbidden []string) {
		env = azureEnv(t, tp, azurePrincipal(t, tp.f, "irscan-reader"), "not-the-secret")
		return env, []string{"--quiet"}, []string{"irscan: azure: cannot sign in: ", "invalid_client", "`az login`"}, []string{"not-the-secret"}
	}
	cl.secretRuns = []secretRun{{scenario: "three-subscriptions", issued: -1}}
	return cl
}

// azureThrottled are the paths the throttling test answers 429 twice: the
// subscription list, a typed client, a paged list, a Sentinel list through
// the ARM reader.
func azureThrottled() []string {
	return []string{
		"/subscriptions",
		"/subscriptions/*/providers/Microsoft.Security/pricings",
		"/subscriptions/*/providers/Microsoft.Storage/storageAccounts",
		"/subscriptions/*/providers/Microsoft.SecurityInsights/alertRules",
	}
}

func azureStart(scenario string, o fakeOptions) (*fake, error) {
	id, err := azureTLS()
	if err != nil {
		return nil, err
	}
	opts := fakeazure.Options{Fixtures: fakeFixtures, Scenario: scenario, Latency: o.latency}
	if o.documented {
		actions, err := readRoleActions()
		if err != nil {
			return nil, err
		}
		opts.Allow = slices.DeleteFunc(actions, func(a string) bool { return slices.Contains(o.without, a) })
	}
	if o.throttle {
		second := time.Second
		for _, p := range azureThrottled() {
			opts.Faults = append(opts.Faults, fakeazure.Fault{Path: p, Throttle: 2, RetryAfter: &second})
		}
	}
	srv, err := fakeazure.New(opts)
	if err != nil {
		return nil, err
	}
	f := &fake{scenario: scenario, handler: srv, tls: id.ServerConfig(), srv: srv}
	for _, d := range srv.Scenario().Deny {
		f.denied = append(f.denied, d.Action)
	}
	f.log = func() []call {
		var out []call
		for _, c := range srv.Calls() {
			query := slices.Sorted(maps.Keys(c.Query))
			for i, k := range query {
				query[i] = k + "=" + c.Query[k]
			}
			out = append(out, call{
				ID: c.RequestID, API: c.API == "arm", Method: c.Method, Path: c.Path, Permission: c.Action,
				Op: "GET " + c.Path, Status: c.Status, ErrorCode: c.ErrorCode,
				Scope: c.Subscription, Principal: c.Principal, Fault: c.Fault, Violation: c.Violation,
				Read:    c.API != "arm" || c.Method == http.MethodGet,
				Same:    fmt.Sprintf("%s %s?api-version=%s&%s", c.Method, strings.ToLower(c.Path), c.APIVersion, strings.Join(query, "&")),
				Scoping: c.API == "arm" && c.Path == "/subscriptions",
				raw:     c,
			})
		}
		return out
	}
	return f, nil
}

// azurePrincipal is a principal of the fake's scenario, by name.
func azurePrincipal(t *testing.T, f *fake, name string) *fakeazure.Principal {
	t.Helper()
	for _, p := range f.srv.(*fakeazure.Server).Scenario().Principals {
		if p.Name == name {
			return p
		}
	}
	t.Fatalf("scenario %s has no principal %s", f.scenario, name)
	return nil
}

// azureEnv gives DefaultAzureCredential exactly one source of credentials,
// the client secret of a scenario principal, points Entra at the tap and
// trusts the fake's CA. AZURE_TENANT_ID is the real tenant ID:
// --arm-endpoint turns off MSAL's instance discovery.
func azureEnv(t *testing.T, tp *tap, p *fakeazure.Principal, secret string) []string {
	ca, err := azureCA()
	must(t, err)
	return []string{
		"AZURE_TENANT_ID=" + tp.f.srv.(*fakeazure.Server).Scenario().Tenant.ID,
		"AZURE_CLIENT_ID=" + p.ClientID,
		"AZURE_CLIENT_SECRET=" + secret,
		"AZURE_AUTHORITY_HOST=" + tp.url + "/",
		"AZURE_TOKEN_CREDENTIALS=EnvironmentCredential",
		"SSL_CERT_FILE=" + ca,
	}
}

// accessToken is the access token of an OAuth token answer.
func accessToken(body []byte) []string {
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if json.Unmarshal(body, &tok) == nil && tok.AccessToken != "" {
		return []string{tok.AccessToken}
	}
	return nil
}

// readRoleActions are the Actions of the documented custom role.
func readRoleActions() ([]string, error) {
	raw, err := os.ReadFile(azureCustomRole)
	if err != nil {
		return nil, err
	}
	var role struct{ Actions []string }
	if err := json.Unmarshal(raw, &role); err != nil {
		return nil, err
	}
	return role.Actions, nil
}

// roleActions are the Actions of the documented custom role, checked to be
// a custom role of single read actions.
func roleActions(t *testing.T) []string {
	t.Helper()
	raw, err := os.ReadFile(azureCustomRole)
	must(t, err)
	var role struct {
		Name             string
		IsCustom         bool
		Actions          []string
		NotActions       []string
		DataActions      []string
		AssignableScopes []string
	}
	must(t, json.Unmarshal(raw, &role))
	if role.Name == "" || !role.IsCustom || len(role.Actions) == 0 || len(role.NotActions) != 0 || len(role.DataActions) != 0 || len(role.AssignableScopes) == 0 {
		t.Fatalf("%s is not a custom role with Actions only: %+v", azureCustomRole, role)
	}
	for _, a := range role.Actions {
		if strings.Contains(a, "*") || !strings.HasSuffix(strings.ToLower(a), "/read") {
			t.Errorf("%s: %q is not one read action", azureCustomRole, a)
		}
	}
	return role.Actions
}

// globMatch matches the fault path patterns used here: * crosses "/".
func globMatch(pattern, s string) bool {
	re := "^" + strings.ReplaceAll(regexp.QuoteMeta(pattern), `\*`, `.*`) + "$"
	return regexp.MustCompile("(?i)" + re).MatchString(s)
}

// checkAzureCallLog: Entra is asked only for its discovery document and
// tokens; every ARM call is a GET the registry documents, with its
// api-version.
func checkAzureCallLog(t *testing.T, r *cloudRun, calls []call) {
	documented := azcol.ScopeCalls()
	for _, s := range azcol.Sections() {
		documented = append(documented, s.Calls...)
	}
	for _, c := range calls {
		raw := c.raw.(fakeazure.Call)
		if !c.API {
			if !(c.Method == http.MethodGet && strings.HasSuffix(c.Path, "/openid-configuration") || c.Method == http.MethodPost && strings.HasSuffix(c.Path, "/token")) {
				t.Errorf("unexpected Entra call %s", c)
			}
			continue
		}
		i := slices.IndexFunc(documented, func(d collectors.Call) bool { return d.MatchRequest(c.Method, c.Path) })
		switch {
		case c.Method != http.MethodGet || c.Status != http.StatusOK:
			t.Errorf("call %s", c)
		case i < 0:
			t.Errorf("GET %s is not in the registry", c.Path)
		case documented[i].APIVersion != raw.APIVersion:
			t.Errorf("GET %s sent api-version %s; the registry says %s for %s", c.Path, raw.APIVersion, documented[i].APIVersion, documented[i].Operation)
		}
	}
}

// checkLockedSubscription: the subscription that cannot be read costs one
// refused call, and its snapshot says why in every section.
func checkLockedSubscription(t *testing.T, r *cloudRun, _ []policies.Finding) {
	t.Helper()
	var locked []string
	for _, c := range r.tap.apiCalls() {
		if c.Scope == lockedSub {
			locked = append(locked, fmt.Sprintf("%s %d %s", c.Path, c.Status, c.ErrorCode))
		}
	}
	if want := []string{"/subscriptions/" + lockedSub + " 403 AuthorizationFailed"}; !slices.Equal(locked, want) {
		t.Errorf("calls into %s = %q, want only the refused subscription read", lockedSub, locked)
	}
	for _, s := range readSnapshots(t, r.snaps) {
		if s.Scope.ID != lockedSub {
			continue
		}
		if len(s.Sections) < 18 {
			t.Errorf("the snapshot of %s has %d sections", lockedSub, len(s.Sections))
		}
		for name, sec := range s.Sections {
			if sec.Status != snapshot.StatusDenied || sec.Action != subscriptionsRead || len(sec.Calls) != 1 {
				t.Errorf("%s section %s: status %s, action %q, calls %v; want denied naming %s, citing the refused call", lockedSub, name, sec.Status, sec.Action, sec.Calls, subscriptionsRead)
			}
		}
	}
}

// checkSOC: the workloads' six Sentinel checks follow law-soc of the SOC
// subscription (the table's follows column): each names the workspace and
// its subscription.
// checkProviderVerdicts judges the run's snapshots and holds the report's
// Microsoft verdicts (one per subscription and MCSB IR control) to the
// agreement wanted per control; a disagreement must carry both reasons.
func checkProviderVerdicts(want map[string]string) func(t *testing.T, r *cloudRun, fs []policies.Finding) {
	return func(t *testing.T, r *cloudRun, _ []policies.Finding) {
		paths, err := snapshot.Expand([]string{r.snaps})
		if err != nil {
			t.Fatal(err)
		}
		rep, err := pipeline.Run(context.Background(), pipeline.Files(paths), pipeline.Options{ToolVersion: version, Engine: testEngine(t), FailOn: "low"})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, v := range rep.ProviderVerdicts {
			got[v.Control] = v.Agreement
			if v.Agreement == reports.AgreementDisagree && (v.Provider.Reason == "" || v.Irscan.Reason == "" || v.Provider.Status == v.Irscan.Status) {
				t.Errorf("%s %s: a disagreement without both reasons: %+v", v.Scope.ID, v.Control, v)
			}
		}
		if len(rep.ProviderVerdicts) != len(want) || !maps.Equal(got, want) {
			t.Errorf("provider verdicts %v (%d), want %v", got, len(rep.ProviderVerdicts), want)
		}
	}
}

func checkSOC(t *testing.T, r *cloudRun, fs []policies.Finding) {
	for _, fd := range fs {
		if fd.Owner == nil {
			continue
		}
		if !slices.Contains(sentinelChecks, fd.CheckID) || fd.Owner.Resource != socWS || !strings.Contains(fd.Message, "workspace law-soc of subscription "+socSub) {
			t.Errorf("%s in %s: owner %s, message %s; want a Sentinel check following law-soc", fd.CheckID, fd.Scope.ID, fd.Owner.Resource, fd.Message)
		}
	}
}

// withoutRegulatoryCompliance: without a regulatory compliance read the
// section is denied naming the action, every check gives its compliant
// verdict, and the report says, for every MCSB IR control, that Microsoft
// gives no verdict because that action is missing.
func withoutRegulatoryCompliance(t *testing.T, cl *cloud, perm string, baseline []policies.Finding) {
	f := cl.fake(t, "compliant", fakeOptions{documented: true, without: []string{perm}})
	r := cl.run(t, f, "", "collect", nil)
	if r.code != exitOK {
		t.Fatalf("collect without %s: exit %d: %s", perm, r.code, r.stderr)
	}
	paths, err := snapshot.Expand([]string{r.out})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := pipeline.Run(context.Background(), pipeline.Files(paths), pipeline.Options{ToolVersion: version, Engine: testEngine(t), FailOn: "low"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := findingKeys(rep.Findings), findingKeys(baseline); !slices.Equal(got, want) {
		t.Errorf("without %s the findings changed:\n got %v\nwant %v", perm, got, want)
	}
	if len(rep.ProviderVerdicts) != 7 {
		t.Fatalf("without %s: %d provider verdicts, want 7", perm, len(rep.ProviderVerdicts))
	}
	for _, v := range rep.ProviderVerdicts {
		if v.Agreement != reports.AgreementNoProviderData || !strings.Contains(strings.ToLower(v.Provider.Reason), "denied (missing "+strings.ToLower(perm)+")") {
			t.Errorf("without %s, %s: %s %q; want no provider data naming the action", perm, v.Control, v.Agreement, v.Provider.Reason)
		}
	}
}

// findingKeys are check, resource and status of each finding, sorted.
func findingKeys(fs []policies.Finding) []string {
	out := make([]string, 0, len(fs))
	for _, f := range fs {
		out = append(out, f.CheckID+" "+f.Resource+" "+f.Region+" "+f.Status)
	}
	slices.Sort(out)
	return out
}

// withoutSubscriptionRead: without Microsoft.Resources/subscriptions/read
// no subscription can be listed (exit 2, naming the action), and a named
// subscription cannot be read: every check that reads a section is error
// naming the action.
func withoutSubscriptionRead(t *testing.T, cl *cloud, perm string, _ []policies.Finding, _ []map[string]bool) {
	f := cl.fake(t, "compliant", fakeOptions{documented: true, without: []string{perm}})
	r := cl.run(t, f, "", "collect", nil)
	if r.code != exitUsage || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 || !strings.Contains(r.stderr, subscriptionsRead) {
		t.Errorf("listing subscriptions without %s: exit %d, stderr %q; want 2 and one line naming the action", subscriptionsRead, r.code, r.stderr)
	}
	r = cl.run(t, f, "", "collect", []string{"--subscription", compliantSub})
	if r.code != exitOK {
		t.Fatalf("--subscription without %s: collect exit %d: %s", subscriptionsRead, r.code, r.stderr)
	}
	code, fs := judge(t, r.out)
	if code != exitErrors {
		t.Errorf("--subscription without %s: exit %d, want 3", subscriptionsRead, code)
	}
	var want, got []string
	for _, c := range testEngine(t).Checks() {
		if c.Cloud == "azure" && len(c.Requires) > 0 {
			want = append(want, c.ID)
		}
	}
	slices.Sort(want)
	for _, fd := range fs {
		if fd.Status == policies.StatusError {
			got = append(got, fd.CheckID)
			if !strings.Contains(fd.Message, "(missing "+subscriptionsRead+")") {
				t.Errorf("%s error does not name %s: %s", fd.CheckID, subscriptionsRead, fd.Message)
			}
		}
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("checks in error = %v, want every check that reads a section %v", got, want)
	}
}

// testAzureSubscriptionFlag: --subscription collects that subscription
// only, without listing the others.
func testAzureSubscriptionFlag(t *testing.T, cl *cloud) {
	var want []string
	for _, k := range tableKeys(t, cl.readme(cl.scenario("three-subscriptions")), expectedHeading) {
		if strings.Contains(k, "/subscriptions/"+devSub) {
			want = append(want, k)
		}
	}
	r := cl.run(t, cl.fake(t, "three-subscriptions", fakeOptions{}), "", "collect", []string{"--subscription", devSub})
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	code, fs := judge(t, r.out)
	if code != exitFindings {
		t.Errorf("exit %d, want 1", code)
	}
	if got := keys(fs); !slices.Equal(got, want) {
		t.Errorf("findings differ from the %s rows of the README:%s", devSub, diffKeys(got, want))
	}
	snaps := readSnapshots(t, r.out)
	if len(snaps) != 1 || snaps[0].Scope.ID != devSub || snaps[0].Scope.Type != "subscription" {
		t.Errorf("snapshots %d, want one for subscription %s", len(snaps), devSub)
	}
	calls := r.tap.apiCalls()
	for _, c := range calls {
		if c.Scope != devSub {
			t.Errorf("%s called outside --subscription %s", c.Path, devSub)
		}
	}
	if n := len(checkSnapshotCalls(t, calls, snaps)); n != len(calls) {
		t.Errorf("the snapshot records %d calls, the fake served %d", n, len(calls))
	}
}

// testAzureSOCCollection: one multi-subscription collection reads the SOC
// subscription's workspace although the subscription holds nothing else
// the checks read, and keeps each Defender for Cloud connector with the
// subscriptionId it names, in the official example's shape.
func testAzureSOCCollection(t *testing.T, cl *cloud) {
	r := cl.scenarioRun(t, cl.scenario("soc-central"))
	var subs []string
	var soc *snapshot.Snapshot
	for _, s := range readSnapshots(t, r.snaps) {
		subs = append(subs, s.Scope.ID)
		if s.Scope.ID == socSub {
			soc = s
		}
	}
	slices.Sort(subs)
	if want := []string{paymentsSub, webSub, socSub}; !slices.Equal(subs, want) {
		t.Fatalf("snapshots of %v, want %v", subs, want)
	}
	for _, name := range []string{"network.virtual_networks", "storage.accounts", "keyvault.vaults", "sql.servers"} {
		var v struct{ Value []any }
		if sec := soc.Sections[name]; sec == nil || sec.Status != snapshot.StatusOK || json.Unmarshal(sec.Data, &v) != nil || len(v.Value) != 0 {
			t.Errorf("irscan-soc section %s: want ok and empty", name)
		}
	}
	sec := soc.Sections["securityinsights.data_connectors"]
	if sec == nil || sec.Status != snapshot.StatusOK {
		t.Fatalf("irscan-soc data connectors: %+v", sec)
	}
	var dc struct {
		DataConnectorsByWorkspace []struct {
			WorkspaceID string           `json:"workspaceId"`
			Value       []map[string]any `json:"value"`
		} `json:"dataConnectorsByWorkspace"`
	}
	if err := json.Unmarshal(sec.Data, &dc); err != nil || len(dc.DataConnectorsByWorkspace) != 1 || dc.DataConnectorsByWorkspace[0].WorkspaceID != socWS {
		t.Fatalf("connectors %s: %v", sec.Data, err)
	}
	var named []string
	for _, c := range dc.DataConnectorsByWorkspace[0].Value {
		props, _ := c["properties"].(map[string]any)
		if c["kind"] != "AzureSecurityCenter" || props == nil {
			t.Errorf("connector %v", c)
			continue
		}
		named = append(named, fmt.Sprint(props["subscriptionId"]))
		if got := slices.Sorted(maps.Keys(c)); !slices.Equal(got, []string{"etag", "id", "kind", "name", "properties", "type"}) {
			t.Errorf("connector members %v, want those of the official example", got)
		}
	}
	slices.Sort(named)
	if want := []string{paymentsSub, webSub, socSub}; !slices.Equal(named, want) {
		t.Errorf("connectors name %v, want %v", named, want)
	}
	// Each workspace's connectors were read once, at the Sentinel api-version.
	n := 0
	for _, c := range r.tap.apiCalls() {
		if strings.EqualFold(c.Path, socWS+"/providers/Microsoft.SecurityInsights/dataConnectors") {
			n++
			if v := c.raw.(fakeazure.Call).APIVersion; v != "2025-09-01" || c.Status != http.StatusOK {
				t.Errorf("data connectors read with api-version %s, status %d", v, c.Status)
			}
		}
	}
	if n != 1 {
		t.Errorf("law-soc's data connectors read %d times, want once", n)
	}
}
