package aws

import (
	"maps"
	"reflect"
	"strings"
	"time"
)

// plain converts SDK values into the snapshot's JSON model: structs become
// objects keyed by their Go field names (without the SDK's ResultMetadata),
// and SDK union members (`ActionMemberSsmAutomation{Value: x}`) become
// `{"SsmAutomation": x}`, the shape the AWS API documents, where a plain
// encoding/json would write `{"Value": x}`. nil pointers, slices and maps
// are null; times are left to encoding/json (RFC 3339).
func plain(v any) any {
	return plainValue(reflect.ValueOf(v))
}

var timeType = reflect.TypeOf(time.Time{})

func plainValue(v reflect.Value) any {
	switch v.Kind() {
	case reflect.Invalid:
		return nil
	case reflect.Interface, reflect.Pointer:
		if v.IsNil() {
			return nil
		}
		return plainValue(v.Elem())
	case reflect.Struct:
		t := v.Type()
		if t == timeType {
			return v.Interface()
		}
		if variant, ok := unionVariant(t); ok {
			return map[string]any{variant: plainValue(v.FieldByName("Value"))}
		}
		m := make(map[string]any, t.NumField())
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() || f.Name == "ResultMetadata" {
				continue
			}
			m[f.Name] = plainValue(v.Field(i))
		}
		return m
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			return nil
		}
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return v.Interface() // []byte: base64, as encoding/json does
		}
		out := make([]any, v.Len())
		for i := range v.Len() {
			out[i] = plainValue(v.Index(i))
		}
		return out
	case reflect.Map:
		if v.IsNil() {
			return nil
		}
		out := make(map[string]any, v.Len())
		it := v.MapRange()
		for it.Next() {
			out[it.Key().String()] = plainValue(it.Value())
		}
		return out
	default:
		return v.Interface()
	}
}

// unionVariant recognises an SDK union member: a type named
// <Union>Member<Variant> whose only exported field is Value.
func unionVariant(t reflect.Type) (string, bool) {
	i := strings.Index(t.Name(), "Member")
	if i <= 0 || i+len("Member") == len(t.Name()) {
		return "", false
	}
	exported := 0
	for j := range t.NumField() {
		if t.Field(j).IsExported() {
			exported++
		}
	}
	if _, ok := t.FieldByName("Value"); !ok || exported != 1 {
		return "", false
	}
	return t.Name()[i+len("Member"):], true
}

// fields is plain for one SDK output, as an object, with extra fields
// merged in (e.g. the ID a Get call was about, which its output does not
// repeat).
func fields(out any, extra map[string]any) map[string]any {
	m, _ := plain(out).(map[string]any)
	if m == nil {
		m = map[string]any{}
	}
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
