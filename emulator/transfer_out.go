package emulator

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/miekg/dns"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/dnsx"
)

// Triggers of a NOTIFY sent, and of a transfer served, as the transfer log names them.
const (
	TriggerEnable      = "enable"
	TriggerForceNotify = "force_notify"
	TriggerRecords     = "records"
	TriggerQuery       = "query"
)

// notifyTries is how many times a NOTIFY is sent to a peer that does not answer (RFC 1996 4.3
// suggests a few retries).
const notifyTries = 3

// maxMessageBytes is where a transfer's answer is cut into the next message.
const maxMessageBytes = 16 << 10

// serveTransfer answers an AXFR or IXFR for a full or partial zone whose outgoing transfers are
// enabled, to one of its peers (by IP) or an address in one of its account's ACL ranges, signed
// with the peers' TSIG key when they have one. Everyone else is refused.
func (e *Emulator) serveTransfer(r *dnsRequest) {
	q := r.msg
	kind := dns.TypeToString[q.Question[0].Qtype]
	z, out, ok := e.outgoingZone(q.Question[0].Name)
	if !ok {
		e.reply(r, new(dns.Msg).SetRcode(q, dns.RcodeRefused), nil)
		return
	}
	ev := Transfer{ZoneID: z.ID, Zone: z.Name, Time: e.now(), Direction: "out", Trigger: TriggerQuery, Kind: kind, Addr: r.from.String(),
		Key: signedWith(r)}
	peers := e.endpoints(z.Account, out.Peers)
	key := zoneKey(peers)
	refuse := func(rcode int, err error) {
		if rcode != 0 {
			// Signed when the query verified: the asker then trusts the refusal (RFC 8945 5.3).
			e.reply(r, new(dns.Msg).SetRcode(q, rcode), signedBy(r, key))
		}
		ev.Err = err
		e.record(ev)
	}
	if !out.Enabled {
		refuse(dns.RcodeRefused, errors.New("outgoing transfers are disabled"))
		return
	}
	from, allowed := e.allowedSource(z.Account, r.from.Addr(), peers)
	if !allowed {
		refuse(dns.RcodeRefused, fmt.Errorf("%s is neither a peer of the zone nor in an ACL range", r.from.Addr()))
		return
	}
	if from != nil {
		ev.Peer = from.peer.ID
	}
	if !e.checkTSIG(r, key) {
		refuse(0, fmt.Errorf("the query is not signed with the peers' key %v", key))
		return
	}
	ev.Key, ev.KeyID = keyUsed(key, peers)
	if !r.tcp {
		// A transfer goes over TCP; over UDP an IXFR gets the SOA alone, which tells the asker
		// to come back over TCP when it is behind (RFC 1995 section 2).
		m := new(dns.Msg).SetReply(q)
		m.Authoritative = true
		if q.Question[0].Qtype == dns.TypeIXFR {
			m.Answer = []dns.RR{e.primaryContent(z).soa}
		} else {
			m.Rcode = dns.RcodeRefused
		}
		e.reply(r, m, key)
		return
	}
	data := e.primaryContent(z)
	var rrs []dns.RR
	if q.Question[0].Qtype == dns.TypeIXFR {
		var err error
		if rrs, err = ixfrAnswer(data, q); err != nil {
			e.reply(r, new(dns.Msg).SetRcode(q, dns.RcodeFormatError), key)
			refuse(0, err)
			return
		}
	} else {
		rrs = append(data.all(), data.soa)
	}
	if err := e.sendTransfer(r, rrs, key); err != nil {
		refuse(0, fmt.Errorf("sending the answer: %w", err))
		return
	}
	ev.Serial, ev.Records = data.serial(), len(rrs)
	now := e.now()
	outgoingKind.edit(e, z.ID, func(c **Outgoing) error {
		if *c == nil {
			return errNoConfig
		}
		(*c).LastTransferredTime = now
		(*c).SOASerial = int(data.serial())
		return nil
	})
	e.record(ev)
}

// outgoingZone finds the full or partial zone of that name with an outgoing configuration.
func (e *Emulator) outgoingZone(name string) (Zone, Outgoing, bool) {
	for _, st := range e.store.zones.list(zonesScope) {
		if st.Type != ZoneSecondary && st.Outgoing != nil && strings.EqualFold(dns.Fqdn(st.Name), name) {
			return st.Zone, *st.Outgoing, true
		}
	}
	return Zone{}, Outgoing{}, false
}

