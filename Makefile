# irscan: `make demo` runs the whole pipeline on the bundled demo data,
# `make test` runs every check the CI runs.
GO      ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)
BIN     := bin/irscan
DEMO_OUT ?= out/demo
OPA     := $(GO) tool opa

PREFIX  ?= $(HOME)/.local

.PHONY: all build install test vet fmt-check rego-check go-test race fuzz demo validate hostile browser ci clean

all: build

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/irscan

## install: irscan into $(PREFIX)/bin (default ~/.local/bin; make install PREFIX=/usr/local for all
## users), so that `irscan` is on PATH as the examples assume. `go install ./cmd/irscan` does the
## same into $(go env GOPATH)/bin, without the version stamp.
install: build
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 $(BIN) $(DESTDIR)$(PREFIX)/bin/irscan
	@case ":$$PATH:" in *":$(PREFIX)/bin:"*) ;; *) echo "irscan: warning: $(PREFIX)/bin is not on PATH: add it, e.g. export PATH=\"$(PREFIX)/bin:\$$PATH\"";; esac

## test: gofmt, go vet, Go + Rego tests (with -race on the engine), opa fmt and opa check --strict.
## The five are independent: they run at once (each one's output printed whole when it ends), so
## that the checks and the race tests fill the cores the Go tests leave idle (BENCHMARKS.md).
test:
	@$(MAKE) --no-print-directory -j5 --output-sync=target fmt-check vet rego-check go-test race

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change: $$out"; exit 1; fi

vet:
	$(GO) vet ./...

rego-check:
	$(OPA) fmt --list --fail policies/checks policies/lib policies/facts
	$(OPA) check --strict --schema snapshot/snapshot.schema.json policies/checks policies/lib policies/facts

go-test:
	$(GO) test ./...

race:
	$(GO) test -race -run 'Concurrent' ./policies/
	$(GO) test -race ./pipeline/

## fuzz: run each fuzz target (the parsers of untrusted input: snapshots, manifests, waivers and
## attestations, baseline reports, strict JSON) for FUZZTIME. `make test` runs their seed corpora
## as ordinary tests; CI runs them longer. A crasher is written to the package's testdata/fuzz/.
FUZZTIME ?= 10s
FUZZ_TARGETS := snapshot:FuzzParse evidence:FuzzParseManifest policies:FuzzLoadInputs drift:FuzzLoad internal/strictjson:FuzzCheck
fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do \
	  pkg=$${t%%:*}; fn=$${t#*:}; echo "fuzz ./$$pkg $$fn for $(FUZZTIME)"; \
	  $(GO) test ./$$pkg -run '^$$' -fuzz "^$$fn\$$" -fuzztime $(FUZZTIME); \
	done

## demo: collect AWS from fakecloud with the real SDK, evaluate it with the Azure and GCP demo
## snapshots (pass, fail, error, manual and waived findings) into every format
demo: build
	$(GO) build -o bin/fakecloud ./cmd/fakecloud
	DEMO_OUT=$(DEMO_OUT) ./scripts/demo.sh

## validate: the demo reports (and the hostile-strings fixture) in outside validators: SARIF in
## Microsoft's SARIF multitool (npm, SARIF + GitHub rules; accepted findings in
## scripts/sarif-accepted.txt), JUnit XML against the Jenkins JUnit XSD with xmllint.
## Needs node/npm and xmllint (libxml2-utils); .ci/run installs them.
validate: demo hostile
	./scripts/validate-sarif.sh $(DEMO_OUT)/irscan.sarif out/hostile/irscan.sarif
	./scripts/validate-junit.sh $(DEMO_OUT)/irscan.xml out/hostile/irscan.xml

## hostile: write the hostile-strings fixture report in every file format to out/hostile/
hostile:
	$(GO) test -count=1 -run '^TestHostileFixture$$' ./reports/browser/

## browser: open the demo HTML and a hostile-strings HTML report in headless Chromium
## (chromedp): no script, dialog, console error or request; every section; no word broken
## across lines; print stylesheet; PDF page count bounded. Screenshots (the README's pictures in
## docs/images/ are the demo's) and PDFs go to out/browser/. Fails, not skips, when chromium is missing.
browser: demo
	IRSCAN_REQUIRE_BROWSER=1 IRSCAN_DEMO_HTML=$(abspath $(DEMO_OUT))/irscan.html $(GO) test -count=1 -v -run '^TestBrowser' ./reports/browser/

## ci: everything CI runs after installing its tools (see .ci/run)
ci: test demo validate browser

clean:
	rm -rf bin out
