package nameserver

import (
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/miekg/dns"
)

// zoneData is a zone's content as the emulator serves it: the SOA, the other records, and the
// changes that led to each serial, for IXFR. A zoneData is never changed once made: a change
// makes a new one, so readers keep a consistent copy without locks.
type zoneData struct {
	soa     *dns.SOA
	records []dns.RR // every record but the SOA, in the order received or added
	history []zoneDiff
	// text is the zone in zone-file form, the SOA first, made on first use: what the API's
	// state file keeps, written once per content rather than once per save.
	text func() string
}

// newZoneData makes a zone's content.
func newZoneData(soa *dns.SOA, records []dns.RR, history []zoneDiff) *zoneData {
	d := &zoneData{soa: soa, records: records, history: history}
	d.text = sync.OnceValue(func() string {
		var b strings.Builder
		for _, rr := range d.all() {
			b.WriteString(rr.String())
			b.WriteByte('\n')
		}
		return b.String()
	})
	return d
}

// zoneDiff is one change of a zone, as IXFR sends it (RFC 1995): from one SOA to the next.
type zoneDiff struct {
	from, to       *dns.SOA
	deleted, added []dns.RR
}

// maxHistory is how many changes a zone keeps for IXFR; older serials get the whole zone.
const maxHistory = 100

// serial is the zone's SOA serial.
func (d *zoneData) serial() uint32 { return d.soa.Serial }

// all is the zone as AXFR sends it without its closing SOA: the SOA first.
func (d *zoneData) all() []dns.RR { return append([]dns.RR{d.soa}, d.records...) }

// change returns the zone with records deleted and added and the SOA replaced by soa, keeping
// the difference for IXFR. Deleting a record that is not there and adding one that is are no-ops.
func (d *zoneData) change(soa *dns.SOA, deleted, added []dns.RR) *zoneData {
	records := slices.DeleteFunc(slices.Clone(d.records), func(rr dns.RR) bool {
		return slices.ContainsFunc(deleted, func(del dns.RR) bool { return sameRecord(rr, del) })
	})
	for _, rr := range added {
		if !slices.ContainsFunc(records, func(have dns.RR) bool { return sameRecord(have, rr) }) {
			records = append(records, rr)
		}
	}
	history := append(slices.Clone(d.history), zoneDiff{from: d.soa, to: soa, deleted: deleted, added: added})
	if len(history) > maxHistory {
		history = history[len(history)-maxHistory:]
	}
	return newZoneData(soa, records, history)
}

// since returns the changes from serial to the current one, or false when the history does not
// reach back to it.
func (d *zoneData) since(serial uint32) ([]zoneDiff, bool) {
	for i, diff := range d.history {
		if diff.from.Serial == serial {
			return d.history[i:], true
		}
	}
	return nil, false
}

// sameRecord compares two records as DNS does: name without case, class, type and data; not the
// TTL.
func sameRecord(a, b dns.RR) bool { return dns.IsDuplicate(a, b) }

// lookup returns the records of name; exists tells whether the name has any record at all,
// for NXDOMAIN.
func (d *zoneData) lookup(name string, qtype uint16) (answer []dns.RR, exists bool) {
	for _, rr := range d.all() {
		h := rr.Header()
		if !strings.EqualFold(h.Name, name) {
			continue
		}
		exists = true
		if h.Rrtype == qtype || qtype == dns.TypeANY || h.Rrtype == dns.TypeCNAME && qtype != dns.TypeCNAME {
			answer = append(answer, rr)
		}
	}
	// A name with a CNAME has no other data (RFC 1034 3.6.2); answer only the CNAME when there
	// is one and it was not asked for, and the type itself when it is there.
	if qtype != dns.TypeCNAME && qtype != dns.TypeANY && slices.ContainsFunc(answer, func(rr dns.RR) bool { return rr.Header().Rrtype == qtype }) {
		answer = slices.DeleteFunc(answer, func(rr dns.RR) bool { return rr.Header().Rrtype == dns.TypeCNAME })
	}
	return answer, exists
}

// zoneContents holds every zone's content by zone ID: what a secondary zone transferred in, and
// the records of a full or partial zone.
type zoneContents struct {
	mu    sync.Mutex
	zones map[string]*zoneData
}

func (c *zoneContents) get(zoneID string) *zoneData {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.zones[zoneID]
}

func (c *zoneContents) set(zoneID string, d *zoneData) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.zones == nil {
		c.zones = map[string]*zoneData{}
	}
	c.zones[zoneID] = d
}

// all returns every zone's content by zone ID.
func (c *zoneContents) all() map[string]*zoneData {
	c.mu.Lock()
	defer c.mu.Unlock()
	return maps.Clone(c.zones)
}

// remove forgets a deleted zone's content.
func (c *zoneContents) remove(zoneID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.zones, zoneID)
}

// update replaces the zone's content with what change makes of it (nil when there is none) under
// the lock, so that concurrent changes do not lose each other; it returns the new content.
func (c *zoneContents) update(zoneID string, change func(*zoneData) (*zoneData, error)) (*zoneData, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	d, err := change(c.zones[zoneID])
	if err != nil {
		return nil, err
	}
	if c.zones == nil {
		c.zones = map[string]*zoneData{}
	}
	c.zones[zoneID] = d
	return d, nil
}
