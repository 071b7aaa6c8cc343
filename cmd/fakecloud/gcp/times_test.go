package gcp

import (
	"testing"
	"time"
)

func TestExpandTimes(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	in := `{"a": "{{now}}", "b": "{{now-90m}}", "c": "{{now+1d}}", "d": "{{epoch:now-2h}}", "e": "plain"}`
	want := `{"a": "2026-11-26T12:00:00Z", "b": "2026-11-26T10:30:00Z", "c": "2026-11-27T12:00:00Z", "d": 1795687200, "e": "plain"}`
	if got := string(expandTimes([]byte(in), now)); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
