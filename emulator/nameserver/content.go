package nameserver

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/miekg/dns"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/dnsx"
)

// The SOA Cloudflare gives the zones whose DNS it hosts: its values, with the zone's first
// nameserver as the primary.
const (
	soaTTL     = 3600
	soaMbox    = "dns.cloudflare.com."
	soaRefresh = 10000
	soaRetry   = 2400
	soaExpire  = 604800
	soaMinTTL  = 1800
	nsTTL      = 86400
)

// NameServers are a zone's Cloudflare nameservers: a secondary zone's queries are answered by
// Cloudflare's secondary nameservers.
func NameServers(secondary bool) []string {
	if secondary {
		return []string{"ns1.secondary.cloudflare.com", "ns2.secondary.cloudflare.com"}
	}
	return []string{"ada.ns.cloudflare.com", "bob.ns.cloudflare.com"}
}

// InitialSerial is the SOA serial a zone starts with, in the usual date form YYYYMMDDnn.
func InitialSerial(now time.Time) uint32 {
	return uint32((now.Year()*10000+int(now.Month())*100+now.Day())*100 + 1)
}

// primaryContent is a full or partial zone's content, made on first use with only the SOA and
// NS records Cloudflare adds, its serial in the date form the outgoing configuration starts with.
func (s *Server) primaryContent(z Zone) *zoneData {
	data, _ := s.contents.update(z.ID, func(d *zoneData) (*zoneData, error) {
		if d != nil {
			return d, nil
		}
		return initialContent(z, InitialSerial(s.now())), nil
	})
	return data
}

// Serial is the serial of a full or partial zone's content, which is made on first use.
func (s *Server) Serial(z Zone) uint32 { return s.primaryContent(z).serial() }

// Resume makes sure a full or partial zone's content, after a restart, is not behind reported
// (the serial its outgoing configuration showed), so a restart never goes back on the
// secondaries: a zone without content gets its initial content past it, and content behind it
// (a state file written before the last change) moves past it with its records.
func (s *Server) Resume(z Zone, reported uint32) {
	_, _ = s.contents.update(z.ID, func(d *zoneData) (*zoneData, error) {
		switch {
		case d == nil:
			return initialContent(z, s.resumeSerial(reported)), nil
		case dnsx.SerialNewer(reported, d.serial()):
			soa := dns.Copy(d.soa).(*dns.SOA)
			soa.Serial = reported + 1
			return newZoneData(soa, d.records, nil), nil
		}
		return d, nil
	})
}

// Contents returns every zone's content in zone-file form, the SOA first, by zone ID: what the
// API's state file keeps. The history of changes is not kept: after a restart, an IXFR from an
// older serial gets the whole zone.
func (s *Server) Contents() map[string]string {
	out := map[string]string{}
	for id, d := range s.contents.all() {
		out[id] = d.text()
	}
	return out
}

// RestoreContents sets zones' contents from what Contents returned.
func (s *Server) RestoreContents(contents map[string]string) error {
	for id, text := range contents {
		zp := dns.NewZoneParser(strings.NewReader(text), "", "")
		var soa *dns.SOA
		var records []dns.RR
		for rr, ok := zp.Next(); ok; rr, ok = zp.Next() {
			if first, isSOA := rr.(*dns.SOA); isSOA && soa == nil {
				soa = first
			} else if soa != nil {
				records = append(records, rr)
			}
		}
		if err := zp.Err(); err != nil || soa == nil {
			return fmt.Errorf("the content of zone %s does not read back as a zone beginning with its SOA: %v", id, err)
		}
		s.contents.set(id, newZoneData(soa, records, nil))
	}
	return nil
}

// resumeSerial is the date form, or past reported.
func (s *Server) resumeSerial(reported uint32) uint32 {
	serial := InitialSerial(s.now())
	if reported >= serial {
		serial = reported + 1
	}
	return serial
}

// Forget drops a deleted zone's content.
func (s *Server) Forget(zoneID string) { s.contents.remove(zoneID) }

