package emulatortest

import (
	"sync"
	"time"
)

// Clock is a time source for emulator.Options.Clock that moves only when the test moves it, so
// that rate-limit windows and timestamps are exact. Its timers (AfterFunc) fire when Advance
// reaches them: pass the clock as Options.Timers too, and auto refresh follows Advance. It is
// safe for concurrent use.
type Clock struct {
	mu     sync.Mutex
	now    time.Time
	timers []*clockTimer
}

// clockTimer is one AfterFunc waiting for the clock.
type clockTimer struct {
	at time.Time
	f  func()
}

// NewClock returns a clock that reads start until advanced.
func NewClock(start time.Time) *Clock { return &Clock{now: start} }

// Now is the clock's time; pass the method value c.Now as Options.Clock.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d, and fires the timers it reaches.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	var due []*clockTimer
	kept := c.timers[:0]
	for _, t := range c.timers {
		if c.now.Before(t.at) {
			kept = append(kept, t)
		} else {
			due = append(due, t)
		}
	}
	c.timers = kept
	c.mu.Unlock()
	for _, t := range due {
		go t.f()
	}
}

// AfterFunc calls f in its own goroutine once the clock has moved d on (at once when d is not
// positive); stop cancels it and reports whether it had not fired yet.
func (c *Clock) AfterFunc(d time.Duration, f func()) (stop func() bool) {
	if d <= 0 {
		go f()
		return func() bool { return false }
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &clockTimer{at: c.now.Add(d), f: f}
	c.timers = append(c.timers, t)
	return func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		for i, have := range c.timers {
			if have == t {
				c.timers = append(c.timers[:i], c.timers[i+1:]...)
				return true
			}
		}
		return false
	}
}
