package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// BenchmarkEvaluateMany evaluates 60 snapshots (copies of the three demo
// snapshots under other scope IDs) through the whole CLI: load, validate,
// evaluate every check, waivers, reports. procs=1 is the sequential
// baseline; procs=N uses every core (see BENCHMARKS.md).
func BenchmarkEvaluateMany(b *testing.B) {
	dir := b.TempDir()
	demos, _ := filepath.Glob(filepath.Join(demo, "*.json"))
	n := 0
	for i := range 20 {
		for _, d := range demos {
			raw, err := os.ReadFile(d)
			if err != nil {
				b.Fatal(err)
			}
			// A distinct scope per copy; the IDs keep their shape.
			s := strings.NewReplacer("123456789012", fmt.Sprintf("1234567890%02d", i),
				"7f3c2d9e-5b1a-4c8e-9d2f-3a6b8c1e4f70", fmt.Sprintf("7f3c2d9e-5b1a-4c8e-9d2f-3a6b8c1e4f%02d", i),
				"acme-payments-prod", fmt.Sprintf("acme-payments-p%02d", i)).Replace(string(raw))
			n++
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("s%03d-%s", n, filepath.Base(d))), []byte(s), 0o644); err != nil {
				b.Fatal(err)
			}
		}
	}
	for _, procs := range []int{1, runtime.NumCPU()} {
		b.Run(fmt.Sprintf("procs=%d", procs), func(b *testing.B) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			out := b.TempDir()
			for b.Loop() {
				var stdout, stderr bytes.Buffer
				code := run([]string{"evaluate", dir, "--format", "json", "--out", out, "--fail-on", "none"}, strings.NewReader(""), &stdout, &stderr)
				if code != exitErrors {
					b.Fatalf("exit %d: %s", code, stderr.String())
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n)/1e6, "ms/snapshot")
		})
	}
}
