package nameserver

import (
	"context"
	"errors"
	"fmt"

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
func (s *Server) serveTransfer(r *dnsRequest) {
	q := r.msg
	kind := dns.TypeToString[q.Question[0].Qtype]
	servesOut := func(z Zone) bool { return !z.Secondary && z.Outgoing != nil }
	zones := zonesNamed(s.view.Zones(), q.Question[0].Name, servesOut)
	if len(zones) == 0 {
		s.reply(r, new(dns.Msg).SetRcode(q, dns.RcodeRefused), nil)
		return
	}
	z := zones[0]
	ev := Transfer{ZoneID: z.ID, Zone: z.Name, Time: s.now(), Direction: "out", Trigger: TriggerQuery, Kind: kind, Addr: r.from.String(),
		Key: signedWith(r)}
	peers := s.endpoints(z.Account, z.Outgoing.Peers)
	holder := keyHolder(peers)
	key := holder.tsig()
	refuse := func(rcode int, err error) {
		if rcode != 0 {
			// Signed when the query verified: the asker then trusts the refusal (RFC 8945 5.3).
			s.reply(r, new(dns.Msg).SetRcode(q, rcode), signedBy(r, key))
		}
		ev.Err = err
		s.record(ev)
	}
	if !z.Outgoing.Enabled {
		refuse(dns.RcodeRefused, errors.New("outgoing transfers are disabled"))
		return
	}
	from, allowed := s.allowedSource(z.Account, r.from.Addr(), peers)
	if !allowed {
		refuse(dns.RcodeRefused, fmt.Errorf("%s is neither a peer of the zone nor in an ACL range", r.from.Addr()))
		return
	}
	if from != nil {
		ev.Peer = from.peer.ID
	}
	if !s.checkTSIG(r, key) {
		refuse(0, fmt.Errorf("the query is not signed with the peers' key %v", key))
		return
	}
	ev.Key, ev.KeyID = holder.loggedKey()
	data := s.primaryContent(z)
	if !r.tcp {
		// A transfer goes over TCP; over UDP an IXFR gets the SOA alone, which tells the asker
		// to come back over TCP when it is behind (RFC 1995 section 2).
		m := new(dns.Msg).SetReply(q)
		m.Authoritative = true
		if q.Question[0].Qtype == dns.TypeIXFR {
			m.Answer = []dns.RR{data.soa}
		} else {
			m.Rcode = dns.RcodeRefused
		}
		s.reply(r, m, key)
		return
	}
	var rrs []dns.RR
	if q.Question[0].Qtype == dns.TypeIXFR {
		var err error
		if rrs, err = ixfrAnswer(data, q); err != nil {
			s.reply(r, new(dns.Msg).SetRcode(q, dns.RcodeFormatError), key)
			refuse(0, err)
			return
		}
	} else {
		rrs = append(data.all(), data.soa)
	}
	if err := s.sendTransfer(r, rrs, key); err != nil {
		refuse(0, fmt.Errorf("sending the answer: %w", err))
		return
	}
	ev.Serial, ev.Records = data.serial(), len(rrs)
	s.report.Served(z.ID, s.now(), data.serial())
	s.record(ev)
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
	if !dnsx.SerialNewer(data.serial(), asked.Serial) {
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
func (s *Server) sendTransfer(r *dnsRequest, rrs []dns.RR, key *dnsx.Key) error {
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

// notify sends NOTIFY for the full or partial zone to its outgoing peers in the background
// when its outgoing transfers are enabled; the transfer log gets one event per peer.
func (s *Server) notify(zoneID, trigger string) {
	z, ok := s.view.Zone(zoneID)
	if !ok || z.Secondary || z.Outgoing == nil || !z.Outgoing.Enabled {
		return
	}
	soa := s.primaryContent(z).soa
	for _, p := range s.endpoints(z.Account, z.Outgoing.Peers) {
		s.wg.Go(func() { s.sendNotify(s.ctx, z, p, soa, trigger) })
	}
}

// sendNotify sends one NOTIFY with the zone's SOA, signed with the peer's key when it has one,
// and waits for the answer, trying again when none comes.
func (s *Server) sendNotify(ctx context.Context, z Zone, p peerEndpoint, soa *dns.SOA, trigger string) {
	ev := Transfer{ZoneID: z.ID, Zone: z.Name, Time: s.now(), Direction: "out", Trigger: trigger, Kind: "NOTIFY",
		Peer: p.peer.ID, Serial: soa.Serial, Err: p.err}
	ev.Key, ev.KeyID = p.loggedKey()
	if p.err == nil {
		ev.Addr = p.addr.String()
		m := new(dns.Msg).SetNotify(dns.Fqdn(z.Name))
		m.Authoritative = true
		m.Answer = []dns.RR{soa}
		for range notifyTries {
			_, ev.Err = dnsx.Exchange(ctx, ev.Addr, m.Copy(), p.key, s.timeout)
			var refused *dnsx.RefusedError
			if ev.Err == nil || errors.As(ev.Err, &refused) || ctx.Err() != nil {
				break
			}
		}
		if ev.Err != nil {
			ev.Err = fmt.Errorf("NOTIFY to peer %s (%s) at %s: %w", p.peer.Name, p.peer.ID, ev.Addr, ev.Err)
		}
	}
	s.record(ev)
}
