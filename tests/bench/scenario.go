package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
	cfsecdns "github.com/cfsecdns/pulumi-cloudflare-secondary-dns/sdk/go/cloudflaresecondarydns"
)

// scenario is one run: Pairs keys each with a peer, behind Latency, under Rate if set.
type scenario struct {
	Pairs   int
	Latency time.Duration
	Rate    *rate
}

func (s scenario) String() string {
	limit := "no rate limit"
	if s.Rate != nil {
		limit = "rate limit " + s.Rate.String()
	}
	return fmt.Sprintf("%d pairs, %s latency, %s", s.Pairs, s.Latency, limit)
}

// result is what one scenario measured.
type result struct {
	Pairs     int     `json:"pairs"`
	Resources int     `json:"resources"`
	LatencyMS float64 `json:"latency_ms"`
	RateLimit *rate   `json:"rate_limit,omitempty"`

	UpSeconds         float64        `json:"up_wall_s"`
	UpRequests        int64          `json:"up_requests"`
	UpWrites          int            `json:"up_writes"`
	UpListings        int            `json:"up_listings"` // GETs of the account's keys or peers
	UpListingsByKind  map[string]int `json:"up_listings_by_kind"`
	RequestsPerObject float64        `json:"up_requests_per_resource"`
	RateLimited       int64          `json:"responses_429"`
	MaxInFlight       int64          `json:"up_max_requests_in_flight"`
	// BoundSeconds is the least time the up's requests take at the allowed rate, and
	// OverBound the up's wall time over it; both 0 without a rate limit.
	BoundSeconds float64 `json:"rate_bound_s,omitempty"`
	OverBound    float64 `json:"wall_over_rate_bound,omitempty"`

	RefreshSeconds  float64 `json:"refresh_wall_s"`
	RefreshRequests int64   `json:"refresh_requests"`
	NoOpUpSeconds   float64 `json:"noop_up_wall_s"`
	NoOpUpRequests  int64   `json:"noop_up_requests"`
	PeakRSSMB       float64 `json:"provider_peak_rss_mb"`
}

// noLimit stands for no rate limit: more requests than any run makes.
const noLimit = 1 << 30

func (s scenario) run(ctx context.Context, root string) (result, error) {
	opts := emulator.Options{Latency: s.Latency, RateLimit: noLimit, RateWindow: time.Minute}
	if s.Rate != nil {
		opts.RateLimit, opts.RateWindow = s.Rate.Requests, s.Rate.Window
	}
	emu, baseURL, stopEmulator, err := serveEmulator(opts)
	if err != nil {
		return result{}, err
	}
	defer stopEmulator()

	stack, done, err := newBenchStack(ctx, root, "bench", pairs(s.Pairs), baseURL)
	if err != nil {
		return result{}, err
	}
	defer done()

	rss := watchPeakRSS(filepath.Join(root, "bin", pluginBinary))
	defer rss.stop()
	r := result{Pairs: s.Pairs, Resources: 2 * s.Pairs, LatencyMS: float64(s.Latency) / float64(time.Millisecond), RateLimit: s.Rate}

	emu.ResetObservations()
	start := time.Now()
	if _, err := stack.Up(ctx, optup.SuppressProgress()); err != nil {
		return result{}, fmt.Errorf("up: %w", err)
	}
	r.UpSeconds = time.Since(start).Seconds()
	stats := emu.Stats()
	r.UpRequests, r.RateLimited, r.MaxInFlight = stats.Requests, stats.RateLimited, stats.MaxInFlight
	r.UpListingsByKind = map[string]int{}
	for _, req := range emu.Requests() {
		switch {
		case req.Method != http.MethodGet:
			r.UpWrites++
		case strings.HasSuffix(req.Path, "/secondary_dns/tsigs"):
			r.UpListings++
			r.UpListingsByKind["tsigs"]++
		case strings.HasSuffix(req.Path, "/secondary_dns/peers"):
			r.UpListings++
			r.UpListingsByKind["peers"]++
		}
	}
	r.RequestsPerObject = float64(r.UpRequests) / float64(r.Resources)
	if s.Rate != nil {
		r.BoundSeconds = float64(r.UpRequests) / s.Rate.perSecond()
		r.OverBound = r.UpSeconds / r.BoundSeconds
	}
	if held := len(emu.TSIGs(emulator.DemoAccountID)) + len(emu.Peers(emulator.DemoAccountID)); held != r.Resources {
		return result{}, fmt.Errorf("after up the emulator holds %d objects, not %d", held, r.Resources)
	}

	emu.ResetObservations()
	start = time.Now()
	if _, err := stack.Refresh(ctx); err != nil {
		return result{}, fmt.Errorf("refresh: %w", err)
	}
	r.RefreshSeconds, r.RefreshRequests = time.Since(start).Seconds(), emu.Stats().Requests
	r.RateLimited += emu.Stats().RateLimited

	emu.ResetObservations()
	start = time.Now()
	if _, err := stack.Up(ctx, optup.SuppressProgress()); err != nil {
		return result{}, fmt.Errorf("no-op up: %w", err)
	}
	r.NoOpUpSeconds, r.NoOpUpRequests = time.Since(start).Seconds(), emu.Stats().Requests
	r.PeakRSSMB = rss.stop()
	return r, nil
}

// pairs is the program: n keys with generated secrets, each with a peer signed by it.
func pairs(n int) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		for i := range n {
			key, err := cfsecdns.NewTsig(ctx, fmt.Sprintf("key-%d", i), &cfsecdns.TsigArgs{
				Name: pulumi.Sprintf("k%d.bench.example.", i),
				Algo: cfsecdns.AlgorithmHmacSha512,
			})
			if err != nil {
				return err
			}
			_, err = cfsecdns.NewPeer(ctx, fmt.Sprintf("peer-%d", i), &cfsecdns.PeerArgs{
				Name:       pulumi.Sprintf("ns%d", i),
				Ip:         pulumi.String("192.0.2.53"),
				Port:       pulumi.Int(53),
				IxfrEnable: pulumi.Bool(true),
				TsigId:     key.ID().ToStringOutput(),
			})
			if err != nil {
				return err
			}
		}
		return nil
	}
}

// serveEmulator serves an emulator on a free loopback port and returns its base URL.
func serveEmulator(opts emulator.Options) (*emulator.Emulator, string, func(), error) {
	emu, err := emulator.New(opts)
	if err != nil {
		return nil, "", nil, err
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, "", nil, err
	}
	srv := &http.Server{Handler: emu, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintln(os.Stderr, "emulator:", err)
		}
	}()
	return emu, "http://" + l.Addr().String() + emulator.BasePath, func() { _ = srv.Close() }, nil
}
