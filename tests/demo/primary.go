package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/miekg/dns"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/dnsx"
)

// primary is the demo's stand-in for your primary nameserver: one zone on a loopback port (UDP
// and TCP), answering SOA, AXFR and IXFR (as AXFR, which RFC 1995 allows) signed with its TSIG
// key, and sending NOTIFY when the zone changes. It refuses unsigned transfers.
type primary struct {
	zone string
	key  heldKey
	udp  *dns.Server
	tcp  *dns.Server

	mu      sync.Mutex
	soa     *dns.SOA
	records []dns.RR // the zone without its SOA
	log     []string // what it answered, since the last served
}

// heldKey is the primary's TSIG key, given once the provider has generated it (setKey); until
// then no signed query verifies, and the primary answers BADKEY.
type heldKey struct{ atomic.Pointer[dnsx.Key] }

func (h *heldKey) Generate(msg []byte, t *dns.TSIG) ([]byte, error) {
	if k := h.Load(); k != nil {
		return k.Generate(msg, t)
	}
	return nil, dns.ErrSecret
}

func (h *heldKey) Verify(msg []byte, t *dns.TSIG) error {
	if k := h.Load(); k != nil {
		return k.Verify(msg, t)
	}
	return dns.ErrSecret
}

// startPrimary serves the zone, given as its SOA then its other records in zone-file syntax, on
// a free loopback port, the same for UDP and TCP.
func startPrimary(zone string, records ...string) (*primary, error) {
	p := &primary{zone: dns.Fqdn(zone)}
	for i, s := range records {
		rr, err := dns.NewRR(s)
		if err != nil {
			return nil, fmt.Errorf("demo primary: record %q: %w", s, err)
		}
		if i == 0 {
			soa, ok := rr.(*dns.SOA)
			if !ok {
				return nil, fmt.Errorf("demo primary: the zone must begin with its SOA, not %q", s)
			}
			p.soa = soa
			continue
		}
		p.records = append(p.records, rr)
	}
	pc, ln, err := dnsx.ListenBoth("127.0.0.1", "0")
	if err != nil {
		return nil, fmt.Errorf("demo primary: %w", err)
	}
	p.udp = p.server(&dns.Server{PacketConn: pc})
	p.tcp = p.server(&dns.Server{Listener: ln})
	for _, srv := range []*dns.Server{p.udp, p.tcp} {
		started := make(chan struct{})
		srv.NotifyStartedFunc = func() { close(started) }
		failed := make(chan error, 1)
		go func() { failed <- srv.ActivateAndServe() }()
		select {
		case <-started:
		case err := <-failed:
			p.Stop()
			return nil, fmt.Errorf("demo primary: %w", err)
		}
	}
	return p, nil
}

func (p *primary) server(srv *dns.Server) *dns.Server {
	srv.Handler = p
	srv.TsigProvider = &p.key
	return srv
}

// Addr is where the primary serves, 127.0.0.1:port.
func (p *primary) Addr() string { return p.udp.PacketConn.LocalAddr().String() }

// Port is the primary's port, UDP and TCP.
func (p *primary) Port() int { return p.udp.PacketConn.LocalAddr().(*net.UDPAddr).Port }

// Stop stops serving.
func (p *primary) Stop() {
	for _, srv := range []*dns.Server{p.udp, p.tcp} {
		if srv != nil {
			_ = srv.Shutdown()
		}
	}
}

// setKey gives the primary its TSIG key.
func (p *primary) setKey(k *dnsx.Key) { p.key.Store(k) }

// serial is the zone's current serial.
func (p *primary) serial() uint32 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.soa.Serial
}

