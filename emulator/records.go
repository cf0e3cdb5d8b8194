package emulator

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"strings"
	"sync"

	"github.com/miekg/dns"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/nameserver"
)

// resumeContents gives each zone that has an outgoing configuration in the loaded state its
// content again, with a serial past the one it reported, so a restart never goes back on the
// secondaries.
func (e *Emulator) resumeContents() {
	for _, st := range e.store.zones.list(zonesScope) {
		if st.Outgoing != nil {
			e.ns.Resume(nsZoneOf(st.Zone), uint32(st.Outgoing.SOASerial))
		}
	}
}

// reportedSerial is the serial the zone's outgoing configuration reports, 0 without one.
func (e *Emulator) reportedSerial(zoneID string) uint32 {
	if c, ok := e.Outgoing(zoneID); ok {
		return uint32(c.SOASerial)
	}
	return 0
}

// changeRecords deletes and adds records of a full or partial zone under a new serial, which
// the outgoing configuration reports; keep puts the records' IDs in step. The change is saved
// once, then the secondaries are told.
func (e *Emulator) changeRecords(z Zone, deleted, added []dns.RR, keep func(*recordIDs)) error {
	serial, err := e.ns.ChangeRecords(nsZoneOf(z), deleted, added)
	if err != nil {
		return err
	}
	keep(&e.recordIDs)
	_, _ = e.store.zones.update(zonesScope, z.ID, func(st *zoneState) error {
		c := outgoingConfig.slot(st)
		if *c == nil {
			return errNoConfig
		}
		(*c).SOASerial = int(serial)
		return nil
	})
	e.changed()
	e.ns.Notify(z.ID, TriggerRecords)
	return nil
}

