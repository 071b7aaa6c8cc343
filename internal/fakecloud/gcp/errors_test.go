package gcp_test

import (
	"net/http"
	"strings"
	"testing"

	compute "google.golang.org/api/compute/v1"
	essentialcontacts "google.golang.org/api/essentialcontacts/v1"
	"google.golang.org/api/option"
	pubsub "google.golang.org/api/pubsub/v1"
	scc "google.golang.org/api/securitycenter/v1"
	sccbeta "google.golang.org/api/securitycenter/v1beta2"
	storage "google.golang.org/api/storage/v1"

	"github.com/irscan/irscan/internal/fakecloud/gcp"
)

// The tests in this file check that Google's error answers reach the real
// clients the way Google's do: googleapi.Error's Code, Message, Details
// (the google.rpc.ErrorInfo with its reason and metadata) and Errors (the
// errors[] items of Cloud Storage and Compute Engine), and the gax
// apierror.APIError wrapped in it.

func TestUnauthenticated(t *testing.T) {
	t.Run("no token", func(t *testing.T) {
		srv, base := compliant(t, gcp.Options{})
		svc := service(t, essentialcontacts.NewService, []option.ClientOption{option.WithEndpoint(base + "/"), option.WithoutAuthentication()})
		_, err := svc.Organizations.Contacts.Compute(org).NotificationCategories("SECURITY").Do()
		ge := gerr(t, err, http.StatusUnauthorized)
		if !strings.HasPrefix(ge.Message, "Request is missing required authentication credential") {
			t.Errorf("message %q", ge.Message)
		}
		info := errorInfo(ge)
		if info == nil || info["reason"] != "CREDENTIALS_MISSING" {
			t.Errorf("ErrorInfo %v", info)
		}
		if got := ge.Header.Get("Www-Authenticate"); !strings.HasPrefix(got, "Bearer") {
			t.Errorf("WWW-Authenticate %q", got)
		}
		if c := lastCall(t, srv); c.Principal != "" || c.Fault != "unauthenticated" || c.Status != 401 || c.ErrorStatus != "UNAUTHENTICATED" {
			t.Errorf("call %+v", c)
		}
	})
	t.Run("unknown token", func(t *testing.T) {
		// The unit scenario lists every token: there is no default principal.
		_, base := unit(t, gcp.Options{})
		svc := service(t, storage.NewService, opts(base, storageBase, "tok-nobody"))
		_, err := svc.Buckets.List("unit-main").Do()
		ge := gerr(t, err, http.StatusUnauthorized)
		if !strings.HasPrefix(ge.Message, "Request had invalid authentication credentials") {
			t.Errorf("message %q", ge.Message)
		}
		// Cloud Storage: errors[] as well as the front end's status and details.
		if len(ge.Errors) != 1 || ge.Errors[0].Reason != "authError" {
			t.Errorf("errors %+v", ge.Errors)
		}
		if info := errorInfo(ge); info == nil || info["reason"] != "ACCESS_TOKEN_TYPE_UNSUPPORTED" {
			t.Errorf("ErrorInfo %v", info)
		}
	})
}

