package service

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/summarizer-lsp/summarizer-lsp/inference"
)

// FuzzDecodeValue reads random bytes as a stored summary, the way a value
// from a shared cache that anyone can write is read: it decodes to a
// result within the bounds, which encodes and decodes back to itself, or
// it is errInvalidValue; and a Get that finds it answers with it or with a
// fresh model summary, never with an error.
func FuzzDecodeValue(f *testing.F) {
	good, err := encodeValue("fake/1", inference.Result{Summary: "Opens the file.", Details: []string{"Calls: os.Open"}, Engine: "fake-model", FromDoc: true}, time.Unix(0, 0))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add([]byte("{not json"))
	f.Add([]byte(`{"v":7,"fp":"fake/1","result":{"summary":"x"}}`))
	f.Add([]byte(`{"v":1,"fp":"fake/1","result":{"summary":"  "}}`))
	f.Add([]byte(`{"v":1,"fp":"fake/1","result":{"summary":"\ud800 lone surrogate","details":null}}`))
	f.Add([]byte(`{"v":1,"fp":"fake/1","fp":"other/2","result":{"summary":"dup"}}`))
	f.Add([]byte(`{"v":1.0,"fp":"fake/1","result":{"summary":"ok","details":["a","b"],"extra":[1,2,{}]}}`))
	f.Add([]byte(`[{"v":1}]`))
	f.Add([]byte(`null`))
	m := newFakeModel()
	m.auto = true
	req := chunkReq("a.go", "Open", "func Open() {}")
	f.Fuzz(func(t *testing.T, raw []byte) {
		res, err := decodeValue(raw, m.fp)
		if err != nil {
			if !errors.Is(err, errInvalidValue) {
				t.Fatalf("decodeValue(%q) = %v, not errInvalidValue", raw, err)
			}
		} else {
			checkRoundTrip(t, res)
		}
		s := newTestService(t, m, 1)
		s.store.set(requestKey(m.fp, req), raw)
		sum, gerr := s.Get(context.Background(), req, interactive)
		switch {
		case gerr != nil:
			t.Fatalf("Get with stored %q: %v", raw, gerr)
		case err == nil && (!sum.Cached || sum.Summary != res.Summary):
			t.Fatalf("Get with the valid stored %q = %+v, want the stored summary", raw, sum)
		case err != nil && (sum.Cached || sum.Summary != modelResult(req).Summary):
			t.Fatalf("Get with the invalid stored %q = %+v, want a fresh model summary", raw, sum)
		}
	})
}

// checkRoundTrip checks that a decoded result is within the bounds and
// survives encoding and decoding unchanged.
func checkRoundTrip(t *testing.T, res inference.Result) {
	t.Helper()
	if err := checkResult(res); err != nil {
		t.Fatalf("decoded %+v out of bounds: %v", res, err)
	}
	b, err := encodeValue("fake/1", res, time.Unix(0, 0))
	if err != nil {
		t.Fatalf("encoding the decoded %+v: %v", res, err)
	}
	back, err := decodeValue(b, "fake/1")
	if err != nil || back.Summary != res.Summary || back.Engine != res.Engine || back.FromDoc != res.FromDoc || !slices.Equal(back.Details, res.Details) {
		t.Fatalf("round trip of %+v = %+v, %v", res, back, err)
	}
}
