package emulator_test

import (
	"context"
	"net"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/miekg/dns"
	"github.com/stretchr/testify/require"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/dnsx"
)

// waitTimeout bounds every wait for something the emulator does in the background.
const waitTimeout = 10 * time.Second

func waitCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	t.Cleanup(cancel)
	return ctx
}

// serveDNS serves handler on UDP and TCP at one free port of 127.0.0.1 for the length of the
// test, verifying and signing with key (nil: none).
func serveDNS(t *testing.T, key *dnsx.Key, handler dns.HandlerFunc) (addr string, port int) {
	t.Helper()
	pc, l, err := dnsx.ListenBoth("127.0.0.1", "0")
	require.NoError(t, err)
	var provider dns.TsigProvider
	if key != nil {
		provider = key
	}
	var wg sync.WaitGroup
	t.Cleanup(wg.Wait) // after the Shutdowns below: cleanups run last first
	for _, s := range []*dns.Server{{PacketConn: pc, Handler: handler, TsigProvider: provider}, {Listener: l, Handler: handler, TsigProvider: provider}} {
		started := make(chan struct{})
		s.NotifyStartedFunc = func() { close(started) }
		wg.Go(func() { _ = s.ActivateAndServe() })
		<-started
		t.Cleanup(func() { _ = s.Shutdown() })
	}
	return pc.LocalAddr().String(), pc.LocalAddr().(*net.UDPAddr).Port
}

// signReply signs m like the request it answers when that was signed and verified.
func signReply(w dns.ResponseWriter, r, m *dns.Msg) {
	if t := r.IsTsig(); t != nil && w.TsigStatus() == nil {
		m.SetTsig(t.Hdr.Name, t.Algorithm, dnsx.Fudge, time.Now().Unix())
	}
}

// testPrimary is a small primary nameserver: one zone whose versions it keeps, so that it
// answers IXFR with the differences (or, with axfrStyle, with the whole zone), TSIG required
// when it has a key.
type testPrimary struct {
	addr string
	port int
	zone string
	key  *dnsx.Key

	mu        sync.Mutex
	versions  map[uint32][]dns.RR // by serial, SOA first
	serial    uint32
	axfrStyle bool
	queries   []string // the types asked, e.g. "SOA", "AXFR", "IXFR"
}

func startPrimary(t *testing.T, zone string, key *dnsx.Key, serial uint32, records ...string) *testPrimary {
	t.Helper()
	p := &testPrimary{zone: dns.Fqdn(zone), key: key, versions: map[uint32][]dns.RR{}}
	p.set(t, serial, records...)
	p.addr, p.port = serveDNS(t, key, p.serve)
	return p
}

// set makes a new version of the zone: its SOA with serial, then the records.
func (p *testPrimary) set(t *testing.T, serial uint32, records ...string) {
	t.Helper()
	soa, err := dns.NewRR(p.zone + " 3600 IN SOA ns1." + p.zone + " admin." + p.zone + " " + strconv.FormatUint(uint64(serial), 10) + " 3600 600 86400 300")
	require.NoError(t, err)
	rrs := []dns.RR{soa}
	for _, s := range records {
		rr, err := dns.NewRR(s)
		require.NoError(t, err)
		rrs = append(rrs, rr)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.versions[serial], p.serial = rrs, serial
}

func (p *testPrimary) asked() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.queries)
}

func (p *testPrimary) serve(w dns.ResponseWriter, r *dns.Msg) {
	p.mu.Lock()
	current := p.versions[p.serial]
	qtype := r.Question[0].Qtype
	p.queries = append(p.queries, dns.TypeToString[qtype])
	var answer []dns.RR
	switch qtype {
	case dns.TypeAXFR:
		answer = append(slices.Clone(current), current[0])
	case dns.TypeIXFR:
		answer = p.ixfr(r.Ns[0].(*dns.SOA).Serial)
	}
	p.mu.Unlock()

	m := new(dns.Msg).SetReply(r)
	m.Authoritative = true
	switch {
	case p.key != nil && (r.IsTsig() == nil || w.TsigStatus() != nil):
		m.Rcode = dns.RcodeNotAuth
	case qtype == dns.TypeSOA:
		m.Answer = current[:1]
	case answer != nil:
		ch := make(chan *dns.Envelope, 2)
		// Two messages, so that the emulator checks a signature chain, not one MAC.
		half := len(answer) / 2
		ch <- &dns.Envelope{RR: answer[:half]}
		ch <- &dns.Envelope{RR: answer[half:]}
		close(ch)
		_ = new(dns.Transfer).Out(w, r, ch)
		return
	default:
		m.Rcode = dns.RcodeRefused
	}
	signReply(w, r, m)
	_ = w.WriteMsg(m)
}

