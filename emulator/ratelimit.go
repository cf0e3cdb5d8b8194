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
	l.advance(u, now)
	if !now.Before(u.blockedUntil) && u.used >= l.limit {
		u.blockedUntil = now.Add(l.block)
	}
	if now.Before(u.blockedUntil) {
		return quota{reset: u.blockedUntil.Sub(now)}
	}
	u.used++
	return l.left(u, now)
}

// peek reports key's quota at now without counting a request.
func (l *limiter) peek(key string, now time.Time) quota {
	l.mu.Lock()
	defer l.mu.Unlock()
	u, ok := l.usage[key]
	if !ok {
		return l.unused()
	}
	v := *u
	l.advance(&v, now)
	if now.Before(v.blockedUntil) {
		return quota{reset: v.blockedUntil.Sub(now)}
	}
	return l.left(&v, now)
}

// advance starts a fresh window when the current one, or the block, is over.
func (l *limiter) advance(u *usage, now time.Time) {
	blockOver := !u.blockedUntil.IsZero() && !now.Before(u.blockedUntil)
	windowOver := u.blockedUntil.IsZero() && !now.Before(u.start.Add(l.window))
	if blockOver || windowOver {
		*u = usage{start: now}
	}
}

func (l *limiter) left(u *usage, now time.Time) quota {
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
