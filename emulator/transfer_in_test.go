package emulator_test

import (
	"net"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/miekg/dns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/emulatortest"
)

const (
	xferKeyName   = "xfer-key."
	xferKeySecret = "c2VjcmV0LW9mLXRoZS10cmFuc2Zlci1rZXktMzItYnl0ZXM="
	otherSecret   = "YW5vdGhlci1zZWNyZXQtb2YtdGhlLXNhbWUtbmFtZS0zMg=="
)

var zoneV1 = []string{
	"example.net. 3600 IN NS ns1.example.net.",
	"ns1.example.net. 3600 IN A 192.0.2.53",
	"www.example.net. 300 IN A 192.0.2.1",
	"old.example.net. 300 IN TXT \"to be removed\"",
}

// secondaryFixture is an emulator serving DNS, with a secondary zone whose peer is a test
// primary signing with a TSIG key.
type secondaryFixture struct {
	srv     *emulatortest.Server
	clock   *emulatortest.Clock
	primary *testPrimary
	zone    emulator.Zone
	tsigID  string
	peerID  string
}

func newSecondaryFixture(t *testing.T, ixfr bool) *secondaryFixture {
	t.Helper()
	f := &secondaryFixture{clock: emulatortest.NewClock(t0)}
	key := mustKey(t, xferKeyName, "hmac-sha256.", xferKeySecret)
	f.primary = startPrimary(t, "example.net", key, 10, zoneV1...)
	f.srv = emulatortest.Start(t, emulator.Options{Clock: f.clock.Now, Timers: f.clock, DNSAddr: "127.0.0.1:0", DNSTimeout: waitTimeout})
	acct := f.srv.AccountID
	// A key of the same name with another secret, made first: the peer's tsig_id decides.
	f.srv.PutTSIG(acct, emulator.TSIG{Name: xferKeyName, Algo: "hmac-sha256.", Secret: otherSecret})
	f.tsigID = f.srv.PutTSIG(acct, emulator.TSIG{Name: xferKeyName, Algo: "hmac-sha256.", Secret: xferKeySecret}).ID
	ip, port := "127.0.0.1", float64(f.primary.port)
	f.peerID = f.srv.PutPeer(acct, emulator.Peer{Name: "primary", IP: &ip, Port: &port, IxfrEnable: &ixfr, TSIGID: &f.tsigID}).ID
	f.zone = f.srv.PutZone(emulator.Zone{Name: "example.net", Type: emulator.ZoneSecondary})
	r := call(t, f.srv, auth(f.srv), http.MethodPost, "zones/"+f.zone.ID+"/secondary_dns/incoming",
		`{"name":"example.net.","peers":["`+f.peerID+`"],"auto_refresh_seconds":300}`)
	require.Equal(t, http.StatusOK, r.Status)
	assert.Contains(t, string(r.Body.Result), `"soa_serial":0`, "nothing is known of the zone before the first pull")
	return f
}

// wait returns the zone's nth transfer event.
func (f *secondaryFixture) wait(t *testing.T, n int) emulator.Transfer {
	t.Helper()
	ev, err := f.srv.WaitTransfer(waitCtx(t), f.zone.ID, n)
	require.NoError(t, err)
	t.Logf("transfer %d: %s", n, ev)
	return ev
}

// ask queries the emulator over UDP.
func (f *secondaryFixture) ask(t *testing.T, name string, qtype uint16) *dns.Msg {
	t.Helper()
	return query(t, f.srv.DNSAddr, new(dns.Msg).SetQuestion(name, qtype), nil, "udp")
}

func TestSecondaryAXFROnCreate(t *testing.T) {
	t.Parallel()
	f := newSecondaryFixture(t, false)
	ev := f.wait(t, 1)
	require.NoError(t, ev.Err)
	assert.Equal(t, emulator.Transfer{ZoneID: f.zone.ID, Zone: "example.net", Time: t0, Direction: "in", Trigger: emulator.TriggerCreate,
		Kind: "AXFR", Peer: f.peerID, Addr: f.primary.addr, Serial: 10, Records: 5, Key: xferKeyName, KeyID: f.tsigID}, ev)
	assert.Equal(t, []string{"SOA", "AXFR"}, f.primary.asked())
	in, _ := f.srv.Incoming(f.zone.ID)
	assert.Equal(t, 10, in.SOASerial)
	assert.Equal(t, t0, in.CheckedTime)

	m := f.ask(t, "www.example.net.", dns.TypeA)
	assert.True(t, m.Authoritative)
	require.Len(t, m.Answer, 1)
	assert.Equal(t, "192.0.2.1", m.Answer[0].(*dns.A).A.String())
	m = f.ask(t, "nope.example.net.", dns.TypeA)
	assert.Equal(t, dns.RcodeNameError, m.Rcode)
	assert.True(t, m.Authoritative)
	m = f.ask(t, "www.example.org.", dns.TypeA)
	assert.Equal(t, dns.RcodeRefused, m.Rcode, "not one of its zones")

	r := call(t, f.srv, auth(f.srv), http.MethodGet, "zones/"+f.zone.ID+"/dns_records", "")
	assert.Contains(t, string(r.Body.Result), `"content":"192.0.2.1"`, "the records API lists what was transferred")
}

