package reports

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"github.com/irscan/irscan/policies"
	"github.com/irscan/irscan/snapshot"
)

func TestCSVParsesBack(t *testing.T) {
	r := testReport(t)
	rows, err := csv.NewReader(bytes.NewReader(render(t, "csv", r))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(r.Findings)+1 {
		t.Fatalf("%d rows, want %d findings + header", len(rows), len(r.Findings))
	}
	if !slices.Equal(rows[0], csvHeader) {
		t.Errorf("header = %v", rows[0])
	}
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	// Rows follow the report order.
	for i, f := range prepare(r).Findings {
		row := rows[i+1]
		if row[col["check_id"]] != f.CheckID || row[col["status"]] != f.Status || strings.TrimPrefix(row[col["resource"]], "'") != f.Resource {
			t.Errorf("row %d = %v, want finding %s %s", i+1, row, f.CheckID, f.Resource)
		}
	}

	seen := map[string]bool{}
	for _, row := range rows[1:] {
		id := row[col["check_id"]]
		switch id {
		case "AWS-IR4-04", "AZ-IR4-03", "GCP-IR4-02": // IR-4: no CIS safeguard
			if row[col["cis_v8"]] != "none" {
				t.Errorf("%s cis_v8 = %q, want none", id, row[col["cis_v8"]])
			}
		case "AWS-IR2-01":
			if row[col["cis_v8"]] != "17.1;17.3;17.6" || row[col["controls"]] != "IR-2" {
				t.Errorf("AWS-IR2-01 cis_v8 = %q controls = %q", row[col["cis_v8"]], row[col["controls"]])
			}
			if row[col["evidence"]] != "/sections/aws-ir2-01/data" || row[col["calls"]] != "call-aws-ir2-01" {
				t.Errorf("AWS-IR2-01 evidence = %q calls = %q", row[col["evidence"]], row[col["calls"]])
			}
		case "AZ-IR5-02":
			if row[col["waiver_approved_by"]] == "" || row[col["waiver_expires"]] == "" || row[col["waiver_reason"]] == "" {
				t.Errorf("AZ-IR5-02 lacks its waiver: %v", row)
			}
		}
		seen[id] = true
		// No cell may start a formula.
		for i, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("%s column %s starts a formula: %q", id, rows[0][i], cell)
			}
		}
	}
	if !seen["AZ-IR5-02"] || !seen["AWS-IR4-04"] {
		t.Error("fixture rows missing")
	}
	for _, want := range []string{"'" + hostileCSV, "'+Essential Contacts", "'-1+1 "} {
		if !bytes.Contains(render(t, "csv", r), []byte(strings.ReplaceAll(want, `"`, `""`))) {
			t.Errorf("defused cell %q not found", want)
		}
	}
}

func TestDefuseFormula(t *testing.T) {
	for in, want := range map[string]string{
		"=1+1": "'=1+1", "+1": "'+1", "-1": "'-1", "@SUM(A1)": "'@SUM(A1)", "\tx": "'\tx", "\rx": "'\rx",
		"a=b": "a=b", "": "", "IR-2": "IR-2",
	} {
		if got := defuseFormula(in); got != want {
			t.Errorf("defuseFormula(%q) = %q, want %q", in, got, want)
		}
	}
}

// A finding that follows another scope's evidence names that scope and its
// snapshot in the owner columns; other findings leave them empty.
func TestCSVOwnerColumns(t *testing.T) {
	r := testReport(t)
	r.Findings[0].Owner = &policies.Owner{Cloud: "aws", Scope: snapshot.Scope{Type: "account", ID: "500000000001"}, Resource: "arn:aws:logs:us-east-1:500000000001:log-group:org-trail", Snapshot: "snapshots/aws-500000000001.json", Pointers: []string{"/sections/logs.log_groups"}}
	rows, err := csv.NewReader(bytes.NewReader(render(t, "csv", r))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	owned := 0
	for _, row := range rows[1:] {
		if row[col["owner_scope"]] == "" {
			if row[col["owner_snapshot"]] != "" {
				t.Errorf("owner snapshot without owner scope: %v", row)
			}
			continue
		}
		owned++
		if row[col["owner_scope"]] != "aws account 500000000001" || row[col["owner_snapshot"]] != "snapshots/aws-500000000001.json" {
			t.Errorf("owner columns %q %q", row[col["owner_scope"]], row[col["owner_snapshot"]])
		}
	}
	if owned != 1 {
		t.Errorf("%d rows name an owner, want 1", owned)
	}
}
