package azure

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/arm"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"

	"github.com/irscan/irscan/collectors"
)

const moduleName, moduleVersion = "irscan", "v1.0.0"

// reader is the small ARM reader for resource types no arm* module here
// covers (Microsoft.SecurityInsights, Key Vault, SQL, management groups):
// the same azcore pipeline, credential, retries and call recording as the
// typed clients, with the api-version pinned per resource type (apiVersions).
type reader struct {
	pl       runtime.Pipeline
	endpoint string
}

func (c *collector) newReader(rec *collectors.Recorder) (*reader, error) {
	client, err := arm.NewClient(moduleName, moduleVersion, c.cred, c.clientOptions(rec))
	if err != nil {
		return nil, err
	}
	return &reader{pl: client.Pipeline(), endpoint: c.endpoint()}, nil
}

// get reads one resource.
func (r *reader) get(ctx context.Context, path, apiVersion string) (json.RawMessage, error) {
	req, err := runtime.NewRequest(ctx, http.MethodGet, runtime.JoinPaths(r.endpoint, path))
	if err != nil {
		return nil, err
	}
	q := req.Raw().URL.Query()
	q.Set("api-version", apiVersion)
	req.Raw().URL.RawQuery = q.Encode()
	return r.do(req)
}

// list reads a collection, following nextLink, and returns every item.
func (r *reader) list(ctx context.Context, path, apiVersion string) ([]json.RawMessage, error) {
	items := []json.RawMessage{}
	next := ""
	for {
		var req *policy.Request
		var err error
		if next == "" {
			if req, err = runtime.NewRequest(ctx, http.MethodGet, runtime.JoinPaths(r.endpoint, path)); err == nil {
				q := req.Raw().URL.Query()
				q.Set("api-version", apiVersion)
				req.Raw().URL.RawQuery = q.Encode()
			}
		} else {
			if _, perr := url.Parse(next); perr != nil {
				return nil, fmt.Errorf("invalid nextLink %q", next)
			}
			req, err = runtime.NewRequest(ctx, http.MethodGet, next)
		}
		if err != nil {
			return nil, err
		}
		body, err := r.do(req)
		if err != nil {
			return nil, err
		}
		var page struct {
			Value    []json.RawMessage `json:"value"`
			NextLink string            `json:"nextLink"`
		}
		if err := json.Unmarshal(body, &page); err != nil {
			return nil, fmt.Errorf("GET %s: %w", path, err)
		}
		items = append(items, page.Value...)
		if page.NextLink == "" {
			return items, nil
		}
		next = page.NextLink
	}
}

func (r *reader) do(req *policy.Request) (json.RawMessage, error) {
	resp, err := r.pl.Do(req)
	if err != nil {
		return nil, err
	}
	if !runtime.HasStatusCode(resp, http.StatusOK) {
		return nil, runtime.NewResponseError(resp)
	}
	body, err := runtime.Payload(resp)
	if err != nil {
		return nil, err
	}
	return json.RawMessage(body), nil
}
