package onnx

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	ort "github.com/yalue/onnxruntime_go"
)

// ErrClosed is returned for work submitted to a closed engine.
var ErrClosed = errors.New("onnx engine closed")

// errTerminated marks a Run stopped because a job in it was cancelled.
var errTerminated = errors.New("run terminated")

// defaultPrefillChunk is how many prompt tokens one prefill Run takes. The
// exports return logits for every input position ([chunk, vocab] floats,
// 39 MB for Qwen2.5 at 64 tokens), and decode steps of the running batch
// are interleaved between chunks, so joining jobs do not stall the others.
const defaultPrefillChunk = 64

// decoder runs continuous batching on one session: a single loop goroutine
// owns the KV caches and decodes every active job's rows in one Run per
// step; jobs join after their own (chunked) prefill and leave at step
// boundaries. Its methods are safe for concurrent use.
type decoder struct {
	m            *model
	maxRows      int
	prefillChunk int
	log          *slog.Logger

	submit  chan *job
	quit    chan struct{}
	stopped chan struct{}

	// runMu guards the Run in flight: its jobs, and whether a cancellation
	// has set runOpts' terminate flag.
	runMu      sync.Mutex
	running    []*job
	terminated bool
	runOpts    *ort.RunOptions

	stats decoderStats
}

// decoderStats are counters for tests and benches.
type decoderStats struct {
	steps       atomic.Int64 // decode steps run
	terminated  atomic.Int64 // Runs stopped by a cancellation
	rows        atomic.Int64 // rows in the batch after the last step
	maxRowsSeen atomic.Int64 // most rows decoded in one step
}

// job is one generation request.
type job struct {
	ctx       context.Context
	prompt    []int
	search    searcher
	cancelled atomic.Bool
	done      chan jobResult // buffered: the loop never blocks on it

	steps []time.Time // when each step's tokens were chosen; the first ends the prefill
}

type jobResult struct {
	ids   []int
	err   error
	steps []time.Time
}

// newDecoder starts the loop for at most maxRows rows per step, feeding
// prompts prefillChunk tokens per Run. Caller must close.
func newDecoder(m *model, maxRows, prefillChunk int, log *slog.Logger) (*decoder, error) {
	opts, err := ort.NewRunOptions()
	if err != nil {
		return nil, fmt.Errorf("run options: %w", err)
	}
	d := &decoder{
		m: m, maxRows: max(1, maxRows), prefillChunk: max(1, prefillChunk), log: log,
		submit: make(chan *job), quit: make(chan struct{}), stopped: make(chan struct{}),
		runOpts: opts,
	}
	go d.loop()
	return d, nil
}

// close stops the loop; jobs still in it get ErrClosed.
func (d *decoder) close() {
	select {
	case <-d.quit:
	default:
		close(d.quit)
		d.runMu.Lock()
		if len(d.running) > 0 && !d.terminated {
			d.terminated = true
			d.runOpts.Terminate()
		}
		d.runMu.Unlock()
	}
	<-d.stopped
	d.runOpts.Destroy()
}

// generate runs prompt through the loop. It returns ctx.Err() as soon as
// ctx is done; the job then leaves the batch at the next step boundary, or
// at once if a Run for it is in flight (the Run is terminated).
func (d *decoder) generate(ctx context.Context, prompt []int, s searcher) (jobResult, error) {
	if len(prompt) == 0 {
		return jobResult{}, errors.New("generate: empty prompt")
	}
	j := &job{ctx: ctx, prompt: prompt, search: s, done: make(chan jobResult, 1)}
	select {
	case d.submit <- j:
	case <-ctx.Done():
		return jobResult{}, ctx.Err()
	case <-d.stopped:
		return jobResult{}, ErrClosed
	}
	select {
	case r := <-j.done:
		return r, r.err
	case <-ctx.Done():
		d.cancel(j)
		return jobResult{}, ctx.Err()
	}
}

func (d *decoder) cancel(j *job) {
	d.runMu.Lock()
	defer d.runMu.Unlock()
	j.cancelled.Store(true)
	if d.terminated {
		return
	}
	for _, r := range d.running {
		if r == j {
			d.terminated = true
			d.runOpts.Terminate()
			return
		}
	}
}

