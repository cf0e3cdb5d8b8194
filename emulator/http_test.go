package emulator_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/emulatortest"
)

const otherAccount = "0123456789abcdef0123456789abcdef"

func TestAuthentication(t *testing.T) {
	t.Parallel()
	srv := emulatortest.Start(t, emulator.Options{
		Tokens: []string{"tok-1", "tok-2"}, Email: "ops@example.com", Key: "global-key",
		Accounts: []string{emulator.DemoAccountID, otherAccount},
	})
	tsigs := "accounts/" + emulator.DemoAccountID + "/secondary_dns/tsigs"
	for _, tc := range []struct {
		name   string
		header http.Header
		path   string
		status int
		code   int
	}{
		{"no credentials", nil, tsigs, 400, 6003},
		{"not a bearer token", http.Header{"Authorization": {"Basic dG9rOg=="}}, tsigs, 400, 6003},
		{"empty bearer token", http.Header{"Authorization": {"Bearer "}}, tsigs, 400, 6003},
		{"email without key", http.Header{"X-Auth-Email": {"ops@example.com"}}, tsigs, 400, 6003},
		{"key without email", http.Header{"X-Auth-Key": {"global-key"}}, tsigs, 400, 6003},
		{"wrong token", http.Header{"Authorization": {"Bearer nope"}}, tsigs, 403, 10000},
		{"wrong key", http.Header{"X-Auth-Email": {"ops@example.com"}, "X-Auth-Key": {"nope"}}, tsigs, 403, 10000},
		{"wrong email", http.Header{"X-Auth-Email": {"dev@example.com"}, "X-Auth-Key": {"global-key"}}, tsigs, 403, 10000},
		{"account not allowed", http.Header{"Authorization": {"Bearer tok-1"}}, "accounts/ffffffffffffffffffffffffffffffff/secondary_dns/peers", 403, 10000},
		{"first token", http.Header{"Authorization": {"Bearer tok-1"}}, tsigs, 200, 0},
		{"second token", http.Header{"Authorization": {"Bearer tok-2"}}, tsigs, 200, 0},
		{"second account", http.Header{"Authorization": {"Bearer tok-2"}}, "accounts/" + otherAccount + "/secondary_dns/peers", 200, 0},
		{"legacy pair", http.Header{"X-Auth-Email": {"ops@example.com"}, "X-Auth-Key": {"global-key"}}, tsigs, 200, 0},
		{"token decides when both are sent", http.Header{"Authorization": {"Bearer tok-1"}, "X-Auth-Email": {"ops@example.com"}, "X-Auth-Key": {"nope"}}, tsigs, 200, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := call(t, srv, tc.header, http.MethodGet, tc.path, "")
			assert.Equal(t, tc.status, r.Status)
			if tc.code != 0 {
				require.Len(t, r.Body.Errors, 1)
				assert.Equal(t, tc.code, r.Body.Errors[0].Code)
			} else {
				assert.True(t, r.Body.Success)
				assert.JSONEq(t, `[]`, string(r.Body.Result))
			}
		})
	}
}

func TestDemoCredentials(t *testing.T) {
	t.Parallel()
	srv := emulatortest.Start(t, emulator.Options{})
	assert.Equal(t, emulator.DemoToken, srv.Token)
	assert.Equal(t, emulator.DemoAccountID, srv.AccountID)
	r := call(t, srv, auth(srv), http.MethodGet, "accounts/"+emulator.DemoAccountID+"/secondary_dns/peers", "")
	assert.Equal(t, http.StatusOK, r.Status)
}

func TestNewRejectsBadOptions(t *testing.T) {
	t.Parallel()
	for name, opts := range map[string]emulator.Options{
		"email without key":  {Email: "ops@example.com"},
		"key without email":  {Key: "k"},
		"fault rate above 1": {FaultRate: 1.5},
		"negative latency":   {Latency: -1},
	} {
		_, err := emulator.New(opts)
		assert.Error(t, err, name)
	}
}