// zoneKey is the TSIG key of an outgoing configuration's peers: they all share one, or none.
func zoneKey(peers []peerEndpoint) *dnsx.Key {
	for _, p := range peers {
		if p.key != nil {
			return p.key
		}
	}
	return nil
}

// ixfrAnswer is the answer to an IXFR: the SOA alone when the asker is up to date, the changes
// since its serial when the history reaches back to it, else the whole zone.
func ixfrAnswer(data *zoneData, q *dns.Msg) ([]dns.RR, error) {
	if len(q.Ns) != 1 {
		return nil, errors.New("the IXFR query has no SOA in its authority section")
	}
	asked, ok := q.Ns[0].(*dns.SOA)
	if !ok {
		return nil, errors.New("the IXFR query's authority section is not an SOA")
	}
	if !serialNewer(data.serial(), asked.Serial) {
		return []dns.RR{data.soa}, nil
	}
	diffs, ok := data.since(asked.Serial)
	if !ok {
		return append(data.all(), data.soa), nil
	}
	rrs := []dns.RR{data.soa}
	for _, d := range diffs {
		rrs = append(rrs, d.from)
		rrs = append(rrs, d.deleted...)
		rrs = append(rrs, d.to)
		rrs = append(rrs, d.added...)
	}
	return append(rrs, data.soa), nil
}

// sendTransfer writes a transfer's answer in as many messages as it takes, each signed when
// there is a key: the first over the query's MAC, the next ones over the previous MAC with the
// timers only (RFC 8945 5.3.1).
func (e *Emulator) sendTransfer(r *dnsRequest, rrs []dns.RR, key *dnsx.Key) error {
	var mac string
	if t := r.msg.IsTsig(); t != nil {
		mac = t.MAC
	}
	for first := true; len(rrs) > 0; first = false {
		m := new(dns.Msg).SetReply(r.msg)
		m.Authoritative = true
		for len(rrs) > 0 && (len(m.Answer) == 0 || m.Len() < maxMessageBytes) {
			m.Answer = append(m.Answer, rrs[0])
			rrs = rrs[1:]
		}
		out, next, err := key.Pack(m, mac, !first)
		if err != nil {
			return err
		}
		if err := r.write(out); err != nil {
			return err
		}
		mac = next
	}
	return nil
}

// notifyPeers sends NOTIFY for the zone to its outgoing peers in the background when its
// outgoing transfers are enabled; the transfer log gets one event per peer.
func (e *Emulator) notifyPeers(z Zone, trigger string) {
	if !e.live() {
		return
	}
	out, ok := e.Outgoing(z.ID)
	if !ok || !out.Enabled {
		return
	}
	soa := e.primaryContent(z).soa
	for _, p := range e.endpoints(z.Account, out.Peers) {
		e.dns.wg.Go(func() { e.sendNotify(e.dns.ctx, z, p, soa, trigger) })
	}
}

// sendNotify sends one NOTIFY with the zone's SOA, signed with the peer's key when it has one,
// and waits for the answer, trying again when none comes.
func (e *Emulator) sendNotify(ctx context.Context, z Zone, p peerEndpoint, soa *dns.SOA, trigger string) {
	ev := Transfer{ZoneID: z.ID, Zone: z.Name, Time: e.now(), Direction: "out", Trigger: trigger, Kind: "NOTIFY",
		Peer: p.peer.ID, Serial: soa.Serial, Err: p.err}
	ev.Key, ev.KeyID = keyUsed(p.key, []peerEndpoint{p})
	if p.err == nil {
		ev.Addr = p.addr.String()
		m := new(dns.Msg).SetNotify(dns.Fqdn(z.Name))
		m.Authoritative = true
		m.Answer = []dns.RR{soa}
		for range notifyTries {
			_, ev.Err = dnsExchange(ctx, ev.Addr, m.Copy(), p.key, e.dns.timeout, false)
			var refused *refusalError
			if ev.Err == nil || errors.As(ev.Err, &refused) || ctx.Err() != nil {
				break
			}
		}
		if ev.Err != nil {
			ev.Err = fmt.Errorf("NOTIFY to peer %s (%s) at %s: %w", p.peer.Name, p.peer.ID, ev.Addr, ev.Err)
		}
	}
	e.record(ev)
}
