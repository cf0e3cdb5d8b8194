package nameserver

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/miekg/dns"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/dnsx"
)

// Triggers of a pull, as the transfer log names them.
const (
	TriggerCreate    = "create"
	TriggerUpdate    = "update"
	TriggerForceAXFR = "force_axfr"
	TriggerNotify    = "notify"
	TriggerRefresh   = "refresh"
)

// pullQueues runs each zone's pulls one at a time, in the order asked, on one goroutine per
// zone with pulls waiting.
type pullQueues struct {
	mu      sync.Mutex
	waiting map[string][]queuedPull // by zone ID, not started yet
}

// queuedPull is one pull asked for: it starts once after is closed.
type queuedPull struct {
	trigger string
	after   <-chan struct{}
}

// started is closed: the pulls the nameserver asks for itself (NOTIFY, auto refresh) wait for
// nothing.
var started = func() <-chan struct{} { c := make(chan struct{}); close(c); return c }()

// pull asks for the secondary zone to be pulled from its primaries in the background, once
// after is closed; the transfer log gets one event for it.
func (s *Server) pull(zoneID, trigger string, after <-chan struct{}) {
	q := &s.pulls
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.waiting == nil {
		q.waiting = map[string][]queuedPull{}
	}
	running := len(q.waiting[zoneID]) > 0
	q.waiting[zoneID] = append(q.waiting[zoneID], queuedPull{trigger: trigger, after: after})
	if running {
		return
	}
	s.wg.Go(func() {
		for {
			q.mu.Lock()
			if len(q.waiting[zoneID]) == 0 {
				delete(q.waiting, zoneID)
				q.mu.Unlock()
				return
			}
			next := q.waiting[zoneID][0]
			q.mu.Unlock()
			select {
			case <-next.after:
			case <-s.ctx.Done(): // the pull fails at once, as cancelled
			}
			s.pullOnce(s.ctx, zoneID, next.trigger)
			q.mu.Lock()
			q.waiting[zoneID] = q.waiting[zoneID][1:]
			q.mu.Unlock()
			s.refresh.rearm() // the zone's next refresh is due from now
		}
	})
}

// pulling tells whether a pull of the zone is waiting or under way.
func (q *pullQueues) pulling(zoneID string) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.waiting[zoneID]) > 0
}

// pullOnce checks the primaries' SOA in the order of the peer list and transfers the zone from
// the first that answers, when its serial is newer or the trigger forces it. A failure keeps the
// last good copy. Either way the SOA was checked now.
func (s *Server) pullOnce(ctx context.Context, zoneID, trigger string) {
	z, ok := s.view.Zone(zoneID)
	if !ok || z.Incoming == nil {
		return // deleted in between: nothing to pull, nobody to tell
	}
	now := s.now()
	ev := Transfer{ZoneID: zoneID, Zone: z.Name, Time: now, Direction: "in", Trigger: trigger, Kind: "SOA"}
	current := s.contents.get(zoneID)
	if current != nil {
		ev.Serial = current.serial()
	}
	var errs []error
	peers := s.endpoints(z.Account, z.Incoming.Peers)
	if len(peers) == 0 {
		errs = append(errs, errors.New("the incoming configuration links no peer"))
	}
	for _, p := range peers {
		if p.err != nil {
			errs = append(errs, p.err)
			continue
		}
		ev.Peer, ev.Addr = p.peer.ID, p.addr.String()
		ev.Key, ev.KeyID = p.loggedKey()
		got, kind, n, err := s.pullFrom(ctx, z.Name, p, current, trigger == TriggerForceAXFR)
		ev.Kind, ev.Records = kind, n
		if err != nil {
			errs = append(errs, fmt.Errorf("peer %s (%s) at %s: %w", p.peer.Name, p.peer.ID, p.addr, err))
			continue
		}
		errs = nil
		if got != current {
			s.contents.set(zoneID, got)
			ev.Serial = got.serial()
		}
		break
	}
	ev.Err = errors.Join(errs...)
	changed := ev.Err == nil && (current == nil || ev.Serial != current.serial())
	s.report.Checked(zoneID, now, ev.Serial, changed)
	s.record(ev)
}

// pullFrom checks one primary's SOA and transfers the zone when needed: IXFR when the peer has
// it enabled and there is a copy to start from, else AXFR. It returns the zone (current when
// nothing changed), the kind of query that decided, and how many records came.
func (s *Server) pullFrom(ctx context.Context, zone string, p peerEndpoint, current *zoneData, force bool) (*zoneData, string, int, error) {
	q := new(dns.Msg).SetQuestion(dns.Fqdn(zone), dns.TypeSOA)
	in, err := dnsx.Exchange(ctx, p.addr.String(), q, p.key, s.timeout)
	if err != nil {
		return nil, "SOA", 0, fmt.Errorf("SOA query: %w", err)
	}
	soa := answerSOA(in, zone)
	if soa == nil {
		return nil, "SOA", 0, errors.New("SOA query: the answer holds no SOA of the zone")
	}
	if current != nil && !force && !dnsx.SerialNewer(soa.Serial, current.serial()) {
		return current, "SOA", 0, nil
	}
	if p.ixfr && current != nil && !force {
		q := new(dns.Msg)
		q.SetIxfr(dns.Fqdn(zone), current.serial(), current.soa.Ns, current.soa.Mbox)
		q.Ns[0] = current.soa
		rrs, err := dnsx.Transfer(ctx, p.addr.String(), nil, q, p.key, s.timeout)
		var refused *dnsx.RefusedError
		if errors.As(err, &refused) && (refused.Rcode == dns.RcodeNotImplemented || refused.Rcode == dns.RcodeFormatError) {
			return s.axfrFrom(ctx, zone, p)
		}
		if err != nil {
			return nil, "IXFR", 0, fmt.Errorf("IXFR from serial %d: %w", current.serial(), err)
		}
		got, err := applyIXFR(current, rrs)
		if err != nil {
			return nil, "IXFR", len(rrs), fmt.Errorf("IXFR from serial %d: %w", current.serial(), err)
		}
		return got, "IXFR", len(rrs), nil
	}
	return s.axfrFrom(ctx, zone, p)
}

