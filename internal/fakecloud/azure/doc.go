// Package arm is the Azure half of fakecloud: an http.Handler that answers
// the real, unmodified azure-sdk-for-go clients (azidentity, azcore and the
// arm* modules) with recorded Azure Resource Manager responses, so that
// irscan's Azure collector can be tested, benchmarked and demonstrated
// without a subscription.
//
// A Server is built from a scenario directory (testdata/fakecloud/azure/<name>,
// documented in testdata/fakecloud/azure/README.md): scenario.yaml describes
// the tenant, the principals (client ID and secret) that may sign in, the
// subscriptions, denied RBAC actions and faults; the JSON files beside it are
// response bodies laid out like the ARM paths they answer, e.g.
// subscriptions/<id>/providers/Microsoft.Security/securityContacts.json.
//
// The server must be reached over HTTPS: azcore refuses to send a bearer
// token over plain HTTP. Tests serve it with httptest.NewTLSServer and give
// the clients the test server's transport; cmd/fakecloud generates a
// throw-away certificate authority (see NewTLSIdentity) and writes it to a
// file for SSL_CERT_FILE.
//
// It plays two services on one address:
//
//   - Microsoft Entra ID (the authority host): the OpenID configuration,
//     instance discovery and the OAuth 2.0 token endpoint, where a scenario's
//     principal obtains an access token with the client-credentials grant,
//     exactly as azidentity's ClientSecretCredential, EnvironmentCredential
//     and DefaultAzureCredential do;
//   - Azure Resource Manager: GET on /subscriptions..., /providers... and
//     /tenants, with a bearer token this server issued, an api-version, RBAC
//     actions derived from the path (see Action), ARM error bodies, paging
//     through absolute nextLink URLs, and injected latency, throttling, 5xx
//     errors and denials.
//
// Every request is recorded (see Call); anything but GET is refused with 403
// AuthorizationFailed and recorded as a violation, so a test can prove a scan
// never writes.
package azure
