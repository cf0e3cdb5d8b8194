package emulator_test

import (
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/emulatortest"
)

// transferFixture is an emulator with one zone of each type and peers: plain (no TSIG), two on
// key A and one on key B.
type transferFixture struct {
	srv                          *emulatortest.Server
	clock                        *emulatortest.Clock
	secondary, full, partial     emulator.Zone
	plain, keyA1, keyA2, keyB    string
	incoming, outgoing, forceXfr string // paths of the secondary zone's and the full zone's routes
}

func newTransferFixture(t *testing.T) *transferFixture {
	t.Helper()
	f := &transferFixture{clock: emulatortest.NewClock(t0)}
	f.srv = emulatortest.Start(t, emulator.Options{Clock: f.clock.Now})
	acct := f.srv.AccountID
	f.secondary = f.srv.PutZone(emulator.Zone{Name: "example.net", Type: emulator.ZoneSecondary})
	f.full = f.srv.PutZone(emulator.Zone{Name: "example.com", Type: emulator.ZoneFull})
	f.partial = f.srv.PutZone(emulator.Zone{Name: "example.org", Type: emulator.ZonePartial})
	keyA := f.srv.PutTSIG(acct, emulator.TSIG{Name: "a.", Algo: "hmac-sha512.", Secret: "YQ=="}).ID
	keyB := f.srv.PutTSIG(acct, emulator.TSIG{Name: "b.", Algo: "hmac-sha512.", Secret: "Yg=="}).ID
	f.plain = f.srv.PutPeer(acct, emulator.Peer{Name: "plain"}).ID
	f.keyA1 = f.srv.PutPeer(acct, emulator.Peer{Name: "a1", TSIGID: &keyA}).ID
	f.keyA2 = f.srv.PutPeer(acct, emulator.Peer{Name: "a2", TSIGID: &keyA}).ID
	f.keyB = f.srv.PutPeer(acct, emulator.Peer{Name: "b", TSIGID: &keyB}).ID
	f.incoming = "zones/" + f.secondary.ID + "/secondary_dns/incoming"
	f.forceXfr = "zones/" + f.secondary.ID + "/secondary_dns/force_axfr"
	f.outgoing = "zones/" + f.full.ID + "/secondary_dns/outgoing"
	return f
}

func (f *transferFixture) call(t *testing.T, method, path, body string) reply {
	t.Helper()
	return call(t, f.srv, auth(f.srv), method, path, body)
}

func peerList(ids ...string) string {
	if len(ids) == 0 {
		return "[]"
	}
	return `["` + strings.Join(ids, `","`) + `"]`
}

func assertFailure(t *testing.T, r reply, status, code int, pointer string) {
	t.Helper()
	assert.Equal(t, status, r.Status)
	require.NotEmpty(t, r.Body.Errors)
	assert.Equal(t, code, r.Body.Errors[0].Code, r.Body.Errors[0].Message)
	if pointer != "" {
		require.NotNil(t, r.Body.Errors[0].Source, r.Body.Errors[0].Message)
		assert.Equal(t, pointer, r.Body.Errors[0].Source.Pointer)
	}
}

