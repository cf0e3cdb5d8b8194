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

// zonePairs is an emulator serving n secondary zones in<i>.<domain> and n full zones
// out<i>.<domain>, and a stack running a program over their IDs.
type zonePairs struct {
	emu                *emulator.Emulator
	stack              auto.Stack
	incoming, outgoing []string
}

// startZonePairs serves the emulator with opts and the zone pairs, and makes the stack name
// with program; stop ends both.
func startZonePairs(ctx context.Context, root, name, domain string, n int, opts emulator.Options,
	program func(incoming, outgoing []string) pulumi.RunFunc) (z zonePairs, stop func(), err error) {
	for i := range n {
		opts.Zones = append(opts.Zones,
			emulator.ZoneSeed{Name: fmt.Sprintf("in%d.%s", i, domain), Type: emulator.ZoneSecondary},
			emulator.ZoneSeed{Name: fmt.Sprintf("out%d.%s", i, domain), Type: emulator.ZoneFull})
	}
	emu, baseURL, stopEmulator, err := serveEmulator(opts)
	if err != nil {
		return zonePairs{}, nil, err
	}
	z = zonePairs{emu: emu, incoming: make([]string, n), outgoing: make([]string, n)}
	for i := range n {
		in, okIn := emu.ZoneByName(emulator.DemoAccountID, fmt.Sprintf("in%d.%s", i, domain))
		out, okOut := emu.ZoneByName(emulator.DemoAccountID, fmt.Sprintf("out%d.%s", i, domain))
		if !okIn || !okOut {
			stopEmulator()
			return zonePairs{}, nil, fmt.Errorf("the emulator did not seed zone %d", i)
		}
		z.incoming[i], z.outgoing[i] = in.ID, out.ID
	}
	stack, done, err := newBenchStack(ctx, root, name, program(z.incoming, z.outgoing), baseURL)
	if err != nil {
		stopEmulator()
		return zonePairs{}, nil, err
	}
	z.stack = stack
	return z, func() { done(); stopEmulator() }, nil
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