// ixfr answers from serial: the SOA alone when up to date, the difference when that version is
// known (and not axfrStyle), else the whole zone; p.mu is held.
func (p *testPrimary) ixfr(serial uint32) []dns.RR {
	current := p.versions[p.serial]
	old, ok := p.versions[serial]
	switch {
	case serial == p.serial:
		return current[:1]
	case !ok || p.axfrStyle:
		return append(slices.Clone(current), current[0])
	}
	missing := func(from, in []dns.RR) []dns.RR {
		var out []dns.RR
		for _, rr := range from[1:] {
			if !slices.ContainsFunc(in[1:], func(x dns.RR) bool { return dns.IsDuplicate(x, rr) }) {
				out = append(out, rr)
			}
		}
		return out
	}
	out := []dns.RR{current[0], old[0]}
	out = append(out, missing(old, current)...)
	out = append(out, current[0])
	out = append(out, missing(current, old)...)
	return append(out, current[0])
}

// notice is a NOTIFY a notifyListener received.
type notice struct {
	zone     string
	serial   uint32
	keyName  string // "" when unsigned
	verified bool
}

// listenNotify answers NOTIFYs on 127.0.0.1 (signed back when they verify with key) and hands
// them to the test.
func listenNotify(t *testing.T, key *dnsx.Key) (port int, notices <-chan notice) {
	t.Helper()
	ch := make(chan notice, 100)
	_, port = serveDNS(t, key, func(w dns.ResponseWriter, r *dns.Msg) {
		m := new(dns.Msg).SetReply(r)
		if r.Opcode != dns.OpcodeNotify {
			m.Rcode = dns.RcodeRefused
			_ = w.WriteMsg(m)
			return
		}
		n := notice{zone: r.Question[0].Name}
		for _, rr := range r.Answer {
			if soa, ok := rr.(*dns.SOA); ok {
				n.serial = soa.Serial
			}
		}
		if sig := r.IsTsig(); sig != nil {
			n.keyName, n.verified = sig.Hdr.Name, w.TsigStatus() == nil
		}
		signReply(w, r, m)
		ch <- n
		_ = w.WriteMsg(m)
	})
	return port, ch
}

// waitNotice returns the next NOTIFY, failing the test when none comes in time.
func waitNotice(t *testing.T, notices <-chan notice) notice {
	t.Helper()
	select {
	case n := <-notices:
		return n
	case <-time.After(waitTimeout):
		t.Fatal("no NOTIFY came")
		return notice{}
	}
}

// query asks addr over UDP (or TCP) and returns the answer, verified when key is set.
func query(t *testing.T, addr string, m *dns.Msg, key *dnsx.Key, network string) *dns.Msg {
	t.Helper()
	c := &dns.Client{Net: network, Timeout: waitTimeout}
	if key != nil {
		c.TsigProvider = key
		key.Stub(m)
	}
	in, _, err := c.Exchange(m, addr)
	require.NoError(t, err)
	return in
}

// transfer runs an AXFR or IXFR with miekg/dns's client, which verifies every message with key,
// from the local address from ("" for the kernel's choice). It returns the records, or the
// error (a refusal is an error with the rcode).
func transfer(t *testing.T, addr string, q *dns.Msg, key *dnsx.Key, from string) ([]dns.RR, error) {
	t.Helper()
	d := net.Dialer{Timeout: waitTimeout}
	if from != "" {
		d.LocalAddr = &net.TCPAddr{IP: net.ParseIP(from)}
	}
	c, err := d.Dial("tcp", addr)
	require.NoError(t, err)
	tr := &dns.Transfer{Conn: &dns.Conn{Conn: c}, ReadTimeout: waitTimeout}
	if key != nil {
		tr.TsigProvider = key
		key.Stub(q)
	}
	env, err := tr.In(q, addr)
	if err != nil {
		return nil, err
	}
	var rrs []dns.RR
	for e := range env {
		if e.Error != nil {
			return rrs, e.Error
		}
		rrs = append(rrs, e.RR...)
	}
	return rrs, nil
}

func mustKey(t *testing.T, name, alg, secret string) *dnsx.Key {
	t.Helper()
	k, err := dnsx.NewKey(name, alg, secret)
	require.NoError(t, err)
	return k
}
