package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
	cfsecdns "github.com/cfsecdns/pulumi-cloudflare-secondary-dns/sdk/go/cloudflaresecondarydns"
)

// fleetScenario is what a team running Secondary DNS for many zones has: Zones secondary
// zones, each with an IncomingTransfer from two shared primaries, and Zones full zones, each
// with an enabled OutgoingTransfer to one shared secondary signed by one key, behind Latency and
// under Rate, with the rate limit headers Cloudflare sends. Its steps are an up, a refresh
// right after it, a no-op up and a destroy; each fails above its request goal.
type fleetScenario struct {
	Zones   int
	Latency time.Duration
	Rate    rate
}

func (s fleetScenario) String() string {
	return fmt.Sprintf("fleet of %d secondary + %d full zones, %s latency, rate limit %s", s.Zones, s.Zones, s.Latency, s.Rate)
}

// The fleet's shared objects: one key, two primaries and one secondary, each peer with an ip
// (so created with a POST and a PUT).
const (
	fleetKeyWrites  = 1
	fleetPeerWrites = 3 * 2
	// fleetListings is the handful of reads the first up may add to its writes: the peer
	// listing of the exactly-once check, once per burst of peer creates, and room for a few
	// bursts more under the rate limit.
	fleetListings = 23
	// fleetSharedReads is what a refresh reads of the key and the peers: the key by its ID, a
	// peer by its ID, then one listing that serves the other peers' Reads.
	fleetSharedReads = 3
)

// fleetStep is one step's figures. Floor is the fewest requests the step can take; Goal the
// most it may take before the run fails. LeastSeconds is how long the step must take at least
// under the rate limit, given what the earlier steps spent of the window.
type fleetStep struct {
	Requests     int64   `json:"requests"`
	Writes       int     `json:"writes"`
	Floor        int     `json:"floor"`
	Goal         int     `json:"goal"`
	RateLimited  int64   `json:"answered_429"`
	WallSeconds  float64 `json:"wall_s"`
	LeastSeconds float64 `json:"least_s_under_limit"`
}

// fleetResult is what one fleet scenario measured.
type fleetResult struct {
	Zones     int     `json:"zones_per_direction"`
	Resources int     `json:"resources"`
	LatencyMS float64 `json:"latency_ms"`
	RateLimit rate    `json:"rate_limit"`

	Up        fleetStep `json:"up"`
	Refresh   fleetStep `json:"refresh"`
	NoOpUp    fleetStep `json:"noop_up"`
	Destroy   fleetStep `json:"destroy"`
	PeakRSSMB float64   `json:"provider_peak_rss_mb"`
}

func (s fleetScenario) run(ctx context.Context, root string) (fleetResult, error) {
	opts := emulator.Options{Latency: s.Latency, RateLimit: s.Rate.Requests, RateWindow: s.Rate.Window}
	sess, pairs, err := openZonePairs(ctx, root, opts, s.Zones, "fleet.example", fleet)
	if err != nil {
		return fleetResult{}, err
	}
	defer sess.close()
	emu := sess.emu
	n := s.Zones
	r := fleetResult{Zones: n, Resources: 2*n + 4, LatencyMS: float64(s.Latency) / float64(time.Millisecond), RateLimit: s.Rate}
	windows := &fixedWindows{rate: s.Rate}
	writes := n + 2*n + fleetKeyWrites + fleetPeerWrites
	steps := []struct {
		name string
		out  *fleetStep
		run  func() error
		// floor and goal in requests
		floor, goal int
		check       func() error
	}{
		{"up", &r.Up, sess.up,
			writes, writes + fleetListings, func() error { return pairs.hold(emu, true) }},
		{"refresh", &r.Refresh, sess.refresh,
			3*n + fleetSharedReads, 3*n + fleetSharedReads, nil},
		{"no-op up", &r.NoOpUp, sess.up, 0, 0, nil},
		{"destroy", &r.Destroy, sess.destroy,
			n + 2*n + 4, n + 2*n + 4, func() error { return pairs.hold(emu, false) }},
	}
	for _, step := range steps {
		start := time.Now()
		out := step.out
		if out.WallSeconds, err = sess.step(step.name, step.run); err != nil {
			return fleetResult{}, err
		}
		stats := emu.Stats()
		out.Requests, out.RateLimited, out.Floor, out.Goal = stats.Requests, stats.RateLimited, step.floor, step.goal
		out.Writes = countWrites(emu.Requests())
		out.LeastSeconds = windows.least(start, int(out.Requests)).Seconds()
		if step.check != nil {
			if err := step.check(); err != nil {
				return fleetResult{}, fmt.Errorf("after %s: %w", step.name, err)
			}
		}
		if out.Requests > int64(step.goal) {
			return fleetResult{}, fmt.Errorf("%s made %d requests (%d writes), more than its goal of %d (floor %d)",
				step.name, out.Requests, out.Writes, step.goal, step.floor)
		}
	}
	r.PeakRSSMB = sess.rss.stop()
	return r, nil
}

