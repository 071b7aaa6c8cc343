package azure

import "strings"

// How a program obtains a token from the fake without code changes.
//
// azidentity's EnvironmentCredential (and DefaultAzureCredential, which tries
// it first) reads AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET and
// AZURE_AUTHORITY_HOST. With an authority host MSAL does not know (any host
// but Microsoft's login hosts), MSAL first asks
// https://login.microsoftonline.com/common/discovery/instance to validate the
// authority, so the fake's own /common/discovery/instance is never asked and
// token acquisition fails (after retries) unless the credential is built
// with DisableInstanceDiscovery: true, an option no environment variable
// sets. azidentity skips instance discovery by itself for the tenant "adfs";
// MSAL then reads <authority host>/adfs/.well-known/openid-configuration,
// which the fake serves for the scenario's tenant. Hence the environment
// below. A program that builds its credential itself can instead use the
// real tenant ID with DisableInstanceDiscovery: true (see
// testdata/fakecloud/azure/README.md).

// Environment returns the environment variables (NAME=value) with which
// azidentity.NewEnvironmentCredential or NewDefaultAzureCredential, in an
// unmodified program, sign in to the fake at baseURL (https://127.0.0.1:PORT)
// as principal p, trusting the CA in caFile (PEM). The ARM endpoint itself
// is the program's own setting (irscan: its endpoint override).
func Environment(baseURL, caFile string, p *Principal) []string {
	return []string{
		"AZURE_TENANT_ID=" + adfsTenant,
		"AZURE_CLIENT_ID=" + p.ClientID,
		"AZURE_CLIENT_SECRET=" + p.ClientSecret,
		"AZURE_AUTHORITY_HOST=" + strings.TrimRight(baseURL, "/") + "/",
		// Only EnvironmentCredential: never fall back to a developer's
		// Azure CLI login or to managed identity, whose real tokens the
		// fake would refuse anyway.
		"AZURE_TOKEN_CREDENTIALS=EnvironmentCredential",
		"SSL_CERT_FILE=" + caFile,
	}
}
