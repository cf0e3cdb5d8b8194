package cfapi

import (
	"context"
	"fmt"
	"io"
	"math"
	"net/http"
	"runtime"
	"sync"
	"time"

	p "github.com/pulumi/pulumi-go-provider"
	"golang.org/x/time/rate"
)

// Cloudflare allows 1,200 requests per five minutes per token; going over blocks every call of
// that token for five minutes.
const (
	DefaultRequestsPerFiveMinutes = 1200
	minRequestsPerFiveMinutes     = 10
	budgetWindow                  = 5 * time.Minute
)

// statusAfter is the shortest wait worth a status message.
const statusAfter = time.Second

// statusFunc shows the user why the provider is waiting.
type statusFunc func(ctx context.Context, msg string)

// providerStatus shows a status message in the Pulumi CLI, next to the resource being worked on.
func providerStatus(ctx context.Context, msg string) { p.GetLogger(ctx).InfoStatus(msg) }

// NewHTTPClient is the HTTP client of one configured provider: pooled connections under a
// throttle that keeps its credential under Cloudflare's rate limit. requestsPerFiveMinutes is
// the configured share of the token, 0 when none is configured.
func NewHTTPClient(requestsPerFiveMinutes int) *http.Client {
	return newHTTPClient(requestsPerFiveMinutes, requestTimeout, providerStatus)
}

func newHTTPClient(requestsPerFiveMinutes int, attemptTimeout time.Duration, status statusFunc) *http.Client {
	return &http.Client{Transport: newThrottle(pooledTransport(), requestsPerFiveMinutes, attemptTimeout, status)}
}

// pooledTransport keeps enough idle connections for the engine's parallelism (4 per CPU by
// default), so that concurrent resource operations reuse connections instead of opening new ones.
func pooledTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	idle := max(64, 4*runtime.GOMAXPROCS(0))
	t.MaxIdleConns = 2 * idle
	t.MaxIdleConnsPerHost = idle
	return t
}

// throttle is an http.RoundTripper that holds each request until sending it stays within
// Cloudflare's rate limit, as the server reports it in every response, and within the
// configured budget. It only ever waits: whether a failed call is tried again is decided above.
type throttle struct {
	next       http.RoundTripper
	budget     *rate.Limiter // the configured share of the token; nil when none is configured
	budgetSize int
	unknown    *rate.Limiter // Cloudflare's documented limit, for a server that sends no headers
	attempt    time.Duration // bounds each request from when it is sent; 0 for no bound
	status     statusFunc
	now        func() time.Time

	mu      sync.Mutex
	changed chan struct{} // closed when the state changes, to wake waiting requests
	quota   serverQuota
}

// serverQuota is what the throttle knows of the server's rate limit for its credential.
type serverQuota struct {
	mode     quotaMode
	known    bool          // left and reset describe the current window
	probing  bool          // one request is out to learn about a new window
	window   int           // bumped when a window ends: replies from older ones are ignored
	left     int           // the fewest requests left any reply of the window reported
	lost     int           // requests of the window that got no reply: they may have counted
	reset    time.Time     // the earliest end of the window any reply implied
	limit    int           // per policyWindow, from Ratelimit-Policy; 0 when not said
	policy   time.Duration // the policy's window
	inflight int
	lastSent time.Time
	blocked  time.Time // no request before this: Cloudflare answered 429 with Retry-After

	// What else uses the token: own requests answered in the window, and the rate at which
	// the server's count went down beyond them, as of the last reply.
	answered  int
	lastReply time.Time
	others    float64 // requests per second
}

type quotaMode int

const (
	quotaUnheard quotaMode = iota // no reply yet: one request at a time until one comes
	quotaHeaders                  // replies carry Ratelimit headers
	quotaSilent                   // replies carry none: only the local budgets apply
)

func newThrottle(next http.RoundTripper, requestsPerFiveMinutes int, attempt time.Duration, status statusFunc) *throttle {
	t := &throttle{
		next:    next,
		unknown: fiveMinuteLimiter(DefaultRequestsPerFiveMinutes),
		attempt: attempt,
		status:  status,
		now:     time.Now,
		changed: make(chan struct{}),
	}
	if requestsPerFiveMinutes > 0 {
		t.budget, t.budgetSize = fiveMinuteLimiter(requestsPerFiveMinutes), requestsPerFiveMinutes
	}
	return t
}

