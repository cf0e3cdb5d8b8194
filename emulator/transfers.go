package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/nameserver"
)

// MaxZonePeers is how many peers Cloudflare links to one zone at most.
const MaxZonePeers = 30

// transferKind describes a zone's transfer configuration, incoming or outgoing: one per zone, at
// one URL with no ID of its own (the zone's ID stands for it), for the zone types that allow it.
// What differs between the two is this data; the four operations are written once.
type transferKind[C any] struct {
	name      string   // "incoming" or "outgoing", in messages
	zoneTypes []string // the zone types that may have one
	slot      func(*zoneState) **C
	// read reads and checks a body for the zone; on a bad body it answers and returns false.
	read func(e *Emulator, w http.ResponseWriter, r *http.Request, z Zone) (C, bool)
	// create sets what a new configuration starts with; replace what an update keeps of old.
	create  func(e *Emulator, z Zone, c *C, now time.Time)
	replace func(c *C, old C, now time.Time)
	result  func(zoneID string, c C) any
	// saved, when set, acts on a configuration created (TriggerCreate) or replaced
	// (TriggerUpdate) through the API, e.g. pulls the zone.
	saved func(e *Emulator, z Zone, trigger string)
}

func (k transferKind[C]) get(e *Emulator, w http.ResponseWriter, r *http.Request, z Zone) {
	if c, ok := k.change(e, w, r, z, k.mustExist); ok {
		writeResult(w, k.result(z.ID, c))
	}
}

func (k transferKind[C]) post(e *Emulator, w http.ResponseWriter, r *http.Request, z Zone) {
	if !k.checkType(w, z) {
		return
	}
	v, ok := k.read(e, w, r, z)
	if !ok {
		return
	}
	k.create(e, z, &v, e.now())
	c, ok := k.change(e, w, r, z, func(c **C) error {
		if *c != nil {
			return &replyError{http.StatusBadRequest, codeConflict, fmt.Sprintf(
				"zone %s already has an %s transfer configuration: replace it with PUT, or DELETE it first", z.ID, k.name)}
		}
		*c = &v
		return nil
	})
	if ok {
		e.changed()
		e.created(Created{Kind: k.name, Scope: z.ID, ID: z.ID})
		writeResult(w, k.result(z.ID, c))
		k.afterSave(e, z, TriggerCreate)
	}
}

// afterSave runs saved, when the kind has it.
func (k transferKind[C]) afterSave(e *Emulator, z Zone, trigger string) {
	if k.saved != nil {
		k.saved(e, z, trigger)
	}
}

// put replaces the whole configuration; what the API sets itself (times, serial) is kept.
func (k transferKind[C]) put(e *Emulator, w http.ResponseWriter, r *http.Request, z Zone) {
	if !k.checkType(w, z) {
		return
	}
	v, ok := k.read(e, w, r, z)
	if !ok {
		return
	}
	now := e.now()
	c, ok := k.change(e, w, r, z, func(c **C) error {
		if err := k.mustExist(c); err != nil {
			return err
		}
		k.replace(&v, **c, now)
		*c = &v
		return nil
	})
	if ok {
		e.changed()
		writeResult(w, k.result(z.ID, c))
		k.afterSave(e, z, TriggerUpdate)
	}
}

func (k transferKind[C]) delete(e *Emulator, w http.ResponseWriter, r *http.Request, z Zone) {
	_, ok := k.change(e, w, r, z, func(c **C) error {
		if err := k.mustExist(c); err != nil {
			return err
		}
		*c = nil
		return nil
	})
	if ok {
		e.changed()
		writeResult(w, idResult{ID: z.ID})
	}
}

// change applies edit to the zone's configuration under the store's lock, after checking the
// zone's type, and returns the configuration as it was before edit (for a delete) or after.
// On failure it has answered and returns false.
func (k transferKind[C]) change(e *Emulator, w http.ResponseWriter, r *http.Request, z Zone, edit func(**C) error) (C, bool) {
	var zero, out C
	if !k.checkType(w, z) {
		return zero, false
	}
	_, err := e.store.zones.update(zonesScope, z.ID, func(st *zoneState) error {
		c := k.slot(st)
		if *c != nil {
			out = **c
		}
		if err := edit(c); err != nil {
			return err
		}
		if *c != nil {
			out = **c
		}
		return nil
	})
	var re *replyError
	switch {
	case errors.As(err, &re):
		writeError(w, re.status, re.code, re.message)
	case errors.Is(err, errNotFound): // deleted since inZone found it
		writeZoneNotFound(w, r, z.ID)
	default:
		return out, true
	}
	return zero, false
}

