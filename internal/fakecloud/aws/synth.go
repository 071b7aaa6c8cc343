package aws

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// Answers derived from scenario.yaml when a scenario has no fixture for them:
// the facts they report (enabled regions, organization membership) are
// scenario facts, so a hand-written scenario need not repeat them.

// synthDescribeRegions lists the caller's enabled regions (filtered by
// RegionName.N when given). An account without a region list reports the
// region it was called in.
func synthDescribeRegions(_ *Server, c *callContext) reply {
	regions := slices.Clone(c.account.Regions)
	if len(regions) == 0 {
		regions = []string{c.req.region}
	}
	slices.Sort(regions)
	var want []string
	for i := 1; ; i++ {
		v := c.req.form.Get("RegionName." + strconv.Itoa(i))
		if v == "" {
			break
		}
		want = append(want, v)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<DescribeRegionsResponse xmlns="%s"><regionInfo>`, ec2NS)
	for _, r := range regions {
		if len(want) > 0 && !slices.Contains(want, r) {
			continue
		}
		fmt.Fprintf(&b, `<item><regionName>%s</regionName><regionEndpoint>ec2.%s.amazonaws.com</regionEndpoint><optInStatus>opt-in-not-required</optInStatus></item>`, r, r)
	}
	b.WriteString(`</regionInfo></DescribeRegionsResponse>`)
	return reply{body: []byte(b.String())}
}

func orgNotInUse(p protocol) reply {
	return errorReply(p, "AWSOrganizationsNotInUseException", "Your account is not a member of an organization.")
}

// synthDescribeOrganization describes scenario.yaml's organization to its
// members; other accounts get AWSOrganizationsNotInUseException.
func synthDescribeOrganization(s *Server, c *callContext) reply {
	o := s.scenario.Organization
	if !s.scenario.inOrganization(c.account.ID) {
		return orgNotInUse(c.req.svc.protocol)
	}
	mgmt := s.scenario.account(o.ManagementAccount)
	body, _ := json.Marshal(map[string]any{"Organization": map[string]any{
		"Id":                 o.ID,
		"Arn":                fmt.Sprintf("arn:aws:organizations::%s:organization/%s", mgmt.ID, o.ID),
		"FeatureSet":         o.FeatureSet,
		"MasterAccountArn":   fmt.Sprintf("arn:aws:organizations::%s:account/%s/%s", mgmt.ID, o.ID, mgmt.ID),
		"MasterAccountId":    mgmt.ID,
		"MasterAccountEmail": accountEmail(mgmt),
		"AvailablePolicyTypes": []map[string]string{
			{"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"},
		},
	}})
	return reply{body: body}
}

// synthListAccounts lists the organization's accounts to its management
// account; members get AccessDeniedException, as in AWS.
func synthListAccounts(s *Server, c *callContext) reply {
	o := s.scenario.Organization
	if !s.scenario.inOrganization(c.account.ID) {
		return orgNotInUse(c.req.svc.protocol)
	}
	if c.account.ID != o.ManagementAccount {
		return reply{err: &apiError{Status: http.StatusBadRequest, Code: "AccessDeniedException",
			Message: "You don't have permissions to access this resource."}}
	}
	accounts := []map[string]any{}
	for _, a := range s.scenario.Accounts {
		if !s.scenario.inOrganization(a.ID) {
			continue
		}
		method := "INVITED"
		if a.ID == o.ManagementAccount {
			method = "CREATED"
		}
		accounts = append(accounts, map[string]any{
			"Id":              a.ID,
			"Arn":             fmt.Sprintf("arn:aws:organizations::%s:account/%s/%s", o.ManagementAccount, o.ID, a.ID),
			"Name":            a.Name,
			"Email":           accountEmail(a),
			"Status":          "ACTIVE",
			"State":           "ACTIVE",
			"JoinedMethod":    method,
			"JoinedTimestamp": 1.7e9,
		})
	}
	body, _ := json.Marshal(map[string]any{"Accounts": accounts})
	return reply{body: body}
}

func accountEmail(a *Account) string {
	if a.Email != "" {
		return a.Email
	}
	return "aws+" + a.ID + "@example.com"
}
