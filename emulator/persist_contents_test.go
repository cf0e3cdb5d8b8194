package emulator_test

import (
	"net/http"
	"path/filepath"
	"testing"

	"github.com/miekg/dns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/emulatortest"
)

// Zone contents are in the state file: after a restart, a full zone's records added through the
// API are listed and served again under the same serial, and a secondary zone answers from the
// copy it transferred in before, without its primary.
func TestRestartKeepsZoneContents(t *testing.T) {
	t.Parallel()
	state := filepath.Join(t.TempDir(), "state.json")
	primary := startPrimary(t, "example.net", nil, 7, zoneV1...)
	opts := emulator.Options{StatePath: state, DNSAddr: "127.0.0.1:0", DNSTimeout: waitTimeout}

	first := emulatortest.Start(t, opts)
	full := first.CreateZone(t, "records.example", emulator.ZoneFull)
	records := "zones/" + full + "/dns_records"
	require.Equal(t, http.StatusOK, call(t, first, auth(first), http.MethodPost, records, `{"type":"A","name":"www","content":"192.0.2.7"}`).Status)
	listed := call(t, first, auth(first), http.MethodGet, records, "").Body.Result
	fullSOA := query(t, first.DNSAddr, new(dns.Msg).SetQuestion("records.example.", dns.TypeSOA), nil, "udp").Answer[0].(*dns.SOA)

	ip, port := "127.0.0.1", float64(primary.port)
	peer := first.PutPeer(first.AccountID, emulator.Peer{Name: "primary", IP: &ip, Port: &port}).ID
	secondary := first.CreateZone(t, "example.net", emulator.ZoneSecondary)
	require.Equal(t, http.StatusOK, call(t, first, auth(first), http.MethodPost, "zones/"+secondary+"/secondary_dns/incoming",
		`{"name":"example.net.","peers":["`+peer+`"],"auto_refresh_seconds":86400}`).Status)
	ev, err := first.WaitTransfer(waitCtx(t), secondary, 1)
	require.NoError(t, err)
	require.NoError(t, ev.Err)
	require.NoError(t, first.Close())

	primary.set(t, 8) // the primary now serves another version; the restarted emulator must not need it
	again := emulatortest.Start(t, emulator.Options{StatePath: state, DNSAddr: "127.0.0.1:0", DNSTimeout: waitTimeout})
	assert.JSONEq(t, string(listed), string(call(t, again, auth(again), http.MethodGet, records, "").Body.Result))
	m := query(t, again.DNSAddr, new(dns.Msg).SetQuestion("www.records.example.", dns.TypeA), nil, "udp")
	require.Len(t, m.Answer, 1)
	assert.Equal(t, "192.0.2.7", m.Answer[0].(*dns.A).A.String())
	soa := query(t, again.DNSAddr, new(dns.Msg).SetQuestion("records.example.", dns.TypeSOA), nil, "udp").Answer[0].(*dns.SOA)
	assert.Equal(t, fullSOA.Serial, soa.Serial, "the full zone keeps its serial")

	m = query(t, again.DNSAddr, new(dns.Msg).SetQuestion("www.example.net.", dns.TypeA), nil, "udp")
	require.Equal(t, dns.RcodeSuccess, m.Rcode)
	require.Len(t, m.Answer, 1)
	assert.Equal(t, "192.0.2.1", m.Answer[0].(*dns.A).A.String())
	soa = query(t, again.DNSAddr, new(dns.Msg).SetQuestion("example.net.", dns.TypeSOA), nil, "udp").Answer[0].(*dns.SOA)
	assert.Equal(t, uint32(7), soa.Serial, "the secondary zone answers from the copy it transferred before the restart")
}