// initialContent is a full or partial zone's content with the SOA and NS records Cloudflare
// makes, then records.
func initialContent(z Zone, serial uint32, records ...dns.RR) *zoneData {
	origin := dns.Fqdn(z.Name)
	servers := NameServers(z.Secondary)
	soa := &dns.SOA{Hdr: dns.RR_Header{Name: origin, Rrtype: dns.TypeSOA, Class: dns.ClassINET, Ttl: soaTTL},
		Ns: dns.Fqdn(servers[0]), Mbox: soaMbox, Serial: serial,
		Refresh: soaRefresh, Retry: soaRetry, Expire: soaExpire, Minttl: soaMinTTL}
	var managed []dns.RR
	for _, ns := range servers {
		managed = append(managed, &dns.NS{Hdr: dns.RR_Header{Name: origin, Rrtype: dns.TypeNS, Class: dns.ClassINET, Ttl: nsTTL}, Ns: dns.Fqdn(ns)})
	}
	return newZoneData(soa, append(managed, records...), nil)
}

// Managed tells whether Cloudflare makes the record itself: the SOA and the apex NS.
func Managed(zone string, rr dns.RR) bool {
	h := rr.Header()
	return h.Rrtype == dns.TypeSOA || h.Rrtype == dns.TypeNS && strings.EqualFold(h.Name, dns.Fqdn(zone))
}

// Records returns the zone's records but those Cloudflare manages: for a secondary zone those
// transferred in (none before the first transfer).
func (s *Server) Records(z Zone) []dns.RR {
	data := s.contentOf(z)
	if data == nil {
		return nil
	}
	return slices.DeleteFunc(slices.Clone(data.records), func(rr dns.RR) bool { return Managed(z.Name, rr) })
}

// ErrRecordExists refuses to add a record the zone holds already, as DNS compares records.
var ErrRecordExists = errors.New("an identical record already exists")

// ChangeRecords deletes and adds records of a full or partial zone under a new serial, which it
// returns; the caller then tells the secondaries (Notify with TriggerRecords). Adding a record
// the zone holds and does not delete changes nothing and is ErrRecordExists: the check and the
// change are one step, so two equal creates cannot both pass.
func (s *Server) ChangeRecords(z Zone, deleted, added []dns.RR) (uint32, error) {
	base := s.primaryContent(z)
	data, err := s.contents.update(z.ID, func(d *zoneData) (*zoneData, error) {
		if d == nil {
			d = base
		}
		for _, rr := range added {
			if slices.ContainsFunc(d.records, func(have dns.RR) bool {
				return sameRecord(have, rr) && !slices.ContainsFunc(deleted, func(del dns.RR) bool { return sameRecord(have, del) })
			}) {
				return nil, ErrRecordExists
			}
		}
		soa := dns.Copy(d.soa).(*dns.SOA)
		soa.Serial++
		return d.change(soa, deleted, added), nil
	})
	if err != nil {
		return 0, err
	}
	return data.serial(), nil
}

// LoadZoneFile reads a zone file into a full or partial zone, past the serial its outgoing
// configuration reported. The file's SOA and apex NS records are left out: Cloudflare makes
// its own.
func (s *Server) LoadZoneFile(z Zone, path string, reported uint32) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("zone file: %w", err)
	}
	defer f.Close()
	zp := dns.NewZoneParser(f, dns.Fqdn(z.Name), path)
	var records []dns.RR
	for rr, ok := zp.Next(); ok; rr, ok = zp.Next() {
		if !Managed(z.Name, rr) && dns.IsSubDomain(dns.Fqdn(z.Name), rr.Header().Name) {
			records = append(records, rr)
		}
	}
	if err := zp.Err(); err != nil {
		return fmt.Errorf("zone file %s: %w", path, err)
	}
	s.contents.set(z.ID, initialContent(z, s.resumeSerial(reported), records...))
	return nil
}