func TestPermissionDenied(t *testing.T) {
	srv, base := unit(t, gcp.Options{Deny: []string{"compute.subnetworks.list"}})

	t.Run("ErrorInfo", func(t *testing.T) {
		svc := service(t, scc.NewService, opts(base, versioned, scannerToken))
		_, err := svc.Organizations.NotificationConfigs.List(org).Do()
		ge := gerr(t, err, http.StatusForbidden)
		want := "Permission 'securitycenter.notificationconfig.list' denied on resource '//securitycenter.googleapis.com/organizations/123456789012' (or it may not exist)."
		if ge.Message != want {
			t.Errorf("message %q, want %q", ge.Message, want)
		}
		info := errorInfo(ge)
		md, _ := info["metadata"].(map[string]any)
		if info["reason"] != "IAM_PERMISSION_DENIED" || info["domain"] != "securitycenter.googleapis.com" ||
			md["permission"] != "securitycenter.notificationconfig.list" || md["resource"] != org {
			t.Errorf("ErrorInfo %v", info)
		}
		if len(ge.Errors) != 0 {
			t.Errorf("errors[] %+v in a Security Command Center error", ge.Errors)
		}
		// What a collector reads through gax: reason and metadata.
		ae := apiError(t, err)
		if ae.Reason() != "IAM_PERMISSION_DENIED" || ae.Metadata()["permission"] != "securitycenter.notificationconfig.list" || ae.HTTPCode() != 403 {
			t.Errorf("APIError reason %q, metadata %v, HTTP %d", ae.Reason(), ae.Metadata(), ae.HTTPCode())
		}
		c := lastCall(t, srv)
		if c.Fault != "denied" || c.ErrorStatus != "PERMISSION_DENIED" || c.ErrorReason != "IAM_PERMISSION_DENIED" ||
			c.Permission != "securitycenter.notificationconfig.list" || c.Principal != scanner {
			t.Errorf("call %+v", c)
		}
	})

	t.Run("Cloud Storage errors[]", func(t *testing.T) {
		svc := service(t, storage.NewService, opts(base, storageBase, scannerToken))
		_, err := svc.Buckets.List("unit-main").Do()
		ge := gerr(t, err, http.StatusForbidden)
		if len(ge.Errors) != 1 || ge.Errors[0].Reason != "forbidden" || !strings.Contains(ge.Message, "does not have storage.buckets.list access") {
			t.Errorf("message %q, errors %+v", ge.Message, ge.Errors)
		}
		if len(ge.Details) != 0 {
			t.Errorf("Cloud Storage's own errors carry no details: %v", ge.Details)
		}
	})

	t.Run("Compute Engine errors[]", func(t *testing.T) {
		svc := service(t, compute.NewService, opts(base, computeBase, scannerToken))
		_, err := svc.Subnetworks.AggregatedList("unit-main").Do()
		ge := gerr(t, err, http.StatusForbidden)
		if ge.Message != "Required 'compute.subnetworks.list' permission for 'projects/unit-main'" || len(ge.Errors) != 1 || ge.Errors[0].Reason != "forbidden" {
			t.Errorf("message %q, errors %+v", ge.Message, ge.Errors)
		}
	})

	t.Run("by path", func(t *testing.T) {
		svc := service(t, pubsub.NewService, opts(base, versioned, scannerToken))
		if _, err := svc.Projects.Topics.Get("projects/unit-main/topics/secret").Do(); err != nil {
			t.Errorf("topics.get is not denied: %v", err)
		}
		_, err := svc.Projects.Topics.Subscriptions.List("projects/unit-main/topics/secret").Do()
		if info := errorInfo(gerr(t, err, http.StatusForbidden)); info["metadata"].(map[string]any)["resource"] != "projects/unit-main/topics/secret" {
			t.Errorf("ErrorInfo %v", info)
		}
	})

	t.Run("principal's own permissions", func(t *testing.T) {
		ec := service(t, essentialcontacts.NewService, opts(base, versioned, auditorToken))
		if _, err := ec.Projects.Contacts.List("projects/unit-main").Do(); err != nil {
			t.Errorf("auditor holds essentialcontacts.contacts.list: %v", err)
		}
		svc := service(t, scc.NewService, opts(base, versioned, auditorToken))
		_, err := svc.Projects.NotificationConfigs.List("projects/unit-main").Do()
		gerr(t, err, http.StatusForbidden)
	})

	t.Run("unknown resources", func(t *testing.T) {
		// Google does not tell a resource that does not exist from one the
		// caller may not see, except Compute Engine.
		ec := service(t, essentialcontacts.NewService, opts(base, versioned, scannerToken))
		_, err := ec.Projects.Contacts.List("projects/no-such-project").Do()
		if ge := gerr(t, err, http.StatusForbidden); !strings.Contains(ge.Message, "(or it may not exist)") {
			t.Errorf("message %q", ge.Message)
		}
		cs := service(t, compute.NewService, opts(base, computeBase, scannerToken))
		_, err = cs.Subnetworks.AggregatedList("no-such-project").Do()
		if ge := gerr(t, err, http.StatusNotFound); ge.Message != "The resource 'projects/no-such-project' was not found" {
			t.Errorf("message %q", ge.Message)
		}
	})
}

