package cfapi

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestReadQuota(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		header        http.Header
		want          quotaReport
		wantRemaining bool
		wantPolicy    bool
	}{
		{"as Cloudflare and the emulator send them",
			http.Header{"Ratelimit": {`"default";r=1199;t=300`}, "Ratelimit-Policy": {`"default";q=1200;w=300`}},
			quotaReport{remaining: 1199, reset: 300 * time.Second, limit: 1200, window: 300 * time.Second}, true, true},
		{"unknown parameters and spaces",
			http.Header{"Ratelimit": {`"default"; r=5 ; t=7;pk=:Zm9v:`}, "Ratelimit-Policy": {`"default";q=60;w=10;qu="requests"`}},
			quotaReport{remaining: 5, reset: 7 * time.Second, limit: 60, window: 10 * time.Second}, true, true},
		{"several quotas: the one with the fewest left binds, with its own policy",
			http.Header{"Ratelimit": {`"burst";r=90;t=1, "day";r=3;t=4000`}, "Ratelimit-Policy": {`"burst";q=100;w=1, "day";q=5000;w=86400`}},
			quotaReport{remaining: 3, reset: 4000 * time.Second, limit: 5000, window: 86400 * time.Second}, true, true},
		{"several header lines",
			http.Header{"Ratelimit": {`"a";r=9;t=1`, `"b";r=2;t=3`}},
			quotaReport{remaining: 2, reset: 3 * time.Second}, true, false},
		{"bare name",
			http.Header{"Ratelimit": {`default;r=1;t=2`}},
			quotaReport{remaining: 1, reset: 2 * time.Second}, true, false},
		{"an absurd reset is capped",
			http.Header{"Ratelimit": {`"default";r=1;t=99999999999`}},
			quotaReport{remaining: 1, reset: longestWindow}, true, false},
		{"missing t", http.Header{"Ratelimit": {`"default";r=5`}}, quotaReport{}, false, false},
		{"not numbers", http.Header{"Ratelimit": {`"default";r=many;t=soon`}, "Ratelimit-Policy": {`"default";q=lots;w=1`}}, quotaReport{}, false, false},
		{"negative", http.Header{"Ratelimit": {`"default";r=-1;t=5`}}, quotaReport{}, false, false},
		{"a zero policy says nothing", http.Header{"Ratelimit-Policy": {`"default";q=0;w=0`}}, quotaReport{}, false, false},
		{"garbage", http.Header{"Ratelimit": {`;;,,=;"`}, "Ratelimit-Policy": {`=`}}, quotaReport{}, false, false},
		{"none", http.Header{}, quotaReport{}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.want.hasRemaining, tt.want.hasPolicy = tt.wantRemaining, tt.wantPolicy
			assert.Equal(t, tt.want, readQuota(tt.header))
		})
	}
}

func TestRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		value string
		want  time.Duration
		ok    bool
	}{
		{"30", 30 * time.Second, true},
		{" 0 ", 0, true},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
		{"-4", 0, false},
		{"soon", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		got, ok := retryAfter(http.Header{"Retry-After": {tt.value}}, now)
		assert.Equal(t, tt.ok, ok, tt.value)
		assert.Equal(t, tt.want, got, tt.value)
	}
}

// Whatever the headers hold, parsing neither panics nor reports a negative count or time.
func FuzzReadQuota(f *testing.F) {
	f.Add(`"default";r=1199;t=300`, `"default";q=1200;w=300`, "30")
	f.Add(`a;r=1;t=2, "b";r=0;t=9999999999999999999`, `;;=,"`, "Wed, 21 Oct 2015 07:28:00 GMT")
	f.Add(`"x";r=;t=`, `"x";q=-1;w=1e9`, "-1")
	f.Add(`"x";r=1;t=9223372036854`, `"x";q=5;w=18446744073`, "9223372036854")
	f.Fuzz(func(t *testing.T, quota, policy, after string) {
		h := http.Header{"Ratelimit": {quota}, "Ratelimit-Policy": {policy}, "Retry-After": {after}}
		q := readQuota(h)
		if q.remaining < 0 || q.reset < 0 || q.reset > longestWindow || q.limit < 0 || q.window < 0 || q.window > longestWindow {
			t.Fatalf("readQuota(%q, %q) = %+v", quota, policy, q)
		}
		if d, _ := retryAfter(h, epoch); d < 0 || d > longestWindow {
			t.Fatalf("retryAfter(%q) = %s", after, d)
		}
	})
}
