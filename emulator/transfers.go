package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// MaxZonePeers is how many peers Cloudflare links to one zone at most.
const MaxZonePeers = 30

// transferConfig describes a zone's transfer configuration, incoming or outgoing: one per zone,
// at one URL with no ID of its own (the zone's ID stands for it), for the zone types that allow
// it. What differs between the two is this data; the operations are written once.
type transferConfig[C any] struct {
	name      string   // "incoming" or "outgoing", in messages
	zoneTypes []string // the zone types that may have one
	slot      func(*zoneState) **C
	// read reads and checks a body for the zone; on a bad body it answers and returns false.
	read func(e *Emulator, w http.ResponseWriter, r *http.Request, z Zone) (C, bool)
	// create sets what a new configuration starts with; replace what an update keeps of old.
	create  func(e *Emulator, z Zone, c *C, now time.Time)
	replace func(c *C, old C, now time.Time)
	result  func(zoneID string, c C) any
	// tell asks the nameserver to act for the zone (pull it, or send NOTIFY); its report, when
	// it acts at once, is in the answer.
	tell func(e *Emulator, r *http.Request, zoneID, trigger string)
	// onCreate and onUpdate are what tell is asked after a POST and a PUT; "" for nothing.
	onCreate, onUpdate string
}

// in serves op when the path's zone exists, may be used, and is of a type that allows the
// configuration.
func (k transferConfig[C]) in(op zoneOp) handler {
	return inZone(func(e *Emulator, w http.ResponseWriter, r *http.Request, z Zone) {
		if k.checkType(w, z) {
			op(e, w, r, z)
		}
	})
}

func (k transferConfig[C]) get(e *Emulator, w http.ResponseWriter, r *http.Request, z Zone) {
	if c, ok := k.change(e, w, r, z, k.mustExist); ok {
		writeResult(w, k.result(z.ID, c))
	}
}

func (k transferConfig[C]) post(e *Emulator, w http.ResponseWriter, r *http.Request, z Zone) {
	v, ok := k.read(e, w, r, z)
	if !ok {
		return
	}
	k.create(e, z, &v, e.now())
	k.write(e, w, r, z, k.onCreate, func(c **C) error {
		if *c != nil {
			return &replyError{http.StatusBadRequest, codeConflict, fmt.Sprintf(
				"zone %s already has an %s transfer configuration: replace it with PUT, or DELETE it first", z.ID, k.name)}
		}
		*c = &v
		return nil
	}, func() { e.created(Created{Kind: k.name, Scope: z.ID, ID: z.ID}) })
}

// put replaces the whole configuration; what the API sets itself (times, serial) is kept.
func (k transferConfig[C]) put(e *Emulator, w http.ResponseWriter, r *http.Request, z Zone) {
	v, ok := k.read(e, w, r, z)
	if !ok {
		return
	}
	now := e.now()
	k.write(e, w, r, z, k.onUpdate, func(c **C) error {
		if err := k.mustExist(c); err != nil {
			return err
		}
		k.replace(&v, **c, now)
		*c = &v
		return nil
	}, nil)
}

// write stores what POST or PUT made of the configuration, asks the nameserver for trigger,
// and answers with the configuration as it then stands.
func (k transferConfig[C]) write(e *Emulator, w http.ResponseWriter, r *http.Request, z Zone, trigger string, edit func(**C) error, committed func()) {
	c, ok := k.act(e, w, r, z, trigger, edit)
	if !ok {
		return
	}
	if committed != nil {
		committed()
	}
	if now, ok := k.lookup(e, z.ID); ok { // with what the nameserver reported at once
		c = now
	}
	writeResult(w, k.result(z.ID, c))
}

func (k transferConfig[C]) delete(e *Emulator, w http.ResponseWriter, r *http.Request, z Zone) {
	_, ok := k.act(e, w, r, z, "", func(c **C) error {
		if err := k.mustExist(c); err != nil {
			return err
		}
		*c = nil
		return nil
	})
	if ok {
		writeResult(w, idResult{ID: z.ID})
	}
}

