package aws

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/irscan/irscan/collectors"
)

// recorder records every HTTP request (each attempt, retries included) an
// account's clients make, as the snapshot's `calls`, and attributes each to
// the section being collected through the context.
type recorder struct {
	mu      sync.Mutex
	calls   []collectors.Call
	account string
	// inflight bounds the requests in flight across every account (--parallel).
	inflight chan struct{}
	log      func(collectors.Call)
}

type sinkKey struct{}

// sink gathers the call IDs made under one context (one section or fetch).
type sink struct {
	mu  sync.Mutex
	ids []string
}

func (s *sink) add(ids ...string) {
	s.mu.Lock()
	s.ids = append(s.ids, ids...)
	s.mu.Unlock()
}

func (s *sink) list() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.ids)
}

// withSink returns a context whose calls are attributed to a new sink.
func withSink(ctx context.Context) (context.Context, *sink) {
	s := &sink{}
	return context.WithValue(ctx, sinkKey{}, s), s
}

func sinkFrom(ctx context.Context) *sink {
	s, _ := ctx.Value(sinkKey{}).(*sink)
	return s
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
			c := collectors.Call{
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
			id := r.add(c)
			if s := sinkFrom(ctx); s != nil {
				s.add(id)
			}
			return out, md, err
		}), middleware.Before)
}

func (r *recorder) add(c collectors.Call) string {
	r.mu.Lock()
	c.ID = fmt.Sprintf("c%04d", len(r.calls)+1)
	r.calls = append(r.calls, c)
	r.mu.Unlock()
	if r.log != nil {
		r.log(c)
	}
	return c.ID
}

func (r *recorder) list() []collectors.Call {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.calls)
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
