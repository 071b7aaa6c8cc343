package reports

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/irscan/irscan/mappings"
	"github.com/irscan/irscan/policies"
	"github.com/irscan/irscan/snapshot"
)

// Hostile strings planted in the fixture: every format must carry them
// without letting them act (markup, attributes, links, terminal escapes).
const (
	hostileScript = "<script>alert(1)</script>"
	hostileAttr   = `" onmouseover="x`
	hostileJSURL  = "javascript:alert(1)"
	hostileEscape = "\x1b]0;pwned\x07\x1b[31m"
	hostileCSV    = `=HYPERLINK("https://evil.example","open")`
)

var (
	awsScope   = snapshot.Scope{Type: "account", ID: "123456789012", Name: "prod"}
	azureScope = snapshot.Scope{Type: "subscription", ID: "00000000-0000-0000-0000-000000001234", Name: "Contoso Prod"}
	gcpScope   = snapshot.Scope{Type: "project", ID: "acme-prod"}

	awsAccount = "arn:aws:account::123456789012:account"
	azureSub   = "/subscriptions/00000000-0000-0000-0000-000000001234"
	// An ARM ID with spaces in the resource group and resource names.
	azureVNet = azureSub + "/resourceGroups/rg prod/providers/Microsoft.Network/virtualNetworks/vnet hub 01"
	// An ARM ID with a "%" and a ".." segment.
	azureOdd   = azureSub + "/resourceGroups/rg%20odd/providers/Microsoft.Storage/storageAccounts/../evil"
	azureLogs  = azureSub + "/resourceGroups/rg-logs/providers/Microsoft.Storage/storageAccounts/stlogs01"
	gcpSubnet  = "//compute.googleapis.com/projects/acme-prod/regions/us-central1/subnetworks/default"
	gcpPrivate = "//compute.googleapis.com/projects/acme-prod/regions/europe-west1/subnetworks/private-a"
	gcpBucket  = "//storage.googleapis.com/projects/_/buckets/" + hostileScript
)

// fixtureChecks are the checks of the fixture, deliberately out of order.
func fixtureChecks(cat *mappings.Catalogue) []policies.Check {
	checks := []policies.Check{
		{ID: "GCP-IR5-01", Title: "Buckets carry the classification label", Cloud: "gcp", Controls: []string{"IR-5"}, Severity: "medium",
			Description: "Every Cloud Storage bucket carries the data classification label.",
			Remediation: "Add the DataClassification label to the bucket.",
			References:  []string{hostileJSURL, "https://cloud.google.com/storage/docs/tags-and-labels"}},
		{ID: "AWS-IR2-01", Title: "Security alternate contact registered", Cloud: "aws", Controls: []string{"IR-2"}, Severity: "high",
			Description: "The account has a SECURITY alternate contact with an email address and a phone number.",
			Requires:    []string{"account.alternate_contacts"},
			Remediation: "Register a security alternate contact: aws account put-alternate-contact --alternate-contact-type SECURITY ...",
			References:  []string{"https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-update-contact-alternate.html"},
			Source:      "embedded:aws/ir2_01.rego", Package: "data.irscan.checks.aws.ir2_01"},
		{ID: "AWS-IR1-03", Title: "IR plan reviewed and tested", Cloud: "aws", Controls: []string{"IR-1"}, Severity: "medium",
			Description: "A fresh attestation says the incident response plan was reviewed and tested."},
		{ID: "AWS-IR3-01", Title: "GuardDuty enabled", Cloud: "aws", Controls: []string{"IR-3"}, Severity: "high",
			Description: "A GuardDuty detector is ENABLED in every enabled region.",
			Remediation: "Enable GuardDuty in every region."},
		{ID: "AWS-IR4-04", Title: "VPC flow logs", Cloud: "aws", Controls: []string{"IR-4"}, Severity: "medium",
			Description: "Every VPC has an active flow log."},
		{ID: "AWS-IR6-01", Title: "Response plans run automation", Cloud: "aws", Controls: []string{"IR-6"}, Severity: "info",
			Description: "At least one response plan has an SSM Automation action."},
		{ID: "AWS-IR7-04", Title: "Lessons learned conducted", Cloud: "aws", Controls: []string{"IR-7"}, Severity: "low",
			Description: "A fresh attestation for IR-7."},
		{ID: "AZ-IR1-01", Title: "IR plan reviewed and tested", Cloud: "azure", Controls: []string{"IR-1"}, Severity: "medium",
			Description: "A fresh attestation for IR-1."},
		{ID: "AZ-IR2-01", Title: "Security contact email", Cloud: "azure", Controls: []string{"IR-2"}, Severity: "high",
			Description: "A security contact with at least one email address."},
		{ID: "AZ-IR3-01", Title: "Defender plans on", Cloud: "azure", Controls: []string{"IR-3", "IR-5"}, Severity: "high",
			Description: "Defender plans are Standard."},
		{ID: "AZ-IR4-03", Title: "Flow logs", Cloud: "azure", Controls: []string{"IR-4"}, Severity: "medium",
			// Longer than GitHub's 1024-character limit, with multi-byte runes.
			Description: strings.Repeat("Every VNet is covered by an enabled VNet flow log — ", 30)},
		{ID: "AZ-IR5-02", Title: "Sensitive stores are classified", Cloud: "azure", Controls: []string{"IR-5"}, Severity: "low",
			Description: "Each storage account carries the classification tag.", Remediation: "Tag the store."},
		{ID: "GCP-IR2-01", Title: "Essential Contacts for security", Cloud: "gcp", Controls: []string{"IR-2"}, Severity: "high",
			Description: "At least one VALID contact subscribed to SECURITY or ALL."},
		{ID: "GCP-IR4-02", Title: "VPC flow logs", Cloud: "gcp", Controls: []string{"IR-4"}, Severity: "medium",
			Description: "Every private subnet has flow logs."},
	}
	for i := range checks {
		checks[i].Frameworks = cat.CrossReference(checks[i].Controls)
	}
	return checks
}

