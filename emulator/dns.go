package emulator

import (
	"context"
	"fmt"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/miekg/dns"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/dnsx"
)

// DefaultDNSTimeout is how long the emulator waits for each DNS answer it asks for (SOA, NOTIFY,
// each message of a transfer) unless Options.DNSTimeout says otherwise.
const DefaultDNSTimeout = 2 * time.Second

// refreshPoll is how often, in real time, the emulator reads its clock to start the refreshes
// that are due. The clock is a plain function that cannot say when a test moves it, so this is
// how long at most a refresh lags behind an Advance.
const refreshPoll = 50 * time.Millisecond

// dnsRuntime is what the emulator runs when it serves DNS (Options.DNSAddr): the listener, the
// pulls of secondary zones, and the transfer log.
type dnsRuntime struct {
	srv     *dnsServer
	timeout time.Duration
	ctx     context.Context
	cancel  context.CancelFunc
	wg      sync.WaitGroup
	pulls   pullQueues
	log     transferLog
}

// live tells whether the emulator serves DNS and carries out transfers; without it, it takes
// every transfer as done at once, as before it served DNS.
func (e *Emulator) live() bool { return e.dns != nil }

// startDNS serves DNS on Options.DNSAddr and starts the refresh loop.
func (e *Emulator) startDNS() error {
	rt := &dnsRuntime{timeout: e.opts.DNSTimeout}
	if rt.timeout <= 0 {
		rt.timeout = DefaultDNSTimeout
	}
	rt.ctx, rt.cancel = context.WithCancel(context.Background())
	srv, err := listenDNS(e.opts.DNSAddr, e.serveDNS)
	if err != nil {
		rt.cancel()
		return err
	}
	rt.srv = srv
	e.dns = rt
	rt.wg.Go(e.refreshLoop)
	e.log.Info("serving DNS", "addr", srv.addr())
	return nil
}

// DNSAddr is where the emulator serves DNS, ip:port over UDP and TCP; "" when it does not.
func (e *Emulator) DNSAddr() string {
	if !e.live() {
		return ""
	}
	return e.dns.srv.addr()
}

// Close stops serving DNS and waits for the transfers under way to end (they are cancelled).
// The HTTP side has nothing to stop: its server belongs to the caller. Close is safe to call
// more than once, and on an emulator that does not serve DNS.
func (e *Emulator) Close() error {
	if !e.live() {
		return nil
	}
	e.closeOnce.Do(func() {
		e.dns.cancel()
		e.dns.srv.close()
		e.dns.wg.Wait()
	})
	return nil
}

// serveDNS answers one DNS message.
func (e *Emulator) serveDNS(r *dnsRequest) {
	q := r.msg
	switch {
	case len(q.Question) != 1:
		e.reply(r, new(dns.Msg).SetRcode(q, dns.RcodeFormatError), nil)
	case q.Opcode == dns.OpcodeNotify:
		e.receiveNotify(r)
	case q.Opcode != dns.OpcodeQuery:
		e.reply(r, new(dns.Msg).SetRcode(q, dns.RcodeNotImplemented), nil)
	case q.Question[0].Qtype == dns.TypeAXFR || q.Question[0].Qtype == dns.TypeIXFR:
		e.serveTransfer(r)
	default:
		e.answer(r)
	}
}

// reply sends one answer, signed with key when there is one (the key the query was verified
// with), and cut to fit a UDP answer: TC set and no records, so the client asks again over TCP.
func (e *Emulator) reply(r *dnsRequest, m *dns.Msg, key *dnsx.Key) {
	var requestMAC string
	if t := r.msg.IsTsig(); t != nil {
		requestMAC = t.MAC
	}
	out, _, err := key.Pack(m, requestMAC, false)
	if err == nil && !r.tcp && len(out) > udpSize(r.msg) {
		m.Truncated = true
		m.Answer, m.Ns, m.Extra = nil, nil, nil
		out, _, err = key.Pack(m, requestMAC, false)
	}
	if err != nil {
		e.log.Error("DNS answer does not pack", "to", r.from.String(), "error", err)
		return
	}
	_ = r.write(out) // a client gone: nothing to tell it
}

// udpSize is the largest UDP answer the query allows: 512 bytes, or its EDNS size.
func udpSize(q *dns.Msg) int {
	if opt := q.IsEdns0(); opt != nil && opt.UDPSize() > dns.MinMsgSize {
		return int(opt.UDPSize())
	}
	return dns.MinMsgSize
}

