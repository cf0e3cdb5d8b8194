package tests_test

import (
	"encoding/base64"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/examples/go/secondarydns"
)

// TestExampleLifecycle runs the Go example through the engine, step by step, against one
// emulator: each step starts from what the previous one left.
func TestExampleLifecycle(t *testing.T) {
	t.Parallel()
	stack, srv, stateDir := newStack(t, "lifecycle", secondarydns.Program)
	ctx := t.Context()
	account := srv.AccountID
	var tsigID, peerID, aclID, secret string

	// wantStore fails unless the emulator holds exactly the example's key, a peer with ip and
	// port, and the ACL with ipRange.
	wantStore := func(t *testing.T, ip string, port float64, ipRange string) {
		t.Helper()
		wantTSIGs := []emulator.TSIG{{ID: tsigID, Name: "transfer.example.com.", Algo: "hmac-sha512.", Secret: secret}}
		if diff := cmp.Diff(wantTSIGs, srv.TSIGs(account)); diff != "" {
			t.Errorf("TSIG keys in the emulator (-want +got):\n%s", diff)
		}
		wantPeers := []emulator.Peer{{
			ID: peerID, Name: "ns1-primary", IP: ptr(ip), Port: ptr(port), IxfrEnable: ptr(true), TSIGID: ptr(tsigID),
		}}
		if diff := cmp.Diff(wantPeers, srv.Peers(account)); diff != "" {
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
		{"up creates the key, the peer and the ACL", func(t *testing.T) {
			res, err := stack.Up(ctx)
			if err != nil {
				t.Fatalf("up: %v", err)
			}
			wantChanges(t, "up", res.Summary, map[string]int{"create": 4})
			tsigID = outputString(t, res.Outputs, "tsigId")
			peerID = outputString(t, res.Outputs, "peerId")
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
			acl := state[aclType]
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
			summary, steps := previewSteps(t, stack)
			if want := map[apitype.OpType]int{apitype.OpSame: 4}; !cmp.Equal(summary, want) {
				t.Errorf("preview change summary %v, want %v", summary, want)
			}
			for typ, step := range steps {
				if step.Op != apitype.OpSame {
					t.Errorf("preview: %s %s, diffs %v", step.Op, typ, step.Diffs)
				}
			}
		}},
		{"a new port is an in-place update", func(t *testing.T) {
			if err := stack.SetConfig(ctx, "peerPort", auto.ConfigValue{Value: "5353"}); err != nil {
				t.Fatal(err)
			}
			summary, steps := previewSteps(t, stack)
			if want := map[apitype.OpType]int{apitype.OpSame: 3, apitype.OpUpdate: 1}; !cmp.Equal(summary, want) {
				t.Errorf("preview change summary %v, want %v", summary, want)
			}
			if got := steps[peerType]; got.Op != apitype.OpUpdate || !slices.Equal(got.Diffs, []string{"port"}) {
				t.Errorf("preview of the peer: %s with diffs %v, want update of [port]", got.Op, got.Diffs)
			}
			res, err := stack.Up(ctx)
			if err != nil {
				t.Fatalf("up: %v", err)
			}
			wantChanges(t, "up", res.Summary, map[string]int{"same": 3, "update": 1})
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
			if want := map[apitype.OpType]int{apitype.OpSame: 3, apitype.OpUpdate: 1}; !cmp.Equal(summary, want) {
				t.Errorf("preview change summary %v, want %v", summary, want)
			}
			if got := steps[aclType]; got.Op != apitype.OpUpdate || !slices.Equal(got.Diffs, []string{"ipRange"}) {
				t.Errorf("preview of the ACL: %s with diffs %v, want update of [ipRange]", got.Op, got.Diffs)
			}
			for _, typ := range []string{tsigType, peerType} {
				if got := steps[typ]; got.Op != apitype.OpSame {
					t.Errorf("preview: %s %s, diffs %v; only the ACL changes", got.Op, typ, got.Diffs)
				}
			}
			res, err := stack.Up(ctx)
			if err != nil {
				t.Fatalf("up: %v", err)
			}
			wantChanges(t, "up", res.Summary, map[string]int{"same": 3, "update": 1})
			if got := outputString(t, res.Outputs, "aclId"); got != aclID {
				t.Errorf("ACL ID changed from %s to %s: replaced, not updated", aclID, got)
			}
			wantStore(t, "192.0.2.53", 5353, "2001:db8:53::/64")
			_, state := exportState(t, stack)
			if got := state[aclType].Outputs["ipRange"]; got != "2001:db8:53::/64" {
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
			wantChanges(t, "refresh", res.Summary, map[string]int{"same": 3, "update": 1})
			_, state := exportState(t, stack)
			if got := state[peerType].Outputs["ip"]; got != "198.51.100.7" {
				t.Errorf("after refresh the peer's ip in state is %v, want 198.51.100.7", got)
			}
			assertSecretsKept(t, stack, stateDir, secret, srv.Token)

			// The program still says 192.0.2.53: the next update puts it back.
			_, steps := previewSteps(t, stack)
			if got := steps[peerType]; got.Op != apitype.OpUpdate || !slices.Equal(got.Diffs, []string{"ip"}) {
				t.Errorf("preview after refresh: %s of the peer with diffs %v, want update of [ip]", got.Op, got.Diffs)
			}
			up, err := stack.Up(ctx)
			if err != nil {
				t.Fatalf("up: %v", err)
			}
			wantChanges(t, "up after refresh", up.Summary, map[string]int{"same": 3, "update": 1})
			wantStore(t, "192.0.2.53", 5353, "2001:db8:53::/64")
		}},
		{"destroy leaves the emulator empty", func(t *testing.T) {
			res, err := stack.Destroy(ctx)
			if err != nil {
				t.Fatalf("destroy: %v", err)
			}
			wantChanges(t, "destroy", res.Summary, map[string]int{"delete": 4})
			if got := srv.TSIGs(account); len(got) != 0 {
				t.Errorf("TSIG keys left in the emulator: %v", got)
			}
			if got := srv.Peers(account); len(got) != 0 {
				t.Errorf("peers left in the emulator: %v", got)
			}
			if got := srv.ACLs(account); len(got) != 0 {
				t.Errorf("ACLs left in the emulator: %v", got)
			}
		}},
	}
	for _, step := range steps {
		if !t.Run(step.name, step.run) {
			t.Fatalf("stopped after %q failed: the next steps start from its outcome", step.name)
		}
	}
}
