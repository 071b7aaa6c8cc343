package snapshot

import (
	"encoding/json"
	"net/url"
	"regexp"
)

// secretKey matches JSON keys whose values are secrets, whatever the cloud.
var secretKey = regexp.MustCompile(`(?i)(password|secret|accesskey|access_key|sessiontoken|connectionstring|sastoken|sharedkey|primarykey|secondarykey|clientsecret|privatekey)`)

// Scrub removes secrets from collected data before it is stored: values of
// keys that name a secret become "[redacted]", and http(s) URLs lose their
// query string and fragment (SAS tokens, signed URLs, webhook and callback
// codes live there). Data that is not valid JSON is returned unchanged.
func Scrub(data json.RawMessage) json.RawMessage {
	if len(data) == 0 {
		return data
	}
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return data
	}
	v = scrub(v)
	out, err := json.Marshal(v)
	if err != nil {
		return data
	}
	return out
}

func scrub(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			if s, ok := x.(string); ok && secretKey.MatchString(k) && s != "" {
				t[k] = "[redacted]"
				continue
			}
			t[k] = scrub(x)
		}
		return t
	case []any:
		for i, x := range t {
			t[i] = scrub(x)
		}
		return t
	case string:
		return stripURLQuery(t)
	}
	return v
}

func stripURLQuery(s string) string {
	if len(s) < 8 || (s[:7] != "http://" && s[:8] != "https://") {
		return s
	}
	u, err := url.Parse(s)
	if err != nil || (u.RawQuery == "" && u.Fragment == "" && u.User == nil) {
		return s
	}
	u.RawQuery, u.Fragment, u.User = "", "", nil
	return u.String()
}
