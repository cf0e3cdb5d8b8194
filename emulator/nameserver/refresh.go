package nameserver

import (
	"context"
	"time"
)

// Timers makes timers on the nameserver's clock. With an injected clock, a test's Advance must
// fire them (emulatortest.Clock does); with nil, timers run in real time.
type Timers interface {
	// AfterFunc calls f in its own goroutine once the clock has moved d on; stop cancels it.
	AfterFunc(d time.Duration, f func()) (stop func() bool)
}

// realTimers are the timers of time.Now.
type realTimers struct{}

func (realTimers) AfterFunc(d time.Duration, f func()) func() bool { return time.AfterFunc(d, f).Stop }

// refresher is how the refresh loop sleeps: until the next zone is due, by a timer on the clock,
// or until something changed that may move that time (a configuration, a pull that ended).
type refresher struct {
	timers Timers
	wake   chan struct{} // one pending wake-up at most
}

// rearm makes the refresh loop look at the zones again.
func (r *refresher) rearm() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// wait sleeps until next (by clock; zero: no zone is due at all) or a rearm; false when ctx ended.
func (r *refresher) wait(ctx context.Context, clock func() time.Time, next time.Time) bool {
	fired := make(chan struct{}, 1)
	if !next.IsZero() {
		stop := r.timers.AfterFunc(next.Sub(clock()), func() {
			select {
			case fired <- struct{}{}:
			default:
			}
		})
		defer stop()
	}
	select {
	case <-ctx.Done():
		return false
	case <-r.wake:
	case <-fired:
	}
	return true
}

// ConfigChanged tells the nameserver that the API changed zones or their configurations, so
// that auto refresh reads them again.
func (s *Server) ConfigChanged() { s.refresh.rearm() }
