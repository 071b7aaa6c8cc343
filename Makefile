# irscan: `make demo` runs the whole pipeline on the bundled demo data,
# `make test` runs every check the CI runs.
GO      ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)
BIN     := bin/irscan
DEMO_OUT ?= out/demo
OPA     := $(GO) tool opa

.PHONY: all build test vet fmt-check rego-check go-test race demo clean

all: build

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/irscan

## test: gofmt, go vet, Go + Rego tests (with -race on the engine), opa fmt and opa check --strict
test: fmt-check vet rego-check go-test race

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change: $$out"; exit 1; fi

vet:
	$(GO) vet ./...

rego-check:
	$(OPA) fmt --list --fail policies/checks
	$(OPA) check --strict --schema collectors/snapshot.schema.json policies/checks

go-test:
	$(GO) test ./...

race:
	$(GO) test -race -run 'Concurrent' ./policies/

## demo: evaluate the demo snapshots (pass, fail, error, manual and waived findings)
demo: build
	@mkdir -p $(DEMO_OUT)
	@rc=0; ./$(BIN) evaluate testdata/demo \
		--waivers testdata/demo/waivers.yaml --attestations testdata/demo/attestations.yaml \
		--format table,json,sarif,html,csv,junit --out $(DEMO_OUT) || rc=$$?; \
	echo; echo "Reports written to $(DEMO_OUT)/: irscan.json irscan.sarif irscan.html irscan.csv irscan.xml"; \
	echo "irscan exited $$rc (0 all passed, 1 failing findings, 3 some checks could not be assessed)"; \
	[ $$rc -ne 2 ]

clean:
	rm -rf bin out
