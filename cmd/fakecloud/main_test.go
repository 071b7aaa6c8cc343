package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/irscan/irscan/cmd/fakecloud/server"
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
	var c server.Call
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
	} {
		if err := run(context.Background(), args, io.Discard, io.Discard); err == nil {
			t.Errorf("run(%v) succeeded", args)
		}
	}
}
