package cfapi

import (
	"context"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/emulatortest"
)

// The throttle's decisions are tested on a made-up clock: admit and observe take the time.

var epoch = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

func at(d time.Duration) time.Time { return epoch.Add(d) }

// reply is a response carrying Cloudflare's rate limit headers.
func reply(status, remaining, reset, limit, window int) *http.Response {
	return &http.Response{StatusCode: status, Header: http.Header{
		"Ratelimit":        {fmt.Sprintf(`"default";r=%d;t=%d`, remaining, reset)},
		"Ratelimit-Policy": {fmt.Sprintf(`"default";q=%d;w=%d`, limit, window)},
	}}
}

func mustAdmit(t *testing.T, th *throttle, now time.Time) ticket {
	t.Helper()
	tk, delay, why, ok := th.admit(now)
	require.True(t, ok, "refused at %s: wait %s (%s)", now.Sub(epoch), delay, why)
	return tk
}

func mustWait(t *testing.T, th *throttle, now time.Time) (time.Duration, string) {
	t.Helper()
	_, delay, why, ok := th.admit(now)
	require.False(t, ok, "admitted at %s", now.Sub(epoch))
	require.Positive(t, delay)
	return delay, why
}

func newTestThrottle(budget int) *throttle {
	return newThrottle(http.DefaultTransport, budget, 0, func(context.Context, string) {})
}

// Until a reply says what the server allows, one request goes at a time; then requests go
// without waiting while far from the limit.
func TestThrottleProbesFirst(t *testing.T) {
	t.Parallel()
	th := newTestThrottle(0)
	probe := mustAdmit(t, th, at(0))
	assert.True(t, probe.probe)
	mustWait(t, th, at(0))
	th.observe(probe, reply(200, 59, 10, 60, 10), at(50*time.Millisecond))
	for range 50 {
		mustAdmit(t, th, at(50*time.Millisecond))
	}
}

// The server's count is never exceeded: requests in flight may not be counted yet, replies
// arriving out of order do not raise the count, and at zero every request waits for the
// window to end.
func TestThrottleNeverSpendsMoreThanTheServerAllows(t *testing.T) {
	t.Parallel()
	th := newTestThrottle(0)
	th.observe(mustAdmit(t, th, at(0)), reply(200, 19, 10, 20, 10), at(0))
	var sent []ticket
	for {
		tk, _, _, ok := th.admit(at(0))
		if !ok {
			break
		}
		sent = append(sent, tk)
	}
	// 19 left, less a reserve of 2 that is spread over the window (not due at the same instant).
	require.Len(t, sent, 17)
	// The last one sent was counted last; its reply comes first.
	th.observe(sent[16], reply(200, 2, 10, 20, 10), at(time.Second))
	th.observe(sent[0], reply(200, 18, 10, 20, 10), at(time.Second))
	assert.Equal(t, 2-15, th.quota.remaining(at(time.Second)), "the lower count stands, and the 15 in flight may not be in it")
	for i, tk := range sent[1:16] {
		th.observe(tk, reply(200, 17-i, 10, 20, 10), at(time.Second))
	}
	assert.Equal(t, 2, th.quota.remaining(at(time.Second)), "once all are answered, the count is exact")
	mustAdmit(t, th, at(4*time.Second))
	mustAdmit(t, th, at(7*time.Second))
	delay, why := mustWait(t, th, at(7*time.Second))
	assert.Equal(t, 3*time.Second, delay, "until the window ends")
	assert.Contains(t, why, "no requests left of 20 per 10s")
}

// Near the limit, the last requests of the window are spread over what is left of it.
func TestThrottleSlowsDownNearTheLimit(t *testing.T) {
	t.Parallel()
	th := newTestThrottle(0)
	first := reply(200, 3, 40, 60, 60)
	first.Header.Del("Ratelimit-Policy") // without a policy, nothing says others use the token
	th.observe(mustAdmit(t, th, at(0)), first, at(0))
	// 3 left for 40 s: one every 10 s, the last 10 s before the end.
	var times []time.Duration
	now := at(0)
	for len(times) < 3 {
		tk, delay, _, ok := th.admit(now)
		if !ok {
			now = now.Add(delay)
			continue
		}
		times = append(times, now.Sub(epoch))
		th.observe(tk, nil, now)
	}
	assert.Equal(t, []time.Duration{10 * time.Second, 20 * time.Second, 30 * time.Second}, times)
	mustWait(t, th, now)
}

// A new window is learnt from one request; replies to requests sent in an earlier window are
// ignored, since their counts are about a window that is over.
func TestThrottleLearnsEachWindowAfresh(t *testing.T) {
	t.Parallel()
	th := newTestThrottle(0)
	th.observe(mustAdmit(t, th, at(0)), reply(200, 100, 10, 100, 10), at(0))
	late := mustAdmit(t, th, at(9*time.Second))
	probe := mustAdmit(t, th, at(10*time.Second))
	require.True(t, probe.probe)
	mustWait(t, th, at(10*time.Second))
	th.observe(late, reply(200, 0, 1, 100, 10), at(10*time.Second))
	mustWait(t, th, at(10*time.Second))
	th.observe(probe, reply(200, 99, 10, 100, 10), at(10*time.Second))
	assert.Equal(t, 99, th.quota.remaining(at(time.Second)))
	mustAdmit(t, th, at(10*time.Second))
}

