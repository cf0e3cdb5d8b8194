package interop

import (
	"context"
	"fmt"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/miekg/dns"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/dnsx"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/tests/dnsprobe"
)

// StubPrimary stands for a primary a secondary pulls from (Cloudflare's 172.65.64.6): it serves
// the zone's SOA over UDP and TCP and the whole zone for AXFR and IXFR over TCP, only to requests
// signed with its key, and signs its answers. With no key it serves anyone.
type StubPrimary struct {
	// Addr is ip:port, both UDP and TCP.
	Addr string
	key  *dnsx.Key // wire form; nil serves anyone

	mu       sync.Mutex
	zone     *Zone
	requests []Request
}

// Request is a query a StubPrimary answered.
type Request struct {
	Type    string // "SOA", "AXFR", "IXFR"...
	Net     string
	KeyName string // the key that signed it, "" when unsigned
}

// StartPrimary serves zone on 127.0.0.1 until the test ends.
func StartPrimary(t testing.TB, zone *Zone, key *dnsx.Key) *StubPrimary {
	t.Helper()
	k, err := wireKey(key)
	if err != nil {
		t.Fatal(err)
	}
	p := &StubPrimary{key: k, zone: zone}
	p.Addr = listen(t, "127.0.0.1", tsigProvider(k), dns.HandlerFunc(p.serve))
	return p
}

// SetZone replaces the zone served, e.g. with zone.Next().
func (p *StubPrimary) SetZone(z *Zone) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.zone = z
}

// Requests are the queries answered so far, in order.
func (p *StubPrimary) Requests() []Request {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Request(nil), p.requests...)
}

func (p *StubPrimary) serve(w dns.ResponseWriter, r *dns.Msg) {
	p.mu.Lock()
	zone := p.zone
	req := Request{Net: w.RemoteAddr().Network()}
	if len(r.Question) == 1 {
		req.Type = dns.TypeToString[r.Question[0].Qtype]
	}
	sig := r.IsTsig()
	if sig != nil {
		req.KeyName = sig.Hdr.Name
	}
	p.requests = append(p.requests, req)
	p.mu.Unlock()

	m := new(dns.Msg).SetReply(r)
	switch {
	case p.key != nil && sig == nil:
		w.WriteMsg(m.SetRcode(r, dns.RcodeRefused))
		return
	case sig != nil && w.TsigStatus() != nil:
		// The framework cannot sign with a key it does not trust: answer unsigned.
		w.WriteMsg(m.SetRcode(r, dns.RcodeNotAuth))
		return
	case len(r.Question) != 1 || r.Opcode != dns.OpcodeQuery || dns.Fqdn(r.Question[0].Name) != zone.Name:
		w.WriteMsg(m.SetRcode(r, dns.RcodeRefused))
		return
	}
	if p.key != nil {
		p.key.Stub(m) // with a key, only requests that verified with it get here
	}
	m.Authoritative = true
	q := r.Question[0]
	switch {
	case q.Qtype == dns.TypeSOA, q.Qtype == dns.TypeIXFR && req.Net == "udp":
		// Over UDP an IXFR answer is the SOA alone: the secondary then asks again over TCP.
		m.Answer = []dns.RR{zone.SOA()}
	case (q.Qtype == dns.TypeAXFR || q.Qtype == dns.TypeIXFR) && req.Net == "tcp":
		// The whole zone answers an IXFR too (RFC 1995 section 4).
		records := append(zone.Records(), zone.SOA())
		ch := make(chan *dns.Envelope, 1)
		ch <- &dns.Envelope{RR: records}
		close(ch)
		tr := new(dns.Transfer)
		if err := tr.Out(w, r, ch); err != nil {
			return
		}
		return
	default:
		m.SetRcode(r, dns.RcodeNotImplemented)
	}
	w.WriteMsg(m)
}

// Notify sends a NOTIFY for the current zone to addr from the local address from (e.g.
// "127.0.0.2"; empty: the kernel's choice), signed with the primary's key, over UDP as
// primaries do, and returns the answer's rcode. It resends until answered or ctx ends.
func (p *StubPrimary) Notify(ctx context.Context, addr, from string) (int, error) {
	p.mu.Lock()
	zone := p.zone
	p.mu.Unlock()
	m := new(dns.Msg)
	m.SetNotify(zone.Name)
	m.Answer = []dns.RR{zone.SOA()}
	if p.key != nil {
		p.key.Stub(m)
	}
	c := &dns.Client{Net: "udp", Timeout: 500 * time.Millisecond, TsigProvider: tsigProvider(p.key)}
	if from != "" {
		c.Dialer = &net.Dialer{LocalAddr: &net.UDPAddr{IP: net.ParseIP(from)}}
	}
	rcode := 0
	err := dnsprobe.Poll(ctx, func(ctx context.Context) error {
		in, _, err := c.ExchangeContext(ctx, m, addr)
		if err == nil {
			rcode = in.Rcode
		}
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("NOTIFY %s to %s: %w", zone.Name, addr, err)
	}
	return rcode, nil
}
