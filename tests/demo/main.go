// Command demo runs the Go example through the Pulumi engine against a local emulator of
// Cloudflare's Secondary DNS API, in both directions (Cloudflare as secondary of example.com,
// as primary of example.net): up, the outputs and the API's view, a real zone transfer of
// example.com from a small primary the demo serves (signed with the key the provider generated),
// the outgoing switch flipped behind Pulumi's back, refresh, up putting it back, destroy.
// `make demo` runs it after building the CLI, the provider plugin and the emulator into bin/.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optrefresh"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/dnsx"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/examples/go/secondarydns"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/tests/engine"
)

const emulatorBinary = "cloudflare-secondary-dns-emulator"

// The example's zones (its defaults), seeded into the emulator: Cloudflare is the secondary of
// secondaryZone and the primary of primaryZone.
const (
	secondaryZone = "example.com"
	primaryZone   = "example.net"
)

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
	zoneArgs := []string{"-zone", secondaryZone + "=secondary", "-zone", primaryZone + "=full"}
	say("$ bin/%s -addr 127.0.0.1:0 -dns 127.0.0.1:0 %s", emulatorBinary, strings.Join(zoneArgs, " "))
	emu, err := startEmulator(ctx, bin, zoneArgs...)
	if err != nil {
		return err
	}
	defer func() {
		emu.Stop()
		say("Emulator stopped.")
	}()
	say("Serving %s (demo account %s), and DNS on %s (UDP and TCP)", emu.BaseURL, emulator.DemoAccountID, emu.DNSAddr)
	cloudflare := api{baseURL: emu.BaseURL, token: emulator.DemoToken, account: emulator.DemoAccountID}
	var zones []zone
	for _, name := range []string{secondaryZone, primaryZone} {
		z, err := cloudflare.zone(ctx, name)
		if err != nil {
			return err
		}
		say("Zone %s (type %s): ID %s", z.Name, z.Type, z.ID)
		zones = append(zones, z)
	}
	primary := zones[1]
	if _, err := emu.Requests(ctx); err != nil { // the demo's own lookups are not the provider's
		return err
	}
	ns1, err := startPrimary(secondaryZone, primaryRecords...)
	if err != nil {
		return err
	}
	defer ns1.Stop()
	say("Demo primary of %s on %s (UDP and TCP): serial %d, SOA, NS and A records; it answers SOA,",
		secondaryZone, ns1.Addr(), ns1.serial())
	say("AXFR and IXFR (AXFR-style) signed with TSIG, and refuses unsigned transfers.")

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
	err = stack.SetAllConfig(ctx, auto.ConfigMap{
		"peerIp":   {Value: "127.0.0.1"},
		"peerPort": {Value: strconv.Itoa(ns1.Port())},
	})
	if err != nil {
		return fmt.Errorf("configure stack %s: %w", stack.Name(), err)
	}
	say("Stack config peerIp = 127.0.0.1, peerPort = %d: the primary peer (ns1-primary) is the demo primary.", ns1.Port())
	// reported ends an engine operation: its error, or the API requests the provider made and the
	// resource changes.
	reported := func(op string, summary auto.UpdateSummary, err error) error {
		if err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
		reqs, err := emu.Requests(ctx)
		if err != nil {
			return err
		}
		say("\nThe provider made %d API requests:", len(reqs))
		for _, r := range reqs {
			say("  %s", r)
		}
		say("Changes: %s", describe(summary))
		return nil
	}

	heading("1/7 pulumi up: the key, both peers, the ACL, and both zones' transfer configurations")
	say("Cloudflare as secondary of %s (IncomingTransfer, pulled from ns1-primary) and as primary of", secondaryZone)
	say("%s (OutgoingTransfer, for ns1-secondary, enabled); the zones are found by name (getZone).", primaryZone)
	up, err := stack.Up(ctx, optup.ProgressStreams(out))
	if err := reported("up", up.Summary, err); err != nil {
		return err
	}

	heading("2/7 Stack outputs, and what the Cloudflare API now lists")
	for _, name := range slices.Sorted(maps.Keys(up.Outputs)) {
		v := up.Outputs[name]
		if v.Secret {
			say("  %-15s = [secret] (encrypted in the state; `pulumi stack output %s --show-secrets` reveals it)", name, name)
			continue
		}
		say("  %-15s = %v", name, v.Value)
	}
	if err := showAPI(ctx, say, cloudflare, zones); err != nil {
		return err
	}

	heading("3/7 A real zone transfer: Cloudflare pulls %s from the demo primary, signed with the key", secondaryZone)
	key, err := transferKey(ctx, cloudflare, up.Outputs)
	if err != nil {
		return err
	}
	if err := showTransfer(ctx, say, ns1, emu, key); err != nil {
		return err
	}
	if _, err := emu.Requests(ctx); err != nil { // the demo's own listing is not the provider's
		return err
	}

	heading("4/7 Someone disables %s's outgoing transfers in the dashboard; pulumi refresh sees it", primary.Name)
	say("POST .../zones/%s/secondary_dns/outgoing/disable (behind Pulumi's back)", primary.ID)
	if err := cloudflare.disableOutgoing(ctx, primary.ID); err != nil {
		return err
	}
	if _, err := emu.Requests(ctx); err != nil {
		return err
	}
	refresh, err := stack.Refresh(ctx, optrefresh.ProgressStreams(out))
	if err := reported("refresh", refresh.Summary, err); err != nil {
		return err
	}
	enabled, err := stateOutput(ctx, stack, "OutgoingTransfer", "enabled")
	if err != nil {
		return err
	}
	say("The OutgoingTransfer's enabled in the state is now %v, as Cloudflare reports it.", enabled)
	soaSerial, err := stateOutput(ctx, stack, "IncomingTransfer", "soaSerial")
	if err != nil {
		return err
	}
	say("The IncomingTransfer's soaSerial is now %v, the serial of Cloudflare's copy of %s.", soaSerial, secondaryZone)

	heading("5/7 pulumi up: the program says enabled: true, so the provider switches transfers back on")
	again, err := stack.Up(ctx, optup.ProgressStreams(out))
	if err := reported("up", again.Summary, err); err != nil {
		return err
	}
	say("outgoingEnabled = %v", again.Outputs["outgoingEnabled"].Value)
	status, err := cloudflare.outgoingStatus(ctx, primary.ID)
	if err != nil {
		return err
	}
	say("GET .../zones/%s/secondary_dns/outgoing/status: %s", primary.ID, status)
	if _, err := emu.Requests(ctx); err != nil {
		return err
	}

	heading("6/7 pulumi refresh: the state and Cloudflare agree")
	refresh, err = stack.Refresh(ctx, optrefresh.ProgressStreams(out))
	if err := reported("refresh", refresh.Summary, err); err != nil {
		return err
	}

	heading("7/7 pulumi destroy: outgoing transfers disabled first, then everything deleted")
	destroy, err := stack.Destroy(ctx, optdestroy.ProgressStreams(out), optdestroy.Remove())
	if err := reported("destroy", destroy.Summary, err); err != nil {
		return err
	}
	if err := showAPI(ctx, say, cloudflare, zones); err != nil {
		return err
	}

	heading("Done in %s", time.Since(start).Round(100*time.Millisecond))
	return nil
}

