package emulator_test

import (
	"encoding/json"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/miekg/dns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/dnsx"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/emulatortest"
)

func TestPrimaryServesTransfers(t *testing.T) {
	t.Parallel()
	zoneFile := filepath.Join(t.TempDir(), "example.com.zone")
	require.NoError(t, os.WriteFile(zoneFile, []byte(`$ORIGIN example.com.
@    3600 IN SOA ns.elsewhere. admin.elsewhere. 1 2 3 4 5
@    3600 IN NS  ns.elsewhere.
www   300 IN A   192.0.2.80
mail  300 IN MX  10 mx.example.com.
`), 0o600))
	clock := emulatortest.NewClock(t0)
	srv := emulatortest.Start(t, emulator.Options{Clock: clock.Now, Timers: clock, DNSAddr: "127.0.0.1:0", DNSTimeout: waitTimeout,
		Zones: []emulator.ZoneSeed{{Name: "example.com"}}, ZoneFiles: map[string]string{"example.com": zoneFile}})
	acct := srv.AccountID
	key := mustKey(t, xferKeyName, "hmac-md5", xferKeySecret) // hmac-md5: signed by dnsx, not miekg/dns
	notifyPort, notices := listenNotify(t, key)
	tsigID := srv.PutTSIG(acct, emulator.TSIG{Name: xferKeyName, Algo: "hmac-md5.sig-alg.reg.int.", Secret: xferKeySecret}).ID
	ip, port := "127.0.0.1", float64(notifyPort)
	peerID := srv.PutPeer(acct, emulator.Peer{Name: "secondary", IP: &ip, Port: &port, TSIGID: &tsigID}).ID
	z, ok := srv.ZoneByName(acct, "example.com")
	require.True(t, ok)
	outgoing := "zones/" + z.ID + "/secondary_dns/outgoing"
	axfr := func(key *keyArg, from string) ([]dns.RR, error) {
		return transfer(t, srv.DNSAddr, new(dns.Msg).SetAxfr("example.com."), key.k, from)
	}

	r := call(t, srv, auth(srv), http.MethodPost, outgoing, `{"name":"example.com.","peers":["`+peerID+`"]}`)
	require.Equal(t, http.StatusOK, r.Status)
	_, err := axfr(&keyArg{key}, "")
	assert.ErrorContains(t, err, "bad xfr rcode: 5", "disabled: REFUSED, signed since the query verified")
	ev, err := srv.WaitTransfer(waitCtx(t), z.ID, 1)
	require.NoError(t, err)
	assert.EqualError(t, ev.Err, "outgoing transfers are disabled", "refusals are logged")

	require.Equal(t, http.StatusOK, call(t, srv, auth(srv), http.MethodPost, outgoing+"/enable", `{}`).Status)
	n := waitNotice(t, notices)
	assert.Equal(t, notice{zone: "example.com.", serial: 2026030401, keyName: xferKeyName, verified: true}, n, "enable sends NOTIFY, signed")
	ev, err = srv.WaitTransfer(waitCtx(t), z.ID, 2)
	require.NoError(t, err)
	assert.Equal(t, "NOTIFY", ev.Kind)
	assert.NoError(t, ev.Err, "the signed answer verified")

	rrs, err := axfr(&keyArg{key}, "")
	require.NoError(t, err)
	require.Len(t, rrs, 6, "SOA, Cloudflare's two NS, www, mail, SOA: %v", rrs)
	soa := rrs[0].(*dns.SOA)
	assert.Equal(t, "ada.ns.cloudflare.com.", soa.Ns)
	assert.Equal(t, uint32(2026030401), soa.Serial)
	assert.Equal(t, "ada.ns.cloudflare.com.", rrs[1].(*dns.NS).Ns, "the file's NS gives way to Cloudflare's")
	ev, err = srv.WaitTransfer(waitCtx(t), z.ID, 3)
	require.NoError(t, err)
	assert.Equal(t, emulator.Transfer{ZoneID: z.ID, Zone: "example.com", Time: t0, Direction: "out", Trigger: emulator.TriggerQuery,
		Kind: "AXFR", Peer: peerID, Addr: ev.Addr, Serial: 2026030401, Records: 6, Key: xferKeyName, KeyID: tsigID}, ev)
	out, _ := srv.Outgoing(z.ID)
	assert.Equal(t, t0, out.LastTransferredTime)

	_, err = axfr(&keyArg{}, "")
	assert.ErrorContains(t, err, "bad xfr rcode: 5", "unsigned: REFUSED")
	ev, err = srv.WaitTransfer(waitCtx(t), z.ID, 4)
	require.NoError(t, err)
	assert.ErrorContains(t, ev.Err, xferKeyName, "the refusal names the key expected")
	_, err = axfr(&keyArg{mustKey(t, xferKeyName, "hmac-md5", otherSecret)}, "")
	assert.Error(t, err, "wrong secret: NOTAUTH, BADSIG")
	_, err = axfr(&keyArg{key}, "127.0.0.2")
	assert.ErrorContains(t, err, "bad xfr rcode: 5", "not a peer's address")
	srv.PutACL(acct, emulator.ACL{Name: "second loopback", IPRange: "127.0.0.2/32"})
	_, err = axfr(&keyArg{key}, "127.0.0.2")
	assert.NoError(t, err, "an address in an ACL range")

	// A record added through the API: a new serial, NOTIFY, and IXFR with the difference.
	r = call(t, srv, auth(srv), http.MethodPost, "zones/"+z.ID+"/dns_records", `{"type":"A","name":"api","content":"192.0.2.99","ttl":120}`)
	require.Equal(t, http.StatusOK, r.Status)
	var rec struct{ ID, Name, Content string }
	require.NoError(t, json.Unmarshal(r.Body.Result, &rec))
	assert.Equal(t, "api.example.com", rec.Name)
	n = waitNotice(t, notices)
	assert.Equal(t, uint32(2026030402), n.serial)
	q := new(dns.Msg)
	q.SetIxfr("example.com.", 2026030401, "ada.ns.cloudflare.com.", "dns.cloudflare.com.")
	rrs, err = transfer(t, srv.DNSAddr, q, key, "")
	require.NoError(t, err)
	require.Len(t, rrs, 5, "SOA new, SOA old, SOA new, the record, SOA new: %v", rrs)
	assert.Equal(t, "192.0.2.99", rrs[3].(*dns.A).A.String())
	assert.Contains(t, string(call(t, srv, auth(srv), http.MethodGet, outgoing, "").Body.Result), `"soa_serial":2026030402`)

	m := query(t, srv.DNSAddr, new(dns.Msg).SetQuestion("api.example.com.", dns.TypeA), nil, "udp")
	assert.True(t, m.Authoritative)
	require.Len(t, m.Answer, 1)

	require.Equal(t, http.StatusOK, call(t, srv, auth(srv), http.MethodPost, outgoing+"/force_notify", `{}`).Status)
	assert.Equal(t, uint32(2026030402), waitNotice(t, notices).serial)

	require.Equal(t, http.StatusOK, call(t, srv, auth(srv), http.MethodDelete, "zones/"+z.ID+"/dns_records/"+rec.ID, "").Status)
	assert.Equal(t, uint32(2026030403), waitNotice(t, notices).serial)
	assert.Equal(t, dns.RcodeNameError, query(t, srv.DNSAddr, new(dns.Msg).SetQuestion("api.example.com.", dns.TypeA), nil, "udp").Rcode)

	require.Equal(t, http.StatusOK, call(t, srv, auth(srv), http.MethodPost, outgoing+"/disable", `{}`).Status)
	_, err = axfr(&keyArg{key}, "")
	assert.ErrorContains(t, err, "bad xfr rcode: 5", "disabled again")
}

