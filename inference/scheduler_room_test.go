package inference

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

// TestFinishedJobMakesRoomBeforeItsWaiterReturns keeps one slot busy and
// the queue of one full, and submits a new job each time a waiter gets its
// result, the way a fan-out keeps slots+queue jobs in flight: a result
// that has been delivered has freed its slot and admitted the next queued
// job, so the next Submit always finds room.
func TestFinishedJobMakesRoomBeforeItsWaiterReturns(t *testing.T) {
	s, err := NewScheduler(SchedulerOptions{Slots: 1, QueueSize: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	job := func(i int) Job {
		return Job{Key: fmt.Sprint(i), Priority: Command, Run: func(context.Context) (Result, error) {
			return Result{Summary: "done"}, nil
		}}
	}
	var tickets []*Ticket
	for i := range 2 {
		tk, err := s.Submit(ctx, job(i))
		if err != nil {
			t.Fatal(err)
		}
		tickets = append(tickets, tk)
	}
	for i := 2; i < 3000; i++ {
		if _, err := tickets[0].Wait(ctx); err != nil {
			t.Fatal(err)
		}
		tickets = tickets[1:]
		tk, err := s.Submit(ctx, job(i))
		if errors.Is(err, ErrBusy) {
			t.Fatalf("submit %d right after a result: %v; the finished job had not freed its slot yet", i, err)
		}
		if err != nil {
			t.Fatal(err)
		}
		tickets = append(tickets, tk)
	}
}
