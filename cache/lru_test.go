package cache

import "testing"

func TestLRUEvictsLeastRecentlyUsed(t *testing.T) {
	k := func(i byte) Key { return Key{i} }
	l := newLRU(3)
	l.add(k(1), []byte("1"))
	l.add(k(2), []byte("2"))
	l.add(k(3), []byte("3"))
	if _, ok := l.get(k(1)); !ok { // 1 becomes most recent; 2 is now oldest
		t.Fatal("key 1 missing before eviction")
	}
	l.add(k(4), []byte("4"))
	if _, ok := l.get(k(2)); ok {
		t.Error("key 2 should have been evicted")
	}
	for _, i := range []byte{1, 3, 4} {
		if v, ok := l.get(k(i)); !ok || string(v) != string('0'+rune(i)) {
			t.Errorf("get(%d) = %q, %v", i, v, ok)
		}
	}
	l.add(k(3), []byte("three")) // update in place, no eviction
	if v, _ := l.get(k(3)); string(v) != "three" || l.len() != 3 {
		t.Errorf("after update: get(3) = %q, len = %d", v, l.len())
	}
	l.clear()
	if _, ok := l.get(k(3)); ok || l.len() != 0 {
		t.Errorf("after clear: len = %d", l.len())
	}
	l.add(k(5), []byte("5"))
	if v, ok := l.get(k(5)); !ok || string(v) != "5" {
		t.Errorf("after clear and add: get(5) = %q, %v", v, ok)
	}
}
