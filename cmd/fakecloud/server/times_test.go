package server

import (
	"testing"
	"time"
)

func TestExpandTimes(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	for in, want := range map[string]string{
		`{"a": "{{now}}"}`:                        `{"a": "2026-11-26T12:00:00Z"}`,
		`{"a": "{{now-3d}}", "b": "{{now+90m}}"}`: `{"a": "2026-11-23T12:00:00Z", "b": "2026-11-26T13:30:00Z"}`,
		`{"t": "{{epoch:now-2h}}"}`:               `{"t": 1795687200}`,
		`<T>{{now-1h}}</T>`:                       `<T>2026-11-26T11:00:00Z</T>`,
		`{"plain": "no placeholder"}`:             `{"plain": "no placeholder"}`,
	} {
		if got := string(expandTimes([]byte(in), now)); got != want {
			t.Errorf("%s -> %s, want %s", in, got, want)
		}
	}
}
