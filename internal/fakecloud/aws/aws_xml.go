package aws

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"

	"github.com/irscan/irscan/internal/fakecloud/fixture"
)

// The XML protocols:
//   - restXml (S3, path-style): the operation is the method, the path
//     (/, /bucket, /bucket/key) and a sub-resource in the query string
//     (?tagging, ?object-lock, ...); errors are <Error><Code>; the request ID
//     travels in x-amz-request-id.
//   - ec2Query (EC2): POST / form Action=...; responses are <OpResponse> with
//     <requestId>; errors are <Response><Errors><Error><Code>...<RequestID>.
//   - awsQuery (STS): POST / form Action=...; responses are
//     <OpResponse><OpResult>... with <ResponseMetadata><RequestId>; errors
//     are <ErrorResponse><Error><Type><Code><Message>.

// s3SubResources maps an S3 sub-resource query parameter to the noun of its
// operations (Get/Put/Delete + noun), most specific first.
var s3SubResources = []struct{ query, noun string }{
	{"object-lock", "ObjectLockConfiguration"},
	{"tagging", "BucketTagging"},
	{"versioning", "BucketVersioning"},
	{"logging", "BucketLogging"},
	{"policyStatus", "BucketPolicyStatus"},
	{"policy", "BucketPolicy"},
	{"lifecycle", "BucketLifecycleConfiguration"},
	{"encryption", "BucketEncryption"},
	{"publicAccessBlock", "PublicAccessBlock"},
	{"location", "BucketLocation"},
	{"acl", "BucketAcl"},
	{"notification", "BucketNotificationConfiguration"},
	{"ownershipControls", "BucketOwnershipControls"},
	{"cors", "BucketCors"},
	{"website", "BucketWebsite"},
	{"replication", "BucketReplication"},
	{"accelerate", "BucketAccelerateConfiguration"},
	{"requestPayment", "BucketRequestPayment"},
}

// identifyS3 finds the operation of a path-style S3 request. Reads are GET
// and HEAD; everything else is a write.
func (r *awsRequest) identifyS3() *reply {
	bucket, key, _ := strings.Cut(strings.TrimPrefix(r.path, "/"), "/")
	r.resource = bucket
	r.read = r.method == http.MethodGet || r.method == http.MethodHead
	verb := map[string]string{http.MethodGet: "Get", http.MethodPut: "Put", http.MethodDelete: "Delete"}[r.method]
	switch {
	case r.query.Get("x-id") != "":
		r.op = r.query.Get("x-id")
	case bucket == "":
		if r.method == http.MethodGet {
			r.op = "ListBuckets"
		}
	case key != "":
		r.op = map[string]string{http.MethodGet: "GetObject", http.MethodHead: "HeadObject",
			http.MethodPut: "PutObject", http.MethodDelete: "DeleteObject"}[r.method]
		if r.query.Has("tagging") && verb != "" {
			r.op = verb + "ObjectTagging"
		}
	default:
		for _, sr := range s3SubResources {
			if r.query.Has(sr.query) && verb != "" {
				r.op = verb + sr.noun
				break
			}
		}
		if r.op == "" {
			switch {
			case r.method == http.MethodGet && r.query.Has("versions"):
				r.op = "ListObjectVersions"
			case r.method == http.MethodGet && r.query.Get("list-type") == "2":
				r.op = "ListObjectsV2"
			case r.method == http.MethodGet:
				r.op = "ListObjects"
			case r.method == http.MethodHead:
				r.op = "HeadBucket"
			case r.method == http.MethodPut:
				r.op = "CreateBucket"
			case r.method == http.MethodDelete:
				r.op = "DeleteBucket"
			case r.method == http.MethodPost && r.query.Has("delete"):
				r.op = "DeleteObjects"
			}
		}
	}
	if r.op == "" {
		r.op = r.method + " " + r.path
	}
	return nil
}

// identifyQuery finds the operation of an ec2Query or awsQuery request: the
// form's (or, for GET, the query string's) Action.
func (r *awsRequest) identifyQuery() *reply {
	if r.form == nil {
		r.form = r.query
	}
	r.op = r.form.Get("Action")
	if r.op == "" || !isOperationName(r.op) {
		rep := errorReply(r.svc.protocol, "MissingAction", "Could not find operation: the request has no Action parameter")
		return &rep
	}
	r.read = isReadName(r.svc.name, r.op)
	return nil
}

