package provider

import (
	"fmt"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/kinds"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	rpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/types/known/emptypb"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/emulatortest"
)

// exchanges lists the emulator's requests as "METHOD path-after-account status"; status 0 is a
// connection closed without a reply.
func (h *harness) exchanges() []string {
	var out []string
	for _, r := range h.emu.Requests() {
		_, path, _ := strings.Cut(r.Path, "/secondary_dns/")
		out = append(out, fmt.Sprintf("%s %s %d", r.Method, path, r.Status))
	}
	return out
}

// create checks and creates a resource, returning what Create returned.
func (h *harness) create(typ, name string, inputs map[string]property.Value) (p.CreateResponse, error) {
	h.t.Helper()
	return h.srv.Create(p.CreateRequest{Urn: urn(typ, name), Properties: h.check(typ, name, inputs)})
}

// Every way a TSIG create can fail ends with exactly one new key, tracked by its ID, or with
// none and an error; a key that existed before is never taken for the new one.
func TestTsigCreateExactlyOnce(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		faults    []emulator.Fault
		preexists bool     // a key with the same name, algorithm and secret exists already
		want      []string // the exchanges, with {id} for the new key's ID
	}{
		{
			name:   "reply lost after the commit: the new key is found and adopted",
			faults: []emulator.Fault{{Kind: emulator.FaultCommitThenDrop, Method: http.MethodPost}},
			want:   []string{"GET tsigs 200", "POST tsigs 0", "GET tsigs 200"},
		},
		{
			name:      "reply lost after the commit, with an identical older key: the new one is adopted",
			faults:    []emulator.Fault{{Kind: emulator.FaultCommitThenDrop, Method: http.MethodPost}},
			preexists: true,
			want:      []string{"GET tsigs 200", "POST tsigs 0", "GET tsigs 200"},
		},
		{
			name:      "connection reset before the commit, with an identical older key: sent again",
			faults:    []emulator.Fault{{Kind: emulator.FaultReset, Method: http.MethodPost}},
			preexists: true,
			want:      []string{"GET tsigs 200", "POST tsigs 0", "GET tsigs 200", "POST tsigs 200"},
		},
		{
			name:   "server error: nothing new is listed, so sent again",
			faults: []emulator.Fault{{Kind: emulator.FaultServerError, Method: http.MethodPost, Times: 2}},
			want:   []string{"GET tsigs 200", "POST tsigs 500", "GET tsigs 200", "POST tsigs 500", "GET tsigs 200", "POST tsigs 200"},
		},
		{
			name:   "rate limited: Cloudflare did nothing, so sent again without listing",
			faults: []emulator.Fault{{Kind: emulator.FaultRateLimit, Method: http.MethodPost, RetryAfter: time.Millisecond}},
			want:   []string{"GET tsigs 200", "POST tsigs 429", "POST tsigs 200"},
		},
		{
			name: "faults on the listings too",
			faults: []emulator.Fault{
				{Kind: emulator.FaultServerError, Method: http.MethodGet},
				{Kind: emulator.FaultCommitThenDrop, Method: http.MethodPost},
			},
			want: []string{"GET tsigs 500", "GET tsigs 200", "POST tsigs 0", "GET tsigs 200"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := startWith(t, emulator.Options{}, nil, &fastRetry)
			var older string
			if tt.preexists {
				older = h.emu.PutTSIG(h.emu.AccountID, emulator.TSIG{Name: "key.example.", Algo: "hmac-sha512.", Secret: testSecret}).ID
			}
			for _, f := range tt.faults {
				h.emu.InjectFault(f)
			}
			resp, err := h.create(tsigType, "key", tsigInputs("key.example."))
			require.NoError(t, err)

			var ids []string
			for _, k := range h.emu.TSIGs(h.emu.AccountID) {
				if k.ID != older {
					ids = append(ids, k.ID)
				}
			}
			require.Equal(t, []string{resp.ID}, ids, "exactly one new key, the one in the state")
			assert.NotEqual(t, older, resp.ID)
			assert.Equal(t, strings.Split(strings.ReplaceAll(strings.Join(tt.want, ","), "{id}", resp.ID), ","), h.exchanges())
		})
	}
}

