package emulator

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/nameserver"
)

// Zone types: whose nameservers hold the zone. Cloudflare hosts the DNS of full and partial
// zones (so it can be their primary); a secondary zone is transferred in from a primary.
const (
	ZoneFull      = "full"
	ZonePartial   = "partial"
	ZoneSecondary = "secondary"
)

// Zone is a zone as the emulator stores it. Replies add what Cloudflare sends and the emulator
// does not vary: every zone is active, on an Enterprise plan, with Cloudflare's nameservers.
type Zone struct {
	ID         string    `json:"id"`
	Name       string    `json:"name"`
	Type       string    `json:"type"`
	Account    string    `json:"account"`
	CreatedOn  time.Time `json:"created_on"`
	ModifiedOn time.Time `json:"modified_on"`
}

// zoneState is what the store holds for a zone: the zone and its transfer configurations,
// which go with it.
type zoneState struct {
	Zone
	Incoming *Incoming `json:"incoming,omitempty"`
	Outgoing *Outgoing `json:"outgoing,omitempty"`
}

func (st zoneState) recordID() string           { return st.ID }
func (st zoneState) withID(id string) zoneState { st.ID = id; return st }

func (st zoneState) clone() zoneState {
	st.Incoming = cloneConfig(st.Incoming)
	st.Outgoing = cloneConfig(st.Outgoing)
	return st
}

// cloneConfig copies a transfer configuration and its peer list.
func cloneConfig[C interface{ clone() C }](c *C) *C {
	if c == nil {
		return nil
	}
	v := (*c).clone()
	return &v
}

// ZoneSeed is a zone for New to create, unless its account already holds a zone of that name
// (for example from the state file).
type ZoneSeed struct {
	Name    string
	Type    string // "" means full
	Account string // "" means the first of Options.Accounts
}

// zoneName is the document's pattern for a zone name, e.g. example.com (no trailing dot).
var zoneName = regexp.MustCompile(`^([a-zA-Z0-9][\-a-zA-Z0-9]*\.)+[\-a-zA-Z0-9]{2,20}$`)

func checkZoneName(name string) error {
	if len(name) > 253 || !zoneName.MatchString(name) {
		return &fieldError{"name", fmt.Sprintf("%q is not a domain name such as example.com", name)}
	}
	return nil
}

// CheckZoneType accepts the zone types Cloudflare has: full, partial or secondary. The API, the
// seeded zones and the command's -zone flag all check with it.
func CheckZoneType(typ string) error {
	if typ != ZoneFull && typ != ZonePartial && typ != ZoneSecondary {
		return fmt.Errorf("zone type %q: want full, partial or secondary", typ)
	}
	return nil
}

func checkZoneType(typ string) error {
	if err := CheckZoneType(typ); err != nil {
		return &fieldError{"type", err.Error()}
	}
	return nil
}

// zonesScope is the collection scope of every zone: zone IDs are global, and each zone names
// its account.
const zonesScope = ""

// sameName matches the zones of acct named name; names compare case-insensitively, as in DNS.
func sameName(acct, name string) func(Zone) bool {
	return func(z Zone) bool { return z.Account == acct && strings.EqualFold(z.Name, name) }
}

// createZone is POST /zones: {name, account: {id}, type?}.
func (e *Emulator) createZone(w http.ResponseWriter, r *http.Request) {
	obj, ok := readObject(w, r)
	if !ok {
		return
	}
	var z Zone
	var errs [3]error
	z.Name, errs[0] = obj.requiredString("name")
	if errs[0] == nil {
		errs[0] = checkZoneName(z.Name)
	}
	z.Account, errs[1] = readAccountID(obj)
	typ, err := optional[string](obj, "type", "a string")
	z.Type = ZoneFull
	if typ != nil {
		z.Type, err = *typ, checkZoneType(*typ)
	}
	errs[2] = err
	if fieldErrors(w, errs[:]...) || !e.checkAccount(w, z.Account) {
		return
	}
	created, err := e.addZone(z)
	if err != nil { // the body's checks passed: only the name can clash (errZoneExists)
		writeError(w, http.StatusBadRequest, codeZoneExists, strings.ToLower(z.Name)+" already exists")
		return
	}
	e.changed()
	writeResult(w, zoneReply(created))
}

// errZoneExists refuses a zone whose account holds one of that name.
var errZoneExists = errors.New("the account already holds a zone of that name")

// addZone is how every zone is created, through the API, AddZone or Options.Zones: the name
// must be a domain name not yet in the account, the type full, partial or secondary ("" is
// full), and the account one of the emulator's. The zone is named in lower case, gets a new ID
// unless z has one, and is created now. The caller saves (changed), so that seeding saves once.
func (e *Emulator) addZone(z Zone) (Zone, error) {
	z.Type = cmp.Or(z.Type, ZoneFull)
	if err := errors.Join(checkZoneName(z.Name), checkZoneType(z.Type)); err != nil {
		return Zone{}, err
	}
	if !e.mayUse(z.Account) {
		return Zone{}, fmt.Errorf("account %s is not one of the emulator's accounts", z.Account)
	}
	z.Name = strings.ToLower(z.Name)
	z.CreatedOn = e.now()
	z.ModifiedOn = z.CreatedOn
	same := sameName(z.Account, z.Name)
	st, ok := e.store.zones.add(zonesScope, zoneState{Zone: z}, func(st zoneState) bool { return same(st.Zone) || st.ID == z.ID })
	if !ok {
		return Zone{}, errZoneExists
	}
	return st.Zone, nil
}