// loadZoneFiles reads Options.ZoneFiles into their full or partial zones of the first account.
func (e *Emulator) loadZoneFiles() error {
	for name, path := range e.opts.ZoneFiles {
		z, ok := e.ZoneByName(e.opts.Accounts[0], name)
		if !ok {
			return fmt.Errorf("zone file %s: no zone %s in account %s (add it with Zones)", path, name, e.opts.Accounts[0])
		}
		if z.Type == ZoneSecondary {
			return fmt.Errorf("zone file %s: zone %s is a secondary zone; its records come from its primaries", path, name)
		}
		if err := e.ns.LoadZoneFile(nsZoneOf(z), path, e.reportedSerial(z.ID)); err != nil {
			return err
		}
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

// recordKey is a record as a zone holds it once: as DNS compares records (name without case,
// type, data), without the TTL.
func recordKey(rr dns.RR) string {
	c := dns.Copy(rr)
	c.Header().Ttl = 0
	c.Header().Name = strings.ToLower(c.Header().Name)
	return c.String()
}

// recordID derives a record's ID from the zone and the record, so that the same record keeps
// the same ID without the emulator storing one: a zone holds one record of each content.
func recordID(zoneID string, rr dns.RR) string {
	sum := sha256.Sum256([]byte(zoneID + "\x00" + recordKey(rr)))
	return hex.EncodeToString(sum[:16])
}

// recordIDs are the IDs of records replaced with PUT, which keep the ID the record had, as
// Cloudflare's do: by zone ID, then record key. Every other record's ID is recordID.
type recordIDs struct {
	mu     sync.Mutex
	byZone map[string]map[string]string
}

func (ids *recordIDs) of(zoneID string, rr dns.RR) string {
	ids.mu.Lock()
	defer ids.mu.Unlock()
	if id, ok := ids.byZone[zoneID][recordKey(rr)]; ok {
		return id
	}
	return recordID(zoneID, rr)
}

// moved gives rr the ID old had: a record replaced with PUT keeps its ID.
func (ids *recordIDs) moved(zoneID string, old, rr dns.RR) {
	ids.mu.Lock()
	defer ids.mu.Unlock()
	id, kept := ids.byZone[zoneID][recordKey(old)]
	if !kept {
		id = recordID(zoneID, old)
	}
	delete(ids.byZone[zoneID], recordKey(old))
	if id == recordID(zoneID, rr) {
		delete(ids.byZone[zoneID], recordKey(rr))
		return
	}
	if ids.byZone == nil {
		ids.byZone = map[string]map[string]string{}
	}
	if ids.byZone[zoneID] == nil {
		ids.byZone[zoneID] = map[string]string{}
	}
	ids.byZone[zoneID][recordKey(rr)] = id
}

// deleted forgets a deleted record's kept ID.
func (ids *recordIDs) deleted(zoneID string, rr dns.RR) {
	ids.mu.Lock()
	defer ids.mu.Unlock()
	delete(ids.byZone[zoneID], recordKey(rr))
}

// forget drops a deleted zone's kept IDs.
func (ids *recordIDs) forget(zoneID string) {
	ids.mu.Lock()
	defer ids.mu.Unlock()
	delete(ids.byZone, zoneID)
}

// all and load copy the kept IDs to and from the state file.
func (ids *recordIDs) all() map[string]map[string]string {
	ids.mu.Lock()
	defer ids.mu.Unlock()
	out := map[string]map[string]string{}
	for z, m := range ids.byZone {
		if len(m) > 0 {
			out[z] = maps.Clone(m)
		}
	}
	return out
}

func (ids *recordIDs) load(saved map[string]map[string]string) {
	ids.mu.Lock()
	defer ids.mu.Unlock()
	ids.byZone = map[string]map[string]string{}
	for z, m := range saved {
		ids.byZone[z] = maps.Clone(m)
	}
}

func (e *Emulator) recordOf(zoneID string, rr dns.RR) dnsRecord {
	h := rr.Header()
	return dnsRecord{ID: e.recordIDs.of(zoneID, rr), Type: dns.TypeToString[h.Rrtype], Name: strings.TrimSuffix(h.Name, "."),
		Content: strings.TrimPrefix(rr.String(), h.String()), TTL: h.Ttl}
}

// Paging of the records list, as Cloudflare's: 100 a page unless per_page says otherwise.
const (
	recordsPerPage    = 100
	maxRecordsPerPage = 5000000
)

// listRecords is GET /zones/{zone_id}/dns_records: the zone's records but the SOA and apex NS,
// for a secondary zone those transferred in, one page at a time (page, per_page) with
// result_info.
func (e *Emulator) listRecords(w http.ResponseWriter, r *http.Request, z Zone) {
	q := r.URL.Query()
	page, err := pageParam(q.Get("page"), "page", 1, 1, 0)
	perPage := recordsPerPage
	if err == nil {
		perPage, err = pageParam(q.Get("per_page"), "per_page", recordsPerPage, 1, maxRecordsPerPage)
	}
	if err != nil {
		writeError(w, http.StatusBadRequest, codeInvalidField, err.Error())
		return
	}
	onPage, info := paginate(e.ns.Records(nsZoneOf(z)), page, perPage)
	out := make([]dnsRecord, 0, len(onPage))
	for _, rr := range onPage {
		out = append(out, e.recordOf(z.ID, rr))
	}
	writePage(w, out, info)
}

// createRecord is POST /zones/{zone_id}/dns_records: {type, name, content, ttl?}; name may be
// relative to the zone, absolute, or @; ttl 1 (the default) is Cloudflare's automatic, 300.
func (e *Emulator) createRecord(w http.ResponseWriter, r *http.Request, z Zone) {
	if rr, ok := readRecord(w, r, z); ok {
		e.writeRecord(w, z, nil, rr)
	}
}

// replaceRecord is PUT /zones/{zone_id}/dns_records/{dns_record_id}: the whole record, as POST
// takes it, in place of the one with the ID, which the new record keeps.
func (e *Emulator) replaceRecord(w http.ResponseWriter, r *http.Request, z Zone) {
	old, ok := e.findRecord(w, r, z)
	if !ok {
		return
	}
	if rr, ok := readRecord(w, r, z); ok {
		e.writeRecord(w, z, []dns.RR{old}, rr)
	}
}

// writeRecord adds rr in place of the records it replaces (none for a create), whose ID it
// keeps, and answers with it.
func (e *Emulator) writeRecord(w http.ResponseWriter, z Zone, replaced []dns.RR, rr dns.RR) {
	err := e.changeRecords(z, replaced, []dns.RR{rr}, func(ids *recordIDs) {
		for _, old := range replaced {
			ids.moved(z.ID, old, rr)
		}
	})
	if errors.Is(err, nameserver.ErrRecordExists) {
		writeError(w, http.StatusBadRequest, codeRecordExists, "An identical record already exists.")
		return
	}
	writeResult(w, e.recordOf(z.ID, rr))
}

// deleteRecord is DELETE /zones/{zone_id}/dns_records/{dns_record_id}.
func (e *Emulator) deleteRecord(w http.ResponseWriter, r *http.Request, z Zone) {
	rr, ok := e.findRecord(w, r, z)
	if !ok {
		return
	}
	// Deleting adds nothing: it cannot fail.
	_ = e.changeRecords(z, []dns.RR{rr}, nil, func(ids *recordIDs) { ids.deleted(z.ID, rr) })
	writeResult(w, idResult{ID: r.PathValue("dns_record_id")})
}

// findRecord is the zone's record the path names; otherwise it has answered.
func (e *Emulator) findRecord(w http.ResponseWriter, r *http.Request, z Zone) (dns.RR, bool) {
	id := r.PathValue("dns_record_id")
	for _, rr := range e.ns.Records(nsZoneOf(z)) {
		if e.recordIDs.of(z.ID, rr) == id {
			return rr, true
		}
	}
	writeNotFound(w, r, "DNS record", id)
	return nil, false
}

// readRecord reads a record body for the zone: {type, name, content, ttl?}; on a bad body it
// has answered and returns false.
func readRecord(w http.ResponseWriter, r *http.Request, z Zone) (dns.RR, bool) {
	obj, ok := readObject(w, r)
	if !ok {
		return nil, false
	}
	var errs [4]error
	var typ, name, content string
	typ, errs[0] = obj.requiredString("type")
	name, errs[1] = obj.requiredString("name")
	content, errs[2] = obj.requiredString("content")
	ttl, err := optional[float64](obj, "ttl", "a number")
	errs[3] = err
	if fieldErrors(w, errs[:]...) {
		return nil, false
	}
	seconds := 300
	if ttl != nil && *ttl != 1 {
		if *ttl < 30 || *ttl > 86400 || *ttl != float64(int(*ttl)) {
			fieldErrors(w, &fieldError{"ttl", fmt.Sprintf("%v is not 1 (automatic) or a whole number of seconds from 30 to 86400", *ttl)})
			return nil, false
		}
		seconds = int(*ttl)
	}
	owner := recordName(z, name)
	if !dns.IsSubDomain(dns.Fqdn(z.Name), owner) {
		fieldErrors(w, &fieldError{"name", fmt.Sprintf("%s is not in zone %s", name, z.Name)})
		return nil, false
	}
	rr, err := dns.NewRR(fmt.Sprintf("%s %d IN %s %s", owner, seconds, strings.ToUpper(typ), content))
	if err != nil || rr == nil {
		fieldErrors(w, &fieldError{"content", fmt.Sprintf("%q is not the data of a %s record", content, typ)})
		return nil, false
	}
	if nameserver.Managed(z.Name, rr) {
		fieldErrors(w, &fieldError{"type", fmt.Sprintf("Cloudflare manages the zone's %s records", typ)})
		return nil, false
	}
	return rr, true
}

// recordsWritable serves op, a change of the zone's records, unless the zone is secondary: its
// records come from its primaries.
func recordsWritable(op zoneOp) handler {
	return inZone(func(e *Emulator, w http.ResponseWriter, r *http.Request, z Zone) {
		if z.Type != ZoneSecondary {
			op(e, w, r, z)
			return
		}
		writeError(w, http.StatusBadRequest, codeZoneType, fmt.Sprintf(
			"zone %s is a secondary zone: its records come from its primaries and cannot be changed here", z.Name))
	})
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