func TestIncomingLifecycle(t *testing.T) {
	t.Parallel()
	f := newTransferFixture(t)
	z := f.secondary.ID

	assertFailure(t, f.call(t, http.MethodGet, f.incoming, ""), 404, 7003, "")
	assertFailure(t, f.call(t, http.MethodPut, f.incoming, `{"name":"example.net.","peers":[]}`), 404, 7003, "")
	assertFailure(t, f.call(t, http.MethodDelete, f.incoming, ""), 404, 7003, "")
	assertFailure(t, f.call(t, http.MethodPost, f.forceXfr, `{}`), 404, 7003, "")

	r := f.call(t, http.MethodPost, f.incoming, `{"id":"ignored","name":"example.net.","peers":`+peerList(f.plain)+`}`)
	require.Equal(t, http.StatusOK, r.Status)
	created := `{"id":"` + z + `","name":"example.net.","peers":["` + f.plain + `"],"auto_refresh_seconds":86400,
		"checked_time":"2026-03-04T05:06:07.890123Z","created_time":"2026-03-04T05:06:07.890123Z",
		"modified_time":"2026-03-04T05:06:07.890123Z","soa_serial":2026030401}`
	assert.JSONEq(t, created, string(r.Body.Result))
	r = f.call(t, http.MethodGet, f.incoming, "")
	assert.JSONEq(t, created, string(r.Body.Result))
	assertFailure(t, f.call(t, http.MethodPost, f.incoming, `{"name":"example.net.","peers":[]}`), 400, 1004, "")

	f.clock.Advance(time.Hour)
	r = f.call(t, http.MethodPut, f.incoming, `{"name":"example.net.","peers":`+peerList(f.keyA1, f.keyB)+`,"auto_refresh_seconds":300}`)
	require.Equal(t, http.StatusOK, r.Status)
	updated := `{"id":"` + z + `","name":"example.net.","peers":["` + f.keyA1 + `","` + f.keyB + `"],"auto_refresh_seconds":300,
		"checked_time":"2026-03-04T05:06:07.890123Z","created_time":"2026-03-04T05:06:07.890123Z",
		"modified_time":"2026-03-04T06:06:07.890123Z","soa_serial":2026030401}`
	assert.JSONEq(t, updated, string(r.Body.Result), "PUT replaces what the body holds; peers need not share a key")

	f.clock.Advance(time.Minute)
	r = f.call(t, http.MethodPost, f.forceXfr, `{}`)
	require.Equal(t, http.StatusOK, r.Status)
	assert.JSONEq(t, `"OK"`, string(r.Body.Result))
	in, ok := f.srv.Incoming(z)
	require.True(t, ok)
	assert.Equal(t, t0.Add(time.Hour+time.Minute), in.CheckedTime, "force_axfr checks the SOA now")
	assert.Equal(t, emulator.ZoneActions{ForceAXFR: 1}, f.srv.ZoneActions(z))

	f.clock.Advance(time.Minute)
	r = f.call(t, http.MethodPut, f.incoming, `{"name":"example.net.","peers":[]}`)
	require.Equal(t, http.StatusOK, r.Status)
	assert.Contains(t, string(r.Body.Result), `"auto_refresh_seconds":86400`, "PUT replaces the whole object: the default again")

	r = f.call(t, http.MethodDelete, f.incoming, "")
	require.Equal(t, http.StatusOK, r.Status)
	assert.JSONEq(t, `{"id":"`+z+`"}`, string(r.Body.Result))
	assertFailure(t, f.call(t, http.MethodGet, f.incoming, ""), 404, 7003, "")
	assertFailure(t, f.call(t, http.MethodPost, f.forceXfr, `{}`), 404, 7003, "")
	assert.Equal(t, emulator.ZoneActions{ForceAXFR: 1}, f.srv.ZoneActions(z), "refused actions do not count")
	_, ok = f.srv.Incoming(z)
	assert.False(t, ok)
}

