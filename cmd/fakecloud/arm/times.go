package arm

import (
	"regexp"
	"strconv"
	"time"
)

// Fixture bodies may hold timestamps relative to the moment a call is
// served, so that "closed in the last 90 days" stays true whenever the tests
// run: {{now}}, {{now-90m}}, {{now-3d}}, {{now+1h}} become RFC 3339 UTC text
// such as 2026-11-26T11:00:00Z (ARM sends times as ISO 8601 strings). Units
// are s, m, h and d. The AWS half uses the same placeholders.
var relTime = regexp.MustCompile(`\{\{now(?:([-+])([0-9]+)([smhd]))?\}\}`)

// expandTimes replaces the placeholders in body.
func expandTimes(body []byte, now time.Time) []byte {
	if !relTime.Match(body) {
		return body
	}
	return relTime.ReplaceAllFunc(body, func(m []byte) []byte {
		g := relTime.FindSubmatch(m)
		return []byte(offset(now, g[1], g[2], g[3]).UTC().Format(time.RFC3339))
	})
}

// offset applies "<sign><n><unit>" to now; no n means now itself.
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
