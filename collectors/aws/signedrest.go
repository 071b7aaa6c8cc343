package aws

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/irscan/irscan/snapshot"
)

// restReader reads a restJson1 API for which no SDK client module is
// available (AWS Security Incident Response: its Go module is not served
// where irscan is built) with the SDK's own parts: the account's
// credentials, the SigV4 signer, the retryer and HTTP client of its
// aws.Config, and the collector's call recorder and --parallel bound. One
// reader serves every such API; each operation is a method, a path and a
// JSON body, as its service's model documents them.
type restReader struct {
	cfg aws.Config
	rec *recorder
	// signingName is the SigV4 service name, also the endpoint prefix.
	signingName string
	// serviceID names the service in the call log, as the SDK would.
	serviceID string
}

// endpoint is the base URL of the service in a region: the configured
// base endpoint (--endpoint-url), else the service's dual-stack host.
func (r restReader) endpoint(region string) string {
	if r.cfg.BaseEndpoint != nil && *r.cfg.BaseEndpoint != "" {
		return strings.TrimSuffix(*r.cfg.BaseEndpoint, "/")
	}
	return fmt.Sprintf("https://%s.%s.api.aws", r.signingName, region)
}

// do sends one operation and decodes its JSON answer into out. An error
// answer is returned as the SDK returns one (a *smithyhttp.ResponseError
// around a smithy.APIError with the X-Amzn-ErrorType code), so that the
// retryer and failSection judge it as they judge the SDK's own.
func (r restReader) do(ctx context.Context, region, operation, method, path string, body any, out any) error {
	var payload []byte
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		payload = b
	}
	sum := sha256.Sum256(payload)
	hash := hex.EncodeToString(sum[:])
	var retryer aws.Retryer = retry.NewStandard()
	if r.cfg.Retryer != nil {
		retryer = r.cfg.Retryer()
	}
	client := r.cfg.HTTPClient
	if client == nil {
		client = awshttp.NewBuildableClient()
	}
	signer := v4.NewSigner()
	for attempt := 1; ; attempt++ {
		err := r.attempt(ctx, client, signer, region, operation, method, path, payload, hash, out)
		if err == nil || attempt >= retryer.MaxAttempts() || !retryer.IsErrorRetryable(err) {
			return err
		}
		delay, derr := retryer.RetryDelay(attempt, err)
		if derr != nil {
			return err
		}
		select {
		case <-time.After(delay):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

func (r restReader) attempt(ctx context.Context, client aws.HTTPClient, signer *v4.Signer, region, operation, method, path string, payload []byte, hash string, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, r.endpoint(region)+path, bytes.NewReader(payload))
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if r.cfg.Credentials == nil {
		return fmt.Errorf("no AWS credentials to sign %s %s", r.serviceID, operation)
	}
	creds, err := r.cfg.Credentials.Retrieve(ctx)
	if err != nil {
		return err
	}
	if err := signer.SignHTTP(ctx, creds, req, hash, r.signingName, region, time.Now().UTC()); err != nil {
		return err
	}
	select {
	case r.rec.inflight <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	start := time.Now()
	resp, err := client.Do(req)
	<-r.rec.inflight
	c := snapshot.Call{Service: r.serviceID, Operation: operation, Region: region, Start: start.UTC()}
	var data []byte
	if err == nil {
		data, err = io.ReadAll(resp.Body)
		resp.Body.Close()
		c.HTTPStatus = resp.StatusCode
		c.RequestID = resp.Header.Get("X-Amzn-Requestid")
		if err == nil && resp.StatusCode >= 300 {
			err = apiError(resp, data)
		}
	}
	c.DurationMS = float64(time.Since(start).Microseconds()) / 1000
	if err != nil {
		c.ErrorCode = errorCode(err)
	}
	r.rec.Add(ctx, c)
	if err != nil {
		return err
	}
	if out == nil || len(bytes.TrimSpace(data)) == 0 {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("%s %s: decoding the answer: %w", r.serviceID, operation, err)
	}
	return nil
}

// apiError is a restJson1 error answer: the code from X-Amzn-ErrorType
// (else the body's __type or code), the message from the body.
func apiError(resp *http.Response, body []byte) error {
	var b struct {
		Type     string `json:"__type"`
		Code     string `json:"code"`
		Message  string `json:"message"`
		Message2 string `json:"Message"`
	}
	_ = json.Unmarshal(body, &b)
	code := resp.Header.Get("X-Amzn-Errortype")
	if code == "" {
		code = b.Type
	}
	if code == "" {
		code = b.Code
	}
	code, _, _ = strings.Cut(code, ":")
	if i := strings.LastIndex(code, "#"); i >= 0 {
		code = code[i+1:]
	}
	if code == "" {
		code = http.StatusText(resp.StatusCode)
	}
	msg := b.Message
	if msg == "" {
		msg = b.Message2
	}
	return &smithyhttp.ResponseError{
		Response: &smithyhttp.Response{Response: resp},
		Err:      &smithy.GenericAPIError{Code: code, Message: msg},
	}
}