func TestOutgoingLifecycle(t *testing.T) {
	t.Parallel()
	f := newTransferFixture(t)
	z := f.full.ID
	status := f.outgoing + "/status"

	for _, path := range []string{f.outgoing + "/enable", f.outgoing + "/disable", f.outgoing + "/force_notify"} {
		assertFailure(t, f.call(t, http.MethodPost, path, `{}`), 404, 7003, "")
	}
	assertFailure(t, f.call(t, http.MethodGet, status, ""), 404, 7003, "")

	r := f.call(t, http.MethodPost, f.outgoing, `{"name":"example.com.","peers":[]}`)
	require.Equal(t, http.StatusOK, r.Status)
	assert.JSONEq(t, `{"id":"`+z+`","name":"example.com.","peers":[],"checked_time":"2026-03-04T05:06:07.890123Z",
		"created_time":"2026-03-04T05:06:07.890123Z","last_transferred_time":"","soa_serial":2026030401}`, string(r.Body.Result))
	assert.JSONEq(t, `"Disabled"`, string(f.call(t, http.MethodGet, status, "").Body.Result), "a new configuration starts disabled")
	assertFailure(t, f.call(t, http.MethodPost, f.outgoing, `{"name":"example.com.","peers":[]}`), 400, 1004, "")

	f.clock.Advance(time.Hour)
	r = f.call(t, http.MethodPost, f.outgoing+"/enable", `{}`)
	require.Equal(t, http.StatusOK, r.Status)
	assert.JSONEq(t, `"Enabled"`, string(r.Body.Result))
	assert.JSONEq(t, `"Enabled"`, string(f.call(t, http.MethodGet, status, "").Body.Result))
	r = f.call(t, http.MethodGet, f.outgoing, "")
	assert.Contains(t, string(r.Body.Result), `"last_transferred_time":"2026-03-04T06:06:07.890123Z"`, "enabling sends NOTIFY; the secondaries transfer")

	r = f.call(t, http.MethodPut, f.outgoing, `{"name":"example.com.","peers":`+peerList(f.keyA1, f.keyA2)+`}`)
	require.Equal(t, http.StatusOK, r.Status)
	assert.JSONEq(t, `{"id":"`+z+`","name":"example.com.","peers":["`+f.keyA1+`","`+f.keyA2+`"],"checked_time":"2026-03-04T05:06:07.890123Z",
		"created_time":"2026-03-04T05:06:07.890123Z","last_transferred_time":"2026-03-04T06:06:07.890123Z","soa_serial":2026030401}`, string(r.Body.Result))
	assert.JSONEq(t, `"Enabled"`, string(f.call(t, http.MethodGet, status, "").Body.Result), "PUT keeps the switch")

	f.clock.Advance(time.Minute)
	r = f.call(t, http.MethodPost, f.outgoing+"/force_notify", `{}`)
	require.Equal(t, http.StatusOK, r.Status)
	assert.JSONEq(t, `"OK"`, string(r.Body.Result))
	out, ok := f.srv.Outgoing(z)
	require.True(t, ok)
	assert.Equal(t, t0.Add(time.Hour+time.Minute), out.LastTransferredTime)

	r = f.call(t, http.MethodPost, f.outgoing+"/disable", `{}`)
	require.Equal(t, http.StatusOK, r.Status)
	assert.JSONEq(t, `"Disabled"`, string(r.Body.Result))
	assert.JSONEq(t, `"Disabled"`, string(f.call(t, http.MethodGet, status, "").Body.Result))

	// The dashboard switches transfers on behind the API's back.
	require.True(t, f.srv.SetOutgoingEnabled(z, true))
	assert.JSONEq(t, `"Enabled"`, string(f.call(t, http.MethodGet, status, "").Body.Result))

	r = f.call(t, http.MethodDelete, f.outgoing, "")
	require.Equal(t, http.StatusOK, r.Status)
	assert.JSONEq(t, `{"id":"`+z+`"}`, string(r.Body.Result))
	assertFailure(t, f.call(t, http.MethodGet, status, ""), 404, 7003, "")
	assertFailure(t, f.call(t, http.MethodPost, f.outgoing+"/enable", `{}`), 404, 7003, "")
	assert.Equal(t, emulator.ZoneActions{Enable: 1, Disable: 1, ForceNotify: 1}, f.srv.ZoneActions(z))

	require.Equal(t, http.StatusOK, f.call(t, http.MethodPost, f.outgoing, `{"name":"example.com.","peers":[]}`).Status)
	assert.JSONEq(t, `"Disabled"`, string(f.call(t, http.MethodGet, status, "").Body.Result), "deleting switched transfers off")

	partial := "zones/" + f.partial.ID + "/secondary_dns/outgoing"
	assert.Equal(t, http.StatusOK, f.call(t, http.MethodPost, partial, `{"name":"example.org.","peers":[]}`).Status,
		"Cloudflare hosts a partial zone's DNS too")
}