// After a 429, every request waits until Retry-After has passed, then one goes first.
func TestThrottleHoldsEveryRequestUntilRetryAfter(t *testing.T) {
	t.Parallel()
	th := newTestThrottle(0)
	th.observe(mustAdmit(t, th, at(0)), reply(200, 500, 300, 1200, 300), at(0))
	a, b := mustAdmit(t, th, at(time.Second)), mustAdmit(t, th, at(time.Second))
	limited := reply(http.StatusTooManyRequests, 0, 300, 1200, 300)
	limited.Header.Set("Retry-After", "30")
	th.observe(a, limited, at(2*time.Second))
	th.observe(b, reply(200, 400, 290, 1200, 300), at(2*time.Second))
	delay, why := mustWait(t, th, at(2*time.Second))
	assert.Equal(t, 30*time.Second, delay)
	assert.Contains(t, why, "Retry-After")
	mustWait(t, th, at(31*time.Second))
	assert.True(t, mustAdmit(t, th, at(32*time.Second)).probe)
	mustWait(t, th, at(32*time.Second))
}

// fixedWindow counts requests as the emulator and Cloudflare do: limit per window, the window
// starting with its first request. It answers at once, with or without the rate limit headers.
type fixedWindow struct {
	limit      int
	window     time.Duration
	silent     bool
	start      time.Time
	used, over int
}

func (s *fixedWindow) answer(now time.Time) *http.Response {
	if s.silent {
		return &http.Response{StatusCode: http.StatusOK, Header: http.Header{}}
	}
	if s.start.IsZero() || !now.Before(s.start.Add(s.window)) {
		s.start, s.used = now, 0
	}
	s.used++
	status := http.StatusOK
	if s.used > s.limit {
		s.over++
		status = http.StatusTooManyRequests
	}
	reset := int(math.Ceil(s.start.Add(s.window).Sub(now).Seconds()))
	return reply(status, max(0, s.limit-s.used), reset, s.limit, int(s.window.Seconds()))
}

// drive sends as much as the throttle allows for d, asking every 100 ms, and returns when each
// request went.
func drive(th *throttle, server *fixedWindow, d time.Duration) []time.Time {
	var sent []time.Time
	for now := at(0); now.Before(at(d)); now = now.Add(100 * time.Millisecond) {
		for {
			tk, _, _, ok := th.admit(now)
			if !ok {
				break
			}
			sent = append(sent, now)
			th.observe(tk, server.answer(now), now)
		}
	}
	return sent
}

// mostInAnyWindow is the largest number of sends within any span of length w.
func mostInAnyWindow(sent []time.Time, w time.Duration) int {
	most := 0
	for i := range sent {
		n := 0
		for _, s := range sent[i:] {
			if s.Sub(sent[i]) < w {
				n++
			}
		}
		most = max(most, n)
	}
	return most
}

// With the server's headers, the throttle uses nearly all of every window, never more.
func TestThrottleUsesTheServersWindows(t *testing.T) {
	t.Parallel()
	server := &fixedWindow{limit: 60, window: 10 * time.Second}
	sent := drive(newTestThrottle(0), server, time.Minute)
	assert.Zero(t, server.over)
	assert.GreaterOrEqual(t, len(sent), 5*60, "at least five full windows in a minute")
}

// Two pipelines sharing a token, each with several requests in flight at once: both see the
// other's use in the server's count, slow down before the limit, and neither is refused.
func TestThrottlesSharingATokenStayUnderTheLimit(t *testing.T) {
	t.Parallel()
	server := &fixedWindow{limit: 120, window: 10 * time.Second}
	pipelines := []*throttle{newTestThrottle(0), newTestThrottle(0)}
	sent := make([]int, len(pipelines))
	for now := at(0); now.Before(at(time.Minute)); now = now.Add(50 * time.Millisecond) {
		for i, th := range pipelines {
			// Up to 4 requests go out before any of their replies is back.
			var inFlight []ticket
			for range 4 {
				if tk, _, _, ok := th.admit(now); ok {
					inFlight = append(inFlight, tk)
				}
			}
			var replies []*http.Response
			for range inFlight {
				replies = append(replies, server.answer(now))
			}
			for j, tk := range inFlight {
				th.observe(tk, replies[j], now)
			}
			sent[i] += len(inFlight)
		}
	}
	assert.Zero(t, server.over, "requests refused")
	for i, n := range sent {
		assert.GreaterOrEqual(t, n, 120, "pipeline %d got a fair part of 6 windows of 120", i)
	}
	assert.GreaterOrEqual(t, sent[0]+sent[1], 5*120, "together they use the windows")
}