// A generated secret is new by construction: no listing is needed before the POST, and after
// a lost reply any match is this create's.
func TestTsigCreateWithGeneratedSecretSkipsTheListing(t *testing.T) {
	t.Parallel()
	h := startWith(t, emulator.Options{}, nil, &fastRetry)
	inputs := map[string]property.Value{"name": str("gen.example."), "algo": str("hmac-sha256.")}
	resp, err := h.create(tsigType, "gen", inputs)
	require.NoError(t, err)
	assert.Equal(t, []string{"POST tsigs 200"}, h.exchanges())

	h.emu.ResetObservations()
	h.emu.InjectFault(emulator.Fault{Kind: emulator.FaultCommitThenDrop, Method: http.MethodPost})
	second, err := h.create(tsigType, "gen2", inputs)
	require.NoError(t, err)
	assert.Equal(t, []string{"POST tsigs 0", "GET tsigs 200"}, h.exchanges())
	keys := h.emu.TSIGs(h.emu.AccountID)
	require.Len(t, keys, 2)
	assert.Equal(t, []string{resp.ID, second.ID}, []string{keys[0].ID, keys[1].ID})
}

// A peer's create is a POST then a PUT; a lost reply to either still ends with one peer,
// complete and tracked.
func TestPeerCreateExactlyOnce(t *testing.T) {
	t.Parallel()
	h := startWith(t, emulator.Options{}, nil, &fastRetry)
	older := h.emu.PutPeer(h.emu.AccountID, emulator.Peer{Name: "ns1"})
	h.emu.InjectFault(emulator.Fault{Kind: emulator.FaultCommitThenDrop, Method: http.MethodPost})
	h.emu.InjectFault(emulator.Fault{Kind: emulator.FaultCommitThenDrop, Method: http.MethodPut})
	h.emu.InjectFault(emulator.Fault{Kind: emulator.FaultReset, Method: http.MethodPut})

	resp, err := h.create(peerType, "peer", fullPeer("ns1"))
	require.NoError(t, err)
	assert.NotEqual(t, older.ID, resp.ID)
	peers := h.emu.Peers(h.emu.AccountID)
	require.Len(t, peers, 2, "the older peer and exactly one new one")
	assert.Equal(t, emulator.Peer{ID: resp.ID, Name: "ns1", IP: ptr("192.0.2.53"), Port: ptr(53.0), IxfrEnable: ptr(true), TSIGID: ptr(tsigID)}, peers[1])
	assert.Equal(t, []string{
		"GET peers 200", "POST peers 0", "GET peers 200",
		"PUT peers/" + resp.ID + " 0", "PUT peers/" + resp.ID + " 0", "PUT peers/" + resp.ID + " 200",
	}, h.exchanges())
}

// When two new matching objects appear (another create of the same thing ran at the same
// time), neither is adopted: the error names both.
func TestCreateAdoptsNoneOfTwoNewMatches(t *testing.T) {
	t.Parallel()
	var h *harness
	h = serve(t, setup{policy: &fastRetry, front: func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost {
				h.emu.PutPeer(h.emu.AccountID, emulator.Peer{Name: "ns1"}) // someone else's create
			}
			next.ServeHTTP(w, r)
		})
	}})
	h.emu.InjectFault(emulator.Fault{Kind: emulator.FaultCommitThenDrop, Method: http.MethodPost})

	resp, err := h.create(peerType, "peer", map[string]property.Value{"name": str("ns1")})
	require.Error(t, err)
	assert.Empty(t, resp.ID)
	peers := h.emu.Peers(h.emu.AccountID)
	require.Len(t, peers, 2)
	ids := []string{peers[0].ID, peers[1].ID}
	if ids[0] > ids[1] {
		ids[0], ids[1] = ids[1], ids[0]
	}
	assert.Contains(t, err.Error(), `creating Peer "ns1" in account `+emulator.DemoAccountID)
	assert.Contains(t, err.Error(), "Cloudflare now holds 2 new Peers that match ("+ids[0]+", "+ids[1]+")")
	assert.Contains(t, err.Error(), "None was adopted. Keep one with `pulumi import cloudflare-secondary-dns:index:Peer <name> "+emulator.DemoAccountID+"/<id>`")
	assert.Equal(t, []string{"GET peers 200", "POST peers 0", "GET peers 200"}, h.exchanges(), "no second POST")
}

