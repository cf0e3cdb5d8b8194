package provider

import (
	"fmt"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/kinds"
	"net/http"
	"sync"
	"testing"
	"time"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/emulatortest"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/cfapi"
)

// stored puts n keys and n peers straight into the emulator, as if made earlier, and returns
// their IDs and the state Pulumi would hold for them.
func stored(h *harness, n int) (tsigs, peers map[string]property.Map) {
	tsigs, peers = map[string]property.Map{}, map[string]property.Map{}
	for i := range n {
		k := h.emu.PutTSIG(h.emu.AccountID, emulator.TSIG{Name: fmt.Sprintf("k%d.example.", i), Algo: "hmac-sha512.", Secret: testSecret})
		tsigs[k.ID] = property.NewMap(map[string]property.Value{
			"accountId": str(h.emu.AccountID), "name": str(k.Name), "algo": str(k.Algo), "secret": secret(k.Secret),
		})
		pr := h.emu.PutPeer(h.emu.AccountID, emulator.Peer{Name: fmt.Sprintf("p%d", i)})
		peers[pr.ID] = property.NewMap(map[string]property.Value{"accountId": str(h.emu.AccountID), "name": str(pr.Name)})
	}
	return tsigs, peers
}

// refresh reads every resource at once, as the engine does, and returns what each Read gave.
func refresh(t *testing.T, h *harness, tsigs, peers map[string]property.Map) map[string]p.ReadResponse {
	t.Helper()
	var mu sync.Mutex
	got := map[string]p.ReadResponse{}
	var wg sync.WaitGroup
	for typ, objects := range map[string]map[string]property.Map{tsigType: tsigs, peerType: peers} {
		for id, state := range objects {
			wg.Go(func() {
				resp, err := h.srv.Read(p.ReadRequest{ID: id, Urn: urn(typ, id), Properties: state})
				assert.NoError(t, err, id)
				mu.Lock()
				got[id] = resp
				mu.Unlock()
			})
		}
	}
	wg.Wait()
	return got
}

// A refresh of 100 resources takes at most 4 requests, and every Read gets its own object.
func TestRefreshOfManyResourcesTakesFewRequests(t *testing.T) {
	t.Parallel()
	h := start(t, emulator.Options{})
	tsigs, peers := stored(h, 50)
	h.emu.ResetObservations()

	got := refresh(t, h, tsigs, peers)

	assert.LessOrEqual(t, len(h.emu.Requests()), 4, "%v", h.requests())
	require.Len(t, got, 100)
	for id, state := range tsigs {
		assert.Equal(t, id, got[id].ID)
		assert.Equal(t, state.Get("name"), got[id].Properties.Get("name"))
	}
	for id, state := range peers {
		assert.Equal(t, id, got[id].ID)
		assert.Equal(t, state.Get("name"), got[id].Properties.Get("name"))
	}
}

// One refresh reads resources one after another; the listing of the burst serves them all.
func TestSequentialReadsShareTheListing(t *testing.T) {
	t.Parallel()
	h := start(t, emulator.Options{})
	tsigs, _ := stored(h, 10)
	h.emu.ResetObservations()
	for id, state := range tsigs {
		resp, err := h.srv.Read(p.ReadRequest{ID: id, Urn: urn(tsigType, id), Properties: state})
		require.NoError(t, err)
		assert.Equal(t, id, resp.ID)
	}
	assert.Len(t, h.requests(), 2, "one GET by ID, then one listing: %v", h.requests())
}

// clientWithClock is a client of the emulator whose read cache runs on a made-up clock.
func clientWithClock(t *testing.T, emu *emulatortest.Server) (*cfapi.Client, func(time.Duration)) {
	t.Helper()
	clock := newFakeClock()
	client := cfapi.New(cfapi.Credentials{APIToken: emu.Token}, emu.URL, cfapi.NewHTTPClient(0)).WithClock(clock)
	return client, clock.advance
}

