package aws

import (
	"fmt"
	"net/http"
	"strings"
)

// apiError is a service error, independent of the wire protocol; each
// protocol renders it in the shape its SDK deserializer expects (see
// writeError in aws_json.go, aws_rest.go and aws_xml.go).
type apiError struct {
	Status  int
	Code    string
	Message string
	// Fields are extra members of the error structure (JSON protocols) or
	// extra elements inside <Error> (XML protocols), e.g. resourceType.
	Fields map[string]string
}

func (e *apiError) Error() string { return e.Code + ": " + e.Message }

// reply is what the pipeline decided to answer: a success body or an error.
type reply struct {
	body    []byte    // success body, protocol format (JSON or XML)
	err     *apiError // error, rendered in the protocol's error shape
	fixture string    // the fixture file served, relative to the scenario
	page    int       // page number served, for paginated operations
}

// errorReply builds an error reply with the protocol's default status.
func errorReply(p protocol, code, format string, args ...any) reply {
	return reply{err: &apiError{Status: defaultStatus(p, code), Code: code, Message: fmt.Sprintf(format, args...)}}
}

// defaultStatus is the HTTP status AWS uses for an error code in a protocol,
// for error fixtures that do not set one. awsJson1_1, ec2Query and awsQuery
// services answer most client errors with 400; the REST protocols use 403,
// 404 and 429 as modelled.
func defaultStatus(p protocol, code string) int {
	switch {
	case strings.HasPrefix(code, "Internal"):
		return http.StatusInternalServerError
	case strings.HasPrefix(code, "ServiceUnavailable"), code == "SlowDown", code == "RequestLimitExceeded":
		return http.StatusServiceUnavailable
	case code == "InvalidAccessException":
		return http.StatusUnauthorized // Security Hub models it as 401
	case code == "UnauthorizedOperation", code == "AccessDenied", code == "InvalidClientTokenId",
		code == "InvalidAccessKeyId", code == "SignatureDoesNotMatch":
		return http.StatusForbidden
	case code == "AuthFailure":
		return http.StatusUnauthorized
	}
	switch p {
	case restJSON:
		switch {
		case strings.HasPrefix(code, "AccessDenied"), code == "UnrecognizedClientException":
			return http.StatusForbidden
		case strings.HasSuffix(code, "NotFoundException"):
			return http.StatusNotFound
		case code == "ThrottlingException" || code == "TooManyRequestsException" || code == "LimitExceededException":
			return http.StatusTooManyRequests
		case code == "ConflictException":
			return http.StatusConflict
		}
	case restXML:
		switch {
		case strings.HasPrefix(code, "NoSuch") || strings.HasSuffix(code, "NotFoundError") || strings.HasSuffix(code, "NotFound"):
			return http.StatusNotFound
		case code == "BucketAlreadyExists" || code == "OperationAborted":
			return http.StatusConflict
		}
	}
	return http.StatusBadRequest
}

// The errors below are the fake's own answers (not fixtures), one helper per
// situation, each in the code a real AWS service uses for it in that protocol.

// invalidTokenError answers an unknown access key ID, a missing signature or
// a call to a region the account has not enabled.
func invalidTokenError(p protocol, missing bool) reply {
	switch p {
	case restXML:
		if missing {
			return errorReply(p, "AccessDenied", "Anonymous access is forbidden for this operation")
		}
		return errorReply(p, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.")
	case ec2Query:
		return reply{err: &apiError{Status: http.StatusUnauthorized, Code: "AuthFailure", Message: "AWS was not able to validate the provided access credentials"}}
	case awsQuery:
		if missing {
			return reply{err: &apiError{Status: http.StatusForbidden, Code: "MissingAuthenticationToken", Message: "Request is missing Authentication Token"}}
		}
		return errorReply(p, "InvalidClientTokenId", "The security token included in the request is invalid.")
	}
	if missing {
		return reply{err: &apiError{Status: http.StatusForbidden, Code: "MissingAuthenticationTokenException", Message: "Missing Authentication Token"}}
	}
	// awsJson1_1 services answer 400, restJson1 services 403.
	return errorReply(p, "UnrecognizedClientException", "The security token included in the request is invalid.")
}

// accessDeniedError is the protocol's access-denied error for an IAM action.
func accessDeniedError(p protocol, status int, message string) reply {
	switch p {
	case awsJSON:
		return reply{err: &apiError{Status: orStatus(status, http.StatusBadRequest), Code: "AccessDeniedException", Message: message}}
	case restJSON:
		return reply{err: &apiError{Status: orStatus(status, http.StatusForbidden), Code: "AccessDeniedException", Message: message}}
	case ec2Query:
		return reply{err: &apiError{Status: orStatus(status, http.StatusForbidden), Code: "UnauthorizedOperation", Message: message}}
	default: // restXml (S3) and awsQuery (STS) both say AccessDenied
		return reply{err: &apiError{Status: orStatus(status, http.StatusForbidden), Code: "AccessDenied", Message: message}}
	}
}

// throttlingError is the protocol's throttling error. The codes are all in the
// SDK standard retryer's list of throttle codes.
func throttlingError(p protocol, code string) reply {
	if code != "" {
		return errorReply(p, code, "Rate exceeded")
	}
	switch p {
	case awsJSON:
		return reply{err: &apiError{Status: http.StatusBadRequest, Code: "ThrottlingException", Message: "Rate exceeded"}}
	case restJSON:
		return reply{err: &apiError{Status: http.StatusTooManyRequests, Code: "ThrottlingException", Message: "Rate exceeded"}}
	case restXML:
		return reply{err: &apiError{Status: http.StatusServiceUnavailable, Code: "SlowDown", Message: "Please reduce your request rate."}}
	case ec2Query:
		return reply{err: &apiError{Status: http.StatusServiceUnavailable, Code: "RequestLimitExceeded", Message: "Request limit exceeded."}}
	default:
		return reply{err: &apiError{Status: http.StatusBadRequest, Code: "Throttling", Message: "Rate exceeded"}}
	}
}

// serverError is the protocol's internal error with the given 5xx status.
func serverError(p protocol, status int, message string) reply {
	code := "InternalFailure"
	switch p {
	case restXML, ec2Query:
		code = "InternalError"
	case restJSON:
		code = "InternalServerException"
	}
	if status == http.StatusServiceUnavailable {
		code = "ServiceUnavailable"
		if p == awsJSON || p == restJSON {
			code = "ServiceUnavailableException"
		}
	}
	return reply{err: &apiError{Status: status, Code: code, Message: message}}
}

// internalFailure is the fake's own 500, used when it cannot answer (a missing
// fixture, an operation it does not route); the message says why, so that a
// test notices and its author knows which file to write.
func internalFailure(message string) reply {
	return reply{err: &apiError{Status: http.StatusInternalServerError, Code: "InternalFailure", Message: message}}
}

// writeRefused is the 403 for any request that is not a read.
func writeRefused(p protocol, action string) reply {
	msg := fmt.Sprintf("fakecloud refuses %s: it is not a read (List*, Get*, Describe*, BatchGet*, sts:AssumeRole, sts:GetCallerIdentity; S3 GET/HEAD)", action)
	return accessDeniedError(p, http.StatusForbidden, msg)
}

func orStatus(status, def int) int {
	if status != 0 {
		return status
	}
	return def
}