// When the account cannot be listed after a lost reply, the error says the key may exist and
// how to find it; no second POST is sent.
func TestCreateThatCannotBeCheckedSaysSo(t *testing.T) {
	t.Parallel()
	h := startWith(t, emulator.Options{}, map[string]property.Value{"maxRetryWait": str("0s")}, &fastRetry)
	h.emu.InjectFault(emulator.Fault{Kind: emulator.FaultCommitThenDrop, Method: http.MethodPost})
	h.emu.InjectFault(emulator.Fault{Kind: emulator.FaultServerError, Method: http.MethodGet, Path: "/tsigs", Times: 2})
	h.emu.InjectFault(emulator.Fault{Kind: emulator.FaultServerError, Method: http.MethodGet, Path: "/tsigs"})

	inputs := map[string]property.Value{"name": str("key.example."), "algo": str("hmac-sha512.")} // generated: no listing first
	_, err := h.create(tsigType, "key", inputs)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `creating Tsig "key.example."`)
	assert.Contains(t, err.Error(), "listing the account to find out whether it was created failed")
	assert.Contains(t, err.Error(), "Cloudflare may hold the new Tsig even so: look for it with the listTsigs function and import it, or delete it")
	assert.Equal(t, []string{"POST tsigs 0", "GET tsigs 500"}, h.exchanges())
	assertClean(t, err.Error())
}

// Ctrl-C while the POST is out: the provider still finds the key it made, with a short context
// of its own, and returns it, so the engine records it instead of losing it.
func TestCancelledCreateStillTracksWhatItMade(t *testing.T) {
	t.Parallel()
	// hangUp stands for Ctrl-C arriving while the request is out: the provider is cancelled,
	// and the client hangs up before any reply.
	hangUp := func(h *harness, r *http.Request) {
		assert.NoError(t, h.srv.Cancel())
		<-r.Context().Done()
	}
	moments := map[string]func(h *harness, lists *atomic.Int32) http.Handler{
		// Cloudflare commits the POST, and Ctrl-C comes before the reply.
		"during the POST": func(h *harness, _ *atomic.Int32) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Method != http.MethodPost {
					h.emu.ServeHTTP(w, r)
					return
				}
				h.emu.ServeHTTP(httptest.NewRecorder(), r)
				hangUp(h, r)
			})
		},
		// The POST's reply is lost after the commit, and Ctrl-C comes during the listing that
		// looks for what it made.
		"during the check after a lost reply": func(h *harness, lists *atomic.Int32) http.Handler {
			h.emu.InjectFault(emulator.Fault{Kind: emulator.FaultCommitThenDrop, Method: http.MethodPost})
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Method == http.MethodGet && lists.Add(1) == 2 {
					hangUp(h, r)
					return
				}
				h.emu.ServeHTTP(w, r)
			})
		},
	}
	for moment, front := range moments {
		for _, typ := range []string{tsigType, peerType} {
			t.Run(moment+"/"+typ, func(t *testing.T) {
				t.Parallel()
				var h *harness
				var lists atomic.Int32
				var handler http.Handler
				h = serve(t, setup{policy: &fastRetry, front: func(http.Handler) http.Handler {
					return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) })
				}})
				handler = front(h, &lists)
				inputs := tsigInputs("key.example.")
				if typ == peerType {
					inputs = fullPeer("ns1")
				}
				resp, err := h.create(typ, "cancelled", inputs)
				require.NotEmpty(t, resp.ID, "the created object is returned")
				if typ == tsigType {
					require.NoError(t, err, "the key is complete")
					assert.Equal(t, []emulator.TSIG{{ID: resp.ID, Name: "key.example.", Algo: "hmac-sha512.", Secret: testSecret}},
						h.emu.TSIGs(h.emu.AccountID))
					return
				}
				// The peer exists without its fields: a partial create, finished by the next up.
				require.Error(t, err)
				require.NotNil(t, resp.PartialState)
				assert.Contains(t, resp.PartialState.Reasons[0], "cancelled")
				assert.Equal(t, property.NewMap(map[string]property.Value{"accountId": str(emulator.DemoAccountID), "name": str("ns1")}), resp.Properties)
				assert.Equal(t, []emulator.Peer{{ID: resp.ID, Name: "ns1"}}, h.emu.Peers(h.emu.AccountID))
			})
		}
	}
}