// stateOutput reads an output of the stack's one resource of a type (e.g. OutgoingTransfer) from
// its state.
func stateOutput(ctx context.Context, stack auto.Stack, typ, name string) (any, error) {
	dep, err := stack.Export(ctx)
	if err != nil {
		return nil, err
	}
	var state struct {
		Resources []struct {
			Type    string         `json:"type"`
			Outputs map[string]any `json:"outputs"`
		} `json:"resources"`
	}
	d := json.NewDecoder(bytes.NewReader(dep.Deployment))
	d.UseNumber() // a serial reads 2025010102, not 2.025010102e+09
	if err := d.Decode(&state); err != nil {
		return nil, err
	}
	for _, r := range state.Resources {
		if r.Type == "cloudflare-secondary-dns:index:"+typ {
			return r.Outputs[name], nil
		}
	}
	return nil, fmt.Errorf("no %s in the state", typ)
}

// transferKey is the key the provider generated, as the primary must hold it: its name and
// algorithm as the API lists them, its secret from the stack output tsigSecret.
func transferKey(ctx context.Context, cloudflare api, outputs auto.OutputMap) (*dnsx.Key, error) {
	id, _ := outputs["tsigId"].Value.(string)
	secret, _ := outputs["tsigSecret"].Value.(string)
	if id == "" || secret == "" {
		return nil, errors.New("the stack outputs tsigId and tsigSecret are missing")
	}
	keys, err := cloudflare.tsigs(ctx)
	if err != nil {
		return nil, err
	}
	for _, k := range keys {
		if k.ID == id {
			return dnsx.NewKey(k.Name, k.Algo, secret)
		}
	}
	return nil, fmt.Errorf("TSIG key %s (the stack output tsigId) is not in GET .../secondary_dns/tsigs", id)
}

// showAPI prints the account's keys, peers and ACLs as the API lists them (secrets left out),
// and the zones' transfer configurations.
func showAPI(ctx context.Context, say func(string, ...any), cloudflare api, zones []zone) error {
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
	for _, z := range zones {
		// A secondary zone can have only an incoming configuration, the others only an outgoing one.
		direction := "outgoing"
		if z.Type == "secondary" {
			direction = "incoming"
		}
		{
			t, found, err := cloudflare.transfer(ctx, z.ID, direction)
			if err != nil {
				return err
			}
			if !found {
				say("  zone %s (%s): no %s transfer configuration", z.Name, z.Type, direction)
				continue
			}
			line := fmt.Sprintf("  zone %s (%s): %s transfers, name %s, peers %v", z.Name, z.Type, direction, t.Name, t.Peers)
			if t.AutoRefreshSeconds != nil {
				line += fmt.Sprintf(", auto refresh every %ds", *t.AutoRefreshSeconds)
			}
			if direction == "outgoing" {
				status, err := cloudflare.outgoingStatus(ctx, z.ID)
				if err != nil {
					return err
				}
				line += ", status " + status
			}
			say("%s", line)
		}
	}
	if len(zones) > 0 {
		say("  (GET .../zones/<id>/secondary_dns/incoming, or .../outgoing and .../outgoing/status)")
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
