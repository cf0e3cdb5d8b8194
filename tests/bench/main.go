// Command bench measures the provider through the Pulumi engine against the emulator: N TSIG
// keys each with a peer, created, refreshed and updated with no change, with added latency and
// optionally under a rate limit; N incoming and N outgoing zone transfer configurations,
// created, refreshed (at most the floor of requests, or the run fails), updated with no change
// and destroyed; a fleet of zones with transfers both ways under Cloudflare's rate limit
// (fleet.go); the import command reading an account of many zones under Cloudflare's rate
// limit (adopt.go); and the provider plugin's start-up. It prints a table and
// writes the figures as JSON. `make bench` runs it at full size, `make bench-smoke` small.
package main

import (
	"cmp"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/tests/engine"
)

// pluginBinary is the provider plugin's file name in bin/.
const pluginBinary = "pulumi-resource-cloudflare-secondary-dns"

func main() {
	sizes := flag.String("n", "50,500", `how many key+peer pairs, comma-separated: one run each ("" times the start-up only)`)
	zones := flag.String("zones", "50", `how many zones of each direction of transfer, comma-separated: one run each ("" for none)`)
	latency := flag.Duration("latency", 50*time.Millisecond, "latency the emulator adds to every request")
	limit := flag.String("rate", "60/10s", `the rate limit of the rate-limited runs, as "requests/window"; "" for none`)
	fleetSizes := flag.String("fleet", "100,1000", `how many secondary and full zones the fleet scenario has, comma-separated: one run each ("" for none)`)
	fleetRate := flag.String("fleet-rate", "1200/5m", `the fleet scenario's rate limit, as "requests/window": Cloudflare's by default`)
	startups := flag.Int("startup-runs", 30, "how many times to start the provider plugin to time its start-up")
	startupBinary := flag.String("startup-binary", "", "the plugin binary whose start-up is timed (default: bin/ of the repository)")
	out := flag.String("out", "bin/bench.json", "where to write the figures, relative to the repository root")
	adoptZones := flag.String("adopt-zones", "1000", `how many zones the import command reads, comma-separated: one run each ("" for none)`)
	adoptRate := flag.String("adopt-rate", "1200/5m", `the rate limit the import command reads under, as "requests/window" (Cloudflare's: 1200/5m)`)
	flag.Parse()

	adopt, err := adoptScenarios(*adoptZones, *adoptRate, *latency)
	var fleets []fleetScenario
	if err == nil {
		fleets, err = fleetScenarios(*fleetSizes, *fleetRate, *latency)
	}
	if err == nil {
		err = run(*sizes, *zones, *latency, *limit, *startups, *startupBinary, *out, adopt, fleets)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// report is everything bin/bench.json holds.
type report struct {
	Time      time.Time        `json:"time"`
	Startup   startup          `json:"startup"`
	Scenarios []result         `json:"scenarios"`
	Transfers []transferResult `json:"transfer_scenarios"`
	Adopt     []adoptResult    `json:"import_scenarios"`
	Fleets    []fleetResult    `json:"fleet_scenarios"`
}

func run(sizes, zones string, latency time.Duration, limit string, startups int, startupBinary, out string, adopt []adoptScenario, fleets []fleetScenario) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	root, err := engine.RepoRoot()
	if err != nil {
		return err
	}
	if err := engine.CheckBuilt(root); err != nil {
		return err
	}
	pairCounts, err := parseSizes("n", sizes, "pairs") // none: start-up only
	if err != nil {
		return err
	}
	var rl *rate // the limit of the rate-limited runs, none without
	if limit != "" {
		parsed, err := parseRate(limit)
		if err != nil {
			return err
		}
		rl = &parsed
	}
	var scenarios []scenario
	for _, n := range pairCounts {
		scenarios = append(scenarios, scenario{Pairs: n, Latency: latency})
		if rl != nil {
			scenarios = append(scenarios, scenario{Pairs: n, Latency: latency, Rate: rl})
		}
	}
	zoneCounts, err := parseSizes("zones", zones, "zones")
	if err != nil {
		return err
	}
	var transferScenarios []transferScenario
	for _, n := range zoneCounts {
		transferScenarios = append(transferScenarios, transferScenario{Zones: n, Latency: latency})
	}

	rep := report{Time: time.Now().UTC()}
	binary := cmp.Or(startupBinary, filepath.Join(root, "bin", pluginBinary))
	if rep.Startup, err = timeStartup(ctx, binary, startups); err != nil {
		return err
	}
	fmt.Printf("start-up of %s: median %.1f ms (min %.1f, max %.1f, %d runs), %.1f MB resident\n",
		filepath.Base(binary), rep.Startup.MedianMS, rep.Startup.MinMS, rep.Startup.MaxMS, rep.Startup.Runs, rep.Startup.RSSMB)
	if rep.Scenarios, err = runEach[result](ctx, root, scenarios); err != nil {
		return err
	}
	if rep.Transfers, err = runEach[transferResult](ctx, root, transferScenarios); err != nil {
		return err
	}
	if rep.Adopt, err = runEach[adoptResult](ctx, root, adopt); err != nil {
		return err
	}
	if rep.Fleets, err = runEach[fleetResult](ctx, root, fleets); err != nil {
		return err
	}
	printTable(os.Stdout, rep)
	printFleetTable(os.Stdout, rep.Fleets)
	path := filepath.Join(root, out)
	data, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, append(data, '\n'), 0o644); err != nil {
		return err
	}
	fmt.Println("figures written to", path)
	return nil
}

