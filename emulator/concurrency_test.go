package emulator_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/dns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/emulatortest"
)

// TestConcurrentClients runs full lifecycles in parallel, with the store saved on every write,
// the hooks in use and observations read at the same time; -race checks the locking.
func TestConcurrentClients(t *testing.T) {
	t.Parallel()
	const workers = 16
	state := filepath.Join(t.TempDir(), "state.json")
	srv := emulatortest.Start(t, emulator.Options{StatePath: state})
	client := newClient(t, srv)
	ctx, acct := context.Background(), cloudflare.F(srv.AccountID)

	var wg sync.WaitGroup
	kept := make([]string, workers)
	for i := range workers {
		wg.Go(func() {
			name := fmt.Sprintf("tsig-%d.", i)
			tsig, err := client.DNS.ZoneTransfers.TSIGs.New(ctx, dns.ZoneTransferTSIGNewParams{AccountID: acct, TSIG: dns.TSIGParam{
				Name: cloudflare.F(name), Algo: cloudflare.F("hmac-sha512."), Secret: cloudflare.F("cw=="),
			}})
			if !assert.NoError(t, err) {
				return
			}
			peer, err := client.DNS.ZoneTransfers.Peers.New(ctx, dns.ZoneTransferPeerNewParams{AccountID: acct, Name: cloudflare.F(name)})
			if !assert.NoError(t, err) {
				return
			}
			_, err = client.DNS.ZoneTransfers.Peers.Update(ctx, peer.ID, dns.ZoneTransferPeerUpdateParams{AccountID: acct,
				Peer: dns.PeerParam{Name: cloudflare.F(name), TSIGID: cloudflare.F(tsig.ID), Port: cloudflare.F(53.0)}})
			assert.NoError(t, err)
			_, err = client.DNS.ZoneTransfers.Peers.List(ctx, dns.ZoneTransferPeerListParams{AccountID: acct})
			assert.NoError(t, err)
			srv.PutTSIG(srv.AccountID, emulator.TSIG{ID: tsig.ID, Name: name, Algo: "hmac-sha256.", Secret: "cw=="})
			_ = srv.Stats()
			_ = srv.Requests()
			_, err = client.DNS.ZoneTransfers.TSIGs.Delete(ctx, tsig.ID, dns.ZoneTransferTSIGDeleteParams{AccountID: acct})
			assert.NoError(t, err)
			kept[i] = peer.ID
		})
	}
	wg.Wait()

	assert.Empty(t, srv.TSIGs(srv.AccountID))
	peers := srv.Peers(srv.AccountID)
	require.Len(t, peers, workers)
	ids := map[string]bool{}
	for _, p := range peers {
		ids[p.ID] = true
		require.NotNil(t, p.TSIGID)
	}
	for _, id := range kept {
		assert.True(t, ids[id])
	}
	assert.EqualValues(t, workers*5, srv.Stats().Requests)

	again, err := emulator.New(emulator.Options{StatePath: state})
	require.NoError(t, err)
	assert.Equal(t, peers, again.Peers(srv.AccountID), "the last save holds the last write")
}