// RequestBudgetAccepts is what requestsPerFiveMinutes accepts, for error messages.
var RequestBudgetAccepts = fmt.Sprintf("an integer from %d to %d (Cloudflare's limit per API token)",
	minRequestsPerFiveMinutes, DefaultRequestsPerFiveMinutes)

func ValidateRequestBudget(n int) error {
	if n < minRequestsPerFiveMinutes || n > DefaultRequestsPerFiveMinutes {
		return fmt.Errorf("%d is out of range: expected %s", n, RequestBudgetAccepts)
	}
	return nil
}

// fiveMinuteLimiter allows at most n requests in any five minutes: a burst of a tenth of them,
// and the rest spread evenly.
func fiveMinuteLimiter(n int) *rate.Limiter {
	burst := max(1, n/10)
	return rate.NewLimiter(rate.Limit(float64(n-burst)/budgetWindow.Seconds()), burst)
}

// ticket is an admitted request: which window it was sent in, and whether it is the probe.
type ticket struct {
	window int
	probe  bool
}

// RoundTrip waits for the request's turn, sends it, and learns from the reply.
func (t *throttle) RoundTrip(req *http.Request) (*http.Response, error) {
	tk, err := t.wait(req.Context())
	if err != nil {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, err
	}
	ctx, cancel := req.Context(), context.CancelFunc(func() {})
	if t.attempt > 0 {
		ctx, cancel = context.WithTimeout(ctx, t.attempt)
	}
	resp, err := t.next.RoundTrip(req.WithContext(ctx))
	t.observe(tk, resp, t.now())
	if err != nil {
		cancel()
		return nil, err
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

// cancelOnClose ends a request's timeout once its reply has been read.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (c *cancelOnClose) Close() error {
	err := c.ReadCloser.Close()
	c.cancel()
	return err
}

// wait blocks until the request may be sent, telling the user why when it takes a while.
func (t *throttle) wait(ctx context.Context) (ticket, error) {
	told := ""
	for {
		now := t.now()
		t.mu.Lock()
		tk, delay, why, ok := t.admit(now)
		changed := t.changed
		t.mu.Unlock()
		if ok {
			return tk, nil
		}
		if delay >= statusAfter && why != told {
			t.status(ctx, fmt.Sprintf("%s: waiting %s, until %s", why, delay.Round(time.Second), now.Add(delay).Format(time.TimeOnly)))
			told = why
		}
		timer := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			timer.Stop()
			return ticket{}, ctx.Err()
		case <-changed:
			timer.Stop()
		case <-timer.C:
		}
	}
}

// recheck is how long a request waits for another's reply before looking again.
const recheck = time.Second

// admit decides, at now, whether one more request may go. If not, it says how long to wait
// at most before asking again, and why. Called with mu held.
func (t *throttle) admit(now time.Time) (tk ticket, delay time.Duration, why string, ok bool) {
	q := &t.quota
	if now.Before(q.blocked) {
		return ticket{}, q.blocked.Sub(now), "Cloudflare's rate limit was reached (it answered 429); every request waits for its Retry-After", false
	}
	if q.known && !now.Before(q.reset) {
		q.known = false
		q.window++
	}
	probe := false
	switch {
	case q.mode == quotaSilent:
	case !q.known && q.probing:
		return ticket{}, recheck, "", false
	case !q.known:
		probe = true
	case q.remaining(now) <= 0:
		return ticket{}, q.reset.Sub(now), fmt.Sprintf("Cloudflare's rate limit: no requests left %s", t.windowText()), false
	case q.remaining(now) <= t.reserve():
		// Near the limit, the last requests are spread over what is left of the window, so that
		// whatever else uses the token slows down too before anyone is blocked.
		left := q.remaining(now)
		next := q.lastSent.Add(q.reset.Sub(q.lastSent) / time.Duration(left+1))
		if now.Before(next) {
			return ticket{}, next.Sub(now), fmt.Sprintf("Cloudflare's rate limit: %d requests left %s", left, t.windowText()), false
		}
	}
	if d, why := t.takeBudget(now); d > 0 {
		return ticket{}, d, why, false
	}
	q.probing = q.probing || probe
	q.inflight++
	q.lastSent = now
	return ticket{window: q.window, probe: probe}, 0, "", true
}

