// Package emulator is a local stand-in for Cloudflare's Secondary DNS API, served by an
// http.Handler over an in-memory store, so Pulumi programs and Go tests run offline: TSIG keys,
// peers and ACLs under /client/v4/accounts/{account_id}/secondary_dns/; zones under
// /client/v4/zones; and each zone's incoming and outgoing transfer configurations and their
// actions (force AXFR, enable, disable, status, force NOTIFY) under
// /client/v4/zones/{zone_id}/secondary_dns/; and a minimal DNS records API for full zones.
// Without Options.DNSAddr no DNS is served and the emulator takes the transfers the API asks
// for as done at once. With it, the emulator is a DNS server that really transfers: as secondary it pulls its
// secondary zones from their peers (AXFR or IXFR, TSIG, NOTIFY, auto refresh by its clock) and
// answers for them; as primary it serves its full zones' records by AXFR and IXFR and sends
// NOTIFY; every transfer goes into a log that tests wait on (WaitTransfer).
//
// It answers as the official API documents describe, with Cloudflare's envelope,
// authentication, error codes and rate limiting, and adds what tests need: direct access to the
// store, a request log with counters, an injectable clock, and fault injection.
package emulator

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/nameserver"
)

// DemoAccountID is the one account the emulator serves when no accounts are configured.
const DemoAccountID = "d7b98acdf6bd77056ebcdbb9abef2425"

// DemoToken is the one API token the emulator accepts when no credentials are configured.
const DemoToken = "emulator-demo-token"

// Defaults of the rate limit: Cloudflare's 1,200 requests per 5 minutes, then a 5 minute block.
const (
	DefaultRateLimit  = 1200
	DefaultRateWindow = 5 * time.Minute
	DefaultRateBlock  = 5 * time.Minute
)

// Options configure an Emulator.
type Options struct {
	Tokens     []string      // accepted API tokens (Authorization: Bearer); none and no Email/Key means {DemoToken}
	Email, Key string        // an accepted legacy pair (X-Auth-Email + X-Auth-Key); both or neither
	Accounts   []string      // account IDs the credentials may use; empty means {DemoAccountID}
	Latency    time.Duration // added to every request
	RateLimit  int           // requests per RateWindow per credential; 0 means 1200
	RateWindow time.Duration // 0 means 5m
	RateBlock  time.Duration // 0 means 5m
	FaultRate  float64       // 0..1: share of requests answered 500 or reset at random
	Zones      []ZoneSeed    // zones New creates unless their account holds one of that name
	StatePath  string        // "" keeps the store in memory only; else loaded by New, written by Save
	Logger     *slog.Logger  // nil discards
	// Clock is the time for the rate limit, every timestamp in replies and auto refreshes; nil
	// means time.Now. Latency, the logged durations, DNS timeouts and TSIG times are real time.
	Clock func() time.Time
	// Timers fire auto refresh when Clock reaches a zone's next check; nil means real time.
	// A Clock that tests move (emulatortest.Clock) passes itself here too.
	Timers Timers
	// DNSAddr, when set (e.g. "127.0.0.1:0"), is where New serves DNS over UDP and TCP, and
	// makes transfers real; Close stops it.
	DNSAddr    string
	DNSTimeout time.Duration     // per DNS answer awaited; 0 means DefaultDNSTimeout
	ZoneFiles  map[string]string // zone name -> zone file with its records, for full or partial zones of the first account
	OnCreate   func(Created)     // nil, or told of each create the API commits, before its reply (created.go)
}

// Emulator serves the API. It is safe for concurrent use.
type Emulator struct {
	opts    Options
	log     *slog.Logger
	store   *store
	saves   saves
	limiter *limiter
	mux     *http.ServeMux
	faults  faults
	obs     observations

	// ns is the nameserver: zone contents, served by DNS and the records API, and with
	// Options.DNSAddr the DNS listener and the transfers.
	ns        *nameserver.Server
	recordIDs recordIDs // the IDs records replaced with PUT keep
}