func TestServiceDisabled(t *testing.T) {
	srv, base := unit(t, gcp.Options{})
	const msg = "Security Command Center API has not been used in project 555555555555 before or it is disabled. " +
		"Enable it by visiting https://console.developers.google.com/apis/api/securitycenter.googleapis.com/overview?project=555555555555 then retry."

	check := func(t *testing.T, err error) {
		t.Helper()
		ge := gerr(t, err, http.StatusForbidden)
		if !strings.HasPrefix(ge.Message, msg) {
			t.Errorf("message %q", ge.Message)
		}
		ae := apiError(t, err)
		md := ae.Metadata()
		if ae.Reason() != "SERVICE_DISABLED" || ae.Domain() != "googleapis.com" ||
			md["service"] != "securitycenter.googleapis.com" || md["consumer"] != "projects/555555555555" {
			t.Errorf("APIError reason %q, domain %q, metadata %v", ae.Reason(), ae.Domain(), md)
		}
		if d := ae.Details(); d.Help == nil || d.LocalizedMessage == nil {
			t.Errorf("details without Help or LocalizedMessage: %+v", d)
		}
		if c := lastCall(t, srv); c.Fault != "service-disabled" || c.ErrorReason != "SERVICE_DISABLED" {
			t.Errorf("call %+v", c)
		}
	}

	t.Run("in the caller's project", func(t *testing.T) {
		svc := service(t, sccbeta.NewService, opts(base, versioned, outsiderToken))
		_, err := svc.Organizations.GetSubscription(org + "/subscription").Do()
		check(t, err)
	})
	t.Run("in the project called", func(t *testing.T) {
		svc := service(t, scc.NewService, opts(base, versioned, scannerToken))
		_, err := svc.Projects.NotificationConfigs.List("projects/unit-disabled").Do()
		check(t, err)
	})
	t.Run("in the quota project", func(t *testing.T) {
		svc := service(t, sccbeta.NewService, opts(base, versioned, scannerToken, option.WithQuotaProject("unit-disabled")))
		_, err := svc.Organizations.GetSubscription(org + "/subscription").Do()
		check(t, err)

		svc = service(t, sccbeta.NewService, opts(base, versioned, scannerToken, option.WithQuotaProject("not-a-project")))
		_, err = svc.Organizations.GetSubscription(org + "/subscription").Do()
		if ae := apiError(t, err); ae.Reason() != "USER_PROJECT_DENIED" {
			t.Errorf("unknown quota project: %q", ae.Reason())
		}
	})
	t.Run("Cloud Storage", func(t *testing.T) {
		svc := service(t, storage.NewService, opts(base, storageBase, scannerToken))
		_, err := svc.Buckets.List("unit-disabled").Do()
		ge := gerr(t, err, http.StatusForbidden)
		if len(ge.Errors) != 1 || ge.Errors[0].Reason != "accessNotConfigured" || !strings.HasPrefix(ge.Message, "Cloud Storage API has not been used in project 555555555555") {
			t.Errorf("message %q, errors %+v", ge.Message, ge.Errors)
		}
		if info := errorInfo(ge); info == nil || info["reason"] != "SERVICE_DISABLED" {
			t.Errorf("ErrorInfo %v", info)
		}
	})
	t.Run("enabled elsewhere", func(t *testing.T) {
		svc := service(t, essentialcontacts.NewService, opts(base, versioned, outsiderToken))
		if _, err := svc.Projects.Contacts.List("projects/unit-disabled").Do(); err != nil {
			t.Errorf("Essential Contacts is enabled in unit-disabled: %v", err)
		}
	})
}

