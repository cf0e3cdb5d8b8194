package emulator_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/miekg/dns"
	"github.com/stretchr/testify/require"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/emulatortest"
)

// Close cancels a transfer stalled between two messages at once, without waiting the DNS timeout
// (an hour here), and the pull is logged as failed.
func TestCloseDoesNotWaitForAStalledTransfer(t *testing.T) {
	t.Parallel()
	soa, err := dns.NewRR("stall.example. 3600 IN SOA ns1.stall.example. admin.stall.example. 5 3600 600 86400 300")
	require.NoError(t, err)
	stalled, release := make(chan struct{}), make(chan struct{})
	_, port := serveDNS(t, nil, func(w dns.ResponseWriter, r *dns.Msg) {
		m := new(dns.Msg).SetReply(r)
		m.Authoritative = true
		m.Answer = []dns.RR{soa}
		_ = w.WriteMsg(m) // the SOA; for an AXFR, its first message
		if r.Question[0].Qtype == dns.TypeAXFR {
			close(stalled)
			<-release // the rest never comes while the emulator waits
		}
	})
	t.Cleanup(func() { close(release) }) // before the primary shuts down: cleanups run last first
	srv := emulatortest.Start(t, emulator.Options{DNSAddr: "127.0.0.1:0", DNSTimeout: time.Hour})
	ip, p := "127.0.0.1", float64(port)
	peer := srv.PutPeer(srv.AccountID, emulator.Peer{Name: "stalling", IP: &ip, Port: &p}).ID
	zone := srv.CreateZone(t, "stall.example", emulator.ZoneSecondary)
	require.Equal(t, http.StatusOK, call(t, srv, auth(srv), http.MethodPost, "zones/"+zone+"/secondary_dns/incoming",
		`{"name":"stall.example.","peers":["`+peer+`"],"auto_refresh_seconds":86400}`).Status)
	select {
	case <-stalled:
	case <-waitCtx(t).Done():
		t.Fatal("the emulator never asked for the zone")
	}

	closed := make(chan struct{})
	go func() { _ = srv.Close(); close(closed) }()
	select {
	case <-closed:
	case <-waitCtx(t).Done():
		t.Fatal("Close waits for the stalled transfer")
	}
	ev, err := srv.WaitTransfer(waitCtx(t), zone, 1)
	require.NoError(t, err)
	require.Error(t, ev.Err, "the cancelled pull is logged as failed")
}
