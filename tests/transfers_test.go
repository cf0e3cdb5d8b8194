package tests_test

import (
	"slices"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	cfsecdns "github.com/cfsecdns/pulumi-cloudflare-secondary-dns/sdk/go/cloudflaresecondarydns"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/examples/go/secondarydns"
)

// Cloudflare's bookkeeping of a configuration (serial and times) is not the example's to check.
var configOnly = cmpopts.IgnoreFields(emulator.Incoming{}, "SOASerial", "CheckedTime", "CreatedTime", "ModifiedTime")
var outgoingConfigOnly = cmpopts.IgnoreFields(emulator.Outgoing{}, "SOASerial", "CheckedTime", "CreatedTime", "LastTransferredTime")

// TestExampleTransfers runs the Go example through the engine and follows its two zone
// transfer configurations, step by step against one emulator seeded with the example's zones:
// create, update, triggers, a switch flipped behind Pulumi's back, destroy.
func TestExampleTransfers(t *testing.T) {
	t.Parallel()
	stack, srv, _ := newStack(t, "transfers", secondarydns.Program)
	ctx := t.Context()
	secZone, primZone := zoneID(t, srv, secondaryZone), zoneID(t, srv, primaryZone)
	var peerID, secondaryPeerID string

	incoming := func(t *testing.T) emulator.Incoming {
		t.Helper()
		c, ok := srv.Incoming(secZone)
		if !ok {
			t.Fatalf("no incoming configuration on %s", secondaryZone)
		}
		return c
	}
	outgoing := func(t *testing.T) emulator.Outgoing {
		t.Helper()
		c, ok := srv.Outgoing(primZone)
		if !ok {
			t.Fatalf("no outgoing configuration on %s", primaryZone)
		}
		return c
	}
	wantIncoming := func(t *testing.T, autoRefresh int) {
		t.Helper()
		want := emulator.Incoming{Name: secondaryZone, Peers: []string{peerID}, AutoRefreshSeconds: autoRefresh}
		if diff := cmp.Diff(want, incoming(t), configOnly); diff != "" {
			t.Errorf("incoming configuration (-want +got):\n%s", diff)
		}
	}
	wantOutgoing := func(t *testing.T) {
		t.Helper()
		want := emulator.Outgoing{Name: primaryZone, Peers: []string{secondaryPeerID}, Enabled: true}
		if diff := cmp.Diff(want, outgoing(t), outgoingConfigOnly); diff != "" {
			t.Errorf("outgoing configuration (-want +got):\n%s", diff)
		}
	}
	wantActions := func(t *testing.T, sec, prim emulator.ZoneActions) {
		t.Helper()
		if got := srv.ZoneActions(secZone); got != sec {
			t.Errorf("actions on %s: %+v, want %+v", secondaryZone, got, sec)
		}
		if got := srv.ZoneActions(primZone); got != prim {
			t.Errorf("actions on %s: %+v, want %+v", primaryZone, got, prim)
		}
	}
	// upChanging previews and runs an update that changes only the named resource's diffs, and
	// returns the writes it made.
	upChanging := func(t *testing.T, name string, diffs ...string) []string {
		t.Helper()
		summary, steps := previewSteps(t, stack)
		wantOnly(t, summary, steps, name, diffs...)
		from := len(srv.Requests())
		res, err := stack.Up(ctx)
		if err != nil {
			t.Fatalf("up: %v", err)
		}
		wantChanges(t, "up", res.Summary, map[string]int{"same": 6, "update": 1})
		return writesSince(srv, from)
	}

	steps := []struct {
		name string
		run  func(t *testing.T)
	}{
		{"up creates both configurations, with outgoing transfers enabled", func(t *testing.T) {
			res, err := stack.Up(ctx)
			if err != nil {
				t.Fatalf("up: %v", err)
			}
			wantChanges(t, "up", res.Summary, map[string]int{"create": 7})
			peerID = outputString(t, res.Outputs, "peerId")
			secondaryPeerID = outputString(t, res.Outputs, "secondaryPeerId")
			// The zones were found by name: the transfers' IDs are the seeded zones' IDs.
			if got := outputString(t, res.Outputs, "secondaryZoneId"); got != secZone {
				t.Errorf("secondaryZoneId = %s, want the ID of %s, %s", got, secondaryZone, secZone)
			}
			if got := outputString(t, res.Outputs, "primaryZoneId"); got != primZone {
				t.Errorf("primaryZoneId = %s, want the ID of %s, %s", got, primaryZone, primZone)
			}
			if got := res.Outputs["outgoingEnabled"].Value; got != true {
				t.Errorf("outgoingEnabled = %#v, want true", got)
			}
			wantIncoming(t, 86400)
			wantOutgoing(t)
			// Creating runs no trigger: the one action is enabling outgoing transfers.
			wantActions(t, emulator.ZoneActions{}, emulator.ZoneActions{Enable: 1})
			_, state := exportState(t, stack)
			if got := state["outgoing"].Outputs["enabled"]; got != true {
				t.Errorf("the outgoing transfer's enabled in state is %v, want true", got)
			}
			if got := state["incoming"].Outputs["autoRefreshSeconds"]; got != 86400.0 {
				t.Errorf("the incoming transfer's autoRefreshSeconds in state is %v, want 86400", got)
			}
		}},
		{"a second preview shows no changes", func(t *testing.T) {
			wantNoChange(t, stack)
		}},
		{"a new autoRefreshSeconds updates the incoming configuration in place", func(t *testing.T) {
			if err := stack.SetConfig(ctx, "autoRefreshSeconds", auto.ConfigValue{Value: "3600"}); err != nil {
				t.Fatal(err)
			}
			writes := upChanging(t, "incoming", "autoRefreshSeconds")
			if want := []string{"PUT zones/" + secZone + "/secondary_dns/incoming"}; !slices.Equal(writes, want) {
				t.Errorf("the update wrote %v, want %v", writes, want)
			}
			wantIncoming(t, 3600)
			wantOutgoing(t)
			wantActions(t, emulator.ZoneActions{}, emulator.ZoneActions{Enable: 1})
		}},
		{"new axfrTriggers force one AXFR and write nothing else", func(t *testing.T) {
			before := incoming(t)
			if err := stack.SetConfig(ctx, "axfrTriggers", auto.ConfigValue{Value: `["2026-05-01"]`}); err != nil {
				t.Fatal(err)
			}
			writes := upChanging(t, "incoming", "triggers")
			if want := []string{"POST zones/" + secZone + "/secondary_dns/force_axfr"}; !slices.Equal(writes, want) {
				t.Errorf("the update wrote %v, want %v", writes, want)
			}
			wantActions(t, emulator.ZoneActions{ForceAXFR: 1}, emulator.ZoneActions{Enable: 1})
			// The transfer checks the primary's SOA (its time and serial); the configuration,
			// down to its modified time, stays as it was.
			checked := cmpopts.IgnoreFields(emulator.Incoming{}, "CheckedTime", "SOASerial")
			if diff := cmp.Diff(before, incoming(t), checked); diff != "" {
				t.Errorf("forcing an AXFR changed the configuration (-before +after):\n%s", diff)
			}
			wantNoChange(t, stack)
		}},
		{"new notifyTriggers force one NOTIFY and write nothing else", func(t *testing.T) {
			before := outgoing(t)
			if err := stack.SetConfig(ctx, "notifyTriggers", auto.ConfigValue{Value: `["2026-05-01"]`}); err != nil {
				t.Fatal(err)
			}
			writes := upChanging(t, "outgoing", "triggers")
			if want := []string{"POST zones/" + primZone + "/secondary_dns/outgoing/force_notify"}; !slices.Equal(writes, want) {
				t.Errorf("the update wrote %v, want %v", writes, want)
			}
			wantActions(t, emulator.ZoneActions{ForceAXFR: 1}, emulator.ZoneActions{Enable: 1, ForceNotify: 1})
			if diff := cmp.Diff(before, outgoing(t), outgoingConfigOnly); diff != "" {
				t.Errorf("forcing a NOTIFY changed the configuration (-before +after):\n%s", diff)
			}
			wantNoChange(t, stack)
		}},
		{"refresh sees outgoing transfers disabled behind Pulumi's back, and up enables them again", func(t *testing.T) {
			if !srv.SetOutgoingEnabled(primZone, false) {
				t.Fatal("no outgoing configuration to disable")
			}
			res, err := stack.Refresh(ctx)
			if err != nil {
				t.Fatalf("refresh: %v", err)
			}
			wantChanges(t, "refresh", res.Summary, map[string]int{"same": 6, "update": 1})
			_, state := exportState(t, stack)
			if got := state["outgoing"].Outputs["enabled"]; got != false {
				t.Errorf("after refresh the outgoing transfer's enabled in state is %v, want false", got)
			}
			// (The stack output outgoingEnabled changes only when the program runs: refresh
			// does not run it.)
			writes := upChanging(t, "outgoing", "enabled")
			if want := []string{"POST zones/" + primZone + "/secondary_dns/outgoing/enable"}; !slices.Equal(writes, want) {
				t.Errorf("the update wrote %v, want %v", writes, want)
			}
			wantActions(t, emulator.ZoneActions{ForceAXFR: 1}, emulator.ZoneActions{Enable: 2, ForceNotify: 1})
			wantOutgoing(t)
			wantNoChange(t, stack)
		}},
		{"destroy disables outgoing transfers, then deletes both configurations", func(t *testing.T) {
			from := len(srv.Requests())
			res, err := stack.Destroy(ctx)
			if err != nil {
				t.Fatalf("destroy: %v", err)
			}
			wantChanges(t, "destroy", res.Summary, map[string]int{"delete": 7})
			if c, ok := srv.Incoming(secZone); ok {
				t.Errorf("incoming configuration left: %+v", c)
			}
			if c, ok := srv.Outgoing(primZone); ok {
				t.Errorf("outgoing configuration left: %+v", c)
			}
			wantActions(t, emulator.ZoneActions{ForceAXFR: 1}, emulator.ZoneActions{Enable: 2, ForceNotify: 1, Disable: 1})
			writes := writesSince(srv, from)
			disable := slices.Index(writes, "POST zones/"+primZone+"/secondary_dns/outgoing/disable")
			remove := slices.Index(writes, "DELETE zones/"+primZone+"/secondary_dns/outgoing")
			if disable < 0 || remove < 0 || disable > remove {
				t.Errorf("destroy wrote %v: want outgoing/disable, then the outgoing configuration deleted", writes)
			}
			if !slices.Contains(writes, "DELETE zones/"+secZone+"/secondary_dns/incoming") {
				t.Errorf("destroy wrote %v: the incoming configuration was not deleted", writes)
			}
		}},
	}
	for _, step := range steps {
		if !t.Run(step.name, step.run) {
			t.Fatalf("stopped after %q failed: the next steps start from its outcome", step.name)
		}
	}
}

