package main

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
)

// What the zone transfer scenarios share: n secondary zones in<i>.<domain> and n full zones
// out<i>.<domain>, seeded in the emulator, and a program over their IDs.

// withZonePairs adds the zone pairs to the emulator's seeds.
func withZonePairs(opts emulator.Options, n int, domain string) emulator.Options {
	for i := range n {
		opts.Zones = append(opts.Zones,
			emulator.ZoneSeed{Name: fmt.Sprintf("in%d.%s", i, domain), Type: emulator.ZoneSecondary},
			emulator.ZoneSeed{Name: fmt.Sprintf("out%d.%s", i, domain), Type: emulator.ZoneFull})
	}
	return opts
}

// zonePairProgram looks up the seeded pairs' IDs into incoming and outgoing (each of length n)
// and returns program over them, for openSession.
func zonePairProgram(n int, domain string, incoming, outgoing []string,
	program func(incoming, outgoing []string) pulumi.RunFunc) func(*emulator.Emulator) (pulumi.RunFunc, error) {
	return func(emu *emulator.Emulator) (pulumi.RunFunc, error) {
		for i := range n {
			in, okIn := emu.ZoneByName(emulator.DemoAccountID, fmt.Sprintf("in%d.%s", i, domain))
			out, okOut := emu.ZoneByName(emulator.DemoAccountID, fmt.Sprintf("out%d.%s", i, domain))
			if !okIn || !okOut {
				return nil, fmt.Errorf("the emulator did not seed zone %d", i)
			}
			incoming[i], outgoing[i] = in.ID, out.ID
		}
		return program(incoming, outgoing), nil
	}
}
