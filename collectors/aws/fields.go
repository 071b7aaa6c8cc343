package aws

import (
	"encoding/json"
	"maps"
)

// fields turns an SDK output struct into a map of its JSON fields, without
// the SDK's ResultMetadata, and merges extra fields in (e.g. the ID of the
// thing a Get call was about, which the output does not repeat).
func fields(out any, extra map[string]any) map[string]any {
	b, err := json.Marshal(out)
	if err != nil {
		panic(err) // SDK output structs always marshal
	}
	m := map[string]any{}
	if err := json.Unmarshal(b, &m); err != nil {
		panic(err)
	}
	delete(m, "ResultMetadata")
	maps.Copy(m, extra)
	return m
}

// orEmpty keeps a nil list as [] so a snapshot says "none" explicitly.
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