func TestNotFound(t *testing.T) {
	srv, base := unit(t, gcp.Options{})
	ps := service(t, pubsub.NewService, opts(base, versioned, scannerToken))

	// An error fixture (v1/projects/unit-main/topics/missing.error.yaml).
	_, err := ps.Projects.Topics.Get("projects/unit-main/topics/missing").Do()
	ge := gerr(t, err, http.StatusNotFound)
	if ge.Message != "Resource not found (resource=missing)." {
		t.Errorf("message %q", ge.Message)
	}
	if c := lastCall(t, srv); c.Fixture != "v1/projects/unit-main/topics/missing.error.yaml" || c.ErrorStatus != "NOT_FOUND" {
		t.Errorf("call %+v", c)
	}
	// "missing: empty": nothing exists.
	_, err = ps.Projects.Topics.Get("projects/unit-empty/topics/anything").Do()
	gerr(t, err, http.StatusNotFound)
	_, err = ps.Projects.Topics.Subscriptions.List("projects/unit-empty/topics/anything").Do()
	gerr(t, err, http.StatusNotFound)

	st := service(t, storage.NewService, opts(base, storageBase, scannerToken))
	_, err = st.Buckets.Get("no-such-bucket").Do()
	if ge := gerr(t, err, http.StatusNotFound); ge.Message != "The specified bucket does not exist." || len(ge.Errors) != 1 || ge.Errors[0].Reason != "notFound" {
		t.Errorf("message %q, errors %+v", ge.Message, ge.Errors)
	}
}

func TestMissingFixture(t *testing.T) {
	srv, base := unit(t, gcp.Options{})
	// unit-main is "missing: error": a call without a fixture is a 500
	// that names the file to write.
	svc := service(t, scc.NewService, opts(base, versioned, scannerToken))
	_, err := svc.Projects.NotificationConfigs.List("projects/unit-main").Do()
	ge := gerr(t, err, http.StatusInternalServerError)
	if !strings.Contains(ge.Message, "looked for v1/projects/unit-main/notificationConfigs.json") {
		t.Errorf("message %q", ge.Message)
	}
	if c := lastCall(t, srv); c.Fault != "missing-fixture" {
		t.Errorf("call %+v", c)
	}
	// unit-empty is "missing: empty": an empty list.
	r, err := svc.Projects.NotificationConfigs.List("projects/unit-empty").Do()
	if err != nil || len(r.NotificationConfigs) != 0 {
		t.Errorf("unit-empty: %+v, %v", r, err)
	}
	// No route at all.
	resp, err := http.Get(base + "/v9/nothing/here?access_token=x")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound || lastCall(t, srv).Fault != "no-route" {
		t.Errorf("GET /v9/nothing/here: %d, call %+v", resp.StatusCode, lastCall(t, srv))
	}
}

func TestEmptyAnswers(t *testing.T) {
	_, base := unit(t, gcp.Options{})
	ec := service(t, essentialcontacts.NewService, opts(base, versioned, scannerToken))
	if r, err := ec.Projects.Contacts.Compute("projects/unit-empty").NotificationCategories("SECURITY").Do(); err != nil || len(r.Contacts) != 0 {
		t.Errorf("contacts:compute: %+v, %v", r, err)
	}
	svc := service(t, sccbeta.NewService, opts(base, versioned, scannerToken))
	if s, err := svc.Organizations.GetSubscription(org + "/subscription").Do(); err != nil || s.Tier != "STANDARD" {
		t.Errorf("subscription: %+v, %v", s, err)
	}
	if s, err := svc.Organizations.GetSecurityHealthAnalyticsSettings(org + "/securityHealthAnalyticsSettings").Do(); err != nil || s.ServiceEnablementState != "DISABLED" {
		t.Errorf("organization SHA: %+v, %v", s, err)
	}
	if s, err := svc.Projects.GetSecurityHealthAnalyticsSettings("projects/unit-empty/securityHealthAnalyticsSettings").Do(); err != nil || s.ServiceEnablementState != "INHERITED" {
		t.Errorf("project SHA: %+v, %v", s, err)
	}
	if s, err := svc.Projects.SecurityHealthAnalyticsSettings.Calculate("projects/unit-empty/securityHealthAnalyticsSettings").Do(); err != nil || s.ServiceEnablementState != "DISABLED" {
		t.Errorf("project SHA calculated: %+v, %v", s, err)
	}
}