// TestTransferPeersAreASet links two peers to each transfer of the example's zones and then
// lists them in the other order: preview plans no change and up writes nothing. (The example
// links one peer per zone, so this variant of its transfers lists two.)
func TestTransferPeersAreASet(t *testing.T) {
	t.Parallel()
	var reversed atomic.Bool
	program := func(ctx *pulumi.Context) error {
		key, err := cfsecdns.NewTsig(ctx, "transferKey", &cfsecdns.TsigArgs{
			Name: pulumi.String("transfer.example.com."), Algo: cfsecdns.AlgorithmHmacSha512,
		})
		if err != nil {
			return err
		}
		peers := map[string]pulumi.StringArray{}
		for _, role := range []string{"primary", "secondary"} {
			for i, ip := range []string{"192.0.2.10", "192.0.2.11"} {
				p, err := cfsecdns.NewPeer(ctx, role+string(rune('A'+i)), &cfsecdns.PeerArgs{
					Name: pulumi.Sprintf("%s-%d", role, i), Ip: pulumi.String(ip), TsigId: key.ID().ToStringOutput(),
				})
				if err != nil {
					return err
				}
				peers[role] = append(peers[role], p.ID().ToStringOutput())
			}
			if reversed.Load() {
				slices.Reverse(peers[role])
			}
		}
		in := cfsecdns.GetZoneOutput(ctx, cfsecdns.GetZoneOutputArgs{Name: pulumi.String(secondaryZone)})
		if _, err := cfsecdns.NewIncomingTransfer(ctx, "incoming", &cfsecdns.IncomingTransferArgs{
			ZoneId: in.ZoneId(), Name: in.Name(), Peers: peers["primary"],
		}); err != nil {
			return err
		}
		out := cfsecdns.GetZoneOutput(ctx, cfsecdns.GetZoneOutputArgs{Name: pulumi.String(primaryZone)})
		_, err = cfsecdns.NewOutgoingTransfer(ctx, "outgoing", &cfsecdns.OutgoingTransferArgs{
			ZoneId: out.ZoneId(), Name: out.Name(), Peers: peers["secondary"],
		})
		return err
	}
	stack, srv, _ := newStack(t, "peer-order", program)
	ctx := t.Context()
	secZone, primZone := zoneID(t, srv, secondaryZone), zoneID(t, srv, primaryZone)

	res, err := stack.Up(ctx)
	if err != nil {
		t.Fatalf("up: %v", err)
	}
	wantChanges(t, "up", res.Summary, map[string]int{"create": 8})
	in, _ := srv.Incoming(secZone)
	out, _ := srv.Outgoing(primZone)
	if len(in.Peers) != 2 || len(out.Peers) != 2 {
		t.Fatalf("linked peers: incoming %v, outgoing %v; want two each", in.Peers, out.Peers)
	}

	reversed.Store(true)
	summary, steps := previewAll(t, stack)
	if want := map[apitype.OpType]int{apitype.OpSame: 8}; !cmp.Equal(summary, want) {
		t.Errorf("preview with the peers reversed: %v, want %v", summary, want)
	}
	for _, name := range []string{"incoming", "outgoing"} {
		if step, ok := steps[name]; !ok || step.Op != apitype.OpSame {
			t.Errorf("preview of %s with the peers reversed: %+v, want same", name, step)
		}
	}
	from := len(srv.Requests())
	up, err := stack.Up(ctx)
	if err != nil {
		t.Fatalf("up: %v", err)
	}
	wantChanges(t, "up with the peers reversed", up.Summary, map[string]int{"same": 8})
	if writes := writesSince(srv, from); len(writes) != 0 {
		t.Errorf("up with the peers reversed wrote %v", writes)
	}
	if _, err := stack.Destroy(ctx); err != nil {
		t.Fatalf("destroy: %v", err)
	}
}
