package azure

import (
	"net/http"
	"strings"
)

// Answers built from scenario.yaml when no fixture answers the path (a
// fixture overrides them): the subscriptions and the tenant, in the
// Microsoft.Resources 2022-12-01 shape armsubscriptions reads.

// synthesize answers GET /subscriptions, /subscriptions/{id}, /tenants and
// /tenants/{id}; ok is false for any other path.
func (s *Server) synthesize(c *callContext) (rep reply, ok bool) {
	rp := c.path
	switch {
	case len(rp.types) == 1 && rp.types[0] == "subscriptions" && rp.collection:
		var list []any
		for _, sub := range s.scenario.Subscriptions {
			if c.principal.canSee(sub.ID) {
				list = append(list, s.subscriptionBody(sub))
			}
		}
		return jsonReply(map[string]any{"value": nonNil(list), "count": map[string]any{"type": "Total", "value": len(list)}}), true
	case len(rp.types) == 1 && rp.types[0] == "subscriptions":
		return jsonReply(s.subscriptionBody(s.scenario.subscription(rp.subscription))), true
	case len(rp.types) == 1 && rp.types[0] == "tenants" && rp.collection:
		return jsonReply(map[string]any{"value": []any{s.tenantBody()}}), true
	case len(rp.types) == 1 && rp.types[0] == "tenants":
		if !strings.EqualFold(rp.name(), s.scenario.Tenant.ID) {
			return notFound(rp), true
		}
		return jsonReply(s.tenantBody()), true
	}
	return reply{}, false
}

// subscriptionBody is a subscription as GET /subscriptions/{id} returns it.
func (s *Server) subscriptionBody(sub *Subscription) map[string]any {
	return map[string]any{
		"id":             "/subscriptions/" + sub.ID,
		"subscriptionId": sub.ID,
		"tenantId":       s.scenario.Tenant.ID,
		"displayName":    sub.DisplayName,
		"state":          sub.State,
		"subscriptionPolicies": map[string]any{
			"locationPlacementId": "Public_2014-09-01",
			"quotaId":             "PayAsYouGo_2014-09-01",
			"spendingLimit":       "Off",
		},
		"authorizationSource": "RoleBased",
		"managedByTenants":    []any{},
		"tags":                nonNilMap(sub.Tags),
	}
}

// tenantBody is the tenant as GET /tenants lists it.
func (s *Server) tenantBody() map[string]any {
	t := s.scenario.Tenant
	return map[string]any{
		"id":             "/tenants/" + t.ID,
		"tenantId":       t.ID,
		"tenantCategory": "Home",
		"displayName":    t.DisplayName,
		"defaultDomain":  t.Domain,
		"domains":        []string{t.Domain},
		"tenantType":     "AAD",
		"countryCode":    "US",
	}
}

// jsonReply is a 200 reply with v as its JSON body.
func jsonReply(v any) reply {
	body, err := marshalNoEscape(v)
	if err != nil {
		return armError(http.StatusInternalServerError, "InternalServerError", "fakecloud: "+err.Error())
	}
	return reply{status: http.StatusOK, body: body}
}

func nonNil(list []any) []any {
	if list == nil {
		return []any{}
	}
	return list
}

func nonNilMap(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}
