// Package cfapi is how the provider talks to Cloudflare, written once for every kind of
// object: the HTTP client with its throttle, retries, exactly-once creates, the read cache of a
// refresh, checks of every reply, and errors in the user's words. A kind of object (Kind) says
// only what differs: its scope, its SDK calls, how its replies convert, and how two objects
// match.
package cfapi

import (
	"net/http"
	"time"

	"github.com/cloudflare/cloudflare-go/v6/dns"
	"github.com/cloudflare/cloudflare-go/v6/option"
	"github.com/cloudflare/cloudflare-go/v6/zones"
)

// requestTimeout bounds each HTTP attempt from when the throttle sends it (NewHTTPClient):
// the SDK's own timeout would also count the time spent waiting for the rate limit.
const requestTimeout = 60 * time.Second

// Client is the one way the provider talks to Cloudflare: every call goes through it, so
// authentication, retries and error translation live here only.
type Client struct {
	// ZoneTransfers and Zones are the SDK's services, for a Kind's calls.
	ZoneTransfers *dns.ZoneTransferService
	Zones         *zones.ZoneService

	baseURL     string
	credentials []string // redacted from every error text
	retry       RetryPolicy
	clock       Clock
	reads       readCache   // serves the Reads of a refresh from listings (readcache.go)
	creates     createCache // shares what creates list beforehand (create_once.go)
}

// Credentials hold exactly one way to authenticate: an API token, or an API key with its email.
type Credentials struct {
	APIToken, APIKey, Email string
}

// New builds a client for baseURL over httpClient (NewHTTPClient in production).
func New(creds Credentials, baseURL string, httpClient *http.Client) *Client {
	noRedirects := *httpClient
	noRedirects.CheckRedirect = refuseRedirect
	opts := []option.RequestOption{
		option.WithBaseURL(baseURL),
		option.WithHTTPClient(&noRedirects),
		// The SDK would send every method again, POST included; call and Kind.Create decide instead.
		option.WithMaxRetries(0),
		guardReplies,
	}
	if creds.APIToken != "" {
		opts = append(opts, option.WithAPIToken(creds.APIToken))
	} else {
		opts = append(opts, option.WithAPIKey(creds.APIKey), option.WithAPIEmail(creds.Email))
	}
	// The services are built directly rather than through cloudflare.NewClient, which also reads
	// CLOUDFLARE_* variables itself and would send both header kinds when both are set.
	return &Client{
		ZoneTransfers: dns.NewZoneTransferService(opts...),
		Zones:         zones.NewZoneService(opts...),
		baseURL:       baseURL,
		credentials:   []string{creds.APIToken, creds.APIKey},
		retry:         DefaultRetryPolicy(),
		clock:         realClock{},
	}
}

// WithRetryPolicy sets how calls ride out failures (the maxRetryWait setting, or tests' fast
// backoff).
func (c *Client) WithRetryPolicy(r RetryPolicy) *Client {
	c.retry = r
	return c
}

// WithClock sets the clock of the read cache and of the waits between attempts.
func (c *Client) WithClock(clock Clock) *Client {
	c.clock = clock
	return c
}

// Clock is the time as the client sees it; tests set a fake one.
type Clock interface {
	Now() time.Time
	// After is like time.After.
	After(d time.Duration) <-chan time.Time
}

// RealClock is the wall clock.
var RealClock Clock = realClock{}

type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// refuseRedirect stops at any redirect: Cloudflare's API sends none, and following one would
// carry the credentials to another host, or in clear over http (Go forwards X-Auth-Key to any
// host, and Authorization to the same host whatever the scheme).
func refuseRedirect(req *http.Request, _ []*http.Request) error {
	return &redirectError{to: req.URL.Scheme + "://" + req.URL.Host}
}

// redirectError is a reply that redirected: no retry follows it either.
type redirectError struct{ to string }

func (e *redirectError) Error() string {
	return "the reply redirects to " + e.to + ", which the provider never follows"
}

func (c *Client) explain(op Operation, err error, secrets ...string) error {
	return explain(op, c.baseURL, err, append(secrets, c.credentials...))
}

func (c *Client) explainAPI(op Operation, err error, secrets []string) *APIError {
	return explainAPI(op, c.baseURL, err, append(secrets, c.credentials...))
}
