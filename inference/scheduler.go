package inference

import (
	"container/heap"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"
)

// Priority orders queued jobs: higher runs first, FIFO within a priority.
type Priority int

// Priorities, lowest first.
const (
	Background  Priority = iota // summaries of open documents nobody asked for yet
	Visible                     // functions on screen (lenses resolved) or under the cursor
	Command                     // explainFile / explainFunction and the batch CLI
	Interactive                 // a hover waiting on the answer
)

// String names the priority for logs.
func (p Priority) String() string {
	switch p {
	case Background:
		return "background"
	case Visible:
		return "visible"
	case Command:
		return "command"
	case Interactive:
		return "interactive"
	}
	return fmt.Sprintf("Priority(%d)", int(p))
}

// Scheduler defaults and bounds.
const (
	DefaultSlots      = 10
	MaxSlots          = 100
	DefaultQueueSize  = 1024
	DefaultJobTimeout = 60 * time.Second
	DefaultStopGrace  = 2 * time.Second
)

var (
	// ErrBusy is returned by Submit when the queue is full.
	ErrBusy = errors.New("inference: queue full")
	// ErrClosed is returned by Submit after Close, and delivered to the
	// waiters of jobs that Close cancelled.
	ErrClosed = errors.New("inference: scheduler closed")
	// ErrNotReady is returned by Ticket.Result before the ticket is done.
	ErrNotReady = errors.New("inference: result not ready")
)

// SchedulerOptions size a Scheduler. Zero fields take the defaults.
type SchedulerOptions struct {
	// Slots is the capacity, 1–100 (default 10): running jobs' costs never
	// add up to more. For a batched engine it is the rows it computes at
	// once (see Batched); for others, the requests in flight.
	Slots int
	// QueueSize bounds the jobs waiting for a slot (default 1024); running
	// jobs and coalesced submits do not count against it.
	QueueSize int
	// JobTimeout is each running job's deadline (default 60s).
	JobTimeout time.Duration
	// StopGrace is how long the scheduler waits, once a running job's
	// context is done, for its Run to return before abandoning the call and
	// freeing its slots (default 2s).
	StopGrace time.Duration
	// Logger receives job panics and abandoned calls (default slog.Default()).
	Logger *slog.Logger
}

