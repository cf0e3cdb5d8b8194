package tests_test

import (
	"encoding/base64"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/pulumi/pulumi/sdk/v3/go/auto"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/examples/go/secondarydns"
)

// TestExampleLifecycle runs the Go example through the engine, step by step, against one
// emulator: each step starts from what the previous one left. The account-level objects are
// checked here; the zone transfers in depth by TestExampleTransfers.
func TestExampleLifecycle(t *testing.T) {
	t.Parallel()
	stack, srv, stateDir := newStack(t, "lifecycle", secondarydns.Program)
	ctx := t.Context()
	account := srv.AccountID
	var tsigID, peerID, secondaryPeerID, aclID, secret string

	// wantStore fails unless the emulator holds exactly the example's key, the primary peer with
	// ip and port, the secondary peer, and the ACL with ipRange.
	wantStore := func(t *testing.T, ip string, port float64, ipRange string) {
		t.Helper()
		wantTSIGs := []emulator.TSIG{{ID: tsigID, Name: "transfer.example.com.", Algo: "hmac-sha512.", Secret: secret}}
		if diff := cmp.Diff(wantTSIGs, srv.TSIGs(account)); diff != "" {
			t.Errorf("TSIG keys in the emulator (-want +got):\n%s", diff)
		}
		wantPeers := []emulator.Peer{{
			ID: peerID, Name: "ns1-primary", IP: ptr(ip), Port: ptr(port), IxfrEnable: ptr(true), TSIGID: ptr(tsigID),
		}, {
			ID: secondaryPeerID, Name: "ns1-secondary", IP: ptr("192.0.2.54"), Port: ptr(53.0), TSIGID: ptr(tsigID),
		}}
		byName := cmpopts.SortSlices(func(a, b emulator.Peer) bool { return a.Name < b.Name })
		if diff := cmp.Diff(wantPeers, srv.Peers(account), byName); diff != "" {
			t.Errorf("peers in the emulator (-want +got):\n%s", diff)
		}
		wantACLs := []emulator.ACL{{ID: aclID, Name: "secondaries", IPRange: ipRange}}
		if diff := cmp.Diff(wantACLs, srv.ACLs(account)); diff != "" {
			t.Errorf("ACLs in the emulator (-want +got):\n%s", diff)
		}
	}

	steps := []struct {
		name string
		run  func(t *testing.T)
	}{
		{"up creates the key, both peers, the ACL and both transfers", func(t *testing.T) {
			res, err := stack.Up(ctx)
			if err != nil {
				t.Fatalf("up: %v", err)
			}
			wantChanges(t, "up", res.Summary, map[string]int{"create": 7})
			tsigID = outputString(t, res.Outputs, "tsigId")
			peerID = outputString(t, res.Outputs, "peerId")
			secondaryPeerID = outputString(t, res.Outputs, "secondaryPeerId")
			aclID = outputString(t, res.Outputs, "aclId")
			secret = outputString(t, res.Outputs, "tsigSecret")
			if !res.Outputs["tsigSecret"].Secret {
				t.Error("the tsigSecret output is not a secret")
			}
			// A generated hmac-sha512 key is as long as the digest.
			if key, err := base64.StdEncoding.DecodeString(secret); err != nil || len(key) != 64 {
				t.Errorf("generated secret decodes to %d bytes (%v), want 64", len(key), err)
			}
			wantStore(t, "192.0.2.53", 53, "192.0.2.0/24")
			// The ACL's state is Cloudflare's ID and what the API stored, with the provider's account.
			_, state := exportState(t, stack)
			acl := state["secondaries"]
			if acl.ID != aclID {
				t.Errorf("the ACL's ID in state is %q, want the aclId output %q", acl.ID, aclID)
			}
			wantACL := map[string]any{"accountId": account, "name": "secondaries", "ipRange": "192.0.2.0/24"}
			if diff := cmp.Diff(wantACL, acl.Outputs); diff != "" {
				t.Errorf("the ACL's outputs in state (-want +got):\n%s", diff)
			}
			assertSecretsKept(t, stack, stateDir, secret, srv.Token)
		}},
		{"a second preview shows no changes", func(t *testing.T) {
			wantNoChange(t, stack)
		}},
		{"a new port is an in-place update", func(t *testing.T) {
			if err := stack.SetConfig(ctx, "peerPort", auto.ConfigValue{Value: "5353"}); err != nil {
				t.Fatal(err)
			}
			summary, steps := previewSteps(t, stack)
			wantOnly(t, summary, steps, "primary", "port")
			res, err := stack.Up(ctx)
			if err != nil {
				t.Fatalf("up: %v", err)
			}
			wantChanges(t, "up", res.Summary, map[string]int{"same": 6, "update": 1})
			if got := outputString(t, res.Outputs, "peerId"); got != peerID {
				t.Errorf("peer ID changed from %s to %s: replaced, not updated", peerID, got)
			}
			wantStore(t, "192.0.2.53", 5353, "192.0.2.0/24")
		}},
		{"a new aclRange updates the ACL's ipRange in place", func(t *testing.T) {
			if err := stack.SetConfig(ctx, "aclRange", auto.ConfigValue{Value: "2001:db8:53::/64"}); err != nil {
				t.Fatal(err)
			}
			summary, steps := previewSteps(t, stack)
			wantOnly(t, summary, steps, "secondaries", "ipRange")
			res, err := stack.Up(ctx)
			if err != nil {
				t.Fatalf("up: %v", err)
			}
			wantChanges(t, "up", res.Summary, map[string]int{"same": 6, "update": 1})
			if got := outputString(t, res.Outputs, "aclId"); got != aclID {
				t.Errorf("ACL ID changed from %s to %s: replaced, not updated", aclID, got)
			}
			wantStore(t, "192.0.2.53", 5353, "2001:db8:53::/64")
			_, state := exportState(t, stack)
			if got := state["secondaries"].Outputs["ipRange"]; got != "2001:db8:53::/64" {
				t.Errorf("after the update the ACL's ipRange in state is %v, want 2001:db8:53::/64", got)
			}
		}},
		{"refresh sees a change made in the emulator", func(t *testing.T) {
			peer, ok := srv.GetPeer(account, peerID)
			if !ok {
				t.Fatal("the peer is not in the emulator")
			}
			peer.IP = ptr("198.51.100.7")
			srv.PutPeer(account, peer)

			res, err := stack.Refresh(ctx)
			if err != nil {
				t.Fatalf("refresh: %v", err)
			}
			wantChanges(t, "refresh", res.Summary, map[string]int{"same": 6, "update": 1})
			_, state := exportState(t, stack)
			if got := state["primary"].Outputs["ip"]; got != "198.51.100.7" {
				t.Errorf("after refresh the peer's ip in state is %v, want 198.51.100.7", got)
			}
			assertSecretsKept(t, stack, stateDir, secret, srv.Token)

			// The program still says 192.0.2.53: the next update puts it back.
			summary, steps := previewSteps(t, stack)
			wantOnly(t, summary, steps, "primary", "ip")
			up, err := stack.Up(ctx)
			if err != nil {
				t.Fatalf("up: %v", err)
			}
			wantChanges(t, "up after refresh", up.Summary, map[string]int{"same": 6, "update": 1})
			wantStore(t, "192.0.2.53", 5353, "2001:db8:53::/64")
		}},
		{"destroy leaves the emulator empty", func(t *testing.T) {
			res, err := stack.Destroy(ctx)
			if err != nil {
				t.Fatalf("destroy: %v", err)
			}
			wantChanges(t, "destroy", res.Summary, map[string]int{"delete": 7})
			if got := srv.TSIGs(account); len(got) != 0 {
				t.Errorf("TSIG keys left in the emulator: %v", got)
			}
			if got := srv.Peers(account); len(got) != 0 {
				t.Errorf("peers left in the emulator: %v", got)
			}
			if got := srv.ACLs(account); len(got) != 0 {
				t.Errorf("ACLs left in the emulator: %v", got)
			}
			for _, zone := range []string{secondaryZone, primaryZone} {
				if c, ok := srv.Incoming(zoneID(t, srv, zone)); ok {
					t.Errorf("incoming configuration left on %s: %+v", zone, c)
				}
				if c, ok := srv.Outgoing(zoneID(t, srv, zone)); ok {
					t.Errorf("outgoing configuration left on %s: %+v", zone, c)
				}
			}
		}},
	}
	for _, step := range steps {
		if !t.Run(step.name, step.run) {
			t.Fatalf("stopped after %q failed: the next steps start from its outcome", step.name)
		}
	}
}