// Correctness first: a change made between two refreshes is seen by the second, whether it
// runs in a new provider (as every `pulumi` command does) or in the same one after the burst,
// and a write through the provider makes any Read after it fresh at once.
func TestRefreshSeesChangesMadeBetweenRefreshes(t *testing.T) {
	t.Parallel()
	emu := emulatortest.Start(t, emulator.Options{})
	a := emu.PutTSIG(emu.AccountID, emulator.TSIG{Name: "a.example.", Algo: "hmac-sha512.", Secret: testSecret})
	b := emu.PutTSIG(emu.AccountID, emulator.TSIG{Name: "b.example.", Algo: "hmac-sha512.", Secret: testSecret})
	rename := func(name string) {
		a.Name = name
		emu.PutTSIG(emu.AccountID, a)
	}
	readA := func(client *cfapi.Client) string {
		got, err := kinds.Tsigs.Get(t.Context(), client, emu.AccountID, a.ID)
		require.NoError(t, err)
		return got.Name
	}
	client, advance := clientWithClock(t, emu)
	readBurst := func() {
		_, err := kinds.Tsigs.Get(t.Context(), client, emu.AccountID, b.ID)
		require.NoError(t, err)
		require.Equal(t, "a.example.", readA(client)) // from the burst's listing
	}

	readBurst()
	rename("renamed-1.example.")
	fresh, _ := clientWithClock(t, emu)
	assert.Equal(t, "renamed-1.example.", readA(fresh), "a new provider")
	advance(cfapi.BurstLifetime + time.Millisecond)
	assert.Equal(t, "renamed-1.example.", readA(client), "the same provider, after the burst")

	rename("a.example.")
	readBurst()
	rename("renamed-2.example.")
	_, err := kinds.Tsigs.Update(t.Context(), client, emu.AccountID, kinds.TsigKey{Tsig: kinds.Tsig{ID: b.ID, Name: "b2.example.", Algo: "hmac-sha512."}, Secret: testSecret})
	require.NoError(t, err)
	assert.Equal(t, "renamed-2.example.", readA(client), "after a write in the account, within the burst")
}

// Within a burst, the listing is reused: that is the point. Reads of another account are not
// served by it.
func TestListingServesTheBurstOfItsAccountOnly(t *testing.T) {
	t.Parallel()
	emu := emulatortest.Start(t, emulator.Options{Accounts: []string{emulator.DemoAccountID, otherAccount}})
	client, advance := clientWithClock(t, emu)
	var ids []string
	for _, account := range []string{emulator.DemoAccountID, otherAccount} {
		for i := range 3 {
			ids = append(ids, emu.PutPeer(account, emulator.Peer{Name: fmt.Sprintf("p%d", i)}).ID)
		}
	}
	emu.ResetObservations()
	for i, id := range ids {
		account := emulator.DemoAccountID
		if i >= 3 {
			account = otherAccount
		}
		got, err := kinds.Peers.Get(t.Context(), client, account, id)
		require.NoError(t, err)
		assert.Equal(t, id, got.ID)
		advance(100 * time.Millisecond)
	}
	var calls []string
	for _, r := range emu.Requests() {
		calls = append(calls, r.Method+" "+r.Path[len(r.Path)-min(len(r.Path), 38):])
	}
	assert.Len(t, calls, 4, "per account, one GET by ID then one listing: %v", calls)
}

// A resource deleted outside Pulumi leaves the state on refresh even when the burst's listing
// serves the Read, and importing a missing ID is still Cloudflare's clear 404.
func TestObjectMissingFromTheListing(t *testing.T) {
	t.Parallel()
	h := start(t, emulator.Options{})
	tsigs, _ := stored(h, 2)
	var gone, kept string
	for id := range tsigs {
		if gone == "" {
			gone = id
		} else {
			kept = id
		}
	}
	require.True(t, h.emu.DeleteTSIG(h.emu.AccountID, gone))
	h.emu.ResetObservations()

	resp, err := h.srv.Read(p.ReadRequest{ID: kept, Urn: urn(tsigType, "kept"), Properties: tsigs[kept]})
	require.NoError(t, err)
	assert.Equal(t, kept, resp.ID)
	resp, err = h.srv.Read(p.ReadRequest{ID: gone, Urn: urn(tsigType, "gone"), Properties: tsigs[gone]})
	require.NoError(t, err)
	assert.Empty(t, resp.ID, "dropped from the state")
	assert.Equal(t, []string{"GET tsigs/" + kept, "GET tsigs", "GET tsigs/" + gone}, h.requests())

	_, err = h.srv.Read(p.ReadRequest{ID: gone, Urn: urn(tsigType, "imported")})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "importing Tsig")
	assert.Contains(t, err.Error(), "Cloudflare answered 404")
}

// A listing that fails fails the Reads waiting on it, and is not kept: the next Read tries again.
func TestFailedListingIsNotKept(t *testing.T) {
	t.Parallel()
	emu := emulatortest.Start(t, emulator.Options{})
	client, _ := clientWithClock(t, emu)
	client.WithRetryPolicy(cfapi.RetryPolicy{MaxAttempts: 1, MaxWait: cfapi.DefaultMaxRetryWait})
	a := emu.PutTSIG(emu.AccountID, emulator.TSIG{Name: "a.example.", Algo: "hmac-sha512.", Secret: testSecret})
	_, err := kinds.Tsigs.Get(t.Context(), client, emu.AccountID, a.ID)
	require.NoError(t, err)
	emu.InjectFault(emulator.Fault{Kind: emulator.FaultServerError, Method: http.MethodGet, Path: "/tsigs"})
	_, err = kinds.Tsigs.Get(t.Context(), client, emu.AccountID, a.ID)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "listing Tsigs")
	got, err := kinds.Tsigs.Get(t.Context(), client, emu.AccountID, a.ID)
	require.NoError(t, err)
	assert.Equal(t, a.ID, got.ID)
}
