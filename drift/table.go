package drift

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// Table writes the document for a terminal: the counts, then one section
// per non-empty list (unchanged failures too, so nothing is hidden).
func (d Document) Table(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "old: %s (sha256 %s)\nnew: %s (sha256 %s)\n\n", d.Old.Path, short(d.Old.SHA256), d.New.Path, short(d.New.SHA256))
	fmt.Fprintf(&b, "new failures: %d   fixed: %d   unchanged failures: %d   status changes: %d\n",
		d.Summary.NewFailures, d.Summary.Fixed, d.Summary.UnchangedFailures, d.Summary.StatusChanges)
	sections := []struct {
		title string
		list  []Change
	}{
		{"NEW FAILURES", d.NewFailures},
		{"FIXED", d.Fixed},
		{"UNCHANGED FAILURES", d.UnchangedFailures},
		{"STATUS CHANGES", d.StatusChanges},
	}
	for _, s := range sections {
		if len(s.list) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n%s (%d)\n", s.title, len(s.list))
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "CHECK\tSEVERITY\tCLOUD\tSCOPE\tRESOURCE\tREGION\tOLD → NEW")
		for _, c := range s.list {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s → %s\n", c.CheckID, c.Severity, c.Cloud, c.Scope, c.Resource, dash(c.Region), c.OldStatus, c.NewStatus)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func short(sum string) string {
	if len(sum) > 12 {
		return sum[:12]
	}
	return sum
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
