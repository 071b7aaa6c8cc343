// Command irscan-gen writes the files derived from the section registries
// (collectors/<cloud>/registry.go), the per-section data schemas
// (snapshot/sections/) and the checks' METADATA: the snapshot schema, the
// permission documents in docs/permissions and the generated text between
// <!-- gen:NAME --> markers in Markdown files (see package internal/gen).
// `go generate ./...` runs it; -check only lists the stale files.
//
//	go run ./cmd/irscan-gen [-root DIR] [-check]
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/irscan/irscan/internal/gen"
)

func main() {
	root := flag.String("root", ".", "repository root")
	check := flag.Bool("check", false, "list the stale generated files and exit 1 if there are any, without writing")
	flag.Parse()
	files, err := gen.Files(*root)
	if err != nil {
		fmt.Fprintln(os.Stderr, "irscan-gen:", err)
		os.Exit(2)
	}
	if *check {
		stale := gen.Stale(*root, files)
		for _, f := range stale {
			fmt.Printf("stale: %s (run %s)\n", f, gen.Command)
		}
		if len(stale) > 0 {
			os.Exit(1)
		}
		return
	}
	written, err := gen.Write(*root, files)
	if err != nil {
		fmt.Fprintln(os.Stderr, "irscan-gen:", err)
		os.Exit(2)
	}
	for _, f := range written {
		fmt.Println("wrote", f)
	}
}