// run calls f with the shared RunOptions while jobs are marked as in the
// Run. It returns errTerminated when a cancellation stopped the Run, and
// ErrClosed when close did.
func (d *decoder) run(jobs []*job, f func(*ort.RunOptions) error) error {
	d.runMu.Lock()
	d.running = jobs
	d.runMu.Unlock()
	err := f(d.runOpts)
	d.runMu.Lock()
	defer d.runMu.Unlock()
	d.running = nil
	if d.terminated {
		// Clear the flag even when the Run finished first, or it would
		// stop the next one.
		d.terminated = false
		d.runOpts.UnsetTerminate()
		if err != nil {
			d.stats.terminated.Add(1)
			select {
			case <-d.quit:
				return ErrClosed
			default:
				return errTerminated
			}
		}
	}
	return err
}

// batch is the loop's state: the rows decoded together.
type batch struct {
	kv     *kvState
	jobs   []*job // per row; a job's rows are contiguous
	tokens []int  // per row: the next token to feed
}

// prefill is a job whose prompt is being fed in chunks.
type prefill struct {
	j    *job
	kv   *kvState
	done int // prompt tokens consumed
}

func (d *decoder) loop() {
	defer close(d.stopped)
	b := &batch{kv: newKVState(d.m)}
	var waiting []*job
	var pre *prefill
	var logits []float32
	fail := func(j *job, err error) { j.done <- jobResult{err: err} }
	defer func() {
		for _, j := range waiting {
			fail(j, ErrClosed)
		}
		if pre != nil {
			fail(pre.j, ErrClosed)
		}
		for _, j := range uniqueJobs(b.jobs) {
			fail(j, ErrClosed)
		}
	}()
	for {
		idle := len(waiting) == 0 && pre == nil && len(b.jobs) == 0
		if idle {
			select {
			case j := <-d.submit:
				waiting = append(waiting, j)
			case <-d.quit:
				return
			}
		}
	drain:
		for {
			select {
			case j := <-d.submit:
				waiting = append(waiting, j)
			case <-d.quit:
				return
			default:
				break drain
			}
		}
		waiting = dropCancelled(waiting)
		if pre == nil && len(waiting) > 0 {
			// Admit by the rows jobs may grow to (beam search starts
			// with one row), so the batch never exceeds maxRows.
			reserved := 0
			for _, j := range uniqueJobs(b.jobs) {
				reserved += j.search.maxRows()
			}
			if reserved+waiting[0].search.maxRows() <= d.maxRows || len(b.jobs) == 0 {
				pre = &prefill{j: waiting[0], kv: newKVState(d.m)}
				pre.kv.lens = []int{0}
				waiting = waiting[1:]
			}
		}
		if pre != nil {
			var err error
			logits, err = d.prefillStep(b, pre, logits)
			if err != nil || pre.j.cancelled.Load() {
				if err != nil && !errors.Is(err, errTerminated) {
					fail(pre.j, err)
				}
				pre = nil
			} else if pre.done == len(pre.j.prompt) {
				pre = nil
			}
		}
		if len(b.jobs) > 0 {
			var err error
			logits, err = d.decodeStep(b, logits)
			if err != nil {
				if !errors.Is(err, ErrClosed) {
					d.log.Error("decode step failed", "rows", len(b.jobs), "err", err)
				}
				for _, j := range uniqueJobs(b.jobs) {
					fail(j, err)
				}
				b = &batch{kv: newKVState(d.m)}
			}
		}
	}
}

func dropCancelled(jobs []*job) []*job {
	out := jobs[:0]
	for _, j := range jobs {
		if !j.cancelled.Load() {
			out = append(out, j)
		}
	}
	return out
}