// Ctrl-C while waiting out a rate limit returns at once; nothing was created.
func TestCancelWhileWaitingIsPrompt(t *testing.T) {
	t.Parallel()
	emu := emulatortest.Start(t, emulator.Options{})
	ctx, srv, engine := loggedProvider(t)
	config := map[string]property.Value{"apiToken": secret(emu.Token), "accountId": str(emu.AccountID), "baseUrl": str(emu.URL)}
	_, err := srv.Configure(ctx, &rpc.ConfigureRequest{Args: toStruct(t, property.NewMap(config))})
	require.NoError(t, err)
	emu.InjectFault(emulator.Fault{Kind: emulator.FaultRateLimit, Method: http.MethodPost, RetryAfter: time.Minute})
	typeURN := string(urn(tsigType, "key"))
	checked, err := srv.Check(ctx, &rpc.CheckRequest{Urn: typeURN, News: toStruct(t, property.NewMap(tsigInputs("key.example.")))})
	require.NoError(t, err)
	done := make(chan error, 1)
	go func() {
		_, err := srv.Create(ctx, &rpc.CreateRequest{Urn: typeURN, Properties: checked.GetInputs()})
		done <- err
	}()
	require.Eventually(t, func() bool {
		for _, l := range engine.Logs() {
			if strings.Contains(l.GetMessage(), "Cloudflare is rate limiting; trying again in 1m0s") {
				return true
			}
		}
		return false
	}, 5*time.Second, time.Millisecond, "the provider waits out the 429")
	_, err = srv.Cancel(ctx, &emptypb.Empty{})
	require.NoError(t, err)
	select {
	case err := <-done:
		require.Error(t, err)
		assert.Contains(t, err.Error(), "Cloudflare answered 429")
		assert.Contains(t, err.Error(), "cancelled")
	case <-time.After(5 * time.Second):
		t.Fatal("Create did not return after Cancel")
	}
	assert.Empty(t, emu.TSIGs(emu.AccountID))
	h := &harness{t: t, emu: emu}
	assert.Equal(t, []string{"GET tsigs 200", "POST tsigs 429"}, h.exchanges())
}

// A 409 may follow a create that happened: the account is listed, and with nothing new there
// the conflict is reported without a second POST. A 408 is listed for too, then sent again.
func TestCreateAfterConflictOrTimeoutStatus(t *testing.T) {
	t.Parallel()
	for status, posts := range map[int]int32{http.StatusConflict: 1, http.StatusRequestTimeout: 3} {
		client, hits := hostile(t, jsonReply(status, `{"success":false,"errors":[{"code":1000,"message":"no"}],"messages":[],"result":null}`))
		_, err := kinds.Peers.Create(t.Context(), client, otherAccount, kinds.Peer{Name: "ns1"}, false)
		require.Error(t, err)
		assert.Contains(t, err.Error(), `creating Peer "ns1" in account `+otherAccount+`: Cloudflare answered `+strconv.Itoa(status)+` (code 1000: no`)
		assert.Equal(t, posts, hits.Load(), "POSTs after %d", status)
	}
}

