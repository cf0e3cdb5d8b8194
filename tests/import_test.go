package tests_test

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/examples/go/secondarydns"
)

// dashboardObjects are what the example declares, made outside Pulumi (as in the dashboard).
type dashboardObjects struct {
	key  emulator.TSIG
	peer emulator.Peer
	acl  emulator.ACL
}

// TestImportByAccountQualifiedID adopts a key, a peer and an ACL made outside Pulumi: the
// example's program, with the import option and <accountId>/<id> added to its resources,
// imports them without a change, and afterwards runs with no diff.
func TestImportByAccountQualifiedID(t *testing.T) {
	t.Parallel()
	testImport(t, "imported", func(account string, o dashboardObjects) map[string]string {
		return map[string]string{
			tsigType: account + "/" + o.key.ID,
			peerType: account + "/" + o.peer.ID,
			aclType:  account + "/" + o.acl.ID,
		}
	})
}

// TestImportACLByBareID adopts the ACL by its ID alone, <aclId>: the provider's account is the
// one it is looked up in and recorded with.
func TestImportACLByBareID(t *testing.T) {
	t.Parallel()
	testImport(t, "imported-bare-acl", func(account string, o dashboardObjects) map[string]string {
		return map[string]string{
			tsigType: account + "/" + o.key.ID,
			peerType: account + "/" + o.peer.ID,
			aclType:  o.acl.ID,
		}
	})
}

// testImport makes the example's objects in the emulator, runs the example with the import
// option set to the IDs importIDs gives, checks that nothing changed and that the example then
// runs with no diff, and destroys.
func testImport(t *testing.T, stackName string, importIDs func(account string, o dashboardObjects) map[string]string) {
	t.Helper()
	// The import ID of each resource type while importing; nil runs the example as it is.
	var importing atomic.Pointer[map[string]string]
	program := func(ctx *pulumi.Context) error {
		err := ctx.RegisterResourceTransform(func(_ context.Context, args *pulumi.ResourceTransformArgs) *pulumi.ResourceTransformResult {
			ids := importing.Load()
			if ids == nil {
				return nil
			}
			id, ok := (*ids)[args.Type]
			if !ok {
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
	made.peer = srv.PutPeer(account, emulator.Peer{
		Name: "ns1-primary", IP: ptr("192.0.2.53"), Port: ptr(53.0), IxfrEnable: ptr(true), TSIGID: ptr(made.key.ID),
	})
	made.acl = srv.PutACL(account, emulator.ACL{Name: "secondaries", IPRange: "192.0.2.0/24"})
	ids := importIDs(account, made)
	importing.Store(&ids)
	type store struct {
		TSIGs []emulator.TSIG
		Peers []emulator.Peer
		ACLs  []emulator.ACL
	}
	before := store{srv.TSIGs(account), srv.Peers(account), srv.ACLs(account)}

	res, err := stack.Up(ctx)
	if err != nil {
		t.Fatalf("up importing %v: %v", ids, err)
	}
	wantChanges(t, "up importing", res.Summary, map[string]int{"create": 1, "import": 3})

	_, state := exportState(t, stack)
	for typ, want := range map[string]string{tsigType: made.key.ID, peerType: made.peer.ID, aclType: made.acl.ID} {
		if got := state[typ].ID; got != want {
			t.Errorf("imported %s has ID %q, want the Cloudflare ID %q", typ, got, want)
		}
	}
	wantACL := map[string]any{"accountId": account, "name": "secondaries", "ipRange": "192.0.2.0/24"}
	if diff := cmp.Diff(wantACL, state[aclType].Outputs); diff != "" {
		t.Errorf("the imported ACL's outputs in state (-want +got):\n%s", diff)
	}
	assertSecretsKept(t, stack, stateDir, secret, srv.Token)

	// From now on the example runs unchanged.
	importing.Store(nil)
	summary, steps := previewSteps(t, stack)
	if want := map[apitype.OpType]int{apitype.OpSame: 4}; !cmp.Equal(summary, want) {
		t.Errorf("preview of the example after the import: %v, want %v", summary, want)
	}
	for typ, step := range steps {
		if step.Op != apitype.OpSame {
			t.Errorf("preview after the import: %s %s, diffs %v", step.Op, typ, step.Diffs)
		}
	}

	up, err := stack.Up(ctx)
	if err != nil {
		t.Fatalf("up: %v", err)
	}
	wantChanges(t, "up after the import", up.Summary, map[string]int{"same": 4})
	for output, want := range map[string]string{
		"tsigId": made.key.ID, "peerId": made.peer.ID, "aclId": made.acl.ID, "tsigSecret": secret,
	} {
		if got := outputString(t, up.Outputs, output); got != want {
			t.Errorf("output %s = %q, want %q", output, got, want)
		}
	}
	after := store{srv.TSIGs(account), srv.Peers(account), srv.ACLs(account)}
	if diff := cmp.Diff(before, after); diff != "" {
		t.Errorf("import and up changed the emulator (-before +after):\n%s", diff)
	}

	destroy, err := stack.Destroy(ctx)
	if err != nil {
		t.Fatalf("destroy: %v", err)
	}
	wantChanges(t, "destroy", destroy.Summary, map[string]int{"delete": 4})
	if n, m, a := len(srv.TSIGs(account)), len(srv.Peers(account)), len(srv.ACLs(account)); n+m+a != 0 {
		t.Errorf("after destroy the emulator holds %d keys, %d peers and %d ACLs", n, m, a)
	}
}