// A server that sends no rate limit headers gets Cloudflare's documented limit.
func TestThrottleWithoutHeadersKeepsCloudflaresLimit(t *testing.T) {
	t.Parallel()
	sent := drive(newTestThrottle(0), &fixedWindow{silent: true}, 11*time.Minute)
	assert.LessOrEqual(t, mostInAnyWindow(sent, 5*time.Minute), 1200)
	assert.GreaterOrEqual(t, len(sent), 2*1200)
}

// The configured budget holds in any five minutes, whatever the server allows.
func TestThrottleBudgetHoldsInAnyFiveMinutes(t *testing.T) {
	t.Parallel()
	sent := drive(newTestThrottle(100), &fixedWindow{limit: 100000, window: 10 * time.Second}, 16*time.Minute)
	assert.LessOrEqual(t, mostInAnyWindow(sent, 5*time.Minute), 100)
	assert.GreaterOrEqual(t, len(sent), 3*100-10, "the budget is used, not starved")
}

// While a request waits, the user is told why and until when.
func TestThrottleTellsTheUserWhyItWaits(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	var told []string
	th := newThrottle(http.DefaultTransport, 0, 0, func(_ context.Context, msg string) {
		told = append(told, msg)
		cancel()
	})
	limited := &http.Response{StatusCode: http.StatusTooManyRequests, Header: http.Header{"Retry-After": {"120"}}}
	th.observe(mustAdmit(t, th, time.Now()), limited, time.Now())
	_, err := th.wait(ctx)
	require.ErrorIs(t, err, context.Canceled)
	require.Len(t, told, 1)
	assert.Contains(t, told[0], "Cloudflare's rate limit was reached")
	assert.Contains(t, told[0], "Retry-After")
	assert.Regexp(t, `waiting (2m0s|1m59s), until \d\d:\d\d:\d\d`, told[0])
}

// Many concurrent requests against a server allowing 20 per second all succeed without one
// 429: the throttle waits instead of letting the server refuse.
func TestThrottleKeepsUnderTheEmulatorsLimit(t *testing.T) {
	t.Parallel()
	emu := emulatortest.Start(t, emulator.Options{RateLimit: 20, RateWindow: time.Second, RateBlock: time.Minute})
	client := newHTTPClient(0, time.Minute, func(context.Context, string) {})
	var wg sync.WaitGroup
	var failed atomic.Int32
	for range 50 {
		wg.Go(func() {
			req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, emu.URL+"accounts/"+emu.AccountID+"/secondary_dns/tsigs", nil)
			if err != nil {
				panic(err)
			}
			req.Header.Set("Authorization", "Bearer "+emu.Token)
			resp, err := client.Do(req)
			if err != nil || resp.StatusCode != http.StatusOK {
				failed.Add(1)
			}
			if resp != nil {
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		})
	}
	wg.Wait()
	assert.Zero(t, failed.Load())
	assert.Equal(t, int64(50), emu.Stats().Requests)
	assert.Zero(t, emu.Stats().RateLimited)
}

// Concurrent calls reuse connections: no more are opened than calls run at once.
func TestConnectionsAreReused(t *testing.T) {
	t.Parallel()
	var opened atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Ratelimit", `"default";r=100000;t=300`)
		_, _ = io.WriteString(w, "{}")
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			opened.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	client := newHTTPClient(0, time.Minute, func(context.Context, string) {})
	const parallel = 32
	for range 5 {
		var wg sync.WaitGroup
		for range parallel {
			wg.Go(func() {
				resp, err := client.Get(srv.URL)
				if err == nil {
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
			})
		}
		wg.Wait()
	}
	assert.LessOrEqual(t, int(opened.Load()), parallel)
	assert.Positive(t, opened.Load())
}

// A request the throttle lets go still has its own time limit, counted from when it is sent.
func TestThrottleBoundsEachRequest(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(func() { close(release); srv.Close() })
	client := newHTTPClient(0, 50*time.Millisecond, func(context.Context, string) {})
	_, err := client.Get(srv.URL)
	require.Error(t, err)
	assert.True(t, strings.Contains(err.Error(), "deadline exceeded"), err.Error())
}

// BenchmarkThrottle is the throttle's own cost per request, far from the limit.
func BenchmarkThrottle(b *testing.B) {
	th := newThrottle(http.DefaultTransport, 0, 0, nil)
	ok := &http.Response{StatusCode: http.StatusOK, Header: http.Header{
		"Ratelimit": {`"default";r=1000000;t=300`}, "Ratelimit-Policy": {`"default";q=1000000;w=300`},
	}}
	now := time.Now()
	for b.Loop() {
		th.mu.Lock()
		tk, _, _, admitted := th.admit(now)
		th.mu.Unlock()
		if !admitted {
			b.Fatal("refused")
		}
		th.observe(tk, ok, now)
	}
}
