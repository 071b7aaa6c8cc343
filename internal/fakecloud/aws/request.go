package aws

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// maxBodyBytes bounds request bodies; irscan's reads are tiny.
const maxBodyBytes = 1 << 20

// awsRequest is one incoming API call, identified.
type awsRequest struct {
	svc       *service
	op        string     // API operation name, e.g. "ListDetectors"; "" if unidentified
	spec      *operation // the operation's table entry; nil for generic operations
	read      bool       // the call is a read the fake may answer
	method    string
	path      string
	query     url.Values
	form      url.Values                 // ec2Query / awsQuery form parameters
	json      map[string]json.RawMessage // awsJson1_1 / restJson1 body members
	resource  string                     // restJson1 path ID (e.g. detector ID) or S3 bucket
	region    string                     // from the SigV4 credential scope
	keyID     string                     // access key ID from the credential scope
	signed    bool                       // the request carried a SigV4 credential
	requestID string
}

// param reads one request parameter wherever the protocol carries it.
func (r *awsRequest) param(p param) string {
	switch p.in {
	case inJSON:
		raw, ok := r.json[p.name]
		if !ok {
			return ""
		}
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s
		}
		return string(raw)
	case inQuery:
		return r.query.Get(p.name)
	case inForm:
		return r.form.Get(p.name)
	case inPath:
		return r.resource
	case inEC2Filter:
		return strings.Join(ec2FilterValues(r.form, p.name), ",")
	}
	return ""
}

// keyParam is the parameter that keys the operation's fixtures: the table's,
// or the bucket for any S3 bucket operation; nil if the operation is unkeyed.
func (r *awsRequest) keyParam() *param {
	if r.spec != nil && r.spec.key != nil {
		return r.spec.key
	}
	if r.svc != nil && r.svc.name == "s3" && r.resource != "" {
		return pathKey("bucket")
	}
	return nil
}

// action is the IAM action the call needs, e.g. "guardduty:ListDetectors".
func (r *awsRequest) action() string {
	if r.spec != nil && r.spec.action != "" {
		return r.spec.action
	}
	if r.svc == nil {
		return ""
	}
	if r.svc.name == "s3" {
		return s3Action(r.op)
	}
	return r.svc.name + ":" + r.op
}

// parseRequest identifies the service, operation, region and caller of an
// HTTP request. It returns an error reply when the request cannot be routed;
// the returned request is never nil, so that the call can be recorded.
func parseRequest(hr *http.Request) (*awsRequest, *reply) {
	r := &awsRequest{method: hr.Method, path: hr.URL.Path, query: hr.URL.Query()}
	body, err := io.ReadAll(io.LimitReader(hr.Body, maxBodyBytes))
	if err != nil {
		r.svc = guessRESTService(r.path)
		rep := internalFailure("fakecloud: reading the request body: " + err.Error())
		return r, &rep
	}
	r.keyID, r.region, r.signed = credentialScope(hr)
	scopeSvc := scopeService(hr)

	target := hr.Header.Get("X-Amz-Target")
	isForm := strings.HasPrefix(hr.Header.Get("Content-Type"), "application/x-www-form-urlencoded")
	if isForm && hr.Method == http.MethodPost {
		r.form, _ = url.ParseQuery(string(body))
	}

	switch {
	case target != "":
		svc, op, ok := serviceByTarget(target)
		if !ok {
			if s := serviceByName(scopeSvc); s != nil && s.protocol == awsJSON {
				svc = s
			} else {
				r.svc, r.op = &service{name: "unknown", protocol: awsJSON}, target
				rep := reply{err: &apiError{Status: http.StatusBadRequest, Code: "UnknownOperationException",
					Message: fmt.Sprintf("fakecloud does not know the X-Amz-Target %q", target)}}
				return r, &rep
			}
		}
		r.svc, r.op = svc, op
	case serviceByName(scopeSvc) != nil:
		r.svc = serviceByName(scopeSvc)
	case r.form != nil && serviceByQueryVersion(r.form.Get("Version")) != nil:
		r.svc = serviceByQueryVersion(r.form.Get("Version"))
	default:
		r.svc = guessRESTService(hr.URL.Path)
	}

	if r.svc.protocol == awsJSON || r.svc.protocol == restJSON {
		if len(bytes.TrimSpace(body)) > 0 {
			if err := json.Unmarshal(body, &r.json); err != nil {
				rep := errorReply(r.svc.protocol, "SerializationException", "fakecloud: the request body is not a JSON object: %v", err)
				return r, &rep
			}
		}
	}

	var rep *reply
	switch r.svc.protocol {
	case awsJSON:
		rep = r.identifyJSON(hr)
	case restJSON:
		rep = r.identifyREST()
	case restXML:
		rep = r.identifyS3()
	case ec2Query, awsQuery:
		rep = r.identifyQuery()
	}
	if rep != nil {
		return r, rep
	}
	r.spec = lookupOperation(r.svc.name, r.op)
	return r, nil
}

// credentialScope reads the access key ID and region from a SigV4
// Authorization header (or a presigned URL's X-Amz-Credential).
func credentialScope(hr *http.Request) (keyID, region string, signed bool) {
	parts := scopeParts(hr)
	if len(parts) < 5 {
		return "", "", false
	}
	return parts[0], parts[2], true
}

// scopeService is the signing service of the credential scope, "" if none.
func scopeService(hr *http.Request) string {
	if parts := scopeParts(hr); len(parts) >= 5 {
		return parts[3]
	}
	return ""
}

// scopeParts splits "AKID/20240101/us-east-1/guardduty/aws4_request".
func scopeParts(hr *http.Request) []string {
	cred := hr.URL.Query().Get("X-Amz-Credential")
	if auth := hr.Header.Get("Authorization"); auth != "" {
		if _, after, ok := strings.Cut(auth, "Credential="); ok {
			cred, _, _ = strings.Cut(after, ",")
			cred = strings.TrimSpace(cred)
		}
	}
	if cred == "" {
		return nil
	}
	return strings.Split(cred, "/")
}

// guessRESTService routes an unsigned request (curl, a browser) by its path,
// so that the fake answers with the right protocol's error shape.
func guessRESTService(path string) *service {
	switch {
	case path == "/getAlternateContact":
		return serviceByName("account")
	case path == "/detector" || strings.HasPrefix(path, "/detector/"):
		return serviceByName("guardduty")
	case path == "/accounts" || strings.HasPrefix(path, "/standards"):
		return serviceByName("securityhub")
	case isVerbNounPath(path):
		return serviceByName("ssm-incidents")
	}
	return serviceByName("s3")
}

// ec2FilterValues returns the values of the EC2 filter with the given name
// (Filter.N.Name=name, Filter.N.Value.M=...), sorted.
func ec2FilterValues(form url.Values, name string) []string {
	var values []string
	for k, v := range form {
		if !strings.HasPrefix(k, "Filter.") || !strings.HasSuffix(k, ".Name") || len(v) == 0 || v[0] != name {
			continue
		}
		n := strings.TrimSuffix(strings.TrimPrefix(k, "Filter."), ".Name")
		if _, err := strconv.Atoi(n); err != nil {
			continue
		}
		for m := 1; ; m++ {
			val, ok := form["Filter."+n+".Value."+strconv.Itoa(m)]
			if !ok || len(val) == 0 {
				break
			}
			values = append(values, val[0])
		}
	}
	sort.Strings(values)
	return values
}
