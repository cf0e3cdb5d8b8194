package dnsprobe

import (
	"context"
	"errors"
	"net"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/miekg/dns"
)

const zone = "example.test."

// serve answers SOA queries on a loopback UDP port with what answer returns for the n-th
// query (from 1), until the test ends.
func serve(t *testing.T, answer func(n int64, m *dns.Msg)) string {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var queries atomic.Int64
	started := make(chan struct{})
	srv := &dns.Server{PacketConn: pc, NotifyStartedFunc: func() { close(started) },
		Handler: dns.HandlerFunc(func(w dns.ResponseWriter, r *dns.Msg) {
			m := new(dns.Msg).SetReply(r)
			answer(queries.Add(1), m)
			_ = w.WriteMsg(m)
		})}
	go func() { _ = srv.ActivateAndServe() }()
	<-started
	t.Cleanup(func() { _ = srv.Shutdown() })
	return pc.LocalAddr().String()
}

func soa(serial uint32) dns.RR {
	return &dns.SOA{Hdr: dns.RR_Header{Name: zone, Rrtype: dns.TypeSOA, Class: dns.ClassINET, Ttl: 60},
		Ns: "ns." + zone, Mbox: "admin." + zone, Serial: serial, Refresh: 60, Retry: 60, Expire: 600, Minttl: 60}
}

// authoritative answers serial-1 to the first `before` queries, and serial from then on.
func authoritative(serial uint32, before int64) func(int64, *dns.Msg) {
	return func(n int64, m *dns.Msg) {
		m.Authoritative = true
		answered := serial
		if n <= before {
			answered--
		}
		m.Answer = []dns.RR{soa(answered)}
	}
}

func TestWaitSerialReturnsOnceTheSerialIsServed(t *testing.T) {
	t.Parallel()
	var asked atomic.Int64
	answer := authoritative(7, 2)
	addr := serve(t, func(n int64, m *dns.Msg) { asked.Store(n); answer(n, m) })
	if err := WaitSerial(context.Background(), addr, zone, 7); err != nil {
		t.Fatalf("WaitSerial: %v", err)
	}
	if got := asked.Load(); got != 3 {
		t.Errorf("asked %d times, want 3 (two answers with serial 6, then 7)", got)
	}
}

func TestWaitSerialSaysWhatWasAnsweredLast(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	answer := authoritative(8, 0)
	addr := serve(t, func(n int64, m *dns.Msg) {
		if n == 3 {
			cancel() // the query is sent: its answer is still read, and is the last one
		}
		answer(n, m)
	})
	err := WaitSerial(ctx, addr, zone, 9)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("WaitSerial: %v, want the context's end", err)
	}
	if !strings.Contains(err.Error(), "serial 8, want 9") {
		t.Errorf("error %q does not name the serial answered last", err)
	}
}

func TestSOARefusesAnswersWithoutTheZone(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name   string
		answer func(int64, *dns.Msg)
		want   string
	}{
		{"SERVFAIL", func(_ int64, m *dns.Msg) { m.Authoritative = true; m.Rcode = dns.RcodeServerFailure }, "SERVFAIL, authoritative true"},
		{"not authoritative", func(_ int64, m *dns.Msg) { m.Answer = []dns.RR{soa(1)} }, "NOERROR, authoritative false"},
		{"no SOA", func(_ int64, m *dns.Msg) { m.Authoritative = true }, "no SOA in the answer"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			addr := serve(t, c.answer)
			got, err := SOA(context.Background(), addr, zone)
			if err == nil {
				t.Fatalf("SOA accepted the answer: %v", got)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q, want it to say %q", err, c.want)
			}
		})
	}
}
