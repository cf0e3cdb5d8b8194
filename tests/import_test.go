package tests_test

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/examples/go/secondarydns"
)

// dashboardObjects are what the example declares, made outside Pulumi (as in the dashboard).
type dashboardObjects struct {
	key                emulator.TSIG
	primary, secondary emulator.Peer
	acl                emulator.ACL
	secondaryZoneID    string // holds the incoming configuration
	primaryZoneID      string // holds the outgoing configuration, enabled
}

// TestImportByAccountQualifiedID adopts everything the example declares, made outside Pulumi:
// the example's program, with the import option added to its resources (<accountId>/<id> for
// the account's objects, the zone ID for the transfers), imports them without a change, and
// afterwards runs with no diff.
func TestImportByAccountQualifiedID(t *testing.T) {
	t.Parallel()
	testImport(t, "imported", func(account string, o dashboardObjects) map[string]string {
		return map[string]string{
			"transferKey": account + "/" + o.key.ID,
			"primary":     account + "/" + o.primary.ID,
			"secondary":   account + "/" + o.secondary.ID,
			"secondaries": account + "/" + o.acl.ID,
			"incoming":    o.secondaryZoneID,
			"outgoing":    o.primaryZoneID,
		}
	})
}

// TestImportACLByBareID adopts the ACL by its ID alone, <aclId>: the provider's account is the
// one it is looked up in and recorded with.
func TestImportACLByBareID(t *testing.T) {
	t.Parallel()
	testImport(t, "imported-bare-acl", func(account string, o dashboardObjects) map[string]string {
		return map[string]string{
			"transferKey": account + "/" + o.key.ID,
			"primary":     account + "/" + o.primary.ID,
			"secondary":   account + "/" + o.secondary.ID,
			"secondaries": o.acl.ID,
			"incoming":    o.secondaryZoneID,
			"outgoing":    o.primaryZoneID,
		}
	})
}

