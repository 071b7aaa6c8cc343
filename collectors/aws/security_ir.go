package aws

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
)

// securityIR is the reader of AWS Security Incident Response (signing name
// and endpoint prefix security-ir, restJson1, model 2018-05-10).
func (a *acct) securityIR() restReader {
	return restReader{cfg: a.cfg, rec: a.rec, signingName: "security-ir", serviceID: "Security IR"}
}

// irMembershipItem is one item of ListMemberships.
type irMembershipItem struct {
	MembershipID     string `json:"membershipId"`
	AccountID        string `json:"accountId"`
	Region           string `json:"region"`
	MembershipArn    string `json:"membershipArn"`
	MembershipStatus string `json:"membershipStatus"`
}

// irMembership is GetMembership's answer, without the e-mail addresses of
// the incident response team (personal data no check reads).
type irMembership struct {
	MembershipID                     string           `json:"membershipId"`
	AccountID                        string           `json:"accountId"`
	Region                           string           `json:"region"`
	MembershipName                   string           `json:"membershipName"`
	MembershipArn                    string           `json:"membershipArn"`
	MembershipStatus                 string           `json:"membershipStatus"`
	MembershipActivationTimestamp    *float64         `json:"membershipActivationTimestamp"`
	MembershipDeactivationTimestamp  *float64         `json:"membershipDeactivationTimestamp"`
	CustomerType                     string           `json:"customerType"`
	NumberOfAccountsCovered          *int64           `json:"numberOfAccountsCovered"`
	IncidentResponseTeam             []irResponder    `json:"incidentResponseTeam"`
	OptInFeatures                    []map[string]any `json:"optInFeatures"`
	MembershipAccountsConfigurations map[string]any   `json:"membershipAccountsConfigurations"`
}

// irResponder is one member of the incident response team; the model's
// email member is read but not kept.
type irResponder struct {
	Name                     string   `json:"name"`
	JobTitle                 string   `json:"jobTitle"`
	Email                    string   `json:"email,omitempty"`
	CommunicationPreferences []string `json:"communicationPreferences"`
}

// irCase is one item of ListCases.
type irCase struct {
	CaseID          string   `json:"caseId"`
	CaseArn         string   `json:"caseArn"`
	Title           string   `json:"title"`
	CaseStatus      string   `json:"caseStatus"`
	EngagementType  string   `json:"engagementType"`
	ResolverType    string   `json:"resolverType"`
	PendingAction   string   `json:"pendingAction"`
	CreatedDate     *float64 `json:"createdDate"`
	LastUpdatedDate *float64 `json:"lastUpdatedDate"`
	ClosedDate      *float64 `json:"closedDate"`
}

// securityIRSection reads the account's Security Incident Response
// memberships (ListMemberships in the home region lists them with their
// Region), each detailed with GetMembership in its own Region, and, when
// one is Active, the cases of that membership (ListCases in its Region).
// No membership is data (Memberships []); Cases is null when no membership
// is Active (ListCases needs one).
func securityIRSection(ctx context.Context, a *acct, region string) (any, error) {
	ir := a.securityIR()
	items, err := listAll[irMembershipItem](ctx, ir, region, "ListMemberships", "/v1/memberships")
	if err != nil {
		return nil, err
	}
	memberships := []irMembership{}
	var cases []irCase
	for _, it := range items {
		where := it.Region
		if where == "" {
			where = region
		}
		var m irMembership
		if err := ir.do(ctx, where, "GetMembership", "GET", "/v1/membership/"+url.PathEscape(it.MembershipID), nil, &m); err != nil {
			return nil, call("security-ir:GetMembership", err)
		}
		for i := range m.IncidentResponseTeam {
			m.IncidentResponseTeam[i].Email = ""
		}
		if m.IncidentResponseTeam == nil {
			m.IncidentResponseTeam = []irResponder{}
		}
		memberships = append(memberships, m)
		if m.MembershipStatus == "Active" && cases == nil {
			cs, err := irCases(ctx, ir, where)
			if err != nil {
				return nil, err
			}
			cases = cs
		}
	}
	// The section keeps the wire names (camelCase): round-trip through JSON
	// so that plain() sees maps, not the structs' Go field names.
	return wireNames(map[string]any{"Memberships": memberships, "Cases": cases})
}

// wireNames is v as its JSON encoding decodes into maps and slices.
func wireNames(v any) (any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var out any
	return out, json.Unmarshal(b, &out)
}

func irCases(ctx context.Context, ir restReader, region string) ([]irCase, error) {
	return listAll[irCase](ctx, ir, region, "ListCases", "/v1/list-cases")
}

// listAll reads every page of a Security Incident Response list operation
// (POST with nextToken in the body, items and nextToken in the answer). A
// token the service already sent stops the loop with an error naming the
// call, rather than asking for the same page for ever.
func listAll[T any](ctx context.Context, ir restReader, region, op, path string) ([]T, error) {
	out := []T{}
	seen := map[string]bool{}
	token := ""
	for {
		body := map[string]any{}
		if token != "" {
			body["nextToken"] = token
		}
		var page struct {
			Items     []T    `json:"items"`
			NextToken string `json:"nextToken"`
		}
		if err := ir.do(ctx, region, op, "POST", path, body, &page); err != nil {
			return nil, call("security-ir:"+op, err)
		}
		out = append(out, page.Items...)
		if token = page.NextToken; token == "" {
			return out, nil
		}
		if seen[token] {
			return nil, call("security-ir:"+op, fmt.Errorf("the service sent next token %q a second time; stopped after %d pages", token, len(seen)+1))
		}
		seen[token] = true
	}
}
