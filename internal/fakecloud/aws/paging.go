package aws

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Pagination: a paginated operation's fixture may have several pages
// (<Operation>.json, <Operation>.page2.json, ...). The fake writes the token
// into every page but the last, in the member or element the SDK reads
// (NextToken, nextToken, ContinuationToken), and reads it back from the
// request to pick the next page. Tokens are opaque to clients; they are
// bound to the account, region, operation and key they were issued for.

// pageToken is the token that asks for page n of the fixture id.
func pageToken(id fixtureID, n int) string {
	return fmt.Sprintf("fakecloud-p%d-%s", n, tokenHash(id))
}

func tokenHash(id fixtureID) string {
	sum := sha256.Sum256([]byte(strings.Join([]string{id.account, id.region, id.service, id.op, id.key}, "\x00")))
	return hex.EncodeToString(sum[:6])
}

var tokenRe = regexp.MustCompile(`^fakecloud-p([0-9]+)-([0-9a-f]{12})$`)

// tokenPage returns the page a token asks for; ok is false when the token
// was not issued for this fixture.
func tokenPage(token string, id fixtureID) (int, bool) {
	m := tokenRe.FindStringSubmatch(token)
	if m == nil || m[2] != tokenHash(id) {
		return 0, false
	}
	n, err := strconv.Atoi(m[1])
	return n, err == nil && n >= 2
}

// invalidTokenReply is the protocol's answer to a token the fake did not issue.
func invalidTokenReply(p protocol, token string) reply {
	switch p {
	case ec2Query:
		return errorReply(p, "InvalidPaginationToken", "Invalid pagination token %q", token)
	case restXML:
		return errorReply(p, "InvalidArgument", "The continuation token provided is incorrect")
	case awsQuery:
		return errorReply(p, "InvalidParameterValue", "Invalid NextToken %q", token)
	}
	return errorReply(p, "InvalidNextTokenException", "The pagination token %q is invalid", token)
}

// withToken returns body with its next-page token set to token, or removed
// when token is "" (the last page), whatever the fixture itself contained.
func withToken(p protocol, spec *operation, body []byte, token string) ([]byte, error) {
	switch p {
	case awsJSON, restJSON:
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(body, &obj); err != nil {
			return nil, err
		}
		delete(obj, spec.tokenOut)
		if token != "" {
			obj[spec.tokenOut], _ = json.Marshal(token)
		}
		return json.Marshal(obj)
	default:
		// ec2Query: <nextToken> inside <OpResponse>; restXml ListBuckets:
		// <ContinuationToken> inside <ListAllMyBucketsResult>; awsQuery:
		// <NextToken> inside <OpResult>.
		container := spec.xmlRoot
		if p == awsQuery {
			container = spec.name + "Result"
		}
		s := removeElement(string(body), spec.tokenOut)
		if token == "" {
			return []byte(s), nil
		}
		el := "<" + spec.tokenOut + ">" + xmlEscape(token) + "</" + spec.tokenOut + ">"
		return []byte(insertBeforeClose(s, container, el)), nil
	}
}

// removeElement deletes every <name>...</name> (or <name/>) from an XML text.
func removeElement(s, name string) string {
	re := regexp.MustCompile(`<` + regexp.QuoteMeta(name) + `(\s[^>]*)?(/>|>(?s:.*?)</` + regexp.QuoteMeta(name) + `>)`)
	return re.ReplaceAllString(s, "")
}

// insertBeforeClose inserts el just before the closing tag of container (or
// turns a self-closing <container/> into <container>el</container>).
func insertBeforeClose(s, container, el string) string {
	closing := "</" + container + ">"
	if i := strings.LastIndex(s, closing); i >= 0 {
		return s[:i] + el + s[i:]
	}
	re := regexp.MustCompile(`<` + regexp.QuoteMeta(container) + `(\s[^>]*)?/>`)
	if loc := re.FindStringIndex(s); loc != nil {
		open := strings.TrimSuffix(s[loc[0]:loc[1]], "/>") + ">"
		return s[:loc[0]] + open + el + closing + s[loc[1]:]
	}
	return s
}