// Creates of one kind in one account that run together share the listing they take before
// their POSTs: 50 peers cost one listing, not 50. Each still gets its own object.
func TestConcurrentCreatesShareOneListing(t *testing.T) {
	t.Parallel()
	emu := emulatortest.Start(t, emulator.Options{})
	existing := emu.PutPeer(emu.AccountID, emulator.Peer{Name: "ns-0"})
	client, _ := clientWithClock(t, emu)
	const n = 50
	ids := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			created, err := kinds.Peers.Create(t.Context(), client, emu.AccountID, kinds.Peer{Name: fmt.Sprintf("ns-%d", i)}, false)
			assert.NoError(t, err)
			ids[i] = created.ID
		})
	}
	wg.Wait()
	counts := map[string]int{}
	for _, r := range emu.Requests() {
		counts[r.Method]++
	}
	assert.Equal(t, map[string]int{http.MethodGet: 1, http.MethodPost: n}, counts)
	assert.Len(t, emu.Peers(emu.AccountID), n+1)
	assert.NotContains(t, ids, existing.ID, "ns-0 existed before: it is never adopted")
	assert.Len(t, slices.Compact(slices.Sorted(slices.Values(ids))), n, "every create has its own object")
}

// A create whose reply is lost, next to another create of the same name that succeeded,
// adopts its own object: the other's is claimed, so there is one new match, not two.
func TestLostReplyBesideAnotherCreateAdoptsItsOwn(t *testing.T) {
	t.Parallel()
	emu := emulatortest.Start(t, emulator.Options{})
	client, _ := clientWithClock(t, emu)
	client.WithRetryPolicy(fastRetry)
	first, err := kinds.Peers.Create(t.Context(), client, emu.AccountID, kinds.Peer{Name: "twin"}, false)
	require.NoError(t, err)
	emu.InjectFault(emulator.Fault{Kind: emulator.FaultCommitThenDrop, Method: http.MethodPost})
	second, err := kinds.Peers.Create(t.Context(), client, emu.AccountID, kinds.Peer{Name: "twin"}, false)
	require.NoError(t, err)
	assert.NotEqual(t, first.ID, second.ID)
	assert.Len(t, emu.Peers(emu.AccountID), 2, "nothing was sent again")
}

// A zone's configuration has the zone's ID, which comes back when it is made again: after a
// delete, a new create whose reply is lost still adopts what it made, and an update between
// two creates is seen by the second.
func TestRecreateAfterDeleteAdoptsWhatItMade(t *testing.T) {
	t.Parallel()
	for _, typ := range []string{incomingType, outgoingType} {
		t.Run(typ, func(t *testing.T) {
			t.Parallel()
			h := startTransfers(t, true)
			inputs := incomingInputs(h.secondary)
			if typ == outgoingType {
				inputs = map[string]property.Value{"zoneId": str(h.full), "name": str(fullZone + ".")}
			}
			first, err := h.create(typ, "transfer", inputs)
			require.NoError(t, err)
			require.NoError(t, h.srv.Delete(p.DeleteRequest{ID: first.ID, Urn: urn(typ, "transfer"), Properties: first.Properties}))

			h.emu.InjectFault(emulator.Fault{Kind: emulator.FaultCommitThenDrop, Method: http.MethodPost, Path: "/secondary_dns/"})
			again, err := h.create(typ, "transfer", inputs)
			require.NoError(t, err)
			assert.Equal(t, first.ID, again.ID, "the zone's configuration, made again and adopted")
		})
	}
}
