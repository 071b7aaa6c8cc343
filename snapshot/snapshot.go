// Package collectors holds the snapshot contract (irscan.snapshot/v1) shared by
// every cloud collector: the Go types, the JSON Schema, and loading with
// validation. A snapshot is the evidence for one scope (an AWS account, an Azure
// subscription, a GCP project or organisation).
package snapshot

import (
	"encoding/json"
	"time"
)

// SchemaVersion is the value of the "schema" field of every snapshot.
const SchemaVersion = "irscan.snapshot/v1"

// Status is the outcome of collecting one section (or one region of it).
type Status string

const (
	// StatusOK means the data was read completely.
	StatusOK Status = "ok"
	// StatusDenied means the credential lacks a permission; Section.Action names it.
	StatusDenied Status = "denied"
	// StatusError means anything else failed after the SDK's retries.
	StatusError Status = "error"
	// StatusSkipped means the section was not attempted; Section.Error gives the reason.
	StatusSkipped Status = "skipped"
)

// Snapshot is one scope's collected configuration.
type Snapshot struct {
	Schema      string              `json:"schema"`
	Tool        Tool                `json:"tool"`
	Cloud       string              `json:"cloud"`
	Scope       Scope               `json:"scope"`
	CollectedAt time.Time           `json:"collected_at"`
	Sections    map[string]*Section `json:"sections"`
	Calls       []Call              `json:"calls"`
}

// Tool names the program that wrote the snapshot.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Scope is what the snapshot covers.
type Scope struct {
	// Type is account, organization, subscription, management_group, project or folder.
	Type string `json:"type"`
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
}

// Section is one named piece of collected data. Regional sections carry one
// Section per region in Regions; their own Status is the worst of the regions.
type Section struct {
	Status Status `json:"status"`
	// Error says what went wrong (denied, error) or why it was skipped.
	Error string `json:"error,omitempty"`
	// Action is the permission that was missing when Status is denied,
	// e.g. "guardduty:ListDetectors" or "Microsoft.Security/securityContacts/read".
	Action  string              `json:"action,omitempty"`
	Data    json.RawMessage     `json:"data,omitempty"`
	Calls   []string            `json:"calls,omitempty"`
	Regions map[string]*Section `json:"regions,omitempty"`
}

// Call is one API request the collector made.
type Call struct {
	ID         string    `json:"id"`
	Service    string    `json:"service"`
	Operation  string    `json:"operation"`
	Region     string    `json:"region,omitempty"`
	HTTPStatus int       `json:"http_status"`
	RequestID  string    `json:"request_id,omitempty"`
	Start      time.Time `json:"start"`
	DurationMS float64   `json:"duration_ms"`
	ErrorCode  string    `json:"error_code,omitempty"`
}

// Problems lists, for a section, every place (the section itself or a region)
// whose status is not ok. Region is empty for a global section.
func (s *Section) Problems() []Problem {
	if s == nil {
		return nil
	}
	if len(s.Regions) == 0 {
		if s.Status == StatusOK {
			return nil
		}
		return []Problem{{Status: s.Status, Error: s.Error, Action: s.Action, Calls: s.Calls}}
	}
	var out []Problem
	for _, r := range sortedKeys(s.Regions) {
		rs := s.Regions[r]
		if rs == nil {
			out = append(out, Problem{Region: r, Status: StatusError, Error: "region entry is empty"})
			continue
		}
		if rs.Status != StatusOK {
			out = append(out, Problem{Region: r, Status: rs.Status, Error: rs.Error, Action: rs.Action, Calls: rs.Calls})
		}
	}
	return out
}

// Problem is a section or region that could not be read.
type Problem struct {
	Region string
	Status Status
	Error  string
	Action string
	Calls  []string
}

// AllCalls returns the call IDs behind a section, regions included, in order.
func (s *Section) AllCalls() []string {
	if s == nil {
		return nil
	}
	out := append([]string(nil), s.Calls...)
	for _, r := range sortedKeys(s.Regions) {
		if rs := s.Regions[r]; rs != nil {
			out = append(out, rs.Calls...)
		}
	}
	return out
}
