// Package inference summarizes analysis chunks: the Engine interface, the
// Scheduler that runs every engine on a fixed number of slots, and prompts.
// It knows nothing of storage or of the editor protocol.
package inference

import (
	"context"
	"errors"

	"github.com/summarizer-lsp/summarizer-lsp/analysis"
)

// Request asks for the summary of one chunk.
type Request struct {
	Chunk analysis.Chunk
	// File is the enclosing file's info (package, imports); may be zero.
	File analysis.FileInfo
	// Callees are the known summaries of functions of the same file or
	// package that the chunk calls, most relevant first; engines may use
	// them to say what the chunk does in terms of what it calls.
	Callees []Callee
	// Overview, when set, asks for the overview of a file or folder from
	// its parts' summaries instead of a chunk's summary; Chunk then only
	// names it.
	Overview *Overview
}

// Callee is the summary of a function a chunk calls.
type Callee struct {
	Name    string `json:"name"`
	Summary string `json:"summary"`
}

// Result is an engine's answer for one chunk.
type Result struct {
	// Summary is one or two plain-text sentences.
	Summary string `json:"summary"`
	// Details are short plain-text lines for the hover ("Parameters: ...").
	Details []string `json:"details,omitempty"`
	// Engine names the engine that produced the result ("heuristic", "onnx:<model>").
	Engine string `json:"engine"`
	// FromDoc is true when the summary is the first sentence of an existing doc comment.
	FromDoc bool `json:"fromDoc,omitempty"`
}

// Engine produces summaries. Implementations must be safe for concurrent use:
// the Scheduler calls Summarize from several slots at once.
type Engine interface {
	// Name identifies the engine in results and logs.
	Name() string
	// Fingerprint covers everything that changes the engine's output: model
	// files' identity, prompt revision and every generation parameter.
	Fingerprint() string
	// Summarize returns the summary of one chunk. It must return promptly
	// with ctx.Err() once ctx is done.
	Summarize(ctx context.Context, req Request) (Result, error)
}

// Batched is implemented by engines that compute several requests together
// on a fixed number of rows (the ONNX decoder). The scheduler admits
// requests while the sum of their Cost stays within Capacity, so the engine
// never holds a backlog of its own. Engines that do not implement it have
// the scheduler's configured capacity and cost 1 per request.
type Batched interface {
	// Capacity is how many rows the engine computes at once.
	Capacity() int
	// Cost is the rows req occupies while it runs (1, or the beams of a
	// beam search); never more than Capacity.
	Cost(req Request) int
}

// Overviewer is implemented by engines that describe whole files (the
// built-in engine).
type Overviewer interface {
	// Overview is a short description of the file: its purpose, main
	// declarations and what it uses.
	Overview(file analysis.FileInfo) string
}

// ErrUnavailable marks a model that could not be reached for now (a model
// server that is down or still starting): loading it again later may work.
var ErrUnavailable = errors.New("model unavailable")