// fixedWindows follows the token's fixed windows of the rate limit as the steps spend them,
// the first starting with the first step, to say how long each step must take at least: no
// time while its requests fit in what is left of the window, else until as many windows as
// they need have begun. The windows follow each other as they do while the steps run back to
// back; Cloudflare (and the emulator) begins a window with the first request after the last
// one ended, so after an idle gap this is a little short.
type fixedWindows struct {
	rate  rate
	start time.Time // of the current window
	used  int
}

func (w *fixedWindows) least(at time.Time, requests int) time.Duration {
	if w.start.IsZero() {
		w.start = at
	}
	for !at.Before(w.start.Add(w.rate.Window)) {
		w.start, w.used = w.start.Add(w.rate.Window), 0
	}
	if w.used+requests <= w.rate.Requests {
		w.used += requests
		return 0
	}
	over := requests - (w.rate.Requests - w.used)
	more := (over + w.rate.Requests - 1) / w.rate.Requests // windows to wait for
	wait := w.start.Add(time.Duration(more) * w.rate.Window).Sub(at)
	w.start = w.start.Add(time.Duration(more) * w.rate.Window)
	w.used = over - (more-1)*w.rate.Requests
	return wait
}

// fleet is the program: a key, two primaries and a secondary signed by the key; an
// IncomingTransfer from both primaries per secondary zone and an OutgoingTransfer, enabled, to
// the secondary per full zone.
func fleet(incoming, outgoing []string) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		key, err := cfsecdns.NewTsig(ctx, "key", &cfsecdns.TsigArgs{Name: pulumi.String("fleet.example."), Algo: cfsecdns.AlgorithmHmacSha512})
		if err != nil {
			return err
		}
		var primaries pulumi.StringArray
		for i, ip := range []string{"192.0.2.1", "192.0.2.2"} {
			peer, err := cfsecdns.NewPeer(ctx, fmt.Sprintf("primary-%d", i), &cfsecdns.PeerArgs{
				Name: pulumi.Sprintf("primary-%d", i), Ip: pulumi.String(ip), Port: pulumi.Int(53),
			})
			if err != nil {
				return err
			}
			primaries = append(primaries, peer.ID().ToStringOutput())
		}
		secondary, err := cfsecdns.NewPeer(ctx, "secondary", &cfsecdns.PeerArgs{
			Name: pulumi.String("secondary"), Ip: pulumi.String("198.51.100.53"), Port: pulumi.Int(53), TsigId: key.ID().ToStringOutput(),
		})
		if err != nil {
			return err
		}
		for i, zone := range incoming {
			if _, err := cfsecdns.NewIncomingTransfer(ctx, fmt.Sprintf("in-%d", i), &cfsecdns.IncomingTransferArgs{
				ZoneId: pulumi.String(zone), Name: pulumi.Sprintf("in%d.fleet.example.", i), Peers: primaries,
			}); err != nil {
				return err
			}
		}
		for i, zone := range outgoing {
			if _, err := cfsecdns.NewOutgoingTransfer(ctx, fmt.Sprintf("out-%d", i), &cfsecdns.OutgoingTransferArgs{
				ZoneId: pulumi.String(zone), Name: pulumi.Sprintf("out%d.fleet.example.", i),
				Peers: pulumi.StringArray{secondary.ID().ToStringOutput()},
			}); err != nil {
				return err
			}
		}
		return nil
	}
}

// printFleetTable writes one row per step of each fleet scenario.
func printFleetTable(out io.Writer, results []fleetResult) {
	printRows(out, "zones in+out\trate limit\tstep\trequests\twrites\tfloor\tgoal\t429s\twall s\tleast s under the limit\t", results, func(w io.Writer, r fleetResult) {
		for _, step := range []struct {
			name string
			s    fleetStep
		}{{"up", r.Up}, {"refresh", r.Refresh}, {"no-op up", r.NoOpUp}, {"destroy", r.Destroy}} {
			fmt.Fprintf(w, "%d+%d\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%.1f\t%.1f\t\n", r.Zones, r.Zones, r.RateLimit, step.name,
				step.s.Requests, step.s.Writes, step.s.Floor, step.s.Goal, step.s.RateLimited, step.s.WallSeconds, step.s.LeastSeconds)
		}
	})
}

// fleetScenarios reads the -fleet sizes, comma-separated ("" for none), under the -fleet-rate limit.
func fleetScenarios(sizes, limit string, latency time.Duration) ([]fleetScenario, error) {
	return limitedScenarios("fleet", sizes, "fleet-rate", limit, func(n int, rl rate) fleetScenario {
		return fleetScenario{Zones: n, Latency: latency, Rate: rl}
	})
}
