// Package remote is the model-server engine: it asks Ollama (native
// /api/chat, NDJSON streaming) or any OpenAI-compatible server
// (/v1/chat/completions, SSE streaming: vLLM, llama.cpp's llama-server, TGI,
// LM Studio, hosted APIs) for summaries, with the same chat prompt and
// output cleaning as the ONNX engine.
//
// It speaks plain net/http with two small stream readers (stream.go)
// rather than the official openai-go client: the engine needs four
// endpoints, one request shape and two stream framings, but also control
// the client does not give — a bounded read of every body and stream line,
// a silence deadline reset by each streamed chunk, retries that honour
// Retry-After only for 429/503, and error messages that name the endpoint
// and the fix. openai-go would bring its own retry loop and a large
// generated API surface for the one call used, and still not speak Ollama's
// native API (which the engine needs for the model's digest and context
// length). Nothing of the Ollama module is imported either.
//
// Each request is streamed, so cancelling its context closes the HTTP
// request and the server stops generating at once. A server that fails to
// connect opens a circuit breaker: requests fail at once with
// inference.ErrUnavailable until a background probe sees the server again.
package remote
