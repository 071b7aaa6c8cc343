package gcp

// sectionSpecs lists every section the GCP collector fills (see
// collectors/SECTIONS.md), with the scope types it applies to.
var sectionSpecs = []spec{}