// act applies edit to the configuration (see change), asks the nameserver for trigger ("" for
// nothing), and saves once for both.
func (k transferConfig[C]) act(e *Emulator, w http.ResponseWriter, r *http.Request, z Zone, trigger string, edit func(**C) error) (C, bool) {
	c, ok := k.change(e, w, r, z, edit)
	if ok {
		n := e.touched()
		if trigger != "" {
			k.tell(e, r, z.ID, trigger)
		}
		e.durable(n)
	}
	return c, ok
}

// change applies edit to the zone's configuration under the store's lock and returns the
// configuration as it was before edit (for a delete) or after. On failure it has answered and
// returns false.
func (k transferConfig[C]) change(e *Emulator, w http.ResponseWriter, r *http.Request, z Zone, edit func(**C) error) (C, bool) {
	var zero, out C
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
func (k transferConfig[C]) mustExist(c **C) error {
	if *c == nil {
		return &replyError{http.StatusNotFound, codeNoRoute, fmt.Sprintf(
			"the zone has no %s transfer configuration: create one with POST", k.name)}
	}
	return nil
}

// checkType answers 400 unless the zone's type allows the configuration.
func (k transferConfig[C]) checkType(w http.ResponseWriter, z Zone) bool {
	if slices.Contains(k.zoneTypes, z.Type) {
		return true
	}
	writeError(w, http.StatusBadRequest, codeZoneType, fmt.Sprintf(
		"zone %s is a %s zone; %s zone transfers need a zone of type %s", z.Name, z.Type, k.name, strings.Join(k.zoneTypes, " or ")))
	return false
}

// transferAction is a POST that acts on a zone's existing transfer configuration (force AXFR,
// enable, disable, force NOTIFY): it edits the configuration, counts in ZoneActions, asks the
// nameserver for its trigger, and answers. What differs between them is this data; the handler
// is written once.
type transferAction[C any] struct {
	config  transferConfig[C]
	edit    func(c *C, now time.Time) // nil: the configuration is left as it is
	count   func(*ZoneActions)
	trigger string // what the nameserver is asked for; "" for nothing
	reply   func(C) any
}

func (a transferAction[C]) serve(e *Emulator, w http.ResponseWriter, r *http.Request, z Zone) {
	now := e.now()
	c, ok := a.config.act(e, w, r, z, a.trigger, func(c **C) error {
		if err := a.config.mustExist(c); err != nil {
			return err
		}
		if a.edit != nil {
			a.edit(*c, now)
		}
		return nil
	})
	if ok {
		e.obs.zoneAction(z.ID, a.count)
		writeResult(w, a.reply(c))
	}
}

// replyOK is the answer of the actions that answer "OK".
func replyOK[C any](C) any { return "OK" }

// The configurations as tests see them.

func (k transferConfig[C]) lookup(e *Emulator, zoneID string) (C, bool) {
	st, ok := e.store.zones.get(zonesScope, zoneID)
	if !ok || *k.slot(&st) == nil {
		var zero C
		return zero, false
	}
	return **k.slot(&st), true
}

// edit applies change to the zone's configuration as a test does, without the API's checks;
// it reports whether the zone exists and change succeeded.
func (k transferConfig[C]) edit(e *Emulator, zoneID string, change func(**C) error) bool {
	_, err := e.store.zones.update(zonesScope, zoneID, func(st *zoneState) error { return change(k.slot(st)) })
	if err == nil {
		e.changed()
	}
	return err == nil
}

// set sets the zone's configuration as a test does, without the API's checks; it reports
// whether the zone exists.
func (k transferConfig[C]) set(e *Emulator, zoneID string, c C) bool {
	return k.edit(e, zoneID, func(p **C) error { *p = &c; return nil })
}

// clear removes the zone's configuration as a test does; it reports whether there was one.
func (k transferConfig[C]) clear(e *Emulator, zoneID string) bool {
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
func (e *Emulator) readPeers(f *fields, acct string, sameTSIG bool) []string {
	peers, err := e.checkPeers(f.obj, acct, sameTSIG)
	f.add(err)
	return peers
}

// checkPeers is readPeers' work, with one error for the whole list.
func (e *Emulator) checkPeers(obj object, acct string, sameTSIG bool) ([]string, error) {
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

// timeOrEmpty is a timestamp, or "" for an event that has not happened.
func timeOrEmpty(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return timestamp(t)
}