// testReport builds a realistic report: three clouds, every status, an
// expired waiver, awkward resource IDs and hostile strings.
func testReport(t testing.TB) *Report {
	t.Helper()
	cat := mappings.MustLoad()
	checks := fixtureChecks(cat)
	byID := map[string]policies.Check{}
	for _, c := range checks {
		byID[c.ID] = c
	}
	finding := func(check, cloud string, scope snapshot.Scope, resource, region, status, msg string) policies.Finding {
		c, ok := byID[check]
		if !ok {
			t.Fatalf("fixture: no check %s", check)
		}
		return policies.Finding{
			CheckID: c.ID, Title: c.Title, Controls: c.Controls, Frameworks: cat.CrossReference(c.Controls),
			Cloud: cloud, Scope: scope, Resource: resource, Region: region, Status: status,
			Severity: c.Severity, Message: msg, Remediation: c.Remediation,
			Evidence: policies.Evidence{
				Snapshot: "snapshots/" + cloud + "-" + scope.ID + ".json",
				Pointers: []string{"/sections/" + strings.ToLower(c.ID) + "/data"},
				Calls:    []string{"call-" + strings.ToLower(c.ID)},
			},
		}
	}

	findings := []policies.Finding{
		finding("GCP-IR4-02", "gcp", gcpScope, gcpSubnet, "us-central1", "fail", "Subnet 'default' has no flow logs."),
		finding("AWS-IR2-01", "aws", awsScope, awsAccount, "", "fail", "The account has no SECURITY alternate contact."),
		finding("AWS-IR1-03", "aws", awsScope, awsAccount, "", "manual", "No attestation for IR-1 covers this account."),
		finding("AWS-IR3-01", "aws", awsScope, "arn:aws:guardduty:us-east-1:123456789012:detector/12abc34d567e8fa901bc2d34e56789f0", "us-east-1", "pass", "GuardDuty detector is ENABLED."),
		finding("AWS-IR3-01", "aws", awsScope, awsAccount, "eu-west-1", "fail", "No GuardDuty detector in 'eu-west-1'."),
		finding("AWS-IR4-04", "aws", awsScope, "arn:aws:ec2:ap-south-1:123456789012:vpc/vpc-0a1b2c3d", "ap-south-1", "error",
			"Section ec2.flow_logs could not be read in ap-south-1: access denied (ec2:DescribeFlowLogs)."),
		finding("AWS-IR4-04", "aws", awsScope, hostileJSURL, "us-east-1", "fail", "VPC "+hostileAttr+" has no flow log"),
		finding("AWS-IR7-04", "aws", awsScope, awsAccount, "", "pass", "Lessons learned attested."),
		finding("AZ-IR1-01", "azure", azureScope, azureSub, "", "manual", "No attestation for IR-1 covers this subscription."),
		finding("AZ-IR2-01", "azure", azureScope, azureSub+"/providers/Microsoft.Security/securityContacts/default", "", "pass", "Security contact has an email address."),
		finding("AZ-IR3-01", "azure", azureScope, azureSub+"/providers/Microsoft.Security/pricings/VirtualMachines", "", "pass", "Defender for Servers is Standard."),
		finding("AZ-IR4-03", "azure", azureScope, azureVNet, "westeurope", "fail", "VNet 'vnet hub 01' has no enabled flow log."),
		finding("AZ-IR5-02", "azure", azureScope, azureLogs, "", "waived", "Storage account 'stlogs01' has no DataClassification tag."),
		finding("AZ-IR5-02", "azure", azureScope, azureOdd, "", "fail", hostileCSV),
		finding("GCP-IR2-01", "gcp", gcpScope, "//cloudresourcemanager.googleapis.com/projects/acme-prod", "", "error",
			"+Essential Contacts could not be read: permission essentialcontacts.contacts.list denied."),
		finding("GCP-IR4-02", "gcp", gcpScope, gcpPrivate, "europe-west1", "pass", "Subnet 'private-a' has flow logs."),
		finding("GCP-IR5-01", "gcp", gcpScope, gcpBucket, "", "fail", "Bucket '"+hostileScript+"' has no label; tag value "+hostileEscape+" ignored."),
	}
	for i := range findings {
		f := &findings[i]
		switch {
		case f.CheckID == "AWS-IR7-04":
			f.Attestation = &policies.Attestation{
				Control: "IR-7", Cloud: "aws", Scope: "*", Statement: "Lessons-learned review held after INC-2041.",
				Evidence: "https://wiki.example.com/ir/INC-2041", AttestedBy: "ir-lead@example.com",
				Date: "2026-09-01", ValidityDays: 365, Expires: "2027-09-01",
			}
		case f.Resource == azureLogs:
			f.Waiver = &policies.AppliedWaiver{Reason: "Log archive classified at the management group", ApprovedBy: "ciso@contoso.example",
				Expires: "2027-06-30", Pattern: azureSub + "/resourceGroups/rg-logs/*"}
		case f.Resource == azureOdd:
			f.Waiver = &policies.AppliedWaiver{Reason: "Migration " + hostileAttr, ApprovedBy: "ops@contoso.example",
				Expires: "2026-01-31", Expired: true, Pattern: azureSub + "/resourceGroups/rg%20odd/*"}
		case f.CheckID == "GCP-IR5-01":
			f.Remediation = "-1+1 " + hostileScript
		}
	}

	collected := time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)
	return &Report{
		Schema:       SchemaVersion,
		Tool:         snapshot.Tool{Name: "irscan", Version: "v0.4.0"},
		GeneratedAt:  collected,
		PolicyDigest: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
		Config:       policies.DefaultConfig(),
		FailOn:       "high",
		Inputs: []InputFile{
			{Kind: "waivers", Path: "waivers.yaml", SHA256: "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"},
			{Kind: "attestations", Path: "attestations.yaml", SHA256: "fcde2b2edba56bf408601fb721fe9b5c338d10ee429ea04fae5511b68fbf8fb9"},
		},
		Snapshots: []SnapshotRef{
			{Path: "snapshots/aws-123456789012.json", SHA256: strings.Repeat("a1", 32), Cloud: "aws", Scope: awsScope, CollectedAt: collected.Add(-time.Hour),
				Gaps: []Gap{{Section: "ec2.flow_logs", Region: "ap-south-1", Status: "denied", Error: "AccessDenied", Action: "ec2:DescribeFlowLogs"}}},
			{Path: "snapshots/azure-00000000-0000-0000-0000-000000001234.json", SHA256: strings.Repeat("b2", 32), Cloud: "azure", Scope: azureScope, CollectedAt: collected.Add(-30 * time.Minute), Gaps: []Gap{}},
			{Path: "snapshots/gcp-acme-prod.json", SHA256: strings.Repeat("c3", 32), Cloud: "gcp", Scope: gcpScope, CollectedAt: collected,
				Gaps: []Gap{{Section: "essentialcontacts.contacts", Status: "denied", Error: "permission denied " + hostileScript, Action: "essentialcontacts.contacts.list"}}},
		},
		Frameworks: cat.Frameworks,
		Controls:   cat.Controls,
		Checks:     checks,
		Findings:   findings,
		Waivers: []WaiverUse{
			{Check: "AZ-IR5-02", Resource: azureSub + "/resourceGroups/rg-logs/*", Reason: "Log archive classified at the management group",
				ApprovedBy: "ciso@contoso.example", Expires: "2027-06-30", Matched: 1},
			{Check: "AZ-IR5-02", Resource: azureSub + "/resourceGroups/rg%20odd/*", Reason: "Migration " + hostileAttr,
				ApprovedBy: "ops@contoso.example", Expires: "2026-01-31", Expired: true, Matched: 1},
		},
		Summary: Summarize(findings, cat),
	}
}

// countStatus counts the fixture's findings with a status.
func countStatus(r *Report, status string) int {
	n := 0
	for _, f := range r.Findings {
		if f.Status == status {
			n++
		}
	}
	return n
}

// render writes r in a format and returns the bytes.
func render(t testing.TB, format string, r *Report) []byte {
	t.Helper()
	w, err := Get(format, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := w.Write(&buf, r); err != nil {
		t.Fatalf("%s: %v", format, err)
	}
	return buf.Bytes()
}

// shuffled returns a copy of r whose findings and checks are in a random order.
func shuffled(r *Report, seed uint64) *Report {
	out := *r
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	out.Findings = append([]policies.Finding(nil), r.Findings...)
	rng.Shuffle(len(out.Findings), func(i, j int) { out.Findings[i], out.Findings[j] = out.Findings[j], out.Findings[i] })
	out.Checks = append([]policies.Check(nil), r.Checks...)
	rng.Shuffle(len(out.Checks), func(i, j int) { out.Checks[i], out.Checks[j] = out.Checks[j], out.Checks[i] })
	return &out
}
