package reports

import (
	"encoding/json"
	"io"
)

// JSON writes the whole Report (irscan.report/v1) as indented JSON with a
// trailing newline.
type JSON struct{}

// Write implements Writer.
func (JSON) Write(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(prepare(r))
}
