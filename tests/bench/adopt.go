package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
)

// importCommand is the import command's file name in bin/.
const importCommand = "cloudflare-secondary-dns-import"

// adoptScenario is cloudflare-secondary-dns-import reading an account of Zones zones (half
// secondary with an incoming configuration, half full with an outgoing one) behind Latency,
// under Rate with Cloudflare's rate-limit headers.
type adoptScenario struct {
	Zones   int
	Latency time.Duration
	Rate    rate
}

func (s adoptScenario) String() string {
	return fmt.Sprintf("import command over %d zones, %s latency, rate limit %s", s.Zones, s.Latency, s.Rate)
}

// adoptResult is what one import scenario measured. The command's floor is one listing of each
// account kind, one per page of zones and one read per zone; the least time the limit allows
// is the whole windows those requests must wait for beyond the first.
type adoptResult struct {
	Zones       int     `json:"zones"`
	LatencyMS   float64 `json:"latency_ms"`
	RateLimit   rate    `json:"rate_limit"`
	WallSeconds float64 `json:"wall_s"`
	Requests    int64   `json:"requests"`
	Listings    int     `json:"listings"`
	ZoneReads   int     `json:"zone_reads"`
	Floor       int     `json:"floor"`
	RateLimited int64   `json:"responses_429"`
	MaxInFlight int64   `json:"max_requests_in_flight"`
	Resources   int     `json:"resources"`
	// BoundSeconds is the least time the limit allows for Requests; OverBound the wall time
	// over it, 0 when the limit forces no wait.
	BoundSeconds float64 `json:"rate_bound_s"`
	OverBound    float64 `json:"wall_over_rate_bound,omitempty"`
}

// zonesPerPage is how many zones the command asks for per page (Cloudflare's maximum).
const zonesPerPage = 50

func (s adoptScenario) run(ctx context.Context, root string) (adoptResult, error) {
	emu, baseURL, stopEmulator, err := serveEmulator(emulator.Options{Latency: s.Latency, RateLimit: s.Rate.Requests, RateWindow: s.Rate.Window})
	if err != nil {
		return adoptResult{}, err
	}
	defer stopEmulator()
	if err := seedAccount(emu, s.Zones); err != nil {
		return adoptResult{}, err
	}
	out, err := os.CreateTemp("", "cfsecdns-bench-import-*.json")
	if err != nil {
		return adoptResult{}, err
	}
	out.Close()
	defer os.Remove(out.Name())

	cmd := exec.CommandContext(ctx, filepath.Join(root, "bin", importCommand), "--out", out.Name())
	cmd.Env = append(os.Environ(), "CLOUDFLARE_API_TOKEN="+emulator.DemoToken,
		"CLOUDFLARE_ACCOUNT_ID="+emulator.DemoAccountID, "CLOUDFLARE_BASE_URL="+baseURL)
	var stderr strings.Builder
	cmd.Stdout, cmd.Stderr = io.Discard, &stderr
	emu.ResetObservations()
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return adoptResult{}, fmt.Errorf("%s: %w\n%s", importCommand, err, stderr.String())
	}
	r := adoptResult{Zones: s.Zones, LatencyMS: float64(s.Latency) / float64(time.Millisecond), RateLimit: s.Rate,
		WallSeconds: time.Since(start).Seconds()}
	stats := emu.Stats()
	r.Requests, r.RateLimited, r.MaxInFlight = stats.Requests, stats.RateLimited, stats.MaxInFlight
	for _, req := range emu.Requests() {
		if strings.HasSuffix(req.Path, "/secondary_dns/incoming") || strings.HasSuffix(req.Path, "/secondary_dns/outgoing") {
			r.ZoneReads++
		} else {
			r.Listings++
		}
	}
	r.Floor = 3 + s.Zones/zonesPerPage + 1 + s.Zones
	r.BoundSeconds = (&fixedWindows{rate: s.Rate}).least(start, int(r.Requests)).Seconds()
	if r.BoundSeconds > 0 {
		r.OverBound = r.WallSeconds / r.BoundSeconds
	}
	var file struct {
		Resources []json.RawMessage `json:"resources"`
	}
	data, err := os.ReadFile(out.Name())
	if err == nil {
		err = json.Unmarshal(data, &file)
	}
	if err != nil {
		return adoptResult{}, fmt.Errorf("the import file: %w", err)
	}
	r.Resources = len(file.Resources)
	switch {
	case r.Resources != s.Zones:
		return r, fmt.Errorf("the import file holds %d resources, want one per zone: %d", r.Resources, s.Zones)
	case r.RateLimited > 0:
		return r, fmt.Errorf("the command was answered 429 %d times", r.RateLimited)
	case r.Requests > int64(r.Floor):
		return r, fmt.Errorf("the command sent %d requests, more than the floor of %d", r.Requests, r.Floor)
	}
	return r, nil
}

// seedAccount makes the account's zones in the emulator directly, without requests.
func seedAccount(emu *emulator.Emulator, zones int) error {
	for i := range zones {
		typ, name := emulator.ZoneFull, fmt.Sprintf("out%d.bench.example", i)
		if i%2 == 0 {
			typ, name = emulator.ZoneSecondary, fmt.Sprintf("in%d.bench.example", i)
		}
		z, err := emu.AddZone(name, typ, emulator.DemoAccountID)
		if err != nil {
			return err
		}
		ok := false
		if typ == emulator.ZoneSecondary {
			ok = emu.PutIncoming(z.ID, emulator.Incoming{Name: name + ".", Peers: []string{}, AutoRefreshSeconds: 86400})
		} else {
			ok = emu.PutOutgoing(z.ID, emulator.Outgoing{Name: name + ".", Peers: []string{}, Enabled: true})
		}
		if !ok {
			return fmt.Errorf("seed the configuration of %s", name)
		}
	}
	return nil
}

// adoptScenarios reads the -adopt-zones and -adopt-rate flags.
func adoptScenarios(zones, limit string, latency time.Duration) ([]adoptScenario, error) {
	return limitedScenarios("adopt-zones", zones, "adopt-rate", limit, func(n int, rl rate) adoptScenario {
		return adoptScenario{Zones: n, Latency: latency, Rate: rl}
	})
}

// printAdoptTable writes the import scenarios' figures: requests against the floor, 429s, and
// wall time against the least time the limit allows.
func printAdoptTable(out io.Writer, results []adoptResult) {
	printRows(out, "import: zones\tlatency\trate limit\twall s\trequests\tlistings\tzone reads\tfloor\t429s\tmax in flight\trate bound s\twall/bound\t", results, func(w io.Writer, r adoptResult) {
		over := "-"
		if r.OverBound > 0 {
			over = fmt.Sprintf("%.2fx", r.OverBound)
		}
		fmt.Fprintf(w, "%d\t%gms\t%s\t%.1f\t%d\t%d\t%d\t%d\t%d\t%d\t%.1f\t%s\t\n", r.Zones, r.LatencyMS, r.RateLimit, r.WallSeconds,
			r.Requests, r.Listings, r.ZoneReads, r.Floor, r.RateLimited, r.MaxInFlight, r.BoundSeconds, over)
	})
}
