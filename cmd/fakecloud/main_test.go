package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	azarm "github.com/Azure/azure-sdk-for-go/sdk/azcore/arm"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/resources/armsubscriptions"

	fakeaws "github.com/irscan/irscan/internal/fakecloud/aws"
	fakeazure "github.com/irscan/irscan/internal/fakecloud/azure"
)

func TestCheckLoopback(t *testing.T) {
	for addr, ok := range map[string]bool{
		"127.0.0.1:0": true, "[::1]:8080": true, "localhost:9000": true, "127.0.0.2:1": true,
		"0.0.0.0:0": false, ":8080": false, "192.168.1.10:80": false, "example.com:80": false, "127.0.0.1": false,
	} {
		if err := checkLoopback(addr); (err == nil) != ok {
			t.Errorf("checkLoopback(%q) = %v, want ok=%v", addr, err, ok)
		}
	}
}

// TestRun starts the command on the compliant scenario, makes one call,
// stops it like SIGINT would, and reads the call log it wrote.
func TestRun(t *testing.T) {
	callsFile := filepath.Join(t.TempDir(), "calls.jsonl")
	policy := filepath.Join(t.TempDir(), "policy.json")
	if err := os.WriteFile(policy, []byte(`{"Statement": [{"Effect": "Allow", "Action": "s3:List*"}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"--fixtures", "../../testdata/fakecloud", "--scenario", "compliant",
			"--calls", callsFile, "--latency", "1ms", "--deny", "guardduty:*", "--allow-policy", policy}, pw, io.Discard)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("reading the base URL: %v (run: %v)", err, <-done)
	}
	base := strings.TrimSpace(line)
	if !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Fatalf("base URL = %q", base)
	}
	go io.Copy(io.Discard, pr)

	// An S3 ListBuckets (allowed by the policy) and a GuardDuty call (denied).
	for _, r := range []struct{ path, svc string }{{"/", "s3"}, {"/detector", "guardduty"}} {
		req, _ := http.NewRequest(http.MethodGet, base+r.path, nil)
		req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAFAKE111111111111/20240601/us-east-1/"+r.svc+"/aws4_request, SignedHeaders=host, Signature=x")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		want := map[string]int{"s3": 200, "guardduty": 403}[r.svc]
		if resp.StatusCode != want {
			t.Errorf("%s %s = %d, want %d", r.svc, r.path, resp.StatusCode, want)
		}
	}

	stop()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not stop")
	}
	data, err := os.ReadFile(callsFile)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) != 2 {
		t.Fatalf("calls file has %d lines, want 2:\n%s", len(lines), data)
	}
	var c fakeaws.Call
	if err := json.Unmarshal([]byte(lines[0]), &c); err != nil {
		t.Fatal(err)
	}
	if c.Service != "s3" || c.Operation != "ListBuckets" || c.Account != "111111111111" || c.Status != 200 || c.Fault != "latency" {
		t.Errorf("first call = %+v", c)
	}
}

func TestRunRejectsBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"--listen", "0.0.0.0:0", "--fixtures", "../../testdata/fakecloud", "--scenario", "compliant"},
		{"--fixtures", "../../testdata/fakecloud", "--scenario", "no-such-scenario"},
		{"--fixtures", "../../testdata/fakecloud", "--scenario", "compliant", "--deny", "nocolon"},
		{"--fixtures", "../../testdata/fakecloud", "--scenario", "compliant", "--allow-policy", "/no/such/file"},
		{"--fixtures", "../../testdata/fakecloud", "--scenario", "compliant", "extra"},
		{"--cloud", "nimbus", "--fixtures", "../../testdata/fakecloud", "--scenario", "compliant"},
		{"--fixtures", "../../testdata/fakecloud", "--scenario", "compliant", "--ca-out", "/tmp/x.pem"},
		{"--cloud", "azure", "--fixtures", "../../testdata/fakecloud", "--scenario", "compliant", "--throttle-rate", "5"},
		{"--cloud", "azure", "--fixtures", "../../testdata/fakecloud", "--scenario", "no-such-scenario"},
		{"--cloud", "azure", "--fixtures", "../../testdata/fakecloud", "--scenario", "compliant", "--deny", "nopattern"},
	} {
		if err := run(context.Background(), args, io.Discard, io.Discard); err == nil {
			t.Errorf("run(%v) succeeded", args)
		}
	}
}

// TestRunAzure starts the command with --cloud azure, then signs in and
// lists subscriptions from a child process that has nothing but the
// environment the command prints (SSL_CERT_FILE included) and the
// unmodified azidentity DefaultAzureCredential, as a shell user's program
// would; then it stops the command and reads the call log.
func TestRunAzure(t *testing.T) {
	dir := t.TempDir()
	caFile, callsFile := filepath.Join(dir, "ca.pem"), filepath.Join(dir, "calls.jsonl")
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	pr, pw := io.Pipe()
	var stderr bytes.Buffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"--cloud", "azure", "--fixtures", "../../testdata/fakecloud", "--scenario", "compliant",
			"--ca-out", caFile, "--calls", callsFile, "--deny", "Microsoft.Network/*"}, pw, &stderr)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("reading the base URL: %v (run: %v)", err, <-done)
	}
	base := strings.TrimSpace(line)
	if !strings.HasPrefix(base, "https://127.0.0.1:") {
		t.Fatalf("base URL = %q", base)
	}
	go io.Copy(io.Discard, pr)

	// The environment, as printed on stderr ("  export NAME=value").
	var env []string
	for _, l := range strings.Split(stderr.String(), "\n") {
		if kv, ok := strings.CutPrefix(strings.TrimSpace(l), "export "); ok {
			env = append(env, kv)
		}
	}
	if len(env) != 6 || !strings.Contains(stderr.String(), "sign in as irscan-reader") {
		t.Fatalf("stderr = %s", stderr.String())
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestAzureShellHelper$", "-test.v")
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AZURE_") && !strings.HasPrefix(kv, "SSL_CERT_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(append(cmd.Env, env...), "FAKECLOUD_HELPER_ARM_ENDPOINT="+base)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "subscription 11111111-1111-1111-1111-111111111111 irscan-compliant") ||
		!strings.Contains(string(out), "networkWatchers: 403 AuthorizationFailed") {
		t.Fatalf("child process: %v\n%s", err, out)
	}

	stop()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not stop")
	}
	data, err := os.ReadFile(callsFile)
	if err != nil {
		t.Fatal(err)
	}
	var apis []string
	for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var c fakeazure.Call
		if err := json.Unmarshal([]byte(l), &c); err != nil {
			t.Fatal(err)
		}
		apis = append(apis, fmt.Sprintf("%s %s %d", c.API, c.Method, c.Status))
	}
	if strings.Join(apis, ", ") != "entra GET 200, entra POST 200, arm GET 200, arm GET 403" {
		t.Errorf("calls = %q", apis)
	}
}

// TestAzureShellHelper runs in TestRunAzure's child process only.
func TestAzureShellHelper(t *testing.T) {
	endpoint := os.Getenv("FAKECLOUD_HELPER_ARM_ENDPOINT")
	if endpoint == "" {
		t.Skip("the child process of TestRunAzure")
	}
	cred, err := azidentity.NewDefaultAzureCredential(nil)
	if err != nil {
		t.Fatal(err)
	}
	// What irscan's endpoint override configures: the ARM endpoint (the
	// authority comes from AZURE_AUTHORITY_HOST for the credential).
	opts := &azarm.ClientOptions{ClientOptions: policy.ClientOptions{Cloud: cloud.Configuration{
		ActiveDirectoryAuthorityHost: os.Getenv("AZURE_AUTHORITY_HOST"),
		Services: map[cloud.ServiceName]cloud.ServiceConfiguration{
			cloud.ResourceManager: {Endpoint: endpoint, Audience: "https://management.core.windows.net/"},
		},
	}}}
	client, err := armsubscriptions.NewClient(cred, opts)
	if err != nil {
		t.Fatal(err)
	}
	page, err := client.NewListPager(nil).NextPage(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range page.Value {
		fmt.Printf("subscription %s %s\n", *s.SubscriptionID, *s.DisplayName)
	}
	// --deny Microsoft.Network/* applies.
	pl, err := azarm.NewClient("helper", "v0.0.1", cred, opts)
	if err != nil {
		t.Fatal(err)
	}
	req, err := runtime.NewRequest(context.Background(), http.MethodGet,
		endpoint+"/subscriptions/11111111-1111-1111-1111-111111111111/providers/Microsoft.Network/networkWatchers?api-version=2025-01-01")
	if err != nil {
		t.Fatal(err)
	}
	resp, err := pl.Pipeline().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var re *azcore.ResponseError
	if errors.As(runtime.NewResponseError(resp), &re) {
		fmt.Printf("networkWatchers: %d %s\n", re.StatusCode, re.ErrorCode)
	}
}
