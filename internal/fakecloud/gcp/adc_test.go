package gcp_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	essentialcontacts "google.golang.org/api/essentialcontacts/v1"
	"google.golang.org/api/option"

	"github.com/irscan/irscan/internal/fakecloud/gcp"
)

// TestApplicationDefaultCredentials runs the ADC path of the real auth
// library: GOOGLE_APPLICATION_CREDENTIALS names a service-account key file
// whose token_uri is the fake, which issues the principal's token.
func TestApplicationDefaultCredentials(t *testing.T) {
	srv, base := unit(t, gcp.Options{})
	key, err := gcp.CredentialsJSON(base, scanner, "unit-main")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "key.json")
	if err := os.WriteFile(path, key, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GOOGLE_APPLICATION_CREDENTIALS", path)

	// No auth option at all: the client finds the key file itself.
	svc := service(t, essentialcontacts.NewService, []option.ClientOption{option.WithEndpoint(base + "/")})
	r, err := svc.Projects.Contacts.List("projects/unit-main").Do()
	if err != nil || len(r.Contacts) != 3 {
		t.Fatalf("contacts: %+v, %v", r, err)
	}
	if c := lastCall(t, srv); c.Principal != scanner {
		t.Errorf("call made as %q, want %q", c.Principal, scanner)
	}

	// The server's own key file is for a principal it knows.
	key, err = srv.CredentialsJSON(base)
	if err != nil || !strings.Contains(string(key), `"client_email": "scanner@unit-main.iam.gserviceaccount.com"`) {
		t.Errorf("srv.CredentialsJSON: %s, %v", key, err)
	}

	// A key for someone the scenario does not know is refused at the token
	// endpoint (the unit scenario has no default principal).
	key, err = gcp.CredentialsJSON(base, "stranger@elsewhere.iam.gserviceaccount.com", "elsewhere")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, key, 0o600); err != nil {
		t.Fatal(err)
	}
	svc = service(t, essentialcontacts.NewService, []option.ClientOption{option.WithEndpoint(base + "/")})
	if _, err := svc.Projects.Contacts.List("projects/unit-main").Do(); err == nil {
		t.Error("a stranger's key was accepted")
	}
}