// New makes an Emulator, loading the store from opts.StatePath when that file exists.
func New(opts Options) (*Emulator, error) {
	if (opts.Email == "") != (opts.Key == "") {
		return nil, errors.New("emulator: Email and Key make a pair: set both or neither")
	}
	if opts.FaultRate < 0 || opts.FaultRate > 1 {
		return nil, fmt.Errorf("emulator: FaultRate is %v; it must be between 0 and 1", opts.FaultRate)
	}
	if opts.RateLimit < 0 || opts.RateWindow < 0 || opts.RateBlock < 0 || opts.Latency < 0 {
		return nil, errors.New("emulator: RateLimit, RateWindow, RateBlock and Latency must not be negative")
	}
	opts.Tokens = slices.DeleteFunc(slices.Clone(opts.Tokens), func(t string) bool { return t == "" })
	if len(opts.Tokens) == 0 && opts.Email == "" {
		opts.Tokens = []string{DemoToken}
	}
	opts.Accounts = slices.DeleteFunc(slices.Clone(opts.Accounts), func(a string) bool { return a == "" })
	if len(opts.Accounts) == 0 {
		opts.Accounts = []string{DemoAccountID}
	}
	opts.RateLimit = cmp.Or(opts.RateLimit, DefaultRateLimit)
	opts.RateWindow = cmp.Or(opts.RateWindow, DefaultRateWindow)
	opts.RateBlock = cmp.Or(opts.RateBlock, DefaultRateBlock)
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Clock == nil {
		opts.Clock = time.Now
	}
	e := &Emulator{
		opts:    opts,
		log:     opts.Logger,
		store:   &store{},
		limiter: newLimiter(opts.RateLimit, opts.RateWindow, opts.RateBlock),
		faults:  faults{rate: opts.FaultRate},
	}
	e.mux = e.newMux()
	e.ns = nameserver.New(nameserver.Config{View: storeView{e}, Reporter: storeView{e}, Clock: opts.Clock,
		Timers: opts.Timers, Timeout: opts.DNSTimeout, Logger: opts.Logger})
	if opts.StatePath != "" {
		if err := e.load(); err != nil {
			return nil, fmt.Errorf("emulator: %w", err)
		}
	}
	if err := e.seedZones(); err != nil {
		return nil, fmt.Errorf("emulator: %w", err)
	}
	if err := e.loadZoneFiles(); err != nil {
		return nil, fmt.Errorf("emulator: %w", err)
	}
	e.resumeContents()
	if opts.DNSAddr != "" {
		if err := e.ns.Listen(opts.DNSAddr); err != nil {
			return nil, fmt.Errorf("emulator: %w", err)
		}
	}
	return e, nil
}

// now is the clock's time for timestamps: in UTC and to the microsecond, as replies show it,
// so that what is stored, saved and answered is the same time.
func (e *Emulator) now() time.Time { return e.opts.Clock().UTC().Truncate(time.Microsecond) }

// Accounts returns the account IDs the credentials may use.
func (e *Emulator) Accounts() []string { return slices.Clone(e.opts.Accounts) }

// Tokens returns the accepted API tokens.
func (e *Emulator) Tokens() []string { return slices.Clone(e.opts.Tokens) }

// ServeHTTP serves the API under /client/v4/.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	// The request's context ends once it is answered: the pulls it asks for start then.
	ctx, answered := context.WithCancel(r.Context())
	defer answered()
	r = r.WithContext(ctx)
	e.obs.begin()
	sw := &statusWriter{ResponseWriter: w}
	// A dropped connection is recorded before it drops: the client may send its next request
	// at once, and the log must keep the order requests arrived in.
	var recorded sync.Once
	record := func() {
		recorded.Do(func() {
			e.obs.end(Request{Method: r.Method, Path: r.URL.Path, Status: sw.status})
			e.log.Info("request", "method", r.Method, "path", r.URL.Path, "status", sw.status,
				"duration", time.Since(start).Round(time.Microsecond))
		})
	}
	defer record()
	if e.opts.Latency > 0 {
		select {
		case <-time.After(e.opts.Latency):
		case <-r.Context().Done():
		}
	}
	if fault, ok := e.faults.next(r); ok {
		e.fail(w, sw, r, fault, record)
		return
	}
	e.serve(sw, r)
}

// serve answers one request: rate limit, route, method, authentication, then the operation.
func (e *Emulator) serve(w http.ResponseWriter, r *http.Request) {
	cred := e.authenticate(r)
	q := e.limiter.unused()
	if cred.status == credentialAccepted {
		q = e.limiter.take(cred.key, e.opts.Clock())
	}
	e.limiter.setHeaders(w.Header(), q)
	if !q.allowed {
		writeRateLimited(w, q.reset)
		return
	}
	e.route(w, r, cred)
}
