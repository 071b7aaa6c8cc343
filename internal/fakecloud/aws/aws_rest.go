package aws

import (
	"net/http"
	"regexp"
	"strings"
)

// restJson1: the operation is the HTTP method and path (account and
// ssm-incidents use one "/verbNoun" path per operation, GuardDuty and
// Security Hub REST paths); input travels in the path, the query string and
// a JSON body; errors carry their code in the X-Amzn-ErrorType header.

// restRoute maps a method and path pattern to an operation; "{}" matches one
// path segment, and the first one is the resource ID (e.g. the detector ID);
// a final "{+}" matches the rest of the path, slashes included (a greedy
// label such as Security Hub's {FindingAggregatorArn+}), and is then the
// resource ID.
type restRoute struct {
	service, method, pattern, op string
}

// restRoutes lists the GuardDuty, Security Hub and Security Incident Response operations the fake knows by
// path: the reads irscan calls or may call, and the common writes, so that a
// refused write is logged under its real name. Unknown GETs are answered
// 500 (a read the fake cannot route); unknown other methods are writes.
var restRoutes = []restRoute{
	{"guardduty", http.MethodGet, "/detector", "ListDetectors"},
	{"guardduty", http.MethodGet, "/detector/{}", "GetDetector"},
	{"guardduty", http.MethodGet, "/detector/{}/publishingDestination", "ListPublishingDestinations"},
	{"guardduty", http.MethodGet, "/detector/{}/publishingDestination/{}", "DescribePublishingDestination"},
	{"guardduty", http.MethodGet, "/detector/{}/admin", "DescribeOrganizationConfiguration"},
	{"guardduty", http.MethodPost, "/detector/{}/findings", "ListFindings"},
	{"guardduty", http.MethodPost, "/detector/{}/findings/get", "GetFindings"},
	{"guardduty", http.MethodPost, "/detector/{}/findings/statistics", "GetFindingsStatistics"},
	{"guardduty", http.MethodGet, "/detector/{}/filter", "ListFilters"},
	{"guardduty", http.MethodGet, "/detector/{}/member", "ListMembers"},
	{"guardduty", http.MethodGet, "/detector/{}/administrator", "GetAdministratorAccount"},
	{"guardduty", http.MethodGet, "/admin", "ListOrganizationAdminAccounts"},
	{"guardduty", http.MethodPost, "/detector", "CreateDetector"},
	{"guardduty", http.MethodPost, "/detector/{}", "UpdateDetector"},
	{"guardduty", http.MethodDelete, "/detector/{}", "DeleteDetector"},

	{"securityhub", http.MethodGet, "/accounts", "DescribeHub"},
	{"securityhub", http.MethodPost, "/standards/get", "GetEnabledStandards"},
	{"securityhub", http.MethodGet, "/standards", "DescribeStandards"},
	{"securityhub", http.MethodPost, "/findings", "GetFindings"},
	{"securityhub", http.MethodGet, "/securityControls/definitions", "ListSecurityControlDefinitions"},
	{"securityhub", http.MethodPost, "/securityControls/batchGet", "BatchGetSecurityControls"},
	{"securityhub", http.MethodGet, "/automationrules/list", "ListAutomationRules"},
	{"securityhub", http.MethodGet, "/findingAggregator/list", "ListFindingAggregators"},
	{"securityhub", http.MethodGet, "/findingAggregator/get/{+}", "GetFindingAggregator"},
	{"securityhub", http.MethodPost, "/actionTargets/get", "DescribeActionTargets"},
	{"securityhub", http.MethodGet, "/organization/configuration", "DescribeOrganizationConfiguration"},
	{"securityhub", http.MethodGet, "/administrator", "GetAdministratorAccount"},
	{"securityhub", http.MethodGet, "/members", "ListMembers"},
	{"securityhub", http.MethodPost, "/accounts", "EnableSecurityHub"},
	{"securityhub", http.MethodDelete, "/accounts", "DisableSecurityHub"},
	{"securityhub", http.MethodPatch, "/accounts", "UpdateSecurityHubConfiguration"},
	{"securityhub", http.MethodPost, "/standards/register", "BatchEnableStandards"},
	{"securityhub", http.MethodPost, "/standards/deregister", "BatchDisableStandards"},

	{"ssm-incidents", http.MethodGet, "/tags/{}", "ListTagsForResource"},

	// AWS Security Incident Response (model security-ir 2018-05-10): reads
	// are POSTs for the lists, GETs for one resource.
	{"security-ir", http.MethodPost, "/v1/memberships", "ListMemberships"},
	{"security-ir", http.MethodGet, "/v1/membership/{}", "GetMembership"},
	{"security-ir", http.MethodPost, "/v1/list-cases", "ListCases"},
	{"security-ir", http.MethodGet, "/v1/cases/{}/get-case", "GetCase"},
	{"security-ir", http.MethodPost, "/v1/membership", "CreateMembership"},
	{"security-ir", http.MethodPost, "/v1/create-case", "CreateCase"},
}

