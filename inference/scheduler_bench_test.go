package inference

import (
	"context"
	"fmt"
	"strconv"
	"sync/atomic"
	"testing"
)

// nopRun answers at once, so the benchmarks measure the scheduler alone.
func nopRun(context.Context) (Result, error) { return Result{Summary: "ok", Engine: "nop"}, nil }

// BenchmarkSchedulerDo measures Submit+Wait through the scheduler with a
// no-op job: one caller at a time ("serial") and GOMAXPROCS×4 callers at
// once ("parallel"), each call with its own key so nothing is coalesced.
func BenchmarkSchedulerDo(b *testing.B) {
	for _, slots := range []int{1, 10} {
		for _, parallel := range []bool{false, true} {
			mode := "serial"
			if parallel {
				mode = "parallel"
			}
			b.Run(fmt.Sprintf("slots=%d/%s", slots, mode), func(b *testing.B) {
				s, err := NewScheduler(SchedulerOptions{Slots: slots})
				if err != nil {
					b.Fatal(err)
				}
				defer s.Close()
				var n atomic.Uint64
				do := func() {
					key := strconv.FormatUint(n.Add(1), 10)
					if _, err := s.Do(context.Background(), Job{Key: key, Priority: Interactive, Run: nopRun}); err != nil {
						b.Error(err)
					}
				}
				b.ReportAllocs()
				if !parallel {
					for b.Loop() {
						do()
					}
					return
				}
				b.SetParallelism(4)
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						do()
					}
				})
			})
		}
	}
}
