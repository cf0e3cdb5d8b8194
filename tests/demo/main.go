// Command demo runs the Go example through the Pulumi engine against a local emulator of
// Cloudflare's Secondary DNS API: up, the outputs, refresh, destroy. `make demo` runs it after
// building the CLI, the provider plugin and the emulator into bin/.
package main

import (
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optrefresh"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/examples/go/secondarydns"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/tests/engine"
)

const emulatorBinary = "cloudflare-secondary-dns-emulator"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Stdout)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "\ndemo failed:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, out io.Writer) error {
	start := time.Now()
	root, err := engine.RepoRoot()
	if err != nil {
		return err
	}
	if err := engine.CheckBuilt(root); err != nil {
		return err
	}
	say := func(format string, args ...any) { fmt.Fprintf(out, format+"\n", args...) }
	heading := func(format string, args ...any) {
		say("\n=== "+format+" ===", args...)
	}

	heading("Starting the Cloudflare Secondary DNS emulator")
	bin := filepath.Join(root, "bin", emulatorBinary)
	say("$ bin/%s -addr 127.0.0.1:0", emulatorBinary)
	emu, err := startEmulator(ctx, bin)
	if err != nil {
		return err
	}
	defer func() {
		emu.Stop()
		say("Emulator stopped.")
	}()
	say("Serving %s (demo account %s)", emu.BaseURL, emulator.DemoAccountID)
	cloudflare := api{baseURL: emu.BaseURL, token: emulator.DemoToken, account: emulator.DemoAccountID}

	scratch, err := os.MkdirTemp("", "cfsecdns-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(scratch)
	stack, err := engine.NewStack(ctx, engine.Stack{
		Root:    root,
		Dir:     scratch,
		Name:    "demo",
		Program: secondarydns.Program,
		Provider: engine.Provider{
			BaseURL:   emu.BaseURL,
			APIToken:  emulator.DemoToken,
			AccountID: emulator.DemoAccountID,
		},
		InstallPlugin: true,
	})
	if err != nil {
		return err
	}
	say("Stack %q of project %s, state in a scratch directory (file backend); the provider plugin", stack.Name(), engine.Project)
	say("from bin/ is installed into its Pulumi home, as `make install` does.")
	showRequests := func() error {
		reqs, err := emu.Requests(ctx)
		if err != nil {
			return err
		}
		say("\nThe provider made %d API requests:", len(reqs))
		for _, r := range reqs {
			say("  %s", r)
		}
		return nil
	}

	heading("1/4 pulumi up: create the TSIG key, the peer and the ACL")
	up, err := stack.Up(ctx, optup.ProgressStreams(out))
	if err != nil {
		return fmt.Errorf("up: %w", err)
	}
	if err := showRequests(); err != nil {
		return err
	}
	say("Changes: %s", describe(up.Summary))

	heading("2/4 Stack outputs, and what the Cloudflare API now lists")
	for _, name := range slices.Sorted(maps.Keys(up.Outputs)) {
		v := up.Outputs[name]
		if v.Secret {
			say("  %-10s = [secret] (encrypted in the state; `pulumi stack output %s --show-secrets` reveals it)", name, name)
			continue
		}
		say("  %-10s = %v", name, v.Value)
	}
	if err := showAPI(ctx, say, cloudflare); err != nil {
		return err
	}
	if _, err := emu.Requests(ctx); err != nil { // the demo's own listing is not the provider's
		return err
	}

	heading("3/4 pulumi refresh: compare the state with Cloudflare")
	refresh, err := stack.Refresh(ctx, optrefresh.ProgressStreams(out))
	if err != nil {
		return fmt.Errorf("refresh: %w", err)
	}
	if err := showRequests(); err != nil {
		return err
	}
	say("Changes: %s", describe(refresh.Summary))

	heading("4/4 pulumi destroy: delete everything")
	destroy, err := stack.Destroy(ctx, optdestroy.ProgressStreams(out), optdestroy.Remove())
	if err != nil {
		return fmt.Errorf("destroy: %w", err)
	}
	if err := showRequests(); err != nil {
		return err
	}
	say("Changes: %s", describe(destroy.Summary))
	if err := showAPI(ctx, say, cloudflare); err != nil {
		return err
	}

	heading("Done in %s", time.Since(start).Round(100*time.Millisecond))
	return nil
}

// showAPI prints the account's keys, peers and ACLs as the API lists them (secrets left out).
func showAPI(ctx context.Context, say func(string, ...any), cloudflare api) error {
	keys, err := cloudflare.tsigs(ctx)
	if err != nil {
		return err
	}
	peers, err := cloudflare.peers(ctx)
	if err != nil {
		return err
	}
	acls, err := cloudflare.acls(ctx)
	if err != nil {
		return err
	}
	say("\nGET .../secondary_dns/tsigs, .../peers and .../acls: %d TSIG key(s), %d peer(s), %d ACL(s)",
		len(keys), len(peers), len(acls))
	for _, k := range keys {
		say("  TSIG key %s: name %s, algorithm %s", k.ID, k.Name, k.Algo)
	}
	for _, p := range peers {
		say("  peer %s: name %s, address %s port %s, IXFR %s, TSIG key %s",
			p.ID, p.Name, orUnset(p.IP), orUnset(p.Port), orUnset(p.IxfrEnable), orUnset(p.TSIGID))
	}
	for _, a := range acls {
		say("  ACL %s: name %s, range %s", a.ID, a.Name, a.IPRange)
	}
	return nil
}

// describe summarises an operation's resource changes, e.g. "3 create".
func describe(s auto.UpdateSummary) string {
	if s.ResourceChanges == nil || len(*s.ResourceChanges) == 0 {
		return "none"
	}
	changes := *s.ResourceChanges
	var parts []string
	for _, op := range slices.Sorted(maps.Keys(changes)) {
		parts = append(parts, fmt.Sprintf("%d %s", changes[op], op))
	}
	return strings.Join(parts, ", ") + " (counting the stack itself)"
}

func orUnset[T any](v *T) string {
	if v == nil {
		return "unset"
	}
	return fmt.Sprint(*v)
}
