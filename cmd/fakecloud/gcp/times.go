package gcp

import (
	"regexp"
	"strconv"
	"time"
)

// Fixture bodies may hold timestamps relative to the moment a call is
// served, so that "updated in the last day" stays true whenever the tests
// run (the same placeholders as the AWS half):
//
//	{{now}}, {{now-90m}}, {{now-3d}}, {{now+1h}}   RFC 3339 UTC text
//	"{{epoch:now-2h}}"                              a JSON number of epoch seconds (quotes included)
//
// Units are s, m, h and d.
var relTime = regexp.MustCompile(`"\{\{epoch:now(?:([-+])([0-9]+)([smhd]))?\}\}"|\{\{now(?:([-+])([0-9]+)([smhd]))?\}\}`)

func expandTimes(body []byte, now time.Time) []byte {
	if !relTime.Match(body) {
		return body
	}
	return relTime.ReplaceAllFunc(body, func(m []byte) []byte {
		g := relTime.FindSubmatch(m)
		if g[0][0] == '"' {
			return []byte(strconv.FormatInt(offset(now, g[1], g[2], g[3]).Unix(), 10))
		}
		return []byte(offset(now, g[4], g[5], g[6]).UTC().Format(time.RFC3339))
	})
}

func offset(now time.Time, sign, n, unit []byte) time.Time {
	if len(n) == 0 {
		return now
	}
	v, _ := strconv.Atoi(string(n))
	d := map[byte]time.Duration{'s': time.Second, 'm': time.Minute, 'h': time.Hour, 'd': 24 * time.Hour}[unit[0]]
	if string(sign) == "-" {
		v = -v
	}
	return now.Add(time.Duration(v) * d)
}
