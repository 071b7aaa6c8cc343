// Package gcp is the Google Cloud half of fakecloud: an http.Handler that
// answers the real, unmodified google.golang.org/api clients with recorded
// responses over plain HTTP on loopback, so that irscan's GCP collector can
// be tested, benchmarked and demonstrated without a Google Cloud
// organization.
//
// A Server is built from a scenario directory (testdata/fakecloud/gcp/<name>,
// documented in testdata/fakecloud/gcp/README.md): scenario.yaml describes
// the organization, folders and projects, the principals and their tokens,
// APIs disabled per project, denied permissions and faults; the files
// beside it are response bodies whose paths mirror the request paths.
//
// Point a client at it with option.WithEndpoint: base+"/" for every API
// whose paths start with a version (v1/, v1beta2/, v2/, v3/), base+
// "/storage/v1/" for Cloud Storage and base+"/compute/v1/" for Compute
// Engine; and a bearer token (option.WithTokenSource with a static token),
// or Application Default Credentials from a key file written by
// CredentialsJSON, whose token_uri is the fake's own token endpoint.
// The server routes each request by its version prefix and resource
// collection (see routes), checks the token, the API's enablement in the
// consumer project and the route's IAM permission, then answers in Google's
// JSON shapes, errors included ({"error": {"code", "message", "status",
// "details": [ErrorInfo]}}; Cloud Storage and Compute Engine with their
// errors[] array).
//
// Every request is recorded (see Call); anything that is not a read (every
// method but GET, except the POST :getIamPolicy) is refused with 403 and
// recorded as a violation, so a test can prove a scan never writes.
// Latency, 429s, 5xx bursts, rate limits and permission denial can be
// injected per permission, path and principal.
package gcp
