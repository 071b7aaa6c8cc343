package policies

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/irscan/irscan/snapshot"
)

// BenchmarkEvaluate measures one snapshot through every check of its cloud
// (the engine's hot path: input conversion, one prepared query, assembly).
func BenchmarkEvaluate(b *testing.B) {
	e, err := Load(context.Background(), Options{Config: DefaultConfig()})
	if err != nil {
		b.Fatal(err)
	}
	for _, name := range []string{"aws-123456789012.json", "azure-7f3c2d9e-5b1a-4c8e-9d2f-3a6b8c1e4f70.json", "gcp-acme-payments-prod.json"} {
		l, err := snapshot.Load(filepath.Join("..", "testdata", "demo", name))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(l.Snapshot.Cloud, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := e.Evaluate(context.Background(), l, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkEvaluateParallel shares the engine across GOMAXPROCS goroutines,
// as a many-snapshot run would.
func BenchmarkEvaluateParallel(b *testing.B) {
	e, err := Load(context.Background(), Options{Config: DefaultConfig()})
	if err != nil {
		b.Fatal(err)
	}
	l, err := snapshot.Load(filepath.Join("..", "testdata", "demo", "aws-123456789012.json"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := e.Evaluate(context.Background(), l, nil); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkLoad is the one-off cost of parsing, type-checking, compiling and
// preparing every built-in check.
func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(context.Background(), Options{Config: DefaultConfig()}); err != nil {
			b.Fatal(err)
		}
	}
}