// keyArg holds a key that may be nil, so that a table of calls reads the same.
type keyArg struct{ k *dnsx.Key }

// TestSignedQueryAnsweredSigned: a secondary asks for the SOA signed before it transfers (BIND
// drops an unsigned answer to it); the emulator verifies the query with its peers' key and signs
// the answer, and answers a key it does not know with BADKEY.
func TestSignedQueryAnsweredSigned(t *testing.T) {
	t.Parallel()
	srv := emulatortest.Start(t, emulator.Options{DNSAddr: "127.0.0.1:0", DNSTimeout: waitTimeout,
		Zones: []emulator.ZoneSeed{{Name: "example.com"}}})
	acct := srv.AccountID
	key := mustKey(t, xferKeyName, "hmac-md5", xferKeySecret)
	tsigID := srv.PutTSIG(acct, emulator.TSIG{Name: xferKeyName, Algo: "hmac-md5.sig-alg.reg.int.", Secret: xferKeySecret}).ID
	ip, port := "127.0.0.1", float64(53)
	peerID := srv.PutPeer(acct, emulator.Peer{Name: "secondary", IP: &ip, Port: &port, TSIGID: &tsigID}).ID
	z, ok := srv.ZoneByName(acct, "example.com")
	require.True(t, ok)
	r := call(t, srv, auth(srv), http.MethodPost, "zones/"+z.ID+"/secondary_dns/outgoing", `{"name":"example.com.","peers":["`+peerID+`"]}`)
	require.Equal(t, http.StatusOK, r.Status)

	in := query(t, srv.DNSAddr, new(dns.Msg).SetQuestion("example.com.", dns.TypeSOA), key, "udp")
	require.Equal(t, dns.RcodeSuccess, in.Rcode)
	require.Len(t, in.Answer, 1)
	require.NotNil(t, in.IsTsig(), "the answer to a signed query is signed")
	assert.Equal(t, xferKeyName, in.IsTsig().Hdr.Name)

	in = query(t, srv.DNSAddr, new(dns.Msg).SetQuestion("example.com.", dns.TypeSOA), nil, "udp")
	assert.Equal(t, dns.RcodeSuccess, in.Rcode, "an unsigned query is answered")
	assert.Nil(t, in.IsTsig(), "and the answer is not signed")

	other := mustKey(t, "other-key.", "hmac-sha256", xferKeySecret)
	m := new(dns.Msg).SetQuestion("example.com.", dns.TypeSOA)
	other.Stub(m)
	raw, _, err := other.Pack(m, "", false)
	require.NoError(t, err)
	c, err := net.Dial("udp", srv.DNSAddr)
	require.NoError(t, err)
	defer c.Close()
	_, err = c.Write(raw)
	require.NoError(t, err)
	require.NoError(t, c.SetReadDeadline(time.Now().Add(waitTimeout)))
	buf := make([]byte, dns.MaxMsgSize)
	n, err := c.Read(buf)
	require.NoError(t, err)
	in = new(dns.Msg)
	require.NoError(t, in.Unpack(buf[:n]))
	assert.Equal(t, dns.RcodeNotAuth, in.Rcode, "a key the zone's peers do not have")
	require.NotNil(t, in.IsTsig())
	assert.Equal(t, uint16(dns.RcodeBadKey), in.IsTsig().Error)
}