func TestTransferZoneTypes(t *testing.T) {
	t.Parallel()
	f := newTransferFixture(t)
	fullIncoming := "zones/" + f.full.ID + "/secondary_dns/incoming"
	secondaryOutgoing := "zones/" + f.secondary.ID + "/secondary_dns/outgoing"
	for _, tc := range []struct{ method, path, body string }{
		{http.MethodPost, fullIncoming, `{"name":"example.com.","peers":[]}`},
		{http.MethodGet, fullIncoming, ""},
		{http.MethodPut, fullIncoming, `{"name":"example.com.","peers":[]}`},
		{http.MethodDelete, fullIncoming, ""},
		{http.MethodPost, "zones/" + f.partial.ID + "/secondary_dns/force_axfr", `{}`},
		{http.MethodPost, secondaryOutgoing, `{"name":"example.net.","peers":[]}`},
		{http.MethodGet, secondaryOutgoing, ""},
		{http.MethodPost, secondaryOutgoing + "/enable", `{}`},
		{http.MethodGet, secondaryOutgoing + "/status", ""},
		{http.MethodPost, secondaryOutgoing + "/force_notify", `{}`},
	} {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			r := f.call(t, tc.method, tc.path, tc.body)
			assertFailure(t, r, 400, 1005, "")
			assert.Contains(t, r.Body.Errors[0].Message, "zone")
		})
	}
	_, ok := f.srv.Incoming(f.full.ID)
	assert.False(t, ok)
	_, ok = f.srv.Outgoing(f.secondary.ID)
	assert.False(t, ok)
}

func TestTransferBodies(t *testing.T) {
	t.Parallel()
	f := newTransferFixture(t)
	other := f.srv.PutPeer(otherAccount, emulator.Peer{Name: "elsewhere"}).ID
	tooMany := make([]string, emulator.MaxZonePeers+1)
	for i := range tooMany {
		tooMany[i] = f.srv.PutPeer(f.srv.AccountID, emulator.Peer{Name: fmt.Sprint("p", i)}).ID
	}
	in := func(extra string) string { return `{"name":"example.net."` + extra + `}` }
	for _, tc := range []struct {
		name, path, body string
		pointer          string
	}{
		{"no name", f.incoming, `{"peers":[]}`, "/name"},
		{"no peers", f.incoming, in(``), "/peers"},
		{"null peers", f.incoming, in(`,"peers":null`), "/peers"},
		{"peers not strings", f.incoming, in(`,"peers":[1]`), "/peers"},
		{"an unknown peer", f.incoming, in(`,"peers":["0123456789abcdef0123456789abcdef"]`), "/peers/0"},
		{"another account's peer", f.incoming, in(`,"peers":` + peerList(f.plain, other)), "/peers/1"},
		{"a peer twice", f.incoming, in(`,"peers":` + peerList(f.plain, f.keyA1, f.plain)), "/peers/2"},
		{"too many peers", f.incoming, in(`,"peers":` + peerList(tooMany...)), "/peers"},
		{"refresh below 300", f.incoming, in(`,"peers":[],"auto_refresh_seconds":299`), "/auto_refresh_seconds"},
		{"refresh not whole", f.incoming, in(`,"peers":[],"auto_refresh_seconds":300.5`), "/auto_refresh_seconds"},
		{"refresh as a string", f.incoming, in(`,"peers":[],"auto_refresh_seconds":"600"`), "/auto_refresh_seconds"},
		{"outgoing without peers", f.outgoing, `{"name":"example.com."}`, "/peers"},
		{"outgoing keys differ", f.outgoing, `{"name":"example.com.","peers":` + peerList(f.keyA1, f.keyB) + `}`, "/peers"},
		{"outgoing key and none", f.outgoing, `{"name":"example.com.","peers":` + peerList(f.keyA1, f.plain) + `}`, "/peers"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assertFailure(t, f.call(t, http.MethodPost, tc.path, tc.body), 400, 1002, tc.pointer)
		})
	}
	_, ok := f.srv.Incoming(f.secondary.ID)
	assert.False(t, ok, "nothing refused was created")

	r := f.call(t, http.MethodPost, f.incoming, in(`,"peers":`+peerList(tooMany[:emulator.MaxZonePeers]...)+`,"auto_refresh_seconds":300`))
	assert.Equal(t, http.StatusOK, r.Status, "30 peers and 300 seconds are within bounds")
	r = f.call(t, http.MethodPost, f.outgoing, `{"name":"example.com.","peers":`+peerList(f.keyA1, f.keyA2)+`}`)
	assert.Equal(t, http.StatusOK, r.Status, "peers on the same key")
	r = f.call(t, http.MethodPut, f.outgoing, `{"name":"example.com.","peers":`+peerList(f.keyB, f.plain)+`}`)
	assertFailure(t, r, 400, 1002, "/peers")
	out, _ := f.srv.Outgoing(f.full.ID)
	assert.Equal(t, []string{f.keyA1, f.keyA2}, out.Peers, "a refused update changes nothing")
}

