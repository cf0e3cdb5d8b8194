package cfapi

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/cloudflare/cloudflare-go/v6"
	p "github.com/pulumi/pulumi-go-provider"
)

// DefaultMaxRetryWait is how long one call may wait, in all, for Cloudflare to recover: long
// enough to sit out the 5-minute block that follows going over the rate limit.
const DefaultMaxRetryWait = 10 * time.Minute

// RetryPolicy says how one call rides out transient failures. The HTTP transport below it
// paces requests and holds them while Cloudflare's rate limit blocks; this policy decides
// whether to try again at all, and for how long.
type RetryPolicy struct {
	MaxAttempts int           // per call, the first included
	FirstDelay  time.Duration // the backoff before the second attempt; it doubles after each
	MaxDelay    time.Duration // the backoff's ceiling (a longer Retry-After is still honoured)
	MaxWait     time.Duration // all the waiting one call may do (the maxRetryWait setting)
	TellAfter   time.Duration // the shortest wait worth a status message in the CLI
}

// DefaultRetryPolicy is the policy of a configured provider before maxRetryWait applies.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{
		MaxAttempts: 10, FirstDelay: 500 * time.Millisecond, MaxDelay: 30 * time.Second,
		MaxWait: DefaultMaxRetryWait, TellAfter: 2 * time.Second,
	}
}

// backoff is the pause before attempt n+1: exponential with jitter, and never shorter than
// what Cloudflare asked for in Retry-After.
func (r RetryPolicy) backoff(n int, retryAfter time.Duration) time.Duration {
	d := r.FirstDelay
	for i := 1; i < n && d < r.MaxDelay; i++ {
		d *= 2
	}
	d = min(d, r.MaxDelay)
	if d > 0 {
		d -= rand.N(d/4 + 1) // spread concurrent retries apart
	}
	return max(d, retryAfter)
}

// applied says whether a failed request may have been carried out by Cloudflare.
type applied int

const (
	notApplied   applied = iota // certain: refused, or never sent
	maybeApplied                // the request may have reached Cloudflare and been carried out
)

// judgement is what a failed attempt means for trying again.
type judgement struct {
	applied    applied
	retry      bool          // whether another attempt can succeed where this one failed
	retryAfter time.Duration // what Cloudflare asked to wait, if anything
	reason     string        // for status messages, e.g. "answered 503"
}

// judge reads a failed attempt. sent reports whether the request's headers went out.
func judge(err error, sent bool) judgement {
	if status, wait, ok := replyStatus(err); ok {
		switch {
		case status == http.StatusTooManyRequests:
			// Cloudflare rejects a rate-limited request before acting on it.
			return judgement{applied: notApplied, retry: true, retryAfter: wait, reason: "is rate limiting"}
		case status == http.StatusRequestTimeout || status >= http.StatusInternalServerError:
			return judgement{applied: maybeApplied, retry: true, retryAfter: wait, reason: "answered " + strconv.Itoa(status)}
		case status == http.StatusConflict:
			return judgement{applied: maybeApplied, reason: "answered 409"}
		case status >= http.StatusBadRequest:
			return judgement{applied: notApplied}
		}
	}
	var reply *replyError
	if errors.As(err, &reply) {
		// A reply arrived but cannot be used: whatever it was, the request got through.
		if reply.incomplete {
			return judgement{applied: maybeApplied, retry: true, reason: "sent a reply that was cut short"}
		}
		return judgement{applied: maybeApplied}
	}
	var redirect *redirectError
	if isCertificateError(err) || errors.As(err, &redirect) {
		return judgement{applied: notApplied}
	}
	var urlErr *url.Error
	if !errors.As(err, &urlErr) && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
		// The SDK's own checks (a missing ID) fail before any connection; no retry fixes them.
		return judgement{applied: notApplied}
	}
	// Connection failures, timeouts and cancellation: only whether the request went out matters.
	if sent {
		return judgement{applied: maybeApplied, retry: true, reason: "did not answer"}
	}
	return judgement{applied: notApplied, retry: true, reason: "could not be reached"}
}

