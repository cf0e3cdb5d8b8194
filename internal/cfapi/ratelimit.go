package cfapi

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// quotaReport is what one response says about Cloudflare's rate limit, from the `Ratelimit`
// and `Ratelimit-Policy` headers (the IETF RateLimit fields draft, as Cloudflare sends them:
// `Ratelimit: "default";r=1199;t=300` and `Ratelimit-Policy: "default";q=1200;w=300`).
type quotaReport struct {
	hasRemaining bool
	remaining    int           // r: requests left in the current window
	reset        time.Duration // t: until the window ends

	hasPolicy bool
	limit     int           // q: requests allowed per window
	window    time.Duration // w
}

// longestWindow bounds what a header may claim, so a garbled value cannot stall the provider.
const longestWindow = 24 * time.Hour

// readQuota parses the headers tolerantly: unknown parameters are skipped, a malformed item is
// ignored, and with several quotas the one with the fewest requests left is the one that binds.
func readQuota(h http.Header) quotaReport {
	var q quotaReport
	name := ""
	for _, item := range fieldItems(h.Values("Ratelimit")) {
		r, okR := item.number("r")
		t, okT := item.number("t")
		if !okR || !okT {
			continue
		}
		if !q.hasRemaining || r < q.remaining {
			q.hasRemaining, q.remaining, q.reset, name = true, r, seconds(t), item.name
		}
	}
	for _, item := range fieldItems(h.Values("Ratelimit-Policy")) {
		limit, okQ := item.number("q")
		w, okW := item.number("w")
		if !okQ || !okW || limit == 0 || w == 0 {
			continue
		}
		// The policy named like the binding quota wins; otherwise the first valid one.
		if !q.hasPolicy || (item.name == name && name != "") {
			q.hasPolicy, q.limit, q.window = true, limit, seconds(w)
		}
	}
	return q
}

func seconds(n int) time.Duration {
	if n > int(longestWindow/time.Second) {
		return longestWindow // also keeps the multiplication from overflowing
	}
	return time.Duration(n) * time.Second
}

// fieldItem is one member of a structured-field list: a name and its parameters.
type fieldItem struct {
	name   string
	params map[string]string
}

// number returns a parameter as a non-negative integer.
func (f fieldItem) number(key string) (int, bool) {
	n, err := strconv.Atoi(f.params[key])
	if err != nil || n < 0 {
		return 0, false
	}
	return n, true
}

// fieldItems splits `"a";k=1;j=2, "b";k=3` (possibly over several header lines) into items.
// It is lenient: the name may be quoted or bare, and spaces are allowed around separators.
func fieldItems(lines []string) []fieldItem {
	var items []fieldItem
	for _, line := range lines {
		for member := range strings.SplitSeq(line, ",") {
			parts := strings.Split(member, ";")
			item := fieldItem{name: strings.Trim(strings.TrimSpace(parts[0]), `"`), params: map[string]string{}}
			for _, p := range parts[1:] {
				k, v, _ := strings.Cut(p, "=")
				item.params[strings.ToLower(strings.TrimSpace(k))] = strings.Trim(strings.TrimSpace(v), `"`)
			}
			items = append(items, item)
		}
	}
	return items
}

// retryAfter reads Retry-After in seconds, or as an HTTP date, and reports whether it was set.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if n, err := strconv.Atoi(v); err == nil {
		if n < 0 {
			return 0, false
		}
		return seconds(n), true
	}
	if at, err := http.ParseTime(v); err == nil {
		return min(max(at.Sub(now), 0), longestWindow), true
	}
	return 0, false
}