// prefillStep feeds the next chunk of pre's prompt. After the last chunk
// it chooses the job's first tokens and moves its rows into the batch.
func (d *decoder) prefillStep(b *batch, pre *prefill, logits []float32) ([]float32, error) {
	end := min(pre.done+d.prefillChunk, len(pre.j.prompt))
	chunk := pre.j.prompt[pre.done:end]
	var last [][]float32
	err := d.run([]*job{pre.j}, func(opts *ort.RunOptions) error {
		var err error
		last, logits, err = pre.kv.forward(opts, [][]int{chunk}, logits)
		return err
	})
	if err != nil {
		return logits, err
	}
	pre.done = end
	if end < len(pre.j.prompt) {
		return logits, nil
	}
	parents, tokens := pre.j.search.next(last)
	pre.j.steps = append(pre.j.steps, time.Now())
	if len(parents) == 0 {
		d.finish(pre.j)
		return logits, nil
	}
	refs := make([]rowRef, 0, len(b.jobs)+len(parents))
	for r := range b.jobs {
		refs = append(refs, rowRef{b.kv, r})
	}
	for i, p := range parents {
		refs = append(refs, rowRef{pre.kv, p})
		b.jobs = append(b.jobs, pre.j)
		b.tokens = append(b.tokens, tokens[i])
	}
	b.kv.gather(refs)
	return logits, nil
}

func (d *decoder) finish(j *job) {
	j.done <- jobResult{ids: j.search.result(), steps: j.steps}
}

// decodeStep drops cancelled jobs, runs one step for every row, and lets
// each job choose its next rows; finished jobs leave the batch.
func (d *decoder) decodeStep(b *batch, logits []float32) ([]float32, error) {
	for {
		d.dropCancelledRows(b)
		if len(b.jobs) == 0 {
			return logits, nil
		}
		ids := make([][]int, len(b.tokens))
		for r, t := range b.tokens {
			ids[r] = []int{t}
		}
		var last [][]float32
		err := d.run(uniqueJobs(b.jobs), func(opts *ort.RunOptions) error {
			var err error
			last, logits, err = b.kv.forward(opts, ids, logits)
			return err
		})
		if errors.Is(err, errTerminated) {
			continue // a job was cancelled mid-Run: retry without it
		}
		if err != nil {
			return logits, err
		}
		d.stats.steps.Add(1)
		if n := int64(len(b.jobs)); n > d.stats.maxRowsSeen.Load() {
			d.stats.maxRowsSeen.Store(n)
		}
		d.advance(b, last)
		d.stats.rows.Store(int64(len(b.jobs)))
		return logits, nil
	}
}

// advance hands each job its rows' logits and rebuilds the batch from the
// rows the jobs continue.
func (d *decoder) advance(b *batch, last [][]float32) {
	var refs []rowRef
	var jobs []*job
	var tokens []int
	now := time.Now()
	for start := 0; start < len(b.jobs); {
		j := b.jobs[start]
		end := start
		for end < len(b.jobs) && b.jobs[end] == j {
			end++
		}
		parents, toks := j.search.next(last[start:end])
		j.steps = append(j.steps, now)
		if len(parents) == 0 {
			d.finish(j)
		}
		for i, p := range parents {
			refs = append(refs, rowRef{b.kv, start + p})
			jobs = append(jobs, j)
			tokens = append(tokens, toks[i])
		}
		start = end
	}
	identity := len(refs) == len(b.jobs)
	for i := 0; identity && i < len(refs); i++ {
		identity = refs[i].row == i
	}
	if !identity {
		b.kv.gather(refs)
	}
	b.jobs, b.tokens = jobs, tokens
}

// dropCancelledRows removes the rows of cancelled jobs from the batch.
func (d *decoder) dropCancelledRows(b *batch) {
	var refs []rowRef
	var jobs []*job
	var tokens []int
	for r := range b.jobs {
		if !b.jobs[r].cancelled.Load() {
			refs = append(refs, rowRef{b.kv, r})
			jobs = append(jobs, b.jobs[r])
			tokens = append(tokens, b.tokens[r])
		}
	}
	if len(refs) == len(b.jobs) {
		return
	}
	b.kv.gather(refs)
	b.jobs, b.tokens = jobs, tokens
	d.stats.rows.Store(int64(len(b.jobs)))
}

func uniqueJobs(rows []*job) []*job {
	var out []*job
	for i, j := range rows {
		if i == 0 || rows[i-1] != j {
			out = append(out, j)
		}
	}
	return out
}
