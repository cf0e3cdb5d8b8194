package emulator

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strings"

	"github.com/miekg/dns"
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

// primaryContent is a full or partial zone's content, made on first use with only the SOA and
// NS records Cloudflare adds, its serial in the date form the outgoing configuration starts with.
func (e *Emulator) primaryContent(z Zone) *zoneData {
	data, _ := e.contents.update(z.ID, func(d *zoneData) (*zoneData, error) {
		if d != nil {
			return d, nil
		}
		return initialContent(z, uint32(initialSerial(e.now()))), nil
	})
	return data
}

// resumeSerial is the serial a zone's content starts with when the emulator starts: the date
// form, or past the serial its outgoing configuration reports from the state file (the content
// itself is not kept there), so a restart never goes back on the secondaries.
func (e *Emulator) resumeSerial(zoneID string) uint32 {
	serial := uint32(initialSerial(e.now()))
	if st, ok := e.store.zones.get(zonesScope, zoneID); ok && st.Outgoing != nil && st.Outgoing.SOASerial >= int(serial) {
		serial = uint32(st.Outgoing.SOASerial) + 1
	}
	return serial
}

// resumeContents gives each zone that has an outgoing configuration in the loaded state its
// content again, with a serial past the one it reported.
func (e *Emulator) resumeContents() {
	for _, states := range e.store.zones.all() {
		for _, st := range states {
			if st.Outgoing != nil && e.contents.get(st.ID) == nil {
				e.contents.set(st.ID, initialContent(st.Zone, e.resumeSerial(st.ID)))
			}
		}
	}
}

func initialContent(z Zone, serial uint32) *zoneData {
	origin := dns.Fqdn(z.Name)
	servers := nameServers(z.Type)
	soa := &dns.SOA{Hdr: dns.RR_Header{Name: origin, Rrtype: dns.TypeSOA, Class: dns.ClassINET, Ttl: soaTTL},
		Ns: dns.Fqdn(servers[0]), Mbox: soaMbox, Serial: serial,
		Refresh: soaRefresh, Retry: soaRetry, Expire: soaExpire, Minttl: soaMinTTL}
	var records []dns.RR
	for _, ns := range servers {
		records = append(records, &dns.NS{Hdr: dns.RR_Header{Name: origin, Rrtype: dns.TypeNS, Class: dns.ClassINET, Ttl: nsTTL}, Ns: dns.Fqdn(ns)})
	}
	return &zoneData{soa: soa, records: records}
}

// managedRecord tells whether Cloudflare makes the record itself: the SOA and the apex NS.
func managedRecord(z Zone, rr dns.RR) bool {
	h := rr.Header()
	return h.Rrtype == dns.TypeSOA || h.Rrtype == dns.TypeNS && strings.EqualFold(h.Name, dns.Fqdn(z.Name))
}

// errRecordExists refuses to add a record the zone holds already, as DNS compares records.
var errRecordExists = errors.New("an identical record already exists")

// changeRecords deletes and adds records of a full or partial zone under a new serial, then
// tells the secondaries. Adding a record the zone already holds changes nothing and is
// errRecordExists: the check and the change are one step, so two equal creates cannot both pass.
func (e *Emulator) changeRecords(z Zone, deleted, added []dns.RR) error {
	base := e.primaryContent(z)
	data, err := e.contents.update(z.ID, func(d *zoneData) (*zoneData, error) {
		if d == nil {
			d = base
		}
		for _, rr := range added {
			if slices.ContainsFunc(d.records, func(have dns.RR) bool { return sameRecord(have, rr) }) {
				return nil, errRecordExists
			}
		}
		soa := dns.Copy(d.soa).(*dns.SOA)
		soa.Serial++
		return d.change(soa, deleted, added), nil
	})
	if err != nil {
		return err
	}
	outgoingKind.edit(e, z.ID, func(c **Outgoing) error {
		if *c == nil {
			return errNoConfig
		}
		(*c).SOASerial = int(data.serial())
		return nil
	})
	e.notifyPeers(z, TriggerRecords)
	return nil
}

// loadZoneFiles reads Options.ZoneFiles into their full or partial zones of the first account.
// The files' SOA and apex NS records are left out: Cloudflare makes its own.
func (e *Emulator) loadZoneFiles() error {
	for name, path := range e.opts.ZoneFiles {
		z, ok := e.ZoneByName(e.opts.Accounts[0], name)
		if !ok {
			return fmt.Errorf("zone file %s: no zone %s in account %s (add it with Zones)", path, name, e.opts.Accounts[0])
		}
		if z.Type == ZoneSecondary {
			return fmt.Errorf("zone file %s: zone %s is a secondary zone; its records come from its primaries", path, name)
		}
		f, err := os.Open(path)
		if err != nil {
			return fmt.Errorf("zone file: %w", err)
		}
		zp := dns.NewZoneParser(f, dns.Fqdn(z.Name), path)
		var records []dns.RR
		for rr, ok := zp.Next(); ok; rr, ok = zp.Next() {
			if !managedRecord(z, rr) && dns.IsSubDomain(dns.Fqdn(z.Name), rr.Header().Name) {
				records = append(records, rr)
			}
		}
		f.Close()
		if err := zp.Err(); err != nil {
			return fmt.Errorf("zone file %s: %w", path, err)
		}
		data := initialContent(z, e.resumeSerial(z.ID))
		data.records = append(data.records, records...)
		e.contents.set(z.ID, data)
	}
	return nil
}

