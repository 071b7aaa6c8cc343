package azure

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
)

// SignInError is a failure to sign in: no credential, or one Microsoft
// Entra ID refused. The CLI exits with its own code for it.
type SignInError struct{ msg string }

func (e *SignInError) Error() string { return e.msg }

// SignInFailed marks the error for the CLI's exit code.
func (e *SignInError) SignInFailed() bool { return true }

// signIn asks the credential for a Resource Manager token once, before any
// call, so that a credential that cannot sign in fails the run in one line
// instead of erroring every section of every subscription. The token is
// cached: the clients reuse it.
func (c *collector) signIn(ctx context.Context) error {
	audience := strings.TrimSuffix(c.cloud.Services[cloud.ResourceManager].Audience, "/")
	if _, err := c.cred.GetToken(ctx, policy.TokenRequestOptions{Scopes: []string{audience + "/.default"}}); err != nil {
		return c.signInError(err)
	}
	return nil
}

// signInError says why the credential could not sign in, which
// credentials were tried, and what to do next (the whole message: never
// cut inside the hint, never inside a character).
func (c *collector) signInError(err error) error {
	reason := "no credential was available"
	var ae *azidentity.AuthenticationFailedError
	if errors.As(err, &ae) {
		reason = errorText(err)
		if !strings.HasPrefix(reason, "the credential could not obtain a token") {
			reason = "the credential could not obtain a token: " + reason
		}
	}
	tried := "DefaultAzureCredential: environment (AZURE_TENANT_ID, AZURE_CLIENT_ID with AZURE_CLIENT_SECRET or a certificate), workload identity, managed identity, Azure CLI, Azure Developer CLI, Azure PowerShell"
	if c.opts.Credential != nil {
		tried = "the credential given"
	}
	if c.opts.Tenant != "" {
		tried += " (tenant " + c.opts.Tenant + ")"
	}
	next := "run `az login` (`az login --tenant TENANT` for another tenant), or set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET for a service principal; `az account show` shows the identity irscan would use"
	return &SignInError{msg: fmt.Sprintf("azure: cannot sign in: %s; tried %s; next: %s", reason, tried, next)}
}
