package cache

import "container/list"

// lru is a bounded map from keys to values that drops the least recently
// used entry when full. It is not safe for concurrent use.
type lru struct {
	max   int
	order *list.List // of *lruEntry, most recently used at the front
	items map[Key]*list.Element
}

type lruEntry struct {
	key   Key
	value []byte
}

func newLRU(max int) *lru {
	return &lru{max: max, order: list.New(), items: make(map[Key]*list.Element, max)}
}

// get returns the value of k and marks it most recently used.
func (l *lru) get(k Key) ([]byte, bool) {
	e, ok := l.items[k]
	if !ok {
		return nil, false
	}
	l.order.MoveToFront(e)
	return e.Value.(*lruEntry).value, true
}

// add stores v under k as the most recently used entry, dropping the least
// recently used one when the map is full.
func (l *lru) add(k Key, v []byte) {
	if e, ok := l.items[k]; ok {
		e.Value.(*lruEntry).value = v
		l.order.MoveToFront(e)
		return
	}
	if l.order.Len() >= l.max {
		oldest := l.order.Back()
		delete(l.items, oldest.Value.(*lruEntry).key)
		l.order.Remove(oldest)
	}
	l.items[k] = l.order.PushFront(&lruEntry{key: k, value: v})
}

func (l *lru) len() int { return l.order.Len() }

func (l *lru) clear() {
	l.order.Init()
	clear(l.items)
}