func TestRoutes(t *testing.T) {
	t.Parallel()
	srv := emulatortest.Start(t, emulator.Options{})
	base := "accounts/" + srv.AccountID + "/secondary_dns/"
	id := srv.PutTSIG(srv.AccountID, emulator.TSIG{Name: "n", Algo: "hmac-sha512.", Secret: "cw=="}).ID
	for _, tc := range []struct {
		method, path string
		status, code int
		allow        string
	}{
		{http.MethodGet, "zone", 404, 7003, ""},
		{http.MethodGet, "zones/" + id + "/dns_records", 404, 7003, ""},
		{http.MethodGet, "accounts/" + srv.AccountID, 404, 7003, ""},
		{http.MethodGet, base + "tsig", 404, 7003, ""},
		{http.MethodGet, base + "tsigs/", 404, 7003, ""},
		{http.MethodGet, base + "tsigs/" + id + "/more", 404, 7003, ""},
		{http.MethodGet, base + "tsigs/0123456789abcdef0123456789abcdef", 404, 7003, ""},
		{http.MethodGet, base + "peers/not-an-id", 404, 7003, ""},
		{http.MethodGet, "accounts//secondary_dns/tsigs", 404, 7003, ""},
		{http.MethodGet, base + "../secondary_dns/tsigs", 404, 7003, ""},
		{http.MethodGet, base + "tsigs//", 404, 7003, ""},
		{http.MethodDelete, base + "peers/0123456789abcdef0123456789abcdef", 404, 7003, ""},
		{http.MethodPatch, base + "tsigs", 405, 7001, "GET, HEAD, POST"},
		{http.MethodDelete, base + "peers", 405, 7001, "GET, HEAD, POST"},
		{http.MethodPost, base + "tsigs/" + id, 405, 7001, "DELETE, GET, HEAD, PUT"},
		{http.MethodPatch, base + "peers/" + id, 405, 7001, "DELETE, GET, HEAD, PUT"},
	} {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			t.Parallel()
			r := call(t, srv, auth(srv), tc.method, tc.path, "")
			assert.Equal(t, tc.status, r.Status)
			require.Len(t, r.Body.Errors, 1)
			assert.Equal(t, tc.code, r.Body.Errors[0].Code)
			assert.Equal(t, tc.allow, r.Header.Get("Allow"))
		})
	}
	// Routing comes before authentication: without credentials, the route's errors still apply.
	r := call(t, srv, nil, http.MethodGet, "nowhere", "")
	assert.Equal(t, http.StatusNotFound, r.Status)
	r = call(t, srv, nil, http.MethodPatch, base+"tsigs", "")
	assert.Equal(t, http.StatusMethodNotAllowed, r.Status)
	assert.Equal(t, "GET, HEAD, POST", r.Header.Get("Allow"))
	// Outside /client/v4/ too.
	resp, err := http.Get(strings.TrimSuffix(srv.URL, "/client/v4/") + "/elsewhere")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
}

func TestBadBodies(t *testing.T) {
	t.Parallel()
	srv := emulatortest.Start(t, emulator.Options{})
	base := "accounts/" + srv.AccountID + "/secondary_dns/"
	peer := srv.PutPeer(srv.AccountID, emulator.Peer{Name: "p"}).ID
	tsig := srv.PutTSIG(srv.AccountID, emulator.TSIG{Name: "n", Algo: "hmac-sha512.", Secret: "cw=="}).ID
	for _, tc := range []struct {
		name, method, path, body string
		code                     int
		fields                   []string // named by the errors, in order
	}{
		{"no body", http.MethodPost, base + "tsigs", ``, 1001, nil},
		{"not JSON", http.MethodPost, base + "tsigs", `{`, 1001, nil},
		{"an array", http.MethodPost, base + "peers", `[]`, 1001, nil},
		{"null", http.MethodPut, base + "peers/" + peer, `null`, 1001, nil},
		{"tsig without algo and secret", http.MethodPost, base + "tsigs", `{"name":"n"}`, 1002, []string{"algo", "secret"}},
		{"tsig with an empty name", http.MethodPut, base + "tsigs/" + tsig, `{"name":"","algo":"a","secret":"s"}`, 1002, []string{"name"}},
		{"tsig with a null secret", http.MethodPut, base + "tsigs/" + tsig, `{"name":"n","algo":"a","secret":null}`, 1002, []string{"secret"}},
		{"tsig name as a number", http.MethodPost, base + "tsigs", `{"name":1,"algo":"a","secret":"s"}`, 1002, []string{"name"}},
		{"peer without name", http.MethodPost, base + "peers", `{}`, 1002, []string{"name"}},
		{"peer update without name", http.MethodPut, base + "peers/" + peer, `{"ip":"192.0.2.1"}`, 1002, []string{"name"}},
		{"port as a string", http.MethodPut, base + "peers/" + peer, `{"name":"p","port":"53"}`, 1002, []string{"port"}},
		{"ixfr_enable as a string", http.MethodPut, base + "peers/" + peer, `{"name":"p","ixfr_enable":"true"}`, 1002, []string{"ixfr_enable"}},
		{"ip and tsig_id as numbers", http.MethodPut, base + "peers/" + peer, `{"name":"p","ip":1,"tsig_id":2}`, 1002, []string{"ip", "tsig_id"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := call(t, srv, auth(srv), tc.method, tc.path, tc.body)
			assert.Equal(t, http.StatusBadRequest, r.Status)
			require.NotEmpty(t, r.Body.Errors)
			var fields []string
			for _, e := range r.Body.Errors {
				assert.Equal(t, tc.code, e.Code)
				if e.Source != nil {
					fields = append(fields, strings.TrimPrefix(e.Source.Pointer, "/"))
					assert.True(t, strings.HasPrefix(e.Message, strings.TrimPrefix(e.Source.Pointer, "/")+": "), e.Message)
				}
			}
			assert.Equal(t, tc.fields, fields)
		})
	}
	// Nothing changed.
	p, _ := srv.GetPeer(srv.AccountID, peer)
	assert.Equal(t, emulator.Peer{ID: peer, Name: "p"}, p)
	assert.Len(t, srv.TSIGs(srv.AccountID), 1)
}

