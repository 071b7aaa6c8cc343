package snapshot

// snapshot.schema.json (embedded as SchemaJSON), SECTIONS.md's generated
// text, docs/permissions and the counts in the docs are derived from the
// section registries (collectors/<cloud>/registry.go) and the data schemas
// of sections/: see internal/gen.
//go:generate go run ../cmd/irscan-gen -root ..