// rate is a rate limit: Requests per Window.
type rate struct {
	Requests int           `json:"requests"`
	Window   time.Duration `json:"window_ns"`
}

func (r rate) String() string { return fmt.Sprintf("%d/%s", r.Requests, r.Window) }

// perSecond is the sustained rate the limit allows.
func (r rate) perSecond() float64 { return float64(r.Requests) / r.Window.Seconds() }

func parseRate(s string) (rate, error) {
	q, w, ok := strings.Cut(s, "/")
	n, err := strconv.Atoi(q)
	d, errW := time.ParseDuration(w)
	if !ok || err != nil || errW != nil || n < 1 || d <= 0 {
		return rate{}, fmt.Errorf(`-rate: %q is not "requests/window" such as "60/10s"`, s)
	}
	return rate{Requests: n, Window: d}, nil
}

// parseSizes reads a flag's comma-separated positive numbers of what ("" for none).
func parseSizes(flagName, list, what string) ([]int, error) {
	if list == "" {
		return nil, nil
	}
	var out []int
	for s := range strings.SplitSeq(list, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("-%s: %q is not a positive number of %s", flagName, s, what)
		}
		out = append(out, n)
	}
	return out, nil
}

// runner is a scenario measuring an R.
type runner[R any] interface {
	fmt.Stringer
	run(ctx context.Context, root string) (R, error)
}

// runEach runs the scenarios in order and collects what each measured.
func runEach[R any, S runner[R]](ctx context.Context, root string, scenarios []S) ([]R, error) {
	var out []R
	for _, s := range scenarios {
		fmt.Printf("running %s ...\n", s)
		r, err := s.run(ctx, root)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s, err)
		}
		out = append(out, r)
	}
	return out, nil
}

// limitedScenarios reads a flag of sizes ("" for none) and one of the rate limit they run
// under into one scenario per size.
func limitedScenarios[S any](sizeFlag, sizes, rateFlag, limit string, scenario func(n int, rl rate) S) ([]S, error) {
	if sizes == "" {
		return nil, nil
	}
	rl, err := parseRate(limit)
	if err != nil {
		return nil, fmt.Errorf("-%s: %w", rateFlag, err)
	}
	counts, err := parseSizes(sizeFlag, sizes, "zones")
	if err != nil {
		return nil, err
	}
	var out []S
	for _, n := range counts {
		out = append(out, scenario(n, rl))
	}
	return out, nil
}
