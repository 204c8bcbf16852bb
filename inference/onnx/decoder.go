package onnx

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	ort "github.com/yalue/onnxruntime_go"
)

// ErrClosed is returned for work submitted to a closed engine.
var ErrClosed = errors.New("onnx engine closed")

// errTerminated marks a Run stopped because a job in it was cancelled.
var errTerminated = errors.New("run terminated")

// decoderOptions shape the decoder's schedule.
type decoderOptions struct {
	// rows is the most rows decoded together.
	rows int
	// prefillTokens is the most tokens a prefill Run feeds, padding
	// included. Prompts are fed first come, first served (see plan); a
	// decode step of the running batch follows every prefill Run, so
	// joining jobs do not stall the others.
	prefillTokens int
	// prefillRows is the most prompts prefilled together in one Run.
	prefillRows int
	// prefix is the ids most prompts start with (the system message and
	// the chat template before the user's message): its KV cache is
	// computed once, and a prompt that starts with it is prefilled from there.
	prefix []int
}

// Defaults of decoderOptions.prefillTokens: defaultPrefillTokens, the
// schedule that gave the most summaries per minute (docs/benchmarks.md), and
// allLogitsPrefillTokens for a graph whose logits cover every position fed
// (its logits are a vocabulary's worth of floats per token).
const (
	defaultPrefillTokens   = 640
	allLogitsPrefillTokens = 64
)

// decoder runs continuous batching on one session: a single loop goroutine
// owns the KV caches and decodes every active job's rows in one Run per
// step; jobs join after their own (chunked) prefill and leave at step
// boundaries. Its methods are safe for concurrent use.
type decoder struct {
	m    *model
	opts decoderOptions
	log  *slog.Logger

	submit  chan *job
	quit    chan struct{}
	stopped chan struct{}

	// runMu guards the Run in flight: its jobs, and whether a cancellation
	// has set runOpts' terminate flag.
	runMu      sync.Mutex
	running    []*job
	terminated bool
	runOpts    *ort.RunOptions

	// prefixKV is the prefix's KV cache (one row), computed by the loop on
	// first use; prefixFailed stops it trying again. Owned by the loop.
	prefixKV     *kvState
	prefixFailed bool

	stats decoderStats
}

// decoderStats are counters for tests and benches.
type decoderStats struct {
	steps       atomic.Int64 // decode steps run
	terminated  atomic.Int64 // Runs stopped by a cancellation
	rows        atomic.Int64 // rows in the batch after the last step
	maxRowsSeen atomic.Int64 // most rows decoded in one step
	maxPrefill  atomic.Int64 // most prompts fed in one prefill Run
	prefills    atomic.Int64 // prefill Runs run
	fromPrefix  atomic.Int64 // prompts prefilled from the shared prefix
}

// job is one generation request.
type job struct {
	ctx       context.Context
	prompt    []int
	search    searcher
	cancelled atomic.Bool
	done      chan jobResult // buffered: the loop never blocks on it

	steps []time.Time // when each step's tokens were chosen; the first ends the prefill
	fed   prefillRuns
}

// prefillRuns are the first and the last of the decoder's prefill Runs
// (numbered from 1) that fed a prompt's tokens.
type prefillRuns struct{ first, last int64 }

type jobResult struct {
	ids   []int
	err   error
	steps []time.Time
	fed   prefillRuns
}

