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

// incomingConfig is /zones/{zone_id}/secondary_dns/incoming, for secondary zones only. Nothing
// is known of the zone until the nameserver reports its first pull.
var incomingConfig = transferConfig[Incoming]{
	name:      "incoming",
	zoneTypes: []string{ZoneSecondary},
	slot:      func(st *zoneState) **Incoming { return &st.Incoming },
	read:      readIncoming,
	create: func(_ *Emulator, _ Zone, c *Incoming, now time.Time) {
		c.CreatedTime, c.ModifiedTime = now, now
	},
	replace: func(c *Incoming, old Incoming, now time.Time) {
		c.CreatedTime, c.CheckedTime, c.SOASerial, c.ModifiedTime = old.CreatedTime, old.CheckedTime, old.SOASerial, now
	},
	result: func(zoneID string, c Incoming) any {
		return incomingResult{ID: zoneID, Name: c.Name, Peers: c.Peers, AutoRefreshSeconds: c.AutoRefreshSeconds,
			SOASerial: c.SOASerial, CheckedTime: timeOrEmpty(c.CheckedTime), CreatedTime: timeOrEmpty(c.CreatedTime),
			ModifiedTime: timeOrEmpty(c.ModifiedTime)}
	},
	tell:     func(e *Emulator, r *http.Request, zoneID, trigger string) { e.ns.Pull(r.Context(), zoneID, trigger) },
	onCreate: TriggerCreate,
	onUpdate: TriggerUpdate,
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
	return readBody(w, r, func(f *fields) Incoming {
		return Incoming{Name: f.string("name"), Peers: e.readPeers(f, z.Account, false), AutoRefreshSeconds: readAutoRefresh(f)}
	})
}

func readAutoRefresh(f *fields) int {
	secs := optionalField[float64](f, "auto_refresh_seconds", "a number")
	switch {
	case secs == nil:
		return DefaultAutoRefreshSeconds
	case *secs != math.Trunc(*secs) || *secs < MinAutoRefreshSeconds || *secs > math.MaxInt32:
		f.add(&fieldError{"auto_refresh_seconds", fmt.Sprintf("%v is not a whole number of seconds from %d", *secs, MinAutoRefreshSeconds)})
		return 0
	}
	return int(*secs)
}

// forceAXFR is POST /zones/{zone_id}/secondary_dns/force_axfr: pull the whole zone from the
// primary now.
var forceAXFR = transferAction[Incoming]{
	config:  incomingConfig,
	count:   func(a *ZoneActions) { a.ForceAXFR++ },
	trigger: TriggerForceAXFR,
	reply:   replyOK[Incoming],
}

// Incoming returns the zone's incoming transfer configuration.
func (e *Emulator) Incoming(zoneID string) (Incoming, bool) { return incomingConfig.lookup(e, zoneID) }

// PutIncoming sets the zone's incoming transfer configuration, without the API's checks; it
// reports whether the zone exists.
func (e *Emulator) PutIncoming(zoneID string, c Incoming) bool {
	return incomingConfig.set(e, zoneID, c.clone())
}

// DeleteIncoming removes the zone's incoming transfer configuration and reports whether it
// existed.
func (e *Emulator) DeleteIncoming(zoneID string) bool { return incomingConfig.clear(e, zoneID) }
