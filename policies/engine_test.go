package policies

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/irscan/irscan/snapshot"
)

// snapshot builds and validates an AWS snapshot with the given sections.
func awsSnapshot(t testing.TB, sections map[string]any) *snapshot.Loaded {
	t.Helper()
	doc := map[string]any{
		"schema":       snapshot.SchemaVersion,
		"tool":         map[string]any{"name": "irscan", "version": "test"},
		"cloud":        "aws",
		"scope":        map[string]any{"type": "account", "id": "111122223333"},
		"collected_at": "2026-11-20T09:00:00Z",
		"sections":     sections,
		"calls": []any{
			map[string]any{"id": "c1", "service": "test", "operation": "Get", "http_status": 200, "start": "2026-11-20T09:00:00Z", "duration_ms": 1},
		},
	}
	raw, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	l, err := snapshot.Parse("test.json", raw)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func loadUser(t testing.TB, dir string) *Engine {
	t.Helper()
	e, err := Load(context.Background(), Options{UserDirs: []string{filepath.Join("testdata", "policies", dir)}, Config: DefaultConfig()})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func byCheck(fs []Finding, id string) []Finding {
	var out []Finding
	for _, f := range fs {
		if f.CheckID == id {
			out = append(out, f)
		}
	}
	return out
}

func evaluate(t testing.TB, e *Engine, l *snapshot.Loaded) []Finding {
	t.Helper()
	fs, err := e.Evaluate(context.Background(), l, nil)
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

func TestFailClosedGlobalSection(t *testing.T) {
	e := loadUser(t, "good")
	for _, tc := range []struct {
		name     string
		sections map[string]any
		want     string
		contains string
	}{
		{"ok", map[string]any{"account.alternate_contacts": map[string]any{"status": "ok", "data": map[string]any{"AlternateContact": map[string]any{"EmailAddress": "sec@example.com"}}, "calls": []string{"c1"}}}, StatusPass, "Always passes"},
		{"denied", map[string]any{"account.alternate_contacts": map[string]any{"status": "denied", "action": "test:GetThing", "error": "AccessDeniedException"}}, StatusError, "missing test:GetThing"},
		{"error", map[string]any{"account.alternate_contacts": map[string]any{"status": "error", "error": "InternalFailure after 3 attempts"}}, StatusError, "InternalFailure"},
		{"skipped", map[string]any{"account.alternate_contacts": map[string]any{"status": "skipped", "error": "not in scope"}}, StatusError, "skipped"},
		{"absent", map[string]any{}, StatusError, "was not collected"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := byCheck(evaluate(t, e, awsSnapshot(t, tc.sections)), "TEST-ALWAYS-01")
			if len(fs) != 1 {
				t.Fatalf("want 1 finding, got %+v", fs)
			}
			if fs[0].Status != tc.want || !strings.Contains(fs[0].Message, tc.contains) {
				t.Errorf("got %s %q; want %s containing %q", fs[0].Status, fs[0].Message, tc.want, tc.contains)
			}
			if fs[0].Frameworks["nist-800-53-r4"] == nil || fs[0].Controls[0] != "IR-2" {
				t.Errorf("framework IDs not attached: %+v", fs[0].Frameworks)
			}
		})
	}
}

func TestOkPassCarriesEvidence(t *testing.T) {
	e := loadUser(t, "good")
	fs := byCheck(evaluate(t, e, awsSnapshot(t, map[string]any{"account.alternate_contacts": map[string]any{"status": "ok", "data": map[string]any{"AlternateContact": map[string]any{"EmailAddress": "sec@example.com"}}, "calls": []string{"c1"}}})), "TEST-ALWAYS-01")
	ev := fs[0].Evidence
	if ev.Snapshot != "test.json" || len(ev.Pointers) != 1 || ev.Pointers[0] != "/sections/account.alternate_contacts/data" || len(ev.Calls) != 1 || ev.Calls[0] != "c1" {
		t.Errorf("evidence = %+v", ev)
	}
}

func TestCheckThatSaysNothingIsAnError(t *testing.T) {
	e := loadUser(t, "good")
	fs := byCheck(evaluate(t, e, awsSnapshot(t, map[string]any{"account.alternate_contacts": map[string]any{"status": "ok", "data": map[string]any{"AlternateContact": nil}}})), "TEST-SILENT-01")
	if len(fs) != 1 || fs[0].Status != StatusError || !strings.Contains(fs[0].Message, "produced no result") {
		t.Fatalf("got %+v", fs)
	}
}

func TestRegionalFailClosed(t *testing.T) {
	e := loadUser(t, "good")
	l := awsSnapshot(t, map[string]any{"ssm_contacts.contacts": map[string]any{
		"status": "denied",
		"regions": map[string]any{
			"us-east-1":  map[string]any{"status": "ok", "data": contacts(1), "calls": []string{"c1"}},
			"eu-west-1":  map[string]any{"status": "denied", "action": "ssm-contacts:ListContacts"},
			"ap-south-1": map[string]any{"status": "ok", "data": contacts(0)},
		},
	}})
	got := map[string]string{}
	for _, f := range byCheck(evaluate(t, e, l), "TEST-REGIONAL-01") {
		got[f.Region+"|"+f.Status] = f.Message
	}
	for _, want := range []string{"us-east-1|pass", "ap-south-1|fail", "eu-west-1|error", "|error"} {
		if _, ok := got[want]; !ok {
			t.Errorf("missing %s in %v", want, got)
		}
	}
	if _, ok := got["|pass"]; ok {
		t.Errorf("a scope-wide pass survived a denied region: %v", got)
	}
	if len(got) != 4 {
		t.Errorf("want 4 findings, got %v", got)
	}
}

func TestBadUserPoliciesNameFileAndLine(t *testing.T) {
	for dir, want := range map[string]string{
		"broken":  "broken/broken.rego:1",
		"typo":    "typo/typo.rego:14",
		"nometa":  "nometa/nometa.rego:1: package irscan.checks.aws.test_nometa has no # METADATA",
		"missing": "--policies testdata/policies/missing",
	} {
		_, err := Load(context.Background(), Options{UserDirs: []string{filepath.Join("testdata", "policies", dir)}, Config: DefaultConfig()})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v; want it to contain %q", dir, err, want)
		}
	}
}

func TestMalformedFindingIsAnError(t *testing.T) {
	e := loadUser(t, "badstatus")
	_, err := e.Evaluate(context.Background(), awsSnapshot(t, map[string]any{}), nil)
	if err == nil || !strings.Contains(err.Error(), `status "ok"`) || !strings.Contains(err.Error(), "badstatus.rego") {
		t.Fatalf("err = %v", err)
	}
}

func TestDuplicateCheckID(t *testing.T) {
	dir := t.TempDir()
	src, _ := os.ReadFile("testdata/policies/good/always_pass.rego")
	os.WriteFile(filepath.Join(dir, "a.rego"), src, 0o644)
	os.WriteFile(filepath.Join(dir, "b.rego"), []byte(strings.Replace(string(src), "test_always", "test_always2", 1)), 0o644)
	_, err := Load(context.Background(), Options{UserDirs: []string{dir}, Config: DefaultConfig()})
	if err == nil || !strings.Contains(err.Error(), "TEST-ALWAYS-01 is already defined") {
		t.Fatalf("err = %v", err)
	}
}

func TestControlsFilter(t *testing.T) {
	e, err := Load(context.Background(), Options{UserDirs: []string{"testdata/policies/good"}, Config: DefaultConfig(), Controls: []string{"IR-3"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range e.Checks() {
		if c.Controls[0] != "IR-3" {
			t.Errorf("check %s (%v) survived --controls IR-3", c.ID, c.Controls)
		}
	}
}

func TestDigestChangesWithPolicies(t *testing.T) {
	a, b := loadUser(t, "good"), loadUser(t, "badstatus")
	if a.Digest() == b.Digest() || !strings.HasPrefix(a.Digest(), "sha256:") {
		t.Errorf("digests %s %s", a.Digest(), b.Digest())
	}
	if a.Digest() != loadUser(t, "good").Digest() {
		t.Error("digest is not stable")
	}
}

// TestConcurrentEvaluation shares one engine (one prepared query) across
// goroutines; run with -race.
func TestConcurrentEvaluation(t *testing.T) {
	e := loadUser(t, "good")
	l := awsSnapshot(t, map[string]any{"account.alternate_contacts": map[string]any{"status": "ok", "data": map[string]any{"AlternateContact": map[string]any{"EmailAddress": "sec@example.com"}}}})
	want := fmt.Sprint(evaluate(t, e, l))
	var wg sync.WaitGroup
	errs := make(chan string, 16)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				fs, err := e.Evaluate(context.Background(), l, nil)
				if err != nil || fmt.Sprint(fs) != want {
					errs <- fmt.Sprint(err, fs)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestWaivers(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "w.yaml")
	os.WriteFile(path, []byte(`waivers:
  - check: AWS-IR2-01
    resource: "arn:aws:account::1111*"
    reason: Contact being re-registered after reorg.
    approved_by: CISO
    expires: 2026-12-31
  - check: AWS-IR2-02
    resource: "*"
    reason: Old.
    approved_by: CISO
    expires: 2026-01-31
`), 0o644)
	w, err := LoadWaivers(path)
	if err != nil {
		t.Fatal(err)
	}
	fs := []Finding{
		{CheckID: "AWS-IR2-01", Resource: "arn:aws:account::111122223333:account", Status: StatusFail},
		{CheckID: "AWS-IR2-01", Resource: "arn:aws:account::999922223333:account", Status: StatusFail},
		{CheckID: "AWS-IR2-02", Resource: "arn:aws:ssm-contacts:x", Status: StatusFail},
		{CheckID: "AWS-IR2-01", Resource: "arn:aws:account::111122223333:account", Status: StatusPass},
	}
	w.Apply(fs, time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC))
	if fs[0].Status != StatusWaived || fs[0].Waiver.ApprovedBy != "CISO" {
		t.Errorf("matching live waiver: %+v", fs[0])
	}
	if fs[1].Status != StatusFail || fs[1].Waiver != nil {
		t.Errorf("non-matching resource: %+v", fs[1])
	}
	if fs[2].Status != StatusFail || fs[2].Waiver == nil || !fs[2].Waiver.Expired {
		t.Errorf("expired waiver: %+v", fs[2])
	}
	if fs[3].Status != StatusPass || fs[3].Waiver != nil {
		t.Errorf("a pass must not be waived: %+v", fs[3])
	}
	if w.Matched[0] != 1 || w.Matched[1] != 1 {
		t.Errorf("matched = %v", w.Matched)
	}
	// Judged against the snapshot's day: a year later the same evidence gives the same answer.
	fs2 := []Finding{{CheckID: "AWS-IR2-01", Resource: "arn:aws:account::111122223333:account", Status: StatusFail}}
	w.Apply(fs2, time.Date(2027, 11, 20, 9, 0, 0, 0, time.UTC))
	if fs2[0].Status != StatusFail {
		t.Errorf("waiver past its expiry still applied: %+v", fs2[0])
	}
}

func TestInputFileErrorsNameTheEntry(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ kind, body, want string }{
		{"waivers", "waivers:\n  - check: AWS-IR2-01\n    resource: x\n    reason: r\n    approved_by: a\n", "waiver 1 (AWS-IR2-01): expires is required"},
		{"waivers", "waivers:\n  - check: AWS-IR2-01\n    resource: x\n    reason: r\n    approved_by: a\n    expires: 2027-13-01\n", `expires "2027-13-01" is not a date`},
		{"waivers", "waivers:\n  - check: AWS-IR2-01\n    resourse: x\n", `:3: waiver 1: unknown key "resourse"`},
		{"waivers", "waivers:\n  - check: AWS-IR2-01\n    resource: x\n  - check: [AWS-IR2-02]\n", `:4: waiver 2: want text here, found a list`},
		{"waivers", "waivers:\n  - check: AWS-IR2-01\n    resource: x\n    reason: r\n    approved_by: a\n", ":2: waiver 1 (AWS-IR2-01): expires is required"},
		{"waivers", "wavers: []\n", `:1: unknown key "wavers"`},
		{"waivers", "waivers: {check: x}\n", `:1: want a list here, found a mapping`},
		{"attestations", "attestations:\n  - {control: IR-1, cloud: aws, scope: '1', statement: s, evidence: e, attested_by: me, date: 2026-03-01}\n  - control: IR-7\n    validity_days: soon\n", `:4: attestation 2: want a whole number here, found text ("soon")`},
		{"waivers", "", "is empty"},
		{"attestations", "attestations:\n  - control: IR-9\n", `attestation 1 (IR-9): control "IR-9"`},
		{"attestations", "attestations:\n  - control: IR-1\n    cloud: aws\n    scope: '1'\n    statement: s\n    evidence: e\n    attested_by: me\n    date: yesterday\n", `attestation 1 (IR-1): date "yesterday"`},
	} {
		p := filepath.Join(dir, tc.kind+".yaml")
		os.WriteFile(p, []byte(tc.body), 0o644)
		var err error
		if tc.kind == "waivers" {
			_, err = LoadWaivers(p)
		} else {
			_, err = LoadAttestations(p, 365)
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), p) || strings.Contains(err.Error(), "policies.") {
			t.Errorf("%q: err %v; want file name and %q", tc.body, err, tc.want)
		}
	}
}

func TestAttestationsForScope(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.yaml")
	os.WriteFile(p, []byte(`attestations:
  - {control: IR-1, cloud: aws, scope: "111122223333", statement: s, evidence: e, attested_by: me, date: 2026-03-01}
  - {control: IR-7, cloud: aws, scope: "*", statement: s, evidence: e, attested_by: me, date: 2026-03-01, validity_days: 30}
  - {control: IR-1, cloud: gcp, scope: "*", statement: s, evidence: e, attested_by: me, date: 2026-03-01}
`), 0o644)
	a, err := LoadAttestations(p, 365)
	if err != nil {
		t.Fatal(err)
	}
	got := a.For("aws", "111122223333")
	if len(got) != 2 || got[0].Expires != "2027-03-01" || got[1].Expires != "2026-03-31" {
		t.Errorf("got %+v", got)
	}
	if n := len(a.For("aws", "444455556666")); n != 1 {
		t.Errorf("other account got %d", n)
	}
}

func contacts(n int) map[string]any {
	list := []any{}
	for i := range n {
		list = append(list, map[string]any{"ContactArn": fmt.Sprintf("arn:aws:ssm-contacts:us-east-1:111122223333:contact/c%d", i), "Type": "PERSONAL"})
	}
	return map[string]any{"Contacts": list, "ContactChannels": []any{}, "ContactDetails": []any{}}
}

// TestUndeclaredSectionsAreNotVisible: a check from --policies sees only the
// sections its requires lists, so one that reads guardduty.detectors without
// declaring it cannot pass, here or where the section was denied; it says
// nothing and the engine reports that as an error.
func TestUndeclaredSectionsAreNotVisible(t *testing.T) {
	e := loadUser(t, "undeclared")
	detectors := map[string]any{"DetectorIds": []string{"d1"}, "Detectors": []any{map[string]any{"DetectorId": "d1", "Status": "ENABLED"}}}
	for name, sec := range map[string]any{
		"readable": map[string]any{"status": "ok", "regions": map[string]any{"us-east-1": map[string]any{"status": "ok", "data": detectors}}},
		"denied": map[string]any{"status": "denied", "action": "guardduty:GetDetector", "regions": map[string]any{
			"us-east-1": map[string]any{"status": "ok", "data": detectors},
			"eu-west-1": map[string]any{"status": "denied", "action": "guardduty:GetDetector"}}},
	} {
		fs := byCheck(evaluate(t, e, awsSnapshot(t, map[string]any{"guardduty.detectors": sec})), "TEST-UNDECLARED-01")
		if len(fs) != 1 || fs[0].Status != StatusError {
			t.Errorf("%s: %+v; want one error (the check said nothing)", name, fs)
		}
	}
	// The built-in checks still see every section of the snapshot.
	b, err := Load(context.Background(), Options{Config: DefaultConfig()})
	if err != nil {
		t.Fatal(err)
	}
	fs := byCheck(evaluate(t, b, awsSnapshot(t, map[string]any{"account.alternate_contacts": map[string]any{"status": "ok", "data": map[string]any{"AlternateContact": map[string]any{"AlternateContactType": "SECURITY", "EmailAddress": "sec@example.com", "PhoneNumber": "+1-555-0100"}}, "calls": []string{"c1"}}})), "AWS-IR2-01")
	if len(fs) != 1 || fs[0].Status != StatusPass {
		t.Errorf("built-in AWS-IR2-01: %+v", fs)
	}
}

// TestNondeterministicBuiltinsAreRefused: a check calling the network, the
// clock or randomness (io.jwt.decode_verify compares a token's exp and nbf
// with the current time) does not compile, and the error names the file.
func TestNondeterministicBuiltinsAreRefused(t *testing.T) {
	calls := map[string]string{
		"http.send":            `http.send({"method": "get", "url": "http://127.0.0.1"})`,
		"time.now_ns":          `time.now_ns()`,
		"io.jwt.decode_verify": `io.jwt.decode_verify("a.b.c", {"secret": "s"})`,
		"crypto.x509.parse_and_verify_certificates": `crypto.x509.parse_and_verify_certificates("x")`,
		"net.lookup_ip_addr":                        `net.lookup_ip_addr("example.com")`,
		"rand.intn":                                 `rand.intn("x", 10)`,
	}
	for name, call := range calls {
		dir := t.TempDir()
		src := fmt.Sprintf(`# METADATA
# title: Calls %s
# description: A check that must not compile.
# custom:
#   id: TEST-BANNED-01
#   controls: [IR-3]
#   severity: low
#   requires: []
#   remediation: None.
#   references: []
package irscan.checks.aws.test_banned

findings contains {"resource": "r", "status": "pass", "message": "m"} if {
	x := %s
	x != null
}
`, name, call)
		if err := os.WriteFile(filepath.Join(dir, "banned.rego"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Load(context.Background(), Options{UserDirs: []string{dir}, Config: DefaultConfig()})
		if err == nil || !strings.Contains(err.Error(), "banned.rego") || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: %v; want a compile error naming the file and the built-in", name, err)
		}
	}
}

// TestUnboundedChecksAreStopped: a check of one's own that loops is stopped
// at CheckTimeout, and one that floods findings beyond MaxFindingsPerCheck
// has them withheld; each is one error finding naming the check, and the
// other checks are unaffected.
func TestUnboundedChecksAreStopped(t *testing.T) {
	timeout, most := CheckTimeout, MaxFindingsPerCheck
	CheckTimeout, MaxFindingsPerCheck = 500*time.Millisecond, 10
	defer func() { CheckTimeout, MaxFindingsPerCheck = timeout, most }()
	e := loadUser(t, "unbounded")
	start := time.Now()
	fs := evaluate(t, e, awsSnapshot(t, map[string]any{}))
	if took := time.Since(start); took > 20*time.Second {
		t.Errorf("evaluation took %s; the loop was not stopped", took)
	}
	for id, want := range map[string]string{
		"TEST-LOOP-01":  "was stopped: it did not finish within 500ms",
		"TEST-FLOOD-01": "was stopped: it produced 20 findings on this snapshot, more than the 10 a check may",
	} {
		got := byCheck(fs, id)
		if len(got) != 1 || got[0].Status != StatusError || !strings.Contains(got[0].Message, want) || !strings.Contains(got[0].Message, "testdata/policies/unbounded") {
			t.Errorf("%s: %+v; want one error saying %q and naming the file", id, got, want)
		}
	}
	if len(byCheck(fs, "AWS-IR2-01")) == 0 {
		t.Error("the built-in checks were not evaluated")
	}
}
