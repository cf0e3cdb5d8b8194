package emulator_test

import (
	"encoding/json"
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/emulatortest"
)

// OnCreate hears of each create the API commits, once, when the object is stored and before
// its reply is written (the request log does not hold it yet); refused creates, updates and
// objects put without a request are not creates.
func TestOnCreateHearsEachCommittedCreate(t *testing.T) {
	t.Parallel()
	var (
		mu    sync.Mutex
		heard []emulator.Created
		srv   *emulatortest.Server
	)
	srv = emulatortest.Start(t, emulator.Options{OnCreate: func(c emulator.Created) {
		mu.Lock()
		defer mu.Unlock()
		heard = append(heard, c)
		stored := false
		switch c.Kind {
		case "TSIG":
			for _, k := range srv.TSIGs(c.Scope) {
				stored = stored || k.ID == c.ID
			}
		case "incoming":
			_, stored = srv.Incoming(c.ID)
		}
		assert.True(t, stored, "%+v is stored when OnCreate hears of it", c)
		n := len(srv.Requests())
		assert.Zero(t, n, "OnCreate runs before the reply: the request log holds %d requests", n)
	}})
	srv.PutTSIG(srv.AccountID, emulator.TSIG{Name: "seeded.", Algo: "hmac-sha256.", Secret: "c2VjcmV0"})
	zone := srv.CreateZone(t, "example.com", emulator.ZoneSecondary)

	r := call(t, srv, auth(srv), http.MethodPost, "accounts/"+srv.AccountID+"/secondary_dns/tsigs",
		`{"name":"k.example.","algo":"hmac-sha256.","secret":"c2VjcmV0"}`)
	require.Equal(t, http.StatusOK, r.Status)
	var key struct{ ID string }
	require.NoError(t, json.Unmarshal(r.Body.Result, &key))
	srv.ResetObservations()

	body := `{"name":"example.com.","peers":[],"auto_refresh_seconds":86400}`
	r = call(t, srv, auth(srv), http.MethodPost, "zones/"+zone+"/secondary_dns/incoming", body)
	require.Equal(t, http.StatusOK, r.Status)
	r = call(t, srv, auth(srv), http.MethodPost, "zones/"+zone+"/secondary_dns/incoming", body)
	require.Equal(t, http.StatusBadRequest, r.Status, "a second configuration is refused")
	r = call(t, srv, auth(srv), http.MethodPut, "zones/"+zone+"/secondary_dns/incoming", body)
	require.Equal(t, http.StatusOK, r.Status)

	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, []emulator.Created{
		{Kind: "TSIG", Scope: srv.AccountID, ID: key.ID},
		{Kind: "incoming", Scope: zone, ID: zone},
	}, heard)
}
