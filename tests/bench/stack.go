package main

import (
	"context"
	"fmt"
	"net/http"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
)

// What the zone transfer scenarios share: n secondary zones in<i>.<domain> and n full zones
// out<i>.<domain>, seeded in the emulator, and a program over their IDs.

// zonePairs are the seeded zones' IDs: incoming[i] is in<i>.<domain>'s, outgoing[i] out<i>.<domain>'s.
type zonePairs struct{ incoming, outgoing []string }

// openZonePairs seeds n zone pairs under domain beside opts's zones and opens a session whose
// program is program over the pairs' IDs, which the returned zonePairs hold once it is open.
func openZonePairs(ctx context.Context, root string, opts emulator.Options, n int, domain string,
	program func(incoming, outgoing []string) pulumi.RunFunc) (*session, zonePairs, error) {
	for i := range n {
		opts.Zones = append(opts.Zones,
			emulator.ZoneSeed{Name: fmt.Sprintf("in%d.%s", i, domain), Type: emulator.ZoneSecondary},
			emulator.ZoneSeed{Name: fmt.Sprintf("out%d.%s", i, domain), Type: emulator.ZoneFull})
	}
	pairs := zonePairs{incoming: make([]string, n), outgoing: make([]string, n)}
	sess, err := openSession(ctx, root, opts, func(emu *emulator.Emulator) (pulumi.RunFunc, error) {
		for i := range n {
			in, okIn := emu.ZoneByName(emulator.DemoAccountID, fmt.Sprintf("in%d.%s", i, domain))
			out, okOut := emu.ZoneByName(emulator.DemoAccountID, fmt.Sprintf("out%d.%s", i, domain))
			if !okIn || !okOut {
				return nil, fmt.Errorf("the emulator did not seed zone %d", i)
			}
			pairs.incoming[i], pairs.outgoing[i] = in.ID, out.ID
		}
		return program(pairs.incoming, pairs.outgoing), nil
	})
	return sess, pairs, err
}

// hold checks that every pair has its configurations, with transfers enabled for the outgoing
// one (want), or that none has any (!want).
func (p zonePairs) hold(emu *emulator.Emulator, want bool) error {
	for i := range p.incoming {
		_, in := emu.Incoming(p.incoming[i])
		out, hasOut := emu.Outgoing(p.outgoing[i])
		if want && (!in || !hasOut || !out.Enabled) {
			return fmt.Errorf("zone %d: incoming configuration %t, outgoing %t, enabled %t", i, in, hasOut, out.Enabled)
		}
		if !want && (in || hasOut) {
			return fmt.Errorf("zone %d still has a configuration (incoming %t, outgoing %t)", i, in, hasOut)
		}
	}
	return nil
}

// countWrites counts the requests that are not GETs.
func countWrites(reqs []emulator.Request) int {
	n := 0
	for _, req := range reqs {
		if req.Method != http.MethodGet {
			n++
		}
	}
	return n
}
