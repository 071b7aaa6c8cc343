package snapshot

// snapshot.schema.json (embedded as SchemaJSON), SECTIONS.md's generated
// text, docs/permissions and the counts in the docs are derived from the
// section registries (collectors/<cloud>/registry.go) and the data schemas
// of sections/: see internal/gen. docs/checks.md is the checks' METADATA as
// `irscan checks --format markdown` writes it; it runs second, so that the
// binary embeds the schema just written.
//go:generate go run ../cmd/irscan-gen -root ..
//go:generate sh -c "cd .. && go run ./cmd/irscan checks --format markdown > docs/checks.md"