func (o SchedulerOptions) withDefaults() (SchedulerOptions, error) {
	if o.Slots == 0 {
		o.Slots = DefaultSlots
	}
	if o.QueueSize == 0 {
		o.QueueSize = DefaultQueueSize
	}
	if o.JobTimeout == 0 {
		o.JobTimeout = DefaultJobTimeout
	}
	if o.StopGrace == 0 {
		o.StopGrace = DefaultStopGrace
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	switch {
	case o.Slots < 1 || o.Slots > MaxSlots:
		return o, fmt.Errorf("inference: slots must be between 1 and %d, got %d", MaxSlots, o.Slots)
	case o.QueueSize < 0:
		return o, fmt.Errorf("inference: queue size must be positive, got %d", o.QueueSize)
	case o.JobTimeout < 0:
		return o, fmt.Errorf("inference: job timeout must be positive, got %v", o.JobTimeout)
	case o.StopGrace < 0:
		return o, fmt.Errorf("inference: stop grace must be positive, got %v", o.StopGrace)
	}
	return o, nil
}

// SchedulerStats is a snapshot of a Scheduler's counters, for logs, tests
// and benchmarks.
type SchedulerStats struct {
	Queued  int // jobs waiting to be admitted
	Running int // admitted jobs, including those waiting out StopGrace
	Used    int // slots the running jobs occupy (the sum of their costs)
	Stuck   int // abandoned job calls that have not returned yet

	Completed uint64 // jobs that delivered a result
	Failed    uint64 // jobs that delivered an error (job error, panic, deadline)
	Canceled  uint64 // jobs dropped or stopped because every waiter left
	Coalesced uint64 // submits that joined a job already queued or running
	Rejected  uint64 // submits refused with ErrBusy
	Evicted   uint64 // queued jobs dropped (ErrBusy) to make room for higher-priority ones
	Abandoned uint64 // job calls given up on after StopGrace
}

// Job is one unit of work: a model call that the service wants computed
// under a key. The scheduler calls Run once per key in flight, however many
// waiters share it.
type Job struct {
	// Key identifies the work (the cache key's string): submits with an
	// equal key join the job queued or running.
	Key string
	// Priority orders the job in the queue.
	Priority Priority
	// Cost is the slots the job occupies while it runs (0 means 1): the
	// beams of a beam search on a batched engine.
	Cost int
	// Run does the work. It must return promptly with ctx.Err() once ctx is
	// done (deadline, every waiter gone, Close).
	Run func(ctx context.Context) (Result, error)
}

// Scheduler is the one admission queue in front of an engine: a bounded
// priority queue of jobs, admitted in priority order while the running
// jobs' costs fit in its slots. Identical keys are coalesced into one job; a
// job stops when every waiter has left; each job's deadline starts when it
// is admitted. Safe for concurrent use; caller must Close.
//
// The state (queue, in-flight jobs, counters) sits under one mutex rather
// than in a loop goroutine: Cancel, the Submit context's expiry and job
// completion all change it synchronously, and a mutex keeps each of those a
// few lines with no request/reply channel per operation. Admission is
// strict: when the first queued job does not fit, nothing behind it starts,
// so a costly job is never starved by cheaper ones of a lower priority.
//
// A misbehaving job that ignores ctx cannot hold its slots hostage: once the
// job's context is done (deadline, last waiter gone, Close) its waiters get
// their error at once; the scheduler then waits up to StopGrace for the call
// to return and, past that, abandons it. The abandoned call's goroutine is
// left running (Go cannot stop it); it shows in SchedulerStats.Stuck until it
// returns, and its slots go to the next job, so while calls are stuck the
// engine may see more than Slots of work.
type Scheduler struct {
	opts SchedulerOptions
	base context.Context // parent of every job's context; canceled by Close
	stop context.CancelFunc
	runs sync.WaitGroup // admitted jobs' goroutines

	mu      sync.Mutex
	queue   jobQueue
	jobs    map[string]*job // queued and running jobs by key
	seq     uint64
	running int // admitted jobs
	used    int // slots they occupy
	closed  bool
	stats   SchedulerStats
}

// NewScheduler returns a scheduler with opts.Slots of capacity.
func NewScheduler(opts SchedulerOptions) (*Scheduler, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	base, stop := context.WithCancel(context.Background())
	return &Scheduler{opts: opts, base: base, stop: stop, jobs: make(map[string]*job)}, nil
}

// Slots is the scheduler's capacity.
func (s *Scheduler) Slots() int { return s.opts.Slots }

// Stats returns a snapshot of the counters.
func (s *Scheduler) Stats() SchedulerStats {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.stats
	st.Queued = len(s.queue)
	st.Running = s.running
	st.Used = s.used
	return st
}

type jobState int

const (
	queued jobState = iota
	running
	finished
)

// job is one Run call shared by every waiter that submitted its key.
// Fields are guarded by Scheduler.mu.
type job struct {
	key     string
	cost    int
	run     func(context.Context) (Result, error)
	prio    Priority
	seq     uint64
	index   int // position in the queue while queued
	state   jobState
	waiters map[*Ticket]struct{}
	cancel  context.CancelFunc // set when running
	// abandoned is set when the scheduler gave up on the Run call.
	abandoned bool
}

// Ticket is one waiter's claim on a job's result.
type Ticket struct {
	s    *Scheduler
	job  *job
	done chan struct{}
	// unwatch stops watching the Submit context; guarded by Scheduler.mu.
	unwatch func() bool
	res     Result
	err     error
}

// Submit queues j and returns at once. A job with an equal key already
// queued or running is joined instead, its priority raised to the highest
// waiter's. When ctx is done the waiter leaves, as with Ticket.Cancel. It
// returns ErrBusy when the queue is full and ErrClosed after Close.
func (s *Scheduler) Submit(ctx context.Context, j Job) (*Ticket, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	cost := max(j.Cost, 1)
	if cost > s.opts.Slots || j.Run == nil {
		return nil, fmt.Errorf("inference: job %q: cost %d of %d slots, run set: %v", j.Key, cost, s.opts.Slots, j.Run != nil)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, ErrClosed
	}
	s.seq++
	q, ok := s.jobs[j.Key]
	switch {
	case ok:
		s.stats.Coalesced++
		if j.Priority > q.prio {
			q.prio = j.Priority
			if q.state == queued {
				// Take the place of a request newly submitted at this priority.
				q.seq = s.seq
				heap.Fix(&s.queue, q.index)
			}
		}
	case len(s.queue) >= s.opts.QueueSize && !s.evictBelow(j.Priority):
		s.stats.Rejected++
		return nil, fmt.Errorf("submit %s job: %w", j.Priority, ErrBusy)
	default:
		q = &job{key: j.Key, cost: cost, run: j.Run, prio: j.Priority, seq: s.seq, waiters: make(map[*Ticket]struct{})}
		s.jobs[j.Key] = q
		heap.Push(&s.queue, q)
	}
	t := &Ticket{s: s, job: q, done: make(chan struct{})}
	q.waiters[t] = struct{}{}
	t.unwatch = context.AfterFunc(ctx, func() { t.leave(ctx.Err()) })
	s.admit()
	return t, nil
}

// Do submits j and waits for its result. When ctx is done first, the
// waiter leaves (the job stops if nobody else waits) and Do returns ctx.Err().
func (s *Scheduler) Do(ctx context.Context, j Job) (Result, error) {
	t, err := s.Submit(ctx, j)
	if err != nil {
		return Result{}, err
	}
	select {
	case <-t.Done():
		return t.Result()
	case <-ctx.Done():
		t.Cancel()
		return Result{}, ctx.Err()
	}
}

// Done is closed when the ticket's result is ready.
func (t *Ticket) Done() <-chan struct{} { return t.done }

// Result returns the job's result once Done is closed, and ErrNotReady before.
// A cancelled ticket returns context.Canceled (or the Submit context's error).
func (t *Ticket) Result() (Result, error) {
	select {
	case <-t.done:
		return t.res, t.err
	default:
		return Result{}, ErrNotReady
	}
}

// Wait waits for the result or for ctx. ctx expiring here does not cancel
// the job: a caller with a short budget stops waiting and the job still
// finishes (for the cache). Use Cancel to give up on the job.
func (t *Ticket) Wait(ctx context.Context) (Result, error) {
	select {
	case <-t.done:
		return t.res, t.err
	case <-ctx.Done():
		return Result{}, ctx.Err()
	}
}

// Cancel gives up on the job: the ticket completes with context.Canceled and,
// when no other waiter remains, the job is dropped from the queue or its
// running context is cancelled. Calling it after the result is ready is a no-op.
func (t *Ticket) Cancel() { t.leave(context.Canceled) }

func (t *Ticket) leave(err error) {
	s := t.s
	s.mu.Lock()
	defer s.mu.Unlock()
	j := t.job
	if _, ok := j.waiters[t]; !ok {
		return
	}
	delete(j.waiters, t)
	t.complete(Result{}, err)
	if len(j.waiters) > 0 {
		return
	}
	s.stats.Canceled++
	s.drop(j)
}

// complete delivers the ticket's outcome. Caller holds Scheduler.mu.
func (t *Ticket) complete(res Result, err error) {
	t.unwatch()
	t.res, t.err = res, err
	close(t.done)
}

// drop takes j out of the queue or stops it if running, and forgets its key.
// Caller holds s.mu.
func (s *Scheduler) drop(j *job) {
	switch j.state {
	case queued:
		heap.Remove(&s.queue, j.index)
	case running:
		j.cancel()
	}
	j.state = finished
	delete(s.jobs, j.key)
}

// evictBelow makes room in a full queue for a job of priority prio by
// dropping the newest queued job of the lowest priority below prio; its
// waiters get ErrBusy, as if it had been refused. A flood of background work
// thus never keeps a hover or a command out. It reports whether it made room.
// Caller holds s.mu.
func (s *Scheduler) evictBelow(prio Priority) bool {
	var victim *job
	for _, j := range s.queue {
		if j.prio < prio && (victim == nil || j.prio < victim.prio || j.prio == victim.prio && j.seq > victim.seq) {
			victim = j
		}
	}
	if victim == nil {
		return false
	}
	s.stats.Evicted++
	s.deliver(victim, Result{}, fmt.Errorf("%s job evicted by higher-priority work: %w", victim.prio, ErrBusy))
	return true
}

// deliver completes every remaining waiter of j with the outcome and
// forgets j. Caller holds s.mu.
func (s *Scheduler) deliver(j *job, res Result, err error) {
	for t := range j.waiters {
		t.complete(res, err)
		delete(j.waiters, t)
	}
	s.drop(j)
}

// Close cancels queued and running jobs (their waiters get ErrClosed) and
// waits for the running calls, which may take up to StopGrace for a job
// that ignores ctx. Safe to call more than once.
func (s *Scheduler) Close() {
	s.mu.Lock()
	if !s.closed {
		s.closed = true
		for _, j := range s.jobs {
			s.deliver(j, Result{}, ErrClosed)
		}
	}
	s.mu.Unlock()
	s.stop()
	s.runs.Wait()
}

// admit starts queued jobs in priority order while the first one fits in
// the free slots. Caller holds s.mu.
func (s *Scheduler) admit() {
	for len(s.queue) > 0 && !s.closed && s.used+s.queue[0].cost <= s.opts.Slots {
		j := heap.Pop(&s.queue).(*job)
		j.state = running
		ctx, cancel := context.WithTimeout(s.base, s.opts.JobTimeout)
		j.cancel = cancel
		s.running++
		s.used += j.cost
		s.runs.Add(1)
		go s.run(ctx, j)
	}
}

type outcome struct {
	res Result
	err error
}

// run calls j's Run, delivers the outcome and frees the job's slots; see
// the Scheduler comment for jobs that ignore ctx.
func (s *Scheduler) run(ctx context.Context, j *job) {
	defer s.runs.Done()
	out := make(chan outcome, 1)
	go s.call(ctx, j, out)

	var o outcome
	returned := false
	select {
	case o = <-out:
		returned = true
	case <-ctx.Done():
	}
	if !returned || (o.err != nil && ctx.Err() != nil) {
		o = outcome{err: s.stopped(ctx, j)}
	}

	s.mu.Lock()
	if j.state == running {
		if o.err != nil {
			s.stats.Failed++
		} else {
			s.stats.Completed++
		}
		s.deliver(j, o.res, o.err)
	}
	if returned {
		// In the same critical section as the delivery: a waiter that
		// submits again as soon as it has its result finds the room.
		s.release(j)
	}
	s.mu.Unlock()

	if !returned {
		s.awaitOrAbandon(j, out)
		s.mu.Lock()
		s.release(j)
		s.mu.Unlock()
	}
	j.cancel()
}

// release frees j's slots and admits what now fits. Caller holds s.mu.
func (s *Scheduler) release(j *job) {
	s.running--
	s.used -= j.cost
	s.admit()
}

// call runs the job, turning a panic into an error, and sends the outcome.
func (s *Scheduler) call(ctx context.Context, j *job, out chan<- outcome) {
	var o outcome
	defer func() {
		if p := recover(); p != nil {
			o = outcome{err: fmt.Errorf("inference: job %q panicked: %v", j.key, p)}
			s.opts.Logger.Error("job panicked", "key", j.key, "panic", p, "stack", string(debug.Stack()))
		}
		s.mu.Lock()
		if j.abandoned {
			s.stats.Stuck--
		}
		out <- o // buffered: never blocks
		s.mu.Unlock()
	}()
	o.res, o.err = j.run(ctx)
}

// stopped is the error for a job whose context ended before its Run
// returned.
func (s *Scheduler) stopped(ctx context.Context, j *job) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("inference: job %q exceeded its %v deadline: %w", j.key, s.opts.JobTimeout, context.DeadlineExceeded)
	}
	if s.base.Err() != nil {
		return ErrClosed
	}
	return fmt.Errorf("inference: job %q: %w", j.key, ctx.Err())
}

