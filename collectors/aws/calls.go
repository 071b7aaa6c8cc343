package aws

import (
	"context"
	"errors"
	"time"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/irscan/irscan/collectors"
	"github.com/irscan/irscan/snapshot"
)

// recorder installs, on one account's clients, the middleware that records
// every HTTP request (each attempt, retries included) as the snapshot's
// calls and bounds the requests in flight across every account.
type recorder struct {
	collectors.Recorder
	account string
	// inflight bounds the requests in flight across every account (--parallel).
	inflight chan struct{}
}

// install adds the recording and concurrency-limiting middleware to a
// client's stack (config.APIOptions).
func (r *recorder) install(stack *middleware.Stack) error {
	// Finalize, before the retry loop: hold one --parallel slot per operation.
	if err := stack.Finalize.Add(middleware.FinalizeMiddlewareFunc("irscanInflight",
		func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
			// STS is exempt: AssumeRole refreshes credentials from inside
			// another call's slot (signing runs after this step), and
			// waiting for a slot there could deadlock with --parallel 1.
			if awsmiddleware.GetServiceID(ctx) == "STS" {
				return next.HandleFinalize(ctx, in)
			}
			select {
			case r.inflight <- struct{}{}:
			case <-ctx.Done():
				return middleware.FinalizeOutput{}, middleware.Metadata{}, ctx.Err()
			}
			defer func() { <-r.inflight }()
			return next.HandleFinalize(ctx, in)
		}), middleware.Before); err != nil {
		return err
	}
	// Deserialize, outermost: runs once per attempt and sees the decoded
	// error and the request ID the SDK extracted.
	return stack.Deserialize.Add(middleware.DeserializeMiddlewareFunc("irscanRecordCall",
		func(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
			start := time.Now()
			out, md, err := next.HandleDeserialize(ctx, in)
			c := snapshot.Call{
				Service:    awsmiddleware.GetServiceID(ctx),
				Operation:  awsmiddleware.GetOperationName(ctx),
				Region:     awsmiddleware.GetRegion(ctx),
				Start:      start.UTC(),
				DurationMS: float64(time.Since(start).Microseconds()) / 1000,
			}
			if resp, ok := out.RawResponse.(*smithyhttp.Response); ok && resp != nil {
				c.HTTPStatus = resp.StatusCode
			}
			if id, ok := awsmiddleware.GetRequestIDMetadata(md); ok {
				c.RequestID = id
			}
			if err != nil {
				c.ErrorCode = errorCode(err)
				var re *smithyhttp.ResponseError
				if c.HTTPStatus == 0 && errors.As(err, &re) {
					c.HTTPStatus = re.HTTPStatusCode()
				}
				if c.RequestID == "" {
					var rid interface{ ServiceRequestID() string }
					if errors.As(err, &rid) {
						c.RequestID = rid.ServiceRequestID()
					}
				}
			}
			r.Add(ctx, c)
			return out, md, err
		}), middleware.Before)
}

// errorCode is the provider's error code, or a short description for
// errors that never reached the API (network, context).
func errorCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return "Canceled"
	}
	return "RequestFailed"
}