// dnsRecord is a record as the DNS records API shows it: the few fields the emulator keeps.
type dnsRecord struct {
	ID      string `json:"id"`
	Type    string `json:"type"`
	Name    string `json:"name"`
	Content string `json:"content"`
	TTL     uint32 `json:"ttl"`
	Proxied bool   `json:"proxied"`
}

// recordID derives a record's ID from the zone and the record, so that the same record keeps
// the same ID without the emulator storing one: a zone holds one record of each content.
func recordID(zoneID string, rr dns.RR) string {
	c := dns.Copy(rr)
	c.Header().Ttl = 0
	c.Header().Name = strings.ToLower(c.Header().Name)
	sum := sha256.Sum256([]byte(zoneID + "\x00" + c.String()))
	return hex.EncodeToString(sum[:16])
}

func recordOf(zoneID string, rr dns.RR) dnsRecord {
	h := rr.Header()
	return dnsRecord{ID: recordID(zoneID, rr), Type: dns.TypeToString[h.Rrtype], Name: strings.TrimSuffix(h.Name, "."),
		Content: strings.TrimPrefix(rr.String(), h.String()), TTL: h.Ttl}
}

// listRecords is GET /zones/{zone_id}/dns_records: the zone's records but the SOA and apex NS,
// for a secondary zone those transferred in.
func (e *Emulator) listRecords(w http.ResponseWriter, _ *http.Request, z Zone) {
	out := []dnsRecord{}
	if data := e.contentOf(z); data != nil {
		for _, rr := range data.records {
			if !managedRecord(z, rr) {
				out = append(out, recordOf(z.ID, rr))
			}
		}
	}
	writeResult(w, out)
}

// createRecord is POST /zones/{zone_id}/dns_records: {type, name, content, ttl?}; name may be
// relative to the zone, absolute, or @; ttl 1 (the default) is Cloudflare's automatic, 300.
func (e *Emulator) createRecord(w http.ResponseWriter, r *http.Request, z Zone) {
	if !recordsWritable(w, z) {
		return
	}
	obj, ok := readObject(w, r)
	if !ok {
		return
	}
	var errs [4]error
	var typ, name, content string
	typ, errs[0] = obj.requiredString("type")
	name, errs[1] = obj.requiredString("name")
	content, errs[2] = obj.requiredString("content")
	ttl, err := optional[float64](obj, "ttl", "a number")
	errs[3] = err
	if fieldErrors(w, errs[:]...) {
		return
	}
	seconds := 300
	if ttl != nil && *ttl != 1 {
		if *ttl < 30 || *ttl > 86400 || *ttl != float64(int(*ttl)) {
			fieldErrors(w, &fieldError{"ttl", fmt.Sprintf("%v is not 1 (automatic) or a whole number of seconds from 30 to 86400", *ttl)})
			return
		}
		seconds = int(*ttl)
	}
	owner := recordName(z, name)
	if !dns.IsSubDomain(dns.Fqdn(z.Name), owner) {
		fieldErrors(w, &fieldError{"name", fmt.Sprintf("%s is not in zone %s", name, z.Name)})
		return
	}
	rr, err := dns.NewRR(fmt.Sprintf("%s %d IN %s %s", owner, seconds, strings.ToUpper(typ), content))
	if err != nil || rr == nil {
		fieldErrors(w, &fieldError{"content", fmt.Sprintf("%q is not the data of a %s record", content, typ)})
		return
	}
	if managedRecord(z, rr) {
		fieldErrors(w, &fieldError{"type", fmt.Sprintf("Cloudflare manages the zone's %s records", typ)})
		return
	}
	if err := e.changeRecords(z, nil, []dns.RR{rr}); errors.Is(err, errRecordExists) {
		writeError(w, http.StatusBadRequest, codeRecordExists, "An identical record already exists.")
		return
	}
	writeResult(w, recordOf(z.ID, rr))
}

// deleteRecord is DELETE /zones/{zone_id}/dns_records/{dns_record_id}.
func (e *Emulator) deleteRecord(w http.ResponseWriter, r *http.Request, z Zone) {
	if !recordsWritable(w, z) {
		return
	}
	id := r.PathValue("dns_record_id")
	for _, rr := range e.primaryContent(z).records {
		if !managedRecord(z, rr) && recordID(z.ID, rr) == id {
			_ = e.changeRecords(z, []dns.RR{rr}, nil) // deleting adds nothing: it cannot fail
			writeResult(w, idResult{ID: id})
			return
		}
	}
	writeNotFound(w, r, "DNS record", id)
}

// recordsWritable refuses changes to a secondary zone's records, which come from its primaries.
func recordsWritable(w http.ResponseWriter, z Zone) bool {
	if z.Type != ZoneSecondary {
		return true
	}
	writeError(w, http.StatusBadRequest, codeZoneType, fmt.Sprintf(
		"zone %s is a secondary zone: its records come from its primaries and cannot be changed here", z.Name))
	return false
}

// recordName is the absolute owner name of a record's name as the API takes it.
func recordName(z Zone, name string) string {
	origin := dns.Fqdn(z.Name)
	switch {
	case name == "@":
		return origin
	case dns.IsSubDomain(origin, dns.Fqdn(name)):
		return dns.Fqdn(name)
	default:
		return dns.Fqdn(name) + origin
	}
}
