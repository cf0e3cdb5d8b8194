package main

import (
	"context"
	"fmt"
	"os"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/tests/engine"
)

// What the engine-level scenarios share: zones to seed, and a stack of their own.

// seedZonePairs adds n secondary zones in<i>.<domain> and n full zones out<i>.<domain>.
func seedZonePairs(opts *emulator.Options, n int, domain string) {
	for i := range n {
		opts.Zones = append(opts.Zones,
			emulator.ZoneSeed{Name: fmt.Sprintf("in%d.%s", i, domain), Type: emulator.ZoneSecondary},
			emulator.ZoneSeed{Name: fmt.Sprintf("out%d.%s", i, domain), Type: emulator.ZoneFull})
	}
}

// zonePairIDs returns the IDs of the zones seedZonePairs seeded.
func zonePairIDs(emu *emulator.Emulator, n int, domain string) (incoming, outgoing []string, err error) {
	incoming, outgoing = make([]string, n), make([]string, n)
	for i := range n {
		in, okIn := emu.ZoneByName(emulator.DemoAccountID, fmt.Sprintf("in%d.%s", i, domain))
		out, okOut := emu.ZoneByName(emulator.DemoAccountID, fmt.Sprintf("out%d.%s", i, domain))
		if !okIn || !okOut {
			return nil, nil, fmt.Errorf("the emulator did not seed zone %d", i)
		}
		incoming[i], outgoing[i] = in.ID, out.ID
	}
	return incoming, outgoing, nil
}

// newBenchStack makes the stack name in a directory of its own, running program against the
// emulator at baseURL with its demo token and account; done removes both.
func newBenchStack(ctx context.Context, root, name string, program pulumi.RunFunc, baseURL string) (stack auto.Stack, done func(), err error) {
	dir, err := os.MkdirTemp("", "cfsecdns-bench-")
	if err != nil {
		return auto.Stack{}, nil, err
	}
	stack, err = engine.NewStack(ctx, engine.Stack{
		Root: root, Dir: dir, Name: name, Program: program,
		Provider: engine.Provider{BaseURL: baseURL, APIToken: emulator.DemoToken, AccountID: emulator.DemoAccountID},
	})
	if err != nil {
		os.RemoveAll(dir)
		return auto.Stack{}, nil, err
	}
	return stack, func() {
		_ = stack.Workspace().RemoveStack(context.WithoutCancel(ctx), name)
		os.RemoveAll(dir)
	}, nil
}