func TestSecondaryIXFROnNotify(t *testing.T) {
	t.Parallel()
	f := newSecondaryFixture(t, true)
	require.NoError(t, f.wait(t, 1).Err)

	f.primary.set(t, 11, append(zoneV1[:3:3], "new.example.net. 300 IN A 192.0.2.11")...)
	key := mustKey(t, xferKeyName, "hmac-sha256.", xferKeySecret)
	notify := new(dns.Msg).SetNotify("example.net.")
	reply := query(t, f.srv.DNSAddr, notify, key, "udp") // the client verifies the signed answer
	assert.Equal(t, dns.RcodeSuccess, reply.Rcode)
	assert.NotNil(t, reply.IsTsig(), "a signed NOTIFY is answered signed")

	ev := f.wait(t, 2)
	require.NoError(t, ev.Err)
	assert.Equal(t, emulator.TriggerNotify, ev.Trigger)
	assert.Equal(t, "IXFR", ev.Kind)
	assert.Equal(t, uint32(11), ev.Serial)
	assert.Equal(t, []string{"SOA", "AXFR", "SOA", "IXFR"}, f.primary.asked())
	assert.Len(t, f.ask(t, "new.example.net.", dns.TypeA).Answer, 1)
	assert.Equal(t, dns.RcodeNameError, f.ask(t, "old.example.net.", dns.TypeTXT).Rcode, "the IXFR deleted it")

	// A primary that answers IXFR with the whole zone.
	f.primary.mu.Lock()
	f.primary.axfrStyle = true
	f.primary.mu.Unlock()
	f.primary.set(t, 12, zoneV1[:2]...)
	reply = query(t, f.srv.DNSAddr, new(dns.Msg).SetNotify("example.net."), nil, "tcp")
	assert.Equal(t, dns.RcodeSuccess, reply.Rcode, "an unsigned NOTIFY from the peer's address, over TCP as Knot sends it")
	ev = f.wait(t, 3)
	require.NoError(t, ev.Err)
	assert.Equal(t, "IXFR", ev.Kind)
	assert.Equal(t, uint32(12), ev.Serial)
	assert.Equal(t, dns.RcodeNameError, f.ask(t, "www.example.net.", dns.TypeA).Rcode, "the AXFR-style answer replaced the zone")

	bad := mustKey(t, xferKeyName, "hmac-sha256.", otherSecret)
	m := new(dns.Msg).SetNotify("example.net.")
	bad.Stub(m)
	reply, _, err := (&dns.Client{Timeout: waitTimeout, TsigProvider: bad}).Exchange(m, f.srv.DNSAddr)
	require.NotNil(t, reply, "%v", err) // the error: the refusal is not signed, as RFC 8945 wants
	assert.Equal(t, dns.RcodeNotAuth, reply.Rcode, "a NOTIFY signed with the wrong secret")
	assert.Equal(t, uint16(dns.RcodeBadSig), reply.IsTsig().Error)
	ev = f.wait(t, 4)
	assert.Error(t, ev.Err)
	assert.Equal(t, "NOTIFY", ev.Kind)
}

func TestSecondaryRefreshAndFailures(t *testing.T) {
	t.Parallel()
	f := newSecondaryFixture(t, false)
	require.NoError(t, f.wait(t, 1).Err)

	f.primary.set(t, 20, zoneV1...)
	f.clock.Advance(299 * time.Second)
	f.primary.set(t, 21, zoneV1...)
	f.clock.Advance(time.Second)
	ev := f.wait(t, 2)
	require.NoError(t, ev.Err)
	assert.Equal(t, emulator.TriggerRefresh, ev.Trigger)
	assert.Equal(t, uint32(21), ev.Serial)
	assert.Equal(t, t0.Add(300*time.Second), ev.Time)

	// The key's secret changes on Cloudflare's side only: the primary refuses.
	acct := f.srv.AccountID
	f.srv.PutTSIG(acct, emulator.TSIG{ID: f.tsigID, Name: xferKeyName, Algo: "hmac-sha256.", Secret: otherSecret})
	f.primary.set(t, 22, zoneV1[:1]...)
	f.clock.Advance(time.Minute)
	r := call(t, f.srv, auth(f.srv), http.MethodPost, "zones/"+f.zone.ID+"/secondary_dns/force_axfr", `{}`)
	require.Equal(t, http.StatusOK, r.Status)
	ev = f.wait(t, 3)
	require.Error(t, ev.Err)
	assert.Contains(t, ev.Err.Error(), xferKeyName, "the error names the key")
	assert.Contains(t, ev.Err.Error(), "NOTAUTH")
	assert.NotContains(t, ev.Err.Error(), otherSecret)
	assert.Equal(t, uint32(21), ev.Serial, "the last good copy")
	in, _ := f.srv.Incoming(f.zone.ID)
	assert.Equal(t, 21, in.SOASerial)
	assert.Equal(t, t0.Add(360*time.Second), in.CheckedTime, "the SOA was checked")
	assert.Len(t, f.ask(t, "www.example.net.", dns.TypeA).Answer, 1, "the last good copy is still served")

	// An unreachable primary.
	f.srv.PutTSIG(acct, emulator.TSIG{ID: f.tsigID, Name: xferKeyName, Algo: "hmac-sha256.", Secret: xferKeySecret})
	ip, closed := "127.0.0.1", float64(closedPort(t))
	f.srv.PutPeer(acct, emulator.Peer{ID: f.peerID, Name: "primary", IP: &ip, Port: &closed, TSIGID: &f.tsigID})
	require.Equal(t, http.StatusOK, call(t, f.srv, auth(f.srv), http.MethodPost, "zones/"+f.zone.ID+"/secondary_dns/force_axfr", `{}`).Status)
	ev = f.wait(t, 4)
	require.Error(t, ev.Err)
	assert.Contains(t, ev.Err.Error(), "127.0.0.1:"+strconv.Itoa(int(closed)))
	assert.Equal(t, uint32(21), ev.Serial)
}

// closedPort is a port of 127.0.0.1 that nothing listens on any more: a query there fails at
// once (the kernel answers ICMP port unreachable).
func closedPort(t *testing.T) int {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	require.NoError(t, err)
	defer pc.Close()
	return pc.LocalAddr().(*net.UDPAddr).Port
}
