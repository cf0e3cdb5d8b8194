package nameserver

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Transfer is one zone-transfer event, as the transfer log keeps it. As secondary (Direction
// "in"), one pull: the primaries' SOA checked and, when newer, the zone transferred. As primary
// (Direction "out"), one AXFR or IXFR served or refused, or one NOTIFY sent to a peer.
type Transfer struct {
	ZoneID    string
	Zone      string    // the zone's name
	Time      time.Time // by the emulator's clock, when it began
	Direction string    // "in" or "out"
	// Trigger is why it happened: in, "create", "update", "force_axfr", "notify" or "refresh";
	// out, "query" for a transfer served, or "enable", "force_notify" or "records" for a NOTIFY.
	Trigger string
	// Kind is "AXFR" or "IXFR" (what was transferred, or asked for when refused), "SOA" (a
	// pull that found nothing newer, or that failed before transferring) or "NOTIFY".
	Kind   string
	Peer   string // the peer's ID, or "" (an address allowed by an ACL, or no usable peer)
	Addr   string // the other side, ip:port
	Serial uint32 // the zone's serial after it (as secondary: of the last good copy)
	// Records is how many records were transferred (both SOAs of an AXFR answer count once).
	Records int
	// Key is the name of the TSIG key the exchange was signed with ("" unsigned): as secondary
	// and for a NOTIFY sent, the peer's; for a query or NOTIFY received, the one it came signed
	// with, known or not. KeyID is that key's TSIG ID when it is the peer's key.
	Key   string
	KeyID string
	Err   error // nil on success
}

func (t Transfer) String() string {
	s := fmt.Sprintf("%s %s %s %s (trigger %s) peer %q %s serial %d", t.Time.Format(time.RFC3339), t.Direction, t.Kind, t.Zone, t.Trigger, t.Peer, t.Addr, t.Serial)
	if t.Key != "" {
		s += fmt.Sprintf(" key %s %s", t.Key, t.KeyID)
	}
	if t.Err != nil {
		s += ": " + t.Err.Error()
	}
	return s
}

// transferLog keeps every zone's events in order, and wakes whoever waits for one.
type transferLog struct {
	mu      sync.Mutex
	events  map[string][]Transfer // by zone ID
	changed chan struct{}         // closed and replaced at every event
}

func (l *transferLog) add(t Transfer) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.events == nil {
		l.events = map[string][]Transfer{}
	}
	l.events[t.ZoneID] = append(l.events[t.ZoneID], t)
	if l.changed != nil {
		close(l.changed)
		l.changed = nil
	}
}

// nth returns the zone's nth event (from 1) if it happened, else a channel closed at the next.
func (l *transferLog) nth(zoneID string, n int) (Transfer, bool, <-chan struct{}) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if events := l.events[zoneID]; len(events) >= n {
		return events[n-1], true, nil
	}
	if l.changed == nil {
		l.changed = make(chan struct{})
	}
	return Transfer{}, false, l.changed
}

// record logs an event in the transfer log and in the nameserver's log, without secrets.
func (s *Server) record(t Transfer) {
	attrs := []any{"zone", t.Zone, "zone_id", t.ZoneID, "direction", t.Direction, "kind", t.Kind,
		"trigger", t.Trigger, "peer", t.Peer, "addr", t.Addr, "serial", t.Serial, "records", t.Records, "key", t.Key, "key_id", t.KeyID}
	if t.Err != nil {
		s.log.Warn("zone transfer failed", append(attrs, "error", t.Err.Error())...)
	} else {
		s.log.Info("zone transfer", attrs...)
	}
	s.xfers.add(t)
}

// Transfers returns the zone's transfer log in order; empty unless the nameserver listens.
func (s *Server) Transfers(zoneID string) []Transfer {
	s.xfers.mu.Lock()
	defer s.xfers.mu.Unlock()
	return append([]Transfer(nil), s.xfers.events[zoneID]...)
}

// WaitTransfer waits until the zone's transfer log holds n events and returns the nth (from 1),
// or fails when ctx ends first. Tests count the events they cause (a pull per trigger, a NOTIFY
// per peer, a transfer per query) and wait for them instead of sleeping.
func (s *Server) WaitTransfer(ctx context.Context, zoneID string, n int) (Transfer, error) {
	if !s.listening() {
		return Transfer{}, fmt.Errorf("the emulator does not serve DNS (Options.DNSAddr): no transfer happens")
	}
	for {
		t, ok, next := s.xfers.nth(zoneID, n)
		if ok {
			return t, nil
		}
		select {
		case <-next:
		case <-ctx.Done():
			return Transfer{}, fmt.Errorf("zone %s: transfer %d did not happen (log: %v): %w", zoneID, n, s.Transfers(zoneID), ctx.Err())
		}
	}
}
