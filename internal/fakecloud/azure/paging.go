package azure

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// ARM pages a list with an absolute nextLink URL that the client GETs as
// is; azcore's pagers follow it while it is non-empty. The fake writes, into
// every page of a list fixture but the last, a nextLink to itself: the same
// path and query with a $skiptoken naming the next page. Page sizes are what
// the files hold ($top and $maxpagesize are ignored).

// skipTokenParam is the query parameter carrying the page token.
const skipTokenParam = "$skiptoken"

// skipToken is the token for page n of a fixture key: the page number and a
// digest of the key, so a token is only honoured for the list it came from.
func skipToken(key fixtureKey, n int) string {
	sum := sha256.Sum256([]byte(key.path + "@" + key.apiVersion))
	return fmt.Sprintf("fakecloud-p%d-%s", n, hex.EncodeToString(sum[:6]))
}

// pageFromToken returns the page a $skiptoken names, or ok=false when the
// fake did not issue it for this list.
func pageFromToken(key fixtureKey, token string, pages int) (int, bool) {
	rest, ok := strings.CutPrefix(token, "fakecloud-p")
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(rest[:max(strings.IndexByte(rest, '-'), 0)])
	if err != nil || n < 2 || n > pages || skipToken(key, n) != token {
		return 0, false
	}
	return n, true
}

// nextLink is the absolute URL of page n: the request's own URL with
// $skiptoken set.
func nextLink(hr *http.Request, key fixtureKey, n int) string {
	q := url.Values{}
	for k, v := range hr.URL.Query() {
		if !strings.EqualFold(k, skipTokenParam) {
			q[k] = v
		}
	}
	q.Set(skipTokenParam, skipToken(key, n))
	u := url.URL{Scheme: "https", Host: hr.Host, Path: hr.URL.Path, RawQuery: q.Encode()}
	if hr.TLS == nil {
		u.Scheme = "http"
	}
	return u.String()
}

// withNextLink sets (next != "") or removes the nextLink member of a list
// body. Fixture authors never write nextLink themselves.
func withNextLink(body []byte, next string) ([]byte, error) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(body, &obj); err != nil {
		return nil, err
	}
	_, had := obj["nextLink"]
	if next == "" && !had {
		return body, nil
	}
	delete(obj, "nextLink")
	if next != "" {
		link, err := marshalNoEscape(next)
		if err != nil {
			return nil, err
		}
		obj["nextLink"] = link
	}
	return marshalNoEscape(obj)
}

// marshalNoEscape is json.Marshal without HTML escaping, so that URLs keep
// their "&" as written.
func marshalNoEscape(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSpace(buf.Bytes()), nil
}