// tsigRefusal answers a query whose TSIG failed as RFC 8945 5.3.2 says: NOTAUTH, with a TSIG
// record that carries the error (BADKEY, BADSIG) and no MAC, since the key cannot be trusted.
func (e *Emulator) tsigRefusal(r *dnsRequest, tsigErr uint16) {
	t := r.msg.IsTsig()
	m := new(dns.Msg).SetRcode(r.msg, dns.RcodeNotAuth)
	m.SetTsig(t.Hdr.Name, t.Algorithm, dnsx.Fudge, time.Now().Unix())
	m.Extra[len(m.Extra)-1].(*dns.TSIG).Error = tsigErr
	m.Extra[len(m.Extra)-1].(*dns.TSIG).OrigId = t.OrigId
	out, _, err := dns.TsigGenerateWithProvider(m, &dnsx.Key{Name: t.Hdr.Name, Algorithm: t.Algorithm}, "", false)
	if err != nil {
		e.log.Error("DNS answer does not pack", "to", r.from.String(), "error", err)
		return
	}
	_ = r.write(out)
}

// checkTSIG verifies a signed query with key, the one its zone's peers use. It answers the
// failure itself and returns false; an unsigned query passes when key is nil.
func (e *Emulator) checkTSIG(r *dnsRequest, key *dnsx.Key) bool {
	t := r.msg.IsTsig()
	switch {
	case t == nil && key == nil:
		return true
	case t == nil:
		e.reply(r, new(dns.Msg).SetRcode(r.msg, dns.RcodeRefused), nil)
		return false
	case key == nil || !strings.EqualFold(t.Hdr.Name, key.Name) || dnsx.CanonicalAlgorithm(t.Algorithm) != key.Algorithm:
		e.tsigRefusal(r, dns.RcodeBadKey)
		return false
	}
	if _, err := key.Check(r.raw, "", false); err != nil {
		e.tsigRefusal(r, dns.RcodeBadSig)
		return false
	}
	return true
}

// signedBy is key when the query is signed with it and verifies, else nil.
func signedBy(r *dnsRequest, key *dnsx.Key) *dnsx.Key {
	t := r.msg.IsTsig()
	if key == nil || t == nil || !strings.EqualFold(t.Hdr.Name, key.Name) {
		return nil
	}
	if _, err := key.Check(r.raw, "", false); err != nil {
		return nil
	}
	return key
}

// answer answers a query for a zone's records authoritatively: from what a secondary zone
// transferred in, or a full or partial zone's records. A signed query (a secondary's SOA query
// before it transfers) is verified with the key of the zone's peers that has its name and
// answered signed, as RFC 8945 5.3 asks: secondaries such as BIND drop an unsigned answer.
func (e *Emulator) answer(r *dnsRequest) {
	question := r.msg.Question[0]
	z, data, ok := e.zoneFor(question.Name)
	var key *dnsx.Key
	if t := r.msg.IsTsig(); t != nil && ok {
		if key = e.peerKey(z, t.Hdr.Name); !e.checkTSIG(r, key) {
			if z.Type != ZoneSecondary && data != nil {
				// A secondary checking the serial with a key the peers do not have: its
				// transfer fails here, before any AXFR or IXFR.
				e.record(Transfer{ZoneID: z.ID, Zone: z.Name, Time: e.now(), Direction: "out", Trigger: TriggerQuery,
					Kind: dns.TypeToString[question.Qtype], Addr: r.from.String(), Serial: data.serial(), Key: t.Hdr.Name,
					Err: fmt.Errorf("a query signed with %s: its TSIG does not verify with the key of the zone's peers", t.Hdr.Name)})
			}
			return
		}
	}
	m := new(dns.Msg).SetReply(r.msg)
	switch {
	case !ok:
		m.Rcode = dns.RcodeRefused
	case data == nil: // a secondary zone not transferred yet
		m.Rcode = dns.RcodeServerFailure
	default:
		m.Authoritative = true
		var exists bool
		m.Answer, exists = data.lookup(question.Name, question.Qtype)
		if len(m.Answer) == 0 {
			m.Ns = []dns.RR{data.soa}
			if !exists && !strings.EqualFold(question.Name, dns.Fqdn(z.Name)) {
				m.Rcode = dns.RcodeNameError
			}
		}
	}
	e.reply(r, m, key)
}

// peerKey is the TSIG key named name of the zone's peers: those of its incoming configuration
// for a secondary zone, of its outgoing one for a full or partial zone; nil when none has it.
func (e *Emulator) peerKey(z Zone, name string) *dnsx.Key {
	var peerIDs []string
	if z.Type == ZoneSecondary {
		if in, ok := e.Incoming(z.ID); ok {
			peerIDs = in.Peers
		}
	} else if out, ok := e.Outgoing(z.ID); ok {
		peerIDs = out.Peers
	}
	for _, p := range e.endpoints(z.Account, peerIDs) {
		if p.key != nil && strings.EqualFold(p.key.Name, name) {
			return p.key
		}
	}
	return nil
}

