package emulator_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/dns"
	"github.com/cloudflare/cloudflare-go/v6/zones"
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

// TestConcurrentZoneTransfers runs zone lifecycles in parallel, each with its own zone and all
// on one shared zone, with the test accessors in use at the same time; -race checks the locking
// and the counts show that no action was lost.
func TestConcurrentZoneTransfers(t *testing.T) {
	t.Parallel()
	const workers = 8
	srv := emulatortest.Start(t, emulator.Options{StatePath: filepath.Join(t.TempDir(), "state.json")})
	client := newClient(t, srv)
	ctx := context.Background()
	shared := srv.CreateZone(t, "shared.example", emulator.ZoneFull)
	_, err := client.DNS.ZoneTransfers.Outgoing.New(ctx, dns.ZoneTransferOutgoingNewParams{ZoneID: cloudflare.F(shared),
		Name: cloudflare.F("shared.example."), Peers: cloudflare.F([]string{})})
	require.NoError(t, err)

	var wg sync.WaitGroup
	for i := range workers {
		wg.Go(func() {
			account := cloudflare.F(zones.ZoneNewParamsAccount{ID: cloudflare.F(srv.AccountID)})
			z, err := client.Zones.New(ctx, zones.ZoneNewParams{Account: account, Name: cloudflare.F(fmt.Sprintf("zone%d.example", i))})
			if !assert.NoError(t, err) {
				return
			}
			id := cloudflare.F(z.ID)
			_, err = client.DNS.ZoneTransfers.Outgoing.New(ctx, dns.ZoneTransferOutgoingNewParams{ZoneID: id,
				Name: cloudflare.F(z.Name + "."), Peers: cloudflare.F([]string{})})
			assert.NoError(t, err)
			_, err = client.DNS.ZoneTransfers.Outgoing.Enable(ctx, dns.ZoneTransferOutgoingEnableParams{ZoneID: id, Body: struct{}{}})
			assert.NoError(t, err)
			assert.True(t, srv.SetOutgoingEnabled(z.ID, false))
			_, err = client.DNS.ZoneTransfers.Outgoing.ForceNotify(ctx, dns.ZoneTransferOutgoingForceNotifyParams{ZoneID: cloudflare.F(shared), Body: struct{}{}})
			assert.NoError(t, err)
			_ = srv.ZoneActions(shared)
			_, err = client.Zones.Delete(ctx, zones.ZoneDeleteParams{ZoneID: id})
			assert.NoError(t, err)
		})
	}
	wg.Wait()

	assert.Equal(t, emulator.ZoneActions{ForceNotify: workers}, srv.ZoneActions(shared))
	assert.Len(t, srv.Zones(srv.AccountID), 1, "only the shared zone is left")
}
