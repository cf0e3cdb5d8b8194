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

// TestImportByAccountQualifiedID adopts a key and a peer made outside Pulumi (as in the
// dashboard): the example's program, with the import option and <accountId>/<id> added to its
// resources, imports them without a change, and afterwards runs with no diff.
func TestImportByAccountQualifiedID(t *testing.T) {
	t.Parallel()
	// The import ID of each resource type while importing; nil runs the example as it is.
	var importIDs atomic.Pointer[map[string]string]
	importing := func(ctx *pulumi.Context) error {
		err := ctx.RegisterResourceTransform(func(_ context.Context, args *pulumi.ResourceTransformArgs) *pulumi.ResourceTransformResult {
			ids := importIDs.Load()
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
	stack, srv, stateDir := newStack(t, "imported", importing)
	ctx := t.Context()
	account := srv.AccountID

	secret := base64.StdEncoding.EncodeToString([]byte(rand.Text() + rand.Text()))
	key := srv.PutTSIG(account, emulator.TSIG{Name: "transfer.example.com.", Algo: "hmac-sha512.", Secret: secret})
	peer := srv.PutPeer(account, emulator.Peer{
		Name: "ns1-primary", IP: ptr("192.0.2.53"), Port: ptr(53.0), IxfrEnable: ptr(true), TSIGID: ptr(key.ID),
	})
	importIDs.Store(&map[string]string{tsigType: account + "/" + key.ID, peerType: account + "/" + peer.ID})
	before := struct {
		TSIGs []emulator.TSIG
		Peers []emulator.Peer
	}{srv.TSIGs(account), srv.Peers(account)}

	res, err := stack.Up(ctx)
	if err != nil {
		t.Fatalf("up importing: %v", err)
	}
	wantChanges(t, "up importing", res.Summary, map[string]int{"create": 1, "import": 2})

	_, state := exportState(t, stack)
	if got := state[tsigType].ID; got != key.ID {
		t.Errorf("imported Tsig has ID %q, want the Cloudflare ID %q", got, key.ID)
	}
	if got := state[peerType].ID; got != peer.ID {
		t.Errorf("imported Peer has ID %q, want the Cloudflare ID %q", got, peer.ID)
	}
	assertSecretsKept(t, stack, stateDir, secret, srv.Token)

	// From now on the example runs unchanged.
	importIDs.Store(nil)
	summary, steps := previewSteps(t, stack)
	if want := map[apitype.OpType]int{apitype.OpSame: 3}; !cmp.Equal(summary, want) {
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
	wantChanges(t, "up after the import", up.Summary, map[string]int{"same": 3})
	for output, want := range map[string]string{"tsigId": key.ID, "peerId": peer.ID, "tsigSecret": secret} {
		if got := outputString(t, up.Outputs, output); got != want {
			t.Errorf("output %s = %q, want %q", output, got, want)
		}
	}
	after := struct {
		TSIGs []emulator.TSIG
		Peers []emulator.Peer
	}{srv.TSIGs(account), srv.Peers(account)}
	if diff := cmp.Diff(before, after); diff != "" {
		t.Errorf("import and up changed the emulator (-before +after):\n%s", diff)
	}

	destroy, err := stack.Destroy(ctx)
	if err != nil {
		t.Fatalf("destroy: %v", err)
	}
	wantChanges(t, "destroy", destroy.Summary, map[string]int{"delete": 3})
	if n, m := len(srv.TSIGs(account)), len(srv.Peers(account)); n+m != 0 {
		t.Errorf("after destroy the emulator holds %d keys and %d peers", n, m)
	}
}
