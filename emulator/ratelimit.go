package emulator

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// limiter counts requests per credential in fixed windows, as Cloudflare does: going over the
// limit blocks every request of that credential until the block ends, then a new window starts.
type limiter struct {
	limit         int
	window, block time.Duration

	mu    sync.Mutex
	usage map[string]*usage
}

type usage struct {
	start        time.Time // of the current window
	used         int
	blockedUntil time.Time
}

// quota is what the rate limit headers report after one request.
type quota struct {
	allowed   bool
	remaining int
	reset     time.Duration // until the window ends, or the block when !allowed
}

func newLimiter(limit int, window, block time.Duration) *limiter {
	return &limiter{limit: limit, window: window, block: block, usage: map[string]*usage{}}
}

// take counts one request of key at now.
func (l *limiter) take(key string, now time.Time) quota {
	l.mu.Lock()
	defer l.mu.Unlock()
	u := l.usage[key]
	if u == nil {
		u = &usage{start: now}
		l.usage[key] = u
	}
	if now.Before(u.blockedUntil) {
		return quota{reset: u.blockedUntil.Sub(now)}
	}
	if !u.blockedUntil.IsZero() || !now.Before(u.start.Add(l.window)) {
		// The window is over, or the block is: a fresh window starts.
		u.start, u.used, u.blockedUntil = now, 0, time.Time{}
	}
	if u.used >= l.limit {
		u.blockedUntil = now.Add(l.block)
		return quota{reset: l.block}
	}
	u.used++
	return quota{allowed: true, remaining: l.limit - u.used, reset: u.start.Add(l.window).Sub(now)}
}

// unused is the quota reported to requests that no credential is counted for.
func (l *limiter) unused() quota {
	return quota{allowed: true, remaining: l.limit, reset: l.window}
}

// setHeaders writes the IETF RateLimit draft headers in the form Cloudflare sends them, e.g.
// `Ratelimit: "default";r=1199;t=300` and `Ratelimit-Policy: "default";q=1200;w=300`.
func (l *limiter) setHeaders(h http.Header, q quota) {
	h.Set("Ratelimit", fmt.Sprintf(`"default";r=%d;t=%d`, q.remaining, seconds(q.reset)))
	h.Set("Ratelimit-Policy", fmt.Sprintf(`"default";q=%d;w=%d`, l.limit, seconds(l.window)))
}

// writeRateLimited answers 429 with Retry-After, in whole seconds rounded up.
func writeRateLimited(w http.ResponseWriter, retryAfter time.Duration) {
	w.Header().Set("Retry-After", strconv.FormatInt(seconds(retryAfter), 10))
	writeError(w, http.StatusTooManyRequests, codeRateLimited,
		"Rate limited: too many requests with these credentials; retry after the Retry-After header's seconds")
}

// seconds rounds d up to whole seconds.
func seconds(d time.Duration) int64 { return int64(math.Ceil(d.Seconds())) }