// writeS3 writes a restXml (S3) response.
func writeS3(w http.ResponseWriter, c *callContext, rep reply) int {
	h := w.Header()
	h.Set("Content-Type", "application/xml")
	h.Set("x-amz-request-id", c.req.requestID)
	h.Set("x-amz-id-2", hostID())
	if rep.err != nil {
		e := rep.err
		if c.req.method == http.MethodHead {
			return writeBody(w, e.Status, nil)
		}
		var b strings.Builder
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
		fmt.Fprintf(&b, "<Error><Code>%s</Code><Message>%s</Message>", xmlEscape(e.Code), xmlEscape(e.Message))
		if c.req.resource != "" && e.Fields["BucketName"] == "" {
			fmt.Fprintf(&b, "<BucketName>%s</BucketName>", xmlEscape(c.req.resource))
		}
		writeXMLFields(&b, e.Fields)
		fmt.Fprintf(&b, "<RequestId>%s</RequestId><HostId>%s</HostId></Error>", c.req.requestID, h.Get("x-amz-id-2"))
		return writeBody(w, e.Status, []byte(b.String()))
	}
	if c.req.method == http.MethodHead {
		return writeBody(w, http.StatusOK, nil)
	}
	return writeBody(w, http.StatusOK, rep.body)
}

// writeEC2 writes an ec2Query response.
func writeEC2(w http.ResponseWriter, c *callContext, rep reply) int {
	h := w.Header()
	h.Set("Content-Type", "text/xml;charset=UTF-8")
	h.Set("x-amzn-RequestId", c.req.requestID)
	if rep.err != nil {
		e := rep.err
		var b strings.Builder
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
		fmt.Fprintf(&b, "<Response><Errors><Error><Code>%s</Code><Message>%s</Message>", xmlEscape(e.Code), xmlEscape(e.Message))
		writeXMLFields(&b, e.Fields)
		fmt.Fprintf(&b, "</Error></Errors><RequestID>%s</RequestID></Response>", c.req.requestID)
		return writeBody(w, e.Status, []byte(b.String()))
	}
	root := c.req.op + "Response"
	body := removeElement(string(rep.body), "requestId")
	body = insertAfterOpen(body, root, "<requestId>"+c.req.requestID+"</requestId>")
	return writeBody(w, http.StatusOK, []byte(body))
}

// writeQuery writes an awsQuery response.
func writeQuery(w http.ResponseWriter, c *callContext, rep reply) int {
	h := w.Header()
	h.Set("Content-Type", "text/xml")
	h.Set("x-amzn-RequestId", c.req.requestID)
	if rep.err != nil {
		e := rep.err
		typ := "Sender"
		if e.Status >= 500 {
			typ = "Receiver"
		}
		var b strings.Builder
		fmt.Fprintf(&b, `<ErrorResponse xmlns="%s"><Error><Type>%s</Type><Code>%s</Code><Message>%s</Message>`,
			c.req.svc.xmlns, typ, xmlEscape(e.Code), xmlEscape(e.Message))
		writeXMLFields(&b, e.Fields)
		fmt.Fprintf(&b, "</Error><RequestId>%s</RequestId></ErrorResponse>", c.req.requestID)
		return writeBody(w, e.Status, []byte(b.String()))
	}
	body := removeElement(string(rep.body), "ResponseMetadata")
	body = insertBeforeClose(body, c.req.op+"Response",
		"<ResponseMetadata><RequestId>"+c.req.requestID+"</RequestId></ResponseMetadata>")
	return writeBody(w, http.StatusOK, []byte(body))
}

// writeXMLFields writes extra error elements in a stable order.
func writeXMLFields(b *strings.Builder, fields map[string]string) {
	names := make([]string, 0, len(fields))
	for k := range fields {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		fmt.Fprintf(b, "<%s>%s</%s>", k, xmlEscape(fields[k]), k)
	}
}

// insertAfterOpen inserts el right after the start tag of element name.
func insertAfterOpen(s, name, el string) string {
	re := regexp.MustCompile(`<` + regexp.QuoteMeta(name) + `(\s[^>]*)?>`)
	loc := re.FindStringIndex(s)
	if loc == nil {
		return s
	}
	return s[:loc[1]] + el + s[loc[1]:]
}

func xmlEscape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// hostID is a fake S3 x-amz-id-2.
func hostID() string {
	b := make([]byte, 48)
	_, _ = rand.Read(b)
	return base64.StdEncoding.EncodeToString(b)
}

// newRequestID returns a random UUID (version 4), the format most AWS
// services use for request IDs; S3 uses 16 upper-case hex digits.
func newRequestID(s3 bool) string {
	if s3 {
		return strings.ToUpper(fixture.RandomHex(8))
	}
	return fixture.NewUUID()
}