var verbNounRe = regexp.MustCompile(`^/[a-z]+[A-Z][A-Za-z]*$`)

// isVerbNounPath reports whether a path is a single "/verbNoun" segment, the
// style of the account and ssm-incidents APIs ("/getAlternateContact").
func isVerbNounPath(path string) bool { return verbNounRe.MatchString(path) }

// identifyREST finds the operation of a restJson1 request.
func (r *awsRequest) identifyREST() *reply {
	segs := strings.Split(strings.Trim(r.path, "/"), "/")
	for _, rt := range restRoutes {
		if rt.service != r.svc.name || rt.method != r.method {
			continue
		}
		if res, ok := matchRoute(rt.pattern, segs); ok {
			r.op, r.resource = rt.op, res
			r.read = isReadName(r.svc.name, r.op)
			return nil
		}
	}
	if (r.svc.name == "account" || r.svc.name == "ssm-incidents") && isVerbNounPath(r.path) {
		r.op = strings.ToUpper(r.path[1:2]) + r.path[2:]
		r.read = isReadName(r.svc.name, r.op)
		return nil
	}
	r.op = r.method + " " + r.path
	if r.method == http.MethodGet || r.method == http.MethodHead {
		rep := internalFailure("fakecloud has no route for " + r.svc.name + " " + r.op + " (add it to restRoutes in aws_rest.go)")
		return &rep
	}
	return nil // an unknown write: refused as a violation
}

// matchRoute matches path segments against a pattern and returns the first
// "{}" segment.
func matchRoute(pattern string, segs []string) (string, bool) {
	pat := strings.Split(strings.Trim(pattern, "/"), "/")
	if n := len(pat) - 1; pat[n] == "{+}" {
		if len(segs) < len(pat) || strings.Join(segs[n:], "") == "" {
			return "", false
		}
		if _, ok := matchRoute(strings.Join(pat[:n], "/"), segs[:n]); !ok {
			return "", false
		}
		return strings.Join(segs[n:], "/"), true
	}
	if len(pat) != len(segs) {
		return "", false
	}
	res := ""
	for i, p := range pat {
		switch {
		case p == "{}":
			if segs[i] == "" {
				return "", false
			}
			if res == "" {
				res = segs[i]
			}
		case p != segs[i]:
			return "", false
		}
	}
	return res, true
}

// writeRESTJSON writes a restJson1 response. Error bodies follow each
// service's own casing: Security Hub {"Code","Message"}, GuardDuty
// {"message","__type"}, the others {"message"}; the code is always in
// X-Amzn-ErrorType, which the SDK reads first.
func writeRESTJSON(w http.ResponseWriter, c *callContext, rep reply) int {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("x-amzn-RequestId", c.req.requestID)
	if rep.err != nil {
		e := rep.err
		h.Set("X-Amzn-ErrorType", e.Code)
		var members map[string]string
		switch c.req.svc.name {
		case "securityhub":
			members = map[string]string{"Code": e.Code, "Message": e.Message}
		case "guardduty":
			members = map[string]string{"message": e.Message, "__type": e.Code}
		default:
			members = map[string]string{"message": e.Message}
		}
		return writeBody(w, e.Status, jsonErrorBody(e, members))
	}
	return writeBody(w, http.StatusOK, rep.body)
}