// change replaces the records of rr's name and type with rr and increments the serial, which it
// returns.
func (p *primary) change(record string) (uint32, error) {
	rr, err := dns.NewRR(record)
	if err != nil {
		return 0, fmt.Errorf("demo primary: record %q: %w", record, err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	kept := p.records[:0:0]
	for _, old := range p.records {
		if !strings.EqualFold(old.Header().Name, rr.Header().Name) || old.Header().Rrtype != rr.Header().Rrtype {
			kept = append(kept, old)
		}
	}
	soa := *p.soa
	soa.Serial++
	p.soa, p.records = &soa, append(kept, rr)
	return soa.Serial, nil
}

// served returns what the primary answered since the last call, one line each.
func (p *primary) served() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := p.log
	p.log = nil
	return out
}

// waitServed waits, at most timeout, until the primary has answered n queries since the last
// served, and returns them.
func (p *primary) waitServed(ctx context.Context, n int, timeout time.Duration) ([]string, error) {
	deadline := time.Now().Add(timeout)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		p.mu.Lock()
		got := len(p.log)
		p.mu.Unlock()
		if got >= n {
			return p.served(), nil
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("the demo primary answered %d queries within %s, want %d", got, timeout, n)
		}
		select {
		case <-tick.C:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// note logs one answer; it is called before the answer goes out, so whoever has the answer finds
// it logged.
func (p *primary) note(r *dns.Msg, from net.Addr, format string, args ...any) {
	q := r.Question[0]
	signed := "unsigned"
	if t := r.IsTsig(); t != nil {
		signed = "signed with " + t.Hdr.Name
	}
	host, _, _ := net.SplitHostPort(from.String())
	p.mu.Lock()
	defer p.mu.Unlock()
	p.log = append(p.log, fmt.Sprintf("%s %s from %s, %s: %s", dns.TypeToString[q.Qtype], q.Name, host, signed, fmt.Sprintf(format, args...)))
}

// ServeDNS answers a query for the zone's SOA, or a transfer.
func (p *primary) ServeDNS(w dns.ResponseWriter, r *dns.Msg) {
	if len(r.Question) != 1 || r.Opcode != dns.OpcodeQuery {
		_ = w.WriteMsg(new(dns.Msg).SetRcode(r, dns.RcodeRefused))
		return
	}
	q := r.Question[0]
	t := r.IsTsig()
	if t != nil && w.TsigStatus() != nil {
		p.refuseTSIG(w, r, w.TsigStatus())
		return
	}
	transfer := q.Qtype == dns.TypeAXFR || q.Qtype == dns.TypeIXFR
	if !strings.EqualFold(q.Name, p.zone) || (transfer && t == nil) {
		p.note(r, w.RemoteAddr(), "REFUSED")
		_ = w.WriteMsg(new(dns.Msg).SetRcode(r, dns.RcodeRefused))
		return
	}
	p.mu.Lock()
	soa, records := p.soa, p.records
	p.mu.Unlock()
	m := new(dns.Msg).SetReply(r)
	m.Authoritative = true
	switch q.Qtype {
	case dns.TypeSOA:
		m.Answer = []dns.RR{soa}
		p.note(r, w.RemoteAddr(), "answered serial %d", soa.Serial)
	case dns.TypeAXFR, dns.TypeIXFR:
		// The whole zone in one message: it is small. An IXFR is answered AXFR-style.
		zone := append(append([]dns.RR{soa}, records...), soa)
		style := ""
		if q.Qtype == dns.TypeIXFR {
			style = " (AXFR-style)"
		}
		p.note(r, w.RemoteAddr(), "sent the zone%s, serial %d, %d records", style, soa.Serial, len(records)+1)
		ch := make(chan *dns.Envelope, 1)
		ch <- &dns.Envelope{RR: zone}
		close(ch)
		_ = new(dns.Transfer).Out(w, r, ch) // signs each message, as the query was signed
		return
	default:
		m.Ns = []dns.RR{soa}
		p.note(r, w.RemoteAddr(), "no such record")
	}
	if t != nil {
		m.SetTsig(t.Hdr.Name, t.Algorithm, dnsx.Fudge, time.Now().Unix())
	}
	_ = w.WriteMsg(m) // signed by the server with the key
}

// refuseTSIG answers a query whose TSIG failed as RFC 8945 5.3.2 says: NOTAUTH, with a TSIG
// record carrying the error and no MAC.
func (p *primary) refuseTSIG(w dns.ResponseWriter, r *dns.Msg, err error) {
	t := r.IsTsig()
	code := uint16(dns.RcodeBadSig)
	switch {
	case errors.Is(err, dns.ErrSecret), errors.Is(err, dns.ErrKeyAlg):
		code = dns.RcodeBadKey
	case errors.Is(err, dns.ErrTime):
		code = dns.RcodeBadTime
	}
	m := new(dns.Msg).SetRcode(r, dns.RcodeNotAuth)
	m.SetTsig(t.Hdr.Name, t.Algorithm, dnsx.Fudge, time.Now().Unix())
	m.IsTsig().Error, m.IsTsig().OrigId = code, t.OrigId
	p.note(r, w.RemoteAddr(), "the key is not known here, answered NOTAUTH (%s)", dns.RcodeToString[int(code)])
	if raw, err := m.Pack(); err == nil {
		_, _ = w.Write(raw)
	}
}

// notify tells the secondary at addr that the zone changed: a NOTIFY with the zone's SOA, signed
// with the primary's key, whose answer must verify with it too.
func (p *primary) notify(ctx context.Context, addr string) (*dns.Msg, error) {
	k := p.key.Load()
	if k == nil {
		return nil, errors.New("the demo primary has no TSIG key to sign its NOTIFY with")
	}
	m := new(dns.Msg).SetNotify(p.zone)
	p.mu.Lock()
	m.Answer = []dns.RR{p.soa}
	p.mu.Unlock()
	k.Stub(m)
	c := &dns.Client{Net: "udp", Timeout: 2 * time.Second, TsigProvider: k}
	in, _, err := c.ExchangeContext(ctx, m, addr)
	if err != nil {
		return nil, fmt.Errorf("NOTIFY %s to %s: %w", p.zone, addr, err)
	}
	if in.Rcode != dns.RcodeSuccess {
		return in, fmt.Errorf("NOTIFY %s to %s: answered %s", p.zone, addr, dns.RcodeToString[in.Rcode])
	}
	return in, nil
}
