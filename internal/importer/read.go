// Package importer is the work of cmd/cloudflare-secondary-dns-import: it reads what a
// Cloudflare account already holds of Secondary DNS (TSIG keys, peers, ACLs and each zone's
// transfer configuration) and makes of it a Pulumi import file, for `pulumi import --file`. It
// only reads, and only through the provider's own client and kinds (kinds.Account).
package importer

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/kinds"
)

// zoneReaders is how many zones' configurations are read at once: enough to hide the latency
// of each request, while the client's throttle keeps the whole under Cloudflare's rate limit.
const zoneReaders = 8

// Options say what to read.
type Options struct {
	// Zones limits the zones read to those of these names; empty reads every zone.
	Zones []string
	// Progress receives a line as zones are read (zones read / total); nil for none.
	Progress io.Writer
}

// Summary is what was read: how many zones, and how many objects of each resource type.
type Summary struct {
	Zones         int            // zones read
	WithoutConfig int            // zones that have no transfer configuration, left out
	Resources     map[string]int // by resource type name, e.g. "Tsig"
}

// Read reads the account and returns the import file: every TSIG key, peer and ACL, and each
// zone's incoming (secondary zones) or outgoing (the others) configuration, named and sorted the
// same way on every run. Any failed read fails the whole: a file that silently lacks objects
// would make a program that deletes nothing but manages less than the user thinks.
func Read(ctx context.Context, account *kinds.Account, opts Options) (File, Summary, error) {
	found, sum, err := readAll(ctx, account, opts)
	if err != nil {
		return File{}, Summary{}, err
	}
	return File{Resources: named(found)}, sum, nil
}

// readAll reads every object of the account, and each zone's configurations.
func readAll(ctx context.Context, account *kinds.Account, opts Options) ([]kinds.Found, Summary, error) {
	var found []kinds.Found
	for _, k := range kinds.All {
		objects, err := account.Objects(ctx, k)
		if err != nil {
			return nil, Summary{}, err
		}
		found = append(found, objects...)
	}
	zones, err := account.Zones(ctx, opts.Zones)
	if err != nil {
		return nil, Summary{}, err
	}
	configs, err := readZones(ctx, account, zones, opts.Progress)
	if err != nil {
		return nil, Summary{}, err
	}
	found = append(found, configs...)
	sum := Summary{Zones: len(zones), WithoutConfig: len(zones) - len(configs), Resources: map[string]int{}}
	for _, f := range found {
		sum.Resources[f.Kind.Resource]++
	}
	return found, sum, nil
}

// named are the objects as an import file lists them: named and sorted (assignNames).
func named(found []kinds.Found) []Resource {
	resources := make([]Resource, len(found))
	for i, f := range found {
		resources[i] = Resource{Type: f.Kind.Token(), Name: f.Name, ID: f.ID}
	}
	assignNames(resources)
	return resources
}

// readZones reads each zone's configurations, zoneReaders zones at a time; the first failure
// stops the rest.
func readZones(ctx context.Context, account *kinds.Account, zones []kinds.Zone, progress io.Writer) ([]kinds.Found, error) {
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(zoneReaders)
	results := make([][]kinds.Found, len(zones))
	report := newProgress(progress, len(zones))
	for i, z := range zones {
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err // another read failed: this one is not sent
			}
			for _, k := range kinds.All {
				f, ok, err := account.ZoneObject(ctx, k, z)
				if err != nil {
					return err
				}
				if ok {
					results[i] = append(results[i], f)
				}
			}
			report.done()
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return slices.Concat(results...), nil
}

// progress writes "zones read: n/total" about twenty times in a run, and at its end.
type progress struct {
	mu          sync.Mutex
	w           io.Writer
	read, total int
	every       int
}

func newProgress(w io.Writer, total int) *progress {
	return &progress{w: w, total: total, every: max(1, total/20)}
}

func (p *progress) done() {
	if p.w == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.read++
	if p.read%p.every == 0 || p.read == p.total {
		fmt.Fprintf(p.w, "zones read: %d/%d\n", p.read, p.total)
	}
}

// String says what was found, by resource, e.g. "2 Tsig, 3 Peer, ... from 12 zones (1 without configuration)".
func (s Summary) String() string {
	var parts []string
	for _, k := range kinds.All {
		parts = append(parts, fmt.Sprintf("%d %s", s.Resources[k.Resource], k.Resource))
	}
	return fmt.Sprintf("%s; %d zones read, %d without a transfer configuration (left out)", strings.Join(parts, ", "), s.Zones, s.WithoutConfig)
}
