package pipeline

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/irscan/irscan/policies"
	"github.com/irscan/irscan/snapshot"
)

// BenchmarkEstate measures what judging a run as one estate costs: the
// two-pass Run (facts of every snapshot, then verdicts against data.estate)
// against one pass of verdicts alone (read and evaluate each snapshot with
// an empty estate, as irscan did before the estate), over 60 snapshots
// (copies of the demo snapshots under other scope IDs), on every core.
// The ratio of the two is the estate's overhead (BENCHMARKS.md).
func BenchmarkEstate(b *testing.B) {
	dir := b.TempDir()
	demos, _ := filepath.Glob(filepath.Join("..", "testdata", "demo", "*.json"))
	var paths []string
	for i := range 20 {
		for _, d := range demos {
			raw, err := os.ReadFile(d)
			if err != nil {
				b.Fatal(err)
			}
			s := strings.NewReplacer("123456789012", fmt.Sprintf("1234567890%02d", i),
				"7f3c2d9e-5b1a-4c8e-9d2f-3a6b8c1e4f70", fmt.Sprintf("7f3c2d9e-5b1a-4c8e-9d2f-3a6b8c1e4f%02d", i),
				"acme-payments-prod", fmt.Sprintf("acme-payments-p%02d", i)).Replace(string(raw))
			p := filepath.Join(dir, fmt.Sprintf("s%02d-%s", i, filepath.Base(d)))
			if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
				b.Fatal(err)
			}
			paths = append(paths, p)
		}
	}
	ctx := context.Background()
	e, err := policies.Load(ctx, policies.Options{Config: policies.DefaultConfig()})
	if err != nil {
		b.Fatal(err)
	}
	perSnapshot := func(b *testing.B) {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(paths))/1e6, "ms/snapshot")
	}
	b.Run("verdicts-only", func(b *testing.B) {
		for b.Loop() {
			err := parallel(ctx, Files(paths), func(ctx context.Context, l *snapshot.Loaded) error {
				_, err := e.Evaluate(ctx, l, nil)
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
		}
		perSnapshot(b)
	})
	b.Run("estate", func(b *testing.B) {
		for b.Loop() {
			if _, err := Run(ctx, Files(paths), Options{ToolVersion: "bench", Engine: e, FailOn: "none"}); err != nil {
				b.Fatal(err)
			}
		}
		perSnapshot(b)
	})
	b.Logf("GOMAXPROCS %d", runtime.GOMAXPROCS(0))
}