// takeBudget takes one request from the local budgets that apply, or says how long to wait.
func (t *throttle) takeBudget(now time.Time) (time.Duration, string) {
	var taken []*rate.Reservation
	for _, l := range []struct {
		limiter *rate.Limiter
		why     string
	}{
		{t.budget, fmt.Sprintf("the provider's requestsPerFiveMinutes budget (%d)", t.budgetSize)},
		{t.unknownLimit(), fmt.Sprintf("Cloudflare's rate limit (%d requests per 5 minutes)", DefaultRequestsPerFiveMinutes)},
	} {
		if l.limiter == nil {
			continue
		}
		r := l.limiter.ReserveN(now, 1)
		if d := r.DelayFrom(now); d > 0 || !r.OK() {
			r.CancelAt(now)
			for _, prev := range taken {
				prev.CancelAt(now)
			}
			if !r.OK() {
				d = recheck
			}
			return d, l.why
		}
		taken = append(taken, r)
	}
	return 0, ""
}

// unknownLimit applies Cloudflare's documented limit while the server has not said its own.
func (t *throttle) unknownLimit() *rate.Limiter {
	if t.quota.mode == quotaHeaders {
		return nil
	}
	return t.unknown
}

// reserve is how close to the limit requests start being spread out: a tenth of the window's
// allowance.
func (t *throttle) reserve() int {
	limit := t.quota.limit
	if limit == 0 {
		limit = DefaultRequestsPerFiveMinutes
	}
	return max(1, limit/10)
}

func (t *throttle) windowText() string {
	if t.quota.limit == 0 {
		return "in this window"
	}
	return fmt.Sprintf("of %d per %s", t.quota.limit, t.quota.policy)
}

// observe learns from a reply (nil when none came) to a request admitted with tk.
func (t *throttle) observe(tk ticket, resp *http.Response, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	defer t.wake()
	q := &t.quota
	q.inflight--
	if tk.probe {
		q.probing = false
	}
	if resp == nil {
		if tk.window == q.window {
			q.lost++
		}
		return
	}
	report := readQuota(resp.Header)
	if report.hasPolicy {
		q.limit, q.policy = report.limit, report.window
	}
	switch {
	case report.hasRemaining:
		q.mode = quotaHeaders
		if tk.window == q.window {
			q.learn(report, now)
		}
	case q.mode == quotaUnheard:
		q.mode = quotaSilent
	}
	if resp.StatusCode == http.StatusTooManyRequests {
		wait, ok := retryAfter(resp.Header, now)
		if !ok && report.hasRemaining {
			wait, ok = report.reset, true
		}
		if ok && now.Add(wait).After(q.blocked) {
			q.blocked = now.Add(wait)
		}
		// Whatever the throttle thought, the window is spent: learn the next one afresh.
		q.known = false
		q.window++
	}
}

// learn takes in what a reply from the current window says. The server's count only goes
// down within a window, so the lowest count reported covers every request already answered;
// requests still in flight, or lost, may not be in it yet.
func (q *serverQuota) learn(report quotaReport, now time.Time) {
	reset := now.Add(report.reset)
	if !q.known {
		q.known, q.left, q.lost, q.answered, q.reset = true, report.remaining, 0, 0, reset
	} else {
		q.left = min(q.left, report.remaining)
		if reset.Before(q.reset) {
			q.reset = reset
		}
	}
	q.answered++
	q.lastReply = now
	q.others = 0
	if q.limit > 0 && q.policy > 0 {
		used := q.limit - report.remaining - q.answered
		if elapsed := now.Sub(q.reset.Add(-q.policy)); used > 0 && elapsed > 0 {
			q.others = float64(used) / elapsed.Seconds()
		}
	}
}

// remaining is how many more requests the window surely allows at now: what the last replies
// said, less this throttle's requests not yet counted, less what others with the same token
// have likely sent since (at least one, if any other was seen at all).
func (q *serverQuota) remaining(now time.Time) int {
	unseen := 0
	if q.others > 0 {
		unseen = max(1, int(math.Ceil(q.others*now.Sub(q.lastReply).Seconds())))
	}
	return q.left - q.inflight - q.lost - unseen
}

// wake lets every waiting request look again. Called with mu held.
func (t *throttle) wake() {
	close(t.changed)
	t.changed = make(chan struct{})
}