// mustExist refuses a zone without the configuration.
func (k transferKind[C]) mustExist(c **C) error {
	if *c == nil {
		return &replyError{http.StatusNotFound, codeNoRoute, fmt.Sprintf(
			"the zone has no %s transfer configuration: create one with POST", k.name)}
	}
	return nil
}

// checkType answers 400 unless the zone's type allows the configuration.
func (k transferKind[C]) checkType(w http.ResponseWriter, z Zone) bool {
	if slices.Contains(k.zoneTypes, z.Type) {
		return true
	}
	writeError(w, http.StatusBadRequest, codeZoneType, fmt.Sprintf(
		"zone %s is a %s zone; %s zone transfers need a zone of type %s", z.Name, z.Type, k.name, strings.Join(k.zoneTypes, " or ")))
	return false
}

// The configurations as tests see them.

func (k transferKind[C]) lookup(e *Emulator, zoneID string) (C, bool) {
	st, ok := e.store.zones.get(zonesScope, zoneID)
	if !ok || *k.slot(&st) == nil {
		var zero C
		return zero, false
	}
	return **k.slot(&st), true
}

// edit applies change to the zone's configuration as a test does, without the API's checks;
// it reports whether the zone exists and change succeeded.
func (k transferKind[C]) edit(e *Emulator, zoneID string, change func(**C) error) bool {
	_, err := e.store.zones.update(zonesScope, zoneID, func(st *zoneState) error { return change(k.slot(st)) })
	if err == nil {
		e.changed()
	}
	return err == nil
}

// set sets the zone's configuration as a test does, without the API's checks; it reports
// whether the zone exists.
func (k transferKind[C]) set(e *Emulator, zoneID string, c C) bool {
	return k.edit(e, zoneID, func(p **C) error { *p = &c; return nil })
}

// clear removes the zone's configuration as a test does; it reports whether there was one.
func (k transferKind[C]) clear(e *Emulator, zoneID string) bool {
	return k.edit(e, zoneID, func(p **C) error {
		if *p == nil {
			return errNoConfig
		}
		*p = nil
		return nil
	})
}

// errNoConfig is the error of test accessors' edits on a zone without the configuration.
var errNoConfig = errors.New("no configuration")

// replyError is a failure found under the store's lock, answered once the lock is released.
type replyError struct {
	status, code int
	message      string
}

func (e *replyError) Error() string { return e.message }

// readPeers reads the required peer list: IDs of peers in the account, at most MaxZonePeers,
// each once. With sameTSIG, the peers must all use the same TSIG key, or all none: the rule
// when Cloudflare is the primary.
func (e *Emulator) readPeers(obj object, acct string, sameTSIG bool) ([]string, error) {
	raw, ok := obj["peers"]
	var peers []string
	if !ok || isNull(raw) {
		return nil, &fieldError{"peers", "is required: a list of peer IDs, possibly empty"}
	}
	if json.Unmarshal(raw, &peers) != nil {
		return nil, &fieldError{"peers", "must be a list of peer IDs (strings)"}
	}
	if len(peers) > MaxZonePeers {
		return nil, &fieldError{"peers", fmt.Sprintf("lists %d peers; at most %d can be linked to a zone", len(peers), MaxZonePeers)}
	}
	tsigs := map[string]string{} // the key of each peer; "" for none
	for i, id := range peers {
		if slices.Index(peers, id) < i {
			return nil, &fieldError{fmt.Sprintf("peers/%d", i), fmt.Sprintf("peer %s is listed twice", id)}
		}
		p, ok := e.store.peers.get(acct, id)
		if !ok {
			return nil, &fieldError{fmt.Sprintf("peers/%d", i), fmt.Sprintf("no peer %s in the zone's account", id)}
		}
		if p.TSIGID != nil {
			tsigs[id] = *p.TSIGID
		} else {
			tsigs[id] = ""
		}
	}
	if sameTSIG && len(peers) > 0 {
		for _, id := range peers[1:] {
			if tsigs[id] != tsigs[peers[0]] {
				return nil, &fieldError{"peers", fmt.Sprintf(
					"peers %s and %s use different TSIG keys (%s, %s); the peers of a zone must all use the same key, or none",
					peers[0], id, keyName(tsigs[peers[0]]), keyName(tsigs[id]))}
			}
		}
	}
	return peers, nil
}

func keyName(tsigID string) string {
	if tsigID == "" {
		return "none"
	}
	return tsigID
}

// initialSerial is the SOA serial a configuration starts with, in the usual date form
// YYYYMMDDnn: the emulator takes every transfer as done at once, with this serial.
func initialSerial(now time.Time) int { return int(nameserver.InitialSerial(now)) }

// timeOrEmpty is a timestamp, or "" for an event that has not happened.
func timeOrEmpty(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return timestamp(t)
}
