package cfapi

import (
	"context"
	"crypto/x509"
	"errors"
	"net"
	"net/http"
	"net/url"
	"syscall"
	"testing"
	"time"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/stretchr/testify/assert"
)

func TestJudge(t *testing.T) {
	t.Parallel()
	status := func(code int, header http.Header) error {
		return &cloudflare.Error{StatusCode: code, Response: &http.Response{StatusCode: code, Header: header}}
	}
	refused := &url.Error{Op: "Post", URL: "https://api.cloudflare.com/", Err: &net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}}
	reset := &url.Error{Op: "Post", URL: "https://api.cloudflare.com/", Err: &net.OpError{Op: "read", Err: syscall.ECONNRESET}}
	tests := []struct {
		name string
		err  error
		sent bool
		want judgement
	}{
		{"429 with Retry-After", status(429, http.Header{"Retry-After": {"7"}}), true,
			judgement{applied: notApplied, retry: true, retryAfter: 7 * time.Second, reason: "is rate limiting"}},
		{"500", status(500, nil), true, judgement{applied: maybeApplied, retry: true, reason: "answered 500"}},
		{"503 from a proxy, not JSON", &replyError{StatusCode: 503}, true, judgement{applied: maybeApplied, retry: true, reason: "answered 503"}},
		{"408", status(408, nil), true, judgement{applied: maybeApplied, retry: true, reason: "answered 408"}},
		{"409", status(409, nil), true, judgement{applied: maybeApplied, reason: "answered 409"}},
		{"400", status(400, nil), true, judgement{applied: notApplied}},
		{"403", status(403, nil), true, judgement{applied: notApplied}},
		{"404", status(404, nil), true, judgement{applied: notApplied}},
		{"200 that cannot be used", &replyError{StatusCode: 200, Problem: "has no result"}, true, judgement{applied: maybeApplied}},
		{"503 with Retry-After", status(503, http.Header{"Retry-After": {"3"}}), true,
			judgement{applied: maybeApplied, retry: true, retryAfter: 3 * time.Second, reason: "answered 503"}},
		{"429 with an absurd Retry-After", status(429, http.Header{"Retry-After": {"99999999999999999"}}), true,
			judgement{applied: notApplied, retry: true, retryAfter: longestWindow, reason: "is rate limiting"}},
		{"429 with a past date for Retry-After", status(429, http.Header{"Retry-After": {"Wed, 21 Oct 2015 07:28:00 GMT"}}), true,
			judgement{applied: notApplied, retry: true, reason: "is rate limiting"}},
		{"429 with a far date for Retry-After", status(429, http.Header{"Retry-After": {"Fri, 21 Oct 2095 07:28:00 GMT"}}), true,
			judgement{applied: notApplied, retry: true, retryAfter: longestWindow, reason: "is rate limiting"}},
		{"200 cut short", &replyError{StatusCode: 200, incomplete: true}, true,
			judgement{applied: maybeApplied, retry: true, reason: "sent a reply that was cut short"}},
		{"connection refused", refused, false, judgement{applied: notApplied, retry: true, reason: "could not be reached"}},
		{"connection reset after sending", reset, true, judgement{applied: maybeApplied, retry: true, reason: "did not answer"}},
		{"cancelled after sending", context.Canceled, true, judgement{applied: maybeApplied, retry: true, reason: "did not answer"}},
		{"cancelled before sending", context.Canceled, false, judgement{applied: notApplied, retry: true, reason: "could not be reached"}},
		{"attempt timed out after sending", context.DeadlineExceeded, true, judgement{applied: maybeApplied, retry: true, reason: "did not answer"}},
		{"certificate not trusted", &url.Error{Op: "Get", Err: x509.UnknownAuthorityError{}}, false, judgement{applied: notApplied}},
		{"the SDK's own check", errors.New("missing required account_id parameter"), false, judgement{applied: notApplied}},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, judge(tt.err, tt.sent), tt.name)
	}
}

func TestBackoff(t *testing.T) {
	t.Parallel()
	r := DefaultRetryPolicy()
	for _, tt := range []struct {
		attempt    int
		retryAfter time.Duration
		lo, hi     time.Duration
	}{
		{1, 0, 375 * time.Millisecond, 500 * time.Millisecond},
		{2, 0, 750 * time.Millisecond, time.Second},
		{4, 0, 3 * time.Second, 4 * time.Second},
		{9, 0, 22500 * time.Millisecond, 30 * time.Second},
		{1, 5 * time.Minute, 5 * time.Minute, 5 * time.Minute}, // a rate-limit block is waited out whole
	} {
		for range 20 {
			d := r.backoff(tt.attempt, tt.retryAfter)
			assert.True(t, d >= tt.lo && d <= tt.hi, "attempt %d: %s not in [%s, %s]", tt.attempt, d, tt.lo, tt.hi)
		}
	}
}