// readAccountID reads the required account: {id}.
func readAccountID(obj object) (string, error) {
	var acct struct {
		ID *string `json:"id"`
	}
	if raw, ok := obj["account"]; !ok || isNull(raw) || json.Unmarshal(raw, &acct) != nil {
		return "", &fieldError{"account", "is required: an object with the account's id as a string"}
	}
	if acct.ID == nil || *acct.ID == "" {
		return "", &fieldError{"account/id", "is required (a non-empty string)"}
	}
	return *acct.ID, nil
}

// listZones is GET /zones: the zones of every account the credentials may use, filtered by
// exact name (case-insensitive), account.id and status, one page at a time.
func (e *Emulator) listZones(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page, err := pageParam(q.Get("page"), "page", 1, 1, 0)
	if err == nil {
		var perPage int
		perPage, err = pageParam(q.Get("per_page"), "per_page", 20, 5, 50)
		if err == nil {
			e.writeZonesPage(w, q.Get("name"), q.Get("account.id"), q.Get("status"), page, perPage)
			return
		}
	}
	writeError(w, http.StatusBadRequest, codeInvalidField, err.Error())
}

func (e *Emulator) writeZonesPage(w http.ResponseWriter, name, acct, status string, page, perPage int) {
	zones := slices.DeleteFunc(e.allZones(), func(z Zone) bool {
		return !e.mayUse(z.Account) ||
			name != "" && !strings.EqualFold(z.Name, name) ||
			acct != "" && z.Account != acct ||
			status != "" && status != zoneStatus
	})
	onPage, info := paginate(zones, page, perPage)
	out := make([]zoneResult, 0, len(onPage))
	for _, z := range onPage {
		out = append(out, zoneReply(z))
	}
	writePage(w, out, info)
}