// zoneFor finds the zone whose name is name or its closest ancestor. Zone names are unique per
// account only; DNS names one zone, so the first created that has content wins.
func (e *Emulator) zoneFor(name string) (Zone, *zoneData, bool) {
	zones := e.allZones()
	for labels := dns.SplitDomainName(name); ; labels = labels[1:] {
		candidate := strings.Join(labels, ".")
		var found *Zone
		for _, z := range zones {
			if !strings.EqualFold(z.Name, candidate) {
				continue
			}
			if data := e.contentOf(z); data != nil {
				return z, data, true
			}
			if found == nil {
				found = &z
			}
		}
		if found != nil {
			return *found, nil, true
		}
		if len(labels) <= 1 {
			return Zone{}, nil, false
		}
	}
}

// contentOf is the zone's content: for a secondary zone what was transferred (nil before), for
// a full or partial zone its records, with the SOA and NS Cloudflare adds.
func (e *Emulator) contentOf(z Zone) *zoneData {
	if z.Type == ZoneSecondary {
		return e.contents.get(z.ID)
	}
	return e.primaryContent(z)
}

// peerEndpoint is a linked peer as DNS reaches it.
type peerEndpoint struct {
	peer Peer
	addr netip.AddrPort // invalid when the peer has no IP
	ixfr bool
	key  *dnsx.Key // nil without TSIG
	// keyID is the key's TSIG ID, for the transfer log.
	keyID string
	err   error // why the peer cannot be used: no IP, a missing or broken key
}

// keyUsed names a key of the peers for the transfer log: its name and its TSIG ID.
func keyUsed(key *dnsx.Key, peers []peerEndpoint) (name, id string) {
	if key == nil {
		return "", ""
	}
	for _, p := range peers {
		if p.key == key {
			return key.Name, p.keyID
		}
	}
	return key.Name, ""
}

// signedWith is the name of the key a query came signed with, "" when unsigned.
func signedWith(r *dnsRequest) string {
	if t := r.msg.IsTsig(); t != nil {
		return t.Hdr.Name
	}
	return ""
}

// endpoints resolves a configuration's peers in the zone's account: address, port (53 when
// unset) and TSIG key, looked up by the peer's tsig_id since key names are not unique.
func (e *Emulator) endpoints(acct string, peerIDs []string) []peerEndpoint {
	var out []peerEndpoint
	for _, id := range peerIDs {
		p, ok := e.store.peers.get(acct, id)
		if !ok {
			out = append(out, peerEndpoint{peer: Peer{ID: id}, err: fmt.Errorf("peer %s no longer exists", id)})
			continue
		}
		ep := peerEndpoint{peer: p, ixfr: p.IxfrEnable != nil && *p.IxfrEnable}
		port := 53
		if p.Port != nil {
			port = int(*p.Port)
		}
		if p.IP == nil {
			ep.err = fmt.Errorf("peer %s (%s) has no ip", p.Name, p.ID)
		} else if port < 1 || port > 65535 {
			ep.err = fmt.Errorf("peer %s (%s): port %d is not a port", p.Name, p.ID, port)
		} else if ip, err := netip.ParseAddr(*p.IP); err != nil {
			ep.err = fmt.Errorf("peer %s (%s): ip %q is not an IP address", p.Name, p.ID, *p.IP)
		} else {
			ep.addr = netip.AddrPortFrom(ip.Unmap(), uint16(port))
		}
		if p.TSIGID != nil && ep.err == nil {
			t, ok := e.store.tsigs.get(acct, *p.TSIGID)
			if !ok {
				ep.err = fmt.Errorf("peer %s (%s): TSIG %s no longer exists", p.Name, p.ID, *p.TSIGID)
			} else if ep.key, ep.err = dnsx.NewKey(t.Name, t.Algo, t.Secret); ep.err == nil {
				ep.keyID = t.ID
			} else {
				ep.err = fmt.Errorf("peer %s (%s): %w", p.Name, p.ID, ep.err)
			}
		}
		out = append(out, ep)
	}
	return out
}

// allowedSource tells whether a DNS client may use the zone: it is one of the peers (by IP) or
// in one of the account's ACL ranges. It returns the peer when one matched.
func (e *Emulator) allowedSource(acct string, from netip.Addr, peers []peerEndpoint) (*peerEndpoint, bool) {
	from = from.Unmap()
	for i, p := range peers {
		if p.addr.IsValid() && p.addr.Addr() == from {
			return &peers[i], true
		}
	}
	for _, a := range e.store.acls.list(acct) {
		if pfx, err := netip.ParsePrefix(a.IPRange); err == nil && pfx.Masked().Contains(from) {
			return nil, true
		}
	}
	return nil, false
}
