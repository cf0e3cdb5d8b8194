package emulator

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestLimiterWindowAndBlock(t *testing.T) {
	t.Parallel()
	l := newLimiter(2, time.Minute, 5*time.Minute)
	t0 := time.Unix(1_000_000, 0)

	assert.Equal(t, quota{allowed: true, remaining: 1, reset: time.Minute}, l.take("a", t0))
	assert.Equal(t, quota{allowed: true, remaining: 0, reset: 50 * time.Second}, l.take("a", t0.Add(10*time.Second)))
	assert.Equal(t, quota{allowed: true, remaining: 1, reset: time.Minute}, l.take("b", t0.Add(10*time.Second)), "each credential has its own quota")

	// Over the limit: blocked for the whole block, however often it asks.
	assert.Equal(t, quota{reset: 5 * time.Minute}, l.take("a", t0.Add(20*time.Second)))
	assert.Equal(t, quota{reset: 4 * time.Minute}, l.take("a", t0.Add(80*time.Second)), "a new window does not lift the block")
	assert.Equal(t, quota{reset: time.Second}, l.take("a", t0.Add(319*time.Second)))

	// After the block, a fresh window.
	assert.Equal(t, quota{allowed: true, remaining: 1, reset: time.Minute}, l.take("a", t0.Add(320*time.Second)))
}

func TestLimiterNewWindow(t *testing.T) {
	t.Parallel()
	l := newLimiter(1, time.Minute, time.Hour)
	t0 := time.Unix(1_000_000, 0)
	assert.True(t, l.take("a", t0).allowed)
	assert.True(t, l.take("a", t0.Add(time.Minute)).allowed, "the window ended, so the quota is back")
	assert.False(t, l.take("a", t0.Add(time.Minute+time.Second)).allowed)
}

func TestLimiterBlockShorterThanWindow(t *testing.T) {
	t.Parallel()
	l := newLimiter(1, time.Hour, time.Minute)
	t0 := time.Unix(1_000_000, 0)
	assert.True(t, l.take("a", t0).allowed)
	assert.False(t, l.take("a", t0.Add(time.Second)).allowed)
	assert.Equal(t, quota{allowed: true, remaining: 0, reset: time.Hour}, l.take("a", t0.Add(61*time.Second)),
		"the end of the block starts a fresh window")
}

func TestLimiterPeek(t *testing.T) {
	t.Parallel()
	l := newLimiter(2, time.Minute, time.Hour)
	t0 := time.Unix(1_000_000, 0)
	assert.Equal(t, l.unused(), l.peek("a", t0))
	l.take("a", t0)
	assert.Equal(t, quota{allowed: true, remaining: 1, reset: 50 * time.Second}, l.peek("a", t0.Add(10*time.Second)))
	assert.Equal(t, quota{allowed: true, remaining: 1, reset: 50 * time.Second}, l.peek("a", t0.Add(10*time.Second)), "peeking counts nothing")
	assert.Equal(t, l.unused(), l.peek("a", t0.Add(time.Minute)), "the window is over")
	l.take("a", t0)
	l.take("a", t0)
	assert.Equal(t, quota{reset: time.Hour - time.Second}, l.peek("a", t0.Add(time.Second)))
	assert.Equal(t, l.unused(), l.peek("a", t0.Add(time.Hour)), "the block is over")
}

func TestRateLimitHeaders(t *testing.T) {
	t.Parallel()
	l := newLimiter(1200, 5*time.Minute, 5*time.Minute)
	h := http.Header{}
	l.setHeaders(h, quota{allowed: true, remaining: 1199, reset: 299*time.Second + time.Millisecond})
	assert.Equal(t, `"default";r=1199;t=300`, h.Get("Ratelimit"), "seconds round up")
	assert.Equal(t, `"default";q=1200;w=300`, h.Get("Ratelimit-Policy"))
}
