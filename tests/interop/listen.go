package interop

import (
	"fmt"
	"sync"
	"testing"

	"github.com/miekg/dns"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/dnsx"
)

// listen serves handler on UDP and TCP at the same free port of host, stopping in Cleanup.
// Knot sends NOTIFY over TCP, the others over UDP; transfers are TCP, SOA queries UDP.
func listen(t testing.TB, host string, tsig dns.TsigProvider, handler dns.Handler) string {
	t.Helper()
	pc, l, err := dnsx.ListenBoth(host, "0")
	if err != nil {
		t.Fatalf("no port of %s is free for both UDP and TCP: %v", host, err)
	}
	servers := []*dns.Server{
		{PacketConn: pc, Handler: handler, TsigProvider: tsig},
		{Listener: l, Handler: handler, TsigProvider: tsig},
	}
	var wg sync.WaitGroup
	for _, s := range servers {
		started := make(chan struct{})
		s.NotifyStartedFunc = func() { close(started) }
		wg.Go(func() {
			if err := s.ActivateAndServe(); err != nil {
				t.Errorf("DNS listener on %s: %v", pc.LocalAddr(), err)
			}
		})
		<-started
	}
	t.Cleanup(func() {
		for _, s := range servers {
			_ = s.Shutdown()
		}
		wg.Wait()
	})
	return pc.LocalAddr().String()
}

// freePort finds a port of 127.0.0.1 free for both UDP and TCP, for a server to bind. Another
// process could take it in between; the kernel hands out recently freed ports last.
func freePort(t testing.TB) int {
	t.Helper()
	port, err := dnsx.FreePort("127.0.0.1")
	if err != nil {
		t.Fatalf("no port of 127.0.0.1 is free for both UDP and TCP: %v", err)
	}
	return port
}

// Notify is a NOTIFY a listener received.
type Notify struct {
	Zone string
	// Serial is the SOA serial the NOTIFY carried; HasSerial is false when it carried none
	// (PowerDNS sends no SOA).
	Serial    uint32
	HasSerial bool
	// KeyName is the TSIG key that signed it ("" when unsigned); Verified tells that the
	// signature checked out with the listener's key.
	KeyName  string
	Verified bool
	Net      string // "udp" or "tcp"
	From     string
}

func (n Notify) String() string {
	signed := "unsigned"
	if n.KeyName != "" {
		signed = fmt.Sprintf("signed by %s (verified %t)", n.KeyName, n.Verified)
	}
	serial := "no serial"
	if n.HasSerial {
		serial = fmt.Sprintf("serial %d", n.Serial)
	}
	return fmt.Sprintf("NOTIFY %s %s over %s from %s, %s", n.Zone, serial, n.Net, n.From, signed)
}

// NotifyListener stands for where a primary sends NOTIFY (Cloudflare's NOTIFY addresses): it
// answers every NOTIFY, signing the answer when the NOTIFY was signed with its key, and hands
// them to the test in order of arrival.
type NotifyListener struct {
	// Addr is ip:port, both UDP and TCP.
	Addr     string
	notifies chan Notify
}

// ListenNotify starts a listener on 127.0.0.1; key verifies signed NOTIFYs (nil: none is).
func ListenNotify(t testing.TB, key *dnsx.Key) *NotifyListener {
	t.Helper()
	n := &NotifyListener{notifies: make(chan Notify, 100)}
	k, err := wireKey(key)
	if err != nil {
		t.Fatal(err)
	}
	n.Addr = listen(t, "127.0.0.1", tsigProvider(k), dns.HandlerFunc(func(w dns.ResponseWriter, r *dns.Msg) {
		if r.Opcode != dns.OpcodeNotify || len(r.Question) != 1 {
			w.WriteMsg(new(dns.Msg).SetRcode(r, dns.RcodeRefused))
			return
		}
		got := Notify{Zone: r.Question[0].Name, Net: w.RemoteAddr().Network(), From: w.RemoteAddr().String()}
		for _, rr := range r.Answer {
			if soa, ok := rr.(*dns.SOA); ok {
				got.Serial, got.HasSerial = soa.Serial, true
			}
		}
		m := new(dns.Msg).SetReply(r)
		if sig := r.IsTsig(); sig != nil {
			got.KeyName = sig.Hdr.Name
			got.Verified = k != nil && w.TsigStatus() == nil
			if got.Verified {
				k.Stub(m)
			}
		}
		select {
		case n.notifies <- got:
		default: // a test that stopped listening
		}
		w.WriteMsg(m)
	}))
	return n
}

// Wait returns the first NOTIFY that satisfies match, failing the test when none comes in time.
func (n *NotifyListener) Wait(t testing.TB, match func(Notify) bool) Notify {
	t.Helper()
	timeout := timer(t, notifyTimeout)
	for {
		select {
		case got := <-n.notifies:
			t.Logf("received %s", got)
			if match(got) {
				return got
			}
		case <-timeout:
			t.Fatalf("no matching NOTIFY at %s within %s", n.Addr, notifyTimeout)
		}
	}
}