// testImport makes the example's objects in the emulator, runs the example with the import
// option set to the IDs importIDs gives (by resource name), checks that nothing changed and
// that the example then runs with no diff, and destroys.
func testImport(t *testing.T, stackName string, importIDs func(account string, o dashboardObjects) map[string]string) {
	t.Helper()
	// The import ID of each resource while importing; nil runs the example as it is.
	var importing atomic.Pointer[map[string]string]
	program := func(ctx *pulumi.Context) error {
		err := ctx.RegisterResourceTransform(func(_ context.Context, args *pulumi.ResourceTransformArgs) *pulumi.ResourceTransformResult {
			ids := importing.Load()
			if ids == nil {
				return nil
			}
			id, ok := (*ids)[args.Name]
			if !ok || exampleResources[args.Name] != args.Type {
				return nil
			}
			opts := args.Opts
			opts.Import = pulumi.ID(id)
			return &pulumi.ResourceTransformResult{Props: args.Props, Opts: opts}
		})
		if err != nil {
			return err
		}
		return secondarydns.Program(ctx)
	}
	stack, srv, stateDir := newStack(t, stackName, program)
	ctx := t.Context()
	account := srv.AccountID

	secret := base64.StdEncoding.EncodeToString([]byte(rand.Text() + rand.Text()))
	var made dashboardObjects
	made.key = srv.PutTSIG(account, emulator.TSIG{Name: "transfer.example.com.", Algo: "hmac-sha512.", Secret: secret})
	made.primary = srv.PutPeer(account, emulator.Peer{
		Name: "ns1-primary", IP: ptr("192.0.2.53"), Port: ptr(53.0), IxfrEnable: ptr(true), TSIGID: ptr(made.key.ID),
	})
	made.secondary = srv.PutPeer(account, emulator.Peer{
		Name: "ns1-secondary", IP: ptr("192.0.2.54"), Port: ptr(53.0), TSIGID: ptr(made.key.ID),
	})
	made.acl = srv.PutACL(account, emulator.ACL{Name: "secondaries", IPRange: "192.0.2.0/24"})
	made.secondaryZoneID = zoneID(t, srv, secondaryZone)
	made.primaryZoneID = zoneID(t, srv, primaryZone)
	if !srv.PutIncoming(made.secondaryZoneID, emulator.Incoming{
		Name: secondaryZone, Peers: []string{made.primary.ID}, AutoRefreshSeconds: 86400,
	}) {
		t.Fatal("no zone for the incoming configuration")
	}
	if !srv.PutOutgoing(made.primaryZoneID, emulator.Outgoing{
		Name: primaryZone, Peers: []string{made.secondary.ID}, Enabled: true,
	}) {
		t.Fatal("no zone for the outgoing configuration")
	}
	ids := importIDs(account, made)
	importing.Store(&ids)
	type store struct {
		TSIGs    []emulator.TSIG
		Peers    []emulator.Peer
		ACLs     []emulator.ACL
		Incoming emulator.Incoming
		Outgoing emulator.Outgoing
		Actions  [2]emulator.ZoneActions
	}
	snapshot := func() store {
		in, _ := srv.Incoming(made.secondaryZoneID)
		out, _ := srv.Outgoing(made.primaryZoneID)
		return store{srv.TSIGs(account), srv.Peers(account), srv.ACLs(account), in, out,
			[2]emulator.ZoneActions{srv.ZoneActions(made.secondaryZoneID), srv.ZoneActions(made.primaryZoneID)}}
	}
	before := snapshot()

	res, err := stack.Up(ctx)
	if err != nil {
		t.Fatalf("up importing %v: %v", ids, err)
	}
	wantChanges(t, "up importing", res.Summary, map[string]int{"create": 1, "import": 6})

	_, state := exportState(t, stack)
	for name, want := range map[string]string{
		"transferKey": made.key.ID, "primary": made.primary.ID, "secondary": made.secondary.ID, "secondaries": made.acl.ID,
		"incoming": made.secondaryZoneID, "outgoing": made.primaryZoneID,
	} {
		if got := state[name].ID; got != want {
			t.Errorf("imported %s has ID %q, want the Cloudflare ID %q", name, got, want)
		}
	}
	wantACL := map[string]any{"accountId": account, "name": "secondaries", "ipRange": "192.0.2.0/24"}
	if diff := cmp.Diff(wantACL, state["secondaries"].Outputs); diff != "" {
		t.Errorf("the imported ACL's outputs in state (-want +got):\n%s", diff)
	}
	if got := state["outgoing"].Outputs["enabled"]; got != true {
		t.Errorf("the imported outgoing transfer's enabled in state is %v, want true (as Cloudflare reports)", got)
	}
	assertSecretsKept(t, stack, stateDir, secret, srv.Token)

	// From now on the example runs unchanged.
	importing.Store(nil)
	wantNoChange(t, stack)

	up, err := stack.Up(ctx)
	if err != nil {
		t.Fatalf("up: %v", err)
	}
	wantChanges(t, "up after the import", up.Summary, map[string]int{"same": 7})
	for output, want := range map[string]string{
		"tsigId": made.key.ID, "peerId": made.primary.ID, "secondaryPeerId": made.secondary.ID, "aclId": made.acl.ID,
		"secondaryZoneId": made.secondaryZoneID, "primaryZoneId": made.primaryZoneID, "tsigSecret": secret,
	} {
		if got := outputString(t, up.Outputs, output); got != want {
			t.Errorf("output %s = %q, want %q", output, got, want)
		}
	}
	if diff := cmp.Diff(before, snapshot()); diff != "" {
		t.Errorf("import and up changed the emulator (-before +after):\n%s", diff)
	}

	destroy, err := stack.Destroy(ctx)
	if err != nil {
		t.Fatalf("destroy: %v", err)
	}
	wantChanges(t, "destroy", destroy.Summary, map[string]int{"delete": 7})
	if n, m, a := len(srv.TSIGs(account)), len(srv.Peers(account)), len(srv.ACLs(account)); n+m+a != 0 {
		t.Errorf("after destroy the emulator holds %d keys, %d peers and %d ACLs", n, m, a)
	}
	_, in := srv.Incoming(made.secondaryZoneID)
	_, out := srv.Outgoing(made.primaryZoneID)
	if in || out {
		t.Errorf("after destroy the emulator holds an incoming (%v) or outgoing (%v) configuration", in, out)
	}
}
