package snapshot

import (
	"strings"
	"testing"
)

func TestScrub(t *testing.T) {
	in := `{"properties": {"callbackUrl": "https://prod.logic.azure.com/workflows/x/triggers/manual/paths/invoke?api-version=2016-10-01&sp=%2Ftriggers&sv=1.0&sig=SECRETSIG",
	  "storageUri": "https://acct.blob.core.windows.net/c?sv=2022&sig=abc", "plain": "https://docs.example.com/page",
	  "primaryKey": "K3Y==", "SecretAccessKey": "wJalr", "ConnectionString": "Endpoint=sb://x;SharedAccessKey=y", "name": "not a secret"}}`
	out := string(Scrub([]byte(in)))
	for _, leaked := range []string{"SECRETSIG", "sig=abc", "K3Y==", "wJalr", "SharedAccessKey=y"} {
		if strings.Contains(out, leaked) {
			t.Errorf("%q survived: %s", leaked, out)
		}
	}
	for _, kept := range []string{"https://prod.logic.azure.com/workflows/x/triggers/manual/paths/invoke", "https://docs.example.com/page", "not a secret"} {
		if !strings.Contains(out, kept) {
			t.Errorf("%q lost: %s", kept, out)
		}
	}
}