// awaitOrAbandon waits up to StopGrace for a stopped Run call to return,
// then abandons it.
func (s *Scheduler) awaitOrAbandon(j *job, out <-chan outcome) {
	grace := time.NewTimer(s.opts.StopGrace)
	defer grace.Stop()
	select {
	case <-out:
		return
	case <-grace.C:
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(out) > 0 { // returned just now
		return
	}
	j.abandoned = true
	s.stats.Abandoned++
	s.stats.Stuck++
	s.opts.Logger.Warn("job ignored cancellation; call abandoned",
		"key", j.key, "grace", s.opts.StopGrace, "stuck", s.stats.Stuck)
}

// jobQueue is a heap of queued jobs: higher priority first, then lower seq.
type jobQueue []*job

func (q jobQueue) Len() int { return len(q) }

func (q jobQueue) Less(a, b int) bool {
	if q[a].prio != q[b].prio {
		return q[a].prio > q[b].prio
	}
	return q[a].seq < q[b].seq
}

func (q jobQueue) Swap(a, b int) {
	q[a], q[b] = q[b], q[a]
	q[a].index = a
	q[b].index = b
}

func (q *jobQueue) Push(x any) {
	j := x.(*job)
	j.index = len(*q)
	*q = append(*q, j)
}

func (q *jobQueue) Pop() any {
	old := *q
	j := old[len(old)-1]
	old[len(old)-1] = nil
	*q = old[:len(old)-1]
	return j
}
