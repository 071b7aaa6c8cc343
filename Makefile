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

## demo: collect AWS from fakecloud with the real SDK, evaluate it with the Azure and GCP demo
## snapshots (pass, fail, error, manual and waived findings) into every format
demo: build
	$(GO) build -o bin/fakecloud ./cmd/fakecloud
	DEMO_OUT=$(DEMO_OUT) ./scripts/demo.sh

clean:
	rm -rf bin out