func (s *Server) axfrFrom(ctx context.Context, zone string, p peerEndpoint) (*zoneData, string, int, error) {
	q := new(dns.Msg)
	q.SetAxfr(dns.Fqdn(zone))
	rrs, err := dnsx.Transfer(ctx, p.addr.String(), nil, q, p.key, s.timeout)
	if err != nil {
		return nil, "AXFR", 0, fmt.Errorf("AXFR: %w", err)
	}
	got, err := wholeZone(rrs)
	if err != nil {
		return nil, "AXFR", len(rrs), fmt.Errorf("AXFR: %w", err)
	}
	return got, "AXFR", len(rrs) - 1, nil
}

// answerSOA is the zone's SOA in an answer.
func answerSOA(in *dns.Msg, zone string) *dns.SOA {
	for _, rr := range in.Answer {
		if soa, ok := rr.(*dns.SOA); ok && strings.EqualFold(soa.Hdr.Name, dns.Fqdn(zone)) {
			return soa
		}
	}
	return nil
}

// wholeZone reads an AXFR answer, or an AXFR-style IXFR answer: the SOA, the records, the SOA.
func wholeZone(rrs []dns.RR) (*zoneData, error) {
	if len(rrs) < 2 {
		return nil, errors.New("the answer is not a whole zone")
	}
	soa, ok := rrs[0].(*dns.SOA)
	if !ok {
		return nil, errors.New("the answer does not begin with the zone's SOA")
	}
	return newZoneData(soa, append([]dns.RR(nil), rrs[1:len(rrs)-1]...), nil), nil
}

// applyIXFR applies an IXFR answer to the current copy: an incremental one change by change
// (RFC 1995 section 4), an AXFR-style one as the whole zone, the SOA alone as no change.
func applyIXFR(current *zoneData, rrs []dns.RR) (*zoneData, error) {
	if len(rrs) == 1 {
		return current, nil
	}
	if !dnsx.IsIncremental(rrs) {
		return wholeZone(rrs)
	}
	got := current
	body := rrs[1 : len(rrs)-1]
	for len(body) > 0 {
		from := body[0].(*dns.SOA)
		if from.Serial != got.serial() {
			return nil, fmt.Errorf("a change from serial %d, but the copy has serial %d", from.Serial, got.serial())
		}
		i := 1
		for i < len(body) && body[i].Header().Rrtype != dns.TypeSOA {
			i++
		}
		if i == len(body) {
			return nil, errors.New("a change without its new SOA")
		}
		deleted, to := body[1:i], body[i].(*dns.SOA)
		j := i + 1
		for j < len(body) && body[j].Header().Rrtype != dns.TypeSOA {
			j++
		}
		got = got.change(to, deleted, body[i+1:j])
		body = body[j:]
	}
	return got, nil
}

// refreshLoop starts the pulls that auto refresh makes due, by the nameserver's clock: a zone
// is due AutoRefresh after its SOA was last checked (or, never checked, after its configuration
// was created).
func (s *Server) refreshLoop() {
	for {
		now := s.clock()
		next := time.Time{}
		for _, z := range s.view.Zones() {
			c := z.Incoming
			if c == nil || s.pulls.pulling(z.ID) {
				continue
			}
			due := c.Since.Add(c.AutoRefresh)
			if !now.Before(due) {
				s.pull(z.ID, TriggerRefresh, started)
			} else if next.IsZero() || due.Before(next) {
				next = due
			}
		}
		if !s.refresh.wait(s.ctx, s.clock, next) {
			return
		}
	}
}

// receiveNotify answers a NOTIFY for a secondary zone from one of its peers or an address in
// one of its account's ACL ranges, and pulls the zone. A signed NOTIFY is verified with the key
// of the peer it came from (or, from an ACL address, of a linked peer whose key has its name)
// and answered signed; one that does not verify gets NOTAUTH.
func (s *Server) receiveNotify(r *dnsRequest) {
	pullsIn := func(z Zone) bool { return z.Secondary && z.Incoming != nil }
	for _, z := range zonesNamed(s.view.Zones(), r.msg.Question[0].Name, pullsIn) {
		peers := s.endpoints(z.Account, z.Incoming.Peers)
		from, allowed := s.allowedSource(z.Account, r.from.Addr(), peers)
		if !allowed {
			continue
		}
		key := keyFor(r.msg, from, peers)
		if !s.checkTSIG(r, key) {
			s.record(Transfer{ZoneID: z.ID, Zone: z.Name, Time: s.now(), Direction: "in", Trigger: TriggerNotify,
				Kind: "NOTIFY", Addr: r.from.String(), Key: signedWith(r), Err: fmt.Errorf("NOTIFY from %s: its TSIG does not verify", r.from)})
			return
		}
		m := new(dns.Msg).SetReply(r.msg)
		m.Authoritative = true
		s.reply(r, m, key)
		s.pull(z.ID, TriggerNotify, started)
		return
	}
	s.reply(r, new(dns.Msg).SetRcode(r.msg, dns.RcodeRefused), nil)
}