func TestTransferAccess(t *testing.T) {
	t.Parallel()
	f := newTransferFixture(t)
	foreign := f.srv.PutZone(emulator.Zone{Name: "example.net", Type: emulator.ZoneSecondary, Account: "ffffffffffffffffffffffffffffffff"})
	for _, tc := range []struct {
		name   string
		header http.Header
		path   string
		status int
		code   int
	}{
		{"unknown zone", auth(f.srv), "zones/0123456789abcdef0123456789abcdef/secondary_dns/incoming", 404, 7003},
		{"unknown zone action", auth(f.srv), "zones/0123456789abcdef0123456789abcdef/secondary_dns/outgoing/status", 404, 7003},
		{"another account's zone", auth(f.srv), "zones/" + foreign.ID + "/secondary_dns/incoming", 403, 10000},
		{"no credentials", nil, f.incoming, 400, 6003},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assertFailure(t, call(t, f.srv, tc.header, http.MethodGet, tc.path, ""), tc.status, tc.code, "")
		})
	}
	r := f.call(t, http.MethodGet, f.outgoing+"/enable", "")
	assert.Equal(t, http.StatusMethodNotAllowed, r.Status)
	assert.Equal(t, "POST", r.Header.Get("Allow"))
}

func TestTransferAccessors(t *testing.T) {
	t.Parallel()
	state := filepath.Join(t.TempDir(), "state.json")
	e, err := emulator.New(emulator.Options{StatePath: state})
	require.NoError(t, err)
	sec := e.PutZone(emulator.Zone{Name: "example.net", Type: emulator.ZoneSecondary})
	full := e.PutZone(emulator.Zone{Name: "example.com"})

	in := emulator.Incoming{Name: "example.net.", Peers: []string{"p"}, AutoRefreshSeconds: 300, SOASerial: 7, CreatedTime: t0}
	require.True(t, e.PutIncoming(sec.ID, in))
	in.Peers[0] = "changed by the caller"
	got, ok := e.Incoming(sec.ID)
	require.True(t, ok)
	assert.Equal(t, []string{"p"}, got.Peers, "the store keeps its own copy")
	assert.False(t, e.PutIncoming("0123456789abcdef0123456789abcdef", in), "no such zone")

	out := emulator.Outgoing{Name: "example.com.", Peers: []string{}, SOASerial: 9}
	require.True(t, e.PutOutgoing(full.ID, out))
	assert.False(t, e.SetOutgoingEnabled(sec.ID, true), "no outgoing configuration")
	require.True(t, e.SetOutgoingEnabled(full.ID, true))
	out.Enabled = true

	again, err := emulator.New(emulator.Options{StatePath: state})
	require.NoError(t, err)
	gotIn, _ := again.Incoming(sec.ID)
	assert.Equal(t, got, gotIn, "saved with the zone")
	gotOut, _ := again.Outgoing(full.ID)
	assert.Equal(t, out, gotOut)

	z := full
	z.Name = "example.edu"
	e.PutZone(z)
	_, ok = e.Outgoing(full.ID)
	assert.True(t, ok, "replacing the zone keeps its configurations")

	assert.True(t, e.DeleteOutgoing(full.ID))
	assert.False(t, e.DeleteOutgoing(full.ID))
	assert.False(t, e.SetOutgoingEnabled(full.ID, false))

	assert.True(t, e.DeleteZone(sec.ID))
	e.PutZone(sec)
	_, ok = e.Incoming(sec.ID)
	assert.False(t, ok, "a zone's configurations go with it")
	assert.False(t, e.DeleteIncoming(sec.ID))
}
