package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
	cfsecdns "github.com/cfsecdns/pulumi-cloudflare-secondary-dns/sdk/go/cloudflaresecondarydns"
)

// transferScenario is Zones secondary zones each with an IncomingTransfer and Zones full zones
// each with an OutgoingTransfer, behind Latency with no rate limit: created, then refreshed.
type transferScenario struct {
	Zones   int
	Latency time.Duration
}

func (s transferScenario) String() string {
	return fmt.Sprintf("%d incoming + %d outgoing transfer configurations, %s latency", s.Zones, s.Zones, s.Latency)
}

// transferResult is what one transfer scenario measured. A zone's configuration has no
// account-wide listing, so a refresh reads each one by its zone: one GET per incoming
// configuration, and one GET plus one status GET per outgoing one. That is the floor.
type transferResult struct {
	Zones     int     `json:"zones_per_direction"`
	Resources int     `json:"resources"`
	LatencyMS float64 `json:"latency_ms"`

	UpSeconds  float64 `json:"up_wall_s"`
	UpRequests int64   `json:"up_requests"`
	UpWrites   int     `json:"up_writes"`

	RefreshSeconds    float64 `json:"refresh_wall_s"`
	RefreshRequests   int64   `json:"refresh_requests"`
	RefreshIncoming   int     `json:"refresh_incoming_gets"`
	RefreshOutgoing   int     `json:"refresh_outgoing_gets"`
	RefreshStatus     int     `json:"refresh_outgoing_status_gets"`
	RefreshFloor      int     `json:"refresh_floor"`
	NoOpUpSeconds     float64 `json:"noop_up_wall_s"`
	NoOpUpRequests    int64   `json:"noop_up_requests"`
	DestroySeconds    float64 `json:"destroy_wall_s"`
	DestroyRequests   int64   `json:"destroy_requests"`
	PeakRSSMB         float64 `json:"provider_peak_rss_mb"`
	MaxInFlight       int64   `json:"up_max_requests_in_flight"`
	RefreshInFlight   int64   `json:"refresh_max_requests_in_flight"`
	RequestsPerObject float64 `json:"up_requests_per_resource"`
	RefreshPerObject  float64 `json:"refresh_requests_per_resource"`
}

func (s transferScenario) run(ctx context.Context, root string) (transferResult, error) {
	opts := emulator.Options{Latency: s.Latency, RateLimit: noLimit, RateWindow: time.Minute}
	sess, pairs, err := openZonePairs(ctx, root, opts, s.Zones, "bench.example", transfers)
	if err != nil {
		return transferResult{}, err
	}
	defer sess.close()
	emu := sess.emu
	r := transferResult{Zones: s.Zones, Resources: 2 * s.Zones, LatencyMS: float64(s.Latency) / float64(time.Millisecond)}

	if r.UpSeconds, err = sess.step("up", sess.up); err != nil {
		return transferResult{}, err
	}
	r.UpRequests, r.MaxInFlight = emu.Stats().Requests, emu.Stats().MaxInFlight
	r.RequestsPerObject = float64(r.UpRequests) / float64(r.Resources)
	r.UpWrites = countWrites(emu.Requests())
	if err := pairs.hold(emu, true); err != nil {
		return transferResult{}, fmt.Errorf("after up: %w", err)
	}

	if r.RefreshSeconds, err = sess.step("refresh", sess.refresh); err != nil {
		return transferResult{}, err
	}
	r.RefreshRequests, r.RefreshInFlight = emu.Stats().Requests, emu.Stats().MaxInFlight
	r.RefreshPerObject = float64(r.RefreshRequests) / float64(r.Resources)
	for _, req := range emu.Requests() {
		switch {
		case req.Method != http.MethodGet:
		case strings.HasSuffix(req.Path, "/secondary_dns/incoming"):
			r.RefreshIncoming++
		case strings.HasSuffix(req.Path, "/secondary_dns/outgoing"):
			r.RefreshOutgoing++
		case strings.HasSuffix(req.Path, "/secondary_dns/outgoing/status"):
			r.RefreshStatus++
		}
	}
	r.RefreshFloor = 3 * s.Zones
	if r.RefreshRequests > int64(r.RefreshFloor) {
		return transferResult{}, fmt.Errorf("refresh made %d requests (%d incoming GETs, %d outgoing GETs, %d status GETs), more than the floor of %d",
			r.RefreshRequests, r.RefreshIncoming, r.RefreshOutgoing, r.RefreshStatus, r.RefreshFloor)
	}

	if r.NoOpUpSeconds, err = sess.step("no-op up", sess.up); err != nil {
		return transferResult{}, err
	}
	r.NoOpUpRequests = emu.Stats().Requests

	if r.DestroySeconds, err = sess.step("destroy", sess.destroy); err != nil {
		return transferResult{}, err
	}
	r.DestroyRequests = emu.Stats().Requests
	if err := pairs.hold(emu, false); err != nil {
		return transferResult{}, fmt.Errorf("after destroy: %w", err)
	}
	r.PeakRSSMB = sess.rss.stop()
	return r, nil
}

// transfers is the program: an IncomingTransfer per secondary zone and an OutgoingTransfer,
// enabled, per full zone, with no peers (then no peer listing is read before the writes).
func transfers(incoming, outgoing []string) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		for i, zone := range incoming {
			if _, err := cfsecdns.NewIncomingTransfer(ctx, fmt.Sprintf("in-%d", i), &cfsecdns.IncomingTransferArgs{
				ZoneId: pulumi.String(zone),
				Name:   pulumi.Sprintf("in%d.bench.example.", i),
				Peers:  pulumi.StringArray{},
			}); err != nil {
				return err
			}
		}
		for i, zone := range outgoing {
			if _, err := cfsecdns.NewOutgoingTransfer(ctx, fmt.Sprintf("out-%d", i), &cfsecdns.OutgoingTransferArgs{
				ZoneId: pulumi.String(zone),
				Name:   pulumi.Sprintf("out%d.bench.example.", i),
			}); err != nil {
				return err
			}
		}
		return nil
	}
}