// replyStatus returns the HTTP status of a failure that came with a reply, and how long the
// reply asked to wait before another attempt (none when it did not).
func replyStatus(err error) (int, time.Duration, bool) {
	var cfErr *cloudflare.Error
	if errors.As(err, &cfErr) {
		var wait time.Duration
		if cfErr.Response != nil {
			wait, _ = retryAfter(cfErr.Response.Header, time.Now())
		}
		return cfErr.StatusCode, wait, true
	}
	var reply *replyError
	if errors.As(err, &reply) && reply.StatusCode >= http.StatusBadRequest {
		return reply.StatusCode, reply.retryAfter, true
	}
	return 0, 0, false
}

// isCertificateError reports a TLS verification failure: it will not go away by retrying.
func isCertificateError(err error) bool {
	var verify *tls.CertificateVerificationError
	var unknown x509.UnknownAuthorityError
	var host x509.HostnameError
	var invalid x509.CertificateInvalidError
	return errors.As(err, &verify) || errors.As(err, &unknown) || errors.As(err, &host) || errors.As(err, &invalid)
}

// call runs one API call that is harmless to send twice (a read, a whole-object PUT, a delete,
// a switch to a state), trying again while the policy allows. Creates go through Kind.Create.
func (c *Client) call(ctx context.Context, op Operation, do func(context.Context) error) error {
	var waited time.Duration
	for attempt := 1; ; attempt++ {
		sent, err := send(ctx, do)
		if err == nil {
			return nil
		}
		j := judge(err, sent)
		if !j.retry {
			return err
		}
		if stop := c.pause(ctx, op, attempt, &waited, j); stop != "" {
			return &gaveUp{reason: stop, cause: err}
		}
	}
}

// send makes one attempt and reports whether the request's headers were written, which
// tells a request that may have reached Cloudflare from one that never left.
func send(ctx context.Context, do func(context.Context) error) (bool, error) {
	var wrote atomic.Bool
	err := do(httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{WroteHeaders: func() { wrote.Store(true) }}))
	return wrote.Load(), err
}

// pause waits before attempt+1 and returns "", or returns why it will not: the attempts or
// the time allowed are used up, or ctx ended. A long wait shows as a status message in the CLI.
func (c *Client) pause(ctx context.Context, op Operation, attempt int, waited *time.Duration, j judgement) string {
	const cancelled = "cancelled while waiting to try again"
	if ctx.Err() != nil {
		return cancelled
	}
	if attempt >= c.retry.MaxAttempts {
		return fmt.Sprintf("gave up after %d attempts", attempt)
	}
	delay := c.retry.backoff(attempt, j.retryAfter)
	if *waited+delay > c.retry.MaxWait {
		return fmt.Sprintf("gave up after %s: maxRetryWait (%s) is used up", plural(attempt, "attempt"), c.retry.MaxWait)
	}
	if delay >= c.retry.TellAfter {
		p.GetLogger(ctx).InfoStatusf("%s: Cloudflare %s; trying again in %s (at %s; maxRetryWait %s)",
			op, j.reason, delay.Round(time.Second), c.clock.Now().Add(delay).Format(time.TimeOnly), c.retry.MaxWait)
	}
	select {
	case <-ctx.Done():
		return cancelled
	case <-c.clock.After(delay):
		*waited += delay
		return ""
	}
}

// gaveUp is the last failure of a call, with why the client stopped trying.
type gaveUp struct {
	reason string
	cause  error
}

func (g *gaveUp) Error() string { return g.cause.Error() + " (" + g.reason + ")" }
func (g *gaveUp) Unwrap() error { return g.cause }

// maxRetryWaitLimit keeps a typo such as "10000m" from hanging a deployment for days.
const maxRetryWaitLimit = 24 * time.Hour

// ParseMaxRetryWait reads the maxRetryWait setting; empty means the default.
func ParseMaxRetryWait(s string) (time.Duration, error) {
	if s == "" {
		return DefaultMaxRetryWait, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 || d > maxRetryWaitLimit {
		return 0, fmt.Errorf("%q is not a duration from 0s to 24h: expected a duration such as \"10m\", \"90s\" or \"0s\" (fail at once)", s)
	}
	return d, nil
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