func TestBodyTooLarge(t *testing.T) {
	t.Parallel()
	srv := emulatortest.Start(t, emulator.Options{})
	path := "accounts/" + srv.AccountID + "/secondary_dns/tsigs"
	secret := strings.Repeat("a", emulator.MaxBodyBytes)
	r := call(t, srv, auth(srv), http.MethodPost, path, `{"name":"n","algo":"a","secret":"`+secret+`"}`)
	assert.Equal(t, http.StatusRequestEntityTooLarge, r.Status)
	assert.Equal(t, 1003, r.Body.Errors[0].Code)
	assert.Empty(t, srv.TSIGs(srv.AccountID))

	// Just under the limit is fine.
	secret = strings.Repeat("a", emulator.MaxBodyBytes-len(`{"name":"n","algo":"a","secret":""}`))
	r = call(t, srv, auth(srv), http.MethodPost, path, `{"name":"n","algo":"a","secret":"`+secret+`"}`)
	assert.Equal(t, http.StatusOK, r.Status)
}

// TestPeerWrites checks what create and update keep: create only the name, update the whole
// object, where null and absent both clear.
func TestPeerWrites(t *testing.T) {
	t.Parallel()
	srv := emulatortest.Start(t, emulator.Options{})
	path := "accounts/" + srv.AccountID + "/secondary_dns/peers"

	r := call(t, srv, auth(srv), http.MethodPost, path, `{"name":"p","ip":"192.0.2.1","port":53,"ixfr_enable":true}`)
	require.Equal(t, http.StatusOK, r.Status)
	var created emulator.Peer
	require.NoError(t, json.Unmarshal(r.Body.Result, &created))
	assert.JSONEq(t, `{"id":"`+created.ID+`","name":"p"}`, string(r.Body.Result))

	r = call(t, srv, auth(srv), http.MethodPut, path+"/"+created.ID,
		`{"id":"ignored","name":"q","ip":"2001:db8::53","port":5353,"ixfr_enable":false,"tsig_id":"t"}`)
	require.Equal(t, http.StatusOK, r.Status)
	assert.JSONEq(t, `{"id":"`+created.ID+`","name":"q","ip":"2001:db8::53","port":5353,"ixfr_enable":false,"tsig_id":"t"}`, string(r.Body.Result))

	r = call(t, srv, auth(srv), http.MethodPut, path+"/"+created.ID, `{"name":"q","ip":null,"port":53}`)
	require.Equal(t, http.StatusOK, r.Status)
	assert.JSONEq(t, `{"id":"`+created.ID+`","name":"q","port":53}`, string(r.Body.Result))
	port := 53.0
	p, ok := srv.GetPeer(srv.AccountID, created.ID)
	require.True(t, ok)
	assert.Equal(t, emulator.Peer{ID: created.ID, Name: "q", Port: &port}, p)
}

func TestAccountsAreSeparate(t *testing.T) {
	t.Parallel()
	srv := emulatortest.Start(t, emulator.Options{Accounts: []string{emulator.DemoAccountID, otherAccount}})
	id := srv.PutTSIG(otherAccount, emulator.TSIG{Name: "n", Algo: "a", Secret: "s"}).ID
	r := call(t, srv, auth(srv), http.MethodGet, "accounts/"+emulator.DemoAccountID+"/secondary_dns/tsigs/"+id, "")
	assert.Equal(t, http.StatusNotFound, r.Status)
	r = call(t, srv, auth(srv), http.MethodGet, "accounts/"+otherAccount+"/secondary_dns/tsigs/"+id, "")
	assert.Equal(t, http.StatusOK, r.Status)
	assert.Empty(t, srv.TSIGs(emulator.DemoAccountID))
}
