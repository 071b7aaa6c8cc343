package aws

import (
	"encoding/json"
	"net/http"
	"strconv"
)

// awsJson1_1: every call is POST / with the operation in X-Amz-Target
// ("<prefix>.<Operation>") and its input as a JSON body; a success is 200
// with the output as a JSON body; an error carries its code in the body's
// "__type" and its text in "message" (the SDK also reads X-Amzn-ErrorType).

// identifyJSON checks an awsJson1_1 request; the service and operation came
// from X-Amz-Target in parseRequest.
func (r *awsRequest) identifyJSON(hr *http.Request) *reply {
	if hr.Method != http.MethodPost || r.op == "" {
		rep := errorReply(awsJSON, "UnknownOperationException", "awsJson1_1 requests are POST / with X-Amz-Target: <prefix>.<Operation>")
		return &rep
	}
	r.read = isReadName(r.svc.name, r.op)
	return nil
}

// writeAWSJSON writes an awsJson1_1 response.
func writeAWSJSON(w http.ResponseWriter, c *callContext, rep reply) int {
	h := w.Header()
	h.Set("Content-Type", "application/x-amz-json-1.1")
	h.Set("x-amzn-RequestId", c.req.requestID)
	if rep.err != nil {
		body := jsonErrorBody(rep.err, map[string]string{"__type": rep.err.Code, "message": rep.err.Message})
		return writeBody(w, rep.err.Status, body)
	}
	return writeBody(w, http.StatusOK, rep.body)
}

// jsonErrorBody renders an error structure: the protocol's members first,
// then the error's extra fields.
func jsonErrorBody(e *apiError, members map[string]string) []byte {
	obj := make(map[string]string, len(members)+len(e.Fields))
	for k, v := range e.Fields {
		obj[k] = v
	}
	for k, v := range members {
		obj[k] = v
	}
	body, _ := json.Marshal(obj)
	return body
}

// writeBody writes status and body, with Content-Length, and returns status.
func writeBody(w http.ResponseWriter, status int, body []byte) int {
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
	return status
}
