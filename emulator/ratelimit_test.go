package emulator_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/emulatortest"
)

// rateLimitItem parses the first item of a RateLimit draft header, e.g. `"default";r=5;t=30`,
// into its name and integer parameters; any name and any parameters are accepted.
func rateLimitItem(t *testing.T, header string) (string, map[string]int) {
	t.Helper()
	item, _, _ := strings.Cut(header, ",")
	parts := strings.Split(strings.TrimSpace(item), ";")
	name, err := strconv.Unquote(parts[0])
	require.NoError(t, err, "the name is a quoted string: %q", header)
	params := map[string]int{}
	for _, p := range parts[1:] {
		k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
		require.True(t, ok, "parameter %q of %q", p, header)
		n, err := strconv.Atoi(v)
		require.NoError(t, err, "parameter %q of %q", p, header)
		params[k] = n
	}
	return name, params
}

func TestRateLimit(t *testing.T) {
	t.Parallel()
	clock := emulatortest.NewClock(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	srv := emulatortest.Start(t, emulator.Options{
		Tokens: []string{"a", "b"}, RateLimit: 3, RateWindow: time.Minute, RateBlock: 2 * time.Second, Clock: clock.Now,
	})
	path := "accounts/" + srv.AccountID + "/secondary_dns/tsigs"
	tokenA := http.Header{"Authorization": {"Bearer a"}}

	for i, want := range []int{2, 1, 0} {
		r := call(t, srv, tokenA, http.MethodGet, path, "")
		require.Equal(t, http.StatusOK, r.Status, "request %d", i+1)
		name, policy := rateLimitItem(t, r.Header.Get("Ratelimit-Policy"))
		assert.Equal(t, "default", name)
		assert.Equal(t, map[string]int{"q": 3, "w": 60}, policy)
		_, left := rateLimitItem(t, r.Header.Get("Ratelimit"))
		assert.Equal(t, want, left["r"])
		assert.Equal(t, 60, left["t"], "the clock has not moved")
		assert.Empty(t, r.Header.Get("Retry-After"))
	}

	// Over the limit: every request of that token gets 429 until the block ends, whatever it asks.
	for _, p := range []string{path, "no/such/route"} {
		r := call(t, srv, tokenA, http.MethodGet, p, "")
		require.Equal(t, http.StatusTooManyRequests, r.Status)
		assert.Contains(t, []int{971, 10100}, r.Body.Errors[0].Code)
		retry, err := strconv.Atoi(r.Header.Get("Retry-After"))
		require.NoError(t, err, "Retry-After is whole seconds")
		assert.Equal(t, 2, retry, "the whole 2s block is left")
		_, left := rateLimitItem(t, r.Header.Get("Ratelimit"))
		assert.Equal(t, 0, left["r"])
		assert.Equal(t, retry, left["t"])
	}

	// Other credentials, and requests without any, are not held back.
	assert.Equal(t, http.StatusOK, call(t, srv, http.Header{"Authorization": {"Bearer b"}}, http.MethodGet, path, "").Status)
	r := call(t, srv, nil, http.MethodGet, path, "")
	assert.Equal(t, http.StatusBadRequest, r.Status)
	assert.NotEmpty(t, r.Header.Get("Ratelimit"), "the headers come on every response")
	assert.NotEmpty(t, r.Header.Get("Ratelimit-Policy"))

	assert.EqualValues(t, 2, srv.Stats().RateLimited)

	clock.Advance(2*time.Second - time.Millisecond)
	r = call(t, srv, tokenA, http.MethodGet, path, "")
	assert.Equal(t, http.StatusTooManyRequests, r.Status, "the block has not ended yet")
	assert.Equal(t, "1", r.Header.Get("Retry-After"), "1ms left, rounded up to a second")

	clock.Advance(time.Millisecond)
	r = call(t, srv, tokenA, http.MethodGet, path, "")
	assert.Equal(t, http.StatusOK, r.Status, "the block has ended")
	_, left := rateLimitItem(t, r.Header.Get("Ratelimit"))
	assert.Equal(t, 2, left["r"], "with a fresh window")
}