// newDecoder starts the loop. Zero options take the defaults; caller must close.
func newDecoder(m *model, o decoderOptions, log *slog.Logger) (*decoder, error) {
	runOpts, err := ort.NewRunOptions()
	if err != nil {
		return nil, fmt.Errorf("run options: %w", err)
	}
	o.rows = max(1, o.rows)
	if o.prefillRows <= 0 {
		o.prefillRows = o.rows
	}
	if o.prefillTokens <= 0 {
		o.prefillTokens = defaultPrefillTokens
		if !m.lastOnly {
			o.prefillTokens = allLogitsPrefillTokens
		}
	}
	d := &decoder{
		m: m, opts: o, log: log,
		submit: make(chan *job), quit: make(chan struct{}), stopped: make(chan struct{}),
		runOpts: runOpts,
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

// prefill is the jobs whose prompts are being fed, one row each, in the
// order they arrived; a row leaves for the batch when its prompt is in the
// cache.
type prefill struct {
	kv   *kvState
	jobs []*job
	done []int // per row: prompt tokens in the cache
}

// prefillRow names one row of a prefill.
type prefillRow struct {
	p *prefill
	r int
}

// rowsWhere lists p's rows for which keep is true.
func (p *prefill) rowsWhere(keep func(r int) bool) []prefillRow {
	var rows []prefillRow
	for r := range p.jobs {
		if keep(r) {
			rows = append(rows, prefillRow{p, r})
		}
	}
	return rows
}

// set makes p's rows the listed rows, in order; they may include p's own.
func (p *prefill) set(rows []prefillRow) {
	refs := make([]rowRef, len(rows))
	jobs := make([]*job, len(rows))
	done := make([]int, len(rows))
	for i, row := range rows {
		refs[i] = rowRef{row.p.kv, row.r}
		jobs[i] = row.p.jobs[row.r]
		done[i] = row.p.done[row.r]
	}
	p.kv.gather(refs)
	p.jobs, p.done = jobs, done
}

func (d *decoder) loop() {
	defer close(d.stopped)
	b := &batch{kv: newKVState(d.m)}
	pre := &prefill{kv: newKVState(d.m)}
	var waiting []*job
	var logits []float32
	fail := func(j *job, err error) { j.done <- jobResult{err: err} }
	defer func() {
		for _, j := range slices.Concat(waiting, pre.jobs, uniqueJobs(b.jobs)) {
			fail(j, ErrClosed)
		}
	}()
	for {
		if len(waiting) == 0 && len(pre.jobs) == 0 && len(b.jobs) == 0 {
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
		waiting = d.admit(b, pre, dropCancelled(waiting))
		if len(pre.jobs) > 0 {
			var err error
			if logits, err = d.prefillStep(b, pre, logits); err != nil && !errors.Is(err, errTerminated) {
				for _, j := range pre.jobs {
					fail(j, err)
				}
				pre = &prefill{kv: newKVState(d.m)}
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

// admit moves waiting jobs into the prefill while it has room, by the rows
// the jobs may grow to (beam search starts with one row), so the batch
// never exceeds opts.rows; a job wider than that runs alone. A prompt that
// starts with the prefix starts from its cache. It returns the jobs left waiting.
func (d *decoder) admit(b *batch, pre *prefill, waiting []*job) []*job {
	reserved := 0
	for _, j := range slices.Concat(uniqueJobs(b.jobs), pre.jobs) {
		reserved += j.search.maxRows()
	}
	refs := make([]rowRef, 0, len(pre.jobs)+len(waiting))
	for r := range pre.jobs {
		refs = append(refs, rowRef{pre.kv, r})
	}
	admitted := 0
	for _, j := range waiting {
		idle := len(b.jobs) == 0 && len(pre.jobs) == 0
		if len(pre.jobs) == d.opts.prefillRows || reserved+j.search.maxRows() > d.opts.rows && !idle {
			break
		}
		reserved += j.search.maxRows()
		start, done := d.startRow(j.prompt)
		refs = append(refs, start)
		pre.jobs = append(pre.jobs, j)
		pre.done = append(pre.done, done)
		admitted++
	}
	if admitted > 0 {
		pre.kv.gather(refs)
	}
	return waiting[admitted:]
}

// startRow is the cache row a prompt's prefill starts from, and how many of
// its tokens that row holds: the prefix's, when the prompt starts with it
// and goes on past it, else an empty row.
func (d *decoder) startRow(prompt []int) (rowRef, int) {
	if n := len(d.opts.prefix); n > 0 && len(prompt) > n && slices.Equal(prompt[:n], d.opts.prefix) {
		if kv := d.prefixCache(); kv != nil {
			d.stats.fromPrefix.Add(1)
			return rowRef{kv, 0}, n
		}
	}
	empty := newKVState(d.m)
	empty.lens = []int{0}
	return rowRef{empty, 0}, 0
}

// prefixCache returns the prefix's KV cache, computing it on first use; nil
// when that failed (said once in the log; prompts are then prefilled whole).
func (d *decoder) prefixCache() *kvState {
	if d.prefixKV != nil || d.prefixFailed {
		return d.prefixKV
	}
	kv := newKVState(d.m)
	kv.lens = []int{0}
	prefix := d.opts.prefix
	for done := 0; done < len(prefix); {
		end := min(done+d.opts.prefillTokens, len(prefix))
		err := d.run(nil, func(opts *ort.RunOptions) error {
			_, _, err := kv.forward(opts, [][]int{prefix[done:end]}, nil)
			return err
		})
		if err != nil {
			d.log.Warn("shared prompt prefix not cached: prompts are prefilled whole", "tokens", len(prefix), "err", err)
			d.prefixFailed = true
			return nil
		}
		done = end
	}
	d.prefixKV = kv
	return kv
}

// prefillStep drops cancelled prompts and feeds the next tokens of the
// others, as planned by plan. Prompts now wholly in the cache choose their
// first tokens and move their rows into the batch. On errTerminated (a job
// was cancelled mid-Run) nothing changed, and the next step goes on
// without it.
func (d *decoder) prefillStep(b *batch, pre *prefill, logits []float32) ([]float32, error) {
	d.keepPrefillRows(pre, func(r int) bool { return !pre.jobs[r].cancelled.Load() })
	if len(pre.jobs) == 0 {
		return logits, nil
	}
	takes := d.plan(pre)
	fed := pre // the rows this Run feeds: the first len(takes)
	if len(takes) < len(pre.jobs) {
		fed = &prefill{kv: newKVState(d.m)}
		fed.set(pre.rowsWhere(func(r int) bool { return r < len(takes) }))
	}
	ids := make([][]int, len(takes))
	for r, n := range takes {
		ids[r] = fed.jobs[r].prompt[fed.done[r]:][:n]
	}
	var last [][]float32
	err := d.run(fed.jobs, func(opts *ort.RunOptions) error {
		var err error
		last, logits, err = fed.kv.forward(opts, ids, logits)
		return err
	})
	if err != nil {
		return logits, err
	}
	run := d.stats.prefills.Add(1)
	if int64(len(takes)) > d.stats.maxPrefill.Load() {
		d.stats.maxPrefill.Store(int64(len(takes)))
	}
	for r, n := range takes {
		fed.done[r] += n
		j := fed.jobs[r]
		if j.fed.first == 0 {
			j.fed.first = run
		}
		j.fed.last = run
	}
	d.joinBatch(b, fed, last)
	if fed != pre {
		rest := pre.rowsWhere(func(r int) bool { return r >= len(takes) })
		pre.set(slices.Concat(fed.rowsWhere(func(int) bool { return true }), rest))
	}
	return logits, nil
}

// plan chooses how many tokens of each prompt the next prefill Run feeds,
// first come, first served, so that prompts finish their prefill one after
// another instead of all at the end: the oldest prompt takes as many of its
// tokens as opts.prefillTokens allows, and the prompts after it join the
// Run in order, each with at most as many as the oldest takes, while the
// Run's rows × that width stays within opts.prefillTokens. It returns the
// counts for the first len(result) rows of pre.
func (d *decoder) plan(pre *prefill) []int {
	budget := d.opts.prefillTokens
	var takes []int
	width := 0
	for r, j := range pre.jobs {
		left := len(j.prompt) - pre.done[r]
		if r == 0 {
			width = min(left, budget)
		} else if (r+1)*width > budget {
			break
		}
		takes = append(takes, min(left, width))
	}
	return takes
}

// joinBatch lets each prompt now wholly in the cache choose its first
// tokens from its row's logits, moves its rows into the batch, and keeps
// the other prompts in the prefill.
func (d *decoder) joinBatch(b *batch, pre *prefill, last [][]float32) {
	refs := make([]rowRef, 0, len(b.jobs)+len(pre.jobs))
	for r := range b.jobs {
		refs = append(refs, rowRef{b.kv, r})
	}
	now := time.Now()
	complete := func(r int) bool { return pre.done[r] == len(pre.jobs[r].prompt) }
	for r, j := range pre.jobs {
		if !complete(r) {
			continue
		}
		parents, tokens := j.search.next(last[r : r+1])
		j.steps = append(j.steps, now)
		if len(parents) == 0 {
			d.finish(j)
		}
		for i := range parents {
			refs = append(refs, rowRef{pre.kv, r}) // a prompt's one row is every first beam's parent
			b.jobs = append(b.jobs, j)
			b.tokens = append(b.tokens, tokens[i])
		}
	}
	if len(refs) > len(b.kv.lens) {
		b.kv.gather(refs)
	}
	d.keepPrefillRows(pre, func(r int) bool { return !complete(r) })
}

// keepPrefillRows keeps the prefill's rows for which keep is true.
func (d *decoder) keepPrefillRows(pre *prefill, keep func(r int) bool) {
	if rows := pre.rowsWhere(keep); len(rows) < len(pre.jobs) {
		pre.set(rows)
	}
}

func (d *decoder) finish(j *job) {
	j.done <- jobResult{ids: j.search.result(), steps: j.steps, fed: j.fed}
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
