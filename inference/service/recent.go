package service

import (
	"container/list"
	"sync"

	"github.com/summarizer-lsp/summarizer-lsp/inference"
)

// recentEntries bounds the functions whose latest model summary is kept.
const recentEntries = 8192

// recentResults remembers the latest model summary of each function, by
// file and qualified name, so an edited function can show its previous
// summary (marked outdated) while the new one is computed. Safe for
// concurrent use.
type recentResults struct {
	max int

	// mu guards order and items.
	mu    sync.Mutex
	order *list.List // front: most recently put
	items map[string]*list.Element
}

type recentEntry struct {
	id  string
	res inference.Result
}

func newRecentResults(max int) *recentResults {
	return &recentResults{max: max, order: list.New(), items: make(map[string]*list.Element)}
}

// functionID names the function of req across its versions.
func functionID(req inference.Request) string {
	return req.File.Path + "\x00" + req.Chunk.Lang + "\x00" + req.Chunk.Name
}

func (r *recentResults) put(req inference.Request, res inference.Result) {
	id := functionID(req)
	r.mu.Lock()
	defer r.mu.Unlock()
	if e, ok := r.items[id]; ok {
		e.Value.(*recentEntry).res = res
		r.order.MoveToFront(e)
		return
	}
	r.items[id] = r.order.PushFront(&recentEntry{id: id, res: res})
	if r.order.Len() > r.max {
		last := r.order.Back()
		r.order.Remove(last)
		delete(r.items, last.Value.(*recentEntry).id)
	}
}

func (r *recentResults) get(req inference.Request) (inference.Result, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	e, ok := r.items[functionID(req)]
	if !ok {
		return inference.Result{}, false
	}
	return e.Value.(*recentEntry).res, true
}