// A peer's new key applies from the next query on, and the transfer log names the key each
// query came signed with: a secondary still on the old key is refused, at its SOA check as at
// its transfer, and one on the new key is served.
func TestPeerNewKeyAppliesAtOnce(t *testing.T) {
	t.Parallel()
	srv := emulatortest.Start(t, emulator.Options{DNSAddr: "127.0.0.1:0", DNSTimeout: waitTimeout,
		Zones: []emulator.ZoneSeed{{Name: "example.com"}}})
	acct := srv.AccountID
	const oldName, newName = "old-key.", "new-key."
	oldKey := mustKey(t, oldName, "hmac-sha256", xferKeySecret)
	newKey := mustKey(t, newName, "hmac-sha256", otherSecret)
	oldID := srv.PutTSIG(acct, emulator.TSIG{Name: oldName, Algo: "hmac-sha256.", Secret: xferKeySecret}).ID
	newID := srv.PutTSIG(acct, emulator.TSIG{Name: newName, Algo: "hmac-sha256.", Secret: otherSecret}).ID
	ip := "127.0.0.1"
	peer := srv.PutPeer(acct, emulator.Peer{Name: "secondary", IP: &ip, TSIGID: &oldID})
	z, ok := srv.ZoneByName(acct, "example.com")
	require.True(t, ok)
	outgoing := "zones/" + z.ID + "/secondary_dns/outgoing"
	require.Equal(t, http.StatusOK, call(t, srv, auth(srv), http.MethodPost, outgoing, `{"name":"example.com.","peers":["`+peer.ID+`"]}`).Status)
	require.Equal(t, http.StatusOK, call(t, srv, auth(srv), http.MethodPost, outgoing+"/enable", `{}`).Status)
	// next is the next transfer event, past the NOTIFY that enabling sends (to port 53, where
	// nothing answers in time or at all), which the log may hold before or after the first AXFR.
	seen := 0
	next := func() emulator.Transfer {
		t.Helper()
		for {
			seen++
			ev, err := srv.WaitTransfer(waitCtx(t), z.ID, seen)
			require.NoError(t, err)
			if ev.Kind != "NOTIFY" {
				return ev
			}
		}
	}
	axfr := func(k *dnsx.Key) error {
		_, err := transfer(t, srv.DNSAddr, new(dns.Msg).SetAxfr("example.com."), k, "")
		return err
	}

	require.NoError(t, axfr(oldKey))
	ev := next()
	assert.Equal(t, [3]any{oldName, oldID, nil}, [3]any{ev.Key, ev.KeyID, ev.Err}, "served with the old key: %s", ev)

	peer.TSIGID = &newID
	srv.PutPeer(acct, peer)
	assert.Error(t, axfr(oldKey), "the old key, once the peer has the new one")
	ev = next()
	assert.Equal(t, [2]string{oldName, ""}, [2]string{ev.Key, ev.KeyID}, "the refusal names the key the query came with: %s", ev)
	assert.ErrorContains(t, ev.Err, newName, "and the key expected")

	soa := new(dns.Msg).SetQuestion("example.com.", dns.TypeSOA)
	oldKey.Stub(soa)
	_, _, err := (&dns.Client{Timeout: waitTimeout, TsigProvider: oldKey}).Exchange(soa, srv.DNSAddr)
	assert.Error(t, err, "a SOA check with the old key is refused (BADKEY)")
	ev = next()
	assert.Equal(t, [3]string{"SOA", oldName, emulator.TriggerQuery}, [3]string{ev.Kind, ev.Key, ev.Trigger}, "the SOA check is logged: %s", ev)
	assert.Error(t, ev.Err)

	require.NoError(t, axfr(newKey), "the new key, at once")
	ev = next()
	assert.Equal(t, [3]any{newName, newID, nil}, [3]any{ev.Key, ev.KeyID, ev.Err}, "served with the new key: %s", ev)
}