// pageParam reads a whole-number query parameter between lo and hi (hi 0: no upper bound).
func pageParam(s, name string, dflt, lo, hi int) (int, error) {
	if s == "" {
		return dflt, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || hi > 0 && n > hi {
		if hi > 0 {
			return 0, fmt.Errorf("%s: %q is not a whole number from %d to %d", name, s, lo, hi)
		}
		return 0, fmt.Errorf("%s: %q is not a whole number from %d", name, s, lo)
	}
	return n, nil
}

func (e *Emulator) getZone(w http.ResponseWriter, _ *http.Request, z Zone) {
	writeResult(w, zoneReply(z))
}

// deleteZone is DELETE /zones/{zone_id}; the zone's transfer configurations go with it.
func (e *Emulator) deleteZone(w http.ResponseWriter, r *http.Request, z Zone) {
	if !e.store.zones.delete(zonesScope, z.ID) {
		writeZoneNotFound(w, r, z.ID) // deleted since inZone found it
		return
	}
	e.ns.Forget(z.ID)
	e.recordIDs.forget(z.ID)
	e.changed()
	writeResult(w, idResult{ID: z.ID})
}

func writeZoneNotFound(w http.ResponseWriter, r *http.Request, id string) {
	writeError(w, http.StatusNotFound, codeNoRoute,
		"Could not route to "+r.URL.Path+", perhaps your object identifier is invalid? (no zone "+id+")")
}

// zoneStatus is every zone's status: the emulator takes each zone as set up and verified.
const zoneStatus = "active"

// zoneResult is a zone as the API answers it: every field the document requires, and the ones
// clients read (type, status, plan).
type zoneResult struct {
	ID                  string      `json:"id"`
	Name                string      `json:"name"`
	Type                string      `json:"type"`
	Status              string      `json:"status"`
	Paused              bool        `json:"paused"`
	DevelopmentMode     int         `json:"development_mode"`
	NameServers         []string    `json:"name_servers"`
	OriginalNameServers []string    `json:"original_name_servers"`
	OriginalRegistrar   *string     `json:"original_registrar"`
	OriginalDNSHost     *string     `json:"original_dnshost"`
	CreatedOn           string      `json:"created_on"`
	ModifiedOn          string      `json:"modified_on"`
	ActivatedOn         string      `json:"activated_on"`
	Account             zoneAccount `json:"account"`
	Owner               zoneOwner   `json:"owner"`
	Meta                zoneMeta    `json:"meta"`
	Plan                zonePlan    `json:"plan"`
}

type zoneAccount struct {
	ID string `json:"id"`
}

type zoneOwner struct {
	ID   string `json:"id"`
	Type string `json:"type"`
}

type zoneMeta struct {
	Step                   int  `json:"step"`
	CustomCertificateQuota int  `json:"custom_certificate_quota"`
	PageRuleQuota          int  `json:"page_rule_quota"`
	PhishingDetected       bool `json:"phishing_detected"`
}

type zonePlan struct {
	ID           string `json:"id"`
	Name         string `json:"name"`
	LegacyID     string `json:"legacy_id"`
	IsSubscribed bool   `json:"is_subscribed"`
	Currency     string `json:"currency"`
	Price        int    `json:"price"`
}

// Secondary DNS is for Enterprise plans only.
var enterprisePlan = zonePlan{ID: "enterprise", Name: "Enterprise Website", LegacyID: "enterprise", IsSubscribed: true, Currency: "USD"}

func zoneReply(z Zone) zoneResult {
	return zoneResult{
		ID: z.ID, Name: z.Name, Type: z.Type, Status: zoneStatus, NameServers: nameServers(z.Type),
		CreatedOn: timestamp(z.CreatedOn), ModifiedOn: timestamp(z.ModifiedOn), ActivatedOn: timestamp(z.CreatedOn),
		Account: zoneAccount{ID: z.Account}, Owner: zoneOwner{ID: z.Account, Type: "organization"},
		Meta: zoneMeta{Step: 2, PageRuleQuota: 125}, Plan: enterprisePlan,
	}
}

// nameServers are the zone's Cloudflare nameservers, as its SOA and NS records name them.
func nameServers(zoneType string) []string { return nameserver.NameServers(zoneType == ZoneSecondary) }

// timestamp is a time as Cloudflare writes them: UTC, to the microsecond.
func timestamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000Z07:00") }

// seedZones creates Options.Zones that their accounts do not hold yet, through addZone. A
// seeded zone's ID derives from its account and name, so that it is the same at every start.
func (e *Emulator) seedZones() error {
	added := false
	defer func() {
		if added {
			e.changed() // once for all the seeded zones
		}
	}()
	for _, seed := range e.opts.Zones {
		acct := cmp.Or(seed.Account, e.opts.Accounts[0])
		if _, ok := e.ZoneByName(acct, seed.Name); ok {
			continue
		}
		sum := sha256.Sum256([]byte("zone\x00" + acct + "\x00" + strings.ToLower(seed.Name)))
		if _, err := e.addZone(Zone{ID: hex.EncodeToString(sum[:16]), Name: seed.Name, Type: seed.Type, Account: acct}); err != nil {
			return fmt.Errorf("add zone %q: %w", seed.Name, err)
		}
		added = true
	}
	return nil
}

// allZones returns every zone in creation order.
func (e *Emulator) allZones() []Zone {
	var zones []Zone
	for _, st := range e.store.zones.list(zonesScope) {
		zones = append(zones, st.Zone)
	}
	return zones
}

// AddZone creates a zone as POST /zones does, without a request: the name must be a domain name
// not yet in the account, the type full, partial or secondary ("" is full), and the account
// one of the emulator's.
func (e *Emulator) AddZone(name, typ, accountID string) (Zone, error) {
	z, err := e.addZone(Zone{Name: name, Type: typ, Account: accountID})
	if err != nil {
		return Zone{}, fmt.Errorf("add zone %q: %w", name, err)
	}
	e.changed()
	return z, nil
}

// Zones returns the account's zones in creation order.
func (e *Emulator) Zones(accountID string) []Zone {
	return slices.DeleteFunc(e.allZones(), func(z Zone) bool { return z.Account != accountID })
}

// GetZone returns the zone with the ID, in whichever account it is.
func (e *Emulator) GetZone(id string) (Zone, bool) {
	st, ok := e.store.zones.get(zonesScope, id)
	return st.Zone, ok
}

// ZoneByName returns the account's zone of that name (compared case-insensitively).
func (e *Emulator) ZoneByName(accountID, name string) (Zone, bool) {
	zones := e.allZones()
	if i := slices.IndexFunc(zones, sameName(accountID, name)); i >= 0 {
		return zones[i], true
	}
	return Zone{}, false
}

// PutZone inserts z, or replaces the zone with z.ID and keeps its transfer configurations,
// without the API's checks. An empty ID gets a new one, an empty Type is full, an empty Account
// the first account, a zero CreatedOn the clock's time and a zero ModifiedOn the CreatedOn.
func (e *Emulator) PutZone(z Zone) Zone {
	if z.Type == "" {
		z.Type = ZoneFull
	}
	if z.Account == "" {
		z.Account = e.opts.Accounts[0]
	}
	if z.CreatedOn.IsZero() {
		z.CreatedOn = e.now()
	}
	if z.ModifiedOn.IsZero() {
		z.ModifiedOn = z.CreatedOn
	}
	st, err := e.store.zones.update(zonesScope, z.ID, func(st *zoneState) error { st.Zone = z; return nil })
	if errors.Is(err, errNotFound) {
		st = e.store.zones.put(zonesScope, zoneState{Zone: z})
	}
	e.changed()
	return st.Zone
}

// DeleteZone removes one zone and reports whether it existed.
func (e *Emulator) DeleteZone(id string) bool {
	ok := e.store.zones.delete(zonesScope, id)
	if ok {
		e.ns.Forget(id)
		e.recordIDs.forget(id)
		e.changed()
	}
	return ok
}
