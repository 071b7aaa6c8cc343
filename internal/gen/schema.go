package gen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/irscan/irscan/collectors"
)

// object is a JSON object that keeps its members' order, so that the
// generated schema is byte-stable and reads like the files it comes from.
type object []member

type member struct {
	key   string
	value json.RawMessage
}

func (o *object) UnmarshalJSON(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return fmt.Errorf("not a JSON object")
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return err
		}
		*o = append(*o, member{key: t.(string), value: v})
	}
	_, err := dec.Token()
	return err
}

func (o object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(str(m.key))
		b.WriteByte(':')
		if err := json.Compact(&b, m.value); err != nil {
			return nil, fmt.Errorf("%s: %w", m.key, err)
		}
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func (o object) get(key string) (json.RawMessage, bool) {
	for _, m := range o {
		if m.key == key {
			return m.value, true
		}
	}
	return nil, false
}

func (o *object) set(key string, v json.RawMessage) {
	for i, m := range *o {
		if m.key == key {
			(*o)[i].value = v
			return
		}
	}
	*o = append(*o, member{key, v})
}

// str is a JSON string without HTML escaping ("<id>" stays as written).
func str(s string) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		panic(err) // a Go string always encodes
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// marshal is json.Marshal without HTML escaping.
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

func mustJSON(v any) json.RawMessage {
	b, err := marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// indent writes a value as the repository's JSON files are written: two
// spaces, a final newline.
func indent(v any) ([]byte, error) {
	compact, err := marshal(v)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := json.Indent(&b, compact, "", "  "); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

// The members of every section envelope (and of each region's entry) but
// its data.
var envelopeMembers = object{
	{"status", json.RawMessage(`{"$ref":"#/definitions/status"}`)},
	{"error", json.RawMessage(`{"type":"string"}`)},
	{"action", json.RawMessage(`{"type":"string"}`)},
	{"calls", json.RawMessage(`{"type":"array","items":{"type":"string"}}`)},
}

const regionsDescription = "Keyed by region name. (OPA's type checker ignores additionalProperties, so data under regions is not field-checked by `opa check -s`; the loader still validates it.)"

// envelope is a section's schema entry around its data schema.
func envelope(description string, data json.RawMessage, regional bool) (json.RawMessage, error) {
	entry := func(props object) object {
		return object{
			{"type", json.RawMessage(`"object"`)},
			{"required", json.RawMessage(`["status"]`)},
			{"additionalProperties", json.RawMessage(`false`)},
			{"properties", mustJSON(props)},
		}
	}
	props := append(object{}, envelopeMembers...)
	if regional {
		region := append(append(object{}, envelopeMembers...), member{"data", data})
		props = append(props, member{"regions", mustJSON(object{
			{"type", json.RawMessage(`"object"`)},
			{"description", str(regionsDescription)},
			{"additionalProperties", mustJSON(entry(region))},
		})})
	} else {
		props = append(props, member{"data", data})
	}
	sec := append(object{{"description", str(description)}}, entry(props)...)
	return marshal(sec)
}

// describe is a section's schema description: cloud, where it is written,
// its summary.
func describe(c Cloud, s collectors.Section) string {
	var where string
	switch {
	case c.Name == "aws" && s.Regional:
		where = "regional (" + s.Regions + ")"
	case c.Name == "aws":
		where = "global"
	case len(s.Scopes) == 3 && c.Name == "gcp":
		where = "every scope"
	default:
		where = strings.Join(s.Scopes, ", ")
	}
	if !s.Regional && s.Regions != "" {
		where += " (" + s.Regions + ")"
	}
	return fmt.Sprintf("%s, %s. %s See snapshot/SECTIONS.md.", c.Title, where, s.Summary)
}

// schema assembles snapshot/snapshot.schema.json.
func (in *input) schema() ([]byte, error) {
	raw, err := os.ReadFile(filepath.Join(in.root, filepath.FromSlash(BaseSchemaFile)))
	if err != nil {
		return nil, err
	}
	var doc object
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", BaseSchemaFile, err)
	}
	var props, sections object
	if err := descend(doc, &props, "properties"); err != nil {
		return nil, fmt.Errorf("%s: %w", BaseSchemaFile, err)
	}
	if err := descend(props, &sections, "sections"); err != nil {
		return nil, fmt.Errorf("%s: %w", BaseSchemaFile, err)
	}
	if raw, ok := sections.get("properties"); ok && string(raw) != "{}" {
		return nil, fmt.Errorf("%s: properties.sections.properties must be {}: the section entries come from the registries", BaseSchemaFile)
	}
	var entries object
	for _, c := range in.clouds {
		for _, s := range c.Sections {
			data, err := os.ReadFile(filepath.Join(in.root, filepath.FromSlash(s.SchemaFile())))
			if err != nil {
				return nil, fmt.Errorf("section %s has no data schema: %w", s.Name, err)
			}
			var probe object
			if err := json.Unmarshal(data, &probe); err != nil {
				return nil, fmt.Errorf("%s: %w", s.SchemaFile(), err)
			}
			env, err := envelope(describe(c, s), data, s.Regional)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", s.SchemaFile(), err)
			}
			entries = append(entries, member{s.Name, env})
		}
	}
	if err := in.orphanSchemas(); err != nil {
		return nil, err
	}
	sections.set("properties", mustJSON(entries))
	props.set("sections", mustJSON(sections))
	doc.set("properties", mustJSON(props))
	return indent(doc)
}

// descend decodes the object member key of o into into.
func descend(o object, into *object, key string) error {
	raw, ok := o.get(key)
	if !ok {
		return fmt.Errorf("no %q", key)
	}
	if err := json.Unmarshal(raw, into); err != nil {
		return fmt.Errorf("%s: %w", key, err)
	}
	return nil
}

// orphanSchemas fails on a data schema file of a section no registry lists.
func (in *input) orphanSchemas() error {
	for _, c := range in.clouds {
		files, err := filepath.Glob(filepath.Join(in.root, "snapshot", "sections", c.Name, "*.schema.json"))
		if err != nil {
			return err
		}
		for _, f := range files {
			name := strings.TrimSuffix(filepath.Base(f), ".schema.json")
			if _, s, ok := in.section(name); !ok || s.Cloud != c.Name {
				return fmt.Errorf("snapshot/sections/%s/%s: no section %s in %s", c.Name, filepath.Base(f), name, c.Registry)
			}
		}
	}
	return nil
}
