package provider

import (
	"context"
	"crypto/x509"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"syscall"
	"testing"
	"time"

	"github.com/blang/semver"
	"github.com/cloudflare/cloudflare-go/v6"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/integration"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/emulatortest"
)

// fastRetry rides out faults as the default policy does, with millisecond waits.
var fastRetry = retryPolicy{maxAttempts: 10, firstDelay: time.Millisecond, maxDelay: 4 * time.Millisecond, maxWait: DefaultMaxRetryWait, tellAfter: time.Hour}

// setup describes a provider in front of its own emulator.
type setup struct {
	opts   emulator.Options
	config map[string]property.Value // added to the token, account and base URL; "" values are left out
	policy *retryPolicy              // nil: the default policy
	front  func(next http.Handler) http.Handler
}

// serve starts the emulator (behind s.front, if any) and a provider configured for it, served
// with s.policy in its context.
func serve(t *testing.T, s setup) *harness {
	t.Helper()
	if len(s.opts.Accounts) == 0 {
		s.opts.Accounts = []string{emulator.DemoAccountID, otherAccount}
	}
	var emu *emulatortest.Server
	if s.front == nil {
		emu = emulatortest.Start(t, s.opts)
	} else {
		e, err := emulator.New(s.opts)
		require.NoError(t, err)
		hs := httptest.NewServer(s.front(e))
		t.Cleanup(hs.Close)
		emu = &emulatortest.Server{Emulator: e, URL: hs.URL + emulator.BasePath, Token: e.Tokens()[0], AccountID: e.Accounts()[0]}
	}
	ctx := t.Context()
	if s.policy != nil {
		ctx = context.WithValue(ctx, retryPolicyKey{}, *s.policy)
	}
	prov, err := New()
	require.NoError(t, err)
	srv, err := integration.NewServer(ctx, Name, semver.MustParse("1.0.0"), integration.WithProvider(prov))
	require.NoError(t, err)
	all := map[string]property.Value{"apiToken": secret(emu.Token), "accountId": str(emu.AccountID), "baseUrl": str(emu.URL)}
	for k, v := range s.config {
		if !v.IsString() || v.AsString() != "" {
			all[k] = v
		}
	}
	configure(t, srv, all)
	return &harness{t: t, srv: srv, emu: emu}
}

// startWith is start with more provider configuration and, unless policy is nil, the retry
// policy the provider is served with.
func startWith(t *testing.T, opts emulator.Options, config map[string]property.Value, policy *retryPolicy) *harness {
	t.Helper()
	return serve(t, setup{opts: opts, config: config, policy: policy})
}

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
	r := defaultRetryPolicy()
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

// Reads, updates and deletes ride out server errors, lost connections and lost replies: an
// update is sent again whole, and a delete whose reply was lost finds the object gone.
func TestTransientFaultsAreRiddenOut(t *testing.T) {
	t.Parallel()
	h := startWith(t, emulator.Options{}, nil, &fastRetry)
	id, state := h.up(tsigType, "key", tsigInputs("key.example."))
	h.emu.ResetObservations()

	h.emu.InjectFault(emulator.Fault{Kind: emulator.FaultServerError, Method: http.MethodGet})
	h.emu.InjectFault(emulator.Fault{Kind: emulator.FaultReset, Method: http.MethodGet})
	read, err := h.srv.Read(p.ReadRequest{ID: id, Urn: urn(tsigType, "key"), Properties: state})
	require.NoError(t, err)
	assert.Equal(t, id, read.ID)

	h.emu.InjectFault(emulator.Fault{Kind: emulator.FaultCommitThenDrop, Method: http.MethodPut})
	next := tsigInputs("renamed.example.")
	updated, err := h.srv.Update(p.UpdateRequest{ID: id, Urn: urn(tsigType, "key"), State: state, Inputs: h.check(tsigType, "key", next)})
	require.NoError(t, err)
	assert.Equal(t, str("renamed.example."), updated.Properties.Get("name"))

	h.emu.InjectFault(emulator.Fault{Kind: emulator.FaultCommitThenDrop, Method: http.MethodDelete})
	err = h.srv.Delete(p.DeleteRequest{ID: id, Urn: urn(tsigType, "key"), Properties: updated.Properties})
	require.NoError(t, err)
	assert.Empty(t, h.emu.TSIGs(h.emu.AccountID))
	assert.Equal(t, []string{
		"GET tsigs/" + id + " 500", "GET tsigs/" + id + " 0", "GET tsigs/" + id + " 200",
		"PUT tsigs/" + id + " 0", "PUT tsigs/" + id + " 200",
		"DELETE tsigs/" + id + " 0", "DELETE tsigs/" + id + " 404",
	}, h.exchanges())
}

// A rate-limit block longer than maxRetryWait fails at once, saying so, rather than waiting
// in vain; one within it is waited out.
func TestRateLimitBlockAndMaxRetryWait(t *testing.T) {
	t.Parallel()
	h := startWith(t, emulator.Options{}, map[string]property.Value{"maxRetryWait": str("1m")}, &fastRetry)
	h.emu.InjectFault(emulator.Fault{Kind: emulator.FaultRateLimit, Method: http.MethodGet, RetryAfter: 5 * time.Minute})
	start := time.Now()
	_, err := h.srv.Invoke(p.InvokeRequest{Token: "cloudflare-secondary-dns:index:listTsigs", Args: property.NewMap(nil)})
	require.Error(t, err)
	assert.Less(t, time.Since(start), 5*time.Second)
	assert.Contains(t, err.Error(), "listing Tsigs in account "+emulator.DemoAccountID+": Cloudflare answered 429 (code 10100: ")
	assert.Contains(t, err.Error(), "gave up after 1 attempt: maxRetryWait (1m0s) is used up)")
	assert.Contains(t, err.Error(), "wait five minutes, or raise maxRetryWait, then run again.")

	waits := startWith(t, emulator.Options{}, nil, &fastRetry)
	waits.emu.InjectFault(emulator.Fault{Kind: emulator.FaultRateLimit, Method: http.MethodGet, RetryAfter: time.Second})
	start = time.Now()
	_, err = waits.srv.Invoke(p.InvokeRequest{Token: "cloudflare-secondary-dns:index:listTsigs", Args: property.NewMap(nil)})
	require.NoError(t, err)
	assert.GreaterOrEqual(t, time.Since(start), time.Second, "Retry-After is honoured")
	assert.Equal(t, []string{"GET tsigs 429", "GET tsigs 200"}, waits.exchanges())
}

func TestMaxRetryWaitIsChecked(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	for value, want := range map[string]string{
		"soon": `maxRetryWait: "soon" is not a duration from 0s to 24h: expected a duration such as "10m", "90s" or "0s" (fail at once)`,
		"-1m":  `maxRetryWait: "-1m" is not a duration from 0s to 24h`,
		"25h":  `maxRetryWait: "25h" is not a duration from 0s to 24h`,
		"90s":  "",
		"0s":   "",
	} {
		resp, err := srv.CheckConfig(p.CheckRequest{Urn: providerURN(), Inputs: property.NewMap(map[string]property.Value{
			"apiToken": secret("t"), "maxRetryWait": str(value),
		})})
		require.NoError(t, err)
		if want == "" {
			assert.Empty(t, resp.Failures, value)
			continue
		}
		require.Len(t, resp.Failures, 1, value)
		assert.Equal(t, "maxRetryWait", resp.Failures[0].Property)
		assert.Contains(t, resp.Failures[0].Reason, want)
	}
}
