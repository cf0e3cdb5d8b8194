package emulator

import (
	"fmt"
	"math"
	"net/http"
	"slices"
	"time"
)

// Incoming is a zone's incoming transfer configuration: Cloudflare is the zone's secondary and
// pulls it from the peers. Times are zero until the event happens.
type Incoming struct {
	Name               string    `json:"name"`
	Peers              []string  `json:"peers"`
	AutoRefreshSeconds int       `json:"auto_refresh_seconds"`
	SOASerial          int       `json:"soa_serial"`
	CheckedTime        time.Time `json:"checked_time"`
	CreatedTime        time.Time `json:"created_time"`
	ModifiedTime       time.Time `json:"modified_time"`
}

func (c Incoming) clone() Incoming { c.Peers = slices.Clone(c.Peers); return c }

// Bounds of auto_refresh_seconds: how often Cloudflare checks the primary's SOA.
const (
	DefaultAutoRefreshSeconds = 86400
	MinAutoRefreshSeconds     = 300
)

// incomingKind is /zones/{zone_id}/secondary_dns/incoming, for secondary zones only.
var incomingKind = transferKind[Incoming]{
	name:      "incoming",
	zoneTypes: []string{ZoneSecondary},
	slot:      func(st *zoneState) **Incoming { return &st.Incoming },
	read:      readIncoming,
	create: func(e *Emulator, _ Zone, c *Incoming, now time.Time) {
		c.CreatedTime, c.ModifiedTime, c.CheckedTime, c.SOASerial = now, now, now, initialSerial(now)
		if e.live() { // nothing is known of the zone until the first pull
			c.CheckedTime, c.SOASerial = time.Time{}, 0
		}
	},
	replace: func(c *Incoming, old Incoming, now time.Time) {
		c.CreatedTime, c.CheckedTime, c.SOASerial, c.ModifiedTime = old.CreatedTime, old.CheckedTime, old.SOASerial, now
	},
	result: func(zoneID string, c Incoming) any {
		return incomingResult{ID: zoneID, Name: c.Name, Peers: c.Peers, AutoRefreshSeconds: c.AutoRefreshSeconds,
			SOASerial: c.SOASerial, CheckedTime: timeOrEmpty(c.CheckedTime), CreatedTime: timeOrEmpty(c.CreatedTime),
			ModifiedTime: timeOrEmpty(c.ModifiedTime)}
	},
	saved: func(e *Emulator, z Zone, trigger string) { e.ns.Pull(z.ID, trigger) },
}

// incomingResult is an incoming configuration as the API answers it; its ID is the zone's.
type incomingResult struct {
	ID                 string   `json:"id"`
	Name               string   `json:"name"`
	Peers              []string `json:"peers"`
	AutoRefreshSeconds int      `json:"auto_refresh_seconds"`
	CheckedTime        string   `json:"checked_time"`
	CreatedTime        string   `json:"created_time"`
	ModifiedTime       string   `json:"modified_time"`
	SOASerial          int      `json:"soa_serial"`
}

// readIncoming reads {name, peers, auto_refresh_seconds?}; an id in the body is ignored, as the
// zone's ID is the configuration's.
func readIncoming(e *Emulator, w http.ResponseWriter, r *http.Request, z Zone) (Incoming, bool) {
	obj, ok := readObject(w, r)
	if !ok {
		return Incoming{}, false
	}
	var c Incoming
	var errs [3]error
	c.Name, errs[0] = obj.requiredString("name")
	c.Peers, errs[1] = e.readPeers(obj, z.Account, false)
	c.AutoRefreshSeconds, errs[2] = readAutoRefresh(obj)
	return c, !fieldErrors(w, errs[:]...)
}

func readAutoRefresh(obj object) (int, error) {
	secs, err := optional[float64](obj, "auto_refresh_seconds", "a number")
	switch {
	case err != nil:
		return 0, err
	case secs == nil:
		return DefaultAutoRefreshSeconds, nil
	case *secs != math.Trunc(*secs) || *secs < MinAutoRefreshSeconds || *secs > math.MaxInt32:
		return 0, &fieldError{"auto_refresh_seconds", fmt.Sprintf("%v is not a whole number of seconds from %d", *secs, MinAutoRefreshSeconds)}
	}
	return int(*secs), nil
}

// forceAXFR is POST /zones/{zone_id}/secondary_dns/force_axfr: pull the whole zone from the
// primary now. Serving DNS, the emulator does it in the background; otherwise it takes the
// transfer as done: the SOA was checked now.
func (e *Emulator) forceAXFR(w http.ResponseWriter, r *http.Request, z Zone) {
	now := e.now()
	_, ok := incomingKind.change(e, w, r, z, func(c **Incoming) error {
		if err := incomingKind.mustExist(c); err != nil {
			return err
		}
		if !e.live() {
			(*c).CheckedTime = now
		}
		return nil
	})
	if ok {
		e.obs.zoneAction(z.ID, func(a *ZoneActions) { a.ForceAXFR++ })
		e.changed()
		writeResult(w, "OK")
		e.ns.Pull(z.ID, TriggerForceAXFR)
	}
}

// Incoming returns the zone's incoming transfer configuration.
func (e *Emulator) Incoming(zoneID string) (Incoming, bool) { return incomingKind.lookup(e, zoneID) }

// PutIncoming sets the zone's incoming transfer configuration, without the API's checks; it
// reports whether the zone exists.
func (e *Emulator) PutIncoming(zoneID string, c Incoming) bool {
	return incomingKind.set(e, zoneID, c.clone())
}

// DeleteIncoming removes the zone's incoming transfer configuration and reports whether it
// existed.
func (e *Emulator) DeleteIncoming(zoneID string) bool { return incomingKind.clear(e, zoneID) }
